"""``credscan history``: audit every commit of a repository (or a selection of them)."""

from __future__ import annotations

import os

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
from scanner.cli.progress import progress_bar
from scanner.cli.verify_options import VerifyRequest, verify_options


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
@config_option
@verify_options
@output_options
def command(args: tuple[str, ...], branches: tuple[str, ...], since: str | None,
            until: str | None, max_commits: int | None, jobs: int | None, no_messages: bool,
            config_file: str | None, out: Output, verify: VerifyRequest) -> int:
    """Audit commits reachable from every ref (branches, tags, remotes, stash).

    REPO defaults to the current directory; RANGE (e.g. v1.0..main) narrows the audit.
    """
    from scanner import api
    from scanner.errors import UsageError

    if len(args) > 2:
        raise UsageError("expected at most a repository and a revision range")
    repo = "."
    revs: list[str] = []
    for i, a in enumerate(args):
        if i == 0 and os.path.isdir(a):
            repo = a
        elif i == 0 and os.path.lexists(a):
            raise UsageError(f"{a}: not a directory (a repository path, or a symbolic link "
                             "that does not lead to one)")
        else:
            revs.append(a)
    config = load(repo, config_file)
    sel = api.HistorySelection(revs=tuple(revs), branches=branches, since=since, until=until,
                               max_commits=max_commits)
    with progress_bar("history", "commits", not out.quiet) as update:
        result = api.scan_history(repo, sel, config=config, jobs=jobs,
                                  messages=not no_messages, progress=update,
                                  explain=out.explain)
    result = with_baseline(result, repo, out)
    result = verify.apply(result, config, repo=repo)
    return verify.exit_code(emit(result, out, report_options("history", out, config),
                                 out.is_strict(False)), result)
