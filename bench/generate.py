"""Deterministic generator of large synthetic corpora for the benchmark.

The building blocks are the sentences of the synthetic demo corpus (``data/corpus``, read with
:func:`dashboard.ingest.load_paths`, so every format and encoding there is handled) and the framing terms
of ``data/lexicon.csv`` (a small built-in list when the file is missing). Article ``i`` of seed ``s``
depends only on ``(s, i)``: the 1k corpus is the first thousand articles of the 10k one, and a corpus can
be regenerated anywhere byte for byte.

What makes the corpora realistic rather than a copy-paste of 84 articles:

- length: log-normal body length (median ~660 characters, mean ~710, clipped to 120..6,000);
- sentences: quote-balanced sentences of the demo corpus; a third of the unquoted ones are spliced
  (the speaker clause of one sentence, the content clause of another), so few sentences repeat exactly;
- actors: role phrases (中国外交部发言人, 北约秘书长 ...) are replaced, consistently within an article,
  by roles drawn from a Zipf distribution (a few actors dominate, a long tail speaks rarely);
- framing terms: 25% of lexicon-term occurrences are swapped for a Zipf-drawn term;
- dates: 2019-01-01..2025-12-31, volume growing over time, 55% of articles in bursts around ~80
  event days, 3% undated; day numbers in the text (``21日``) follow the article's date;
- outlets: Zipf over the demo outlets plus a few more; 15% of articles are in traditional script
  (character-level conversion, like many Hong Kong / Taiwan outlets).

Only roles and institutions speak; no real person's name is introduced.

Example::

    >>> articles = generate(1000, seed=0)          # ARTICLE_COLUMNS + content_hash
    >>> write_corpus(articles, Path("bench/out/corpora/n1000.jsonl"))

CLI: ``python bench/generate.py --sizes 1000 10000 --out bench/out/corpora``
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

import pandas as pd

ROOT: Final = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `dashboard` importable
    sys.path.insert(0, str(ROOT))

from dashboard.schema import ARTICLE_COLUMNS  # noqa: E402

DATA_DIR: Final = ROOT / "data"
CORPUS_DIRS: Final = (DATA_DIR / "corpus" / "a", DATA_DIR / "corpus" / "b")
LEXICON_PATH: Final = DATA_DIR / "lexicon.csv"
GENERATOR_VERSION: Final = "1"
START: Final = date(2019, 1, 1)
END: Final = date(2025, 12, 31)

#: Roles and institutions (never people) that speak in the corpora, most frequent first.
ROLES: Final = (
    "中国外交部发言人",
    "美国国务院发言人",
    "北约秘书长",
    "白宫发言人",
    "中国商务部新闻发言人",
    "日本首相",
    "中国国防部发言人",
    "欧盟外交与安全政策高级代表",
    "法国总统",
    "中国驻欧盟使团发言人",
    "俄罗斯外交部发言人",
    "东盟秘书长",
    "美国驻北约大使",
    "澳大利亚总理",
    "美国国防部长",
    "韩国外交部发言人",
    "澳大利亚国防部长",
    "德国总理",
    "英国首相",
    "美国国防部发言人",
    "法国外交部发言人",
    "中国驻菲律宾使馆发言人",
    "菲律宾海岸警卫队发言人",
    "日本内阁官房长官",
    "欧盟委员会发言人",
    "英国外交部发言人",
    "印度外交部发言人",
    "日本驻北约大使",
    "东部战区新闻发言人",
    "联合国秘书长发言人",
)

#: Used only when data/lexicon.csv is missing.
FALLBACK_TERMS: Final = (
    "冷战思维",
    "零和博弈",
    "印太",
    "亚太",
    "系统性挑战",
    "胁迫",
    "基于规则的国际秩序",
    "集团政治",
    "小院高墙",
    "去风险",
    "脱钩断链",
    "长臂管辖",
    "霸凌",
    "多边主义",
    "战略自主",
    "合作共赢",
)

EXTRA_OUTLETS: Final = ("西岸快讯", "中环财经网", "海峡评论报", "大湾区视点", "北欧华文时报")
CITIES: Final = (
    "北京",
    "华盛顿",
    "布鲁塞尔",
    "东京",
    "马尼拉",
    "堪培拉",
    "巴黎",
    "柏林",
    "首尔",
    "新加坡",
    "日内瓦",
)
TERMINALS: Final = "。！？"
OPEN_QUOTES: Final = "“「『"
CLOSE_QUOTES: Final = "”」』"
SPLICE_SHARE: Final = 1 / 3
TERM_SWAP_SHARE: Final = 0.25
TRADITIONAL_SHARE: Final = 0.15
UNDATED_SHARE: Final = 0.03
BURST_SHARE: Final = 0.55
N_EVENTS: Final = 80

_DAY_RE: Final = re.compile(r"(\d{1,2})月(\d{1,2})日|(?<![\d月])(\d{1,2})日")
_DATELINE_RE: Final = re.compile(r"^[^，。“”]{0,24}?\d{1,2}月\d{1,2}日(?:电|讯)(?:（[^）]{0,20}）)?\s*")

Script = Literal["zh-Hans", "zh-Hant"]


@dataclass(frozen=True)
class Pool:
    """Material the generator draws from (all simplified)."""

    sentences: tuple[str, ...]  # quote-balanced sentences
    heads: tuple[str, ...]  # "speaker clause，" of unquoted sentences (ends with "，")
    tails: tuple[str, ...]  # the rest of those sentences (ends with a terminal)
    titles: tuple[str, ...]
    outlets: tuple[str, ...]
    terms: tuple[str, ...]  # lexicon terms, longest first (for matching)
    term_draw: tuple[str, ...]  # the same terms in draw order (lexicon order)


# --------------------------------------------------------------------------- source material


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; a quotation spanning several sentences (and its tag) stays whole."""
    out: list[str] = []
    depth = 0
    start = 0
    n = len(paragraph)
    i = 0
    while i < n:
        ch = paragraph[i]
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            depth = max(0, depth - 1)
        elif ch in TERMINALS and depth == 0:
            j = i + 1
            while j < n and (paragraph[j] in TERMINALS or paragraph[j] in CLOSE_QUOTES):
                j += 1
            out.append(paragraph[start:j])
            start = i = j
            continue
        i += 1
    rest = paragraph[start:].strip()
    if rest:
        out.append(rest)
    return [s.strip() for s in out if s.strip()]


