"""``credscan pre-push``: the pre-push hook. Scans exactly the commits being pushed."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from scanner.cli.hookout import emit_for_hook
from scanner.cli.options import output_options, report_options

WAYS_OUT = """\
credscan: push blocked: the pushed commits add {n} secret{s}.
  Ways out:
  - rewrite the commits that add it (`git rebase -i`, `git commit --amend`), then push again;
    if it was ever pushed anywhere, rotate the key: history is public once pushed;
  - an AWS key: `credscan move-keys` moves it to ~/.aws/credentials and fixes the code;
  - a false positive: `credscan:allow` on the line, or an allowlist entry in .credscan.toml;
  - bypass once: git push --no-verify"""

FAILED = ("credscan: could not scan the pushed commits: {msg}\n"
          "credscan: push blocked (fail closed); fix the problem, or bypass once with: "
          "git push --no-verify")


def _updates(parse: Any) -> list[Any]:
    """git's stdin lines; under the pre-commit framework, its PRE_COMMIT_* variables."""
    from scanner.sources.git.prepush import PushUpdate, framework_update

    lines = [] if sys.stdin is None or sys.stdin.isatty() else sys.stdin.read().splitlines()
    updates: list[PushUpdate] = parse(lines)
    if not updates:
        fw = framework_update(dict(os.environ))
        if fw is not None:
            updates = [fw]
    return updates


@click.command("pre-push")
@click.argument("remote", required=False)
@click.argument("url", required=False)
@click.option("-C", "--repo", "repo", default=".", type=click.Path(file_okay=False),
              help="Repository (default: current directory).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: .credscan.toml or pyproject.toml at the root).")
@output_options
def command(remote: str | None, url: str | None, repo: str, config_file: str | None, fmt: str,
            output: str | None, show_secrets: bool, threshold: str | None,
            baseline: str | None, quiet: bool) -> int:
    """Read git's pre-push input on stdin and scan the commits it sends."""
    from scanner.config.load import load_config
    from scanner.errors import CredscanError
    from scanner.sources.git.history import scan_history
    from scanner.sources.git.prepush import commits_to_scan, parse_updates

    try:
        config = load_config(Path(repo), Path(config_file) if config_file else None)
        shas = commits_to_scan(repo, _updates(parse_updates))
        result = scan_history(repo, config=config, shas=shas, head_check=False)
    except CredscanError as exc:
        click.echo(FAILED.format(msg=exc), err=True)
        return 2
    except Exception as exc:  # noqa: BLE001 - fail closed with a message, never a traceback
        click.echo(FAILED.format(msg=f"internal error: {type(exc).__name__}: {exc}"), err=True)
        return 2
    opts = report_options("pre-push", show_secrets=show_secrets, threshold=threshold,
                          baseline=baseline, quiet=quiet, config=config)
    s = result.stats
    summary = f"credscan: scanned {s.commits} pushed commit{'s' if s.commits != 1 else ''}"
    return emit_for_hook(result, fmt, opts, output, summary, WAYS_OUT)
