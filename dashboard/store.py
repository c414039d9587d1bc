"""Atomic Parquet store: one ``<name>.parquet`` per table plus ``manifest.json``, written last.

Writing never leaves a half-written file under a final name: each file is written to a temporary file
in the same folder, flushed and fsynced, then moved into place with ``os.replace``. :func:`write_store`
first stages every file, then keeps a hard-link (or copy) backup of every file it is about to replace,
then moves the new files in, the manifest last (the commit point), then deletes the backups. If anything
raises, the moved files are rolled back from the backups, so the previous store stays unchanged and no
temporary files are left behind. If the process is killed between two renames, the old manifest still
names the old files by sha1: :func:`read_store` then reads the backup whose sha1 matches, so the previous
store stays readable, and the next :func:`write_store` restores it before cleaning up leftover temp files.
The manifest records row counts and the sha1 of every table; a file matching neither is a
:class:`StoreError` naming it.

Reading is cheap on large stores: every file is verified by a streaming sha1 (over a memory map, in a
helper thread) while pyarrow parses it from the path (memory-mapped, only the requested ``columns``).

>>> write_store(Path("out"), {"articles": df}, meta={"source": "data/corpus"})  # doctest: +SKIP
>>> read_store(Path("out"))["articles"]  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import mmap
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import pandas as pd

MANIFEST: Final = "manifest.json"
MANIFEST_VERSION: Final = 1


class StoreError(Exception):
    """A store file is missing, unreadable or does not match its manifest (the message names it)."""


# ---------------------------------------------------------------------------------------------------
# Single files


#: Parquet codec: LZ4 (LZ4_RAW) decodes 2-3x faster than pyarrow's default Snappy here, same size.
COMPRESSION: Final = "lz4"


def _parquet_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, compression=COMPRESSION)
    return buf.getvalue()


def _csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8-sig")


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a fsynced temp file next to ``path``; return the temp path."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp creates 0600 files; give the store the permissions of an ordinary file (umask).
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _fsync_dir(directory: Path) -> None:
    """Persist renames (best effort: not every platform can open a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_LEFTOVER_RE: Final = re.compile(r"^\.(?P<target>.+\.(?:parquet|csv|json))\.[A-Za-z0-9_]+\.(?:tmp|bak)$")


@dataclass
class _Commit:
    """Staged temp files and their targets; commit() moves them in, rolling back on failure."""

    staged: list[tuple[Path, Path]]  # (temp, target)

    def commit(self) -> None:
        backups: list[tuple[Path, Path | None]] = []  # (target, backup of the previous version)
        try:
            for _, target in self.staged:  # every backup exists before the first rename
                backups.append((target, _backup(target)))
            for tmp, target in self.staged:
                os.replace(tmp, target)
        except BaseException:
            for target, backup in reversed(backups):
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, target)
                    else:
                        os.unlink(target)
            self.discard()
            raise
        finally:
            for _, backup in backups:
                if backup is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(backup)
        if self.staged:
            _fsync_dir(self.staged[0][1].parent)

    def discard(self) -> None:
        for tmp, _ in self.staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _backup(target: Path) -> Path | None:
    """A hard link (or copy) of the current file, to restore it if the commit fails."""
    if not target.exists():
        return None
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".bak")
    os.close(fd)
    backup = Path(name)
    os.unlink(backup)
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)
    return backup


def _stage_all(items: list[tuple[Path, Callable[[], bytes]]]) -> _Commit:
    staged: list[tuple[Path, Path]] = []
    try:
        for target, produce in items:
            staged.append((_stage(target, produce()), target))
    except BaseException:
        _Commit(staged).discard()
        raise
    return _Commit(staged)


def write_table(df: pd.DataFrame, path: Path, *, csv: bool = False) -> None:
    """Write ``df`` to ``path`` (Parquet) atomically; ``csv=True`` also writes ``path.with_suffix('.csv')``
    (UTF-8 with BOM, opens in Excel), atomically too."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    items: list[tuple[Path, Callable[[], bytes]]] = [(path, lambda: _parquet_bytes(df))]
    if csv:
        items.append((path.with_suffix(".csv"), lambda: _csv_bytes(df)))
    _stage_all(items).commit()


def read_table(path: Path) -> pd.DataFrame:
    """Read one Parquet table; raises :class:`StoreError` naming the file."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"{path}: file not found")
    return _parse_parquet(path)


