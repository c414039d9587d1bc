"""bench/: the generator is deterministic and yields valid article frames; the harness runs end to end.

No timing assertions: the benchmark is run on demand (bench/README.md), never as a timed test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.schema import ARTICLE_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402


@pytest.fixture(scope="module")
def pool() -> generate.Pool:
    return generate.load_pool()


def test_split_sentences_keeps_quotations_whole() -> None:
    para = "“我们反对冷战思维。我们主张合作。”发言人说。北约称这是挑战！对吗？"
    assert generate.split_sentences(para) == [
        "“我们反对冷战思维。我们主张合作。”发言人说。",
        "北约称这是挑战！",
        "对吗？",
    ]
    assert "".join(generate.split_sentences(para)) == para


def test_generator_is_deterministic_and_prefix_stable(pool: generate.Pool) -> None:
    a = generate.generate(30, seed=7, pool=pool)
    b = generate.generate(30, seed=7, pool=pool)
    pd.testing.assert_frame_equal(a, b)
    longer = generate.generate(40, seed=7, pool=pool)
    pd.testing.assert_frame_equal(a, longer.head(30))
    other = generate.generate(30, seed=8, pool=pool)
    assert not a["text"].equals(other["text"])


def test_generated_frame_is_a_valid_article_frame(pool: generate.Pool) -> None:
    df = generate.generate(200, seed=0, pool=pool)
    assert len(df) == 200
    assert list(df.columns) == [*ARTICLE_COLUMNS, "content_hash"]
    assert df["article_id"].is_unique and df["content_hash"].is_unique
    assert str(df["date"].dtype) == "datetime64[ns]"
    assert df["synthetic"].dtype == bool and bool(df["synthetic"].all())
    assert set(df["language"]) <= {"zh-Hans", "zh-Hant"}
    lengths = df["text"].str.len()
    assert lengths.min() >= 100 and 400 <= lengths.median() <= 1200
    assert (df["text"].str.len() > 0).all() and not df["text"].str.contains("\n\n").any()
    assert df["outlet"].nunique() >= 5
    # actors are Zipf-distributed: the most frequent role is far more frequent than the tenth
    counts = [int(df["text"].str.count(role).sum()) for role in generate.ROLES[:10]]
    assert counts[0] > 3 * max(counts[9], 1)


def test_jsonl_round_trip_through_ingest(tmp_path: Path, pool: generate.Pool) -> None:
    from dashboard.ingest import load_paths

    df = generate.generate(12, seed=1, pool=pool)
    path = generate.write_corpus(df, tmp_path / "c.jsonl")
    imported = load_paths([path])
    assert not imported.errors
    assert list(imported.articles["article_id"]) == list(df["article_id"])
    assert list(imported.articles["text"]) == list(df["text"])


def test_quick_run_writes_its_table(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "50", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    table = pd.read_csv(out / "results.csv", encoding="utf-8-sig")
    assert {"size", "metric", "value", "unit", "target", "met", "note"} <= set(table.columns)
    assert set(table["size"]) == {50}
    metrics = " ".join(table["metric"])
    for needle in ("jieba.lcut, 1 process", "extract, 1 process", "unchanged re-run", "cold load", "compare"):
        assert needle in metrics
    assert not (table["met"] == "error").any(), table[table["met"] == "error"].to_string()
    md = (out / "results.md").read_text(encoding="utf-8")
    assert md.startswith("Machine:") and "| articles | metric |" in md
    assert "| articles | metric |" in proc.stdout
