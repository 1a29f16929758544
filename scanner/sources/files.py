"""Plain files and directories: which files to scan, and reading them safely.

Inside a git work tree the file list comes from ``git ls-files`` (so ``.gitignore`` is
honoured exactly as git does); elsewhere, or with ``--no-ignore``, from a directory walk.
``.git/`` is always skipped. Large files are read in overlapping chunks so a secret on a
chunk boundary is still found, and memory stays bounded.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from scanner.engine.textio import SNIFF, is_binary
from scanner.errors import SourceError

CHUNK = 16 * 1024 * 1024
OVERLAP = 64 * 1024
SKIP_DIRS = frozenset({".git", ".hg", ".svn"})
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
    """A file to scan: its path on disk and the name to report."""

    path: str
    display: str
    size: int
    rel: str = ""  # relative to the repository (or scanned directory) root: for allowlists


def _git_root(path: Path) -> Path | None:
    for d in (path, *path.parents):
        if (d / ".git").exists():
            return d
    return None


def _git_files(root: Path, under: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files below ``under``, or None on failure."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
             "--exclude-standard", "--", str(under.relative_to(root)) or "."],
            capture_output=True, check=True, timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    names = sorted({n for n in out.decode("utf-8", "surrogateescape").split("\0") if n})
    return [str(root / n) for n in names]


def _walk(top: str) -> Iterator[tuple[str, int]]:
    """Regular files below ``top`` with their sizes; symlinked directories are not followed."""
    stack = [top]
    while stack:
        d = stack.pop()
        try:
            it = os.scandir(d)
        except OSError:
            continue
        with it:
            entries = sorted(it, key=lambda e: e.name)
        subdirs = []
        for e in entries:
            try:
                if e.is_dir(follow_symlinks=False):
                    if e.name not in SKIP_DIRS:
                        subdirs.append(e.path)
                elif e.is_file():
                    yield e.path, e.stat().st_size
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


def collect(paths: list[str], no_ignore: bool = False, base: Path | None = None) -> list[FileRef]:
    """Expand files and directories into the list of regular files to scan.

    Inside a git work tree, files are named relative to the repository root, so that
    fingerprints (and baselines) do not depend on where the scan was started from.
    """
    base_s = str((base or Path.cwd()).resolve())
    seen: set[str] = set()
    out: list[FileRef] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists() and not p.is_symlink():
            raise SourceError(f"no such file or directory: {raw}")
        resolved = p.resolve()
        git_root = _git_root(resolved if p.is_dir() else resolved.parent)
        root = str(git_root) if git_root is not None else str(
            resolved if p.is_dir() else resolved.parent)
        if p.is_dir():
            listed = None if no_ignore or git_root is None else _git_files(git_root, resolved)
            if listed is None:
                items: Iterator[tuple[str, int]] = _walk(str(resolved) if git_root else raw)
            else:
                items = _sized(listed)
        else:
            items = _sized([str(resolved) if git_root else raw])
        for c, size in items:
            if c in seen:
                continue
            seen.add(c)
            rel = _relative(c, root)
            display = rel if git_root is not None else _display(c, base_s)
            out.append(FileRef(c, display, size, rel))
    return out


def _sized(names: list[str]) -> Iterator[tuple[str, int]]:
    for c in names:
        if any(part in SKIP_DIRS for part in Path(c).parts):
            continue
        try:
            st = os.stat(c)
        except OSError:
            continue  # a dangling symlink or a file deleted meanwhile
        if stat.S_ISREG(st.st_mode):
            yield c, st.st_size


def read_chunks(path: str, size: int = -1) -> Iterator[tuple[bytes, int]]:
    """Yield (bytes, line_offset) pieces of a file; raise :class:`BinaryFile` for binaries.

    Files up to :data:`CHUNK` come in one piece (one ``read`` call when the size is known).
    Larger ones come in chunks that each repeat the last :data:`OVERLAP` bytes (cut at a
    line start) of the previous one, so a match spanning the boundary is whole in the next.
    """
    dot = path.rfind(".")
    if dot > path.rfind("/") and path[dot:].lower() in BINARY_EXTENSIONS:
        raise BinaryFile(path)
    fd = os.open(path, os.O_RDONLY)
    try:
        if 0 <= size <= min(CHUNK, 1 << 20):
            data = os.read(fd, size + 1)
            if len(data) <= size or not os.read(fd, 1):
                if is_binary(data[:SNIFF]):
                    raise BinaryFile(path)
                yield data, 0
                return
            os.lseek(fd, 0, os.SEEK_SET)
        with os.fdopen(os.dup(fd), "rb") as fh:
            yield from _read_stream(fh, path)
    finally:
        os.close(fd)


def _read_stream(fh: BinaryIO, path: str) -> Iterator[tuple[bytes, int]]:
    head = fh.read(SNIFF)
    if is_binary(head):
        raise BinaryFile(path)
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


class BinaryFile(Exception):
    """Raised (and counted, not reported) when a file is binary."""
