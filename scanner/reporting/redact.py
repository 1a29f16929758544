"""Redaction: the only way a secret value reaches an output unless ``--show-secrets``."""

from __future__ import annotations


def redact(secret: str, show: bool = False) -> str:
    """Keep a short prefix (enough to recognise a token type), mask the rest.

    At most a quarter of the value and never more than four characters are shown, so a
    redacted short password does not give half of itself away.
    """
    if show:
        return secret
    keep = min(4, len(secret) // 4)
    return secret[:keep] + "*" * 8


def redact_line(line: str, secret: str, show: bool = False) -> str:
    """Replace every occurrence of ``secret`` in a context line by its redacted form."""
    if show or not secret:
        return line
    return line.replace(secret, redact(secret))
