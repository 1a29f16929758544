"""What a git hook prints: one summary line, the report when there are findings, and the
ways out when it blocks. Shared by ``credscan staged`` and ``credscan pre-push``."""

from __future__ import annotations

import sys

import click

from scanner.cli.options import emit
from scanner.models import ScanResult
from scanner.reporting import ReportOptions


def emit_for_hook(result: ScanResult, fmt: str, opts: ReportOptions, output: str | None,
                  summary: str, ways_out: str) -> int:
    """Report like every scan, but on stderr say what was scanned and, if blocking, how
    to get unblocked; a clean text run prints the summary line only."""
    if fmt == "text" and output is None and not result.findings:
        if not opts.quiet:
            click.echo(summary + ": no secrets.", err=True)
        return 0
    code = emit(result, fmt, opts, output)
    if not opts.quiet:
        click.echo(summary + ".", err=True)
    if code == 1:
        n = len(result.at_or_above(opts.threshold))
        click.echo(ways_out.format(n=n, s="" if n == 1 else "s"), err=True)
    sys.stdout.flush()
    return code