def _parse_parquet(
    path: Path,
    *,
    columns: Sequence[str] | None = None,
    categories: Sequence[str] = (),
    name: Path | None = None,
) -> pd.DataFrame:
    """Parse a Parquet file straight from ``path`` (memory-mapped); ``categories`` columns are decoded as
    pandas categoricals (from Parquet's dictionary pages); errors name ``name`` (default ``path``)."""
    try:
        return pd.read_parquet(
            path,
            columns=None if columns is None else list(columns),
            memory_map=True,
            read_dictionary=list(categories) or None,
        )
    except FileNotFoundError:
        raise StoreError(f"{name or path}: file not found") from None
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise StoreError(f"{name or path}: not a readable Parquet file ({exc})") from None


# ---------------------------------------------------------------------------------------------------
# Whole store


def write_store(
    out_dir: Path,
    tables: Mapping[str, pd.DataFrame],
    *,
    meta: Mapping[str, object],
    csv: bool = False,
) -> None:
    """Write every table as ``out_dir/<name>.parquet`` (+ ``.csv``), then ``manifest.json``, atomically.

    All files are staged first; only when every one is written are they moved into place, the
    manifest last. The manifest holds ``version``, ``created`` (UTC ISO time), ``meta`` and per table
    ``file``, ``rows``, ``columns``, ``sha1`` (of the Parquet file; ``csv_sha1`` when written).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    recover_store(out_dir)
    for name in tables:
        if not name or "/" in name or "\\" in name or name.startswith(".") or name == "manifest":
            raise StoreError(f"{out_dir}: invalid table name {name!r}")
    entries: dict[str, dict[str, object]] = {}
    items: list[tuple[Path, Callable[[], bytes]]] = []
    for name, df in tables.items():
        pq = _parquet_bytes(df)
        entry: dict[str, object] = {
            "file": f"{name}.parquet",
            "rows": len(df),
            "columns": [str(c) for c in df.columns],
            "sha1": _sha1(pq),
        }
        items.append((out_dir / f"{name}.parquet", _const(pq)))
        if csv:
            cs = _csv_bytes(df)
            entry["csv_file"] = f"{name}.csv"
            entry["csv_sha1"] = _sha1(cs)
            items.append((out_dir / f"{name}.csv", _const(cs)))
        entries[name] = entry
    manifest = {
        "version": MANIFEST_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "meta": dict(meta),
        "tables": entries,
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    items.append((out_dir / MANIFEST, _const(manifest_bytes)))
    _stage_all(items).commit()


def _backup_with_sha1(path: Path, sha1: object) -> Path | None:
    """A leftover backup of ``path`` (from a write killed mid-commit) whose content has this sha1."""
    if not isinstance(sha1, str):
        return None
    for cand in sorted(path.parent.glob(f".{path.name}.*.bak")):
        with contextlib.suppress(OSError):
            if file_sha1(cand) == sha1:
                return cand
    return None


def recover_store(out_dir: Path) -> None:
    """Finish a write killed mid-commit: put back backups the manifest still points to, then delete
    leftover temp and backup files. Called by :func:`write_store`; safe to call on any folder."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return
    with contextlib.suppress(StoreError):
        entries = read_manifest(out_dir)["tables"]
        assert isinstance(entries, dict)
        for entry in entries.values():
            if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
                continue
            path = out_dir / entry["file"]
            try:
                current = file_sha1(path)
            except OSError:
                current = ""
            if current != entry.get("sha1") and (backup := _backup_with_sha1(path, entry.get("sha1"))):
                os.replace(backup, path)
    remove_leftovers(out_dir)


def remove_leftovers(out_dir: Path) -> None:
    """Delete temp and backup files left by a killed write (only safe once the store matches its manifest)."""
    removed = False
    for leftover in Path(out_dir).iterdir():
        if _LEFTOVER_RE.match(leftover.name):
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed = True
    if removed:
        _fsync_dir(Path(out_dir))


def _const(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def read_manifest(out_dir: Path) -> dict[str, object]:
    """The parsed ``manifest.json``; raises :class:`StoreError` naming it when missing or invalid."""
    path = Path(out_dir) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{path}: file not found (not a store, or an unfinished first write)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path}: not a readable manifest ({exc})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tables"), dict):
        raise StoreError(f"{path}: manifest has no 'tables' mapping")
    return manifest


