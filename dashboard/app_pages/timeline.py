"""Over time: rate (or count) of chosen frames or terms per actor by week, month, quarter or year;
click a point -> the statements of that unit, frame/term and period."""

from datetime import date

import streamlit as st

from dashboard import charts, ui
from dashboard.ui import EvidenceQuery, tr

COLUMN = {"rate": "rate_per_1k", "count": "count"}

ui.demo_banner()
st.title(tr("page_timeline"))

c1, c2, c3, c4 = st.columns([1.3, 1, 1.4, 1])
by = ui.unit_choice(key="tl_by", default="group", where=c1)
level = ui.url_choice(
    tr("level"), ["frame", "term"], key="tl_level", default="frame", labeller=ui.ui_label("level_"), where=c2
)
freq = ui.url_choice(
    tr("freq"),
    ["week", "month", "quarter", "year"],
    key="tl_freq",
    default="quarter",
    labeller=ui.ui_label("freq_"),
    where=c3,
)
measure = str(
    ui.url_choice(
        tr("measure"),
        ["rate", "count"],
        key="tl_measure",
        default="rate",
        labeller=ui.ui_label("m_"),
        where=c4,
    )
)

summary = ui.compute("unit_summary", by=by)
units_all = summary["unit"].astype(str).tolist()
totals = (
    ui.compute("frame_matrix", by=by, level=level, value="count").sum(axis=0).sort_values(ascending=False)
)
keys_all = [str(k) for k in totals.index]
labels = {k: ui.frame_label(k) for k in keys_all} if level == "frame" else ui.hover_map()
c5, c6 = st.columns(2)
units = ui.url_multi(tr("units"), units_all, key=f"tl_units_{by}", default=ui.top_units(by, n=3), where=c5)
keys = ui.url_multi(
    tr("keys"),
    keys_all,
    key=f"tl_keys_{level}",
    default=keys_all[:2],
    labeller=(lambda k, lg: ui.frame_label(k, lg)) if level == "frame" else (lambda k, lg: labels.get(k, k)),
    where=c6,
)

if not units or not keys:
    ui.no_data()
    st.stop()
series = ui.compute("time_series", by=by, level=level, keys=tuple(keys), freq=freq, units=tuple(units))
if series.empty:
    ui.no_data()
else:
    names = ui.unit_labels(by)
    series = series.assign(
        series=series["unit"].map(lambda u: names.get(u, u))
        + " · "
        + series["key"].map(lambda k: labels.get(k, k))
    )
    n = int(summary[summary["unit"].isin(units)]["statements"].sum())
    fig = charts.time_chart(
        series,
        period_col="period",
        series_col="series",
        value_col=COLUMN[measure],
        count_col="count",
        unit_col="unit",
        key_col="key",
        period_end_col="period_end",
        value_title=tr(measure),
        title=tr("page_timeline"),
        subtitle=ui.describe(n),
    )
    event = ui.chart(
        fig, series, name=f"timeline_{level}s_{freq}_{measure}", key="tl_chart", n=n, selectable=True
    )
    st.caption(tr("tl_click_hint"))
    for point in ui.selected_points(event):
        data = point.get("customdata")
        if data is None or len(data) < 4 or not data[0]:
            continue
        unit, key = str(data[0]), str(data[1])
        start, end = date.fromisoformat(str(data[2])), date.fromisoformat(str(data[3]))
        query = (
            EvidenceQuery(unit=unit, by=by, frame=key, date_from=start, date_to=end)
            if level == "frame"
            else EvidenceQuery(unit=unit, by=by, term=key, date_from=start, date_to=end)
        )
        ui.show_evidence(query, key="tl")
        break
