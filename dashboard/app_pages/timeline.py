"""Over time: rate (or count) of chosen frames or terms per actor by week, month, quarter or year."""

import streamlit as st

from dashboard import charts, ui
from dashboard.ui import tr

ui.demo_banner()
st.title(tr("page_timeline"))

c1, c2, c3, c4 = st.columns(4)
by = c1.segmented_control(
    tr("unit"), ["actor", "group", "outlet"], format_func=lambda v: tr(f"by_{v}"), default="group",
    required=True, key="tl_by", bind="query-params",
)
level = c2.segmented_control(
    tr("level"), ["frame", "term"], format_func=lambda v: tr(f"level_{v}"), default="frame", required=True,
    key="tl_level", bind="query-params",
)
freq = c3.segmented_control(
    tr("freq"), ["week", "month", "quarter", "year"], format_func=lambda v: tr(f"freq_{v}"), default="month",
    required=True, key="tl_freq", bind="query-params",
)
measure = c4.segmented_control(
    tr("measure"), ["rate", "count"], format_func=tr, default="rate", required=True, key="tl_measure",
    bind="query-params",
)

units_all = ui.compute("unit_summary", by=by).sort_values("statements", ascending=False)["unit"].astype(str).tolist()
rates = ui.compute("frame_rates", by=by, level=level)
keys_all = rates.groupby(level)["count"].sum().sort_values(ascending=False).index.astype(str).tolist()
labels = ui.frame_label_map() if level == "frame" else ui.hover_map()
c5, c6 = st.columns(2)
units = c5.multiselect(tr("units"), units_all, default=units_all[:3], key="tl_units", bind="query-params")
keys = c6.multiselect(tr("keys"), keys_all, default=keys_all[:2], format_func=lambda k: labels.get(k, k),
                      key="tl_keys", bind="query-params")

series = ui.compute("time_series", by=by, level=level, keys=tuple(keys), freq=freq, units=tuple(units))
if series.empty or not units or not keys:
    st.info(tr("no_data"))
else:
    series = series.assign(series=series["unit"].astype(str) + " · " + series[level].astype(str))
    n = int(ui.compute("unit_summary", by=by).query("unit in @u", local_dict={"u": units})["statements"].sum())
    fig = charts.time_chart(
        series, period_col="period", series_col="series", value_col=measure, count_col="count",
        value_title=tr(measure), title=tr("page_timeline"), subtitle=ui.describe(n),
    )
    ui.chart(fig, series, name=f"timeline_{level}s_{freq}_{measure}", key="tl_chart", n=n)
