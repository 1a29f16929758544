"""GitHub Actions workflow commands, so findings show inline on pull requests.

``::error file=F,line=L,col=C,title=T::message``. Data is escaped as the runner
expects (``%``, CR, LF) and property values additionally escape ``:`` and ``,``.
Findings below the failure threshold are warnings, not errors.
"""

from __future__ import annotations

from scanner.models import ScanResult, Severity
from scanner.reporting import ReportOptions, proof
from scanner.reporting.common import plural, sorted_findings


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props: object) -> str:
    """One workflow command line; ``None`` properties are left out."""
    parts = [f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None]
    head = f"::{level} " + ",".join(parts) if parts else f"::{level}"
    return f"{head}::{escape_data(message)}"


def render(result: ScanResult, opts: ReportOptions) -> str:
    lines: list[str] = []
    for f in sorted_findings(result):
        if f.severity.rank >= opts.threshold.rank:
            level = "error"
        elif f.severity is Severity.INFO:
            level = "notice"
        else:
            level = "warning"
        msg = f"{f.description} ({f.severity.value}): {f.secret}"
        if f.commit is not None:
            msg += f"\nintroduced in {f.commit.sha[:12]} by {f.commit.author} on {f.commit.date}"
        if f.present_at_head is False:
            msg += "\nno longer at HEAD, still in history: rotate it"
        if f.verification is not None:
            msg += f"\nverified: {proof.label(f)}"
        msg += f"\nfingerprint {f.fingerprint}"
        end_col = f.end_column if f.end_column > f.column else None
        lines.append(command(level, msg, file=f.file, line=max(1, f.line),
                             col=max(1, f.column), endColumn=end_col,
                             title=f"credscan: {f.rule_id}"))
    n = len(result.findings)
    failing = len(result.at_or_above(opts.threshold))
    summary = (f"credscan: {plural(n, 'finding')}, {failing} at or above {opts.threshold.value}"
               if n else "credscan: no secrets found")
    if result.baselined:
        summary += f"; {result.baselined} accepted in baseline"
    lines.append(command("notice", summary, title="credscan"))
    return "\n".join(lines) + "\n"
