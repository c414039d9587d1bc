"""The Streamlit edge: cached wrappers, the shared sidebar, session corpus/lexicon/registry, chart output.

This is the only module (besides the pages) that imports streamlit and the only one with
``st.cache_*``. Pages call the helpers here and one analysis function per UI action.

Session state used across pages:
- ``lang``: "zh" | "en" (sidebar switch, bound to the URL)
- sidebar filter widgets (bound to the URL): ``groups``, ``actors``, ``outlets``, ``frames``, ``from``,
  ``to``, ``undated``, ``narration``, ``quoted``, ``min_st``
- ``_active``: the ExtractionResult the dashboard shows when the user uploaded or edited anything
  (absent = the bundled demo corpus), ``_active_key``: its content hash, ``_active_name``
- ``_lexicon`` / ``_registry``: the session's edited lexicon table / registry tables (absent = defaults)
- ``ev_term``, ``ev_frame``, ``ev_unit``, ``ev_by``, ``ev_naming``, ``ev_option``, ``ev_from``, ``ev_to``:
  the Evidence page's query (``ev_from``/``ev_to``: a period opened from the Over-time chart)

The corpus shown before any upload is the bundled demo corpus, or the store named by the environment
variable ``FRAMING_STORE`` (a directory written by ``python -m dashboard extract ... --out DIR``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import analysis, export
from dashboard.corpus import Corpus
from dashboard.i18n import LANGS, Lang, t
from dashboard.lexicon import Lexicon, lexicon_from_frame, load_lexicon
from dashboard.pipeline import ExtractionResult, extract, load_corpus, load_demo_corpus, unresolved_speakers
from dashboard.registry import Registry, load_registry, registry_from_frames
from dashboard.schema import NARRATOR_GROUP, UNRESOLVED_GROUP

_PAGE_DIR: Final = Path(__file__).resolve().parent / "app_pages"
PAGES: Final = {
    "overview": str(_PAGE_DIR / "overview.py"),
    "compare": str(_PAGE_DIR / "compare.py"),
    "contrast": str(_PAGE_DIR / "contrast.py"),
    "timeline": str(_PAGE_DIR / "timeline.py"),
    "evidence": str(_PAGE_DIR / "evidence.py"),
    "corpus": str(_PAGE_DIR / "corpus_page.py"),
}
FILTER_KEYS: Final = (
    "groups",
    "actors",
    "outlets",
    "frames",
    "from",
    "to",
    "undated",
    "narration",
    "quoted",
    "min_st",
)
EVIDENCE_KEYS: Final = (
    "ev_term",
    "ev_frame",
    "ev_unit",
    "ev_by",
    "ev_naming",
    "ev_option",
    "ev_from",
    "ev_to",
)
#: Environment variable naming an extracted store to open instead of the demo corpus.
STORE_ENV: Final = "FRAMING_STORE"
MAX_CACHED_EXTRACTIONS: Final = 8


# --------------------------------------------------------------------------- language


def lang() -> Lang:
    """The current UI language."""
    value = st.session_state.get("lang")
    return "en" if value == "en" else "zh"


def tr(key: str, /, **values: object) -> str:
    """The UI string ``key`` in the current language."""
    return t(key, lang(), **values)


def language_switch() -> Lang:
    """The zh/en switch at the top of the sidebar (``?lang=en``; ``lang=English`` is understood too)."""
    url_choice(
        "语言 / Language",
        ["zh", "en"],
        key="lang",
        default="zh",
        labeller=lambda v, _lg: "中文" if v == "zh" else "English",
        where=st.sidebar,
    )
    return lang()


def choose_one() -> str:
    """Placeholder of a single-choice box in the UI language."""
    return tr("choose_one")


def choose_many() -> str:
    """Placeholder of a multiselect in the UI language."""
    return tr("choose_many")


Labeller = Callable[[str, Lang], str]


def _from_url(key: str, options: Sequence[str], *, label: Labeller | None, multi: bool) -> None:
    """Seed ``st.session_state[key]`` from ``?key=`` once: the URL holds option codes (``cmp_by=group``);
    labels in either language (links made before codes were used) are accepted too."""
    if key in st.session_state:
        return
    raw = st.query_params.get_all(key)
    if not raw:
        return
    lookup = {str(o): str(o) for o in options}
    if label is not None:
        for lg in LANGS:
            for o in options:
                lookup.setdefault(label(str(o), lg), str(o))
    values = list(dict.fromkeys(lookup[r] for r in raw if r in lookup))
    if values:
        st.session_state[key] = values if multi else values[0]


def _to_url(key: str, value: object, default: object) -> None:
    """Write a widget's code(s) to ``?key=`` (removed when it equals the default)."""
    current = st.query_params.get_all(key)
    if value is None or value == default or value == []:
        if current:
            del st.query_params[key]
        return
    wanted = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    if current != wanted:
        st.query_params[key] = wanted


