"""Files, directories and stdin: which files to scan, and reading them safely.

Inside a git work tree the file list comes from ``git ls-files`` (so ``.gitignore`` is
honoured exactly as git does); elsewhere, or with ``--no-ignore``, from a directory walk that
skips virtual environments, dependency and build directories unless told otherwise.
``.git/`` is always skipped. Symbolic links are not followed unless asked (a link to
``~/.aws/credentials`` in a pull request must not put the scanning machine's keys into a
report). Files are opened without blocking and checked to be regular files after opening
(a FIFO swapped in after listing cannot hang the scan). Large files and stdin are read in
overlapping chunks, so memory stays bounded and a secret on a boundary is whole in one.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from scanner.config.load import find_root
from scanner.engine.textio import SNIFF, is_binary, printable_runs
from scanner.errors import SourceError
from scanner.gitexec import try_git
from scanner.models import Fragment, ScanStats

CHUNK = 16 * 1024 * 1024
OVERLAP = 64 * 1024
SKIP_DIRS = frozenset({".git", ".hg", ".svn"})
#: Directories a walk outside git skips (``--no-default-excludes`` scans them).
#: Bundles in ``build/`` and ``dist/`` are scanned on purpose: a key compiled into front-end
#: JavaScript is a classic leak.
DEFAULT_EXCLUDES = (
    ".venv", "venv", "node_modules", ".tox", ".nox", "__pycache__", "site-packages",
    "dist-packages", "*.egg-info", ".eggs", ".mypy_cache", ".pytest_cache", ".ruff_cache",
)
#: Extensions that are binary by construction: counted as skipped without being opened.
BINARY_EXTENSIONS = frozenset(
    ".so .pyc .pyo .pyd .dll .dylib .exe .o .a .lib .class .jar .war .ear .whl .egg .zip .gz "
    ".tgz .bz2 .xz .zst .7z .rar .png .jpg .jpeg .gif .bmp .ico .webp .tif .tiff .psd .pdf .mp3 "
    ".mp4 .m4a .wav .ogg .flac .avi .mov .mkv .webm .woff .woff2 .ttf .otf .eot .bin .dat .db "
    ".sqlite .sqlite3 .npy .npz .pkl .pickle .parquet .feather .h5 .hdf5 .onnx .pt .pth "
    ".safetensors .wasm"
    .split()
)


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file to scan: its path on disk, the name to report, and its path from the root."""

    path: str
    display: str
    size: int
    rel: str = ""  # relative to the repository (or scanned directory) root


@dataclass(frozen=True)
class Selection:
    """How paths expand into files."""

    no_ignore: bool = False
    follow_symlinks: bool = False
    default_excludes: bool = True
    excludes: tuple[str, ...] = ()


class BinaryFile(Exception):
    """A binary file: by its extension (never opened) or by its content."""

    def __init__(self, path: str, by_content: bool = False) -> None:
        super().__init__(path)
        self.by_content = by_content


class NotRegular(Exception):
    """The path is not a regular file once opened (FIFO, device, directory)."""


