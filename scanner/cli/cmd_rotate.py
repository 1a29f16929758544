"""``credscan rotate``: replace a leaked AWS access key, prove the old one dead, record it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from scanner.aws.rotate import RotationPlan, Target


@click.command("rotate")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--key-id", "key_ids", multiple=True, help="Rotate this access key ID.")
@click.option("--fingerprint", "fingerprints", multiple=True,
              help="Rotate the key of the finding with this fingerprint (or prefix).")
@click.option("--admin-profile", default=None,
              help="AWS profile allowed to manage IAM keys [default: the default chain].")
@click.option("--profile", default=None,
              help="Profile to receive the new key [default: the one holding the old key].")
@click.option("--apply", "do_apply", is_flag=True,
              help="Carry out the rotation (default: dry run, print the plan).")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation with --apply.")
@click.option("--delete-old", is_flag=True,
              help="Delete the old key after deactivating it (not reversible).")
@click.option("--make-room", is_flag=True,
              help="At the two-keys limit, delete the user's other key if it is inactive.")
@click.option("--baseline", default=None, type=click.Path(dir_okay=False),
              help="Baseline to record the verdict in [default: .credscan-baseline.json].")
@click.option("--wait", "wait", type=click.FloatRange(0, 600), default=30.0, show_default=True,
              help="Seconds to wait for IAM changes to reach STS.")
def command(paths: tuple[str, ...], key_ids: tuple[str, ...], fingerprints: tuple[str, ...],
            admin_profile: str | None, profile: str | None, do_apply: bool, yes: bool,
            delete_old: bool, make_room: bool, baseline: str | None, wait: float) -> int:
    """Rotate leaked AWS keys found in PATHS (or named by --key-id / --fingerprint).

    Dry run by default. Exit status: 0 done (or dry run), 1 done but STS still accepted
    the old key when last asked, 2 refused or stopped (the report says at which step; at
    least one working key is always left).
    """
    from scanner.aws.rotate import find_targets, plan_rotation, render_plan
    from scanner.errors import UsageError

    if do_apply and not yes and not sys.stdin.isatty():
        raise UsageError("--apply asks for confirmation but stdin is not a terminal; "
                         "pass --yes to apply without asking")
    targets = find_targets(list(paths), list(key_ids), list(fingerprints))
    if not targets:
        click.echo("credscan rotate: no AWS access key found; name one with --key-id")
        return 0
    plans = [plan_rotation(t.key_id, t.secret, admin_profile=admin_profile, profile=profile,
                           delete_old=delete_old, make_room=make_room) for t in targets]
    click.echo(render_plan(plans), nl=False)
    if any(not p.ok for p in plans):
        return 2
    if not do_apply:
        return 0
    if not yes and not click.confirm("Rotate these keys?", default=False):
        click.echo("nothing was changed")
        return 0
    return run_rotations(plans, targets, baseline, wait)


def default_baseline() -> Path:
    """``.credscan-baseline.json`` at the root of the current git work tree (else here)."""
    from scanner.aws.exposure import git_root
    from scanner.baseline import DEFAULT_BASELINE

    return (git_root(Path.cwd()) or Path.cwd()) / DEFAULT_BASELINE


def run_rotations(plans: list[RotationPlan], targets: list[Target], baseline: str | None,
                  wait: float) -> int:
    """Apply each plan, record it in the baseline, print the outcome (shared with
    ``move-keys --rotate``)."""
    from scanner.aws.rotate import Step, apply_rotation, record_rotation, render_result

    where = Path(baseline) if baseline else default_baseline()
    results = []
    for plan, target in zip(plans, targets, strict=True):
        res = apply_rotation(plan, wait_new=wait, wait_old=wait)
        results.append(res)
        n = record_rotation(where, res, target.findings)
        if n:
            res.steps.append(Step("record", "done", f"{n} baseline entr"
                                  f"{'y' if n == 1 else 'ies'} marked 'rotated' in {where}"))
        if not res.ok:
            break
    click.echo(render_result(results), nl=False)
    if not all(r.ok for r in results):
        return 2
    if any(r.old_rejected is False for r in results):
        click.echo("the old key is deactivated but STS still accepted it: IAM changes can take "
                   "a while to reach every region; check again later with "
                   "'credscan scan --verify'", err=True)
        return 1
    return 0
