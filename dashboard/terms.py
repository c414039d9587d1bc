"""Framing-term occurrences in statement text.

Matching rule (one rule, tested in tests/test_terms.py):

1. Normalise: the text goes through :func:`dashboard.segment.to_simplified` (length-preserving, so hit
   offsets refer to the original, possibly traditional, text) and ASCII letters are lower-cased.
2. Candidates: every occurrence of every surface form (term or variant) — one Aho-Corasick pass.
   A surface form starting/ending with a Latin letter or digit must not touch another one there
   (``AI`` is not found in ``SAID``).
3. ``not_inside``: a candidate lying inside one of its term's ``not_inside`` words at that position is
   dropped (印度 in 印度尼西亚) *before* overlaps are resolved, so it blocks nothing.
4. Leftmost-longest, non-overlapping: scanning left to right, the candidate that starts first wins, and of
   those starting at the same place the longest wins; candidates overlapping a chosen one are discarded.
   Consequences: nested terms are counted once, as the longest term written. 东进亚太 is one hit of the term
   东进亚太 — it counts toward the 印太/亚太 naming choice only through that term's own ``name_option``
   (亚太), which every hit carries. If 亚太化 or 亚太版北约 are not lexicon terms, the 亚太 inside them is an
   ordinary 亚太 hit.
5. Scare quotes: a hit lying entirely inside a *short* quoted span — “…”, 「…」, 『…』, ‘…’, "…" with at
   most ``MAX_SCARE_QUOTE`` characters inside and no sentence-final punctuation (。！？!?；) inside — is
   ``quoted`` (“印太”, 所谓“基于规则的国际秩序”). A term inside a long quotation (someone's quoted speech)
   is not quoted. So ``quoted_count <= count`` always.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import ahocorasick

from dashboard.lexicon import Lexicon
from dashboard.segment import simplify_table

#: Longest quoted span (characters between the marks) still read as scare quotes.
MAX_SCARE_QUOTE: Final = 16
_SENTENCE_END: Final = frozenset("。！？!?；;")
_QUOTE_PAIRS: Final = {"“": "”", "「": "」", "『": "』", "‘": "’", "﹁": "﹂", "﹃": "﹄"}
_ASCII_LOWER: Final = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_ALNUM_ASCII: Final = re.compile(r"[A-Za-z0-9]")


#: (term, length, surface form, naming, name_option, (latin start, latin end)) stored per surface form.
HitInfo = tuple[str, int, str, str, str, tuple[bool, bool]]


@dataclass(frozen=True, slots=True)
class Hit:
    """One occurrence of a lexicon term; ``start``/``end`` index the original text."""

    term: str
    start: int
    end: int
    quoted: bool
    surface: str = ""
    naming: str = ""
    name_option: str = ""


_CLOSERS: Final = {v: k for k, v in _QUOTE_PAIRS.items()}
_QUOTE_MARKS: Final = re.compile("[" + re.escape("".join(_QUOTE_PAIRS) + "".join(_CLOSERS) + '"') + "]")


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def _match_table() -> dict[int, str]:
    """to_simplified's table plus ASCII lower-casing: one length-preserving pass."""
    table = dict(simplify_table())
    table.update(_ASCII_LOWER)
    return table


def _normalise(text: str) -> str:
    return text.translate(_match_table())


def quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_short) of the content of each closed quotation in ``text``.

    Pairs of the same kind nest by a stack; straight double quotes pair up in order.
    """
    spans: list[tuple[int, int, bool]] = []
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    for m in _QUOTE_MARKS.finditer(text):
        ch, i = m.group(), m.start()
        if ch in _QUOTE_PAIRS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            # pop to the nearest matching opener (tolerates unbalanced marks in between)
            for j in range(len(stack) - 1, -1, -1):
                if stack[j][0] == opener:
                    start = stack[j][1] + 1
                    del stack[j:]
                    spans.append((start, i, _is_short(text, start, i)))
                    break
        elif straight_open is None:
            straight_open = i
        else:
            start = straight_open + 1
            spans.append((start, i, _is_short(text, start, i)))
            straight_open = None
    return spans


def _is_short(text: str, start: int, end: int) -> bool:
    if end - start > MAX_SCARE_QUOTE or end <= start:
        return False
    return not any(ch in _SENTENCE_END for ch in text[start:end])


class TermMatcher:
    """All lexicon surface forms in one Aho-Corasick automaton (see the module docstring for the rule)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        auto = ahocorasick.Automaton()
        self._not_inside: dict[str, list[tuple[str, list[int]]]] = {}
        for surface, term in lexicon.surface_forms().items():
            key = surface.translate(_ASCII_LOWER)
            naming, option = lexicon.naming_of(term)
            latin_edges = (bool(_ALNUM_ASCII.match(key[0])), bool(_ALNUM_ASCII.match(key[-1])))
            auto.add_word(key, (term, len(key), surface, naming, option, latin_edges))
            blockers: list[tuple[str, list[int]]] = []
            for word in lexicon.not_inside(term):
                word_key = word.translate(_ASCII_LOWER)
                offsets = [m.start() for m in re.finditer(f"(?={re.escape(key)})", word_key)]
                if offsets:
                    blockers.append((word_key, offsets))
            if blockers:
                self._not_inside[key] = blockers
        self._empty = len(auto) == 0
        if not self._empty:
            auto.make_automaton()
        self._auto = auto

    def _candidates(self, norm: str) -> Iterator[tuple[int, int, HitInfo]]:
        for end_idx, value in self._auto.iter(norm):
            length = value[1]
            start = end_idx - length + 1
            end = end_idx + 1
            left, right = value[5]
            if left and start > 0 and _ALNUM_ASCII.match(norm[start - 1]):
                continue
            if right and end < len(norm) and _ALNUM_ASCII.match(norm[end]):
                continue
            blockers = self._not_inside.get(norm[start:end])
            if blockers and any(
                norm.startswith(word, start - off)
                for word, offsets in blockers
                for off in offsets
                if start >= off
            ):
                continue
            yield start, end, value

    def _select(self, text: str) -> list[tuple[int, int, HitInfo, bool]]:
        """Chosen (start, end, info, quoted) by the leftmost-longest rule."""
        if self._empty or not text:
            return []
        norm = _normalise(text)
        cands = sorted(self._candidates(norm), key=lambda c: (c[0], -c[1]))
        if not cands:
            return []
        spans: list[tuple[int, int]] | None = None
        chosen: list[tuple[int, int, HitInfo, bool]] = []
        last_end = 0
        for start, end, info in cands:
            if start < last_end:
                continue
            last_end = end
            if spans is None:
                spans = (
                    [(s, e) for s, e, short in quote_spans(text) if short]
                    if _QUOTE_MARKS.search(text)
                    else []
                )
            quoted = any(s <= start and end <= e for s, e in spans)
            chosen.append((start, end, info, quoted))
        return chosen

    def find(self, text: str) -> list[Hit]:
        """Hits in ``text`` (simplified or traditional), left to right, non-overlapping."""
        return [
            Hit(info[0], start, end, quoted, text[start:end], info[3], info[4])
            for start, end, info, quoted in self._select(text)
        ]

    def count(self, text: str) -> dict[str, tuple[int, int]]:
        """term -> (count, quoted_count) for ``text``; terms without hits are absent."""
        out: dict[str, tuple[int, int]] = {}
        for _start, _end, info, quoted in self._select(text):
            n, q = out.get(info[0], (0, 0))
            out[info[0]] = (n + 1, q + quoted)
        return out
