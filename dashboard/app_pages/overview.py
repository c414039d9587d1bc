"""Overview: the corpus at a glance and the top frames of each group."""

import streamlit as st

from dashboard import charts, ui
from dashboard.ui import tr

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
    ("m_span", f"{summary['date_min'] or '—'} – {summary['date_max'] or '—'}"),
    ("m_undated", summary["undated_statements"]),
    ("m_narration", f"{narration:.0%}"),
    ("m_hits", summary["hits"]),
]
metrics = [metrics[4], *metrics[:4], *metrics[5:]]  # date span first: it needs the widest column
for row in (metrics[:4], metrics[4:]):
    for col, (label, value) in zip(st.columns([1.6, 1, 1, 1]), row, strict=True):
        col.metric(tr(label), value)

st.subheader(tr("top_frames"))
rates = ui.compute("frame_rates", by="group", level="frame", n_boot=0)
rates = rates[rates["count"] > 0]
if rates.empty:
    st.info(tr("no_data"))
else:
    top = rates.sort_values("share", ascending=False, kind="stable").groupby("unit", sort=False).head(5)
    units = [u for u in dict.fromkeys(rates["unit"]) if u in set(top["unit"])]
    fig = charts.small_multiples(
        top,
        unit_col="unit",
        key_col="key",
        value_col="share",
        count_col="count",
        low_col="share_low",
        high_col="share_high",
        units=units,
        key_labels=ui.frame_label_map(),
        hover_labels=ui.hover_map(),
        value_title=tr("share"),
        title=tr("top_frames"),
        subtitle=ui.describe(n),
        value_format=".0%",
    )
    fig.update_xaxes(tickformat=".0%")
    ui.chart(fig, top, name="overview_top_frames", key="ov_top", n=n)
