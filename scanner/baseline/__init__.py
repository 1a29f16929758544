"""Baselines: the findings a team has accepted, so CI fails only on new leaks.

A baseline (``.credscan-baseline.json``) lists findings by :attr:`Finding.fingerprint`
(rule + file + a one-way digest of the secret), never by value. Line numbers are kept as
display-only data and are *not* refreshed on update, so moving code does not churn the
file. Entries are written sorted by fingerprint, one per line, so the file diffs cleanly
and concurrent additions on two branches rarely touch the same lines.

Each entry carries a triage verdict:

- ``none``: accepted as pre-existing, not yet triaged -> hidden;
- ``false_positive`` / ``rotated`` -> hidden;
- ``real``: a confirmed leak -> keeps failing until the secret is removed or rotated.

Because the fingerprint includes the secret's digest, a baselined entry never hides a
different secret on the same line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from scanner.errors import UsageError
from scanner.models import Finding, ScanResult

DEFAULT_BASELINE = ".credscan-baseline.json"
FORMAT_VERSION = 1
VERDICTS = ("none", "real", "false_positive", "rotated")
#: verdicts whose findings no longer fail a scan
HIDDEN_VERDICTS = frozenset({"none", "false_positive", "rotated"})
_VERDICT_ALIASES = {
    "fp": "false_positive", "false-positive": "false_positive", "falsepositive": "false_positive",
    "false": "false_positive", "true": "real", "leak": "real", "real_leak": "real",
    "untriaged": "none", "": "none",
}
SCOPES = ("files", "history")


def parse_verdict(value: str) -> str:
    """Normalise a verdict name (accepting a few aliases such as ``fp``)."""
    v = value.strip().lower().replace(" ", "_")
    v = _VERDICT_ALIASES.get(v, v)
    if v not in VERDICTS:
        raise UsageError(f"unknown verdict {value!r} (expected one of: {', '.join(VERDICTS)})")
    return v


@dataclass(frozen=True, slots=True)
class Entry:
    """One accepted finding. ``line`` and ``commit`` are display-only."""

    fingerprint: str
    rule: str
    file: str
    line: int
    verdict: str = "none"
    commit: str | None = None
    note: str | None = None

    @classmethod
    def from_finding(cls, f: Finding, verdict: str = "none", note: str | None = None) -> Entry:
        return cls(
            fingerprint=f.fingerprint,
            rule=f.rule_id,
            file=f.file,
            line=f.line,
            verdict=verdict,
            commit=f.commit.sha if f.commit else None,
            note=note,
        )

    def as_dict(self) -> dict[str, object]:
        d: dict[str, object] = {"rule": self.rule, "file": self.file, "line": self.line,
                                "verdict": self.verdict}
        if self.commit:
            d["commit"] = self.commit
        if self.note:
            d["note"] = self.note
        return d


@dataclass
class Baseline:
    """An in-memory baseline; :meth:`dumps` gives the canonical, stable file text."""

    entries: dict[str, Entry]
    scope: str = "files"

    @classmethod
    def empty(cls, scope: str = "files") -> Baseline:
        return cls({}, scope)

    @classmethod
    def from_findings(cls, findings: Iterable[Finding], scope: str = "files") -> Baseline:
        b = cls.empty(scope)
        for f in sorted(findings, key=Finding.sort_key):
            if f.fingerprint and f.fingerprint not in b.entries:
                b.entries[f.fingerprint] = Entry.from_finding(f)
        return b

    # -- file I/O -------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Baseline:
        """Read a baseline; a missing or malformed file is a one-line usage error."""
        p = Path(path)
        try:
            raw = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UsageError(f"{p}: baseline file not found") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UsageError(f"{p}: not a readable credscan baseline ({exc})") from None
        return cls.from_json(raw, str(p))

    @classmethod
    def from_json(cls, raw: object, where: str = "<baseline>") -> Baseline:
        if not isinstance(raw, dict) or not isinstance(raw.get("findings"), dict):
            raise UsageError(f"{where}: not a credscan baseline (no 'findings' object)")
        version = raw.get("version", FORMAT_VERSION)
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise UsageError(f"{where}: unsupported baseline version {version!r}")
        scope = raw.get("scope", "files")
        if scope not in SCOPES:
            raise UsageError(f"{where}: 'scope' must be one of {', '.join(SCOPES)}")
        entries: dict[str, Entry] = {}
        for fp, e in raw["findings"].items():
            if not isinstance(e, dict):
                raise UsageError(f"{where}: finding {fp!r} is not an object")
            try:
                line = int(e.get("line", 0))
            except (TypeError, ValueError):
                raise UsageError(f"{where}: finding {fp!r}: 'line' is not a number") from None
            entries[fp] = Entry(
                fingerprint=fp,
                rule=str(e.get("rule", "")),
                file=str(e.get("file", "")),
                line=line,
                verdict=parse_verdict(str(e.get("verdict", "none"))),
                commit=str(e["commit"]) if e.get("commit") else None,
                note=str(e["note"]) if e.get("note") else None,
            )
        return cls(entries, scope)

    def dumps(self) -> str:
        """Canonical text: sorted by fingerprint, one entry per line, no timestamps."""
        lines = ["{", f'  "version": {FORMAT_VERSION},', '  "tool": "credscan",',
                 f'  "scope": {json.dumps(self.scope)},']
        if not self.entries:
            lines.append('  "findings": {}')
        else:
            lines.append('  "findings": {')
            items = sorted(self.entries.items())
            for i, (fp, e) in enumerate(items):
                sep = "," if i < len(items) - 1 else ""
                body = json.dumps(e.as_dict(), ensure_ascii=False, separators=(", ", ": "))
                lines.append(f"    {json.dumps(fp)}: {body}{sep}")
            lines.append("  }")
        lines.append("}")
        return "\n".join(lines) + "\n"

    def save(self, path: str | os.PathLike[str]) -> bool:
        """Write the baseline (0600: it says where secrets live); False if unchanged."""
        from scanner.reporting import write_private

        text = self.dumps()
        p = Path(path)
        try:
            if p.read_text(encoding="utf-8") == text:
                return False
        except (OSError, UnicodeDecodeError):
            pass
        write_private(str(p), text)
        return True

    # -- queries and updates --------------------------------------------------------------

    def hides(self, f: Finding) -> bool:
        """True if this finding is accepted (untriaged, false positive or rotated)."""
        e = self.entries.get(f.fingerprint)
        return e is not None and e.verdict in HIDDEN_VERDICTS

    def update(self, findings: Iterable[Finding]) -> tuple[int, int, int]:
        """Add new findings, drop entries nothing matches; existing ones stay untouched.

        Returns ``(added, removed, kept)``.
        """
        current: dict[str, Finding] = {}
        for f in sorted(findings, key=Finding.sort_key):
            if f.fingerprint:
                current.setdefault(f.fingerprint, f)
        removed = [fp for fp in self.entries if fp not in current]
        for fp in removed:
            del self.entries[fp]
        added = 0
        for fp, f in current.items():
            if fp not in self.entries:
                self.entries[fp] = Entry.from_finding(f)
                added += 1
        return added, len(removed), len(self.entries) - added

    def set_verdict(self, fingerprint: str, verdict: str, finding: Finding | None = None,
                    note: str | None = None) -> Entry:
        """Record a verdict; an unknown fingerprint needs the finding to create the entry."""
        verdict = parse_verdict(verdict)
        e = self.entries.get(fingerprint)
        if e is None:
            if finding is None:
                raise UsageError(f"fingerprint {fingerprint!r} is not in the baseline and "
                                 "no current finding has it")
            e = Entry.from_finding(finding)
        e = replace(e, verdict=verdict, note=note if note is not None else e.note)
        self.entries[fingerprint] = e
        return e


def filter_result(result: ScanResult, baseline: Baseline) -> tuple[ScanResult, int]:
    """Drop the findings the baseline accepts; returns the new result and how many."""
    kept = [f for f in result.findings if not baseline.hides(f)]
    hidden = len(result.findings) - len(kept)
    return replace(result, findings=kept, errors=list(result.errors)), hidden


def resolve_fingerprint(prefix: str, candidates: Iterable[str]) -> str:
    """Expand a unique fingerprint prefix (at least 6 characters), as git does for SHAs."""
    cands = set(candidates)
    if prefix in cands:
        return prefix
    if len(prefix) >= 6:
        hits = sorted(c for c in cands if c.startswith(prefix))
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise UsageError(f"fingerprint prefix {prefix!r} is ambiguous ({len(hits)} matches)")
    return prefix
