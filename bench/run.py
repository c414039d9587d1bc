"""Corpus-scale benchmark: one command, one table (printed, and written as CSV and Markdown).

Run on demand, never as a timed test::

    .venv/bin/python bench/run.py --sizes 1000 10000          # ~5 min on 2 cores
    .venv/bin/python bench/run.py --sizes 100000 --skip scattertext
    .venv/bin/python bench/run.py --sizes 50 --quick          # smoke run (tests/test_bench.py)

Every measurement group runs in a fresh subprocess (``--phase``), so peak RSS and cold-load figures are
not polluted by earlier phases. Results: ``bench/out/results.csv`` and ``bench/out/results.md`` (one row
per size x metric with its target and verdict), ``bench/out/profile_<n>.txt`` (cProfile of a 1-process
extraction), ``bench/out/stores/n<size>/`` (the extracted stores).

Metrics (see bench/README.md for the definitions and the targets):

- ``extract``: plain ``jieba.lcut`` over the article texts, 1 process and all cores, against
  :func:`dashboard.pipeline.extract` (1 process and all cores) on the same texts, in the same run;
  re-run on the unchanged corpus (previous store reused); peak RSS (process + workers).
- ``analyze``: cold load of the store, then 50 random filters: per view (compare, contrast, over-time,
  evidence) the analysis calls its page makes after a filter change, p50 / p95; RSS at the end.
- ``dashboard``: ``streamlit run app.py`` with ``FRAMING_STORE`` when ui.py supports it, else the RSS of
  the ``analyze`` process stands in (the table says which).
- ``scattertext``: raw JSONL -> the same two-actor contrast: ours (ingest + extract + tokens contrast)
  against Scattertext (chinese_nlp + CorpusFromParsedDocuments + LogOddsRatioInformativeDirichletPrior).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import functools
import io
import json
import os
import pstats
import random
import shutil
import subprocess
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

ROOT: Final = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
BENCH: Final = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

from dashboard.devserver import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    IDLE,
    free_port,
    start_streamlit,
    wait_healthy,
)

warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", category=SyntaxWarning)

DEFAULT_OUT: Final = BENCH / "out"
PHASES: Final = ("extract", "analyze", "dashboard", "scattertext", "profile")
VIEWS: Final = ("compare", "contrast", "over_time", "evidence")


@dataclass
class Metric:
    """One row of the results table."""

    size: int
    metric: str
    value: float | None
    unit: str
    target: str = ""
    met: str = ""  # "yes" | "no" | "" (no target) | "error"
    note: str = ""
    phase: str = ""


# --------------------------------------------------------------------------- measuring helpers


def _pss(pid: int) -> int:
    """Proportional set size (shared pages divided among sharers) from /proc/<pid>/smaps_rollup; 0 if unknown."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class PeakRSS:
    """Samples RSS and PSS of this process plus its children every ``interval`` s; peaks in bytes.

    With forked workers the RSS sum counts copy-on-write pages once per process; the PSS sum does not.
    """

    def __init__(self, interval: float = 0.05) -> None:
        import psutil

        self._proc = psutil.Process()
        self._interval = interval
        self._stop = threading.Event()
        self.peak = 0
        self.peak_pss = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        procs = [self._proc, *self._proc.children(recursive=True)]
        rss = pss = 0
        for p in procs:
            with contextlib.suppress(Exception):
                rss += p.memory_info().rss
                pss += _pss(p.pid)
        self.peak = max(self.peak, rss)
        self.peak_pss = max(self.peak_pss, pss)

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(Exception):
                self._sample()
            self._stop.wait(self._interval)

    def __enter__(self) -> PeakRSS:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        with contextlib.suppress(Exception):
            self._sample()


def rss_now() -> int:
    """RSS of this process in bytes."""
    import psutil

    return int(psutil.Process().memory_info().rss)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of ``fn()``."""
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def cpu_timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of this process, result): CPU time barely moves when others load the machine."""
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, time.process_time() - c0, out


def load_note() -> str:
    """The 1-minute load average against the core count, for the notes of wall-clock figures."""
    with contextlib.suppress(OSError):
        return f"load avg {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    return ""


