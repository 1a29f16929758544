"""``credscan ci``: scan what this push or merge request adds, report where the CI shows it.

Detects GitHub Actions, GitLab CI or generic CI (:mod:`scanner.ci`), scans exactly that
commit range with the history scanner, writes the native report (SARIF on GitHub, the
Secret Detection report on GitLab, JSON elsewhere), prints the text report (plus inline
annotations on GitHub), and exits 1 on leaks the baseline does not accept.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

import click

from scanner.cli.options import Output, config_option, load
from scanner.cli.verify_options import VerifyRequest, verify_options
from scanner.reporting import FORMATS

if TYPE_CHECKING:
    from pathlib import Path

    from scanner.baseline import Baseline
    from scanner.ci import CIContext
    from scanner.ci.protect import Protection


#: CI events that carry a change under review (its own configuration must not count).
REVIEW_EVENTS = frozenset({"pull_request", "pull_request_target", "merge_group",
                           "merge_request", "merge_request_event", "external_pull_request_event"})


@click.command(name="ci")
@verify_options
@click.argument("repo", required=False, default=".",
                type=click.Path(exists=True, file_okay=False))
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help="Where to write the native report [default: credscan.sarif on GitHub, "
                   "gl-secret-detection-report.json on GitLab, credscan-report.json else].")
@click.option("--report-format", type=click.Choice(["auto", *FORMATS]), default="auto",
              show_default=True, help="Format of the report file.")
@click.option("--range", "rev_range", default=None, metavar="A..B",
              help="Scan this revision range instead of the one the CI provides.")
@click.option("--full-history", is_flag=True, help="Scan every commit of every ref.")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="Baseline file [default: .credscan-baseline.json at the root, if present].")
@click.option("--no-baseline", is_flag=True, help="Ignore the repository's baseline.")
@click.option("--threshold", "--fail-on", "threshold", default=None,
              type=click.Choice(["info", "low", "medium", "high", "critical"],
                                case_sensitive=False),
              help="Fail only on findings at or above this severity [default: config].")
@click.option("--show-secrets", is_flag=True, help="Show whole secret values (never in CI logs!).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing when clean.")
@click.option("--protect-config/--no-protect-config", default=True, show_default=True,
              help="Fail a pull/merge request (or --range) that edits the scanner's "
                   "configuration or baseline (both are always read from the base revision).")
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Fail (exit 2) when something could not be read.")
@config_option
def command(repo: str, report_path: str | None, report_format: str, rev_range: str | None,
            full_history: bool, baseline: str | None, no_baseline: bool, threshold: str | None,
            show_secrets: bool, quiet: bool, protect_config: bool, strict: bool,
            config_file: str | None, verify: VerifyRequest) -> int:
    """Scan the commits of this CI push or merge request; fail on new leaks."""
    from scanner import api
    from scanner.ci import CIContext, detect, resolve
    from scanner.cli.options import exit_code, report_options
    from scanner.fsio import write_stdout
    from scanner.models import ScanResult
    from scanner.reporting import render, write_private
    from scanner.reporting.common import now_iso

    root = api.repo_root(repo)
    ctx = detect(os.environ)
    if full_history:
        ctx = CIContext(ctx.provider, ctx.event, head=ctx.head, notes=("--full-history",))
    elif rev_range:
        ctx = CIContext(ctx.provider, ctx.event, head=None, revs=(rev_range,),
                        notes=("--range given",))
    else:
        ctx = resolve(str(root), ctx)
    for note in ctx.notes:
        click.echo(f"credscan ci: {note}", err=True)
    click.echo(f"credscan ci: {ctx.describe()}", err=True)

    base, head = _base_and_head(ctx, rev_range)
    guard = _protection(root, base, head, config_file, baseline, no_baseline)
    config = guard.config if guard is not None else load(root, config_file)
    started = now_iso()
    result = ScanResult() if ctx.skip else api.scan_history(
        str(root), api.HistorySelection(revs=tuple(ctx.revs)), config=config)
    if guard is not None:
        result = api.apply_baseline(result, _baseline_from(guard, no_baseline))
    else:
        result = api.apply_baseline(result, api.load_baseline(
            api.baseline_path(root, baseline, no_baseline)))
    result = verify.apply(result, config, repo=root)
    edits = guard.message if guard is not None else ""
    out = Output(show_secrets=show_secrets, threshold=threshold, quiet=quiet)
    opts = report_options("ci", out, config)
    opts = replace(opts, started_at=started, finished_at=now_iso())
    code = verify.exit_code(exit_code(result, opts.threshold), result)
    if edits:
        # a change under review (pull/merge request, or an explicit --range) fails; a push
        # (already merged, or a branch that its pull request will check) is reported only
        review = bool(rev_range) or ctx.event in REVIEW_EVENTS
        failing = protect_config and review
        click.echo(f"credscan ci: {edits}" + (
            "; failing (--no-protect-config to only report)" if failing else
            "" if not protect_config else "; reported only (a push, not a change under review)"),
            err=True)
        if ctx.provider == "github":
            level = "error" if failing else "warning"
            write_stdout(f"::{level} title=credscan::{edits}\n")
        if failing:
            code = max(code, 1)
    if strict and result.errors:
        code = 2
    for note in api.self_allowed_notes(result):
        click.echo(f"credscan ci: warning: {note}", err=True)

    fmt = ctx.native_format if report_format == "auto" else report_format
    out_path = report_path or str(root / ctx.native_path)
    write_private(out_path, render(result, fmt, opts))
    click.echo(f"credscan ci: wrote {fmt} report to {out_path}", err=True)

    if ctx.provider == "github":
        _github_outputs(out_path, result, opts, code)
        write_stdout(render(result, "github", opts))
    if not (quiet and not result.findings):
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        write_stdout(render(result, "text", replace(opts, color=color)))
    return code


def _base_and_head(ctx: CIContext, rev_range: str | None) -> tuple[str | None, str | None]:
    """The base and head revisions of the change under review, when there is one."""
    if rev_range:
        if "..." in rev_range or ".." not in rev_range:
            return None, None
        a, _, b = rev_range.partition("..")
        return (a or None), (b or "HEAD")
    return (ctx.base, ctx.head or "HEAD") if ctx.base and ctx.revs else (None, None)


def _protection(root: Path, base: str | None, head: str | None, config_file: str | None,
                baseline: str | None, no_baseline: bool) -> Protection | None:
    """Configuration and baseline as the base revision has them (None: no base known).

    A ``--config``/``--baseline`` outside the repository is the pipeline's own file, read
    from disk; one inside it is read at the base revision like the defaults.
    """
    from pathlib import Path

    from scanner.baseline import DEFAULT_BASELINE
    from scanner.ci.protect import protect

    if base is None or head is None:
        return None
    top = root.resolve()

    def inside(p: str | None) -> str | None:
        if p is None:
            return None
        full = Path(p) if Path(p).is_absolute() else Path.cwd() / p
        try:
            return full.resolve().relative_to(top).as_posix()
        except ValueError:
            return None

    cfg_rel = inside(config_file)
    if config_file is not None and cfg_rel is None:
        return replace(protect(top, base, head, None, inside(baseline) or DEFAULT_BASELINE,
                               checkout=top), config=load(top, config_file))
    return protect(top, base, head, cfg_rel, inside(baseline) or DEFAULT_BASELINE, checkout=top)


def _baseline_from(guard: Protection, no_baseline: bool) -> Baseline | None:
    """The base revision's baseline, parsed (None: disabled, or the base has none)."""
    import json

    from scanner.baseline import Baseline
    from scanner.errors import UsageError

    raw = guard.baseline
    if no_baseline or raw is None:
        return None
    where = f"baseline at {guard.base[:12]}"
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"{where}: not a readable credscan baseline ({exc})") from None
    return Baseline.from_json(doc, where)


def _github_outputs(report: str, result: object, opts: object, code: int) -> None:
    """Step outputs for the action (report path, counts) and a job summary."""
    from scanner.models import ScanResult
    from scanner.reporting import ReportOptions, prepare

    assert isinstance(result, ScanResult) and isinstance(opts, ReportOptions)
    result = prepare(result, opts)
    out = os.environ.get("GITHUB_OUTPUT")
    if out:
        with open(out, "a", encoding="utf-8") as fh:
            fh.write(f"report={report}\nfindings={len(result.findings)}\nexit-code={code}\n")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        lines = ["## credscan", ""]
        if not result.findings:
            lines.append("No new secrets found.")
        else:
            lines += ["| File | Line | Rule | Severity | Value | Commit |",
                      "|---|---|---|---|---|---|"]
            for f in result.findings[:200]:
                commit = f.commit.sha[:10] if f.commit else ""
                cells = [f.file, str(f.line), f.rule_id, f.severity.value,
                         f"`{f.secret}`", commit]
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        if result.baselined:
            n = result.baselined
            lines += ["", f"{n} finding{'s' if n != 1 else ''} accepted in the baseline hidden."]
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
