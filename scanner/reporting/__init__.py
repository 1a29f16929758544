"""Turning findings into text, JSON, SARIF and the CI formats; always redacted by default.

``render(result, fmt, opts)`` is the single entry point; one module per format, imported
only when that format is asked for (the pre-commit hook pays for text only).
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field

from scanner.errors import UsageError
from scanner.models import DEFAULT_THRESHOLD, ScanResult, Severity

#: format name -> module with ``render(result, opts) -> str``
FORMATS: dict[str, str] = {
    "text": "scanner.reporting.text",
    "json": "scanner.reporting.json_report",
    "sarif": "scanner.reporting.sarif",
    "junit": "scanner.reporting.junit",
    "gitlab": "scanner.reporting.gitlab",
    "github": "scanner.reporting.github",
    "csv": "scanner.reporting.csv_report",
    "html": "scanner.reporting.html",
}


@dataclass(frozen=True)
class ReportOptions:
    """What every reporter needs besides the findings.

    ``baseline`` is the path of a baseline file whose accepted findings :func:`emit
    <scanner.cli.options.emit>` removes before rendering; ``baselined`` is how many it
    removed, so reports can say so. ``started_at``/``finished_at`` are ISO 8601 UTC
    timestamps for formats that record scan times (GitLab); reporters fill in "now" when
    they are empty.
    """

    show_secrets: bool = False
    threshold: Severity = DEFAULT_THRESHOLD
    command: str = "scan"
    color: bool = False
    quiet: bool = False
    baseline: str | None = None
    baselined: int = 0
    started_at: str | None = None
    finished_at: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def render(result: ScanResult, fmt: str, opts: ReportOptions) -> str:
    """Render ``result`` in format ``fmt``; unknown formats are a usage error."""
    module = FORMATS.get(fmt)
    if module is None:
        raise UsageError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
    mod = importlib.import_module(module)
    out: str = mod.render(result, opts)
    return out


def write_private(path: str, text: str) -> None:
    """Write a report with mode 0600 (it may name where secrets live)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", closefd=False) as fh:
            fh.write(text)
    finally:
        os.close(fd)