def pct(values: Sequence[float], q: float) -> float:
    """Percentile (linear interpolation) of ``values``; q in [0, 100]."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


MB: Final = 1024 * 1024


def verdict(ok: bool) -> str:
    return "yes" if ok else "no"


# --------------------------------------------------------------------------- shared setup


def store_dir(out: Path, size: int) -> Path:
    return out / "stores" / f"n{size}"


def corpus_dir(out: Path) -> Path:
    return out / "corpora"


def load_config() -> tuple[Any, Any]:
    """The default lexicon and registry."""
    from dashboard.lexicon import load_lexicon
    from dashboard.registry import load_registry

    return load_lexicon(), load_registry()


def texts_of(articles: Any) -> list[str]:
    return [str(t) for t in articles["text"]]


def _lcut_chunk(texts: list[str]) -> int:
    import jieba

    n = 0
    for t in texts:
        n += len(jieba.lcut(t))
    return n


def jieba_baseline(texts: list[str], processes: int) -> float:
    """Seconds for plain ``jieba.lcut`` (global dictionary, HMM on) over ``texts``; fork pool if > 1."""
    import multiprocessing as mp

    import jieba

    jieba.initialize()
    if processes <= 1:
        return timed(lambda: _lcut_chunk(texts))[0]
    size = max(1, len(texts) // (processes * 8))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    ctx = mp.get_context("fork")
    t0 = time.perf_counter()
    with ctx.Pool(processes) as pool:
        pool.map(_lcut_chunk, chunks)
    return time.perf_counter() - t0


# --------------------------------------------------------------------------- phase: extract


def phase_extract(size: int, args: argparse.Namespace) -> list[Metric]:
    """jieba baselines, extraction 1 process / all cores, unchanged re-run, store write; peak RSS."""
    from dashboard.pipeline import extract, load_corpus, save_corpus

    out: list[Metric] = []
    articles = generate.cached_corpus(size, seed=args.seed, out_dir=corpus_dir(args.out))
    texts = texts_of(articles)
    chars = sum(len(t) for t in texts)
    nproc = args.processes
    out.append(
        Metric(size, "corpus characters", chars, "chars", note=json.dumps(generate.describe(articles)))
    )
    lexicon, registry = load_config()

    t_setup, _ = timed(lambda: extract(articles.head(5), lexicon=lexicon, registry=registry))
    out.append(Metric(size, "extraction setup (segmenter build + 5 articles)", t_setup, "s"))

    # Interleaved, best of --repeat: the ratio of two runs side by side is what survives a noisy machine;
    # the 1-process CPU-time ratio survives it better still (other jobs take wall time, not our CPU time).
    t_jieba1 = t_ext1 = t_jiebaN = t_extN = c_jieba1 = c_ext1 = float("inf")
    for _ in range(max(1, args.repeat)):
        w, c, _ = cpu_timed(functools.partial(jieba_baseline, texts, 1))
        t_jieba1, c_jieba1 = min(t_jieba1, w), min(c_jieba1, c)
        with PeakRSS() as rss1:
            w, c, res1 = cpu_timed(lambda: extract(articles, lexicon=lexicon, registry=registry, processes=1))
        t_ext1, c_ext1 = min(t_ext1, w), min(c_ext1, c)
        t_jiebaN = min(t_jiebaN, jieba_baseline(texts, nproc) if nproc > 1 else t_jieba1)
        with PeakRSS() as rssN:
            t, resN = timed(lambda: extract(articles, lexicon=lexicon, registry=registry, processes=nproc))
        t_extN = min(t_extN, t)
    jieba1, jiebaN = chars / t_jieba1, chars / t_jiebaN
    ext1, extN = chars / t_ext1, chars / t_extN
    cpu_ratio = c_jieba1 / c_ext1
    load = load_note()
    out += [
        Metric(
            size,
            "jieba.lcut, 1 process",
            jieba1,
            "chars/s",
            note=f"{t_jieba1:.2f} s wall, {c_jieba1:.2f} s CPU",
        ),
        Metric(size, f"jieba.lcut, {nproc} processes", jiebaN, "chars/s", note=f"{t_jiebaN:.2f} s"),
        Metric(size, "extract, 1 process", ext1, "chars/s", note=f"{t_ext1:.2f} s wall, {c_ext1:.2f} s CPU"),
        Metric(size, f"extract, {nproc} processes", extN, "chars/s", note=f"{t_extN:.2f} s; {load}"),
        Metric(
            size,
            "extract 1p / jieba.lcut 1p (CPU time)",
            cpu_ratio,
            "x",
            ">= 0.8",
            verdict(cpu_ratio >= 0.8),
            "the robust figure on a shared machine",
        ),
        Metric(
            size,
            "extract 1p / jieba.lcut 1p (wall)",
            ext1 / jieba1,
            "x",
            ">= 0.8",
            verdict(ext1 / jieba1 >= 0.8),
            load,
        ),
        Metric(
            size,
            f"extract {nproc}p / jieba.lcut 1p (wall)",
            extN / jieba1,
            "x",
            ">= 1.7",
            verdict(extN / jieba1 >= 1.7),
            "reading 2 of the target: 'that' = plain jieba speed",
        ),
        Metric(
            size,
            f"extract {nproc}p / extract 1p (wall)",
            extN / ext1,
            "x",
            ">= 1.7",
            verdict(extN / ext1 >= 1.7),
            "reading 1 of the target: 'that' = 1-process extraction speed",
        ),
        Metric(
            size,
            f"jieba.lcut {nproc}p / jieba.lcut 1p (wall)",
            jiebaN / jieba1,
            "x",
            note="what the machine allowed",
        ),
        Metric(
            size, "peak RSS, extract 1 process", rss1.peak / MB, "MB", note=f"PSS {rss1.peak_pss / MB:.0f} MB"
        ),
        Metric(
            size,
            f"peak memory, extract {nproc} processes (PSS sum)",
            rssN.peak_pss / MB,
            "MB",
            note=f"RSS sum {rssN.peak / MB:.0f} MB (counts copy-on-write pages once per worker)",
        ),
        Metric(
            size,
            "statements / term hits",
            len(resN.corpus.statements),
            "rows",
            note=f"{len(resN.corpus.term_hits)} term-hit rows; identical 1p/{nproc}p: "
            f"{resN.corpus.statements.equals(res1.corpus.statements)}",
        ),
    ]
    del res1

    sdir = store_dir(args.out, size)
    if sdir.exists():
        shutil.rmtree(sdir)
    t_save, _ = timed(lambda: save_corpus(resN.corpus, sdir))
    first = t_extN + t_save
    out.append(Metric(size, "write store", t_save, "s"))

    def rerun() -> Any:
        previous = load_corpus(sdir)
        res = extract(articles, lexicon=lexicon, registry=registry, processes=nproc, previous=previous)
        save_corpus(res.corpus, sdir)
        return res

    t_re, res_re = timed(rerun)
    t_re_mem, res_mem = timed(
        lambda: extract(articles, lexicon=lexicon, registry=registry, processes=nproc, previous=resN.corpus)
    )
    out += [
        Metric(
            size,
            "unchanged re-run (load store + extract + write) / first run",
            t_re / first * 100,
            "%",
            "< 5",
            verdict(t_re / first < 0.05),
            f"{t_re:.2f} s vs {first:.2f} s; reused {res_re.reused}/{len(articles)}",
        ),
        Metric(
            size,
            "unchanged re-run, extract only (previous in memory)",
            t_re_mem,
            "s",
            note=f"{t_re_mem / t_extN * 100:.1f}% of the {nproc}p extraction; reused {res_mem.reused}/{len(articles)}"
            + ("" if res_mem.reused else " (config hash changed: dashboard/*.py edited during the run?)"),
        ),
    ]
    return out


# --------------------------------------------------------------------------- phase: analyze


def random_filters(corpus: Any, n: int, seed: int) -> list[Any]:
    """``n`` plausible sidebar selections drawn from the corpus' own options."""
    from dashboard.analysis import Filters, filter_options

    opts = filter_options(corpus)
    rng = random.Random(seed)
    actors, groups, outlets, frames = (list(opts[k]) for k in ("actors", "groups", "outlets", "frames"))
    lo, hi = opts.get("date_min"), opts.get("date_max")
    out = []
    for _ in range(n):
        kw: dict[str, Any] = {}
        if actors and rng.random() < 0.5:
            kw["actors"] = tuple(rng.sample(actors[:30], min(len(actors[:30]), rng.randint(1, 4))))
        if groups and rng.random() < 0.4:
            kw["groups"] = tuple(rng.sample(groups[:12], min(len(groups[:12]), rng.randint(1, 3))))
        if outlets and rng.random() < 0.3:
            kw["outlets"] = tuple(rng.sample(outlets, min(len(outlets), rng.randint(1, 3))))
        if frames and rng.random() < 0.3:
            kw["frames"] = tuple(rng.sample(frames, min(len(frames), rng.randint(1, 3))))
        if lo and hi and rng.random() < 0.5:
            span = (hi - lo).days
            a = lo + timedelta(days=rng.randrange(max(span, 1)))
            b = a + timedelta(days=rng.randint(30, max(span, 31)))
            kw["date_from"], kw["date_to"] = a, min(b, hi)
        kw["include_undated"] = rng.random() < 0.8
        kw["include_narrator"] = rng.random() < 0.8
        kw["include_quoted"] = rng.random() < 0.8
        kw["min_statements"] = rng.choice((0, 0, 0, 5, 20))
        out.append(Filters(**kw))
    return out


