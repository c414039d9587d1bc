"""Figure and table exports: PNG / SVG (kaleido + the system chromium), offline HTML, CSV with BOM.

Static images are rendered by kaleido, which drives the Debian ``/usr/bin/chromium``; start one
long-lived renderer with ``start_server()`` (the UI keeps it behind ``st.cache_resource``), otherwise
every export launches a new browser (3-8 s). Figures come from ``dashboard.charts`` with an explicit
template and a CJK font, so the exported image looks like the chart on screen.
"""

from __future__ import annotations

import io
import re
import warnings
from datetime import date
from typing import Final, Literal

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

Format = Literal["png", "svg", "html", "csv"]
MIME: Final[dict[str, str]] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html",
    "csv": "text/csv",
}
DEFAULT_WIDTH: Final = 1200
DEFAULT_HEIGHT: Final = 700


def start_server() -> bool:
    """Start kaleido's shared renderer once; returns False when it cannot start (export then falls back)."""
    import kaleido

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kaleido.start_sync_server(n=1, timeout=60, silence_warnings=True)
    except Exception:  # pragma: no cover - depends on the machine's chromium
        return False
    return True


def _size(fig: go.Figure, width: int | None, height: int | None) -> tuple[int, int]:
    layout_height = fig.layout.height
    return width or DEFAULT_WIDTH, height or (int(layout_height) if layout_height else DEFAULT_HEIGHT)


def _image(
    fig: go.Figure, fmt: Literal["png", "svg"], *, width: int | None, height: int | None, scale: float
) -> bytes:
    w, h = _size(fig, width, height)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = pio.to_image(fig, format=fmt, width=w, height=h, scale=scale)
    return bytes(data)


def to_png(
    fig: go.Figure, *, width: int | None = None, height: int | None = None, scale: float = 2.0
) -> bytes:
    """PNG bytes of the figure (``scale`` 2 gives a print-friendly resolution)."""
    return _image(fig, "png", width=width, height=height, scale=scale)


def to_svg(fig: go.Figure, *, width: int | None = None, height: int | None = None) -> bytes:
    """SVG bytes; text stays text, with the figure's CJK font family."""
    return _image(fig, "svg", width=width, height=height, scale=1.0)


def to_html(fig: go.Figure, *, title: str = "") -> bytes:
    """A self-contained interactive HTML page: plotly.js is inlined, so it works offline."""
    buffer = io.StringIO()
    fig.write_html(
        buffer,
        include_plotlyjs=True,
        full_html=True,
        config={"displaylogo": False, "responsive": True},
    )
    text = buffer.getvalue()
    if title:
        from html import escape

        text = text.replace("<head>", f"<head><title>{escape(title)}</title>", 1)
    return text.encode("utf-8")


def to_csv(df: pd.DataFrame, *, index: bool = False) -> bytes:
    """CSV as UTF-8 with a byte-order mark, so Excel opens Chinese text correctly."""
    return df.to_csv(index=index).encode("utf-8-sig")


def _month(value: date | pd.Timestamp | None) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m")


def file_name(
    chart: str,
    ext: Format,
    *,
    date_from: date | pd.Timestamp | None = None,
    date_to: date | pd.Timestamp | None = None,
) -> str:
    """A file name saying what the chart is and the date filter.

    >>> file_name("compare_frames", "png", date_from=date(2023, 1, 5), date_to=date(2023, 12, 1))
    'compare_frames_2023-01_2023-12.png'
    >>> file_name("contrast", "csv")
    'contrast_all.csv'
    """
    stem = re.sub(r"[^\w.-]+", "_", chart, flags=re.UNICODE).strip("_") or "chart"
    start, end = _month(date_from), _month(date_to)
    span = f"{start or 'start'}_{end or 'end'}" if (start or end) else "all"
    return f"{stem}_{span}.{ext}"
