"""Bytes in, bytes out: binary detection and encoding normalisation.

The engine matches on bytes (UTF-8 or anything ASCII-compatible); only UTF-16/32 with a
BOM needs transcoding, and invalid bytes are simply left alone.
"""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

SNIFF = 8192


def is_binary(head: bytes) -> bool:
    """A NUL byte in the first block means binary, unless a UTF-16/32 BOM explains it."""
    if b"\x00" not in head[:SNIFF]:
        return False
    return not any(head.startswith(bom) for bom, _ in _BOMS)


def normalize(data: bytes) -> bytes:
    """Transcode UTF-16/32 (with BOM) to UTF-8, strip a UTF-8 BOM, make CRLF LF."""
    if data[:1] in (b"\xff", b"\xfe", b"\x00") or data[:2] == b"\xfe\xff":
        for bom, enc in _BOMS:
            if data.startswith(bom):
                data = data[len(bom):].decode(enc, "replace").encode("utf-8")
                return data.replace(b"\r\n", b"\n")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if b"\r\n" in data:
        # Windows line ends: same line numbers and columns, and `$` then means end of line
        data = data.replace(b"\r\n", b"\n")
    return data


def to_text(raw: bytes) -> str:
    """Decode matched bytes for display; invalid bytes never raise."""
    return raw.decode("utf-8", "replace")
