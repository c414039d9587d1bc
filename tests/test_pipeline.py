"""Extraction pipeline on a tiny inline corpus: tables, counts, reuse, parallel runs, store round trip."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from dashboard.attribution import Statement
from dashboard.corpus import Corpus
from dashboard.lexicon import Lexicon, lexicon_from_frame
from dashboard.pipeline import ExtractionResult, config_hash, extract
from dashboard.registry import Registry, registry_from_frames
from dashboard.schema import (
    NARRATOR_GROUP,
    STATEMENT_COLUMNS,
    TERM_HIT_COLUMNS,
    TOKEN_COLUMNS,
    UNRESOLVED_GROUP,
)
from dashboard.segment import build_segmenter, to_simplified

_SAYS = re.compile(r"^(?P<speaker>[^，。“”]{2,20}?)(?P<cue>表示|指出|称)[，：]")


def fake_attribute(text: str, *, outlet: str, registry: Registry) -> list[Statement]:
    """Sentence split on 。; `SPEAKER 称，…` -> speaker (resolved via the registry), else narration."""
    out: list[Statement] = []
    for p, para in enumerate(text.split("\n")):
        sentences = [s + "。" for s in para.split("。") if s.strip()]
        for i, sent in enumerate(sentences):
            m = _SAYS.match(to_simplified(sent))
            if m is None:
                ref = registry.outlet_ref(outlet)
                out.append(
                    Statement(p, i, sent, "", ref.actor, ref.group, ref.group_en, True, "", "narration", 1.0)
                )
                continue
            speaker = sent[: m.end("speaker")]  # as written
            found = registry.resolve(speaker, outlet=outlet)
            if found is None:
                out.append(
                    Statement(
                        p,
                        i,
                        sent,
                        speaker,
                        speaker,
                        UNRESOLVED_GROUP,
                        "Unresolved",
                        False,
                        m["cue"],
                        "say",
                        0.3,
                    )
                )
            else:
                out.append(
                    Statement(
                        p,
                        i,
                        sent,
                        speaker,
                        found.actor,
                        found.group,
                        found.group_en,
                        False,
                        m["cue"],
                        "say",
                        0.9,
                    )
                )
    return out


def broken_attribute(text: str, *, outlet: str, registry: Registry) -> list[Statement]:
    if "崩溃" in text:
        raise RuntimeError("boom")
    return fake_attribute(text, outlet=outlet, registry=registry)


LEXICON_ROWS = [
    ("冷战思维", "冷战对抗", "", "", ""),
    ("零和博弈", "冷战对抗", "", "", ""),
    ("印太", "地区命名", "", "印太/亚太", "印太"),
    ("亚太", "地区命名", "", "印太/亚太", "亚太"),
    ("系统性挑战", "威胁建构", "", "", ""),
]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    cols = ["term", "frame", "variants", "naming", "name_option"]
    return lexicon_from_frame(pd.DataFrame(LEXICON_ROWS, columns=cols))


@pytest.fixture(scope="module")
def registry() -> Registry:
    groups = pd.DataFrame(
        [
            ("中国", "China", "country", "中国|中方|我国"),
            ("北约", "NATO", "bloc", "北约"),
            ("美国", "United States", "country", "美国|美方"),
        ],
        columns=["group", "group_en", "kind", "prefixes"],
    )
    actors = pd.DataFrame(
        [
            ("中国外交部", "Chinese MFA", "中国", "government", "外交部发言人|中国外交部发言人"),
            ("北约", "NATO", "北约", "military alliance", "北约秘书长"),
            ("新华社", "Xinhua", "中国", "media", ""),
        ],
        columns=["actor", "actor_en", "group", "type", "aliases"],
    )
    people = pd.DataFrame(
        [("斯托尔滕贝格", "Jens Stoltenberg", "北约秘书长", "北约", "2014", "2024", "")],
        columns=["name", "name_en", "office", "actor", "start", "end", "aliases"],
    )
    return registry_from_frames(actors, people, groups)


ARTICLES = [
    (
        "a1",
        "新华社",
        "2023-07-12",
        "外交部发言人表示，北约应摒弃冷战思维和零和博弈。北约把手伸向亚太。\n记者注意到，所谓“印太”就是亚太。",
    ),
    ("a2", "新华社", "2023-07-13", "北約秘書長斯托爾滕貝格稱，中國構成系統性挑戰。他還談到冷戰思維。"),
    ("a3", "", None, "一位不知名人士称，印太不是亚太。零和博弈没有赢家。"),
]


def _articles(rows: list[tuple[str, str, str | None, str]] = ARTICLES) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["article_id", "outlet", "date", "text"])
    df["date"] = pd.to_datetime(df["date"])
    df["title"] = df["article_id"]
    df["source_file"] = df["article_id"] + ".md"
    return df


def _run(
    lexicon: Lexicon, registry: Registry, articles: pd.DataFrame | None = None, **kw: object
) -> ExtractionResult:
    return extract(
        _articles() if articles is None else articles,
        lexicon=lexicon,
        registry=registry,
        attribute=fake_attribute,
        **kw,
    )  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def result(lexicon: Lexicon, registry: Registry) -> ExtractionResult:
    return _run(lexicon, registry)


def test_tables_follow_schema(result: ExtractionResult) -> None:
    c = result.corpus
    assert list(c.statements.columns) == list(STATEMENT_COLUMNS)
    assert list(c.term_hits.columns) == list(TERM_HIT_COLUMNS)
    assert list(c.tokens.columns) == list(TOKEN_COLUMNS)
    st = c.statements
    assert st["paragraph"].dtype == "int64" and st["n_tokens"].dtype == "int64"
    assert st["is_narrator"].dtype == bool
    assert str(st["date"].dtype).startswith("datetime64")
    assert result.extracted == 3 and result.reused == 0
    assert c.meta["config_hash"]


def test_statements_ids_dates_outlets(result: ExtractionResult) -> None:
    st = result.corpus.statements
    assert list(st["statement_id"]) == [
        "a1:000:000",
        "a1:000:001",
        "a1:001:000",
        "a2:000:000",
        "a2:000:001",
        "a3:000:000",
        "a3:000:001",
    ]
    a1 = st[st["article_id"] == "a1"]
    assert set(a1["outlet"]) == {"新华社"}
    assert (a1["date"] == pd.Timestamp("2023-07-12")).all()
    assert st[st["article_id"] == "a3"]["date"].isna().all()
    first = st.iloc[0]
    assert (first["actor"], first["group"], first["cue"], first["is_narrator"]) == (
        "中国外交部",
        "中国",
        "表示",
        False,
    )
    assert st.iloc[1]["is_narrator"] and st.iloc[1]["group"] == NARRATOR_GROUP
    trad = st.iloc[3]
    assert trad["text"].startswith("北約秘書長斯托爾滕貝格稱")  # original text kept
    assert trad["actor"] == "北约"


def test_term_hits_counted_exactly(result: ExtractionResult) -> None:
    hits = result.corpus.term_hits
    got = {(r.statement_id, r.term): (r.count, r.quoted_count) for r in hits.itertuples()}
    assert got == {
        ("a1:000:000", "冷战思维"): (1, 0),
        ("a1:000:000", "零和博弈"): (1, 0),
        ("a1:000:001", "亚太"): (1, 0),
        ("a1:001:000", "印太"): (1, 1),
        ("a1:001:000", "亚太"): (1, 0),
        ("a2:000:000", "系统性挑战"): (1, 0),
        ("a2:000:001", "冷战思维"): (1, 0),
        ("a3:000:000", "印太"): (1, 0),
        ("a3:000:000", "亚太"): (1, 0),
        ("a3:000:001", "零和博弈"): (1, 0),
    }
    assert set(hits.loc[hits["term"] == "冷战思维", "frame"]) == {"冷战对抗"}
    assert hits.loc[hits["statement_id"] == "a2:000:000", "article_id"].tolist() == ["a2"]


def test_tokens_and_n_tokens(result: ExtractionResult, lexicon: Lexicon, registry: Registry) -> None:
    seg = build_segmenter(lexicon, registry)
    st, tok = result.corpus.statements, result.corpus.tokens
    assert list(tok["statement_id"]) == list(st["statement_id"])
    for text, n, joined in zip(st["text"], st["n_tokens"], tok["tokens"], strict=True):
        expected = seg.cut(text)
        assert n == len(expected) and joined == " ".join(expected)
    a2 = tok.loc[0 + 3, "tokens"].split()
    assert "斯托尔滕贝格" in a2 and "系统性挑战" in a2 and "北约秘书长" in a2  # simplified, one token each


def test_unresolved_speakers(result: ExtractionResult) -> None:
    un = result.unresolved
    assert un[["speaker", "count"]].values.tolist() == [["一位不知名人士", 1]]
    assert un.loc[0, "group"] == UNRESOLVED_GROUP


def test_progress_reaches_total(lexicon: Lexicon, registry: Registry) -> None:
    seen: list[tuple[int, int]] = []
    _run(lexicon, registry, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (3, 3)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_reuse_unchanged_articles(result: ExtractionResult, lexicon: Lexicon, registry: Registry) -> None:
    again = _run(lexicon, registry, previous=result.corpus)
    assert (again.reused, again.extracted) == (3, 0)
    for name in ("statements", "term_hits", "tokens"):
        pd.testing.assert_frame_equal(getattr(again.corpus, name), getattr(result.corpus, name))

    rows = list(ARTICLES)
    rows[1] = ("a2", "新华社", "2023-07-13", "北约秘书长斯托尔滕贝格称，北约不搞零和博弈。")
    changed = _run(lexicon, registry, _articles(rows), previous=result.corpus)
    assert (changed.reused, changed.extracted) == (2, 1)
    st = changed.corpus.statements
    assert list(st["article_id"]) == ["a1", "a1", "a1", "a2", "a3", "a3"]  # input order kept
    assert st.loc[st["article_id"] == "a2", "text"].tolist() == [
        "北约秘书长斯托尔滕贝格称，北约不搞零和博弈。"
    ]
    fresh = _run(lexicon, registry, _articles(rows))
    pd.testing.assert_frame_equal(changed.corpus.statements, fresh.corpus.statements)
    pd.testing.assert_frame_equal(changed.corpus.term_hits, fresh.corpus.term_hits)
    pd.testing.assert_frame_equal(changed.corpus.tokens, fresh.corpus.tokens)


def test_changed_lexicon_or_outlet_recomputes(
    result: ExtractionResult, lexicon: Lexicon, registry: Registry
) -> None:
    bigger = lexicon_from_frame(
        pd.concat([lexicon.table, pd.DataFrame([{"term": "北约", "frame": "行为体"}])])
    )
    assert config_hash(bigger, registry) != config_hash(lexicon, registry)
    rerun = _run(bigger, registry, previous=result.corpus)
    assert (rerun.reused, rerun.extracted) == (0, 3)
    assert "北约" in set(rerun.corpus.term_hits["term"])

    rows = list(ARTICLES)
    rows[0] = ("a1", "人民日报", *ARTICLES[0][2:])
    moved = _run(lexicon, registry, _articles(rows), previous=result.corpus)
    assert (moved.reused, moved.extracted) == (2, 1)


def test_two_processes_give_identical_output(
    result: ExtractionResult, lexicon: Lexicon, registry: Registry
) -> None:
    many = _articles([(f"x{i}", "新华社", "2024-01-01", ARTICLES[i % 3][3]) for i in range(40)])
    one = _run(lexicon, registry, many, processes=1)
    two = _run(lexicon, registry, many, processes=2)
    for name in ("statements", "term_hits", "tokens"):
        pd.testing.assert_frame_equal(getattr(one.corpus, name), getattr(two.corpus, name))
    per_article = result.corpus.statements.groupby("article_id").size()  # a1: 3, a2: 2, a3: 2
    assert len(two.corpus.statements) == sum(per_article[f"a{i % 3 + 1}"] for i in range(40))
    progress: list[int] = []
    _run(lexicon, registry, many, processes=2, progress=lambda d, t: progress.append(d))
    assert progress[-1] == 40 and len(progress) > 2  # several chunks


def test_one_failing_article_does_not_sink_the_run(lexicon: Lexicon, registry: Registry) -> None:
    rows = [*ARTICLES, ("bad", "新华社", None, "这篇会崩溃。")]
    res = extract(_articles(rows), lexicon=lexicon, registry=registry, attribute=broken_attribute)
    assert set(res.corpus.statements["article_id"]) == {"a1", "a2", "a3"}
    (issue,) = res.issues
    assert issue.source == "bad.md" and "boom" in issue.reason


def test_empty_input(lexicon: Lexicon, registry: Registry) -> None:
    res = _run(lexicon, registry, _articles([]))
    assert res.corpus.statements.empty and list(res.corpus.statements.columns) == list(STATEMENT_COLUMNS)
    assert res.unresolved.empty


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Categorical columns (as load_corpus returns them) back to plain strings, for comparisons."""
    return df.astype({c: "str" for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)})


