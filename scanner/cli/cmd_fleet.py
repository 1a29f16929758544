"""``credscan fleet``: audit the history of many repositories on Dask."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from scanner.cli.options import Output, config_option, load, output_options, report_options


def _progress(enabled: bool) -> tuple[Any, Any]:
    """A rich progress bar on stderr: repositories, commits, MB/s, ETA."""
    if not enabled:
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("fleet"), BarColumn(),
                   TextColumn("{task.fields[repos]} repos  {task.completed}/{task.total} commits"
                              "  {task.fields[rate]}"),
                   TimeRemainingColumn(), console=Console(stderr=True), transient=True)
    task = bar.add_task("fleet", total=None, repos="", rate="")

    def update(p: Any) -> None:
        import time

        dt = max(time.perf_counter() - p.started, 1e-6)
        bar.update(task, completed=p.commits_done, total=max(p.commits_total, 1),
                   repos=f"{p.repos_done}/{p.repos_total}",
                   rate=f"{p.bytes_done / dt / 1e6:.1f} MB/s")

    return bar, update


@click.command("fleet")
@click.argument("targets", nargs=-1, metavar="REPO|URL|LIST...")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Use this Dask scheduler (default: $DASK_SCHEDULER_ADDRESS, else a local "
                   "cluster).")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes of the local cluster (default: all cores).")
@click.option("--state", "state", type=click.Path(dir_okay=False), default=None,
              help="State store (SQLite) [default: in the user's cache directory].")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Where clones are kept [default: the user's cache directory]; with "
                   "--scheduler it must be readable by every worker.")
@click.option("--unit-commits", type=click.IntRange(min=1), default=None,
              help="At most this many commits per unit of work [default: 1000].")
@click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
              help="Times the engine retries a failed task.")
@click.option("--filter", "filter_spec", default=None, metavar="SPEC",
              help="Partial-clone filter for new clones [default: blob:limit=1m]; 'none' "
                   "for full clones.")
@click.option("--no-fetch", is_flag=True, help="Use cached clones as they are.")
@click.option("--clone-resource", default=None, metavar="NAME",
              help="Each clone or fetch needs one unit of this Dask worker resource (start "
                   "workers with --resources NAME=k to bound concurrent clones).")
@click.option("--allow-partial", is_flag=True,
              help="Repositories that could not be audited do not make the exit code 2.")
@config_option
@output_options
def command(targets: tuple[str, ...], scheduler: str | None, workers: int | None,
            state: str | None, cache_dir: str | None, unit_commits: int | None, retries: int,
            filter_spec: str | None, no_fetch: bool, clone_resource: str | None,
            allow_partial: bool, config_file: str | None, out: Output) -> int:
    """Audit the history of many repositories: local paths, file://, https:// or ssh
    clone URLs, or files listing them (one a line, # comments).

    Incremental: a later run with the same --state scans only new commits, and a killed
    run resumes. Exit 2 when a repository could not be audited (unless --allow-partial).
    """
    from scanner.errors import UsageError
    from scanner.fleet import FleetOptions, parse_targets, run_fleet
    from scanner.fleet.cache import DEFAULT_FILTER
    from scanner.fleet.report import FORMATS, apply_baseline, render
    from scanner.fleet.run import DEFAULT_UNIT_COMMITS
    from scanner.reporting import write_private

    if out.fmt not in FORMATS:  # pragma: no cover - every shared format is supported
        raise UsageError(f"credscan fleet reports as {', '.join(FORMATS)}, not {out.fmt}")
    specs = parse_targets(targets)
    config = load(Path.cwd(), config_file)
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    flt = DEFAULT_FILTER if filter_spec is None else (
        None if filter_spec.lower() == "none" else filter_spec)
    bar, update = _progress(not out.quiet and sys.stderr.isatty())
    opts = FleetOptions(cache_dir=cache_dir, state_path=state, scheduler=scheduler,
                        workers=workers, unit_commits=unit_commits or DEFAULT_UNIT_COMMITS,
                        retries=retries, filter_spec=flt, fetch=not no_fetch, config=config,
                        progress=update, clone_resource=clone_resource,
                        strict=out.is_strict(False))
    if bar is not None:
        with bar:
            result = run_fleet(specs, opts)
    else:
        result = run_fleet(specs, opts)
    ropts = report_options("fleet", out, config)
    if out.baseline and not out.no_baseline:
        apply_baseline(result, out.baseline)
    text = render(result, out.fmt, ropts)
    if out.output is not None:
        write_private(out.output, text)
    elif text:
        sys.stdout.write(text)
        sys.stdout.flush()
    bad = result.errors
    if bad:
        what = f"{len(bad)} of {len(result.repos)} repositories could not be audited"
        if not allow_partial:
            click.echo(f"credscan: error: {what}", err=True)
            return 2
        click.echo(f"credscan: partial audit accepted (--allow-partial): {what}", err=True)
    failing = any(f.severity.rank >= ropts.threshold.rank for _, f in result.findings)
    return 1 if failing else 0
