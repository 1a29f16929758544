"""What the next commit adds: the added lines of the index against its parent(s).

Each staged file is scanned whole (the engine sees full context: a key ID on an unchanged
line still pairs with a new secret, allow markers above a line still count) and only
findings on added lines are kept, with line numbers of the staged version. Parents are
``HEAD`` (the empty tree on an unborn branch), plus ``MERGE_HEAD`` while a merge is in
progress (a line is new only if no parent has it), or ``HEAD``'s own parents for
``git commit --amend``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from scanner.engine.textio import is_binary, normalize, printable_runs
from scanner.errors import SourceError
from scanner.gitexec import run_git
from scanner.models import Fragment, ScanStats
from scanner.sources.git.blobs import BlobReader
from scanner.sources.git.patch import FilePatch, parse_patch
from scanner.sources.git.plumbing import (
    PATCH_ARGS,
    PATCH_CONFIG,
    RepoInfo,
    discover,
    empty_tree,
)

#: Files larger than this are scanned around their added lines only (others blanked).
WHOLE_FILE_LIMIT = 1 << 20
WINDOW = 5


def require_work_tree(repo: str) -> RepoInfo:
    """Discover the repository; a bare one (or a ``.git`` directory) is an error."""
    info = discover(repo)
    if info.bare or not info.work_tree:
        raise SourceError("credscan staged needs a work tree (this is a bare repository "
                          "or a .git directory)")
    return info


def _merge_heads(info: RepoInfo) -> list[str]:
    try:
        with open(os.path.join(info.git_dir, "MERGE_HEAD"), encoding="ascii") as fh:
            return [ln.strip() for ln in fh if ln.strip()]
    except OSError:
        return []


def detect_amend() -> bool:
    """Whether an ancestor process is ``git commit --amend`` (Linux /proc; best effort).

    git tells a pre-commit hook nothing about ``--amend``; ``CREDSCAN_AMEND=1|0`` overrides.
    """
    env = os.environ.get("CREDSCAN_AMEND")
    if env is not None:
        return env.strip() not in ("", "0", "false", "no")
    pid = os.getppid()
    for _ in range(6):
        if pid <= 1:
            return False
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                argv = fh.read().split(b"\0")
            with open(f"/proc/{pid}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            return False
        if argv and os.path.basename(argv[0]) in (b"git", b"git.exe") and b"commit" in argv:
            return b"--amend" in argv
        try:
            pid = int(stat[stat.rfind(b")") + 2:].split()[1])
        except (ValueError, IndexError):
            return False
    return False


def commit_parents(info: RepoInfo, amend: bool | None = None) -> list[str]:
    """The trees the commit being made will be compared with (see the module doc)."""
    head = info.head
    if amend is None:
        amend = head is not None and detect_amend()
    if amend and head is not None:
        out = run_git(["rev-list", "--parents", "-n", "1", head], cwd=info.path).split()
        parents = [p.decode() for p in out[1:]]
        return parents or [empty_tree(info.path)]
    if head is None:
        return [empty_tree(info.path)]
    return [head, *_merge_heads(info)]


def staged_patches(repo: str, base: str) -> list[FilePatch]:
    """Parse ``git diff --cached`` against ``base`` (renames and copies detected)."""
    out = run_git([*PATCH_CONFIG, "diff", "--cached", *PATCH_ARGS, "-M", "-C",
                   "--ignore-submodules=none", base, "--"], cwd=repo)
    return parse_patch(out)


def _combine(per_base: list[list[FilePatch]]) -> list[FilePatch]:
    """Keep, per new path, only lines added against every base (merges)."""
    first = [f for f in per_base[0] if f.path is not None]
    if len(per_base) == 1:
        return first
    others = [{f.path: f for f in fs if f.path is not None} for fs in per_base[1:]]
    out = []
    for f in first:
        added = set(f.added)
        binary_new = f.binary
        for o in others:
            g = o.get(f.path or "")
            if g is None:  # identical to this parent: nothing new
                added = set()
                binary_new = False
                break
            added &= set(g.added)
            binary_new = binary_new and g.binary
        f.added = sorted(added)
        f.binary = binary_new
        out.append(f)
    return out


def _window(data: bytes, added: Sequence[int]) -> bytes:
    """Blank every line farther than WINDOW lines from an added line (line numbers kept)."""
    lines = data.split(b"\n")
    keep: set[int] = set()
    for n in added:
        keep.update(range(max(1, n - WINDOW), n + WINDOW + 1))
    return b"\n".join(ln if i in keep else b"" for i, ln in enumerate(lines, 1))


@dataclass
class StagedSource:
    """What the next commit adds: each staged file whole (for context), reported only on the
    lines it adds. Files git calls binary are judged by their content."""

    repo: str = "."
    amend: bool | None = None
    paths: tuple[str, ...] = ()
    stats: ScanStats = field(default_factory=ScanStats)
    errors: list[str] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # submodules
    #: paths the commit adds or changes (top-relative; known after :meth:`prepare`)
    changed: frozenset[str] = frozenset()
    #: ``changed`` plus the paths it deletes or renames away
    touched: frozenset[str] = frozenset()
    _prepared: tuple[RepoInfo, list[FilePatch]] | None = field(
        default=None, repr=False, compare=False)

    def split(self, parts: int) -> list[StagedSource]:
        return [self]

    def prepare(self) -> None:
        """Discover the repository and diff the index against the commit's parents, once:
        the hook decides what to scan (and whether its own configuration changes) from the
        same diff it scans, instead of asking git again."""
        if self._prepared is not None:
            return
        info = require_work_tree(self.repo)
        self.bases = commit_parents(info, self.amend)
        per_base = [staged_patches(info.path, b) for b in self.bases]
        self.changed = frozenset(f.path for fs in per_base for f in fs if f.path is not None)
        self.touched = self.changed | {f.old_path for fs in per_base for f in fs
                                       if f.old_path is not None}
        self._prepared = (info, _combine(per_base))

    def fragments(self) -> Iterator[Fragment]:
        self.prepare()
        assert self._prepared is not None
        info, files = self._prepared
        self.skipped = [f.path or "" for f in files if f.submodule]
        todo = [f for f in files if not f.submodule and not f.null_new and (f.added or f.binary)]
        if self.paths:
            wanted = set(self.paths)
            todo = [f for f in todo if f.path in wanted]
        st = self.stats
        with BlobReader(info.path) as blobs:
            binaries: list[tuple[FilePatch, bytes]] = []
            contents = blobs.stream([f.new_blob or "" for f in todo])
            try:
                for f, (_, data) in zip(todo, contents, strict=True):
                    assert f.path is not None
                    if data is None:
                        raise SourceError(f"cannot read the staged content of {f.path}")
                    st.files += 1
                    st.bytes += len(data)
                    if f.binary:  # needs its old version: read after the stream ends
                        binaries.append((f, data))
                        continue
                    st.lines += len(f.added)
                    body = data if len(data) <= WHOLE_FILE_LIMIT else _window(data, f.added)
                    yield Fragment(text=body, path=f.path, rel=f.path,
                                   only_lines=frozenset(f.added))
            finally:
                contents.close()  # stops the reader's writer thread if we stopped early
            for f, data in binaries:
                frag = self._binary(f, data, blobs)
                if frag is not None:
                    yield frag
        st.commits = 0

    def _binary(self, f: FilePatch, data: bytes, blobs: BlobReader) -> Fragment | None:
        """Files git calls binary (UTF-16 text, attributes): the lines the old version lacked;
        a real binary through its printable runs (high-confidence rules only)."""
        old = blobs.read(f.old_blob) if f.old_blob and set(f.old_blob) != {"0"} else None
        binary = is_binary(data[:8192])
        new_text, old_text, kind = (
            (printable_runs(data), printable_runs(old) if old is not None else None, "binary")
            if binary else (normalize(data), normalize(old) if old is not None else None, "file"))
        if binary:
            self.stats.binary_skipped += 1
        old_set = set(old_text.split(b"\n")) if old_text is not None else set()
        lines = frozenset(i for i, ln in enumerate(new_text.split(b"\n"), 1)
                          if ln.strip() and ln not in old_set)
        if not binary:
            self.stats.lines += len(lines)
        assert f.path is not None
        if not lines:
            return None
        return Fragment(text=new_text if binary else data, path=f.path, rel=f.path,
                        only_lines=lines, kind=kind)
