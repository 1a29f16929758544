"""Writing files credscan produces (reports, baselines): atomic, private, never through a link.

A scanned repository is hostile input: a pull request can commit ``credscan.sarif`` or
``.credscan-baseline.json`` as a symbolic link to a file outside the checkout, so a naive
``open(path, "w")`` would overwrite (and ``chmod``) that file. :func:`atomic_write` instead

1. refuses, with a one-line :class:`WriteRefused`, a destination that is a symbolic link or
   anything but a regular file (checked with ``lstat``, which never follows);
2. creates a temp file beside the destination with ``O_CREAT | O_EXCL | O_NOFOLLOW`` relative
   to an open descriptor of the directory, so neither the temp name nor the directory can be
   swapped for a link under us, and sets its mode with ``fchmod`` on our own descriptor (a
   link's target is never chmod-ed);
3. writes, ``fsync``s, then ``rename``s over the destination (``rename`` replaces a link
   itself, never its target, so even a link planted after the check is harmless) and fsyncs
   the directory.

A crash or a full disk leaves the old file whole (``baseline update`` never truncates a
baseline to zero bytes); the temp file is removed on every failure.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from typing import IO, Union

from scanner.errors import UsageError

PathArg = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

#: Suffix of the temp files, so a leftover from a killed run is recognisable.
TMP_SUFFIX = b".credscan-tmp"

_HAS_DIR_FD = os.open in os.supports_dir_fd and os.rename in os.supports_dir_fd


class WriteRefused(UsageError):
    """An output file could not or must not be written; the message is one line."""


def display(path: PathArg) -> str:
    """A printable form of ``path`` (non-UTF-8 bytes escaped, control characters shown)."""
    raw = os.fsencode(path)
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def check_destination(path: PathArg) -> None:
    """Raise :class:`WriteRefused` when ``path`` is a link or exists but is not a regular file."""
    raw = os.fsencode(path)
    try:
        st = os.lstat(raw)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteRefused(f"cannot write {display(raw)}: {_reason(exc)}") from None
    if stat.S_ISLNK(st.st_mode):
        raise WriteRefused(f"refusing to write {display(raw)}: it is a symbolic link "
                           "(remove it or choose another output path)")
    if not stat.S_ISREG(st.st_mode):
        kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        raise WriteRefused(f"refusing to write {display(raw)}: it is {kind}")


def atomic_write(path: PathArg, data: bytes, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` atomically (file mode ``mode``), refusing links.

    Raises :class:`WriteRefused` (a :class:`~scanner.errors.UsageError`: one line, exit 2)
    for a link or non-regular destination, a missing or unwritable directory, or a failed
    write; in every such case the destination is unchanged.
    """
    raw = os.fsencode(path)
    check_destination(raw)
    directory, name = os.path.split(raw)
    if not name:
        raise WriteRefused(f"refusing to write {display(raw)}: not a file name")
    directory = directory or b"."
    tmp = b"." + name[:100] + b"." + os.urandom(6).hex().encode() + TMP_SUFFIX
    if not _HAS_DIR_FD:  # pragma: no cover - every platform credscan supports has dir_fd
        _write_plain(raw, os.path.join(directory, tmp), data, mode)
        return
    try:
        dfd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise WriteRefused(f"cannot write {display(raw)}: directory {display(directory)}: "
                           f"{_reason(exc)}") from None
    try:
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                         | getattr(os, "O_CLOEXEC", 0), mode & 0o777, dir_fd=dfd)
        except OSError as exc:
            raise WriteRefused(f"cannot write {display(raw)}: {_reason(exc)}") from None
        try:
            try:
                os.fchmod(fd, mode & 0o7777)
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            # Re-check just before the rename: a link planted meanwhile is refused too
            # (and would only be replaced, never followed, if it appeared after this).
            check_destination(raw)
            os.rename(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dfd)
            if isinstance(exc, OSError):
                raise WriteRefused(f"cannot write {display(raw)}: {_reason(exc)}; "
                                   "the previous file (if any) is unchanged") from None
            raise
        try:
            os.fsync(dfd)
        except OSError as exc:  # some file systems cannot fsync a directory
            if exc.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP):
                raise WriteRefused(f"cannot write {display(raw)}: {_reason(exc)}") from None
    finally:
        os.close(dfd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _write_plain(raw: bytes, tmp: bytes, data: bytes, mode: int) -> None:  # pragma: no cover
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     mode & 0o777)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        check_destination(raw)
        os.replace(tmp, raw)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteRefused(f"cannot write {display(raw)}: {_reason(exc)}") from None


def encode_text(text: str) -> bytes:
    """UTF-8 bytes of a report; a lone surrogate (a non-UTF-8 file name read with
    ``surrogateescape``) becomes the six characters ``\\udcff``: a valid JSON escape that
    decodes back to the same name, and plain visible text in XML, CSV, HTML and text."""
    return text.encode("utf-8", "backslashreplace")


def write_text(path: PathArg, text: str, mode: int = 0o600) -> None:
    """:func:`atomic_write` of ``text`` as UTF-8 (see :func:`encode_text`)."""
    atomic_write(path, encode_text(text), mode)


def write_stdout(text: str, stream: IO[str] | None = None) -> None:
    """Write a report to stdout as bytes (see :func:`encode_text`): never a UnicodeEncodeError,
    whatever the locale or the names in it."""
    import sys

    out = stream if stream is not None else sys.stdout
    out.flush()
    buf = getattr(out, "buffer", None)
    if buf is None:  # a text-only stream (tests capturing output)
        out.write(encode_text(text).decode("utf-8"))
    else:
        buf.write(encode_text(text))
        buf.flush()
