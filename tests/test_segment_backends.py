"""The optional fast backend (rjieba / jieba-rs) is token-identical to the jieba path, and faster.

Skipped as a whole when the optional package is not installed (``pip install rjieba``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest

pytest.importorskip("rjieba", reason="optional fast backend not installed (pip install rjieba)")

import jieba

from dashboard.lexicon import load_lexicon
from dashboard.registry import load_registry
from dashboard.segment import Segmenter, build_segmenter, segmenter_for, to_simplified


@pytest.fixture(scope="module")
def pair() -> tuple[Segmenter, Segmenter]:
    """(jieba path, fast backend), both with the shipped lexicon and registry words."""
    lexicon, registry = load_lexicon(), load_registry()
    slow = build_segmenter(lexicon, registry, backend="jieba")
    fast = build_segmenter(lexicon, registry, backend="fast")
    assert (slow.backend, fast.backend) == ("jieba", "fast")
    return slow, fast


@pytest.fixture(scope="module")
def demo_statements() -> list[str]:
    from dashboard.pipeline import load_demo_corpus

    texts = [str(t) for t in load_demo_corpus().corpus.statements["text"]]
    assert len(texts) > 100
    return texts


def test_identical_on_every_demo_statement(
    pair: tuple[Segmenter, Segmenter], demo_statements: list[str]
) -> None:
    slow, fast = pair
    differing = [t for t in demo_statements if fast.cut(t) != slow.cut(t)]
    assert differing == []


def test_identical_on_traditional_demo_text(
    pair: tuple[Segmenter, Segmenter], demo_statements: list[str]
) -> None:
    """Same text with 简->繁 for a few characters: both see the same simplified text."""
    slow, fast = pair
    trad = str.maketrans("国说为发卫约战", "國說爲發衞約戰")
    differing = [
        t for t in demo_statements[:200] if fast.cut(t.translate(trad)) != slow.cut(t.translate(trad))
    ]
    assert differing == []


@pytest.mark.parametrize(
    "text",
    [
        "美国常驻北约代表朱丽安·史密斯称，朱丽安•史密斯的·发言",  # registered name with the middle dot, stray dots
        "美方将向台湾出售F-35战机和MQ-9B无人机，COVID-19，a.b，1.5.3版，x-1%",  # ASCII runs jieba-rs joins
        "关税提高10%，防务开支达到GDP的3.5%，增长1.5a",  # percent and decimals
        "㐀㐁䶵鿿丽𠀀北约秘书长称",  # characters jieba-rs counts as Han and jieba does not
        "  \r\n\t　冷战思维 和 零和博弈\n",  # whitespace of every kind
        "NATO says China poses systemic challenges.",
        "",
    ],
)
def test_identical_on_edge_cases(pair: tuple[Segmenter, Segmenter], text: str) -> None:
    slow, fast = pair
    assert fast.cut(text) == slow.cut(text)


def test_identical_on_random_text(pair: tuple[Segmenter, Segmenter]) -> None:
    slow, fast = pair
    rng = random.Random(11)
    words = [w for w in slow.words if len(w) <= 8][:400]
    alphabet = (
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
        + ("·%.-_#&+ab1 23，。㐀丽䶵鿿F-35")
    )
    for _ in range(3000):
        text = "".join(
            rng.choice(words) if rng.random() < 0.2 else rng.choice(alphabet)
            for _ in range(rng.randint(1, 40))
        )
        assert fast.cut(text) == slow.cut(text), text


SMALL_WORDS = ("冷战思维", "朱丽安·史密斯")


def test_plain_chinese_never_needs_the_jieba_path() -> None:
    fast = segmenter_for(SMALL_WORDS, backend="fast")
    assert fast._fast is not None
    before = fast._fast.slow_blocks
    text = "朱丽安·史密斯说，美方应摒弃冷战思维，开支增长3.5%。"
    tokens = fast.cut(text)
    assert tokens == segmenter_for(SMALL_WORDS, backend="jieba").cut(text)
    assert "朱丽安·史密斯" in tokens and "冷战思维" in tokens and "3.5%" in tokens
    assert fast._fast.slow_blocks == before
    fast.cut("F-35战机")
    assert fast._fast.slow_blocks == before + 1


def test_auto_picks_fast_when_installed() -> None:
    assert segmenter_for(SMALL_WORDS) is segmenter_for(SMALL_WORDS, backend="fast")
    assert segmenter_for(SMALL_WORDS).backend == "fast"


def test_fast_backend_is_at_least_three_times_plain_jieba(
    pair: tuple[Segmenter, Segmenter], demo_statements: list[str]
) -> None:
    """Measured: ~10x (plain jieba.lcut ~0.35-0.45 M chars/s, fast ~4.5 M chars/s on one core)."""
    _, fast = pair
    text = to_simplified("\n".join(demo_statements))
    text = text * max(1, 120_000 // len(text))
    plain = jieba.Tokenizer()
    plain.initialize()

    def best_of(fn: Callable[[str], object], repeat: int) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn(text)
            times.append(time.perf_counter() - start)
        return min(times)

    t_plain = best_of(plain.lcut, 1)
    t_fast = best_of(fast.cut_simplified, 3)
    assert t_plain / t_fast >= 3.0
