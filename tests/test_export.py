"""Exports: PNG / SVG through kaleido and the system chromium, offline HTML, CSV with BOM."""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import date

import pandas as pd
import pytest

from dashboard import charts, export

needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None and shutil.which("chromium-browser") is None,
    reason="static export needs a chromium on PATH",
)


@pytest.fixture(scope="module")
def fig():  # type: ignore[no-untyped-def]
    data = pd.DataFrame(
        {"unit": ["中国外交部", "美国国务院"], "frame": ["冷战对抗", "冷战对抗"], "rate": [2.5, 0.2]}
    )
    return charts.small_multiples(data, unit_col="unit", key_col="frame", value_col="rate", title="框架比较")


@pytest.fixture(scope="module")
def server() -> None:
    export.start_server()


@needs_chromium
def test_png_is_a_real_image(fig, server) -> None:  # type: ignore[no-untyped-def]
    png = export.to_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) > 10_000
    width = int.from_bytes(png[16:20], "big")
    assert width == 2 * export.DEFAULT_WIDTH  # scale 2


@needs_chromium
def test_svg_keeps_chinese_text_and_font(fig, server) -> None:  # type: ignore[no-untyped-def]
    svg = export.to_svg(fig).decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "冷战对抗" in svg and "中国外交部" in svg
    assert "Noto Sans CJK SC" in svg
    assert "rgb(31, 119, 180)" in svg  # the palette colour, not the streamlit placeholder template


def test_html_is_self_contained(fig) -> None:  # type: ignore[no-untyped-def]
    page = export.to_html(fig, title="框架比较").decode("utf-8")
    assert "<title>框架比较</title>" in page
    assert "冷战对抗" in page or json.dumps("冷战对抗")[1:-1] in page
    # plotly.js itself is inlined: no <script src=...> pointing to a CDN, so it opens offline
    assert "plotly.js v" in page or "Plotly" in page
    assert len(page) > 1_000_000
    tags = re.findall(r"<script[^>]*>", page)
    assert tags and all("src=" not in tag for tag in tags)


def test_csv_has_bom_and_parses_back() -> None:
    df = pd.DataFrame({"actor": ["中国外交部", "美国国务院"], "rate": [2.5, 0.125]})
    data = export.to_csv(df)
    assert data[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, df)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"date_from": date(2023, 1, 5), "date_to": date(2023, 12, 31)},
            "compare_frames_2023-01_2023-12.png",
        ),
        ({}, "compare_frames_all.png"),
        ({"date_from": pd.Timestamp("2022-03-01")}, "compare_frames_2022-03_end.png"),
    ],
)
def test_file_names_say_chart_and_dates(kwargs: dict, expected: str) -> None:
    assert export.file_name("compare_frames", "png", **kwargs) == expected


def test_file_name_sanitises() -> None:
    assert export.file_name("contrast 中国/美国", "csv") == "contrast_中国_美国_all.csv"
