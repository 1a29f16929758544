"""GitLab Secret Detection report (``gl-secret-detection-report.json``).

Follows GitLab's security report schema (secret-detection flavour): ``version``,
``vulnerabilities[]`` (id, category, name, severity, location with file, lines and the
commit, identifiers) and ``scan`` (analyzer, scanner, type, status, times). The commit is
required by the schema; for working-tree scans we use ``CI_COMMIT_SHA`` when GitLab
provides it, else the placeholder GitLab's own analyzer uses.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

from scanner.models import Finding, ScanResult, Severity
from scanner.reporting import ReportOptions, proof
from scanner.reporting.common import (
    INFO_URI,
    TOOL_NAME,
    TOOL_VERSION,
    scan_times,
    sorted_findings,
)

SCHEMA_VERSION = "15.0.7"
SCHEMA_URL = (
    "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/"
    f"v{SCHEMA_VERSION}/dist/secret-detection-report-format.json"
)
SEVERITIES = {
    Severity.CRITICAL: "Critical",
    Severity.HIGH: "High",
    Severity.MEDIUM: "Medium",
    Severity.LOW: "Low",
    Severity.INFO: "Info",
}
_NS = uuid.UUID("6f0c3c1e-6a35-4c55-9d35-2f1d1f0c0a11")
_TOOL = {"id": TOOL_NAME, "name": TOOL_NAME, "version": TOOL_VERSION,
         "vendor": {"name": TOOL_NAME}}


def _gl_time(iso: str) -> str:
    """GitLab wants ``YYYY-MM-DDTHH:MM:SS`` (no zone, no fraction)."""
    return iso[:19]


def _vulnerability(f: Finding, opts: ReportOptions) -> dict[str, Any]:
    commit: dict[str, Any]
    if f.commit is not None:
        commit = {"sha": f.commit.sha, "author": f"{f.commit.author} <{f.commit.email}>",
                  "date": f.commit.date, "message": f.commit.subject}
    else:
        commit = {"sha": os.environ.get("CI_COMMIT_SHA") or "0000000"}
    value = f.secret
    desc = f"{f.description} ({f.provider}) in {f.file} line {f.line}: {value}."
    if f.present_at_head is False:
        desc += " It is no longer at HEAD but remains in history: rotate it."
    if f.verification is not None:
        desc += f" Verified: {proof.label(f)}."
    vid = uuid.uuid5(_NS, f"{f.fingerprint}:{f.commit.sha if f.commit else ''}")
    return {
        "id": str(vid),
        "category": "secret_detection",
        "name": f.description,
        "description": desc,
        "severity": SEVERITIES[f.severity],
        "raw_source_code_extract": f.secret,
        "location": {
            "file": f.file,
            "start_line": max(1, f.line),
            "end_line": max(1, f.line),
            "commit": commit,
        },
        "identifiers": [{
            "type": "credscan_rule_id",
            "name": f"credscan rule {f.rule_id}",
            "value": f.rule_id,
            "url": INFO_URI,
        }],
        "details": {
            "fingerprint": {"name": "fingerprint", "type": "text", "value": f.fingerprint},
        },
    }


def build(result: ScanResult, opts: ReportOptions) -> dict[str, Any]:
    start, end = scan_times(result, opts)
    return {
        "version": SCHEMA_VERSION,
        "schema": SCHEMA_URL,
        "vulnerabilities": [_vulnerability(f, opts) for f in sorted_findings(result)],
        "remediations": [],
        "scan": {
            "analyzer": dict(_TOOL),
            "scanner": {**_TOOL, "url": INFO_URI},
            "type": "secret_detection",
            "start_time": _gl_time(start),
            "end_time": _gl_time(end),
            "status": "success",
            "messages": [{"level": "warn", "value": e} for e in result.errors[:100]],
        },
    }


def render(result: ScanResult, opts: ReportOptions) -> str:
    return json.dumps(build(result, opts), indent=2, ensure_ascii=False) + "\n"