def _git_files(root: Path, under: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files below ``under``, or None on failure."""
    try:
        rel = str(under.relative_to(root)) or "."
    except ValueError:
        return None
    code, out = try_git(["ls-files", "-z", "--cached", "--others", "--exclude-standard",
                         "--", rel], cwd=str(root), timeout=300)
    if code != 0:
        return None
    names = sorted({n for n in out.decode("utf-8", "surrogateescape").split("\0") if n})
    return [str(root / n) for n in names]


class _Excluder:
    """Gitignore-style globs over paths relative to the scanned root."""

    def __init__(self, globs: Sequence[str]) -> None:
        self.spec = None
        if globs:
            import pathspec

            self.spec = pathspec.GitIgnoreSpec.from_lines(globs)

    def __call__(self, rel: str, is_dir: bool = False) -> bool:
        if self.spec is None:
            return False
        return bool(self.spec.match_file(rel + ("/" if is_dir else "")))


class _NameExcluder:
    """The default excludes, asked about directory names only: the same answers as
    :class:`_Excluder` on the name, remembered per name (names repeat across a tree)."""

    def __init__(self, globs: Sequence[str]) -> None:
        self._excl = _Excluder(globs)
        self._seen: dict[str, bool] = {}

    def __call__(self, name: str) -> bool:
        hit = self._seen.get(name)
        if hit is None:
            hit = self._excl(name, True)
            if len(self._seen) < 65536:
                self._seen[name] = hit
        return hit


def _walk(top: str, sel: Selection, excl: _Excluder, root: str,
          errors: list[str]) -> Iterator[tuple[str, int, str]]:
    """Regular files below ``top`` with their sizes and paths from ``root``; directory links
    are never followed.

    Paths from the root are made by joining names onto the directory's absolute path (what
    :func:`_relative` computes, without normalising every entry's path: a tree of 60,000
    files spent a second of the scan's serial start there)."""
    default = _NameExcluder(DEFAULT_EXCLUDES if sel.default_excludes else ())
    prefix = root + os.sep
    stack = [(top, os.path.abspath(top))]
    while stack:
        d, ad = stack.pop()
        try:
            it = os.scandir(d)
        except OSError as exc:
            errors.append(f"{d}: {exc.strerror or exc}")
            continue
        with it:
            entries = sorted(it, key=lambda e: e.name)
        subdirs = []
        base = ad if ad.endswith(os.sep) else ad + os.sep
        for e in entries:
            try:
                ae = base + e.name
                rel = ae[len(prefix):] if ae.startswith(prefix) else ae.lstrip("/")
                if e.is_dir(follow_symlinks=False):
                    if e.name in SKIP_DIRS or default(e.name) or excl(rel, True):
                        continue
                    subdirs.append((e.path, ae))
                elif e.is_symlink() and not sel.follow_symlinks:
                    continue
                elif e.is_file() and not excl(rel):
                    yield e.path, e.stat().st_size, rel
            except OSError:
                continue
        stack.extend(reversed(subdirs))


def _display(p: str, base: str) -> str:
    """Report paths relative to the current directory when they are below it."""
    if p.startswith("./"):
        return p[2:]
    if os.path.isabs(p) and p.startswith(base + os.sep):
        return p[len(base) + 1:]
    return p


def _relative(p: str, root: str) -> str:
    ap = os.path.abspath(p)
    return ap[len(root) + 1:] if ap.startswith(root + os.sep) else ap.lstrip("/")


def collect(paths: Iterable[str], sel: Selection = Selection(), base: Path | None = None,
            errors: list[str] | None = None) -> list[FileRef]:
    """Expand files and directories into the list of regular files to scan.

    Inside a git work tree, files are named relative to the repository root, so that
    fingerprints (and baselines) do not depend on where the scan was started from.
    """
    return list(iter_collect(paths, sel, base, errors))


@dataclass(frozen=True)
class _Target:
    """One path argument, checked: what :func:`iter_collect` expands."""

    raw: str
    resolved: Path
    is_dir: bool
    git_root: Path | None


def _target(raw: str) -> _Target:
    p = Path(raw)
    try:
        exists = p.exists() or p.is_symlink()
        is_dir = p.is_dir()
    except OSError as exc:  # a symlink loop, a name too long
        raise SourceError(f"{raw}: {exc.strerror or exc}") from None
    if not exists:
        raise SourceError(f"no such file or directory: {raw}")
    try:
        resolved = p.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise SourceError(f"{raw}: cannot resolve ({getattr(exc, 'strerror', None) or exc})"
                          ) from None
    return _Target(raw, resolved, is_dir, find_root(resolved if is_dir else resolved.parent))


def iter_collect(paths: Iterable[str], sel: Selection = Selection(), base: Path | None = None,
                 errors: list[str] | None = None) -> Iterator[FileRef]:
    """:func:`collect` as it walks, so that scanning can start before the walk ends.

    Every path is checked first: a missing one raises :class:`SourceError` here, before
    any file is yielded, as :func:`collect` does."""
    errs = errors if errors is not None else []
    base_s = str((base or Path.cwd()).resolve())
    targets = [_target(raw) for raw in paths]
    return _expand(targets, sel, base_s, errs)


def _expand(targets: list[_Target], sel: Selection, base_s: str,
            errs: list[str]) -> Iterator[FileRef]:
    seen: set[str] = set()
    for t in targets:
        raw, resolved, is_dir, git_root = t.raw, t.resolved, t.is_dir, t.git_root
        root = str(git_root) if git_root is not None else str(
            resolved if is_dir else resolved.parent)
        excl = _Excluder(sel.excludes)
        items: Iterator[tuple[str, int, str]]
        if is_dir:
            listed = None if sel.no_ignore or git_root is None else _git_files(git_root, resolved)
            if listed is None:
                top = str(resolved) if git_root else raw
                items = _walk(top, sel, excl, root, errs)
            else:
                items = _with_rel(_sized([c for c in listed if not excl(_relative(c, root))],
                                         sel), root)
        else:
            items = _with_rel(_sized([str(resolved) if git_root else raw], sel, explicit=True,
                                     errors=errs), root)
        for c, size, rel in items:
            if c in seen:
                continue
            seen.add(c)
            display = rel if git_root is not None else _display(c, base_s)
            yield FileRef(c, display, size, rel)


def _with_rel(items: Iterator[tuple[str, int]], root: str) -> Iterator[tuple[str, int, str]]:
    for c, size in items:
        yield c, size, _relative(c, root)


def _sized(names: list[str], sel: Selection, explicit: bool = False,
           errors: list[str] | None = None) -> Iterator[tuple[str, int]]:
    for c in names:
        if any(part in SKIP_DIRS for part in Path(c).parts):
            continue
        try:
            st = os.lstat(c)
            if stat.S_ISLNK(st.st_mode):
                if not (sel.follow_symlinks or explicit):
                    continue
                st = os.stat(c)
        except OSError:
            continue  # a dangling symlink or a file deleted meanwhile
        if stat.S_ISREG(st.st_mode):
            yield c, st.st_size
        elif explicit and errors is not None:
            errors.append(f"{c}: not a regular file (skipped)")


def _open(path: str, follow: bool) -> int:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_chunks(path: str, size: int = -1, follow: bool = True) -> Iterator[tuple[bytes, int]]:
    """Yield (bytes, line_offset) pieces of a file; raise :class:`BinaryFile` for binaries.

    Files up to :data:`CHUNK` come in one piece (one ``read`` call when the size is known).
    Larger ones come in chunks that each repeat the last :data:`OVERLAP` bytes (cut at a
    line start) of the previous one, so a match spanning the boundary is whole in the next.
    """
    dot = path.rfind(".")
    if dot > path.rfind("/") and path[dot:].lower() in BINARY_EXTENSIONS:
        raise BinaryFile(path)
    fd = _open(path, follow)
    try:
        if 0 <= size <= min(CHUNK, 1 << 20):
            data = os.read(fd, size + 1)
            if len(data) <= size or not os.read(fd, 1):
                if is_binary(data[:SNIFF]):
                    raise BinaryFile(path, by_content=True)
                yield data, 0
                return
            os.lseek(fd, 0, os.SEEK_SET)
        with os.fdopen(os.dup(fd), "rb") as fh:
            yield from read_stream(fh, path)
    finally:
        os.close(fd)


def read_stream(fh: BinaryIO, path: str) -> Iterator[tuple[bytes, int]]:
    """Chunks of a stream (a file, or stdin), each with the line offset of its first line."""
    head = fh.read(SNIFF)
    if is_binary(head):
        raise BinaryFile(path, by_content=True)
    if len(head) == SNIFF and CHUNK > SNIFF:
        head += fh.read(CHUNK - SNIFF)
    rest = fh.read(1)
    if not rest:
        yield head, 0
        return
    buf = head + rest
    line_offset = 0
    while True:
        more = fh.read(CHUNK)
        data = buf
        yield data, line_offset
        if not more:
            return
        cut = data.rfind(b"\n", 0, max(0, len(data) - OVERLAP))
        cut = cut + 1 if cut >= 0 else max(0, len(data) - OVERLAP)
        line_offset += data.count(b"\n", 0, cut)
        buf = data[cut:] + more


#: Binary-looking files up to this size are scanned through their printable runs.
BINARY_SCAN_MAX = 32 << 20


def _binary_fragment(ref: FileRef, follow: bool) -> Fragment | None:
    """The printable runs of a binary-looking file, for the high-confidence rules."""
    try:
        fd = _open(ref.path, follow)
    except (OSError, NotRegular):
        return None
    with os.fdopen(fd, "rb") as fh:
        runs = printable_runs(fh.read(BINARY_SCAN_MAX))
    return Fragment(text=runs, path=ref.display, rel=ref.rel, kind="binary") if runs else None


def _count_lines(data: bytes) -> int:
    return data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)


