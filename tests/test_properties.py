"""Property tests (hypothesis): importers and attribution never raise, statements partition paragraphs,
term counts stay within token counts, and the same input always gives the same output."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.attribution import attribute_article, split_statements
from dashboard.ingest import ArticleError, ImportResult, load_bytes, load_many, parse_date
from dashboard.lexicon import Lexicon, lexicon_from_frame
from dashboard.pipeline import extract
from dashboard.registry import Registry, registry_from_frames
from dashboard.schema import ACTOR_COLUMNS, ARTICLE_COLUMNS, GROUP_COLUMNS, PEOPLE_COLUMNS

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Fragments that exercise the interesting code paths: aliases, titles, verbs, quotes, terms, datelines,
# Markdown, whitespace of every kind, traditional script, astral characters and bidi controls.
FRAGMENTS = [
    "外交部发言人", "北约秘书长", "斯托尔滕贝格", "史密斯", "美国驻北约大使朱丽安·史密斯", "他", "该发言人", "据",
    "表示", "称", "指出", "宣称", "说", "认为", "，", "。", "！", "？", "；", "…", "：", "“", "”", "「", "」", '"',
    "冷战思维", "冷戰思維", "零和博弈", "印太", "亚太", "东进亚太", "系统性挑战", ".*", "(印太", "北约", "美方", "中方",
    "当地时间7月12日", "新华社北京7月12日电", "（记者 张三）", "本报讯", "# 标题", "![](x.png)", "_图自网络_", "**",
    "<script>", "[链接](javascript:x)", " ", "\u3000", "\t", "\n", "\n\n", "\r\n", "\u202e", "\u200b", "😀", "𠀀",
    "abc", "Julianne Smith", "said", "2023-02-30", "---", "date: 2023-07-12", "责任编辑：某某", "本文系独家稿件",
]
fragment_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=40).map("".join)
EXTENSIONS = [".md", ".txt", ".csv", ".tsv", ".jsonl", ".zip", ".markdown", ".bin"]


@pytest.fixture(scope="module")
def registry() -> Registry:
    groups = pd.DataFrame(
        [
            ("中国", "China", "country", "中国|中方"),
            ("美国", "United States", "country", "美国|美方"),
            ("北约", "NATO", "bloc", "北约"),
        ],
        columns=list(GROUP_COLUMNS),
    )
    actors = pd.DataFrame(
        [
            ("中国外交部", "Chinese MFA", "中国", "government", "外交部发言人|外交部"),
            ("北约", "NATO", "北约", "military alliance", "北约秘书长"),
            ("美国驻北约使团", "US Mission to NATO", "美国", "government", "美国驻北约大使"),
        ],
        columns=list(ACTOR_COLUMNS),
    )
    people = pd.DataFrame(
        [
            ("斯托尔滕贝格", "Jens Stoltenberg", "北约秘书长", "北约", "2014", "2024", ""),
            ("朱丽安·史密斯", "Julianne Smith", "美国常驻北约代表", "美国驻北约使团", "2021", "2025", "史密斯"),
        ],
        columns=list(PEOPLE_COLUMNS),
    )
    return registry_from_frames(actors, people, groups)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    rows = [
        ("冷战思维", "冷战对抗", "", "", ""),
        ("零和博弈", "冷战对抗", "", "", ""),
        ("印太", "地区命名", "", "印太/亚太", "印太"),
        ("亚太", "地区命名", "", "印太/亚太", "亚太"),
        ("东进亚太", "扩张", "", "印太/亚太", "亚太"),
        ("系统性挑战", "威胁建构", "", "", ""),
        ("(印太", "字面", "", "", ""),
    ]
    return lexicon_from_frame(pd.DataFrame(rows, columns=["term", "frame", "variants", "naming", "name_option"]))


def _no_space(s: str) -> str:
    return "".join(c for c in s if not c.isspace())


# --------------------------------------------------------------------------- importers


@FAST
@given(ext=st.sampled_from(EXTENSIONS), data=st.binary(max_size=2000))
def test_importers_never_raise_on_arbitrary_bytes(ext: str, data: bytes) -> None:
    result = load_bytes(f"upload{ext}", data)
    assert isinstance(result, ImportResult)
    assert len(result.articles) + len(result.errors) >= (1 if ext != ".zip" else 0)
    for issue in result.issues:
        assert issue.source.startswith(f"upload{ext}") and issue.reason


@FAST
@given(ext=st.sampled_from(EXTENSIONS[:5]), text=fragment_text, encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_importers_never_raise_on_hostile_text(ext: str, text: str, encoding: str) -> None:
    if ext in (".csv", ".tsv"):
        text = "title,text\nt," + text
    elif ext == ".jsonl":
        text = '{"text": "' + text + '"}\n' + text
    data = text.encode(encoding, "replace")
    result = load_many([(f"a{ext}", data), ("b.md", ("外交部发言人表示，" + "北约" * 20 + "。").encode())])
    assert "b.md" in set(result.articles["source_file"]) or any(i.kind == "duplicate" for i in result.issues)
    assert list(result.articles.columns)[: len(ARTICLE_COLUMNS)] == list(ARTICLE_COLUMNS)


@FAST
@given(
    members=st.dictionaries(
        # zipfile itself cannot write names with NUL (it cuts them) or lone surrogates (not UTF-8):
        # such archives cannot exist, so they are not generated.
        st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), min_size=1, max_size=12),
        st.binary(max_size=300),
        max_size=5,
    )
)
def test_zip_of_anything_never_raises(members: dict[str, bytes]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    result = load_bytes("batch.zip", buf.getvalue())
    for issue in result.issues:
        assert issue.source.startswith("batch.zip")


@FAST
@given(value=st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.dates(), st.booleans(), st.none()))
def test_parse_date_raises_only_article_error(value: object) -> None:
    try:
        parsed, _year = parse_date(value)
    except ArticleError as exc:
        assert str(exc)
        return
    assert parsed is None or parsed.year >= 1


# --------------------------------------------------------------------------- attribution


@FAST
@given(text=fragment_text, outlet=st.sampled_from(["", "新华社", "测试社", "<b>x</b>"]))
def test_attribution_never_raises_and_partitions_paragraphs(text: str, outlet: str, registry: Registry) -> None:
    # attribute_article takes a clean body: paragraphs joined by "\n" (ingest turns \r\n into \n)
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    statements = attribute_article(body, outlet=outlet, registry=registry)
    paragraphs = body.split("\n")
    by_par: dict[int, list[str]] = {}
    for s in statements:
        by_par.setdefault(s.paragraph, []).append(s.text)
        assert 0.0 <= s.confidence <= 1.0
        assert s.is_narrator == (s.pattern == "narration")
    for p, para in enumerate(paragraphs):
        texts = by_par.pop(p, [])
        if not para.strip():
            assert texts == []
            continue
        assert texts, f"paragraph {p} has no statement"
        # every sentence is exactly one statement; together they give the paragraph back
        assert [_no_space(t) for t in texts] == [_no_space(t) for t in split_statements(para)]
        assert _no_space("".join(texts)) == _no_space(para)
    assert by_par == {}
    indices = [(s.paragraph, s.index) for s in statements]
    assert indices == sorted(indices) and len(set(indices)) == len(indices)


@SLOW
@given(depth=st.integers(min_value=1, max_value=10_000), closed=st.booleans())
def test_attribution_finishes_on_deep_quote_nesting(depth: int, closed: bool, registry: Registry) -> None:
    text = "外交部发言人表示：" + "“「" * depth + "北约应摒弃冷战思维。" + ("」”" * depth if closed else "")
    statements = attribute_article(text, outlet="测试社", registry=registry)
    assert _no_space("".join(s.text for s in statements)) == _no_space(text)


# --------------------------------------------------------------------------- pipeline


def _articles(text: str) -> pd.DataFrame:
    row: dict[str, object] = dict.fromkeys(ARTICLE_COLUMNS, "")
    row.update(article_id="a1", text=text, outlet="测试社", source_file="a.md", synthetic=False, language="zh-Hans")
    df = pd.DataFrame([row], columns=list(ARTICLE_COLUMNS))
    df["date"] = pd.to_datetime(pd.Series([pd.NaT])).astype("datetime64[ns]")
    return df


@SLOW
@given(text=fragment_text.filter(lambda t: t.strip() != ""))
def test_term_counts_never_exceed_tokens_and_output_is_deterministic(
    text: str, lexicon: Lexicon, registry: Registry
) -> None:
    body = "\n".join(line for line in text.replace("\r", "\n").split("\n"))
    first = extract(_articles(body), lexicon=lexicon, registry=registry)
    second = extract(_articles(body), lexicon=lexicon, registry=registry)
    c1, c2 = first.corpus, second.corpus
    pd.testing.assert_frame_equal(c1.statements, c2.statements)
    pd.testing.assert_frame_equal(c1.term_hits, c2.term_hits)
    pd.testing.assert_frame_equal(c1.tokens, c2.tokens)
    hits = c1.term_hits.groupby("statement_id")["count"].sum()
    tokens = c1.statements.set_index("statement_id")["n_tokens"]
    for sid, n in hits.items():
        assert n <= tokens[sid], (sid, n, tokens[sid], c1.statements.set_index("statement_id").loc[sid, "text"])
    assert (c1.term_hits["quoted_count"] <= c1.term_hits["count"]).all()
    assert (c1.term_hits["count"] >= 1).all()


@FAST
@given(text=fragment_text)
def test_import_is_deterministic(text: str) -> None:
    data = ("---\ntitle: t\n---\n" + text + "北约" * 12).encode()
    a = load_bytes("x.md", data)
    b = load_bytes("x.md", data)
    pd.testing.assert_frame_equal(a.articles, b.articles)
    assert a.issues == b.issues
