"""Over time: rate (or count) of chosen frames or terms per actor by week, month, quarter or year."""

import streamlit as st

from dashboard import charts, ui
from dashboard.ui import tr

COLUMN = {"rate": "rate_per_1k", "count": "count"}

ui.demo_banner()
st.title(tr("page_timeline"))

c1, c2, c3, c4 = st.columns(4)
by = c1.segmented_control(
    tr("unit"),
    ["actor", "group", "outlet"],
    format_func=lambda v: tr(f"by_{v}"),
    default="group",
    required=True,
    key="tl_by",
    bind="query-params",
)
level = c2.segmented_control(
    tr("level"),
    ["frame", "term"],
    format_func=lambda v: tr(f"level_{v}"),
    default="frame",
    required=True,
    key="tl_level",
    bind="query-params",
)
freq = c3.segmented_control(
    tr("freq"),
    ["week", "month", "quarter", "year"],
    format_func=lambda v: tr(f"freq_{v}"),
    default="month",
    required=True,
    key="tl_freq",
    bind="query-params",
)
measure = str(
    c4.segmented_control(
        tr("measure"),
        ["rate", "count"],
        format_func=tr,
        default="rate",
        required=True,
        key="tl_measure",
        bind="query-params",
    )
)

summary = ui.compute("unit_summary", by=by)
units_all = summary["unit"].astype(str).tolist()
totals = (
    ui.compute("frame_matrix", by=by, level=level, value="count").sum(axis=0).sort_values(ascending=False)
)
keys_all = [str(k) for k in totals.index]
labels = ui.frame_label_map() if level == "frame" else ui.hover_map()
c5, c6 = st.columns(2)
units = c5.multiselect(tr("units"), units_all, default=units_all[:3], key="tl_units", bind="query-params")
keys = c6.multiselect(
    tr("keys"),
    keys_all,
    default=keys_all[:2],
    format_func=lambda k: labels.get(k, k),
    key="tl_keys",
    bind="query-params",
)

if not units or not keys:
    st.info(tr("no_data"))
    st.stop()
series = ui.compute("time_series", by=by, level=level, keys=tuple(keys), freq=freq, units=tuple(units))
if series.empty:
    st.info(tr("no_data"))
else:
    series = series.assign(series=series["unit"] + " · " + series["key"].map(lambda k: labels.get(k, k)))
    n = int(summary[summary["unit"].isin(units)]["statements"].sum())
    fig = charts.time_chart(
        series,
        period_col="period",
        series_col="series",
        value_col=COLUMN[measure],
        count_col="count",
        value_title=tr(measure),
        title=tr("page_timeline"),
        subtitle=ui.describe(n),
    )
    ui.chart(fig, series, name=f"timeline_{level}s_{freq}_{measure}", key="tl_chart", n=n)