@dataclass
class FileSource:
    """Regular files as fragments (one per file, or per chunk of a large one)."""

    files: list[FileRef]
    follow_symlinks: bool = False
    stats: ScanStats = field(default_factory=ScanStats)
    errors: list[str] = field(default_factory=list)

    def fragments(self) -> Iterator[Fragment]:
        st = self.stats
        for ref in self.files:
            try:
                last = (b"", 0)
                for data, line_offset in read_chunks(ref.path, ref.size, self.follow_symlinks):
                    last = (data, line_offset)
                    yield Fragment(text=data, path=ref.display, rel=ref.rel,
                                   first_line=line_offset + 1)
                data, line_offset = last
                st.files += 1
                st.bytes += ref.size
                st.lines += line_offset + _count_lines(data)
            except BinaryFile as exc:
                st.binary_skipped += 1
                if exc.by_content and ref.size <= BINARY_SCAN_MAX:
                    frag = _binary_fragment(ref, self.follow_symlinks)
                    if frag is not None:
                        yield frag
            except NotRegular:
                st.unreadable += 1
                self.errors.append(f"{ref.display}: not a regular file (skipped)")
            except OSError as exc:
                st.unreadable += 1
                if exc.errno == getattr(os, "ELOOP", -1) and not self.follow_symlinks:
                    self.errors.append(f"{ref.display}: a symbolic link (not followed)")
                else:
                    self.errors.append(f"{ref.display}: {exc.strerror or exc}")

    def split(self, parts: int) -> list[FileSource]:
        """Parts of similar total size (largest files first)."""
        buckets: list[list[FileRef]] = [[] for _ in range(max(1, parts))]
        sizes = [0] * len(buckets)
        for ref in sorted(self.files, key=lambda r: -r.size):
            i = sizes.index(min(sizes))
            buckets[i].append(ref)
            sizes[i] += ref.size + 512  # per-file overhead
        return [FileSource(b, self.follow_symlinks) for b in buckets if b]

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    # A unit crosses a process boundary as plain tuples, each name once where it can be:
    # pickling thousands of FileRef dataclasses (three copies of a long path each) cost the
    # parent a third of a second per gigabyte of tree, on the critical path of the pool.
    def __getstate__(self) -> tuple[list[tuple[str, int | str, int, int | str]], bool,
                                    ScanStats, list[str]]:
        return ([_pack(r) for r in self.files], self.follow_symlinks, self.stats, self.errors)

    def __setstate__(self, state: tuple[list[tuple[str, int | str, int, int | str]], bool,
                                        ScanStats, list[str]]) -> None:
        packed, self.follow_symlinks, self.stats, self.errors = state
        self.files = [_unpack(t) for t in packed]


