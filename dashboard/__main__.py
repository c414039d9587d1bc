"""Command line: ``python -m dashboard extract INPUT... --out DIR``.

Each sub-command is one call into the core (:func:`dashboard.pipeline.run_extract_cli`).
Exit codes: 0 every input imported, 1 some inputs failed (the good ones are still written),
2 usage errors (bad arguments, unreadable lexicon or registry).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard import __version__

EXTRACT_EPILOG = """\
inputs:
  .md / .txt files (optional YAML front matter: title, outlet, date, url, language, synthetic),
  folders of them (recursive), .csv / .tsv / .jsonl tables with one article per row, and .zip
  archives of any of these. Inputs that cannot be imported are listed with the reason; the
  others are still written.

output (DIR):
  articles.parquet     one row per article (article_id, title, outlet, date, url, language, text, ...)
  statements.parquet   one row per statement: who said it (speaker, actor, group), cue, date, outlet,
                       n_tokens, confidence; narration belongs to the outlet (is_narrator)
  term_hits.parquet    statement_id, article_id, term, frame, count, quoted_count (scare quotes)
  tokens.parquet       statement_id, space-joined jieba tokens (for all-token contrasts)
  manifest.json        counts, sha1 of every file, config hash, lexicon used
  With --csv, a UTF-8 CSV copy of each table is written next to it.

re-runs:
  When DIR already holds a store, articles whose text, outlet and id are unchanged -- and whose
  lexicon, registry and extraction code are unchanged -- are copied instead of re-extracted.
  When nothing changed at all, DIR is left as it is ("store unchanged").

exit codes:
  0  every input imported
  1  some inputs failed (the good ones are still written)
  2  usage error: bad arguments, unreadable lexicon or registry

example:
  python -m dashboard extract data/corpus --out out/demo --processes 4
"""


def _processes(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (all CPUs) or a positive number")
    return n or (os.cpu_count() or 1)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command (also used by the docs test)."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Framing dashboard tools: import news articles and extract who says what, "
        "with which framing terms. Start the dashboard with `streamlit run app.py`.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    ex = sub.add_parser(
        "extract",
        help="import articles, extract statements and framing-term hits, write a Parquet store",
        description="Import articles, attribute every statement to a speaker, count framing terms "
        "and write the tables to DIR. Prints a summary: imported, duplicates, failed (one line per "
        "problem), reused, statements, term hits and the unresolved speakers (top 20).",
        epilog=EXTRACT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("inputs", nargs="+", metavar="INPUT", help="article files, folders, tables or zips")
    ex.add_argument("--out", "-o", required=True, metavar="DIR", help="store directory (created if needed)")
    ex.add_argument("--csv", action="store_true", help="also write a UTF-8 CSV copy of every table")
    ex.add_argument(
        "--processes",
        "-p",
        type=_processes,
        default=1,
        metavar="N",
        help="worker processes for extraction (default 1; 0 = one per CPU)",
    )
    ex.add_argument(
        "--lexicon", type=Path, metavar="FILE", help="framing lexicon CSV (default: data/lexicon.csv)"
    )
    ex.add_argument(
        "--registry",
        type=Path,
        metavar="DIR",
        help="actor registry folder with actors.csv, people.csv, groups.csv (default: data/registry)",
    )
    bar = ex.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help="always show a progress bar"
    )
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="never show a progress bar")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)  # exits with 2 on usage errors
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    if args.command == "extract":
        from dashboard.pipeline import run_extract_cli

        out = Path(args.out)
        if out.exists() and not out.is_dir():
            parser.error(f"--out {out}: exists and is not a directory")
        return run_extract_cli(
            args.inputs,
            out,
            csv=args.csv,
            processes=args.processes,
            lexicon_path=args.lexicon,
            registry_dir=args.registry,
            progress_bar=args.progress,
        )
    parser.error(f"unknown command {args.command!r}")
    return 2  # pragma: no cover - parser.error exits


if __name__ == "__main__":
    sys.exit(main())