def read_store(
    out_dir: Path,
    *,
    tables: tuple[str, ...] | None = None,
    columns: Mapping[str, Sequence[str]] | None = None,
    categories: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, pd.DataFrame]:
    """Read the manifest's tables (or only ``tables``), verifying each file's sha1 and row count.

    ``columns`` maps a table name to the columns to parse (others are not decoded); ``categories`` maps
    a table name to string columns to return as categoricals (faster, and far smaller for columns with
    few distinct values). Names missing from the file are ignored; the whole file is still verified.
    """
    return read_store_checked(out_dir, tables=tables, columns=columns, categories=categories)[0]


def read_store_checked(
    out_dir: Path,
    *,
    tables: tuple[str, ...] | None = None,
    columns: Mapping[str, Sequence[str]] | None = None,
    categories: Mapping[str, Sequence[str]] | None = None,
) -> tuple[dict[str, pd.DataFrame], bool]:
    """:func:`read_store` plus whether every file matched the manifest as is (no backup of a killed write
    had to be read)."""
    out_dir = Path(out_dir)
    manifest = read_manifest(out_dir)
    entries = manifest["tables"]
    assert isinstance(entries, dict)
    wanted: list[tuple[str, dict[str, object], Path]] = []
    for name, entry in entries.items():
        if tables is not None and name not in tables:
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise StoreError(f"{out_dir / MANIFEST}: bad entry for table {name!r}")
        path = out_dir / entry["file"]
        if path.resolve().parent != out_dir.resolve():
            raise StoreError(f"{out_dir / MANIFEST}: table {name!r} points outside the store")
        wanted.append((name, entry, path))
    if tables is not None:
        missing = [t for t in tables if t not in entries]
        if missing:
            raise StoreError(f"{out_dir / MANIFEST}: no table(s) {', '.join(missing)}")
    out: dict[str, pd.DataFrame] = {}
    clean = True
    with ThreadPoolExecutor(max_workers=1) as pool:
        # hashing (GIL released) runs beside parsing (pyarrow, GIL released too)
        sums: list[Future[str]] = [pool.submit(_checked_sha1, path) for _, _, path in wanted]
        for (name, entry, path), fut in zip(wanted, sums, strict=True):
            listed = entry.get("columns")
            present = set(listed) if isinstance(listed, list) else None
            cols = None
            if columns is not None and name in columns:
                cols = [c for c in columns[name] if present is None or c in present]
            cats = [
                c
                for c in (categories or {}).get(name, ())
                if (present is None or c in present) and (cols is None or c in cols)
            ]
            df: pd.DataFrame | None = None
            error: StoreError | None = None
            try:
                df = _parse_parquet(path, columns=cols, categories=cats)
            except StoreError as exc:
                error = exc
            if fut.result() != entry.get("sha1"):
                backup = _backup_with_sha1(path, entry.get("sha1"))  # a write was killed mid-commit
                if backup is None:
                    raise StoreError(
                        f"{path}: sha1 does not match the manifest (file changed or partly written)"
                    )
                clean = False
                df, error = _parse_parquet(backup, columns=cols, categories=cats, name=path), None
            if error is not None:
                raise error
            assert df is not None
            if entry.get("rows") is not None and len(df) != entry["rows"]:
                raise StoreError(f"{path}: {len(df)} rows, the manifest says {entry['rows']}")
            out[name] = df
    return out, clean


def _checked_sha1(path: Path) -> str:
    try:
        return file_sha1(path)
    except FileNotFoundError:
        raise StoreError(f"{path}: file not found (listed in the manifest)") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror or exc})") from None


def file_sha1(path: Path) -> str:
    """sha1 of a file's bytes, streamed over a memory map (no copy of the file in memory)."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size == 0:
            return _sha1(b"")
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return hashlib.sha1(mm, usedforsecurity=False).hexdigest()


def manifest_sha1(out_dir: Path) -> str:
    """sha1 of ``manifest.json`` ("" when it cannot be read): identifies one committed store version."""
    try:
        return _sha1((Path(out_dir) / MANIFEST).read_bytes())
    except OSError:
        return ""


def _sha1(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()
