"""One pure function per chart, each returning a ``plotly.graph_objects.Figure``.

Charts take long-format DataFrames plus the names of their columns, so they do not depend on how the
analysis module names things. Every figure is built with an explicit template (``plotly_white``) and a
CJK-capable font at creation time: importing Streamlit changes plotly's default template, and exports
must look like the screen. Clickable marks carry their keys in ``customdata`` (first the unit, then
the frame/term, both raw), which the pages read back from the selection event.

Text coming from data (actor names, titles, terms) is escaped before it reaches plotly, whose labels
understand a few HTML-like tags.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

TEMPLATE: Final = "plotly_white"
FONT_FAMILY: Final = "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif"
#: Qualitative colours (plotly's D3-like palette, readable on white and in print).
PALETTE: Final = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
SIDE_COLOURS: Final = ("#d62728", "#1f77b4", "#b0b0b0")  # side A, side B, neither
HEAT_SCALE: Final = "Blues"


@cache
def template() -> go.layout.Template:
    """``plotly_white``, reduced to its layout and the trace types used here.

    Set explicitly on every figure (streamlit's default template has placeholder colours); the full
    template is ~10x slower to attach and the rest of it styles trace types these charts never draw.
    """
    white = pio.templates[TEMPLATE]
    return go.layout.Template(
        layout=white.layout,
        data={"bar": white.data.bar, "scatter": white.data.scatter, "heatmap": white.data.heatmap},
    )


def esc(text: object) -> str:
    """Escape a data string for plotly labels (which parse a few HTML-like tags)."""
    return html.escape(str(text), quote=False)


def base_figure(*, title: str = "", subtitle: str = "", height: int | None = None) -> go.Figure:
    """An empty figure with the shared template, font, title and caption (n, active filter)."""
    fig = go.Figure()
    _style(fig, title=title, subtitle=subtitle, height=height)
    return fig


def _base_layout(*, title: str, subtitle: str, height: int | None) -> dict:
    text = esc(title)
    if subtitle:
        text += f"<br><sup>{esc(subtitle)}</sup>"
    layout: dict = {
        "template": template(),
        "font": {"family": FONT_FAMILY, "size": 13},
        "title": {"text": text, "x": 0, "xanchor": "left"},
        "margin": {"l": 10, "r": 10, "t": 90 if subtitle else 60, "b": 40},
        "colorway": list(PALETTE),
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
    }
    if height is not None:
        layout["height"] = height
    return layout


def _style(fig: go.Figure, *, title: str, subtitle: str, height: int | None) -> None:
    fig.update_layout(**_base_layout(title=title, subtitle=subtitle, height=height))


def colour_map(names: Sequence[str]) -> dict[str, str]:
    """A stable colour per name, in the given order."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def _label(mapping: Mapping[str, str] | None, key: str) -> str:
    return mapping.get(key, key) if mapping else key


def _interval(values: pd.Series, low: pd.Series | None, high: pd.Series | None) -> dict | None:
    if low is None or high is None:
        return None
    plus = (high.astype(float) - values.astype(float)).clip(lower=0).fillna(0)
    minus = (values.astype(float) - low.astype(float)).clip(lower=0).fillna(0)
    return {
        "type": "data",
        "symmetric": False,
        "array": plus.tolist(),
        "arrayminus": minus.tolist(),
        "thickness": 1.2,
        "width": 3,
        "color": "#444",
    }


OTHERS: Final = "__others__"
#: Pixels per category row in a small-multiples panel: every label shows (plotly skips dense ticks).
ROW_PX: Final = 24
_CHAR_PX: Final = 13  # width of one CJK character at the tick font size
_SCREEN_PX: Final = 1100  # typical plot width, used to size the label gutter of each panel


def top_with_others(
    data: pd.DataFrame,
    *,
    unit_col: str,
    key_col: str,
    value_col: str,
    top: int = 5,
    keys: Sequence[str] | None = None,
    sum_cols: Sequence[str] = (),
) -> pd.DataFrame:
    """Keep the ``top`` keys of each unit (or the given ``keys`` everywhere); the rest become one
    ``OTHERS`` row per unit whose ``value_col`` and ``sum_cols`` are summed (rates per 1,000 tokens
    and shares of the same denominator add up). Rows with a zero value are dropped.

    >>> df = pd.DataFrame({"u": ["a"] * 3, "k": ["x", "y", "z"], "v": [3.0, 2.0, 1.0]})
    >>> top_with_others(df, unit_col="u", key_col="k", value_col="v", top=1)["k"].tolist()
    ['x', '__others__']
    """
    df = data[data[value_col].astype(float).fillna(0) > 0]
    df = df.sort_values(value_col, ascending=False, kind="stable")
    if keys is not None:
        wanted = set(map(str, keys))
        kept = df[df[key_col].astype(str).isin(wanted)]
    else:
        kept = df.groupby(unit_col, sort=False).head(top)
    rest = df.drop(kept.index)
    if rest.empty:
        return kept.reset_index(drop=True)
    cols = [value_col, *[c for c in sum_cols if c in rest.columns and c != value_col]]
    others = rest.groupby(unit_col, sort=False)[cols].sum().reset_index()
    others[key_col] = OTHERS
    return pd.concat([kept, others], ignore_index=True)


def small_multiples(
    data: pd.DataFrame,
    *,
    unit_col: str,
    key_col: str,
    value_col: str,
    count_col: str | None = None,
    low_col: str | None = None,
    high_col: str | None = None,
    units: Sequence[str] | None = None,
    keys: Sequence[str] | None = None,
    key_labels: Mapping[str, str] | None = None,
    hover_labels: Mapping[str, str] | None = None,
    value_title: str = "",
    title: str = "",
    subtitle: str = "",
    columns: int = 3,
    value_format: str = ".2f",
    per_panel: bool = False,
    unit_labels: Mapping[str, str] | None = None,
    unit_hover: Mapping[str, str] | None = None,
) -> go.Figure:
    """One horizontal bar panel per unit (actor/group), frames or terms on a shared value axis.

    ``data`` is long: one row per (unit, key) with the value and, optionally, count and interval
    bounds. By default every panel lists the same keys in the same order (largest total on top);
    with ``per_panel`` each panel lists its own keys, largest first. An ``OTHERS`` key (see
    ``top_with_others``) always comes last. Every panel shows all of its category labels and the
    numbers of the shared value axis; ``unit_labels`` relabel the panel titles (e.g. English group
    names), ``unit_hover`` the unit in the hover text (default: ``unit_labels``). Bars carry ``customdata = [unit, key, count, hover]``.
    """
    if units is None:
        units = list(dict.fromkeys(data[unit_col].astype(str)))
    if keys is None:
        totals = data.groupby(key_col, sort=False)[value_col].sum().sort_values(ascending=False)
        keys = [str(k) for k in totals.index]
    units = list(units)
    keys = [k for k in keys if k != OTHERS] + ([OTHERS] if OTHERS in set(keys) else [])
    panel_keys: dict[str, list[str]] = {}
    for unit in units:
        part = data[data[unit_col].astype(str) == unit]
        if per_panel:
            part = part.sort_values(value_col, ascending=False, kind="stable")
            own = [str(k) for k in part[key_col] if str(k) != OTHERS]
            panel_keys[unit] = own + ([OTHERS] if (part[key_col].astype(str) == OTHERS).any() else [])
        else:
            panel_keys[unit] = keys
    n_panels = max(len(units), 1)
    cols = max(1, min(columns, n_panels))
    rows = math.ceil(n_panels / cols)
    colours = colour_map(units)
    all_keys = list(dict.fromkeys(k for ks in panel_keys.values() for k in ks)) or keys
    longest = max((len(_label(key_labels, k)) for k in all_keys), default=4)
    # pixel layout: each row = panel title + one ROW_PX band per category + the value-axis numbers
    per_row = [
        max((len(panel_keys.get(u, [])) for u in units[r * cols : (r + 1) * cols]), default=1)
        for r in range(rows)
    ]
    band_px = [max(2, k) * ROW_PX for k in per_row]
    gap_px = 62  # tick numbers under a panel + the next panel's title
    top_px, bottom_px = (95 if subtitle else 70), 60
    plot_px = sum(band_px) + gap_px * (rows - 1)
    height = max(300, plot_px + top_px + bottom_px)
    layout = _base_layout(title=title, subtitle=subtitle, height=height)
    layout["margin"] = {"l": 10, "r": 20, "t": top_px, "b": bottom_px}
    gap_x = 0.03
    width = (1 - gap_x * (cols - 1)) / cols
    gutter = min(0.45 * width, (longest * _CHAR_PX + 14) / _SCREEN_PX)
    annotations = []
    traces = []
    y_px = 0.0
    for i, unit in enumerate(units or [""]):
        r, c = divmod(i, cols)
        if c == 0 and r:
            y_px += band_px[r - 1] + gap_px
        suffix = "" if i == 0 else str(i + 1)
        x0 = c * (width + gap_x)
        y1 = 1 - y_px / plot_px
        y0 = 1 - (y_px + band_px[r]) / plot_px
        last_row = r == rows - 1 or i + cols >= len(units)
        own_keys = panel_keys.get(unit, keys)
        display = [esc(_label(key_labels, k)) for k in own_keys]
        layout[f"xaxis{suffix}"] = {
            "domain": [max(0.0, x0 + gutter), min(1.0, x0 + width)],
            "anchor": f"y{suffix}",
            "showticklabels": True,
            "title": {"text": esc(value_title) if last_row else ""},
            "rangemode": "tozero",
            **({"matches": "x"} if i else {}),
            **({"tickformat": ".0%"} if value_format.endswith("%") else {}),
        }
        layout[f"yaxis{suffix}"] = {
            "domain": [max(0.0, y0), min(1.0, y1)],
            "anchor": f"x{suffix}",
            "type": "category",
            "autorange": "reversed",
            "categoryorder": "array",
            "categoryarray": display,
            "tickmode": "array",
            "tickvals": display,
            "ticktext": display,
            "tickfont": {"size": 12},
            "automargin": True,
        }
        annotations.append(
            {
                "text": f"<b>{esc(_label(unit_labels, unit))}</b>",
                "x": x0 + gutter,
                "y": y1,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 13},
            }
        )
        if not unit:
            continue
        part = data[data[unit_col].astype(str) == unit]
        part = part.set_index(part[key_col].astype(str))
        part = part[~part.index.duplicated()].reindex(own_keys)
        values = part[value_col].astype(float).fillna(0.0)
        counts = part[count_col].fillna(0).astype(int) if count_col else pd.Series(0, index=part.index)
        low = part[low_col] if low_col else None
        high = part[high_col] if high_col else None
        hover = [
            esc(_label(hover_labels, k)) if k != OTHERS else d for k, d in zip(own_keys, display, strict=True)
        ]
        traces.append(
            {
                "type": "bar",
                "x": values.tolist(),
                "y": display,
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "orientation": "h",
                "name": esc(unit),
                "marker": {
                    "color": [colours[unit] if k != OTHERS else "#c7c7c7" for k in own_keys],
                },
                "error_x": _interval(values, low, high),
                "customdata": [
                    [unit, key, int(n), h] for key, n, h in zip(own_keys, counts, hover, strict=True)
                ],
                "hovertemplate": (
                    f"<b>{esc(_label(unit_hover or unit_labels, unit))}</b><br>%{{customdata[3]}}<br>"
                    f"{esc(value_title)}: %{{x:{value_format}}}<br>n = %{{customdata[2]}}<extra></extra>"
                ),
                "showlegend": False,
            }
        )
    layout["annotations"] = annotations
    layout.update(clickmode="event+select", dragmode=False)
    return go.Figure(data=[{k: v for k, v in t.items() if v is not None} for t in traces], layout=layout)


