"""Framing-term matching: leftmost-longest, not_inside, traditional text, scare quotes."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.lexicon import lexicon_from_frame
from dashboard.terms import MAX_SCARE_QUOTE, TermMatcher, quote_spans

ROWS = [
    # term, frame, variants, naming, name_option, not_inside
    ("冷战思维", "冷战对抗", "冷战心态", "", "", ""),
    ("零和博弈", "冷战对抗", "", "", "", ""),
    ("基于规则的国际秩序", "秩序叙事", "", "", "", ""),
    ("印太", "地区命名", "", "印太/亚太", "印太", ""),
    ("亚太", "地区命名", "", "印太/亚太", "亚太", ""),
    ("东进亚太", "北约扩张", "", "印太/亚太", "亚太", ""),
    ("亚太版北约", "北约扩张", "", "印太/亚太", "亚太", ""),
    ("印太战略", "地区命名", "", "印太/亚太", "印太", ""),
    ("印度", "国家", "", "", "", "印度尼西亚|印度洋"),
    ("胁迫", "威胁建构", "经济胁迫", "", "", ""),
    ("AI", "技术", "", "", "", ""),
]


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    cols = ["term", "frame", "variants", "naming", "name_option", "not_inside"]
    return TermMatcher(lexicon_from_frame(pd.DataFrame(ROWS, columns=cols)))


def test_counts_on_hand_written_sentence(matcher: TermMatcher) -> None:
    text = "美方应摒弃冷战思维和零和博弈，冷战心态无助于维护基于规则的国际秩序，零和博弈没有赢家。"
    assert matcher.count(text) == {"冷战思维": (2, 0), "零和博弈": (2, 0), "基于规则的国际秩序": (1, 0)}


def test_offsets_and_surface_refer_to_original(matcher: TermMatcher) -> None:
    text = "他說冷戰心態要不得。"
    (hit,) = matcher.find(text)
    assert (hit.term, hit.start, hit.end, hit.surface) == ("冷战思维", 2, 6, "冷戰心態")
    assert text[hit.start : hit.end] == "冷戰心態"


def test_traditional_text_matches(matcher: TermMatcher) -> None:
    assert matcher.count("美方應摒棄冷戰思維，停止經濟脅迫。") == {"冷战思维": (1, 0), "胁迫": (1, 0)}
    assert matcher.count("所謂「印太戰略」") == {"印太战略": (1, 1)}


def test_nested_terms_longest_wins_and_carries_naming(matcher: TermMatcher) -> None:
    hits = matcher.find("北约东进亚太，打造亚太版北约，亚太化，亚太地区。")
    assert [(h.term, h.name_option) for h in hits] == [
        ("东进亚太", "亚太"),
        ("亚太版北约", "亚太"),
        ("亚太", "亚太"),  # 亚太化 is not a term: 亚太 inside it counts as 亚太
        ("亚太", "亚太"),
    ]
    assert matcher.count("印太战略与印太") == {"印太战略": (1, 0), "印太": (1, 0)}


def test_leftmost_wins_over_longer_overlap() -> None:
    cols = ["term", "frame"]
    m = TermMatcher(lexicon_from_frame(pd.DataFrame([("国际秩序", "f"), ("秩序井然", "f")], columns=cols)))
    assert [h.term for h in m.find("国际秩序井然")] == ["国际秩序"]


def test_not_inside(matcher: TermMatcher) -> None:
    assert matcher.count("印度尼西亚与印度都在印度洋沿岸。") == {"印度": (1, 0)}
    assert matcher.count("印度尼西亚") == {}
    assert matcher.count("印度") == {"印度": (1, 0)}


def test_latin_terms_need_word_edges(matcher: TermMatcher) -> None:
    assert matcher.count("He SAID that ai matters; AI-driven.") == {"AI": (2, 0)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("所谓“印太”其实就是亚太。", {"印太": (1, 1), "亚太": (1, 0)}),
        ("所谓“基于规则的国际秩序”", {"基于规则的国际秩序": (1, 1)}),
        ("所謂「印太戰略」", {"印太战略": (1, 1)}),
        ("『冷战思维』和冷战思维", {"冷战思维": (2, 1)}),
        # a long quotation (quoted speech) is not a scare quote
        ("他说：“美方必须摒弃冷战思维，停止对中国的经济胁迫。”", {"冷战思维": (1, 0), "胁迫": (1, 0)}),
        # short but containing sentence-final punctuation: speech, not scare quotes
        ("“别搞零和博弈！”", {"零和博弈": (1, 0)}),
        # a scare quote inside quoted speech still counts
        ("他说：“所谓‘印太’不过是换了个名字的冷战思维，我们不接受。”", {"印太": (1, 1), "冷战思维": (1, 0)}),
        # unbalanced mark: nothing is quoted
        ("“印太", {"印太": (1, 0)}),
    ],
)
def test_scare_quotes(matcher: TermMatcher, text: str, expected: dict[str, tuple[int, int]]) -> None:
    counts = matcher.count(text)
    assert counts == expected
    assert all(q <= n for n, q in counts.values())


def test_scare_quote_length_limit(matcher: TermMatcher) -> None:
    inside = "印太" + "很" * (MAX_SCARE_QUOTE - 2)
    assert matcher.count(f"“{inside}”") == {"印太": (1, 1)}
    assert matcher.count(f"“{inside}很”") == {"印太": (1, 0)}


def test_quote_spans() -> None:
    assert quote_spans("a“bc”d「e」") == [(2, 4, True), (7, 8, True)]
    assert quote_spans('he said "AI"') == [(9, 11, True)]


def test_empty_lexicon_and_text(matcher: TermMatcher) -> None:
    empty = TermMatcher(lexicon_from_frame(pd.DataFrame({"term": [], "frame": []})))
    assert empty.find("冷战思维") == []
    assert matcher.find("") == []
