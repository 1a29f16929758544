"""``credscan revoke``: revoke leaked tokens whose provider lets the holder do it."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("revoke")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--provider", "providers", multiple=True,
              help="Only tokens of this provider (github, gitlab, slack, discord, sendgrid).")
@click.option("--fingerprint", "fingerprints", multiple=True,
              help="Only the finding with this fingerprint (or a 6+ character prefix).")
@click.option("--apply", "do_apply", is_flag=True,
              help="Revoke (default: dry run, list what would be revoked).")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation with --apply.")
@click.option("--baseline", default=None, type=click.Path(dir_okay=False),
              help="Baseline to record the revocations in [default: .credscan-baseline.json].")
@click.option("--verify-log", "verify_log", default=None, type=click.Path(dir_okay=False),
              help="Record every request made in FILE (0600; secrets redacted).")
def command(paths: tuple[str, ...], providers: tuple[str, ...], fingerprints: tuple[str, ...],
            do_apply: bool, yes: bool, baseline: str | None, verify_log: str | None) -> int:
    """Revoke the tokens found in PATHS (default: .) at their provider.

    Dry run by default. Each token goes only to its own provider's revocation endpoint;
    afterwards the provider is asked again whether it still works. Exit status: 0 done
    (or dry run), 1 some revocation failed, 2 error.
    """
    from scanner import api
    from scanner.baseline import Baseline, record_evidence
    from scanner.cli.cmd_rotate import default_baseline
    from scanner.config import load_config
    from scanner.errors import UsageError
    from scanner.redact import redact
    from scanner.verify import VerifySettings, forget
    from scanner.verify.revoke import REVOKERS, plan_revocations, revoke

    known = {r.provider for r in REVOKERS}
    bad = [p for p in providers if p not in known]
    if bad:
        raise UsageError(f"--provider {bad[0]!r}: no revocation API (revocable: "
                         f"{', '.join(sorted(known))})")
    if do_apply and not yes and not sys.stdin.isatty():
        raise UsageError("--apply asks for confirmation but stdin is not a terminal; "
                         "pass --yes to apply without asking")
    targets = list(paths) or ["."]
    config = load_config(Path(targets[0]))
    result = api.scan_paths(targets, config=config)
    if fingerprints:
        result.findings = [f for f in result.findings
                           if any(f.fingerprint.startswith(fp) for fp in fingerprints)]
    settings = VerifySettings.from_config(config.verify,
                                          log_file=Path(verify_log) if verify_log else None)
    items, notes = plan_revocations(result, settings, tuple(providers))
    for n in notes:
        click.echo(n)
    if not items:
        click.echo("credscan revoke: no revocable token found")
        return 0
    click.echo(f"credscan revoke: {'revoking' if do_apply else 'would revoke (dry run)'}:")
    for it in items:
        places = ", ".join(sorted({f"{f.file}:{f.line}" for f in it.findings}))
        click.echo(f"  {it.revoker.provider} token {redact(it.credential.secret)} ({places}) "
                   f"via {it.revoker.host} {it.revoker.docs}")
    if not do_apply:
        return 0
    if not yes and not click.confirm("Revoke these tokens?", default=False):
        click.echo("nothing was revoked")
        return 0
    revoke(items, settings)
    where = Path(baseline) if baseline else default_baseline()
    b = Baseline.load(where) if where.exists() else Baseline.empty()
    recorded: list[str] = []
    for it in items:
        after = f"; provider now says {it.after.status}" if it.after else ""
        click.echo(f"  {it.status}: {it.label}: {it.detail}{after}")
        if it.status == "revoked":
            recorded += [e.fingerprint for e in record_evidence(
                b, "rotated", it.evidence(), findings=it.findings,
                note="revoked by credscan revoke")]
    if recorded:
        b.save(where)
        forget(recorded, settings)
        count = len(recorded)
        click.echo(f"recorded {count} revocation{'s' if count != 1 else ''} in {where}")
    return 0 if all(it.status == "revoked" for it in items) else 1
