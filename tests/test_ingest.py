"""Import layer: formats, real-world export clean-up, encodings, dates, datelines, bad and hostile input."""

from __future__ import annotations

import io
import stat
import time
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from dashboard import ingest
from dashboard.ingest import (
    COLUMN_ALIASES,
    FOOTER_PATTERNS,
    MIN_TEXT_CHARS,
    ArticleError,
    ImportIssue,
    Limits,
    decode_bytes,
    detect_language,
    load_bytes,
    load_many,
    load_paths,
    parse_date,
    parse_dateline,
    parse_text_article,
)
from dashboard.schema import ARTICLE_COLUMNS

FIX = Path(__file__).parent / "fixtures" / "ingest"
BODY = "外交部发言人表示，北约应摒弃冷战思维，停止渲染所谓“中国威胁”。"  # > MIN_TEXT_CHARS


def _one(name: str, data: bytes) -> dict[str, object]:
    res = load_bytes(name, data)
    assert res.issues == [], [str(i) for i in res.issues]
    assert len(res.articles) == 1
    return res.articles.iloc[0].to_dict()


def _reasons(res: ingest.ImportResult) -> list[str]:
    return [str(i) for i in res.issues]


# ---------------------------------------------------------------------------------------------------
# The messy real-world export and its encodings

MESSY_TEXT = (
    "当地时间7月11日，北约峰会在维尔纽斯开幕。峰会发表的联合公报称，北约面临所谓“系统性挑战”，"
    "并鼓吹“基于规则的国际秩序”。\n"
    "对此，中国外交部发言人12日在例行记者会上表示，北约应摒弃冷战思维和零和博弈，停止渲染所谓“中国威胁”。\n"
    "美智库大西洋战略研究所研究员Daniel Brooks认为，公报措辞明显强硬，“印太”一词出现多次。"
)


@pytest.mark.parametrize("name", ["messy_export.md", "messy_export_gbk.txt", "messy_export_utf16.md"])
def test_messy_export_imports_clean(name: str) -> None:
    a = _one(name, (FIX / name).read_bytes())
    assert a["title"] == "北约峰会公报再提“系统性挑战” 外交部：坚决反对"  # repeated "# title" -> once
    assert a["text"] == MESSY_TEXT  # wraps joined, emphasis/link stripped, footer and images gone
    assert a["captions"] == "北约峰会现场，图自社交媒体\n会场外景，图自网络"
    assert a["dateline"] == "（环宇观察网讯）"
    assert a["outlet"] == "环宇观察网"
    assert a["language"] == "zh-Hans"
    assert pd.isna(a["date"])
    assert a["source_file"] == name
    assert a["synthetic"] is False or a["synthetic"] == False  # noqa: E712 (numpy bool)
    assert len(str(a["article_id"])) == 16


def test_messy_export_fixture_really_is_messy() -> None:
    raw = (FIX / "messy_export.md").read_bytes()
    assert b"\r\n" in raw and b"![](" in raw and b"**" in raw
    assert (FIX / "messy_export_utf16.md").read_bytes()[:2] == b"\xff\xfe"
    with pytest.raises(UnicodeDecodeError):
        (FIX / "messy_export_gbk.txt").read_bytes().decode("utf-8")


def test_encodings_give_identical_articles_and_are_duplicates() -> None:
    res = load_paths([FIX / "messy_export.md", FIX / "messy_export_gbk.txt", FIX / "messy_export_utf16.md"])
    assert len(res.articles) == 1
    assert [i.kind for i in res.issues] == ["duplicate", "duplicate"]
    first = str(FIX / "messy_export.md")
    assert str(res.issues[0]) == (
        f"{FIX / 'messy_export_gbk.txt'}: duplicate of {first} (same text); imported once"
    )


