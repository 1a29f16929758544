"""Map positions in raw ``git log -p``/``git diff`` output back to commit, file and line.

The history scan hands megabytes of raw patch text to the engine in one call and never
splits it into lines in Python. Only for the few lines where the engine found something do
we look backwards from that position: the commit marker line, the ``diff --git``/``diff --cc``
header, the ``+++ b/<path>`` line, the ``@@`` hunk header, and a C-speed ``bytes.count`` of
the lines in between gives the line number in the new file. Lines that are not additions
(context, removals, headers) are dropped, so only what a commit adds is reported.

Layout we rely on (pinned by :data:`~.plumbing.PATCH_CONFIG`): every line of file content
starts with a prefix column (``+``, ``-``, space; one column per parent in combined diffs),
so ``\\n@@``, ``\\ndiff --`` and the marker can only be headers. Commit messages are
indented by one space (``%w(0,1,1)``) for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scanner.sources.git.plumbing import decode_path, unquote

#: First bytes of the line git prints before each commit (see :data:`COMMIT_FORMAT`).
MARKER = b"CREDSCAN-COMMIT "
_NL_MARKER = b"\n" + MARKER
#: ``--format`` for ``git log``: marker line with metadata, then the indented message.
COMMIT_FORMAT = (MARKER.decode() + "%H %P%x1f%an%x1f%ae%x1f%aI%x1f%s%n%w(0,1,1)%B%w(0,0,0)")
MESSAGE_FILE = "<commit message>"


@dataclass(frozen=True, slots=True)
class CommitHeader:
    """The metadata printed on a marker line."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str
    subject: str


@dataclass(frozen=True, slots=True)
class Location:
    """Where a line of patch output belongs. ``file`` is :data:`MESSAGE_FILE` for messages."""

    commit_pos: int  # offset of the marker line (-1 when the patch has no markers)
    file: str
    line: int  # 1-based line number in the new version of the file (or in the message)
    prefix: int  # number of prefix columns on the line (0 for message lines: the indent)


def parse_header(line: bytes) -> CommitHeader:
    """Parse one marker line (with or without the trailing newline)."""
    body = line[len(MARKER):].rstrip(b"\n").decode("utf-8", "replace")
    head, _, rest = body.partition("\x1f")
    ids = head.split(" ")
    fields = rest.split("\x1f")
    fields += [""] * (4 - len(fields))
    return CommitHeader(sha=ids[0], parents=tuple(p for p in ids[1:] if p),
                        author=fields[0], email=fields[1], date=fields[2],
                        subject="\x1f".join(fields[3:]))


def header_at(data: bytes, pos: int) -> CommitHeader:
    """The commit header whose marker line starts at ``pos``."""
    end = data.find(b"\n", pos)
    return parse_header(data[pos:end if end >= 0 else len(data)])


def line_starts(data: bytes, lines: Iterable[int], block: int = 1 << 16) -> dict[int, int]:
    """Byte offset of the start of each requested 1-based line, in one forward pass.

    Skips whole blocks with ``bytes.count`` and only ``find``s newline by newline inside
    the block holding the target, so the cost is C-speed and proportional to the data.
    """
    out: dict[int, int] = {}
    pos, cur, n = 0, 1, len(data)
    for target in sorted(set(lines)):
        need = target - cur
        while need > 0:
            end = min(pos + block, n)
            cnt = data.count(b"\n", pos, end)
            if cnt < need and end < n:
                need -= cnt
                pos = end
                continue
            while need > 0:
                nl = data.find(b"\n", pos)
                if nl < 0:
                    return out
                pos = nl + 1
                need -= 1
        cur = target
        out[target] = pos
    return out


def path_from_file_header(header: bytes) -> str | None:
    """New-side path of one file section (``+++ b/x``; else the ``diff`` line)."""
    i = header.find(b"\n+++ ")
    if i >= 0:
        end = header.find(b"\n", i + 5)
        raw = header[i + 5:end if end >= 0 else len(header)]
        if raw.startswith(b"/dev/null"):
            return None
        raw = unquote(raw)
        return decode_path(raw[2:] if raw.startswith(b"b/") else raw)
    first = header.split(b"\n", 1)[0]
    if first.startswith(b"diff --cc "):
        return decode_path(unquote(first[10:]))
    if first.startswith(b"diff --git "):
        rest = first[11:]
        if rest.endswith(b'"'):
            j = rest.rfind(b' "')
            raw = unquote(rest[j + 1:]) if j >= 0 else rest
        else:
            j = rest.find(b" b/")
            raw = rest[j + 1:] if j >= 0 else rest
        return decode_path(raw[2:] if raw.startswith(b"b/") else raw)
    return None


