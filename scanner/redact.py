"""Redaction and escaping: the only way scanned content reaches an output.

Used by :func:`scanner.reporting.prepare`, the one seam every report goes through.
"""

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


_CONTROL = {i: f"\\x{i:02x}" for i in range(32) if i != 9}
_CONTROL[0x7F] = "\\x7f"
_CONTROL.update({c: f"\\u{c:04x}" for c in (0x85, 0x2028, 0x2029)})
_CONTROL.update({c: f"\\x{c:02x}" for c in range(0x80, 0xA0)})


def escape(text: str) -> str:
    """Control characters (newlines, ESC, C1 codes) as visible escapes; undecodable bytes
    (surrogate escapes from non-UTF-8 file names) as ``\\xNN``: safe in every format."""
    if text.isprintable():
        return text
    out = text.translate(_CONTROL)
    if any(0xDC80 <= ord(ch) <= 0xDCFF for ch in out):
        out = "".join(f"\\x{ord(ch) - 0xDC00:02x}" if 0xDC80 <= ord(ch) <= 0xDCFF else ch
                      for ch in out)
    return out
