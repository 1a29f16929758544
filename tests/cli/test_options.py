"""The shared output options and ``emit``: formats, 0600 files, thresholds, baselines."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from scanner.baseline import Baseline
from scanner.cli.options import OUTPUT_KWARGS, emit, output_options, report_options
from scanner.errors import UsageError
from scanner.models import ScanResult, Severity
from tests.report_samples import sample_result


def test_emit_to_file_is_private_and_exit_code(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.json"
    code = emit(sample_result(), "json", report_options("scan"), str(out))
    assert code == 1
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert json.loads(out.read_text())["stats"]["findings"] == 4
    assert capsys.readouterr().out == ""


def test_threshold_and_config(capsys: pytest.CaptureFixture[str]) -> None:
    r = sample_result()
    assert emit(r, "json", report_options("scan", threshold="critical"), None) == 1
    only_low = ScanResult(findings=[f for f in r.findings if f.severity is Severity.LOW])
    assert emit(only_low, "json", report_options("scan"), None) == 0
    assert emit(only_low, "json", report_options("scan", threshold="low"), None) == 1

    class Cfg:
        threshold = Severity.CRITICAL

    assert report_options("scan", config=Cfg()).threshold is Severity.CRITICAL
    assert report_options("scan", threshold="low", config=Cfg()).threshold is Severity.LOW
    with pytest.raises(UsageError):
        report_options("scan", threshold="extreme")
    capsys.readouterr()


def test_baseline_filtering_in_emit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = sample_result()
    b = Baseline.from_findings(r.findings[:3])
    bfile = tmp_path / "b.json"
    b.save(bfile)
    code = emit(r, "json", report_options("scan", baseline=str(bfile)), None)
    doc = json.loads(capsys.readouterr().out)
    assert code == 0  # the one left is low severity
    assert len(doc["findings"]) == 1 and doc["stats"]["baselined"] == 3


def test_quiet_text_prints_nothing_when_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert emit(ScanResult(), "text", report_options("scan", quiet=True), None) == 0
    assert capsys.readouterr().out == ""
    assert emit(ScanResult(), "text", report_options("scan"), None) == 0
    assert "No secrets found." in capsys.readouterr().out


def test_decorator_adds_the_documented_kwargs(tmp_path: Path) -> None:
    seen: dict[str, object] = {}

    @click.command()
    @output_options
    def cmd(**kwargs: object) -> None:
        seen.update(kwargs)

    res = CliRunner().invoke(cmd, ["-f", "sarif", "-o", str(tmp_path / "x"), "--show-secrets",
                                   "--fail-on", "HIGH", "--baseline", "b.json", "-q"])
    assert res.exit_code == 0, res.output
    assert set(seen) == set(OUTPUT_KWARGS)
    assert seen["fmt"] == "sarif" and seen["threshold"] == "high" and seen["quiet"] is True
    res = CliRunner().invoke(cmd, ["-f", "pdf"])
    assert res.exit_code != 0