def test_store_round_trip(
    tmp_path: Path, result: ExtractionResult, lexicon: Lexicon, registry: Registry
) -> None:
    pytest.importorskip("dashboard.store")
    from dashboard.pipeline import load_corpus, save_corpus

    assert save_corpus(result.corpus, tmp_path) is True
    loaded = load_corpus(tmp_path)
    assert isinstance(loaded, Corpus)
    assert loaded.meta["config_hash"] == result.corpus.meta["config_hash"]
    pd.testing.assert_frame_equal(loaded.lexicon, lexicon.table, check_dtype=False)
    for name in ("statements", "term_hits", "tokens"):
        pd.testing.assert_frame_equal(_plain(getattr(loaded, name)), getattr(result.corpus, name))
    assert isinstance(loaded.statements["actor"].dtype, pd.CategoricalDtype)
    assert isinstance(loaded.term_hits["term"].dtype, pd.CategoricalDtype)
    # article text is left out by default (statements carry theirs), and so is the stored reuse key
    assert "text" not in loaded.articles.columns and "extract_key" not in loaded.articles.columns
    assert list(loaded.articles["article_id"]) == ["a1", "a2", "a3"]
    full = load_corpus(tmp_path, text=True, categories=False)
    assert full.articles["text"].tolist() == result.corpus.articles["text"].tolist()
    pd.testing.assert_frame_equal(full.statements, result.corpus.statements)
    # reuse works from the text-less load: the keys are stored with the articles
    again = _run(lexicon, registry, previous=loaded)
    assert again.reused == 3


