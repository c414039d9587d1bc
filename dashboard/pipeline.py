"""Articles -> statements, framing-term hits and tokens; content-hash reuse; parallel runs; the store.

For each article: :func:`dashboard.attribution.attribute_article` splits the body into attributed
statements; each statement is segmented (:class:`dashboard.segment.Segmenter`, for ``n_tokens`` and the
token table) and matched against the lexicon (:class:`dashboard.terms.TermMatcher`).

Reuse: a *config hash* (lexicon table, registry tables, the source of the extraction modules) and a
per-article key (article_id, content_hash, text, outlet) decide whether a previous run's rows can be copied
instead of recomputed. Rows are built as tuples and turned into DataFrames once at the end.

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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol, TextIO

import jieba
import pandas as pd

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
    here = Path(__file__).resolve().parent
    for mod in CODE_MODULES:
        path = here / f"{mod}.py"
        if path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()


def article_key(article_id: str, text: str, outlet: str, content_hash: str = "") -> str:
    """Per-article reuse key: same key + same config hash -> same rows."""
    h = hashlib.sha1()
    for part in (article_id, content_hash, outlet, text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _keys(articles: pd.DataFrame) -> list[str]:
    hashes = articles["content_hash"] if "content_hash" in articles.columns else [""] * len(articles)
    return [
        article_key(str(a), str(t), _str(o), _str(c))
        for a, t, o, c in zip(
            articles["article_id"], articles["text"], articles["outlet"], hashes, strict=True
        )
    ]


def _str(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


# --------------------------------------------------------------------------- per-article work

StatementRow = tuple[Any, ...]
Rows = tuple[list[StatementRow], list[tuple[str, str, str, str, int, int]], list[tuple[str, str]]]


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


def _extract_article(ctx: _Context, article_id: str, text: str, outlet: str) -> Rows:
    statements: list[StatementRow] = []
    hits: list[tuple[str, str, str, str, int, int]] = []
    tokens: list[tuple[str, str]] = []
    cut = ctx.segmenter.cut_simplified
    count = ctx.matcher.count
    frames = ctx.frames
    for st in ctx.attribute(text, outlet=outlet, registry=ctx.registry):
        sid = f"{article_id}:{st.paragraph:03d}:{st.index:03d}"
        toks = cut(to_simplified(st.text))
        statements.append(
            (
                article_id,
                sid,
                int(st.paragraph),
                st.text,
                st.speaker,
                st.actor,
                st.group,
                st.group_en,
                bool(st.is_narrator),
                st.cue,
                st.pattern,
                len(toks),
                float(st.confidence),
            )
        )
        tokens.append((sid, " ".join(toks)))
        for term, (n, q) in count(st.text).items():
            hits.append((sid, article_id, term, frames[term], n, q))
    return statements, hits, tokens


ArticleTask = tuple[str, str, str]  # article_id, text, outlet
ChunkResult = list[tuple[str, Rows | None, str]]  # article_id, rows or None, error message

_WORKER: _Context | None = None


def _init_worker(lexicon: Lexicon, registry: Registry, attribute: AttributeFn) -> None:
    global _WORKER
    _WORKER = _context(lexicon, registry, attribute)  # with fork: inherited from the parent, no rebuild


def _run_chunk(chunk: list[ArticleTask]) -> ChunkResult:
    assert _WORKER is not None, "worker not initialised"
    return _run_tasks(_WORKER, chunk)


def _run_tasks(ctx: _Context, chunk: Iterable[ArticleTask]) -> ChunkResult:
    out: ChunkResult = []
    with _no_gc():
        for article_id, text, outlet in chunk:
            try:
                out.append((article_id, _extract_article(ctx, article_id, text, outlet), ""))
            except Exception as exc:  # one bad article must not sink the run
                out.append((article_id, None, f"extraction failed: {type(exc).__name__}: {exc}"))
    return out


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic GC while building many small tuples (no cycles are created); ~10% faster."""
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


# --------------------------------------------------------------------------- extract


def _default_attribute() -> AttributeFn:
    from dashboard.attribution import attribute_article

    return attribute_article


