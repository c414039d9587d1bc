"""Catalogue of malformed and hostile inputs: each one gives a clear ImportIssue (or a defined clean result),
never a crash or a hang, and never costs the other inputs of the same call.

Every article case is imported together with one good article (``good.md``), which must still import.
A case with ``bug=...`` runs as ``xfail(strict=True)``: a known bug in the module under test, the expected text in the case
is what the data-layer issue demands (see docs/RELIABILITY.md, "Known gaps").
"""

from __future__ import annotations

import io
import json
import stat
import struct
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ingest import MAX_FILE_BYTES, ImportResult, load_many, load_paths
from dashboard.lexicon import LexiconError, lexicon_from_frame, load_lexicon
from dashboard.registry import RegistryError, load_registry
from dashboard.schema import ACTOR_COLUMNS, GROUP_COLUMNS, PEOPLE_COLUMNS
from dashboard.terms import TermMatcher

GOOD_NAME = "good.md"
GOOD = (
    "---\ntitle: 正常文章\noutlet: 测试通讯社\ndate: 2023-07-12\n---\n"
    "外交部发言人表示，北约应摒弃冷战思维和零和博弈，这是一篇正常的测试文章。\n"
).encode()

BODY = "北约秘书长称，北约将继续在所谓印太地区扩大存在，引发各方关注。"
BODY2 = "欧盟发言人表示，欧方将与各方保持沟通，共同维护基于规则的国际秩序。"


# --------------------------------------------------------------------------- builders


def _zip(members: dict[str, bytes], *, deflate: bool = True) -> bytes:
    buf = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _declare_size(data: bytes, declared: int) -> bytes:
    """Rewrite every member's declared uncompressed size (local header + central directory)."""
    out = bytearray(data)
    for sig, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        i = out.find(sig)
        while i >= 0:
            struct.pack_into("<I", out, i + offset, declared)
            i = out.find(sig, i + 4)
    return bytes(out)


def _zip_with_symlink() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("link.md")
        info.create_system = 3  # unix
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
        zf.writestr("ok.md", BODY2.encode())
    return buf.getvalue()


def _zip_many(n: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for k in range(n):
            zf.writestr(f"m{k:05d}.md", b"x")
    return buf.getvalue()


def _billion_laughs() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, 9):
        prev, cur = chr(ord("a") + k - 1), chr(ord("a") + k)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    return ("---\n" + "\n".join(lines) + "\n---\n" + BODY).encode()


def _fm(front: str, body: str = BODY) -> bytes:
    return f"---\n{front}\n---\n{body}\n".encode()


