"""``credscan baseline create|update|import``: accept today's findings so CI fails on new ones."""

from __future__ import annotations

from pathlib import Path

import click

from scanner.baseline import DEFAULT_BASELINE, Baseline
from scanner.errors import UsageError
from scanner.models import ScanResult
from scanner.reporting.common import plural

_PATH = click.argument("path", required=False, default=".",
                       type=click.Path(exists=True, file_okay=False))
_FILE = click.option("--baseline", "-b", "baseline_file", type=click.Path(dir_okay=False),
                     default=None,
                     help=f"Baseline file [default: {DEFAULT_BASELINE} at the repository root].")


def _target(path: str, baseline_file: str | None) -> tuple[Path, Path]:
    from scanner.api import repo_root as find_root

    root = find_root(Path(path))
    return root, Path(baseline_file) if baseline_file else root / DEFAULT_BASELINE


@click.group(name="baseline")
def command() -> None:
    """Create, update or import a findings baseline (.credscan-baseline.json)."""


def _verified(result: ScanResult, root: Path, verify: bool) -> ScanResult:
    if not verify:
        return result
    from scanner.cli.verify_options import VerifyRequest
    from scanner.config import load_config

    return VerifyRequest(enabled=True).apply(result, load_config(root), repo=root)


@command.command(name="create", short_help="Accept every current finding (no secret values).")
@_PATH
@_FILE
@click.option("--history", is_flag=True, help="Baseline every finding in the git history.")
@click.option("--force", is_flag=True, help="Overwrite an existing baseline.")
@click.option("--verify", is_flag=True,
              help="Record each finding's verification status (see docs/verify.md).")
def create(path: str, baseline_file: str | None, history: bool, force: bool,
           verify: bool = False) -> int:
    """Record every current finding (no secret values) as accepted."""
    from scanner.api import current_findings as collect

    root, out = _target(path, baseline_file)
    if out.exists() and not force:
        raise UsageError(f"{out} exists; use 'credscan baseline update' or --force")
    result = _verified(collect(root, history=history), root, verify)
    b = Baseline.from_findings(result.findings, scope="history" if history else "files")
    b.save(out)
    click.echo(f"Wrote {plural(len(b.entries), 'finding')} to {out}. Commit it; CI now fails only "
               "on new findings (see 'credscan audit' to triage these).", err=True)
    return 0


@command.command(name="update", short_help="Add new findings, drop stale ones; keep verdicts.")
@_PATH
@_FILE
@click.option("--history/--files", "history", default=None,
              help="Scan the history or the working tree [default: as the baseline was made].")
@click.option("--verify", is_flag=True,
              help="Refresh each finding's verification status (see docs/verify.md).")
def update(path: str, baseline_file: str | None, history: bool | None,
           verify: bool = False) -> int:
    """Add new findings, drop entries nothing matches any more; verdicts are kept."""
    from scanner.api import current_findings as collect

    root, out = _target(path, baseline_file)
    b = Baseline.load(out)
    if history is not None:
        b.scope = "history" if history else "files"
    result = _verified(collect(root, history=b.scope == "history"), root, verify)
    added, removed, kept, moved = b.update(result.findings)
    changed = b.save(out)
    click.echo(f"{out}: {added} added, {removed} removed, {kept} kept"
               + (f" ({moved} followed a rename or move)" if moved else "")
               + ("" if changed else " (file unchanged)"), err=True)
    return 0


@command.command(name="import",
                 short_help="Import detect-secrets or gitleaks triage.")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@_PATH
@_FILE
@click.option("--format", "fmt", default="auto", show_default=True,
              type=click.Choice(["auto", "detect-secrets", "gitleaks", "gitleaksignore"]),
              help="Which tool wrote SOURCE.")
@click.option("--history", is_flag=True,
              help="Map onto history findings (for gitleaks reports of git scans).")
def import_(source: str, path: str, baseline_file: str | None, fmt: str, history: bool) -> int:
    """Import a detect-secrets .secrets.baseline, a gitleaks JSON report or .gitleaksignore."""
    from scanner.api import current_findings as collect
    from scanner.baseline.importers import import_file

    root, out = _target(path, baseline_file)
    result = collect(root, history=history)
    report = import_file(Path(source), result.findings, root, fmt)
    b = Baseline.load(out) if out.exists() else Baseline.empty("history" if history else "files")
    b.migrate(result.findings)
    new = changed = 0
    for m in report.mapped:
        e = b.entries.get(m.finding.fingerprint)
        if e is None:
            b.set_verdict(m.finding.fingerprint, m.verdict, finding=m.finding, note=m.note)
            new += 1
        elif m.verdict != "none" and e.verdict != m.verdict:
            b.set_verdict(e.fingerprint, m.verdict, note=m.note)
            changed += 1
    b.save(out)
    click.echo(report.summary(), err=True)
    click.echo(f"{out}: {new} added, {plural(changed, 'verdict')} updated", err=True)
    return 0

