"""The fingerprint a text report shows is what ``audit --set`` takes (item 11 of issue 11)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scanner.baseline import Baseline
from scanner.cli.main import main
from tests import fakes
from tests.ci_git import clean_ci_env, commit, init


def test_short_fingerprint_from_the_report_sets_a_verdict(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    clean_ci_env(monkeypatch)
    repo = init(tmp_path / "repo")
    monkeypatch.chdir(repo)
    commit(repo, {"deploy.sh": f"export GITHUB_TOKEN={fakes.github_classic(77)}\n"}, "leak")
    assert main(["scan", "--no-baseline"]) == 1
    shown = re.findall(r"\bfp ([0-9a-f]{10})\b", capsys.readouterr().out)
    assert len(shown) == 1
    assert main(["audit", "--set", f"{shown[0][:5]}=fp"]) == 2
    assert "at least 6 characters" in capsys.readouterr().err
    assert main(["audit", "--set", f"{shown[0][:6]}=fp"]) == 0
    (entry,) = Baseline.load(repo / ".credscan-baseline.json").entries.values()
    assert entry.fingerprint.startswith(shown[0]) and entry.verdict == "false_positive"
    assert main(["scan"]) == 0  # the committed baseline is loaded by default
