"""Triage: walk findings one by one and record a verdict in the baseline.

The walk is independent of the terminal: :func:`walk` takes an ``ask`` callback, so the
rich prompt of ``credscan audit`` and the tests drive the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from scanner.baseline import MIN_PREFIX, Baseline, Entry, resolve_fingerprint
from scanner.errors import SourceError, UsageError
from scanner.gitexec import try_git
from scanner.models import Finding
from scanner.redact import redact, redact_line

#: answer keys of the prompt -> verdicts (skip and quit are not verdicts)
ANSWERS = {"r": "real", "f": "false_positive", "o": "rotated", "s": "skip", "q": "quit"}


@dataclass
class Item:
    """One thing to triage: a current finding, with its baseline entry if it has one."""

    finding: Finding
    entry: Entry | None


def items_to_audit(baseline: Baseline, findings: Iterable[Finding],
                   include_triaged: bool = False) -> list[Item]:
    """Untriaged baseline entries and new findings (all entries with ``include_triaged``)."""
    seen: set[str] = set()
    out: list[Item] = []
    findings = list(findings)
    baseline.migrate(findings)  # a version 1 file: re-key its entries first
    for f in sorted(findings, key=Finding.sort_key):
        if not f.fingerprint or f.fingerprint in seen:
            continue
        seen.add(f.fingerprint)
        e = baseline.entries.get(f.fingerprint)
        if e is None or e.verdict == "none" or include_triaged:
            out.append(Item(f, e))
    return out


def _git_file_lines(root: Path, commit: str, path: str) -> list[str] | None:
    """The file at ``commit`` as git stores it (``cat-file``: no textconv, no filters)."""
    try:
        code, out = try_git(["cat-file", "blob", f"{commit}:{path}"], cwd=root, timeout=30)
    except SourceError:
        return None
    if code != 0:
        return None
    return out.decode("utf-8", "replace").splitlines()


def context_lines(root: Path, f: Finding, others: Iterable[Finding] = (),
                  radius: int = 2, show: bool = False) -> list[tuple[int, str]]:
    """The lines around a finding, every known secret on them redacted.

    History findings are read from the commit that introduced them; working-tree ones
    from the file; the finding's own ``line_text`` is the fallback.
    """
    lines: list[str] | None = None
    if f.commit is not None:
        lines = _git_file_lines(root, f.commit.sha, f.file)
    if lines is None:
        try:
            lines = (root / f.file).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = None
    secrets = sorted({f.secret, *(o.secret for o in others if o.file == f.file)},
                     key=len, reverse=True)
    out: list[tuple[int, str]] = []
    if lines is None or not 1 <= f.line <= len(lines):
        text = f.line_text or ""
        for s in secrets:
            text = redact_line(text, s, show)
        return [(f.line, text)]
    for n in range(max(1, f.line - radius), min(len(lines), f.line + radius) + 1):
        text = lines[n - 1]
        for s in secrets:
            if s:
                text = redact_line(text, s, show)
        out.append((n, text))
    # A multi-line secret (a PEM block) may span the window: redact its lines too.
    if "\n" in f.secret and not show:
        body = set(f.secret.splitlines())
        out = [(n, redact(t) if t in body and t.strip() else t) for n, t in out]
    return out


Ask = Callable[[Item, int, int], str]


def walk(baseline: Baseline, items: list[Item], ask: Ask,
         note: str | None = None) -> dict[str, int]:
    """Ask for each item's verdict; record it. Returns counts per answer."""
    counts: dict[str, int] = {}
    for i, item in enumerate(items, 1):
        answer = ask(item, i, len(items))
        verdict = ANSWERS.get(answer, answer)
        if verdict == "quit":
            counts["quit"] = 1
            break
        counts[verdict] = counts.get(verdict, 0) + 1
        if verdict == "skip":
            continue
        baseline.set_verdict(item.finding.fingerprint, verdict, finding=item.finding, note=note)
    return counts


def set_verdicts(baseline: Baseline, assignments: Iterable[tuple[str, str]],
                 findings: Callable[[], list[Finding]], note: str | None = None) -> list[Entry]:
    """Non-interactive verdicts ``(fingerprint-or-prefix, verdict)``.

    A fingerprint not in the baseline is looked up among the current findings (computed
    lazily, only if needed) and added with its verdict.
    """
    done: list[Entry] = []
    current: dict[str, Finding] | None = None
    for fp, verdict in assignments:
        full = resolve_fingerprint(fp, baseline.entries)
        if full in baseline.entries:
            done.append(baseline.set_verdict(full, verdict, note=note))
            continue
        if current is None:
            current = {f.fingerprint: f for f in findings() if f.fingerprint}
        full = resolve_fingerprint(fp, current)
        if full not in current:
            raise UsageError(f"no baseline entry or current finding has a fingerprint starting "
                             f"with {fp!r} (a unique prefix of at least {MIN_PREFIX} characters "
                             "is enough)")
        done.append(baseline.set_verdict(full, verdict, finding=current[full], note=note))
    return done
