"""Browser tests: the real app on a free 127.0.0.1 port, driven by Playwright with Debian's chromium.

Skipped when /usr/bin/chromium is missing, unless CI=true (then a missing browser is a failure).
Screenshots go to tests/screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.devserver import CHROMIUM, CHROMIUM_ARGS, IDLE, free_port, start_streamlit, wait_healthy

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "screenshots"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists() and os.environ.get("CI") != "true":
                item.add_marker(
                    pytest.mark.skip(reason=f"{CHROMIUM} not installed (set CI=true to make this fail)")
                )


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """Start `streamlit run app.py` and wait for /_stcore/health."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing (CI=true): install chromium")
    port = free_port()
    log = ROOT / "tests" / "screenshots"
    log.mkdir(parents=True, exist_ok=True)
    out = (log / "server.log").open("w")
    proc = start_streamlit(port, log=out)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_healthy(port, proc, timeout=90)
        except (RuntimeError, TimeoutError) as exc:
            pytest.fail(f"streamlit did not start: {exc} (see {log / 'server.log'})")
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
