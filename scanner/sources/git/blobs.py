"""The one ``git cat-file --batch`` reader: object contents by name, one process per reader.

Sources read whole file versions through it (a staged file, a blob git called binary, the
line above an added line for an allow marker, a file at HEAD). The process starts on first
use and stays up for the reader's lifetime, so many reads cost one process.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections.abc import Generator, Iterable, Sequence
from typing import Any

from scanner.errors import SourceError
from scanner.gitexec import popen_git

#: Blobs larger than this are not read (a 200 MB asset is not a place for a secret we scan).
MAX_BLOB = 64 << 20


class BlobReader:
    """Reads objects (``<sha>``, ``<rev>:<path>``) from one repository."""

    def __init__(self, repo: str) -> None:
        self.repo = repo
        self._proc: subprocess.Popen[bytes] | None = None
        self._cache: dict[str, bytes | None] = {}

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = popen_git(["cat-file", "--batch"], cwd=self.repo,
                                   stderr=subprocess.DEVNULL)
        return self._proc

    def read(self, spec: str) -> bytes | None:
        """Contents of ``spec``, or None (missing, not a blob, too large, or a bad name)."""
        if spec in self._cache:
            return self._cache[spec]
        if not spec or "\n" in spec:
            return None
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(spec.encode("utf-8", "surrogateescape") + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline()
        except (BrokenPipeError, OSError) as exc:
            raise SourceError(f"git cat-file: {exc}") from None
        parts = header.split()
        if len(parts) != 3 or parts[1] == b"missing" or not parts[2].isdigit():
            self._remember(spec, None)
            return None
        size = int(parts[2])
        data = _read_exact(proc.stdout, size)
        proc.stdout.read(1)  # the newline after the contents
        value = data if parts[1] == b"blob" and size <= MAX_BLOB else None
        self._remember(spec, value)
        return value

    def stream(self, specs: Sequence[str]) -> Generator[tuple[str, bytes | None], None, None]:
        """``(spec, contents or None)`` for each of ``specs``, in order, pipelined: a thread
        writes every request while this one reads the answers (one round trip in all,
        not one per object, for a 2,000-file staged change)."""
        todo = [s for s in specs if s and "\n" not in s]
        if len(todo) < 8:
            for s in specs:
                yield s, self.read(s)
            return
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        stdin, stdout = proc.stdin, proc.stdout
        failed: list[BaseException] = []

        def write() -> None:
            try:
                stdin.write(b"".join(s.encode("utf-8", "surrogateescape") + b"\n"
                                     for s in todo))
                stdin.flush()
            except (BrokenPipeError, OSError) as exc:
                failed.append(exc)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        done = False
        try:
            for spec in specs:
                if not spec or "\n" in spec:
                    yield spec, None
                    continue
                try:
                    value = self._answer(stdout)
                except SourceError:
                    if failed:
                        raise SourceError(f"git cat-file: {failed[0]}") from None
                    raise
                yield spec, value
            done = True
        finally:
            if not done:  # answers left unread: this process is out of step, drop it
                proc.kill()
            writer.join()
            if not done:
                self.close()

    @staticmethod
    def _answer(stdout: Any) -> bytes | None:
        header = stdout.readline()
        parts = header.split()
        if len(parts) != 3 or parts[1] == b"missing" or not parts[2].isdigit():
            if not header:
                raise SourceError("git cat-file: no answer")
            return None
        size = int(parts[2])
        data = _read_exact(stdout, size)
        stdout.read(1)
        return data if parts[1] == b"blob" and size <= MAX_BLOB else None

    def read_many(self, specs: Iterable[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for s in dict.fromkeys(specs):
            data = self.read(s)
            if data is not None:
                out[s] = data
        return out

    def _remember(self, spec: str, value: bytes | None) -> None:
        if value is not None and len(value) >= (4 << 20):
            return  # large: read again if asked again, rather than held
        if len(self._cache) > 64:
            self._cache.clear()
        self._cache[spec] = value

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            with contextlib.suppress(Exception):
                assert proc.stdin is not None
                proc.stdin.close()
            with contextlib.suppress(Exception):
                proc.wait(timeout=5)
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _read_exact(stream: Any, size: int) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left > 0:
        piece = stream.read(left)
        if not piece:
            break
        chunks.append(piece)
        left -= len(piece)
    return b"".join(chunks)


def line_of(data: bytes | None, n: int) -> bytes | None:
    """Line ``n`` (1-based) of ``data`` without its newline, or None."""
    if data is None or n < 1:
        return None
    pos = 0
    for _ in range(n - 1):
        pos = data.find(b"\n", pos)
        if pos < 0:
            return None
        pos += 1
    end = data.find(b"\n", pos)
    return data[pos:end if end >= 0 else len(data)]
