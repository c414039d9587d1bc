"""Docs consistency: the README names every page, CLI command and output column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard import schema
from dashboard.__main__ import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_two_commands() -> None:
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", README, re.S)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    assert commands[0].endswith("streamlit run app.py")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", README, re.S)
    assert block is not None
    test_command = block.group(1).strip().splitlines()[1]
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "dashboard" / "app_pages").glob("[!_]*.py")))
def test_every_page_is_in_the_readme(page: str) -> None:
    assert f"`{page}`" in README


def test_every_cli_command_is_in_the_readme() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in sub.choices:  # type: ignore[attr-defined]
        assert f"python -m dashboard {name}" in README


@pytest.mark.parametrize(
    "column",
    sorted(
        set(schema.ARTICLE_COLUMNS)
        | set(schema.STATEMENT_COLUMNS)
        | set(schema.TERM_HIT_COLUMNS)
        | set(schema.TOKEN_COLUMNS)
    ),
)
def test_every_output_column_is_documented(column: str) -> None:
    assert f"`{column}`" in README
