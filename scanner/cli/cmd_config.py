"""``credscan config show``: the effective configuration and where each part came from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

#: config key in the file -> (attribute of Config, description)
_KEYS: list[tuple[str, str, str]] = [
    ("threshold", "threshold", "exit 1 for findings at or above this severity"),
    ("disable", "disabled", "rules switched off"),
    ("severity", "severity", "per-rule severity overrides"),
    ("entropy", "entropy", "per-rule minimum entropy"),
    ("allowlist", "allow_paths", "paths never scanned (gitignore-style globs)"),
    ("allowlist", "allow_regexes", "values never reported (regexes)"),
    ("allowlist", "stopwords", "values containing these words are never reported"),
    ("rules", "rules", "extra or overriding rules"),
]
_ALLOW_NAMES = {"allow_paths": "paths", "allow_regexes": "regexes", "stopwords": "stopwords"}


def _plain(value: Any) -> Any:
    """Config values as JSON/TOML-friendly data."""
    if hasattr(value, "value") and not isinstance(value, (str, int, float)):
        return value.value  # Severity
    if isinstance(value, (frozenset, set)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, Path):
        return str(value)
    return value


def _toml(value: Any) -> str:
    """A TOML literal for plain data (JSON strings and numbers are valid TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    return json.dumps(str(value))


def _key(k: str) -> str:
    return k if k.replace("-", "").replace("_", "").isalnum() else json.dumps(k)


def effective(config: Any) -> dict[str, Any]:
    """The effective configuration as data: values, sources, rule counts."""
    sources = dict(getattr(config, "sources", {}) or {})
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for file_key, attr, _ in _KEYS:
        name = f"allowlist.{_ALLOW_NAMES[attr]}" if file_key == "allowlist" else file_key
        v = getattr(config, attr, None)
        if attr == "rules":
            v = [dict(raw, _source=src) for src, raw in (v or ())]
        values[name] = _plain(v)
        origin[name] = sources.get(file_key, "built-in default")
        if file_key == "allowlist" and not values[name]:
            origin[name] = "built-in default"  # the table exists but not this list
    doc: dict[str, Any] = {
        "root": str(getattr(config, "root", "") or ""),
        "files": sorted(set(sources.values())),
        "values": values,
        "sources": origin,
    }
    try:
        from scanner.rules.loader import effective_rules

        rules = effective_rules(config)
        doc["rules_in_effect"] = len(rules)
        doc["rule_sources"] = _count_sources(rules)
    except Exception as exc:  # noqa: BLE001 - 'config show' must still show the config
        doc["rules_error"] = str(exc)
    return doc


def _count_sources(rules: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for r in rules:
        src = str(getattr(r, "source", "builtin"))
        counts[src] = counts.get(src, 0) + 1
    return dict(sorted(counts.items()))


@click.group(name="config")
def command() -> None:
    """Inspect the configuration (.credscan.toml or [tool.credscan] in pyproject.toml)."""


@command.command(name="show")
@click.argument("path", required=False, default=".", type=click.Path(exists=True))
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Show this configuration file instead of the one found from PATH.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of annotated TOML.")
def show(path: str, config_file: str | None, as_json: bool) -> int:
    """Print the effective configuration for PATH and where each part came from."""
    from scanner.config import load_config

    config = load_config(Path(path), Path(config_file) if config_file else None)
    doc = effective(config)
    if as_json:
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    lines = [f"# effective credscan configuration for {doc['root'] or path}"]
    if doc["files"]:
        lines += [f"# read from: {f}" for f in doc["files"]]
    else:
        lines.append("# no configuration file found: built-in defaults "
                     "(.credscan.toml or [tool.credscan] in pyproject.toml)")
    if "rules_in_effect" in doc:
        by = ", ".join(f"{n} from {s}" for s, n in doc["rule_sources"].items())
        lines.append(f"# {doc['rules_in_effect']} rules in effect ({by})")
    elif "rules_error" in doc:
        lines.append(f"# rules could not be loaded: {doc['rules_error']}")
    lines.append("")
    descr = {(f"allowlist.{_ALLOW_NAMES[a]}" if k == "allowlist" else k): d
             for k, a, d in _KEYS}
    values, origin = doc["values"], doc["sources"]
    for name in ("threshold", "disable", "severity", "entropy"):
        lines.append(f"# {descr[name]}; from: {origin[name]}")
        lines.append(f"{name} = {_toml(values[name])}")
        lines.append("")
    lines.append("[allowlist]")
    for sub in ("paths", "regexes", "stopwords"):
        name = f"allowlist.{sub}"
        lines.append(f"# {descr[name]}; from: {origin[name]}")
        lines.append(f"{sub} = {_toml(values[name])}")
    for rule in values["rules"]:
        src = rule.pop("_source", "")
        lines += ["", f"# from: {src}", "[[rules]]"]
        lines += [f"{_key(k)} = {_toml(v)}" for k, v in rule.items()]
    click.echo("\n".join(lines))
    return 0
