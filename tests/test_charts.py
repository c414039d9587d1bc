"""Chart builders: asserted through fig.to_dict() on tiny hand-made tables."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from dashboard import charts

RATES = pd.DataFrame(
    {
        "unit": ["中国外交部", "中国外交部", "美国国务院", "美国国务院"],
        "frame": ["冷战对抗", "规则秩序", "冷战对抗", "规则秩序"],
        "rate": [2.5, 0.3, 0.2, 3.1],
        "low": [2.0, 0.1, 0.1, 2.5],
        "high": [3.0, 0.6, 0.4, 3.6],
        "hits": [25, 3, 2, 31],
    }
)


def _common(fig_dict: dict) -> None:
    layout = fig_dict["layout"]
    assert "Noto Sans CJK SC" in layout["font"]["family"]
    # The template is set explicitly (not streamlit's placeholder template): its colours are inlined.
    assert layout["template"]["layout"]["plot_bgcolor"] == "white"


def _sm(**kwargs: object) -> dict:
    return charts.small_multiples(
        RATES,
        unit_col="unit",
        key_col="frame",
        value_col="rate",
        count_col="hits",
        low_col="low",
        high_col="high",
        value_title="rate",
        title="T",
        subtitle="n = 61 · 全部",
        **kwargs,
    ).to_dict()


def test_small_multiples_one_panel_per_unit_with_shared_axis() -> None:
    fig = _sm()
    _common(fig)
    bars = fig["data"]
    assert [b["name"] for b in bars] == ["中国外交部", "美国国务院"]
    assert list(bars[0]["x"]) == [0.3, 2.5]  # keys ordered by total: 规则秩序 (3.4) before 冷战对抗 (2.7)
    assert list(bars[1]["y"]) == ["规则秩序", "冷战对抗"]
    assert bars[1]["xaxis"] == "x2"
    assert fig["layout"]["xaxis2"]["matches"] == "x"  # shared value axis
    # asymmetric error bars from the interval bounds
    assert list(bars[0]["error_x"]["array"]) == pytest.approx([0.3, 0.5])
    assert list(bars[0]["error_x"]["arrayminus"]) == pytest.approx([0.2, 0.5])
    assert list(bars[1]["customdata"][0])[:3] == ["美国国务院", "规则秩序", 31]
    assert "n = 61" in fig["layout"]["title"]["text"]


def test_small_multiples_missing_cells_are_zero_and_labels_escape_markup() -> None:
    data = pd.DataFrame({"unit": ["<b>x</b>", "y"], "frame": ["f1", "f2"], "rate": [1.0, 2.0]})
    fig = charts.small_multiples(data, unit_col="unit", key_col="frame", value_col="rate").to_dict()
    assert list(fig["data"][0]["x"]) == [0.0, 1.0]  # f2 first (larger total), x has no f2 -> 0
    assert fig["data"][0]["name"] == "&lt;b&gt;x&lt;/b&gt;"
    assert fig["data"][0]["customdata"][0][0] == "<b>x</b>"  # raw key for the selection


def test_heatmap_values_and_clickable_cells() -> None:
    matrix = RATES.pivot(index="unit", columns="frame", values="rate")
    counts = RATES.pivot(index="unit", columns="frame", values="hits")
    fig = charts.heatmap(
        matrix, counts=counts, value_title="rate", key_labels={"冷战对抗": "Cold War"}
    ).to_dict()
    _common(fig)
    heat, cells = fig["data"]
    assert heat["type"] == "heatmap"
    assert [list(r) for r in heat["z"]] == [[2.5, 0.3], [0.2, 3.1]]
    assert list(heat["x"]) == ["Cold War", "规则秩序"]
    assert cells["type"] == "scatter" and len(cells["x"]) == 4
    assert [list(c)[:3] for c in cells["customdata"]][3] == ["美国国务院", "规则秩序", 31]


def test_naming_chart_shares_with_n() -> None:
    data = pd.DataFrame(
        {
            "unit": ["美国", "中国"],
            "naming": ["印太/亚太"] * 2,
            "share": [0.9, 0.1],
            "low": [0.7, 0.02],
            "high": [0.97, 0.3],
            "n": [20, 15],
        }
    )
    fig = charts.naming_chart(
        data,
        unit_col="unit",
        naming_col="naming",
        share_col="share",
        n_col="n",
        low_col="low",
        high_col="high",
        option_labels={"印太/亚太": "选用“印太”的比例"},
    ).to_dict()
    _common(fig)
    (trace,) = fig["data"]
    assert list(trace["x"]) == [0.9, 0.1]
    assert list(trace["text"]) == ["n=20", "n=15"]
    assert list(trace["error_x"]["array"]) == pytest.approx([0.07, 0.2])
    assert fig["layout"]["annotations"][0]["text"] == "选用“印太”的比例"


def test_contrast_chart_colours_sides_and_labels_top_terms() -> None:
    data = pd.DataFrame(
        {
            "term": ["冷战思维", "胁迫", "合作", "零和博弈"],
            "total": [40, 30, 10, 5],
            "z": [4.0, -3.0, 0.5, 2.5],
        }
    )
    fig = charts.contrast_chart(
        data, term_col="term", freq_col="total", stat_col="z", label_a="中国", label_b="美国", top=1
    ).to_dict()
    _common(fig)
    grey, side_a, side_b = fig["data"]
    assert list(grey["customdata"][0])[1] == "合作"
    assert [c[1] for c in side_a["customdata"]] == ["冷战思维", "零和博弈"]
    assert list(side_a["text"]) == ["冷战思维", ""]  # only the top 1 of side A is labelled
    assert list(side_b["y"]) == [-3.0]
    assert side_a["marker"]["color"] != side_b["marker"]["color"]
    assert side_a["x"][0] == pytest.approx(1.6020599913)  # log10(40)


def test_contrast_chart_empty_input() -> None:
    data = pd.DataFrame({"term": [], "total": [], "z": []})
    fig = charts.contrast_chart(
        data, term_col="term", freq_col="total", stat_col="z", label_a="a", label_b="b"
    )
    assert all(len(t.x) == 0 for t in fig.data)


def test_time_chart_one_line_per_series() -> None:
    data = pd.DataFrame(
        {
            "period": pd.to_datetime(["2023-01-01", "2023-02-01"] * 2),
            "series": ["a", "a", "b", "b"],
            "rate": [1.0, 0.0, 2.0, 3.0],
            "count": [1, 0, 2, 3],
        }
    )
    fig = charts.time_chart(
        data, period_col="period", series_col="series", value_col="rate", count_col="count"
    ).to_dict()
    _common(fig)
    assert [t["name"] for t in fig["data"]] == ["a", "b"]
    assert list(fig["data"][0]["y"]) == [1.0, 0.0]  # an empty period stays a zero, not a gap
    assert fig["data"][0]["line"]["color"] != fig["data"][1]["line"]["color"]


def test_top_with_others_keeps_the_top_keys_and_sums_the_rest() -> None:
    data = pd.DataFrame(
        {
            "unit": ["a"] * 4 + ["b"] * 2,
            "key": ["w", "x", "y", "z", "w", "x"],
            "v": [4.0, 3.0, 2.0, 1.0, 0.0, 5.0],
            "n": [4, 3, 2, 1, 0, 5],
        }
    )
    out = charts.top_with_others(data, unit_col="unit", key_col="key", value_col="v", top=2, sum_cols=["n"])
    a = out[out["unit"] == "a"].set_index("key")
    assert list(a.index) == ["w", "x", charts.OTHERS]
    assert a.loc[charts.OTHERS, "v"] == 3.0 and a.loc[charts.OTHERS, "n"] == 3
    assert list(out[out["unit"] == "b"]["key"]) == ["x"]  # zero rows dropped, nothing left to sum
    shared = charts.top_with_others(data, unit_col="unit", key_col="key", value_col="v", keys=["z"])
    assert set(shared[shared["unit"] == "a"]["key"]) == {"z", charts.OTHERS}


def test_small_multiples_show_every_label_and_numbers_on_every_panel() -> None:
    keys = [f"框架{i}" for i in range(14)]
    data = pd.DataFrame(
        [{"unit": f"u{u}", "key": k, "v": float(u + i)} for u in range(7) for i, k in enumerate(keys)]
    )
    fig = charts.small_multiples(data, unit_col="unit", key_col="key", value_col="v").to_dict()
    layout = fig["layout"]
    axes = [k for k in layout if k.startswith("yaxis")]
    assert len(axes) == 7
    for name in axes:
        assert layout[name]["tickmode"] == "array" and len(layout[name]["tickvals"]) == 14
        assert layout[name]["automargin"] is True
    for name in [k for k in layout if k.startswith("xaxis")]:
        assert layout[name]["showticklabels"] is True
    # enough height for every category row of every panel
    assert layout["height"] >= 3 * 14 * charts.ROW_PX
    # panels do not overlap vertically
    rows = sorted({tuple(layout[a]["domain"]) for a in axes})
    assert all(lo2 >= hi1 - 1e-9 for (_, hi1), (lo2, _) in itertools.pairwise(rows))


def test_small_multiples_per_panel_sorts_each_panel_and_puts_others_last() -> None:
    data = pd.DataFrame(
        {
            "unit": ["甲", "甲", "甲", "乙", "乙"],
            "key": ["x", charts.OTHERS, "y", "x", "y"],
            "v": [1.0, 5.0, 3.0, 2.0, 1.0],
        }
    )
    fig = charts.small_multiples(
        data,
        unit_col="unit",
        key_col="key",
        value_col="v",
        per_panel=True,
        key_labels={charts.OTHERS: "其他"},
        unit_labels={"甲": "甲 · A"},
    ).to_dict()
    first, second = fig["data"]
    assert list(first["y"]) == ["y", "x", "其他"]
    assert list(first["x"]) == [3.0, 1.0, 5.0]
    assert list(second["y"]) == ["x", "y"]
    assert fig["layout"]["annotations"][0]["text"] == "<b>甲 · A</b>"
    assert first["customdata"][2][1] == charts.OTHERS  # the page ignores clicks on "others"


def _crowded(n: int = 40) -> pd.DataFrame:
    """``n`` significant terms per side packed into a narrow band of frequency and z."""
    terms_a = [f"甲方词{i:02d}" for i in range(n)]
    terms_b = [f"乙方词{i:02d}" for i in range(n)]
    return pd.DataFrame(
        {
            "term": terms_a + terms_b,
            "total": [100 + i for i in range(n)] * 2,
            "z": [3.0 + 0.01 * i for i in range(n)] + [-3.0 - 0.01 * i for i in range(n)],
        }
    )


def _labelled(fig: dict) -> dict[str, list[str]]:
    return {t["name"]: [x for x in t["text"] if x] for t in fig["data"]}


@pytest.mark.parametrize("top", [0, 3, 12])
def test_contrast_chart_labels_at_most_top_n_per_side_strongest_first(top: int) -> None:
    fig = charts.contrast_chart(
        _crowded(), term_col="term", freq_col="total", stat_col="z", label_a="A", label_b="B", top=top
    ).to_dict()
    shown = _labelled(fig)
    assert 0 < len(shown["A"]) <= top if top else shown["A"] == []
    assert len(shown["B"]) <= top
    if top:  # the strongest term of each side always gets its label
        assert "甲方词39" in shown["A"] and "乙方词39" in shown["B"]
        assert set(shown["A"]) <= {f"甲方词{i:02d}" for i in range(40 - top, 40)}
    # every term keeps its hover text
    assert sum(len(t["customdata"]) for t in fig["data"]) == 80


def test_place_labels_never_overlaps_boxes() -> None:
    xs = [0.5 + 0.001 * i for i in range(30)]
    ys = [3.0 + 0.002 * i for i in range(30)]
    texts = [f"冷战思维{i}" for i in range(30)]
    spots = charts.place_labels(xs, ys, texts, x_range=(0, 3), y_range=(-8, 8))
    assert spots[0] is not None  # the most important label always finds a spot
    assert None in spots  # 30 labels cannot all fit around one spot
    # reconstruct the boxes the same way and check they are pairwise disjoint
    boxes = []
    for x, y, text, spot in zip(xs, ys, texts, spots, strict=True):
        if spot is None:
            continue
        px, py = x / 3 * 820, (8 - y) / 16 * 360
        boxes.append(charts._label_box(px, py, charts._text_px(text, char_px=14), 20, spot, 6))
    for a, b in itertools.combinations(boxes, 2):
        assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    # spread-out points all get their first choice
    assert charts.place_labels([0, 1, 2], [0, 5, -5], ["a", "b", "c"]) == ["top right"] * 3


def test_unit_labels_relabel_axes_but_customdata_keeps_raw_units() -> None:
    names = {"中国外交部": "中国外交部 · MFA", "美国国务院": "美国国务院 · State"}
    matrix = RATES.pivot_table(index="unit", columns="frame", values="rate")
    heat = charts.heatmap(matrix, unit_labels=names).to_dict()
    assert list(heat["data"][0]["y"]) == ["中国外交部 · MFA", "美国国务院 · State"]
    assert heat["data"][1]["customdata"][0][0] == "中国外交部"
    assert heat["data"][1]["customdata"][0][5] == "中国外交部 · MFA"
    naming = pd.DataFrame({"unit": ["中国外交部"], "naming": ["印太/亚太"], "share": [0.2], "n": [5]})
    fig = charts.naming_chart(
        naming,
        unit_col="unit",
        naming_col="naming",
        share_col="share",
        n_col="n",
        unit_labels={"中国外交部": "中国 <b>外交部</b>"},
    ).to_dict()
    assert list(fig["data"][0]["y"]) == ["中国 &lt;b&gt;外交部&lt;/b&gt;"]
    assert fig["data"][0]["customdata"][0][0] == "中国外交部"
    sm = _sm(unit_hover={"中国外交部": "中国外交部 · Ministry of Foreign Affairs"})
    assert "Ministry of Foreign Affairs" in sm["data"][0]["hovertemplate"]


def test_time_chart_points_carry_unit_key_and_period() -> None:
    data = pd.DataFrame(
        {
            "period": pd.to_datetime(["2023-01-01", "2023-04-01"]),
            "period_end": pd.to_datetime(["2023-03-31", "2023-06-30"]),
            "unit": ["中国", "中国"],
            "key": ["冷战对抗", "冷战对抗"],
            "series": ["中国 · 冷战对抗"] * 2,
            "count": [4, 0],
            "rate": [1.5, 0.0],
        }
    )
    fig = charts.time_chart(
        data,
        period_col="period",
        series_col="series",
        value_col="rate",
        count_col="count",
        unit_col="unit",
        key_col="key",
        period_end_col="period_end",
    ).to_dict()
    custom = [list(c) for c in fig["data"][0]["customdata"]]
    assert custom[0][:5] == ["中国", "冷战对抗", "2023-01-01", "2023-03-31", 4]
    assert custom[1][2:4] == ["2023-04-01", "2023-06-30"]
    assert fig["layout"]["clickmode"] == "event+select"