def test_unchanged_rerun_returns_previous_tables_and_skips_the_write(
    tmp_path: Path, result: ExtractionResult, lexicon: Lexicon, registry: Registry
) -> None:
    from dashboard.pipeline import load_corpus, save_corpus

    assert save_corpus(result.corpus, tmp_path)
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    previous = load_corpus(tmp_path)
    again = _run(lexicon, registry, previous=previous)
    assert (again.reused, again.extracted) == (3, 0)
    assert again.corpus.statements is previous.statements  # handed over, not rebuilt
    assert again.corpus.tokens is previous.tokens and again.corpus.term_hits is previous.term_hits
    assert again.unresolved[["speaker", "count"]].values.tolist() == [["一位不知名人士", 1]]
    assert save_corpus(again.corpus, tmp_path) is False  # nothing to write
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before

    # a changed title (not part of the reuse key) is still written
    retitled = _articles()
    retitled.loc[0, "title"] = "新标题"
    moved = _run(lexicon, registry, retitled, previous=load_corpus(tmp_path))
    assert moved.reused == 3
    assert save_corpus(moved.corpus, tmp_path) is True
    assert load_corpus(tmp_path).articles["title"].tolist()[0] == "新标题"

    # a changed date is not a full reuse: statement dates follow their article
    redated = _articles()
    redated.loc[1, "date"] = pd.Timestamp("2024-01-02")
    dated = _run(lexicon, registry, redated, previous=load_corpus(tmp_path))
    assert dated.reused == 3
    st = dated.corpus.statements
    assert (st.loc[st["article_id"] == "a2", "date"] == pd.Timestamp("2024-01-02")).all()
    fresh = _run(lexicon, registry, redated)
    pd.testing.assert_frame_equal(_plain(st), fresh.corpus.statements)
    # different meta (e.g. another source) is written too
    assert save_corpus(again.corpus, tmp_path, meta={"source": "elsewhere"}) is True


