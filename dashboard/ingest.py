"""Import news articles: files, folders, uploads and zip archives -> clean articles + an import report.

One loader serves the CLI (:func:`load_paths`) and the dashboard's upload (:func:`load_bytes`,
:func:`load_many`). Every input that cannot be imported yields one :class:`ImportIssue` naming the file
(and ``#row=N`` / ``#line=N`` for tables) and the reason; the other inputs still import.

Formats
    ``.md`` / ``.markdown`` / ``.txt``
        One article per file, optional YAML front matter between ``---`` lines with the keys of the
        column table below (``title``, ``outlet``, ``date``, ``url``, ``language``, ``synthetic``, ``id``).
        Front matter is read with ``yaml.safe_load``; tags (``!!python/object``...) and anchors are refused.
    ``.csv`` / ``.tsv`` / ``.jsonl``
        One article per row (CSV/TSV: header row required; JSONL: one JSON object per line). ``#row=N``
        counts data rows from 1 (the header is not a row); ``#line=N`` counts JSONL lines from 1.
    ``.zip``
        Any of the above inside, read in memory (never extracted to disk), members in name order, named
        ``batch.zip/inner/a.md``. Hidden members and ``__MACOSX/`` are skipped; nested zips are refused.
    Folders
        Walked recursively in sorted order; hidden files and folders (name starting with ``.``) are skipped.

Columns and aliases (CSV/TSV header, JSONL keys, front matter keys; case-insensitive, spaces and ``-``
read as ``_``)::

    field      aliases
    ---------  -------------------------------------------------------------------------
    text       text, content, body, 正文, 内容, 內容          (required)
    title      title, headline, 标题, 標題
    date       date, published, pubdate, time, 发布时间, 日期, published_at, publish_date, pub_date,
               datetime, 發佈時間
    outlet     outlet, source, media, 来源, 媒体, 來源, 媒體
    url        url, link
    id         id, article_id
    language   language, lang
    synthetic  synthetic

Dates: ``2023-07-12``, ``2023-07-12 08:00``, ``2023-07-12T08:00+08:00`` (kept as the written local time,
offset dropped), ``2023/7/12``, ``2023.7.12``, ``20230712``, ``2023年7月12日 [08:00]``, ``12 July 2023``,
``July 12, 2023``, RFC 2822 (``Wed, 12 Jul 2023 08:00:00 +0800``), epoch seconds (int or numeric string,
read as UTC; 13-digit values are read as milliseconds). A missing date is allowed (the article is
undated); an unparseable or impossible date (``2023-02-30``) is an error for that record.

Limits: :data:`MAX_FILE_BYTES` (20 MB) per file or zip member, :data:`MAX_ZIP_TOTAL_BYTES` (200 MB
uncompressed per zip), :data:`MAX_ZIP_MEMBERS` (5,000), a member compressing better than
:data:`MAX_ZIP_RATIO` (100:1, members over 1 MiB) is refused as a zip bomb, and a body needs at least
:data:`MIN_TEXT_CHARS` (20) non-space characters. The size limits are a keyword option
(``load_paths(paths, limits=Limits(max_file_bytes=...))``) for large trusted exports.

Encodings: UTF-8 (with or without BOM), UTF-16/UTF-32 with BOM, GB18030/GBK and Big5 (the more plausible
decoding wins), then charset-normalizer for other legacy encodings. Text with NUL bytes or a known binary
signature (PNG, PDF, ...) is refused as binary; UTF-8 that is truncated or corrupt after valid UTF-8 text is
refused as undecodable (rather than imported as mojibake).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import html
import io
import json
import math
import os
import re
import stat
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any, Final, Literal

import pandas as pd
import yaml

from dashboard.schema import ARTICLE_COLUMNS

# ---------------------------------------------------------------------------------------------------
# Constants (documented in the module docstring; the README copies them)

MAX_FILE_BYTES: Final = 20 * 1024 * 1024
MAX_ZIP_TOTAL_BYTES: Final = 200 * 1024 * 1024
MAX_ZIP_MEMBERS: Final = 5_000
MAX_ZIP_RATIO: Final = 100
ZIP_RATIO_MIN_BYTES: Final = 1024 * 1024  # the ratio check applies to members at least this large
MIN_TEXT_CHARS: Final = 20

TEXT_EXTENSIONS: Final = (".md", ".markdown", ".txt")
TABLE_EXTENSIONS: Final = (".csv", ".tsv", ".jsonl")
ZIP_EXTENSIONS: Final = (".zip",)
SUPPORTED_EXTENSIONS: Final = (*TEXT_EXTENSIONS, *TABLE_EXTENSIONS, *ZIP_EXTENSIONS)

#: Article field -> accepted column names / keys (first listed is the documented name).
COLUMN_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "text": ("text", "content", "body", "正文", "内容", "內容"),
    "title": ("title", "headline", "标题", "標題"),
    "date": (
        "date",
        "published",
        "pubdate",
        "time",
        "发布时间",
        "日期",
        "published_at",
        "publish_date",
        "pub_date",
        "datetime",
        "發佈時間",
    ),
    "outlet": ("outlet", "source", "media", "来源", "媒体", "來源", "媒體"),
    "url": ("url", "link"),
    "id": ("id", "article_id"),
    "language": ("language", "lang"),
    "synthetic": ("synthetic",),
}

#: Boilerplate paragraphs removed from the body: (label, regex). A paragraph (or a line, before
#: hard-wrapped lines are joined) whose de-emphasized text matches one of these is dropped.
FOOTER_PATTERNS: Final[tuple[tuple[str, str], ...]] = (
    (
        "exclusive-copyright",
        r"^本文(?:系|为|為|係)[^。\n]{0,40}?(?:独家|獨家|原创|原創|授权|授權|专稿|專稿)?稿件",
    ),
    (
        "no-reprint",
        r"未[经經](?:授权|授權|许可|許可|允许|允許|同意)[^。\n]{0,20}?不得(?:转载|轉載|转发|轉發|使用|复制|複製)",
    ),
    (
        "editor",
        r"^[（(【\[]?\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯|主编|主編|审核|審核|校对|校對|值班编辑|值班編輯|实习编辑|實習編輯|审校|審校)\s*[:：]",
    ),
    ("source", r"^[（(【\[]?\s*(?:来源|來源|稿源|出处|出處|本文来源|本文來源)\s*[:：｜丨]"),
    ("original-title", r"^[（(【\[]?\s*原(?:标题|標題|题|題)\s*[:：《]"),
    (
        "disclaimer",
        r"^[【\[（(]?\s*(?:免责声明|免責聲明|版权声明|版權聲明|特别声明|特別聲明|声明|聲明)\s*(?:[:：】\]）)]|$)",
    ),
    ("reprint-note", r"^(?:转载请注明|轉載請註明|如需转载|如需轉載|转载请联系|轉載請聯繫)"),
    ("republished-from", r"^本文(?:来自|來自|转载自|轉載自|转自|轉自|首发于|首發於|原载于|原載於)"),
    ("opinion-disclaimer", r"^(?:本文|此文|文章)?(?:仅代表|僅代表|只代表)作者(?:个人|個人)?(?:观点|觀點)"),
    ("copyright", r"^(?:©|\(c\)|copyright\b|版权所有|版權所有)"),
    ("rights-reserved", r"all rights reserved"),
    ("end-mark", r"^[（(【\[]?\s*(?:完|全文完|END|end)\s*[）)】\]]?$"),
    ("app-promo", r"^(?:扫码|掃碼|扫描二维码|掃描二維碼|点击关注|點擊關注|欢迎关注|歡迎關注|长按|長按)"),
    (
        "app-furniture",
        r"^(?:点击蓝字|點擊藍字|点击上方|點擊上方|打开APP|打開APP|展开全文|展開全文|阅读原文|閱讀原文"
        r"|点击查看大图|點擊查看大圖|打印本页|打印本頁|关闭窗口|關閉窗口|(?:举报|舉報|在看|END)$"
        r"|分享\s*(?:收藏|点赞|點贊|在看)|原创\s+\S[^。！？]{0,40}\d{4}年?\d{1,2}月?\d{1,2}日?)",
    ),
)

# Anchored patterns run as one alternation with match(); the few unanchored ones only run on lines that
# contain their hint (search() over a long alternation at every position is the slow part otherwise).
_FOOTER_START_RE: Final = re.compile(
    "|".join(f"(?:{p[1:]})" for _, p in FOOTER_PATTERNS if p.startswith("^")), re.IGNORECASE
)
_FOOTER_HINTS: Final = {
    "no-reprint": "不得",
    "rights-reserved": "eserved",
}  # plain substrings (case: see below)
_FOOTER_ANYWHERE_RE: Final = re.compile(
    "|".join(f"(?:{p})" for _, p in FOOTER_PATTERNS if not p.startswith("^")), re.IGNORECASE
)
assert set(_FOOTER_HINTS) == {label for label, p in FOOTER_PATTERNS if not p.startswith("^")}


def _footer_match(t: str) -> bool:
    """True when text (already stripped) matches one of FOOTER_PATTERNS."""
    if _FOOTER_START_RE.match(t):
        return True
    return ("不得" in t or "eserved" in t or "ESERVED" in t) and _FOOTER_ANYWHERE_RE.search(t) is not None


_FOOTER_MAX_CHARS: Final = 200
_TRAILING_FOOTER_RE: Final = re.compile(
    r"\s*[（(【\[]\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯|完|来源|來源)[^（）()【】\[\]\n]{0,30}[）)】\]]\s*$"
)
_SOURCE_FOOTER_RE: Final = re.compile(
    r"^[（(【\[]?\s*(?:来源|來源|稿源)\s*[:：]\s*([^（）()【】\[\]|｜丨\s]{2,20})"
)

# ---------------------------------------------------------------------------------------------------
# Public types


class ArticleError(ValueError):
    """One record cannot be imported; the message is the reason shown to the user."""


@dataclass(frozen=True)
class ImportIssue:
    """One problem with one input (file, zip member or table row)."""

    source: str
    reason: str
    kind: Literal["error", "duplicate", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class ImportResult:
    """Imported articles (``ARTICLE_COLUMNS`` + ``content_hash``) and every issue met on the way."""

    articles: pd.DataFrame
    issues: list[ImportIssue] = field(default_factory=list)

    @property
    def errors(self) -> list[ImportIssue]:
        """Inputs that could not be imported."""
        return [i for i in self.issues if i.kind == "error"]

    @property
    def duplicates(self) -> list[ImportIssue]:
        """Inputs skipped because an identical text was already imported."""
        return [i for i in self.issues if i.kind == "duplicate"]

    @property
    def warnings(self) -> list[ImportIssue]:
        """Imported with a remark (e.g. a renamed duplicate id)."""
        return [i for i in self.issues if i.kind == "warning"]

    def summary(self) -> dict[str, int]:
        """Counts for the CLI line: imported, duplicates, failed, warnings."""
        return {
            "imported": len(self.articles),
            "duplicates": len(self.duplicates),
            "failed": len(self.errors),
            "warnings": len(self.warnings),
        }


@dataclass(frozen=True)
class Dateline:
    """A dateline found at the start of the body (``新华社北京7月12日电（记者 张三）``)."""

    text: str
    outlet: str
    month: int | None
    day: int | None
    end: int  # offset in the paragraph where the body text starts


@dataclass(frozen=True)
class Limits:
    """Size limits for hostile input (defaults documented above; the CLI may raise them)."""

    max_file_bytes: int = MAX_FILE_BYTES
    max_zip_total_bytes: int = MAX_ZIP_TOTAL_BYTES
    max_zip_members: int = MAX_ZIP_MEMBERS
    max_zip_ratio: int = MAX_ZIP_RATIO
    zip_ratio_min_bytes: int = ZIP_RATIO_MIN_BYTES


# ---------------------------------------------------------------------------------------------------
# Public loaders


def load_paths(paths: Iterable[str | os.PathLike[str]], *, limits: Limits | None = None) -> ImportResult:
    """Import files, folders (recursive, sorted, hidden skipped) and zips from disk.

    >>> load_paths(["data/corpus"]).summary()  # doctest: +SKIP
    {'imported': 60, 'duplicates': 0, 'failed': 0, 'warnings': 0}
    """
    return _assemble(_iter_path_inputs(paths, limits or Limits()))


def load_bytes(name: str, data: bytes, *, limits: Limits | None = None) -> ImportResult:
    """Import one upload (any supported format, zip too); ``name`` gives the format and the source."""
    return load_many([(name, data)], limits=limits)


def load_many(items: Iterable[tuple[str, bytes]], *, limits: Limits | None = None) -> ImportResult:
    """Import several uploads; duplicates are detected across all of them."""
    lim = limits or Limits()

    def gen() -> Iterator[tuple[dict[str, object] | None, ImportIssue | None]]:
        for name, data in items:
            yield from _records_from_bytes(name, data, lim)

    return _assemble(gen())


def parse_text_article(
    raw: str,
    *,
    source: str,
    meta: Mapping[str, object] | None = None,
    guess_title: bool = True,
) -> dict[str, object]:
    """Clean one article (Markdown or plain text, optional front matter) into an article record.

    ``meta`` (table columns, already given fields) wins over the front matter. Raises
    :class:`ArticleError` with the reason when the record cannot be imported. The result has the
    keys of ``ARTICLE_COLUMNS`` plus ``content_hash``; ``date`` is a naive ``datetime`` or ``None``.
    """
    text = _normalize_text(raw)
    fields: dict[str, object] = {}
    if text.startswith("---"):
        front, text = _split_front_matter(text)
        fields.update(front)
    if meta:
        fields.update({k: v for k, v in _canonical_fields(meta).items() if not _is_missing(v)})

    title = _clean_inline(_to_str(fields.get("title")))
    date_value, year_hint = parse_date(fields.get("date"))
    body = _parse_body(text, meta_title=title, guess_title=guess_title)
    if not title:
        title = body.title

    outlet = _clean_inline(_to_str(fields.get("outlet")))
    paragraphs = body.paragraphs
    dateline = _find_dateline(paragraphs)
    if date_value is None and body.header_date:
        try:
            date_value, hint = parse_date(body.header_date)
            year_hint = year_hint or hint
        except ArticleError:
            date_value = None
    if not outlet:
        outlet = (dateline.outlet if dateline else "") or body.header_outlet or body.footer_outlet
    if date_value is None and dateline and dateline.month and dateline.day:
        year = year_hint or _year_from_source(source)
        if year:
            try:
                date_value = datetime(year, dateline.month, dateline.day)
            except ValueError:
                date_value = None

    body_text = "\n".join(paragraphs)
    n_chars = len(body_text) - body_text.count(" ") - body_text.count("\n")
    if n_chars < MIN_TEXT_CHARS:
        raise ArticleError(f"text too short: {n_chars} characters of body (minimum {MIN_TEXT_CHARS})")

    language = _normalize_language(_to_str(fields.get("language"))) or detect_language(
        title + "\n" + body_text
    )
    given_id = _to_str(fields.get("id")).strip()
    article_id = given_id or _sha1(title + "\n" + body_text)[:16]
    record: dict[str, object] = {
        "article_id": article_id,
        "title": title,
        "outlet": outlet,
        "date": date_value,
        "url": _to_str(fields.get("url")).strip(),
        "language": language,
        "text": body_text,
        "captions": "\n".join(body.captions),
        "dateline": dateline.text if dateline else "",
        "source_file": source,
        "synthetic": _parse_bool(fields.get("synthetic")),
    }
    record["content_hash"] = content_hash(record)
    return record


def content_hash(record: Mapping[str, object]) -> str:
    """sha1 of the normalized text plus the metadata that influence extraction (id, title, outlet, date, language)."""
    d = record.get("date")
    parts = [
        _to_str(record.get("article_id")),
        _to_str(record.get("title")),
        _to_str(record.get("outlet")),
        d.isoformat() if isinstance(d, datetime | date) else "",
        _to_str(record.get("language")),
        _to_str(record.get("text")),
    ]
    return _sha1("\x1f".join(parts))


# ---------------------------------------------------------------------------------------------------
# Dates

_MONTHS: Final = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_TIME: Final = r"(?:[T\s]*(\d{1,2})[:时時点點](\d{2})分?(?::?(\d{2})(?:\.\d+)?秒?)?)?"
_TZ: Final = r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
_DATE_YMD_RE: Final = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + _TZ + "$", re.I)
_DATE_CJK_RE: Final = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?" + _TIME + _TZ + "$")
_DATE_COMPACT_RE: Final = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DATE_DMY_RE: Final = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})" + _TIME + _TZ + "$"
)
_DATE_MDY_RE: Final = re.compile(
    r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME + _TZ + "$"
)
_EPOCH_RE: Final = re.compile(r"^-?\d{9,13}(?:\.\d+)?$")
_YEAR_RE: Final = re.compile(r"^(\d{4})年?$")
_DATE_HINT: Final = "expected e.g. 2023-07-12, 2023年7月12日, 12 July 2023 or epoch seconds"


def parse_date(value: object) -> tuple[datetime | None, int | None]:
    """Parse a date value into ``(naive datetime or None, year hint or None)``.

    A bare year (``2023``) gives no date but a year hint (used with a dateline's month/day).
    Raises :class:`ArticleError` naming the value when it is unparseable or impossible.

    >>> parse_date("2023-07-12T08:00+08:00")[0]
    datetime.datetime(2023, 7, 12, 8, 0)
    """
    if _is_missing(value):
        return None, None
    if isinstance(value, datetime):
        return _in_range(value.replace(tzinfo=None), value), value.year
    if isinstance(value, date):
        return _in_range(datetime(value.year, value.month, value.day), value), value.year
    if isinstance(value, bool):
        raise ArticleError(f"unparseable date {value!r} ({_DATE_HINT})")
    if isinstance(value, int | float):
        if float(value).is_integer() and 1800 <= value <= 2200:
            return None, int(value)  # a bare year (YAML reads `date: 2023` as an int)
        return _from_epoch(float(value), value), None
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if not s:
        return None, None
    if m := _YEAR_RE.match(s):
        year = int(m.group(1))
        if 1800 <= year <= 2200:
            return None, year
    if _EPOCH_RE.match(s):
        return _from_epoch(float(s), value), None
    for regex, order in (
        (_DATE_YMD_RE, "ymd"),
        (_DATE_CJK_RE, "ymd"),
        (_DATE_COMPACT_RE, "ymd"),
        (_DATE_DMY_RE, "dmy"),
        (_DATE_MDY_RE, "mdy"),
    ):
        m = regex.match(s)
        if not m:
            continue
        g = m.groups()
        if order == "ymd":
            y, mo, d = int(g[0]), int(g[1]), int(g[2])
        elif order == "dmy":
            d, mo, y = int(g[0]), _month(g[1], value), int(g[2])
        else:
            mo, d, y = _month(g[0], value), int(g[1]), int(g[2])
        hh, mm, ss = (int(x) if x else 0 for x in (g[3:6] if len(g) > 3 else (None, None, None)))
        try:
            return _in_range(datetime(y, mo, d, hh, mm, ss), value), y
        except ValueError as exc:
            if isinstance(exc, ArticleError):
                raise
            raise ArticleError(f"impossible date {value!r} ({exc})") from None
    try:
        parsed = parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return _in_range(parsed.replace(tzinfo=None), value), parsed.year
    raise ArticleError(f"unparseable date {value!r} ({_DATE_HINT})")


_MIN_DATE: Final = datetime(1678, 1, 1)
_MAX_DATE: Final = datetime(2261, 12, 31)


def _in_range(d: datetime, value: object) -> datetime:
    """Dates must fit pandas' datetime64[ns] (years 1678-2261)."""
    if not _MIN_DATE <= d <= _MAX_DATE:
        raise ArticleError(f"date {value!r} out of range (supported years 1678-2261)")
    return d


def _month(name: str, value: object) -> int:
    try:
        return _MONTHS[name.lower()]
    except KeyError:
        raise ArticleError(f"unparseable date {value!r} (unknown month {name!r})") from None


def _from_epoch(seconds: float, value: object) -> datetime:
    if math.isnan(seconds):
        raise ArticleError(f"unparseable date {value!r} ({_DATE_HINT})")
    if abs(seconds) >= 1e11:  # milliseconds
        seconds /= 1000.0
    try:
        return _in_range(datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None), value)
    except ArticleError:
        raise
    except (OverflowError, OSError, ValueError):
        raise ArticleError(f"impossible date {value!r} (epoch seconds out of range)") from None


