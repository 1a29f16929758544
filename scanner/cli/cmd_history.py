"""``credscan history``: audit every commit of a repository (or a selection of them)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from scanner.cli.options import emit, output_options, report_options


def _progress(enabled: bool) -> tuple[Any, Any]:
    """A rich progress bar on stderr (commits, MB/s), or nothing."""
    if not enabled:
        return None, None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(TextColumn("history"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("commits  {task.fields[rate]}"), TimeElapsedColumn(),
                   console=Console(stderr=True), transient=True,
                   auto_refresh=False)  # no refresh thread: workers are forked
    task = bar.add_task("scan", total=None, rate="")
    import time

    t0 = time.perf_counter()

    def update(done: int, total: int, nbytes: int) -> None:
        dt = max(time.perf_counter() - t0, 1e-6)
        bar.update(task, completed=done, total=total, rate=f"{nbytes / dt / 1e6:.1f} MB/s")
        bar.refresh()

    return bar, update


@click.command("history")
@click.argument("args", nargs=-1, metavar="[REPO] [RANGE]")
@click.option("-b", "--branch", "branches", multiple=True,
              help="Only commits reachable from this branch/ref (repeatable).")
@click.option("--since", default=None, help="Only commits newer than this date.")
@click.option("--until", default=None, help="Only commits older than this date.")
@click.option("--max-commits", type=click.IntRange(min=1), default=None,
              help="At most this many commits (newest first).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--no-messages", is_flag=True, help="Do not scan commit messages.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: .credscan.toml or pyproject.toml at the root).")
@output_options
def command(args: tuple[str, ...], branches: tuple[str, ...], since: str | None,
            until: str | None, max_commits: int | None, jobs: int | None, no_messages: bool,
            config_file: str | None, fmt: str, output: str | None, show_secrets: bool,
            threshold: str | None, baseline: str | None, quiet: bool) -> int:
    """Audit commits reachable from every ref (branches, tags, remotes, stash).

    REPO defaults to the current directory; RANGE (e.g. v1.0..main) narrows the audit.
    """
    from scanner.config.load import load_config
    from scanner.errors import UsageError
    from scanner.sources.git.history import Selection, scan_history

    repo = "."
    revs: list[str] = []
    for i, a in enumerate(args):
        if i == 0 and os.path.isdir(a):
            repo = a
        else:
            revs.append(a)
    if len(args) > 2:
        raise UsageError("expected at most a repository and a revision range")
    config = load_config(Path(repo), Path(config_file) if config_file else None)
    sel = Selection(revs=tuple(revs), branches=branches, since=since, until=until,
                    max_commits=max_commits)
    show = not quiet and sys.stderr.isatty()
    bar, update = _progress(show)
    if bar is not None:
        with bar:
            result = scan_history(repo, sel, config=config, jobs=jobs,
                                  messages=not no_messages, progress=update)
    else:
        result = scan_history(repo, sel, config=config, jobs=jobs, messages=not no_messages)
    opts = report_options("history", show_secrets=show_secrets, threshold=threshold,
                          baseline=baseline, quiet=quiet, config=config)
    return emit(result, fmt, opts, output)
