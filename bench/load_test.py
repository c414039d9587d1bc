"""On-demand load test: many concurrent browser sessions against ``streamlit run app.py``.

Not part of the test suite. Run::

    .venv/bin/python bench/load_test.py                      # 20 sessions, 60 s, writes docs/RELIABILITY.md
    .venv/bin/python bench/load_test.py --sessions 4 --duration 10 --no-write   # smoke run

What it does:

1. starts ``python -m streamlit run app.py`` on a free port bound to 127.0.0.1 (loopback only) and waits
   for ``/_stcore/health``;
2. computes, in this process with the same core functions the app uses, the number of statements each
   session's filter must show (``analysis.corpus_summary`` of ``analysis.apply_filters`` on the demo corpus);
3. opens ``--sessions`` headless Chromium pages (Debian's /usr/bin/chromium through Playwright, several pages
   per browser context, every page its own Streamlit session); each session gets its own filter through the
   URL (the sidebar filters are bound to query parameters). Until ``--duration`` runs out (and at most
   ``--max-loops`` times) each session loops: Overview (read the statements metric, which must equal the
   session's own expected number; no exception or error box) -> Compare (a chart, no error box), switching
   pages through the sidebar navigation, with a full reload from the URL every 5th loop;
4. samples the server's RSS (process tree, psutil) every 0.5 s;
5. prints a table and, unless ``--no-write``, replaces the figures between the ``load-test`` markers in
   docs/RELIABILITY.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.devserver import CHROMIUM, CHROMIUM_ARGS, IDLE, free_port, start_streamlit, wait_healthy  # noqa: E402

DOC = ROOT / "docs" / "RELIABILITY.md"
MARKERS = {d: (f"<!-- load-test:{d}:start -->", f"<!-- load-test:{d}:end -->") for d in ("browser", "ws")}
ERROR_BOXES = '[data-testid="stException"], [data-testid="stAlertContentError"]'


@dataclass
class Session:
    """One browser session: its filter, what it must see, and what it saw."""

    index: int
    query: dict[str, list[str]]
    expected: int
    label: str
    loops: int = 0
    checks: int = 0
    mismatches: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    switches: int = 0


# --------------------------------------------------------------------------- server


class RssSampler(threading.Thread):
    """Samples the RSS of a process and its children every ``interval`` seconds."""

    def __init__(self, pid: int, *, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        import psutil

        self.proc = psutil.Process(pid)
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self.cpu: list[float] = []
        self.stop_event = threading.Event()

    def rss(self) -> int:
        import psutil

        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
        return total

    def run(self) -> None:
        self.proc.cpu_percent(None)
        while not self.stop_event.is_set():
            self.samples.append((time.monotonic(), self.rss()))
            self.cpu.append(self.proc.cpu_percent(None))
            self.stop_event.wait(self.interval)


# --------------------------------------------------------------------------- expected numbers


def plan_sessions(n: int) -> list[Session]:
    """A different filter per session (groups, actors, narration) and the statements count it must show."""
    sys.path.insert(0, str(ROOT))
    from dashboard import analysis
    from dashboard.pipeline import load_demo_corpus

    corpus = load_demo_corpus().corpus
    options = analysis.filter_options(corpus)
    groups, actors = list(options["groups"]), list(options["actors"])
    sessions: list[Session] = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            g = groups[(i // 3) % len(groups)]
            filters = analysis.Filters(groups=(g,))
            query, label = {"groups": [g]}, f"groups={g}"
        elif kind == 1:
            a = actors[(i // 3) % len(actors)]
            filters = analysis.Filters(actors=(a,))
            query, label = {"actors": [a]}, f"actors={a}"
        else:
            g1, g2 = groups[(i // 3) % len(groups)], groups[(i // 3 + 1) % len(groups)]
            filters = analysis.Filters(groups=(g1, g2), include_narrator=False)
            query, label = {"groups": [g1, g2], "narration": ["false"]}, f"groups={g1},{g2} narration=off"
        expected = int(analysis.corpus_summary(analysis.apply_filters(corpus, filters))["statements"])  # type: ignore[call-overload]
        sessions.append(Session(i, query, expected, label))
    return sessions


# --------------------------------------------------------------------------- browser sessions


def url_for(port: int, page: str, query: dict[str, list[str]]) -> str:
    path = "" if page == "overview" else page
    return f"http://127.0.0.1:{port}/{path}?{urllib.parse.urlencode(query, doseq=True)}"


async def read_statements(page: Any, *, timeout_ms: int) -> int:
    await page.wait_for_selector('[data-testid="stMetric"]', timeout=timeout_ms)
    await page.wait_for_selector(IDLE, timeout=timeout_ms)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="陈述").first
    text = await metric.locator('[data-testid="stMetricValue"]').inner_text(timeout=timeout_ms)
    return int(text.strip().replace(",", ""))


async def check_overview(page: Any, s: Session, t0: float, *, timeout_ms: int) -> None:
    seen = await read_statements(page, timeout_ms=timeout_ms)
    s.latencies.append(time.monotonic() - t0)
    s.checks += 1
    if seen != s.expected:
        s.mismatches.append(f"loop {s.loops}: saw {seen}, expected {s.expected}")
    if await page.locator(ERROR_BOXES).count():
        s.errors.append(f"loop {s.loops}: error box on overview")


async def switch(page: Any, target: str, *, timeout_ms: int) -> None:
    """Client-side page switch through the sidebar navigation (same session, same filters)."""
    href = "compare" if target == "compare" else ""
    link = page.locator('a[data-testid="stSidebarNavLink"]')
    if href:
        await link.filter(has=page.locator(f'xpath=self::*[contains(@href, "/{href}")]')).first.click(
            timeout=timeout_ms
        )
        await page.wait_for_function("() => location.pathname.endsWith('/compare')", timeout=timeout_ms)
    else:
        await link.first.click(timeout=timeout_ms)
        await page.wait_for_function("() => !location.pathname.endsWith('/compare')", timeout=timeout_ms)


async def drive(
    page: Any,
    s: Session,
    port: int,
    *,
    deadline: float,
    max_loops: int,
    timeout_ms: int,
    reload_every: int = 5,
) -> None:
    """Loop: overview (check the number) -> compare (check no error) through the navigation; every
    ``reload_every`` loops a full reload from the URL (the filters must come back from the query string)."""
    while time.monotonic() < deadline and s.loops < max_loops:
        t0 = time.monotonic()
        try:
            if s.loops % reload_every == 0:
                await page.goto(
                    url_for(port, "overview", s.query), wait_until="domcontentloaded", timeout=timeout_ms
                )
            else:
                await switch(page, "overview", timeout_ms=timeout_ms)
            s.loops += 1
            await check_overview(page, s, t0, timeout_ms=timeout_ms)
            if time.monotonic() >= deadline:
                break
            await switch(page, "compare", timeout_ms=timeout_ms)
            await page.wait_for_selector(
                '[data-testid="stPlotlyChart"], [data-testid="stAlert"]', timeout=timeout_ms
            )
            await page.wait_for_selector(IDLE, timeout=timeout_ms)
            s.switches += 1
            if await page.locator(ERROR_BOXES).count():
                s.errors.append(f"loop {s.loops}: error box on compare")
        except Exception as exc:  # a timeout or a crashed page is a finding, not a reason to stop
            s.loops += 1
            s.errors.append(f"loop {s.loops}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")


async def run_browsers(
    sessions: list[Session], port: int, *, duration: float, max_loops: int, per_context: int, timeout_ms: int
) -> float:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        pages = []
        contexts = []
        for k in range(0, len(sessions), per_context):
            ctx = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            contexts.append(ctx)
            for _ in sessions[k : k + per_context]:
                pages.append(await ctx.new_page())
        start = time.monotonic()
        deadline = start + duration
        await asyncio.gather(
            *(
                drive(p, s, port, deadline=deadline, max_loops=max_loops, timeout_ms=timeout_ms)
                for p, s in zip(pages, sessions, strict=True)
            )
        )
        elapsed = time.monotonic() - start
        for ctx in contexts:
            await ctx.close()
        await browser.close()
    return elapsed


# --------------------------------------------------------------------------- websocket sessions


class WsSession:
    """A raw Streamlit websocket client: sends rerun requests, reads the elements the script produced."""

    def __init__(self, ws: Any, query: dict[str, list[str]], *, timeout: float) -> None:
        self.ws = ws
        self.query = urllib.parse.urlencode(query, doseq=True)
        self.timeout = timeout
        self.pages: dict[str, str] = {}

    async def run(self, page: str) -> tuple[dict[str, str], list[str], set[str]]:
        """Rerun ``page``; returns (metric label -> value, error texts, element kinds)."""
        from streamlit.proto.Alert_pb2 import Alert
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        back = BackMsg()
        back.rerun_script.query_string = self.query
        if page in self.pages:
            back.rerun_script.page_script_hash = self.pages[page]
        await self.ws.send(back.SerializeToString())
        metrics: dict[str, str] = {}
        errors: list[str] = []
        kinds: set[str] = set()
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(self.ws.recv(), self.timeout))
            kind = msg.WhichOneof("type")
            if kind == "navigation":
                for p in msg.navigation.app_pages:
                    self.pages[p.url_pathname or "overview"] = p.page_script_hash
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                el = msg.delta.new_element
                ek = str(el.WhichOneof("type"))
                kinds.add(ek)
                if ek == "metric":
                    metrics[el.metric.label] = el.metric.body
                elif ek == "exception":
                    errors.append(f"exception: {el.exception.message[:100]}")
                elif ek == "alert" and el.alert.format == Alert.ERROR:
                    errors.append(f"error box: {el.alert.body[:100]}")
            elif kind == "script_finished":
                return metrics, errors, kinds


async def drive_ws(s: Session, port: int, *, deadline: float, max_loops: int, timeout: float) -> None:
    """Like :func:`drive` over one websocket: Overview (check the number) -> Compare (a chart, no error)."""
    import websockets
    from websockets.typing import Subprotocol

    try:
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/_stcore/stream",
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
        ) as ws:
            client = WsSession(ws, s.query, timeout=timeout)
            while time.monotonic() < deadline and s.loops < max_loops:
                s.loops += 1
                t0 = time.monotonic()
                metrics, errors, _ = await client.run("overview")
                s.latencies.append(time.monotonic() - t0)
                s.checks += 1
                seen = int(metrics.get("陈述", "-1").replace(",", ""))
                if seen != s.expected:
                    s.mismatches.append(f"loop {s.loops}: saw {seen}, expected {s.expected}")
                s.errors += [f"loop {s.loops}: overview {e}" for e in errors]
                _, errors, kinds = await client.run("compare")
                s.switches += 1
                s.errors += [f"loop {s.loops}: compare {e}" for e in errors]
                if "plotly_chart" not in kinds and "alert" not in kinds:
                    s.errors.append(f"loop {s.loops}: compare showed no chart")
    except Exception as exc:
        s.errors.append(
            f"loop {s.loops}: {type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"
        )


async def run_ws(
    sessions: list[Session], port: int, *, duration: float, max_loops: int, timeout: float
) -> float:
    start = time.monotonic()
    deadline = start + duration
    await asyncio.gather(
        *(drive_ws(s, port, deadline=deadline, max_loops=max_loops, timeout=timeout) for s in sessions)
    )
    return time.monotonic() - start


# --------------------------------------------------------------------------- report


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(
    sessions: list[Session], rss: RssSampler, *, elapsed: float, idle_rss: int, args: argparse.Namespace
) -> str:
    lat = [x for s in sessions for x in s.latencies]
    peak = max((r for _, r in rss.samples), default=0)
    end = rss.samples[-1][1] if rss.samples else 0
    mib = 1024 * 1024
    rows = [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("machine", f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"),
        (
            "driver",
            "headless Chromium pages (Playwright)" if args.driver == "browser" else "raw websocket clients",
        ),
        (
            "sessions" + (" (pages / contexts)" if args.driver == "browser" else ""),
            f"{len(sessions)} / {-(-len(sessions) // args.per_context)}"
            if args.driver == "browser"
            else str(len(sessions)),
        ),
        ("duration", f"{elapsed:.0f} s"),
        ("overview loads checked", str(sum(s.checks for s in sessions))),
        ("page runs (overview + compare)", str(sum(s.checks + s.switches for s in sessions))),
        ("wrong numbers (session saw another filter's count)", str(sum(len(s.mismatches) for s in sessions))),
        ("errors (exception/error boxes, timeouts)", str(sum(len(s.errors) for s in sessions))),
        (
            "overview (reload or switch) p50 / p95 / max",
            f"{pct(lat, 0.5):.2f} s / {pct(lat, 0.95):.2f} s / {max(lat, default=float('nan')):.2f} s",
        ),
        (
            "server RSS idle (demo loaded) / peak / end",
            f"{idle_rss / mib:.0f} / {peak / mib:.0f} / {end / mib:.0f} MiB",
        ),
        ("server CPU mean", f"{statistics.fmean(rss.cpu) if rss.cpu else 0:.0f} % of one core"),
    ]
    lines = ["| measure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)]
    lines += [
        "",
        "| session | filter | expected statements | checks | wrong | errors |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {s.index} | {s.label} | {s.expected} | {s.checks} | {len(s.mismatches)} | {len(s.errors)} |"
        for s in sessions
    ]
    problems = [f"- session {s.index}: {m}" for s in sessions for m in [*s.mismatches, *s.errors]][:20]
    if problems:
        lines += ["", "First problems:", *problems]
    return "\n".join(lines)


def write_doc(table: str, command: str, *, driver: str) -> None:
    start, end = MARKERS[driver]
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Reliability\n"
    if start not in text or end not in text:
        text += f"\n{start}\n{end}\n"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    block = f"{start}\nMeasured with `{command}`:\n\n{table}\n{end}"
    DOC.write_text(head + block + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument(
        "--duration", type=float, default=60.0, help="seconds of load after every page is open"
    )
    parser.add_argument("--max-loops", type=int, default=200, help="upper bound of reload loops per session")
    parser.add_argument("--per-context", type=int, default=4, help="pages per browser context")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds before one page load counts as failed"
    )
    parser.add_argument("--no-write", action="store_true", help="do not update docs/RELIABILITY.md")
    parser.add_argument(
        "--driver",
        choices=("browser", "ws"),
        default="browser",
        help="browser: headless Chromium pages (Playwright); ws: raw Streamlit websocket clients (measures the "
        "server without the browsers' rendering cost)",
    )
    args = parser.parse_args(argv)

    print(f"planning {args.sessions} sessions (extracting the demo corpus in this process)...", flush=True)
    sessions = plan_sessions(args.sessions)
    port = free_port()
    log = ROOT / "bench" / "out" / "load_test_streamlit.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    server = start_streamlit(port, log=log.open("wb"))
    try:
        wait_healthy(port, server)
        print(f"server on 127.0.0.1:{port}; warming up the demo corpus...", flush=True)
        warm = Session(-1, {}, -1, "warm-up")
        asyncio.run(run_browsers([warm], port, duration=0.1, max_loops=1, per_context=1, timeout_ms=180_000))
        sampler = RssSampler(server.pid)
        idle_rss = sampler.rss()
        sampler.start()
        print(f"driving {args.sessions} sessions for {args.duration:.0f} s...", flush=True)
        if args.driver == "browser":
            elapsed = asyncio.run(
                run_browsers(
                    sessions,
                    port,
                    duration=args.duration,
                    max_loops=args.max_loops,
                    per_context=args.per_context,
                    timeout_ms=int(args.timeout * 1000),
                )
            )
        else:
            elapsed = asyncio.run(
                run_ws(sessions, port, duration=args.duration, max_loops=args.max_loops, timeout=args.timeout)
            )
        sampler.stop_event.set()
        sampler.join()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    table = report(sessions, sampler, elapsed=elapsed, idle_rss=idle_rss, args=args)
    print(table)
    if not args.no_write:
        command = "python bench/load_test.py " + " ".join(argv if argv is not None else sys.argv[1:])
        write_doc(table, command.strip(), driver=args.driver)
        print(f"wrote the figures to {DOC.relative_to(ROOT)}")
    bad = sum(len(s.mismatches) + len(s.errors) for s in sessions)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
