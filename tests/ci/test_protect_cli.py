"""``credscan ci`` reads configuration and baseline from the base revision (item 4) and
never writes its report through a planted symlink (item 10); real repositories and files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from scanner.cli.main import main
from tests import fakes
from tests.ci_git import clean_ci_env, commit, event_file, init

ALLOW_ALL = '[allowlist]\npaths = ["**"]\n'


def _pair(seed: int) -> str:
    return (f"aws_access_key_id = {fakes.aws_key_id(seed)}\n"
            f"aws_secret_access_key = {fakes.aws_secret(seed)}\n")


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    clean_ci_env(monkeypatch)
    r = init(tmp_path / "repo")
    monkeypatch.chdir(r)
    return r


def _base(r: Path) -> str:
    return commit(r, {"README.md": "# demo\n"}, "init", "2024-01-01T10:00:00+00:00")


def test_pr_adding_allow_all_config_with_a_key_fails(repo: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    base = _base(repo)
    head = commit(repo, {".credscan.toml": ALLOW_ALL, "deploy/creds.ini": _pair(31)},
                  "tidy up", "2024-01-02T10:00:00+00:00")
    report = tmp_path / "r.json"
    assert main(["ci", "--range", f"{base}..{head}", "--report", str(report)]) == 1
    err = capsys.readouterr().err
    assert "this change edits the scanner's configuration: .credscan.toml (added)" in err
    files = {f["file"] for f in json.loads(report.read_text())["findings"]}
    assert "deploy/creds.ini" in files  # scanned with the base revision's (default) config


def test_config_only_change_fails_unless_told_not_to(repo: Path, tmp_path: Path) -> None:
    base = _base(repo)
    head = commit(repo, {"pyproject.toml": "[tool.credscan]\nthreshold = 'critical'\n"},
                  "relax", "2024-01-02T10:00:00+00:00")
    report = str(tmp_path / "r.json")
    assert main(["ci", "--range", f"{base}..{head}", "--report", report]) == 1
    assert main(["ci", "--range", f"{base}..{head}", "--report", report,
                 "--no-protect-config"]) == 0


def test_pr_baseline_accepting_its_own_key_does_not_hide_it(repo: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    base = _base(repo)
    leak = commit(repo, {"app.ini": _pair(32)}, "leak", "2024-01-02T10:00:00+00:00")
    # the contributor accepts their own finding in the baseline
    assert main(["baseline", "create", "--history"]) == 0
    head = commit(repo, {".credscan-baseline.json":
                         (repo / ".credscan-baseline.json").read_text()},
                  "baseline", "2024-01-03T10:00:00+00:00")
    assert leak
    monkeypatch.setenv("GITLAB_CI", "true")
    monkeypatch.setenv("CI_MERGE_REQUEST_IID", "7")
    monkeypatch.setenv("CI_MERGE_REQUEST_DIFF_BASE_SHA", base)
    monkeypatch.setenv("CI_COMMIT_SHA", head)
    report = tmp_path / "gl.json"
    assert main(["ci", "--report", str(report), "--no-protect-config"]) == 1
    assert json.loads(report.read_text())["vulnerabilities"]


def test_base_revision_baseline_still_applies(repo: Path, tmp_path: Path) -> None:
    commit(repo, {"old.ini": _pair(33)}, "old leak", "2024-01-01T10:00:00+00:00")
    assert main(["baseline", "create", "--history"]) == 0
    base = commit(repo, {".credscan-baseline.json":
                         (repo / ".credscan-baseline.json").read_text(), "old.ini": None},
                  "accept old, remove it", "2024-01-02T10:00:00+00:00")
    head = commit(repo, {"old.ini": _pair(33)}, "bring it back", "2024-01-03T10:00:00+00:00")
    report = str(tmp_path / "r.json")
    assert main(["ci", "--range", f"{base}..{head}", "--report", report]) == 0
    assert main(["ci", "--range", f"{base}..{head}", "--report", report, "--no-baseline"]) == 1


@pytest.mark.parametrize("provider,name", [("github", "credscan.sarif"),
                                           ("gitlab", "gl-secret-detection-report.json")])
def test_ci_refuses_a_committed_report_symlink(repo: Path, tmp_path_factory: pytest.TempPathFactory,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str],
                                               provider: str, name: str) -> None:
    victim = tmp_path_factory.mktemp("home") / ".bashrc"
    victim.write_text("keep\n")
    victim.chmod(0o644)
    base = _base(repo)
    (repo / name).symlink_to(victim)
    head = commit(repo, {"x.txt": "hello\n"}, "add link", "2024-01-02T10:00:00+00:00")
    if provider == "github":
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
        monkeypatch.setenv("GITHUB_EVENT_NAME", "push")
        monkeypatch.setenv("GITHUB_SHA", head)
        monkeypatch.setenv("GITHUB_EVENT_PATH", event_file(repo.parent, {"before": base,
                                                                         "after": head}))
    else:
        monkeypatch.setenv("GITLAB_CI", "true")
        monkeypatch.setenv("CI_COMMIT_BEFORE_SHA", base)
        monkeypatch.setenv("CI_COMMIT_SHA", head)
    assert main(["ci"]) == 2
    err = capsys.readouterr().err
    assert "symbolic link" in err
    assert victim.read_text() == "keep\n"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert (repo / name).is_symlink()


def test_scan_output_refuses_symlink(repo: Path, tmp_path_factory: pytest.TempPathFactory,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    victim = tmp_path_factory.mktemp("outside") / "target"
    victim.write_text("keep\n")
    (repo / "a.ini").write_text(_pair(34))
    link = repo / "out.json"
    link.symlink_to(victim)
    assert main(["scan", "a.ini", "-f", "json", "-o", str(link)]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert victim.read_text() == "keep\n"
