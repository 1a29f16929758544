"""A line-by-line parser for small patches (the staged diff): files, blobs, added lines.

The history scan never parses patches in Python (see :mod:`.diffmap`); the staged diff of
one commit is small, and knowing each file's blob ids and exact added line numbers lets
:mod:`.staged` scan the whole staged file (full context) and keep only what is new.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scanner.sources.git.plumbing import decode_path, unquote

SUBMODULE_MODE = "160000"


@dataclass(slots=True)
class FilePatch:
    """One file of a ``git diff`` patch."""

    path: str | None = None  # new-side path (None: deleted)
    old_path: str | None = None
    status: str = "M"  # A added, D deleted, M modified, R renamed, C copied, T mode only
    old_blob: str | None = None
    new_blob: str | None = None
    new_mode: str | None = None
    binary: bool = False
    submodule: bool = False
    added: list[int] = field(default_factory=list)

    @property
    def null_new(self) -> bool:
        return self.new_blob is None or set(self.new_blob) <= {"0"}


def _strip(raw: bytes, prefix: bytes) -> str:
    raw = unquote(raw)
    return decode_path(raw[len(prefix):] if raw.startswith(prefix) else raw)


def _diff_line_paths(rest: bytes) -> tuple[str | None, str | None]:
    """Paths of ``diff --git a/x b/y`` (quoted or not; ambiguous spaces resolved best-effort)."""
    if rest.startswith(b'"'):
        end = 1
        while end < len(rest):
            if rest[end] == 92:
                end += 2
                continue
            if rest[end] == 34:
                break
            end += 1
        a, b = rest[:end + 1], rest[end + 2:]
    elif rest.endswith(b'"'):
        j = rest.rfind(b' "')
        a, b = rest[:j], rest[j + 1:]
    else:
        half = (len(rest) - 1) // 2  # "a/P b/P": the common case has equal halves
        if rest[half:half + 3] == b" b/" and rest[2:half] == rest[half + 3:]:
            a, b = rest[:half], rest[half + 1:]
        else:
            j = rest.find(b" b/")
            a, b = (rest[:j], rest[j + 1:]) if j >= 0 else (rest, rest)
    return _strip(a, b"a/"), _strip(b, b"b/")


def _hunk_counts(line: bytes) -> tuple[int, int] | None:
    """(first new line, new line count) of a one-parent ``@@ -a,b +c,d @@`` header."""
    plus = line.find(b" +", 2)
    if plus < 0:
        return None
    end = line.find(b" ", plus + 2)
    spec = line[plus + 2:end if end >= 0 else len(line)]
    start, _, count = spec.partition(b",")
    try:
        return int(start), int(count) if count else 1
    except ValueError:
        return None


class _Headers:
    """Offsets of the next hunk or file header after a position (each found once)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = -2
        self.diff = -2

    def next_after(self, pos: int) -> int:
        """Start of the first line after ``pos`` that begins with ``@@`` or ``diff ``."""
        d = self.data
        if self.at != -1 and self.at < pos:
            self.at = d.find(b"\n@@", pos)
        if self.diff != -1 and self.diff < pos:
            self.diff = d.find(b"\ndiff ", pos)
        cands = [x for x in (self.at, self.diff) if x >= 0]
        return min(cands) + 1 if cands else len(d)


def parse_patch(data: bytes) -> list[FilePatch]:
    """Parse ``git diff -U0 --full-index`` output (pinned format, see :mod:`.plumbing`).

    Only header lines are looked at in Python: with ``-U0`` a one-parent hunk header says
    which new lines it adds, so its body is skipped in one search (a 2,000-file staged
    change is mostly hunk bodies). Combined (merge) hunks are walked line by line."""
    files: list[FilePatch] = []
    cur: FilePatch | None = None
    heads = _Headers(data)
    n = len(data)
    pos = 0
    while pos < n:
        eol = data.find(b"\n", pos)
        if eol < 0:
            eol = n
        line = data[pos:eol]
        pos = eol + 1
        if line.startswith(b"diff --git ") or line.startswith(b"diff --cc "):
            cur = FilePatch()
            files.append(cur)
            if line.startswith(b"diff --git "):
                cur.old_path, cur.path = _diff_line_paths(line[11:])
            else:
                cur.old_path = cur.path = _strip(line[10:], b"")
            continue
        if cur is None:
            continue
        if line.startswith(b"@@"):
            if not line.startswith(b"@@@"):
                counts = _hunk_counts(line)
                if counts is not None:
                    start, count = counts
                    cur.added.extend(range(start, start + count))
                    pos = heads.next_after(eol)
                    continue
            pos = _combined_hunk(data, line, pos, cur)
        elif line.startswith(b"new file mode "):
            cur.status = "A"
            cur.new_mode = line[14:].decode()
        elif line.startswith(b"deleted file mode "):
            cur.status = "D"
            cur.path = None
        elif line.startswith(b"new mode "):
            cur.new_mode = line[9:].decode()
            if cur.status == "M":
                cur.status = "T"
        elif line.startswith(b"rename from ") or line.startswith(b"copy from "):
            cur.status = "R" if line.startswith(b"rename") else "C"
            cur.old_path = _strip(line.split(b" ", 2)[2], b"")
        elif line.startswith(b"rename to ") or line.startswith(b"copy to "):
            cur.path = _strip(line.split(b" ", 2)[2], b"")
        elif line.startswith(b"index "):
            parts = line[6:].split(b" ")
            old, _, new = parts[0].partition(b"..")
            cur.old_blob = old.decode().split(",")[0] or None
            cur.new_blob = new.decode() or None
            if len(parts) > 1:
                cur.new_mode = parts[1].decode()
            if cur.status == "T":
                cur.status = "M"
        elif line.startswith(b"Binary files ") or line == b"GIT binary patch":
            cur.binary = True
        elif line.startswith(b"+++ ") and not line.startswith(b"+++ /dev/null"):
            cur.path = _strip(line[4:], b"b/")
        elif line.startswith(b"--- ") and not line.startswith(b"--- /dev/null"):
            cur.old_path = _strip(line[4:], b"a/")
    for f in files:
        if f.new_mode == SUBMODULE_MODE:
            f.submodule = True
    return files


def _combined_hunk(data: bytes, header: bytes, pos: int, cur: FilePatch) -> int:
    """Walk one combined-diff hunk body from ``pos``; returns the offset after it."""
    from scanner.sources.git.diffmap import hunk_new_start

    parents, line_no = hunk_new_start(header)
    n = len(data)
    while pos < n:
        eol = data.find(b"\n", pos)
        if eol < 0:
            eol = n
        c = data[pos:pos + 1]
        if c not in (b"+", b"-", b" ", b"\\") or eol == pos:
            return pos
        pre = data[pos:min(pos + parents, eol)]
        pos = eol + 1
        if c == b"\\" or b"-" in pre:
            continue  # "no newline" note, or a line that is not in the new file
        if pre.count(b"+") == parents:
            cur.added.append(line_no)
        line_no += 1
    return pos
