"""Script conversion and word segmentation.

``to_simplified`` maps traditional characters to simplified ones one character at a time, using the
single-character table shipped by opencc-python-reimplemented (``TSCharacters.txt``). Multi-character
phrase tables are deliberately not used: the output has exactly the length of the input, so an offset
found in the simplified text is valid in the original. Middle-dot look-alikes used in transliterated
names (``•``, ``‧``, ``・``, ``･``, ``∙``) are folded to ``·`` for the same reason.

``Segmenter`` wraps a dedicated ``jieba.Tokenizer`` (never the global one): every lexicon surface form
and registry alias is added as a single word, and its block pattern admits ``·`` so that names such as
朱丽安·史密斯 stay one token. The main dictionary is loaded once per process and shared by copy.

Variant forms used in Hong Kong and Taiwan text that ``TSCharacters`` lacks (衞 -> 卫, 衹 -> 只) are
added from opencc's HK/TW variant tables, one character to one, never touching a character of GB 2312.

``backend="fast"`` (chosen by ``"auto"`` when the optional ``rjieba`` package is installed) cuts with
jieba-rs loaded with the same dictionary, words and total: token-identical, ~10x plain jieba.

Example::

    >>> to_simplified("冷戰思維")
    '冷战思维'
    >>> seg = Segmenter(words=["冷战思维"])
    >>> "冷战思维" in seg.cut("美方應摒棄冷戰思維。")
    True
"""

from __future__ import annotations

import importlib.util
import logging
import math
import re
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from math import log
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

import jieba
from jieba import finalseg

if TYPE_CHECKING:
    from dashboard.lexicon import Lexicon
    from dashboard.registry import Registry

Script = Literal["zh-Hans", "zh-Hant", "en", "other"]

#: Frequency given to added words: high enough that each stays one token in ordinary context.
WORD_FREQ: Final = 200_000

#: Middle-dot look-alikes folded to U+00B7 by :func:`to_simplified` (all length-preserving).
MIDDLE_DOTS: Final = "•‧・･∙⋅"

# jieba.re_han_default plus the middle dot; used by this module's Segmenter only (jieba's global
# pattern is never touched).
_RE_HAN: Final = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&._%\\-·]+)")
_RE_SKIP: Final = re.compile(r"(\r\n|\s)")
_RE_WORDCHAR: Final = re.compile(r"\w")
_PREFIX_ONLY: Final = 1.0  # marker in the log-probability table: a dictionary prefix, not a word


def _dictionary_dir() -> Path:
    import opencc

    return Path(opencc.__file__).resolve().parent / "dictionary"


def _ts_table_path() -> Path:
    return _dictionary_dir() / "TSCharacters.txt"


def _read_pairs(name: str) -> Iterator[tuple[str, list[str]]]:
    """(key, candidates) of one opencc dictionary file (``key<TAB>cand1 cand2 ...``)."""
    for line in (_dictionary_dir() / name).read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            src, dst = line.split("\t", 1)
            yield src, dst.split()


