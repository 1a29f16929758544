"""Human report for the terminal: findings grouped by file, a summary, and what to do.

The report is built as lines of styled segments. Plain output (files, pipes, the
pre-commit hook's log) joins them directly; only coloured output imports rich (inside
:func:`render`), so the hook does not pay rich's import time when nothing is styled.
"""

from __future__ import annotations

import os
from collections import Counter

from scanner.models import Finding, ScanResult, Severity
from scanner.reporting import ReportOptions, proof
from scanner.reporting.common import by_file, human_bytes, short_fingerprint, shown_secret

_SEV_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}

REMEDIATION = [
    "Rotate every leaked key now: once a commit is pushed, its history is public to anyone "
    "who cloned or forked the repository, so deleting the line is not enough.",
    "Then remove the secret from the code (read it from the environment or a secret "
    "manager; for AWS keys, `credscan move-keys` moves them to ~/.aws).",
    "If needed, purge it from history with `git filter-repo --replace-text <file>` (or "
    "`--invert-paths --path <file>`), then force-push and ask collaborators to re-clone.",
    "Secrets that are no longer at HEAD still count: they stay in every clone until purged "
    "and are valid until rotated.",
]

Segment = tuple[str, str]  # (text, rich style)
Line = list[Segment]


def _width() -> int:
    try:
        return max(80, min(160, os.get_terminal_size().columns))
    except OSError:
        return 120


def render(result: ScanResult, opts: ReportOptions) -> str:
    """Render the text report (ANSI colours only when ``opts.color``)."""
    lines = build(result, opts)
    if not opts.color:
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    import io

    from rich.console import Console
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, color_system="standard", width=_width(),
                      highlight=False, soft_wrap=True, emoji=False)
    for line in lines:
        t = Text()
        for text, style in line:
            t.append(text, style=style or None)
        console.print(t)
    return buf.getvalue()


def build(result: ScanResult, opts: ReportOptions) -> list[Line]:
    """The report as lines of (text, style) segments."""
    out: list[Line] = []
    findings = result.findings
    for path, group in by_file(findings).items():
        out.append([(path, "bold underline")])
        for f in group:
            out.extend(_finding(f, opts))
        out.append([])
    if opts.explain and result.dropped:
        out.append([("Not reported (--explain)", "bold")])
        for d in result.dropped[:500]:
            where = f"{d.file}:{d.line}" + (f" @{d.commit[:10]}" if d.commit else "")
            out.append([(f"  {where}  {d.rule_id}  {d.secret}  ", ""), (d.reason, "dim")])
        if len(result.dropped) > 500:
            out.append([(f"  ... and {len(result.dropped) - 500} more", "dim")])
        out.append([])
    for e in result.errors[:50]:
        out.append([("error: ", "bold red"), (e, "")])
    for note in result.notes:
        out.append([("note: ", "bold"), (note, "")])
    if not opts.quiet:
        out.extend(_summary(result, opts))
    links = revoke_links(findings)
    checked = proof.verified(result)
    if (opts.command == "history" or checked) and findings:
        out.append([])
        out.append([("What to do", "bold")])
        steps = proof.advice(result) + (REMEDIATION if opts.command == "history" else [])
        for i, text in enumerate(steps, 1):
            out.append([(f"  {i}. {text}", "bold red" if " LIVE:" in text else "")])
        at_head = sum(1 for f in findings if f.present_at_head)
        only_hist = sum(1 for f in findings if f.present_at_head is False)
        if at_head or only_hist:
            out.append([(f"  {at_head} still present at HEAD, {only_hist} only in history.", "")])
    elif links:
        out.append([])
        out.append([("What to do", "bold")])
        out.append([("  Revoke or rotate each credential first, then remove it from the code.",
                     "")])
    if links:
        out.append([("  Where to revoke or rotate:", "")])
        for provider, url in links:
            out.append([(f"    {provider}: ", ""), (url, "underline")])
    return out


