"""A change under review must not configure its own scan (issue 14 item 4).

A pull request that adds ``.credscan.toml`` with ``allowlist.paths = ["**"]``, a
``[tool.credscan]`` table in ``pyproject.toml``, or a ``.credscan-baseline.json`` entry that
accepts its own key would otherwise make ``credscan ci`` pass. So in CI:

- :func:`config_at` and :func:`baseline_bytes_at` read the configuration and the baseline as
  the **base** revision (the target branch) has them, never from the checkout of the change;
- :func:`config_changes` lists the scanner-controlling files the change edits, and
  :func:`describe` words the report ("this change edits the scanner's configuration: ...");
  ``credscan ci --protect-config`` (the default) fails the run on any of them.

Locally (hooks, ``history``), :func:`self_allowed` finds secrets that the same change both
adds and hides (by a new allowlist entry or a new baseline entry), so they are reported.

Only git reads happen here, through :mod:`scanner.gitexec`; nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scanner.config.load import (
    CONFIG_NAME,
    CONTROL_FILES,
    DEFAULT_BASELINE,
    PYPROJECT,
    Config,
    config_from_bytes,
    credscan_table,
)
from scanner.config.toml import loads_toml
from scanner.errors import ConfigError, SourceError
from scanner.gitexec import run_git, try_git
from scanner.models import Finding

#: The baseline file name (kept here: ``ci`` sits below ``baseline`` in the layering).
BASELINE_NAME = DEFAULT_BASELINE

CHANGED_CONFIG = "this change edits the scanner's configuration"


@dataclass(frozen=True)
class ConfigChange:
    """One scanner-controlling file that the change adds, modifies or deletes."""

    path: str
    status: str  # added | modified | deleted
    kind: str  # config | baseline

    def describe(self) -> str:
        what = "[tool.credscan] in pyproject.toml" if self.path == PYPROJECT else self.path
        return f"{what} ({self.status})"


#: ``rev`` meaning "the index" (what the next commit will hold): ``git cat-file blob :path``.
INDEX = ""


def read_blob(repo: str | Path, rev: str, path: str) -> bytes | None:
    """The bytes of ``path`` at ``rev`` (:data:`INDEX`: the staged version) as git stores
    them (no filters), None if absent."""
    code, out = try_git(["cat-file", "blob", f"{rev}:{path}"], cwd=str(repo), timeout=60)
    return out if code == 0 else None


def _credscan_section(raw: bytes | None) -> object:
    """``[tool.credscan]`` of a pyproject.toml blob (a marker object when unreadable)."""
    if raw is None:
        return None
    try:
        data = loads_toml(raw.decode("utf-8"))
        return credscan_table(data, PYPROJECT)
    except (UnicodeDecodeError, ValueError, RecursionError, ConfigError):
        return ("unreadable", raw)


def config_changes(repo: str | Path, base: str, head: str,
                   extra: Sequence[str] = ()) -> list[ConfigChange]:
    """Scanner-controlling files the change ``base..head`` edits (root of the repository).

    ``pyproject.toml`` counts only when its ``[tool.credscan]`` table differs; ``extra``
    names more files (a ``--config`` or ``--baseline`` path inside the repository).
    """
    names = [CONFIG_NAME, PYPROJECT, BASELINE_NAME, *extra]
    specs = [f":(top,literal){n}" for n in dict.fromkeys(names)]
    out = run_git(["diff-tree", "-r", "--no-renames", "--name-status", "-z", base, head,
                   "--", *specs], cwd=str(repo))
    fields = [f for f in out.split(b"\0") if f]
    changes: list[ConfigChange] = []
    status_words = {"A": "added", "D": "deleted", "M": "modified", "T": "modified"}
    for code, raw in zip(fields[::2], fields[1::2], strict=False):
        path = raw.decode("utf-8", "surrogateescape")
        status = status_words.get(code.decode("ascii", "replace")[:1], "modified")
        if path == PYPROJECT:
            before = _credscan_section(read_blob(repo, base, path))
            after = _credscan_section(read_blob(repo, head, path))
            if before == after:
                continue
            if before is None:
                status = "added"
            elif after is None:
                status = "deleted"
            else:
                status = "modified"
        kind = "baseline" if path == BASELINE_NAME or path.endswith(".json") else "config"
        changes.append(ConfigChange(path, status, kind))
    return changes


def describe(changes: Iterable[ConfigChange]) -> str:
    """One line for the report: what the change edits."""
    items = [c.describe() for c in changes]
    return f"{CHANGED_CONFIG}: {', '.join(items)}" if items else ""


def config_at(repo: str | Path, rev: str, explicit: str | None = None) -> Config:
    """The configuration as ``rev`` has it: ``explicit`` (a path in the repository), else
    ``.credscan.toml``, else ``[tool.credscan]`` of ``pyproject.toml``, else the defaults."""
    root = Path(repo).resolve()
    candidates = [(explicit, explicit.endswith(PYPROJECT))] if explicit else [
        (CONFIG_NAME, False), (PYPROJECT, True)]
    for name, pyproject in candidates:
        raw = read_blob(repo, rev, name)
        if raw is None:
            if explicit:
                raise ConfigError(f"{name}: config file not found at {rev[:12]}")
            continue
        return config_from_bytes(raw, f"{name}@{rev[:12] or 'index'}", root, pyproject)
    return Config(root=root)


def baseline_bytes_at(repo: str | Path, rev: str, path: str = BASELINE_NAME) -> bytes | None:
    """The baseline file as ``rev`` has it (None: the base revision has none)."""
    return read_blob(repo, rev, path)


@dataclass(frozen=True)
class Protection:
    """What ``credscan ci`` uses instead of the change's own files, and what it saw."""

    base: str
    config: Config
    baseline: bytes | None
    changes: tuple[ConfigChange, ...]

    @property
    def message(self) -> str:
        return describe(self.changes)


