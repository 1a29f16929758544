"""Targets, unit splitting, the state store and the clone cache, without an engine."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from scanner.errors import UsageError
from scanner.fleet import units
from scanner.fleet.cache import clone_path, ensure_clone
from scanner.fleet.state import StateStore, seal, unseal
from scanner.fleet.targets import parse_target, parse_targets
from scanner.gitexec import hardened_argv
from scanner.models import CommitInfo, Finding, Severity
from tests import fakes
from tests.git_helpers import CLEAN, Repo, git_env  # noqa: F401


def test_targets_and_list_files(tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    lst = tmp_path / "repos.txt"
    lst.write_text("# our repositories\n\nr\nhttps://user:pw@example.org/a/b.git  # main\n"
                   "git@example.org:team/c.git\nssh://example.org/d\nfile:///srv/e.git\nr\n")
    specs = parse_targets([str(lst), "https://example.org/a/b.git"])
    assert [s.repository for s in specs] == [
        str(tmp_path / "r"), "https://example.org/a/b.git", "git@example.org:team/c.git",
        "ssh://example.org/d", "file:///srv/e.git"]
    assert specs[0].local and not any(s.local for s in specs[1:])
    assert specs[1].url.startswith("https://user:pw@")  # credentials used, never shown
    assert [s.label for s in specs] == ["r", "b", "c", "d", "e"]
    for bad in ("ext::sh -c x", "-uhack", "fd::3", "gopher://x/y"):
        with pytest.raises(UsageError):
            parse_target(bad)
    with pytest.raises(UsageError):
        parse_targets([])


def test_split_is_bounded_and_contiguous() -> None:
    shas = [f"{i:040x}" for i in range(25)]
    pieces = units.split(shas, 10)
    assert [len(p) for p in pieces] == [9, 9, 7]
    assert [s for p in pieces for s in p] == shas
    assert units.split([], 10) == [] and units.split(shas, 100) == [shas]


def _finding(secret: str) -> Finding:
    return Finding(rule_id="github-classic-token", description="d", provider="github",
                   severity=Severity.CRITICAL, file="a.py", line=3, column=9,
                   end_column=49, secret=secret, fingerprint="f" * 32,
                   line_text=f'token = "{secret}"', extra=(("note", secret),),
                   commit=CommitInfo("a" * 40, "Ada", "ada@example.org", "2024-01-01", "s"),
                   present_at_head=False)


def test_store_is_private_and_never_holds_a_secret(tmp_path: Path) -> None:
    secret = fakes.github_classic(31)
    path = tmp_path / "st" / "state.sqlite3"
    with StateStore(str(path)) as st:
        st.commit_unit("repo", "cfg", ["a" * 40], 10, 0.1, [_finding(secret)])
        known = st.known("repo", "cfg")
        assert known.done == {"a" * 40}
        [f] = known.findings
        assert f.secret != secret and f.secret.startswith(secret[:4])
        assert len(f.secret) == len(secret) and f.fingerprint == "f" * 32
        assert st.known("repo", "other-config").findings == ()  # rules changed: start afresh
    assert path.stat().st_mode & 0o777 == 0o600
    raw = b"".join(p.read_bytes() for p in path.parent.iterdir() if p.is_file())
    assert secret.encode() not in raw and secret[4:20].encode() not in raw
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM findings").fetchone() == (1,)


def test_store_refuses_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("")
    link = tmp_path / "state.sqlite3"
    os.symlink(target, link)
    with pytest.raises(UsageError, match="symbolic link"):
        StateStore(str(link))


def test_seal_round_trip_keeps_identity() -> None:
    f = _finding(fakes.github_classic(32))
    back = unseal(seal(f))
    assert (back.rule_id, back.file, back.line, back.commit) == (f.rule_id, f.file, f.line,
                                                                 f.commit)
    assert back.extras["ident"] == seal(f)["ident"] and f.secret not in back.line_text


def test_clone_then_fetch_partial_and_hardened(tmp_path: Path) -> None:
    src = Repo(tmp_path / "src")
    src.write("a.py", CLEAN)
    src.commit("one")
    src.git("config", "uploadpack.allowFilter", "true")
    spec = parse_target(f"file://{src.path}")
    path, action = ensure_clone(spec, str(tmp_path / "cache"))
    assert action == "cloned" and path == clone_path(str(tmp_path / "cache"), spec)
    assert Repo(Path(path), init=False).git("config", "remote.origin.partialclonefilter"
                                            ).strip() in {"blob:limit=1m", "blob:limit=1048576"}
    src.write("b.py", CLEAN)
    head = src.commit("two")
    path2, action = ensure_clone(spec, str(tmp_path / "cache"))
    assert (path2, action) == (path, "fetched")
    assert head in units.ref_tips(path).values()
    assert not [p for p in os.listdir(tmp_path / "cache" / "clones") if ".tmp-" in p]
    argv = hardened_argv(["fetch", "origin"], path)
    assert "protocol.ext.allow=never" in argv
