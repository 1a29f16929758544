"""Secrets stored encoded: decode them and scan the plain text, reporting the original line.

Kubernetes ``Secret`` manifests keep values base64-encoded under ``data:``; a leaked
password there is as real as one in clear text, and no pattern sees it without decoding.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator

from scanner.engine.regex import compile_bytes

_KIND = r"(?m)^\s*kind:\s*[\"']?(Secret)[\"']?\s*$"
_ENTRY = (r"(?m)^[ \t]+([A-Za-z0-9_.\-]{1,253}):[ \t]*[\"']?([A-Za-z0-9+/]{4,1000}={0,2})"
          r"[\"']?[ \t]*$")


def k8s_secret_entries(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(byte offset of the line, ``KEY=decoded value``) for each base64 entry of a Secret."""
    if b"Secret" not in data or not compile_bytes(_KIND).search(data):
        return
    for m in compile_bytes(_ENTRY).finditer(data):
        raw = m.group(2)
        if len(raw) % 4:
            continue
        try:
            plain = base64.b64decode(raw, validate=True)
        except (ValueError, binascii.Error):
            continue
        try:
            text = plain.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if not text.strip() or any(ord(c) < 9 for c in text):
            continue
        yield m.start(), m.group(1) + b"=" + plain
