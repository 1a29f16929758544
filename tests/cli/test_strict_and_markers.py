"""Partial scans fail where it matters; a change that allows its own secret is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner import api
from scanner.cli.main import main
from tests import fakes
from tests.ci_git import clean_ci_env
from tests.git_helpers import CLEAN, Repo, git_env  # noqa: F401


def test_strict_fails_on_unreadable_input(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ok.py").write_text(CLEAN)
    (tmp_path / "link.py").symlink_to(tmp_path / "nowhere")
    import os

    os.mkfifo(tmp_path / "pipe.py")
    assert main(["scan", str(tmp_path), "--no-default-excludes", "-q"]) == 0
    capsys.readouterr()
    # a FIFO found by the walk is skipped; named as an error it fails a strict run
    res = api.scan_paths([str(tmp_path / "pipe.py")])
    assert res.errors
    assert main(["scan", str(tmp_path / "pipe.py"), "--strict"]) == 2
    assert "not a regular file" in capsys.readouterr().out


def test_ci_reports_a_marker_added_with_its_secret(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    clean_ci_env(monkeypatch)
    r = Repo(tmp_path / "r")
    r.write("app.py", CLEAN)
    base = r.commit("init")
    r.write("app.py", CLEAN + f'token = "{fakes.github_classic(801)}"  # credscan:allow\n')
    head = r.commit("self-allowed")
    report = tmp_path / "r.json"
    assert main(["ci", str(r.path), "--range", f"{base}..{head}", "--report", str(report),
                 "--report-format", "json"]) == 0
    err = capsys.readouterr().err
    assert "app.py:3: an allow marker added in the same change hides a github-classic-token" in err


def test_an_old_marker_is_not_reported_as_self_allowed(tmp_path: Path) -> None:
    r = Repo(tmp_path / "r")
    r.write("app.py", "# credscan:allow-next-line\nx = 1\n")
    r.commit("init")
    r.write("app.py", f'# credscan:allow-next-line\ntoken = "{fakes.github_classic(802)}"\n')
    r.commit("token")
    res = api.scan_history(str(r.path))
    assert res.findings == [] and res.self_allowed == []


def test_history_of_a_symlink_loop_is_a_one_line_error(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert main(["history", str(loop)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a directory" in err