def _csv(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


def _jsonl(*lines: object) -> bytes:
    return "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines).encode()


# --------------------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class Case:
    """One hostile input: either an error (``error`` in the reason of an issue whose source is ``source``)
    or a clean import of ``imports`` articles checked by ``check``."""

    id: str
    name: str
    data: Callable[[], bytes]
    error: str | None = None
    source: str | None = None  # defaults to ``name``
    imports: int = 0  # articles this input itself must yield (the good article comes on top)
    check: Callable[[pd.DataFrame], None] | None = None
    bug: str | None = None  # reason of a strict xfail: a known bug in the module


def _text_is(expected: str) -> Callable[[pd.DataFrame], None]:
    def check(df: pd.DataFrame) -> None:
        assert df["text"].tolist() == [expected]

    return check


def _title_is(expected: str, *, text: str | None = None) -> Callable[[pd.DataFrame], None]:
    def check(df: pd.DataFrame) -> None:
        assert df["title"].tolist() == [expected]
        if text is not None:
            assert df["text"].tolist() == [text]

    return check


def _gbk_check(df: pd.DataFrame) -> None:
    assert df["title"].tolist() == ["冷战思维"]
    assert df["text"].tolist() == ["外交部发言人表示，美方应当摒弃冷战思维，停止炒作所谓威胁论，维护地区和平稳定。"]
    assert df["language"].tolist() == ["zh-Hans"]


def _big5_check(df: pd.DataFrame) -> None:
    assert df["text"].tolist() == ["外交部發言人表示，美方應摒棄冷戰思維，停止炒作所謂威脅論，維護地區和平穩定。"]
    assert df["language"].tolist() == ["zh-Hant"]


def _astral_check(df: pd.DataFrame) -> None:
    text = df["text"].iloc[0]
    assert "𠀀" in text and "𪚥" in text and "😀" in text and "🇨🇳" in text
    assert df["language"].iloc[0] == "zh-Hans"


def _script_title(df: pd.DataFrame) -> None:
    # markup is stripped to plain text on import; nothing executable survives as a tag
    assert df["title"].tolist() == ["alert(1)标题"]
    assert "<" not in df["text"].iloc[0]


JS_LINK = "[点此查看](javascript:alert(document.cookie))"


def _js_link(df: pd.DataFrame) -> None:
    # a link whose URL has parentheses is not recognised as Markdown: it stays verbatim, as plain text
    assert df["text"].tolist() == [BODY + JS_LINK + "。"]


def _js_link_simple(df: pd.DataFrame) -> None:
    assert df["text"].tolist() == [BODY + "点此查看。"]


def _paragraph_flood(df: pd.DataFrame) -> None:
    assert df["text"].tolist() == [BODY + "\n" + BODY2]


def _million_lines(df: pd.DataFrame) -> None:
    # one paragraph per line; the first line is taken as the title (and its repeat dropped)
    assert df["title"].tolist() == ["a"]
    assert df["text"].iloc[0].count("\n") == 10**6 - 3


def _csv_row2(df: pd.DataFrame) -> None:
    assert df["source_file"].tolist() == ["wide.csv#row=2"]


def _jsonl_good_lines(df: pd.DataFrame) -> None:
    assert df["source_file"].tolist() == ["mixed.jsonl#line=1", "mixed.jsonl#line=3"]


TRUNCATED = BODY.encode()[:-1]  # the final "。" (3 bytes) cut after 2 bytes
INVALID_MID = BODY.encode() + b"\xc3\x28" + BODY2.encode()

CASES: list[Case] = [
    # ---- bytes and encodings
    Case("utf8-truncated", "trunc.md", lambda: TRUNCATED, f"undecodable bytes at offset {len(TRUNCATED) - 2}"),
    Case("utf8-invalid-middle", "bad_utf8.md", lambda: INVALID_MID, f"undecodable bytes at offset {len(BODY.encode())}"),
    Case("gbk-unlabelled", "gbk.md", lambda: (
        "---\ntitle: 冷战思维\n---\n外交部发言人表示，美方应当摒弃冷战思维，停止炒作所谓威胁论，维护地区和平稳定。\n"
    ).encode("gbk"), imports=1, check=_gbk_check),
    Case("big5-unlabelled", "big5.txt", lambda: (
        "外交部發言人表示，美方應摒棄冷戰思維，停止炒作所謂威脅論，維護地區和平穩定。"
    ).encode("big5"), imports=1, check=_big5_check),
    Case("utf16-bom-crlf", "utf16.md", lambda: ("# 标题\r\n\r\n" + BODY + "\r\n").encode("utf-16"),
         imports=1, check=_title_is("标题", text=BODY)),
    Case("utf8-bom-crlf", "bom.md", lambda: b"\xef\xbb\xbf" + ("# 标题\r\n\r\n" + BODY + "\r\n").encode(),
         imports=1, check=_title_is("标题", text=BODY)),
    Case("nul-bytes", "nul.md", lambda: BODY.encode() + b"\x00" + BODY2.encode(),
         f"binary file (NUL byte at offset {len(BODY.encode())}), not text"),
    Case("png-renamed-md", "photo.md", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary file (PNG image), not text"),
    Case("pdf-renamed-txt", "doc.txt", lambda: b"%PDF-1.7\n" + b"\xe2\xe3\xcf\xd3" * 100, "binary file (PDF document), not text"),
    Case("elf-renamed-csv", "prog.csv", lambda: b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "binary file (executable), not text"),
    Case("empty-file", "empty.md", lambda: b"", "empty file (0 bytes)"),
    Case("whitespace-only", "blank.md", lambda: " \n\t\n\u3000\n\r\n".encode(), "empty file (only whitespace)"),
    Case("too-short", "short.md", lambda: "北约。".encode(), "text too short: 3 characters of body (minimum 20)"),
    Case("unsupported-extension", "article.docx", lambda: BODY.encode(), "unsupported extension .docx"),
    Case("no-extension", "README", lambda: BODY.encode(), "unsupported extension (none)"),
    Case("over-size-limit", "huge.md", lambda: b"a" * (MAX_FILE_BYTES + 1), "over the 20 MB limit per file"),
    # ---- zip archives
    Case("empty-zip", "empty.zip", lambda: _zip({}), "empty zip archive"),
    Case("zip-bomb-member-over-limit", "bomb.zip", lambda: _zip({"bomb.md": b"a" * (30 * 1024 * 1024), "ok.md": BODY2.encode()}),
         "over the 20 MB limit per file", source="bomb.zip/bomb.md", imports=1),
    Case("zip-bomb-ratio", "ratio.zip", lambda: _zip({"ratio.md": ("北约" * 1024 * 1024).encode()}),
         "refused as a zip bomb", source="ratio.zip/ratio.md"),
    Case("zip-declared-total-over-limit", "decl.zip",
         lambda: _declare_size(_zip({f"m{k}.md": (BODY + str(k)).encode() for k in range(11)}), 19 * 1024 * 1024),
         "zip uncompressed size 219.2 MB is over the 200 MB limit"),
    Case("zip-header-lies-about-size", "lie.zip", lambda: _declare_size(_zip({"lie.md": b"a" * (8 * 1024 * 1024)}), 1000),
         "cannot read zip member (Bad CRC-32", source="lie.zip/lie.md"),
    Case("zip-too-many-members", "many.zip", lambda: _zip_many(5001), "zip has 5001 members, over the limit of 5,000"),
    Case("zip-dotdot-path", "dotdot.zip", lambda: _zip({"../evil.md": BODY.encode(), "ok.md": BODY2.encode()}),
         "zip member path is absolute or contains '..'; not imported", source="dotdot.zip/../evil.md", imports=1),
    Case("zip-inner-dotdot-path", "inner.zip", lambda: _zip({"a/../../evil.md": BODY.encode()}),
         "zip member path is absolute or contains '..'; not imported", source="inner.zip/a/../../evil.md"),
    Case("zip-absolute-path", "abs.zip", lambda: _zip({"/etc/cron.d/evil.md": BODY.encode(), "ok.md": BODY2.encode()}),
         "zip member path is absolute or contains '..'; not imported", source="abs.zip/etc/cron.d/evil.md", imports=1),
    Case("zip-windows-drive-path", "drive.zip", lambda: _zip({"C:/Windows/evil.md": BODY.encode()}),
         "zip member path is absolute or contains '..'; not imported", source="drive.zip/C:/Windows/evil.md"),
    Case("zip-symlink-member", "link.zip", _zip_with_symlink, "zip member is a symbolic link; not imported",
         source="link.zip/link.md", imports=1),
    Case("zip-nested-zip", "nest.zip", lambda: _zip({"inner.zip": _zip({"a.md": BODY.encode()})}),
         "nested zip archives are not imported", source="nest.zip/inner.zip"),
    Case("zip-corrupt", "broken.zip", lambda: b"PK\x03\x04" + b"\x00garbage" * 10, "not a valid zip archive"),
    Case("zip-hidden-and-macosx-skipped", "mac.zip",
         lambda: _zip({"__MACOSX/._a.md": b"\x00\x05\x16\x07", ".hidden.md": BODY.encode(), "a.md": BODY2.encode()}),
         imports=1, check=_text_is(BODY2)),
    # ---- size and structure
    Case("million-one-char-lines", "lines.txt", lambda: b"a\n" * 10**6, imports=1, check=_million_lines),
    Case("empty-paragraph-flood", "flood.md", lambda: ("\n\n" * 50_000 + BODY + "\n\n" * 50_000 + BODY2).encode(),
         imports=1, check=_paragraph_flood),
    # ---- tables
    Case("csv-unbalanced-quote", "quote.csv",
         lambda: _csv("title,text", f"t1,{BODY2}", f'"t2,{BODY}', f"t3,{BODY}再"),
         "malformed CSV (line 4): unexpected end of data", source="quote.csv#row=2", imports=1),
    Case("csv-too-many-columns", "wide.csv", lambda: _csv("title,text", f"t1,{BODY},extra", f"t2,{BODY2}"),
         "malformed CSV (line 2): row has 3 fields, header has 2", source="wide.csv#row=1", imports=1, check=_csv_row2),
    Case("csv-too-few-columns", "narrow.csv", lambda: _csv("title,date,text", "only-title", f"t2,2023-01-01,{BODY2}"),
         "header has 3", source="narrow.csv#row=1", imports=1),
    Case("csv-no-text-column", "notext.csv", lambda: _csv("title,headline2", f"a,{BODY}"),
         "no text column (found columns: 'title', 'headline2'; expected one of: text, content, body"),
    Case("csv-header-only", "header.csv", lambda: _csv("title,text"), "no rows (only a header)"),
    Case("jsonl-one-bad-line", "mixed.jsonl", lambda: _jsonl({"text": BODY}, "{bad json", {"text": BODY2}),
         "malformed JSON line: Expecting property name enclosed in double quotes (column 2)",
         source="mixed.jsonl#line=2", imports=2, check=_jsonl_good_lines),
    Case("jsonl-not-an-object", "list.jsonl", lambda: _jsonl([1, 2], {"text": BODY}), "JSON line is a list, not an object",
         source="list.jsonl#line=1", imports=1),
    Case("jsonl-nested-too-deeply", "deep.jsonl", lambda: _jsonl("[" * 100_000, {"text": BODY}),
         "malformed JSON line: nested too deeply", source="deep.jsonl#line=1", imports=1),
    Case("jsonl-no-text-key", "nokey.jsonl", lambda: _jsonl({"headline": BODY}), "no text column (found columns: 'headline'",
         source="nokey.jsonl#line=1"),
    # ---- dates
    Case("date-feb-30-unquoted-front-matter", "feb30.md", lambda: _fm("date: 2023-02-30"), "impossible date '2023-02-30'"),
    Case("date-feb-30-quoted-front-matter", "feb30q.md", lambda: _fm("date: '2023-02-30'"),
         "impossible date '2023-02-30' (day is out of range for month)"),
    Case("date-feb-30-cjk", "feb30cjk.md", lambda: _fm("date: 2023年2月30日"), "impossible date '2023年2月30日'"),
    Case("date-feb-30-csv", "dates.csv", lambda: _csv("text,date", f"{BODY},2023-02-30", f"{BODY2},2023-02-28"),
         "impossible date '2023-02-30'", source="dates.csv#row=1", imports=1),
    Case("date-unparseable", "yesterday.md", lambda: _fm("date: yesterday"), "unparseable date 'yesterday'"),
    Case("date-beyond-pandas-range", "far.csv", lambda: _csv("text,date", f"{BODY},9999-12-31", f"{BODY2},2023-01-01"),
         "out of range", source="far.csv#row=1", imports=1),
    # ---- front matter
    Case("front-matter-not-yaml", "notyaml.md", lambda: _fm("title: [unclosed\n  : x: y"),
         "front matter is not valid YAML at line 3"),
    Case("front-matter-python-tag", "tag.md", lambda: _fm('title: !!python/object/apply:os.system ["touch pwned"]'),
         "front matter uses a YAML tag (!!python/object/apply:os.system); tags are not allowed"),
    Case("front-matter-bare-python-tag", "tag2.md", lambda: _fm('!!python/object/apply:os.system ["touch pwned"]'),
         "tags are not allowed"),
    Case("front-matter-billion-laughs", "laughs.md", _billion_laughs, "front matter uses YAML anchors/aliases; they are not allowed"),
    Case("front-matter-not-closed", "open.md", lambda: ("---\ntitle: x\n" + BODY).encode(),
         "front matter starts with '---' but has no closing '---' line"),
    Case("front-matter-scalar", "scalar.md", lambda: _fm("just a sentence"), "front matter must be 'key: value' lines, got str"),
    Case("front-matter-bad-synthetic", "synth.md", lambda: _fm("synthetic: maybe"), "invalid synthetic value 'maybe'"),
    # ---- hostile content: imported as plain text
    Case("script-tag-title", "xss.md", lambda: _fm("title: <script>alert(1)</script>标题", "<b>" + BODY + "</b>"),
         imports=1, check=_script_title),
    Case("img-onerror-body", "img.md", lambda: ('<img src=x onerror="alert(1)">' + BODY).encode(), imports=1, check=_text_is(BODY)),
    Case("javascript-link-verbatim", "js.md", lambda: (BODY + JS_LINK + "。").encode(), imports=1, check=_js_link),
    Case("javascript-link-text-kept", "js2.md", lambda: (BODY + "[点此查看](javascript:void0)。").encode(),
         imports=1, check=_js_link_simple),
    Case("rtl-override", "rlo.md", lambda: _fm('title: "\u202eevil\u202c标题"', "\u202e" + BODY),
         imports=1, check=_title_is("\u202eevil\u202c标题", text="\u202e" + BODY)),
    Case("emoji-and-astral-cjk", "astral.md", lambda: ("😀🇨🇳 " + BODY + " 𠀀𠀁𪚥").encode(), imports=1, check=_astral_check),
    Case("quote-never-closed", "unclosed.md", lambda: ("外交部发言人表示：“" + BODY * 3).encode(), imports=1,
         check=_text_is("外交部发言人表示：“" + BODY * 3)),
    Case("ten-thousand-nested-quotes", "nested.md", lambda: ("外交部发言人表示：" + "“" * 10_000 + BODY + "”" * 10_000).encode(),
         imports=1, check=_text_is("外交部发言人表示：" + "“" * 10_000 + BODY + "”" * 10_000)),
]


def _params() -> list[object]:
    out: list[object] = []
    for c in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=c.bug)] if c.bug else []
        out.append(pytest.param(c, id=c.id, marks=marks))
    return out


