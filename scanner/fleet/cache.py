"""The clone cache: one bare mirror per remote repository, fetched again on later runs.

Mirrors (``+refs/*:refs/*`` with pruning) keep every branch and tag of the server, and drop
deleted ones, so a history audit of the mirror sees what ``credscan history`` sees on the
server. Clones are partial when the server allows it, with a blob *size* filter: blobs
above the limit are fetched on demand by the first ``git log -p`` that needs them (a few
commits), while a ``blob:none`` filter would make ``git log -p`` fetch almost every blob
one commit at a time (``benchmarks/fleet.py`` measures both). Every git call goes through
:mod:`scanner.gitexec`, which pins ``protocol.ext.allow=never`` and neutralises every
program a repository or server could name. A clone is made in a temporary directory and
renamed into place, under a lock, so a killed run or two workers never leave half a clone.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
from collections.abc import Iterator

from scanner.errors import SourceError
from scanner.fleet.targets import RepoSpec
from scanner.gitexec import run_git, try_git

#: Default partial-clone filter (``None`` for full clones).
DEFAULT_FILTER = "blob:limit=1m"
#: Seconds one clone or fetch may take before it is an error.
NETWORK_TIMEOUT = 3600.0

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")  # fixed pattern on our own slug, linear


def default_cache_dir() -> str:
    """``$XDG_CACHE_HOME/credscan`` (else ``~/.cache/credscan``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "credscan")


def clone_path(cache_dir: str, spec: RepoSpec) -> str:
    """Where ``spec``'s mirror lives: a readable slug plus a hash of the URL."""
    digest = hashlib.sha256(spec.repository.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    slug = _SAFE.sub("-", spec.label)[:48].strip("-.") or "repo"
    return os.path.join(cache_dir, "clones", f"{slug}-{digest}.git")


@contextlib.contextmanager
def _locked(path: str) -> Iterator[None]:
    fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _is_repo(path: str) -> bool:
    code, out = try_git(["rev-parse", "--is-bare-repository"], cwd=path)
    return code == 0 and out.strip() == b"true"


def ensure_clone(spec: RepoSpec, cache_dir: str, filter_spec: str | None = DEFAULT_FILTER,
                 fetch: bool = True) -> tuple[str, str]:
    """The local path to audit for ``spec`` and what was done (``local``/``cloned``/
    ``fetched``/``cached``); a failure is a one-line :class:`SourceError`."""
    if spec.local:
        if not os.path.isdir(spec.url):
            raise SourceError(f"not a directory: {spec.url}")
        return spec.url, "local"
    path = clone_path(cache_dir, spec)
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    with _locked(path):
        if os.path.isdir(path) and _is_repo(path):
            if not fetch:
                return path, "cached"
            run_git(["fetch", "--quiet", "--prune", "--force", "--no-write-fetch-head",
                     "--no-recurse-submodules", "origin"], cwd=path, timeout=NETWORK_TIMEOUT)
            return path, "fetched"
        if os.path.lexists(path):
            shutil.rmtree(path, ignore_errors=True)
        tmp = f"{path}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        args = ["clone", "--mirror", "--quiet", "--no-local"]
        if filter_spec:
            args.append(f"--filter={filter_spec}")
        args += ["--", spec.url, tmp]
        try:
            run_git(args, cwd=os.path.dirname(path), timeout=NETWORK_TIMEOUT)
        except SourceError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise SourceError(f"cannot clone {spec.repository}: "
                              f"{str(exc).removeprefix('git clone: ')}") from None
        os.rename(tmp, path)
        return path, "cloned"
