"""Run the dashboard on a loopback port for browser tests, the load test and the benchmark.

Not used by the app itself; no streamlit import (the server is a subprocess).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Final

ROOT: Final = Path(__file__).resolve().parents[1]
#: Debian's chromium (``apt-get install chromium``); Playwright never downloads a browser here.
CHROMIUM: Final = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
#: Flags for headless chromium on a machine with no network but loopback.
CHROMIUM_ARGS: Final = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Streamlit has finished a script run (wait for it before the next action).
IDLE: Final = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_streamlit(
    port: int,
    *,
    log: IO[bytes] | IO[str],
    script: str | Path = ROOT / "app.py",
    env: Mapping[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """``streamlit run SCRIPT`` headless on 127.0.0.1:PORT, output to ``log``."""
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
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
    ]
    return subprocess.Popen(
        cmd, cwd=ROOT, env=dict(env) if env is not None else None, stdout=log, stderr=subprocess.STDOUT
    )


def wait_healthy(port: int, proc: subprocess.Popen[bytes], *, timeout: float = 120) -> None:
    """Poll ``/_stcore/health`` until it answers ``ok``; raise if the server exits or times out."""
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as resp:
            if resp.read().strip() == b"ok":
                return
        time.sleep(0.3)
    raise TimeoutError(f"streamlit did not become healthy within {timeout:.0f} s")
