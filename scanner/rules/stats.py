"""Counts over a rule set: how broad the provider-specific coverage is, per family."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from scanner.rules.schema import Rule


def rule_stats(rules: Iterable[Rule]) -> dict[str, Any]:
    """Rules, providers that have a rule of their own (not generic), and the same per family.

    A provider counts once however many rules it has; generic rules (names plus entropy)
    count as rules but give no provider.
    """
    rules = list(rules)
    providers = {r.provider for r in rules if not r.generic}
    fams: dict[str, dict[str, Any]] = {}
    for r in rules:
        row = fams.setdefault(r.family, {"rules": 0, "providers": set()})
        row["rules"] += 1
        if not r.generic:
            row["providers"].add(r.provider)
    return {
        "rules": len(rules),
        "providers": len(providers),
        "generic_rules": sum(1 for r in rules if r.generic),
        "families": {k: {"rules": v["rules"], "providers": len(v["providers"])}
                     for k, v in sorted(fams.items())},
    }
