"""Pre-push: exactly the commits being pushed; the hook blocks a push to a bare remote."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scanner.hooks.install import install_repo
from scanner.sources.git.prepush import PushUpdate, commits_to_scan, framework_update, parse_updates
from tests.git_helpers import CLEAN, Repo, git_env, github_line  # noqa: F401

Z = "0" * 40


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Repo, Repo]:
    remote = Repo(tmp_path / "remote.git", bare=True)
    r = Repo(tmp_path / "work")
    r.write("app.py", CLEAN)
    r.commit("init")
    r.git("remote", "add", "origin", str(remote.path))
    r.git("push", "-q", "origin", "main")
    return r, remote


def test_parse_updates() -> None:
    ups = parse_updates(["refs/heads/a 1111 refs/heads/a 2222", "", "  "])
    assert ups == [PushUpdate("refs/heads/a", "1111", "refs/heads/a", "2222")]
    with pytest.raises(Exception, match="unexpected pre-push input"):
        parse_updates(["bad line"])


def test_commit_selection(pair: tuple[Repo, Repo]) -> None:
    r, _ = pair
    base = r.head()
    r.write("a.txt", "a\n")
    a = r.commit("a")
    r.write("b.txt", "b\n")
    b = r.commit("b")
    update = PushUpdate("refs/heads/main", b, "refs/heads/main", base)
    assert commits_to_scan(str(r.path), [update]) == [b, a]
    new_branch = PushUpdate("refs/heads/main", b, "refs/heads/new", Z)
    assert commits_to_scan(str(r.path), [new_branch]) == [b, a]  # base is on origin
    deletion = PushUpdate("(delete)", Z, "refs/heads/old", base)
    assert commits_to_scan(str(r.path), [deletion]) == []
    unknown_remote = PushUpdate("refs/heads/main", b, "refs/heads/main", "1" * 40)
    assert commits_to_scan(str(r.path), [unknown_remote]) == [b, a]


def test_framework_variables() -> None:
    u = framework_update({"PRE_COMMIT_FROM_REF": "aaa", "PRE_COMMIT_TO_REF": "bbb"})
    assert u is not None and (u.local_sha, u.remote_sha) == ("bbb", "aaa")
    u = framework_update({"PRE_COMMIT_LOCAL_BRANCH": "refs/heads/x",
                          "PRE_COMMIT_REMOTE_NAME": "origin"})
    assert u is not None and u.remote_sha == Z
    assert framework_update({}) is None


def test_pre_push_hook_blocks_a_push_with_a_secret(pair: tuple[Repo, Repo]) -> None:
    r, remote = pair
    install_repo(str(r.path), pre_push=True)
    r.write("leak.txt", github_line(70))
    r.git("add", "-A")
    r.git("commit", "-q", "--no-verify", "-m", "leak")
    r.write("app.py", CLEAN + "# more\n")
    r.commit("later fix")  # the secret is still in the pushed history
    proc = r.git("push", "origin", "main", check=False)
    assert remote.git("rev-parse", "main").strip() != r.head(), proc
    r.git("reset", "-q", "--hard", "HEAD~2")
    r.write("fine.txt", "fine\n")
    r.commit("fine")
    r.git("push", "-q", "origin", "main")
    assert remote.git("rev-parse", "main").strip() == r.head()
    # a new branch with only already-pushed commits scans nothing and passes
    r.git("push", "-q", "origin", "main:refs/heads/copy")
    # deleting a branch scans nothing
    r.git("push", "-q", "origin", ":refs/heads/copy")


def test_cli_pre_push_stdin(pair: tuple[Repo, Repo], monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from scanner.cli.main import main

    r, _ = pair
    base = r.head()
    r.write("leak.txt", github_line(71))
    c = r.commit("leak")
    monkeypatch.chdir(r.path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"refs/heads/main {c} refs/heads/main {base}\n"))
    assert main(["pre-push", "origin", "url"]) == 1
    out, err = capsys.readouterr()
    assert "leak.txt" in out and "push blocked" in err and "--no-verify" in err
    same = f"refs/heads/main {base} refs/heads/main {base}\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(same))
    assert main(["pre-push", "origin", "url"]) == 0
