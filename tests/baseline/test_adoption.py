"""The adoption story end to end, on a real repository, through the CLI.

Existing leaks -> ``baseline create`` -> CI passes -> a commit adds a new leak -> CI fails
on that one only -> ``audit --set`` marks it a false positive -> CI passes -> a refactor
moves lines -> ``baseline update`` leaves the file byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.cli.main import main
from tests import fakes
from tests.ci_git import clean_ci_env, commit, event_file, git, init


def _ci(tmp: Path, monkeypatch: pytest.MonkeyPatch, before: str, after: str,
        report: Path) -> int:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "push")
    monkeypatch.setenv("GITHUB_EVENT_PATH", event_file(tmp, {"before": before, "after": after}))
    try:
        return main(["ci", "--report", str(report), "-q"])
    finally:
        for var in ("GITHUB_ACTIONS", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH"):
            monkeypatch.delenv(var)


def test_adoption_story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    clean_ci_env(monkeypatch)
    repo = init(tmp_path / "repo")
    monkeypatch.chdir(repo)
    gh1, gh2, gh3 = fakes.github_classic(101), fakes.github_classic(102), fakes.github_classic(103)
    key, secret = fakes.aws_key_id(104), fakes.aws_secret(104)
    app = (f'import os\n\nGITHUB_TOKEN = "{gh1}"\n'
           f'aws_access_key_id = "{key}"\naws_secret_access_key = "{secret}"\n')
    c0 = commit(repo, {"README.md": "# app\n"}, "init")
    c1 = commit(repo, {"app.py": app, "deploy/ci.sh": f"export TOKEN={gh2}\n"}, "legacy leaks")

    # 1. Existing leaks fail a plain scan.
    assert main(["scan", "-q"]) == 1
    capsys.readouterr()

    # 2. Baseline them; the baseline holds no secret value; commit it.
    assert main(["baseline", "create"]) == 0
    bfile = repo / ".credscan-baseline.json"
    text = bfile.read_text()
    entries = json.loads(text)["findings"]
    assert len(entries) >= 4
    for s in (gh1, gh2, key, secret):
        assert s not in text
    c2 = commit(repo, {}, "add credscan baseline")

    # 3. CI passes (its range holds the baseline commit). A range that adds the leaks *and*
    #    the baseline accepting them does not: CI reads the baseline of the base revision
    #    (issue 14 item 4), and the base c0 accepts nothing.
    report = tmp_path / "report.sarif"
    assert _ci(tmp_path, monkeypatch, c1, c2, report) == 0
    assert _ci(tmp_path, monkeypatch, c0, c2, report) == 1
    assert main(["scan", "-q", "--baseline", str(bfile)]) == 0

    # 4. A new leak fails CI, and only that one is reported.
    c3 = commit(repo, {"app.py": app + f'BACKUP_TOKEN = "{gh3}"\n'}, "add backup token")
    assert _ci(tmp_path, monkeypatch, c2, c3, report) == 1
    results = json.loads(report.read_text())["runs"][0]["results"]
    assert len(results) == 1
    new = results[0]
    assert new["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
    assert gh3 not in report.read_text()
    fp = new["partialFingerprints"]["credscan/v1"]
    assert main(["scan", "-q", "--baseline", str(bfile)]) == 1
    capsys.readouterr()

    # 5. Triage it as a false positive, non-interactively (a prefix is enough).
    assert main(["audit", "--set", f"{fp[:10]}=false_positive", "--note", "test fixture"]) == 0
    entry = json.loads(bfile.read_text())["findings"][fp]
    assert entry["verdict"] == "false_positive" and entry["note"] == "test fixture"
    c4 = commit(repo, {}, "triage: backup token is a fixture")
    assert _ci(tmp_path, monkeypatch, c3, c4, report) == 0  # the triage push itself
    # the leak and its acceptance in one range: the base's baseline does not accept it
    assert _ci(tmp_path, monkeypatch, c2, c4, report) == 1
    assert main(["scan", "-q", "--baseline", str(bfile)]) == 0

    # 6. A refactor moves every line; update keeps the file byte-identical.
    before = bfile.read_bytes()
    moved = "# moved below a new header\n" * 5 + app + f'BACKUP_TOKEN = "{gh3}"\n'
    commit(repo, {"app.py": moved, "deploy/ci.sh": f"#!/bin/sh\nset -eu\n\nexport TOKEN={gh2}\n"},
           "refactor")
    capsys.readouterr()
    assert main(["baseline", "update"]) == 0
    assert "0 added, 0 removed" in capsys.readouterr().err
    assert bfile.read_bytes() == before
    assert main(["scan", "-q", "--baseline", str(bfile)]) == 0

    # 7. A different secret on a baselined line is not hidden.
    swapped = moved.replace(gh1, fakes.github_classic(105))
    commit(repo, {"app.py": swapped}, "rotate token (into code again)")
    assert main(["scan", "-q", "--baseline", str(bfile), "-f", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [f["line"] for f in doc["findings"]] == [8]
    assert doc["stats"]["baselined"] >= 4

    # 8. A finding marked "real" keeps failing until removed.
    commit(repo, {"app.py": moved}, "revert")
    real_fp = next(k for k, v in json.loads(bfile.read_text())["findings"].items()
                   if v["file"] == "deploy/ci.sh")
    assert main(["audit", "--set", f"{real_fp}=real"]) == 0
    assert main(["scan", "-q", "--baseline", str(bfile)]) == 1
    commit(repo, {"deploy/ci.sh": "export TOKEN=\"$CI_TOKEN\"\n"}, "remove the leak")
    assert main(["scan", "-q", "--baseline", str(bfile)]) == 0
    capsys.readouterr()
    assert main(["baseline", "update"]) == 0
    assert "0 added, 1 removed" in capsys.readouterr().err
    git(repo, "status")  # the repository is intact