def test_store_without_keys_still_reused(
    tmp_path: Path, result: ExtractionResult, lexicon: Lexicon, registry: Registry
) -> None:
    """A store written before reuse keys were stored: load_corpus reads the text and keys are recomputed."""
    from dashboard.pipeline import load_corpus
    from dashboard.store import write_store

    tables = {n: getattr(result.corpus, n) for n in ("articles", "statements", "term_hits", "tokens")}
    write_store(tmp_path, tables, meta={"config_hash": result.corpus.meta["config_hash"]})
    old = load_corpus(tmp_path)
    assert "text" in old.articles.columns
    assert _run(lexicon, registry, previous=old).reused == 3


def test_articles_without_text_are_refused(lexicon: Lexicon, registry: Registry) -> None:
    with pytest.raises(ValueError, match="no 'text' column"):
        _run(lexicon, registry, _articles().drop(columns=["text"]))


def half_broken_attribute(text: str, *, outlet: str, registry: Registry) -> list[Statement]:
    """Good statements, then (for articles saying 半坏) one whose text breaks segmentation."""
    out = fake_attribute(text, outlet=outlet, registry=registry)
    if "半坏" in text:
        out.append(replace(out[0], index=99, text=None))  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize("processes", [1, 2])
def test_failure_midway_drops_the_whole_article(lexicon: Lexicon, registry: Registry, processes: int) -> None:
    rows = [ARTICLES[0], ("half", "新华社", None, "外交部发言人表示，半坏。还有冷战思维。"), *ARTICLES[1:]]
    res = extract(
        _articles(rows),
        lexicon=lexicon,
        registry=registry,
        attribute=half_broken_attribute,
        processes=processes,
    )
    assert "half" not in set(res.corpus.statements["article_id"])
    assert "half" not in set(res.corpus.term_hits["article_id"])
    assert not res.corpus.tokens["statement_id"].str.startswith("half:").any()
    assert [i.source for i in res.issues] == ["half.md"]
    good = _run(lexicon, registry)
    for name in ("statements", "term_hits", "tokens"):
        pd.testing.assert_frame_equal(getattr(res.corpus, name), getattr(good.corpus, name))


def test_load_demo_corpus() -> None:
    from dashboard.pipeline import load_demo_corpus

    res = load_demo_corpus()
    c = res.corpus
    assert c.is_demo and c.meta["source"] == "data/corpus"
    assert len(c.articles) > 0 and len(c.statements) >= len(c.articles)
    assert set(c.statements["article_id"]) <= set(c.articles["article_id"])
    assert not c.term_hits.empty
    assert (c.term_hits["quoted_count"] <= c.term_hits["count"]).all()
    assert [str(i) for i in res.issues if i.kind == "error"] == []
