"""Compare actors: small multiples on a shared axis, an actor x frame heatmap, naming choice; click -> evidence."""

import streamlit as st

from dashboard import charts, ui
from dashboard.ui import EvidenceQuery, tr

ui.demo_banner()
st.title(tr("page_compare"))

c1, c2, c3, c4 = st.columns(4)
by = c1.segmented_control(
    tr("unit"), ["actor", "group", "outlet"], format_func=lambda v: tr(f"by_{v}"), default="actor",
    required=True, key="cmp_by", bind="query-params",
)
level = c2.segmented_control(
    tr("level"), ["frame", "term"], format_func=lambda v: tr(f"level_{v}"), default="frame",
    required=True, key="cmp_level", bind="query-params",
)
measure = c3.segmented_control(
    tr("measure"), ["rate", "share"], format_func=tr, default="rate", required=True, key="cmp_measure",
    bind="query-params",
)
max_units = int(c4.number_input(tr("max_units"), min_value=1, max_value=30, value=6, key="cmp_max", bind="query-params"))

units_table = ui.compute("unit_summary", by=by)
units = units_table.sort_values("statements", ascending=False)["unit"].astype(str).head(max_units).tolist()
rates = ui.compute("frame_rates", by=by, level=level)
rates = rates[rates["unit"].astype(str).isin(units)]
n = int(units_table[units_table["unit"].astype(str).isin(units)]["statements"].sum())
labels = ui.frame_label_map() if level == "frame" else {}
hover = ui.hover_map()
selection: EvidenceQuery | None = None


def query_from(points: list[dict], *, kind: str) -> EvidenceQuery | None:
    """The evidence query behind the first clicked mark."""
    for point in points:
        data = point.get("customdata")
        if not data or len(data) < 2:
            continue
        if kind == "naming":
            return EvidenceQuery(unit=str(data[0]), by=by, naming_option=str(data[1]))
        key = str(data[1])
        return EvidenceQuery(unit=str(data[0]), by=by, **({"frame": key} if level == "frame" else {"term": key}))
    return None


st.subheader(tr("small_multiples"))
st.caption(tr("click_hint") + " " + tr("interval_note"))
if rates.empty:
    st.info(tr("no_data"))
else:
    fig = charts.small_multiples(
        rates, unit_col="unit", key_col=level, value_col=measure, count_col="count",
        low_col=f"{measure}_low", high_col=f"{measure}_high", units=units, key_labels=labels,
        hover_labels=hover, value_title=tr(measure), title=tr("small_multiples"), subtitle=ui.describe(n),
        value_format=".0%" if measure == "share" else ".2f",
    )
    if measure == "share":
        fig.update_xaxes(tickformat=".0%")
    event = ui.chart(fig, rates, name=f"compare_{level}s_{measure}", key="cmp_bars", n=n, selectable=True)
    selection = query_from(ui.selected_points(event), kind="bars") or selection

    st.subheader(tr("heatmap"))
    matrix = rates.pivot_table(index="unit", columns=level, values=measure, aggfunc="sum", fill_value=0.0)
    counts = rates.pivot_table(index="unit", columns=level, values="count", aggfunc="sum", fill_value=0)
    matrix = matrix.reindex([u for u in units if u in matrix.index])
    heat = charts.heatmap(
        matrix, counts=counts, key_labels=labels, hover_labels=hover, value_title=tr(measure),
        title=tr("heatmap"), subtitle=ui.describe(n), value_format=".0%" if measure == "share" else ".2f",
    )
    event = ui.chart(heat, matrix.reset_index(), name=f"compare_heatmap_{measure}", key="cmp_heat", n=n, selectable=True)
    selection = query_from(ui.selected_points(event), kind="heat") or selection

st.subheader(tr("naming"))
naming = ui.compute("naming_choice", by=by)
naming = naming[naming["unit"].astype(str).isin(units)]
if naming.empty:
    st.info(tr("no_data"))
else:
    option_labels = {
        str(k): tr("naming_share", option=str(o))
        for k, o in zip(naming["naming"], naming["option"], strict=True)
    }
    fig = charts.naming_chart(
        naming, unit_col="unit", naming_col="naming", share_col="share", n_col="n", low_col="share_low",
        high_col="share_high", option_labels=option_labels, title=tr("naming"), subtitle=ui.describe(n),
    )
    event = ui.chart(fig, naming, name="compare_naming", key="cmp_naming", n=n, selectable=True)
    selection = query_from(ui.selected_points(event), kind="naming") or selection

if selection is not None:
    st.divider()
    st.subheader(tr("selected_evidence", what=selection.label()))
    rows = ui.evidence_table(selection)
    st.caption(tr("ev_rows", n=len(rows)))
    st.dataframe(rows.head(50), hide_index=True)
    if st.button(tr("open_evidence"), key="cmp_open_evidence", icon=":material/format_quote:"):
        ui.open_evidence(selection)
