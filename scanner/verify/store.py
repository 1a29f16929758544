"""Files the verifier writes: the cache (by fingerprint) and the ``--verify-log``.

Both are 0600, written atomically (temp file in the same directory, fsync, rename) and
never through a symlink planted at the destination. Neither ever holds a secret: the
cache is keyed by :attr:`Finding.fingerprint` (a one-way digest) and the log redacts.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from pathlib import Path

from scanner.errors import UsageError
from scanner.models import Verification
from scanner.redact import redact

CACHE_VERSION = 1


def redact_all(text: str, secrets: list[str]) -> str:
    for s in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(s, redact(s))
    return text


def redact_path(path: str, secrets: list[str]) -> str:
    """Redact every path segment that holds, or is part of, a secret (Telegram puts the
    token in the path; a Discord webhook's token is a piece of the found URL)."""
    out = []
    for seg in path.split("/"):
        q = seg.split("?", 1)
        head = q[0]
        if len(head) >= 8 and any(s and (head in s or s in head) for s in secrets):
            head = redact(head)
        out.append(head + ("?" + q[1] if len(q) > 1 else ""))
    return "/".join(out)


def atomic_write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (0600) atomically, refusing a link at the destination
    (:func:`scanner.fsio.atomic_write`); the directory is created if missing."""
    from scanner.fsio import atomic_write

    if path.is_symlink():
        raise UsageError(f"{path}: is a symbolic link; refusing to write through it")
    (path.parent if str(path.parent) else Path(".")).mkdir(parents=True, exist_ok=True)
    atomic_write(path, data, 0o600)


def default_cache_file(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "credscan" / "verify-cache.json"


class Cache:
    """Definitive answers (live / invalid) by fingerprint, for ``ttl`` seconds."""

    def __init__(self, path: Path | None, ttl: float) -> None:
        self.path = path
        self.ttl = ttl
        self.entries: dict[str, dict[str, object]] = {}
        self.dirty = False
        if path is not None and path.is_file() and not path.is_symlink():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(raw, dict) and raw.get("version") == CACHE_VERSION and \
                        isinstance(raw.get("entries"), dict):
                    self.entries = raw["entries"]
            except (OSError, ValueError):
                self.entries = {}

    def get(self, fingerprint: str, now: float | None = None) -> Verification | None:
        e = self.entries.get(fingerprint)
        if not isinstance(e, dict):
            return None
        at = e.get("at")
        now = time.time() if now is None else now
        if not isinstance(at, (int, float)) or now - at > self.ttl:
            return None
        status = e.get("status")
        if status not in ("live", "invalid"):
            return None
        identity = e.get("identity")
        return Verification(str(status), str(identity) if identity else None,
                            f"cached {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(at))}: "
                            f"{e.get('detail', '')}")

    def put(self, fingerprint: str, v: Verification, now: float | None = None) -> None:
        if v.status not in ("live", "invalid") or not fingerprint:
            return
        self.entries[fingerprint] = {"status": v.status, "identity": v.identity,
                                     "detail": v.detail, "at": time.time() if now is None
                                     else now}
        self.dirty = True

    def forget(self, fingerprints: list[str]) -> None:
        for fp in fingerprints:
            if self.entries.pop(fp, None) is not None:
                self.dirty = True

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        data = json.dumps({"version": CACHE_VERSION, "entries": self.entries}, sort_keys=True,
                          indent=0)
        atomic_write_private(self.path, data.encode("utf-8") + b"\n")
        self.dirty = False


class VerifyLog:
    """Every request made: provider, host, endpoint, time, answer. Secrets redacted."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.records: list[dict[str, object]] = []

    def add(self, record: dict[str, object]) -> None:
        self.records.append(record)

    def save(self) -> None:
        if self.path is None:
            return
        lines = [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in self.records]
        atomic_write_private(self.path, ("\n".join(lines) + ("\n" if lines else "")).encode())
