"""Segmentation keeps lexicon terms and registry names whole; script conversion keeps offsets."""

from __future__ import annotations

import jieba
import pytest

from dashboard.segment import Segmenter, detect_script, segmenter_for, to_simplified

WORDS = [
    "冷战思维",
    "基于规则的国际秩序",
    "零和博弈",
    "系统性挑战",
    "马克龙",
    "斯托尔滕贝格",
    "朱丽安·史密斯",
    "东进亚太",
]


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return segmenter_for(WORDS)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("美方应摒弃冷战思维和零和博弈。", "冷战思维"),
        ("美方应摒弃冷战思维和零和博弈。", "零和博弈"),
        ("所谓维护基于规则的国际秩序，实则维护霸权。", "基于规则的国际秩序"),
        ("北约将中国视为系统性挑战。", "系统性挑战"),
        ("法国总统马克龙当天表示，欧洲不应卷入。", "马克龙"),
        ("北约秘书长斯托尔滕贝格称，北约不会改变立场。", "斯托尔滕贝格"),
        ("美国常驻北约代表朱丽安·史密斯在记者会上称。", "朱丽安·史密斯"),
        ("北约无意东进亚太。", "东进亚太"),
    ],
)
def test_added_words_stay_one_token(seg: Segmenter, text: str, word: str) -> None:
    assert word in seg.cut(text)


def test_traditional_text_is_cut_as_simplified(seg: Segmenter) -> None:
    tokens = seg.cut("美方應摒棄冷戰思維，北約秘書長斯托爾滕貝格稱。")
    assert "冷战思维" in tokens
    assert "斯托尔滕贝格" in tokens


def test_middle_dot_lookalikes_are_folded(seg: Segmenter) -> None:
    assert "朱丽安·史密斯" in seg.cut("朱麗安‧史密斯稱")
    assert "朱丽安·史密斯" in seg.cut("朱丽安•史密斯称")


def test_punctuation_and_whitespace_dropped(seg: Segmenter) -> None:
    tokens = seg.cut("“冷战思维”？！ 不……\n零和博弈——。")
    assert tokens == ["冷战思维", "不", "零和博弈"]
    assert seg.cut("  。，、 ") == []


def test_dedicated_tokenizer_leaves_global_jieba_alone(seg: Segmenter) -> None:
    assert seg.cut("朱丽安·史密斯")  # builds and uses the instance
    assert "·" not in jieba.re_han_default.pattern
    assert "斯托尔滕贝格" not in jieba.dt.FREQ or jieba.dt.FREQ["斯托尔滕贝格"] == 0
    assert "斯托尔滕贝格" not in jieba.lcut("斯托尔滕贝格")


def test_segmenter_is_cached_per_word_set() -> None:
    assert segmenter_for(reversed(WORDS)) is segmenter_for(WORDS)
    other = Segmenter(words=["完全不同的词语"])
    assert other is not segmenter_for(WORDS)
    assert "完全不同的词语" in other.cut("这是完全不同的词语。")


def test_to_simplified_is_length_preserving() -> None:
    trad = "北約秘書長斯托爾滕貝格說：「印太戰略」是冷戰思維。"
    simp = to_simplified(trad)
    assert simp == "北约秘书长斯托尔滕贝格说：「印太战略」是冷战思维。"
    assert len(simp) == len(trad)
    assert to_simplified("冷战思维 abc 123") == "冷战思维 abc 123"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("美方应摒弃冷战思维。", "zh-Hans"),
        ("美方應摒棄冷戰思維。", "zh-Hant"),
        ("NATO says China poses systemic challenges.", "en"),
        ("12345 ---", "other"),
        ("", "other"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_fast_dag_cut_matches_jieba() -> None:
    """The one-pass DAG/route cut gives exactly jieba's own __cut_DAG tokens (same tokenizer)."""
    import random

    rng = random.Random(7)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产北约冷战思维亚太朱丽安·史密斯"
    samples = ["北约秘书长斯托尔滕贝格称，北约无意东进亚太，美方应摒弃冷战思维。"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(300)]
    tok = segmenter_for(WORDS, backend="jieba")._tok
    assert tok is not None
    for text in samples:
        for block in tok.re_han.split(text)[1::2]:
            assert tok.cut_dag(block) == list(tok._Tokenizer__cut_DAG(block)), block


def test_every_default_lexicon_form_and_registry_alias_stays_whole() -> None:
    """With the shipped data: each term, variant, name (with ·) and role is one token in context."""
    from dashboard.lexicon import load_lexicon
    from dashboard.registry import load_registry
    from dashboard.segment import build_segmenter

    lexicon, registry = load_lexicon(), load_registry()
    seg = build_segmenter(lexicon, registry)
    words = [w for w in [*lexicon.surface_forms(), *registry.all_aliases()] if len(w) >= 2]
    assert any("·" in w for w in words)
    broken = [w for w in words if w not in seg.cut(f"据报道，{w}引发关注。")]
    assert broken == []


# --------------------------------------------------------------------------- variant characters


@pytest.mark.parametrize(
    ("variant", "simplified"),
    [
        ("衞", "卫"),
        ("峯", "峰"),
        ("説", "说"),
        ("爲", "为"),
        ("綫", "线"),
        ("裏", "里"),
        ("衹", "只"),
        ("粧", "妆"),
    ],
)
def test_hong_kong_and_taiwan_variants_map_to_simplified(variant: str, simplified: str) -> None:
    assert to_simplified(variant) == simplified
    assert detect_script(variant * 3) == "zh-Hant"


def test_variant_in_context_resolves() -> None:
    text = "菲律賓海岸警衞隊發言人説，羣衆啓程。"
    simp = to_simplified(text)
    assert simp == "菲律宾海岸警卫队发言人说，群众启程。"
    assert len(simp) == len(text)


def test_simplified_characters_never_change() -> None:
    """Characters that are themselves simplified standard stay, even where a variant table lists them."""
    text = "着干后里面发著抬台只叙"
    assert to_simplified(text) == text


def test_shipped_lexicon_and_registry_cells_are_unchanged() -> None:
    """Every cell of data/lexicon.csv and data/registry/*.csv is already simplified (or not Chinese)."""
    import csv
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data"
    files = [data / "lexicon.csv", *sorted((data / "registry").glob("*.csv"))]
    cells: set[str] = set()
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                cells.update(part for cell in row for part in cell.split("|"))
    assert len(cells) > 500
    assert [c for c in sorted(cells) if to_simplified(c) != c] == []


def test_every_table_entry_is_one_character_to_one() -> None:
    from dashboard.segment import simplify_table

    table = simplify_table()
    assert all(len(chr(k)) == 1 and len(v) == 1 for k, v in table.items())


# --------------------------------------------------------------------------- backend choice


def test_auto_uses_jieba_when_fast_package_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import dashboard.segment as segment

    monkeypatch.setattr(segment, "fast_backend_available", lambda: False)
    seg = Segmenter(words=["冷战思维"], backend="auto")
    assert seg.backend == "jieba"
    assert "冷战思维" in seg.cut("美方应摒弃冷战思维。")
    with pytest.raises(ModuleNotFoundError, match="rjieba"):
        Segmenter(words=["冷战思维"], backend="fast")


def test_backend_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="backend"):
        Segmenter(words=[], backend="nope")  # type: ignore[arg-type]
    assert Segmenter(words=[], hmm=False).backend == "jieba"  # auto: fast supports HMM only
