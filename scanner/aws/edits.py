"""Non-overlapping byte-range edits applied in one pass: every rewriter edits this way so
that all bytes outside the edited ranges are kept exactly."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: bytes


@dataclass
class Edits:
    items: list[Edit] = field(default_factory=list)

    def covers(self, start: int, end: int) -> bool:
        """True if [start, end) lies inside a range already edited (nothing left to do)."""
        return any(e.start <= start and end <= e.end and e.start < e.end for e in self.items)

    def clashes(self, start: int, end: int) -> bool:
        for e in self.items:
            if e.start == e.end or start == end:
                if e.start < start < e.end or start < e.start < end:
                    return True
                continue
            if start < e.end and e.start < end:
                return True
        return False

    def add(self, start: int, end: int, text: bytes | str) -> bool:
        """Record an edit; refuses (False) one that overlaps an earlier edit."""
        if self.clashes(start, end):
            return False
        self.items.append(Edit(start, end, text.encode("utf-8") if isinstance(text, str)
                               else text))
        return True

    def apply(self, data: bytes) -> bytes:
        out = data
        for e in sorted(self.items, key=lambda e: (e.start, e.end), reverse=True):
            out = out[:e.start] + e.text + out[e.end:]
        return out

    def __bool__(self) -> bool:
        return bool(self.items)


def line_starts(data: bytes) -> list[int]:
    """Offsets where each line begins (``\\n``, ``\\r\\n`` and lone ``\\r`` end lines)."""
    starts = [0]
    pos = 0
    for line in data.splitlines(keepends=True):
        pos += len(line)
        starts.append(pos)
    return starts


def line_of(starts: list[int], offset: int) -> int:
    """1-based line number of a byte offset."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1


def lines_with(data: bytes, needle: bytes) -> list[int]:
    """1-based lines where ``needle`` occurs."""
    if not needle:
        return []
    starts = line_starts(data)
    out: list[int] = []
    i = data.find(needle)
    while i >= 0:
        ln = line_of(starts, i)
        if not out or out[-1] != ln:
            out.append(ln)
        i = data.find(needle, i + 1)
    return out


def dominant_eol(data: bytes) -> bytes:
    crlf = data.count(b"\r\n")
    lf = data.count(b"\n") - crlf
    return b"\r\n" if crlf > lf else b"\n"
