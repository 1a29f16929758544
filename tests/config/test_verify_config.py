"""The ``[verify]`` table: validated once at load, each problem a one-line ConfigError."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.cli.main import main
from scanner.config import parse_config
from scanner.config.verify import VerifyConfig
from scanner.errors import ConfigError


def test_defaults_when_absent() -> None:
    assert parse_config({}, "x").verify == VerifyConfig()
    assert VerifyConfig().enabled is False


def test_a_full_table() -> None:
    v = parse_config({"verify": {
        "enabled": True, "aws_accounts": ["123456789012"], "github_orgs": ["Acme"],
        "allow_providers": ["AWS", "github"], "shopify_shops": ["acme.myshopify.com"],
        "timeout": 3, "concurrency": 2, "rate_per_host": 0.5, "cache": False,
        "cache_ttl_hours": 1}}, "x").verify
    assert v.enabled and v.aws_accounts == ("123456789012",) and v.github_orgs == ("acme",)
    assert v.allow_providers == ("aws", "github") and v.concurrency == 2 and not v.cache


@pytest.mark.parametrize(("table", "message"), [
    ({"nope": 1}, "unknown key 'verify.nope'"),
    ({"aws_accounts": ["12345"]}, "12-digit"),
    ({"aws_accounts": "123456789012"}, "list of strings"),
    ({"shopify_shops": ["collector.example.org"]}, "myshopify.com"),
    ({"timeout": 0}, "verify.timeout"),
    ({"concurrency": True}, "verify.concurrency"),
    ({"enabled": "yes"}, "true or false"),
])
def test_bad_values_name_the_key(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config({"verify": table}, "cfg.toml")


def test_bad_table_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".credscan.toml").write_text('[verify]\naws_accounts = ["x"]\n')
    (tmp_path / "a.txt").write_text("nothing here\n")
    assert main(["scan", "--config", str(tmp_path / ".credscan.toml"), str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "verify.aws_accounts" in err