def view_calls(corpus: Any, lex_terms: list[str], rng: random.Random) -> dict[str, Callable[[], Any]]:
    """For each view, the analysis calls its page makes on a filter change (page defaults)."""
    from dashboard import analysis as an

    def compare() -> Any:
        an.unit_summary(corpus, by="actor")
        an.frame_rates(corpus, by="actor", level="frame")
        an.naming_choice(corpus, by="actor")

    def contrast() -> Any:
        units = an.unit_summary(corpus, by="group")["unit"].astype(str).tolist()
        if not units:
            return None
        a = units[0]
        b = units[1] if len(units) > 1 else None
        an.contrast(corpus, a=a, b=b, by="group", mode="lexicon", method="fightin_words", alpha0=100.0)
        an.lexicon_suggestions(corpus, a=a, b=b, by="group", top=12, alpha0=100.0)

    def over_time() -> Any:
        units = an.unit_summary(corpus, by="group")["unit"].astype(str).tolist()
        totals = an.frame_matrix(corpus, by="group", level="frame", value="count").sum(axis=0)
        keys = [str(k) for k in totals.sort_values(ascending=False).index][:2]
        if units and keys:
            an.time_series(corpus, by="group", level="frame", keys=keys, freq="month", units=units[:3])

    term = rng.choice(lex_terms) if lex_terms else None

    def evidence() -> Any:
        an.evidence(corpus, term=term)

    return {"compare": compare, "contrast": contrast, "over_time": over_time, "evidence": evidence}


