"""Plain data shared by every stage: findings, commit metadata, scan statistics.

Everything here is a frozen, picklable dataclass so that a unit of work (a file set,
a commit range) can run in another process or on a Dask/Ray worker and its result
can be merged back with :meth:`ScanResult.merge`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
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


#: Verification statuses, in the order a report ranks them.
VERIFY_STATUSES = ("live", "invalid", "unknown", "skipped")


@dataclass(frozen=True, slots=True)
class Verification:
    """What the provider said about a finding's credential (``--verify``).

    ``status`` is ``live`` (the provider accepted it; ``identity`` says as whom),
    ``invalid`` (rejected: revoked, deleted, deactivated or never valid), ``unknown`` (no
    verifier, network error, rate limited) or ``skipped`` (not owned, so never sent).
    """

    status: str
    identity: str | None = None
    detail: str = ""

    @property
    def live(self) -> bool:
        return self.status == "live"

    def as_dict(self) -> dict[str, str | None]:
        return {"status": self.status, "identity": self.identity, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Finding:
    """One secret at one place.

    ``secret`` holds the raw value in memory only; reporters must go through
    :func:`scanner.redact.redact` unless the user asked for ``--show-secrets``.
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
    redacted: str = field(default="", repr=False)
    #: where to revoke or rotate this kind of credential (the rule's documentation URL)
    revoke: str | None = None
    verification: Verification | None = None

    @property
    def extras(self) -> dict[str, str]:
        return dict(self.extra)

    def with_(self, **changes: object) -> Finding:
        return replace(self, **changes)  # type: ignore[arg-type]

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.rule_id)


#: ``Fragment.kind`` values: a whole file version (or a piece of one), only the lines a change
#: adds, a commit message, or the printable runs of a binary-looking file.
FRAGMENT_KINDS = ("file", "added", "message", "binary")


@dataclass(slots=True, eq=False)
class Fragment:
    """Text to scan with its coordinates: the whole contract between sources and the engine.

    ``text`` is one file version (or a piece of a large one), or the lines a change adds to
    one file, or a commit message. Its first line is line ``first_line`` of the file; when the
    text skips lines of the file (the added lines of several hunks), ``segments`` lists
    ``(index of a line in text, its line number in the file)`` for every place numbering
    jumps. ``only_lines`` restricts findings to those file lines (a staged file scanned
    whole for context, reported only where the commit adds). ``line_of`` lets the engine read
    a line of the same file version that is not in ``text`` (an allow marker above an added
    line); sources supply it lazily, so it costs nothing unless a finding needs it.
    """

    text: bytes
    path: str
    rel: str = ""
    first_line: int = 1
    segments: tuple[tuple[int, int], ...] = ()
    commit: CommitInfo | None = None
    kind: str = "file"
    only_lines: frozenset[int] | None = None
    line_of: Callable[[int], bytes | None] | None = field(default=None, repr=False)

    @property
    def key_path(self) -> str:
        """The path that allowlists, file-name rules and fingerprints see."""
        return self.rel or self.path


@dataclass(frozen=True, slots=True)
class Dropped:
    """A candidate the engine did not report, and why (``--explain``)."""

    rule_id: str
    file: str
    line: int
    secret: str = field(repr=False)
    reason: str
    commit: str | None = None


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
    dropped: list[Dropped] = field(default_factory=list)
    self_allowed: list[Dropped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    baselined: int = 0

    @classmethod
    def merge(cls, results: Iterable[ScanResult]) -> ScanResult:
        out = cls()
        for r in results:
            out.findings.extend(r.findings)
            out.stats.add(r.stats)
            out.errors.extend(r.errors)
            out.dropped.extend(r.dropped)
            out.self_allowed.extend(r.self_allowed)
            out.notes.extend(n for n in r.notes if n not in out.notes)
            out.baselined += r.baselined
        out.findings.sort(key=Finding.sort_key)
        return out

    def at_or_above(self, threshold: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= threshold.rank]
