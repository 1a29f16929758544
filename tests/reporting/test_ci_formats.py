"""JUnit, GitLab secret-detection, GitHub workflow commands and CSV reports."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

from scanner.models import ScanResult
from scanner.reporting import ReportOptions, render
from scanner.reporting.github import escape_data, escape_property
from tests.report_samples import all_secrets, sample_result


def test_junit_one_failure_per_finding() -> None:
    result = sample_result(history=True)
    text = render(result, "junit", ReportOptions(command="history"))
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    cases = root.findall(".//testcase")
    assert len(cases) == len(result.findings) == 4
    failures = root.findall(".//testcase/failure")
    assert len(failures) == 4
    assert root.get("failures") == "4"
    names = {c.get("name") for c in cases}
    assert any(n and n.startswith("aws-secret-key at config/settings.py:13") for n in names)
    for s in all_secrets(result):
        assert s not in text


def test_junit_clean_has_passing_case_and_control_chars_survive() -> None:
    root = ET.fromstring(render(ScanResult(), "junit", ReportOptions()))
    assert len(root.findall(".//testcase")) == 1 and not root.findall(".//failure")
    r = sample_result()
    r.findings[0] = r.findings[0].with_(file="bad\x01name.py")
    ET.fromstring(render(r, "junit", ReportOptions()))  # still well-formed


def test_gitlab_report_has_required_fields() -> None:
    result = sample_result(history=True)
    text = render(result, "gitlab", ReportOptions(command="history"))
    doc = json.loads(text)
    assert re.fullmatch(r"\d+\.\d+\.\d+", doc["version"])
    vulns = doc["vulnerabilities"]
    assert len(vulns) == 4
    ids = set()
    for v in vulns:
        ids.add(v["id"])
        assert v["category"] == "secret_detection"
        assert v["name"]
        assert v["severity"] in {"Critical", "High", "Medium", "Low", "Info"}
        assert v["location"]["file"]
        assert isinstance(v["location"]["start_line"], int) and v["location"]["start_line"] >= 1
        assert v["location"]["commit"]["sha"]
        assert v["identifiers"] and all({"type", "name", "value"} <= set(i)
                                        for i in v["identifiers"])
    assert len(ids) == 4
    assert {v["severity"] for v in vulns} == {"Critical", "High", "Low"}
    scan = doc["scan"]
    for key in ("analyzer", "scanner"):
        assert {"id", "name", "version", "vendor"} <= set(scan[key])
    assert scan["type"] == "secret_detection" and scan["status"] == "success"
    for key in ("start_time", "end_time"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", scan[key])
    for s in all_secrets(result):
        assert s not in text


def test_gitlab_ids_are_stable_and_commit_from_env(monkeypatch: object) -> None:
    import pytest

    mp = pytest.MonkeyPatch()
    mp.setenv("CI_COMMIT_SHA", "c" * 40)
    try:
        a = json.loads(render(sample_result(), "gitlab", ReportOptions()))
        b = json.loads(render(sample_result(), "gitlab", ReportOptions()))
    finally:
        mp.undo()
    assert [v["id"] for v in a["vulnerabilities"]] == [v["id"] for v in b["vulnerabilities"]]
    assert a["vulnerabilities"][0]["location"]["commit"]["sha"] == "c" * 40


def test_github_commands_escaped() -> None:
    result = sample_result()
    out = render(result, "github", ReportOptions())
    lines = out.splitlines()
    assert len(lines) == 5  # 4 findings + summary notice
    errors = [x for x in lines if x.startswith("::error ")]
    assert len(errors) == 3
    assert any(x.startswith("::warning ") for x in lines)  # below threshold
    odd = next(x for x in lines if "github-pat" in x)
    assert "file=dir with space/ünï%2Ccödé%3Ax.env,line=1,col=9," in odd
    assert "title=credscan%3A github-pat::" in odd
    head, _, msg = odd[2:].partition("::")
    assert "\n" not in msg and "%250A" in msg  # a literal %0A in data is escaped
    assert lines[-1].startswith("::notice title=credscan::credscan: 4 findings")
    for s in all_secrets(result):
        assert s not in out


def test_github_escape_functions() -> None:
    assert escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert escape_property("x:y,z%\n") == "x%3Ay%2Cz%25%0A"


def test_csv_rows_and_formula_guard() -> None:
    result = sample_result(history=True)
    r0 = result.findings[0]
    result.findings[0] = r0.with_(file="=HYPERLINK(1).py")
    out = render(result, "csv", ReportOptions())
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 4
    assert {r["rule"] for r in rows} == {f.rule_id for f in result.findings}
    assert any(r["file"] == "'=HYPERLINK(1).py" for r in rows)
    assert all(r["commit"] for r in rows)
    assert "secret" not in rows[0]
    for s in all_secrets(result):
        assert s not in out
    shown = list(csv.DictReader(io.StringIO(render(result, "csv",
                                                   ReportOptions(show_secrets=True)))))
    assert sorted(r["secret"] for r in shown) == sorted(all_secrets(result))
