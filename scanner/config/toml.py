"""TOML reading on every supported Python (tomllib from 3.11, tomli before).

The parser is imported on first use: most runs (a pre-commit hook in a repository without
a ``.credscan.toml``) parse no TOML at all, and tomllib brings datetime with it.
"""

from __future__ import annotations

import sys
from typing import Any


class TOMLDecodeError(ValueError):
    """A document that is not valid TOML (the parser's own message)."""


def loads_toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib as _toml
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as _toml
    try:
        return _toml.loads(text)
    except _toml.TOMLDecodeError as exc:
        raise TOMLDecodeError(str(exc)) from None
