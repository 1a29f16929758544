"""What a git hook prints: the report when there are findings, one summary line, and the
ways out when it blocks. Shared by ``credscan staged`` and ``credscan pre-push``.

Free of click on the clean path (see :mod:`scanner.cli.entry`): the report machinery is
imported only when there is something to report."""

from __future__ import annotations

import sys
from typing import Any

from scanner.cli.requests import Output
from scanner.models import ScanResult


def say(message: str) -> None:
    """One line on stderr (what ``click.echo(..., err=True)`` does for plain text)."""
    try:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed stderr must not turn a verdict into a traceback
        pass

FAILED = ("credscan: could not scan the {what}: {msg}\n"
          "credscan: {verb} blocked (fail closed); fix the problem, or bypass once with: "
          "git {verb} --no-verify")


def fail_closed(what: str, verb: str, exc: BaseException) -> int:
    """Block with a one-line reason when the scan itself failed."""
    from scanner.errors import CredscanError

    msg = str(exc) if isinstance(exc, CredscanError) else \
        f"internal error: {type(exc).__name__}: {exc}"
    say(FAILED.format(what=what, verb=verb, msg=msg))
    return 2


def emit_for_hook(result: ScanResult, out: Output, command: str, config: object,
                  summary: str, ways_out: str, verify: Any = None) -> int:
    """Report like every scan, but on stderr say what was scanned and, if blocking, how to
    get unblocked; a clean text run prints the summary line only. ``verify`` (a
    :class:`~scanner.cli.requests.VerifyRequest`) may make only live keys block."""
    strict = out.is_strict(True)
    if out.fmt == "text" and out.output is None and not result.findings and not result.errors:
        if not out.quiet:
            hidden = f" ({result.baselined} accepted in the baseline)" if result.baselined else ""
            say(summary + ": no secrets" + hidden + ".")
        return 0
    from scanner.cli.options import emit, report_options

    opts = report_options(command, out, config, quiet=True)
    code = emit(result, out, opts, strict)
    if verify is not None:
        code = verify.exit_code(code, result)
    if not out.quiet:
        say(summary + ".")
    if code == 2:
        say("credscan: blocked: some files could not be read (see the errors above; "
            "--no-strict accepts a partial scan)")
    if code == 1:
        n = (verify.live(result) if verify is not None and verify.fail_on_live
             else len(result.at_or_above(opts.threshold)))
        say(ways_out.format(n=n, s="" if n == 1 else "s"))
    sys.stdout.flush()
    return code
