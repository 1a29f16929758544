"""SARIF 2.1.0 as GitHub code scanning reads it, validated against the official schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scanner.models import ScanResult
from scanner.reporting import ReportOptions, render
from tests.report_samples import all_secrets, sample_result

#: the OASIS schema, kept in the repository (see schemas/README.md for its origin)
SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"


def _validate(doc: dict[str, Any]) -> None:
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.mark.parametrize("history", [False, True])
def test_sarif_validates_and_has_github_fields(history: bool) -> None:
    result = sample_result(history=history)
    text = render(result, "sarif", ReportOptions(command="history" if history else "scan"))
    doc = json.loads(text)
    _validate(doc)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "credscan"
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == {f.rule_id for f in result.findings}
    for r in rules.values():
        assert r["shortDescription"]["text"]
        assert r["properties"]["security-severity"]
        assert "security" in r["properties"]["tags"]
    assert len(run["results"]) == 4
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in {"error", "warning", "note"}
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"]
        assert loc["region"]["startLine"] >= 1
        assert res["partialFingerprints"]["credscan/v1"]
        if history:
            assert res["partialFingerprints"]["commitSha"]
            for key in ("commit", "author", "date"):
                assert res["properties"][key]
    crit = next(r for r in run["results"] if r["ruleId"] == "aws-secret-key")
    assert crit["level"] == "error"
    low = next(r for r in run["results"] if r["ruleId"] == "aws-access-key-id-lone")
    assert low["level"] == "note"
    odd = next(r for r in run["results"] if r["ruleId"] == "github-pat")
    assert odd["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(
        "dir%20with%20space/")
    for s in all_secrets(result):
        assert s not in text


def test_sarif_empty_validates() -> None:
    doc = json.loads(render(ScanResult(), "sarif", ReportOptions()))
    _validate(doc)
    assert doc["runs"][0]["results"] == []
