"""Plain data shared by every stage: findings, commit metadata, scan statistics.

Everything here is a frozen, picklable dataclass so that a unit of work (a file set,
a commit range) can run in another process or on a Dask/Ray worker and its result
can be merged back with :meth:`ScanResult.merge`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field, replace


class Severity(str, enum.Enum):
    """Ordered severities; the failure threshold compares on :attr:`rank`."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.strip().lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None


_RANKS = {Severity.INFO: 0, Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3,
          Severity.CRITICAL: 4}

DEFAULT_THRESHOLD = Severity.MEDIUM


@dataclass(frozen=True, slots=True)
class CommitInfo:
    """Who introduced a finding, for history and pre-push scans."""

    sha: str
    author: str
    email: str
    date: str  # ISO 8601
    subject: str


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A further place where the same secret was seen (history de-duplication)."""

    file: str
    line: int
    commit: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One secret at one place.

    ``secret`` holds the raw value in memory only; reporters must go through
    :func:`scanner.reporting.redact.redact` unless the user asked for ``--show-secrets``.
    """

    rule_id: str
    description: str
    provider: str
    severity: Severity
    file: str
    line: int
    column: int
    end_column: int
    secret: str = field(repr=False)
    fingerprint: str = ""
    line_text: str = field(default="", repr=False)
    group: str | None = None
    extra: tuple[tuple[str, str], ...] = ()
    commit: CommitInfo | None = None
    occurrences: tuple[Occurrence, ...] = ()
    present_at_head: bool | None = None

    @property
    def extras(self) -> dict[str, str]:
        return dict(self.extra)

    def with_(self, **changes: object) -> Finding:
        return replace(self, **changes)  # type: ignore[arg-type]

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.rule_id)


@dataclass(slots=True)
class ScanStats:
    """Counters that add up across units of work."""

    files: int = 0
    bytes: int = 0
    lines: int = 0
    binary_skipped: int = 0
    unreadable: int = 0
    commits: int = 0
    seconds: float = 0.0

    def add(self, other: ScanStats) -> None:
        self.files += other.files
        self.bytes += other.bytes
        self.lines += other.lines
        self.binary_skipped += other.binary_skipped
        self.unreadable += other.unreadable
        self.commits += other.commits
        self.seconds = max(self.seconds, other.seconds)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "files": self.files,
            "bytes": self.bytes,
            "lines": self.lines,
            "binary_skipped": self.binary_skipped,
            "unreadable": self.unreadable,
            "commits": self.commits,
            "seconds": round(self.seconds, 3),
        }


@dataclass(slots=True)
class ScanResult:
    """Findings plus statistics of one unit of work; results of units merge."""

    findings: list[Finding] = field(default_factory=list)
    stats: ScanStats = field(default_factory=ScanStats)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def merge(cls, results: Iterable[ScanResult]) -> ScanResult:
        out = cls()
        for r in results:
            out.findings.extend(r.findings)
            out.stats.add(r.stats)
            out.errors.extend(r.errors)
        out.findings.sort(key=Finding.sort_key)
        return out

    def at_or_above(self, threshold: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= threshold.rank]
