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

Format version 2 records the fingerprint scheme (``"fingerprints": "v2"`` or
``"v2+key:<key id>"``, see :mod:`scanner.engine.fingerprint`); a version 1 baseline still
matches (through the legacy fingerprint) and is rewritten as version 2 on its next update.
Loading a baseline made with another fingerprint key is a one-line error: otherwise every
accepted finding would silently come back as new.

A verdict follows its secret across renames and moves: each entry also keeps a one-way
``digest`` of the secret (derived from the fingerprint digest, so keyed the same way), and
a finding whose fingerprint is not in the baseline matches an entry with the same rule and
digest *whose own file is gone* (renamed, moved; the path is then display-only). A copy of
an accepted secret into another file, the original still in place, is a new finding.
``update`` moves a followed entry to the new path instead of reporting one added and one
removed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from scanner.config.load import DEFAULT_BASELINE as DEFAULT_BASELINE  # re-exported
from scanner.engine.fingerprint import legacy_fingerprint, secret_digest
from scanner.engine.fingerprint import scheme as fp_scheme
from scanner.errors import UsageError
from scanner.fsio import atomic_write
from scanner.models import Finding, ScanResult

FORMAT_VERSION = 2
VERDICTS = ("none", "real", "false_positive", "rotated")
#: verdicts whose findings no longer fail a scan
HIDDEN_VERDICTS = frozenset({"none", "false_positive", "rotated"})
_VERDICT_ALIASES = {
    "fp": "false_positive", "false-positive": "false_positive", "falsepositive": "false_positive",
    "false": "false_positive", "true": "real", "leak": "real", "real_leak": "real",
    "untriaged": "none", "": "none",
}
SCOPES = ("files", "history")
#: the shortest fingerprint prefix ``audit --set`` accepts (text reports show more)
MIN_PREFIX = 6
_DIGEST_DOMAIN = b"credscan-baseline-secret-v1\x00"


def secret_id(secret: str) -> str:
    """The one-way identity of a secret kept in a baseline (no path, no rule): derived
    from the fingerprint's digest (keyed when a fingerprint key is set), so it reveals no
    more than a fingerprint does."""
    return hashlib.sha256(_DIGEST_DOMAIN + secret_digest(secret).encode()).hexdigest()[:32]


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
    digest: str | None = None  # secret_id(): lets the verdict follow a rename
    #: what proves the verdict (a rotation or revocation: when, how, the old key's status)
    evidence: tuple[tuple[str, str], ...] = ()
    #: the provider's last answer (live / invalid / unknown / skipped), with ``--verify``
    verification: str | None = None

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
            digest=secret_id(f.secret) if f.secret else None,
            verification=f.verification.status if f.verification else None,
        )

    def evidence_text(self) -> str:
        """One line saying what proves the verdict (a rotation's or revocation's record)."""
        ev = dict(self.evidence)
        if not ev:
            return ""
        parts = [f"{ev.get('action', 'recorded')} {ev.get('when', '')}".strip()]
        for key, label in (("old_key_status", "old key"), ("old_key_sts", "STS"),
                           ("new_key", "new key"), ("verified_after", "provider now says"),
                           ("iam_user", "user")):
            if ev.get(key):
                parts.append(f"{label}: {ev[key]}")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, object]:
        d: dict[str, object] = {"rule": self.rule, "file": self.file, "line": self.line,
                                "verdict": self.verdict}
        if self.commit:
            d["commit"] = self.commit
        if self.note:
            d["note"] = self.note
        if self.digest:
            d["digest"] = self.digest
        if self.evidence:
            d["evidence"] = dict(self.evidence)
        if self.verification:
            d["verification"] = self.verification
        return d