def _good_imported(result: ImportResult) -> None:
    assert GOOD_NAME in result.articles["source_file"].tolist(), [str(i) for i in result.issues]


def test_catalogue_is_large_enough() -> None:
    assert len(CASES) >= 45
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", _params())
def test_hostile_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a YAML payload that ran would leave "pwned" here
    data = case.data()
    start = time.perf_counter()
    result = load_many([(case.name, data), (GOOD_NAME, GOOD)])
    elapsed = time.perf_counter() - start
    assert elapsed < 20, f"{case.id} took {elapsed:.1f} s"
    _good_imported(result)
    assert not (tmp_path / "pwned").exists()
    mine = result.articles[result.articles["source_file"] != GOOD_NAME]
    if case.error is not None:
        source = case.source or case.name
        matching = [i for i in result.errors if i.source == source and case.error in i.reason]
        assert matching, f"expected {source}: ...{case.error}... got {[str(i) for i in result.issues]}"
        assert str(matching[0]) == f"{source}: {matching[0].reason}"
    else:
        assert not result.errors, [str(i) for i in result.errors]
    assert len(mine) == case.imports, (mine[["source_file", "text"]].to_dict("records"), [str(i) for i in result.issues])
    if case.check is not None:
        case.check(mine.reset_index(drop=True))