def _is_common_simplified(ch: str) -> bool:
    """In GB 2312, the standard set of everyday simplified characters."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _variant_pairs(ts: dict[str, str]) -> dict[str, str]:
    """Hong Kong / Taiwan variant character -> simplified, for variants TSCharacters lacks (衞 -> 卫).

    From opencc's HKVariants/TWVariants tables, both directions read as variant -> standard
    traditional, then simplified through ``ts``. Only added when the variant is not itself an everyday
    simplified character (not in GB 2312: 著, 抬 stay as they are), the result is one (in GB 2312),
    and every table agrees on it. JPVariants is not used: Japanese forms include ordinary Chinese
    characters with other meanings (欠, 芸, 缶, 弁).
    """
    found: dict[str, set[str]] = {}

    def note(variant: str, standard: str) -> None:
        if len(variant) == 1 and len(standard) == 1 and variant != standard:
            found.setdefault(variant, set()).add(ts.get(standard, standard))

    for name in ("HKVariants.txt", "TWVariants.txt"):  # standard -> variants
        for standard, variants in _read_pairs(name):
            for variant in variants:
                note(variant, standard)
    for name in ("HKVariantsRev.txt", "TWVariantsRev.txt"):  # variant -> standards
        for variant, standards in _read_pairs(name):
            for standard in standards:
                note(variant, standard)
    out: dict[str, str] = {}
    for variant, targets in found.items():
        if variant in ts or len(targets) != 1 or _is_common_simplified(variant):
            continue
        (target,) = targets
        if target != variant and _is_common_simplified(target):
            out[variant] = target
    return out


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], frozenset[str], frozenset[str]]:
    """(translate table, traditional-only characters, simplified-only characters)."""
    ts: dict[str, str] = {}
    for src, candidates in _read_pairs(_ts_table_path().name):
        first = candidates[0] if candidates else ""
        if len(src) == 1 and len(first) == 1 and src != first:
            ts[src] = first
    ts.update(_variant_pairs(ts))
    table = {ord(k): v for k, v in ts.items()}
    traditional = frozenset(ts)
    simplified = frozenset(ts.values()) - traditional
    for dot in MIDDLE_DOTS:
        table[ord(dot)] = "·"
    return table, traditional, simplified


def simplify_table() -> dict[int, str]:
    """The ``str.translate`` table behind :func:`to_simplified` (do not mutate)."""
    return _tables()[0]


def to_simplified(text: str) -> str:
    """Traditional -> simplified, character by character; ``len(result) == len(text)``."""
    return text.translate(_tables()[0])


def detect_script(text: str) -> Script:
    """Guess the script: zh-Hans / zh-Hant from characters unique to either, en for Latin text."""
    _, traditional, simplified = _tables()
    han = trad = simp = latin = 0
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            han += 1
            if ch in traditional:
                trad += 1
            elif ch in simplified:
                simp += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    if han == 0 and latin == 0:
        return "other"
    if han * 2 >= latin:  # one Chinese character carries about as much as two Latin letters
        return "zh-Hant" if trad > simp else "zh-Hans"
    non_space = sum(1 for ch in text if not ch.isspace())
    return "en" if latin >= 0.5 * non_space else "other"


_BASE_LOCK = threading.Lock()
_BASE: dict[str, tuple[dict[str, int], int]] = {}


def _base_dictionary() -> tuple[dict[str, int], int]:
    """jieba's main prefix dictionary (FREQ, total), loaded once per process (jieba caches it on disk)."""
    with _BASE_LOCK:
        if "main" not in _BASE:
            logger = logging.getLogger("jieba")
            level = logger.level
            logger.setLevel(logging.WARNING)  # silence "Building prefix dict ..." for this call only
            try:
                tok = jieba.Tokenizer()
                tok.initialize()
            finally:
                logger.setLevel(level)
            _BASE["main"] = (tok.FREQ, tok.total)
        return _BASE["main"]


