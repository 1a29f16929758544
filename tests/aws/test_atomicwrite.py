"""Crash and race safety of the writer that touches ~/.aws."""

from __future__ import annotations

import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scanner.aws.atomicwrite import (
    PAUSE_ENV,
    TMP_SUFFIX,
    check_writable,
    replace_if_unchanged,
    update_locked,
)
from scanner.aws.errors import UnsafeWrite

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> Path:
    """Lock files go to credscan's cache directory: a private one per test."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_new_file_and_dir_modes(tmp_path: Path) -> None:
    target = tmp_path / "home" / ".aws" / "config"
    out = update_locked(target, lambda old: b"[default]\n", private_dir=True)
    assert out.changed and out.backup is None
    assert target.read_bytes() == b"[default]\n"
    assert _mode(target) == 0o600
    assert _mode(target.parent) == 0o700


def test_existing_loose_aws_dir_is_tightened(tmp_path: Path) -> None:
    d = tmp_path / ".aws"
    d.mkdir(mode=0o755)
    os.chmod(d, 0o755)
    out = update_locked(d / "config", lambda old: b"x", private_dir=True)
    assert _mode(d) == 0o700
    assert any("700" in n for n in out.notes)


def test_backup_beside_with_0600(tmp_path: Path) -> None:
    target = tmp_path / "config"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o644)
    out = update_locked(target, lambda old: (old or b"") + b"new\n", private_dir=False)
    assert out.backup is not None and out.backup.parent == tmp_path
    assert out.backup.read_bytes() == b"old\n"
    assert _mode(out.backup) == 0o600
    assert _mode(target) == 0o600
    assert target.read_bytes() == b"old\nnew\n"


def test_no_write_when_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "config"
    target.write_bytes(b"same")
    before = target.stat().st_mtime_ns
    out = update_locked(target, lambda old: old, private_dir=False)
    assert not out.changed and out.backup is None
    assert target.stat().st_mtime_ns == before
    assert [p.name for p in tmp_path.iterdir() if "backup" in p.name] == []


def test_symlink_written_through(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "aws-config"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "config"
    link.symlink_to(real)
    out = update_locked(link, lambda old: b"new", private_dir=False)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert out.backup is not None and out.backup.parent == real.parent


def test_read_only_file_refused(tmp_path: Path) -> None:
    target = tmp_path / "config"
    target.write_bytes(b"keep")
    os.chmod(target, 0o400)
    with pytest.raises(UnsafeWrite, match="read-only"):
        update_locked(target, lambda old: b"changed", private_dir=False)
    assert target.read_bytes() == b"keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config"]


def test_directory_in_place_of_file_refused(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    with pytest.raises(UnsafeWrite, match="is a directory"):
        check_writable(tmp_path / "config")


def test_file_in_place_of_directory_refused(tmp_path: Path) -> None:
    (tmp_path / ".aws").write_text("oops")
    with pytest.raises(UnsafeWrite, match="not a directory"):
        check_writable(tmp_path / ".aws" / "config")


def test_transform_error_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "config"
    target.write_bytes(b"keep")

    def boom(old: bytes | None) -> bytes:
        raise ValueError("no")

    with pytest.raises(ValueError):
        update_locked(target, boom, private_dir=False)
    assert target.read_bytes() == b"keep"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(TMP_SUFFIX)]


def test_replace_if_unchanged_keeps_mode_and_detects_changes(tmp_path: Path) -> None:
    src = tmp_path / "run.sh"
    src.write_bytes(b"a")
    os.chmod(src, 0o755)
    replace_if_unchanged(src, b"a", b"b")
    assert src.read_bytes() == b"b" and _mode(src) == 0o755
    with pytest.raises(UnsafeWrite, match="changed since"):
        replace_if_unchanged(src, b"a", b"c")
    assert src.read_bytes() == b"b"


_WRITER = """
import sys
from pathlib import Path
from scanner.aws.atomicwrite import update_locked
update_locked(Path(sys.argv[1]), lambda old: b"NEW CONTENT\\n" * 1000, private_dir=False)
"""


def test_killed_mid_write_leaves_old_file(tmp_path: Path) -> None:
    target = tmp_path / "config"
    target.write_bytes(b"[default]\nregion = us-east-1\n")
    marker = tmp_path / "paused"
    env = {**os.environ, PAUSE_ENV: str(marker), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(target)], env=env)
    try:
        deadline = time.time() + 30
        # the marker is created, then written: wait for its text, not only for the file
        while not (marker.exists() and marker.read_text()) and time.time() < deadline:
            time.sleep(0.02)
        assert marker.exists() and marker.read_text(), "writer never reached the rename"
        tmp = Path(marker.read_text())
        assert tmp.exists() and tmp.parent == tmp_path  # temp file complete, not yet renamed
        assert _mode(tmp) == 0o600
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert target.read_bytes() == b"[default]\nregion = us-east-1\n"
    # the next writer (holding the lock) clears the dead writer's temp file
    update_locked(target, lambda old: old + b"output = json\n" if old else b"", private_dir=False)
    assert not tmp.exists()
    assert target.read_bytes().endswith(b"output = json\n")


def _append(args: tuple[str, int]) -> None:
    path, n = args
    for i in range(5):
        update_locked(Path(path), lambda old, i=i: (old or b"") + f"{n}-{i}\n".encode(),
                      private_dir=False, backup=False)


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    target = tmp_path / "config"
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(6) as pool:
        pool.map(_append, [(str(target), n) for n in range(6)])
    lines = target.read_bytes().decode().split()
    assert sorted(lines) == sorted(f"{n}-{i}" for n in range(6) for i in range(5))


def test_no_lock_file_is_left_beside_the_aws_files(tmp_path: Path, _private_cache: Path) -> None:
    aws = tmp_path / "home" / ".aws"
    update_locked(aws / "config", lambda old: b"[default]\n", private_dir=True)
    update_locked(aws / "credentials", lambda old: b"[default]\n", private_dir=True)
    assert sorted(p.name for p in aws.iterdir()) == ["config", "credentials"]
    locks = list((_private_cache / "credscan" / "locks").iterdir())
    assert len(locks) == 1 and _mode(locks[0].parent) == 0o700


def test_atomicwrite_does_not_need_fcntl(tmp_path: Path, _private_cache: Path) -> None:
    """Windows has no fcntl: the writer (and the lock) must work without it."""
    import ast

    tree = ast.parse((ROOT / "scanner" / "aws" / "atomicwrite.py").read_text())
    names = {a.name for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
             for a in n.names} | {n.module for n in ast.walk(tree)
                                  if isinstance(n, ast.ImportFrom) and n.module}
    assert "fcntl" not in names
    code = ("import sys; sys.modules['fcntl'] = None\n"  # as on Windows: import fails
            "from pathlib import Path\n"
            "from scanner.aws.atomicwrite import update_locked\n"
            "out = update_locked(Path(sys.argv[1]), lambda old: b'[default]\\n', "
            "private_dir=True)\n"
            "print(out.changed)\n")
    target = tmp_path / "aws" / "config"
    proc = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "True" and target.read_bytes() == b"[default]\n"
