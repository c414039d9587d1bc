"""Filters, rates with intervals, matrices, naming choice, contrasts, time series and evidence.

Pure pandas/numpy over a :class:`dashboard.corpus.Corpus` (no streamlit, no scipy).

Typical use (the UI caches the first two calls)::

    base = prepare_corpus(corpus)            # once per loaded corpus: categorical columns, hit positions
    view = apply_filters(base, Filters(actors=("中国外交部", "北约")))
    frame_rates(view, by="actor", level="frame")
    evidence(view, unit="北约", frame="冷战对抗")   # the statements behind one number

Every function takes the (filtered) corpus and recomputes every number on it: filtering never changes
what a number means.

Scale (100k articles, 1.5M statements): ``prepare_corpus`` makes the repeated columns categorical and
locates every hit's statement once; ``apply_filters`` then copies no text (a filtered corpus holds
light frames plus the rows it keeps of the prepared tables, see :func:`materialize`); all-token
contrasts count integer token ids (built once per corpus, on the first such contrast) with one
``bincount`` per call; ``evidence`` reads the text of the rows it returns only. Every function returns an empty frame with its documented columns (never raises)
when the filter leaves nothing.

A "unit" is an actor, a group or an outlet (``by=``), read from the statement's column of that name.
A "key" is a frame or a canonical lexicon term (``level=``), read from ``term_hits``.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
import weakref
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.corpus import Corpus
from dashboard.schema import (
    ARTICLE_COLUMNS,
    LEXICON_COLUMNS,
    STATEMENT_COLUMNS,
    TERM_HIT_COLUMNS,
)

Unit = Literal["actor", "group", "outlet"]
Level = Literal["frame", "term"]
Value = Literal["count", "rate", "share"]
Freq = Literal["week", "month", "quarter", "year"]
Mode = Literal["lexicon", "tokens"]
Method = Literal["fightin_words", "chi2", "lr"]
Measure = Literal["chi2", "lr"]
Correction = Literal["default", "yates", "williams", "none"]

#: Two-sided 95% normal quantile.
Z95: Final = 1.959963984540054

#: Default total weight a0 of the Fightin' Words informative Dirichlet prior (see :func:`fightin_words`).
DEFAULT_ALPHA0: Final = 100.0

DATA_DIR: Final = Path(__file__).resolve().parents[1] / "data"
DEFAULT_STOPWORDS_PATH: Final = DATA_DIR / "stopwords.txt"

#: Used only when ``data/stopwords.txt`` is missing: common multi-character Chinese function words
#: (single characters are removed from token contrasts anyway).
_FALLBACK_STOPWORD_TEXT: Final = (
    "我们 你们 他们 它们 她们 自己 这个 那个 这些 那些 这样 那样 这里 那里 一个 一些 一种 没有 不是 就是 "
    "但是 可是 因为 所以 因此 如果 虽然 已经 还是 或者 以及 而且 并且 同时 对于 关于 通过 进行 其中 之一 "
    "此外 然而 什么 怎么 如何 为了 以来 之后 之前 之间 方面 可以 可能 应该 需要 表示 指出 认为 强调 称 "
    "说 今天 目前 近日 日前 当天 the a an and of to in on for is are was "
    "were be by with that this"
)
FALLBACK_STOPWORDS: Final = frozenset(_FALLBACK_STOPWORD_TEXT.split())

_PREPARED: Final = "_analysis_prepared"
_BASE: Final = "_analysis_base"
_ROWS: Final = "_analysis_rows"
_UNIT_COLUMNS: Final = ("article_id", "actor", "group", "group_en", "outlet")
_SHORT_TEXT_COLUMNS: Final = ("speaker", "cue", "pattern")
#: What a filtered corpus carries (apply_filters): the columns the measures read; text, ids and
#: other free text stay in the prepared tables it points to (see :func:`materialize`).
_LIGHT_STATEMENT_COLUMNS: Final = (*_UNIT_COLUMNS, "is_narrator", "date", "n_tokens")
_LIGHT_HIT_COLUMNS: Final = ("article_id", "term", "frame", "count", "quoted_count", "stmt_pos")
_LIGHT_ARTICLE_COLUMNS: Final = ("article_id", "title", "outlet", "date", "language", "synthetic")

UNIT_SUMMARY_COLUMNS: Final = (
    "unit",
    "group",
    "group_en",
    "statements",
    "tokens",
    "hits",
    "articles",
    "hits_per_1k",
)
FRAME_RATE_COLUMNS: Final = (
    "unit",
    "key",
    "frame",
    "frame_en",
    "gloss_en",
    "count",
    "tokens",
    "rate_per_1k",
    "rate_low",
    "rate_high",
    "rate_ci",
    "n_hits",
    "share",
    "share_low",
    "share_high",
    "statements",
    "articles",
)
NAMING_COLUMNS: Final = (
    "naming",
    "unit",
    "name_option",
    "count",
    "n",
    "share",
    "share_low",
    "share_high",
)
FIGHTIN_COLUMNS: Final = ("count_a", "count_b", "frequency", "prior", "delta", "variance", "z", "significant")
TIME_SERIES_COLUMNS: Final = (
    "period",
    "period_end",
    "period_label",
    "unit",
    "key",
    "count",
    "tokens",
    "rate_per_1k",
)
EVIDENCE_COLUMNS: Final = (
    "statement_id",
    "article_id",
    "title",
    "date",
    "outlet",
    "speaker",
    "actor",
    "group",
    "cue",
    "is_narrator",
    "text",
    "terms",
    "count",
    "spans",
)
SUGGESTION_COLUMNS: Final = ("term", "count_a", "count_b", "frequency", "delta", "z", "significant")


# --------------------------------------------------------------------------------------------------
# Filters


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects. Empty tuples mean "no restriction".

    ``actors`` and ``groups`` combine as a union (a statement is kept when its actor OR its group is
    selected). ``frames`` restricts term hits only (statements and their tokens stay, so rates keep
    "per 1,000 tokens of the unit's speech" as denominator). ``date_to`` is inclusive.
    ``include_quoted=False`` subtracts scare-quoted uses (“印太”) from every hit count.
    ``min_statements`` drops actors with fewer statements after all other filters.
    """

    actors: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    frames: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    include_undated: bool = True
    include_narrator: bool = True
    include_quoted: bool = True
    min_statements: int = 0

    @property
    def is_default(self) -> bool:
        """True when nothing is filtered."""
        return self == Filters()


#: English wording of :func:`describe_filters`; the UI passes its own (same keys, ``dashboard.i18n``).
FILTER_WORDS_EN: Final[dict[str, str]] = {
    "d_actors": "actors",
    "d_groups": "groups",
    "d_outlets": "outlets",
    "d_frames": "frames",
    "d_from": "from {date}",
    "d_until": "until {date}",
    "d_no_undated": "undated excluded",
    "d_no_narration": "narration off",
    "d_no_quoted": "quoted uses off",
    "d_min_statements": "actors with ≥{n} statements",
    "d_all": "all statements",
}


def describe_filters(
    filters: Filters,
    *,
    words: Callable[..., str] | None = None,
    escape: Callable[[str], str] = str,
) -> str:
    """A short caption of the non-default filters, e.g. ``"actors: 中国外交部, 北约 · 2023-01-01–2023-12-31"``.

    ``words(key, **values)`` gives the wording of each part (default: :data:`FILTER_WORDS_EN`);
    ``escape`` is applied to the filter values (user data), e.g. a Markdown escape.
    """
    say = words or (lambda key, **values: FILTER_WORDS_EN[key].format(**values))

    def names(label: str, values: tuple[str, ...]) -> str:
        shown = ", ".join(escape(v) for v in values[:3])
        more = f" +{len(values) - 3}" if len(values) > 3 else ""
        return f"{say(label)}: {shown}{more}"

    parts: list[str] = []
    for label, values in (
        ("d_actors", filters.actors),
        ("d_groups", filters.groups),
        ("d_outlets", filters.outlets),
        ("d_frames", filters.frames),
    ):
        if values:
            parts.append(names(label, values))
    if filters.date_from and filters.date_to:
        parts.append(f"{filters.date_from.isoformat()}–{filters.date_to.isoformat()}")
    elif filters.date_from:
        parts.append(say("d_from", date=filters.date_from.isoformat()))
    elif filters.date_to:
        parts.append(say("d_until", date=filters.date_to.isoformat()))
    if not filters.include_undated:
        parts.append(say("d_no_undated"))
    if not filters.include_narrator:
        parts.append(say("d_no_narration"))
    if not filters.include_quoted:
        parts.append(say("d_no_quoted"))
    if filters.min_statements > 0:
        parts.append(say("d_min_statements", n=filters.min_statements))
    return " · ".join(parts) if parts else say("d_all")


# --------------------------------------------------------------------------------------------------
# Preparation


