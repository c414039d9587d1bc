"""Browser tests: the real app on a free 127.0.0.1 port, driven by Playwright with Debian's chromium.

Skipped when /usr/bin/chromium is missing, unless CI=true (then a missing browser is a failure).
Screenshots go to tests/screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists() and os.environ.get("CI") != "true":
                item.add_marker(
                    pytest.mark.skip(reason=f"{CHROMIUM} not installed (set CI=true to make this fail)")
                )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """Start `streamlit run app.py` and wait for /_stcore/health."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing (CI=true): install chromium")
    port = _free_port()
    log = ROOT / "tests" / "screenshots"
    log.mkdir(parents=True, exist_ok=True)
    out = (log / "server.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start (see {log / 'server.log'})")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        out.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 1440, "height": 1000}, accept_downloads=True, locale="zh-CN"
    )
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


class App:
    """Helpers bound to the running server: ``app.open(page, "/compare")``, ``app.wait(page)``."""

    screenshots = SCREENSHOTS

    def __init__(self, base: str) -> None:
        self.base = base

    def open(self, page, path: str = "/") -> None:  # type: ignore[no-untyped-def]
        open_app(page, self.base, path)

    @staticmethod
    def wait(page) -> None:  # type: ignore[no-untyped-def]
        wait_idle(page)


@pytest.fixture()
def app(server: str) -> App:
    return App(server)


def wait_idle(page, *, settle_ms: int = 300) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script run finished (and the page has settled)."""
    page.wait_for_timeout(settle_ms)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_timeout(settle_ms)
    page.wait_for_selector(IDLE, timeout=60_000)


def open_app(page, server: str, path: str = "/") -> None:  # type: ignore[no-untyped-def]
    page.goto(server + path)
    page.wait_for_selector('[data-testid="stSidebar"]', timeout=60_000)
    wait_idle(page)