def protect(repo: str | Path, base: str, head: str, config_file: str | None = None,
            baseline_file: str = BASELINE_NAME, checkout: str | Path | None = None
            ) -> Protection:
    """Configuration and baseline from ``base``, plus the change's edits to them.

    A file that neither ``base`` nor ``head`` tracks but that exists in ``checkout`` was put
    there by the pipeline itself (not by the change), so it is read from disk.
    """
    try:
        extra = [p for p in (config_file, baseline_file) if p and not Path(p).is_absolute()]
        changes = config_changes(repo, base, head, extra)
    except SourceError:
        changes = []
    config = config_at(repo, base, config_file)
    baseline = baseline_bytes_at(repo, base, baseline_file)
    if checkout is not None:
        top = Path(checkout)
        names = [config_file] if config_file else [CONFIG_NAME, PYPROJECT]
        if not any(_tracked(repo, (base, head), n) for n in names) and any(
                (top / n).is_file() for n in names):
            from scanner.config.load import load_config

            config = load_config(top, top / config_file if config_file else None)
        if baseline is None and not _tracked(repo, (head,), baseline_file):
            try:
                baseline = (top / baseline_file).read_bytes()
            except OSError:
                baseline = None
    return Protection(base=base, config=config, baseline=baseline, changes=tuple(changes))


def _tracked(repo: str | Path, revs: Iterable[str], path: str) -> bool:
    return any(read_blob(repo, rev, path) is not None for rev in revs)


def _key(f: Finding) -> tuple[str, str, int, str]:
    return (f.rule_id, f.file, f.line, f.commit.sha if f.commit else "")


def self_allowed(strict: Iterable[Finding], effective: Iterable[Finding],
                 baseline_added: Callable[[Finding], bool] | None = None) -> list[Finding]:
    """Findings of the change that the change itself hides.

    ``strict`` is the change scanned with the configuration it started from; ``effective``
    with the configuration it ends with. A finding in the first and not the second was
    allowlisted by the change; with ``baseline_added``, one the change's new baseline
    entries accept counts too.
    """
    kept = {_key(f) for f in effective}
    out = [f for f in strict if _key(f) not in kept]
    if baseline_added is not None:
        seen = {_key(f) for f in out}
        out += [f for f in effective if _key(f) not in seen and baseline_added(f)]
    return sorted(out, key=Finding.sort_key)


def self_allowed_message(found: Sequence[Finding]) -> str:
    """One line naming where a change adds a secret together with an allowlist for it."""
    if not found:
        return ""
    places = ", ".join(f"{f.file}:{f.line}" for f in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    what = "secret" if len(found) == 1 else "secrets"
    return (f"this change adds {len(found)} {what} and also allowlists them in the "
            f"scanner's configuration or baseline: {places}{more}")


def baseline_fingerprints(raw: bytes | None) -> frozenset[str]:
    """Fingerprints a baseline file lists (an unreadable one lists none)."""
    import json

    if not raw:
        return frozenset()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return frozenset()
    found = data.get("findings") if isinstance(data, dict) else None
    return frozenset(str(k) for k in found) if isinstance(found, dict) else frozenset()


def check_change(repo: str | Path, base: str, head: str,
                 scan: Callable[[Config], Iterable[Finding]]) -> list[Finding]:
    """Secrets the change ``base..head`` adds and also hides through its own configuration
    or baseline edits. ``scan(config)`` scans the change's commits with ``config``."""
    before, after = config_at(repo, base), config_at(repo, head)
    strict = list(scan(before))
    effective = strict if after.cache_key() == before.cache_key() else list(scan(after))
    added = (baseline_fingerprints(baseline_bytes_at(repo, head))
             - baseline_fingerprints(baseline_bytes_at(repo, base)))
    return self_allowed(strict, effective, lambda f: f.fingerprint in added)


def check_staged(repo: str | Path, scan: Callable[[Config], Iterable[Finding]],
                 base: str = "HEAD") -> list[Finding]:
    """:func:`check_change` for the next commit: ``base`` (HEAD) against the index.

    ``scan(config)`` scans the staged change with ``config`` (``scan_staged``). An unborn
    HEAD has no configuration of its own: the defaults are the starting point.
    """
    code, _ = try_git(["rev-parse", "-q", "--verify", base + "^{commit}"], cwd=str(repo))
    if code != 0:
        before = Config(root=Path(repo).resolve())
        old_fps: frozenset[str] = frozenset()
    else:
        before = config_at(repo, base)
        old_fps = baseline_fingerprints(baseline_bytes_at(repo, base))
    after = config_at(repo, INDEX)
    strict = list(scan(before))
    effective = strict if after.cache_key() == before.cache_key() else list(scan(after))
    added = baseline_fingerprints(baseline_bytes_at(repo, INDEX)) - old_fps
    return self_allowed(strict, effective, lambda f: f.fingerprint in added)


def staged_config_edits(repo: str | Path) -> bool:
    """True when the index changes a scanner-controlling file (one cheap git call)."""
    specs = [f":(top,literal){n}" for n in CONTROL_FILES]
    code, out = try_git(["diff-index", "--cached", "--name-only", "-z", "HEAD", "--", *specs],
                        cwd=str(repo))
    if code != 0:  # an unborn HEAD: anything staged is new
        code, out = try_git(["ls-files", "-z", "--", *specs], cwd=str(repo))
    return code == 0 and bool(out.strip(b"\0"))
