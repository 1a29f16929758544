"""``credscan audit [BASELINE]``: triage findings into real / false positive / rotated.

Interactive by default (a rich prompt walking untriaged and new findings, context lines
redacted); ``--set FINGERPRINT=VERDICT`` and ``--list`` are the scriptable equivalents.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scanner.baseline import DEFAULT_BASELINE, VERDICTS, Baseline, parse_verdict
from scanner.errors import UsageError
from scanner.models import Finding
from scanner.reporting.common import plural


def _parse_set(values: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for v in values:
        fp, sep, verdict = v.partition("=")
        if not sep or not fp.strip():
            raise UsageError(f"--set expects FINGERPRINT=VERDICT, got {v!r}")
        out.append((fp.strip(), parse_verdict(verdict)))
    return out


@click.command(name="audit")
@click.argument("baseline_file", required=False, type=click.Path(dir_okay=False))
@click.option("--path", "-C", "path", default=".", type=click.Path(exists=True, file_okay=False),
              help="Repository to scan for the findings [default: current directory].")
@click.option("--set", "assignments", multiple=True, metavar="FINGERPRINT=VERDICT",
              help=f"Record a verdict without prompting ({', '.join(VERDICTS)}; 'fp' for "
                   "false_positive). A unique fingerprint prefix is enough. Repeatable.")
@click.option("--note", default=None, help="A note stored with the verdicts recorded now.")
@click.option("--list", "list_", is_flag=True, help="List the baseline entries and exit.")
@click.option("--all", "include_triaged", is_flag=True,
              help="Also walk findings that already have a verdict.")
@click.option("--history/--files", "history", default=None,
              help="Triage history or working-tree findings [default: the baseline's scope].")
@click.option("--interactive", is_flag=True, help="Prompt even when stdin is not a terminal.")
@click.option("--verify", "verify", is_flag=True,
              help="Ask each finding's provider whether it is live, and show the answer while "
                   "triaging (see docs/verify.md).")
def command(baseline_file: str | None, path: str, assignments: tuple[str, ...], note: str | None,
            list_: bool, include_triaged: bool, history: bool | None, interactive: bool,
            verify: bool = False) -> int:
    """Triage findings: real leak, false positive or rotated, recorded in the baseline."""
    from scanner.api import current_findings as collect
    from scanner.api import repo_root as find_root

    root = find_root(Path(path))
    bfile = Path(baseline_file) if baseline_file else root / DEFAULT_BASELINE
    baseline = Baseline.load(bfile) if bfile.exists() else Baseline.empty(
        "history" if history else "files")
    use_history = baseline.scope == "history" if history is None else history

    if list_:
        _list(baseline)
        return 0

    if assignments:
        from scanner.baseline.audit import set_verdicts

        pairs = _parse_set(assignments)
        entries = set_verdicts(baseline, pairs,
                               lambda: collect(root, history=use_history).findings, note)
        baseline.save(bfile)
        for e in entries:
            click.echo(f"{e.fingerprint[:12]}  {e.verdict:<14} {e.rule}  {e.file}:{e.line}",
                       err=True)
        click.echo(f"{bfile}: {plural(len(entries), 'verdict')} recorded", err=True)
        return 0

    if not interactive and not sys.stdin.isatty():
        raise UsageError("audit prompts on a terminal; in scripts use "
                         "--set FINGERPRINT=VERDICT (or --list)")
    result = collect(root, history=use_history)
    if verify:
        from scanner.cli.verify_options import VerifyRequest
        from scanner.config import load_config

        result = VerifyRequest(enabled=True).apply(result, load_config(root), repo=root)
    return _interactive(root, bfile, baseline, result.findings, include_triaged, note)


def _list(baseline: Baseline) -> None:
    for e in sorted(baseline.entries.values(), key=lambda e: (e.file, e.line, e.rule)):
        ev = e.evidence_text()
        click.echo(f"{e.fingerprint}  {e.verdict:<14} {e.rule}  {e.file}:{e.line}"
                   + (f"  ({e.commit[:12]})" if e.commit else "")
                   + (f"  verified: {e.verification}" if e.verification else "")
                   + (f"  [{ev}]" if ev else ""))


def _interactive(root: Path, bfile: Path, baseline: Baseline, findings: list[Finding],
                 include_triaged: bool, note: str | None) -> int:
    from rich.console import Console
    from rich.panel import Panel
    from rich.prompt import Prompt
    from rich.text import Text

    from scanner.baseline.audit import Item, context_lines, items_to_audit, walk
    from scanner.redact import redact

    console = Console(highlight=False)
    items = items_to_audit(baseline, findings, include_triaged)
    if not items:
        console.print("Nothing to triage: every current finding has a verdict.")
        return 0

    def ask(item: Item, i: int, n: int) -> str:
        f = item.finding
        body = Text()
        body.append(f"{f.rule_id}", style="bold")
        body.append(f"  {f.severity.value}  {f.description}\n")
        body.append(f"{f.file}:{f.line}:{f.column}  ", style="cyan")
        body.append(redact(f.secret), style="magenta")
        body.append(f"\nfingerprint {f.fingerprint}")
        if f.commit is not None:
            c = f.commit
            body.append(f"\ncommit {c.sha[:12]} by {c.author} <{c.email}> on {c.date}: "
                        f"{c.subject}", style="dim")
        verdict = item.entry.verdict if item.entry else "new (not in baseline)"
        body.append(f"\ncurrent verdict: {verdict}", style="dim")
        if item.entry is not None and item.entry.evidence:
            body.append(f"\nevidence: {item.entry.evidence_text()}", style="dim")
        if f.verification is not None:
            v = f.verification
            body.append(f"\nprovider says: {v.status.upper()}"
                        + (f" as {v.identity}" if v.identity else "")
                        + (f" ({v.detail})" if v.detail else ""),
                        style="bold red" if v.live else "")
        body.append("\n\n")
        for ln, text in context_lines(root, f, findings):
            mark = ">" if ln == f.line else " "
            body.append(f"{mark}{ln:>6} | {text}\n", style="bold" if ln == f.line else "")
        console.print(Panel(body, title=f"finding {i}/{n}", expand=True))
        return Prompt.ask(r"\[r]eal leak, \[f]alse positive, r\[o]tated, \[s]kip, \[q]uit",
                          choices=list("rfosq"), default="s", console=console)

    counts = walk(baseline, items, ask, note)
    baseline.save(bfile)
    done = {k: v for k, v in counts.items() if k not in ("skip", "quit")}
    console.print(f"{bfile}: recorded " + (", ".join(f"{v} {k}" for k, v in done.items())
                                           or "nothing"))
    return 0