# ---------------------------------------------------------------------------------------------------
# Language

_CJK_RE: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_KANA_HANGUL_RE: Final = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uac00-\ud7af\u1100-\u11ff]")
_EN_WORDS_RE: Final = re.compile(
    r"\b(?:the|of|and|to|in|is|that|for|on|with|said|was|are|as|by|it|this|from|at|has|have|be|not)\b",
    re.I,
)
_WORD_RE: Final = re.compile(r"[A-Za-z]+")


@cache
def _script_sets() -> tuple[frozenset[str], frozenset[str]]:
    """(traditional-only chars, simplified-only chars) from OpenCC's character tables."""
    import opencc  # opencc-python-reimplemented ships the dictionaries as text files

    base = Path(opencc.__file__).parent / "dictionary"

    def table(name: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for line in (base / name).read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            if key:
                out[key] = set(values.split())
        return out

    ts, st = table("TSCharacters.txt"), table("STCharacters.txt")
    trad_only = frozenset(k for k, v in ts.items() if k not in v and k not in st and len(k) == 1)
    simp_only = frozenset(k for k, v in st.items() if k not in v and k not in ts and len(k) == 1)
    return trad_only, simp_only


_NON_LETTER_BYTES: Final = bytes(b for b in range(128) if not chr(b).isalpha())


def detect_language(text: str, *, sample: int = 1000) -> Literal["zh-Hans", "zh-Hant", "en", "other"]:
    """zh-Hant / zh-Hans / en / other from character counts of the first ``sample`` characters.

    Chinese when CJK ideographs outnumber a quarter of the Latin letters (and Japanese kana / Korean
    hangul do not dominate); traditional when characters that only exist in traditional script
    (OpenCC tables) outnumber the simplified-only ones; English when common English function words
    make up at least 8 % of the words.
    """
    s = text[:sample]
    ascii_part = s.encode("ascii", "ignore")
    n_latin = len(ascii_part.translate(None, _NON_LETTER_BYTES))
    # chars at or above U+0800 (CJK, kana, hangul, CJK punctuation) from the UTF-8 length, no Python loop:
    # utf8 = ascii + 2 * two_byte + 3 * three_byte and len = ascii + two_byte + three_byte
    n_wide = max(len(s.encode("utf-8", "surrogatepass")) - 2 * len(s) + len(ascii_part), 0)
    if n_wide and n_wide * 4 >= n_latin and _CJK_RE.search(s):
        if _KANA_HANGUL_RE.search(s) and len(s) - len(_KANA_HANGUL_RE.sub("", s)) > n_wide / 5:
            return "other"
        trad, simp = _script_sets()
        distinct = set(s[:600])
        return "zh-Hant" if len(trad.intersection(distinct)) > len(simp.intersection(distinct)) else "zh-Hans"
    if n_latin >= 10:
        words = len(_WORD_RE.findall(s))
        if words and len(_EN_WORDS_RE.findall(s)) * 100 >= 8 * words:
            return "en"
    return "other"


_LANGUAGE_MAP: Final = {
    "zh-hans": "zh-Hans",
    "zh_hans": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh_cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh": "zh-Hans",
    "简体": "zh-Hans",
    "简体中文": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zh_hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh_tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh_hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "繁體": "zh-Hant",
    "繁体": "zh-Hant",
    "繁體中文": "zh-Hant",
    "en": "en",
    "english": "en",
    "other": "other",
}


def _normalize_language(value: str) -> str:
    v = value.strip().lower()
    if not v:
        return ""
    if v in _LANGUAGE_MAP:
        return _LANGUAGE_MAP[v]
    if v.startswith("en"):
        return "en"
    return "other"


# ---------------------------------------------------------------------------------------------------
# Text normalization and Markdown cleanup

_INVISIBLE_RE: Final = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")
_LINE_STRIP: Final = " \t\u3000\u00a0\u2002\u2003\u2009\u200a\u202f\f\v"
_HEADING_RE: Final = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_SETEXT_RE: Final = re.compile(r"^(?:=+|-{2,})$")
_HR_RE: Final = re.compile(r"^(?:[-*_]\s*){3,}$")
_IMAGE_RE: Final = re.compile(r"!\[[^\[\]\n]{0,1000}\]\([^)\n]{0,2000}\)|<img\b[^>\n]{0,2000}>", re.I)
_EMPTY_LINK_RE: Final = re.compile(r"\[\s*\]\([^)\n]{0,2000}\)")
_LINK_RE: Final = re.compile(r"\[([^\[\]\n]{0,1000})\]\([^()\n]{0,2000}\)")
_REF_LINK_RE: Final = re.compile(r"\[([^\[\]\n]{1,1000})\]\[[^\[\]\n]{0,100}\]")
_REF_DEF_RE: Final = re.compile(r"^\[[^\]\n]{1,100}\]:\s*\S+")
_AUTOLINK_RE: Final = re.compile(r"<((?:https?|mailto):[^<>\s]{1,2000})>", re.I)
_HTML_TAG_RE: Final = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,20}(?:\s[^<>\n]{0,500})?/?>")
_BOLD_RE: Final = re.compile(r"(\*\*|__)(?=\S)(.{1,2000}?)(?<=\S)\1")
_STRIKE_RE: Final = re.compile(r"~~(?=\S)(.{1,2000}?)(?<=\S)~~")
_ITAL_STAR_RE: Final = re.compile(r"(?<![*\\])\*(?=[^\s*])(.{1,2000}?)(?<=[^\s*\\])\*(?!\*)")
_ITAL_UND_RE: Final = re.compile(r"(?<![A-Za-z0-9_\\])_(?=[^\s_])(.{1,2000}?)(?<=[^\s_\\])_(?![A-Za-z0-9_])")
_CODE_RE: Final = re.compile(r"`([^`\n]{1,2000})`")
_ESCAPE_RE: Final = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~>])")
_SPACES_RE: Final = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200a\u202f]+")
_ITALIC_LINE_RE: Final = re.compile(r"^(?:_(?!_)(.+)(?<!_)_|\*(?!\*)(.+)(?<!\*)\*)$")
_CAPTION_HINT_RE: Final = re.compile(
    r"图自|圖自|图源|圖源|图片来源|圖片來源|^图[:：/]|^圖[:：/]|^图为|^圖為|资料图|資料圖|供图|供圖|摄$|攝$|摄影|攝影|截图|截圖|"
    r"photo|image|credit",
    re.I,
)
_QUOTE_PREFIX_RE: Final = re.compile(r"^(?:>\s?)+")
_BULLET_RE: Final = re.compile(r"^[-*+•]\s+")
_SENTENCE_END: Final = tuple("。！？!?…”」』）)；;:：.")
_HEADER_DATE_RE: Final = re.compile(
    r"^(?:\d{4}[-/.年]\s*\d{1,2}[-/.月]\s*\d{1,2}日?)(?:[T\s]*\d{1,2}[:时時]\d{2}(?:[:分]\d{2}秒?)?)?"
)
_HEADER_KEY_RE: Final = re.compile(
    r"(发布时间|發佈時間|發布時間|发布日期|發佈日期|发表时间|發表時間|更新时间|更新時間|时间|時間|日期|"
    r"来源|來源|作者|撰文|文|责任编辑|責任編輯|编辑|編輯|记者|記者|字号|字號|阅读|閱讀|浏览|瀏覽)"
    r"\s*[:：/／｜丨]\s*"
)
#: A byline on a line of its own: 文｜X记者 A B / 撰文：A / 记者 A B / 环球时报记者 A B.
_BYLINE_LINE_RE: Final = re.compile(
    r"^(?:(?:文|撰文|作者|文字|图文|圖文)\s*[｜|丨:：/／]\s*[^，,。！？：:“”「」]{1,36}"
    r"|[\u4e00-\u9fff]{0,12}(?:记者|記者)[\s\u3000]+[\u4e00-\u9fff·]{2,5}(?:[\s\u3000、]+[\u4e00-\u9fff·]{2,5}){0,3})$"
)
_HEADER_SEP: Final = " |｜丨·•\u3000\t"
_HEADER_DATE_KEYS: Final = frozenset(
    [
        "发布时间",
        "發佈時間",
        "發布時間",
        "发布日期",
        "發佈日期",
        "发表时间",
        "發表時間",
        "更新时间",
        "更新時間",
        "时间",
        "時間",
        "日期",
    ]
)
_HEADER_SOURCE_KEYS: Final = frozenset(("来源", "來源"))


