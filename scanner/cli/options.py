"""Options shared by the commands, each declared once, and the one way results are emitted.

A scanning command is three steps: parse options, call :mod:`scanner.api`, :func:`emit`::

    @click.command()
    @config_option
    @output_options
    def command(config_file, out: Output):
        config = load(Path.cwd(), config_file)
        result = api.scan_paths(["."], config=config)
        return emit(api_result_with_baseline, out, "scan", config)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from scanner.cli.requests import Output
from scanner.config.load import Config, load_config
from scanner.errors import UsageError
from scanner.fsio import write_stdout
from scanner.models import DEFAULT_THRESHOLD, ScanResult, Severity
from scanner.reporting import FORMATS, ReportOptions, render, write_private

F = TypeVar("F", bound=Callable[..., Any])

SEVERITY_NAMES = [s.value for s in Severity]


def config_option(func: F) -> F:
    """``--config FILE``."""
    return click.option(
        "--config", "config_file", type=click.Path(dir_okay=False), default=None,
        help="Configuration file (default: .credscan.toml or [tool.credscan] in "
             "pyproject.toml at the repository root).")(func)


def repo_option(func: F) -> F:
    """``-C/--repo DIR``."""
    return click.option("-C", "--repo", "repo", default=".", type=click.Path(file_okay=False),
                        help="Repository (default: the current directory).")(func)


def output_options(func: F) -> F:
    """The report and triage options; the command receives one ``out: Output``."""
    options = [
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
                     help="Hide findings this baseline accepts [default: "
                          ".credscan-baseline.json at the repository root, if present]."),
        click.option("--no-baseline", is_flag=True, default=False,
                     help="Ignore the repository's baseline."),
        click.option("--quiet", "-q", is_flag=True, default=False,
                     help="No summary or progress; print nothing when clean."),
        click.option("--explain", is_flag=True, default=False,
                     help="Also list candidates that were not reported, and why."),
        click.option("--strict/--no-strict", "strict", default=None,
                     help="Fail (exit 2) when a file could not be read [default: on in the "
                          "hooks and ci, off in scan and history]."),
    ]
    names = ("fmt", "output", "show_secrets", "threshold", "baseline", "no_baseline", "quiet",
             "explain", "strict")

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["out"] = Output(**{n: kwargs.pop(n) for n in names})
        return func(*args, **kwargs)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    cmd: Any = wrapper
    for opt in reversed(options):
        cmd = opt(cmd)
    return cmd


def load(start: str | os.PathLike[str], config_file: str | None) -> Config:
    """The effective configuration for ``start`` (or ``--config``)."""
    return load_config(Path(start), Path(config_file) if config_file else None)


def resolve_threshold(threshold: str | Severity | None, config: object | None = None) -> Severity:
    """The --threshold value, else the configuration's, else the default (medium)."""
    if threshold is None and config is not None:
        value = getattr(config, "threshold", None)
        if value is not None:
            threshold = value
    if threshold is None:
        return DEFAULT_THRESHOLD
    if isinstance(threshold, Severity):
        return threshold
    try:
        return Severity.parse(str(threshold))
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def with_baseline(result: ScanResult, start: str | os.PathLike[str], out: Output) -> ScanResult:
    """Hide what the applicable baseline accepts (the library does it; this picks the file)."""
    from scanner import api

    return api.apply_baseline(result, api.load_baseline(
        api.baseline_path(start, out.baseline, out.no_baseline)))


def report_options(command: str, out: Output, config: object | None = None,
                   **more: Any) -> ReportOptions:
    """:class:`ReportOptions` from the parsed options (and the config's threshold)."""
    kw: dict[str, Any] = {"quiet": out.quiet, "explain": out.explain}
    kw.update(more)
    return ReportOptions(show_secrets=out.show_secrets,
                         threshold=resolve_threshold(out.threshold, config), command=command,
                         **kw)


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


def emit(result: ScanResult, out: Output, opts: ReportOptions, strict: bool = False) -> int:
    """Render, write (stdout or a 0600 file, atomically); return the exit code (2 when
    ``strict`` and something could not be read: a partial scan is not a clean one)."""
    from dataclasses import replace

    if not opts.color and _want_color(out.fmt, out.output):
        opts = replace(opts, color=True)
    code = exit_code(result, opts.threshold)
    if strict and result.errors:
        code = 2
    if (opts.quiet and out.fmt == "text" and out.output is None and not result.findings
            and not result.errors):
        return code
    text = render(result, out.fmt, opts)
    if out.output is not None:
        write_private(out.output, text)
    else:
        write_stdout(text if not text or text.endswith("\n") else text + "\n")
    return code