@pytest.mark.parametrize(
    ("prefix", "encoding"),
    [
        (b"\xef\xbb\xbf", "utf-8"),
        (b"", "utf-8"),
        (b"", "gb18030"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ],
)
def test_decode_bytes(prefix: bytes, encoding: str) -> None:
    text = "北约峰会闭幕，外交部发言人回应。“印太”与“亚太”之争仍在继续。"
    decoded, _ = decode_bytes(prefix + text.encode(encoding))
    assert decoded == text


def test_big5_traditional_file_detected() -> None:
    a = _one("huasheng_big5.txt", (FIX / "huasheng_big5.txt").read_bytes())
    assert a["language"] == "zh-Hant"
    assert a["title"] == "北美華聲報：峰會後的兩岸觀察"  # first short line of a plain-text export
    assert a["dateline"] == "（北美華聲報記者 某某 綜合報導）"
    assert a["outlet"] == "北美華聲報"
    assert str(a["text"]).startswith("北約峰會聯合公報再次提及中國。")
    assert "「中國威脅」" in str(a["text"])


def test_traditional_front_matter_article() -> None:
    a = _one("gangwan_trad.md", (FIX / "gangwan_trad.md").read_bytes())
    assert a["title"] == "北約峰會閉幕 外交部發言人批評「冷戰思維」"
    assert a["outlet"] == "港湾日报"  # metadata wins over the dateline
    assert a["dateline"] == "【港灣日報訊】"
    assert a["date"] == pd.Timestamp("2023-07-12 20:30")  # +08:00 dropped, local wall time kept
    assert a["url"] == "https://hk.example.invalid/2023/07/12/nato"
    assert a["language"] == "zh-Hant"
    assert bool(a["synthetic"]) is True
    assert a["text"] == (
        "北約峰會當地時間12日在維爾紐斯閉幕。中國外交部發言人表示，北約應摒棄「冷戰思維」，停止製造對抗。\n"
        "有分析人士認為，所謂「印太戰略」正在加劇地區緊張。"
    )  # traditional kept as written, 責任編輯 footer removed


def test_dateline_month_day_with_year_from_file_name() -> None:
    a = _one("dongfang_2023.md", (FIX / "dongfang_2023.md").read_bytes())
    assert a["dateline"] == "本报北京7月12日电（记者 某某）"
    assert a["outlet"] == "东方时报"
    assert a["date"] == pd.Timestamp("2023-07-12")
    assert str(a["text"]).startswith(
        "外交部发言人12日表示，北约峰会公报充斥冷战思维和意识形态偏见，中方对此坚决反对。\n"
    )


def test_dateline_year_from_metadata_and_full_metadata_date_kept() -> None:
    raw = f"---\ndate: 2023\n---\n新京视点7月12日讯 {BODY}\n"
    a = parse_text_article(raw, source="x.md")
    assert a["date"] == datetime(2023, 7, 12) and a["outlet"] == "新京视点"
    raw = f"---\ndate: 2024-01-02\n---\n新京视点7月12日讯 {BODY}\n"
    assert parse_text_article(raw, source="x.md")["date"] == datetime(2024, 1, 2)
    a = parse_text_article(f"新京视点7月12日讯 {BODY}", source="x.md")
    assert a["date"] is None and a["dateline"] == "新京视点7月12日讯"  # no year known: undated


def test_english_wire_story() -> None:
    a = _one("en_wire.md", (FIX / "en_wire.md").read_bytes())
    assert a["language"] == "en"
    assert a["dateline"] == "BRUSSELS, June 14 (Huaxia)"
    assert a["outlet"] == "Huaxia"
    assert "analyst Daniel Brooks of the fictional" in str(a["text"])  # Latin words keep one space
    assert str(a["text"]).count("\n") == 1


# ---------------------------------------------------------------------------------------------------
# Individual clean-up rules


def test_title_repeated_and_identical_dropped_different_subtitle_kept() -> None:
    a = parse_text_article(f"# 标题甲\n# 标题甲\n\n## 副标题\n\n{BODY}", source="x.md")
    assert a["title"] == "标题甲"
    assert a["text"] == f"副标题\n{BODY}"
    a = parse_text_article(f"---\ntitle: 标题乙\n---\n# 标题乙\n\n{BODY}", source="x.md")
    assert a["title"] == "标题乙" and a["text"] == BODY


def test_hashtag_line_is_not_a_title() -> None:
    a = parse_text_article(f"#北约峰会# {BODY}", source="x.md")
    assert a["title"] == "" and a["text"] == f"#北约峰会# {BODY}"


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        ("北约峰会公报\n称", "北约峰会公报称"),
        ("研究员Julianne\nSmith认为", "研究员Julianne Smith认为"),
        ("said on\nWednesday", "said on Wednesday"),
        ("表示，\n“印太”", "表示，“印太”"),
        ("well-\nknown", "well-known"),
        ("行尾全角空格\u3000\u3000\n继续", "行尾全角空格继续"),
    ],
)
def test_hard_wraps_rejoined(lines: str, joined: str) -> None:
    a = parse_text_article(f"{BODY}\n\n{lines}再加一些文字让段落足够长。", source="x.md")
    assert a["text"] == f"{BODY}\n{joined}再加一些文字让段落足够长。"


def test_one_paragraph_per_line_text_keeps_paragraphs() -> None:
    raw = "标题行\n第一段的内容在这里，外交部发言人表示反对。\n第二段的内容在这里，北约秘书长作出回应。\n"
    a = parse_text_article(raw, source="x.txt")
    assert a["title"] == "标题行"
    assert a["text"] == "第一段的内容在这里，外交部发言人表示反对。\n第二段的内容在这里，北约秘书长作出回应。"


def test_indented_lines_start_paragraphs() -> None:
    raw = f"\u3000\u3000{BODY}\n\u3000\u3000第二段，北约秘书长作出回应。\n\n"
    a = parse_text_article(raw, source="x.txt", guess_title=False)
    assert a["text"] == f"{BODY}\n第二段，北约秘书长作出回应。"


def test_markdown_markup_stripped() -> None:
    raw = (
        f"{BODY}\n\n**加粗**和__加粗__、_斜体_、*斜体*、~~删除~~、`代码`、[链接文字](https://x.example.invalid/a_b)、"
        "<https://y.example.invalid>、<b>标签</b>、A&amp;B、\\*星号\\*。\n\n> 引用段落的文字内容在这里。\n\n- 列表项的文字内容。"
    )
    a = parse_text_article(raw, source="x.md")
    assert str(a["text"]).split("\n")[1:] == [
        "加粗和加粗、斜体、斜体、删除、代码、链接文字、https://y.example.invalid、标签、A&B、*星号*。",
        "引用段落的文字内容在这里。",
        "列表项的文字内容。",
    ]


