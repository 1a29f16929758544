"""Output options shared by every scanning command (scan, staged, history, pre-push, ci).

Usage in a command module::

    @click.command()
    @click.argument("paths", nargs=-1)
    @output_options
    def command(paths, fmt, output, show_secrets, threshold, baseline, quiet):
        config = load_config(Path.cwd())
        result = api.scan_paths(paths, config=config)
        opts = report_options("scan", show_secrets=show_secrets, threshold=threshold,
                              baseline=baseline, quiet=quiet, config=config)
        return emit(result, fmt, opts, output)

The decorator adds exactly the keyword arguments named in :data:`OUTPUT_KWARGS`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

import click

from scanner.errors import UsageError
from scanner.models import DEFAULT_THRESHOLD, ScanResult, Severity
from scanner.reporting import FORMATS, ReportOptions, render, write_private

F = TypeVar("F", bound=Callable[..., Any])

#: keyword arguments :func:`output_options` passes to the decorated command
OUTPUT_KWARGS = ("fmt", "output", "show_secrets", "threshold", "baseline", "quiet")
SEVERITY_NAMES = [s.value for s in Severity]


def output_options(func: F) -> F:
    """Add --format/-f, --output/-o, --show-secrets, --threshold/--fail-on, --baseline, --quiet."""
    decorators = [
        click.option("--format", "-f", "fmt", type=click.Choice(list(FORMATS)), default="text",
                     show_default=True, help="Report format."),
        click.option("--output", "-o", "output", type=click.Path(dir_okay=False), default=None,
                     help="Write the report to FILE (mode 0600) instead of stdout."),
        click.option("--show-secrets", is_flag=True, default=False,
                     help="Show whole secret values (redacted by default)."),
        click.option("--threshold", "--fail-on", "threshold",
                     type=click.Choice(SEVERITY_NAMES, case_sensitive=False), default=None,
                     help="Exit 1 only for findings at or above this severity "
                          f"[default: config, else {DEFAULT_THRESHOLD.value}]."),
        click.option("--baseline", "baseline", type=click.Path(dir_okay=False), default=None,
                     help="Report only findings not accepted in this baseline file."),
        click.option("--quiet", "-q", is_flag=True, default=False,
                     help="No summary or progress; print nothing when clean."),
    ]
    for deco in reversed(decorators):
        func = deco(func)
    return func


def resolve_threshold(threshold: str | Severity | None, config: object | None = None) -> Severity:
    """The --threshold value, else the configuration's, else the default (medium)."""
    if threshold is None and config is not None:
        for name in ("threshold", "fail_on"):
            value = getattr(config, name, None)
            if value is not None:
                threshold = value
                break
    if threshold is None:
        return DEFAULT_THRESHOLD
    if isinstance(threshold, Severity):
        return threshold
    try:
        return Severity.parse(str(threshold))
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def report_options(
    command: str,
    *,
    show_secrets: bool = False,
    threshold: str | Severity | None = None,
    baseline: str | None = None,
    quiet: bool = False,
    config: object | None = None,
    **extra: str,
) -> ReportOptions:
    """Build :class:`ReportOptions` from the parsed CLI options (and the config's threshold)."""
    return ReportOptions(
        show_secrets=show_secrets,
        threshold=resolve_threshold(threshold, config),
        command=command,
        quiet=quiet,
        baseline=baseline,
        extra=dict(extra),
    )


def apply_baseline(result: ScanResult, opts: ReportOptions) -> tuple[ScanResult, ReportOptions]:
    """Remove the findings accepted by ``opts.baseline`` (if any); count them in the opts."""
    if not opts.baseline:
        return result, opts
    from scanner.baseline import Baseline, filter_result

    filtered, hidden = filter_result(result, Baseline.load(opts.baseline))
    return filtered, replace(opts, baselined=opts.baselined + hidden)


def exit_code(result: ScanResult, threshold: Severity) -> int:
    """0 when nothing is at or above the threshold, else 1."""
    return 1 if result.at_or_above(threshold) else 0


def _want_color(fmt: str, output: str | None) -> bool:
    if fmt != "text" or output is not None or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def emit(result: ScanResult, fmt: str, opts: ReportOptions, output: str | None) -> int:
    """Apply the baseline, render, write (stdout or a 0600 file); return the exit code."""
    result, opts = apply_baseline(result, opts)
    if not opts.color and _want_color(fmt, output):
        opts = replace(opts, color=True)
    code = exit_code(result, opts.threshold)
    if opts.quiet and fmt == "text" and output is None and not result.findings:
        return code
    text = render(result, fmt, opts)
    if output is not None:
        write_private(output, text)
    else:
        sys.stdout.write(text)
        if text and not text.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
    return code