def _url_single(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: str | None,
    labeller: Labeller | None,
    where: Any,
    kind: Literal["segmented", "select"],
    **kwargs: Any,
) -> str | None:
    where = where if where is not None else st
    options = [str(o) for o in options]
    _from_url(key, options, label=labeller, multi=False)
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]
    lg = lang()  # fixed at render time: a test harness may call format_func outside the script run
    fmt = (lambda v: labeller(str(v), lg)) if labeller is not None else str
    initial = default if default in options else (options[0] if options and kind == "segmented" else None)
    preset = key in st.session_state
    if kind == "segmented":
        value = where.segmented_control(
            label,
            options,
            format_func=fmt,
            default=None if preset else initial,
            required=True,
            key=key,
            **kwargs,
        )
        value = value if value is not None else initial
    else:
        value = where.selectbox(
            label,
            options,
            format_func=fmt,
            index=None if preset or initial is None else options.index(initial),
            key=key,
            placeholder=choose_one(),
            **kwargs,
        )
    _to_url(key, value, initial)
    return str(value) if value is not None else None


UNITS: Final = ("actor", "group", "outlet")


def unit_choice(*, key: str, default: str, where: Any = None) -> str:
    """The "compare by actor / group / outlet" control every analysis page has (URL-bound, translated)."""
    return url_choice(tr("unit"), UNITS, key=key, default=default, labeller=ui_label("by_"), where=where)


def url_choice(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: str,
    labeller: Labeller | None = None,
    where: Any = None,
    **kwargs: Any,
) -> str:
    """A segmented control whose URL parameter is the option code, whatever the UI language.

    Streamlit's ``bind="query-params"`` stores the displayed label (``?cmp_by=国家/集团``), so a link
    copied in the Chinese UI would not reopen the view in English. Here the label is rendered by
    ``labeller(code, lang)`` and the URL holds the code (``?cmp_by=group``); labels in either
    language are still understood when a link carries them.
    """
    value = _url_single(
        label, options, key=key, default=default, labeller=labeller, where=where, kind="segmented", **kwargs
    )
    return value if value is not None else default


def url_select(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: str | None = None,
    labeller: Labeller | None = None,
    where: Any = None,
    **kwargs: Any,
) -> str | None:
    """A selectbox with the URL behaviour of ``url_choice`` (``None`` when nothing is chosen)."""
    return _url_single(
        label, options, key=key, default=default, labeller=labeller, where=where, kind="select", **kwargs
    )


def url_multi(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: Sequence[str] = (),
    labeller: Labeller | None = None,
    where: Any = None,
    **kwargs: Any,
) -> list[str]:
    """A multiselect whose URL parameters are the option codes (see ``url_choice``)."""
    where = where if where is not None else st
    options = [str(o) for o in options]
    _from_url(key, options, label=labeller, multi=True)
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] or [] if v in options]
    lg = lang()  # fixed at render time: a test harness may call format_func outside the script run
    fmt = (lambda v: labeller(str(v), lg)) if labeller is not None else str
    initial = [d for d in default if d in options]
    value = where.multiselect(
        label,
        options,
        format_func=fmt,
        default=None if key in st.session_state else initial,
        key=key,
        **{"placeholder": choose_many(), **kwargs},
    )
    _to_url(key, list(value), initial)
    return [str(v) for v in value]


def ui_label(prefix: str) -> Labeller:
    """Labeller for codes whose UI string key is ``prefix + code`` (e.g. ``by_`` -> ``by_group``)."""
    return lambda code, lg: t(prefix + code, lg)


def frame_label(frame: str, lg: Lang | None = None) -> str:
    """A frame as shown in widgets: the Chinese name, with the English name in the English UI."""
    english = frame_english().get(frame, "")
    return f"{frame} · {english}" if (lg or lang()) == "en" and english and english != frame else frame


# --------------------------------------------------------------------------- cached resources


@st.cache_resource(show_spinner=False)
def export_server() -> bool:
    """One kaleido renderer (Debian chromium) for every session; False when it cannot start."""
    return export.start_server()


@st.cache_resource(show_spinner="Loading the demo corpus…")
def demo_result() -> ExtractionResult:
    """The bundled synthetic demo corpus, extracted once per server (read-only: never mutate it)."""
    return load_demo_corpus()


@st.cache_resource(show_spinner="Loading the corpus store…", max_entries=4)
def _store_result(path: str, stamp: str) -> ExtractionResult:
    """An extracted store (``stamp`` changes when its files change, so a re-extraction is picked up)."""
    corpus = load_corpus(Path(path))
    corpus.meta.setdefault("source", path)
    return ExtractionResult(corpus=corpus, unresolved=unresolved_speakers(corpus.statements))


def store_path() -> str | None:
    """The store directory named by ``FRAMING_STORE`` (None when unset)."""
    value = os.environ.get(STORE_ENV, "").strip()
    return value or None


def _store_stamp(path: str) -> str:
    files = sorted(Path(path).iterdir()) if Path(path).is_dir() else []
    return ";".join(f"{f.name}:{f.stat().st_mtime_ns}:{f.stat().st_size}" for f in files if f.is_file())