def phase_analyze(size: int, args: argparse.Namespace) -> list[Metric]:
    """Cold load, per-view analysis time over random filters, RSS of a process holding the store."""
    from dashboard import analysis as an
    from dashboard.pipeline import load_corpus

    out: list[Metric] = []
    sdir = store_dir(args.out, size)
    rss0 = rss_now()
    t_read, raw = timed(lambda: load_corpus(sdir))
    t_prep, corpus = timed(lambda: an.prepare_corpus(raw))
    cold = t_read + t_prep
    out += [
        Metric(size, "cold load: read store", t_read, "s"),
        Metric(
            size,
            "cold load: read + prepare_corpus",
            cold,
            "s",
            "< 3" if size >= 100_000 else "",
            verdict(cold < 3) if size >= 100_000 else "",
        ),
        Metric(size, "RSS after load (delta)", (rss_now() - rss0) / MB, "MB"),
    ]
    t_opts, _ = timed(lambda: an.filter_options(raw))
    out.append(
        Metric(
            size,
            "sidebar filter_options on the loaded (unprepared) corpus",
            t_opts * 1000,
            "ms",
            note="ui.sidebar_filters runs this on every rerun, uncached",
        )
    )

    filters = random_filters(corpus, args.filters, args.seed)
    lex_terms = [str(t) for t in corpus.lexicon["term"]] if "term" in corpus.lexicon.columns else []
    times: dict[str, list[float]] = {v: [] for v in ("apply_filters", "apply_filters (unprepared)", *VIEWS)}
    rng = random.Random(args.seed)
    errors: dict[str, str] = {}
    for f in filters:
        t_unprep, _ = timed(functools.partial(an.apply_filters, raw, f))
        times["apply_filters (unprepared)"].append(t_unprep)
        t_f, filtered = timed(functools.partial(an.apply_filters, corpus, f))
        times["apply_filters"].append(t_f)
        for name, call in view_calls(filtered, lex_terms, rng).items():
            try:
                t_v, _ = timed(call)
            except Exception as exc:  # one broken view must not hide the others
                errors.setdefault(name, f"{type(exc).__name__}: {exc}")
                continue
            times[name].append(t_f + t_v)
    for name, ts in times.items():
        if not ts:
            out.append(
                Metric(size, f"filter change -> {name}", None, "ms", met="error", note=errors.get(name, ""))
            )
            continue
        p50, p95 = pct(ts, 50) * 1000, pct(ts, 95) * 1000
        is_view = name in VIEWS
        target = "p95 < 300" if is_view and size >= 100_000 else ""
        out.append(
            Metric(
                size,
                f"filter change -> {name} (p50 / p95 over {len(ts)})",
                p95,
                "ms (p95)",
                target,
                verdict(p95 < 300) if target else "",
                f"p50 {p50:.0f} ms"
                + ("; apply_filters included" if is_view else "")
                + (f"; errors: {errors[name]}" if name in errors else ""),
            )
        )
    out.append(
        Metric(size, "RSS of the analysis process (store loaded, all views run)", rss_now() / MB, "MB")
    )
    return out


