"""Coverage of the bundled demo corpus (data/corpus) and the three findings data/README.md quotes.

Everything goes through the real loaders: ``dashboard.ingest.load_paths`` for the import checks and
``dashboard.pipeline.load_demo_corpus`` (built once for the module) for the extraction checks. The
findings are asserted as directions with margins, not exact numbers, so ordinary extraction tweaks do
not break them but a corpus or extraction change that reverses a finding does.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard import analysis
from dashboard.analysis import Filters
from dashboard.attribution import PATTERNS
from dashboard.corpus import Corpus
from dashboard.ingest import ImportResult, load_paths
from dashboard.pipeline import ExtractionResult, load_demo_corpus
from dashboard.registry import load_registry
from dashboard.segment import to_simplified

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
CORPUS_DIR = DATA / "corpus"
YEARS = range(2021, 2026)
NAMING = "印太/亚太"

#: Attribution patterns the demo corpus may lack, with the reason.
ABSENT_PATTERNS_ALLOWED: dict[str, str] = {
    # Fires only for a person's short name introduced earlier in the article (约翰·卡特 … 卡特称).
    # The demo corpus quotes roles and institutions only, never named people, so it cannot occur;
    # tests/test_attribution.py covers it with inline examples.
    "short_name": "the demo corpus names no people",
    # Press-conference transcripts (问：… 答：…) are covered by tests/heldout and tests/labelled.
    "press_qa": "the demo corpus has no press-conference transcripts",
}
MIN_PATTERN_USES = 3


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def imported() -> ImportResult:
    return load_paths([CORPUS_DIR])


@pytest.fixture(scope="module")
def articles(imported: ImportResult) -> pd.DataFrame:
    return imported.articles


@pytest.fixture(scope="module")
def demo() -> ExtractionResult:
    return load_demo_corpus()


@pytest.fixture(scope="module")
def base(demo: ExtractionResult) -> Corpus:
    return analysis.prepare_corpus(demo.corpus)


@pytest.fixture(scope="module")
def unquoted(base: Corpus) -> Corpus:
    """The corpus with the sidebar's "Include quoted uses" switched off."""
    return analysis.apply_filters(base, Filters(include_quoted=False))


def _share(naming: pd.DataFrame, unit: str, option: str) -> tuple[float, int]:
    row = naming[(naming["naming"] == NAMING) & (naming["unit"] == unit) & (naming["name_option"] == option)]
    assert len(row) == 1, f"{unit} never uses {NAMING}"
    return float(row["share"].iloc[0]), int(row["n"].iloc[0])


def _frame_shares(corpus: Corpus, unit: str) -> pd.Series:
    rates = analysis.frame_rates(corpus, by="actor", level="frame", n_boot=0)
    return rates[rates["unit"] == unit].set_index("key")["share"]


# --------------------------------------------------------------------------- import coverage


def test_imports_without_errors_or_duplicates(imported: ImportResult) -> None:
    assert [str(i) for i in imported.errors] == []
    assert [str(i) for i in imported.duplicates] == []


def test_at_least_80_articles_in_every_export_shape(articles: pd.DataFrame) -> None:
    assert len(articles) >= 80
    kinds = articles["source_file"].str.extract(r"\.(md|csv|jsonl)(?:#|$)")[0]
    assert kinds.notna().all(), articles.loc[kinds.isna(), "source_file"].tolist()
    counts = kinds.value_counts()
    assert counts.get("md", 0) >= 60 and counts.get("csv", 0) >= 3 and counts.get("jsonl", 0) >= 3


def test_gbk_file_decodes(articles: pd.DataFrame) -> None:
    """At least one file is not UTF-8 (a legacy GBK export) and it imports as clean Chinese."""
    legacy = [p for p in sorted(CORPUS_DIR.rglob("*.md")) if not _is_utf8(p.read_bytes())]
    assert legacy, "the demo corpus should keep one GBK-encoded file"
    for path in legacy:
        rows = articles[articles["source_file"].str.endswith(path.name)]
        assert len(rows) == 1, path
        text = str(rows["text"].iloc[0])
        assert "\ufffd" not in text and sum("\u4e00" <= ch <= "\u9fff" for ch in text) > 200


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_about_a_fifth_traditional(articles: pd.DataFrame) -> None:
    assert set(articles["language"]) <= {"zh-Hans", "zh-Hant"}
    share = float((articles["language"] == "zh-Hant").mean())
    assert 0.15 <= share <= 0.30, share


def test_dated_across_every_year(articles: pd.DataFrame) -> None:
    dates = pd.to_datetime(articles["date"])
    assert dates.notna().all(), articles.loc[dates.isna(), "source_file"].tolist()
    assert dates.min() >= pd.Timestamp("2021-01-01") and dates.max() <= pd.Timestamp("2025-12-31")
    per_year = dates.dt.year.value_counts()
    assert all(per_year.get(y, 0) >= 10 for y in YEARS), per_year.to_dict()


def test_at_least_six_outlets(articles: pd.DataFrame) -> None:
    outlets = articles["outlet"].value_counts()
    assert "" not in outlets.index
    assert len(outlets) >= 6 and outlets.min() >= 5, outlets.to_dict()


def test_body_length(articles: pd.DataFrame) -> None:
    lengths = articles["text"].str.replace(r"\s", "", regex=True).str.len()
    bad = articles.loc[(lengths < 300) | (lengths > 1200), "source_file"].tolist()
    assert bad == []


def test_every_item_is_flagged_synthetic(articles: pd.DataFrame) -> None:
    flagged = articles["synthetic"].astype(bool)
    assert flagged.all(), articles.loc[~flagged, "source_file"].tolist()


