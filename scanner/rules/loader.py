"""Load the packaged rule file and apply user additions, overrides and disables."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from scanner import __version__
from scanner.config.load import Config
from scanner.config.toml import TOMLDecodeError, loads_toml
from scanner.errors import ConfigError
from scanner.rules.schema import Rule, RuleError, parse_rule

BUILTIN = "builtin.toml"


@functools.lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    """The rules shipped in the package, parsed and validated once per rule-file version.

    Parsing and validating ~90 rules costs tens of milliseconds, too much for a pre-commit
    hook on every commit; the validated rules are cached (pickled) under the user's cache
    directory, keyed by a hash of the rule file, so later runs only unpickle them.
    """
    text = _builtin_text()
    cache = _cache_path(text)
    if cache is not None:
        try:
            with open(cache, "rb") as fh:
                rules = pickle.load(fh)
            if isinstance(rules, tuple) and all(isinstance(r, Rule) for r in rules):
                return rules
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            pass
    rules = _parse_builtin(text)
    if cache is not None:
        _store(cache, rules)
    return rules


@functools.lru_cache(maxsize=1)
def _builtin_text() -> str:
    return (Path(__file__).resolve().parent / BUILTIN).read_text("utf-8")


def _parse_builtin(text: str) -> tuple[Rule, ...]:
    data = loads_toml(text)
    src = f"scanner/rules/{BUILTIN}"
    rules = tuple(parse_rule(raw, src) for raw in data.get("rule", []))
    ids = [r.id for r in rules]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RuleError(f"{src}: duplicate rule id(s): {', '.join(sorted(dupes))}")
    return rules


def _cache_path(text: str) -> Path | None:
    if os.environ.get("CREDSCAN_NO_CACHE"):
        return None
    from scanner.engine.prefilter import cache_dir

    key = hashlib.sha256(f"{sys.version_info[:2]}\0{__version__}\0{text}".encode()).hexdigest()
    return cache_dir() / f"rules-{key[:24]}.pickle"


def _store(path: Path, rules: tuple[Rule, ...]) -> None:
    """Best-effort atomic write; a read-only cache directory only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(rules, fh, protocol=pickle.HIGHEST_PROTOCOL)
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
        targets = [r for r in rules.values() if rid in (r.id, "generic") and
                   (rid != "generic" or "generic" in r.tags)]
        if not targets:
            where = config.sources.get("entropy", "config")
            raise ConfigError(f"{where}: key 'entropy.{rid}': unknown rule id")
        for r in targets:
            rules[r.id] = _replace(r, entropy=ent)
    return [r for r in rules.values() if r.id not in config.disabled]


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
            key = cache.key_of("user-rules", blob, _builtin_text().encode())
            hit = cache.load(key)
            if isinstance(hit, tuple) and len(hit) == len(raws) and all(
                    isinstance(r, Rule) for r in hit):
                return hit
    merged = dict(builtin)
    out: list[Rule] = []
    for where, raw in raws:
        rid = raw.get("id")
        if not isinstance(rid, str) or not rid:
            raise ConfigError(f"{where}: a rule in [[rules]] has no 'id'")
        try:
            rule = parse_rule(raw, where, base=merged.get(rid))
        except RuleError as exc:
            raise ConfigError(str(exc)) from None
        merged[rid] = rule
        out.append(rule)
    result = tuple(out)
    if key is not None:
        from scanner.config import cache

        cache.store(key, result)
    return result


def _replace(rule: Rule, **changes: object) -> Rule:
    import dataclasses

    return dataclasses.replace(rule, **changes)  # type: ignore[arg-type]


__all__ = ["builtin_rules", "effective_rules", "user_rules", "TOMLDecodeError"]
