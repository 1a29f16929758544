"""``credscan ci`` against real temporary repositories with fake CI environments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.cli.main import main
from tests import fakes
from tests.ci_git import clean_ci_env, commit, event_file, git, init


def leak(seed: int) -> str:
    return f'GITHUB_TOKEN = "{fakes.github_classic(seed)}"\n'


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """main: c1 clean, c2 old leak; feature (from c2): c3 new leak; main: c4 another leak."""
    clean_ci_env(monkeypatch)
    r = init(tmp_path / "repo")
    c1 = commit(r, {"README.md": "# demo\n"}, "init", "2024-01-01T10:00:00+00:00")
    c2 = commit(r, {"old.py": leak(1)}, "old leak", "2024-01-02T10:00:00+00:00")
    git(r, "checkout", "-q", "-b", "feature")
    c3 = commit(r, {"new.py": leak(2)}, "new leak", "2024-02-03T10:00:00+00:00")
    git(r, "checkout", "-q", "main")
    c4 = commit(r, {"main.py": leak(3)}, "main leak", "2024-02-04T10:00:00+00:00")
    git(r, "checkout", "-q", "feature")
    monkeypatch.chdir(r)
    return {"root": r, "c1": c1, "c2": c2, "c3": c3, "c4": c4, "tmp": tmp_path}


def _files(findings: list[dict[str, object]], key: str = "file") -> set[object]:
    return {f[key] for f in findings}


def test_github_push_scans_exactly_the_pushed_commits(
        repo: dict, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    tmp: Path = repo["tmp"]
    out, summary = tmp / "gh_output", tmp / "gh_summary"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "push")
    monkeypatch.setenv("GITHUB_SHA", repo["c3"])
    monkeypatch.setenv("GITHUB_REF", "refs/heads/feature")
    monkeypatch.setenv("GITHUB_EVENT_PATH", event_file(tmp, {"before": repo["c2"],
                                                             "after": repo["c3"]}))
    monkeypatch.setenv("GITHUB_OUTPUT", str(out))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    report = tmp / "out.sarif"
    assert main(["ci", "--report", str(report)]) == 1
    sarif = json.loads(report.read_text())
    results = sarif["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"new.py"}
    assert {r["partialFingerprints"]["commitSha"] for r in results} == {repo["c3"]}
    stdout = capsys.readouterr().out
    assert "::error file=new.py,line=1" in stdout and "old.py" not in stdout
    assert fakes.github_classic(2) not in stdout + report.read_text()
    outputs = out.read_text()
    assert f"report={report}" in outputs and "findings=1" in outputs
    assert "new.py" in summary.read_text()


def test_github_push_default_report_and_baseline(
        repo: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root: Path = repo["root"]
    tmp: Path = repo["tmp"]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "push")
    monkeypatch.setenv("GITHUB_EVENT_PATH", event_file(tmp, {"before": repo["c2"],
                                                             "after": repo["c3"]}))
    # the repository's baseline accepts the leak: CI passes
    assert main(["baseline", "create"]) == 0
    assert (root / ".credscan-baseline.json").is_file()
    assert main(["ci"]) == 0
    assert (root / "credscan.sarif").is_file()
    assert json.loads((root / "credscan.sarif").read_text())["runs"][0]["results"] == []
    assert main(["ci", "--no-baseline"]) == 1


def test_github_pull_request(repo: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp: Path = repo["tmp"]
    payload = {"pull_request": {"base": {"sha": repo["c4"]}, "head": {"sha": repo["c3"]}}}
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", event_file(tmp, payload))
    report = tmp / "pr.sarif"
    assert main(["ci", "--report", str(report)]) == 1
    results = json.loads(report.read_text())["runs"][0]["results"]
    # only the PR's commit: not the base branch's leaks (old.py before, main.py after)
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in results] == ["new.py"]


def test_github_new_branch_scans_commits_no_remote_has(
        repo: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root: Path = repo["root"]
    tmp: Path = repo["tmp"]
    remote = tmp / "remote.git"
    git(tmp, "init", "-q", "--bare", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "-q", "origin", "main")
    git(root, "fetch", "-q", "origin")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "push")
    monkeypatch.setenv("GITHUB_REF", "refs/heads/feature")
    monkeypatch.setenv("GITHUB_EVENT_PATH", event_file(tmp, {"before": "0" * 40,
                                                             "after": repo["c3"],
                                                             "created": True}))
    report = tmp / "nb.sarif"
    assert main(["ci", "--report", str(report)]) == 1
    results = json.loads(report.read_text())["runs"][0]["results"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in results} == {"new.py"}


def test_gitlab_merge_request(repo: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp: Path = repo["tmp"]
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("GITLAB_CI", "true")
    monkeypatch.setenv("CI_PIPELINE_SOURCE", "merge_request_event")
    monkeypatch.setenv("CI_MERGE_REQUEST_IID", "12")
    monkeypatch.setenv("CI_MERGE_REQUEST_DIFF_BASE_SHA", repo["c2"])
    monkeypatch.setenv("CI_COMMIT_SHA", repo["c3"])
    report = tmp / "gl-secret-detection-report.json"
    assert main(["ci", "--report", str(report)]) == 1
    doc = json.loads(report.read_text())
    assert doc["scan"]["type"] == "secret_detection"
    vulns = doc["vulnerabilities"]
    assert [v["location"]["file"] for v in vulns] == ["new.py"]
    assert vulns[0]["location"]["commit"]["sha"] == repo["c3"]
    assert vulns[0]["category"] == "secret_detection"
    # a clean MR (no commits beyond the base) passes and writes an empty report
    monkeypatch.setenv("CI_MERGE_REQUEST_DIFF_BASE_SHA", repo["c3"])
    assert main(["ci", "--report", str(report)]) == 0
    assert json.loads(report.read_text())["vulnerabilities"] == []


def test_gitlab_default_report_path(repo: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    root: Path = repo["root"]
    monkeypatch.setenv("GITLAB_CI", "true")
    monkeypatch.setenv("CI_COMMIT_BEFORE_SHA", repo["c2"])
    monkeypatch.setenv("CI_COMMIT_SHA", repo["c3"])
    monkeypatch.setenv("CI_PIPELINE_SOURCE", "push")
    assert main(["ci", "-q"]) == 1
    assert (root / "gl-secret-detection-report.json").is_file()


def test_unknown_ci_scans_full_history(repo: dict, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    tmp: Path = repo["tmp"]
    monkeypatch.setenv("CI", "true")
    report = tmp / "report.json"
    assert main(["ci", "--report", str(report)]) == 1
    doc = json.loads(report.read_text())
    assert _files(doc["findings"]) == {"old.py", "new.py", "main.py"}
    assert all(f["commit"] for f in doc["findings"])
    err = capsys.readouterr().err
    assert "full history" in err


def test_missing_base_falls_back_to_full_history(repo: dict, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    tmp: Path = repo["tmp"]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "push")
    monkeypatch.setenv("GITHUB_EVENT_PATH", event_file(tmp, {"before": "e" * 40,
                                                             "after": repo["c3"]}))
    report = tmp / "fb.sarif"
    assert main(["ci", "--report", str(report)]) == 1
    assert "not in this clone" in capsys.readouterr().err
    results = json.loads(report.read_text())["runs"][0]["results"]
    assert len(results) == 3  # every ref: old.py, new.py and main.py