# --------------------------------------------------------------------------- phase: dashboard


def ui_supports_store_env() -> bool:
    """True when dashboard/ui.py reads the FRAMING_STORE environment variable."""
    path = ROOT / "dashboard" / "ui.py"
    return path.exists() and "FRAMING_STORE" in path.read_text(encoding="utf-8")


PAGE_PATHS: Final = ("", "compare", "contrast", "timeline", "evidence")


def _open_pages(base: str, timeout: float, on_page: Callable[[str, float], None]) -> None:
    """Open each page in headless Debian chromium (Playwright); wait until its script run finishes."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for path in PAGE_PATHS:
                t0 = time.perf_counter()
                page.goto(f"{base}/{path}", timeout=timeout * 1000)
                page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
                page.wait_for_timeout(500)
                page.wait_for_selector(IDLE, timeout=timeout * 1000)
                on_page(path or "overview", time.perf_counter() - t0)
        finally:
            browser.close()


def _tree_rss(pid: int) -> int:
    import psutil

    ps = psutil.Process(pid)
    return int(ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(recursive=True)))


def phase_dashboard(size: int, args: argparse.Namespace) -> list[Metric]:
    """RSS of the streamlit server holding the store, after rendering every page once in chromium."""

    sdir = store_dir(args.out, size)
    native = ui_supports_store_env()
    script = "app.py" if native else str(BENCH / "dashboard_app.py")
    how = (
        "app.py (FRAMING_STORE)"
        if native
        else "bench/dashboard_app.py: app.py with the store as session corpus"
    )
    port = free_port()
    env = {**os.environ, "FRAMING_STORE": str(sdir), "PYTHONWARNINGS": "ignore"}
    target = "< 2048" if size >= 100_000 else ""
    out: list[Metric] = []
    log = (args.out / f"streamlit_n{size}.log").open("w")
    proc = start_streamlit(port, log=log, script=ROOT / script, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(port, proc, timeout=60)
        peak = [0]

        def on_page(name: str, seconds: float) -> None:
            rss = _tree_rss(proc.pid)
            peak[0] = max(peak[0], rss)
            out.append(
                Metric(size, f"dashboard page render: {name}", seconds, "s", note=f"RSS {rss / MB:.0f} MB")
            )

        _open_pages(base, max(120.0, size / 500), on_page)
        rss = _tree_rss(proc.pid)
        out.insert(
            0,
            Metric(
                size,
                "dashboard RSS (streamlit server, store loaded, every page rendered)",
                max(rss, peak[0]) / MB,
                "MB",
                target,
                verdict(max(rss, peak[0]) / MB < 2048) if target else "",
                f"{how}; max over page visits",
            ),
        )
        return out
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# --------------------------------------------------------------------------- phase: scattertext


def phase_scattertext(size: int, args: argparse.Namespace) -> list[Metric]:
    """Raw JSONL -> two-actor contrast: ours against Scattertext, same text, same run."""
    from dashboard import analysis as an
    from dashboard.ingest import load_paths
    from dashboard.pipeline import extract

    out: list[Metric] = []
    articles = generate.cached_corpus(size, seed=args.seed, out_dir=corpus_dir(args.out))
    raw = generate.write_jsonl_shards(
        articles, generate.corpus_path(corpus_dir(args.out), size, args.seed, ".jsonl.d")
    )
    lexicon, registry = load_config()
    extract(articles.head(5), lexicon=lexicon, registry=registry)  # warm the segmenter, as jieba below

    def ours(processes: int) -> tuple[Any, str, str]:
        imported = load_paths([raw])
        if len(imported.articles) != size:
            raise RuntimeError(
                f"ingest read {len(imported.articles)} of {size} articles: {imported.issues[:2]}"
            )
        res = extract(imported.articles, lexicon=lexicon, registry=registry, processes=processes)
        corpus = an.prepare_corpus(res.corpus)
        top = an.unit_summary(corpus, by="actor")["unit"].astype(str).tolist()
        a, b = top[0], top[1]
        table = an.contrast(corpus, a=a, b=b, by="actor", mode="tokens", method="fightin_words")
        return table, a, b

    t_ours1, (table, a, b) = timed(lambda: ours(1))
    t_oursN, _ = timed(lambda: ours(args.processes))
    out += [
        Metric(
            size,
            "ours: JSONL -> ingest -> extract -> contrast(tokens), 1 process",
            t_ours1,
            "s",
            note=f"actors: {a} vs {b}; {len(table)} terms",
        ),
        Metric(size, f"ours: same, {args.processes} processes", t_oursN, "s"),
    ]

    try:
        import scattertext as st
    except Exception as exc:
        out.append(
            Metric(
                size,
                "scattertext",
                None,
                "s",
                met="error",
                note=f"import failed: {type(exc).__name__}: {exc}",
            )
        )
        return out

    import jieba
    import pandas as pd

    jieba.initialize()
    # Scattertext cannot attribute statements: it gets our statements (not timed) labelled a / b / other.
    imported = load_paths([raw])
    res = extract(imported.articles, lexicon=lexicon, registry=registry, processes=args.processes)
    stm = res.corpus.statements
    docs = pd.DataFrame(
        {
            "text": stm["text"].astype(str).to_numpy(),
            "cat": ["a" if x == a else "b" if x == b else "other" for x in stm["actor"].astype(str)],
        }
    )

    def theirs() -> Any:
        docs["parsed"] = docs["text"].apply(st.chinese_nlp)
        corpus = st.CorpusFromParsedDocuments(docs, category_col="cat", parsed_col="parsed").build()
        priors = (
            st.PriorFactory(corpus, category="a", not_categories=["b"], starting_count=0.01)
            .use_all_categories()
            .get_priors()
        )
        tdf = corpus.get_term_freq_df()
        scores = st.LogOddsRatioInformativeDirichletPrior(priors, sigma=10).get_scores(
            tdf["a freq"], tdf["b freq"]
        )
        return pd.Series(scores, index=tdf.index)

    try:
        with PeakRSS() as rss:
            t_theirs, scores = timed(theirs)
    except Exception as exc:
        out.append(
            Metric(size, "scattertext", None, "s", met="error", note=f"{type(exc).__name__}: {exc}"[:300])
        )
        return out
    out += [
        Metric(
            size,
            "scattertext: statements -> chinese_nlp -> corpus -> informative-prior log-odds",
            t_theirs,
            "s",
            note=f"{len(scores)} terms (unigrams + bigrams); attribution given for free; peak RSS "
            f"{rss.peak / MB:.0f} MB; scattertext {getattr(st, '__version__', '?')}",
        ),
        Metric(
            size,
            "ours (1 process, from raw JSONL) / scattertext time",
            t_ours1 / t_theirs,
            "x",
            "< 1",
            verdict(t_ours1 < t_theirs),
        ),
    ]
    return out


# --------------------------------------------------------------------------- phase: profile


def phase_profile(size: int, args: argparse.Namespace) -> list[Metric]:
    """cProfile of a 1-process extraction; the top functions go to bench/out/profile_<size>.txt."""
    from dashboard.pipeline import extract

    articles = generate.cached_corpus(size, seed=args.seed, out_dir=corpus_dir(args.out))
    lexicon, registry = load_config()
    extract(articles.head(5), lexicon=lexicon, registry=registry)
    prof = cProfile.Profile()
    prof.enable()
    extract(articles, lexicon=lexicon, registry=registry, processes=1)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf).strip_dirs()
    buf.write(f"cProfile of extract({size} articles, processes=1) -- sorted by tottime\n")
    stats.sort_stats("tottime").print_stats(25)
    buf.write("\n-- sorted by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(30)
    path = args.out / f"profile_{size}.txt"
    path.write_text(buf.getvalue(), encoding="utf-8")
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    top = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:5]  # type: ignore[attr-defined]
    note = "; ".join(f"{fn[2]} ({fn[0]}:{fn[1]}) {v[2] / total * 100:.0f}%" for fn, v in top)
    return [Metric(size, "profile: top self-time functions (1-process extraction)", None, "", note=note)]


# --------------------------------------------------------------------------- orchestration

PHASE_FNS: Final[dict[str, Callable[[int, argparse.Namespace], list[Metric]]]] = {
    "extract": phase_extract,
    "analyze": phase_analyze,
    "dashboard": phase_dashboard,
    "scattertext": phase_scattertext,
    "profile": phase_profile,
}


def run_phase_subprocess(phase: str, size: int, args: argparse.Namespace) -> list[Metric]:
    """Run one phase in a fresh interpreter; a crash becomes an "error" row, never a lost table."""
    result = args.out / f".phase-{phase}-{size}.json"
    result.unlink(missing_ok=True)
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--phase",
        phase,
        "--sizes",
        str(size),
        "--seed",
        str(args.seed),
        "--processes",
        str(args.processes),
        "--filters",
        str(args.filters),
        "--repeat",
        str(args.repeat),
        "--out",
        str(args.out),
        "--result",
        str(result),
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=args.timeout)
    wall = time.perf_counter() - t0
    if result.exists():
        rows = [Metric(**{**r, "phase": phase}) for r in json.loads(result.read_text(encoding="utf-8"))]
        result.unlink()
        return rows
    tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-3:]
    return [
        Metric(
            size,
            f"{phase} phase",
            None,
            "",
            met="error",
            note=f"exit {proc.returncode} after {wall:.0f} s: {' | '.join(tail)}"[:400],
        )
    ]


def machine() -> dict[str, str]:
    """Machine description for the README."""
    import platform

    import jieba
    import pandas as pd

    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        "jieba": getattr(jieba, "__version__", "?"),
        "pandas": pd.__version__,
        "date": date.today().isoformat(),
    }


def fmt_value(m: Metric) -> str:
    if m.value is None:
        return "—"
    v = float(m.value)
    if m.unit == "chars/s":
        return f"{v / 1e6:.3f} M"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}" if m.unit != "x" else f"{v:.2f}"


def to_markdown(rows: Sequence[Metric], info: dict[str, str]) -> str:
    """The results table as Markdown (with the machine line on top)."""
    head = (
        f"Machine: {info['nproc']} cores ({info['cpu']}), {info['ram']} RAM; Python {info['python']}, "
        f"jieba {info['jieba']}, pandas {info['pandas']}; run {info['date']}.\n\n"
    )
    lines = ["| articles | metric | value | unit | target | met | note |", "|---:|---|---:|---|---|---|---|"]
    for m in rows:
        note = m.note.replace("|", "/").replace("\n", " ")
        lines.append(
            f"| {m.size:,} | {m.metric} | {fmt_value(m)} | {m.unit} | {m.target} | {m.met} | {note} |"
        )
    return head + "\n".join(lines) + "\n"


def read_results(path: Path) -> list[Metric]:
    """Rows of an earlier results.csv ([] when absent or unreadable)."""
    import csv

    if not path.exists():
        return []
    rows: list[Metric] = []
    with contextlib.suppress(Exception), path.open(encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            value = float(r["value"]) if r.get("value") not in (None, "") else None
            rows.append(
                Metric(
                    int(r["size"]),
                    r["metric"],
                    value,
                    r["unit"],
                    r["target"],
                    r["met"],
                    r["note"],
                    r.get("phase") or "",
                )
            )
    return rows


def write_results(
    rows: Sequence[Metric], out: Path, info: dict[str, str], *, keep_other_sizes: bool = True
) -> tuple[Path, Path, list[Metric]]:
    """bench/out/results.csv and results.md; rows of (size, phase) pairs not re-run are kept from the last run."""
    import csv

    out.mkdir(parents=True, exist_ok=True)
    csv_path, md_path = out / "results.csv", out / "results.md"
    fresh = {(m.size, m.phase) for m in rows}
    fresh_metrics = {(m.size, m.metric) for m in rows} | {(sz, f"{ph} phase") for sz, ph in fresh}
    old = (
        [
            m
            for m in read_results(csv_path)
            if (m.size, m.phase) not in fresh and (m.size, m.metric) not in fresh_metrics
        ]
        if keep_other_sizes
        else []
    )
    merged = sorted([*old, *rows], key=lambda m: m.size)  # stable: phase order kept within a size
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=[f.name for f in dataclasses.fields(Metric)])
        w.writeheader()
        for m in merged:
            w.writerow(asdict(m))
    md_path.write_text(to_markdown(merged, info), encoding="utf-8")
    return csv_path, md_path, merged


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="Corpus-scale benchmark of the framing dashboard.")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="'all cores' (default: nproc)")
    ap.add_argument("--filters", type=int, default=50, help="random filters per size")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--repeat", type=int, default=1, help="extraction timings: best of N, interleaved")
    ap.add_argument("--fresh", action="store_true", help="drop rows of other sizes from results.csv")
    ap.add_argument(
        "--reuse-store",
        action="store_true",
        help="skip the extract phase when bench/out/stores/n<size> exists (e.g. a 100k store built earlier)",
    )
    ap.add_argument("--skip", nargs="*", default=[], choices=PHASES, help="phases to leave out")
    ap.add_argument(
        "--quick", action="store_true", help="smoke run: 5 filters, no dashboard/scattertext/profile phases"
    )
    ap.add_argument("--profile-size", type=int, default=1000)
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per phase")
    ap.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.out = args.out.resolve()
    if args.quick:
        args.filters = min(args.filters, 5)
        args.skip = sorted({*args.skip, "dashboard", "scattertext", "profile"})
    return args


@contextlib.contextmanager
def _quiet_jieba() -> Iterator[None]:
    import logging

    logging.getLogger("jieba").setLevel(logging.WARNING)
    yield


def main(argv: Sequence[str] | None = None) -> int:
    """Run every phase for every size, print the table, write CSV + Markdown."""
    args = _parse(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.phase:  # child: one phase, one size, rows as JSON
        with _quiet_jieba():
            try:
                phase_rows = PHASE_FNS[args.phase](args.sizes[0], args)
            except Exception as exc:
                traceback.print_exc()
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                exc.args = (f"{exc} [at {Path(frame.filename).name}:{frame.lineno} in {frame.name}]",)
                phase_rows = [
                    Metric(
                        args.sizes[0],
                        f"{args.phase} phase",
                        None,
                        "",
                        met="error",
                        note=f"{type(exc).__name__}: {exc}"[:400],
                    )
                ]
        if args.result:
            args.result.write_text(
                json.dumps([asdict(r) for r in phase_rows], ensure_ascii=False), encoding="utf-8"
            )
        return 0

    rows: list[Metric] = []
    for size in args.sizes:
        t_gen, _ = timed(
            functools.partial(generate.cached_corpus, size, seed=args.seed, out_dir=corpus_dir(args.out))
        )
        rows.append(Metric(size, "generate (or read cached) corpus", t_gen, "s", phase="generate"))
        for phase in ("extract", "analyze", "dashboard", "scattertext"):
            if phase in args.skip:
                continue
            if (
                phase == "extract"
                and args.reuse_store
                and (store_dir(args.out, size) / "manifest.json").exists()
            ):
                rows.append(
                    Metric(size, "extract phase", None, "", note="skipped: --reuse-store, store exists")
                )
                continue
            print(f"[bench] n={size}: {phase} ...", file=sys.stderr, flush=True)
            rows.extend(run_phase_subprocess(phase, size, args))
    if "profile" not in args.skip:
        size = args.profile_size
        generate.cached_corpus(size, seed=args.seed, out_dir=corpus_dir(args.out))
        print(f"[bench] n={size}: profile ...", file=sys.stderr, flush=True)
        rows.extend(run_phase_subprocess("profile", size, args))
    info = machine()
    csv_path, md_path, merged = write_results(rows, args.out, info, keep_other_sizes=not args.fresh)
    print(to_markdown(merged, info))
    print(f"wrote {csv_path} and {md_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
