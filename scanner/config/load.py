"""Find, read and validate user configuration (``.credscan.toml`` or ``[tool.credscan]``).

Validation happens here, once, so that every later stage can trust the values; every
problem is a :class:`~scanner.errors.ConfigError` naming the file and the key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.config.toml import TOMLDecodeError, loads_toml
from scanner.errors import ConfigError
from scanner.models import DEFAULT_THRESHOLD, Severity

CONFIG_NAME = ".credscan.toml"

_TOP_KEYS = {"threshold", "disable", "severity", "rules", "allowlist", "entropy"}
_ALLOW_KEYS = {"paths", "regexes", "stopwords"}


@dataclass(frozen=True)
class Config:
    """Effective configuration; ``sources`` says which file set each key."""

    threshold: Severity = DEFAULT_THRESHOLD
    disabled: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    rules: tuple[tuple[str, Mapping[str, Any]], ...] = ()  # (source file, raw rule table)
    allow_paths: tuple[str, ...] = ()
    allow_regexes: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = ()
    entropy: Mapping[str, float] = field(default_factory=dict)
    root: Path | None = None
    sources: Mapping[str, str] = field(default_factory=dict)

    def cache_key(self) -> str:
        """A string that changes whenever anything affecting detection changes."""
        import hashlib
        import json

        payload = json.dumps(
            {
                "disabled": sorted(self.disabled),
                "severity": {k: v.value for k, v in sorted(self.severity.items())},
                "rules": [dict(r) for _, r in self.rules],
                "allow_regexes": list(self.allow_regexes),
                "stopwords": list(self.stopwords),
                "entropy": dict(sorted(self.entropy.items())),
            },
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _resolved(p: Path) -> Path:
    """``p`` made absolute; a symlink loop or a dangling link stays as given (the source
    reports it in one line), never an exception here."""
    try:
        return p.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(p))


def find_root(start: Path) -> Path | None:
    """The enclosing git work tree (a directory holding ``.git``), if any: the one
    repository-root function (no git call, so it is cheap and runs no repository code)."""
    cur = _resolved(start)
    if cur.is_file():
        cur = cur.parent
    for d in (cur, *cur.parents):
        if (d / ".git").exists():
            return d
    return None


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Load the configuration that applies to ``start`` (default: the current directory).

    ``explicit`` (``--config FILE``) wins; otherwise ``.credscan.toml`` at the repository
    root (or ``start``), then ``[tool.credscan]`` in ``pyproject.toml`` there.
    """
    base = _resolved(start or Path.cwd())
    root = find_root(base) or (base if base.is_dir() else base.parent)
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        return _from_file(explicit, root, pyproject=explicit.name == "pyproject.toml")
    candidate = root / CONFIG_NAME
    if candidate.is_file():
        return _from_file(candidate, root, pyproject=False)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        return _from_file(pyproject, root, pyproject=True)
    return Config(root=root)


def _from_file(path: Path, root: Path, pyproject: bool) -> Config:
    try:
        data = loads_toml(path.read_text(encoding="utf-8"))
    except TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    if pyproject:
        data = data.get("tool", {}).get("credscan")
        if data is None:
            return Config(root=root)
        where = f"{path} [tool.credscan]"
    else:
        where = str(path)
    return parse_config(data, where, root)


def parse_config(data: Mapping[str, Any], where: str, root: Path | None = None) -> Config:
    """Validate a configuration table; raise :class:`ConfigError` on the first problem."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{where}: configuration must be a table")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    sources = {k: where for k in data}

    threshold = DEFAULT_THRESHOLD
    if "threshold" in data:
        threshold = _severity(data["threshold"], where, "threshold")

    disabled = data.get("disable", [])
    if not isinstance(disabled, list) or not all(isinstance(x, str) for x in disabled):
        raise ConfigError(f"{where}: key 'disable' must be a list of rule ids")

    sev_raw = data.get("severity", {})
    if not isinstance(sev_raw, Mapping):
        raise ConfigError(f"{where}: key 'severity' must be a table of rule-id = severity")
    severity = {k: _severity(v, where, f"severity.{k}") for k, v in sev_raw.items()}

    rules_raw = data.get("rules", [])
    if not isinstance(rules_raw, list) or not all(isinstance(r, Mapping) for r in rules_raw):
        raise ConfigError(f"{where}: key 'rules' must be an array of tables ([[rules]])")

    allow = data.get("allowlist", {})
    if not isinstance(allow, Mapping):
        raise ConfigError(f"{where}: key 'allowlist' must be a table")
    bad = set(allow) - _ALLOW_KEYS
    if bad:
        raise ConfigError(f"{where}: unknown key 'allowlist.{sorted(bad)[0]}'")
    lists: dict[str, tuple[str, ...]] = {}
    for key in _ALLOW_KEYS:
        val = allow.get(key, [])
        if not isinstance(val, list) or not all(isinstance(x, str) for x in val):
            raise ConfigError(f"{where}: key 'allowlist.{key}' must be a list of strings")
        lists[key] = tuple(val)
    import re2  # the engine compiles these with RE2 too; checked here to name the key

    opts = re2.Options()
    opts.log_errors = False
    for rx in lists["regexes"]:
        try:
            re2.compile(rx.encode("utf-8"), opts)
        except re2.error as exc:
            msg = exc.args[0] if exc.args else exc
            msg = msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)
            raise ConfigError(
                f"{where}: key 'allowlist.regexes': invalid pattern {rx!r}: {msg}") from None

    entropy_raw = data.get("entropy", {})
    if not isinstance(entropy_raw, Mapping):
        raise ConfigError(f"{where}: key 'entropy' must be a table of rule-id = number")
    entropy: dict[str, float] = {}
    for k, v in entropy_raw.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 8:
            raise ConfigError(f"{where}: key 'entropy.{k}' must be a number between 0 and 8")
        entropy[k] = float(v)


    return Config(
        threshold=threshold,
        disabled=frozenset(disabled),
        severity=severity,
        rules=tuple((where, r) for r in rules_raw),
        allow_paths=lists["paths"],
        allow_regexes=lists["regexes"],
        stopwords=tuple(s.lower() for s in lists["stopwords"]),
        entropy=entropy,
        root=root,
        sources=sources,
    )


def _severity(value: Any, where: str, key: str) -> Severity:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: key {key!r} must be a severity string")
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(f"{where}: key {key!r}: {exc}") from None
