"""Overview: the corpus at a glance and the top frames of each group."""

import streamlit as st

from dashboard import charts, ui
from dashboard.ui import EvidenceQuery, tr

ui.demo_banner()
st.title(tr("page_overview"))

summary = ui.compute("corpus_summary")
n = int(summary["statements"])
narration = summary["narrator_statements"] / n if n else 0.0
metrics = [
    ("m_articles", summary["articles"]),
    ("m_statements", n),
    ("m_actors", summary["actors"]),
    ("m_outlets", summary["outlets"]),
    ("m_first", str(summary["date_min"] or "—")),
    ("m_last", str(summary["date_max"] or "—")),
    ("m_undated", summary["undated_statements"]),
    ("m_narration", f"{narration:.0%}"),
    ("m_hits", summary["hits"]),
]
for row in (metrics[:5], metrics[5:]):
    for col, (label, value) in zip(st.columns(5), row, strict=False):
        col.metric(tr(label), value)

st.subheader(tr("top_frames"))
c1, c2 = st.columns(2)
top_n = int(
    c1.number_input(
        tr("top_n_frames"), min_value=1, max_value=15, value=5, key="ov_top_n", bind="query-params"
    )
)
max_groups = int(
    c2.number_input(
        tr("max_groups"), min_value=1, max_value=60, value=9, key="ov_groups", bind="query-params"
    )
)
rates = ui.compute("frame_rates", by="group", level="frame", n_boot=0)
rates = rates[rates["count"] > 0]
if rates.empty:
    ui.no_data()
else:
    groups = ui.compute("unit_summary", by="group")
    ordered = [u for u in groups["unit"].astype(str) if u in set(rates["unit"].astype(str))]
    units = ordered[:max_groups]
    shown = rates[rates["unit"].isin(units)]
    top = charts.top_with_others(
        shown, unit_col="unit", key_col="key", value_col="share", top=top_n, sum_cols=("count",)
    )
    n_shown = int(groups[groups["unit"].isin(units)]["statements"].sum())
    fig = charts.small_multiples(
        top,
        unit_col="unit",
        key_col="key",
        value_col="share",
        count_col="count",
        low_col="share_low",
        high_col="share_high",
        units=units,
        key_labels={**ui.frame_label_map(), charts.OTHERS: tr("others")},
        hover_labels=ui.hover_map(),
        value_title=tr("share"),
        title=tr("top_frames"),
        subtitle=ui.describe(n_shown),
        value_format=".0%",
        per_panel=True,
        unit_labels=ui.group_labels(),
    )
    event = ui.chart(fig, top, name="overview_top_frames", key="ov_top", n=n_shown, selectable=True)
    notes = [tr("click_hint"), tr("others_note")]
    if len(ordered) > len(units):
        notes.append(tr("hidden_units", n=len(ordered) - len(units)))
    st.caption(" ".join(notes))
    for point in ui.selected_points(event):
        data = point.get("customdata")
        if data is not None and len(data) > 1 and data[1] != charts.OTHERS:
            ui.open_evidence(EvidenceQuery(unit=str(data[0]), frame=str(data[1]), by="group"))