def _read_terms(path: Path) -> list[str]:
    if not path.exists():
        return list(FALLBACK_TERMS)
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    terms = [t.strip() for t in table.get("term", pd.Series(dtype=str)) if t and t.strip()]
    return list(dict.fromkeys(terms)) or list(FALLBACK_TERMS)


def load_pool(corpus_dirs: Sequence[Path] = CORPUS_DIRS, *, lexicon_path: Path = LEXICON_PATH) -> Pool:
    """Sentences, titles and outlets of the demo corpus plus the lexicon's terms, in a stable order."""
    from dashboard.ingest import load_paths
    from dashboard.segment import to_simplified

    dirs = [d for d in corpus_dirs if Path(d).exists()]
    if not dirs:
        raise FileNotFoundError(f"no demo corpus in {', '.join(str(d) for d in corpus_dirs)}")
    arts = load_paths(dirs).articles.sort_values(["source_file", "article_id"], kind="stable")
    sentences: list[str] = []
    for text in arts["text"]:
        for k, para in enumerate(to_simplified(str(text)).split("\n")):
            if k == 0:
                para = _DATELINE_RE.sub("", para)
            sentences.extend(s for s in split_sentences(para) if len(s) >= 6)
    sentences = list(dict.fromkeys(sentences))
    heads: list[str] = []
    tails: list[str] = []
    for s in sentences:
        if any(q in s for q in OPEN_QUOTES + CLOSE_QUOTES) or "，" not in s:
            continue
        head, tail = s.split("，", 1)
        if 4 <= len(head) <= 40 and len(tail) >= 6:
            heads.append(head + "，")
            tails.append(tail)
    titles = list(dict.fromkeys(to_simplified(str(t)) for t in arts["title"] if str(t).strip()))
    outlets = [o for o, _ in arts["outlet"].astype(str).value_counts().items() if o]
    outlets = sorted(outlets, key=lambda o: (-int((arts["outlet"] == o).sum()), o))
    terms = _read_terms(lexicon_path)
    return Pool(
        sentences=tuple(sentences),
        heads=tuple(heads),
        tails=tuple(tails),
        titles=tuple(titles),
        outlets=tuple(dict.fromkeys([*outlets, *EXTRA_OUTLETS])),
        terms=tuple(sorted(terms, key=len, reverse=True)),
        term_draw=tuple(terms),
    )