def test_snake_case_and_urls_keep_underscores() -> None:
    a = parse_text_article(
        f"{BODY}\n\nfile_name_v2 和 https://x.example.invalid/a_b_c 保持原样。", source="x.md"
    )
    assert "file_name_v2 和 https://x.example.invalid/a_b_c" in str(a["text"])


def test_images_dropped_captions_kept_apart() -> None:
    raw = (
        f"{BODY}\n\n![](https://img.example.invalid/a.jpg)\n\n_北约峰会现场，图自社交媒体_\n\n"
        "![图片](https://img.example.invalid/b.jpg)\n资料图：北约总部外景\n\n"
        '<img src="https://img.example.invalid/c.jpg">\n*会场，图源网络*\n\n'
        "[![](https://img.example.invalid/d.jpg)](https://x.example.invalid)\n\n最后一段正文，北约秘书长作出回应。"
    )
    a = parse_text_article(raw, source="x.md")
    assert a["captions"] == "北约峰会现场，图自社交媒体\n资料图：北约总部外景\n会场，图源网络"
    assert a["text"] == f"{BODY}\n最后一段正文，北约秘书长作出回应。"


def test_italic_line_not_after_image_is_body_unless_caption_like() -> None:
    a = parse_text_article(f"{BODY}\n\n_这是一句强调的正文内容。_", source="x.md")
    assert a["text"] == f"{BODY}\n这是一句强调的正文内容。" and a["captions"] == ""


FOOTER_EXAMPLES: dict[str, list[str]] = {
    "exclusive-copyright": ["**本文系环宇观察网独家稿件，未经授权，不得转载。**", "本文为东方时报原创稿件"],
    "no-reprint": ["未经授权，不得转载。", "未經授權，不得轉載"],
    "editor": [
        "（责任编辑：某某）",
        "责任编辑：某某",
        "（責任編輯：某某）",
        "编辑：某某",
        "【编辑：某某】",
        "責編：某某",
    ],
    "source": ["来源：新京视点", "來源：港灣日報", "来源｜环宇观察"],
    "original-title": ["原标题：北约峰会闭幕", "原標題：北約峰會閉幕", "原标题《北约峰会闭幕》"],
    "disclaimer": ["免责声明：本文仅供参考。", "免責聲明", "【版权声明】"],
    "reprint-note": ["转载请注明出处。", "如需转载请联系本网。"],
    "republished-from": ["本文来自微信公众号“某某观察”。", "本文转载自某某网。"],
    "opinion-disclaimer": ["本文仅代表作者个人观点。", "僅代表作者個人觀點"],
    "copyright": ["© 2023 环宇观察网", "Copyright 2023 Example Media."],
    "rights-reserved": ["环宇观察网 版权 All rights reserved."],
    "end-mark": ["（完）", "(完)", "END"],
    "app-promo": ["扫码关注我们", "欢迎关注新京视点客户端"],
    "app-furniture": [
        "点击蓝字 关注我们",
        "原创 环宇观察 环宇观察 2025年08月12日 07:45 北京",
        "分享  收藏  点赞  在看",
        "举报",
        "打开APP阅读全文",
        "點擊查看大圖",
    ],
}


def test_every_footer_pattern_has_examples() -> None:
    assert set(FOOTER_EXAMPLES) == {label for label, _ in FOOTER_PATTERNS}


@pytest.mark.parametrize(
    "footer", [f for examples in FOOTER_EXAMPLES.values() for f in examples], ids=lambda s: s[:12]
)
def test_footer_removed(footer: str) -> None:
    a = parse_text_article(f"{BODY}\n\n{footer}\n", source="x.md")
    assert a["text"] == BODY
    # also when glued to the body without a blank line
    a = parse_text_article(f"{BODY}\n{footer}\n", source="x.md")
    assert a["text"] == BODY


def test_wrapped_bold_footer_removed_and_trailing_editor_note() -> None:
    raw = f"{BODY}（责任编辑：某某）\n\n**本文系环宇观察网独家稿件，未经授权，\n不得转载。**\n"
    assert parse_text_article(raw, source="x.md")["text"] == BODY


def test_footer_like_words_inside_body_are_kept() -> None:
    text = "外交部发言人说，编辑部的来源可靠，北约的声明并不可信。"
    assert parse_text_article(text, source="x.md")["text"] == text


def test_header_info_lines_give_date_and_outlet() -> None:
    raw = f"# 标题\n\n发布时间：2023-07-12 08:00 来源：观察者网\n作者：某某\n\n{BODY}"
    a = parse_text_article(raw, source="x.md")
    assert a["date"] == datetime(2023, 7, 12, 8, 0) and a["outlet"] == "观察者网" and a["text"] == BODY


def test_footer_source_is_last_resort_outlet() -> None:
    a = parse_text_article(f"{BODY}\n\n来源：新京视点", source="x.md")
    assert a["outlet"] == "新京视点" and a["text"] == BODY


# ---------------------------------------------------------------------------------------------------
# Datelines (every shape in the demo spec)