class _Tokenizer(jieba.Tokenizer):  # type: ignore[misc]
    """A jieba.Tokenizer whose block pattern admits the middle dot (per instance, not global).

    ``cut_dag`` is jieba's HMM ``__cut_DAG`` with the DAG and route computed in one pass over a
    precomputed log-probability table: same arithmetic, same tie-breaking, same tokens, about twice as
    fast (tests/test_segment.py compares both on varied text).
    """

    re_han = _RE_HAN
    re_skip = _RE_SKIP
    _logp: dict[str, float] | None = None
    _logp_default: float = 0.0

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        super().add_word(word, freq, tag)
        self._logp = None

    def _prepare(self) -> dict[str, float]:
        """word -> log P(word) (as jieba's calc computes it); prefixes that are not words -> 1.0."""
        logtotal = log(self.total)
        self._logp = {w: (log(f) - logtotal if f else _PREFIX_ONLY) for w, f in self.FREQ.items()}
        self._logp_default = log(1) - logtotal
        return self._logp

    def cut_dag(self, sentence: str) -> list[str]:
        """Tokens of one block of Chinese/alphanumeric text (jieba's accurate mode with HMM)."""
        table = self._logp if self._logp is not None else self._prepare()
        get = table.get
        default = self._logp_default
        n = len(sentence)
        score = [0.0] * (n + 1)
        nxt = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            best_x = k
            best = -math.inf
            found = False
            i = k
            v = get(sentence[k])
            while v is not None:  # jieba: while i < n and frag in FREQ
                if v <= 0.0:  # a word (not only a prefix)
                    found = True
                    s = v + score[i + 1]
                    if s >= best:  # ties: the longer word, as max() over (score, x) in jieba
                        best, best_x = s, i
                i += 1
                if i >= n:
                    break
                v = get(sentence[k : i + 1])
            if not found:
                best = default + score[k + 1]
                best_x = k
            score[k] = best
            nxt[k] = best_x
        out: list[str] = []
        x = 0
        buf = ""
        while x < n:
            y = nxt[x] + 1
            if y - x == 1:
                buf += sentence[x]
            else:
                if buf:
                    self._flush(buf, out)
                    buf = ""
                out.append(sentence[x:y])
            x = y
        if buf:
            self._flush(buf, out)
        return out

    def _flush(self, buf: str, out: list[str]) -> None:
        if len(buf) == 1:
            out.append(buf)
        elif not self.FREQ.get(buf):
            out.extend(finalseg.cut(buf))
        else:
            out.extend(buf)

    def cut(
        self, sentence: str, cut_all: bool = False, HMM: bool = True, use_paddle: bool = False
    ) -> Iterator[str]:
        if cut_all:
            cut_block = self._Tokenizer__cut_all
        elif HMM:
            cut_block = self.cut_dag
        else:
            cut_block = self._Tokenizer__cut_DAG_NO_HMM
        re_han, re_skip = self.re_han, self.re_skip
        for blk in re_han.split(sentence):
            if not blk:
                continue
            if re_han.match(blk):
                yield from cut_block(blk)
            else:
                for x in re_skip.split(blk):
                    if re_skip.match(x):
                        yield x
                    elif not cut_all:
                        yield from x
                    else:
                        yield x

    def words(self, sentence: str) -> list[str]:
        """``[t for t in cut(sentence) if is_word(t)]`` without the generator overhead."""
        out: list[str] = []
        for i, blk in enumerate(self.re_han.split(sentence)):
            if i % 2:  # the pattern has one group: odd pieces are the matched blocks
                for t in self.cut_dag(blk):
                    if t.isalnum() or (len(t) > 1 and _RE_WORDCHAR.search(t) is not None):
                        out.append(t)
            elif blk:
                out.extend(ch for ch in blk if ch.isalnum())
        return out


def _is_word(token: str) -> bool:
    if len(token) == 1:
        return token.isalnum()
    return _RE_WORDCHAR.search(token) is not None


#: Optional package behind ``backend="fast"`` (jieba-rs bindings; ``pip install rjieba``).
FAST_PACKAGE: Final = "rjieba"

# jieba-rs splits blocks on a wider Han range than jieba (and no middle dot). Text holding any of
# these is cut block by block (blocks from _RE_HAN); all other text goes to jieba-rs in one call.
_RE_FAST_EXTRA: Final = re.compile(
    "[\u3400-\u4dbf\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U0002f800-\U0002fa1f]"
)
# jieba-rs's HMM keeps ASCII runs joined by . _ - as one token (F-35, a.b, 1.5.3); jieba's splits
# them unless the run is letters/digits with one decimal part (1.5, a1.5). Blocks with another such
# run are cut by the jieba path.
_RE_ASCII_JOINED: Final = re.compile(r"[A-Za-z0-9]+(?:[._\-][A-Za-z0-9]+)+")
_RE_ASCII_JIEBA: Final = re.compile(r"[A-Za-z0-9]+(?:\.[0-9]+)?")
# Stand-in for "·" inside jieba-rs: a character its block pattern admits, that its HMM treats as
# non-Han (like jieba's does "·") and that no dictionary word and no block (see _RE_HAN) contains.
_FAST_DOT: Final = "\u3400"
# Word carrying the frequency jieba-rs lacks so that both totals (hence all log-probabilities) agree;
# its characters never reach jieba-rs.
_FAST_PAD: Final = "\u3401\u3401"


