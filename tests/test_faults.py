"""Faults: the CLI killed (SIGKILL) in the middle of writing a store, corrupt store files, and per-session
isolation of uploads and lexicon edits in the dashboard (two AppTest sessions)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.__main__ import main
from dashboard.pipeline import load_corpus
from dashboard.schema import ACTOR_COLUMNS, GROUP_COLUMNS, PEOPLE_COLUMNS
from dashboard.store import StoreError, read_manifest, read_store

ROOT = Path(__file__).resolve().parents[1]

# A fork server runs the real CLI (dashboard.__main__.main) in forked children, with the store's file writes
# slowed down so that a kill really lands in the middle of a write. Only dashboard.store sees the slowed
# functions (it gets a proxy of `os`). Importing pandas/jieba and building the segmenter happens once, in the
# server (a warm-up run), so each forked CLI run costs well under a second. Protocol lines start with "@@".
CHILD = r"""
import os, sys, time, types
from dashboard import store

MODE = {"v": "none", "k": ""}
proxy = types.ModuleType("os_proxy")
proxy.__dict__.update(vars(os))
real_fdopen, real_replace = os.fdopen, os.replace
said = set()

def say(what):
    if what not in said:
        said.add(what)
        os.write(1, ("@@ " + what + " " + MODE["k"] + "\n").encode())

