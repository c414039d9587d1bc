"""Every page through Streamlit's AppTest: runs cleanly, filters change the numbers, navigation, drill-down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
PAGE_DIR = ROOT / "dashboard" / "app_pages"
PAGES = ["overview", "compare", "contrast", "timeline", "evidence", "corpus_page"]
BANNER = "synthetic demo corpus"

pytestmark = pytest.mark.filterwarnings("ignore")


def _app(page: str = "overview") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    if page != "overview":
        at.switch_page(str(PAGE_DIR / f"{page}.py")).run()
    _clean(at)
    return at


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def _charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_and_shows_the_demo_banner(page: str) -> None:
    at = _app(page)
    assert any(BANNER in w.value for w in at.warning)
    assert at.title[0].value


@pytest.mark.parametrize("page", ["overview", "compare", "contrast", "timeline"])
def test_every_chart_page_has_a_chart_with_n_and_filter_caption(page: str) -> None:
    at = _app(page)
    assert _charts(at)
    assert "n = " in _captions(at) and "全部陈述" in _captions(at)


def test_group_filter_changes_the_overview_numbers() -> None:
    at = _app()
    before = int(_metric(at, "陈述"))
    group = at.multiselect(key="groups").options[0]
    at.multiselect(key="groups").set_value([group]).run()
    _clean(at)
    after = int(_metric(at, "陈述"))
    assert 0 < after < before
    assert f"国家/集团: {group}" in _captions(at)


def test_narration_toggle_changes_the_compare_chart() -> None:
    at = _app("compare")
    at.segmented_control(key="cmp_by").set_value("outlet").run()  # narration is the outlets' own text
    before = _charts(at)[0]
    at.toggle(key="narration").set_value(False).run()
    _clean(at)
    after = _charts(at)[0]
    assert before["data"] != after["data"]
    assert "不含媒体叙述" in _captions(at)


def test_filters_survive_page_switching_and_language_switch() -> None:
    at = _app()
    group = at.multiselect(key="groups").options[0]
    at.multiselect(key="groups").set_value([group]).run()
    at.switch_page(str(PAGE_DIR / "timeline.py")).run()
    _clean(at)
    assert at.multiselect(key="groups").value == [group]
    assert f"国家/集团: {group}" in _captions(at)
    at.segmented_control(key="lang").set_value("en").run()
    _clean(at)
    assert at.title[0].value == "Over time"
    assert at.multiselect(key="groups").value == [group]
    assert f"groups: {group}" in _captions(at)  # the caption follows the UI language


def test_clicking_a_bar_shows_its_evidence_and_opens_the_evidence_page() -> None:
    at = _app("compare")
    spec = _charts(at)[0]
    unit, frame, count = spec["data"][0]["customdata"][0][:3]
    at.session_state["cmp_bars"] = {
        "selection": {
            "points": [{"customdata": [unit, frame, count]}],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }
    at.run()
    _clean(at)
    assert any(unit in s.value and frame in s.value for s in at.subheader)
    assert at.dataframe
    at.button(key="cmp_open_evidence").click().run()
    _clean(at)
    assert at.title[0].value == "证据原文"
    assert at.selectbox(key="ev_unit").value == unit
    assert at.selectbox(key="ev_frame").value == frame
    # the evidence rows add up to the number behind the clicked bar
    assert any(f"· {count} 次命中" in c.value for c in at.caption)


def test_evidence_page_highlights_terms_and_paginates() -> None:
    at = _app("evidence")
    assert any("选择" in i.value for i in at.info)
    unit = at.selectbox(key="ev_unit").options[0]
    at.selectbox(key="ev_unit").set_value(unit).run()
    _clean(at)
    texts = [m.value for m in at.markdown]
    assert any(":orange-background[" in t for t in texts)
    assert at.get("pagination") or len(texts) <= 25


def test_contrast_method_switch_says_which_statistic_is_shown() -> None:
    at = _app("contrast")
    assert any("Fightin' Words" in i.value for i in at.info)
    at.selectbox(key="con_method").set_value("chi2").run()
    _clean(at)
    assert any("卡方" in i.value for i in at.info)
    at.segmented_control(key="con_mode").set_value("tokens").run()
    _clean(at)
    assert _charts(at)


def test_contrast_suggestion_is_added_to_the_session_lexicon() -> None:
    at = _app("contrast")
    buttons = [b for b in at.button if b.key and b.key.startswith("con_add_")]
    if not buttons:
        pytest.skip("no suggestions on this corpus")
    buttons[0].click().run()
    _clean(at)
    lexicon = at.session_state["_lexicon"]
    assert "建议新增" in set(lexicon["frame"])


def test_upload_replaces_the_corpus_and_reports_speakers_and_errors() -> None:
    article = (
        "---\ntitle: 测试上传\noutlet: 测试日报\ndate: 2024-05-01\n---\n\n"
        "外交部发言人表示，中方反对冷战思维和零和博弈。\n\n"
        "北约秘书长称，北约将加强与印太伙伴的合作。\n"
    ).encode()
    at = _app("corpus_page")
    at.file_uploader(key="uploads").set_value(
        [("upload.md", article, "text/markdown"), ("broken.csv", b"\xff\xfe\x00garbage", "text/csv")]
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("1" in s.value for s in at.success)
    assert any("broken" in e.value for e in at.error)  # each import error is listed
    assert not any(BANNER in w.value for w in at.warning)  # the uploaded corpus replaced the demo
    speakers = at.table[0].value
    assert len(speakers) >= 1
    at.switch_page(str(PAGE_DIR / "overview.py")).run()
    _clean(at)
    assert _metric(at, "文章") == "1"
    at.switch_page(str(PAGE_DIR / "corpus_page.py")).run()
    at.button(key="reset").click().run()
    assert any(BANNER in w.value for w in at.warning)


def test_applying_lexicon_and_registry_edits_rematches_and_keeps_the_demo_flag() -> None:
    at = _app("corpus_page")
    at.button(key="lex_apply").click().run()
    _clean(at)
    assert "_lexicon" in at.session_state
    at.button(key="reg_apply").click().run()
    _clean(at)
    assert "_registry" in at.session_state
    assert any(BANNER in w.value for w in at.warning)  # still the (re-matched) demo corpus
    at.switch_page(str(PAGE_DIR / "overview.py")).run()
    _clean(at)
    assert int(_metric(at, "陈述")) > 0


def _url_app(page: str, params: dict[str, str | list[str]]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(params)
    at.run()
    if page != "overview":
        at.switch_page(str(PAGE_DIR / f"{page}.py")).run()
    _clean(at)
    return at


def test_option_widgets_write_codes_to_the_url() -> None:
    at = _app("compare")
    at.segmented_control(key="cmp_by").set_value("group").run()
    at.segmented_control(key="cmp_measure").set_value("share").run()
    _clean(at)
    assert at.query_params["cmp_by"] == "group"  # never the label 国家/集团
    assert at.query_params["cmp_measure"] == "share"


@pytest.mark.parametrize("value", ["group", "国家/集团", "Group"])
def test_a_url_made_in_either_language_reopens_the_view_in_english(value: str) -> None:
    at = _url_app("compare", {"lang": "en", "cmp_by": value, "frames": "冷战对抗"})
    assert at.title[0].value == "Compare actors"
    assert at.segmented_control(key="cmp_by").value == "group"
    assert at.multiselect(key="frames").value == ["冷战对抗"]
    assert "frames: 冷战对抗" in _captions(at)


def test_language_link_accepts_code_and_label() -> None:
    for value in ("en", "English"):
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params["lang"] = value
        at.run()
        assert at.title[0].value == "Overview"


def test_placeholders_follow_the_ui_language() -> None:
    at = _app()
    assert "Choose options" not in str(at.multiselect(key="groups").proto)
    assert at.multiselect(key="groups").proto.placeholder == "全部（不限）"


def test_compare_defaults_to_the_most_speaking_actors_without_narration() -> None:
    at = _app("compare")
    chosen = at.multiselect(key="cmp_units_actor").value
    assert len(chosen) == 6
    from dashboard import analysis
    from dashboard.pipeline import load_demo_corpus

    summary = analysis.unit_summary(load_demo_corpus().corpus, by="actor").set_index("unit")
    assert not set(summary.loc[chosen, "group"]) & {"媒体", "未识别"}
    # one panel per chosen actor, each listing every frame label
    spec = _charts(at)[0]
    assert [t["name"] for t in spec["data"]] == chosen
    assert spec["layout"]["yaxis"]["tickmode"] == "array"


def test_overview_shows_first_and_last_date_in_full() -> None:
    at = _app()
    first, last = _metric(at, "最早日期"), _metric(at, "最新日期")
    assert len(first) == len(last) == 10 and first <= last


def test_overview_bar_click_opens_the_evidence_of_that_group_and_frame() -> None:
    at = _app()
    spec = _charts(at)[0]
    group, frame, count = spec["data"][0]["customdata"][0][:3]
    at.session_state["ov_top"] = {
        "selection": {
            "points": [{"customdata": [group, frame, count]}],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }
    at.run()
    _clean(at)
    assert at.title[0].value == "证据原文"
    assert at.segmented_control(key="ev_by").value == "group"
    assert at.selectbox(key="ev_frame").value == frame