def _normalize_text(raw: str) -> str:
    """NFC, no BOM/zero-width characters, ``\\n`` line ends."""
    text = _INVISIBLE_RE.sub("", raw) if _INVISIBLE_RE.search(raw) else raw
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings (parsed by :func:`parse_date`, one set of rules)."""


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)


def _split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """YAML front matter between ``---`` lines -> (fields, rest). Raises ArticleError."""
    first_nl = text.find("\n")
    if first_nl < 0 or text[:first_nl].strip() != "---":
        return {}, text
    end = -1
    pos = first_nl + 1
    while pos <= len(text):
        nl = text.find("\n", pos)
        line = text[pos : nl if nl >= 0 else len(text)]
        if line.strip() in ("---", "..."):
            end = pos
            break
        if nl < 0:
            break
        pos = nl + 1
    if end < 0:
        raise ArticleError("front matter starts with '---' but has no closing '---' line")
    source = text[first_nl + 1 : end]
    rest_start = text.find("\n", end)
    rest = text[rest_start + 1 :] if rest_start >= 0 else ""
    try:
        for token in yaml.scan(source, Loader=_FrontMatterLoader):
            if isinstance(token, yaml.TagToken):
                tag = "".join(token.value)
                raise ArticleError(f"front matter uses a YAML tag ({tag}); tags are not allowed")
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                raise ArticleError("front matter uses YAML anchors/aliases; they are not allowed")
        data = yaml.load(source, Loader=_FrontMatterLoader)  # safe: a SafeLoader subclass
    except ArticleError:
        raise
    except (ValueError, OverflowError, RecursionError) as exc:
        raise ArticleError(f"front matter has an invalid value: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ArticleError(f"front matter is not valid YAML{where}: {problem}") from None
    if data is None:
        return {}, rest
    if not isinstance(data, dict):
        raise ArticleError(f"front matter must be 'key: value' lines, got {type(data).__name__}")
    return _canonical_fields(data), rest


@cache
def _alias_lookup() -> dict[str, str]:
    out: dict[str, str] = {}
    for fld, names in COLUMN_ALIASES.items():
        for n in names:
            out[_norm_key(n)] = fld
    return out


def _norm_key(key: object) -> str:
    return str(key).strip().strip("\ufeff").lower().replace(" ", "_").replace("-", "_")


def _canonical_fields(data: Mapping[Any, object]) -> dict[str, object]:
    """Map aliased keys to field names; per field the first alias (in table order) with a value wins."""
    lookup = _alias_lookup()
    found: dict[str, tuple[int, object]] = {}
    for key, value in data.items():
        k = _norm_key(key)
        fld = lookup.get(k)
        if fld is None:
            continue
        rank = _alias_rank()[k]
        if _is_missing(value):
            rank += 1000  # an empty column never hides a filled alias
        if fld not in found or rank < found[fld][0]:
            found[fld] = (rank, value)
    return {k: v for k, (_, v) in found.items()}


@cache
def _alias_rank() -> dict[str, int]:
    return {_norm_key(n): i for names in COLUMN_ALIASES.values() for i, n in enumerate(names)}


def _clean_inline(s: str) -> str:
    """Markdown/HTML inline markup -> plain text; whitespace collapsed."""
    if not s:
        return ""
    if "[" in s or "<" in s:
        s = _IMAGE_RE.sub("", s)
        s = _EMPTY_LINK_RE.sub("", s)
        s = _LINK_RE.sub(r"\1", s)
        s = _REF_LINK_RE.sub(r"\1", s)
        s = _AUTOLINK_RE.sub(r"\1", s)
        if "<" in s:
            s = _HTML_TAG_RE.sub("", s)
    if "*" in s or "_" in s or "~" in s:
        s = _BOLD_RE.sub(r"\2", s)
        s = _STRIKE_RE.sub(r"\1", s)
        s = _ITAL_STAR_RE.sub(r"\1", s)
        s = _ITAL_UND_RE.sub(r"\1", s)
    if "`" in s:
        s = _CODE_RE.sub(r"\1", s)
    if "\\" in s:
        s = _ESCAPE_RE.sub(r"\1", s)
    if "&" in s:
        s = html.unescape(s)
    return _SPACES_RE.sub(" ", s).strip()


def _is_wide(c: str) -> bool:
    """CJK ideographs, kana, hangul, full-width forms and CJK punctuation: no space when joining."""
    o = ord(c)
    return (
        0x2E80 <= o <= 0x9FFF
        or 0xAC00 <= o <= 0xD7AF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or 0x1100 <= o <= 0x11FF
        or o >= 0x20000
        or c in "“”‘’—…·"
    )


def _digits_in_cjk(prev: str, nxt: str) -> bool:
    """A number cut by the wrap inside Chinese text (…木原稔1 / 4日上午…): joined without a space."""
    num = "0123456789.,%"
    if not (prev[-1] in num and nxt[0] in num and (prev[-1].isdigit() or nxt[0].isdigit())):
        return False
    head = prev.rstrip(num)
    tail = nxt.lstrip(num)
    return (not head or _is_wide(head[-1])) and (not tail or _is_wide(tail[0]))


def _join_lines(lines: list[str]) -> str:
    """Re-join hard-wrapped lines: CJK joins with no space, Latin words keep one space."""
    if len(lines) == 1:
        return lines[0]
    parts = [lines[0]]
    prev = lines[0]
    for nxt in lines[1:]:
        if (
            prev
            and nxt
            and not _is_wide(prev[-1])
            and not _is_wide(nxt[0])
            and not (prev[-1] == "-" and len(prev) > 1 and prev[-2].isalpha())
            and not _digits_in_cjk(prev, nxt)
        ):
            parts.append(" ")
        parts.append(nxt)
        prev = nxt
    return "".join(parts)


def _strip_markup_edges(s: str) -> str:
    """Line text without leading/trailing emphasis markers, for footer checks."""
    return s.strip("*_~ \u3000")


def _is_footer(s: str) -> bool:
    t = _strip_markup_edges(s)
    return len(t) <= _FOOTER_MAX_CHARS and _footer_match(t)


def _header_meta(line: str) -> dict[str, str] | None:
    """Publication-info line at the top of the body (``发布时间：… 来源：…``) -> fields, else None."""
    if len(line) > 150:
        return None
    s = _strip_markup_edges(line)
    out: dict[str, str] = {}
    m = _HEADER_DATE_RE.match(s)
    if m:
        out["date"] = m.group(0)
        s = s[m.end() :]
    s = s.strip(_HEADER_SEP)
    if not s:
        return out or None
    keys = list(_HEADER_KEY_RE.finditer(s))
    if not keys or keys[0].start() != 0:
        return None
    for k, nxt in zip(keys, [*keys[1:], None], strict=True):
        value = s[k.end() : nxt.start() if nxt else len(s)].strip(_HEADER_SEP)
        key = k.group(1)
        if key in _HEADER_DATE_KEYS and value:
            out.setdefault("date", value)
        elif key in _HEADER_SOURCE_KEYS and value:
            out.setdefault("outlet", value.split()[0])
    return out


@dataclass
class _Body:
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    header_date: str = ""
    header_outlet: str = ""
    footer_outlet: str = ""


def _heading_at(lines: list[str], i: int) -> tuple[str, int] | None:
    """(heading text, next line index) when line i is an ATX or setext heading."""
    s = lines[i].strip(_LINE_STRIP)
    if s.startswith("#"):
        m = _HEADING_RE.match(s)
        hashes = m.group(1) if m else ""
        if m and (len(s) == len(hashes) or s[len(hashes)] in " \t" or s.count("#") == len(hashes)):
            return _clean_inline(m.group(2)), i + 1
    if s and i + 1 < len(lines) and _SETEXT_RE.match(lines[i + 1].strip()) and not _HR_RE.match(s):
        return _clean_inline(s), i + 2
    return None


def _parse_body(text: str, *, meta_title: str, guess_title: bool) -> _Body:
    """Title, paragraphs, captions and header/footer hints from the Markdown/plain body."""
    body = _Body()
    lines = text.split("\n")
    n = len(lines)
    i = 0
    title = meta_title
    # Leading headings: the title (possibly repeated); identical repeats dropped.
    while i < n:
        s = lines[i].strip(_LINE_STRIP)
        if not s:
            i += 1
            continue
        h = _heading_at(lines, i)
        if h is None:
            break
        heading, nxt = h
        if not title:
            title = heading
        elif heading != title and body.title:
            break  # a different second heading: a subtitle, kept as body text
        body.title = body.title or heading
        i = nxt
    if meta_title:
        body.title = meta_title

    # Paragraph mode: blank-line separated (Markdown) or one paragraph per line.
    rest = lines[i:]
    blank_mode = _has_inner_blank(rest)
    wrap_min = _wrap_min(rest) if not blank_mode else 0

    paragraphs: list[str] = []
    quoted: set[int] = set()  # indices of paragraphs that were Markdown blockquotes
    cur: list[str] = []
    cur_quoted = False
    cur_footer = False
    caption_pending = False
    body_started = False
    first_line_candidate: str | None = None

    def flush() -> None:
        nonlocal cur, cur_footer, cur_quoted
        if cur:
            para = _clean_inline(_join_lines(cur))
            if cur_footer or (len(para) <= _FOOTER_MAX_CHARS and _footer_match(para)):
                if not body.footer_outlet and (m := _SOURCE_FOOTER_RE.match(para)):
                    body.footer_outlet = m.group(1)
            elif para:
                if para[-1] in "）)】]" and (t := _TRAILING_FOOTER_RE.search(para)):
                    para = para[: t.start()].rstrip()
                if para:
                    if cur_quoted:
                        quoted.add(len(paragraphs))
                    paragraphs.append(para)
        cur = []
        cur_footer = False
        cur_quoted = False

    for idx in range(i, n):
        line = lines[idx]
        s = line.strip(_LINE_STRIP)
        if not s:
            flush()
            continue
        if "](" in s or "<img" in s.lower():
            stripped = _EMPTY_LINK_RE.sub("", _IMAGE_RE.sub("", s)).strip(_LINE_STRIP)
            if stripped != s:
                flush()
                caption_pending = True
                if not stripped:
                    continue
                s = stripped
        if caption_pending:
            caption_pending = False
            m = _ITALIC_LINE_RE.match(s)
            if m or (len(s) <= 120 and _CAPTION_HINT_RE.search(s)):
                flush()
                body.captions.append(_clean_inline(m.group(1) or m.group(2) if m else s))
                continue
        elif s[0] in "_*" and len(s) <= 200:
            m = _ITALIC_LINE_RE.match(s)
            if m and _CAPTION_HINT_RE.search(s):
                flush()
                body.captions.append(_clean_inline(m.group(1) or m.group(2)))
                continue
        if _HR_RE.match(s):
            flush()
            continue
        if s[0] == ">":
            s = _QUOTE_PREFIX_RE.sub("", s).strip(_LINE_STRIP)
            if not s:
                flush()
                continue
            if cur and not cur_quoted:
                flush()  # a blockquote starts its own paragraph
            cur_quoted = True
        elif cur_quoted and cur:
            flush()  # the blockquote ended
        if s[0] == "[" and _REF_DEF_RE.match(s):
            continue
        if s[0] == "#" and (h := _heading_at(lines, idx)) is not None:
            flush()
            if h[0] and h[0] != body.title:
                paragraphs.append(h[0])
                body_started = True
            continue
        if s[0] in "-*+•" and _BULLET_RE.match(s):
            flush()
            s = _BULLET_RE.sub("", s)
        if not cur and (not body_started or len(paragraphs) <= 1):  # also right under a plain title line
            hm = _header_meta(s)
            if hm is not None:
                body.header_date = body.header_date or hm.get("date", "")
                body.header_outlet = body.header_outlet or hm.get("outlet", "")
                continue
        if len(s) <= 40 and _BYLINE_LINE_RE.match(s):
            flush()  # 文｜环球时报记者 陈思远 郭晓蕾: a byline line, never glued to the lede below it
            continue
        if len(s) <= _FOOTER_MAX_CHARS and _is_footer(s):
            flush()
            cur_footer = True
        elif cur and (line[:1] in ("\u3000", "\t") or line.startswith("  ")):
            flush()  # an indented line starts a paragraph
        if first_line_candidate is None and not body_started and not cur:
            first_line_candidate = s
        cur.append(s)
        body_started = True
        hard_break = line.endswith(("  ", "\\"))
        if hard_break or (not blank_mode and (s.endswith(_SENTENCE_END) or len(s) < wrap_min)):
            flush()
    flush()

    paragraphs = _typeset_blockquotes(paragraphs, quoted)
    if not body.title and guess_title and len(paragraphs) > 1:
        first = paragraphs[0]
        if (
            first_line_candidate is not None
            and _clean_inline(first_line_candidate) == first
            and len(first) <= 60
            and not first.endswith(("。", "！", "？", ".", "!", "?", "，", ",", "：", ":", "；"))
            and parse_dateline(first) is None
        ):
            body.title = first
            paragraphs = paragraphs[1:]
    if body.title and paragraphs and paragraphs[0] == body.title:
        paragraphs = paragraphs[1:]
    body.paragraphs = paragraphs
    return body


def _typeset_blockquotes(paragraphs: list[str], quoted: set[int]) -> list[str]:
    """A Markdown blockquote introduced by a colon (…通报中指出： / 全文如下：) is that speaker's text:
    typeset it as Chinese print does a quotation over several paragraphs — “ opens every paragraph and ”
    closes the last — so the quotation stays one speaker's. Other blockquotes keep their text as is."""
    out = list(paragraphs)
    i = 0
    while i < len(out):
        if i not in quoted or i == 0 or not out[i - 1].rstrip().endswith(("：", ":")):
            i += 1
            continue
        j = i
        while j + 1 < len(out) and j + 1 in quoted:
            j += 1
        for k in range(i, j + 1):
            if out[k][:1] not in "“「『\"":
                out[k] = "“" + out[k]
        if out[j][-1:] not in "”」』\"":
            out[j] = out[j] + "”"
        i = j + 1
    return out


