"""Bytes in, bytes out: what text a file holds, in which encoding, and what to scan.

The engine matches on bytes (UTF-8 or anything ASCII-compatible). This module decides which
byte strings stand for a file's content, without trusting a file's own claims:

- :func:`decode_candidates(data) <decode_candidates>` -> ``list[bytes]``: the texts to scan,
  one or two. A UTF-16/32 byte-order mark is believed only when the decoded text is plausible
  (two bytes ``\\xff\\xfe`` in front of an ASCII key file must not hide it); otherwise the bytes
  are scanned as they are, and when the evidence is mixed both ways are scanned. UTF-16/32
  *without* a mark is recognised by its NUL pattern and transcoded. A UTF-8 mark is dropped and
  CRLF becomes LF (same line numbers and columns; ``$`` means end of line).
- :func:`looks_binary(head) <looks_binary>` -> ``bool``: the first block (:data:`SNIFF` bytes)
  is binary: many NULs or control bytes, not explained as UTF-16/32. One stray NUL in a text
  file does not make it binary.
- :func:`printable_runs(data) <printable_runs>` -> ``bytes``: for binary content, a
  ``strings``-like extraction (ASCII runs and UTF-16LE runs of at least :data:`MIN_RUN`
  characters, each run's own line breaks kept, runs separated by ``\\n``), so the
  high-confidence rules (prefix and checksum formats, PEM blocks) still run over binaries.
  Line numbers then count lines of the extraction, not of the file.
- :func:`detect_encoding(head) <detect_encoding>`: the encoding name those decisions used.

Every function is total: any bytes in, no exception out.
"""

from __future__ import annotations

import codecs
from typing import Any

from scanner.engine.regex import compile_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Bytes looked at to classify content (the head of a file or chunk).
SNIFF = 8192
#: Shortest run kept by :func:`printable_runs` (an AWS key ID is 20, a PEM line 64).
MIN_RUN = 8
#: Share of NUL/control bytes above which content is binary.
BINARY_SHARE = 0.01

#: Control bytes that do not occur in text (tab, LF, VT, FF, CR and ESC do).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))


def _zero_share(head: bytes, phase: int, width: int) -> float:
    cells = head[phase::width]
    return cells.count(0) / len(cells) if cells else 0.0


