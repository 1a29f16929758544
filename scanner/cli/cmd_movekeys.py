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
@click.option("--rotate", "rotate", is_flag=True,
              help="Then rotate each moved key: new key in the profile, the leaked one "
                   "deactivated (see 'credscan rotate').")
@click.option("--admin-profile", default=None,
              help="With --rotate: AWS profile allowed to manage IAM keys.")
@click.option("--delete-old", is_flag=True,
              help="With --rotate: delete the leaked key after deactivating it.")
@click.option("--make-room", is_flag=True,
              help="With --rotate: at the two-keys limit, delete an inactive other key.")
@click.option("--baseline", default=None, type=click.Path(dir_okay=False),
              help="With --rotate: baseline to record 'rotated' in.")
@click.option("--wait", "wait", type=click.FloatRange(0, 600), default=30.0,
              help="With --rotate: seconds to wait for IAM changes to reach STS.")
def command(paths: tuple[str, ...], do_apply: bool, yes: bool, profile: str | None,
            region: str | None, credentials_file: bool, force: bool, delete_files: bool,
            blank_other: bool, rotate: bool = False, admin_profile: str | None = None,
            delete_old: bool = False, make_room: bool = False, baseline: str | None = None,
            wait: float = 30.0) -> int:
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
    if (admin_profile or delete_old or make_room or baseline) and not rotate:
        raise UsageError("--admin-profile, --delete-old, --make-room and --baseline need "
                         "--rotate")
    findings = None
    if rotate:
        from scanner.aws.rotate import plan_findings

        findings = plan_findings(list(paths) or None)
    plan = build_plan(list(paths) or None, opts, findings=findings)
    if plan.empty:
        click.echo("credscan move-keys: no AWS access key with its secret found; nothing to do")
        return 0
    click.echo(render_plan(plan, os.environ, applying=do_apply))
    rotations = []
    if rotate:
        from scanner.aws.rotate import plan_rotation
        from scanner.aws.rotate import render_plan as render_rotation

        rotations = [plan_rotation(a.key.key_id, a.key.secret, admin_profile=admin_profile,
                                   profile=a.profile, delete_old=delete_old,
                                   make_room=make_room) for a in plan.assignments]
        click.echo(render_rotation(rotations), nl=False)
        if any(not r.ok for r in rotations):
            click.echo("credscan move-keys: the rotation cannot be done as planned; nothing "
                       "was written", err=True)
            return 2
    if not do_apply:
        return 0
    if not yes and not click.confirm("Apply this plan?", default=False):
        click.echo("nothing was written")
        return 0
    result = apply_plan(plan)
    click.echo(render_result(result, os.environ))
    if result.errors:
        return 2
    code = 1 if result.manual else 0
    if rotate:
        from scanner.aws.rotate import Target, plan_rotation
        from scanner.aws.rotate import render_plan as render_rotation
        from scanner.cli.cmd_rotate import run_rotations

        # planned again now that the keys are in their profiles (and files) for real
        rotations = [plan_rotation(a.key.key_id, a.key.secret, admin_profile=admin_profile,
                                   delete_old=delete_old, make_room=make_room)
                     for a in result.assignments]
        if any(not r.ok for r in rotations):
            click.echo(render_rotation(rotations), nl=False)
            click.echo("credscan move-keys: the keys were moved but not rotated (see above); "
                       "run 'credscan rotate --key-id ...' when that is fixed", err=True)
            return 2
        keys = {a.key.key_id: a.key for a in result.assignments}
        targets = [Target(r.key_id, r.old_secret, [f for f in findings or []
                                                   if f.secret in keys[r.key_id].values()
                                                   .values()]) for r in rotations]
        rc = run_rotations(rotations, targets, baseline, wait)
        code = max(code, rc)
    return code