def _conform(
    df: pd.DataFrame, columns: Iterable[str], defaults: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Add missing schema columns with defaults (hand-made tables may omit some)."""
    defaults = defaults or {}
    missing = [c for c in columns if c not in df.columns]
    if not missing:
        return df
    df = df.copy()
    for col in missing:
        df[col] = defaults.get(col, "")
    return df


def _to_datetime(s: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return s
    return pd.to_datetime(s, errors="coerce")


def _is_text(s: pd.Series) -> bool:
    """True for object or pandas string columns (the ones whose row copies cost)."""
    return s.dtype == object or isinstance(s.dtype, pd.StringDtype)


def _clean_str(s: pd.Series) -> pd.Series:
    """Strings with "" for missing values; pandas/Arrow string columns are not re-built."""
    if isinstance(s.dtype, pd.StringDtype):
        return s.fillna("") if s.hasnans else s
    return s.fillna("").astype(str)


def _as_category(s: pd.Series) -> pd.Series:
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s
    return _clean_str(s).astype("category")


def _arrow_strings(s: pd.Series) -> pa.Array | pa.ChunkedArray:
    """The values of a string column as Arrow strings, "" for missing (zero-copy when Arrow-backed)."""
    clean = _clean_str(s)
    try:
        arr = pa.array(clean.array, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        arr = pa.array(clean.astype(str).tolist(), type=pa.large_string())
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        arr = pa.array(clean.astype(str).tolist(), type=pa.large_string())
    return arr


@dataclass(eq=False)
class _Base:
    """The full prepared tables every filtered corpus points into (shared, never modified).

    ``tokens`` is the token text of each base statement (row-aligned). The token index
    (:class:`_TokenIndex`) is built from it on the first all-token contrast and kept here.
    """

    statements: pd.DataFrame
    articles: pd.DataFrame
    tokens: pd.Series
    _token_index: _TokenIndex | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _sid_rank: np.ndarray | None = field(default=None, repr=False)

    def token_index(self) -> _TokenIndex:
        with self._lock:
            if self._token_index is None:
                self._token_index = _build_token_index(self.tokens)
            return self._token_index

    def sid_rank(self) -> np.ndarray:
        """Rank of each base statement's ``statement_id`` in string order (for evidence sorting)."""
        with self._lock:
            if self._sid_rank is None:
                ids = _arrow_strings(self.statements["statement_id"])
                order = np.asarray(pc.sort_indices(ids), dtype=np.int64)
                rank = np.empty(len(order), dtype=np.int64)
                rank[order] = np.arange(len(order))
                self._sid_rank = rank
            return self._sid_rank


def _base(c: Corpus) -> _Base:
    base = c.meta.get(_BASE)
    assert isinstance(base, _Base), "corpus is not prepared"
    return base


def _rows(c: Corpus) -> np.ndarray:
    """Row of each statement of ``c`` in its base tables."""
    rows = c.meta.get(_ROWS)
    return rows if isinstance(rows, np.ndarray) else np.arange(len(c.statements), dtype=np.int64)


def _is_prepared(corpus: Corpus) -> bool:
    st, hits = corpus.statements, corpus.term_hits
    if not corpus.meta.get(_PREPARED) or "stmt_pos" not in hits.columns:
        return False
    if not isinstance(corpus.meta.get(_BASE), _Base) or len(_rows(corpus)) != len(st):
        return False
    if len(corpus.tokens) != len(st) or not isinstance(st["actor"].dtype, pd.CategoricalDtype):
        return False
    return len(hits) == 0 or int(hits["stmt_pos"].max()) < len(st)


def prepare_corpus(corpus: Corpus) -> Corpus:
    """Return an analysis-ready copy of ``corpus`` (idempotent; cache the result once per corpus).

    - statements: ``article_id``, ``actor``, ``group``, ``group_en``, ``outlet`` (and the other
      short string columns: ``speaker``, ``cue``, ``pattern``) become categorical, ``date``
      datetime64, ``n_tokens`` int, duplicate ``statement_id`` rows dropped;
    - term_hits: only hits whose statement exists; gains ``stmt_pos`` (row of its statement);
      ``term``, ``frame``, ``article_id`` categorical;
    - tokens: re-aligned row by row with statements ("" when a statement has no tokens row).

    All other functions call this themselves when needed, so it is an optimisation, not a duty.
    The last few results are memoised by object identity (a corpus is never modified in place), so
    repeated calls on the same unprepared corpus (e.g. ``filter_options`` on every rerun) are free.
    """
    if _is_prepared(corpus):
        return corpus
    key = id(corpus)
    memo = _MEMO.get(key)
    if memo is not None and memo[0]() is corpus:
        return memo[1]
    prepared = _prepare(corpus)
    while len(_MEMO) >= _MEMO_SIZE:
        _MEMO.pop(next(iter(_MEMO)), None)
    _MEMO[key] = (weakref.ref(corpus, _forget(key)), prepared)
    return prepared


_MEMO_SIZE: Final = 4
_MEMO: dict[int, tuple[weakref.ref[Corpus], Corpus]] = {}


def _forget(key: int) -> Callable[[object], None]:
    def drop(_ref: object) -> None:
        _MEMO.pop(key, None)

    return drop


def _statement_positions(st_ids: pd.Series, hit_ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(rows to keep: first row of each statement id; row of each hit's statement after dropping
    repeated ids, -1 when absent).

    One Arrow hash pass over both id columns: ``dictionary_encode`` numbers ids by first
    appearance, so the kept statement rows are numbered 0, 1, 2 ... in order and a hit whose code
    is below the number of distinct statement ids sits at that row.
    """
    n = len(st_ids)
    if n == 0:
        return np.zeros(0, dtype=bool), np.full(len(hit_ids), -1, dtype=np.int64)
    parts = [_arrow_strings(st_ids).cast(pa.large_string()), _arrow_strings(hit_ids).cast(pa.large_string())]
    ids = pa.chunked_array([c for p in parts for c in (p.chunks if isinstance(p, pa.ChunkedArray) else [p])])
    enc = pc.dictionary_encode(ids)  # chunks share one dictionary (checked below), ids numbered once
    if len({len(chunk.dictionary) for chunk in enc.chunks}) > 1:
        enc = pc.dictionary_encode(ids.combine_chunks())
    chunks = enc.chunks if isinstance(enc, pa.ChunkedArray) else [enc]
    codes = np.concatenate(
        [np.asarray(chunk.indices, dtype=np.int64) for chunk in chunks] or [np.zeros(0, np.int64)]
    )
    st_codes, hit_codes = codes[:n], codes[n:]
    if int(st_codes[-1]) == n - 1:  # n distinct ids: code i is row i
        keep_rows = np.ones(n, dtype=bool)
    else:  # a row is kept when its code is new, i.e. above every earlier one
        keep_rows = np.r_[True, st_codes[1:] > np.maximum.accumulate(st_codes)[:-1]]
    n_distinct = int(st_codes.max()) + 1
    return keep_rows, np.where(hit_codes < n_distinct, hit_codes, -1)


def _prepare(corpus: Corpus) -> Corpus:
    st = _conform(
        corpus.statements,
        STATEMENT_COLUMNS,
        {"is_narrator": False, "n_tokens": 0, "date": pd.NaT, "paragraph": 0, "confidence": 1.0},
    )
    st = st.assign(statement_id=_clean_str(st["statement_id"]))
    hits = _conform(corpus.term_hits, TERM_HIT_COLUMNS, {"count": 1, "quoted_count": 0})
    keep_rows, pos = _statement_positions(st["statement_id"], hits["statement_id"])
    if not keep_rows.all():
        st = st.loc[keep_rows]
    st = st.reset_index(drop=True)
    st = st.assign(
        **{col: _as_category(st[col]) for col in (*_UNIT_COLUMNS, *_SHORT_TEXT_COLUMNS)},
        date=_to_datetime(st["date"]),
        n_tokens=pd.to_numeric(st["n_tokens"], errors="coerce").fillna(0).astype("int64"),
        is_narrator=st["is_narrator"].fillna(False).astype(bool),
    )

    keep = pos >= 0
    if not keep.all():
        hits = hits.loc[keep]
    hits = hits.reset_index(drop=True)
    count = pd.to_numeric(hits["count"], errors="coerce").fillna(0).astype("int64")
    quoted = pd.to_numeric(hits["quoted_count"], errors="coerce").fillna(0).astype("int64").clip(lower=0)
    hits = hits.assign(
        term=_as_category(hits["term"]),
        frame=_as_category(hits["frame"]),
        article_id=_as_category(hits["article_id"]),
        count=count,
        quoted_count=np.minimum(quoted.to_numpy(), count.to_numpy()),
        stmt_pos=pos[keep].astype(np.int64),
    )

    tok = _conform(corpus.tokens, ("statement_id", "tokens"))
    ids = st["statement_id"]
    tok_ids = _clean_str(tok["statement_id"]).reset_index(drop=True)
    if len(tok) == len(st) and bool(tok_ids.eq(ids).all()):
        token_text = _clean_str(tok["tokens"]).reset_index(drop=True)
    else:
        by_id = pd.Series(_clean_str(tok["tokens"]).to_numpy(), index=pd.Index(tok_ids))
        by_id = by_id[~by_id.index.duplicated()]
        token_text = pd.Series(by_id.reindex(pd.Index(ids)).fillna("").to_numpy(), dtype=object)
        token_text = _clean_str(token_text)
    tokens = pd.DataFrame({"statement_id": ids, "tokens": token_text})

    articles = _conform(corpus.articles, ARTICLE_COLUMNS, {"date": pd.NaT, "synthetic": False})
    # one set of article categories for statements and articles: filtering articles is then a mask
    art_ids = _as_category(articles["article_id"])
    st_art = st["article_id"]
    shared = st_art.cat.categories.union(art_ids.cat.categories)
    st["article_id"] = st_art.cat.set_categories(shared)
    articles = articles.assign(
        article_id=art_ids.cat.set_categories(shared), date=_to_datetime(articles["date"])
    ).reset_index(drop=True)
    base = _Base(statements=st, articles=articles, tokens=token_text)
    meta = {k: v for k, v in corpus.meta.items() if k not in (_ROWS, "filters")}
    return corpus.replace(
        statements=st,
        term_hits=hits,
        tokens=tokens,
        articles=articles,
        lexicon=_lexicon(corpus),
        meta={**meta, _PREPARED: True, _BASE: base},
    )


def _lexicon(corpus: Corpus) -> pd.DataFrame:
    lex = _conform(corpus.lexicon, LEXICON_COLUMNS)
    return lex.fillna("").astype(str)


def apply_filters(corpus: Corpus, filters: Filters | None = None) -> Corpus:
    """Restrict a corpus to the statements (and their hits, tokens, articles) selected by ``filters``.

    The result is a prepared corpus (see :func:`prepare_corpus`); ``meta["filters"]`` holds ``filters``.
    ``term_hits`` keep only hits of kept statements and of the selected frames; with
    ``include_quoted=False`` each hit's ``count`` becomes ``count - quoted_count`` (rows reaching 0
    are dropped, ``quoted_count`` becomes 0). ``articles`` keep the articles with a kept statement.
    Undated statements pass a date range only when ``include_undated`` is true.

    Light frames: a filter change must not copy text. Unless every statement is kept, the
    result's tables hold only their categorical, numeric and date columns (statements without
    ``statement_id`` and ``text``; term_hits without ``statement_id``; articles without ``text``,
    ``captions`` and the other free-text columns; tokens without ``tokens``): every function of
    this module reads the text it needs (evidence, all-token contrasts) from the full prepared
    tables the result points to. :func:`materialize` gives the full schema frames back.
    """
    c = prepare_corpus(corpus)
    f = filters or Filters()
    st = c.statements
    mask = np.ones(len(st), dtype=bool)
    if f.actors or f.groups:
        chosen = np.zeros(len(st), dtype=bool)
        if f.actors:
            chosen |= _isin(st["actor"], f.actors)
        if f.groups:
            chosen |= _isin(st["group"], f.groups)
        mask &= chosen
    if f.outlets:
        mask &= _isin(st["outlet"], f.outlets)
    if not f.include_narrator:
        mask &= ~st["is_narrator"].to_numpy(dtype=bool)
    if f.date_from or f.date_to or not f.include_undated:
        d = st["date"].to_numpy(dtype="datetime64[ns]")
        dated = ~np.isnat(d)
        in_range = dated.copy()
        if f.date_from:
            in_range &= d >= np.datetime64(pd.Timestamp(f.date_from), "ns")
        if f.date_to:
            in_range &= d < np.datetime64(pd.Timestamp(f.date_to) + pd.Timedelta(days=1), "ns")
        mask &= in_range | (~dated & f.include_undated)
    if f.min_statements > 0:
        codes = st["actor"].cat.codes.to_numpy()
        per_actor = np.bincount(codes[mask], minlength=len(st["actor"].cat.categories))
        mask &= (per_actor >= f.min_statements)[codes]

    hits = c.term_hits
    all_kept = bool(mask.all())
    hit_pos = hits["stmt_pos"].to_numpy()
    hit_keep = mask[hit_pos] if len(hits) else np.ones(0, dtype=bool)
    if f.frames:
        hit_keep &= _isin(hits["frame"], f.frames)
    if not f.include_quoted:
        hit_keep &= hits["count"].to_numpy() > hits["quoted_count"].to_numpy()
    if all_kept and bool(hit_keep.all()) and f.include_quoted:
        new_hits = hits
    else:
        new_hits = _take_rows(hits, np.flatnonzero(hit_keep), _LIGHT_HIT_COLUMNS)
        if not all_kept:
            remap = np.zeros(len(st), dtype=np.int64)
            remap[mask] = np.arange(int(mask.sum()), dtype=np.int64)
            new_hits["stmt_pos"] = remap[new_hits["stmt_pos"].to_numpy()]
        if not f.include_quoted:
            new_hits["count"] = new_hits["count"].to_numpy() - new_hits["quoted_count"].to_numpy()
            new_hits["quoted_count"] = np.zeros(len(new_hits), dtype=np.int64)

    rows = _rows(c)
    if all_kept:
        new_st, tokens, articles = st, c.tokens, c.articles
    else:
        kept = np.flatnonzero(mask)
        rows = rows[kept]
        new_st = _take_rows(st, kept, _LIGHT_STATEMENT_COLUMNS)
        tokens = pd.DataFrame(index=pd.RangeIndex(len(new_st)))
        used = np.zeros(len(st["article_id"].cat.categories) + 1, dtype=bool)
        used[new_st["article_id"].cat.codes.to_numpy()] = True
        used[-1] = False
        art_codes = c.articles["article_id"].cat.codes.to_numpy()
        articles = _take_rows(c.articles, np.flatnonzero(used[art_codes]), _LIGHT_ARTICLE_COLUMNS)
    return c.replace(
        statements=new_st,
        term_hits=new_hits,
        tokens=tokens,
        articles=articles,
        meta={**c.meta, "filters": f, _ROWS: rows},
    )


def _take_rows(df: pd.DataFrame, idx: np.ndarray, columns: Iterable[str]) -> pd.DataFrame:
    """Rows ``idx`` of the ``columns`` of ``df`` that it has, as a new frame (plain numpy takes;
    categoricals keep their categories without re-validating them)."""
    out: dict[str, Any] = {}
    for col in columns:
        if col not in df.columns:
            continue
        s = df[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            out[col] = pd.Categorical.from_codes(s.cat.codes.to_numpy()[idx], dtype=s.dtype, validate=False)
        elif isinstance(s.dtype, np.dtype):
            out[col] = s.to_numpy()[idx]
        else:
            out[col] = s.take(idx).reset_index(drop=True)
    return pd.DataFrame(out, index=pd.RangeIndex(len(idx)))


def _isin(col: pd.Series, values: Iterable[str]) -> np.ndarray:
    """``col.isin(values)`` for a categorical column, on its codes."""
    cats = col.cat.categories
    wanted = np.append(cats.isin(list(values)), False)
    return wanted[col.cat.codes.to_numpy()]


def materialize(corpus: Corpus) -> Corpus:
    """The full schema tables of a (filtered) corpus: text, ids and token text read back from the
    prepared tables it points to. For exports and checks; the analysis functions never need it."""
    c = prepare_corpus(corpus)
    base, rows = _base(c), _rows(c)
    st = base.statements.take(rows).reset_index(drop=True)
    sids = st["statement_id"].to_numpy(dtype=object)
    hits = c.term_hits.assign(statement_id=sids[c.term_hits["stmt_pos"].to_numpy()])
    hits = hits[[*TERM_HIT_COLUMNS, *(col for col in hits.columns if col not in TERM_HIT_COLUMNS)]]
    tokens = pd.DataFrame({"statement_id": sids, "tokens": base.tokens.take(rows).to_numpy()})
    art = base.articles
    keep = np.isin(art["article_id"].cat.codes.to_numpy(), c.articles["article_id"].cat.codes.to_numpy())
    return c.replace(statements=st, term_hits=hits, tokens=tokens, articles=art[keep].reset_index(drop=True))


def filter_options(corpus: Corpus) -> dict[str, Any]:
    """Choices for the sidebar.

    Keys: ``actors``, ``groups``, ``outlets`` (lists, most statements first), ``frames`` (lexicon
    order, then frames only seen in hits), ``date_min`` / ``date_max`` (``datetime.date`` or None),
    ``date_range`` (``[date_min, date_max]`` or ``[]``), ``has_undated`` (bool).
    """
    c = prepare_corpus(corpus)
    st = c.statements
    out: dict[str, Any] = {}
    for key, col in (("actors", "actor"), ("groups", "group"), ("outlets", "outlet")):
        _, names, _ = _unit_index(st, col)  # type: ignore[arg-type]
        out[key] = [str(n) for n in names]
    seen = _key_order(c.term_hits["frame"], c.term_hits["count"].to_numpy(float))
    frames = list(dict.fromkeys([*_lexicon(c)["frame"], *sorted(seen)]))
    out["frames"] = [fr for fr in frames if fr]
    dates = st["date"].dropna()
    dmin = dates.min().date() if len(dates) else None
    dmax = dates.max().date() if len(dates) else None
    out.update(
        date_min=dmin,
        date_max=dmax,
        date_range=[dmin, dmax] if dmin else [],
        has_undated=bool(st["date"].isna().any()),
    )
    return out


def corpus_summary(corpus: Corpus) -> dict[str, object]:
    """Headline numbers: articles, statements, tokens, hits, quoted_hits, actors, groups, outlets,
    narrator_statements, undated_statements, date_min, date_max (``datetime.date`` or None)."""
    c = prepare_corpus(corpus)
    st, hits = c.statements, c.term_hits
    dates = st["date"].dropna()

    def n_units(col: str) -> int:
        return int((np.bincount(st[col].cat.codes.to_numpy(), minlength=1) > 0).sum()) if len(st) else 0

    return {
        "articles": len(c.articles),
        "statements": len(st),
        "tokens": int(st["n_tokens"].sum()),
        "hits": int(hits["count"].sum()),
        "quoted_hits": int(hits["quoted_count"].sum()),
        "actors": n_units("actor"),
        "groups": n_units("group"),
        "outlets": n_units("outlet"),
        "narrator_statements": int(st["is_narrator"].sum()),
        "undated_statements": int(st["date"].isna().sum()),
        "date_min": dates.min().date() if len(dates) else None,
        "date_max": dates.max().date() if len(dates) else None,
    }


# --------------------------------------------------------------------------------------------------
# Counting helpers


def wilson_interval(k: Any, n: Any, *, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for k successes out of n (vectorised); NaN where n == 0."""
    k_arr = np.asarray(k, dtype=float)
    n_arr = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k_arr / n_arr
        z2 = z * z
        denom = 1 + z2 / n_arr
        centre = (p + z2 / (2 * n_arr)) / denom
        half = z * np.sqrt(p * (1 - p) / n_arr + z2 / (4 * n_arr * n_arr)) / denom
        low = np.where(n_arr > 0, np.where(k_arr <= 0, 0.0, np.clip(centre - half, 0, 1)), np.nan)
        high = np.where(n_arr > 0, np.where(k_arr >= n_arr, 1.0, np.clip(centre + half, 0, 1)), np.nan)
    return low, high


