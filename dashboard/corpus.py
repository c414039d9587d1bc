"""The extracted corpus every view works on: plain tables, no behaviour beyond construction."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard.schema import (
    ARTICLE_COLUMNS,
    LEXICON_COLUMNS,
    STATEMENT_COLUMNS,
    TERM_HIT_COLUMNS,
    TOKEN_COLUMNS,
)


def empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    """An empty DataFrame with the given columns."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


@dataclass(frozen=True)
class Corpus:
    """Extraction output plus the lexicon it was matched with.

    ``articles``, ``statements``, ``term_hits`` and ``tokens`` follow ``dashboard.schema``;
    ``lexicon`` is the lexicon table (``LEXICON_COLUMNS``); ``meta`` carries provenance
    (e.g. ``{"demo": True, "source": "data/corpus"}``).
    """

    articles: pd.DataFrame
    statements: pd.DataFrame
    term_hits: pd.DataFrame
    tokens: pd.DataFrame
    lexicon: pd.DataFrame
    meta: dict[str, object] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> Corpus:
        """A corpus with no rows, for empty filters and first start."""
        return cls(
            articles=empty_frame(ARTICLE_COLUMNS),
            statements=empty_frame(STATEMENT_COLUMNS),
            term_hits=empty_frame(TERM_HIT_COLUMNS),
            tokens=empty_frame(TOKEN_COLUMNS),
            lexicon=empty_frame(LEXICON_COLUMNS),
        )

    def replace(self, **changes: object) -> Corpus:
        """A copy with some tables replaced."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_demo(self) -> bool:
        """True while the bundled synthetic demo corpus is loaded."""
        return bool(self.meta.get("demo", False))