@pytest.mark.parametrize(
    ("para", "dateline", "outlet", "month", "day"),
    [
        ("（观察者网讯）北约峰会闭幕。", "（观察者网讯）", "观察者网", None, None),
        ("【港灣日報訊】北約峰會閉幕。", "【港灣日報訊】", "港灣日報", None, None),
        (
            "新华社北京7月12日电（记者 张三）北约峰会闭幕。",
            "新华社北京7月12日电（记者 张三）",
            "新华社",
            7,
            12,
        ),
        ("中新网7月12日电 北约峰会闭幕。", "中新网7月12日电", "中新网", 7, 12),
        (
            "华夏社北京7月12日电（记者 某某）北约峰会闭幕。",
            "华夏社北京7月12日电（记者 某某）",
            "华夏社",
            7,
            12,
        ),
        ("华夏社布鲁塞尔6月14日电 北约峰会闭幕。", "华夏社布鲁塞尔6月14日电", "华夏社", 6, 14),
        ("本报讯 北约峰会闭幕。", "本报讯", "", None, None),
        ("本报讯（记者 某某）北约峰会闭幕。", "本报讯（记者 某某）", "", None, None),
        ("本报记者 某某 报道 北约峰会闭幕。", "本报记者 某某 报道", "", None, None),
        ("（记者 李明）北约峰会闭幕。", "（记者 李明）", "", None, None),
        ("新京视点7月12日讯 北约峰会闭幕。", "新京视点7月12日讯", "新京视点", 7, 12),
        ("参考消息网3月10日报道 北约峰会闭幕。", "参考消息网3月10日报道", "参考消息网", 3, 10),
        ("（南洋晨报综合报道）北约峰会闭幕。", "（南洋晨报综合报道）", "南洋晨报", None, None),
        (
            "（北美華聲報記者 某某 綜合報導）北約峰會閉幕。",
            "（北美華聲報記者 某某 綜合報導）",
            "北美華聲報",
            None,
            None,
        ),
        ("BEIJING, July 12 (Xinhua) -- The summit ended.", "BEIJING, July 12 (Xinhua)", "Xinhua", 7, 12),
    ],
)
def test_dateline_shapes(para: str, dateline: str, outlet: str, month: int | None, day: int | None) -> None:
    d = parse_dateline(para)
    assert d is not None
    assert (d.text, d.outlet, d.month, d.day) == (dateline, outlet, month, day)
    assert para[d.end :].lstrip("- ") in ("北约峰会闭幕。", "北約峰會閉幕。", "The summit ended.")


@pytest.mark.parametrize(
    "para",
    [
        "北约7月12日发表声明，称中国构成挑战。",
        "路透社3月9日报道，北约峰会闭幕。",  # a report in the body, not a dateline (no space after 报道)
        "（本文作者系某大学研究员）",
        "外交部发言人表示反对。",
        "（完）",
    ],
)
def test_not_a_dateline(para: str) -> None:
    assert parse_dateline(para) is None


def test_dateline_alone_on_its_line_is_removed() -> None:
    a = parse_text_article(f"（环宇观察网讯）\n\n{BODY}", source="x.md")
    assert a["dateline"] == "（环宇观察网讯）" and a["text"] == BODY and a["outlet"] == "环宇观察网"


# ---------------------------------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-07-12", datetime(2023, 7, 12)),
        ("2023-07-12T08:00+08:00", datetime(2023, 7, 12, 8, 0)),
        ("2023-07-12 08:00:30", datetime(2023, 7, 12, 8, 0, 30)),
        ("2023-07-12T08:00:00Z", datetime(2023, 7, 12, 8, 0)),
        ("2023年7月12日", datetime(2023, 7, 12)),
        ("2023年07月12日 08时30分", datetime(2023, 7, 12, 8, 30)),
        ("2023/7/12", datetime(2023, 7, 12)),
        ("20230712", datetime(2023, 7, 12)),
        ("12 July 2023", datetime(2023, 7, 12)),
        ("July 12, 2023", datetime(2023, 7, 12)),
        ("Jul 12 2023", datetime(2023, 7, 12)),
        ("Wed, 12 Jul 2023 08:00:00 +0800", datetime(2023, 7, 12, 8, 0)),
        (1689120000, datetime(2023, 7, 12)),
        ("1689120000", datetime(2023, 7, 12)),
        ("1689120000000", datetime(2023, 7, 12)),
        ("２０２３－０７－１２", datetime(2023, 7, 12)),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_parse_date(value: object, expected: datetime | None) -> None:
    assert parse_date(value)[0] == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-02-30", "impossible date '2023-02-30' (day is out of range for month)"),
        ("2023-13-01", "impossible date '2023-13-01' (month must be in 1..12)"),
        (
            "yesterday",
            "unparseable date 'yesterday' (expected e.g. 2023-07-12, 2023年7月12日, 12 July 2023 or epoch seconds)",
        ),
        ("12 Juky 2023", "unparseable date '12 Juky 2023' (unknown month 'Juky')"),
    ],
)
def test_parse_date_errors(value: str, message: str) -> None:
    with pytest.raises(ArticleError) as exc:
        parse_date(value)
    assert str(exc.value) == message


def test_bare_year_is_a_hint_not_a_date() -> None:
    assert parse_date("2023") == (None, 2023)