def _chi2_sf_1df(x: np.ndarray) -> np.ndarray:
    """Upper tail of chi-square with 1 df: erfc(sqrt(x/2))."""
    vals = np.abs(np.asarray(x, dtype=float))
    erfc = np.frompyfunc(math.erfc, 1, 1)
    out = np.full(vals.shape, np.nan)
    ok = np.isfinite(vals)
    if ok.any():
        out[ok] = erfc(np.sqrt(vals[ok] / 2)).astype(float)
    return out


def _unit_index(st: pd.DataFrame, by: Unit) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per statement: index of its unit in ``names`` (units present, most statements first, then name)."""
    col = st[by]
    if not isinstance(col.dtype, pd.CategoricalDtype):
        col = _as_category(col)
    codes = col.cat.codes.to_numpy().astype(np.int64)
    cats = np.asarray(col.cat.categories.astype(str), dtype=object)
    n_st = np.bincount(codes[codes >= 0], minlength=len(cats))
    present = np.flatnonzero(n_st > 0)
    order = np.array(sorted(present, key=lambda i: (-n_st[i], cats[i])), dtype=np.int64)
    lookup = np.full(len(cats) + 1, -1, dtype=np.int64)
    lookup[order] = np.arange(len(order))
    return lookup[codes], cats[order], n_st[order]


def _key_order(col: pd.Series, weights: np.ndarray, use: np.ndarray | None = None) -> list[str]:
    """Distinct values of a categorical hit column by total weight (descending), then name."""
    codes = col.cat.codes.to_numpy()
    cats = col.cat.categories.astype(str)
    if use is not None:
        codes, weights = codes[use], weights[use]
    ok = codes >= 0
    totals = np.bincount(codes[ok], weights=weights[ok], minlength=len(cats))
    present = np.flatnonzero(np.bincount(codes[ok], minlength=len(cats)) > 0)
    return [str(cats[i]) for i in sorted(present, key=lambda i: (-totals[i], str(cats[i])))]


def _key_index(col: pd.Series, keys: Sequence[str]) -> np.ndarray:
    """Per row of a categorical column: position of its value in ``keys`` (-1 when absent)."""
    cat_map = pd.Index(list(keys), dtype=object).get_indexer(col.cat.categories.astype(str))
    return np.append(cat_map, -1)[col.cat.codes.to_numpy()]


@dataclass
class _Cells:
    units: np.ndarray  # unit names, object
    keys: list[str]
    counts: np.ndarray  # U x K float
    tokens: np.ndarray  # U
    statements: np.ndarray  # U
    articles: np.ndarray  # U
    n_hits: np.ndarray  # U (all hits of the unit at this level, whatever ``keys``)
    unit_of_statement: np.ndarray = field(repr=False)
    key_of_hit: np.ndarray = field(repr=False)


_DENSE_LIMIT: Final = 20_000_000
_DENSE_BITMAP_LIMIT: Final = 100_000_000
#: Units with more articles than this get the delta-method interval instead of the bootstrap
#: (the bootstrap costs n_boot x articles per unit on every filter change; at 200+ articles the two
#: agree closely, see tests/test_analysis.py::test_bootstrap_and_delta_method_agree_on_large_units).
_MAX_BOOT_ARTICLES: Final = 200


def _distinct_per_unit(unit_idx: np.ndarray, codes: np.ndarray, n_units: int) -> np.ndarray:
    """Number of distinct non-negative ``codes`` per unit (dense bitmap when small, else np.unique)."""
    ok = (unit_idx >= 0) & (codes >= 0)
    if not ok.any():
        return np.zeros(n_units, dtype=np.int64)
    n_codes = int(codes[ok].max()) + 1
    pair = unit_idx[ok].astype(np.int64) * n_codes + codes[ok]
    if n_units * n_codes <= _DENSE_BITMAP_LIMIT:
        # a temporary bitmap (<= 100 MB) is ~30x faster than hashing 1.5 M pairs with np.unique
        seen = np.zeros(n_units * n_codes, dtype=bool)
        seen[pair] = True
        return seen.reshape(n_units, n_codes).sum(axis=1)
    return np.bincount(np.unique(pair) // n_codes, minlength=n_units)


def _cells(c: Corpus, by: Unit, level: Level, keys: Sequence[str] | None) -> _Cells:
    st, hits = c.statements, c.term_hits
    unit_idx, names, n_st = _unit_index(st, by)
    n_units = len(names)
    tokens = np.bincount(unit_idx, weights=st["n_tokens"].to_numpy(dtype=float), minlength=n_units)
    hit_unit = unit_idx[hits["stmt_pos"].to_numpy()]
    hit_count = hits["count"].to_numpy(dtype=float)
    n_hits = np.bincount(hit_unit, weights=hit_count, minlength=n_units)
    key_list = list(dict.fromkeys(keys)) if keys is not None else _key_order(hits[level], hit_count)
    key_idx = _key_index(hits[level], key_list)
    n_keys = len(key_list)
    ok = key_idx >= 0
    counts = np.bincount(
        hit_unit[ok] * n_keys + key_idx[ok], weights=hit_count[ok], minlength=n_units * n_keys
    ).reshape(n_units, n_keys)
    articles = _distinct_per_unit(unit_idx, st["article_id"].cat.codes.to_numpy(), n_units)
    return _Cells(names, key_list, counts, tokens, n_st, articles, n_hits, unit_idx, key_idx)


def _key_labels(c: Corpus, level: Level, keys: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(frame, frame_en, gloss_en) for each key, from the lexicon (falling back to the hits)."""
    lex = _lexicon(c)
    frame_en = dict(zip(lex["frame"], lex["frame_en"], strict=False))
    if level == "frame":
        return list(keys), [frame_en.get(k, "") for k in keys], ["" for _ in keys]
    pairs = c.term_hits[["term", "frame"]].drop_duplicates("term")
    term_frame = dict(zip(pairs["term"], pairs["frame"], strict=False))
    term_frame.update(zip(lex["term"], lex["frame"], strict=False))
    gloss = dict(zip(lex["term"], lex["gloss_en"], strict=False))
    frames = [str(term_frame.get(k, "")) for k in keys]
    return frames, [frame_en.get(fr, "") for fr in frames], [gloss.get(k, "") for k in keys]