def _issue(source: str, reason: str) -> ImportIssue:
    return ImportIssue(source=source, reason=reason)


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
    :func:`dashboard.attribution.attribute_article` (tests).
    """
    attribute = attribute or _default_attribute()
    issues: list[ImportIssue] = []
    articles = articles.reset_index(drop=True)
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
    keys = _keys(articles)
    ids = [str(a) for a in articles["article_id"]]
    total = len(ids)

    reusable: set[str] = set()
    if previous is not None and previous.meta.get("config_hash") == chash and len(previous.articles):
        prev_keys = dict(
            zip(previous.articles["article_id"].astype(str), _keys(previous.articles), strict=True)
        )
        reusable = {a for a, k in zip(ids, keys, strict=True) if prev_keys.get(a) == k}
    done = len(reusable)
    if progress is not None:
        progress(done, total)

    tasks = [
        (a, str(t), _str(o))
        for a, t, o in zip(ids, articles["text"], articles["outlet"], strict=True)
        if a not in reusable
    ]
    ctx = _context(lexicon, registry, attribute) if tasks else None
    results: list[ChunkResult] = []
    if ctx is not None:
        n_proc = max(1, min(int(processes), len(tasks)))
        size = max(1, min(64, math.ceil(len(tasks) / (n_proc * 4))))
        chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
        if n_proc == 1:
            for chunk in chunks:
                results.append(_run_tasks(ctx, chunk))
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
        else:
            global _WORKER
            _WORKER = ctx  # forked workers inherit the built segmenter
            with _mp_context().Pool(
                n_proc, initializer=_init_worker, initargs=(lexicon, registry, attribute)
            ) as pool:
                for res in pool.imap(_run_chunk, chunks):
                    results.append(res)
                    done += len(res)
                    if progress is not None:
                        progress(done, total)

    st_rows: list[StatementRow] = []
    hit_rows: list[tuple[str, str, str, str, int, int]] = []
    tok_rows: list[tuple[str, str]] = []
    sources = dict(
        zip(ids, articles["source_file"] if "source_file" in articles.columns else ids, strict=True)
    )
    for chunk_res in results:
        for article_id, rows, error in chunk_res:
            if rows is None:
                issues.append(_issue(_str(sources.get(article_id)) or article_id, error))
                continue
            st_rows.extend(rows[0])
            hit_rows.extend(rows[1])
            tok_rows.extend(rows[2])

    cols = [c for c in STATEMENT_COLUMNS if c not in ("date", "outlet")]
    statements = pd.DataFrame.from_records(st_rows, columns=cols)
    term_hits = pd.DataFrame.from_records(hit_rows, columns=list(TERM_HIT_COLUMNS))
    tokens = pd.DataFrame.from_records(tok_rows, columns=list(TOKEN_COLUMNS))

    if reusable and previous is not None:
        prev_st = previous.statements[previous.statements["article_id"].isin(reusable)]
        statements = pd.concat([statements, prev_st[cols]], ignore_index=True)
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

    statements, term_hits, tokens = _finish(articles, ids, statements, term_hits, tokens)
    meta: dict[str, object] = {"config_hash": chash}
    corpus = Corpus(
        articles=articles.copy(),
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
    statements: pd.DataFrame,
    term_hits: pd.DataFrame,
    tokens: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Order rows by article (input order), add date/outlet, fix dtypes."""
    pos = {a: i for i, a in enumerate(ids)}
    statements = _sort_by(statements, statements["article_id"].map(pos))
    idx = statements["article_id"].map(pos).to_numpy(dtype="int64")
    dates = pd.to_datetime(articles["date"], errors="coerce")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    statements["date"] = dates.take(idx).to_numpy()
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
) -> None:
    """Write the corpus tables + manifest (meta, lexicon) atomically via :func:`dashboard.store.write_store`."""
    from dashboard.store import write_store

    tables = {name: getattr(corpus, name) for name in STORE_TABLES}
    lexicon_records = corpus.lexicon.astype(object).where(corpus.lexicon.notna(), "").to_dict("records")
    full_meta: dict[str, object] = {**corpus.meta, **(meta or {}), "lexicon": lexicon_records}
    write_store(Path(out_dir), tables, meta=full_meta, csv=csv)


def load_corpus(out_dir: Path) -> Corpus:
    """Read a store written by :func:`save_corpus` (raises ``StoreError`` when unreadable)."""
    from dashboard.store import read_manifest, read_store

    tables = read_store(Path(out_dir), tables=STORE_TABLES)
    raw_meta = read_manifest(Path(out_dir)).get("meta")
    meta: dict[str, object] = dict(raw_meta) if isinstance(raw_meta, dict) else {}
    lex_records = meta.pop("lexicon", None)
    if isinstance(lex_records, list) and lex_records:
        lex = pd.DataFrame(lex_records).reindex(columns=list(LEXICON_COLUMNS)).fillna("").astype(object)
    else:
        lex = pd.DataFrame(columns=list(LEXICON_COLUMNS))
    return Corpus(
        articles=tables["articles"],
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
    wrote = False
    if len(corpus.articles):
        corpus.meta.update({"source": [str(p) for p in inputs]})
        save_corpus(corpus, out_path, csv=csv)
        wrote = True

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
    else:
        print(f"nothing imported: {out_path} left unchanged", file=out)
    return 1 if errors or not wrote else 0


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
