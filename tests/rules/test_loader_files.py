"""Rule files: builtin.toml plus providers/*.toml, both table spellings, duplicate ids."""

from __future__ import annotations

import random

import pytest

from scanner.config.load import parse_config
from scanner.rules.examples import ExampleError, expand, expand_all
from scanner.rules.loader import builtin_rules, effective_rules, parse_rule_files, rule_files
from scanner.rules.schema import RuleError

RULE = '''
[[{table}]]
id = "{rid}"
description = "d"
provider = "acme"
severity = "high"
pattern = '\\b(acme_[a-z0-9]{{20}})\\b'
keywords = ["acme_"]
revoke = "https://acme.example/docs/revoke"
[{table}.examples]
positive = ['k = "{{pfx:ac|me_}}{{alnumlower:20}}"']
negative = ['k = "acme_"']
'''


def test_packaged_files_include_providers() -> None:
    files = rule_files()
    assert files[0].name == "builtin.toml"
    assert [p.name for p in files[1:]] == sorted(p.name for p in files[1:])
    assert {r.source for r in builtin_rules()} >= {"scanner/rules/builtin.toml"}


def test_both_table_spellings_and_family() -> None:
    rules = parse_rule_files([
        ("scanner/rules/providers/one.toml", RULE.format(table="rule", rid="a")),
        ("scanner/rules/providers/two.toml", RULE.format(table="rules", rid="b")),
    ])
    assert [(r.id, r.family) for r in rules] == [("a", "one"), ("b", "two")]
    assert rules[0].revoke == "https://acme.example/docs/revoke"
    assert rules[0].examples is not None and rules[0].examples.negative == ('k = "acme_"',)
    assert not rules[0].generic


def test_duplicate_id_names_both_files() -> None:
    with pytest.raises(RuleError, match=r"one\.toml and .*two\.toml: duplicate rule id 'a'"):
        parse_rule_files([
            ("scanner/rules/providers/one.toml", RULE.format(table="rule", rid="a")),
            ("scanner/rules/providers/two.toml", RULE.format(table="rule", rid="a")),
        ])


def test_revoke_must_be_https() -> None:
    bad = RULE.format(table="rule", rid="a").replace("https://", "http://")
    with pytest.raises(RuleError, match="revoke"):
        parse_rule_files([("x.toml", bad)])


def test_generic_is_one_field_used_by_entropy_config() -> None:
    rules = {r.id: r for r in builtin_rules()}
    assert rules["url-password"].generic and rules["generic-secret"].generic
    assert not rules["github-classic-token"].generic
    cfg = parse_config({"entropy": {"generic": 4.5}}, "cfg")
    eff = {r.id: r for r in effective_rules(cfg)}
    assert all(r.entropy == 4.5 for r in eff.values() if r.generic)
    assert eff["github-classic-token"].entropy == rules["github-classic-token"].entropy


def test_config_accepts_rule_and_rules_and_no_extends() -> None:
    table = {"id": "acme", "description": "d", "provider": "acme", "severity": "high",
             "pattern": r"\b(acme_[a-z0-9]{20})\b", "keywords": ["acme_"]}
    for key in ("rule", "rules"):
        cfg = parse_config({key: [table]}, "cfg")
        eff = {r.id: r for r in effective_rules(cfg)}
        assert eff["acme"].family == "user"
    from scanner.errors import ConfigError

    with pytest.raises(ConfigError, match="extends"):
        parse_config({"extends": True}, "cfg")


def test_expand_placeholders() -> None:
    rng = random.Random("t")
    out = expand('a="{pfx:gh|p_}{gen:crc32b62}" b={hex:8} c={uuid} d={alnum:3-5} {"j": 1}', rng)
    assert out.startswith('a="ghp_') and ' {"j": 1}' in out
    from scanner.engine.validators import github_classic

    assert github_classic(out[3:43]) is not None
    assert expand_all(("{b32:10}",), 1) == expand_all(("{b32:10}",), 1)
    with pytest.raises(ExampleError):
        expand("{gen:nope}", rng)
