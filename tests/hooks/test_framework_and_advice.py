"""What ``credscan staged FILE...`` scans (item 13) and the advice after a rewrite that was
not staged again (item 14 of issue 11), at the library level."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.hooks.advice import fixed_in_work_tree, stage_fixes_advice
from scanner.hooks.framework import FILES, STAGED, mode_for, relative_names
from tests.git_helpers import CLEAN, Repo, git_env, github_line  # noqa: F401
from tests.report_samples import finding


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "r")
    r.write("app.py", CLEAN)
    r.write("lib/util.py", CLEAN)
    r.commit("init")
    return r


def test_commit_names_are_staged_changes(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write("app.py", CLEAN + "x = 1\n")
    repo.write("new.py", CLEAN)
    repo.git("add", "app.py", "new.py")
    monkeypatch.chdir(repo.path)
    assert mode_for(".", []) == STAGED
    assert mode_for(".", ["app.py", "new.py"]) == STAGED  # what `git commit` passes
    assert mode_for(".", ["app.py"]) == STAGED


def test_all_files_are_scanned_whole(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo.path)
    assert mode_for(".", ["app.py", "lib/util.py"]) == FILES  # `pre-commit run --all-files`
    repo.write("app.py", CLEAN + "x = 1\n")
    repo.git("add", "app.py")
    assert mode_for(".", ["app.py", "lib/util.py"]) == FILES  # one is not a staged change


def test_names_are_taken_relative_to_the_top(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo.path / "lib")
    assert relative_names(".", ["util.py", "../app.py"]) == ["lib/util.py", "app.py"]


def test_advice_names_files_rewritten_after_git_add(tmp_path: Path) -> None:
    token = github_line(61).split('"')[1]
    (tmp_path / "app.py").write_text(CLEAN)  # rewritten: the token is gone
    (tmp_path / "still.py").write_text(f'T = "{token}"\n')  # still holds it
    fs = [finding("github-classic-token", "app.py", 3, token, provider="github"),
          finding("github-classic-token", "still.py", 1, token, provider="github"),
          finding("github-classic-token", "gone.py", 1, token, provider="github")]
    assert fixed_in_work_tree(tmp_path, fs) == ["app.py", "gone.py"]
    advice = stage_fixes_advice(tmp_path, fs)
    assert advice is not None and "git add -- app.py gone.py" in advice
    assert token not in advice
    assert stage_fixes_advice(tmp_path, fs[1:2]) is None


def test_staged_with_names_scans_committed_files_whole(
        repo: Repo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from scanner.cli.main import main
    from tests import fakes

    repo.write("certs/server.key", fakes.private_key_pem(71))
    repo.commit("a key, committed long ago")
    monkeypatch.chdir(repo.path)
    assert main(["staged"]) == 0  # nothing staged: the commit adds nothing
    capsys.readouterr()
    assert main(["staged", "app.py", "certs/server.key"]) == 1  # as --all-files passes them
    cap = capsys.readouterr()
    assert "certs/server.key" in cap.out
    assert "whole files" in cap.err


def test_a_blocked_commit_prints_one_summary(
        repo: Repo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from scanner.cli.main import main

    repo.write("leak.py", github_line(72) + github_line(73))
    repo.git("add", "leak.py")
    monkeypatch.chdir(repo.path)
    assert main(["staged"]) == 1
    cap = capsys.readouterr()
    both = cap.out + cap.err
    assert both.count("credscan: scanned 1 staged file, 2 added lines") == 1
    assert "Scanned " not in both and "findings in" not in both  # not the report's as well
    assert "add 2 secrets" in cap.err
