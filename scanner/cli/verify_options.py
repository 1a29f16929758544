"""``--verify``, ``--verify-log FILE`` and ``--fail-on live`` for every scanning command.

Usage (above :func:`scanner.cli.options.output_options`, so it can extend its
``--threshold/--fail-on`` choices with ``live``)::

    @click.command()
    @click.argument("paths", nargs=-1)
    @verify_options
    @output_options
    def command(paths, fmt, output, show_secrets, threshold, baseline, quiet, verify):
        result = verify.apply(api.scan_paths(paths, config), config, repo=root)
        code = emit(result, fmt, opts, output)
        return verify.exit_code(code, result, opts)

The command receives one more keyword argument, ``verify`` (a :class:`VerifyRequest`).
Nothing is imported from :mod:`scanner.verify`, and no connection is made, unless
verification was asked for (``--verify``, ``--fail-on live`` or ``[verify] enabled``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from scanner.cli.requests import LIVE, VerifyRequest

F = TypeVar("F", bound=Callable[..., Any])
__all__ = ["LIVE", "VerifyRequest", "verify_options"]


def _allow_live(params: list[click.Parameter]) -> bool:
    for p in params:
        if p.name == "threshold" and isinstance(p.type, click.Choice):
            if LIVE not in p.type.choices:
                p.type = click.Choice([*p.type.choices, LIVE], case_sensitive=False)
                p.help = (p.help or "") + " 'live': exit 1 only for live credentials " \
                                          "(implies --verify)."
            return True
    return False


def verify_options(func: F) -> F:
    """Add --verify/--no-verify and --verify-log; teach --fail-on the value ``live``."""
    params: list[click.Parameter] = getattr(func, "__click_params__", [])
    has_threshold = _allow_live(params)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        enabled = kwargs.pop("verify_flag", None)
        log_file = kwargs.pop("verify_log", None)
        if has_threshold:
            value = kwargs.get("threshold")
            fail_live = isinstance(value, str) and value.lower() == LIVE
            if fail_live:
                kwargs["threshold"] = None
        else:
            fail_live = kwargs.pop("fail_on", None) == LIVE
        kwargs["verify"] = VerifyRequest(enabled, log_file, fail_live)
        return func(*args, **kwargs)

    out: Any = wrapper
    out = click.option("--verify-log", "verify_log", type=click.Path(dir_okay=False),
                       default=None, help="Record every verification request in FILE "
                                          "(0600; secrets redacted). Implies --verify.")(out)
    out = click.option("--verify/--no-verify", "verify_flag", default=None,
                       help="Ask each finding's provider, once, whether the credential is "
                            "live (sends it to that provider only; see docs/verify.md) "
                            "[default: [verify] enabled, else off].")(out)
    if not has_threshold:
        out = click.option("--fail-on", "fail_on", type=click.Choice([LIVE]), default=None,
                           help="'live': exit 1 only for live credentials.")(out)
    return out
