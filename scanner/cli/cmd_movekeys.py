"""``credscan move-keys``: move found AWS keys into ~/.aws and out of the code."""

from __future__ import annotations

import os
import sys

import click


@click.command("move-keys")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--apply", "do_apply", is_flag=True,
              help="Carry out the plan (default: dry run, print it only).")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation with --apply.")
@click.option("--profile", default=None,
              help="Profile name for the key (default: [default] if free, else the project's "
                   "name).")
@click.option("--region", default=None, help="Region to write (default: the one found beside "
                                             "the key).")
@click.option("--credentials-file", is_flag=True,
              help="Write keys to ~/.aws/credentials ([NAME]) instead of ~/.aws/config.")
@click.option("--force", is_flag=True,
              help="Replace a profile that holds different keys (a backup is kept).")
@click.option("--delete-files", is_flag=True,
              help="Delete AWS-format credential files and credentials.csv found in the project.")
@click.option("--blank-other", is_flag=True,
              help="Blank the literal (\"\") in other files where the result still parses.")
def command(paths: tuple[str, ...], do_apply: bool, yes: bool, profile: str | None,
            region: str | None, credentials_file: bool, force: bool, delete_files: bool,
            blank_other: bool) -> int:
    """Move AWS keys found in PATHS (default: this git work tree) into an AWS profile.

    Dry run by default: prints the plan with every key redacted. Honours AWS_CONFIG_FILE
    and AWS_SHARED_CREDENTIALS_FILE. Exit status: 0 done (or dry run), 1 applied but some
    literal is left for you to remove by hand, 2 refused (nothing changed) or failed.
    """
    from scanner.aws.apply import apply_plan
    from scanner.aws.plan import build_plan
    from scanner.aws.profiles import Options
    from scanner.aws.render import render_plan, render_result
    from scanner.errors import UsageError

    if do_apply and not yes and not sys.stdin.isatty():
        raise UsageError("--apply asks for confirmation but stdin is not a terminal; "
                         "pass --yes to apply without asking")
    opts = Options(profile=profile, region=region, credentials_file=credentials_file,
                   force=force, delete_files=delete_files, blank_other=blank_other)
    plan = build_plan(list(paths) or None, opts)
    if plan.empty:
        click.echo("credscan move-keys: no AWS access key with its secret found; nothing to do")
        return 0
    click.echo(render_plan(plan, os.environ, applying=do_apply))
    if not do_apply:
        return 0
    if not yes and not click.confirm("Apply this plan?", default=False):
        click.echo("nothing was written")
        return 0
    result = apply_plan(plan)
    click.echo(render_result(result, os.environ))
    if result.errors:
        return 2
    return 1 if result.manual else 0