def _pack(ref: FileRef) -> tuple[str, int | str, int, int | str]:
    """(path, display or 0 (= path) or 1 (= rel), size, rel or where it starts in path)."""
    p, d, r = ref.path, ref.display, ref.rel
    rel: int | str = len(p) - len(r) if p.endswith(r) else r
    disp: int | str = 0 if d == p else 1 if d == r else d
    return (p, disp, ref.size, rel)


def _unpack(t: tuple[str, int | str, int, int | str]) -> FileRef:
    p, disp, size, rel = t
    r = p[rel:] if isinstance(rel, int) else rel
    d = disp if isinstance(disp, str) else p if disp == 0 else r
    return FileRef(p, d, size, r)


def stream_units(refs: Iterable[FileRef], follow_symlinks: bool, max_bytes: int,
                 max_files: int) -> Iterator[FileSource]:
    """Consecutive runs of ``refs`` as units of at most ``max_bytes`` (or ``max_files``),
    made as the files are listed: a pool can scan the first while the walk goes on."""
    batch: list[FileRef] = []
    size = 0
    for ref in refs:
        batch.append(ref)
        size += ref.size
        if size >= max_bytes or len(batch) >= max_files:
            yield FileSource(batch, follow_symlinks)
            batch, size = [], 0
    if batch:
        yield FileSource(batch, follow_symlinks)


@dataclass
class StreamSource:
    """One stream (stdin) as overlapping chunks under one name; never read whole."""

    stream: BinaryIO | None = None
    name: str = "<stdin>"
    stats: ScanStats = field(default_factory=ScanStats)
    errors: list[str] = field(default_factory=list)

    def fragments(self) -> Iterator[Fragment]:
        fh = self.stream if self.stream is not None else sys.stdin.buffer
        try:
            last = (b"", 0)
            nbytes = 0
            prev_end = 0
            for data, line_offset in read_stream(fh, self.name):
                last = (data, line_offset)
                nbytes += len(data) - max(0, prev_end)
                prev_end = 0
                yield Fragment(text=data, path=self.name, first_line=line_offset + 1)
            data, line_offset = last
            self.stats.files += 1
            self.stats.bytes += nbytes
            self.stats.lines += line_offset + _count_lines(data)
        except BinaryFile:
            self.stats.binary_skipped += 1
            self.errors.append(f"{self.name}: binary input (skipped)")

    def split(self, parts: int) -> list[StreamSource]:
        return [self]
