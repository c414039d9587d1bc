"""Filters, rates with intervals, matrices, naming choice, contrasts, time series and evidence.

Pure pandas/numpy over a :class:`dashboard.corpus.Corpus` (no streamlit, no scipy).

Typical use (the UI caches the first two calls)::

    base = prepare_corpus(corpus)            # once per loaded corpus: categorical columns, hit positions
    view = apply_filters(base, Filters(actors=("中国外交部", "北约")))
    frame_rates(view, by="actor", level="frame")
    evidence(view, unit="北约", frame="冷战对抗")   # the statements behind one number

Every function takes the (filtered) corpus and recomputes every number on it: filtering never changes
what a number means. Every function returns an empty frame with its documented columns (never raises)
when the filter leaves nothing.

A "unit" is an actor, a group or an outlet (``by=``), read from the statement's column of that name.
A "key" is a frame or a canonical lexicon term (``level=``), read from ``term_hits``.
"""

from __future__ import annotations

import math
import re
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
_UNIT_COLUMNS: Final = ("article_id", "actor", "group", "group_en", "outlet")

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


def describe_filters(filters: Filters) -> str:
    """A short caption of the non-default filters, e.g. ``"actors: 中国外交部, 北约 · 2023-01-01–2023-12-31"``."""

    def names(label: str, values: tuple[str, ...]) -> str:
        shown = ", ".join(values[:3])
        more = f" +{len(values) - 3}" if len(values) > 3 else ""
        return f"{label}: {shown}{more}"

    parts: list[str] = []
    for label, values in (
        ("actors", filters.actors),
        ("groups", filters.groups),
        ("outlets", filters.outlets),
        ("frames", filters.frames),
    ):
        if values:
            parts.append(names(label, values))
    if filters.date_from and filters.date_to:
        parts.append(f"{filters.date_from.isoformat()}–{filters.date_to.isoformat()}")
    elif filters.date_from:
        parts.append(f"from {filters.date_from.isoformat()}")
    elif filters.date_to:
        parts.append(f"until {filters.date_to.isoformat()}")
    if not filters.include_undated:
        parts.append("undated excluded")
    if not filters.include_narrator:
        parts.append("narration off")
    if not filters.include_quoted:
        parts.append("quoted uses off")
    if filters.min_statements > 0:
        parts.append(f"actors with ≥{filters.min_statements} statements")
    return " · ".join(parts) if parts else "all statements"


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


def _as_category(s: pd.Series) -> pd.Series:
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s
    return s.fillna("").astype(str).astype("category")


def _is_prepared(corpus: Corpus) -> bool:
    st, hits = corpus.statements, corpus.term_hits
    if not corpus.meta.get(_PREPARED) or "stmt_pos" not in hits.columns:
        return False
    if len(corpus.tokens) != len(st) or not isinstance(st["actor"].dtype, pd.CategoricalDtype):
        return False
    return len(hits) == 0 or int(hits["stmt_pos"].max()) < len(st)