# --------------------------------------------------------------------------------------------------
# Measures per unit


def unit_summary(corpus: Corpus, *, by: Unit = "actor") -> pd.DataFrame:
    """One row per unit with at least one statement, most statements first.

    Columns: ``unit``; ``group``/``group_en`` (the actor's most frequent group for ``by="actor"``,
    the group itself for ``by="group"``, "" for outlets); ``statements``; ``tokens`` (sum of
    ``n_tokens``); ``hits`` (framing-term occurrences); ``articles`` (distinct articles the unit
    speaks in); ``hits_per_1k`` (hits per 1,000 tokens, NaN with 0 tokens).
    """
    c = prepare_corpus(corpus)
    cells = _cells(c, by, "frame", [])
    n = len(cells.units)
    group = np.full(n, "", dtype=object)
    group_en = np.full(n, "", dtype=object)
    if n and by in ("actor", "group"):
        # the most frequent (group, group_en) pair of each unit, on category codes
        st = c.statements
        g, ge = st["group"], st["group_en"]
        n_g, n_ge = len(g.cat.categories) + 1, len(ge.cat.categories) + 1
        g_code = np.where(g.cat.codes.to_numpy() < 0, n_g - 1, g.cat.codes.to_numpy())
        ge_code = np.where(ge.cat.codes.to_numpy() < 0, n_ge - 1, ge.cat.codes.to_numpy())
        combo = (cells.unit_of_statement * n_g + g_code) * n_ge + ge_code
        if n * n_g * n_ge <= _DENSE_LIMIT:
            freq = np.bincount(combo, minlength=n * n_g * n_ge).reshape(n, n_g * n_ge)
            best = freq.argmax(axis=1)  # ties: first category
            units, best_combo = np.arange(n), best
        else:
            uniq, counts = np.unique(combo, return_counts=True)
            unit_of = uniq // (n_g * n_ge)
            order = np.lexsort((-counts, unit_of))
            first = order[np.r_[True, unit_of[order][1:] != unit_of[order][:-1]]]
            units, best_combo = unit_of[first], uniq[first] % (n_g * n_ge)
        g_names = np.append(np.asarray(g.cat.categories.astype(str), dtype=object), "")
        ge_names = np.append(np.asarray(ge.cat.categories.astype(str), dtype=object), "")
        group[units] = g_names[best_combo // n_ge]
        group_en[units] = ge_names[best_combo % n_ge]
    with np.errstate(divide="ignore", invalid="ignore"):
        per_1k = np.where(cells.tokens > 0, 1000 * cells.n_hits / cells.tokens, np.nan)
    return pd.DataFrame(
        {
            "unit": cells.units.astype(str),
            "group": group.astype(str),
            "group_en": group_en.astype(str),
            "statements": cells.statements.astype("int64"),
            "tokens": cells.tokens.astype("int64"),
            "hits": cells.n_hits.astype("int64"),
            "articles": cells.articles.astype("int64"),
            "hits_per_1k": per_1k.astype(float),
        },
        columns=list(UNIT_SUMMARY_COLUMNS),
    )


def _column_quantiles(x: np.ndarray, qs: tuple[float, ...]) -> list[np.ndarray]:
    """Per-column quantiles, numpy's default "linear" method (a full sort beats np.percentile here)."""
    ordered = np.sort(x, axis=0)
    out = []
    for q in qs:
        pos = (len(ordered) - 1) * q
        below = math.floor(pos)
        above = min(below + 1, len(ordered) - 1)
        out.append(ordered[below] + (ordered[above] - ordered[below]) * (pos - below))
    return out


def _unique_inverse(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_inverse=True)`` with a stable sort (linear on sorted or nearly
    sorted keys, the usual case for statement-ordered data), skipped when already sorted."""
    if len(keys) == 0:
        return keys.copy(), np.zeros(0, dtype=np.int64)
    if bool((keys[1:] >= keys[:-1]).all()):
        order = None
        ordered = keys
    else:
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
    new = np.empty(len(keys), dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    rank = np.cumsum(new) - 1
    if order is None:
        return ordered[new], rank
    inverse = np.empty(len(keys), dtype=np.int64)
    inverse[order] = rank
    return ordered[new], inverse


def _rate_intervals(
    c: Corpus, cells: _Cells, *, n_boot: int, seed: int, max_boot_articles: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """95% intervals of rate_per_1k per (unit, key), resampling each unit's articles.

    Bootstrap (percentile, ``n_boot`` resamples of the unit's articles with replacement, seeded per
    unit so an actor's interval does not move when other actors are filtered) for units with at most
    ``max_boot_articles`` articles; above that (or with ``n_boot=0``) the delta-method normal interval
    of the same ratio estimator, clustered by article. Units with < 2 articles get NaN.
    """
    n_units, n_keys = cells.counts.shape
    low = np.full((n_units, n_keys), np.nan)
    high = np.full((n_units, n_keys), np.nan)
    method = np.full(n_units, "", dtype=object)
    if n_units == 0 or n_keys == 0:
        return low, high, method
    st, hits = c.statements, c.term_hits
    # distinct (article, unit) pairs, article-major: statements (and their hits) usually come
    # article by article, so the stable sorts inside np.unique run on nearly sorted keys
    art = st["article_id"].cat.codes.to_numpy().astype(np.int64)
    pair_key = art * n_units + cells.unit_of_statement
    pair_of, pair_inv = _unique_inverse(pair_key)
    pair_unit = pair_of % n_units
    pair_tok = np.bincount(pair_inv, weights=st["n_tokens"].to_numpy(dtype=float), minlength=len(pair_of))

    ok = cells.key_of_hit >= 0
    hit_cell = pair_inv[hits["stmt_pos"].to_numpy()[ok]] * n_keys + cells.key_of_hit[ok]
    pk_code, pk_inv = _unique_inverse(hit_cell)
    pk_count = np.bincount(pk_inv, weights=hits["count"].to_numpy(dtype=float)[ok])
    pk_pair, pk_key = pk_code // n_keys, pk_code % n_keys

    # delta method, all units at once: Var(R) ~ sum_p (c_p - R t_p)^2 / T^2
    cell = pair_unit[pk_pair] * n_keys + pk_key
    s_cc = np.bincount(cell, weights=pk_count**2, minlength=n_units * n_keys).reshape(n_units, n_keys)
    s_ct = np.bincount(cell, weights=pk_count * pair_tok[pk_pair], minlength=n_units * n_keys).reshape(
        n_units, n_keys
    )
    s_tt = np.bincount(pair_unit, weights=pair_tok**2, minlength=n_units)
    total = cells.tokens
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = cells.counts / total[:, None]
        var = np.clip(s_cc - 2 * ratio * s_ct + ratio**2 * s_tt[:, None], 0, None) / (total**2)[:, None]
        se = 1000 * np.sqrt(var)
    n_pairs = np.bincount(pair_unit, minlength=n_units)  # articles of each unit
    eligible = (n_pairs >= 2) & (total > 0)
    boot = eligible & (n_boot > 0) & (n_pairs <= max_boot_articles)
    normal = eligible & ~boot
    low[normal] = np.maximum(1000 * ratio[normal] - Z95 * se[normal], 0)
    high[normal] = 1000 * ratio[normal] + Z95 * se[normal]
    method[normal] = "normal"
    boot_units = np.flatnonzero(boot)
    if len(boot_units) == 0:
        return low, high, method
    # the bootstrapped units' articles, unit by unit (article order within a unit) ...
    b_pairs = np.flatnonzero(boot[pair_unit])
    b_pairs = b_pairs[np.argsort(pair_unit[b_pairs], kind="stable")]
    unit_start = np.searchsorted(pair_unit[b_pairs], np.arange(n_units + 1))
    local = np.full(len(pair_of), -1, dtype=np.int64)
    local[b_pairs] = np.arange(len(b_pairs)) - unit_start[pair_unit[b_pairs]]
    b_tok = pair_tok[b_pairs]
    # ... and their non-zero (article, key, count) cells, grouped by unit then key
    in_boot = boot[pair_unit[pk_pair]]
    b_pair, b_key, b_count = pk_pair[in_boot], pk_key[in_boot], pk_count[in_boot]
    b_unit = pair_unit[b_pair]
    order = np.lexsort((b_key, b_unit))
    b_pair, b_key, b_count, b_unit = b_pair[order], b_key[order], b_count[order], b_unit[order]
    cell_bounds = np.searchsorted(b_unit, np.arange(n_units + 1))
    for u in boot_units:
        m = int(n_pairs[u])
        a, b = int(cell_bounds[u]), int(cell_bounds[u + 1])
        art_j, key_j, val_j = local[b_pair[a:b]], b_key[a:b], b_count[a:b]
        starts = np.flatnonzero(np.r_[True, key_j[1:] != key_j[:-1]]) if b > a else np.zeros(0, np.int64)
        used = key_j[starts]
        low[u], high[u] = 0.0, 0.0  # keys the unit never uses: every resample gives 0
        method[u] = "bootstrap"
        if len(used) == 0:
            continue
        rng = np.random.default_rng([seed, zlib.crc32(str(cells.units[u]).encode("utf-8"))])
        draws = rng.integers(0, m, size=(n_boot, m)) + (np.arange(n_boot) * m)[:, None]
        weights = np.bincount(draws.ravel(), minlength=n_boot * m).reshape(n_boot, m)
        # sparse products instead of a BLAS matmul: cost n_boot x non-zero cells, single-threaded
        boot_tokens = (weights * b_tok[unit_start[u] : unit_start[u] + m]).sum(axis=1)
        boot_counts = np.add.reduceat(weights[:, art_j] * val_j, starts, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            rates = np.where(boot_tokens[:, None] > 0, 1000 * boot_counts / boot_tokens[:, None], 0.0)
        low[u, used], high[u, used] = _column_quantiles(rates, (0.025, 0.975))
    return low, high, method


def frame_rates(
    corpus: Corpus,
    *,
    by: Unit = "actor",
    level: Level = "frame",
    keys: Sequence[str] | None = None,
    n_boot: int = 500,
    seed: int = 0,
    max_boot_articles: int = _MAX_BOOT_ARTICLES,
) -> pd.DataFrame:
    """Per unit x key (frame or term): counts, rates with intervals, shares with intervals.

    Every unit with a statement is crossed with every key (zero-count cells included) so small
    multiples share categories. ``keys`` fixes the keys and their order (default: keys seen in the
    hits, most frequent first). Rows: units most statements first, then keys in order.

    Columns:
    - ``unit``, ``key`` (the frame, or the canonical term for ``level="term"``);
    - ``frame``, ``frame_en`` (the key's frame and its English label), ``gloss_en`` (terms only);
    - ``count``: occurrences; ``tokens``: the unit's tokens; ``rate_per_1k`` = 1000 * count / tokens;
    - ``rate_low``/``rate_high``: 95% interval of the rate, ``rate_ci`` says how it was computed:
      "bootstrap" (articles of the unit resampled with replacement, ``n_boot`` times, fixed ``seed``),
      "normal" (delta method clustered by article, for units with more than ``max_boot_articles``
      articles (default 200: the bootstrap costs ``n_boot`` x articles on every filter change, and
      from about 200 articles on the two intervals nearly coincide) or ``n_boot=0``), "" (fewer
      than 2 articles: NaN interval);
    - ``n_hits``: all framing hits of the unit; ``share`` = count / n_hits, ``share_low``/``share_high``
      its 95% Wilson interval (NaN when n_hits = 0);
    - ``statements``, ``articles`` of the unit.
    """
    c = prepare_corpus(corpus)
    cells = _cells(c, by, level, keys)
    n_units, n_keys = cells.counts.shape
    if n_units == 0 or n_keys == 0:
        return _empty(FRAME_RATE_COLUMNS)
    low, high, method = _rate_intervals(
        c, cells, n_boot=n_boot, seed=seed, max_boot_articles=max_boot_articles
    )
    frames, frames_en, glosses = _key_labels(c, level, cells.keys)
    rep = np.repeat(np.arange(n_units), n_keys)
    tile = np.tile(np.arange(n_keys), n_units)
    counts = cells.counts.ravel()
    tokens = cells.tokens[rep]
    n_hits = cells.n_hits[rep]
    share_low, share_high = wilson_interval(counts, n_hits)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(tokens > 0, 1000 * counts / tokens, np.nan)
        share = np.where(n_hits > 0, counts / n_hits, np.nan)
    return pd.DataFrame(
        {
            "unit": cells.units[rep].astype(str),
            "key": np.asarray(cells.keys, dtype=object)[tile].astype(str),
            "frame": np.asarray(frames, dtype=object)[tile].astype(str),
            "frame_en": np.asarray(frames_en, dtype=object)[tile].astype(str),
            "gloss_en": np.asarray(glosses, dtype=object)[tile].astype(str),
            "count": counts.astype("int64"),
            "tokens": tokens.astype("int64"),
            "rate_per_1k": rate,
            "rate_low": low.ravel(),
            "rate_high": high.ravel(),
            "rate_ci": method[rep].astype(str),
            "n_hits": n_hits.astype("int64"),
            "share": share,
            "share_low": share_low,
            "share_high": share_high,
            "statements": cells.statements[rep].astype("int64"),
            "articles": cells.articles[rep].astype("int64"),
        },
        columns=list(FRAME_RATE_COLUMNS),
    )


def frame_matrix(
    corpus: Corpus,
    *,
    by: Unit = "actor",
    level: Level = "frame",
    value: Value = "count",
    keys: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Wide unit x key matrix for heatmaps: index = units (named ``by``), columns = keys (named ``level``).

    ``value``: "count" (int occurrences), "rate" (per 1,000 tokens of the unit) or "share" (of the
    unit's framing hits; NaN when the unit has none). Same cells, order and definitions as
    :func:`frame_rates`, without intervals.
    """
    c = prepare_corpus(corpus)
    cells = _cells(c, by, level, keys)
    with np.errstate(divide="ignore", invalid="ignore"):
        if value == "count":
            data: np.ndarray = cells.counts.astype("int64")
        elif value == "rate":
            data = np.where(cells.tokens[:, None] > 0, 1000 * cells.counts / cells.tokens[:, None], np.nan)
        else:
            data = np.where(cells.n_hits[:, None] > 0, cells.counts / cells.n_hits[:, None], np.nan)
    out = pd.DataFrame(
        data.reshape(len(cells.units), len(cells.keys)),
        index=pd.Index(cells.units.astype(str), name=by),
        columns=pd.Index(cells.keys, name=level, dtype=object),
    )
    return out


def naming_choice(corpus: Corpus, *, by: Unit = "actor") -> pd.DataFrame:
    """For each contested naming (lexicon column ``naming``, e.g. "印太/亚太") and each unit using it.

    One row per (naming, unit, name_option) for units with n > 0 (all options of the naming, zeros
    included). Columns: ``naming``, ``unit``, ``name_option``, ``count`` (hits of terms with that
    option), ``n`` (the unit's hits over all options of the naming), ``share`` = count / n,
    ``share_low``/``share_high`` (95% Wilson). Sorted by naming (lexicon order), n desc, unit, option
    (lexicon order).
    """
    c = prepare_corpus(corpus)
    lex = _lexicon(c)
    lex = lex[(lex["naming"] != "") & (lex["name_option"] != "")]
    hits = c.term_hits
    if lex.empty or hits.empty:
        return _empty(NAMING_COLUMNS)
    namings = list(dict.fromkeys(lex["naming"]))
    options = {nm: list(dict.fromkeys(lex.loc[lex["naming"] == nm, "name_option"])) for nm in namings}
    term_naming = dict(zip(lex["term"], lex["naming"], strict=False))
    term_option = dict(zip(lex["term"], lex["name_option"], strict=False))
    # per term category: index of its naming and of its option within that naming (-1: none)
    cats = [str(t) for t in hits["term"].cat.categories]
    nm_pos = {nm: i for i, nm in enumerate(namings)}
    cat_naming = np.array([nm_pos.get(term_naming.get(t, ""), -1) for t in cats] + [-1], dtype=np.int64)
    cat_option = np.array(
        [options[term_naming[t]].index(term_option[t]) if t in term_naming else -1 for t in cats] + [-1],
        dtype=np.int64,
    )
    codes = hits["term"].cat.codes.to_numpy()
    h_naming, h_option = cat_naming[codes], cat_option[codes]
    sel = h_naming >= 0
    if not sel.any():
        return _empty(NAMING_COLUMNS)
    unit_idx, names, _ = _unit_index(c.statements, by)
    n_nm, n_u, n_o = len(namings), len(names), max(len(o) for o in options.values())
    h_unit = unit_idx[hits["stmt_pos"].to_numpy()[sel]]
    table = np.bincount(
        (h_naming[sel] * n_u + h_unit) * n_o + h_option[sel],
        weights=hits["count"].to_numpy(dtype=float)[sel],
        minlength=n_nm * n_u * n_o,
    ).reshape(n_nm, n_u, n_o)
    used = np.bincount((h_naming[sel] * n_u + h_unit), minlength=n_nm * n_u).reshape(n_nm, n_u) > 0
    names_str = np.asarray(names, dtype=object).astype(str)
    cols: dict[str, list[Any]] = {k: [] for k in ("naming", "unit", "name_option", "count", "n")}
    for i, nm in enumerate(namings):
        opts = options[nm]
        wide = table[i, :, : len(opts)]
        n = wide.sum(axis=1)
        units = np.flatnonzero(used[i] & (n > 0))
        units = np.array(sorted(units, key=lambda u: (-n[u], names_str[u])), dtype=np.int64)
        for u in units:
            for j, opt in enumerate(opts):
                cols["naming"].append(nm)
                cols["unit"].append(names_str[u])
                cols["name_option"].append(opt)
                cols["count"].append(int(wide[u, j]))
                cols["n"].append(int(n[u]))
    if not cols["naming"]:
        return _empty(NAMING_COLUMNS)
    count = np.asarray(cols["count"], dtype=np.int64)
    total = np.asarray(cols["n"], dtype=np.int64)
    low, high = wilson_interval(count, total)
    return pd.DataFrame(
        {
            "naming": pd.Series(cols["naming"], dtype=str),
            "unit": pd.Series(cols["unit"], dtype=str),
            "name_option": pd.Series(cols["name_option"], dtype=str),
            "count": count,
            "n": total,
            "share": count / total,
            "share_low": low,
            "share_high": high,
        },
        columns=list(NAMING_COLUMNS),
    )


# --------------------------------------------------------------------------------------------------
# Contrasts


def _as_counts(s: pd.Series | None) -> pd.Series:
    if s is None or len(s) == 0:
        return pd.Series(dtype=float)
    s = pd.to_numeric(pd.Series(s), errors="coerce").fillna(0).astype(float)
    s.index = s.index.astype(str)
    return s.groupby(level=0).sum()


def fightin_words(
    counts_a: pd.Series,
    counts_b: pd.Series,
    background: pd.Series,
    *,
    alpha0: float = DEFAULT_ALPHA0,
) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, eq. 22-24).

    For each term w (y_wa, y_wb counts in a and b, n_a, n_b their totals; y_w, n over ``background``)::

        a_w     = alpha0 * y_w / n
        delta_w = ln((y_wa + a_w) / (n_a + alpha0 - y_wa - a_w)) - ln((y_wb + a_w) / (n_b + alpha0 - y_wb - a_w))
        var_w   = 1 / (y_wa + a_w) + 1 / (y_wb + a_w)
        z_w     = delta_w / sqrt(var_w)

    ``alpha0`` is the prior's total pseudo-count (how many tokens' worth of background belief is
    added). Default 100: enough to stop a term seen 1-2 times from topping the list, small next to
    real corpora (n_a, n_b in the hundreds for lexicon hits, tens of thousands for tokens). Larger
    values shrink more; ``alpha0 = n`` (background size) gives a_w = y_w, the variant used by
    Jurafsky et al. (2014). The paper leaves a0 to the analyst; this default is ours.

    Inputs are Series indexed by term (missing terms count 0). ``background`` should cover a and b
    (all statements under the filter); a term absent from the background gets a zero prior, and its
    delta/z are NaN when it is also absent from one side. Terms with count_a + count_b == 0 are
    dropped. Returns a DataFrame indexed by ``term`` with columns count_a, count_b, frequency
    (background count), prior (a_w), delta, variance, z, significant (|z| > 1.96), sorted by z
    descending (positive z: over-used by a).
    """
    a, b, bg = _as_counts(counts_a), _as_counts(counts_b), _as_counts(background)
    vocab = a.index.union(b.index).union(bg.index)
    return _fightin(
        np.asarray(vocab, dtype=object),
        a.reindex(vocab, fill_value=0.0).to_numpy(),
        b.reindex(vocab, fill_value=0.0).to_numpy(),
        bg.reindex(vocab, fill_value=0.0).to_numpy(),
        alpha0=alpha0,
    )


def _fightin(
    vocab: np.ndarray, ya: np.ndarray, yb: np.ndarray, yw: np.ndarray, *, alpha0: float
) -> pd.DataFrame:
    """:func:`fightin_words` on count arrays aligned to ``vocab`` (sorted; zero rows allowed)."""
    n_a, n_b, n = ya.sum(), yb.sum(), yw.sum()  # totals before dropping unused terms
    keep = (ya + yb) > 0
    vocab, ya, yb, yw = vocab[keep], ya[keep], yb[keep], yw[keep]
    if len(vocab) == 0:
        out = pd.DataFrame({c: pd.Series(dtype=float) for c in FIGHTIN_COLUMNS})
        out.index.name = "term"
        return out.astype({"count_a": "int64", "count_b": "int64", "significant": bool})
    prior = alpha0 * yw / n if n > 0 else np.zeros_like(yw)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((ya + prior) / (n_a + alpha0 - ya - prior)) - np.log(
            (yb + prior) / (n_b + alpha0 - yb - prior)
        )
        variance = 1 / (ya + prior) + 1 / (yb + prior)
        z = delta / np.sqrt(variance)
    bad = ~np.isfinite(delta) | ~np.isfinite(variance)
    delta[bad], variance[bad], z[bad] = np.nan, np.nan, np.nan
    out = pd.DataFrame(
        {
            "count_a": ya.astype("int64"),
            "count_b": yb.astype("int64"),
            "frequency": yw.astype("int64"),
            "prior": prior,
            "delta": delta,
            "variance": variance,
            "z": z,
            "significant": np.abs(np.nan_to_num(z)) > Z95,
        },
        index=pd.Index(vocab, name="term", dtype=object),
    )
    return out.sort_values(["z"], ascending=False, na_position="last", kind="stable")


def keyness(
    counts_a: pd.Series,
    counts_b: pd.Series,
    *,
    measure: Measure = "chi2",
    correction: Correction = "default",
) -> pd.DataFrame:
    """Signed keyness of target ``a`` against reference ``b``, as quanteda.textstats' ``textstat_keyness``.

    Per term the 2x2 table is a = target count, b = reference count, c = target total - a,
    d = reference total - b, N = a + b + c + d, E = (a + b)(a + c) / N.
    - ``chi2``: N (|ad - bc| - N*delta)^2 / ((a+b)(c+d)(a+c)(b+d)), signed + when a > E else -.
    - ``lr``: G2 = 2 sum O ln(O / E + 1e-9) over the four cells, same sign rule.
    ``correction="default"`` applies, like quanteda's C++ code, Yates' delta = 0.5 (to chi2, and
    to the cells of lr) only when |ad - bc| >= N/2 and some expected cell is below 5 (so it can
    differ from R's ``chisq.test(correct=TRUE)`` when all expected counts are >= 5);
    "yates" is the same, "williams" divides the statistic by Williams' q (quanteda's C++ divides G2
    but multiplies chi2 by q; we divide both), "none" applies nothing.
    ``p`` = P(chi2_1 > |stat|) = erfc(sqrt(|stat| / 2)).

    Returns a DataFrame indexed by ``term`` with columns ``chi2`` (or ``G2``), ``p``, ``n_target``,
    ``n_reference``, sorted by the statistic descending then term; terms absent from both dropped.
    """
    ta, tb = _as_counts(counts_a), _as_counts(counts_b)
    vocab = ta.index.union(tb.index)
    a = ta.reindex(vocab, fill_value=0.0).to_numpy()
    b = tb.reindex(vocab, fill_value=0.0).to_numpy()
    keep = (a + b) > 0
    vocab, a, b = vocab[keep], a[keep], b[keep]
    stat_name = "chi2" if measure == "chi2" else "G2"
    if len(vocab) == 0:
        out = pd.DataFrame(
            {
                stat_name: pd.Series(dtype=float),
                "p": pd.Series(dtype=float),
                "n_target": pd.Series(dtype="int64"),
                "n_reference": pd.Series(dtype="int64"),
            }
        )
        out.index.name = "term"
        return out
    c = a.sum() - a
    d = b.sum() - b
    n = a + b + c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = (a + b) * (a + c) / n
        sign = np.where(a > expected, 1.0, -1.0)
        if correction in ("default", "yates"):
            small = (
                ((a + b) * (a + c) / n < 5)
                | ((a + b) * (b + d) / n < 5)
                | ((a + c) * (c + d) / n < 5)
                | ((c + d) * (b + d) / n < 5)
            )
            delta = np.where((np.abs(a * d - b * c) >= n / 2) & small, 0.5, 0.0)
        else:
            delta = np.zeros_like(a)
        if correction == "williams":
            q = np.where(
                a * b * c * d == 0,
                1.0,
                1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n),
            )
        else:
            q = np.ones_like(a)
        if measure == "chi2":
            stat = (
                n
                * (np.abs(a * d - b * c) - n * delta) ** 2
                / ((a + b) * (c + d) * (a + c) * (b + d))
                * sign
                / q
            )
        else:
            pos = (a * d - b * c) > 0
            step = np.where(pos, delta, -delta)
            aa, bb, cc, dd = a - step, b + step, c + step, d - step

            def term(o: np.ndarray, row: np.ndarray, col: np.ndarray) -> np.ndarray:
                return np.where(o > 0, o * np.log(o / (row * col / n) + 1e-9), 0.0)

            stat = (
                2
                * (
                    term(aa, aa + bb, aa + cc)
                    + term(bb, aa + bb, bb + dd)
                    + term(cc, aa + cc, cc + dd)
                    + term(dd, bb + dd, cc + dd)
                )
                * sign
                / q
            )
    out = pd.DataFrame(
        {
            stat_name: stat,
            "p": _chi2_sf_1df(stat),
            "n_target": a.astype("int64"),
            "n_reference": b.astype("int64"),
        },
        index=pd.Index(vocab, name="term", dtype=object),
    )
    out["_t"] = out.index
    out = out.sort_values([stat_name, "_t"], ascending=[False, True], na_position="last", kind="stable")
    return out.drop(columns="_t")


def load_stopwords(path: Path | str = DEFAULT_STOPWORDS_PATH) -> frozenset[str]:
    """Stopwords, one per line ("#" starts a comment). Missing default file -> :data:`FALLBACK_STOPWORDS`."""
    p = Path(path)
    if not p.exists():
        if p == DEFAULT_STOPWORDS_PATH:
            return FALLBACK_STOPWORDS
        raise FileNotFoundError(f"stopword list not found: {p}")
    words = []
    for line in p.read_text(encoding="utf-8-sig").splitlines():
        w = line.split("#", 1)[0].strip()
        if w:
            words.append(w)
    return frozenset(words)


_NUMBER = re.compile(r"^[\d０-９.,，．:：%％\-–/]+$")

#: Statements per slice when the token index is built (bounds the temporary Arrow memory).
_TOKEN_SLICE: Final = 250_000


def _countable(word: str) -> bool:
    """The fixed part of the token rule: more than one character and not a number."""
    return len(word) > 1 and _NUMBER.match(word) is None


def _token_counts(texts: pd.Series, stopwords: frozenset[str]) -> pd.Series:
    """Counts of space-separated tokens without stopwords, single characters and numbers.

    The straightforward computation (split every text, count): the reference the token index
    (:func:`_build_token_index`) is tested against.
    """
    joined = " ".join(texts.astype(str).tolist())
    words = joined.split()
    if not words:
        return pd.Series(dtype=float)
    counts = pd.Series(words, dtype=object).value_counts()
    idx = counts.index.astype(str)
    keep = (idx.str.len() > 1) & ~idx.isin(list(stopwords)) & ~idx.str.match(_NUMBER)
    out = counts[np.asarray(keep, dtype=bool)].astype(float)
    out.index = out.index.astype(str)
    return out


@dataclass(eq=False)
class _TokenIndex:
    """Every countable token of the corpus as an integer, built once per prepared corpus.

    ``vocab``: the distinct countable words (more than one character, not a number), sorted;
    ``ids``: int32 word id of each countable token, statements in row order;
    ``lens``: number of countable tokens of each statement (so a statement mask becomes a token
    mask with ``np.repeat``). Stopwords are not removed here (they are an argument of the
    contrast): their counts are zeroed after counting, which gives the same numbers.
    """

    vocab: np.ndarray
    ids: np.ndarray
    lens: np.ndarray
    _stop: dict[frozenset[str], np.ndarray] = field(default_factory=dict, repr=False)

    def stop_mask(self, stopwords: frozenset[str]) -> np.ndarray:
        """Boolean per vocab word: True for stopwords (cached per stopword set)."""
        got = self._stop.get(stopwords)
        if got is None:
            got = np.fromiter((w in stopwords for w in self.vocab), dtype=bool, count=len(self.vocab))
            if len(self._stop) >= 4:
                self._stop.clear()
            self._stop[stopwords] = got
        return got

    def counts(self, labels: np.ndarray, n_labels: int) -> np.ndarray:
        """``vocab x n_labels`` token counts of the statements with each label (label 0: ignored)."""
        size = len(self.vocab) * n_labels
        per_token = np.repeat(labels.astype(np.int8 if n_labels < 128 else np.int64), self.lens)
        keys: np.ndarray
        if size < 2**31:  # int32 keys: half the memory traffic of int64
            keys = self.ids * np.int32(n_labels)
            keys += per_token
        else:
            keys = self.ids.astype(np.int64) * n_labels + per_token
        return np.bincount(keys, minlength=size).reshape(len(self.vocab), n_labels)


def _build_token_index(tokens: pd.Series) -> _TokenIndex:
    """Split every statement's token text once (Arrow, in slices) and number the countable words.

    Splitting is Python's ``str.split()`` (Unicode whitespace): Arrow's ``utf8_split_whitespace``
    uses the same definition, and every distinct word is re-checked with ``str.split`` (any
    disagreement falls back to splitting in Python).
    """
    arr = _arrow_strings(tokens)
    n = len(arr)
    word_id: dict[str, int] = {}
    countable: list[bool] = []
    id_parts: list[np.ndarray] = []
    lens = np.zeros(n, dtype=np.int64)
    for start in range(0, n, _TOKEN_SLICE):
        piece = arr.slice(start, min(_TOKEN_SLICE, n - start))
        if isinstance(piece, pa.ChunkedArray):
            piece = piece.combine_chunks()
        lists = pc.utf8_split_whitespace(piece)
        n_words = np.asarray(pc.fill_null(pc.list_value_length(lists), 0), dtype=np.int64)
        enc = pc.dictionary_encode(lists.flatten())
        local = enc.dictionary.to_pylist()
        local_map = np.empty(len(local), dtype=np.int64)
        for j, w in enumerate(local):
            if w.split() != [w]:
                return _build_token_index_python(tokens)
            got = word_id.get(w)
            if got is None:
                got = word_id[w] = len(countable)
                countable.append(_countable(w))
            local_map[j] = got
        gids = local_map[np.asarray(enc.indices, dtype=np.int64)] if len(local) else np.zeros(0, np.int64)
        keep = np.asarray(countable, dtype=bool)[gids] if len(gids) else np.zeros(0, dtype=bool)
        stmt = np.repeat(np.arange(len(piece), dtype=np.int64), n_words)
        lens[start : start + len(piece)] = np.bincount(stmt[keep], minlength=len(piece))
        id_parts.append(gids[keep])
    return _finish_token_index(word_id, countable, id_parts, lens)


def _build_token_index_python(tokens: pd.Series) -> _TokenIndex:
    """The same index built with ``str.split`` in Python (when Arrow's split would disagree)."""
    word_id: dict[str, int] = {}
    countable: list[bool] = []
    ids: list[int] = []
    lens = np.zeros(len(tokens), dtype=np.int64)
    for i, text in enumerate(_clean_str(tokens).tolist()):
        k = 0
        for w in str(text).split():
            got = word_id.get(w)
            if got is None:
                got = word_id[w] = len(countable)
                countable.append(_countable(w))
            if countable[got]:
                ids.append(got)
                k += 1
        lens[i] = k
    return _finish_token_index(word_id, countable, [np.asarray(ids, dtype=np.int64)], lens)


def _finish_token_index(
    word_id: dict[str, int], countable: list[bool], id_parts: list[np.ndarray], lens: np.ndarray
) -> _TokenIndex:
    """Keep countable words only, sorted; renumber the token ids accordingly."""
    words = np.array(list(word_id), dtype=object)
    keep = np.asarray(countable, dtype=bool) if countable else np.zeros(0, dtype=bool)
    kept = np.flatnonzero(keep)
    order = kept[np.argsort(words[kept].astype(str), kind="stable")] if len(kept) else kept
    final = np.full(len(words), -1, dtype=np.int64)
    final[order] = np.arange(len(order))
    ids = np.concatenate(id_parts) if id_parts else np.zeros(0, dtype=np.int64)
    return _TokenIndex(vocab=words[order], ids=final[ids].astype(np.int32), lens=lens)


def _unit_mask(st: pd.DataFrame, by: Unit, units: str | Sequence[str]) -> np.ndarray:
    wanted = [units] if isinstance(units, str) else list(units)
    return (
        _isin(st[by], wanted)
        if isinstance(st[by].dtype, pd.CategoricalDtype)
        else st[by].isin(wanted).to_numpy()
    )


def _sides(
    c: Corpus, mask_a: np.ndarray, mask_b: np.ndarray, mode: Mode, level: Level, stopwords: frozenset[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(vocab sorted, counts of side a, of side b, of the whole corpus) as aligned float arrays.

    Lexicon mode: hit counts per term/frame (bincount over category codes). Tokens mode: the
    token index of the base corpus, one ``bincount`` for the three sides.
    """
    labels = np.where(mask_a, 1, np.where(mask_b, 2, 3)).astype(np.int8)  # 3: background only
    if mode == "lexicon":
        hits = c.term_hits
        col = hits[level]
        cats = np.asarray(col.cat.categories.astype(str), dtype=object)
        codes = col.cat.codes.to_numpy().astype(np.int64)
        lab = labels[hits["stmt_pos"].to_numpy()] if len(hits) else np.zeros(0, dtype=np.int64)
        ok = codes >= 0
        table = np.bincount(
            codes[ok] * 4 + lab[ok], weights=hits["count"].to_numpy(dtype=float)[ok], minlength=len(cats) * 4
        ).reshape(len(cats), 4)
        order = np.argsort(cats.astype(str), kind="stable")
        vocab, table = cats[order], table[order]
    else:
        index = _base(c).token_index()
        full = np.zeros(len(index.lens), dtype=np.int8)
        full[_rows(c)] = labels
        table = index.counts(full, 4).astype(float)
        table[index.stop_mask(stopwords)] = 0.0
        vocab = index.vocab
    return vocab, table[:, 1], table[:, 2], table[:, 1:].sum(axis=1)


def _side_series(vocab: np.ndarray, counts: np.ndarray) -> pd.Series:
    nz = counts > 0
    return pd.Series(counts[nz], index=pd.Index(vocab[nz], dtype=object), dtype=float)


def contrast(
    corpus: Corpus,
    *,
    a: str | Sequence[str],
    b: str | Sequence[str] | None = None,
    by: Unit = "actor",
    mode: Mode = "lexicon",
    method: Method = "fightin_words",
    alpha0: float = DEFAULT_ALPHA0,
    stopwords: Iterable[str] | None = None,
    level: Level = "term",
) -> pd.DataFrame:
    """Which terms separate side a from side b (b=None: every other statement under the filter).

    ``a``/``b`` are unit names (one or several) of column ``by``; a statement in both sides counts
    for a. ``mode="lexicon"`` counts framing-term hits (``level`` term or frame); ``mode="tokens"``
    counts all tokens of ``corpus.tokens``, after removing ``stopwords`` (default
    :func:`load_stopwords`), single-character tokens and numbers. The background of the Fightin'
    Words prior is every statement of the (filtered) corpus.

    Columns: ``term``, ``count_a``, ``count_b``, ``frequency`` (background count), ``score`` (the
    statistic shown: z for fightin_words, signed chi2 or G2 for keyness), ``significant`` (|z| > 1.96,
    or p < 0.05), then the method's own columns: prior, delta, variance, z (fightin_words) or
    chi2/G2 and p (keyness); lexicon mode adds ``frame``, ``frame_en``, ``gloss_en``. Sorted by
    score descending (positive: over-used by a). ``attrs``: method, n_a, n_b.
    """
    c = prepare_corpus(corpus)
    st = c.statements
    words = load_stopwords() if stopwords is None else frozenset(stopwords)
    mask_a = _unit_mask(st, by, a)
    mask_b = ~mask_a if b is None else _unit_mask(st, by, b) & ~mask_a
    vocab, ya, yb, yw = _sides(c, mask_a, mask_b, mode, level, words)
    if method == "fightin_words":
        res = _fightin(vocab, ya, yb, yw, alpha0=alpha0)
        res = res.assign(score=res["z"])
    else:
        background = _side_series(vocab, yw)
        res = keyness(_side_series(vocab, ya), _side_series(vocab, yb), measure=method)
        stat = "chi2" if method == "chi2" else "G2"
        res = res.rename(columns={"n_target": "count_a", "n_reference": "count_b"})
        res = res.assign(
            frequency=background.reindex(res.index, fill_value=0).astype("int64").to_numpy(),
            score=res[stat],
            significant=res["p"] < 0.05,
        )
    res = res.reset_index()
    first = ["term", "count_a", "count_b", "frequency", "score", "significant"]
    rest = [col for col in res.columns if col not in first]
    res = res[first + rest]
    if mode == "lexicon":
        frames, frames_en, glosses = _key_labels(c, level, res["term"].astype(str).tolist())
        res = res.assign(frame=frames, frame_en=frames_en, gloss_en=glosses)
    res = res.sort_values("score", ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    res.attrs.update(method=method, n_a=float(ya.sum()), n_b=float(yb.sum()))
    return res


def lexicon_suggestions(
    corpus: Corpus,
    *,
    a: str | Sequence[str],
    b: str | Sequence[str] | None = None,
    by: Unit = "actor",
    top: int = 20,
    alpha0: float = DEFAULT_ALPHA0,
    stopwords: Iterable[str] | None = None,
    min_count: int = 3,
    exclude: Iterable[str] = (),
) -> pd.DataFrame:
    """Tokens a over-uses (largest positive Fightin' Words z, tokens mode) that are not lexicon terms.

    Excludes lexicon terms and their variants, ``exclude`` (e.g. the registry's aliases, so actor
    names and roles such as 中国外交部发言人 do not crowd the list), stopwords, single characters,
    numbers, and tokens a uses fewer than ``min_count`` times. Columns: term, count_a, count_b, frequency, delta, z,
    significant; at most ``top`` rows, z descending.
    """
    c = prepare_corpus(corpus)
    res = contrast(
        c, a=a, b=b, by=by, mode="tokens", method="fightin_words", alpha0=alpha0, stopwords=stopwords
    )
    if res.empty:
        return _empty(SUGGESTION_COLUMNS)
    known = set(_surface_forms(_lexicon(c))) | set(exclude)
    keep = (~res["term"].isin(known)) & (res["z"] > 0) & (res["count_a"] >= min_count)
    out = res.loc[keep, list(SUGGESTION_COLUMNS)].head(top).reset_index(drop=True)
    return out


# --------------------------------------------------------------------------------------------------
# Time


def _period_number(values: np.ndarray, freq: Freq) -> np.ndarray:
    """Period of each datetime64 value as an integer (weeks start on Monday 1969-12-29)."""
    if freq == "week":
        return (values.astype("datetime64[D]").astype(np.int64) + 3) // 7
    months = values.astype("datetime64[M]").astype(np.int64)
    return {"month": months, "quarter": months // 3, "year": months // 12}[freq]


def _period_start(number: np.ndarray, freq: Freq) -> np.ndarray:
    """First day (datetime64[D]) of each period number."""
    if freq == "week":
        return (number * 7 - 3).astype("datetime64[D]")
    months = number * {"month": 1, "quarter": 3, "year": 12}[freq]
    return months.astype("datetime64[M]").astype("datetime64[D]")


def _period_labels(starts: np.ndarray, freq: Freq) -> list[str]:
    out = []
    for ts in pd.DatetimeIndex(starts):
        if freq == "week":
            iso = ts.isocalendar()
            out.append(f"{iso[0]}-W{iso[1]:02d}")
        elif freq == "month":
            out.append(f"{ts.year}-{ts.month:02d}")
        elif freq == "quarter":
            out.append(f"{ts.year}Q{(ts.month - 1) // 3 + 1}")
        else:
            out.append(str(ts.year))
    return out


def time_series(
    corpus: Corpus,
    *,
    by: Unit = "actor",
    level: Level = "frame",
    keys: Sequence[str] | None = None,
    freq: Freq = "month",
    units: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> pd.DataFrame:
    """Counts and rates per period x unit x key, with empty periods as zeros (not gaps).

    Undated statements are excluded (they belong to no period). Periods run from the first to the
    last dated statement (extended to ``start``/``end`` if given); weeks run Monday-Sunday.
    ``units`` / ``keys`` fix which units and keys appear and their order (defaults: all units, most
    statements first; keys seen in the dated hits, most frequent first). Pass them on large corpora:
    the result has periods x units x keys rows.

    Columns: ``period`` (Timestamp, first day), ``period_end`` (Timestamp, last day),
    ``period_label`` ("2023-05", "2023Q2", "2023", ISO week "2023-W18"), ``unit``, ``key``,
    ``count``, ``tokens`` (the unit's tokens in the period), ``rate_per_1k`` (0.0 when tokens = 0).
    """
    c = prepare_corpus(corpus)
    st = c.statements
    dated = st["date"].notna().to_numpy()
    if units is None:
        _, names, _ = _unit_index(st.loc[dated], by)
        unit_list = [str(n) for n in names]
    else:
        unit_list = list(dict.fromkeys(units))
    col = st[by]
    cat_map = pd.Index(unit_list, dtype=object).get_indexer(col.cat.categories.astype(str))
    unit_idx = np.append(cat_map, -1)[col.cat.codes.to_numpy()] if len(st) else np.zeros(0, np.int64)
    use_st = dated & (unit_idx >= 0)
    hits = c.term_hits
    hit_pos = hits["stmt_pos"].to_numpy()
    hit_use = use_st[hit_pos] if len(hits) else np.zeros(0, dtype=bool)
    if keys is None:
        key_list = _key_order(hits[level], hits["count"].to_numpy(float), hit_use)
    else:
        key_list = list(dict.fromkeys(keys))
    extra = [np.datetime64(pd.Timestamp(d), "ns") for d in (start, end) if d is not None]
    numbers = _period_number(st["date"].to_numpy(dtype="datetime64[ns]")[dated], freq)
    candidates = np.concatenate([numbers, _period_number(np.array(extra, dtype="datetime64[ns]"), freq)])
    if not len(candidates) or not unit_list or not key_list:
        return _empty(TIME_SERIES_COLUMNS)
    first, last = int(candidates.min()), int(candidates.max())
    period_numbers = np.arange(first, last + 1)
    n_p, n_u, n_k = len(period_numbers), len(unit_list), len(key_list)
    st_period = np.full(len(st), -1, dtype=np.int64)
    st_period[dated] = numbers - first
    in_span = use_st & (st_period >= 0) & (st_period < n_p)
    tokens = np.bincount(
        st_period[in_span] * n_u + unit_idx[in_span],
        weights=st["n_tokens"].to_numpy(float)[in_span],
        minlength=n_p * n_u,
    ).reshape(n_p, n_u)
    key_idx = _key_index(hits[level], key_list)
    ok = (key_idx >= 0) & in_span[hit_pos] if len(hits) else np.zeros(0, dtype=bool)
    hp = hit_pos[ok]
    counts = np.bincount(
        (st_period[hp] * n_u + unit_idx[hp]) * n_k + key_idx[ok],
        weights=hits["count"].to_numpy(float)[ok],
        minlength=n_p * n_u * n_k,
    )
    p_rep = np.repeat(np.arange(n_p), n_u * n_k)
    u_rep = np.tile(np.repeat(np.arange(n_u), n_k), n_p)
    k_rep = np.tile(np.arange(n_k), n_p * n_u)
    tok = tokens[p_rep, u_rep]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(tok > 0, 1000 * counts / tok, 0.0)
    starts = _period_start(period_numbers, freq)
    ends = _period_start(period_numbers + 1, freq) - np.timedelta64(1, "D")
    labels = np.array(_period_labels(starts, freq), dtype=object)
    starts, ends = starts.astype("datetime64[ns]"), ends.astype("datetime64[ns]")
    return pd.DataFrame(
        {
            "period": starts[p_rep],
            "period_end": ends[p_rep],
            "period_label": labels[p_rep].astype(str),
            "unit": np.asarray(unit_list, dtype=object)[u_rep].astype(str),
            "key": np.asarray(key_list, dtype=object)[k_rep].astype(str),
            "count": counts.astype("int64"),
            "tokens": tok.astype("int64"),
            "rate_per_1k": rate,
        },
        columns=list(TIME_SERIES_COLUMNS),
    )


# --------------------------------------------------------------------------------------------------
# Evidence


def _fallback_simplified(text: str) -> str:
    table = _ts_table()
    return text.translate(table) if table else text


@lru_cache(maxsize=1)
def _ts_table() -> dict[int, str]:
    """Character-level traditional -> simplified table from opencc's data (first candidate)."""
    try:
        import opencc

        path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
        table: dict[int, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            src, _, dst = line.partition("\t")
            first = dst.split(" ")[0] if dst else ""
            if len(src) == 1 and len(first) == 1:
                table[ord(src)] = first
        return table
    except (ImportError, OSError):
        return {}


@lru_cache(maxsize=1)
def _segment_simplifier() -> Callable[[str], str] | None:
    try:
        from dashboard.segment import to_simplified
    except ImportError:
        return None
    return to_simplified


def _simplify(text: str) -> str:
    """Length-preserving simplified copy (dashboard.segment.to_simplified when importable)."""
    convert = _segment_simplifier()
    if convert is not None:
        out = convert(text)
        if len(out) == len(text):
            return out
    return _fallback_simplified(text)


def _split(value: str) -> list[str]:
    return [v.strip() for v in str(value).split("|") if v.strip()]


def _surface_forms(lex: pd.DataFrame) -> dict[str, str]:
    forms: dict[str, str] = {}
    for term, variants in zip(lex["term"], lex["variants"], strict=False):
        if not term:
            continue
        for form in [term, *_split(variants)]:
            forms.setdefault(_simplify(form), term)
    return forms


_Matcher = tuple["re.Pattern[str] | None", dict[str, str], dict[str, tuple[str, ...]]]


def _build_matcher(lexicon: pd.DataFrame, extra_terms: Iterable[str] = ()) -> _Matcher:
    """Leftmost-longest regex over every surface form of the lexicon (longest alternative first)."""
    lex = _conform(lexicon, LEXICON_COLUMNS).fillna("").astype(str)
    forms = _surface_forms(lex)
    for t in extra_terms:
        forms.setdefault(_simplify(t), t)
    not_inside = {
        t: tuple(_simplify(w) for w in _split(ni))
        for t, ni in zip(lex["term"], lex["not_inside"], strict=False)
        if ni
    }
    if not forms:
        return None, forms, not_inside
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    return re.compile("|".join(re.escape(f) for f in ordered)), forms, not_inside


def _spans(text: str, wanted: set[str], matcher: _Matcher) -> list[tuple[int, int]]:
    pattern, mapping, not_inside = matcher
    if pattern is None or not text or not wanted:
        return []
    simple = _simplify(text)
    spans = []
    for m in pattern.finditer(simple):
        canon = mapping[m.group()]
        if canon in wanted and not _inside(simple, m.start(), m.group(), not_inside.get(canon, ())):
            spans.append((m.start(), m.end()))
    return spans


def term_spans(text: str, terms: Iterable[str], lexicon: pd.DataFrame) -> list[tuple[int, int]]:
    """Character offsets (start, end) in ``text`` of the surface forms of canonical ``terms``.

    Matching runs on a length-preserving simplified copy of ``text`` (so offsets are valid in the
    original, traditional or not), leftmost-longest and non-overlapping over every lexicon surface
    form (term + variants), dropping matches inside one of the term's ``not_inside`` words, as the
    extraction does.
    """
    wanted = set(terms)
    return _spans(text, wanted, _build_matcher(lexicon, wanted))


def _inside(text: str, start: int, form: str, words: tuple[str, ...]) -> bool:
    for w in words:
        k = w.find(form)
        while k >= 0:
            s = start - k
            if s >= 0 and text[s : s + len(w)] == w:
                return True
            k = w.find(form, k + 1)
    return False


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Split ``text`` into (piece, is_match) pieces; overlapping spans are merged."""
    merged: list[list[int]] = []
    for s, e in sorted((max(0, int(s)), min(len(text), int(e))) for s, e in spans):
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for s, e in merged:
        if s > pos:
            pieces.append((text[pos:s], False))
        pieces.append((text[s:e], True))
        pos = e
    if pos < len(text):
        pieces.append((text[pos:], False))
    return pieces


def _as_list(v: str | Sequence[str] | None) -> list[str] | None:
    if v is None:
        return None
    return [v] if isinstance(v, str) else list(v)


def evidence(
    corpus: Corpus,
    *,
    term: str | Sequence[str] | None = None,
    frame: str | Sequence[str] | None = None,
    unit: str | Sequence[str] | None = None,
    by: Unit = "actor",
    naming: str | None = None,
    naming_option: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """The statements behind a number, sorted by date (undated last) then statement_id.

    With ``term``/``frame``/``naming_option`` (or ``naming`` alone): statements with a hit of the
    selection; ``count`` is the sum of those hits (so the rows of ``evidence(unit=u, term=t)`` sum
    to ``frame_matrix(...)`` at (u, t)). Without them: every statement of ``unit`` (or of the
    corpus), ``count`` = all its framing hits (possibly 0). ``unit`` restricts to units of column
    ``by``; ``date_from``/``date_to`` (inclusive; e.g. a time-series period) exclude undated rows.
    ``offset``/``limit`` return one page of the sorted rows (only that page's text is read);
    ``attrs["total_rows"]`` and ``attrs["total_count"]`` give the size of the whole selection.

    Columns: statement_id, article_id, title, date, outlet, speaker, actor, group, cue, is_narrator,
    text (original), terms (list of the matched canonical terms), count (int), spans (list of
    (start, end) offsets of those terms in ``text``; see :func:`term_spans`; pass to :func:`highlight`).
    Spans cover every occurrence of the listed terms, scare-quoted ones included, even when the
    filter subtracts quoted uses from ``count``.
    """
    c = prepare_corpus(corpus)
    st, hits = c.statements, c.term_hits
    mask = np.ones(len(st), dtype=bool)
    units = _as_list(unit)
    if units is not None:
        mask &= _unit_mask(st, by, units)
    if date_from or date_to:
        d = st["date"].to_numpy(dtype="datetime64[ns]")
        ok = ~np.isnat(d)
        if date_from:
            ok &= d >= np.datetime64(pd.Timestamp(date_from), "ns")
        if date_to:
            ok &= d < np.datetime64(pd.Timestamp(date_to) + pd.Timedelta(days=1), "ns")
        mask &= ok
    hit_pos = hits["stmt_pos"].to_numpy()
    hit_sel = np.ones(len(hits), dtype=bool)
    selective = False
    terms, frames = _as_list(term), _as_list(frame)
    if terms is not None:
        hit_sel &= _isin(hits["term"], terms)
        selective = True
    if frames is not None:
        hit_sel &= _isin(hits["frame"], frames)
        selective = True
    if naming is not None or naming_option is not None:
        lex = _lexicon(c)
        chosen = lex[lex["naming"] != ""]
        if naming is not None:
            chosen = chosen[chosen["naming"] == naming]
        if naming_option is not None:
            chosen = chosen[chosen["name_option"] == naming_option]
        hit_sel &= _isin(hits["term"], chosen["term"].tolist())
        selective = True
    if len(hits):
        hit_sel &= mask[hit_pos]
    sel_pos = hit_pos[hit_sel]
    sel_count = hits["count"].to_numpy()[hit_sel]
    count_of = np.bincount(sel_pos, weights=sel_count, minlength=len(st)) if len(st) else np.zeros(0)
    if selective:
        rows = (
            np.flatnonzero(np.bincount(sel_pos, minlength=len(st)) > 0) if len(st) else np.zeros(0, np.int64)
        )
    else:
        rows = np.flatnonzero(mask)
    total_rows, total_count = len(rows), int(count_of[rows].sum()) if len(rows) else 0
    if len(rows) == 0:
        out = _empty(EVIDENCE_COLUMNS)
        out.attrs.update(total_rows=0, total_count=0)
        return out

    base = _base(c)
    brows = _rows(c)[rows]
    d = st["date"].to_numpy(dtype="datetime64[ns]")[rows]
    undated = np.isnat(d)
    order = np.lexsort((base.sid_rank()[brows], np.where(undated, 0, d.view(np.int64)), undated))
    start = max(0, int(offset))
    stop = len(order) if limit is None else min(len(order), start + max(0, int(limit)))
    page = order[start:stop]
    rows, brows = rows[page], brows[page]

    # the selected hits' terms of each shown statement, first occurrence order
    term_cats = np.asarray(hits["term"].cat.categories.astype(str), dtype=object)
    shown = np.zeros(len(st), dtype=bool)
    shown[rows] = True
    in_page = shown[sel_pos]
    p_pos = sel_pos[in_page]
    p_term = hits["term"].cat.codes.to_numpy()[hit_sel][in_page]
    by_pos = np.argsort(p_pos, kind="stable")
    p_pos, p_term = p_pos[by_pos], p_term[by_pos]
    bounds = np.searchsorted(p_pos, rows)
    ends = np.searchsorted(p_pos, rows, side="right")
    names = term_cats[p_term]
    term_lists = [list(dict.fromkeys(names[s:e].tolist())) for s, e in zip(bounds, ends, strict=True)]

    full = base.statements
    arts = c.articles
    n_art = len(st["article_id"].cat.categories)
    titles = np.full(n_art + 1, "", dtype=object)
    a_codes = arts["article_id"].cat.codes.to_numpy()
    if "title" in arts.columns and len(arts):
        t = _clean_str(arts["title"]).to_numpy(dtype=object)
        titles[a_codes[::-1]] = t[::-1]  # first row of a duplicated id wins
        titles[-1] = ""
    sub = st.iloc[rows]
    res = pd.DataFrame(
        {
            "statement_id": _clean_str(full["statement_id"].take(brows)).to_numpy(dtype=object),
            "article_id": sub["article_id"].astype(str).to_numpy(dtype=object),
            "title": titles[sub["article_id"].cat.codes.to_numpy()],
            "date": sub["date"].to_numpy(dtype="datetime64[ns]"),
            "outlet": sub["outlet"].astype(str).to_numpy(dtype=object),
            "speaker": full["speaker"].take(brows).astype(str).to_numpy(dtype=object),
            "actor": sub["actor"].astype(str).to_numpy(dtype=object),
            "group": sub["group"].astype(str).to_numpy(dtype=object),
            "cue": full["cue"].take(brows).astype(str).to_numpy(dtype=object),
            "is_narrator": sub["is_narrator"].to_numpy(dtype=bool),
            "text": _clean_str(full["text"].take(brows)).to_numpy(dtype=object),
            "terms": term_lists,
            "count": count_of[rows].astype("int64"),
        }
    )
    for col in ("statement_id", "article_id", "title", "outlet", "speaker", "actor", "group", "cue", "text"):
        res[col] = res[col].astype(str)
    matcher = _build_matcher(_lexicon(c), {t for ts in term_lists for t in ts})
    res["spans"] = _bulk_spans(res["text"].tolist(), term_lists, matcher)
    res = res[list(EVIDENCE_COLUMNS)]
    res.attrs.update(total_rows=total_rows, total_count=total_count)
    return res


def _bulk_spans(
    texts: list[str], term_lists: list[list[str]], matcher: _Matcher
) -> list[list[tuple[int, int]]]:
    """:func:`_spans` of every row, with one simplification and one regex scan over all rows.

    Rows are joined with "\\n" (no surface form contains one, so no match crosses rows and the
    scan finds exactly the per-row matches); falls back to row by row if simplification changes
    the joined length.
    """
    pattern, mapping, not_inside = matcher
    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    if pattern is None or not texts:
        return out
    joined = "\n".join(texts)
    simple = _simplify(joined)
    if len(simple) != len(joined) or any("\n" in f for f in mapping):
        return [_spans(t, set(ts), matcher) for t, ts in zip(texts, term_lists, strict=True)]
    starts = np.cumsum([0, *(len(t) + 1 for t in texts[:-1])]).tolist()
    wanted = [set(ts) for ts in term_lists]
    for m in pattern.finditer(simple):
        s, form = m.start(), m.group()
        i = bisect.bisect_right(starts, s) - 1
        canon = mapping[form]
        # a not_inside window reaching into a neighbouring row contains the "\n": never a word
        if canon in wanted[i] and not _inside(simple, s, form, not_inside.get(canon, ())):
            out[i].append((s - starts[i], m.end() - starts[i]))
    return out


def _empty(columns: Iterable[str]) -> pd.DataFrame:
    return pd.DataFrame({col: pd.Series(dtype="object") for col in columns})