def fast_backend_available() -> bool:
    """True when the optional fast package (:data:`FAST_PACKAGE`) is importable."""
    return importlib.util.find_spec(FAST_PACKAGE) is not None


def _fast_safe(text: str) -> bool:
    """No ASCII run that jieba-rs's HMM would keep whole where jieba's splits it."""
    return all(_RE_ASCII_JIEBA.fullmatch(m.group()) for m in _RE_ASCII_JOINED.finditer(text))


def _jieba_tokenizer(base_freq: dict[str, int], base_total: int, added: dict[str, int]) -> _Tokenizer:
    tok = _Tokenizer()
    tok.FREQ = dict(base_freq)
    tok.total = base_total
    tok.initialized = True
    for word, f in added.items():
        tok.add_word(word, freq=f)
    return tok


class _FastCutter:
    """jieba-rs (``rjieba``) loaded with exactly this module's jieba dictionary, words and total.

    jieba-rs implements jieba's accurate mode with HMM: same DAG, same route arithmetic and
    tie-breaking, same HMM model. The differences are handled here: its dictionary is replaced by
    jieba's (frequencies copied, added words included); its total is padded to jieba's (jieba counts
    a duplicate dictionary line and re-added words twice); "·" is swapped for a stand-in that its
    block pattern admits; text with characters its block pattern admits and jieba's does not is cut
    per jieba block; blocks with ASCII runs its HMM joins differently (see ``_fast_safe``) go to the
    jieba path, built on first need.
    """

    def __init__(self, base_freq: dict[str, int], base_total: int, added: dict[str, int]) -> None:
        import rjieba  # type: ignore[import-not-found, unused-ignore]

        jb = rjieba.Jieba.empty()
        freqs = {w: f for w, f in base_freq.items() if f > 0}  # jieba: 0 = prefix only
        freqs.update(added)
        add = jb.add_word
        for word, f in freqs.items():
            add(word.replace("·", _FAST_DOT), f, None)
        pad = base_total + sum(added.values()) - sum(freqs.values())
        if pad < 0:  # pragma: no cover - cannot happen with add semantics; refuse rather than differ
            raise RuntimeError("fast backend: dictionary total larger than jieba's")
        if pad:
            add(_FAST_PAD, pad, None)
        self._cut = jb.cut
        self._build_slow = lambda: _jieba_tokenizer(base_freq, base_total, added)
        self._slow_tok: _Tokenizer | None = None
        self.slow_blocks = 0  # blocks handed to the jieba path so far

    def words(self, sentence: str) -> list[str]:
        """Word tokens of simplified text, as ``_Tokenizer.words`` gives them."""
        if _RE_FAST_EXTRA.search(sentence) is None and _fast_safe(sentence):
            return [t for t in self._tokens(sentence) if _is_word(t)]
        out: list[str] = []
        for i, blk in enumerate(_RE_HAN.split(sentence)):
            if i % 2:
                toks = self._tokens(blk) if _fast_safe(blk) else self._slow(blk)
                out.extend(t for t in toks if _is_word(t))
            elif blk:
                out.extend(ch for ch in blk if ch.isalnum())
        return out

    def _tokens(self, text: str) -> list[str]:
        """All jieba-rs tokens of ``text`` (no character of _RE_FAST_EXTRA), "·" restored."""
        if "·" not in text:
            return self._cut(text, True)
        return [t.replace(_FAST_DOT, "·") for t in self._cut(text.replace("·", _FAST_DOT), True)]

    def _slow(self, block: str) -> list[str]:
        if self._slow_tok is None:
            self._slow_tok = self._build_slow()
        self.slow_blocks += 1
        return self._slow_tok.cut_dag(block)


