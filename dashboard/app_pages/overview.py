"""Overview: the corpus at a glance and the top frames of each group."""

import streamlit as st

from dashboard import charts, ui
from dashboard.ui import tr

ui.demo_banner()
st.title(tr("page_overview"))

summary = ui.compute("corpus_summary")
span = summary.get("date_span") or ("", "")
metrics = [
    ("m_articles", summary.get("articles", 0)),
    ("m_statements", summary.get("statements", 0)),
    ("m_actors", summary.get("actors", 0)),
    ("m_outlets", summary.get("outlets", 0)),
    ("m_undated", summary.get("undated_articles", 0)),
    ("m_narration", f"{float(summary.get('narration_share', 0.0)):.0%}"),
    ("m_hits", summary.get("hits", 0)),
]
for col, (label, value) in zip(st.columns(len(metrics)), metrics, strict=True):
    col.metric(tr(label), value)
st.caption(f"{tr('m_span')}: {span[0] or '—'} – {span[1] or '—'}")

st.subheader(tr("top_frames"))
rates = ui.compute("frame_rates", by="group", level="frame")
if rates.empty or rates["count"].sum() == 0:
    st.info(tr("no_data"))
else:
    top = rates[rates["count"] > 0].sort_values("share", ascending=False).groupby("unit", sort=False).head(5)
    fig = charts.small_multiples(
        top, unit_col="unit", key_col="frame", value_col="share", count_col="count",
        low_col="share_low", high_col="share_high", key_labels=ui.frame_label_map(),
        hover_labels=ui.hover_map(), value_title=tr("share"), title=tr("top_frames"),
        subtitle=ui.describe(int(summary.get("statements", 0))), value_format=".0%",
    )
    fig.update_xaxes(tickformat=".0%")
    ui.chart(fig, top, name="overview_top_frames", key="overview_top", n=int(summary.get("statements", 0)))