# ---------------------------------------------------------------------------------------------------
# Language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("北约峰会闭幕，外交部发言人表示坚决反对。", "zh-Hans"),
        ("北約峰會閉幕，外交部發言人表示堅決反對。", "zh-Hant"),
        ("The secretary general said the alliance faces systemic challenges.", "en"),
        ("Le secrétaire général a déclaré que l'alliance fait face à des défis.", "other"),
        ("北大西洋条約機構の首脳会議が開かれた。", "other"),
        ("12345 !!!", "other"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_language_from_metadata_normalized() -> None:
    assert parse_text_article(f"---\nlanguage: zh-TW\n---\n{BODY}", source="x.md")["language"] == "zh-Hant"


# ---------------------------------------------------------------------------------------------------
# Ids, hashes, schema


def test_article_id_stable_and_input_id_wins() -> None:
    a = parse_text_article(f"# T\n\n{BODY}", source="a.md")
    b = parse_text_article(f"# T\r\n\r\n{BODY}\r\n", source="b.md")
    assert a["article_id"] == b["article_id"] and a["content_hash"] == b["content_hash"]
    c = parse_text_article(f"---\nid: 42\n---\n# T\n\n{BODY}", source="c.md")
    assert c["article_id"] == "42"
    d = parse_text_article(f"---\noutlet: 东方时报\n---\n# T\n\n{BODY}", source="d.md")
    assert d["article_id"] == a["article_id"] and d["content_hash"] != a["content_hash"]


def test_nfc_normalization() -> None:
    decomposed = "Cafe\u0301 " + BODY
    assert parse_text_article(decomposed, source="x.md")["text"] == "Café " + BODY


def test_frame_columns_and_types() -> None:
    res = load_paths([FIX / "gangwan_trad.md"])
    assert list(res.articles.columns) == [*ARTICLE_COLUMNS, "content_hash"]
    assert str(res.articles["date"].dtype) == "datetime64[ns]"
    assert res.articles["synthetic"].dtype == bool
    empty = load_many([])
    assert list(empty.articles.columns) == [*ARTICLE_COLUMNS, "content_hash"] and empty.issues == []


# ---------------------------------------------------------------------------------------------------
# Tables


def test_csv_aliases_rows_and_errors() -> None:
    res = load_paths([FIX / "batch.csv"])
    src = str(FIX / "batch.csv")
    arts = res.articles.set_index("source_file")
    first = arts.loc[f"{src}#row=1"]
    assert first["title"] == "北约峰会开幕" and first["outlet"] == "环宇观察网"
    assert first["date"] == pd.Timestamp("2023-07-12") and bool(first["synthetic"]) is True
    assert first["url"] == "https://a.example.invalid/1" and first["dateline"] == "（环宇观察网讯）"
    second = arts.loc[f"{src}#row=2"]
    assert second["text"] == "外交部发言人表示，北约应摒弃冷战思维。\n发言人强调，亚太不是地缘争夺的角斗场。"
    assert second["date"] == pd.Timestamp("2023-07-12")  # epoch seconds
    assert _reasons(res) == [
        f"{src}#row=3: impossible date '2023-02-30' (day is out of range for month)",
        f"{src}#row=4: text too short: 3 characters of body (minimum {MIN_TEXT_CHARS})",
        f"{src}#row=5: malformed CSV (line 8): row has 7 fields, header has 6",
    ]


def test_tsv() -> None:
    res = load_paths([FIX / "batch.tsv"])
    assert res.issues == []
    a = res.articles.iloc[0]
    assert a["outlet"] == "南洋晨报" and a["date"] == pd.Timestamp("2023-07-12")


def test_jsonl_lines_and_errors() -> None:
    res = load_bytes("batch.jsonl", (FIX / "batch.jsonl").read_bytes())
    assert list(res.articles["article_id"]) == ["nj-001", "nj-004"]
    assert list(res.articles["source_file"]) == ["batch.jsonl#line=1", "batch.jsonl#line=6"]
    assert res.articles.iloc[1]["date"] == pd.Timestamp("2023-07-12")
    assert _reasons(res) == [
        "batch.jsonl#line=2: malformed JSON line: Expecting ',' delimiter (column 33)",
        "batch.jsonl#line=4: JSON line is a list, not an object",
        "batch.jsonl#line=5: no text column (found columns: 'id', 'headline', 'published'; "
        "expected one of: text, content, body, 正文, 内容, 內容)",
    ]


def test_csv_missing_text_column_reports_columns() -> None:
    res = load_bytes("x.csv", "title,date\n标题,2023-07-12\n".encode())
    assert _reasons(res) == [
        "x.csv: no text column (found columns: 'title', 'date'; expected one of: text, content, body, 正文, 内容, 內容)"
    ]


def test_csv_unclosed_quote_and_semicolon_and_gbk() -> None:
    res = load_bytes("x.csv", f'text,title\n"{BODY},t\n'.encode())
    assert _reasons(res) == ["x.csv#row=1: malformed CSV (line 2): unexpected end of data"]
    res = load_bytes("x.csv", f"title;content\n标题;{BODY}\n".encode("gbk"))
    assert res.issues == [] and res.articles.iloc[0]["text"] == BODY


def test_csv_header_only_and_bom_header() -> None:
    assert _reasons(load_bytes("x.csv", b"text,title\n")) == ["x.csv: no rows (only a header)"]
    res = load_bytes("x.csv", "\ufeffText,Title\n".encode() + f"{BODY},标题\n".encode())
    assert res.issues == [] and res.articles.iloc[0]["title"] == "标题"


def test_column_aliases_table_is_documented() -> None:
    doc = ingest.__doc__ or ""
    for fld, names in COLUMN_ALIASES.items():
        line = next(x for x in doc.splitlines() if x.strip().startswith(fld + " "))
        start = doc.index(line)
        block = doc[start : start + 300]
        for n in names:
            assert n in block, (fld, n)


def test_table_text_cell_gets_the_same_cleanup() -> None:
    cell = (
        f"![](https://img.example.invalid/x.jpg)\n_会场，图自网络_\n\n（观察者网讯）{BODY}\n\n责任编辑：某某"
    )
    res = load_bytes(
        "x.jsonl",
        (pd.Series([{"content": cell}]).to_json(orient="records", lines=True, force_ascii=False)).encode(),
    )
    a = res.articles.iloc[0]
    assert (a["text"], a["captions"], a["outlet"]) == (BODY, "会场，图自网络", "观察者网")


# ---------------------------------------------------------------------------------------------------
# Folders and zips


def test_folder_recursive_sorted_hidden_skipped() -> None:
    res = load_paths([FIX / "folder"])
    assert res.issues == []
    assert list(res.articles["source_file"]) == [
        str(FIX / "folder" / "a.md"),
        str(FIX / "folder" / "sub" / "b.txt"),
    ]
    assert list(res.articles["title"]) == ["文章甲", "文章乙"]


def _zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_members_processed_like_files() -> None:
    data = _zip(
        {
            "inner/b.md": (FIX / "gangwan_trad.md").read_bytes(),
            "inner/a.md": (FIX / "messy_export_gbk.txt").read_bytes(),
            "rows.csv": (FIX / "batch.csv").read_bytes(),
            "__MACOSX/inner/._a.md": b"\x00\x05junk",
            "inner/.DS_Store": b"\x00junk",
            "inner/": b"",
        }
    )
    res = load_bytes("batch.zip", data)
    assert list(res.articles["source_file"][:2]) == ["batch.zip/inner/a.md", "batch.zip/inner/b.md"]
    assert "batch.zip/rows.csv#row=1" in set(res.articles["source_file"])
    assert len(res.articles) == 4
    assert [i.source for i in res.errors] == [
        "batch.zip/rows.csv#row=3",
        "batch.zip/rows.csv#row=4",
        "batch.zip/rows.csv#row=5",
    ]
    assert res.articles.iloc[0]["text"] == MESSY_TEXT  # a GBK member decoded like a GBK file


def test_zip_unsafe_members_refused_others_import() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../escape.md", f"# x\n\n{BODY}")
        zf.writestr("/abs.md", f"# y\n\n{BODY}再来一次")
        link = zipfile.ZipInfo("link.md")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
        zf.writestr("ok.md", f"# ok\n\n{BODY}第三次")
    res = load_bytes("up.zip", buf.getvalue())
    assert list(res.articles["source_file"]) == ["up.zip/ok.md"]
    assert sorted(_reasons(res)) == [
        "up.zip/../escape.md: zip member path is absolute or contains '..'; not imported",
        "up.zip/abs.md: zip member path is absolute or contains '..'; not imported",
        "up.zip/link.md: zip member is a symbolic link; not imported",
    ]


def test_zip_bomb_and_limits() -> None:
    bomb = _zip({"bomb.txt": b" " * (2 * 1024 * 1024), "ok.md": f"# ok\n\n{BODY}".encode()})
    res = load_bytes("bomb.zip", bomb)
    assert len(res.articles) == 1
    [issue] = res.issues
    assert issue.source == "bomb.zip/bomb.txt"
    assert issue.reason.startswith("compression ratio ") and issue.reason.endswith(
        ":1 is over 100:1; refused as a zip bomb"
    )

    many = _zip({f"{i}.md": f"# {i}\n\n{BODY}{i}".encode() for i in range(3)})
    res = load_bytes("many.zip", many, limits=Limits(max_zip_members=2))
    assert _reasons(res) == ["many.zip: zip has 3 members, over the limit of 2"] and res.articles.empty
    assert len(load_bytes("many.zip", many).articles) == 3

    data = _zip({"a.md": f"# a\n\n{BODY * 50}".encode()})
    res = load_bytes("big.zip", data, limits=Limits(max_zip_total_bytes=2 * len(data)))
    assert res.articles.empty and _reasons(res)[0].startswith("big.zip: zip uncompressed size ")
    res = load_bytes("big.zip", data, limits=Limits(max_zip_total_bytes=len(data) - 1))
    assert _reasons(res)[0].startswith("big.zip: file is ")


def test_nested_and_invalid_zip() -> None:
    inner = _zip({"a.md": f"# a\n\n{BODY}".encode()})
    assert _reasons(load_bytes("outer.zip", _zip({"inner.zip": inner}))) == [
        "outer.zip/inner.zip: nested zip archives are not imported"
    ]
    [issue] = load_bytes("broken.zip", b"PK\x03\x04 truncated").issues
    assert issue.source == "broken.zip" and issue.reason.startswith("not a valid zip archive")


def test_zip_gbk_member_names_repaired(monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows zip tools store GBK names without the UTF-8 flag; zipfile reads them as cp437.
    def gbk_name(self: zipfile.ZipInfo) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800

    buf = io.BytesIO()
    with monkeypatch.context() as m:
        m.setattr(zipfile.ZipInfo, "_encodeFilenameFlags", gbk_name)
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("新闻/文章.md", f"# a\n\n{BODY}".encode())
    res = load_bytes("gbk.zip", buf.getvalue())
    assert list(res.articles["source_file"]) == ["gbk.zip/新闻/文章.md"]


# ---------------------------------------------------------------------------------------------------
# Bad input: one clear error each, the rest still imports

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.md", b"", "empty file (0 bytes)"),
        ("blank.md", b"  \n\r\n\xe3\x80\x80\n", "empty file (only whitespace)"),
        ("image.md", PNG, "binary file (PNG image), not text"),
        ("nul.txt", b"abc\x00def", "binary file (NUL byte at offset 3), not text"),
        (
            "doc.pdf",
            b"%PDF-1.4",
            "unsupported extension .pdf (supported: .md, .markdown, .txt, .csv, .tsv, .jsonl, .zip)",
        ),
        (
            "noext",
            b"text",
            "unsupported extension (none) (supported: .md, .markdown, .txt, .csv, .tsv, .jsonl, .zip)",
        ),
        (
            "short.md",
            "# 标题\n\n太短。".encode(),
            f"text too short: 3 characters of body (minimum {MIN_TEXT_CHARS})",
        ),
        (
            "only-footer.md",
            "# 标题\n\n（责任编辑：某某）".encode(),
            "text too short: 0 characters of body (minimum 20)",
        ),
        ("bomutf8.md", b"\xef\xbb\xbf\xff\xfe\xfd", "undecodable bytes at offset 3 (file has a UTF-8 BOM)"),
        ("odd16.md", b"\xff\xfe\x00\xd8", "undecodable bytes at offset 2 (file has a UTF-16-LE BOM)"),
        (
            "fm.md",
            f"---\ntitle: [unclosed\n---\n{BODY}".encode(),
            "front matter is not valid YAML at line 3: expected ',' or ']', but got '<stream end>'",
        ),
        (
            "fm2.md",
            f"---\ntitle: x\n{BODY}".encode(),
            "front matter starts with '---' but has no closing '---' line",
        ),
        (
            "fm3.md",
            f"---\n- a\n- b\n---\n{BODY}".encode(),
            "front matter must be 'key: value' lines, got list",
        ),
        (
            "fm4.md",
            f"---\nsynthetic: maybe\n---\n{BODY}".encode(),
            "invalid synthetic value 'maybe' (use true or false)",
        ),
        (
            "fm5.md",
            f"---\ndate: 2023-02-30\n---\n{BODY}".encode(),
            "impossible date '2023-02-30' (day is out of range for month)",
        ),
        (
            "fm6.md",
            f"---\na: &x 1\nb: *x\n---\n{BODY}".encode(),
            "front matter uses YAML anchors/aliases; they are not allowed",
        ),
    ],
)
def test_bad_input_reason(name: str, data: bytes, reason: str) -> None:
    res = load_many([(name, data), ("good.md", f"# 好\n\n{BODY}".encode())])
    assert _reasons(res) == [f"{name}: {reason}"]
    assert list(res.articles["source_file"]) == ["good.md"]