@lru_cache(maxsize=1)
def default_pool() -> Pool:
    """:func:`load_pool` with the default paths (cached per process)."""
    return load_pool()


@lru_cache(maxsize=1)
def _s2t_table() -> dict[int, str]:
    """Simplified -> traditional, character by character (opencc's STCharacters table)."""
    import opencc

    path = Path(opencc.__file__).resolve().parent / "dictionary" / "STCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            src, dst = line.split("\t", 1)
            first = dst.split(" ")[0].strip()
            if len(src) == 1 and len(first) == 1 and src != first:
                table[ord(src)] = first
    return table


def to_traditional(text: str) -> str:
    """Character-level simplified -> traditional (length-preserving)."""
    return text.translate(_s2t_table())


# --------------------------------------------------------------------------- distributions


def zipf_cum_weights(n: int, *, s: float = 1.1) -> list[float]:
    """Cumulative Zipf weights for ranks 1..n (for ``random.choices(cum_weights=...)``)."""
    return list(itertools.accumulate(1.0 / (k**s) for k in range(1, n + 1)))


@lru_cache(maxsize=8)
def _events(seed: int) -> tuple[int, ...]:
    rng = random.Random(f"events:{seed}")
    span = (END - START).days
    return tuple(sorted(rng.randrange(span) for _ in range(N_EVENTS)))


def draw_date(rng: random.Random, seed: int) -> date | None:
    """Undated 3%; else 55% near an event day (±4 days), 45% from a volume growing linearly over time."""
    if rng.random() < UNDATED_SHARE:
        return None
    span = (END - START).days
    if rng.random() < BURST_SHARE:
        day = rng.choice(_events(seed)) + round(rng.gauss(0, 2.5))
    else:
        day = int(span * math.sqrt(rng.random()))  # density ∝ t: twice the volume at the end
    return START + timedelta(days=min(max(day, 0), span))


def draw_length(rng: random.Random) -> int:
    """Body length target in characters: log-normal, median ~660, mean ~710."""
    return int(min(max(rng.lognormvariate(math.log(600), 0.45), 120), 6000))


# --------------------------------------------------------------------------- one article


class _Article:
    """Per-article state: the role mapping stays consistent within the article."""

    def __init__(self, rng: random.Random, pool: Pool, day: date | None) -> None:
        self.rng = rng
        self.pool = pool
        self.day = day
        self.roles: dict[str, str] = {}

    def role(self, original: str) -> str:
        got = self.roles.get(original)
        if got is None:
            got = self.rng.choices(ROLES, cum_weights=_ROLE_CUM)[0]
            self.roles[original] = got
        return got

    def sentence(self) -> str:
        rng, pool = self.rng, self.pool
        if pool.heads and rng.random() < SPLICE_SHARE:
            s = rng.choice(pool.heads) + rng.choice(pool.tails)
        else:
            s = rng.choice(pool.sentences)
        s = _role_re().sub(lambda m: self.role(m.group(0)), s)
        if pool.terms:
            s = _term_re(pool.terms).sub(self._swap_term, s)
        if self.day is not None:
            s = _DAY_RE.sub(self._day, s)
        return s

    def _swap_term(self, m: re.Match[str]) -> str:
        if self.rng.random() >= TERM_SWAP_SHARE:
            return m.group(0)
        terms = self.pool.term_draw
        return self.rng.choices(terms, cum_weights=_term_cum(len(terms)))[0]

    def _day(self, m: re.Match[str]) -> str:
        assert self.day is not None
        if m.group(1):
            return f"{self.day.month}月{self.day.day}日"
        return f"{self.day.day}日"


