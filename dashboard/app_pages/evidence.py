"""Evidence: the statements behind a number, keyword in context with the term highlighted; paginated; CSV."""

import pandas as pd
import streamlit as st

from dashboard import ui
from dashboard.ui import EvidenceQuery, tr

PAGE_SIZE = 20

ui.demo_banner()
st.title(tr("page_evidence"))

options = ui.evidence_options()
c1, c2, c3, c4 = st.columns(4)
by = c1.segmented_control(
    tr("unit"), ["actor", "group", "outlet"], format_func=lambda v: tr(f"by_{v}"), default="actor",
    required=True, key="ev_by", bind="query-params",
)
unit = c2.selectbox(tr("ev_unit"), options["units"][by], index=None, key="ev_unit", bind="query-params")
frame = c3.selectbox(tr("ev_frame"), options["frames"], index=None, key="ev_frame", bind="query-params",
                     format_func=lambda f: ui.frame_label_map().get(f, f))
term = c4.selectbox(tr("ev_term"), options["terms"], index=None, key="ev_term", bind="query-params",
                    format_func=lambda k: ui.hover_map().get(k, k))
option = st.session_state.get("ev_option")

query = EvidenceQuery(term=term, frame=frame, unit=unit, by=by, naming_option=option)
if not query.label():
    st.info(tr("ev_choose"))
    st.stop()

rows = ui.evidence_table(query)
st.subheader(query.label())
st.caption(ui.describe(len(rows)))
ui.downloads(None, rows, name=f"evidence_{query.label()}", key="ev_dl")
if rows.empty:
    st.info(tr("no_data"))
    st.stop()

pages = max(1, -(-len(rows) // PAGE_SIZE))
page = st.pagination(pages, key="ev_page") if pages > 1 else 1
for row in rows.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE].itertuples(index=False):
    with st.container(border=True):
        date = getattr(row, "date", None)
        when = tr("undated") if date is None or pd.isna(date) else pd.Timestamp(date).strftime("%Y-%m-%d")
        speaker = str(getattr(row, "speaker", "") or "") or tr("ev_narration")
        st.markdown(ui.highlight_markdown(str(row.text), ui.row_spans(row)))
        st.caption(
            " · ".join(
                ui.md_escape(part)
                for part in (
                    f"{tr('ev_speaker')}: {speaker}",
                    f"{tr('ev_actor')}: {getattr(row, 'actor', '')}",
                    f"{tr('ev_cue')}: {getattr(row, 'cue', '') or '—'}",
                    f"{tr('ev_outlet')}: {getattr(row, 'outlet', '')}",
                    f"{tr('ev_date')}: {when}",
                    f"{tr('ev_title')}: {getattr(row, 'title', '')}",
                )
            )
        )