def _pattern_encoding(head: bytes) -> str | None:
    """UTF-16/32 recognised by where the NUL bytes sit (no byte-order mark needed)."""
    n = len(head)
    if n < 4 or b"\x00" not in head:
        return None
    if n >= 8:
        z = [_zero_share(head[: n - n % 4], p, 4) for p in range(4)]
        if z[1] > 0.9 and z[2] > 0.9 and z[3] > 0.9 and z[0] < 0.5:
            return "utf-32-le"
        if z[0] > 0.9 and z[1] > 0.9 and z[2] > 0.9 and z[3] < 0.5:
            return "utf-32-be"
    even, odd = _zero_share(head, 0, 2), _zero_share(head, 1, 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _strict(data: bytes, enc: str) -> str | None:
    width = 4 if "32" in enc else 2
    try:
        return data[: len(data) - len(data) % width].decode(enc)
    except UnicodeDecodeError:
        return None


def _plausible(text: str) -> bool:
    """Decoded text that a person could have written: almost no controls or odd code points."""
    if not text:
        return True
    bad = 0
    for ch in text[:SNIFF]:
        o = ord(ch)
        if (o < 32 and ch not in "\t\n\r\f\v\x1b") or 0xD800 <= o < 0xE000 or o in (
                0xFFFD, 0xFFFE, 0xFFFF) or 0xE000 <= o < 0xF900:
            bad += 1
    return bad <= max(1, len(text[:SNIFF]) // 100)


def _ascii_text(raw: bytes) -> bool:
    """The bytes read as ASCII/UTF-8 text themselves (what a BOM-prefixed key file looks like)."""
    head = raw[:SNIFF]
    if not head or b"\x00" in head:
        return False
    printable = sum(1 for b in head if 32 <= b < 127 or b in (9, 10, 13))
    return printable >= 0.95 * len(head)


def detect_encoding(head: bytes) -> str:
    """``utf-8`` (anything ASCII-compatible), ``utf-16-le/-be`` or ``utf-32-le/-be``.

    A byte-order mark counts only when the decoded head is plausible text; otherwise the
    NUL pattern decides.
    """
    for bom, enc in _BOMS:
        if head.startswith(bom):
            text = _strict(head[len(bom):], enc)
            if text is not None and _plausible(text) and not _ascii_text(head[len(bom):]):
                return enc
            break
    found = _pattern_encoding(head[:SNIFF])
    if found is not None:
        text = _strict(head[:SNIFF], found)
        if text is not None and _plausible(text):
            return found
    return "utf-8"


def _lf(data: bytes) -> bytes:
    # a one-byte search is memchr (many GB/s); a two-byte one is a general substring search,
    # a second per gigabyte of text that almost never holds a carriage return
    return data.replace(b"\r\n", b"\n") if b"\r" in data and b"\r\n" in data else data


def _transcode(data: bytes, enc: str) -> bytes:
    return _lf(data.decode(enc, "replace").encode("utf-8", "surrogateescape"))


def decode_candidates(data: bytes) -> list[bytes]:
    """The byte strings to scan for ``data``: usually one; two when the encoding is unsure.

    The first candidate is the best reading (its line numbers are the ones to report).
    """
    if data.startswith(codecs.BOM_UTF8):
        return [_lf(data[3:])]
    for bom, enc in _BOMS:
        if not data.startswith(bom):
            continue
        body = data[len(bom):]
        text = _strict(body[:SNIFF], enc)
        if text is None or not _plausible(text):
            return [_lf(body)]  # the mark lies: scan the bytes as they are
        decoded = _transcode(body, enc)
        if b"\x00" in body[:SNIFF] and not _ascii_text(body):
            return [decoded]
        return [_lf(body), decoded]  # no NULs after the mark: ASCII posing as UTF-16, or CJK
    found = _pattern_encoding(data[:SNIFF])
    if found is not None:
        text = _strict(data[:SNIFF], found)
        if text is not None and _plausible(text):
            return [_transcode(data, found)]
        return [_lf(data), _transcode(data, found)]
    return [_lf(data)]


def looks_binary(head: bytes) -> bool:
    """True when ``head`` is binary: NUL/control bytes above :data:`BINARY_SHARE`, not UTF-16/32.

    Binary content is not skipped: scan :func:`printable_runs` of it with the
    high-confidence rules.
    """
    head = head[:SNIFF]
    for bom, _ in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL))  # one pass, not two
    if not controls:
        return False
    if detect_encoding(head) != "utf-8":
        return False
    return controls > BINARY_SHARE * len(head)


#: Old name, kept for callers not yet moved to :func:`looks_binary`.
is_binary = looks_binary


def _run_patterns(n: int) -> tuple[Any, Any]:
    """RE2 patterns for ASCII runs and UTF-16LE runs of at least ``n`` characters."""
    return (compile_bytes(r"[\x20-\x7e\t\r\n]{" + str(n) + ",}"),
            compile_bytes(r"(?:[\x20-\x7e\t\r\n]\x00){" + str(n) + ",}"))


def printable_runs(data: bytes, min_run: int = MIN_RUN) -> bytes:
    """``strings``-style text of binary ``data``: ASCII and UTF-16LE runs, one per line."""
    min_run = max(1, min_run)
    rx_a, rx_u = _run_patterns(min_run)
    runs: list[tuple[int, bytes]] = []
    for m in rx_a.finditer(data):
        run = m.group(0).strip(b"\r\n")
        if len(run) >= min_run:
            runs.append((m.start(), run))
    if b"\x00" in data:
        for m in rx_u.finditer(data):
            run = m.group(0)[::2].strip(b"\r\n")
            if len(run) >= min_run:
                runs.append((m.start(), run))
        runs.sort(key=lambda t: t[0])
    if not runs:
        return b""
    return _lf(b"\n".join(r for _, r in runs)) + b"\n"


def normalize(data: bytes) -> bytes:
    """The best reading of ``data`` (first of :func:`decode_candidates`); kept for old callers."""
    return decode_candidates(data)[0]


def to_text(raw: bytes) -> str:
    """Decode matched bytes for display; invalid bytes never raise."""
    return raw.decode("utf-8", "replace")
