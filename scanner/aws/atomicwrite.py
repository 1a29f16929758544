"""Crash-safe, race-safe writes of files that hold credentials.

A write is: lock (a :mod:`filelock` lock, held across read-modify-write; ``flock`` on Unix,
``LockFileEx`` on Windows, kept in credscan's cache directory, never beside the AWS files)
-> read -> compute -> backup of the old bytes (0600) -> temp file in
the same directory (0600) -> fsync -> rename over the target -> fsync the directory.
A crash at any point leaves either the old file or the new one, never a mix; a symlink is
written through to its target so the link survives.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scanner.aws.errors import UnsafeWrite

#: Test hook: when set to a path, the writer creates that file after the temp file is
#: complete and sleeps before the rename, so a test can kill it at exactly that point.
PAUSE_ENV = "CREDSCAN_TEST_PAUSE_BEFORE_RENAME"
TMP_SUFFIX = ".credscan-tmp"
LOCK_NAME = ".credscan.lock"


def resolve_target(path: Path) -> Path:
    """The file a write must replace: a symlink's (final) target, else the path itself."""
    return Path(os.path.realpath(path))


def _describe(exc: OSError) -> str:
    return exc.strerror or str(exc)


def check_writable(path: Path) -> Path:
    """Refuse early, before anything changes, what we could not or should not replace.

    Returns the resolved target. A read-only file is refused even when we could replace it
    (``rename`` ignores file permissions, and root ignores them all): the user made it
    read-only on purpose.
    """
    target = resolve_target(path)
    if target.is_dir():
        raise UnsafeWrite(f"{path} is a directory, expected a file; nothing was written")
    if target.exists():
        st = target.stat()
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeWrite(f"{path} is not a regular file; nothing was written")
        if not st.st_mode & stat.S_IWUSR or not os.access(target, os.W_OK):
            raise UnsafeWrite(f"{path} is read-only; make it writable (chmod u+w) or pick "
                              "another file, nothing was written")
    parent = target.parent
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise UnsafeWrite(f"{probe} is not a directory; cannot create {path}, nothing was "
                          "written")
    if not os.access(probe, os.W_OK | os.X_OK) or (
            probe == parent and not probe.stat().st_mode & stat.S_IWUSR):
        raise UnsafeWrite(f"directory {probe} is not writable; nothing was written")
    return target


def ensure_dir(directory: Path, private: bool) -> list[str]:
    """Create ``directory`` (0700 when ``private``); tighten an existing ``~/.aws`` to 0700.

    Returns notes for the user about permission changes.
    """
    notes: list[str] = []
    if not directory.exists():
        # exist_ok: two concurrent runs may both see it missing (and both create it)
        directory.mkdir(parents=True, mode=0o700 if private else 0o777, exist_ok=True)
        if private:
            os.chmod(directory, 0o700)
        return notes
    if private:
        mode = stat.S_IMODE(directory.stat().st_mode)
        if mode & 0o077:
            os.chmod(directory, 0o700)
            notes.append(f"tightened {directory} from {mode:o} to 700")
    return notes


def _chmod_fd(fd: int, path: str | Path, mode: int) -> None:
    """``fchmod`` where the platform has it (Windows before Python 3.13 has not)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows
        os.chmod(path, mode)


def fsync_dir(directory: Path) -> None:
    if os.name == "nt":  # pragma: no cover - directories cannot be opened (or fsynced) there
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:  # some filesystems refuse fsync on directories
        if exc.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)


def lock_dir() -> Path:
    """Where lock files live: ``$XDG_CACHE_HOME/credscan/locks`` (``~/.cache/...``), 0700."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "credscan" / "locks"


def lock_path(directory: Path) -> Path:
    """The lock file for the files of ``directory``: named after its real path, in
    :func:`lock_dir` (so nothing is left in ``~/.aws``); inside ``directory`` itself only
    when the cache directory cannot be created."""
    real = os.path.realpath(directory)
    name = hashlib.sha256(os.fsencode(real)).hexdigest()[:24] + ".lock"
    d = lock_dir()
    try:
        d.mkdir(parents=True, mode=0o700, exist_ok=True)
        if not d.is_dir() or d.is_symlink():
            raise OSError(f"{d} is not a directory")
        return d / name
    except OSError:
        return Path(real) / LOCK_NAME