_ROLE_CUM: Final = zipf_cum_weights(len(ROLES))


@lru_cache(maxsize=1)
def _role_re() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(r) for r in sorted(ROLES, key=len, reverse=True)))


@lru_cache(maxsize=4)
def _term_re(terms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(t) for t in terms))


@lru_cache(maxsize=4)
def _term_cum(n: int) -> list[float]:
    return zipf_cum_weights(n, s=0.9)


@lru_cache(maxsize=4)
def _outlet_cum(n: int) -> list[float]:
    return zipf_cum_weights(n, s=0.8)


def _dateline(rng: random.Random, outlet: str, day: date | None) -> str:
    if day is None or rng.random() < 0.3:
        return f"（{outlet}综合报道）"
    return f"{outlet[:2]}社{rng.choice(CITIES)}{day.month}月{day.day}日电"


def make_article(i: int, *, seed: int = 0, pool: Pool | None = None) -> dict[str, object]:
    """Article ``i`` of corpus ``seed`` as a record with ``ARTICLE_COLUMNS`` + ``content_hash``."""
    pool = pool or default_pool()
    rng = random.Random(f"{GENERATOR_VERSION}:{seed}:{i}")
    day = draw_date(rng, seed)
    outlet = rng.choices(pool.outlets, cum_weights=_outlet_cum(len(pool.outlets)))[0]
    art = _Article(rng, pool, day)
    target = draw_length(rng)
    paragraphs: list[str] = []
    size = 0
    while size < target:
        n_sent = rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]
        para = "".join(art.sentence() for _ in range(n_sent))
        paragraphs.append(para)
        size += len(para)
    title = _role_re().sub(lambda m: art.role(m.group(0)), rng.choice(pool.titles)) if pool.titles else ""
    language: Script = "zh-Hant" if rng.random() < TRADITIONAL_SHARE else "zh-Hans"
    text = "\n".join(paragraphs)
    dateline = _dateline(rng, outlet, day)
    if language == "zh-Hant":
        text, title = to_traditional(text), to_traditional(title)
        dateline = to_traditional(dateline).replace("報道", "報導")  # the usual traditional spelling
    article_id = f"syn{seed}-{i:07d}"
    record: dict[str, object] = {
        "article_id": article_id,
        "title": title,
        "outlet": outlet,
        "date": datetime(day.year, day.month, day.day) if day else None,
        "url": f"https://demo.invalid/bench/{seed}/{i}",
        "language": language,
        "text": text,
        "captions": "",
        "dateline": dateline,
        "source_file": f"bench:seed={seed}#{i}",
        "synthetic": True,
    }
    record["content_hash"] = _content_hash(record)
    return record


def _content_hash(record: dict[str, object]) -> str:
    try:
        from dashboard.ingest import content_hash
    except ImportError:  # same recipe, for a tree where ingest is broken
        d = record.get("date")
        parts = [str(record.get(k) or "") for k in ("article_id", "title", "outlet")]
        parts += [
            d.isoformat() if isinstance(d, datetime) else "",
            str(record["language"]),
            str(record["text"]),
        ]
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return content_hash(record)


def generate(n: int, *, seed: int = 0, pool: Pool | None = None) -> pd.DataFrame:
    """``n`` synthetic articles (``ARTICLE_COLUMNS`` + ``content_hash``), deterministic in (n, seed)."""
    pool = pool or default_pool()
    records = [make_article(i, seed=seed, pool=pool) for i in range(n)]
    columns = [*ARTICLE_COLUMNS, "content_hash"]
    df = pd.DataFrame.from_records(records, columns=columns)
    for c in columns:
        if c not in ("date", "synthetic"):
            df[c] = df[c].astype(object)
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    df["synthetic"] = df["synthetic"].astype(bool)
    return df


