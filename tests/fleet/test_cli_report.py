"""``credscan fleet`` end to end (on the module's cluster) and every report format."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from scanner.cli.main import main
from scanner.fleet.report import render
from scanner.fleet.run import FleetResult, RepoOutcome
from scanner.reporting import ReportOptions
from tests import fakes
from tests.fleet.conftest import Fleet
from tests.fleet.test_parts import _finding
from tests.reporting.test_sarif import _validate


def cli(fleet_targets: list[str], client: Any, tmp: Path, *extra: str) -> list[str]:
    return ["fleet", *fleet_targets, "--scheduler", client.scheduler.address,
            "--state", str(tmp / "state.sqlite3"), "--cache-dir", str(tmp / "cache"),
            "--unit-commits", "8", "-q", *extra]


def test_json_coverage_and_exit_codes(fleet: Fleet, client: Any, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    targets = [fleet.big, fleet.targets[0], fleet.missing]
    assert main(cli(targets, client, tmp_path, "-f", "json")) == 2
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert "1 of 3 repositories could not be audited" in err
    assert [c["repository"] for c in doc["coverage"]] == targets
    cov = {c["repository"]: c for c in doc["coverage"]}
    assert cov[fleet.missing]["status"] == "error" and cov[fleet.missing]["commits"] == 0
    assert cov[fleet.big]["status"] == "ok" and cov[fleet.big]["commits"] == 44
    assert {"repository", "status", "refs", "commits", "bytes"} <= set(cov[fleet.big])
    assert doc["findings"] and all(f["repository"] in targets for f in doc["findings"])
    assert all("secret" not in f and f["secret_redacted"].endswith("*" * 8)
               for f in doc["findings"])
    # again with nothing new: 0 commits scanned, failing findings still fail (exit 1)
    assert main(cli(targets, client, tmp_path, "-f", "json", "--allow-partial")) == 1
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert [c["commits"] for c in doc["coverage"]] == [0, 0, 0]
    assert "partial audit accepted" in err
    assert not any(f["new"] for f in doc["findings"])


def test_sarif_html_text(fleet: Fleet, client: Any, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    targets = [fleet.big, fleet.targets[1]]
    assert main(cli(targets, client, tmp_path, "-f", "sarif")) == 1
    doc = json.loads(capsys.readouterr().out)
    _validate(doc)
    assert [r["versionControlProvenance"][0]["repositoryUri"] for r in doc["runs"]] == targets
    assert all(r["results"] for r in doc["runs"])
    report = tmp_path / "fleet.html"
    assert main(cli(targets, client, tmp_path, "-f", "html", "-o", str(report))) == 1
    page = report.read_text()
    assert "id=repositories" in page and "id=timeline" in page
    assert report.stat().st_mode & 0o777 == 0o600
    assert main(cli(targets, client, tmp_path)[:-1]) == 1  # text, not quiet
    text = capsys.readouterr().out
    assert "Repositories" in text and fleet.big in text and "0 new" in text


def test_without_dask_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    assert main(["fleet", str(tmp_path), "--state", str(tmp_path / "s.sqlite3")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "pip install 'credscan-scanner[fleet]'" in err


def test_bad_targets_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fleet", "ext::sh -c evil", "--state", str(tmp_path / "s")]) == 2
    assert main(["fleet", "fd://3", "--state", str(tmp_path / "s")]) == 2
    assert main(["fleet", "--state", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert "unsupported" in err and "Traceback" not in err


def test_text_never_says_clean_for_what_was_not_scanned() -> None:
    res = FleetResult(repos=[RepoOutcome("file:///x", "x", status="error", error="boom")])
    text = render(res, "text", ReportOptions())
    assert "No secrets found" not in text and "error: file:///x: boom" in text


def test_every_format_redacts() -> None:
    secret = fakes.github_classic(77)
    ok = RepoOutcome("/src/app", "app", refs=3, commits=5, covered=5, bytes=100, units=1,
                     findings=[_finding(secret).with_(extra=())], new=[True])
    bad = RepoOutcome("https://example.org/x.git", "x", status="error", error="cannot clone")
    res = FleetResult(repos=[ok, bad], workers=2)
    for fmt in ("text", "json", "sarif", "html", "junit", "gitlab", "github", "csv"):
        out = render(res, fmt, ReportOptions(command="fleet"))
        assert secret not in out and secret[4:16] not in out, fmt
        assert "/src/app" in out, fmt
        if fmt in ("text", "json", "sarif", "html"):  # CI formats: the exit code says it
            assert "cannot clone" in out, fmt
    shown = json.loads(render(res, "json", ReportOptions(command="fleet", show_secrets=True)))
    assert shown["findings"][0]["secret"] == secret
    assert [c["status"] for c in shown["coverage"]] == ["ok", "error"]
    _validate(json.loads(render(res, "sarif", ReportOptions(command="fleet"))))


def test_fleet_json_equals_history_json(fleet: Fleet, client: Any, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's check: `credscan fleet` on one repository reports what `history` does."""
    assert main(["history", fleet.big, "-q", "-f", "json"]) == 1
    hist = json.loads(capsys.readouterr().out)["findings"]
    assert main(cli([fleet.big], client, tmp_path, "-f", "json")) == 1
    got = json.loads(capsys.readouterr().out)["findings"]
    assert [{k: v for k, v in f.items() if k not in {"repository", "new"}} for f in got] == hist
    assert len(hist) >= 4


def test_scheduler_from_the_environment(fleet: Fleet, client: Any, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", client.scheduler.address)
    argv = ["fleet", fleet.targets[2], "--state", str(tmp_path / "s.sqlite3"), "-q", "-f", "json"]
    assert main(argv) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    assert [c["status"] for c in doc["coverage"]] == ["ok"]
    assert doc["totals"]["commits"] > 0
    assert doc["totals"]["scheduler"] == client.scheduler.address
