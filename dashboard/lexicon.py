"""Load and validate the framing lexicon (``data/lexicon.csv``).

Format: UTF-8 CSV (a BOM is fine) with a header row. Required columns: ``term`` and ``frame``; the other
``LEXICON_COLUMNS`` (frame_en, gloss_en, policy_frame, variants, naming, name_option, not_inside) may be
left out and default to "". ``variants`` and ``not_inside`` are ``|``-separated. Terms and variants are
literal text (``.``, ``*``, ``(`` have no special meaning) but must contain at least one letter, digit or
Chinese character (a punctuation-only term could never be a token); they are stored simplified: a traditional form
written in the file is converted. Validation errors raise :class:`LexiconError` naming the file, the CSV
row (header = row 1) and the reason.

Example::

    >>> lex = lexicon_from_frame(pd.DataFrame({"term": ["冷战思维"], "frame": ["冷战对抗"]}))
    >>> lex.surface_forms()
    {'冷战思维': '冷战思维'}
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Final

import pandas as pd

from dashboard.schema import LEXICON_COLUMNS, POLICY_FRAMES
from dashboard.segment import to_simplified

DATA_DIR: Final = Path(__file__).resolve().parents[1] / "data"
REQUIRED_COLUMNS: Final = ("term", "frame")
_WORDCHAR: Final = re.compile(r"\w")
_POLICY_BY_FOLDED: Final = {p.casefold(): p for p in POLICY_FRAMES}


class LexiconError(ValueError):
    """An invalid lexicon file or table; the message names the file, row and reason."""


def _split(value: str) -> list[str]:
    return [to_simplified(v.strip()) for v in value.split("|") if v.strip()]


@dataclass(frozen=True, eq=False)
class Lexicon:
    """A validated lexicon table (``LEXICON_COLUMNS``, all strings, terms simplified)."""

    table: pd.DataFrame

    @cached_property
    def _forms(self) -> dict[str, str]:
        forms: dict[str, str] = {}
        for term, variants in zip(self.table["term"], self.table["variants"], strict=True):
            forms[term] = term
            for v in _split(variants):
                forms.setdefault(v, term)
        return forms

    @cached_property
    def _rows(self) -> dict[str, dict[str, str]]:
        return {str(r["term"]): {k: str(v) for k, v in r.items()} for r in self.table.to_dict("records")}

    def surface_forms(self) -> dict[str, str]:
        """Every term and variant (simplified) -> its canonical term."""
        return dict(self._forms)

    @property
    def terms(self) -> list[str]:
        """Canonical terms in file order."""
        return list(self.table["term"])

    def frame_of(self, term: str) -> str:
        """The issue frame of a canonical term (KeyError if unknown)."""
        return self._rows[term]["frame"]

    def row(self, term: str) -> dict[str, str]:
        """All columns of one canonical term."""
        return dict(self._rows[term])

    def not_inside(self, term: str) -> list[str]:
        """Longer words (simplified) in which this term must not be matched."""
        return _split(self._rows[term]["not_inside"])

    def naming_of(self, term: str) -> tuple[str, str]:
        """(naming, name_option) of a term; ("", "") when the term is not part of a naming choice."""
        row = self._rows[term]
        return row["naming"], row["name_option"]

    def namings(self) -> pd.DataFrame:
        """naming, name_option, term for every term that belongs to a contested naming choice."""
        df = self.table.loc[self.table["naming"] != "", ["naming", "name_option", "term"]]
        return df.reset_index(drop=True)


def lexicon_from_frame(df: pd.DataFrame, *, source: str = "<table>") -> Lexicon:
    """Validate a lexicon table (e.g. the dashboard's edited copy) and return a :class:`Lexicon`.

    Rows are reported as in a CSV with a header: the first data row is row 2.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        raise LexiconError(f"{source}: missing column(s): {', '.join(missing)}")
    return _validate(list(enumerate(df.to_dict("records"), start=2)), source=source)


def _validate(rows: list[tuple[int, Mapping[str, object]]], *, source: str) -> Lexicon:
    records: list[dict[str, str]] = []
    seen: dict[str, tuple[int, str]] = {}  # surface form -> (row, term)
    for rowno, raw in rows:
        where = f"{source}, row {rowno}"
        rec = {c: _cell(raw.get(c)) for c in LEXICON_COLUMNS}
        rec["term"] = to_simplified(rec["term"])
        term = rec["term"]
        if not any(rec.values()):
            continue  # a blank row (e.g. one just added in the dashboard's editor) is skipped, as in files
        if not term:
            raise LexiconError(f"{where}: empty term")
        if "|" in term:
            raise LexiconError(f"{where}: term {term!r} contains '|' (put other forms in 'variants')")
        if not rec["frame"]:
            raise LexiconError(f"{where}: term {term!r} has an empty frame")
        if rec["policy_frame"]:
            canon = _POLICY_BY_FOLDED.get(rec["policy_frame"].casefold())
            if canon is None:
                raise LexiconError(
                    f"{where}: unknown policy_frame {rec['policy_frame']!r} "
                    f"(one of: {'; '.join(POLICY_FRAMES)})"
                )
            rec["policy_frame"] = canon
        if rec["naming"] and not rec["name_option"]:
            raise LexiconError(f"{where}: term {term!r} has naming {rec['naming']!r} but no name_option")
        if rec["name_option"] and not rec["naming"]:
            raise LexiconError(f"{where}: term {term!r} has name_option {rec['name_option']!r} but no naming")
        rec["name_option"] = to_simplified(rec["name_option"])
        forms = list(dict.fromkeys([term, *_split(rec["variants"])]))
        for form in forms:
            if not _WORDCHAR.search(form):
                raise LexiconError(f"{where}: {form!r} has no letters, digits or Chinese characters")
        rec["variants"] = "|".join(forms[1:])
        not_inside = list(dict.fromkeys(_split(rec["not_inside"])))
        rec["not_inside"] = "|".join(not_inside)
        for form in forms:
            if form in seen:
                prev_row, prev_term = seen[form]
                what = "duplicate term" if form == term and prev_term == form else "duplicate surface form"
                raise LexiconError(
                    f"{where}: {what} {form!r} (already used by {prev_term!r} in row {prev_row})"
                )
            seen[form] = (rowno, term)
        for word in not_inside:
            if not any(f in word and f != word for f in forms):
                raise LexiconError(f"{where}: not_inside word {word!r} does not contain the term {term!r}")
        records.append(rec)
    table = pd.DataFrame(records, columns=list(LEXICON_COLUMNS)).astype(object)
    return Lexicon(table=table)


def _cell(value: object) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def load_lexicon(path: Path = DATA_DIR / "lexicon.csv") -> Lexicon:
    """Read and validate a lexicon CSV; raises :class:`LexiconError` naming file, row and reason."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read lexicon ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path}: not UTF-8 (byte {exc.start})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise LexiconError(f"{path}, row {reader.line_num}: malformed CSV ({exc})") from exc
    if not rows:
        raise LexiconError(f"{path}: empty file")
    header = [h.strip() for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise LexiconError(f"{path}: missing column(s): {', '.join(missing)}")
    body: list[tuple[int, Mapping[str, object]]] = []
    for rowno, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue  # blank line
        if len(row) > len(header):
            raise LexiconError(f"{path}, row {rowno}: {len(row)} fields but the header has {len(header)}")
        body.append((rowno, dict(zip(header, row, strict=False))))
    return _validate(body, source=str(path))