def test_hundred_megabyte_single_line_is_refused_quickly(tmp_path: Path) -> None:
    big = tmp_path / "one_line.md"
    with big.open("wb") as fh:
        chunk = "北约" * (1 << 19)  # 3 MiB of UTF-8, no newline
        for _ in range(34):
            fh.write(chunk.encode())
    assert big.stat().st_size > 100 * 1024 * 1024
    good = tmp_path / GOOD_NAME
    good.write_bytes(GOOD)
    start = time.perf_counter()
    result = load_paths([big, good])
    assert time.perf_counter() - start < 2
    assert [str(i) for i in result.errors] == [f"{big}: file is 107.0 MB, over the 20 MB limit per file"]
    assert result.articles["source_file"].tolist() == [str(good)]


def test_hostile_files_in_a_folder_do_not_stop_the_walk(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a_photo.md").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    (folder / "sub" / "b_good.md").write_bytes(GOOD)
    (folder / "c.zip").write_bytes(_zip({"../x.md": BODY.encode()}))
    (folder / ".hidden.md").write_bytes(BODY.encode())
    result = load_paths([folder, tmp_path / "missing.md"])
    assert result.articles["source_file"].tolist() == [str(folder / "sub" / "b_good.md")]
    assert sorted(str(i) for i in result.errors) == sorted(
        [
            f"{folder / 'a_photo.md'}: binary file (PNG image), not text",
            f"{folder / 'c.zip'}/../x.md: zip member path is absolute or contains '..'; not imported",
            f"{tmp_path / 'missing.md'}: no such file or folder",
        ]
    )


# --------------------------------------------------------------------------- lexicon files

LEX_HEADER = "term,frame,variants,naming,name_option\n"


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        pytest.param("冷战思维,冷战对抗,,,\n冷战思维,冷战对抗,,,\n", "row 3: duplicate term '冷战思维' (already used by '冷战思维' in row 2)", id="duplicate-term"),
        pytest.param("冷战思维,冷战对抗,,,\n冷戰思維,冷战对抗,,,\n", "row 3: duplicate term '冷战思维'", id="duplicate-after-t2s"),
        pytest.param("冷战思维,冷战对抗,零和博弈,,\n零和博弈,冷战对抗,,,\n", "row 3: duplicate surface form '零和博弈'", id="variant-collides"),
        pytest.param(",冷战对抗,,,\n", "row 2: empty term", id="empty-term"),
        pytest.param("   ,冷战对抗,,,\n", "row 2: empty term", id="blank-term"),
        pytest.param("冷战思维,,,,\n", "row 2: term '冷战思维' has an empty frame", id="empty-frame"),
        pytest.param("a|b,冷战对抗,,,\n", "row 2: term 'a|b' contains '|'", id="pipe-in-term"),
        pytest.param("印太,命名,,印太/亚太,\n", "row 2: term '印太' has naming '印太/亚太' but no name_option", id="naming-without-option"),
        pytest.param('"冷战思维,冷战对抗,,,\n', "row 2: term '冷战思维,冷战对抗,,,' has an empty frame", id="unbalanced-quote"),
        pytest.param("冷战思维,冷战对抗,,,,extra,extra2,x,y,z\n", "row 2: 10 fields but the header has 5", id="too-many-fields"),
    ],
)
def test_bad_lexicon_file_names_file_and_row(tmp_path: Path, rows: str, error: str) -> None:
    path = tmp_path / "lexicon.csv"
    path.write_text(LEX_HEADER + rows, encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert str(path) in str(info.value)
    assert error in str(info.value)


def test_lexicon_not_utf8_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.csv"
    path.write_bytes((LEX_HEADER + "冷战思维,冷战对抗,,,\n").encode("gbk"))
    with pytest.raises(LexiconError, match="not UTF-8"):
        load_lexicon(path)
    path.write_text(LEX_HEADER + "\n冷战思维,冷战对抗,,,\n,,,,\n\n", encoding="utf-8")
    assert load_lexicon(path).terms == ["冷战思维"]


@pytest.mark.parametrize(
    ("term", "hit_text", "miss_text"),
    [
        ("冷战.*", "他说冷战.*是通配符", "冷战思维"),
        ("(印太", "所谓(印太战略", "所谓印太战略"),
        ("[亚太]", "写作[亚太]的地方", "亚太"),
        ("a+b", "公式a+b成立", "aab"),
        ("^北约$", "字面^北约$出现", "北约"),
        ("\\d+", "反斜杠\\d+写法", "123"),
    ],
)
def test_regex_like_terms_are_matched_literally(term: str, hit_text: str, miss_text: str) -> None:
    lex = lexicon_from_frame(pd.DataFrame({"term": [term, "北约"], "frame": ["测试", "测试"]}))
    matcher = TermMatcher(lex)
    assert matcher.count(hit_text).get(term) == (1, 0)
    assert term not in matcher.count(miss_text)


def test_regex_like_terms_survive_the_segmenter_and_pipeline() -> None:
    from dashboard.pipeline import extract
    from dashboard.registry import registry_from_frames

    lex = lexicon_from_frame(pd.DataFrame({"term": ["冷战.*", "(印太", "冷战思维"], "frame": ["x", "y", "z"]}))
    reg = registry_from_frames(
        pd.DataFrame([("北约", "NATO", "北约", "military alliance", "北约秘书长")], columns=list(ACTOR_COLUMNS)),
        pd.DataFrame(columns=list(PEOPLE_COLUMNS)),
        pd.DataFrame([("北约", "NATO", "bloc", "北约")], columns=list(GROUP_COLUMNS)),
    )
    articles = load_many([("a.md", "北约秘书长称，所谓(印太战略和冷战.*都是冷战思维，引发各方关注。".encode())]).articles
    hits = extract(articles, lexicon=lex, registry=reg).corpus.term_hits
    assert dict(zip(hits["term"], hits["count"], strict=True)) == {"冷战.*": 1, "(印太": 1, "冷战思维": 1}


@pytest.mark.parametrize("term", [".*", "？！", "(", "……"])
def test_punctuation_only_terms_are_refused(term: str) -> None:
    with pytest.raises(LexiconError, match=r"row 2: .* has no letters, digits or Chinese characters"):
        lexicon_from_frame(pd.DataFrame({"term": [term], "frame": ["字面"]}))


# --------------------------------------------------------------------------- registry folders


def _registry_dir(tmp: Path, *, groups: Sequence[tuple[str, ...]], actors: Sequence[tuple[str, ...]],
                  people: Sequence[tuple[str, ...]]) -> Path:
    d = tmp / "registry"
    d.mkdir()
    pd.DataFrame(groups, columns=list(GROUP_COLUMNS)).to_csv(d / "groups.csv", index=False)
    pd.DataFrame(actors, columns=list(ACTOR_COLUMNS)).to_csv(d / "actors.csv", index=False)
    pd.DataFrame(people, columns=list(PEOPLE_COLUMNS)).to_csv(d / "people.csv", index=False)
    return d


GROUPS = [("中国", "China", "country", "中国|中方"), ("北约", "NATO", "bloc", "北约")]
MFA = ("中国外交部", "Chinese MFA", "中国", "government", "外交部发言人|外交部")
NATO = ("北约", "NATO", "北约", "military alliance", "北约秘书长")


@pytest.mark.parametrize(
    ("actors", "people", "file", "error"),
    [
        pytest.param([MFA, ("北约", "NATO", "北约", "military alliance", "外交部发言人")], [], "actors.csv",
                     "row 3: alias '外交部发言人' maps to two actors ('中国外交部' and '北约')", id="alias-two-actors"),
        pytest.param([MFA, NATO], [("某人", "Someone", "部长", "不存在的机构", "2020", "", "")], "people.csv",
                     "row 2: unknown actor '不存在的机构'", id="unknown-actor"),
        pytest.param([("中国外交部", "MFA", "中国", "government", "外交部发言人||外交部")], [], "actors.csv",
                     "row 2: empty alias in '外交部发言人||外交部'", id="empty-alias"),
        pytest.param([("中国外交部", "MFA", "中国", "government", "外交部|")], [], "actors.csv",
                     "row 2: empty alias in '外交部|'", id="trailing-empty-alias"),
        pytest.param([MFA, NATO], [("斯托尔滕贝格", "Stoltenberg", "秘书长", "北约", "2014", "", "斯氏||")], "people.csv",
                     "row 2: empty alias in '斯氏||'", id="person-empty-alias"),
        pytest.param([MFA, MFA], [], "actors.csv", "row 3: duplicate actor '中国外交部'", id="duplicate-actor"),
        pytest.param([("火星外交部", "Mars MFA", "火星", "government", "")], [], "actors.csv",
                     "row 2: unknown group '火星'", id="unknown-group"),
        pytest.param([MFA, NATO], [("斯托尔滕贝格", "Stoltenberg", "秘书长", "北约", "二〇一四", "", "")], "people.csv",
                     "row 2: start must be a year", id="start-not-a-year"),
    ],
)
def test_bad_registry_names_file_and_row(
    tmp_path: Path, actors: list[tuple[str, ...]], people: list[tuple[str, ...]], file: str, error: str
) -> None:
    d = _registry_dir(tmp_path, groups=GROUPS, actors=actors, people=people)
    with pytest.raises(RegistryError) as info:
        load_registry(d)
    assert str(d / file) in str(info.value)
    assert error in str(info.value)


def test_registry_alias_repeated_within_one_actor_is_harmless(tmp_path: Path) -> None:
    d = _registry_dir(
        tmp_path,
        groups=GROUPS,
        actors=[("中国外交部", "MFA", "中国", "government", "外交部|外交部|外交部发言人"), NATO],
        people=[("斯托尔滕贝格", "Stoltenberg", "秘书长", "北约", "2014", "2024", "斯托尔滕贝格")],
    )
    reg = load_registry(d)
    ref = reg.resolve("外交部")
    assert ref is not None and ref.actor == "中国外交部"
    person = reg.resolve("斯托尔滕贝格")
    assert person is not None and (person.actor, person.person) == ("北约", "斯托尔滕贝格")


# --------------------------------------------------------------------------- static security checks

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*(ROOT / "dashboard").rglob("*.py"), ROOT / "app.py"])
UNSAFE_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "cloudpickle", "joblib"}
UNSAFE_CALLS = {"eval", "exec", "compile", "__import__"}
UNSAFE_ATTRS = {
    ("yaml", "load"), ("yaml", "unsafe_load"), ("yaml", "full_load"), ("yaml", "load_all"), ("yaml", "Loader"),
    ("yaml", "UnsafeLoader"), ("yaml", "FullLoader"), ("os", "system"), ("os", "popen"), ("pd", "read_pickle"),
    ("pandas", "read_pickle"),
}


