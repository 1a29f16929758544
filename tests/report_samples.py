"""Sample findings for reporter tests, built from scanner.models directly (no engine)."""

from __future__ import annotations

import hashlib

from scanner.engine.fingerprint import fingerprint
from scanner.models import CommitInfo, Finding, Occurrence, ScanResult, ScanStats, Severity
from tests import fakes


def finding(rule: str, file: str, line: int, secret: str, severity: Severity = Severity.HIGH,
            provider: str = "aws", commit: CommitInfo | None = None, **kw: object) -> Finding:
    return Finding(
        rule_id=rule,
        description=kw.pop("description", f"{rule} leaked"),  # type: ignore[arg-type]
        provider=provider,
        severity=severity,
        file=file,
        line=line,
        column=kw.pop("column", 9),  # type: ignore[arg-type]
        end_column=kw.pop("end_column", 9 + len(secret)),  # type: ignore[arg-type]
        secret=secret,
        fingerprint=fingerprint(rule, file, secret),
        line_text=f"key = {secret}",
        commit=commit,
        **kw,  # type: ignore[arg-type]
    )


def commit(n: int, date: str = "2023-03-14T10:00:00+00:00") -> CommitInfo:
    return CommitInfo(sha=hashlib.sha1(str(n).encode()).hexdigest(), author=f"Dev {n} <&>",
                      email=f"dev{n}@example.com", date=date,
                      subject=f"change #{n}: add config, \"quoted\"")


def sample_result(history: bool = False) -> ScanResult:
    """Four findings in three files, one below the default threshold, odd file names."""
    c1 = commit(1, "2022-11-02T09:00:00+00:00") if history else None
    c2 = commit(2, "2023-05-20T12:30:00+01:00") if history else None
    findings = [
        finding("aws-access-key", "config/settings.py", 12, fakes.aws_key_id(1),
                group="g1", extra=(("account_id", "123456789012"),), commit=c1,
                present_at_head=True if history else None,
                occurrences=(Occurrence("config/old.py", 3, commit(3).sha),) if history else ()),
        finding("aws-secret-key", "config/settings.py", 13, fakes.aws_secret(1),
                severity=Severity.CRITICAL, group="g1", commit=c1,
                present_at_head=True if history else None),
        finding("github-pat", "dir with space/ünï,cödé:x.env", 1, fakes.github_classic(2),
                provider="github", commit=c2, present_at_head=False if history else None,
                description="GitHub token <script>alert(1)</script> %0A,:"),
        finding("aws-access-key-id-lone", "README.md", 40, fakes.aws_key_id(3),
                severity=Severity.LOW, commit=c2, present_at_head=False if history else None),
    ]
    stats = ScanStats(files=57, bytes=123456, lines=3000, commits=9 if history else 0,
                      seconds=0.42)
    return ScanResult(findings=findings, stats=stats)


def all_secrets(result: ScanResult) -> list[str]:
    return [f.secret for f in result.findings]
