"""Config and rule loaders: any TOML value gives a one-line ConfigError or a valid config."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from scanner.config.load import Config, config_from_bytes, credscan_table, parse_config
from scanner.errors import ConfigError
from scanner.rules.loader import effective_rules
from tests.fuzz import strategies as S

TOP = ["threshold", "disable", "severity", "rules", "allowlist", "entropy", "extends"]
RULE_KEYS = ["id", "description", "provider", "severity", "pattern", "keywords", "entropy",
             "validator", "context", "filters", "allow", "multiline", "group", "min_length",
             "tags", "paths", "prefilter"]

rule_table = st.dictionaries(st.sampled_from(RULE_KEYS), st.one_of(
    S.toml_value, st.sampled_from(["(x)", "a(?P<secret>b+)", "(", "\\b(?:ab|cd)\\b", "low",
                                   "high", "placeholder", "aws-key-id", "nope", ""])),
    max_size=8)
config_table = st.dictionaries(
    st.one_of(st.sampled_from(TOP), st.text(max_size=8)),
    st.one_of(S.toml_value, st.lists(rule_table, max_size=3),
              st.dictionaries(st.sampled_from(["paths", "regexes", "stopwords", "x"]),
                              S.toml_value, max_size=3)),
    max_size=6)


def _check(fn: Any) -> Config | None:
    try:
        return fn()
    except ConfigError as exc:
        msg = str(exc)
        assert msg and "\n" not in msg, msg
        return None


@given(config_table)
def test_parse_config_and_rules(data: dict[str, Any]) -> None:
    cfg = _check(lambda: parse_config(data, "fuzz.toml", Path(".")))
    if cfg is not None:
        _check(lambda: effective_rules(cfg))


@given(S.toml_value)
def test_pyproject_tool_value(value: Any) -> None:
    """``tool = <anything>`` (the reported ``tool = 5``) in pyproject.toml."""
    try:
        section = credscan_table({"tool": value}, "pyproject.toml")
    except ConfigError as exc:
        assert "\n" not in str(exc)
        return
    if section is not None:
        _check(lambda: parse_config(section, "pyproject.toml [tool.credscan]"))


@given(st.binary(max_size=300), st.booleans())
def test_any_bytes_as_config_file(raw: bytes, pyproject: bool) -> None:
    _check(lambda: config_from_bytes(raw, "fuzz.toml", None, pyproject))


@given(st.lists(st.sampled_from([
    "[tool.credscan]\n", "[tool]\n", "tool = 5\n", "credscan = 3\n", "threshold = 'high'\n",
    "threshold = 7\n", "disable = ['a', 1]\n", "[[rules]]\n", "[[tool.credscan.rules]]\n",
    "id = 'x'\n", "pattern = '(a+)'\n", "pattern = '('\n", "keywords = ['a']\n",
    "[allowlist]\n", "paths = ['**']\n", "regexes = ['[']\n", "entropy = { a = 9 }\n",
    "severity = { x = 'bogus' }\n", "extends = 'yes'\n", "a = [[[[1]]]]\n", "\x00\n",
]), max_size=10), st.booleans())
def test_structured_config_text(lines: list[str], pyproject: bool) -> None:
    raw = "".join(lines).encode()
    cfg = _check(lambda: config_from_bytes(raw, "fuzz.toml", None, pyproject))
    if cfg is not None:
        _check(lambda: effective_rules(cfg))


COMPLETE = {"id": "x", "description": "d", "provider": "p", "severity": "high",
            "pattern": "(a+)", "keywords": ["a"]}


@given(st.sampled_from(RULE_KEYS), st.one_of(S.toml_value, st.sampled_from(
    ["(", "", "\x00", "high", "aws-key-id", "placeholder"])))
def test_complete_rule_with_one_odd_field(key: str, value: Any) -> None:
    """Regression (found by this property): ``validator = []`` crashed with TypeError."""
    from scanner.engine.core import Scanner
    from scanner.models import Fragment

    rule = dict(COMPLETE, **{key: value})
    cfg = _check(lambda: parse_config({"rules": [rule]}, "fuzz.toml"))
    if cfg is None:
        return
    try:
        rules = effective_rules(cfg)
    except ConfigError as exc:
        assert "\n" not in str(exc)
        return
    Scanner(rules, cfg).scan(Fragment(text=b"a key aaaa\n", path="f.txt"))


def test_validator_list_regression() -> None:
    cfg = parse_config({"rules": [dict(COMPLETE, validator=["x"])]}, "fuzz.toml")
    try:
        effective_rules(cfg)
    except ConfigError as exc:
        assert "validator" in str(exc)
    else:
        raise AssertionError("a list validator was accepted")