def test_no_real_person_is_named(articles: pd.DataFrame, demo: ExtractionResult) -> None:
    """People of data/registry/people.csv are facts in the registry, never voices in the demo text."""
    people = load_registry().people
    forms = {
        form
        for name, aliases in zip(people["name"], people["aliases"].fillna(""), strict=True)
        for form in [name, *str(aliases).split("|")]
        if form
    }
    # Two-character forms (张军, 高市) also occur inside ordinary words (扩张军事集团), so the full text
    # is scanned for forms of three characters or more; speakers are checked against every form.
    long_forms = sorted(f for f in forms if len(f) >= 3)
    found = []
    for row in articles.itertuples(index=False):
        text = to_simplified(
            "\n".join(str(getattr(row, c)) for c in ("title", "text", "captions", "dateline"))
        )
        found += [(row.source_file, f) for f in long_forms if f in text]
    assert found == []
    speakers = {to_simplified(str(s)) for s in demo.corpus.statements["speaker"] if s}
    assert sorted((s, f) for s in speakers for f in forms if f in s) == []


# --------------------------------------------------------------------------- extraction coverage


def test_demo_extraction_is_labelled_and_clean(demo: ExtractionResult, articles: pd.DataFrame) -> None:
    assert demo.corpus.is_demo
    assert [str(i) for i in demo.issues if i.kind == "error"] == []
    assert len(demo.corpus.articles) == len(articles)


def test_at_least_ten_frames_with_hits(base: Corpus) -> None:
    frames = base.term_hits.groupby("frame", observed=True)["count"].sum()
    assert (frames > 0).sum() >= 10, frames.to_dict()


def test_key_actors_present(base: Corpus) -> None:
    st = base.statements
    spoken = st[~st["is_narrator"].astype(bool)]
    actors = set(spoken["actor"].astype(str))
    assert {"中国外交部", "北约"} <= actors
    registered = set(load_registry().actors["actor"])
    by_group = spoken.groupby("group", observed=True)["actor"].agg(lambda s: set(s.astype(str)) & registered)
    for group in ("美国", "日本", "法国"):
        assert by_group.get(group), f"no registered {group} actor speaks"


def test_attribution_patterns_occur(base: Corpus) -> None:
    assert set(ABSENT_PATTERNS_ALLOWED) <= set(PATTERNS)
    counts = base.statements["pattern"].astype(str).value_counts()
    assert set(counts.index) <= set(PATTERNS), set(counts.index) - set(PATTERNS)
    rare = {p: int(counts.get(p, 0)) for p in PATTERNS if p not in ABSENT_PATTERNS_ALLOWED}
    assert {p: n for p, n in rare.items() if n < MIN_PATTERN_USES} == {}


# --------------------------------------------------------------------------- the README's findings


def test_finding_1_naming_choice(base: Corpus, unquoted: Corpus) -> None:
    """Chinese actors say 亚太 (印太 only in scare quotes); US, NATO and Japan say 印太."""
    with_quotes = analysis.naming_choice(base, by="group")
    share, n = _share(with_quotes, "中国", "亚太")
    assert share > 0.8 and n >= 50
    quoted_indo, _ = _share(with_quotes, "中国", "印太")
    assert quoted_indo > 0.05  # the scare-quoted “印太战略” the switch removes

    naming = analysis.naming_choice(unquoted, by="group")
    indo, n = _share(naming, "中国", "印太")
    assert indo < 0.02 and n >= 50
    for group in ("美国", "北约", "日本"):
        share, n = _share(naming, group, "印太")
        assert share > 0.8 and n >= 10, group
    by_actor = analysis.naming_choice(unquoted, by="actor")
    assert _share(by_actor, "中国外交部", "亚太")[0] > 0.95
    assert _share(by_actor, "北约", "印太")[0] > 0.9


def test_finding_2_frames(base: Corpus) -> None:
    """Cold-War confrontation leads China's MFA; threat/security and rules/order lead NATO and the US."""
    mfa, nato, state = (_frame_shares(base, a) for a in ("中国外交部", "北约", "美国国务院"))
    assert mfa.idxmax() == "冷战对抗"
    assert mfa["冷战对抗"] > 3 * max(nato["冷战对抗"], state["冷战对抗"])
    assert nato.drop("命名之争").idxmax() == "威胁与安全"
    assert nato["威胁与安全"] > 2 * mfa["威胁与安全"]
    assert state.idxmax() == "规则与秩序"
    assert state["规则与秩序"] > 3 * mfa["规则与秩序"]


def test_finding_3_nato_systemic_challenge(unquoted: Corpus) -> None:
    """NATO never says 系统性挑战 before the Madrid summit (June 2022) and keeps saying it after."""
    series = analysis.time_series(
        unquoted, by="group", level="term", keys=["系统性挑战"], freq="quarter", units=["北约"]
    )
    before = series[series["period"] < pd.Timestamp(date(2022, 4, 1))]
    after = series[series["period"] >= pd.Timestamp(date(2022, 4, 1))]
    assert int(before["count"].sum()) == 0
    assert int(before["tokens"].sum()) >= 150  # NATO does speak before Madrid, just not this way
    assert int(after["count"].sum()) >= 4
    assert (after.loc[after["count"] > 0, "period"].dt.year.nunique()) >= 2


def test_readme_describes_the_findings() -> None:
    text = (DATA / "README.md").read_text(encoding="utf-8")
    for needle in ("synthetic: true", "亚太", "冷战对抗", "系统性挑战", "registry/README.md"):
        assert needle in text, needle
