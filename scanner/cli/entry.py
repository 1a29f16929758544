"""The console-script entry point: the pre-commit hook's plain form skips the option parser.

``credscan staged FILE...`` (no options: what the pre-commit framework and the installed
git hook run on every commit) goes straight to :func:`scanner.cli.staged_run.run_staged`
with the defaults the click command would have given it; everything else, including any
option or ``--help``, goes through :mod:`scanner.cli.main`. The two paths run the same
code after parsing (tests compare them).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def plain_staged(args: Sequence[str]) -> list[str] | None:
    """The file names of ``staged FILE...`` without options, else None (click parses)."""
    if not args or args[0] != "staged":
        return None
    rest = list(args[1:])
    if any(a.startswith("-") for a in rest):
        return None  # an option, "--" or "-": the parser's business
    return rest


def main(argv: Sequence[str] | None = None) -> int:
    """Run credscan with ``argv`` (default: the process's arguments); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    files = plain_staged(args)
    if files is None:
        from scanner.cli.main import main as click_main

        return click_main(args)
    import gc

    # imports and the rule set allocate tens of thousands of objects and free none: the
    # collector's passes over them are wasted (about 4% of a commit-time run); run_staged
    # turns it back on once the scanner is built, before any text is scanned
    gc.disable()
    try:
        from scanner.cli.staged_run import run_staged

        return run_staged(files)
    except KeyboardInterrupt:
        sys.stderr.write("credscan: interrupted\n")
        return 2
    except BrokenPipeError:
        return 2
    except Exception as exc:  # noqa: BLE001 - as scanner.cli.main: never a traceback
        sys.stderr.write(f"credscan: internal error: {type(exc).__name__}: {exc}\n")
        return 2
    finally:
        gc.enable()  # also when run_staged failed before it turned the collector back on


def entry() -> None:
    """Console-script entry point."""
    exit_fast(main())


def exit_fast(code: int) -> None:
    """Exit without the interpreter's teardown when nothing is left to finish: freeing every
    module, the compiled rules and the prefilter database took 20-40 ms after the work was
    done (2-3% of a 5,000-commit history audit). Output is flushed first; with another
    thread or a child process still running, the exit is the normal one."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    th, mp = sys.modules.get("threading"), sys.modules.get("multiprocessing")
    if (th is not None and th.active_count() > 1) or (mp is not None and mp.active_children()):
        sys.exit(code)
    os._exit(code)