def _wrap_min(lines: list[str]) -> float:
    """One-paragraph-per-line text: a line shorter than this is never a hard wrap (80 % of the wrap width)."""
    widths = [len(x.strip(_LINE_STRIP)) for x in lines]
    short = [w for w in widths if 0 < w < 200]
    if len(short) < 0.8 * sum(1 for w in widths if w) or not short or max(short) < 30:
        return math.inf  # long lines: each line is a paragraph
    return 0.8 * max(short)


def _has_inner_blank(lines: list[str]) -> bool:
    """True when a blank line separates two non-blank lines (Markdown paragraphs)."""
    seen_text = False
    pending_blank = False
    for line in lines:
        if line.strip(_LINE_STRIP):
            if pending_blank and seen_text:
                return True
            seen_text = True
            pending_blank = False
        else:
            pending_blank = True
    return False


# ---------------------------------------------------------------------------------------------------
# Datelines

_DL_KIND: Final = r"(?:综合报道|綜合報導|综合外电|綜合外電|专电|專電|报道|報導|讯|訊|电|電|消息)"
_DL_SEP: Final = r"[\s:：—\-–|｜丨]*"
_DL_SEP_RE: Final = re.compile(_DL_SEP)
_DL_BRACKET_RE: Final = re.compile(r"^[（(【〔\[]\s*([^（）()【】〔〕\[\]\n]{1,40}?)\s*[）)】〕\]]" + _DL_SEP)
_DL_INNER_RE: Final = re.compile(
    r"^(?P<who>[^\d\s（）()]{0,24}?)\s*(?:(?P<place>[\u4e00-\u9fff]{0,8}?)(?P<m>\d{1,2})月(?P<d>\d{1,2})日)?"
    r"\s*(?:(?:特约|特約|驻[\u4e00-\u9fff]{1,8}|駐[\u4e00-\u9fff]{1,8})?(?:记者|記者)\s*(?P<rep>[^（）()]{0,20}?))?\s*"
    + _DL_KIND
    + r"$"
)
_DL_REPORTER_RE: Final = re.compile(
    r"^(?:本报|本報|本网|本網)?(?:特约|特約|实习|實習|驻[\u4e00-\u9fff]{1,8}|駐[\u4e00-\u9fff]{1,8})?"
    r"(?:记者|記者|通讯员|通訊員|撰文|文|作者)\s*[/／:：]?\s*\S"
)
_DL_AGENCY_RE: Final = re.compile(
    r"^(?P<head>[\u4e00-\u9fff·]{2,24}?)(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:\d{1,2}[时時])?"
    r"(?:电|電|讯|訊|消息|专电|專電|(?:报道|報導)(?=[ \t\u3000]))"  # 参考消息网3月10日报道 据…
)
_DL_HEAD_SPLIT_RE: Final = re.compile(
    r"^(.+?(?:通讯社|通訊社|新闻社|新聞社|社|网|網|日报|日報|晚报|晚報|晨报|晨報|时报|時報|报|報|电视台|電視台|"
    r"电台|電台|视点|視點|新闻|新聞|客户端|客戶端|频道|頻道))(.*)$"
)
_DL_BENBAO_RE: Final = re.compile(r"^(?:本报|本報|本网|本網)(?:讯|訊)")
_DL_BENBAO_REPORTER_RE: Final = re.compile(
    r"^(?P<who>[\u4e00-\u9fff]{2,12}?)(?:驻[\u4e00-\u9fff]{1,8}|駐[\u4e00-\u9fff]{1,8})?(?:特约|特約|特派)?"
    r"(?:记者|記者)\s*[\u4e00-\u9fff·]{2,8}(?:[\s、，,][\u4e00-\u9fff·]{2,8}){0,3}\s*(?:报道|報導)"
)
_DL_REPORTER_PAREN_RE: Final = re.compile(  # used with match(s, pos): no "^"
    r"[（(]\s*(?:本报|本報)?(?:特约|特約|实习|實習)?(?:记者|記者|通讯员|通訊員|文)\s*[/／:：]?\s*[^（）()\n]{1,30}[）)]"
    + _DL_SEP
)
_DL_EN_RE: Final = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'/-]{1,40}?),?\s+(?:(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<d>\d{1,2})\s*)?"
    r"\((?P<o>[A-Za-z][A-Za-z .&'-]{1,40})\)\s*[-—–]+\s*"
)
_OWN_OUTLET: Final = frozenset(("本报", "本報", "本网", "本網", "本台", "本刊"))


