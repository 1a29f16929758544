"""What a git hook prints: the report when there are findings, one summary line, and the
ways out when it blocks. Shared by ``credscan staged`` and ``credscan pre-push``."""

from __future__ import annotations

import sys
from typing import Any

import click

from scanner.cli.options import Output, emit, report_options
from scanner.models import ScanResult

FAILED = ("credscan: could not scan the {what}: {msg}\n"
          "credscan: {verb} blocked (fail closed); fix the problem, or bypass once with: "
          "git {verb} --no-verify")


def fail_closed(what: str, verb: str, exc: BaseException) -> int:
    """Block with a one-line reason when the scan itself failed."""
    from scanner.errors import CredscanError

    msg = str(exc) if isinstance(exc, CredscanError) else \
        f"internal error: {type(exc).__name__}: {exc}"
    click.echo(FAILED.format(what=what, verb=verb, msg=msg), err=True)
    return 2


def emit_for_hook(result: ScanResult, out: Output, command: str, config: object,
                  summary: str, ways_out: str, verify: Any = None) -> int:
    """Report like every scan, but on stderr say what was scanned and, if blocking, how to
    get unblocked; a clean text run prints the summary line only. ``verify`` (a
    :class:`~scanner.cli.verify_options.VerifyRequest`) may make only live keys block."""
    opts = report_options(command, out, config, quiet=True)
    strict = out.is_strict(True)
    if out.fmt == "text" and out.output is None and not result.findings and not result.errors:
        if not out.quiet:
            hidden = f" ({result.baselined} accepted in the baseline)" if result.baselined else ""
            click.echo(summary + ": no secrets" + hidden + ".", err=True)
        return 0
    code = emit(result, out, opts, strict)
    if verify is not None:
        code = verify.exit_code(code, result)
    if not out.quiet:
        click.echo(summary + ".", err=True)
    if code == 2:
        click.echo("credscan: blocked: some files could not be read (see the errors above; "
                   "--no-strict accepts a partial scan)", err=True)
    if code == 1:
        n = (verify.live(result) if verify is not None and verify.fail_on_live
             else len(result.at_or_above(opts.threshold)))
        click.echo(ways_out.format(n=n, s="" if n == 1 else "s"), err=True)
    sys.stdout.flush()
    return code
