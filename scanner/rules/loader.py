"""Load the packaged rule file and apply user additions, overrides and disables."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import pickle
import sys
from pathlib import Path

from scanner import __version__
from scanner.config.load import Config
from scanner.config.toml import TOMLDecodeError, loads_toml
from scanner.errors import ConfigError
from scanner.models import Severity
from scanner.rules.schema import Context, Examples, Rule, RuleError, parse_rule

BUILTIN = "builtin.toml"
#: provider rule files, one per family (``providers/<family>.toml``), loaded in name order
PROVIDERS = "providers"


def rule_files() -> list[Path]:
    """The packaged rule files: builtin.toml, then every providers/*.toml sorted by name."""
    here = Path(__file__).resolve().parent
    return [here / BUILTIN, *sorted((here / PROVIDERS).glob("*.toml"))]


def _display(path: Path) -> str:
    here = Path(__file__).resolve().parent
    try:
        return "scanner/rules/" + path.relative_to(here).as_posix()
    except ValueError:  # pragma: no cover - a file outside the package
        return str(path)


@functools.lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    """The rules shipped in the package, parsed and validated once per rule-file version.

    Parsing and validating hundreds of rules costs tens of milliseconds, too much for a
    pre-commit hook on every commit; the validated rules are cached (pickled) under the
    user's cache directory, keyed by every rule file's name, size and modification time (as
    Python keys its bytecode cache), so later runs only stat the files and unpickle them.
    """
    files = rule_files()
    cache = _cache_path(files)
    if cache is not None:
        try:
            with open(cache, "rb") as fh:
                return _thaw(pickle.load(fh))
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError,
                ValueError, IndexError, KeyError):
            pass
    rules = parse_rule_files([(_display(p), p.read_text("utf-8")) for p in files])
    if cache is not None:
        _store(cache, rules)
    return rules


def rule_tables(data: dict[str, object], src: str) -> list[dict[str, object]]:
    """The rule tables of one TOML document: ``[[rule]]`` and ``[[rules]]`` both count."""
    out: list[dict[str, object]] = []
    for key in ("rule", "rules"):
        val = data.get(key, [])
        if not isinstance(val, list) or not all(isinstance(r, dict) for r in val):
            raise RuleError(f"{src}: key {key!r} must be an array of tables ([[{key}]])")
        out.extend(val)
    return out


def parse_rule_files(texts: list[tuple[str, str]]) -> tuple[Rule, ...]:
    """Parse (display name, TOML text) pairs; a rule id defined twice is an error naming
    both files."""
    rules: list[Rule] = []
    where: dict[str, str] = {}
    for src, text in texts:
        try:
            data = loads_toml(text)
        except TOMLDecodeError as exc:
            raise RuleError(f"{src}: {exc}") from None
        stem = Path(src).stem
        family = stem if Path(src).parent.name == PROVIDERS else None
        for raw in rule_tables(data, src):
            rule = parse_rule(raw, src, family=family)
            if rule.id in where:
                first = where[rule.id]
                also = f" and {src}" if first != src else ""
                raise RuleError(f"{first}{also}: duplicate rule id {rule.id!r}")
            where[rule.id] = src
            rules.append(rule)
    return tuple(rules)


def _cache_path(files: list[Path]) -> Path | None:
    if os.environ.get("CREDSCAN_NO_CACHE"):
        return None
    from scanner.config.cache import cache_dir

    h = hashlib.sha256(f"{sys.version_info[:2]}\0{__version__}\0rules-v3".encode())
    for path in files:
        try:
            st = path.stat()
        except OSError:
            return None  # the rule files themselves will say what is wrong
        h.update(f"\0{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}".encode())
    return cache_dir() / f"rules-{h.hexdigest()[:24]}.pickle"


_FIELDS = tuple(f.name for f in dataclasses.fields(Rule))
_CTX, _EX, _SEV = (_FIELDS.index(n) for n in ("context", "examples", "severity"))


def _freeze(rules: tuple[Rule, ...]) -> tuple[object, ...]:
    """Rules as plain tuples: unpickling hundreds of slotted frozen dataclasses costs tens of
    milliseconds (a Python-level ``__setstate__`` per object), plain tuples well under one."""
    out = []
    for r in rules:
        v: list[object] = [getattr(r, f) for f in _FIELDS]
        ctx, ex = r.context, r.examples
        v[_CTX] = (ctx.pattern, ctx.within_lines) if ctx else None
        v[_EX] = (ex.positive, ex.negative, ex.path) if ex else None
        v[_SEV] = r.severity.value
        out.append(tuple(v))
    return ("rules-v1", _FIELDS, tuple(out))


def _thaw(blob: object) -> tuple[Rule, ...]:
    if not (isinstance(blob, tuple) and len(blob) == 3 and blob[0] == "rules-v1"
            and blob[1] == _FIELDS):
        raise ValueError("stale rule cache")
    out = []
    sev = {s.value: s for s in Severity}  # a dict lookup, not an enum call, per rule
    for row in blob[2]:
        v = list(row)
        if v[_CTX] is not None:
            v[_CTX] = Context(*v[_CTX])
        if v[_EX] is not None:
            v[_EX] = Examples(*v[_EX])
        v[_SEV] = sev[v[_SEV]]
        out.append(Rule(*v))
    return tuple(out)


def _store(path: Path, rules: tuple[Rule, ...]) -> None:
    """Best-effort atomic write; a read-only cache directory only costs speed."""
    import tempfile  # only on a cache miss

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(_freeze(rules), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass


def effective_rules(config: Config | None = None) -> list[Rule]:
    """Built-in rules, overridden/extended by user rules, minus disabled ones."""
    rules = {r.id: r for r in builtin_rules()}
    if config is None:
        return list(rules.values())
    for rule in user_rules(config, rules):
        rules[rule.id] = rule
    unknown = [d for d in config.disabled if d not in rules]
    if unknown:
        where = config.sources.get("disable", "config")
        raise ConfigError(f"{where}: key 'disable': unknown rule id {unknown[0]!r}")
    for rid, sev in config.severity.items():
        if rid not in rules:
            where = config.sources.get("severity", "config")
            raise ConfigError(f"{where}: key 'severity.{rid}': unknown rule id")
        rules[rid] = _replace(rules[rid], severity=sev)
    for rid, ent in config.entropy.items():
        targets = [r for r in rules.values()
                   if (r.generic if rid == "generic" else r.id == rid)]
        if not targets:
            where = config.sources.get("entropy", "config")
            raise ConfigError(f"{where}: key 'entropy.{rid}': unknown rule id")
        for r in targets:
            rules[r.id] = _replace(r, entropy=ent)
    return [r for r in rules.values() if r.id not in config.disabled]


def _replace(rule: Rule, **changes: object) -> Rule:
    import dataclasses

    return dataclasses.replace(rule, **changes)  # type: ignore[arg-type]


#: Past this many user rules, their parsed and validated form is cached on disk.
CACHE_MIN_RULES = 32


def user_rules(config: Config, builtin: dict[str, Rule]) -> tuple[Rule, ...]:
    """The config's ``[[rules]]``, parsed and validated (each over the rule it overrides).

    Validating a rule compiles its pattern; with thousands of user rules that dominates a
    pre-commit hook, so the result is cached keyed by the rules' own content (and the
    built-in rules they may override): an edit to the file is a new key."""
    raws = list(config.rules)
    key = None
    if len(raws) >= CACHE_MIN_RULES:
        from scanner.config import cache

        try:
            blob = pickle.dumps(raws, protocol=4)
        except (pickle.PicklingError, TypeError, ValueError):
            blob = b""
        if blob:
            key = cache.key_of("user-rules", blob, _rules_fingerprint().encode())
            try:  # stored as plain tuples, as the built-in rules are (see _freeze)
                hit = _thaw(cache.load(key))
            except (TypeError, ValueError, IndexError, KeyError):
                hit = ()
            if len(hit) == len(raws):
                return hit
    merged = dict(builtin)
    out: list[Rule] = []
    for where, raw in raws:
        rid = raw.get("id")
        if not isinstance(rid, str) or not rid:
            raise ConfigError(f"{where}: a rule in [[rules]] has no 'id'")
        try:
            base = merged.get(rid)
            rule = parse_rule(raw, where, base=base, family=None if base is not None else "user")
        except RuleError as exc:
            raise ConfigError(str(exc)) from None
        merged[rid] = rule
        out.append(rule)
    result = tuple(out)
    if key is not None:
        from scanner.config import cache

        cache.store(key, _freeze(result))
    return result


@functools.lru_cache(maxsize=1)
def _rules_fingerprint() -> str:
    """A digest of every packaged rule file (user rules may override built-in ones)."""
    h = hashlib.sha256()
    for p in rule_files():
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


__all__ = ["builtin_rules", "effective_rules", "user_rules", "parse_rule_files", "rule_files",
           "TOMLDecodeError"]