def _outlet_from_head(head: str) -> str:
    """``新华社北京`` -> ``新华社``; ``本报`` -> ``""``."""
    head = head.strip()
    m = _DL_HEAD_SPLIT_RE.match(head)
    outlet = m.group(1) if m else head
    return "" if outlet in _OWN_OUTLET else outlet


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the start of a paragraph, or None.

    >>> d = parse_dateline("新华社北京7月12日电（记者 张三）北约峰会12日闭幕。")
    >>> (d.outlet, d.month, d.day, d.text)
    ('新华社', 7, 12, '新华社北京7月12日电（记者 张三）')
    """
    outlet = ""
    month: int | None = None
    day: int | None = None
    end = 0
    s = paragraph
    if m := _DL_AGENCY_RE.match(s):
        outlet = _outlet_from_head(m.group("head"))
        month, day = int(m.group("m")), int(m.group("d"))
        end = m.end()
    elif m := _DL_BENBAO_RE.match(s):
        end = m.end()
    elif m := _DL_BENBAO_REPORTER_RE.match(s):
        outlet = _outlet_from_head(m.group("who"))
        end = m.end()
    elif m := _DL_BRACKET_RE.match(s):
        inner = m.group(1).strip()
        im = _DL_INNER_RE.match(inner)
        if im:
            who = (im.group("who") or "").strip()
            outlet = _outlet_from_head(who) if who else ""
            if im.group("m"):
                month, day = int(im.group("m")), int(im.group("d"))
            end = m.end()
        elif _DL_REPORTER_RE.match(inner):
            end = m.end()
        else:
            return None
    elif m := _DL_EN_RE.match(s):
        outlet = m.group("o").strip()
        if m.group("mon"):
            month = _MONTHS.get(m.group("mon").lower())
            day = int(m.group("d")) if month else None
        end = m.end()
    else:
        return None
    # A reporter parenthesis may follow: 新华社北京7月12日电（记者 张三）
    while (r := _DL_REPORTER_PAREN_RE.match(s, end)) is not None or (
        r := _DL_SEP_RE.match(s, end)
    ) is not None:
        if r.end() == end:
            break
        end = r.end()
    if month is not None and not (1 <= month <= 12 and day is not None and 1 <= day <= 31):
        month = day = None
    return Dateline(
        text=paragraph[:end].strip(" :：—-–|｜丨\u3000"),
        outlet=outlet,
        month=month,
        day=day,
        end=end,
    )


def _find_dateline(paragraphs: list[str]) -> Dateline | None:
    """Remove the dateline from the first paragraph (in place) and return it."""
    if not paragraphs:
        return None
    d = parse_dateline(paragraphs[0])
    if d is None:
        return None
    rest = paragraphs[0][d.end :].strip()
    if rest:
        paragraphs[0] = rest
    else:
        del paragraphs[0]
    return d


# ---------------------------------------------------------------------------------------------------
# Bytes -> text


_MAGIC: Final = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"PAR1", "Parquet file"),
)


@cache
def _common_hanzi() -> frozenset[str]:
    """GB2312 level-1 characters (the 3,755 most common) and their traditional forms."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    import opencc

    st = Path(opencc.__file__).parent / "dictionary" / "STCharacters.txt"
    for line in st.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key in chars:
            chars.update(values.split())
    return frozenset(chars)


