"""Compare actors: small multiples on a shared axis, an actor x frame heatmap, naming choice; click -> evidence."""

import streamlit as st

from dashboard import charts, ui
from dashboard.ui import EvidenceQuery, tr

COLUMNS = {"rate": ("rate_per_1k", "rate_low", "rate_high"), "share": ("share", "share_low", "share_high")}
MAX_TERMS = 12

ui.demo_banner()
st.title(tr("page_compare"))

c1, c2, c3, c4 = st.columns([1.3, 1, 1.3, 1])
by = ui.unit_choice(key="cmp_by", default="actor", where=c1)
level = ui.url_choice(
    tr("level"), ["frame", "term"], key="cmp_level", default="frame", labeller=ui.ui_label("level_"), where=c2
)
measure = ui.url_choice(
    tr("measure"), ["rate", "share"], key="cmp_measure", default="rate", labeller=ui.ui_label("m_"), where=c3
)
max_keys = int(
    c4.number_input(
        tr("max_keys"),
        min_value=3,
        max_value=40,
        value=MAX_TERMS,
        key="cmp_terms",
        bind="query-params",
        disabled=level != "term",
    )
)
value_col, low_col, high_col = COLUMNS[measure]
fmt = ".0%" if measure == "share" else ".2f"

summary = ui.compute("unit_summary", by=by)
units = ui.url_multi(
    tr("choose_units"),
    summary["unit"].astype(str).tolist(),
    key=f"cmp_units_{by}",
    default=ui.top_units(by, n=6),
)
if not units:
    ui.no_data()
    st.stop()
n = int(summary[summary["unit"].isin(units)]["statements"].sum())
rates = ui.compute("frame_rates", by=by, level=level)
rates = rates[rates["unit"].isin(units)]
if level == "term":
    top_keys = rates.groupby("key", sort=False)["count"].sum().nlargest(max_keys)
    top_keys = top_keys[top_keys > 0]
    rates = charts.top_with_others(
        rates, unit_col="unit", key_col="key", value_col=value_col, keys=top_keys.index, sum_cols=("count",)
    )
labels = {**(ui.frame_label_map() if level == "frame" else {}), charts.OTHERS: tr("others")}
hover = ui.hover_map()
unit_labels, unit_hover = ui.unit_labels(by), ui.unit_hover(by)
selection: EvidenceQuery | None = None


def clicked(event: object, *, naming: bool = False) -> EvidenceQuery | None:
    """The evidence query behind the first clicked mark (customdata = [unit, key, ...])."""
    for point in ui.selected_points(event):
        data = point.get("customdata")
        if data is None or len(data) < 2:
            continue
        unit, key = str(data[0]), str(data[1])
        if key == charts.OTHERS:
            continue
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
    ui.no_data()
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
        unit_labels=unit_labels,
        unit_hover=unit_hover,
    )
    event = ui.chart(fig, rates, name=f"compare_{level}s_{measure}", key="cmp_bars", n=n, selectable=True)
    selection = clicked(event) or selection

    st.subheader(tr("heatmap"))
    cells = rates[rates["key"] != charts.OTHERS]
    matrix = cells.pivot_table(index="unit", columns="key", values=value_col, aggfunc="sum", sort=False)
    counts = cells.pivot_table(index="unit", columns="key", values="count", aggfunc="sum", sort=False)
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
        unit_labels=unit_labels,
        unit_hover=unit_hover,
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
    ui.no_data()
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
        unit_labels=unit_labels,
        unit_hover=unit_hover,
    )
    event = ui.chart(fig, naming, name="compare_naming", key="cmp_naming", n=n, selectable=True)
    selection = clicked(event, naming=True) or selection

if selection is not None:
    ui.show_evidence(selection, key="cmp")
