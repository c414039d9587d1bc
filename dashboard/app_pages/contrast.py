"""Contrast two actors: Fightin' Words (or chi2 / log-likelihood), top terms per side, lexicon suggestions."""

import streamlit as st

from dashboard import charts, ui
from dashboard.ui import EvidenceQuery, tr

REST = "__rest__"
METHODS = {"fightin": "method_fightin", "chi2": "method_chi2", "lr": "method_lr"}
STAT = {"fightin": "z", "chi2": "chi2", "lr": "G²"}
THRESHOLD = {"fightin": 1.96, "chi2": 3.84, "lr": 3.84}

ui.demo_banner()
st.title(tr("page_contrast"))

c1, c2, c3 = st.columns(3)
by = c1.segmented_control(
    tr("unit"), ["actor", "group", "outlet"], format_func=lambda v: tr(f"by_{v}"), default="group",
    required=True, key="con_by", bind="query-params",
)
units = ui.compute("unit_summary", by=by).sort_values("statements", ascending=False)["unit"].astype(str).tolist()
a = c2.selectbox(tr("side_a"), units, index=0 if units else None, key="con_a", bind="query-params")
b_choice = c3.selectbox(
    tr("side_b"), [REST, *units], index=min(2, len(units)) if units else 0,
    format_func=lambda v: tr("rest") if v == REST else v, key="con_b", bind="query-params",
)
b = None if b_choice == REST else b_choice
c4, c5, c6 = st.columns(3)
mode = c4.segmented_control(
    tr("mode"), ["lexicon", "tokens"], format_func=lambda v: tr(f"mode_{v}"), default="lexicon", required=True,
    key="con_mode", bind="query-params",
)
method = c5.selectbox(tr("method"), list(METHODS), format_func=lambda v: tr(METHODS[v]), key="con_method",
                      bind="query-params")
alpha0 = float(c6.number_input(tr("alpha0"), min_value=0.01, max_value=100000.0, value=10.0, step=1.0,
                               key="con_alpha0", bind="query-params",
                               disabled=method != "fightin"))

if a is None or a == b:
    st.info(tr("same_sides") if a is not None else tr("no_data"))
    st.stop()

label_b = tr("rest") if b is None else str(b)
st.caption(tr("shown_method", method=tr(METHODS[str(method)])))
result = ui.compute("contrast", a=a, b=b, by=by, mode=mode, method=method, alpha0=alpha0)
stat = "z" if method == "fightin" else "stat"
n = int(ui.compute("unit_summary", by=by).query("unit in @sides", local_dict={"sides": [a, b] if b else units})["statements"].sum())
if result.empty:
    st.info(tr("no_data"))
else:
    fig = charts.contrast_chart(
        result, term_col="term", freq_col="total", stat_col=stat, label_a=str(a), label_b=label_b,
        threshold=THRESHOLD[str(method)], hover_labels=ui.hover_map(), stat_title=STAT[str(method)],
        freq_title=tr("log_freq"), title=f"{a} vs {label_b} · {tr(METHODS[str(method)])}", subtitle=ui.describe(n),
    )
    event = ui.chart(fig, result, name=f"contrast_{mode}_{method}", key="con_chart", n=n, selectable=True)
    for point in ui.selected_points(event):
        data = point.get("customdata")
        if data and len(data) > 1:
            query = EvidenceQuery(term=str(data[1]), unit=str(a) if data[0] != "b" or b is None else str(b), by=by)
            st.subheader(tr("selected_evidence", what=query.label()))
            rows = ui.evidence_table(query)
            st.dataframe(rows.head(50), hide_index=True)
            if st.button(tr("open_evidence"), key="con_open_evidence"):
                ui.open_evidence(query)
            break

    left, right = st.columns(2)
    top_cols = [c for c in ("term", "count_a", "count_b", stat) if c in result.columns]
    left.markdown(f"**{tr('top_terms_of', side=a)}**")
    left.dataframe(result[result[stat] > 0].nlargest(15, stat)[top_cols], hide_index=True)
    right.markdown(f"**{tr('top_terms_of', side=label_b)}**")
    right.dataframe(result[result[stat] < 0].nsmallest(15, stat)[top_cols], hide_index=True)

st.subheader(tr("suggestions"))
suggestions = ui.compute("lexicon_suggestions", a=a, b=b, by=by, top=15)
if suggestions.empty:
    st.info(tr("no_data"))
else:
    for i, row in enumerate(suggestions.head(15).itertuples(index=False)):
        term = str(row.term)
        c_term, c_z, c_add = st.columns([3, 2, 2])
        c_term.markdown(f"`{term}`")
        c_z.write(f"z = {float(getattr(row, 'z', 0.0)):.2f}")
        if c_add.button(tr("add_to_lexicon"), key=f"con_add_{i}_{term}"):
            with st.spinner():
                ui.add_lexicon_term(term)
            st.toast(tr("added_term", term=term))
            st.rerun()
