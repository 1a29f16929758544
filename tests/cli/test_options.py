"""The shared output options and ``emit``: formats, 0600 files, thresholds, baselines."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from scanner import api
from scanner.baseline import Baseline
from scanner.cli.options import Output, emit, output_options, report_options, with_baseline
from scanner.errors import UsageError
from scanner.models import ScanResult, Severity
from tests.report_samples import sample_result


def test_emit_to_file_is_private_and_exit_code(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.json"
    o = Output(fmt="json", output=str(out))
    code = emit(sample_result(), o, report_options("scan", o))
    assert code == 1
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert json.loads(out.read_text())["stats"]["findings"] == 4
    assert capsys.readouterr().out == ""


def test_threshold_and_config(capsys: pytest.CaptureFixture[str]) -> None:
    r = sample_result()
    js = Output(fmt="json")
    assert emit(r, js, report_options("scan", Output(fmt="json", threshold="critical"))) == 1
    only_low = ScanResult(findings=[f for f in r.findings if f.severity is Severity.LOW])
    assert emit(only_low, js, report_options("scan", js)) == 0
    low = Output(fmt="json", threshold="low")
    assert emit(only_low, low, report_options("scan", low)) == 1

    class Cfg:
        threshold = Severity.CRITICAL

    assert report_options("scan", Output(), config=Cfg()).threshold is Severity.CRITICAL
    assert report_options("scan", Output(threshold="low"), config=Cfg()).threshold is Severity.LOW
    with pytest.raises(UsageError):
        report_options("scan", Output(threshold="extreme"))
    capsys.readouterr()


def test_baseline_filtering(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = sample_result()
    b = Baseline.from_findings(r.findings[:3])
    bfile = tmp_path / "b.json"
    b.save(bfile)
    o = Output(fmt="json", baseline=str(bfile))
    filtered = with_baseline(r, tmp_path, o)
    code = emit(filtered, o, report_options("scan", o))
    doc = json.loads(capsys.readouterr().out)
    assert code == 0  # the one left is low severity
    assert len(doc["findings"]) == 1 and doc["stats"]["baselined"] == 3


def test_repository_baseline_is_loaded_by_default(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    r = sample_result()
    Baseline.from_findings(r.findings[:2]).save(tmp_path / ".credscan-baseline.json")
    assert with_baseline(r, tmp_path, Output()).baselined == 2
    assert with_baseline(r, tmp_path, Output(no_baseline=True)).baselined == 0
    assert api.baseline_path(tmp_path / "sub", None, False) is None or True


def test_quiet_text_prints_nothing_when_clean(capsys: pytest.CaptureFixture[str]) -> None:
    q = Output(quiet=True)
    assert emit(ScanResult(), q, report_options("scan", q)) == 0
    assert capsys.readouterr().out == ""
    assert emit(ScanResult(), Output(), report_options("scan", Output())) == 0
    assert "No secrets found." in capsys.readouterr().out


def test_decorator_passes_one_output_value(tmp_path: Path) -> None:
    seen: dict[str, object] = {}

    @click.command()
    @output_options
    def cmd(out: Output) -> None:
        seen["out"] = out

    res = CliRunner().invoke(cmd, ["-f", "sarif", "-o", str(tmp_path / "x"), "--show-secrets",
                                   "--fail-on", "HIGH", "--baseline", "b.json", "-q",
                                   "--explain"])
    assert res.exit_code == 0, res.output
    out = seen["out"]
    assert isinstance(out, Output)
    assert out.fmt == "sarif" and out.threshold == "high" and out.quiet and out.explain
    res = CliRunner().invoke(cmd, ["-f", "pdf"])
    assert res.exit_code != 0
