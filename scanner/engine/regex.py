"""The one place regular expressions are compiled: RE2, whose matching time is linear.

Python's ``re`` backtracks and can take exponential time on adversarial input; RE2 never
does. Every pattern, built-in or user-supplied, goes through :func:`compile_bytes`.
"""

from __future__ import annotations

import functools
from typing import Any

import re2


class RegexError(ValueError):
    """A pattern RE2 rejects (syntax, or a construct such as a look-behind)."""


@functools.lru_cache(maxsize=1)
def _options() -> Any:
    opts = re2.Options()
    opts.log_errors = False  # errors are reported by us, in one line
    opts.max_mem = 64 << 20
    return opts


@functools.lru_cache(maxsize=4096)
def compile_bytes(pattern: str) -> Any:
    """Compile ``pattern`` for bytes input; raises :class:`RegexError` on bad syntax."""
    try:
        return re2.compile(pattern.encode("utf-8"), _options())
    except re2.error as exc:
        msg = exc.args[0] if exc.args else str(exc)
        if isinstance(msg, bytes):
            msg = msg.decode("utf-8", "replace")
        raise RegexError(str(msg)) from None


def secret_group(compiled: Any) -> int:
    """Index of the capture holding the secret: the group named ``secret``, else group 1."""
    idx = compiled.groupindex.get(b"secret")
    return int(idx) if idx is not None else 1


def check_pattern(pattern: str, need_capture: bool) -> None:
    """Validate a pattern: it compiles in RE2 and, for rules, has a capture for the secret."""
    compiled = compile_bytes(pattern)
    if need_capture and compiled.groups < 1:
        raise RegexError("pattern needs one capture group (or a group named 'secret')")
