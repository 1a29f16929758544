"""The same file content gives the same finding from every source (file coordinates)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from scanner import api
from scanner.baseline import Baseline
from scanner.cli.main import main
from scanner.config.load import Config
from tests import fakes
from tests.ci_git import clean_ci_env
from tests.git_helpers import CLEAN, Repo, git_env  # noqa: F401

FILLER = "value = compute(1)\n"


def _edit(key_id: str, secret: str) -> str:
    """A 400-line file: a key ID at line 3 and a named 40-character secret at line 301."""
    lines = [FILLER] * 400
    lines[2] = f'key_id = "{key_id}"\n'
    lines[300] = f'secret = "{secret}"\n'
    return "".join(lines)


def _key(findings: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return sorted((f["rule"], f["severity"], f["fingerprint"], f["file"], f["line"])
                  for f in findings)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "r")
    r.write("settings.py", FILLER * 400)
    r.commit("init")
    return r


def test_scan_staged_history_prepush_and_ci_agree(repo: Repo, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    clean_ci_env(monkeypatch)
    key_id, secret = fakes.aws_key_id(401), fakes.aws_secret(401)
    base = repo.head()
    repo.write("settings.py", _edit(key_id, secret))
    repo.git("add", "settings.py")

    def run(*argv: str) -> list[tuple[object, ...]]:
        code = main([*argv, "-f", "json", "--quiet", "--no-baseline"])
        assert code == 1
        return _key(json.loads(capsys.readouterr().out)["findings"])

    staged = run("staged", "-C", str(repo.path))
    head = repo.commit("settings")
    monkeypatch.chdir(repo.path)
    scan = run("scan", ".")
    history = run("history", ".")
    monkeypatch.setattr("sys.stdin", io.StringIO(
        f"refs/heads/main {head} refs/heads/main {base}\n"))
    prepush = run("pre-push", "-C", str(repo.path))
    report = tmp_path / "ci.json"
    assert main(["ci", str(repo.path), "--range", f"{base}..{head}", "--report", str(report),
                 "--report-format", "json", "--no-baseline", "--quiet"]) == 1
    capsys.readouterr()
    ci = _key(json.loads(report.read_text())["findings"])

    assert scan == staged == history == prepush == ci
    rules = {r[0] for r in scan}
    # in one file, a key ID and a named 40-character secret are one credential
    assert rules == {"aws-access-key-id", "aws-secret-access-key"}
    assert {r[1] for r in scan} == {"critical"}


def test_baseline_from_the_work_tree_hides_the_finding_in_history(repo: Repo) -> None:
    repo.write("settings.py", _edit(fakes.aws_key_id(402), fakes.aws_secret(402)))
    repo.commit("settings")
    tree = api.current_findings(repo.path)
    assert tree.findings
    b = Baseline.from_findings(tree.findings)
    hist = api.scan_history(str(repo.path))
    assert hist.findings
    assert api.apply_baseline(hist, b).findings == []


def test_scanner_is_built_per_config_no_shared_cache(tmp_path: Path) -> None:
    """A path allowlist of one config never leaks into a run with another (the old cache
    keyed on part of the config did exactly that)."""
    token = fakes.github_classic(403)
    text = f'token = "{token}"\n'
    vendored = api.scan_text(text, "vendor/x.py", scanner=api.build_scanner(
        Config(allow_paths=("vendor/**",))))
    assert vendored == []
    assert len(api.scan_text(text, "vendor/x.py", config=Config())) == 1
    assert len(api.scan_text(text, "vendor/x.py")) == 1


def test_history_fragments_are_in_file_coordinates(repo: Repo) -> None:
    """Two hunks far apart in one file: lines are the file's, and no pairing window joins
    lines that are far apart in the file (a bare 40-character value is not paired)."""
    lines = [FILLER] * 400
    lines[2] = f'key_id = "{fakes.aws_key_id(404)}"\n'
    lines[300] = f'"{fakes.aws_secret(404)}",\n'
    repo.write("settings.py", "".join(lines))
    repo.commit("two hunks")
    hist = api.scan_history(str(repo.path))
    got = {(f.rule_id, f.line) for f in hist.findings}
    tree = {(f.rule_id, f.line) for f in api.current_findings(repo.path).findings}
    assert ("aws-access-key-id", 3) in got
    assert got == tree
    assert not any(r == "aws-secret-access-key-paired" for r, _ in got)
