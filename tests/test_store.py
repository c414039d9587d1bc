"""Atomic Parquet store: round trip, manifest verification, failures leave the previous store intact."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from dashboard import store
from dashboard.store import StoreError, read_manifest, read_store, read_table, write_store, write_table


def _articles(n: int = 3, tag: str = "v1") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [f"{tag}-{i}" for i in range(n)],
            "text": [f"外交部发言人表示，第{i}段。" for i in range(n)],
            "date": pd.to_datetime(["2023-07-12"] * (n - 1) + [None]).astype("datetime64[ns]"),
            "synthetic": [True] * n,
        }
    )


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_write_table_round_trip_and_csv_with_bom(tmp_path: Path) -> None:
    df = _articles()
    write_table(df, tmp_path / "articles.parquet", csv=True)
    back = read_table(tmp_path / "articles.parquet")
    pd.testing.assert_frame_equal(back, df, check_dtype=False)
    assert back["date"].isna().sum() == 1
    raw = (tmp_path / "articles.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "外交部发言人" in raw.decode("utf-8-sig")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.csv", "articles.parquet"]


def test_read_table_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"missing\.parquet: file not found"):
        read_table(tmp_path / "missing.parquet")
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(StoreError, match=r"bad\.parquet: not a readable Parquet file"):
        read_table(bad)


def test_write_store_manifest_and_read_back(tmp_path: Path) -> None:
    tables = {"articles": _articles(), "statements": pd.DataFrame({"statement_id": ["a:000:000"]})}
    write_store(tmp_path, tables, meta={"source": "tests", "demo": False}, csv=True)
    manifest = read_manifest(tmp_path)
    assert manifest["meta"] == {"source": "tests", "demo": False}
    assert manifest["version"] == 1 and isinstance(manifest["created"], str)
    entries = manifest["tables"]
    assert isinstance(entries, dict)
    assert entries["articles"]["rows"] == 3
    assert entries["articles"]["file"] == "articles.parquet"
    assert entries["statements"]["columns"] == ["statement_id"]
    assert len(entries["articles"]["sha1"]) == 40
    out = read_store(tmp_path)
    assert set(out) == {"articles", "statements"}
    pd.testing.assert_frame_equal(out["articles"], tables["articles"], check_dtype=False)
    assert read_store(tmp_path, tables=("statements",)).keys() == {"statements"}
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "articles.csv",
        "articles.parquet",
        "manifest.json",
        "statements.csv",
        "statements.parquet",
    ]


def test_read_store_columns_and_categories(tmp_path: Path) -> None:
    df = _articles(4)
    df["outlet"] = ["新华社", "新华社", "中新社", "新华社"]
    write_store(tmp_path, {"articles": df}, meta={})
    out = read_store(
        tmp_path,
        columns={"articles": ["article_id", "outlet", "no_such_column"]},
        categories={"articles": ["outlet"]},
    )["articles"]
    assert list(out.columns) == ["article_id", "outlet"]
    assert isinstance(out["outlet"].dtype, pd.CategoricalDtype)
    assert out["outlet"].astype(str).tolist() == df["outlet"].tolist()
    assert pd.api.types.is_string_dtype(out["article_id"].dtype)


def test_flipped_byte_in_a_column_not_read_is_still_detected(tmp_path: Path) -> None:
    """The whole file is verified, even when only some columns are decoded."""
    write_store(tmp_path, {"articles": _articles(50)}, meta={})
    path = tmp_path / "articles.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"articles\.parquet: sha1 does not match the manifest"):
        read_store(tmp_path, columns={"articles": ["article_id"]})
    assert store.file_sha1(path) == store._sha1(bytes(data))


def test_read_store_detects_a_changed_file(tmp_path: Path) -> None:
    write_store(tmp_path, {"articles": _articles()}, meta={})
    write_table(_articles(tag="other"), tmp_path / "articles.parquet")  # bypasses the manifest
    with pytest.raises(StoreError, match=r"articles\.parquet: sha1 does not match the manifest"):
        read_store(tmp_path)


def test_read_store_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"manifest\.json: file not found"):
        read_store(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match=r"manifest\.json: not a readable manifest"):
        read_store(tmp_path)
    write_store(tmp_path, {"articles": _articles()}, meta={})
    (tmp_path / "articles.parquet").unlink()
    with pytest.raises(StoreError, match=r"articles\.parquet: file not found \(listed in the manifest\)"):
        read_store(tmp_path)
    write_store(tmp_path, {"articles": _articles()}, meta={})
    with pytest.raises(StoreError, match=r"no table\(s\) tokens"):
        read_store(tmp_path, tables=("tokens",))


def test_manifest_cannot_point_outside_the_store(tmp_path: Path) -> None:
    write_store(tmp_path, {"articles": _articles()}, meta={})
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["articles"]["file"] = "../elsewhere.parquet"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(StoreError, match="points outside the store"):
        read_store(tmp_path)


@pytest.mark.parametrize("name", ["", "../x", "a/b", ".hidden", "manifest"])
def test_invalid_table_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(StoreError, match="invalid table name"):
        write_store(tmp_path, {name: _articles()}, meta={})


def test_failure_while_writing_a_table_keeps_previous_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_store(
        tmp_path, {"articles": _articles(), "statements": _articles(2, "s")}, meta={"run": 1}, csv=True
    )
    before = _snapshot(tmp_path)

    calls = {"n": 0}
    real_stage = store._stage

    def failing_stage(path: Path, data: bytes) -> Path:
        calls["n"] += 1
        if calls["n"] == 3:  # articles.parquet, articles.csv staged; fail on statements.parquet
            raise OSError(28, "No space left on device")
        return real_stage(path, data)

    monkeypatch.setattr(store, "_stage", failing_stage)
    with pytest.raises(OSError, match="No space left"):
        write_store(
            tmp_path,
            {"articles": _articles(5, "v2"), "statements": _articles(4, "s2")},
            meta={"run": 2},
            csv=True,
        )
    assert _snapshot(tmp_path) == before  # unchanged, no temp files left
    assert len(read_store(tmp_path)["articles"]) == 3


def test_failure_during_commit_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_store(tmp_path, {"articles": _articles(), "statements": _articles(2, "s")}, meta={"run": 1})
    before = _snapshot(tmp_path)

    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # articles.parquet already replaced; fail on statements.parquet
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", failing_replace)
    with pytest.raises(OSError, match="Input/output error"):
        write_store(
            tmp_path, {"articles": _articles(5, "v2"), "statements": _articles(4, "s2")}, meta={"run": 2}
        )
    monkeypatch.undo()
    assert _snapshot(tmp_path) == before
    assert read_manifest(tmp_path)["meta"] == {"run": 1}
    assert list(read_store(tmp_path)["articles"]["article_id"]) == ["v1-0", "v1-1", "v1-2"]


def test_failure_in_to_parquet_leaves_previous_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "articles.parquet"
    write_table(_articles(), path)
    before = _snapshot(tmp_path)

    def boom(self: pd.DataFrame, *args: object, **kwargs: object) -> None:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", boom)
    with pytest.raises(RuntimeError, match="interrupted"):
        write_table(_articles(7, "v2"), path)
    monkeypatch.undo()
    assert _snapshot(tmp_path) == before
    assert len(read_table(path)) == 3


def test_failure_mid_file_write_removes_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "articles.parquet"
    write_table(_articles(), path)
    before = _snapshot(tmp_path)

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "fsync failed")

    monkeypatch.setattr(store.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="fsync failed"):
        write_table(_articles(7, "v2"), path)
    monkeypatch.undo()
    assert _snapshot(tmp_path) == before


def test_second_write_replaces_first(tmp_path: Path) -> None:
    write_store(tmp_path, {"articles": _articles()}, meta={"run": 1})
    write_store(tmp_path, {"articles": _articles(5, "v2")}, meta={"run": 2})
    assert len(read_store(tmp_path)["articles"]) == 5
    assert read_manifest(tmp_path)["meta"] == {"run": 2}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.parquet", "manifest.json"]


def test_kill_between_renames_old_store_still_readable_then_repaired(tmp_path: Path) -> None:
    """Simulates SIGKILL after the first rename of a commit: new articles.parquet, old manifest, backup left."""
    write_store(tmp_path, {"articles": _articles(), "statements": _articles(2, "s")}, meta={"run": 1})
    old_bytes = (tmp_path / "articles.parquet").read_bytes()
    os.link(tmp_path / "articles.parquet", tmp_path / ".articles.parquet.k1ll3d.bak")
    (tmp_path / "articles.parquet").unlink()
    (tmp_path / "articles.parquet").write_bytes(store._parquet_bytes(_articles(5, "v2")))  # the first rename
    (tmp_path / ".statements.parquet.k1ll3d.tmp").write_bytes(b"half")  # staged, never renamed

    assert list(read_store(tmp_path)["articles"]["article_id"]) == ["v1-0", "v1-1", "v1-2"]

    store.recover_store(tmp_path)
    assert (tmp_path / "articles.parquet").read_bytes() == old_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "articles.parquet",
        "manifest.json",
        "statements.parquet",
    ]


def test_next_write_removes_leftover_temp_files(tmp_path: Path) -> None:
    write_store(tmp_path, {"articles": _articles()}, meta={})
    (tmp_path / ".articles.parquet.abc123.tmp").write_bytes(b"partial")
    (tmp_path / ".manifest.json.abc123.tmp").write_bytes(b"{")
    (tmp_path / ".user-notes").write_text("not ours", encoding="utf-8")
    write_store(tmp_path, {"articles": _articles(4, "v2")}, meta={})
    assert sorted(p.name for p in tmp_path.iterdir()) == [".user-notes", "articles.parquet", "manifest.json"]
    assert len(read_store(tmp_path)["articles"]) == 4


def test_store_files_get_ordinary_permissions(tmp_path: Path) -> None:
    """Temp files are created 0600; the renamed store files follow the umask like any file."""
    import stat

    old = os.umask(0o022)
    try:
        target = tmp_path / "t.parquet"
        write_table(pd.DataFrame({"a": [1]}), target)
    finally:
        os.umask(old)
    mode = stat.S_IMODE(target.stat().st_mode)
    assert mode & 0o044 == 0o044  # group and others can read
