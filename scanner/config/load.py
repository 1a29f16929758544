"""Find, read and validate user configuration (``.credscan.toml`` or ``[tool.credscan]``).

Validation happens here, once, so that every later stage can trust the values; every
problem is a :class:`~scanner.errors.ConfigError` naming the file and the key.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.config.toml import TOMLDecodeError, loads_toml
from scanner.config.verify import VerifyConfig, parse_verify
from scanner.errors import ConfigError
from scanner.models import DEFAULT_THRESHOLD, Severity

CONFIG_NAME = ".credscan.toml"
#: The findings baseline at a repository's root (read by :mod:`scanner.baseline`).
DEFAULT_BASELINE = ".credscan-baseline.json"
PYPROJECT = "pyproject.toml"
#: Files at the top of a work tree that change what credscan reports (a change to one is
#: checked for secrets it adds and allows at the same time: :mod:`scanner.ci.protect`).
CONTROL_FILES = (CONFIG_NAME, PYPROJECT, DEFAULT_BASELINE)

_TOP_KEYS = {"threshold", "disable", "severity", "rules", "rule", "allowlist", "entropy",
             "verify"}
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
    verify: VerifyConfig = field(default_factory=VerifyConfig)

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
                # the scanner applies the path allowlist too, so it must not be shared
                "allow_paths": list(self.allow_paths),
                "entropy": dict(sorted(self.entropy.items())),
            },
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _resolve(p: Path) -> Path:
    """``p`` made absolute with links resolved; a link loop or odd name never raises."""
    try:
        return p.resolve()
    except (OSError, RuntimeError, ValueError):  # RuntimeError: symlink loop (Python < 3.13)
        return Path(os.path.abspath(p))


def _is_file(p: Path) -> bool:
    try:
        return p.is_file()
    except (OSError, ValueError):
        return False


def find_root(start: Path) -> Path | None:
    """The enclosing git work tree (a directory holding ``.git``), if any: the one
    repository-root function (no git call, so it is cheap and runs no repository code)."""
    cur = _resolve(start)
    if _is_file(cur):
        cur = cur.parent
    for d in (cur, *cur.parents):
        try:
            if (d / ".git").exists():
                return d
        except (OSError, ValueError):
            continue
    return None


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Load the configuration that applies to ``start`` (default: the current directory).

    ``explicit`` (``--config FILE``) wins; otherwise ``.credscan.toml`` at the repository
    root (or ``start``), then ``[tool.credscan]`` in ``pyproject.toml`` there.
    """
    base = _resolve(start or Path.cwd())
    root = find_root(base) or (base if base.is_dir() else base.parent)
    if explicit is not None:
        _check_explicit(explicit)
        return _from_file(explicit, root, pyproject=explicit.name == PYPROJECT)
    candidate = root / CONFIG_NAME
    if _is_file(candidate):
        return _from_file(candidate, root, pyproject=False)
    if os.path.lexists(candidate):  # a directory, a FIFO, a dangling or looping link
        raise ConfigError(f"{candidate}: not a regular file")
    pyproject = root / PYPROJECT
    if _is_file(pyproject):
        return _from_file(pyproject, root, pyproject=True)
    return Config(root=root)


def _check_explicit(path: Path) -> None:
    """A one-line reason why ``--config PATH`` cannot be read, before trying to read it."""
    try:
        path.stat()
    except RuntimeError:
        raise ConfigError(f"{path}: symbolic link loop") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ConfigError(f"{path}: symbolic link loop") from None
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise ConfigError(f"{path}: config file not found") from None
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: invalid path: {exc}") from None
    if not _is_file(path):
        raise ConfigError(f"{path}: not a regular file")


#: Config files larger than this have their parsed TOML cached (a hook runs on every commit).
CACHE_MIN_BYTES = 16 * 1024


def _parsed_toml(text: str) -> dict[str, Any]:
    """``loads_toml(text)``, from the on-disk cache when the file is large (many rules)."""
    if len(text) < CACHE_MIN_BYTES:
        return loads_toml(text)
    from scanner.config import cache

    key = cache.key_of("toml", text.encode("utf-8", "surrogateescape"))
    data = cache.load(key)
    if isinstance(data, dict):
        return data
    data = loads_toml(text)
    cache.store(key, data)
    return data


def _from_file(path: Path, root: Path, pyproject: bool) -> Config:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return config_from_bytes(raw, str(path), root, pyproject)


def config_from_bytes(raw: bytes, where: str, root: Path | None = None,
                      pyproject: bool = False) -> Config:
    """Parse a ``.credscan.toml`` (or, with ``pyproject``, ``[tool.credscan]``) from bytes.

    Used for files on disk and for the versions git holds (CI reads the base revision's).
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where}: not UTF-8 text (byte {exc.start})") from None
    try:
        data = _parsed_toml(text)
    except TOMLDecodeError as exc:
        raise ConfigError(f"{where}: invalid TOML: {_one_line(str(exc))}") from None
    except (RecursionError, ValueError) as exc:  # nesting deeper than the parser allows
        raise ConfigError(f"{where}: invalid TOML: {type(exc).__name__}") from None
    if pyproject:
        section = credscan_table(data, where)
        if section is None:
            return Config(root=root)
        return parse_config(section, f"{where} [tool.credscan]", root)
    return parse_config(data, where, root)


def credscan_table(data: Mapping[str, Any], where: str) -> Any:
    """``[tool.credscan]`` of a parsed pyproject.toml (None if absent; a bad ``tool`` fails)."""
    tool = data.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, Mapping):
        raise ConfigError(f"{where}: key 'tool' must be a table")
    return tool.get("credscan")


def _one_line(text: str) -> str:
    return " ".join(text.split())


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

    rules_raw: list[Mapping[str, Any]] = []
    for key in ("rules", "rule"):  # [[rules]] and [[rule]] (as in the packaged files)
        val = data.get(key, [])
        if not isinstance(val, list) or not all(isinstance(r, Mapping) for r in val):
            raise ConfigError(f"{where}: key {key!r} must be an array of tables ([[{key}]])")
        rules_raw.extend(val)

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

    verify = parse_verify(data["verify"], where) if "verify" in data else VerifyConfig()

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
        verify=verify,
    )


def _severity(value: Any, where: str, key: str) -> Severity:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: key {key!r} must be a severity string")
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(f"{where}: key {key!r}: {exc}") from None