def heatmap(
    matrix: pd.DataFrame,
    *,
    counts: pd.DataFrame | None = None,
    key_labels: Mapping[str, str] | None = None,
    hover_labels: Mapping[str, str] | None = None,
    value_title: str = "",
    title: str = "",
    subtitle: str = "",
    value_format: str = ".2f",
    unit_labels: Mapping[str, str] | None = None,
    unit_hover: Mapping[str, str] | None = None,
) -> go.Figure:
    """Unit x key heatmap (rows = actors, columns = frames or terms).

    Heatmap cells cannot be selected in plotly, so an invisible marker sits on every cell; clicking a
    cell selects that marker, whose ``customdata = [unit, key, count, key hover, value, unit hover]``.
    ``unit_labels`` relabel the rows (e.g. "中国 · China"), ``unit_hover`` the unit in the hover text.
    """
    units = [str(u) for u in matrix.index]
    keys = [str(k) for k in matrix.columns]
    values = matrix.astype(float).fillna(0.0)
    count_values = (
        counts.reindex(index=matrix.index, columns=matrix.columns).fillna(0).astype(int)
        if counts is not None
        else pd.DataFrame(0, index=matrix.index, columns=matrix.columns)
    )
    x_display = [esc(_label(key_labels, k)) for k in keys]
    y_display = [esc(_label(unit_labels, u)) for u in units]
    y_hover = [esc(_label(unit_hover or unit_labels, u)) for u in units]
    text = [[format(v, value_format) for v in row] for row in values.to_numpy()]
    fig = base_figure()
    fig.add_trace(
        go.Heatmap(
            z=values.to_numpy().tolist(),
            x=x_display,
            y=y_display,
            colorscale=HEAT_SCALE,
            text=text,
            texttemplate="%{text}",
            colorbar={"title": {"text": esc(value_title)}},
            hoverinfo="skip",
        )
    )
    xs, ys, custom = [], [], []
    for i, unit in enumerate(units):
        for j, key in enumerate(keys):
            xs.append(x_display[j])
            ys.append(y_display[i])
            custom.append(
                [
                    unit,
                    key,
                    int(count_values.iat[i, j]),
                    esc(_label(hover_labels, key)),
                    float(values.iat[i, j]),
                    y_hover[i],
                ]
            )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            marker={"symbol": "square", "size": 28, "opacity": 0, "color": "#000"},
            customdata=np.array(custom, dtype=object),
            hovertemplate=(
                f"%{{customdata[5]}}<br>%{{customdata[3]}}<br>{esc(value_title)}: %{{customdata[4]:{value_format}}}"
                "<br>n = %{customdata[2]}<extra></extra>"
            ),
            showlegend=False,
            selected={"marker": {"opacity": 0}},
            unselected={"marker": {"opacity": 0}},
        )
    )
    _style(fig, title=title, subtitle=subtitle, height=max(320, 40 * len(units) + 160))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="bottom", tickangle=-40, automargin=True)
    fig.update_layout(clickmode="event+select", dragmode=False)
    return fig