def _base() -> tuple[ExtractionResult, str, str | None]:
    """(result, cache key, load error) of the corpus shown before any upload."""
    path = store_path()
    if path is None:
        return demo_result(), "demo", None
    try:
        stamp = _store_stamp(path)
        result = _store_result(path, stamp)
    except Exception as exc:  # StoreError names the file; anything else is a broken directory too
        return demo_result(), "demo", f"{path}: {exc}"
    return result, "store-" + hashlib.sha1(f"{path}|{stamp}".encode()).hexdigest(), None


def base_result() -> ExtractionResult:
    """The corpus shown before any upload: the ``FRAMING_STORE`` store if set and readable, else the demo."""
    return _base()[0]


@st.cache_resource(show_spinner=False)
def default_lexicon() -> Lexicon:
    """data/lexicon.csv."""
    return load_lexicon()


@st.cache_resource(show_spinner=False)
def default_registry() -> Registry:
    """data/registry/*.csv."""
    return load_registry()


@st.cache_resource(show_spinner=False)
def _extraction_store() -> dict[str, ExtractionResult]:
    """Extraction results by content hash (articles + lexicon + registry), shared by sessions."""
    return {}


@st.cache_resource(show_spinner=False, max_entries=64)
def _filtered(corpus_key: str, filters: analysis.Filters, _corpus: Corpus) -> Corpus:
    return analysis.apply_filters(_corpus, filters)


@st.cache_resource(show_spinner=False, max_entries=512)
def _computed(
    name: str,
    corpus_key: str,
    filters: analysis.Filters,
    params: tuple[tuple[str, Any], ...],
    _corpus: Corpus,
) -> Any:
    return getattr(analysis, name)(_corpus, **dict(params))


@st.cache_resource(show_spinner=False, max_entries=16)
def _filter_options(corpus_key: str, _corpus: Corpus) -> dict[str, Any]:
    return analysis.filter_options(_corpus)


def filter_options() -> dict[str, Any]:
    """``analysis.filter_options`` of the active corpus, computed once per corpus (not on every rerun)."""
    return _filter_options(active_key(), active_corpus())


# --------------------------------------------------------------------------- the active corpus


def _hash_frame(df: pd.DataFrame) -> str:
    return hashlib.sha1(
        pd.util.hash_pandas_object(df.astype(str), index=False).to_numpy().tobytes()
    ).hexdigest()


def content_key(articles: pd.DataFrame, lexicon: Lexicon, registry: Registry) -> str:
    """Hash of everything that decides the extraction output."""
    h = hashlib.sha1()
    cols = [
        c for c in ("article_id", "content_hash", "text", "outlet", "date", "title") if c in articles.columns
    ]
    h.update(_hash_frame(articles[cols]).encode())
    h.update(_hash_frame(lexicon.table).encode())
    for table in (registry.actors, registry.people, registry.groups):
        h.update(_hash_frame(table).encode())
    return h.hexdigest()


def active_result() -> ExtractionResult:
    """What the dashboard shows: the session's own corpus, else the demo corpus."""
    result = st.session_state.get("_active")
    return result if isinstance(result, ExtractionResult) else base_result()


def active_key() -> str:
    """Content hash of the active corpus ("demo" for the untouched demo corpus, "store-…" for a store)."""
    key = st.session_state.get("_active_key")
    return str(key) if key else _base()[1]


def active_corpus() -> Corpus:
    """The active corpus, unfiltered."""
    return active_result().corpus


def session_lexicon() -> Lexicon:
    """The session's lexicon (edited, or the default)."""
    table = st.session_state.get("_lexicon")
    return lexicon_from_frame(table) if isinstance(table, pd.DataFrame) else default_lexicon()


def session_registry() -> Registry:
    """The session's actor registry (edited, or the default)."""
    tables = st.session_state.get("_registry")
    if isinstance(tables, dict):
        return registry_from_frames(tables["actors"], tables["people"], tables["groups"])
    return default_registry()


def active_name() -> str:
    """What the active corpus is, for the Corpus page."""
    name = st.session_state.get("_active_name")
    if name:
        return str(name)
    path = store_path()
    return tr("corpus_store", path=path) if path and _base()[2] is None else tr("corpus_demo")