def _hanzi_score(text: str) -> float:
    """Share of ideographs that are common characters (plausibility of a decoding)."""
    common = _common_hanzi()
    sample = text[:5000]
    n = hits = 0
    for c in sample:
        if c >= "\u3400":
            n += 1
            hits += c in common
    return hits / n if n else 0.0


def _looks_like_utf8(prefix: bytes) -> bool:
    """At least 4 multi-byte UTF-8 characters decoded before the error: the file is UTF-8."""
    try:
        text = prefix.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return len(prefix) - len(text) >= 8  # each CJK character adds 2 bytes over its length


#: charset-normalizer guesses accepted as a last resort (it will "decode" random bytes as something).
_FALLBACK_ENCODINGS: Final = frozenset(
    (
        "cp1252", "latin_1", "iso8859_15", "iso8859_1", "shift_jis", "cp932", "euc_jp", "iso2022_jp",
        "euc_kr", "cp949", "big5hkscs", "cp950", "gbk", "gb2312", "hz", "mac_roman",
    )
)  # fmt: skip


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # a detector failure means "undecodable", not a crash
        return None
    if best is None or str(best.encoding) not in _FALLBACK_ENCODINGS or best.chaos > 0.2:
        return None
    text = str(best)
    visible = [c for c in text[:5000] if not c.isspace()]
    if not visible:
        return None
    printable = sum(c.isprintable() for c in visible) / len(visible)
    letters = sum(c.isalpha() for c in visible) / len(visible)
    if printable < 0.98 or letters < 0.5:
        return None
    return text, str(best.encoding)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes -> (text, encoding). Raises :class:`ArticleError` for binary or undecodable data.

    Order: UTF-8 (BOM or not), UTF-32/UTF-16 by BOM, GB18030 and Big5 (the more plausible wins when both
    decode), then charset-normalizer.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise ArticleError(
                f"undecodable bytes at offset {exc.start + 3} (file has a UTF-8 BOM)"
            ) from None
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ArticleError(
                    f"undecodable bytes at offset {exc.start + len(bom)} (file has a {enc.upper()} BOM)"
                ) from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ArticleError(f"binary file ({what}), not text")
    if b"\x00" in data:
        raise ArticleError(f"binary file (NUL byte at offset {data.index(0)}), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        offset = exc.start
        if exc.reason == "unexpected end of data" or _looks_like_utf8(data[:offset]):
            # UTF-8 cut inside the last character, or corrupt bytes after plenty of valid UTF-8: reading it
            # as GB18030/Big5 would import mojibake silently.
            raise ArticleError(
                f"undecodable bytes at offset {offset} (invalid UTF-8: {exc.reason})"
            ) from None
    candidates: list[tuple[float, str, str]] = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_hanzi_score(text), enc, text))
    if candidates:
        score, enc, text = max(candidates, key=lambda c: c[0])
        if score >= 0.6:
            return text, enc
    fallback = _charset_normalizer_guess(data)
    if fallback is not None:
        return fallback
    if candidates:  # low plausibility but strictly decodable: keep the best guess
        _, enc, text = max(candidates, key=lambda c: c[0])
        return text, enc
    raise ArticleError(
        f"undecodable bytes at offset {offset} (tried utf-8, utf-16, gb18030, big5, charset-normalizer)"
    )