def naming_chart(
    data: pd.DataFrame,
    *,
    unit_col: str,
    naming_col: str,
    share_col: str,
    n_col: str,
    low_col: str | None = None,
    high_col: str | None = None,
    option_labels: Mapping[str, str] | None = None,
    title: str = "",
    subtitle: str = "",
    unit_labels: Mapping[str, str] | None = None,
    unit_hover: Mapping[str, str] | None = None,
) -> go.Figure:
    """Share of one name (e.g. 印太 rather than 亚太) per unit, with 95% interval and n.

    One row of dots per naming choice; ``option_labels`` maps a naming id to the axis title
    (e.g. "印太/亚太" -> "share using 印太"); ``unit_labels`` / ``unit_hover`` relabel the units on the
    axis / in the hover text. Points carry ``customdata = [unit, naming, n, unit hover]``.
    """
    namings = list(dict.fromkeys(data[naming_col].astype(str))) or [""]
    fig = make_subplots(
        rows=len(namings),
        cols=1,
        subplot_titles=[esc(_label(option_labels, n)) for n in namings],
        vertical_spacing=0.15 if len(namings) > 1 else 0.1,
    )
    for i, naming in enumerate(namings):
        part = data[data[naming_col].astype(str) == naming]
        units = part[unit_col].astype(str).tolist()
        shares = part[share_col].astype(float)
        low = part[low_col] if low_col else None
        high = part[high_col] if high_col else None
        ns = part[n_col].fillna(0).astype(int).tolist()
        fig.add_trace(
            go.Scatter(
                x=shares.tolist(),
                y=[esc(_label(unit_labels, u)) for u in units],
                mode="markers+text",
                marker={"size": 11, "color": PALETTE[0]},
                error_x=_interval(shares, low, high),
                text=[f"n={n}" for n in ns],
                textposition="middle right",
                customdata=np.array(
                    [
                        [u, naming, n, esc(_label(unit_hover or unit_labels, u))]
                        for u, n in zip(units, ns, strict=True)
                    ],
                    dtype=object,
                ).reshape(-1, 4),
                hovertemplate="%{customdata[3]}<br>%{x:.0%}<br>n = %{customdata[2]}<extra></extra>",
                showlegend=False,
            ),
            row=i + 1,
            col=1,
        )
        fig.update_xaxes(range=[-0.02, 1.12], tickformat=".0%", row=i + 1, col=1)
        fig.update_yaxes(autorange="reversed", type="category", row=i + 1, col=1)
    fig.add_vline(x=0.5, line_dash="dot", line_color="#999")
    n_rows = max(1, data[unit_col].nunique())
    _style(fig, title=title, subtitle=subtitle, height=max(280, len(namings) * (80 + 28 * n_rows)))
    fig.update_layout(clickmode="event+select", dragmode=False)
    return fig


