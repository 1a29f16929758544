"""A verdict follows its secret across ``git mv`` (item 12 of issue 11), end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.baseline import Baseline
from scanner.cli.main import main
from tests import fakes
from tests.ci_git import clean_ci_env, commit, git, init


def test_git_mv_keeps_the_verdict_and_does_not_churn(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    clean_ci_env(monkeypatch)
    repo = init(tmp_path / "repo")
    monkeypatch.chdir(repo)
    commit(repo, {"server.key": fakes.private_key_pem(31), "README.md": "# app\n"}, "cert")
    assert main(["baseline", "create"]) == 0
    bfile = repo / ".credscan-baseline.json"
    (fp,) = Baseline.load(bfile).entries
    capsys.readouterr()
    assert main(["audit", "--set", f"{fp[:8]}=false_positive", "--note", "test cert"]) == 0
    assert "1 verdict recorded" in capsys.readouterr().err

    git(repo, "mv", "server.key", "server-moved.key")
    git(repo, "commit", "-q", "-m", "rename the certificate")
    # the accepted key is still accepted under its new name, before any update
    assert main(["scan", "-q", "-f", "json", "--baseline", str(bfile)]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []

    assert main(["baseline", "update"]) == 0
    err = capsys.readouterr().err
    assert "0 added, 0 removed, 1 kept (1 followed a rename or move)" in err
    (entry,) = Baseline.load(bfile).entries.values()
    assert (entry.file, entry.verdict, entry.note) == ("server-moved.key", "false_positive",
                                                       "test cert")
    assert main(["baseline", "update"]) == 0  # a second update changes nothing
    assert "(file unchanged)" in capsys.readouterr().err

    # a copy, the original still in place, is a new finding (nothing moved)
    (repo / "copy.key").write_text((repo / "server-moved.key").read_text())
    assert main(["scan", "-q", "-f", "json", "--baseline", str(bfile)]) == 1
    assert [f["file"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["copy.key"]