def test_truncated_or_corrupt_utf8_is_an_error_not_mojibake() -> None:
    data = BODY.encode()[:-1]  # cut inside the last character (。)
    assert _reasons(load_bytes("cut.md", data)) == [
        f"cut.md: undecodable bytes at offset {len(data) - 2} (invalid UTF-8: unexpected end of data)"
    ]
    data = BODY.encode() + b"\xff" + BODY.encode()
    assert _reasons(load_bytes("bad.md", data)) == [
        f"bad.md: undecodable bytes at offset {len(BODY.encode())} (invalid UTF-8: invalid start byte)"
    ]


def test_empty_zip_and_short_csv_row_and_far_date() -> None:
    assert _reasons(load_bytes("empty.zip", _zip({}))) == [
        "empty.zip: empty zip archive (no files to import)"
    ]
    res = load_bytes("n.csv", f"title,date,text\nonly-title\nt2,2023-01-01,{BODY}\n".encode())
    assert _reasons(res) == ["n.csv#row=1: malformed CSV (line 2): row has 1 fields, header has 3"]
    assert len(res.articles) == 1
    res = load_bytes("far.csv", f"text,date\n{BODY},9999-12-31\n".encode())
    assert _reasons(res) == ["far.csv#row=1: date '9999-12-31' out of range (supported years 1678-2261)"]


