"""``credscan scan``: files, directories or stdin."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scanner.cli.options import emit, output_options, report_options


@click.command("scan")
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--no-ignore", is_flag=True, help="Do not honour .gitignore inside git work trees.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: .credscan.toml or pyproject.toml at the root).")
@output_options
def command(paths: tuple[str, ...], no_ignore: bool, jobs: int | None, config_file: str | None,
            fmt: str, output: str | None, show_secrets: bool, threshold: str | None,
            baseline: str | None, quiet: bool) -> int:
    """Scan PATHS (files or directories; '-' for stdin; default '.')."""
    from scanner import api
    from scanner.config.load import load_config
    from scanner.errors import UsageError
    from scanner.models import ScanResult

    targets = list(paths) or ["."]
    if "-" in targets and len(targets) > 1:
        raise UsageError("'-' (stdin) cannot be combined with other paths")
    start = Path.cwd() if targets[0] == "-" else Path(targets[0])
    config = load_config(start if start.exists() else Path.cwd(),
                         Path(config_file) if config_file else None)
    if targets == ["-"]:
        data = sys.stdin.buffer.read()
        result = ScanResult()
        result.findings = api.get_scanner(config).scan_bytes(data, "<stdin>")
        result.stats.files = 1
        result.stats.bytes = len(data)
        result.stats.lines = data.count(b"\n")
    else:
        result = api.scan_paths(targets, config=config, jobs=jobs, no_ignore=no_ignore)
    opts = report_options("scan", show_secrets=show_secrets, threshold=threshold,
                          baseline=baseline, quiet=quiet, config=config)
    return emit(result, fmt, opts, output)
