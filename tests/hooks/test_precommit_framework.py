"""The real pre-commit framework runs credscan's hook from a checkout of this project.

We may not commit in the project's own repository, so the test copies the project tree into
a temporary git repository, commits it there and points ``.pre-commit-config.yaml`` at that
copy (``repo: <path>``, ``rev: <sha>``). pre-commit builds the hook's virtualenv from it,
installing dependencies from the package index. Slow (one environment build), so one test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.git_helpers import CLEAN, Repo, aws_pair, git_env  # noqa: F401

PROJECT = Path(__file__).resolve().parents[2]
SKIP = {".venv", ".git", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache",
        "build", "dist", "node_modules"}


def _pre_commit() -> str:
    exe = Path(sys.executable).with_name("pre-commit")
    if exe.exists():
        return str(exe)
    found = shutil.which("pre-commit")
    if not found:
        pytest.skip("pre-commit is not installed")
    return found


def _copy_project(dst: Path) -> str:
    def ignore(_d: str, names: list[str]) -> set[str]:
        return {n for n in names if n in SKIP or n.endswith(".egg-info")}

    shutil.copytree(PROJECT, dst, ignore=ignore)
    r = Repo(dst)
    return r.commit("snapshot of the project for the pre-commit test")


def test_pre_commit_framework_blocks_a_fake_aws_key(tmp_path: Path) -> None:
    pc = _pre_commit()
    rev = _copy_project(tmp_path / "credscan-src")
    work = Repo(tmp_path / "work")
    work.write(".pre-commit-config.yaml",
               f"repos:\n- repo: {tmp_path / 'credscan-src'}\n  rev: {rev}\n"
               "  hooks:\n  - id: credscan\n")
    work.write("app.py", CLEAN)
    work.commit("init")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pc-home"),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PRE_COMMIT_COLOR": "never"}
    subprocess.run([pc, "install"], cwd=work.path, env=env, check=True, capture_output=True)

    work.write("settings.ini", "[default]\n" + aws_pair(90))
    work.git("add", "settings.ini")
    proc = subprocess.run(["git", "commit", "-m", "add settings"], cwd=work.path, env=env,
                          capture_output=True, text=True, timeout=900)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "settings.ini" in out and "aws-secret-access-key" in out, out
    assert work.git("log", "--format=%s").splitlines() == ["init"]

    work.git("reset", "-q", "HEAD", "--", "settings.ini")
    (work.path / "settings.ini").unlink()
    work.write("util.py", CLEAN + "def sub(a, b):\n    return a - b\n")
    work.git("add", "util.py")
    proc = subprocess.run(["git", "commit", "-m", "clean"], cwd=work.path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert work.git("log", "-1", "--format=%s").strip() == "clean"
