"""`python -m dashboard extract`: files written, summary, reuse, exit codes 0/1/2, --help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard.__main__ import build_parser, main
from dashboard.schema import ACTOR_COLUMNS, GROUP_COLUMNS, PEOPLE_COLUMNS, STATEMENT_COLUMNS, TERM_HIT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]

ARTICLE_1 = """---
title: 北约峰会闭幕
outlet: 测试通讯社
date: 2023-07-12
synthetic: true
---
外交部发言人表示，北约应摒弃冷战思维和零和博弈。

记者注意到，所谓“印太”概念近来频频出现。
"""

ARTICLE_2 = """---
title: 北約秘書長講話
outlet: 测试通讯社
date: 2023-07-13
synthetic: true
---
北約秘書長稱，北約不會放棄其立場，並再次提到冷戰思維。這一表態引發關注。
"""


def _write_config(tmp: Path) -> tuple[Path, Path]:
    lex = tmp / "lexicon.csv"
    lex.write_text(
        "term,frame,naming,name_option\n冷战思维,冷战对抗,,\n零和博弈,冷战对抗,,\n印太,地区命名,印太/亚太,印太\n亚太,地区命名,印太/亚太,亚太\n",
        encoding="utf-8",
    )
    reg = tmp / "registry"
    reg.mkdir()
    pd.DataFrame(
        [("中国", "China", "country", "中国|中方"), ("北约", "NATO", "bloc", "北约")],
        columns=list(GROUP_COLUMNS),
    ).to_csv(reg / "groups.csv", index=False)
    pd.DataFrame(
        [
            ("中国外交部", "Chinese MFA", "中国", "government", "外交部发言人|外交部"),
            ("北约", "NATO", "北约", "military alliance", "北约秘书长"),
        ],
        columns=list(ACTOR_COLUMNS),
    ).to_csv(reg / "actors.csv", index=False)
    pd.DataFrame(columns=list(PEOPLE_COLUMNS)).to_csv(reg / "people.csv", index=False)
    return lex, reg


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture()
def setup(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a1.md").write_text(ARTICLE_1, encoding="utf-8")
    (src / "a2.md").write_text(ARTICLE_2, encoding="utf-8")
    lex, reg = _write_config(tmp_path)
    return src, lex, reg, tmp_path / "out"


def test_extract_writes_store_and_reuses(setup: tuple[Path, Path, Path, Path]) -> None:
    src, lex, reg, out = setup
    proc = _cli("extract", src, "--out", out, "--lexicon", lex, "--registry", reg, "--csv")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in ("articles", "statements", "term_hits", "tokens"):
        assert (out / f"{name}.parquet").exists() and (out / f"{name}.csv").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["meta"]["config_hash"]
    st = pd.read_parquet(out / "statements.parquet")
    hits = pd.read_parquet(out / "term_hits.parquet")
    assert list(st.columns) == list(STATEMENT_COLUMNS)
    assert list(hits.columns) == list(TERM_HIT_COLUMNS)
    by_term = hits.groupby("term")[["count", "quoted_count"]].sum()
    assert by_term.loc["冷战思维"].tolist() == [2, 0]  # simplified + traditional article
    assert by_term.loc["印太"].tolist() == [1, 1]  # scare quotes
    assert "imported:   2 articles" in proc.stdout
    assert "failed:     0" in proc.stdout
    assert "reused:     0" in proc.stdout


def test_rerun_reuses_unchanged_articles(
    setup: tuple[Path, Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    src, lex, reg, out = setup
    args = ["extract", str(src), "--out", str(out), "--lexicon", str(lex), "--registry", str(reg)]
    assert main(args) == 0
    assert "reused:     0 " in capsys.readouterr().out
    st = pd.read_parquet(out / "statements.parquet")

    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "reused:     2 " in printed
    assert f"store unchanged: {out}/" in printed and "wrote" not in printed
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before  # not rewritten
    pd.testing.assert_frame_equal(pd.read_parquet(out / "statements.parquet"), st)
    assert main([*args, "--csv"]) == 0  # CSV copies asked for: written this time
    assert "wrote" in capsys.readouterr().out and (out / "statements.csv").exists()

    changed = ARTICLE_2.replace("這一表態引發關注。", "這一表態引發廣泛關注。")
    (src / "a2.md").write_text(changed, encoding="utf-8")
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "reused:     1 " in printed and "(extracted 1)" in printed


def test_some_inputs_failed_exit_1_good_ones_written(setup: tuple[Path, Path, Path, Path]) -> None:
    src, lex, reg, out = setup
    (src / "empty.md").write_text("", encoding="utf-8")
    proc = _cli("extract", src, src / "missing.md", "--out", out, "--lexicon", lex, "--registry", reg)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "failed:     2" in proc.stdout
    assert "empty.md" in proc.stdout and "missing.md" in proc.stdout
    assert len(pd.read_parquet(out / "articles.parquet")) == 2


def test_nothing_imported_leaves_previous_store(
    setup: tuple[Path, Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    src, lex, reg, out = setup
    config = ["--lexicon", str(lex), "--registry", str(reg)]
    assert main(["extract", str(src), "--out", str(out), *config]) == 0
    before = (out / "manifest.json").read_bytes()
    assert main(["extract", str(src / "nope.md"), "--out", str(out), *config]) == 1
    assert "left unchanged" in capsys.readouterr().out
    assert (out / "manifest.json").read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["extract"],
        ["extract", "x.md"],  # --out missing
        ["extract", "x.md", "--out", "o", "--processes", "-1"],
        ["extract", "x.md", "--out", "o", "--processes", "many"],
        ["extract", "x.md", "--out", "o", "--bogus"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(args)
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    assert "usage:" in capsys.readouterr().err


def test_usage_error_exit_2_from_the_shell(tmp_path: Path) -> None:
    proc = _cli("extract", tmp_path / "x.md")
    assert proc.returncode == 2
    assert "--out" in proc.stderr


def test_out_must_be_a_directory(tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("x", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(tmp_path), "--out", str(file)])
    assert exc.value.code == 2


def test_bad_lexicon_or_registry_exit_2(
    setup: tuple[Path, Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    src, lex, reg, out = setup
    bad = lex.with_name("bad.csv")
    bad.write_text("term,frame\n冷战思维,冷战对抗\n冷战思维,别的\n", encoding="utf-8")
    assert main(["extract", str(src), "--out", str(out), "--lexicon", str(bad), "--registry", str(reg)]) == 2
    assert "bad.csv, row 3" in capsys.readouterr().err
    assert main(["extract", str(src), "--out", str(out), "--lexicon", str(lex), "--registry", str(src)]) == 2
    assert "registry" in capsys.readouterr().err
    assert not out.exists()


def test_help_documents_everything() -> None:
    proc = _cli("extract", "--help")
    assert proc.returncode == 0
    for word in (
        "--out",
        "--csv",
        "--processes",
        "--lexicon",
        "--registry",
        "statements.parquet",
        "exit codes",
    ):
        assert word in proc.stdout
    top = _cli("--help")
    assert top.returncode == 0 and "extract" in top.stdout


def test_parser_in_process(tmp_path: Path) -> None:
    args = build_parser().parse_args(["extract", "a.md", "b", "--out", str(tmp_path), "-p", "2", "--csv"])
    assert (args.inputs, args.processes, args.csv, args.progress) == (["a.md", "b"], 2, True, None)
