"""JUnit output validates against the Jenkins xUnit plugin's strict ``junit-10.xsd`` (kept
in schemas/, see its README) and still tells file and line (item 18 of issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
import xmlschema

from scanner.models import ScanResult
from scanner.reporting import ReportOptions, render
from tests.report_samples import all_secrets, sample_result

SCHEMA = Path(__file__).resolve().parent / "schemas" / "junit-10.xsd"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA))


@pytest.mark.parametrize("history", [False, True])
def test_junit_validates_against_jenkins_schema(schema: xmlschema.XMLSchema,
                                                history: bool) -> None:
    result = sample_result(history=history)
    text = render(result, "junit", ReportOptions(command="history" if history else "scan"))
    errors = list(schema.iter_errors(text))
    assert errors == [], errors[0] if errors else ""
    for s in all_secrets(result):
        assert s not in text


def test_junit_still_shows_file_and_line(schema: xmlschema.XMLSchema) -> None:
    result = sample_result()
    doc = schema.to_dict(render(result, "junit", ReportOptions()))
    suite = doc["testsuite"][0]
    names = [c["@name"] for c in suite["testcase"]]
    props = {p["@name"]: p["@value"] for p in suite["properties"][0]["property"]}
    for i, f in enumerate(sorted(result.findings, key=lambda f: f.sort_key()), 1):
        assert f"{f.rule_id} at {f.file}:{f.line}" in names
        assert props[f"finding {i}"].startswith(f"{f.file}:{f.line}:{f.column} {f.rule_id} ")
        assert props[f"finding {i}"].endswith(f.fingerprint[:10])


def test_clean_junit_validates(schema: xmlschema.XMLSchema) -> None:
    assert list(schema.iter_errors(render(ScanResult(), "junit", ReportOptions()))) == []
