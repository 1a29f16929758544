"""Inline allow markers: ours, and the ones users already have from other tools.

A marker is matched as a whole token (``gitleaks:allowlist`` is not ``gitleaks:allow``). A
same-line marker covers the findings on its own line; on a very long line (minified code)
only those near it, so one marker cannot hide a whole bundle. A next-line marker covers the
next non-empty line of the same file version.
"""

from __future__ import annotations

SAME_LINE = (
    b"credscan:allow",
    b"gitleaks:allow",
    b"pragma: allowlist secret",
    b"trufflehog:ignore",
)
NEXT_LINE = (
    b"credscan:allow-next-line",
    b"pragma: allowlist nextline secret",
)

#: Lines longer than this are "long": a marker there covers only findings within REACH bytes.
LONG_LINE = 1024
REACH = 256

_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def _token_at(line: bytes, marker: bytes, idx: int) -> bool:
    end = idx + len(marker)
    return end >= len(line) or line[end] not in _WORD


def _positions(line: bytes, markers: tuple[bytes, ...]) -> list[int]:
    out: list[int] = []
    for marker in markers:
        idx = line.find(marker)
        while idx != -1:
            if _token_at(line, marker, idx):
                out.append(idx)
            idx = line.find(marker, idx + 1)
    return out


def allowed_on_line(line: bytes, start: int | None = None, end: int | None = None) -> bool:
    """True if a same-line marker covers the finding at ``[start, end)`` of ``line``."""
    if b"allow" not in line and b"ignore" not in line:
        return False
    found = _positions(line, SAME_LINE)
    if not found:
        return False
    if len(line) <= LONG_LINE or start is None:
        return True
    stop = end if end is not None else start
    return any(start - REACH <= p <= stop + REACH for p in found)


def allows_next_line(prev_line: bytes) -> bool:
    """True if ``prev_line`` carries a next-line marker."""
    if b"allow" not in prev_line:
        return False
    return bool(_positions(prev_line, NEXT_LINE))
