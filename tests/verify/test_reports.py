"""Reports say what was proven: verification status and identity in every format, the
"what to do" section, and a rotation's evidence for findings the baseline hides."""

from __future__ import annotations

import csv
import io
import json

import pytest

from scanner.baseline import Baseline, Entry, filter_result, record_evidence
from scanner.models import ScanResult, Verification
from scanner.reporting import FORMATS, ReportOptions, render
from tests import fakes
from tests.verify.cases import finding

ESC = "\x1b"


def result() -> ScanResult:
    gh = finding("github", "github-classic-token", fakes.github_classic(501), file="a.py")
    npm = finding("npm", "npm-token", fakes.npm_token(502), file="b.py")
    other = finding("generic", "generic-password", "hunter2hunter2", file="c.py")
    return ScanResult(findings=[
        gh.with_(verification=Verification("live", f"octo-dev{ESC}[31m", "HTTP 200")),
        npm.with_(verification=Verification("invalid", None, "HTTP 401: rejected")),
        other.with_(verification=Verification("unknown", None, "no verifier for generic")),
    ])


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_shows_the_status_and_never_raw_escapes(fmt: str) -> None:
    out = render(result(), fmt, ReportOptions())
    assert ESC not in out
    assert "octo-dev" in out
    assert fakes.github_classic(501) not in out


def test_text_what_to_do_and_summary() -> None:
    out = render(result(), "text", ReportOptions())
    assert "What to do" in out and "1 finding LIVE" in out and "credscan revoke --apply" in out
    assert "Verified: 1 live, 1 invalid, 1 unknown" in out
    assert "verified: LIVE as octo-dev" in out


def test_json_and_sarif_properties() -> None:
    doc = json.loads(render(result(), "json", ReportOptions()))
    gh = next(f for f in doc["findings"] if f["provider"] == "github")
    assert gh["verification"]["status"] == "live"
    assert gh["verification"]["identity"].startswith("octo-dev")
    sarif = json.loads(render(result(), "sarif", ReportOptions()))
    run = sarif["runs"][0]
    props = {r["properties"]["provider"]: r["properties"] for r in run["results"]}
    assert props["github"]["verification"]["status"] == "live"
    assert props["npm"]["verification"]["status"] == "invalid"
    assert run["invocations"][0]["properties"]["verification"] == {
        "live": 1, "invalid": 1, "unknown": 1}


def test_html_and_csv_columns() -> None:
    html = render(result(), "html", ReportOptions())
    assert "<th>Verified</th>" in html and "LIVE as octo-dev" in html and "What to do" in html
    rows = list(csv.DictReader(io.StringIO(render(result(), "csv", ReportOptions()))))
    assert {r["provider"]: r["verification"] for r in rows} == {
        "github": "live", "npm": "invalid", "generic": "unknown"}


def test_unverified_reports_are_unchanged() -> None:
    plain = ScanResult(findings=[f.with_(verification=None) for f in result().findings])
    text = render(plain, "text", ReportOptions())
    assert "Verified" not in text and "What to do" not in text
    assert "verification" not in render(plain, "csv", ReportOptions()).splitlines()[0]


def test_hidden_rotated_findings_carry_their_evidence_as_a_note() -> None:
    r = result()
    b = Baseline.empty()
    f = r.findings[1]
    b.entries[f.fingerprint] = Entry.from_finding(f)
    record_evidence(b, "rotated", {"action": "revoked", "when": "2026-12-01T20:00:00Z",
                                   "verified_after": "invalid"}, [f.fingerprint])
    kept, hidden = filter_result(r, b)
    assert hidden == 1 and len(kept.findings) == 2
    assert kept.notes == ["accepted in the baseline, proven: b.py:1: revoked "
                          "2026-12-01T20:00:00Z; provider now says: invalid"]
    assert "proven: b.py:1" in render(kept, "text", ReportOptions())
    assert "proven: b.py:1" in render(kept, "html", ReportOptions())