def revoke_links(findings: list[Finding]) -> list[tuple[str, str]]:
    """(provider, URL) pairs, one per distinct revoke URL, in order of first finding."""
    seen: dict[str, str] = {}
    for f in findings:
        if f.revoke and f.revoke not in seen:
            seen[f.revoke] = f.provider
    return [(p, u) for u, p in seen.items()]


def _finding(f: Finding, opts: ReportOptions) -> list[Line]:
    head: Line = [
        ("  ", ""),
        (f"{f.line}:{f.column}".ljust(9), "dim"),
        (f.severity.value.upper().ljust(9), _SEV_STYLE.get(f.severity, "")),
        (f.rule_id, "bold"),
        ("  ", ""),
        (shown_secret(f, opts), "magenta"),
    ]
    if f.fingerprint:  # what `credscan audit --set FINGERPRINT=false_positive` takes
        head.append((f"  fp {short_fingerprint(f)}", "dim"))
    if f.severity.rank < opts.threshold.rank:
        head.append(("  (below threshold)", "dim"))
    if f.verification is not None:
        live = f.verification.live
        head.append(("  " + ("LIVE" if live else f.verification.status),
                     "bold white on red" if live else "dim"))
    details: list[str] = [f.description]
    extras = f.extras
    shown = {k: v for k, v in extras.items() if k not in ("head_line", "head_path")}
    if shown:
        details.append(", ".join(f"{k}={v}" for k, v in sorted(shown.items())))
    if f.commit is not None:
        c = f.commit
        details.append(f"commit {c.sha[:12]} by {c.author} <{c.email}> on {c.date}: {c.subject}")
    if f.present_at_head is True:
        where = extras.get("head_path", f.file)
        line = extras.get("head_line")
        details.append(f"still present at HEAD ({where}:{line})" if line else
                       "still present at HEAD")
    elif f.present_at_head is False:
        details.append("only in history (not at HEAD)")
    if f.occurrences:
        n = len(f.occurrences)
        details.append(f"also seen in {n} other place{'s' if n != 1 else ''}")
    if f.verification is not None:
        details.append(f"verified: {proof.label(f)}")
    return [head] + [[("           " + d, "dim")] for d in details]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _summary(result: ScanResult, opts: ReportOptions) -> list[Line]:
    s = result.stats
    n = len(result.findings)
    failing = len(result.at_or_above(opts.threshold))
    files_hit = len({f.file for f in result.findings})
    out: list[Line] = []
    if n:
        out.append([(f"{_plural(n, 'finding')} in {_plural(files_hit, 'file')}",
                     "bold red" if failing else "bold"),
                    (f" ({failing} at or above {opts.threshold.value})", "")])
    else:
        out.append([("No secrets found.", "bold green")])
    parts = []
    if s.commits:
        parts.append(_plural(s.commits, "commit"))
    parts.append(_plural(s.files, "file"))
    parts.append(human_bytes(s.bytes))
    if s.lines:
        parts.append(_plural(s.lines, "line"))
    text = "Scanned " + ", ".join(parts) + f" in {s.seconds:.2f} s"
    if s.seconds > 0 and s.bytes >= 1 << 20:
        text += f" ({s.bytes / s.seconds / 1e6:.1f} MB/s)"
    out.append([(text, "dim")])
    notes = []
    if s.binary_skipped:
        notes.append(f"{s.binary_skipped} binary skipped")
    if s.unreadable:
        notes.append(f"{s.unreadable} unreadable")
    if result.baselined:
        notes.append(f"{result.baselined} accepted in baseline hidden")
    if result.errors:
        notes.append(_plural(len(result.errors), "error"))
    if notes:
        out.append([("(" + ", ".join(notes) + ")", "dim")])
    if proof.verified(result):
        out.append([("Verified: " + proof.summary(result),
                     "bold red" if proof.counts(result)["live"] else "")])
    if n:
        counts = Counter(f.rule_id for f in result.findings)
        out.append([("By rule: " + ", ".join(f"{r} {c}" for r, c in sorted(counts.items())),
                     "dim")])
    return out
