"""Inline allow markers: ours, and the ones users already have from other tools."""

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


def allowed_on_line(line: bytes) -> bool:
    """True if the line carries a same-line marker (``credscan:allow-next-line`` excluded)."""
    if b"allow" not in line and b"ignore" not in line:
        return False
    for marker in SAME_LINE:
        idx = line.find(marker)
        while idx != -1:
            if marker != b"credscan:allow" or not line.startswith(b"-next-line", idx + 14):
                return True
            idx = line.find(marker, idx + 1)
    return False


def allows_next_line(prev_line: bytes) -> bool:
    """True if the previous line carries a next-line marker."""
    return any(marker in prev_line for marker in NEXT_LINE)
