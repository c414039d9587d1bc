"""Articles -> statements, framing-term hits and tokens; content-hash reuse; parallel runs; the store.

For each article: :func:`dashboard.attribution.attribute_article` splits the body into attributed
statements; each statement is segmented (:class:`dashboard.segment.Segmenter`, for ``n_tokens`` and the
token table) and matched against the lexicon (:class:`dashboard.terms.TermMatcher`).

Reuse: a *config hash* (lexicon table, registry tables, the source of the extraction modules) and a
per-article key (article_id, content_hash, text, outlet) decide whether a previous run's rows can be copied
instead of recomputed; when every article is unchanged the previous tables are returned as they are.
Rows are built as column lists per chunk of articles, turned into Arrow tables in the worker that made
them, and concatenated once. The store keeps each article's reuse key (``articles.extract_key``), so a
re-run neither reads nor re-hashes the previous texts, and an unchanged corpus is not written again.

Example::

    >>> result = extract(articles, lexicon=load_lexicon(), registry=load_registry(), processes=4)
    >>> result.corpus.statements.head()
"""

from __future__ import annotations

import gc
import hashlib
import math
import multiprocessing as mp
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, TextIO

import jieba
import pandas as pd
import pyarrow as pa

from dashboard.corpus import Corpus
from dashboard.ingest import ImportIssue, load_paths
from dashboard.lexicon import Lexicon, LexiconError, load_lexicon
from dashboard.registry import Registry, load_registry
from dashboard.schema import (
    LEXICON_COLUMNS,
    STATEMENT_COLUMNS,
    TERM_HIT_COLUMNS,
    TOKEN_COLUMNS,
    UNRESOLVED_GROUP,
)
from dashboard.segment import Segmenter, build_segmenter, to_simplified
from dashboard.terms import TermMatcher

if TYPE_CHECKING:
    from dashboard.attribution import Statement

DATA_DIR: Final = Path(__file__).resolve().parents[1] / "data"
#: Bump when the meaning of extracted rows changes without a source change in the modules below.
EXTRACTION_VERSION: Final = "1"
#: Modules whose source is part of the config hash (a code change invalidates reuse).
CODE_MODULES: Final = ("segment", "lexicon", "terms", "registry", "attribution", "pipeline")
#: Tables written to a store directory, in this order.
STORE_TABLES: Final = ("articles", "statements", "term_hits", "tokens")
UNRESOLVED_COLUMNS: Final = ("speaker", "group", "count", "articles", "example_statement_id")
#: ``Corpus.meta`` keys starting with "_" live in memory only (never written to a manifest):
#: article_id -> reuse key (see :func:`article_key`) of every article the corpus was extracted from ...
KEYS_META: Final = "_article_keys"
#: ... and, for a corpus whose tables are exactly those of a store on disk, which store (dir + manifest sha1).
STORE_META: Final = "_store"
#: Column of ``articles.parquet`` holding each article's reuse key (dropped again by :func:`load_corpus`).
KEY_COLUMN: Final = "extract_key"
#: Article columns :func:`load_corpus` leaves out unless ``text=True`` (no view uses them).
TEXT_COLUMNS: Final = ("text", "captions")
#: Columns with few distinct values that :func:`load_corpus` returns as categoricals (unless
#: ``categories=False``): the ones ``analysis.prepare_corpus`` turns into categoricals anyway.
CATEGORY_COLUMNS: Final = {
    "statements": ("article_id", "speaker", "actor", "group", "group_en", "cue", "pattern", "outlet"),
    "term_hits": ("article_id", "term", "frame"),
}

ProgressFn = Callable[[int, int], None]


class AttributeFn(Protocol):
    def __call__(self, text: str, *, outlet: str, registry: Registry) -> Sequence[Statement]: ...


@dataclass
class ExtractionResult:
    """Corpus plus what the run noticed (issues, unresolved speakers) and how much was reused."""

    corpus: Corpus
    issues: list[ImportIssue] = field(default_factory=list)
    unresolved: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(UNRESOLVED_COLUMNS)))
    reused: int = 0
    extracted: int = 0


# --------------------------------------------------------------------------- hashing