# ---------------------------------------------------------------------------------------------------
# Inputs -> records

_Item = tuple[dict[str, object] | None, ImportIssue | None]


def _iter_path_inputs(paths: Iterable[str | os.PathLike[str]], lim: Limits) -> Iterator[_Item]:
    for p in paths:
        path = Path(p)
        name = os.fspath(p)
        if path.is_dir():
            files = list(_walk(path))
            if not files:
                yield None, ImportIssue(name, "folder contains no files", "warning")
            for f in files:
                yield from _read_file(f, str(f), lim)
        elif path.exists():
            yield from _read_file(path, name, lim)
        else:
            yield None, ImportIssue(name, "no such file or folder")


def _walk(root: Path) -> Iterator[Path]:
    """Files under root, recursive, sorted, hidden files and folders skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            if not f.startswith("."):
                yield Path(dirpath) / f


def _read_file(path: Path, name: str, lim: Limits) -> Iterator[_Item]:
    try:
        size = path.stat().st_size
        is_zip = path.suffix.lower() in ZIP_EXTENSIONS
        limit = lim.max_zip_total_bytes if is_zip else lim.max_file_bytes
        if size > limit:
            yield None, ImportIssue(name, _too_big(size, limit, zip_file=is_zip))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield None, ImportIssue(name, f"cannot read file: {exc.strerror or exc}")
        return
    yield from _records_from_bytes(name, data, lim)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g}"


def _too_big(size: int, limit: int, *, zip_file: bool = False) -> str:
    what = "per zip" if zip_file else "per file"
    return f"file is {size / 1e6:.1f} MB, over the {_mb(limit)} MB limit {what}"


def _records_from_bytes(name: str, data: bytes, lim: Limits, *, in_zip: bool = False) -> Iterator[_Item]:
    ext = PurePosixPath(name).suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        shown = ext or "(none)"
        yield (
            None,
            ImportIssue(
                name, f"unsupported extension {shown} (supported: {', '.join(SUPPORTED_EXTENSIONS)})"
            ),
        )
        return
    if ext in ZIP_EXTENSIONS:
        if in_zip:
            yield None, ImportIssue(name, "nested zip archives are not imported")
        elif len(data) > lim.max_zip_total_bytes:
            yield None, ImportIssue(name, _too_big(len(data), lim.max_zip_total_bytes, zip_file=True))
        else:
            yield from _records_from_zip(name, data, lim)
        return
    if len(data) > lim.max_file_bytes:
        yield None, ImportIssue(name, _too_big(len(data), lim.max_file_bytes))
        return
    if not data:
        yield None, ImportIssue(name, "empty file (0 bytes)")
        return
    try:
        text, _encoding = decode_bytes(data)
    except ArticleError as exc:
        yield None, ImportIssue(name, str(exc))
        return
    if not text.strip(_LINE_STRIP + "\n\r\ufeff"):
        yield None, ImportIssue(name, "empty file (only whitespace)")
        return
    if ext in TEXT_EXTENSIONS:
        try:
            yield parse_text_article(text, source=name), None
        except ArticleError as exc:
            yield None, ImportIssue(name, str(exc))
    elif ext == ".jsonl":
        yield from _records_from_jsonl(name, text)
    else:
        yield from _records_from_csv(name, text, delimiter="\t" if ext == ".tsv" else ",")


def _record_from_row(source: str, row: Mapping[str, object]) -> _Item:
    fields = _canonical_fields(row)
    raw = fields.pop("text", None)
    if isinstance(raw, list):
        raw = "\n\n".join(str(x) for x in raw)
    try:
        return parse_text_article(_to_str(raw), source=source, meta=fields, guess_title=False), None
    except ArticleError as exc:
        return None, ImportIssue(source, str(exc))


def _missing_text_column(name: str, columns: Iterable[object]) -> ImportIssue:
    found = ", ".join(repr(str(c)) for c in columns) or "none"
    expected = ", ".join(COLUMN_ALIASES["text"])
    return ImportIssue(name, f"no text column (found columns: {found}; expected one of: {expected})")


def _records_from_csv(name: str, text: str, *, delimiter: str) -> Iterator[_Item]:
    if csv.field_size_limit() < len(text) + 1:
        csv.field_size_limit(len(text) + 1)  # one field may be the whole (size-checked) file
    if delimiter == "," and text:
        head = text[: text.find("\n")] if "\n" in text else text
        if "," not in head and head.count(";") > 0:
            delimiter = ";"
        elif "," not in head and "\t" in head:
            delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        yield None, ImportIssue(name, "empty file (no header row)")
        return
    except csv.Error as exc:
        yield None, ImportIssue(f"{name}#line=1", f"malformed CSV header: {exc}")
        return
    columns = [h.strip().strip("\ufeff") for h in header]
    lookup = _alias_lookup()
    if not any(lookup.get(_norm_key(c)) == "text" for c in columns):
        yield None, _missing_text_column(name, columns)
        return
    row_no = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row_no += 1
            yield None, ImportIssue(f"{name}#row={row_no}", f"malformed CSV (line {reader.line_num}): {exc}")
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        row_no += 1
        source = f"{name}#row={row_no}"
        if len(row) != len(columns):
            yield (
                None,
                ImportIssue(
                    source,
                    f"malformed CSV (line {reader.line_num}): row has {len(row)} fields, header has {len(columns)}",
                ),
            )
            continue
        yield _record_from_row(source, dict(zip(columns, row, strict=False)))
    if row_no == 0:
        yield None, ImportIssue(name, "no rows (only a header)")


def _records_from_jsonl(name: str, text: str) -> Iterator[_Item]:
    any_line = False
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        any_line = True
        source = f"{name}#line={line_no}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield None, ImportIssue(source, f"malformed JSON line: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield None, ImportIssue(source, "malformed JSON line: nested too deeply")
            continue
        if not isinstance(obj, dict):
            yield None, ImportIssue(source, f"JSON line is a {type(obj).__name__}, not an object")
            continue
        if "text" not in _canonical_fields(obj):
            yield None, _missing_text_column(source, obj.keys())
            continue
        yield _record_from_row(source, obj)
    if not any_line:
        yield None, ImportIssue(name, "empty file (only whitespace)")


def _zip_member_name(info: zipfile.ZipInfo) -> str:
    """Member name, repairing GBK names stored without the UTF-8 flag (decoded as cp437 by zipfile)."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return name