# --------------------------------------------------------------------------- files


def write_corpus(articles: pd.DataFrame, path: Path) -> Path:
    """Write ``.parquet`` (the frame as is) or ``.jsonl`` (one article per line, ISO dates) atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    if path.suffix == ".parquet":
        articles.to_parquet(tmp, index=False)
    elif path.suffix == ".jsonl":
        keep = ["article_id", "title", "outlet", "date", "url", "language", "text", "dateline", "synthetic"]
        with tmp.open("w", encoding="utf-8") as fh:
            for row in articles[keep].itertuples(index=False):
                rec = row._asdict()
                dateline = str(rec.pop("dateline") or "")
                if dateline:  # as published: the dateline opens the body (ingest takes it off again)
                    rec["text"] = f"{dateline}\n{rec['text']}"
                d = rec["date"]
                rec["date"] = "" if pd.isna(d) else pd.Timestamp(d).date().isoformat()
                rec["synthetic"] = bool(rec["synthetic"])
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        raise ValueError(f"unsupported corpus file type: {path.name} (use .parquet or .jsonl)")
    tmp.replace(path)
    return path


def write_jsonl_shards(articles: pd.DataFrame, directory: Path, *, per_file: int = 2000) -> Path:
    """JSONL files of ``per_file`` articles each (ingest refuses files over 20 MB); returns ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("part-*.jsonl"):
        old.unlink()
    for k, start in enumerate(range(0, len(articles), per_file)):
        write_corpus(articles.iloc[start : start + per_file], directory / f"part-{k:04d}.jsonl")
    return directory


def pool_fingerprint(pool: Pool) -> str:
    """Short hash of the material: a changed demo corpus or lexicon gives new corpora (and cache files)."""
    h = hashlib.sha1(GENERATOR_VERSION.encode())
    for part in (pool.sentences, pool.heads, pool.titles, pool.outlets, pool.term_draw):
        h.update("\x1e".join(part).encode("utf-8"))
        h.update(b"\x1d")
    return h.hexdigest()[:10]


def corpus_path(out_dir: Path, n: int, seed: int, suffix: str = ".parquet") -> Path:
    """Where the harness caches corpus (n, seed) built from the current demo corpus and lexicon."""
    return Path(out_dir) / f"n{n}-seed{seed}-{pool_fingerprint(default_pool())}{suffix}"


def cached_corpus(n: int, *, seed: int, out_dir: Path) -> pd.DataFrame:
    """Generate (or read back) corpus (n, seed) as Parquet under ``out_dir``."""
    path = corpus_path(out_dir, n, seed)
    if path.exists():
        return pd.read_parquet(path)
    df = generate(n, seed=seed)
    write_corpus(df, path)
    return df


def describe(articles: pd.DataFrame) -> dict[str, object]:
    """Summary used by the README: sizes, length quantiles, shares."""
    lengths = articles["text"].str.len()
    return {
        "articles": len(articles),
        "chars": int(lengths.sum()),
        "len_p10": int(lengths.quantile(0.1)),
        "len_p50": int(lengths.median()),
        "len_mean": int(lengths.mean()),
        "len_p90": int(lengths.quantile(0.9)),
        "undated": round(float(articles["date"].isna().mean()), 3),
        "traditional": round(float((articles["language"] == "zh-Hant").mean()), 3),
        "outlets": int(articles["outlet"].nunique()),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: generate corpora of the given sizes as Parquet (and JSONL with ``--jsonl``)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "corpora")
    ap.add_argument("--jsonl", action="store_true", help="also write a .jsonl copy (ingest input)")
    args = ap.parse_args(argv)
    for n in args.sizes:
        df = cached_corpus(n, seed=args.seed, out_dir=args.out)
        if args.jsonl:
            write_corpus(df, corpus_path(args.out, n, args.seed, ".jsonl"))
        print(json.dumps(describe(df), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