def prepare_corpus(corpus: Corpus) -> Corpus:
    """Return an analysis-ready copy of ``corpus`` (idempotent; cache the result once per corpus).

    - statements: ``article_id``, ``actor``, ``group``, ``group_en``, ``outlet`` become categorical,
      ``date`` datetime64, ``n_tokens`` int, duplicate ``statement_id`` rows dropped;
    - term_hits: only hits whose statement exists; gains ``stmt_pos`` (row of its statement);
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


def _prepare(corpus: Corpus) -> Corpus:
    st = _conform(
        corpus.statements,
        STATEMENT_COLUMNS,
        {"is_narrator": False, "n_tokens": 0, "date": pd.NaT, "paragraph": 0, "confidence": 1.0},
    )
    st = st.assign(statement_id=st["statement_id"].astype(str))
    if not st["statement_id"].is_unique:
        st = st.drop_duplicates("statement_id", keep="first")
    st = st.reset_index(drop=True)
    st = st.assign(
        **{col: _as_category(st[col]) for col in _UNIT_COLUMNS},
        date=_to_datetime(st["date"]),
        n_tokens=pd.to_numeric(st["n_tokens"], errors="coerce").fillna(0).astype("int64"),
        is_narrator=st["is_narrator"].fillna(False).astype(bool),
    )

    hits = _conform(corpus.term_hits, TERM_HIT_COLUMNS, {"count": 1, "quoted_count": 0})
    pos = pd.Index(st["statement_id"]).get_indexer(hits["statement_id"].astype(str))
    keep = pos >= 0
    hits = hits.loc[keep].reset_index(drop=True)
    count = pd.to_numeric(hits["count"], errors="coerce").fillna(0).astype("int64")
    quoted = pd.to_numeric(hits["quoted_count"], errors="coerce").fillna(0).astype("int64").clip(lower=0)
    hits = hits.assign(
        term=_as_category(hits["term"]),
        frame=_as_category(hits["frame"]),
        count=count,
        quoted_count=np.minimum(quoted.to_numpy(), count.to_numpy()),
        stmt_pos=pos[keep].astype(np.int64),
    )

    tok = _conform(corpus.tokens, ("statement_id", "tokens"))
    ids = st["statement_id"].to_numpy()
    if len(tok) == len(st) and bool((tok["statement_id"].astype(str).to_numpy() == ids).all()):
        tokens = pd.DataFrame(
            {"statement_id": ids, "tokens": tok["tokens"].fillna("").astype(str).to_numpy()}
        )
    else:
        by_id = pd.Series(
            tok["tokens"].fillna("").astype(str).to_numpy(), index=tok["statement_id"].astype(str)
        )
        by_id = by_id[~by_id.index.duplicated()]
        tokens = pd.DataFrame({"statement_id": ids, "tokens": by_id.reindex(ids).fillna("").to_numpy()})

    articles = _conform(corpus.articles, ARTICLE_COLUMNS, {"date": pd.NaT, "synthetic": False})
    # one set of article categories for statements and articles: filtering articles is then a mask
    art_ids = articles["article_id"].fillna("").astype(str)
    shared = pd.Index(st["article_id"].cat.categories.astype(str)).union(pd.Index(art_ids.unique()))
    st["article_id"] = pd.Categorical(st["article_id"].astype(str), categories=shared)
    articles = articles.assign(
        article_id=pd.Categorical(art_ids, categories=shared), date=_to_datetime(articles["date"])
    )
    return corpus.replace(
        statements=st,
        term_hits=hits,
        tokens=tokens,
        articles=articles.reset_index(drop=True),
        lexicon=_lexicon(corpus),
        meta={**corpus.meta, _PREPARED: True},
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
    """
    c = prepare_corpus(corpus)
    f = filters or Filters()
    st = c.statements
    mask = np.ones(len(st), dtype=bool)
    if f.actors or f.groups:
        chosen = np.zeros(len(st), dtype=bool)
        if f.actors:
            chosen |= st["actor"].isin(f.actors).to_numpy()
        if f.groups:
            chosen |= st["group"].isin(f.groups).to_numpy()
        mask &= chosen
    if f.outlets:
        mask &= st["outlet"].isin(f.outlets).to_numpy()
    if not f.include_narrator:
        mask &= ~st["is_narrator"].to_numpy(dtype=bool)
    if f.date_from or f.date_to or not f.include_undated:
        d = st["date"]
        dated = d.notna().to_numpy()
        in_range = dated.copy()
        if f.date_from:
            in_range &= (d >= pd.Timestamp(f.date_from)).to_numpy()
        if f.date_to:
            in_range &= (d < pd.Timestamp(f.date_to) + pd.Timedelta(days=1)).to_numpy()
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
        hit_keep &= hits["frame"].isin(f.frames).to_numpy()
    new_hits = hits if bool(hit_keep.all()) else hits.loc[hit_keep].reset_index(drop=True)
    if not all_kept:
        remap = np.cumsum(mask) - 1
        new_hits = new_hits.assign(stmt_pos=remap[new_hits["stmt_pos"].to_numpy()])
    if not f.include_quoted:
        net = new_hits["count"].to_numpy() - new_hits["quoted_count"].to_numpy()
        new_hits = new_hits.loc[net > 0].assign(count=net[net > 0], quoted_count=0).reset_index(drop=True)

    if all_kept:
        new_st, tokens, articles = st, c.tokens, c.articles
    else:
        new_st = st.loc[mask].reset_index(drop=True)
        tokens = c.tokens.loc[mask].reset_index(drop=True)
        used = np.zeros(len(st["article_id"].cat.categories) + 1, dtype=bool)
        used[new_st["article_id"].cat.codes.to_numpy()] = True
        used[-1] = False
        art_codes = c.articles["article_id"].cat.codes.to_numpy()
        articles = c.articles.loc[used[art_codes]].reset_index(drop=True)
    return c.replace(
        statements=new_st,
        term_hits=new_hits,
        tokens=tokens,
        articles=articles,
        meta={**c.meta, "filters": f},
    )


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


