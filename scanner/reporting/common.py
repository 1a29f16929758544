"""Helpers shared by reporters: grouping, human sizes, the tool's identity, timestamps."""

from __future__ import annotations

import datetime as _dt
from collections import OrderedDict
from collections.abc import Iterable

from scanner import __version__
from scanner.models import Finding, ScanResult
from scanner.reporting import ReportOptions

TOOL_NAME = "credscan"
TOOL_VERSION = __version__
INFO_URI = "https://github.com/credscan/credscan"


#: characters of a fingerprint the reports show; ``audit --set`` accepts any unique prefix of
#: at least ``scanner.baseline.MIN_PREFIX`` (6) characters
SHORT_FINGERPRINT = 10


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 line``, ``2 lines`` (``many`` for irregular words: ``entry``/``entries``)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def short_fingerprint(f: Finding) -> str:
    return f.fingerprint[:SHORT_FINGERPRINT]


def sorted_findings(result: ScanResult) -> list[Finding]:
    return sorted(result.findings, key=Finding.sort_key)


def by_file(findings: Iterable[Finding]) -> OrderedDict[str, list[Finding]]:
    groups: OrderedDict[str, list[Finding]] = OrderedDict()
    for f in sorted(findings, key=Finding.sort_key):
        groups.setdefault(f.file, []).append(f)
    return groups


def by_rule(findings: Iterable[Finding]) -> OrderedDict[str, list[Finding]]:
    groups: OrderedDict[str, list[Finding]] = OrderedDict()
    for f in sorted(findings, key=lambda f: (f.rule_id, *f.sort_key())):
        groups.setdefault(f.rule_id, []).append(f)
    return groups


def shown_secret(f: Finding, opts: ReportOptions) -> str:
    """The value as the report may show it (already redacted unless --show-secrets)."""
    return f.secret


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def scan_times(result: ScanResult, opts: ReportOptions) -> tuple[str, str]:
    """Start and end of the scan as ISO 8601 UTC (from the options, else now - duration)."""
    end = opts.finished_at or now_iso()
    if opts.started_at:
        return opts.started_at, end
    try:
        end_dt = _dt.datetime.fromisoformat(end)
    except ValueError:
        end_dt = _dt.datetime.now(_dt.timezone.utc)
    start_dt = end_dt - _dt.timedelta(seconds=max(0.0, result.stats.seconds))
    return start_dt.replace(microsecond=0).isoformat(), end


def is_history(result: ScanResult, opts: ReportOptions) -> bool:
    return opts.command in {"history", "pre-push", "ci"} or any(
        f.commit is not None for f in result.findings)
