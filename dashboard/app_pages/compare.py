"""Compare actors: small multiples on a shared axis, an actor x frame heatmap, naming choice; click -> evidence."""

import streamlit as st

from dashboard import charts, ui
from dashboard.ui import EvidenceQuery, tr

COLUMNS = {"rate": ("rate_per_1k", "rate_low", "rate_high"), "share": ("share", "share_low", "share_high")}
MAX_TERMS = 15

ui.demo_banner()
st.title(tr("page_compare"))

c1, c2, c3, c4 = st.columns(4)
by = c1.segmented_control(
    tr("unit"),
    ["actor", "group", "outlet"],
    format_func=lambda v: tr(f"by_{v}"),
    default="actor",
    required=True,
    key="cmp_by",
    bind="query-params",
)
level = c2.segmented_control(
    tr("level"),
    ["frame", "term"],
    format_func=lambda v: tr(f"level_{v}"),
    default="frame",
    required=True,
    key="cmp_level",
    bind="query-params",
)
measure = c3.segmented_control(
    tr("measure"),
    ["rate", "share"],
    format_func=tr,
    default="rate",
    required=True,
    key="cmp_measure",
    bind="query-params",
)
max_units = int(
    c4.number_input(tr("max_units"), min_value=1, max_value=40, value=6, key="cmp_max", bind="query-params")
)
value_col, low_col, high_col = COLUMNS[str(measure)]
fmt = ".0%" if measure == "share" else ".2f"

summary = ui.compute("unit_summary", by=by)
units = summary["unit"].astype(str).head(max_units).tolist()
n = int(summary.head(max_units)["statements"].sum())
rates = ui.compute("frame_rates", by=by, level=level)
rates = rates[rates["unit"].isin(units)]
if level == "term":
    top_keys = rates.groupby("key", sort=False)["count"].sum().nlargest(MAX_TERMS)
    rates = rates[rates["key"].isin(top_keys[top_keys > 0].index)]
labels = ui.frame_label_map() if level == "frame" else {}
hover = ui.hover_map()
selection: EvidenceQuery | None = None


def clicked(event: object, *, naming: bool = False) -> EvidenceQuery | None:
    """The evidence query behind the first clicked mark (customdata = [unit, key, ...])."""
    for point in ui.selected_points(event):
        data = point.get("customdata")
        if data is None or len(data) < 2:
            continue
        unit, key = str(data[0]), str(data[1])
        if naming:
            return EvidenceQuery(unit=unit, by=by, naming=key)
        return (
            EvidenceQuery(unit=unit, by=by, frame=key)
            if level == "frame"
            else EvidenceQuery(unit=unit, by=by, term=key)
        )
    return None


st.caption(tr("click_hint") + " " + tr("interval_note"))
st.subheader(tr("small_multiples"))
if rates.empty or rates["count"].sum() == 0:
    st.info(tr("no_data"))
else:
    fig = charts.small_multiples(
        rates,
        unit_col="unit",
        key_col="key",
        value_col=value_col,
        count_col="count",
        low_col=low_col,
        high_col=high_col,
        units=units,
        key_labels=labels,
        hover_labels=hover,
        value_title=tr(str(measure)),
        title=tr("small_multiples"),
        subtitle=ui.describe(n),
        value_format=fmt,
    )
    if measure == "share":
        fig.update_xaxes(tickformat=".0%")
    event = ui.chart(fig, rates, name=f"compare_{level}s_{measure}", key="cmp_bars", n=n, selectable=True)
    selection = clicked(event) or selection

    st.subheader(tr("heatmap"))
    matrix = rates.pivot_table(index="unit", columns="key", values=value_col, aggfunc="sum", sort=False)
    counts = rates.pivot_table(index="unit", columns="key", values="count", aggfunc="sum", sort=False)
    matrix = matrix.reindex([u for u in units if u in matrix.index])
    heat = charts.heatmap(
        matrix,
        counts=counts,
        key_labels=labels,
        hover_labels=hover,
        value_title=tr(str(measure)),
        title=tr("heatmap"),
        subtitle=ui.describe(n),
        value_format=fmt,
    )
    event = ui.chart(
        heat,
        matrix.reset_index(),
        name=f"compare_heatmap_{level}s_{measure}",
        key="cmp_heat",
        n=n,
        selectable=True,
    )
    selection = clicked(event) or selection

st.subheader(tr("naming"))
naming = ui.compute("naming_choice", by=by)
naming = naming[naming["unit"].isin(units)]
first_option = naming.groupby("naming", sort=False)["name_option"].first()
naming = naming[naming["name_option"] == naming["naming"].map(first_option)]
if naming.empty:
    st.info(tr("no_data"))
else:
    option_labels = {str(k): f"{k} · {tr('naming_share', option=str(o))}" for k, o in first_option.items()}
    fig = charts.naming_chart(
        naming,
        unit_col="unit",
        naming_col="naming",
        share_col="share",
        n_col="n",
        low_col="share_low",
        high_col="share_high",
        option_labels=option_labels,
        title=tr("naming"),
        subtitle=ui.describe(n),
    )
    event = ui.chart(fig, naming, name="compare_naming", key="cmp_naming", n=n, selectable=True)
    selection = clicked(event, naming=True) or selection

if selection is not None:
    st.divider()
    st.subheader(tr("selected_evidence", what=selection.label()))
    rows = ui.evidence_table(selection)
    st.caption(tr("ev_rows", n=len(rows)))
    st.dataframe(ui.evidence_view(rows.head(50)), hide_index=True)
    if st.button(tr("open_evidence"), key="cmp_open_evidence", icon=":material/format_quote:"):
        ui.open_evidence(selection)
