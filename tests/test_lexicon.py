"""Lexicon loading and validation: each bad row is named with file, row and reason."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.lexicon import DATA_DIR, LexiconError, lexicon_from_frame, load_lexicon
from dashboard.schema import LEXICON_COLUMNS

HEADER = ",".join(LEXICON_COLUMNS)
GOOD = f"""{HEADER}
冷战思维,冷战对抗,Cold-War confrontation,Cold War mentality,Security and defense,冷战心态,,,
印太,地区命名,Regional naming,Indo-Pacific,Political,,印太/亚太,印太,
亚太,地区命名,Regional naming,Asia-Pacific,Political,,印太/亚太,亚太,
东进亚太,北约扩张,NATO expansion,eastward into the Asia-Pacific,Security and defense,,印太/亚太,亚太,
印度,国家,Country,India,other,,,,印度尼西亚
a.b*(c),测试,Test,regex-looking literal,,,,,
"""


def _write(tmp_path: Path, text: str, name: str = "lexicon.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_good_lexicon(tmp_path: Path) -> None:
    lex = load_lexicon(_write(tmp_path, GOOD))
    assert list(lex.table.columns) == list(LEXICON_COLUMNS)
    assert lex.terms == ["冷战思维", "印太", "亚太", "东进亚太", "印度", "a.b*(c)"]
    forms = lex.surface_forms()
    assert forms["冷战心态"] == "冷战思维"
    assert forms["a.b*(c)"] == "a.b*(c)"
    assert lex.frame_of("冷战思维") == "冷战对抗"
    assert lex.not_inside("印度") == ["印度尼西亚"]
    assert lex.naming_of("东进亚太") == ("印太/亚太", "亚太")
    assert lex.row("印度")["policy_frame"] == "Other"  # case-insensitive, stored canonical
    namings = lex.namings()
    assert list(namings.columns) == ["naming", "name_option", "term"]
    assert set(namings["term"]) == {"印太", "亚太", "东进亚太"}


def test_bom_and_missing_optional_columns(tmp_path: Path) -> None:
    path = tmp_path / "lex.csv"
    path.write_bytes("\ufeffterm,frame\n零和博弈,冷战对抗\n\n系统性挑战,威胁建构\n".encode())
    lex = load_lexicon(path)
    assert lex.terms == ["零和博弈", "系统性挑战"]
    assert lex.table.loc[0, "variants"] == ""


def test_traditional_terms_are_simplified(tmp_path: Path) -> None:
    lex = load_lexicon(_write(tmp_path, "term,frame,variants\n冷戰思維,冷战对抗,冷戰心態\n"))
    assert lex.surface_forms() == {"冷战思维": "冷战思维", "冷战心态": "冷战思维"}


@pytest.mark.parametrize(
    ("body", "row", "reason"),
    [
        ("term,gloss_en\n冷战思维,x\n", None, "missing column(s): frame"),
        ("term,frame\n冷战思维,冷战对抗\n,冷战对抗\n", 3, "empty term"),
        ("term,frame\n冷战思维,冷战对抗\n冷战思维,别的\n", 3, "duplicate term '冷战思维'"),
        (
            "term,frame,variants\n冷战思维,冷战对抗,零和博弈\n零和博弈,冷战对抗,\n",
            3,
            "duplicate surface form '零和博弈'",
        ),
        ("term,frame\n冷战思维,冷战对抗\n冷戰思維,冷战对抗\n", 3, "duplicate term"),
        ("term,frame,policy_frame\n冷战思维,冷战对抗,Warfare\n", 2, "unknown policy_frame 'Warfare'"),
        ("term,frame,naming\n印太,地区命名,印太/亚太\n", 2, "no name_option"),
        ("term,frame,name_option\n印太,地区命名,印太\n", 2, "no naming"),
        ("term,frame\n冷战思维,\n", 2, "empty frame"),
        ("term,frame,not_inside\n印度,国家,印尼\n", 2, "does not contain"),
        ("term,frame\n冷战思维,a,b,c\n", 2, "fields but the header"),
        ("term,frame\n？！,字面\n", 2, "has no letters, digits or Chinese characters"),
        ("term,frame,variants\n冷战思维,冷战对抗,.*\n", 2, "'.*' has no letters"),
    ],
)
def test_errors_name_file_row_and_reason(tmp_path: Path, body: str, row: int | None, reason: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    msg = str(err.value)
    assert str(path) in msg
    assert reason in msg
    if row is not None:
        assert f"row {row}:" in msg


def test_unreadable_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="cannot read"):
        load_lexicon(tmp_path / "nope.csv")
    with pytest.raises(LexiconError, match="empty file"):
        load_lexicon(_write(tmp_path, ""))
    bad = tmp_path / "gbk.csv"
    bad.write_bytes("term,frame\n冷战思维,冷战对抗\n".encode("gbk"))
    with pytest.raises(LexiconError, match="not UTF-8"):
        load_lexicon(bad)


def test_lexicon_from_frame_validates_edited_tables() -> None:
    lex = lexicon_from_frame(pd.DataFrame({"term": ["胁迫"], "frame": ["威胁建构"], "variants": [None]}))
    assert lex.surface_forms() == {"胁迫": "胁迫"}
    with pytest.raises(LexiconError, match=r"<table>, row 3: duplicate term"):
        lexicon_from_frame(pd.DataFrame({"term": ["胁迫", "胁迫"], "frame": ["a", "b"]}))


def test_default_lexicon_loads() -> None:
    lex = load_lexicon()
    assert lex.table.equals(load_lexicon(DATA_DIR / "lexicon.csv").table)
    assert len(lex.terms) >= 10
    assert not lex.namings().empty


def test_blank_rows_from_the_editor_are_skipped() -> None:
    df = pd.DataFrame(
        [
            {"term": "冷战思维", "frame": "冷战对抗"},
            {"term": "", "frame": ""},
            {"term": None, "frame": None},
        ]
    )
    assert lexicon_from_frame(df).table["term"].tolist() == ["冷战思维"]
