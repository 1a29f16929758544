"""Every packaged rule's example recipes: each positive is reported by that rule, no negative
is. A rule without at least one positive and one negative recipe fails here, so this is the
one list of rule tests (recipes live beside the rules, in the rule files)."""

from __future__ import annotations

import pytest

from scanner.api import scan_text
from scanner.engine.core import Scanner
from scanner.rules.examples import expand_all
from scanner.rules.loader import builtin_rules
from scanner.rules.schema import Rule

SEEDS = (0, 1, 2)
DEFAULT_PATH = "app/config.py"

RULES = builtin_rules()


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(RULES)


def _ids(sc: Scanner, text: str, path: str) -> set[str]:
    return {f.rule_id for f in scan_text(text.encode("utf-8"), path, scanner=sc)}


def test_every_rule_has_examples() -> None:
    missing = [r.id for r in RULES
               if r.examples is None or not r.examples.positive or not r.examples.negative]
    assert not missing, f"rules without positive and negative examples: {missing}"


@pytest.mark.parametrize("rule", [r for r in RULES if r.examples is not None],
                         ids=lambda r: r.id)
def test_rule_examples(scanner: Scanner, rule: Rule) -> None:
    assert rule.examples is not None
    path = rule.examples.path or DEFAULT_PATH
    for seed in SEEDS:
        for text in expand_all(rule.examples.positive, f"{rule.id}+{seed}"):
            got = _ids(scanner, text, path)
            assert rule.id in got, f"seed {seed}: positive not reported (got {sorted(got)})"
        for text in expand_all(rule.examples.negative, f"{rule.id}-{seed}"):
            got = _ids(scanner, text, path)
            assert rule.id not in got, f"seed {seed}: negative reported"