def _is_constant_text(node: object) -> bool:
    import ast

    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) for v in node.values)
    return False


def test_no_unsafe_deserialisation_or_code_execution_in_the_package() -> None:
    import ast

    found: list[str] = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        safe_loaders = {"SafeLoader", "CSafeLoader"} | {
            c.name for c in ast.walk(tree) if isinstance(c, ast.ClassDef)
            and any(ast.unparse(b) in ("yaml.SafeLoader", "yaml.CSafeLoader", "SafeLoader") for b in c.bases)
        }
        safe_calls = {  # yaml.load(..., Loader=<a SafeLoader or a subclass of it>) is safe
            id(n.func) for n in ast.walk(tree)
            if isinstance(n, ast.Call) and ast.unparse(n.func) in ("yaml.load", "yaml.load_all")
            and any(kw.arg == "Loader" and ast.unparse(kw.value).split(".")[-1] in safe_loaders for kw in n.keywords)
        }
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if id(node) in safe_calls:
                continue
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                found += [f"{where} imports {n}" for n in names if n.split(".")[0] in UNSAFE_MODULES]
            elif isinstance(node, ast.Call):
                if isinstance(node.func, ast.Name) and node.func.id in UNSAFE_CALLS:
                    found.append(f"{where} calls {node.func.id}()")
                for kw in node.keywords:
                    if kw.arg == "shell" and isinstance(kw.value, ast.Constant) and kw.value.value is True:
                        found.append(f"{where} runs a shell")
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in UNSAFE_ATTRS
            ):
                found.append(f"{where} uses {node.value.id}.{node.attr}")
    assert found == []


def test_html_is_only_ever_rendered_from_constant_strings() -> None:
    import ast

    found: list[str] = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            unsafe = any(
                kw.arg in ("unsafe_allow_html", "allow_html") and not (isinstance(kw.value, ast.Constant) and kw.value.value is False)
                for kw in node.keywords
            )
            if (unsafe or name == "html") and not (node.args and _is_constant_text(node.args[0])):
                found.append(f"{where}: {name}(...) renders HTML from a non-constant value")
    assert found == []


def test_upload_size_is_limited_by_streamlit_and_by_the_loader() -> None:
    import tomllib

    from dashboard.ingest import MAX_ZIP_TOTAL_BYTES

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    max_mb = config["server"]["maxUploadSize"]
    assert isinstance(max_mb, int) and 0 < max_mb <= MAX_ZIP_TOTAL_BYTES // (1024 * 1024)
    # the loader refuses oversize inputs by itself (e.g. when called from the CLI or a future API)
    result = load_many([("big.md", b"a" * (MAX_FILE_BYTES + 1)), (GOOD_NAME, GOOD)])
    assert [str(i) for i in result.errors] == ["big.md: file is 21.0 MB, over the 20 MB limit per file"]
    _good_imported(result)
