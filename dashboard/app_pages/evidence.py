"""Evidence: the statements behind a number, keyword in context with the term highlighted; paginated; CSV."""

import pandas as pd
import streamlit as st

from dashboard import ui
from dashboard.ui import EvidenceQuery, tr

ui.demo_banner()
st.title(tr("page_evidence"))

options = ui.evidence_options()
c1, c2, c3, c4, c5 = st.columns([1.6, 1, 1, 1, 1])
by = ui.unit_choice(key="ev_by", default="actor", where=c1) or "actor"
unit = c2.selectbox(
    tr(f"by_{by}"),
    options["units"][by],
    index=None,
    key="ev_unit",
    bind="query-params",
    placeholder=ui.choose_one(),
)
frame = ui.url_select(
    tr("ev_frame"),
    options["frames"],
    key="ev_frame",
    default=None,
    labeller=ui.frame_label,
    where=c3,
)
glosses = ui.hover_map()
term = c4.selectbox(
    tr("ev_term"),
    options["terms"],
    index=None,
    key="ev_term",
    bind="query-params",
    format_func=lambda k: glosses.get(k, k),
    placeholder=ui.choose_one(),
)
naming = c5.selectbox(
    tr("ev_naming"),
    options["namings"],
    index=None,
    key="ev_naming",
    bind="query-params",
    placeholder=ui.choose_one(),
)

date_from, date_to = ui.evidence_period()
query = EvidenceQuery(
    term=term, frame=frame, unit=unit, by=by, naming=naming, date_from=date_from, date_to=date_to
)
if query.period():
    p1, p2 = st.columns([3, 1], vertical_alignment="center")
    p1.caption(tr("ev_period", period=query.period()))
    p2.button(
        tr("ev_clear_period"),
        key="ev_clear_period",
        icon=":material/close:",
        on_click=ui.clear_evidence_period,
    )
if not query.label():
    st.info(tr("ev_choose"))
    st.stop()

first, total_rows, total_hits = ui.evidence_first_page(query)
st.subheader(ui.md_escape(query.label()))
st.caption(
    tr("ev_rows_hits", n=total_rows, hits=total_hits)
    + " · "
    + ui.describe_filters(ui.current_filters(), markdown=True)
)
ui.downloads(
    None,
    ui.evidence_csv_source(query),
    name=f"evidence_{query.label()}",
    key="ev_dl",
)
if total_rows == 0:
    ui.no_data()
    st.stop()

rows = ui.evidence_page(query, first, total_rows=total_rows, key="ev_page")
for row in rows.itertuples(index=False):
    with st.container(border=True):
        when = tr("undated") if pd.isna(row.date) else pd.Timestamp(row.date).strftime("%Y-%m-%d")
        st.markdown(ui.highlight_markdown(str(row.text), ui.row_spans(row)))
        parts = (
            f"{tr('ev_speaker')}: {row.speaker or tr('ev_narration')}",
            f"{tr('ev_actor')}: {row.actor} ({row.group})",
            f"{tr('ev_cue')}: {row.cue or '—'}",
            f"{tr('ev_outlet')}: {row.outlet}",
            f"{tr('ev_date')}: {when}",
            f"{tr('ev_title')}: {row.title}",
        )
        st.caption(" · ".join(ui.md_escape(p) for p in parts))
