"""The ``credscan`` command: a thin click layer over the library API.

Sub-commands live in their own modules and are imported only when invoked, so that
``credscan staged`` in a pre-commit hook does not pay for importing everything.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Sequence
from typing import Any

import click

from scanner import __version__
from scanner.errors import CredscanError

#: command name -> module defining ``command`` (a click.Command).
COMMANDS: dict[str, tuple[str, str]] = {
    "scan": ("scanner.cli.cmd_scan", "Scan files, directories or stdin ('-')."),
    "staged": ("scanner.cli.cmd_staged", "Scan what the next commit adds (pre-commit hook)."),
    "history": ("scanner.cli.cmd_history", "Audit every commit of a repository."),
    "pre-push": ("scanner.cli.cmd_prepush", "Scan the commits a push sends (pre-push hook)."),
    "install": ("scanner.cli.cmd_install", "Install credscan git hooks."),
    "uninstall": ("scanner.cli.cmd_install", "Remove what 'credscan install' did."),
    "move-keys": ("scanner.cli.cmd_movekeys", "Move found AWS keys into ~/.aws and out of code."),
    "baseline": ("scanner.cli.cmd_baseline", "Create, update or import a findings baseline."),
    "audit": ("scanner.cli.cmd_audit", "Triage baseline findings (real / false positive)."),
    "config": ("scanner.cli.cmd_config", "Show the effective configuration."),
    "ci": ("scanner.cli.cmd_ci", "Scan what a CI push or merge request adds."),
    "rules": ("scanner.cli.cmd_rules", "List the rules in effect."),
    "fleet": ("scanner.cli.cmd_fleet", "Audit the history of many repositories on Dask."),
    "rotate": ("scanner.cli.cmd_rotate", "Rotate a leaked AWS key and prove the old one dead."),
    "revoke": ("scanner.cli.cmd_revoke", "Revoke leaked tokens whose provider allows it."),
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, (mod, _) in COMMANDS.items() if _available(mod))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module = importlib.import_module(entry[0])
        attr = "command" if cmd_name != "uninstall" else "uninstall_command"
        cmd = getattr(module, attr, None)
        return cmd if isinstance(cmd, click.Command) else None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(n, h) for n, (m, h) in sorted(COMMANDS.items()) if _available(m)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _available(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="credscan")
def cli() -> None:
    """credscan: find leaked secrets before they leave your machine, and fix AWS ones."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code: 0 clean, 1 findings, 2 error."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        rv: Any = cli.main(args=args, prog_name="credscan", standalone_mode=False)
    except CredscanError as exc:
        click.echo(f"credscan: error: {exc}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("credscan: aborted", err=True)
        return 2
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"credscan: error: {exc.format_message()}", err=True)
        return 2
    except KeyboardInterrupt:
        click.echo("credscan: interrupted", err=True)
        return 2
    except BrokenPipeError:
        return 2
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"credscan: error: {exc.strerror or exc}{where}", err=True)
        return 2
    except Exception as exc:  # noqa: BLE001 - the contract is: never a traceback
        click.echo(f"credscan: internal error: {type(exc).__name__}: {exc}", err=True)
        return 2
    return int(rv or 0)


def entry() -> None:
    """Console-script entry point (through click for every form; see :mod:`scanner.cli.entry`)."""
    from scanner.cli.entry import exit_fast

    exit_fast(main())