def hunk_new_start(hunk_line: bytes) -> tuple[int, int]:
    """(number of parents, first new-file line) of a ``@@ -a,b +c,d @@`` header."""
    ats = len(hunk_line) - len(hunk_line.lstrip(b"@"))
    parents = max(1, ats - 1)
    plus = hunk_line.find(b" +", ats)
    if plus < 0:
        return parents, 0
    j = plus + 2
    k = j
    while k < len(hunk_line) and 48 <= hunk_line[k] <= 57:
        k += 1
    return parents, int(hunk_line[j:k] or b"0")


def _result_lines_before(data: bytes, start: int, off: int, parents: int) -> int:
    """How many lines of the new file lie between ``start`` and ``off`` (both line starts)."""
    if off <= start:
        return 0
    total = data.count(b"\n", start, off)
    noeol = data.count(b"\n\\", start - 1, off)
    if parents == 1:
        removed = data.count(b"\n-", start - 1, off)
    elif parents == 2:
        removed = data.count(b"\n-", start - 1, off) + data.count(b"\n -", start - 1, off)
    else:  # octopus merges: rare, a short Python loop over one hunk
        lines = data[start:off].split(b"\n")[:-1]
        return sum(1 for ln in lines if ln[:1] != b"\\" and b"-" not in ln[:parents])
    return total - removed - noeol


def locate(data: bytes, off: int, markers: bool = True) -> Location | None:
    """Locate the line starting at ``off``; None unless it is an added line or a message line.

    With ``markers`` False the data is one plain patch (``git diff``) without commit lines.
    """
    commit_pos = -1
    body_start = 0
    if markers:
        if data.startswith(MARKER, off):
            return None
        m = data.rfind(_NL_MARKER, 0, off)
        if m >= 0:
            commit_pos = m + 1
        elif data.startswith(MARKER):
            commit_pos = 0
        else:
            return None
        nl = data.find(b"\n", commit_pos)
        if nl < 0 or off <= nl:
            return None
        body_start = nl + 1
    d = data.rfind(b"\ndiff --", max(body_start - 1, 0), off)
    if d >= 0:
        d += 1
    elif body_start < off and data.startswith(b"diff --", body_start):
        d = body_start
    elif markers:
        line = data.count(b"\n", body_start, off) + 1
        return Location(commit_pos, MESSAGE_FILE, line, 0)
    else:
        return None
    if data[off:off + 1] != b"+":
        return None
    h = data.rfind(b"\n@@", d, off)
    if h < 0:
        return None
    h += 1
    hend = data.find(b"\n", h)
    if hend < 0 or hend >= off:
        return None
    parents, start = hunk_new_start(data[h:hend])
    if data[off:off + parents].count(b"+") != parents:
        return None  # in a combined diff: present in some parent, not added by the merge
    path = path_from_file_header(data[d:h])
    if path is None:
        return None
    line = start + _result_lines_before(data, hend + 1, off, parents)
    return Location(commit_pos, path, line, parents)


def cut_point(buf: bytes) -> int:
    """Offset of the last commit marker after the start (a clean place to split), or -1."""
    p = buf.rfind(_NL_MARKER)
    return p + 1 if p > 0 else -1


def continuation(buf: bytes, cut: int) -> bytes:
    """Header lines to put before ``buf[cut:]`` when a huge commit must be split mid-way.

    ``cut`` must be a line start. The prefix repeats the commit marker line, the file header
    and a synthetic hunk header so that :func:`locate` maps the rest exactly as before.
    """
    m = buf.rfind(_NL_MARKER, 0, cut)
    cpos = m + 1 if m >= 0 else (0 if buf.startswith(MARKER) else -1)
    if cpos < 0:
        return b""
    mend = buf.find(b"\n", cpos) + 1
    prefix = buf[cpos:mend]
    d = buf.rfind(b"\ndiff --", mend - 1, cut)
    if d < 0 or d + 1 == cut:
        return prefix
    d += 1
    h = buf.rfind(b"\n@@", d, cut)
    if h < 0:
        return prefix + buf[d:cut]
    h += 1
    hend = buf.find(b"\n", h) + 1
    if hend > cut:
        return prefix + buf[d:cut]
    parents, start = hunk_new_start(buf[h:hend - 1])
    nxt = start + _result_lines_before(buf, hend, cut, parents)
    ats = b"@" * (parents + 1)
    olds = b" ".join([b"-0,0"] * parents)
    return prefix + buf[d:h] + ats + b" " + olds + b" +" + str(nxt).encode() + b" " + ats + b"\n"