@contextlib.contextmanager
def dir_lock(directory: Path) -> Iterator[None]:
    """Exclusive lock for the AWS files that live together in ``directory`` (cross-platform,
    through :mod:`filelock`). Not reentrant across processes; the lock file stays in the
    cache directory (removing it while another process waits on it would break the lock)."""
    from filelock import FileLock

    lock = FileLock(str(lock_path(directory)), mode=0o600)
    with lock:
        yield


@contextlib.contextmanager
def locked_files(paths: list[Path]) -> Iterator[None]:
    """Lock the directories of several files in a fixed (sorted) order, so two runs cannot
    deadlock."""
    dirs = sorted({resolve_target(p).parent for p in paths})
    with contextlib.ExitStack() as stack:
        for d in dirs:
            stack.enter_context(dir_lock(d))
        yield


def read_or_none(path: Path) -> bytes | None:
    try:
        return resolve_target(path).read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise UnsafeWrite(f"{path} is a directory, expected a file; nothing was written") from None
    except PermissionError:
        raise UnsafeWrite(f"{path} cannot be read (permission denied); nothing was written") \
            from None


def _remove_stale_temps(target: Path) -> None:
    """Temp files of a killed writer (they may hold secrets); only called under the lock."""
    prefix = f".{target.name}."
    with contextlib.suppress(OSError):
        for entry in target.parent.iterdir():
            if entry.name.startswith(prefix) and entry.name.endswith(TMP_SUFFIX):
                with contextlib.suppress(OSError):
                    entry.unlink()


def write_backup(target: Path, data: bytes) -> Path:
    """Copy the previous content beside the file: ``NAME.credscan-backup-<time>``, 0600."""
    stamp = _dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    for n in range(1000):
        name = f"{target.name}.credscan-backup-{stamp}" + (f"-{n}" if n else "")
        path = target.parent / name
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        try:
            _chmod_fd(fd, path, 0o600)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        return path
    raise UnsafeWrite(f"cannot find a free backup name beside {target}")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> Path:
    """Replace ``path`` (through symlinks) with ``data`` atomically; returns the target."""
    target = resolve_target(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=target.parent)
    try:
        try:
            _chmod_fd(fd, tmp, mode)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        pause = os.environ.get(PAUSE_ENV)
        if pause:
            Path(pause).write_text(tmp)
            time.sleep(3600)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(target.parent)
    return target


def commit(target: Path, old: bytes | None, new: bytes, backup: bool = True) -> Path | None:
    """Back up ``old`` and atomically write ``new`` (0600); the caller holds the lock.
    Returns the backup's path."""
    _remove_stale_temps(target)
    saved = write_backup(target, old) if backup and old is not None else None
    atomic_write(target, new, 0o600)
    return saved


@dataclass(frozen=True)
class UpdateOutcome:
    target: Path
    changed: bool
    backup: Path | None
    notes: tuple[str, ...] = ()


def update_locked(path: Path, transform: Callable[[bytes | None], bytes | None], *,
                  private_dir: bool, backup: bool = True) -> UpdateOutcome:
    """Read-modify-write ``path`` under its lock. ``transform`` gets the current bytes
    (None: no file) and returns the new bytes, or None to leave the file alone; it may
    raise to abort, and then nothing has changed."""
    target = check_writable(path)
    notes = ensure_dir(target.parent, private_dir)
    try:
        with dir_lock(target.parent):
            old = read_or_none(target)
            new = transform(old)
            if new is None or new == old:
                return UpdateOutcome(target, False, None, tuple(notes))
            saved = commit(target, old, new, backup=backup)
            return UpdateOutcome(target, True, saved, tuple(notes))
    except OSError as exc:
        raise UnsafeWrite(f"cannot write {path}: {_describe(exc)}; the old file is unchanged") \
            from None


def replace_if_unchanged(path: Path, expected: bytes, new: bytes) -> None:
    """Rewrite a source file atomically, keeping its mode, only if nobody changed it since
    it was planned (we do not hold locks on project files)."""
    target = check_writable(path)
    current = read_or_none(target)
    if current != expected:
        raise UnsafeWrite(f"{path} changed since the plan was made; run move-keys again")
    mode = stat.S_IMODE(target.stat().st_mode)
    try:
        atomic_write(target, new, mode)
    except OSError as exc:
        raise UnsafeWrite(f"cannot write {path}: {_describe(exc)}; it is unchanged") from None