def test_undecodable_bytes() -> None:
    data = bytes([0x80, 0xFF, 0x81, 0x20]) * 5 + b"\xff"
    res = load_bytes("junk.txt", data)
    assert _reasons(res) == [
        "junk.txt: undecodable bytes at offset 0 (tried utf-8, utf-16, gb18030, big5, charset-normalizer)"
    ]


def test_yaml_python_tag_is_refused_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    raw = f'---\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n---\n{BODY}'
    res = load_bytes("evil.md", raw.encode())
    assert _reasons(res) == [
        "evil.md: front matter uses a YAML tag (!!python/object/apply:os.system); tags are not allowed"
    ]
    assert not marker.exists()


def test_file_over_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (ingest.MAX_FILE_BYTES + 1))
    assert _reasons(load_paths([big])) == [f"{big}: file is 21.0 MB, over the 20 MB limit per file"]
    assert _reasons(load_bytes("big.md", b"a" * (ingest.MAX_FILE_BYTES + 1))) == [
        "big.md: file is 21.0 MB, over the 20 MB limit per file"
    ]
    # the limit is a keyword option (e.g. for a large trusted CSV export)
    assert len(load_bytes("t.csv", f"text\n{BODY}\n".encode(), limits=Limits(max_file_bytes=10)).errors) == 1


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    res = load_paths([tmp_path / "nope.md", tmp_path])
    assert [(i.kind, str(i)) for i in res.issues] == [
        ("error", f"{tmp_path / 'nope.md'}: no such file or folder"),
        ("warning", f"{tmp_path}: folder contains no files"),
    ]


