"""``credscan rules``: the rules in effect (built-in plus configuration)."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("rules")
@click.option("--json", "as_json", is_flag=True, help="Print the rules as JSON.")
@click.option("--stats", is_flag=True,
              help="Print counts: rules, provider-specific providers, per family.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: .credscan.toml or pyproject.toml at the root).")
def command(as_json: bool, stats: bool, config_file: str | None) -> int:
    """List the rules in effect, after configuration overrides and disables."""
    from scanner.config.load import load_config
    from scanner.rules.loader import effective_rules

    config = load_config(Path.cwd(), Path(config_file) if config_file else None)
    rules = effective_rules(config)
    if stats:
        from scanner.rules.stats import rule_stats

        st = rule_stats(rules)
        if as_json:
            click.echo(json.dumps(st, indent=2))
            return 0
        click.echo(f"rules: {st['rules']}")
        click.echo(f"providers with a specific rule: {st['providers']}")
        click.echo(f"generic rules: {st['generic_rules']}")
        for fam, row in st["families"].items():
            click.echo(f"  {fam:<16} rules {row['rules']:>4}  providers {row['providers']:>4}")
        return 0
    if as_json:
        click.echo(json.dumps([{"id": r.id, "provider": r.provider, "severity": r.severity.value,
                                "description": r.description, "source": r.source,
                                "family": r.family, "generic": r.generic,
                                "revoke": r.revoke}
                               for r in rules], indent=2))
        return 0
    width = max(len(r.id) for r in rules)
    for r in rules:
        click.echo(f"{r.id:<{width}}  {r.severity.value:<8}  {r.provider:<12}  {r.description}")
    click.echo(f"{len(rules)} rules")
    return 0