Backend = Literal["auto", "jieba", "fast"]


class Segmenter:
    """jieba segmentation with extra single-token words; works on simplified text.

    ``backend``: "jieba" = this module's jieba tokenizer; "fast" = jieba-rs through the optional
    ``rjieba`` package, token-identical (tests/test_segment_backends.py) and several times faster;
    "auto" = "fast" when ``rjieba`` is installed (and ``hmm``), else "jieba". The backend in use is
    ``self.backend``.

    Building one costs a dictionary copy (~0.1-0.3 s after the first, which loads jieba's cache);
    build once per process and reuse (see :func:`build_segmenter`).
    """

    def __init__(
        self, *, words: Iterable[str], freq: int = WORD_FREQ, hmm: bool = True, backend: Backend = "auto"
    ) -> None:
        base_freq, base_total = _base_dictionary()
        added: dict[str, int] = {}
        for word in dict.fromkeys(to_simplified(w).strip() for w in words):
            if len(word) < 2 or _RE_SKIP.search(word):
                continue  # single characters are tokens anyway; jieba never yields whitespace inside one
            added[word] = max(freq, base_freq.get(word, 0))
        if backend == "auto":
            backend = "fast" if hmm and fast_backend_available() else "jieba"
        self._tok: _Tokenizer | None = None
        self._fast: _FastCutter | None = None
        if backend == "fast":
            if not hmm:
                raise ValueError('backend="fast" supports hmm=True only')
            if not fast_backend_available():
                raise ModuleNotFoundError(f'backend="fast" needs the optional package {FAST_PACKAGE!r}')
            self._fast = _FastCutter(base_freq, base_total, added)
        elif backend == "jieba":
            self._tok = _jieba_tokenizer(base_freq, base_total, added)
        else:
            raise ValueError(f"unknown backend {backend!r}")
        self._hmm = hmm
        self.backend: Literal["jieba", "fast"] = backend
        self.words: tuple[str, ...] = tuple(added)

    def cut(self, text: str) -> list[str]:
        """Tokens of ``to_simplified(text)``; punctuation and whitespace tokens dropped."""
        return self.cut_simplified(to_simplified(text))

    def cut_simplified(self, simplified: str) -> list[str]:
        """Like :meth:`cut` for text already passed through :func:`to_simplified`."""
        if self._fast is not None:
            return self._fast.words(simplified)
        assert self._tok is not None
        if self._hmm:
            return self._tok.words(simplified)
        return [t for t in self._tok.cut(simplified, HMM=False) if _is_word(t)]


@lru_cache(maxsize=2)  # each holds ~55 MB of dictionary tables
def _cached_segmenter(words: tuple[str, ...], backend: Backend) -> Segmenter:
    return Segmenter(words=words, backend=backend)


def segmenter_for(words: Iterable[str], *, backend: Backend = "auto") -> Segmenter:
    """A per-process shared Segmenter for this word set and backend (built on first use)."""
    if backend == "auto":
        backend = "fast" if fast_backend_available() else "jieba"
    return _cached_segmenter(tuple(sorted(set(words))), backend)


def build_segmenter(lexicon: Lexicon, registry: Registry, *, backend: Backend = "auto") -> Segmenter:
    """Segmenter knowing every lexicon surface form and registry alias (cached per process)."""
    return segmenter_for(segmenter_words(lexicon, registry), backend=backend)


def segmenter_words(lexicon: Lexicon, registry: Registry) -> list[str]:
    """Every word the segmenter must keep whole: lexicon surface forms, registry aliases and names."""
    words = list(lexicon.surface_forms())
    words.extend(registry.all_aliases())
    return words
