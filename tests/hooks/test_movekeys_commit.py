"""``move-keys --apply`` after ``git add``, then ``git commit``: the hook says to ``git add``
the rewritten file instead of sending the user back to move-keys (item 14 of issue 11)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.cli.main import main
from scanner.hooks import install
from tests.aws_support import Key, git, isolate, make_repo

K = Key.make("hook-loop")


def _commit(repo: Path, msg: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
           "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "commit", "-m", msg], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=300)


def test_commit_after_move_keys_says_git_add(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    isolate(monkeypatch, tmp_path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    app = (f'import boto3\n\ns3 = boto3.client("s3", aws_access_key_id="{K.key_id}",\n'
           f'                  aws_secret_access_key="{K.secret}")\n')
    repo = make_repo(tmp_path / "shop", {"README.md": "# shop\n"}, commit=True)
    install.install_repo(str(repo))
    (repo / "app.py").write_text(app)
    git(repo, "add", "app.py")
    first = _commit(repo, "add app")
    assert first.returncode != 0 and "app.py" in first.stdout + first.stderr

    monkeypatch.chdir(repo)
    assert main(["move-keys", "--apply", "--yes"]) == 0
    capsys.readouterr()
    assert K.key_id not in (repo / "app.py").read_text()

    again = _commit(repo, "add app")  # the index still holds the key
    out = again.stdout + again.stderr
    assert again.returncode != 0, out
    assert "`git add` the rewritten file" in out and "git add -- app.py" in out
    assert "`credscan move-keys` moves it" not in out  # not sent back to move-keys
    assert K.key_id not in out and K.secret not in out

    git(repo, "add", "app.py")
    done = _commit(repo, "add app")
    assert done.returncode == 0, done.stdout + done.stderr
