"""Contrast two actors: Fightin' Words (or chi2 / log-likelihood), top terms per side, lexicon suggestions."""

import streamlit as st

from dashboard import charts, ui
from dashboard.i18n import t
from dashboard.ui import EvidenceQuery, tr

REST = "__rest__"
METHODS = {"fightin_words": "method_fightin", "chi2": "method_chi2", "lr": "method_lr"}
STAT = {"fightin_words": "z", "chi2": "χ²", "lr": "G²"}
THRESHOLD = {"fightin_words": 1.96, "chi2": 3.84, "lr": 3.84}
LABEL_TOP = 12

ui.demo_banner()
st.title(tr("page_contrast"))

c1, c2, c3 = st.columns(3)
by = ui.unit_choice(key="con_by", default="group", where=c1)
units = ui.compute("unit_summary", by=by)["unit"].astype(str).tolist()
defaults = ui.top_units(by, n=2) or units[:2]
a = c2.selectbox(
    tr("side_a"),
    units,
    index=units.index(defaults[0]) if defaults else None,
    key=f"con_a_{by}",
    bind="query-params",
    placeholder=ui.choose_one(),
)
b_choice = ui.url_select(
    tr("side_b"),
    [REST, *units],
    key=f"con_b_{by}",
    default=defaults[1] if len(defaults) > 1 else REST,
    labeller=lambda v, lg: t("rest", lg) if v == REST else v,
    where=c3,
)
b = None if b_choice in (REST, None) else str(b_choice)
c4, c5, c6, c7 = st.columns([1.2, 1.2, 1, 1])
mode = ui.url_choice(
    tr("mode"),
    ["lexicon", "tokens"],
    key="con_mode",
    default="lexicon",
    labeller=ui.ui_label("mode_"),
    where=c4,
)
method = str(
    ui.url_select(
        tr("method"),
        list(METHODS),
        key="con_method",
        default="fightin_words",
        labeller=lambda v, lg: t(METHODS[v], lg),
        where=c5,
    )
)
alpha0 = float(
    c6.number_input(
        tr("alpha0"),
        min_value=0.01,
        max_value=1e6,
        value=100.0,
        step=10.0,
        key="con_alpha0",
        bind="query-params",
        disabled=method != "fightin_words",
    )
)
label_top = int(
    c7.number_input(
        tr("label_top"),
        min_value=0,
        max_value=60,
        value=LABEL_TOP,
        key="con_labels",
        bind="query-params",
    )
)

if a is None or a == b:
    st.info(tr("same_sides") if a is not None else tr("no_data"))
    st.stop()

names = ui.unit_labels(by)
label_a = names.get(str(a), str(a))
label_b = tr("rest") if b is None else names.get(b, b)
st.info(tr("shown_method", method=tr(METHODS[method])), icon=":material/functions:")
result = ui.compute("contrast", a=a, b=b, by=by, mode=mode, method=method, alpha0=alpha0)
summary = ui.compute("unit_summary", by=by)
n = int(summary[summary["unit"].isin([a, b] if b else units)]["statements"].sum())
if result.empty:
    ui.no_data()
else:
    fig = charts.contrast_chart(
        result,
        term_col="term",
        freq_col="frequency",
        stat_col="score",
        label_a=label_a,
        label_b=label_b,
        threshold=THRESHOLD[method],
        top=label_top,
        hover_labels=ui.hover_map(),
        stat_title=STAT[method],
        freq_title=tr("log_freq"),
        title=f"{label_a} vs {label_b} · {tr(METHODS[method])}",
        subtitle=ui.describe(n),
    )
    event = ui.chart(
        fig,
        result.drop(columns=["spans"], errors="ignore"),
        name=f"contrast_{mode}_{method}",
        key="con_chart",
        n=n,
        selectable=True,
    )
    st.caption(tr("label_note"))
    for point in ui.selected_points(event):
        data = point.get("customdata")
        if data is not None and len(data) > 1:
            side_b = data[0] == "b" and b is not None
            query = EvidenceQuery(term=str(data[1]), unit=b if side_b else str(a), by=by)
            if mode == "lexicon":
                ui.show_evidence(query, key="con")
            break

    names = {"term": "c_term", "gloss_en": "c_gloss", "count_a": "c_count_a", "count_b": "c_count_b"}
    names["score"] = "c_score"
    cols = [c for c in names if c in result.columns]
    left, right = st.columns(2)
    for where, side, part in (
        (left, label_a, result[result["score"] > 0]),
        (right, label_b, result[result["score"] < 0].sort_values("score")),
    ):
        where.markdown(f"**{ui.md_escape(tr('top_terms_of', side=side))}**")
        table = part.head(15)[cols].rename(columns={c: tr(names[c]) for c in cols})
        where.dataframe(
            table,
            hide_index=True,
            column_config={tr("c_score"): st.column_config.NumberColumn(format="%.2f")},
        )

st.subheader(tr("suggestions"))
suggestions = ui.compute("lexicon_suggestions", a=a, b=b, by=by, top=12, alpha0=alpha0)
suggestions = suggestions[suggestions["z"].astype(float) >= THRESHOLD["fightin_words"]]
if suggestions.empty:
    st.caption(tr("no_data"))
else:
    for i, row in enumerate(suggestions.itertuples(index=False)):
        term = str(row.term)
        c_term, c_n, c_add = st.columns([3, 3, 2], vertical_alignment="center")
        c_term.markdown(f"**{ui.md_escape(term)}**")
        c_n.caption(f"z = {float(row.z):.2f} · n = {int(row.count_a)} / {int(row.count_b)}")
        if c_add.button(tr("add_to_lexicon"), key=f"con_add_{i}", icon=":material/add:"):
            with st.spinner():
                error = ui.add_lexicon_term(term)
            if error:
                st.error(ui.md_escape(error))
            else:
                st.toast(tr("added_term", term=ui.md_escape(term)))
                st.rerun()
