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


def parse_patch(data: bytes) -> list[FilePatch]:
    """Parse ``git diff -U0 --full-index`` output (pinned format, see :mod:`.plumbing`)."""
    files: list[FilePatch] = []
    cur: FilePatch | None = None
    line_no = 0
    in_hunk = False
    parents = 1
    for line in data.split(b"\n"):
        if line.startswith(b"diff --git ") or line.startswith(b"diff --cc "):
            cur = FilePatch()
            files.append(cur)
            in_hunk = False
            if line.startswith(b"diff --git "):
                cur.old_path, cur.path = _diff_line_paths(line[11:])
            else:
                cur.old_path = cur.path = _strip(line[10:], b"")
            continue
        if cur is None:
            continue
        if in_hunk:
            c = line[:1]
            if c in (b"+", b"-", b" ", b"\\"):
                pre = line[:parents]
                if c == b"\\" or b"-" in pre:
                    continue  # "no newline" note, or a line that is not in the new file
                if pre.count(b"+") == parents:
                    cur.added.append(line_no)
                line_no += 1
                continue
            in_hunk = False  # a header line: fall through
        if line.startswith(b"@@"):
            from scanner.sources.git.diffmap import hunk_new_start

            parents, line_no = hunk_new_start(line)
            in_hunk = True
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
