"""``credscan move-keys``: move leaked AWS keys into ``~/.aws`` and out of the code.

Library entry points (the CLI is a thin layer over them)::

    from scanner.aws import Options, build_plan, apply_plan
    plan = build_plan(["."], Options(profile="myapp"))   # reads only
    result = apply_plan(plan)                              # writes

and, for the pre-commit hook, :func:`scanner.aws.tripwire.load_known_keys`. Imports are
lazy so that the hook pays only for the tripwire.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Options", "build_plan", "apply_plan"]


def __getattr__(name: str) -> Any:
    if name == "Options":
        from scanner.aws.profiles import Options

        return Options
    if name == "build_plan":
        from scanner.aws.plan import build_plan

        return build_plan
    if name == "apply_plan":
        from scanner.aws.apply import apply_plan

        return apply_plan
    raise AttributeError(name)
