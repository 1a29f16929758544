"""``credscan scan``: files, directories or stdin."""

from __future__ import annotations

from pathlib import Path

import click

from scanner.cli.options import (
    Output,
    config_option,
    emit,
    load,
    output_options,
    report_options,
    with_baseline,
)
from scanner.cli.verify_options import VerifyRequest, verify_options


@click.command("scan")
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--no-ignore", is_flag=True, help="Do not honour .gitignore inside git work trees.")
@click.option("--exclude", "excludes", multiple=True, metavar="GLOB",
              help="Skip paths matching this gitignore-style glob (repeatable).")
@click.option("--no-default-excludes", is_flag=True,
              help="Outside git, also scan virtual environments, node_modules, build output.")
@click.option("--follow-symlinks", is_flag=True,
              help="Follow symbolic links (by default they are not followed).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@config_option
@verify_options
@output_options
def command(paths: tuple[str, ...], no_ignore: bool, excludes: tuple[str, ...],
            no_default_excludes: bool, follow_symlinks: bool, jobs: int | None,
            config_file: str | None, out: Output, verify: VerifyRequest) -> int:
    """Scan PATHS (files or directories; '-' for stdin; default '.')."""
    from scanner import api
    from scanner.errors import UsageError

    targets = list(paths) or ["."]
    if "-" in targets and len(targets) > 1:
        raise UsageError("'-' (stdin) cannot be combined with other paths")
    start = Path.cwd() if targets[0] == "-" else Path(targets[0])
    start = start if start.exists() else Path.cwd()
    config = load(start, config_file)
    if targets == ["-"]:
        result = api.scan_stream(config=config, explain=out.explain)
    else:
        sel = api.Selection(no_ignore=no_ignore, follow_symlinks=follow_symlinks,
                            default_excludes=not no_default_excludes, excludes=excludes)
        result = api.scan_paths(targets, config=config, jobs=jobs, selection=sel,
                                explain=out.explain)
    result = with_baseline(result, start, out)
    result = verify.apply(result, config, repo=config.root)
    return verify.exit_code(emit(result, out, report_options("scan", out, config),
                                 out.is_strict(False)), result)
