"""The test command also runs ruff and mypy, configured in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_clean() -> None:
    proc = _run("ruff", "check", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_clean() -> None:
    proc = _run("mypy")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_core_modules_do_not_import_streamlit() -> None:
    """Pure core, thin UI: only app pages and dashboard/ui.py may import streamlit."""
    allowed = {ROOT / "dashboard" / "ui.py"}
    offenders = []
    for path in (ROOT / "dashboard").rglob("*.py"):
        if "app_pages" in path.parts or path in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        if "import streamlit" in text or "from streamlit" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