def run_extraction(
    articles: pd.DataFrame,
    *,
    lexicon: Lexicon,
    registry: Registry,
    name: str,
    demo: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ExtractionResult:
    """Extract ``articles`` (reusing unchanged articles and whole cached runs) and make it the active corpus."""
    key = content_key(articles, lexicon, registry) + ("-demo" if demo else "")
    store = _extraction_store()
    result = store.get(key)
    if result is None:
        result = extract(
            articles, lexicon=lexicon, registry=registry, previous=active_corpus(), progress=progress
        )
        result.corpus.meta["demo"] = demo
        while len(store) >= MAX_CACHED_EXTRACTIONS:
            store.pop(next(iter(store)))
        store[key] = result
    st.session_state["_active"] = result
    st.session_state["_active_key"] = key
    st.session_state["_active_name"] = name
    return result


def active_articles() -> pd.DataFrame:
    """The active corpus' articles with their text (a store opened via ``FRAMING_STORE`` is loaded without
    article text, which no view needs; re-matching and adding uploads do, so it is read here on demand)."""
    articles = active_corpus().articles
    path = active_corpus().meta.get("source")
    if "text" not in articles.columns and isinstance(path, str) and Path(path).is_dir():
        articles = load_corpus(Path(path), text=True).articles
    return articles


def rematch(*, progress: Callable[[int, int], None] | None = None) -> ExtractionResult:
    """Re-run matching of the active articles with the session's lexicon and registry."""
    return run_extraction(
        active_articles(),
        lexicon=session_lexicon(),
        registry=session_registry(),
        name=active_name(),
        demo=active_corpus().is_demo,
        progress=progress,
    )


def upload_signature(items: Sequence[tuple[str, bytes]], *, mode: str) -> str:
    """Identity of an upload (names, bytes, mode), so a rerun does not import the same files again."""
    h = hashlib.sha1(mode.encode())
    for name, data in items:
        h.update(name.encode("utf-8", "replace"))
        h.update(hashlib.sha1(data).digest())
    return h.hexdigest()


def import_uploads(
    items: Sequence[tuple[str, bytes]], *, add: bool, progress: Callable[[int, int], None] | None = None
) -> dict[str, Any]:
    """Import uploaded files into the session (replacing or adding to the active corpus); returns the report.

    The report (also kept in ``st.session_state["_upload_report"]``) has ``articles`` (how many were
    imported), ``issues`` (every import / extraction issue) and ``speakers`` (speakers found in the
    uploaded articles, with actor, group and statement counts).
    """
    from dashboard.ingest import load_many

    imported = load_many(items)
    issues: list[object] = list(imported.issues)
    speakers = pd.DataFrame(columns=["speaker", "actor", "group", "statements"])
    new = imported.articles
    if len(new):
        current = active_corpus()
        articles = new
        if add:
            base = active_articles().reindex(columns=new.columns)
            articles = pd.concat([base, new], ignore_index=True).drop_duplicates("article_id", keep="last")
        name = tr("corpus_uploaded", n=len(items))
        result = run_extraction(
            articles.reset_index(drop=True),
            lexicon=session_lexicon(),
            registry=session_registry(),
            name=name,
            demo=add and current.is_demo,
            progress=progress,
        )
        issues.extend(result.issues)
        stmts = result.corpus.statements
        mine = stmts[
            stmts["article_id"].astype(str).isin(set(new["article_id"].astype(str)))
            & ~stmts["is_narrator"].astype(bool)
        ]
        if len(mine):
            speakers = (
                mine.assign(
                    speaker=mine["speaker"].astype(str),
                    actor=mine["actor"].astype(str),
                    group=mine["group"].astype(str),
                )
                .groupby(["speaker", "actor", "group"], sort=False)
                .size()
                .reset_index(name="statements")
                .sort_values("statements", ascending=False, kind="stable")
            )
    report = {"articles": len(new), "issues": issues, "speakers": speakers}
    st.session_state["_upload_sig"] = upload_signature(items, mode="add" if add else "replace")
    st.session_state["_upload_report"] = report
    return report


def apply_lexicon(table: pd.DataFrame) -> str | None:
    """Validate an edited lexicon, make it the session's and re-match; returns the error, if any."""
    try:
        lexicon = lexicon_from_frame(table.fillna(""))
    except Exception as exc:  # LexiconError names the row; anything else is also the user's table
        return str(exc)
    st.session_state["_lexicon"] = lexicon.table
    rematch()
    return None


def apply_registry(tables: Mapping[str, pd.DataFrame]) -> str | None:
    """Validate edited registry tables, make them the session's and re-match; returns the error, if any."""
    clean = {name: df.fillna("") for name, df in tables.items()}
    try:
        registry_from_frames(clean["actors"], clean["people"], clean["groups"])
    except Exception as exc:  # RegistryError names file and row
        return str(exc)
    st.session_state["_registry"] = clean
    rematch()
    return None


SUGGESTED_FRAME: Final = ("建议新增", "Suggested")


def add_lexicon_term(term: str) -> str | None:
    """Add a suggested token to the session's lexicon (frame "建议新增") and re-match."""
    table = session_lexicon().table
    if term in set(table["term"].astype(str)):
        return None
    row = {col: "" for col in table.columns}
    row.update(term=term, frame=SUGGESTED_FRAME[0], frame_en=SUGGESTED_FRAME[1], policy_frame="Other")
    return apply_lexicon(pd.concat([table, pd.DataFrame([row])], ignore_index=True))


def reset_to_defaults() -> None:
    """Forget uploads and edits: back to the demo corpus with the default lexicon and registry."""
    for key in (
        "_active",
        "_active_key",
        "_active_name",
        "_lexicon",
        "_registry",
        "_upload_sig",
        "_upload_report",
    ):
        st.session_state.pop(key, None)


# --------------------------------------------------------------------------- filters


def _opt(values: object) -> list[str]:
    return [str(v) for v in values] if isinstance(values, list | tuple | pd.Index | pd.Series) else []


def sidebar_filters() -> analysis.Filters:
    """The filter widgets shared by every page (each bound to the URL) -> ``analysis.Filters``."""
    options = filter_options()
    side = st.sidebar
    side.header(tr("filters"))
    everything = tr("all_choices")
    groups = side.multiselect(
        tr("f_groups"), _opt(options["groups"]), key="groups", bind="query-params", placeholder=everything
    )
    actors = side.multiselect(
        tr("f_actors"), _opt(options["actors"]), key="actors", bind="query-params", placeholder=everything
    )
    outlets = side.multiselect(
        tr("f_outlets"), _opt(options["outlets"]), key="outlets", bind="query-params", placeholder=everything
    )
    frames = url_multi(
        tr("f_frames"),
        _opt(options["frames"]),
        key="frames",
        labeller=frame_label,
        where=side,
        placeholder=everything,
    )
    lo, hi = options.get("date_min"), options.get("date_max")
    lo_d = pd.Timestamp(lo).date() if lo is not None and not pd.isna(lo) else None  # type: ignore[arg-type]
    hi_d = pd.Timestamp(hi).date() if hi is not None and not pd.isna(hi) else None  # type: ignore[arg-type]
    c1, c2 = side.columns(2)
    date_from = c1.date_input(
        tr("f_from"), value=None, min_value=lo_d, max_value=hi_d, key="from", bind="query-params"
    )
    date_to = c2.date_input(
        tr("f_to"), value=None, min_value=lo_d, max_value=hi_d, key="to", bind="query-params"
    )
    undated = side.toggle(tr("f_undated"), value=True, key="undated", bind="query-params")
    narration = side.toggle(tr("f_narrator"), value=True, key="narration", bind="query-params")
    quoted = side.toggle(tr("f_quoted"), value=True, key="quoted", bind="query-params")
    min_st = side.number_input(
        tr("f_min_statements"), min_value=0, value=0, step=1, key="min_st", bind="query-params"
    )
    side.caption(tr("share_link"))
    filters = analysis.Filters(
        actors=tuple(actors),
        groups=tuple(groups),
        outlets=tuple(outlets),
        frames=tuple(frames),
        date_from=date_from if isinstance(date_from, date) else None,
        date_to=date_to if isinstance(date_to, date) else None,
        include_undated=bool(undated),
        include_narrator=bool(narration),
        include_quoted=bool(quoted),
        min_statements=int(min_st or 0),
    )
    st.session_state["_filters"] = filters
    return filters


def current_filters() -> analysis.Filters:
    """The filters the sidebar set on this run."""
    filters = st.session_state.get("_filters")
    return filters if isinstance(filters, analysis.Filters) else analysis.Filters()


def filtered_corpus() -> Corpus:
    """The active corpus under the sidebar filters (cached per corpus and filter)."""
    return _filtered(active_key(), current_filters(), _corpus=active_corpus())


def compute(name: str, /, **params: Any) -> Any:
    """``analysis.<name>(filtered corpus, **params)``, cached per corpus, filter and parameters."""
    items = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _computed(name, active_key(), current_filters(), items, _corpus=filtered_corpus())


def describe_filters(filters: analysis.Filters, lg: Lang | None = None, *, markdown: bool = False) -> str:
    """The active filter in the UI language (``analysis.describe_filters`` with the i18n wording).

    With ``markdown`` the names (user data) are escaped for ``st.caption`` / ``st.markdown``.
    """
    lg = lg or lang()
    return analysis.describe_filters(
        filters,
        words=lambda key, **values: t(key, lg, **values),
        escape=md_escape if markdown else str,
    )


def describe(n: int, *, markdown: bool = False) -> str:
    """Caption text: n and the active filter, in the UI language (``markdown``: names escaped)."""
    return tr("caption_n", n=n, filters=describe_filters(current_filters(), markdown=markdown))


def no_data() -> None:
    """The empty-state message, naming the filter that left nothing."""
    st.info(
        f"{tr('no_data')} ({describe_filters(current_filters(), markdown=True)})",
        icon=":material/filter_alt_off:",
    )


def top_units(by: str, *, n: int = 6) -> list[str]:
    """The ``n`` units with the most statements under the filter, leaving out outlet narration and
    unresolved speakers (they are still selectable) -- the default of the unit pickers."""
    summary = compute("unit_summary", by=by)
    if by in ("actor", "group") and "group" in summary.columns:
        col = summary["unit"] if by == "group" else summary["group"]
        summary = summary[~col.astype(str).isin({NARRATOR_GROUP, UNRESOLVED_GROUP})]
    return summary["unit"].astype(str).head(n).tolist()


def date_span() -> tuple[date | None, date | None]:
    """The date range for file names: the date filter, with the (filtered) corpus' first / last date
    standing in for an end the filter leaves open."""
    f = current_filters()
    if f.date_from and f.date_to:
        return f.date_from, f.date_to
    summary = compute("corpus_summary")

    def day(value: object) -> date | None:
        if value is None or value == "" or pd.isna(value):  # type: ignore[arg-type]
            return None
        return pd.Timestamp(value).date()  # type: ignore[arg-type]

    return f.date_from or day(summary.get("date_min")), f.date_to or day(summary.get("date_max"))


# --------------------------------------------------------------------------- labels


def frame_english() -> dict[str, str]:
    """Frame -> its English name (the lexicon's ``frame_en``)."""
    table = active_corpus().lexicon
    if table.empty or "frame_en" not in table.columns:
        return {}
    pairs = table[["frame", "frame_en"]].dropna().drop_duplicates("frame")
    return {str(f): str(e) for f, e in zip(pairs["frame"], pairs["frame_en"], strict=True) if str(e)}


def frame_label_map() -> dict[str, str]:
    """Frame -> chart label in the current language (English names from the lexicon's ``frame_en``)."""
    if lang() == "zh":
        return {}
    return frame_english()


def group_labels() -> dict[str, str]:
    """Group -> "中国 · China" in the English UI (names from the statements' ``group_en``); {} in Chinese."""
    if lang() == "zh":
        return {}
    st_ = active_corpus().statements
    if st_.empty or "group_en" not in st_.columns:
        return {}
    pairs = st_[["group", "group_en"]].astype(str).drop_duplicates("group")
    return {g: f"{g} · {e}" for g, e in zip(pairs["group"], pairs["group_en"], strict=True) if e and e != g}


def unit_labels(by: str) -> dict[str, str]:
    """Unit -> label on chart axes / panel titles: "中国 · China" for groups in the English UI, else {}."""
    return group_labels() if by == "group" else {}


def unit_hover(by: str) -> dict[str, str]:
    """Unit -> hover text: group labels as ``unit_labels``; actors with the registry's ``actor_en``
    ("中国外交部 · Ministry of Foreign Affairs of China") in the English UI."""
    if by == "group":
        return group_labels()
    if by != "actor" or lang() == "zh":
        return {}
    actors = session_registry().actors
    if actors.empty or "actor_en" not in actors.columns:
        return {}
    pairs = actors[["actor", "actor_en"]].fillna("").astype(str)
    return {a: f"{a} · {e}" for a, e in zip(pairs["actor"], pairs["actor_en"], strict=True) if e and e != a}


def hover_map() -> dict[str, str]:
    """Term or frame -> hover text with its English gloss."""
    table = active_corpus().lexicon
    out: dict[str, str] = {}
    if table.empty:
        return out
    for row in table.itertuples(index=False):
        term, gloss = str(getattr(row, "term", "")), str(getattr(row, "gloss_en", "") or "")
        out[term] = f"{term} ({gloss})" if gloss and gloss != "nan" else term
        frame, frame_en = str(getattr(row, "frame", "")), str(getattr(row, "frame_en", "") or "")
        out.setdefault(frame, f"{frame} ({frame_en})" if frame_en and frame_en != "nan" else frame)
    return out


# --------------------------------------------------------------------------- output


def demo_banner() -> None:
    """The synthetic-data banner, whenever the demo corpus is loaded."""
    error = _base()[2] if "_active" not in st.session_state else None
    if error:
        st.error(tr("store_error", env=STORE_ENV, error=md_escape(error)), icon=":material/error:")
    if active_corpus().is_demo:
        st.warning(t("demo_banner", lang()), icon="⚠️")


def chart(
    fig: go.Figure,
    data: pd.DataFrame,
    *,
    name: str,
    key: str,
    n: int,
    selectable: bool = False,
) -> object:
    """Show a figure with its caption (n, filters) and PNG / SVG / HTML / CSV downloads.

    Returns the selection event when ``selectable`` (read it with ``selected_points``).
    """
    event = st.plotly_chart(
        fig,
        key=key,
        theme=None,  # the figure's own template: the screen looks like the export
        on_select="rerun" if selectable else "ignore",
        selection_mode="points",
        config={
            "displaylogo": False,
            "toImageButtonOptions": {"filename": download_name(name, "png").removesuffix(".png")},
        },
    )
    st.caption(describe(n, markdown=True))
    downloads(fig, data, name=name, key=key)
    return event


def download_name(name: str, ext: export.Format) -> str:
    """File name of a download: what it is and its date span (``compare_frames_2021-01_2025-12.png``)."""
    date_from, date_to = date_span()
    return export.file_name(name, ext, date_from=date_from, date_to=date_to)


def downloads(
    fig: go.Figure | None, data: pd.DataFrame | Callable[[], pd.DataFrame], *, name: str, key: str
) -> None:
    """A row of download buttons: PNG, SVG (rendered on click), HTML, CSV of the data.

    ``data`` may be a callable, so a large table (all evidence rows) is built only when clicked.
    """
    date_from, date_to = date_span()

    def fname(ext: export.Format) -> str:
        return export.file_name(name, ext, date_from=date_from, date_to=date_to)

    cols = st.columns([1, 1, 1, 1, 4]) if fig is not None else st.columns([1, 7])
    if fig is not None:

        def png() -> bytes:
            export_server()
            return export.to_png(fig)

        def svg() -> bytes:
            export_server()
            return export.to_svg(fig)

        cols[0].download_button(
            "PNG",
            data=png,
            file_name=fname("png"),
            mime=export.MIME["png"],
            on_click="ignore",
            key=f"{key}_png",
            icon=":material/image:",
        )
        cols[1].download_button(
            "SVG",
            data=svg,
            file_name=fname("svg"),
            mime=export.MIME["svg"],
            on_click="ignore",
            key=f"{key}_svg",
            icon=":material/draw:",
        )
        cols[2].download_button(
            "HTML",
            data=lambda: export.to_html(fig, title=name),
            file_name=fname("html"),
            mime=export.MIME["html"],
            on_click="ignore",
            key=f"{key}_html",
            icon=":material/code:",
        )
    cols[-2 if fig is None else 3].download_button(
        "CSV",
        data=(lambda: export.to_csv(data())) if callable(data) else export.to_csv(data),
        file_name=fname("csv"),
        mime=export.MIME["csv"],
        on_click="ignore",
        key=f"{key}_csv",
        icon=":material/table:",
    )


_MD_SPECIAL: Final = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-.!|~$:^=&"})


def md_escape(text: str) -> str:
    """Escape Markdown (and Streamlit directive) characters, so data shows as typed and never as markup."""
    return str(text).translate(_MD_SPECIAL).replace("\n", "  \n")


def highlight_markdown(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Statement text as safe Markdown with the matched terms on an orange background."""
    return "".join(
        f":orange-background[**{md_escape(piece)}**]" if hit else md_escape(piece)
        for piece, hit in analysis.highlight(text, spans)
    )


def row_spans(row: object) -> list[tuple[int, int]]:
    """The (start, end) spans of an evidence row."""
    spans = getattr(row, "spans", None)
    return [(int(s), int(e)) for s, e in spans] if isinstance(spans, list | tuple) else []


def evidence_options() -> dict[str, Any]:
    """Choices for the Evidence page: units per ``by``, frames, terms (of the active corpus)."""
    corpus = active_corpus()
    options = filter_options()
    lex = corpus.lexicon
    terms = [str(x) for x in lex["term"]] if "term" in lex.columns else []
    return {
        "units": {"actor": options["actors"], "group": options["groups"], "outlet": options["outlets"]},
        "frames": options["frames"],
        "terms": terms,
        "namings": sorted({str(x) for x in lex.get("naming", pd.Series(dtype=str)) if str(x)}),
    }


def selected_points(event: object) -> list[dict[str, Any]]:
    """Points of a ``st.plotly_chart(on_select="rerun")`` event, read dict-style."""
    try:
        points = event["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return []
    return [dict(p) for p in points or []]


@dataclass(frozen=True)
class EvidenceQuery:
    """What the Evidence page should show."""

    term: str | None = None
    frame: str | None = None
    unit: str | None = None
    by: str = "actor"  # "actor" | "group" | "outlet"
    naming: str | None = None
    naming_option: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def period(self) -> str:
        """The period restriction as text ("2023-04-01–2023-06-30"), "" when none."""
        if not (self.date_from or self.date_to):
            return ""
        lo = self.date_from.isoformat() if self.date_from else "…"
        hi = self.date_to.isoformat() if self.date_to else "…"
        return f"{lo}–{hi}"

    def label(self) -> str:
        """Short description, e.g. "中国外交部 · 冷战对抗" (plain text: escape it for Markdown)."""
        parts = (self.unit, self.frame, self.term, self.naming, self.naming_option, self.period())
        return " · ".join(v for v in parts if v)


def evidence_table(query: EvidenceQuery, *, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    """Statements behind a chart mark (``analysis.evidence`` under the current filters).

    A query naming no term, frame or naming (e.g. a unit alone) under a sidebar frame filter lists the
    statements with hits in the filtered frames, so its hit total equals the charts' under that filter.
    """
    return compute("evidence", **_evidence_params(query), offset=offset, limit=limit)  # type: ignore[no-any-return]


def _evidence_params(query: EvidenceQuery) -> dict[str, Any]:
    frame: str | tuple[str, ...] | None = query.frame
    if frame is None and query.term is None and query.naming is None and query.naming_option is None:
        frames = current_filters().frames
        frame = tuple(frames) if frames else None
    return {
        "term": query.term,
        "frame": frame,
        "unit": query.unit,
        "by": query.by,
        "naming": query.naming,
        "naming_option": query.naming_option,
        "date_from": query.date_from,
        "date_to": query.date_to,
    }


def evidence_csv_source(query: EvidenceQuery) -> Callable[[], pd.DataFrame]:
    """All evidence rows of ``query`` for a deferred CSV download.

    The filtered corpus and the parameters are captured now, so the download (which runs on click,
    outside the script run) needs no session state and builds the full table only when asked.
    """
    corpus, params = filtered_corpus(), _evidence_params(query)
    return lambda: evidence_view(analysis.evidence(corpus, **params), localise=False)


EVIDENCE_VIEW: Final = (
    "date",
    "speaker",
    "actor",
    "group",
    "cue",
    "outlet",
    "title",
    "text",
    "terms",
    "count",
    "statement_id",
)


def evidence_view(rows: pd.DataFrame, *, localise: bool = True) -> pd.DataFrame:
    """Evidence rows for a table or CSV: readable columns, terms joined, dates as text."""
    view = rows.reindex(columns=list(EVIDENCE_VIEW)).copy()
    view["date"] = pd.to_datetime(view["date"]).dt.strftime("%Y-%m-%d").fillna("")
    view["terms"] = ["、".join(t) if isinstance(t, list | tuple) else "" for t in view["terms"]]
    if localise:
        names = {
            "date": "ev_date",
            "speaker": "ev_speaker",
            "actor": "ev_actor",
            "cue": "ev_cue",
            "outlet": "ev_outlet",
            "title": "ev_title",
            "text": "ev_text",
            "terms": "ev_term",
        }
        view = view.rename(columns={k: tr(v) for k, v in names.items()})
    return view


def open_evidence(query: EvidenceQuery) -> None:
    """Switch to the Evidence page showing ``query``."""
    st.session_state["ev_term"] = query.term
    st.session_state["ev_frame"] = query.frame
    st.session_state["ev_unit"] = query.unit
    st.session_state["ev_by"] = query.by
    st.session_state["ev_naming"] = query.naming
    st.session_state["ev_option"] = query.naming_option
    st.session_state["ev_from"] = query.date_from
    st.session_state["ev_to"] = query.date_to
    st.switch_page(PAGES["evidence"])


def evidence_period() -> tuple[date | None, date | None]:
    """The period the Evidence page is restricted to (set by a click on the Over-time chart)."""
    lo, hi = st.session_state.get("ev_from"), st.session_state.get("ev_to")
    return (lo if isinstance(lo, date) else None), (hi if isinstance(hi, date) else None)


def clear_evidence_period() -> None:
    """Drop the Evidence page's period restriction (a button callback)."""
    st.session_state["ev_from"] = st.session_state["ev_to"] = None


def show_evidence(query: EvidenceQuery, *, key: str) -> None:
    """The evidence of a clicked mark below a chart: heading, row count, table, "open on the Evidence page"."""
    st.divider()
    st.subheader(tr("selected_evidence", what=md_escape(query.label())))
    first, total_rows, total_hits = evidence_first_page(query)
    st.caption(tr("ev_rows_hits", n=total_rows, hits=total_hits))
    rows = evidence_page(query, first, total_rows=total_rows, key=f"{key}_ev_page")
    st.dataframe(evidence_view(rows), hide_index=True)
    if st.button(tr("open_evidence"), key=f"{key}_open_evidence", icon=":material/format_quote:"):
        open_evidence(query)


EVIDENCE_PAGE_SIZE: Final = 20


def evidence_first_page(query: EvidenceQuery) -> tuple[pd.DataFrame, int, int]:
    """The first page of ``query``'s evidence, the number of statements and of hits of the whole selection."""
    first = evidence_table(query, limit=EVIDENCE_PAGE_SIZE)
    total_rows = int(first.attrs.get("total_rows", len(first)))
    total_hits = int(first.attrs.get("total_count", first["count"].sum() if len(first) else 0))
    return first, total_rows, total_hits


def evidence_page(query: EvidenceQuery, first: pd.DataFrame, *, total_rows: int, key: str) -> pd.DataFrame:
    """A page picker (when there is more than one page) and the rows of the chosen page; only that page's
    rows are read (``analysis.evidence(offset=, limit=)``)."""
    pages = max(1, -(-total_rows // EVIDENCE_PAGE_SIZE))
    page = int(st.pagination(pages, key=key)) if pages > 1 else 1
    if page == 1:
        return first
    return evidence_table(query, limit=EVIDENCE_PAGE_SIZE, offset=(page - 1) * EVIDENCE_PAGE_SIZE)


def column_labels(columns: Sequence[str] | pd.Index) -> dict[str, str]:
    """``column_config`` for a table: each data column (kept as the key) -> its header in the UI language
    (UI string ``col_<name>``; unknown columns keep their name)."""
    out: dict[str, str] = {}
    for col in columns:
        label = tr(f"col_{col}")
        out[str(col)] = str(col) if label == f"col_{col}" else label
    return out


def issues_frame(issues: Sequence[object]) -> pd.DataFrame:
    """Import/extraction issues as a table (source, reason, kind)."""
    return pd.DataFrame(
        {
            tr("issue_kind"): [str(getattr(i, "kind", "error")) for i in issues],
            tr("issue_source"): [str(getattr(i, "source", "")) for i in issues],
            tr("issue_reason"): [str(getattr(i, "reason", i)) for i in issues],
        }
    )
