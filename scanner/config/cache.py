"""A small on-disk cache for values that are expensive to rebuild on every run.

A pre-commit hook runs on every commit: parsing a 2,000-rule ``.credscan.toml`` and
validating its rules costs more than the scan. Values are pickled under the user's cache
directory, keyed by a hash of everything they derive from (the file's content, the
package and Python versions), so an edited file is simply a new key. Best effort: a
read-only or missing cache directory only costs speed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from scanner import __version__


def cache_dir() -> Path:
    """Where compiled rules and pattern databases live: ``$CREDSCAN_CACHE_DIR`` if set (a CI
    job can keep it between runs), else ``$XDG_CACHE_HOME/credscan`` (``~/.cache/credscan``)."""
    own = os.environ.get("CREDSCAN_CACHE_DIR")
    if own:
        return Path(own)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "credscan"


def key_of(kind: str, *parts: bytes) -> str | None:
    """The cache key of ``parts`` (None when caching is off: ``CREDSCAN_NO_CACHE``)."""
    if os.environ.get("CREDSCAN_NO_CACHE"):
        return None
    h = hashlib.sha256(f"{kind}\0{sys.version_info[:2]}\0{__version__}\0".encode())
    for p in parts:
        h.update(len(p).to_bytes(8, "little") + p)
    return f"{kind}-{h.hexdigest()[:32]}"


def load(key: str | None) -> Any:
    """The value stored under ``key``, or None."""
    if key is None:
        return None
    try:
        with open(cache_dir() / f"{key}.pickle", "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError,
            ValueError, ImportError):
        return None


def store(key: str | None, value: Any) -> None:
    """Atomically write ``value`` under ``key`` (0600; errors ignored)."""
    if key is None:
        return
    try:
        d = cache_dir()
        d.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when writing: tempfile pulls in shutil, bz2, lzma, random

        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, d / f"{key}.pickle")
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    except (OSError, pickle.PicklingError, TypeError):
        pass
