"""What to audit: local paths, clone URLs, and files listing them (one a line, ``#`` comments).

A target's ``repository`` string is its identity everywhere (reports, the state store): an
absolute path for a local repository, the URL as given (credentials stripped) for a remote.
Only transports that run no program of the server's choosing are accepted: ``file://``,
``https://``, ``http://``, ``ssh://``/``git+ssh://``, ``git://`` and scp-like ``user@host:path``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from scanner.errors import UsageError

SCHEMES = frozenset({"file", "https", "http", "ssh", "git+ssh", "ssh+git", "git"})


@dataclass(frozen=True, slots=True)
class RepoSpec:
    """One repository to audit: where it lives and how it is reached."""

    repository: str  # identity: absolute path or URL without credentials
    url: str  # what git clones or fetches (for local ones, the path itself)
    local: bool  # scanned in place (no clone): its stash, remotes and all refs count

    @property
    def label(self) -> str:
        """A short name for tables and progress (last path component)."""
        tail = self.repository.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
        return tail.removesuffix(".git") or self.repository


def _strip_credentials(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None and not (parts.username and parts.scheme in {"https", "http"}):
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _scp_like(text: str) -> bool:
    """``user@host:path`` (git's scp syntax): a colon before any slash, not a drive letter."""
    colon = text.find(":")
    slash = text.find("/")
    return colon > 1 and (slash == -1 or colon < slash) and "@" in text[:colon]


def parse_target(text: str, base: str | None = None) -> RepoSpec:
    """One target (a path or URL); ``base`` resolves relative paths from a list file."""
    t = text.strip()
    if not t:
        raise UsageError("empty repository name")
    if t.startswith("-"):
        raise UsageError(f"invalid repository {t!r}")
    if "://" in t:
        scheme = t.split("://", 1)[0].lower()
        if scheme not in SCHEMES:
            raise UsageError(f"unsupported repository URL scheme {scheme!r} in {t!r} "
                             f"(use one of: {', '.join(sorted(SCHEMES))})")
        if scheme == "file":
            path = urlsplit(t).path
            if not path:
                raise UsageError(f"file:// URL without a path: {t!r}")
        return RepoSpec(repository=_strip_credentials(t), url=t, local=False)
    if "::" in t:  # git's <transport>::<address> runs a remote helper
        raise UsageError(f"unsupported repository address {t!r}")
    if _scp_like(t) and not os.path.exists(t):
        return RepoSpec(repository=t, url=t, local=False)
    path = t if os.path.isabs(t) or base is None else os.path.join(base, t)
    path = os.path.abspath(os.path.expanduser(path))
    return RepoSpec(repository=path, url=path, local=True)


def read_list(path: str) -> list[str]:
    """Entries of a list file: one a line, blank lines and ``#`` comments ignored."""
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read repository list {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"repository list {path} is not UTF-8 text") from None
    out = []
    for line in lines:
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        hash_at = entry.find(" #")
        if hash_at == -1:
            hash_at = entry.find("\t#")
        if hash_at != -1:
            entry = entry[:hash_at].strip()
        if entry:
            out.append(entry)
    return out


def parse_targets(args: list[str] | tuple[str, ...]) -> list[RepoSpec]:
    """Every target named by ``args`` (a regular file is a list), duplicates dropped in order."""
    specs: list[RepoSpec] = []
    seen: set[str] = set()

    def add(spec: RepoSpec) -> None:
        if spec.repository not in seen:
            seen.add(spec.repository)
            specs.append(spec)

    for arg in args:
        if "://" not in arg and os.path.isfile(arg):
            base = os.path.dirname(os.path.abspath(arg))
            for entry in read_list(arg):
                add(parse_target(entry, base))
        else:
            add(parse_target(arg))
    if not specs:
        raise UsageError("no repositories given (paths, clone URLs or a file listing them)")
    return specs
