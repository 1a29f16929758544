"""The committed baseline applies to scan, history and staged by default."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner import api
from scanner.baseline import Baseline
from scanner.cli.main import main
from tests.git_helpers import CLEAN, Repo, git_env, github_line  # noqa: F401


def test_scan_history_and_staged_load_the_repository_baseline(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    r = Repo(tmp_path / "r")
    r.write("app.py", CLEAN + github_line(901))
    r.commit("leak")
    Baseline.from_findings(api.current_findings(r.path).findings).save(
        r.path / ".credscan-baseline.json")
    hist = api.scan_history(str(r.path))
    Baseline.load(r.path / ".credscan-baseline.json").update(hist.findings)
    b = Baseline.load(r.path / ".credscan-baseline.json")
    b.update(hist.findings)
    b.save(r.path / ".credscan-baseline.json")
    r.commit("baseline")
    monkeypatch.chdir(r.path)
    assert main(["scan", "."]) == 0
    assert "1 accepted in baseline hidden" in capsys.readouterr().out
    assert main(["scan", ".", "--no-baseline", "-q"]) == 1
    capsys.readouterr()
    assert main(["history", ".", "-q"]) == 0
    capsys.readouterr()
    r.write("other.py", CLEAN + github_line(901))  # the same secret in another file is new
    r.git("add", "other.py")
    assert main(["staged"]) == 1
    capsys.readouterr()