def _distinct_per_unit(unit_idx: np.ndarray, codes: np.ndarray, n_units: int) -> np.ndarray:
    """Number of distinct non-negative ``codes`` per unit (dense bitmap when small, else np.unique)."""
    ok = (unit_idx >= 0) & (codes >= 0)
    if not ok.any():
        return np.zeros(n_units, dtype=np.int64)
    n_codes = int(codes[ok].max()) + 1
    pair = unit_idx[ok].astype(np.int64) * n_codes + codes[ok]
    if n_units * n_codes <= _DENSE_LIMIT:
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
    art = st["article_id"].cat.codes.to_numpy().astype(np.int64)
    n_art = int(art.max()) + 1
    pair_key = cells.unit_of_statement * n_art + art
    if n_units * n_art <= _DENSE_LIMIT:  # sorted distinct (unit, article) pairs without sorting
        seen = np.zeros(n_units * n_art, dtype=bool)
        seen[pair_key] = True
        pair_of_unit_art = np.flatnonzero(seen)
        pair_inv = (np.cumsum(seen) - 1)[pair_key]
    else:
        pair_of_unit_art, pair_inv = np.unique(pair_key, return_inverse=True)
        pair_inv = pair_inv.reshape(-1)
    pair_tok = np.bincount(pair_inv, weights=st["n_tokens"].to_numpy(dtype=float))
    pair_unit = pair_of_unit_art // n_art
    bounds = np.searchsorted(pair_unit, np.arange(n_units + 1))

    ok = cells.key_of_hit >= 0
    hit_pair = pair_inv[hits["stmt_pos"].to_numpy()][ok]
    pk_code, pk_inv = np.unique(hit_pair * n_keys + cells.key_of_hit[ok], return_inverse=True)
    pk_count = np.bincount(pk_inv.reshape(-1), weights=hits["count"].to_numpy(dtype=float)[ok])
    pk_pair, pk_key = pk_code // n_keys, pk_code % n_keys  # sorted by pair

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
    n_pairs = np.diff(bounds)
    for u in range(n_units):
        m = int(n_pairs[u])
        if m < 2 or total[u] <= 0:
            continue
        if n_boot <= 0 or m > max_boot_articles:
            low[u] = np.maximum(1000 * ratio[u] - Z95 * se[u], 0)
            high[u] = 1000 * ratio[u] + Z95 * se[u]
            method[u] = "normal"
            continue
        lo, hi = int(bounds[u]), int(bounds[u + 1])
        a, b = np.searchsorted(pk_pair, [lo, hi])
        # the unit's non-zero (article, key, count) cells, grouped by key
        order = np.argsort(pk_key[a:b], kind="stable")
        art_j, key_j, val_j = pk_pair[a:b][order] - lo, pk_key[a:b][order], pk_count[a:b][order]
        used, starts = np.unique(key_j, return_index=True)
        low[u], high[u] = 0.0, 0.0  # keys the unit never uses: every resample gives 0
        method[u] = "bootstrap"
        if len(used) == 0:
            continue
        rng = np.random.default_rng([seed, zlib.crc32(str(cells.units[u]).encode("utf-8"))])
        draws = rng.integers(0, m, size=(n_boot, m)) + (np.arange(n_boot) * m)[:, None]
        weights = np.bincount(draws.ravel(), minlength=n_boot * m).reshape(n_boot, m)
        # sparse products instead of a BLAS matmul: cost n_boot x non-zero cells, single-threaded
        boot_tokens = (weights * pair_tok[lo:hi]).sum(axis=1)
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
    max_boot_articles: int = 1000,
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
      articles or ``n_boot=0``), "" (fewer than 2 articles: NaN interval);
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
    unit_idx, names, _ = _unit_index(c.statements, by)
    term_naming = dict(zip(lex["term"], lex["naming"], strict=False))
    term_option = dict(zip(lex["term"], lex["name_option"], strict=False))
    sel = hits["term"].isin(term_naming.keys()).to_numpy()
    if not sel.any():
        return _empty(NAMING_COLUMNS)
    sub = hits.loc[sel]
    df = pd.DataFrame(
        {
            "naming": sub["term"].map(term_naming).to_numpy(),
            "name_option": sub["term"].map(term_option).to_numpy(),
            "unit": unit_idx[sub["stmt_pos"].to_numpy()],
            "count": sub["count"].to_numpy(),
        }
    )
    agg = df.groupby(["naming", "unit", "name_option"], sort=False)["count"].sum()
    parts = []
    for naming in dict.fromkeys(lex["naming"]):
        options = list(dict.fromkeys(lex.loc[lex["naming"] == naming, "name_option"]))
        if naming not in agg.index.get_level_values(0):
            continue
        wide = agg.loc[naming].unstack("name_option", fill_value=0).reindex(columns=options, fill_value=0)
        wide = wide[wide.sum(axis=1) > 0]
        long = wide.stack().rename("count").reset_index()
        long["naming"] = naming
        long["n"] = long.groupby("unit")["count"].transform("sum")
        long["_opt"] = long["name_option"].map({o: i for i, o in enumerate(options)})
        long["_name"] = names[long["unit"].to_numpy()].astype(str)
        parts.append(long.sort_values(["n", "_name", "_opt"], ascending=[False, True, True], kind="stable"))
    if not parts:
        return _empty(NAMING_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    low, high = wilson_interval(out["count"].to_numpy(), out["n"].to_numpy())
    return pd.DataFrame(
        {
            "naming": out["naming"].astype(str),
            "unit": out["_name"],
            "name_option": out["name_option"].astype(str),
            "count": out["count"].astype("int64"),
            "n": out["n"].astype("int64"),
            "share": out["count"] / out["n"],
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
    ya = a.reindex(vocab, fill_value=0.0).to_numpy()
    yb = b.reindex(vocab, fill_value=0.0).to_numpy()
    yw = bg.reindex(vocab, fill_value=0.0).to_numpy()
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


def _token_counts(texts: pd.Series, stopwords: frozenset[str]) -> pd.Series:
    """Counts of space-separated tokens without stopwords, single characters and numbers."""
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


def _unit_mask(st: pd.DataFrame, by: Unit, units: str | Sequence[str]) -> np.ndarray:
    wanted = [units] if isinstance(units, str) else list(units)
    return st[by].isin(wanted).to_numpy()


def _side_counts(
    c: Corpus, mask: np.ndarray | None, mode: Mode, level: Level, stopwords: frozenset[str]
) -> pd.Series:
    if mode == "lexicon":
        hits = c.term_hits
        if mask is not None:
            hits = hits.loc[mask[hits["stmt_pos"].to_numpy()]] if len(hits) else hits
        if hits.empty:
            return pd.Series(dtype=float)
        sums = hits.groupby(hits[level], observed=True)["count"].sum().astype(float)
        sums.index = sums.index.astype(str)
        return sums[sums > 0]
    tokens = c.tokens["tokens"]
    return _token_counts(tokens if mask is None else tokens.loc[mask], stopwords)


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
    ca = _side_counts(c, mask_a, mode, level, words)
    cb = _side_counts(c, mask_b, mode, level, words)
    background = _side_counts(c, None, mode, level, words)
    if method == "fightin_words":
        res = fightin_words(ca, cb, background, alpha0=alpha0)
        res = res.assign(score=res["z"])
    else:
        res = keyness(ca, cb, measure=method)
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
    res.attrs.update(method=method, n_a=float(ca.sum()), n_b=float(cb.sum()))
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
) -> pd.DataFrame:
    """The statements behind a number, sorted by date (undated last) then statement_id.

    With ``term``/``frame``/``naming_option`` (or ``naming`` alone): statements with a hit of the
    selection; ``count`` is the sum of those hits (so the rows of ``evidence(unit=u, term=t)`` sum
    to ``frame_matrix(...)`` at (u, t)). Without them: every statement of ``unit`` (or of the
    corpus), ``count`` = all its framing hits (possibly 0). ``unit`` restricts to units of column
    ``by``; ``date_from``/``date_to`` (inclusive; e.g. a time-series period) exclude undated rows.

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
        mask &= st[by].isin(units).to_numpy()
    if date_from or date_to:
        d = st["date"]
        ok = d.notna().to_numpy().copy()
        if date_from:
            ok &= (d >= pd.Timestamp(date_from)).to_numpy()
        if date_to:
            ok &= (d < pd.Timestamp(date_to) + pd.Timedelta(days=1)).to_numpy()
        mask &= ok
    hit_pos = hits["stmt_pos"].to_numpy()
    hit_sel = np.ones(len(hits), dtype=bool)
    selective = False
    terms, frames = _as_list(term), _as_list(frame)
    if terms is not None:
        hit_sel &= hits["term"].isin(terms).to_numpy()
        selective = True
    if frames is not None:
        hit_sel &= hits["frame"].isin(frames).to_numpy()
        selective = True
    if naming is not None or naming_option is not None:
        lex = _lexicon(c)
        chosen = lex[lex["naming"] != ""]
        if naming is not None:
            chosen = chosen[chosen["naming"] == naming]
        if naming_option is not None:
            chosen = chosen[chosen["name_option"] == naming_option]
        hit_sel &= hits["term"].isin(chosen["term"].tolist()).to_numpy()
        selective = True
    if len(hits):
        hit_sel &= mask[hit_pos]
    if selective:
        rows = np.unique(hit_pos[hit_sel])
    else:
        rows = np.flatnonzero(mask)
    if len(rows) == 0:
        return _empty(EVIDENCE_COLUMNS)

    sub_hits = hits.loc[hit_sel, ["stmt_pos", "term", "count"]]
    per_stmt = sub_hits.groupby("stmt_pos").agg(
        terms=("term", lambda s: list(dict.fromkeys(s))), count=("count", "sum")
    )
    out = st.iloc[rows].reset_index(drop=True)
    found = per_stmt.reindex(rows)
    titles = pd.Series(
        c.articles["title"].astype(str).to_numpy(), index=c.articles["article_id"].astype(str).to_numpy()
    )
    titles = titles[~titles.index.duplicated()]
    res = pd.DataFrame(
        {
            "statement_id": out["statement_id"].astype(str),
            "article_id": out["article_id"].astype(str),
            "title": titles.reindex(out["article_id"].astype(str)).fillna("").to_numpy(),
            "date": out["date"],
            "outlet": out["outlet"].astype(str),
            "speaker": out["speaker"].fillna("").astype(str),
            "actor": out["actor"].astype(str),
            "group": out["group"].astype(str),
            "cue": out["cue"].fillna("").astype(str),
            "is_narrator": out["is_narrator"].astype(bool),
            "text": out["text"].fillna("").astype(str),
            "terms": [t if isinstance(t, list) else [] for t in found["terms"].tolist()],
            "count": found["count"].fillna(0).astype("int64").to_numpy(),
        }
    )
    res = res.sort_values(["date", "statement_id"], na_position="last", kind="stable").reset_index(drop=True)
    if limit is not None:
        res = res.head(limit)
    matcher = _build_matcher(_lexicon(c), {t for ts in res["terms"] for t in ts})
    res["spans"] = [
        _spans(text, set(ts), matcher) for text, ts in zip(res["text"], res["terms"], strict=True)
    ]
    return res[list(EVIDENCE_COLUMNS)]


def _empty(columns: Iterable[str]) -> pd.DataFrame:
    return pd.DataFrame({col: pd.Series(dtype="object") for col in columns})
