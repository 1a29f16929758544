"""CSV, one row per finding, for spreadsheets; cells that a spreadsheet would run as a
formula are prefixed with a quote (CSV injection)."""

from __future__ import annotations

import csv
import io

from scanner.models import Finding, ScanResult
from scanner.reporting import ReportOptions, proof
from scanner.reporting.common import sorted_findings

COLUMNS = [
    "rule", "severity", "provider", "description", "file", "line", "column",
    "secret_redacted", "fingerprint", "group", "commit", "author", "email", "date",
    "subject", "present_at_head", "occurrences", "extras",
]


def _safe(value: object) -> str:
    s = "" if value is None else str(value)
    if s and s[0] in "=+-@\t\r":
        return "'" + s
    return s


def _row(f: Finding, opts: ReportOptions, checked: bool = False) -> list[str]:
    c = f.commit
    row: list[object] = [
        f.rule_id, f.severity.value, f.provider, f.description, f.file, f.line, f.column,
        f.redacted, f.fingerprint, f.group, c.sha if c else None, c.author if c else None,
        c.email if c else None, c.date if c else None, c.subject if c else None,
        "" if f.present_at_head is None else str(f.present_at_head).lower(),
        len(f.occurrences), ";".join(f"{k}={v}" for k, v in sorted(f.extras.items())),
    ]
    if checked:
        v = f.verification
        row += [v.status if v else "", (v.identity or "") if v else ""]
    if opts.show_secrets:
        row.append(f.secret)
    return [_safe(v) for v in row]


def render(result: ScanResult, opts: ReportOptions) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    checked = proof.verified(result)
    w.writerow(COLUMNS + (["verification", "verified_identity"] if checked else [])
               + (["secret"] if opts.show_secrets else []))
    for f in sorted_findings(result):
        w.writerow(_row(f, opts, checked))
    return buf.getvalue()
