"""Every page through Streamlit's AppTest: runs cleanly, filters change the numbers, navigation, drill-down."""

from __future__ import annotations

import json
import re
from datetime import date
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


def _plain(markdown: str) -> str:
    """Markdown source with backslash escapes removed (what the reader sees)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _captions(at: AppTest) -> str:
    return "\n".join(_plain(c.value) for c in at.caption)


def _click(at: AppTest, key: str, customdata: list) -> None:
    at.session_state[key] = {
        "selection": {"points": [{"customdata": customdata}], "point_indices": [0], "box": [], "lasso": []}
    }
    at.run()
    _clean(at)


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
    assert any(unit in _plain(s.value) and frame in _plain(s.value) for s in at.subheader)
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


def _demo():  # type: ignore[no-untyped-def]
    from dashboard.pipeline import load_demo_corpus

    return load_demo_corpus().corpus


def _hits_caption(at: AppTest) -> tuple[int, int]:
    """(statements, hits) from the "共 N 条陈述 · H 次命中" caption."""
    for text in (c.value for c in at.caption):
        found = re.search(r"共 (\d+) 条陈述 · (\d+) 次命中", text)
        if found:
            return int(found[1]), int(found[2])
    raise AssertionError(_captions(at))


def test_timeline_point_click_opens_the_evidence_of_that_unit_key_and_period() -> None:
    at = _app("timeline")
    spec = _charts(at)[0]
    points = [list(c) for trace in spec["data"] for c in trace["customdata"]]
    unit, frame, start, end, count = next(p for p in points if int(p[4]) > 0)[:5]
    _click(at, "tl_chart", [unit, frame, start, end, count])
    heading = next(_plain(s.value) for s in at.subheader if unit in _plain(s.value))
    assert frame in heading and f"{start}–{end}" in heading
    assert _hits_caption(at)[1] == int(count)  # the rows add up to the clicked point
    at.button(key="tl_open_evidence").click().run()
    _clean(at)
    assert at.title[0].value == "证据原文"
    assert at.selectbox(key="ev_unit").value == unit
    assert f"{start}–{end}" in _captions(at)
    assert _hits_caption(at)[1] == int(count)
    at.switch_page(str(PAGE_DIR / "evidence.py")).run()  # AppTest reruns its own page, not st.switch_page's
    at.button(key="ev_clear_period").click().run()
    _clean(at)
    assert _hits_caption(at)[1] >= int(count)
    assert f"{start}–{end}" not in _captions(at)


def test_evidence_of_a_unit_under_a_frame_filter_lists_only_those_frames_hits() -> None:
    from dashboard import analysis

    at = _app("evidence")
    frame = at.multiselect(key="frames").options[0]
    at.multiselect(key="frames").set_value([frame]).run()
    unit = "中国外交部"
    at.selectbox(key="ev_unit").set_value(unit).run()
    _clean(at)
    filtered = analysis.apply_filters(_demo(), analysis.Filters(frames=(frame,)))
    rates = analysis.frame_rates(filtered, by="actor", level="frame")
    expected_hits = int(rates[rates["unit"] == unit]["count"].sum())
    expected_rows = analysis.evidence(filtered, unit=unit, frame=[frame])
    assert expected_hits > 0
    assert _hits_caption(at) == (len(expected_rows), expected_hits)  # = the charts' number
    everything = analysis.evidence(analysis.apply_filters(_demo()), unit=unit)
    assert len(expected_rows) < len(everything)


def test_english_ui_names_groups_and_actors_in_english() -> None:
    at = _url_app("compare", {"lang": "en", "cmp_by": "group"})
    bars, heat, naming = _charts(at)[:3]
    assert any(re.search(r"^<b>中国 · China</b>$", a["text"]) for a in bars["layout"]["annotations"])
    assert "中国 · China" in heat["data"][0]["y"]
    assert "中国 · China" in naming["data"][0]["y"] or any(
        "中国 · China" in t.get("y", []) for t in naming["data"]
    )
    at = _url_app("compare", {"lang": "en"})
    bars, heat = _charts(at)[:2]
    hovers = " ".join(t["hovertemplate"] for t in bars["data"])
    assert "中国外交部 · Ministry of Foreign Affairs of China" in hovers
    assert any("Ministry of Foreign Affairs" in str(c[5]) for c in heat["data"][1]["customdata"])
    at = _url_app("contrast", {"lang": "en"})
    annotations = " ".join(a["text"] for a in _charts(at)[0]["layout"]["annotations"])
    assert re.search(r"↑ \S+ · [A-Z]", annotations)
    at = _url_app("timeline", {"lang": "en"})
    assert all(re.search(r"^\S+ · [A-Z]", t["name"]) for t in _charts(at)[0]["data"])


def test_corpus_tables_have_translated_headers_but_keep_their_column_names() -> None:
    for lang, speaker, term in (("zh", "说话人", "词语"), ("en", "Speaker", "Term")):
        at = _url_app("corpus_page", {"lang": lang})
        configs = [json.loads(d.proto.columns) for d in at.get("dataframe") if d.proto.columns]
        labels = {col: cfg.get("label") for c in configs for col, cfg in c.items()}
        assert labels["speaker"] == speaker  # unresolved speakers
        assert labels["term"] == term  # lexicon editor
        assert labels["actor_en"] and labels["name_en"] and labels["prefixes"]  # registry editors
    at.button(key="lex_apply").click().run()  # the edited table still has the data's column names
    _clean(at)
    assert "term" in at.session_state["_lexicon"].columns


def test_download_names_carry_the_corpus_date_span_or_the_filter() -> None:
    at = _app("compare")
    first, last = _metric_from_overview()
    name = json.loads(at.get("plotly_chart")[0].proto.config)["toImageButtonOptions"]["filename"]
    assert name == f"compare_frames_rate_{first[:7]}_{last[:7]}"
    at.date_input(key="from").set_value(date.fromisoformat(first[:4] + "-12-01")).run()
    _clean(at)
    name = json.loads(at.get("plotly_chart")[0].proto.config)["toImageButtonOptions"]["filename"]
    assert name.startswith(f"compare_frames_rate_{first[:4]}-12_")


def _metric_from_overview() -> tuple[str, str]:
    at = _app()
    return _metric(at, "最早日期"), _metric(at, "最新日期")


#: Markup in an uploaded outlet/title. Ingest already drops emphasis and tags (``*x*`` -> ``x``,
#: ``<b>x</b>`` -> ``x``); a link, a Streamlit directive, maths and an entity-encoded tag survive it.
EVIL = "*x* [a](javascript:alert(1)) <b>x</b> :red[x] $x$ &lt;i&gt;"


def _assert_escaped(markdown: str) -> None:
    """The payload is in the Markdown source only in escaped form: it renders as typed."""
    assert "javascript" in markdown
    bare = re.sub(r"\\.", "", markdown)  # drop every escaped character
    for raw in ("*x*", "](", "[a]", "<b>", ":red[", "$x$", "<i>"):
        assert raw not in bare, markdown


def test_user_labels_are_escaped_in_markdown_subheaders_and_captions() -> None:
    record = {
        "title": "标题" + EVIL,
        "outlet": EVIL,
        "date": "2024-05-01",
        "text": "外交部发言人表示，中方反对冷战思维和零和博弈。\n报道称，北约在印太地区推进冷战思维。",
    }
    at = _app("corpus_page")
    upload = (json.dumps(record, ensure_ascii=False) + "\n").encode()
    at.file_uploader(key="uploads").set_value([("evil.jsonl", upload, "application/json")]).run()
    assert not at.exception, [e.value for e in at.exception]
    outlet = next(o for o in at.multiselect(key="outlets").options if "javascript" in o)
    assert "](javascript" in outlet and "<i>" in outlet  # the markup reached the corpus
    at.multiselect(key="outlets").set_value([outlet]).run()
    at.switch_page(str(PAGE_DIR / "compare.py")).run()
    _clean(at)
    at.segmented_control(key="cmp_by").set_value("outlet").run()
    _clean(at)
    captions = [c.value for c in at.caption if "javascript" in c.value]
    assert captions
    for caption in captions:  # chart captions: n and the active filter (the outlet)
        _assert_escaped(caption)
    custom = next(list(c) for c in _charts(at)[0]["data"][0]["customdata"] if int(c[2]) > 0)
    _click(at, "cmp_bars", custom[:3])
    heading = next(s.value for s in at.subheader if "javascript" in s.value)
    _assert_escaped(heading)  # "evidence for the selection: <outlet> · <frame>"
    at.button(key="cmp_open_evidence").click().run()
    _clean(at)
    assert at.title[0].value == "证据原文"
    _assert_escaped(next(s.value for s in at.subheader if "javascript" in s.value))
    evidence_captions = [c.value for c in at.caption if "javascript" in c.value]
    assert len(evidence_captions) >= 2  # the filter line and each statement's outlet / title
    for caption in evidence_captions:
        _assert_escaped(caption)


def _write_store(out: Path) -> int:
    """Extract two synthetic articles into a store like `python -m dashboard extract --out DIR`."""
    import pandas as pd

    from dashboard.lexicon import load_lexicon
    from dashboard.pipeline import extract, save_corpus
    from dashboard.registry import load_registry

    articles = pd.DataFrame(
        {
            "article_id": ["s1", "s2"],
            "title": ["存储一", "存储二"],
            "outlet": ["存储日报", "存储日报"],
            "date": pd.to_datetime(["2021-03-02", "2022-07-09"]),
            "url": ["", ""],
            "language": ["zh-Hans", "zh-Hans"],
            "text": ["外交部发言人表示，中方反对冷战思维。", "北约秘书长称，北约将加强与印太伙伴的合作。"],
            "captions": ["", ""],
            "dateline": ["", ""],
            "source_file": ["a.md", "b.md"],
            "synthetic": [True, True],
        }
    )
    result = extract(articles, lexicon=load_lexicon(), registry=load_registry())
    save_corpus(result.corpus, out)
    return len(articles)


def test_framing_store_env_var_opens_an_extracted_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    n = _write_store(tmp_path / "store")
    monkeypatch.setenv("FRAMING_STORE", str(tmp_path / "store"))
    at = _app()
    assert _metric(at, "文章") == str(n)
    assert _metric(at, "最早日期") == "2021-03-02"
    assert not any(BANNER in w.value for w in at.warning)  # its meta does not say demo
    at.switch_page(str(PAGE_DIR / "corpus_page.py")).run()
    _clean(at)
    assert any(str(tmp_path / "store") in _plain(c.value) for c in at.caption)
    # re-matching needs the article text, which the store is opened without: it is read on demand
    at.button(key="lex_apply").click().run()
    _clean(at)
    assert _metric_after_overview(at) == str(n)
    at.switch_page(str(PAGE_DIR / "compare.py")).run()
    _clean(at)
    name = json.loads(at.get("plotly_chart")[0].proto.config)["toImageButtonOptions"]["filename"]
    assert name == "compare_frames_rate_2021-03_2022-07"


def _metric_after_overview(at: AppTest) -> str:
    at.switch_page(str(PAGE_DIR / "overview.py")).run()
    return _metric(at, "文章")


def test_unreadable_framing_store_falls_back_to_the_demo_with_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRAMING_STORE", str(tmp_path / "missing"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert any("FRAMING_STORE" in e.value for e in at.error)
    assert any(BANNER in w.value for w in at.warning)