def test_duplicate_ids_renamed_with_warning() -> None:
    a = f"---\nid: x1\n---\n{BODY}".encode()
    b = f"---\nid: x1\n---\n{BODY}另一篇".encode()
    res = load_many([("a.md", a), ("b.md", b)])
    assert list(res.articles["article_id"]) == ["x1", "x1-2"]
    assert [str(i) for i in res.warnings] == ["b.md: article id 'x1' is also used by a.md; renamed to 'x1-2'"]


def test_duplicates_across_uploads_named() -> None:
    res = load_many([("a.md", f"# A\n\n{BODY}".encode()), ("b.txt", f"另一个标题\n\n{BODY}\n".encode())])
    assert len(res.articles) == 1
    assert res.duplicates == [
        ImportIssue("b.txt", "duplicate of a.md (same text); imported once", "duplicate")
    ]
    assert res.summary() == {"imported": 1, "duplicates": 1, "failed": 0, "warnings": 0}


# ---------------------------------------------------------------------------------------------------
# Long lines and pathological markup: linear time


@pytest.mark.parametrize(
    "line",
    [
        BODY * 40_000,  # ~1.3 MB of one paragraph
        "*a" * 600_000,
        "_" * 1_200_000,
        "[" * 1_200_000,
        "![" * 600_000,
        "**" + "x" * 1_200_000,
        "（" * 1_200_000,
        "<" + "a" * 1_200_000,
    ],
    ids=["prose", "stars", "underscores", "brackets", "images", "bold-open", "parens", "tag"],
)
def test_long_lines_are_fast(line: str) -> None:
    start = time.perf_counter()
    res = load_bytes("long.md", f"# 长\n\n{line}\n".encode())
    elapsed = time.perf_counter() - start
    assert elapsed < 5, elapsed
    assert len(res.articles) + len(res.errors) == 1


def test_a_number_cut_by_a_hard_wrap_inside_chinese_text_is_joined_without_a_space() -> None:
    from dashboard.ingest import _join_lines

    assert _join_lines(["官房长官木原稔1", "4日上午表示"]) == "官房长官木原稔14日上午表示"
    assert _join_lines(["总价值约3", ".85亿美元"]) == "总价值约3.85亿美元"
    assert _join_lines(["version 1", "2 of the text"]) == "version 1 2 of the text"  # Latin text keeps it


@pytest.mark.parametrize("byline", ["文｜环宇观察记者 陈某某 郭某某", "撰文：林某", "环宇观察记者 陈某某 郭某某", "記者 陳某某"])
def test_byline_line_is_not_glued_to_the_lede(byline: str) -> None:
    raw = f"# 标题\n\n{byline}\n据海警局消息，菲方船只闯入有关海域。\n这是本月第三次。\n"
    a = parse_text_article(raw, source="x.md")
    assert a["text"].startswith("据海警局消息") and byline not in a["text"]


def test_line_starting_like_a_byline_but_saying_something_is_kept() -> None:
    raw = "# 标题\n\n文化部发言人表示，展览如期举行。\n记者 陈某某说，现场人很多。\n"
    assert "记者 陈某某说" in parse_text_article(raw, source="x.md")["text"]


def test_a_blockquote_introduced_by_a_colon_is_typeset_as_one_quotation() -> None:
    raw = "# 标题\n\n外交部发表声明，全文如下：\n\n> 甲方反对。\n>\n> 乙方应当停止。\n\n北约表示，丙。\n\n> 一段引用\n"
    paras = parse_text_article(raw, source="x.md")["text"].split("\n")
    assert paras == ["外交部发表声明，全文如下：", "“甲方反对。", "“乙方应当停止。”", "北约表示，丙。", "一段引用"]


def test_a_blockquote_starts_and_ends_its_own_paragraph() -> None:
    raw = "# 标题\n\n海警局在通报中指出：\n> 菲方船只擅自闯入。\n随后菲方发表声明反驳。\n"
    assert parse_text_article(raw, source="x.md")["text"].split("\n") == [
        "海警局在通报中指出：",
        "“菲方船只擅自闯入。”",
        "随后菲方发表声明反驳。",
    ]