def config_hash(lexicon: Lexicon, registry: Registry) -> str:
    """Hash of everything besides the article that decides extraction output."""
    h = hashlib.sha1(f"extraction {EXTRACTION_VERSION} jieba {jieba.__version__}\n".encode())
    h.update(lexicon.table.to_csv(index=False).encode())
    for name in ("actors", "people", "groups"):
        table = getattr(registry, name, None)
        if isinstance(table, pd.DataFrame):
            h.update(f"\n{name}\n".encode())
            h.update(table.to_csv(index=False).encode())
    h.update(_code_hash().encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _code_hash() -> str:
    """Hash of the extraction modules' source, read once per process: the code that runs is the code
    that was imported, even when the files are edited while a long process (dashboard, benchmark) runs."""
    h = hashlib.sha1()
    here = Path(__file__).resolve().parent
    for mod in CODE_MODULES:
        path = here / f"{mod}.py"
        if path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()


def article_key(article_id: str, text: str, outlet: str, content_hash: str = "") -> str:
    """Per-article reuse key: same key + same config hash -> same rows."""
    data = f"{article_id}\0{content_hash}\0{outlet}\0{text}\0".encode("utf-8", "surrogatepass")
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def _key_columns(articles: pd.DataFrame) -> tuple[list[str], list[str], list[str], list[str]]:
    """(ids, texts, outlets, content hashes) as lists of str, "" for missing values."""
    n = len(articles)
    hashes = _strs(articles["content_hash"]) if "content_hash" in articles.columns else [""] * n
    ids = [str(a) for a in articles["article_id"].tolist()]
    return ids, _strs(articles["text"]), _strs(articles["outlet"]), hashes


def _keys(articles: pd.DataFrame, columns: tuple[list[str], ...] | None = None) -> list[str]:
    ids, texts, outlets, hashes = columns or _key_columns(articles)
    return [article_key(a, t, o, c) for a, t, o, c in zip(ids, texts, outlets, hashes, strict=True)]


def _strs(col: pd.Series) -> list[str]:
    """Column values as str, "" for missing (fast path for str columns)."""
    if pd.api.types.is_string_dtype(col.dtype) and not col.hasnans:
        return [str(v) for v in col.tolist()]
    return [_str(v) for v in col.tolist()]


def _str(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


# --------------------------------------------------------------------------- per-article work


@dataclass
class _Context:
    segmenter: Segmenter
    matcher: TermMatcher
    lexicon: Lexicon
    registry: Registry
    attribute: AttributeFn
    frames: dict[str, str]


_CONTEXTS: dict[tuple[int, int, int], _Context] = {}


def _context(lexicon: Lexicon, registry: Registry, attribute: AttributeFn) -> _Context:
    """Build (once per process and configuration) the segmenter and matcher."""
    key = (id(lexicon), id(registry), id(attribute))
    ctx = _CONTEXTS.get(key)
    if ctx is None:
        frames = dict(zip(lexicon.table["term"], lexicon.table["frame"], strict=True))
        ctx = _Context(
            build_segmenter(lexicon, registry), TermMatcher(lexicon), lexicon, registry, attribute, frames
        )
        _CONTEXTS.clear()  # keep one: contexts hold a full jieba dictionary
        _CONTEXTS[key] = ctx
    return ctx


#: Arrow types of the rows a chunk returns (pandas 3 reads ``pa.string()`` as its ``str`` dtype).
_STATEMENT_TYPES: Final = {
    "article_id": pa.string(),
    "statement_id": pa.string(),
    "paragraph": pa.int64(),
    "text": pa.string(),
    "speaker": pa.string(),
    "actor": pa.string(),
    "group": pa.string(),
    "group_en": pa.string(),
    "is_narrator": pa.bool_(),
    "cue": pa.string(),
    "pattern": pa.string(),
    "date": pa.timestamp("ns"),
    "outlet": pa.string(),
    "n_tokens": pa.int64(),
    "confidence": pa.float64(),
}
_HIT_TYPES: Final = {
    "statement_id": pa.string(),
    "article_id": pa.string(),
    "term": pa.string(),
    "frame": pa.string(),
    "count": pa.int64(),
    "quoted_count": pa.int64(),
}
_TOKEN_TYPES: Final = {"statement_id": pa.string(), "tokens": pa.string()}
assert tuple(_STATEMENT_TYPES) == STATEMENT_COLUMNS and tuple(_HIT_TYPES) == TERM_HIT_COLUMNS
assert tuple(_TOKEN_TYPES) == TOKEN_COLUMNS

ArticleTask = tuple[str, str, str, int | None]  # article_id, text, outlet, date (ns since epoch) or None


@dataclass
class _ChunkOut:
    """One chunk's rows as Arrow tables (cheap to pickle back from a worker) and its failed articles."""

    statements: Any  # pa.Table
    term_hits: Any
    tokens: Any
    errors: list[tuple[str, str]]  # article_id, message
    articles: int


def _table(columns: list[list[Any]], types: Mapping[str, Any]) -> Any:
    return pa.table(
        [pa.array(col, type=typ) for col, typ in zip(columns, types.values(), strict=True)],
        names=list(types),
    )


def _run_tasks(ctx: _Context, chunk: Sequence[ArticleTask]) -> _ChunkOut:
    """Extract every article of ``chunk`` into column lists, then Arrow tables (one failure = one issue)."""
    st_cols: list[list[Any]] = [[] for _ in _STATEMENT_TYPES]
    (s_aid, s_sid, s_par, s_text, s_spk, s_act, s_grp, s_gen, s_nar, s_cue, s_pat, s_date, s_out, s_ntok,
     s_conf) = st_cols  # fmt: skip
    hit_cols: list[list[Any]] = [[] for _ in _HIT_TYPES]
    h_sid, h_aid, h_term, h_frame, h_n, h_q = hit_cols
    tok_cols: list[list[Any]] = [[] for _ in _TOKEN_TYPES]
    t_sid, t_tok = tok_cols
    errors: list[tuple[str, str]] = []
    attribute, registry = ctx.attribute, ctx.registry
    cut = ctx.segmenter.cut_simplified
    count = ctx.matcher.count
    frames = ctx.frames
    with _no_gc():
        for article_id, text, outlet, date in chunk:
            n_st, n_hit = len(s_sid), len(h_sid)
            try:
                for st in attribute(text, outlet=outlet, registry=registry):
                    sid = f"{article_id}:{st.paragraph:03d}:{st.index:03d}"
                    toks = cut(to_simplified(st.text))
                    s_aid.append(article_id)
                    s_sid.append(sid)
                    s_par.append(st.paragraph)
                    s_text.append(st.text)
                    s_spk.append(st.speaker)
                    s_act.append(st.actor)
                    s_grp.append(st.group)
                    s_gen.append(st.group_en)
                    s_nar.append(bool(st.is_narrator))
                    s_cue.append(st.cue)
                    s_pat.append(st.pattern)
                    s_date.append(date)
                    s_out.append(outlet)
                    s_ntok.append(len(toks))
                    s_conf.append(st.confidence)
                    t_sid.append(sid)
                    t_tok.append(" ".join(toks))
                    for term, (n, q) in count(st.text).items():
                        h_sid.append(sid)
                        h_aid.append(article_id)
                        h_term.append(term)
                        h_frame.append(frames[term])
                        h_n.append(n)
                        h_q.append(q)
            except Exception as exc:  # one bad article must not sink the run: drop its partial rows
                for col in (*st_cols, *tok_cols):
                    del col[n_st:]
                for col in hit_cols:
                    del col[n_hit:]
                errors.append((article_id, f"extraction failed: {type(exc).__name__}: {exc}"))
    return _ChunkOut(
        _table(st_cols, _STATEMENT_TYPES),
        _table(hit_cols, _HIT_TYPES),
        _table(tok_cols, _TOKEN_TYPES),
        errors,
        len(chunk),
    )


_WORKER: _Context | None = None


def _init_worker(lexicon: Lexicon, registry: Registry, attribute: AttributeFn) -> None:
    global _WORKER
    _WORKER = _context(lexicon, registry, attribute)  # with fork: inherited from the parent, no rebuild


def _run_chunk(chunk: list[ArticleTask]) -> _ChunkOut:
    assert _WORKER is not None, "worker not initialised"
    return _run_tasks(_WORKER, chunk)


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic GC while building many small objects (no cycles are created); ~10% faster."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _mp_context() -> mp.context.BaseContext:
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if sys.platform.startswith("linux") and "fork" in methods else None)


def _chunk_size(n_tasks: int, n_proc: int) -> int:
    """About 12 chunks per process: few results to ship back (each is a few Arrow tables), yet the last
    chunk, which one worker finishes while the others idle, stays short; at most 2048 articles."""
    return max(1, min(2048, math.ceil(n_tasks / (12 * n_proc))))


def _run_all(
    tasks: list[ArticleTask],
    ctx: _Context,
    *,
    processes: int,
    progress: Callable[[int], None],
    lexicon: Lexicon,
    registry: Registry,
    attribute: AttributeFn,
) -> list[_ChunkOut]:
    n_proc = max(1, min(int(processes), len(tasks)))
    size = _chunk_size(len(tasks), n_proc)
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    results: list[_ChunkOut] = []
    if n_proc == 1:
        for chunk in chunks:
            results.append(_run_tasks(ctx, chunk))
            progress(len(chunk))
        return results
    global _WORKER
    _WORKER = ctx  # forked workers inherit the built segmenter
    with _mp_context().Pool(
        n_proc, initializer=_init_worker, initargs=(lexicon, registry, attribute)
    ) as pool:
        for res in pool.imap(_run_chunk, chunks):
            results.append(res)
            progress(res.articles)
    return results


def _to_frames(results: list[_ChunkOut]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Concatenate the chunks' Arrow tables once and convert each table to pandas once."""
    out = []
    for attr, types in (
        ("statements", _STATEMENT_TYPES),
        ("term_hits", _HIT_TYPES),
        ("tokens", _TOKEN_TYPES),
    ):
        tables = [getattr(r, attr) for r in results]
        table = pa.concat_tables(tables) if tables else _table([[] for _ in types], types)
        out.append(table.to_pandas())
    return out[0], out[1], out[2]


# --------------------------------------------------------------------------- extract


def _default_attribute() -> AttributeFn:
    from dashboard.attribution import attribute_article

    return attribute_article


def _issue(source: str, reason: str) -> ImportIssue:
    return ImportIssue(source=source, reason=reason)


def _article_dates(articles: pd.DataFrame) -> pd.Series:
    dates = pd.to_datetime(articles["date"], errors="coerce") if "date" in articles.columns else None
    if dates is None:
        return pd.Series(pd.NaT, index=articles.index, dtype="datetime64[ns]")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    return dates.astype("datetime64[ns]")


def _previous_keys(previous: Corpus | None, chash: str) -> dict[str, str]:
    """article_id -> reuse key of ``previous`` (empty when its configuration differs)."""
    if previous is None or previous.meta.get("config_hash") != chash or not len(previous.articles):
        return {}
    stored = previous.meta.get(KEYS_META)
    if isinstance(stored, dict):
        return stored
    if "text" not in previous.articles.columns:
        return {}
    return dict(zip(previous.articles["article_id"].astype(str), _keys(previous.articles), strict=True))


def _all_unchanged(
    previous: Corpus, ids: list[str], keys: list[str], prev_keys: dict[str, str], dates: pd.Series
) -> bool:
    """True when ``previous`` holds exactly these articles, in this order, with the same keys and dates."""
    prev = previous.articles
    if len(prev) != len(ids) or len(prev_keys) != len(ids):
        return False
    if any(prev_keys.get(a) != k for a, k in zip(ids, keys, strict=True)):
        return False
    if prev["article_id"].astype(str).tolist() != ids:
        return False
    tables = ((previous.statements, STATEMENT_COLUMNS), (previous.term_hits, TERM_HIT_COLUMNS),
              (previous.tokens, TOKEN_COLUMNS))  # fmt: skip
    if any(list(df.columns) != list(cols) for df, cols in tables):
        return False
    old = _article_dates(prev).to_numpy()
    new = dates.to_numpy()
    return bool(((old == new) | (pd.isna(old) & pd.isna(new))).all())


def extract(
    articles: pd.DataFrame,
    *,
    lexicon: Lexicon,
    registry: Registry,
    processes: int = 1,
    previous: Corpus | None = None,
    progress: ProgressFn | None = None,
    attribute: AttributeFn | None = None,
) -> ExtractionResult:
    """Attribute, segment and match every article; reuse unchanged articles from ``previous``.

    ``processes > 1`` runs a process pool (fork on Linux) over chunks of articles; the output is identical
    to ``processes=1``. ``progress(done, total)`` is called as articles finish. ``attribute`` replaces
    :func:`dashboard.attribution.attribute_article` (tests). When every article is unchanged since
    ``previous`` (same ids in the same order, texts, outlets, dates and configuration), ``previous``'s
    tables are returned as they are.
    """
    attribute = attribute or _default_attribute()
    issues: list[ImportIssue] = []
    articles = articles.reset_index(drop=True)
    if "text" not in articles.columns:
        raise ValueError(
            "articles have no 'text' column (a store loaded without text?): use load_corpus(..., text=True)"
        )
    dup = articles["article_id"].duplicated()
    if dup.any():
        for _, row in articles[dup].iterrows():
            issues.append(
                _issue(
                    _str(row.get("source_file")) or str(row["article_id"]),
                    f"duplicate article_id {row['article_id']!r}: skipped",
                )
            )
        articles = articles[~dup].reset_index(drop=True)
    chash = config_hash(lexicon, registry)
    columns = _key_columns(articles)
    ids, texts, outlets, _hashes = columns
    keys = _keys(articles, columns)
    total = len(ids)
    dates = _article_dates(articles)
    meta: dict[str, object] = {"config_hash": chash, KEYS_META: dict(zip(ids, keys, strict=True))}

    prev_keys = _previous_keys(previous, chash)
    if previous is not None and prev_keys and _all_unchanged(previous, ids, keys, prev_keys, dates):
        if isinstance(previous.meta.get(STORE_META), dict):
            meta[STORE_META] = previous.meta[STORE_META]  # the tables are still the ones in that store
        if progress is not None:
            progress(total, total)
        return ExtractionResult(
            corpus=Corpus(
                articles=articles,
                statements=previous.statements,
                term_hits=previous.term_hits,
                tokens=previous.tokens,
                lexicon=lexicon.table.copy(),
                meta=meta,
            ),
            issues=issues,
            unresolved=unresolved_speakers(previous.statements),
            reused=total,
            extracted=0,
        )
    reusable = {a for a, k in zip(ids, keys, strict=True) if prev_keys.get(a) == k}
    done = len(reusable)
    if progress is not None:
        progress(done, total)

    undated = dates.isna().to_numpy()
    date_ns = [None if u else int(d) for u, d in zip(undated, dates.to_numpy().view("int64"), strict=True)]
    tasks: list[ArticleTask] = [
        (a, t, o, d) for a, t, o, d in zip(ids, texts, outlets, date_ns, strict=True) if a not in reusable
    ]

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    results: list[_ChunkOut] = []
    if tasks:
        ctx = _context(lexicon, registry, attribute)
        results = _run_all(
            tasks, ctx, processes=processes, progress=advance, lexicon=lexicon, registry=registry,
            attribute=attribute,
        )  # fmt: skip
    failed = [err for res in results for err in res.errors]
    if failed:
        files = articles["source_file"].tolist() if "source_file" in articles.columns else ids
        sources = dict(zip(ids, files, strict=True))
        for article_id, error in failed:
            issues.append(_issue(_str(sources.get(article_id)) or article_id, error))
    statements, term_hits, tokens = _to_frames(results)

    if reusable and previous is not None:
        prev_st = previous.statements[previous.statements["article_id"].isin(reusable)]
        statements = pd.concat([statements, prev_st[list(STATEMENT_COLUMNS)]], ignore_index=True)
        term_hits = pd.concat(
            [
                term_hits,
                previous.term_hits[previous.term_hits["article_id"].isin(reusable)][list(TERM_HIT_COLUMNS)],
            ],
            ignore_index=True,
        )
        tokens = pd.concat(
            [
                tokens,
                previous.tokens[previous.tokens["statement_id"].isin(set(prev_st["statement_id"]))][
                    list(TOKEN_COLUMNS)
                ],
            ],
            ignore_index=True,
        )
        statements, term_hits, tokens = _finish(articles, ids, dates, statements, term_hits, tokens)

    corpus = Corpus(
        articles=articles,
        statements=statements,
        term_hits=term_hits,
        tokens=tokens,
        lexicon=lexicon.table.copy(),
        meta=meta,
    )
    return ExtractionResult(
        corpus=corpus,
        issues=issues,
        unresolved=unresolved_speakers(statements),
        reused=len(reusable),
        extracted=len(tasks),
    )


_NON_TEXT: Final = frozenset(
    {"paragraph", "n_tokens", "confidence", "is_narrator", "date", "count", "quoted_count"}
)


def _finish(
    articles: pd.DataFrame,
    ids: list[str],
    dates: pd.Series,
    statements: pd.DataFrame,
    term_hits: pd.DataFrame,
    tokens: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Rows from this run and reused rows: order by article (input order), set date/outlet, fix dtypes."""
    pos = {a: i for i, a in enumerate(ids)}
    statements = _sort_by(statements, statements["article_id"].map(pos))
    idx = statements["article_id"].map(pos).to_numpy(dtype="int64")
    statements["date"] = dates.to_numpy()[idx]
    statements["outlet"] = [_str(o) for o in articles["outlet"].take(idx)]
    statements = statements[list(STATEMENT_COLUMNS)]
    text = "str"  # pandas' default string dtype (object on pandas 2), whatever the row source
    statements = statements.astype(
        {
            **{c: text for c in STATEMENT_COLUMNS if c not in _NON_TEXT},
            "paragraph": "int64",
            "n_tokens": "int64",
            "confidence": "float64",
            "is_narrator": "bool",
            "date": "datetime64[ns]",
        }
    )
    stmt_pos = dict(zip(statements["statement_id"], range(len(statements)), strict=True))
    term_hits = _sort_by(term_hits, term_hits["statement_id"].map(stmt_pos)).astype(
        {
            **{c: text for c in TERM_HIT_COLUMNS if c not in _NON_TEXT},
            "count": "int64",
            "quoted_count": "int64",
        }
    )
    tokens = _sort_by(tokens, tokens["statement_id"].map(stmt_pos)).astype({c: text for c in TOKEN_COLUMNS})
    return statements, term_hits, tokens


def _sort_by(df: pd.DataFrame, key: pd.Series) -> pd.DataFrame:
    order = key.to_numpy().argsort(kind="stable")
    return df.iloc[order].reset_index(drop=True)


def unresolved_speakers(statements: pd.DataFrame) -> pd.DataFrame:
    """Surface speakers the registry could not place: speaker, group, count, articles, example statement."""
    un = statements[statements["group"] == UNRESOLVED_GROUP]
    if un.empty:
        return pd.DataFrame(columns=list(UNRESOLVED_COLUMNS))
    out = (
        un.groupby("speaker", sort=False)
        .agg(
            group=("group", "first"),
            count=("statement_id", "size"),
            articles=("article_id", "nunique"),
            example_statement_id=("statement_id", "first"),
        )
        .reset_index()
    )
    return out.sort_values(["count", "speaker"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )[list(UNRESOLVED_COLUMNS)]


# --------------------------------------------------------------------------- store


def save_corpus(
    corpus: Corpus, out_dir: Path, *, csv: bool = False, meta: dict[str, object] | None = None
) -> bool:
    """Write the corpus tables + manifest (meta, lexicon) atomically via :func:`dashboard.store.write_store`.

    Returns False (and writes nothing) when ``out_dir`` already holds exactly this corpus: its tables are
    the ones read from that very store version (an unchanged re-run) and the manifest would not change.
    Articles are written with their reuse keys (``extract_key``) and need their ``text``.
    """
    from dashboard.store import remove_leftovers, write_store

    out_dir = Path(out_dir)
    articles = corpus.articles
    stored = corpus.meta.get(KEYS_META)
    key_map: dict[str, str] = stored if isinstance(stored, dict) else {}
    ids = articles["article_id"].astype(str).tolist()
    if key_map and all(a in key_map for a in ids):
        keys = [key_map[a] for a in ids]
    elif "text" in articles.columns:
        keys = _keys(articles)
    else:
        keys = [key_map.get(a, "") for a in ids]
    full_meta: dict[str, object] = {
        k: v for k, v in {**corpus.meta, **(meta or {})}.items() if not str(k).startswith("_")
    }
    full_meta["articles_fingerprint"] = _fingerprint(articles, keys)
    full_meta["lexicon"] = corpus.lexicon.astype(object).where(corpus.lexicon.notna(), "").to_dict("records")
    if _store_unchanged(out_dir, corpus.meta.get(STORE_META), full_meta, csv=csv):
        remove_leftovers(out_dir)
        return False
    if "text" not in articles.columns:
        raise ValueError(
            "articles have no 'text' column (loaded without text?): use load_corpus(..., text=True)"
        )
    tables = {name: getattr(corpus, name) for name in STORE_TABLES}
    tables["articles"] = articles.assign(**{KEY_COLUMN: keys})
    write_store(out_dir, tables, meta=full_meta, csv=csv)
    return True


def _fingerprint(articles: pd.DataFrame, keys: list[str]) -> str:
    """Hash of the articles table: reuse keys (id, text, outlet) plus every other column but text."""
    h = hashlib.sha1("\x1f".join(keys).encode("utf-8", "surrogatepass"))
    for col in articles.columns:
        if col in (*TEXT_COLUMNS[:1], KEY_COLUMN):
            continue
        h.update(f"\x1e{col}\x1e".encode("utf-8", "surrogatepass"))
        h.update(pd.util.hash_pandas_object(articles[col], index=False).to_numpy().tobytes())
    return h.hexdigest()


def _store_unchanged(out_dir: Path, token: object, full_meta: dict[str, object], *, csv: bool) -> bool:
    """True when ``token`` (from :func:`load_corpus`) names ``out_dir``'s current version and the manifest
    already holds ``full_meta`` (and CSV copies iff ``csv``)."""
    import json

    from dashboard.store import StoreError, manifest_sha1, read_manifest

    if not isinstance(token, dict) or not out_dir.is_dir():
        return False
    if token.get("dir") != str(out_dir.resolve()) or token.get("manifest_sha1") != manifest_sha1(out_dir):
        return False
    try:
        manifest = read_manifest(out_dir)
    except StoreError:
        return False
    entries = manifest["tables"]
    assert isinstance(entries, dict)
    if set(entries) != set(STORE_TABLES):
        return False
    if any(isinstance(e, dict) and bool(e.get("csv_file")) != csv for e in entries.values()):
        return False
    return bool(manifest.get("meta") == json.loads(json.dumps(full_meta, ensure_ascii=False, default=str)))


def load_corpus(out_dir: Path, *, text: bool = False, categories: bool = True) -> Corpus:
    """Read a store written by :func:`save_corpus` (raises ``StoreError`` when unreadable).

    Article ``text`` and ``captions`` are left out unless ``text=True`` (no view needs them: statements
    carry their own text); a corpus loaded without them still serves as ``previous`` for :func:`extract`.
    With ``categories`` the short, repetitive string columns of :data:`CATEGORY_COLUMNS` come back as
    pandas categoricals (same values; decoding is faster and the tables several times smaller).
    """
    from dashboard.store import manifest_sha1, read_manifest, read_store_checked

    out_dir = Path(out_dir)
    before = manifest_sha1(out_dir)
    columns = None
    if not text:
        listed = read_manifest(out_dir)["tables"]
        entry = listed.get("articles") if isinstance(listed, dict) else None
        names = entry.get("columns") if isinstance(entry, dict) else None
        if isinstance(names, list) and KEY_COLUMN in names:  # older stores: keys come from the text
            columns = {"articles": [c for c in names if c not in TEXT_COLUMNS]}
    tables, clean = read_store_checked(
        out_dir, tables=STORE_TABLES, columns=columns, categories=CATEGORY_COLUMNS if categories else None
    )
    manifest = read_manifest(out_dir)
    raw_meta = manifest.get("meta")
    meta: dict[str, object] = dict(raw_meta) if isinstance(raw_meta, dict) else {}
    lex_records = meta.pop("lexicon", None)
    meta.pop("articles_fingerprint", None)
    if isinstance(lex_records, list) and lex_records:
        lex = pd.DataFrame(lex_records).reindex(columns=list(LEXICON_COLUMNS)).fillna("").astype(object)
    else:
        lex = pd.DataFrame(columns=list(LEXICON_COLUMNS))
    articles = tables["articles"]
    if KEY_COLUMN in articles.columns:
        meta[KEYS_META] = dict(
            zip(
                articles["article_id"].astype(str).tolist(),
                articles[KEY_COLUMN].astype(str).tolist(),
                strict=True,
            )
        )
        articles = articles.drop(columns=[KEY_COLUMN])
    if clean and before and manifest_sha1(out_dir) == before:
        meta[STORE_META] = {"dir": str(out_dir.resolve()), "manifest_sha1": before}
    pa.default_memory_pool().release_unused()  # decode buffers the pool would keep (~25% of RSS)
    return Corpus(
        articles=articles,
        statements=tables["statements"],
        term_hits=tables["term_hits"],
        tokens=tables["tokens"],
        lexicon=lex,
        meta=meta,
    )


# --------------------------------------------------------------------------- demo + CLI


def load_demo_corpus() -> ExtractionResult:
    """The bundled demo corpus (data/corpus) with the default lexicon and registry."""
    imported = load_paths([DATA_DIR / "corpus"])
    result = extract(imported.articles, lexicon=load_lexicon(), registry=load_registry())
    result.corpus.meta.update({"demo": True, "source": "data/corpus"})
    result.issues = [*imported.issues, *result.issues]
    return result


def run_extract_cli(
    inputs: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    csv: bool = False,
    processes: int = 1,
    lexicon_path: str | os.PathLike[str] | None = None,
    registry_dir: str | os.PathLike[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    progress_bar: bool | None = None,
) -> int:
    """The ``extract`` command: import, extract (reusing DIR's store), write DIR, print a summary.

    Returns 0 when every input imported, 1 when some failed (the good ones are written), 2 when the lexicon
    or registry cannot be loaded.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    out_path = Path(out_dir)
    try:
        lexicon = load_lexicon(Path(lexicon_path)) if lexicon_path else load_lexicon()
    except LexiconError as exc:
        print(f"error: lexicon: {exc}", file=err)
        return 2
    try:
        registry = load_registry(Path(registry_dir)) if registry_dir else load_registry()
    except Exception as exc:  # RegistryError, or an unreadable directory
        print(f"error: registry: {exc}", file=err)
        return 2

    imported = load_paths(inputs)
    issues: list[ImportIssue] = list(imported.issues)
    articles = imported.articles

    previous: Corpus | None = None
    if (out_path / "manifest.json").exists():
        try:
            previous = load_corpus(out_path)
        except Exception as exc:  # an unreadable old store only means nothing is reused
            print(f"warning: previous store in {out_path} not reused ({exc})", file=err)

    bar = None
    show = progress_bar if progress_bar is not None else len(articles) >= 20
    progress: ProgressFn | None = None
    if show and len(articles):
        from tqdm import tqdm

        bar = tqdm(total=len(articles), desc="extract", unit="article", file=err)

        def progress(done: int, total: int) -> None:
            bar.update(done - bar.n)

    try:
        result = extract(
            articles,
            lexicon=lexicon,
            registry=registry,
            processes=processes,
            previous=previous,
            progress=progress,
        )
    finally:
        if bar is not None:
            bar.close()
    issues.extend(result.issues)
    errors = [i for i in issues if i.kind == "error"]
    duplicates = [i for i in issues if i.kind == "duplicate"]
    warnings = [i for i in issues if i.kind not in ("error", "duplicate")]

    corpus = result.corpus
    wrote = unchanged = False
    if len(corpus.articles):
        corpus.meta.update({"source": [str(p) for p in inputs]})
        wrote = save_corpus(corpus, out_path, csv=csv)
        unchanged = not wrote

    st = corpus.statements
    print(f"imported:   {len(corpus.articles)} articles", file=out)
    print(f"duplicates: {len(duplicates)}", file=out)
    print(f"failed:     {len(errors)}", file=out)
    for issue in [*errors, *duplicates, *warnings]:
        print(f"  {issue.kind}: {issue}", file=out)
    print(
        f"reused:     {result.reused} articles unchanged since the last run (extracted {result.extracted})",
        file=out,
    )
    print(f"statements: {len(st)} ({int(st['is_narrator'].sum()) if len(st) else 0} narration)", file=out)
    print(f"term hits:  {int(corpus.term_hits['count'].sum()) if len(corpus.term_hits) else 0}", file=out)
    un = result.unresolved
    print(f"unresolved speakers: {len(un)}", file=out)
    for row in un.head(20).itertuples(index=False):
        print(f"  {row.speaker}\t{row.count}", file=out)
    if wrote:
        names = ", ".join(f"{t}.parquet" for t in STORE_TABLES)
        print(f"wrote {out_path}/ ({names}, manifest.json{', CSV copies' if csv else ''})", file=out)
    elif unchanged:
        print(f"store unchanged: {out_path}/ already holds this corpus (not rewritten)", file=out)
    else:
        print(f"nothing imported: {out_path} left unchanged", file=out)
    return 1 if errors or not (wrote or unchanged) else 0


__all__ = [
    "ExtractionResult",
    "config_hash",
    "extract",
    "load_corpus",
    "load_demo_corpus",
    "run_extract_cli",
    "save_corpus",
    "unresolved_speakers",
]
