"""SARIF 2.1.0, shaped the way GitHub code scanning reads it.

Rules carry ``security-severity`` so GitHub ranks alerts; results carry
``partialFingerprints`` (our fingerprint, plus the commit for history findings) so an
alert keeps its identity when lines move; commit, author and date go in ``properties``.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from scanner.models import Finding, ScanResult, Severity
from scanner.reporting import ReportOptions, proof
from scanner.reporting.common import INFO_URI, TOOL_NAME, TOOL_VERSION, sorted_findings

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
#: GitHub maps these to critical (>= 9), high (7-8.9), medium (4-6.9), low (< 4)
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}


def artifact_uri(path: str) -> dict[str, str]:
    """A relative URI against %SRCROOT% for repository paths; file:// for absolute ones."""
    if path.startswith("/"):
        return {"uri": "file://" + quote(path)}
    rel = path[2:] if path.startswith("./") else path
    return {"uri": quote(rel), "uriBaseId": "%SRCROOT%"}


def _rule(f: Finding) -> dict[str, Any]:
    help_text = (
        f"{f.description}. Rotate the credential, then remove it from the code (read it "
        "from the environment or a secret manager). If it was pushed, it is in the "
        "history of every clone until purged (git filter-repo) - rotating is what counts."
    )
    help_md = help_text
    if f.revoke:
        help_text += f" Where to revoke or rotate it: {f.revoke}"
        help_md += f" [Where to revoke or rotate it]({f.revoke})."
    extra: dict[str, Any] = {"helpUri": f.revoke} if f.revoke else {}
    return {**extra,
        "id": f.rule_id,
        "name": "".join(p.capitalize() for p in f.rule_id.replace("_", "-").split("-")),
        "shortDescription": {"text": f.description},
        "fullDescription": {"text": f"{f.description} ({f.provider})"},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": LEVELS[f.severity]},
        "properties": {
            "tags": ["security", "secret", f.provider],
            "security-severity": SECURITY_SEVERITY[f.severity],
            "precision": "high",
            "problem.severity": LEVELS[f.severity] if f.severity.rank > 1 else "recommendation",
        },
    }


def _region(f: Finding) -> dict[str, int]:
    start_col = max(1, f.column)
    end_col = max(start_col + 1, f.end_column)
    return {"startLine": max(1, f.line), "startColumn": start_col, "endColumn": end_col}


def _result(f: Finding, index: int, opts: ReportOptions) -> dict[str, Any]:
    value = f.secret
    msg = f"{f.description}: {value}"
    if f.commit is not None:
        msg += f" (introduced in {f.commit.sha[:12]} by {f.commit.author} on {f.commit.date})"
    if f.present_at_head is False:
        msg += "; no longer at HEAD but still in history"
    props: dict[str, Any] = {
        "severity": f.severity.value,
        "provider": f.provider,
        "secret_redacted": f.redacted,
    }
    if f.group:
        props["group"] = f.group
    if f.extras:
        props["extras"] = f.extras
    if f.present_at_head is not None:
        props["present_at_head"] = f.present_at_head
    partial = {"credscan/v1": f.fingerprint}
    if f.commit is not None:
        c = f.commit
        props.update(commit=c.sha, author=c.author, email=c.email, date=c.date, subject=c.subject)
        partial["commitSha"] = c.sha
    if f.occurrences:
        props["occurrences"] = len(f.occurrences)
    if f.verification is not None:
        props["verification"] = {"status": f.verification.status,
                                 "identity": f.verification.identity,
                                 "detail": f.verification.detail}
        if f.verification.live:
            msg += "; LIVE: the provider accepted it" + (
                f" as {f.verification.identity}" if f.verification.identity else "")
        props["tags"] = [f"verification:{f.verification.status}"]
    res: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": msg},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact_uri(f.file),
                "region": _region(f),
            }
        }],
        "partialFingerprints": partial,
        "properties": props,
    }
    if f.occurrences:
        res["relatedLocations"] = [
            {"id": i + 1,
             "physicalLocation": {"artifactLocation": artifact_uri(o.file),
                                  "region": {"startLine": max(1, o.line)}},
             **({"message": {"text": f"also in commit {o.commit[:12]}"}} if o.commit else {})}
            for i, o in enumerate(f.occurrences)
        ]
    return res


def build(result: ScanResult, opts: ReportOptions) -> dict[str, Any]:
    """The SARIF log as a dict (tests and ``credscan ci`` use it directly)."""
    findings = sorted_findings(result)
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for f in findings:
        if f.rule_id not in index:
            index[f.rule_id] = len(rules)
            rules.append(_rule(f))
    results = [_result(f, index[f.rule_id], opts) for f in findings]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": TOOL_NAME,
            "version": TOOL_VERSION,
            "semanticVersion": TOOL_VERSION,
            "informationUri": INFO_URI,
            "rules": rules,
        }},
        "results": results,
        "columnKind": "unicodeCodePoints",
        "invocations": [{
            "executionSuccessful": not result.errors,
            "properties": {"command": opts.command, **result.stats.as_dict(),
                           "baselined": result.baselined,
                           **({"verification": dict(proof.counts(result))}
                              if proof.verified(result) else {}),
                           **({"notes": list(result.notes)} if result.notes else {})},
            **({"toolExecutionNotifications": [
                {"level": "warning", "message": {"text": e}} for e in result.errors[:100]
            ]} if result.errors else {}),
        }],
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The scanned root"}}},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: ScanResult, opts: ReportOptions) -> str:
    return json.dumps(build(result, opts), indent=2, ensure_ascii=False) + "\n"
