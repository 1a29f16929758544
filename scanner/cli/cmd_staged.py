"""``credscan staged``: the pre-commit hook. Scans exactly what the next commit adds.

Kept light: no rich, no GitPython on the clean path; one short summary line on stderr. It
fails closed: any error blocks the commit with the one-off bypass spelled out.
"""

from __future__ import annotations

from pathlib import Path

import click

from scanner.cli.hookout import emit_for_hook
from scanner.cli.options import output_options, report_options

WAYS_OUT = """\
credscan: commit blocked: the staged changes add {n} secret{s}.
  Ways out:
  - remove it from the file (read it from the environment or a secret manager), `git add` again;
  - an AWS key: `credscan move-keys` moves it to ~/.aws/config and fixes the code;
  - a false positive: append `credscan:allow` to the line (or put `credscan:allow-next-line`
    on the line above), or add an allowlist entry to .credscan.toml;
  - bypass once (the secret will be committed): git commit --no-verify"""

FAILED = ("credscan: could not scan the staged changes: {msg}\n"
          "credscan: commit blocked (fail closed); fix the problem, or bypass once with: "
          "git commit --no-verify")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@click.command("staged")
@click.option("--amend/--no-amend", default=None,
              help="Compare with HEAD's parents, as `git commit --amend` will "
                   "[default: detected from the calling git command].")
@click.option("-C", "--repo", "repo", default=".", type=click.Path(file_okay=False),
              help="Repository (default: current directory).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: .credscan.toml or pyproject.toml at the root).")
@output_options
def command(amend: bool | None, repo: str, config_file: str | None, fmt: str,
            output: str | None, show_secrets: bool, threshold: str | None,
            baseline: str | None, quiet: bool) -> int:
    """Scan the lines the next commit adds (index vs HEAD); exit 1 to block the commit."""
    from scanner.config.load import load_config
    from scanner.errors import CredscanError
    from scanner.sources.git.staged import scan_staged

    try:
        config = load_config(Path(repo), Path(config_file) if config_file else None)
        scan = scan_staged(repo, config=config, amend=amend)
    except CredscanError as exc:
        click.echo(FAILED.format(msg=exc), err=True)
        return 2
    except Exception as exc:  # noqa: BLE001 - fail closed with a message, never a traceback
        click.echo(FAILED.format(msg=f"internal error: {type(exc).__name__}: {exc}"), err=True)
        return 2
    result = scan.result
    opts = report_options("staged", show_secrets=show_secrets, threshold=threshold,
                          baseline=baseline, quiet=quiet, config=config)
    summary = (f"credscan: scanned {_plural(scan.files, 'staged file')}, "
               f"{_plural(scan.lines, 'added line')}")
    return emit_for_hook(result, fmt, opts, output, summary, WAYS_OUT)