#: Candidate label positions around a point, tried in this order by ``place_labels``.
LABEL_POSITIONS: Final = (
    "top right",
    "bottom right",
    "top left",
    "bottom left",
    "middle right",
    "middle left",
    "top center",
    "bottom center",
)


def _text_px(text: str, *, char_px: float) -> float:
    """Approximate rendered width: CJK characters are ``char_px`` wide, others about 0.6 of that."""
    return sum(char_px if ord(ch) > 0x2E7F else 0.6 * char_px for ch in text)


def _label_box(
    px: float, py: float, width: float, height: float, position: str, gap: float
) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in screen pixels (y grows downwards) of a label at ``position``.

    Offsets as measured on plotly's rendering: text sits ``gap`` px beside the point; a "top" label
    ends ``gap`` px above it, a "bottom" label starts at its centre (the glyph box includes descent).
    """
    vertical, horizontal = position.split()
    if horizontal == "right":
        left = px + gap
    elif horizontal == "left":
        left = px - gap - width
    else:
        left = px - width / 2
    if vertical == "top":
        top = py - gap - height
    elif vertical == "bottom":
        top = py
    else:
        top = py - height / 2
    return left, top, left + width, top + height


def place_labels(
    x: Sequence[float],
    y: Sequence[float],
    texts: Sequence[str],
    *,
    width_px: float = 820,
    height_px: float = 360,
    char_px: float = 14,
    line_px: float = 20,
    gap_px: float = 6,
    pad_px: float = 3,
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
) -> list[str | None]:
    """Greedy label placement: in the given order (most important first) each label takes the first of
    ``LABEL_POSITIONS`` whose box overlaps no label placed before it and no other labelled point
    (failing that, the first that overlaps no label); ``None`` when no position is free of labels
    (that term is then shown on hover only).

    Data coordinates are mapped linearly onto a ``width_px`` x ``height_px`` plot area spanning
    ``x_range`` x ``y_range`` (default: the points' own range). The defaults are on the small side of
    the contrast chart on screen (560 px high, plotly's autorange padding taken off), so labels that
    do not overlap here do not overlap on a wider screen either; ``pad_px`` is the least space kept
    between two labels.

    >>> place_labels([0, 0, 0], [0, 0, 0], ["冷战思维", "零和博弈", "霸权"])
    ['top right', 'bottom right', 'top left']
    """
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(xs) == 0:
        return []
    x_lo, x_hi = x_range if x_range is not None else (float(xs.min()), float(xs.max()))
    y_lo, y_hi = y_range if y_range is not None else (float(ys.min()), float(ys.max()))
    pxs = (xs - x_lo) / ((x_hi - x_lo) or 1.0) * width_px
    pys = (y_hi - ys) / ((y_hi - y_lo) or 1.0) * height_px
    r = gap_px * 0.8
    markers = [(px - r, py - r, px + r, py + r) for px, py in zip(pxs, pys, strict=True)]
    placed: list[tuple[float, float, float, float]] = []
    out: list[str | None] = []

    def clash(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
        return a[0] < b[2] + pad_px and b[0] < a[2] + pad_px and a[1] < b[3] + pad_px and b[1] < a[3] + pad_px

    for i, text in enumerate(texts):
        width = _text_px(str(text), char_px=char_px)
        boxes = [_label_box(pxs[i], pys[i], width, line_px, pos, gap_px) for pos in LABEL_POSITIONS]
        free = [not any(clash(box, other) for other in placed) for box in boxes]
        clear = [
            ok and not any(clash(box, m) for j, m in enumerate(markers) if j != i)
            for ok, box in zip(free, boxes, strict=True)
        ]
        # prefer a spot covering no other labelled point; else any spot free of labels
        pick = clear.index(True) if any(clear) else (free.index(True) if any(free) else None)
        chosen = LABEL_POSITIONS[pick] if pick is not None else None
        if pick is not None:
            placed.append(boxes[pick])
        out.append(chosen)
    return out


def contrast_chart(
    data: pd.DataFrame,
    *,
    term_col: str,
    freq_col: str,
    stat_col: str,
    label_a: str,
    label_b: str,
    threshold: float = 1.96,
    top: int = 12,
    hover_labels: Mapping[str, str] | None = None,
    stat_title: str = "z",
    freq_title: str = "log10(frequency)",
    title: str = "",
    subtitle: str = "",
) -> go.Figure:
    """Fightin' Words style chart: x = log10 of total frequency, y = the signed statistic.

    Positive statistic = over-used by side A (top, colour A), negative = side B (bottom, colour B),
    grey within ``±threshold``. Only the ``top`` strongest terms of each side (by |statistic|) are
    candidates for a text label, placed by ``place_labels`` so that labels do not overlap (a
    candidate with no free spot is left to the hover text, like every other term). Points carry
    ``customdata = [side, term, freq, hover]`` where side is "a", "b" or "".
    """
    df = data.copy()
    df["_term"] = df[term_col].astype(str)
    df["_freq"] = df[freq_col].astype(float)
    df["_stat"] = df[stat_col].astype(float).fillna(0.0)
    df["_x"] = np.log10(df["_freq"].clip(lower=1))
    df["_side"] = np.where(df["_stat"] >= threshold, "a", np.where(df["_stat"] <= -threshold, "b", ""))
    top = max(0, int(top))
    candidates = pd.concat(
        [df[df["_side"] == "a"].nlargest(top, "_stat"), df[df["_side"] == "b"].nsmallest(top, "_stat")]
    )
    candidates = candidates.reindex(candidates["_stat"].abs().sort_values(ascending=False).index)
    spots = place_labels(
        candidates["_x"].tolist(),
        candidates["_stat"].tolist(),
        candidates["_term"].tolist(),
        x_range=(float(df["_x"].min()), float(df["_x"].max())) if len(df) else None,
        y_range=(float(df["_stat"].min()), float(df["_stat"].max())) if len(df) else None,
    )
    position = {idx: spot for idx, spot in zip(candidates.index, spots, strict=True) if spot is not None}
    fig = base_figure()
    for side, name, colour in (
        ("", "", SIDE_COLOURS[2]),
        ("a", label_a, SIDE_COLOURS[0]),
        ("b", label_b, SIDE_COLOURS[1]),
    ):
        part = df[df["_side"] == side]
        fig.add_trace(
            go.Scatter(
                x=part["_x"].tolist(),
                y=part["_stat"].tolist(),
                mode="markers+text",
                name=esc(name) if name else f"|{esc(stat_title)}| < {threshold:g}",
                marker={"color": colour, "size": 8 if side else 6, "opacity": 0.9 if side else 0.5},
                text=[
                    esc(t) if i in position else "" for i, t in zip(part.index, part["_term"], strict=True)
                ],
                textposition=[position.get(i, "top center") for i in part.index],
                textfont={"color": colour if side else "#777"},
                cliponaxis=False,
                customdata=np.array(
                    [
                        [side, t, int(f), esc(_label(hover_labels, t))]
                        for t, f in zip(part["_term"], part["_freq"], strict=True)
                    ],
                    dtype=object,
                ).reshape(-1, 4),
                hovertemplate=(
                    f"%{{customdata[3]}}<br>{esc(stat_title)} = %{{y:.2f}}<br>n = %{{customdata[2]}}<extra></extra>"
                ),
            )
        )
    for y in (threshold, -threshold):
        fig.add_hline(y=y, line_dash="dot", line_color="#999")
    fig.add_hline(y=0, line_color="#ccc")
    for text, colour, y, anchor in (
        (f"↑ {esc(label_a)}", SIDE_COLOURS[0], 1.0, "bottom"),
        (f"↓ {esc(label_b)}", SIDE_COLOURS[1], 0.0, "top"),
    ):
        fig.add_annotation(
            xref="paper",
            yref="paper",
            x=0,
            y=y,
            text=text,
            showarrow=False,
            font={"color": colour, "size": 14},
            xanchor="left",
            yanchor=anchor,
        )
    _style(fig, title=title, subtitle=subtitle, height=560)
    fig.update_xaxes(title_text=esc(freq_title))
    fig.update_yaxes(title_text=esc(stat_title), zeroline=False)
    fig.update_layout(
        clickmode="event+select", dragmode=False, legend={"orientation": "h", "y": -0.15, "x": 0}
    )
    return fig


def time_chart(
    data: pd.DataFrame,
    *,
    period_col: str,
    series_col: str,
    value_col: str,
    count_col: str | None = None,
    unit_col: str | None = None,
    key_col: str | None = None,
    period_end_col: str | None = None,
    series_labels: Mapping[str, str] | None = None,
    value_title: str = "",
    title: str = "",
    subtitle: str = "",
) -> go.Figure:
    """One line per series (e.g. "中国 · 冷战对抗") over periods; empty periods must already be zeros.

    Points are clickable: ``customdata = [unit, key, period start, period end, count, series]`` with the
    dates as ISO strings (``unit``/``key`` are "" without ``unit_col``/``key_col``; the end is the
    start without ``period_end_col``).
    """
    fig = base_figure()
    series = list(dict.fromkeys(data[series_col].astype(str)))
    colours = colour_map(series)
    for name in series:
        part = data[data[series_col].astype(str) == name].sort_values(period_col)
        counts = part[count_col].fillna(0).astype(int) if count_col else pd.Series(0, index=part.index)
        starts = pd.to_datetime(part[period_col])
        ends = pd.to_datetime(part[period_end_col]) if period_end_col else starts
        units = part[unit_col].astype(str) if unit_col else pd.Series("", index=part.index)
        keys = part[key_col].astype(str) if key_col else pd.Series("", index=part.index)
        label = esc(_label(series_labels, name))
        custom = [
            [u, k, a.strftime("%Y-%m-%d"), b.strftime("%Y-%m-%d"), int(c), label]
            for u, k, a, b, c in zip(units, keys, starts, ends, counts, strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=starts.tolist(),
                y=part[value_col].astype(float).tolist(),
                mode="lines+markers",
                name=label,
                line={"color": colours[name]},
                marker={"size": 8},
                customdata=np.array(custom, dtype=object).reshape(-1, 6),
                hovertemplate=(
                    f"%{{customdata[5]}}<br>%{{x|%Y-%m-%d}}<br>{esc(value_title)}: %{{y:.2f}}"
                    "<br>n = %{customdata[4]}<extra></extra>"
                ),
            )
        )
    _style(fig, title=title, subtitle=subtitle, height=460)
    fig.update_yaxes(title_text=esc(value_title), rangemode="tozero")
    fig.update_layout(
        legend={"orientation": "h", "y": -0.2, "x": 0},
        hovermode="closest",
        clickmode="event+select",
        dragmode=False,
    )
    return fig