def _unsafe_member(name: str) -> bool:
    n = name.replace("\\", "/")
    parts = n.split("/")
    return n.startswith("/") or re.match(r"^[A-Za-z]:", n) is not None or ".." in parts


def _records_from_zip(name: str, data: bytes, lim: Limits) -> Iterator[_Item]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        yield None, ImportIssue(name, f"not a valid zip archive ({exc})")
        return
    with zf:
        if len(infos) > lim.max_zip_members:
            yield (
                None,
                ImportIssue(name, f"zip has {len(infos)} members, over the limit of {lim.max_zip_members:,}"),
            )
            return
        declared = sum(i.file_size for i in infos)
        if declared > lim.max_zip_total_bytes:
            yield (
                None,
                ImportIssue(
                    name,
                    f"zip uncompressed size {declared / 1e6:.1f} MB is over the "
                    f"{_mb(lim.max_zip_total_bytes)} MB limit",
                ),
            )
            return
        total_read = 0
        seen = 0
        members = sorted(((_zip_member_name(i), i) for i in infos), key=lambda t: t[0])
        for member, info in members:
            source = f"{name}/{member.lstrip('/')}"
            if info.is_dir():
                continue
            parts = [p for p in member.replace("\\", "/").split("/") if p]
            if _unsafe_member(member):
                seen += 1
                yield None, ImportIssue(source, "zip member path is absolute or contains '..'; not imported")
                continue
            if any(p.startswith(".") or p == "__MACOSX" for p in parts):
                continue
            seen += 1  # counted even when refused below: the refusal is reported
            mode = info.external_attr >> 16
            if info.create_system == 3 and stat.S_ISLNK(mode):
                yield None, ImportIssue(source, "zip member is a symbolic link; not imported")
                continue
            if info.flag_bits & 0x1:
                yield None, ImportIssue(source, "zip member is encrypted; not imported")
                continue
            if info.file_size > lim.max_file_bytes:
                yield None, ImportIssue(source, _too_big(info.file_size, lim.max_file_bytes))
                continue
            if info.file_size >= lim.zip_ratio_min_bytes and info.file_size > lim.max_zip_ratio * max(
                info.compress_size, 1
            ):
                ratio = info.file_size / max(info.compress_size, 1)
                yield (
                    None,
                    ImportIssue(
                        source,
                        f"compression ratio {ratio:.0f}:1 is over {lim.max_zip_ratio}:1; refused as a zip bomb",
                    ),
                )
                continue
            try:
                with zf.open(info) as fh:
                    blob = fh.read(lim.max_file_bytes + 1)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
                yield None, ImportIssue(source, f"cannot read zip member ({exc})")
                continue
            if len(blob) > lim.max_file_bytes:  # header lied about the size
                yield None, ImportIssue(source, _too_big(len(blob), lim.max_file_bytes))
                continue
            total_read += len(blob)
            if total_read > lim.max_zip_total_bytes:
                yield (
                    None,
                    ImportIssue(
                        name, f"zip content over the {_mb(lim.max_zip_total_bytes)} MB limit; rest not read"
                    ),
                )
                return
            yield from _records_from_bytes(source, blob, lim, in_zip=True)
        if seen == 0:
            yield None, ImportIssue(name, "empty zip archive (no files to import)")


# ---------------------------------------------------------------------------------------------------
# Assembly: dedup + DataFrame


def _assemble(items: Iterable[_Item]) -> ImportResult:
    issues: list[ImportIssue] = []
    records: list[dict[str, object]] = []
    by_text: dict[str, str] = {}
    by_id: dict[str, str] = {}
    for record, issue in items:
        if issue is not None:
            issues.append(issue)
        if record is None:
            continue
        source = str(record["source_file"])
        key = _sha1(str(record["text"]))
        if key in by_text:
            issues.append(
                ImportIssue(source, f"duplicate of {by_text[key]} (same text); imported once", "duplicate")
            )
            continue
        by_text[key] = source
        aid = str(record["article_id"])
        if aid in by_id:
            k = 2
            while f"{aid}-{k}" in by_id:
                k += 1
            new_id = f"{aid}-{k}"
            issues.append(
                ImportIssue(
                    source,
                    f"article id {aid!r} is also used by {by_id[aid]}; renamed to {new_id!r}",
                    "warning",
                )
            )
            record["article_id"] = new_id
            record["content_hash"] = content_hash(record)
            aid = new_id
        by_id[aid] = source
        records.append(record)
    return ImportResult(articles=articles_frame(records), issues=issues)


def articles_frame(records: list[dict[str, object]]) -> pd.DataFrame:
    """Article records -> DataFrame with ``ARTICLE_COLUMNS`` + ``content_hash`` (date: datetime64[ns])."""
    columns = (*ARTICLE_COLUMNS, "content_hash")
    data: dict[str, object] = {}
    for c in columns:
        values = [r.get(c) for r in records]
        if c == "date":
            data[c] = pd.to_datetime(pd.Series(values, dtype=object), errors="raise").astype("datetime64[ns]")
        elif c == "synthetic":
            data[c] = pd.Series([bool(v) for v in values], dtype=bool)
        else:
            data[c] = pd.Series(["" if v is None else str(v) for v in values], dtype="str")
    return pd.DataFrame(data, columns=list(columns))


# ---------------------------------------------------------------------------------------------------
# Small helpers


def _sha1(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8"), usedforsecurity=False).hexdigest()


def _is_missing(v: object) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and not v.strip()


def _to_str(v: object) -> str:
    if _is_missing(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return unicodedata.normalize("NFC", str(v))


_TRUE: Final = frozenset(("true", "yes", "y", "1", "t", "是", "on"))
_FALSE: Final = frozenset(("false", "no", "n", "0", "f", "否", "off", ""))


def _parse_bool(v: object) -> bool:
    if _is_missing(v):
        return False
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float):
        return bool(v)
    s = str(v).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ArticleError(f"invalid synthetic value {v!r} (use true or false)")


_SOURCE_YEAR_RE: Final = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


def _year_from_source(source: str) -> int | None:
    """A year in the file name (``2023-07-12-nato.md``) for datelines that give only month/day."""
    base = source.rsplit("#", 1)[0]
    m = _SOURCE_YEAR_RE.search(PurePosixPath(base.replace("\\", "/")).name)
    return int(m.group(1)) if m else None