@dataclass
class Baseline:
    """An in-memory baseline; :meth:`dumps` gives the canonical, stable file text."""

    entries: dict[str, Entry]
    scope: str = "files"
    #: fingerprints are scheme v1 (a version 1 file): match through the legacy fingerprint
    legacy: bool = False
    #: the directory entries' paths are relative to (where the file was loaded from);
    #: None for a baseline built in memory (then every unmatched entry may have moved)
    root: Path | None = None

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
        b = cls.from_json(raw, str(p))
        b.root = p.resolve().parent
        return b

    @classmethod
    def from_json(cls, raw: object, where: str = "<baseline>") -> Baseline:
        if not isinstance(raw, dict) or not isinstance(raw.get("findings"), dict):
            raise UsageError(f"{where}: not a credscan baseline (no 'findings' object)")
        version = raw.get("version", FORMAT_VERSION)
        if not isinstance(version, int) or isinstance(version, bool) or not (
                1 <= version <= FORMAT_VERSION):
            raise UsageError(f"{where}: unsupported baseline version {version!r}")
        if version >= 2:
            _check_scheme(raw.get("fingerprints", fp_scheme()), where)
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
                digest=str(e["digest"]) if e.get("digest") and version >= 2 else None,
                evidence=_evidence(e.get("evidence"), where, fp),
                verification=str(e["verification"]) if e.get("verification") else None,
            )
        return cls(entries, scope, legacy=version < 2)

    def dumps(self) -> str:
        """Canonical text: sorted by fingerprint, one entry per line, no timestamps."""
        lines = ["{", f'  "version": {FORMAT_VERSION},', '  "tool": "credscan",',
                 f'  "fingerprints": {json.dumps(fp_scheme())},',
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
        """Write the baseline (0600: it says where secrets live); False if unchanged.

        Atomic and link-refusing (:func:`scanner.fsio.atomic_write`): a failure leaves the
        old file whole, and a ``.credscan-baseline.json`` committed as a symbolic link is
        refused rather than followed. File names that are not UTF-8 are kept as JSON
        escapes (``\\udcff``), so writing never fails half-way.
        """
        data = self.dumps().encode("utf-8", "backslashreplace")
        p = Path(path)
        try:
            if not p.is_symlink() and p.read_bytes() == data:
                return False
        except OSError:
            pass
        atomic_write(p, data)
        return True

    # -- queries and updates --------------------------------------------------------------

    def _moved(self, e: Entry) -> bool:
        """May ``e``'s secret now live under another path? Yes when its own file is gone
        (history baselines: their paths are the introducing commits', always)."""
        if self.root is None or self.scope == "history":
            return True
        return not (self.root / e.file).exists()

    def _by_secret(self, matched: Iterable[str] = ()) -> dict[tuple[str, str], Entry]:
        """Entries that may have moved, by (rule, digest); ``matched``: fingerprints some
        current finding has, so their entries have not moved."""
        skip = set(matched)
        out: dict[tuple[str, str], Entry] = {}
        for e in sorted(self.entries.values(), key=lambda e: e.fingerprint):
            if e.digest and e.fingerprint not in skip and self._moved(e):
                out.setdefault((e.rule, e.digest), e)
        return out

    def entry_for(self, f: Finding,
                  by_secret: dict[tuple[str, str], Entry] | None = None) -> Entry | None:
        """The entry matching ``f``: by its fingerprint (or its v1 one in a legacy file),
        else, when the file was renamed or moved, an entry for the same rule and secret
        (``by_secret``: a prebuilt index, for loops)."""
        e = self.entries.get(f.fingerprint)
        if e is None and self.legacy and f.secret:
            e = self.entries.get(legacy_fingerprint(f.rule_id, f.file, f.secret))
        if e is not None or not f.secret:
            return e
        index = by_secret if by_secret is not None else self._by_secret()
        if not index:
            return None
        return index.get((f.rule_id, secret_id(f.secret)))

    def hides(self, f: Finding,
              by_secret: dict[tuple[str, str], Entry] | None = None) -> bool:
        """True if this finding is accepted (untriaged, false positive or rotated)."""
        e = self.entry_for(f, by_secret)
        return e is not None and e.verdict in HIDDEN_VERDICTS

    def migrate(self, findings: Iterable[Finding]) -> int:
        """Re-key v1 entries by the current fingerprints of ``findings`` (verdicts kept)."""
        if not self.legacy:
            return 0
        moved = 0
        for f in findings:
            old = legacy_fingerprint(f.rule_id, f.file, f.secret) if f.secret else ""
            e = self.entries.get(old)
            if e is not None and f.fingerprint and f.fingerprint not in self.entries:
                del self.entries[old]
                self.entries[f.fingerprint] = replace(e, fingerprint=f.fingerprint)
                moved += 1
        self.legacy = False
        return moved

    def update(self, findings: Iterable[Finding]) -> tuple[int, int, int, int]:
        """Add new findings, drop entries nothing matches; existing ones stay untouched,
        and an entry whose secret is now found under another path (its own file gone)
        moves there with its verdict (a rename is not one added and one removed).

        Returns ``(added, removed, kept, moved)``; ``kept`` counts the moved ones.
        """
        findings = list(findings)
        self.migrate(findings)
        current: dict[str, Finding] = {}
        for f in sorted(findings, key=Finding.sort_key):
            if f.fingerprint:
                current.setdefault(f.fingerprint, f)
        stale = self._by_secret(current)
        moved = 0
        for fp, f in current.items():
            if fp in self.entries:
                e = self.entries[fp]
                if e.digest is None and f.secret:  # written before digests: fill it in once
                    self.entries[fp] = replace(e, digest=secret_id(f.secret))
                continue
            old = stale.pop((f.rule_id, secret_id(f.secret)), None) if stale and f.secret \
                else None
            if old is not None:
                del self.entries[old.fingerprint]
                self.entries[fp] = replace(old, fingerprint=fp, file=f.file, line=f.line)
                moved += 1
        removed = [fp for fp in self.entries if fp not in current]
        for fp in removed:
            del self.entries[fp]
        added = 0
        for fp, f in current.items():
            if fp not in self.entries:
                self.entries[fp] = Entry.from_finding(f)
                added += 1
            elif f.verification is not None:  # a verified run refreshes the last answer
                self.entries[fp] = replace(self.entries[fp],
                                           verification=f.verification.status)
        return added, len(removed), len(self.entries) - added, moved

    def set_verdict(self, fingerprint: str, verdict: str, finding: Finding | None = None,
                    note: str | None = None) -> Entry:
        """Record a verdict; an unknown fingerprint needs the finding to create the entry."""
        verdict = parse_verdict(verdict)
        e = self.entries.get(fingerprint)
        if e is None and finding is not None:
            e = self.entry_for(finding)
            if e is not None:  # the same secret under its old path (or v1 id): it moves here
                del self.entries[e.fingerprint]
                e = replace(e, fingerprint=fingerprint, file=finding.file, line=finding.line)
        if e is None:
            if finding is None:
                raise UsageError(f"fingerprint {fingerprint!r} is not in the baseline and "
                                 "no current finding has it")
            e = Entry.from_finding(finding)
        e = replace(e, verdict=verdict, note=note if note is not None else e.note)
        self.entries[fingerprint] = e
        return e


def _evidence(raw: object, where: str, fp: str) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise UsageError(f"{where}: finding {fp!r}: 'evidence' is not an object")
    return tuple(sorted((str(k), str(v)) for k, v in raw.items()))


def record_evidence(baseline: Baseline, verdict: str, evidence: dict[str, str],
                    fingerprints: Iterable[str] = (), findings: Iterable[Finding] = (),
                    note: str | None = None) -> list[Entry]:
    """Set ``verdict`` with ``evidence`` on existing entries and on new findings."""
    verdict = parse_verdict(verdict)
    ev = tuple(sorted(evidence.items()))
    by_fp = {f.fingerprint: f for f in findings if f.fingerprint}
    done: list[Entry] = []
    for fp in sorted(set(fingerprints) | set(by_fp)):
        if fp not in baseline.entries and fp not in by_fp:
            continue
        e = baseline.set_verdict(fp, verdict, finding=by_fp.get(fp), note=note)
        e = replace(e, evidence=ev)
        baseline.entries[fp] = e
        done.append(e)
    return done


def _check_scheme(recorded: object, where: str) -> None:
    """Refuse a baseline whose fingerprints this process cannot reproduce (key mismatch)."""
    current = fp_scheme()
    if not isinstance(recorded, str) or recorded == current:
        return
    if "+key:" in recorded and "+key:" not in current:
        raise UsageError(f"{where}: made with fingerprint key {recorded.split(':', 1)[1]}; "
                         "set CREDSCAN_FINGERPRINT_KEY (or its key file) to that key")
    if "+key:" in current and "+key:" not in recorded:
        raise UsageError(f"{where}: made without a fingerprint key, but one is set here; "
                         "unset CREDSCAN_FINGERPRINT_KEY or recreate the baseline")
    if "+key:" in recorded:
        raise UsageError(f"{where}: made with fingerprint key {recorded.split(':', 1)[1]}, "
                         f"not this machine's key {current.split(':', 1)[1]}")
    raise UsageError(f"{where}: unknown fingerprint scheme {recorded!r}")


def filter_result(result: ScanResult, baseline: Baseline) -> tuple[ScanResult, int]:
    """Drop the findings the baseline accepts (also under a new path, see
    :meth:`Baseline.entry_for`); returns the new result and how many."""
    index = baseline._by_secret(f.fingerprint for f in result.findings)
    kept = [f for f in result.findings if not baseline.hides(f, index)]
    hidden = len(result.findings) - len(kept)
    notes = list(result.notes)
    proven: dict[str, list[str]] = {}
    for f in result.findings:  # say what proves a hidden leak dead (rotated, revoked)
        e = baseline.entry_for(f)
        if e is not None and e.evidence and baseline.hides(f):
            proven.setdefault(e.evidence_text(), []).append(f"{f.file}:{f.line}")
    for text, places in sorted(proven.items()):
        more = f" and {len(places) - 3} more" if len(places) > 3 else ""
        notes.append(f"accepted in the baseline, proven: {', '.join(sorted(places)[:3])}"
                     f"{more}: {text}")
    return replace(result, findings=kept, errors=list(result.errors), notes=notes), hidden


def resolve_fingerprint(prefix: str, candidates: Iterable[str]) -> str:
    """Expand a unique fingerprint prefix (at least :data:`MIN_PREFIX` characters), as git
    does for SHAs; returns ``prefix`` itself when nothing starts with it."""
    cands = set(candidates)
    p = prefix.strip().lower()
    if p in cands:
        return p
    if len(p) < MIN_PREFIX:
        raise UsageError(f"fingerprint {prefix!r} is too short: give at least {MIN_PREFIX} "
                         "characters of the fingerprint a report shows")
    hits = sorted(c for c in cands if c.startswith(p))
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise UsageError(f"fingerprint prefix {prefix!r} is ambiguous ({len(hits)} matches): "
                         "give more characters")
    return p