class SlowFile:
    def __init__(self, fh):
        self.fh = fh
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.fh.__exit__(*exc)
    def write(self, data):
        say("WRITE-START")
        step = max(1, len(data) // 10)
        for i in range(0, len(data), step):
            self.fh.write(data[i : i + step])
            self.fh.flush()
            time.sleep(0.03)
        return len(data)
    def flush(self):
        self.fh.flush()
    def fileno(self):
        return self.fh.fileno()

def hooked_fdopen(fd, mode="r", *args, **kwargs):
    fh = real_fdopen(fd, mode, *args, **kwargs)
    return SlowFile(fh) if MODE["v"] == "slow-write" and "w" in mode else fh

def hooked_replace(src, dst, *args, **kwargs):
    real_replace(src, dst, *args, **kwargs)
    if MODE["v"] == "stall-commit" and str(dst).endswith(".parquet"):
        say("REPLACED")
        time.sleep(60)

proxy.fdopen = hooked_fdopen
proxy.replace = hooked_replace
store.os = proxy

from dashboard.__main__ import main

argv = sys.argv[1:]
def run(out):
    return main([out if a == "{OUT}" else a for a in argv])

run(sys.stdin.readline().strip())  # warm-up: imports, jieba dictionary, segmenter
sys.stdout.flush()
os.write(1, b"@@ READY\n")
children = []
for line in sys.stdin:
    k, mode, out = line.split()
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        MODE.update(v=mode, k=k)
        rc = run(out)
        sys.stdout.flush()
        os.write(1, ("@@ DONE " + k + "\n").encode())
        os._exit(rc)
    children.append(pid)
    os.write(1, ("@@ PID " + k + " " + str(pid) + "\n").encode())
for pid in children:
    os.waitpid(pid, 0)
"""


class ForkServer:
    """The fork server process and the protocol lines it printed."""

    def __init__(self, setup: Setup) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, *setup.args(setup.new_in, Path("{OUT}"))],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        self.lines: list[list[str]] = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self._send(str(setup.root / "warm_up"))
        self.wait("READY")
        self.n = 0

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("@@ "):
                with self.cond:
                    self.lines.append(line.split()[1:])
                    self.cond.notify_all()

    def _send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def wait(self, *prefix: str, timeout: float = 120) -> list[str]:
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for parts in self.lines:
                    if parts[: len(prefix)] == list(prefix):
                        return parts
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"fork server never said {prefix}")
                self.cond.wait(left)

    def seen(self, *prefix: str) -> bool:
        with self.cond:
            return any(parts[: len(prefix)] == list(prefix) for parts in self.lines)

    def start(self, mode: str, out: Path) -> tuple[str, int]:
        """Start one CLI run writing to ``out``; returns (key, pid)."""
        self.n += 1
        key = str(self.n)
        self._send(f"{key} {mode} {out}")
        return key, int(self.wait("PID", key)[2])

    def kill_after(self, marker: str, key: str, delay: float, pid: int) -> bool:
        """SIGKILL ``pid`` ``delay`` s after it printed ``marker``; True when it had not finished."""
        self.wait(marker, key)
        time.sleep(delay)
        alive = not self.seen("DONE", key)
        os.kill(pid, signal.SIGKILL)
        return alive

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


OLD_IDS = [f"old{i:02d}" for i in range(6)]
NEW_IDS = [f"new{i:02d}" for i in range(12)]


def _article(aid: str, n: int) -> str:
    return (
        f"---\nid: {aid}\ntitle: 测试文章{aid}\noutlet: 测试通讯社\ndate: 2023-07-{n % 28 + 1:02d}\nsynthetic: true\n---\n"
        f"外交部发言人表示，北约应摒弃冷战思维和零和博弈，这是第{n}篇（{aid}）。\n\n"
        f"北约秘书长称，北约将在所谓“印太”地区扩大存在，编号{aid}。\n"
    )


def _config(tmp: Path) -> tuple[Path, Path]:
    lex = tmp / "lexicon.csv"
    lex.write_text(
        "term,frame,naming,name_option\n冷战思维,冷战对抗,,\n零和博弈,冷战对抗,,\n印太,地区命名,印太/亚太,印太\n",
        encoding="utf-8",
    )
    reg = tmp / "registry"
    reg.mkdir()
    pd.DataFrame([("中国", "China", "country", "中国|中方"), ("北约", "NATO", "bloc", "北约")],
                 columns=list(GROUP_COLUMNS)).to_csv(reg / "groups.csv", index=False)
    pd.DataFrame(
        [("中国外交部", "Chinese MFA", "中国", "government", "外交部发言人|外交部"),
         ("北约", "NATO", "北约", "military alliance", "北约秘书长")],
        columns=list(ACTOR_COLUMNS),
    ).to_csv(reg / "actors.csv", index=False)
    pd.DataFrame(columns=list(PEOPLE_COLUMNS)).to_csv(reg / "people.csv", index=False)
    return lex, reg


class Setup:
    """Two input folders (old, new), lexicon + registry, and a store made by the CLI from the old folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.old_in, self.new_in = root / "old_in", root / "new_in"
        for folder, ids in ((self.old_in, OLD_IDS), (self.new_in, NEW_IDS)):
            folder.mkdir()
            for n, aid in enumerate(ids):
                (folder / f"{aid}.md").write_text(_article(aid, n), encoding="utf-8")
        self.lex, self.reg = _config(root)
        self.base = root / "base_store"
        assert self.cli(self.old_in, self.base) == 0
        self.base_files = {p.name: p.read_bytes() for p in self.base.iterdir()}

    def args(self, inputs: Path, out: Path) -> list[str]:
        return ["extract", str(inputs), "--out", str(out), "--lexicon", str(self.lex), "--registry", str(self.reg),
                "--no-progress"]

    def cli(self, inputs: Path, out: Path) -> int:
        return main(self.args(inputs, out))

    def copy_base(self, name: str) -> Path:
        out = self.root / name
        shutil.copytree(self.base, out)
        return out


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    return Setup(tmp_path_factory.mktemp("faults"))


@pytest.fixture(scope="module")
def server(setup: Setup) -> Iterator[ForkServer]:
    srv = ForkServer(setup)
    yield srv
    srv.close()


def _ids(out: Path) -> list[str]:
    return sorted(read_store(out, tables=("articles",))["articles"]["article_id"].tolist())


def _temp_files(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def _final_files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}


def test_sigkill_during_write_leaves_previous_store_intact(setup: Setup, server: ForkServer) -> None:
    rng = random.Random(8)
    delays = [rng.uniform(0.0, 1.1) for _ in range(9)]  # writing takes >= 1.5 s with the slowed writes
    runs = []
    for k, delay in enumerate(delays):
        out = setup.copy_base(f"kill{k}")
        key, pid = server.start("slow-write", out)
        runs.append((out, key, pid, delay))
    results: dict[str, bool] = {}
    threads = [
        threading.Thread(target=lambda r=r: results.__setitem__(r[1], server.kill_after("WRITE-START", r[1], r[3], r[2])))
        for r in runs
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for out, key, _pid, delay in runs:
        # whatever happened, the store is readable and entirely old or entirely new: never a mix
        tables = read_store(out)
        ids = sorted(tables["articles"]["article_id"])
        assert ids in (OLD_IDS, NEW_IDS), (delay, ids)
        assert set(tables["statements"]["article_id"]) == set(ids)
        # killed while writing: the previous store, byte for byte; only hidden temp files were added
        assert results[key], f"run {key} finished before the kill at {delay:.2f} s"
        assert ids == OLD_IDS
        assert _final_files(out) == setup.base_files
        assert all(name.endswith(".tmp") for name in _temp_files(out)), _temp_files(out)
    assert any(_temp_files(out) for out, *_ in runs)  # some kills really hit a half-written file


def test_store_written_after_a_kill_is_complete(setup: Setup, server: ForkServer) -> None:
    out = setup.copy_base("kill_then_rerun")
    key, pid = server.start("slow-write", out)
    assert server.kill_after("WRITE-START", key, 0.3, pid)
    assert setup.cli(setup.new_in, out) == 0
    assert _ids(out) == NEW_IDS


def test_later_write_removes_temp_files_of_a_killed_one(setup: Setup, server: ForkServer) -> None:
    out = setup.copy_base("kill_then_clean")
    key, pid = server.start("slow-write", out)
    assert server.kill_after("WRITE-START", key, 0.3, pid)
    assert _temp_files(out)
    assert setup.cli(setup.new_in, out) == 0
    assert _temp_files(out) == []


def test_sigkill_between_two_renames_keeps_a_readable_store(setup: Setup, server: ForkServer) -> None:
    out = setup.copy_base("kill_commit")
    key, pid = server.start("stall-commit", out)
    assert server.kill_after("REPLACED", key, 0.0, pid)
    assert _ids(out) in (OLD_IDS, NEW_IDS)


# --------------------------------------------------------------------------- corrupt store files


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    data[mid : mid + 16] = bytes(b ^ 0xFF for b in data[mid : mid + 16])
    path.write_bytes(bytes(data))


def _garbage(path: Path) -> None:
    path.write_bytes(b"{not json")


def _delete(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize(
    ("file", "damage", "message"),
    [
        ("statements.parquet", _truncate, "statements.parquet: sha1 does not match the manifest"),
        ("articles.parquet", _flip, "articles.parquet: sha1 does not match the manifest"),
        ("manifest.json", _garbage, "manifest.json: not a readable manifest"),
        ("term_hits.parquet", _delete, "term_hits.parquet: file not found (listed in the manifest)"),
    ],
    ids=["truncated-parquet", "flipped-bytes", "garbage-manifest", "missing-table"],
)
def test_corrupt_store_is_reported_and_rebuilt(
    setup: Setup, file: str, damage: object, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = setup.copy_base(f"corrupt_{file}")
    assert callable(damage)
    damage(out / file)
    with pytest.raises(StoreError, match=message.split(":")[0]):
        load_corpus(out)
    capsys.readouterr()
    assert setup.cli(setup.old_in, out) == 0
    captured = capsys.readouterr()
    assert f"warning: previous store in {out} not reused ({out / file}: " in captured.err
    assert message in captured.err
    assert "reused:     0 articles" in captured.out  # nothing taken from the damaged store
    assert _ids(out) == OLD_IDS
    tables = read_manifest(out)["tables"]
    assert isinstance(tables, dict)
    assert set(tables) == {"articles", "statements", "term_hits", "tokens"}


def test_store_files_are_readable_parquet_under_final_names(setup: Setup) -> None:
    for name in ("articles", "statements", "term_hits", "tokens"):
        assert len(pd.read_parquet(setup.base / f"{name}.parquet")) > 0


# --------------------------------------------------------------------------- sessions (AppTest)

HOSTILE_UPLOAD = (
    "---\ntitle: <script>alert(1)</script>**粗体标题**\noutlet: '[点我](javascript:alert(1))'\n---\n"
    "火星外交部发言人表示，所谓“印太战略”是冷战思维<img src=x onerror=alert(1)>，北约应当收手。\n\n"
    "该发言人指出，**不要** [链接](javascript:alert(2)) 这种$x^2$写法:red[红色]出现了。\n"
)


@pytest.fixture(scope="module")
def two_sessions() -> Iterator[tuple[AppTest, AppTest]]:
    a = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    b = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    yield a, b


def _metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def _page(name: str) -> str:
    return str(ROOT / "dashboard" / "app_pages" / f"{name}.py")


def _no_html(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.get("html")
    for el in at.get("markdown"):
        assert not el.proto.allow_html, el.proto.body


@pytest.mark.filterwarnings("ignore")
def test_uploads_and_lexicon_edits_stay_in_their_session(two_sessions: tuple[AppTest, AppTest]) -> None:
    a, b = two_sessions
    demo_statements = _metric(b, "陈述")
    a.switch_page(_page("corpus_page")).run()
    a.file_uploader(key="uploads").set_value(("hostile.md", HOSTILE_UPLOAD.encode(), "text/markdown")).run()
    _no_html(a)
    assert a.session_state["_upload_report"]["articles"] == 1

    # session A edits its lexicon (AppTest cannot type into st.data_editor: the edited table is put where the
    # editor's value would come from, then the page's own Apply button validates it and re-matches)
    table = a.data_editor(key="lex_editor").value
    row = dict.fromkeys(table.columns, "")
    row.update(term="收手", frame="会话测试", policy_frame="Other")
    a.session_state["_lexicon"] = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
    a.run()
    a.button(key="lex_apply").click().run()
    _no_html(a)
    assert "收手" in set(a.data_editor(key="lex_editor").value["term"])
    a.switch_page(_page("overview")).run()
    assert _metric(a, "陈述") == "2"
    assert _metric(a, "文章") == "1"

    # session B still sees the demo corpus and the default lexicon
    b.run()
    assert _metric(b, "陈述") == demo_statements
    b.switch_page(_page("corpus_page")).run()
    _no_html(b)
    assert "收手" not in set(b.data_editor(key="lex_editor").value["term"])
    assert "_upload_report" not in b.session_state


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("page", ["overview", "compare", "contrast", "timeline", "evidence", "corpus_page"])
def test_hostile_upload_is_never_rendered_as_html(two_sessions: tuple[AppTest, AppTest], page: str) -> None:
    a, _b = two_sessions
    if "_upload_report" not in a.session_state:
        a.switch_page(_page("corpus_page")).run()
        a.file_uploader(key="uploads").set_value(("hostile.md", HOSTILE_UPLOAD.encode(), "text/markdown")).run()
    a.switch_page(_page(page)).run()
    _no_html(a)
    if page == "evidence":
        a.session_state["ev_term"] = "冷战思维"
        a.run()
        _no_html(a)
