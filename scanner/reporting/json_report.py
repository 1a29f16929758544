"""Machine-readable report: ``{"findings": [...], "stats": {...}}``.

Each finding carries the keys scripts rely on (rule, severity, file, line, column,
secret_redacted, fingerprint); the whole secret only with ``--show-secrets``.
"""

from __future__ import annotations

import json
from typing import Any

from scanner.models import Finding, ScanResult
from scanner.reporting import ReportOptions
from scanner.reporting.common import sorted_findings


def finding_dict(f: Finding, opts: ReportOptions) -> dict[str, Any]:
    """The JSON shape of one finding (shared with the CSV and HTML reporters)."""
    d: dict[str, Any] = {
        "rule": f.rule_id,
        "description": f.description,
        "severity": f.severity.value,
        "provider": f.provider,
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "end_column": f.end_column,
        "secret_redacted": f.redacted,
        "fingerprint": f.fingerprint,
        "group": f.group,
        "extras": f.extras,
    }
    if opts.show_secrets:
        d["secret"] = f.secret
    if f.commit is not None:
        d.update(commit=f.commit.sha, author=f.commit.author, email=f.commit.email,
                 date=f.commit.date, subject=f.commit.subject)
    d["occurrences"] = [
        {k: v for k, v in (("file", o.file), ("line", o.line), ("commit", o.commit))
         if v is not None}
        for o in f.occurrences
    ]
    d["present_at_head"] = f.present_at_head
    if f.verification is not None:
        d["verification"] = {"status": f.verification.status,
                             "identity": f.verification.identity,
                             "detail": f.verification.detail}
    return d


def render(result: ScanResult, opts: ReportOptions) -> str:
    findings = sorted_findings(result)
    stats: dict[str, Any] = dict(result.stats.as_dict())
    stats["findings"] = len(findings)
    stats["failing"] = len(result.at_or_above(opts.threshold))
    stats["threshold"] = opts.threshold.value
    if result.baselined:
        stats["baselined"] = result.baselined
    doc: dict[str, Any] = {
        "findings": [finding_dict(f, opts) for f in findings],
        "stats": stats,
    }
    if result.errors:
        doc["errors"] = list(result.errors)
    if result.notes:
        doc["notes"] = list(result.notes)
    if opts.explain:
        doc["dropped"] = [{"rule": d.rule_id, "file": d.file, "line": d.line,
                           "value": d.secret, "reason": d.reason, "commit": d.commit}
                          for d in result.dropped]
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
