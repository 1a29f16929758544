"""User configuration: add, override and disable rules; one-line errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.api import build_scanner, scan_text
from scanner.cli.main import main
from scanner.config.load import load_config, parse_config
from scanner.errors import ConfigError
from scanner.rules.loader import effective_rules
from tests import fakes as F

CUSTOM = {
    "id": "acme-internal-token", "description": "ACME internal token", "provider": "acme",
    "severity": "high", "pattern": r"\b(acme_[a-z0-9]{24})\b", "keywords": ["acme_"],
}


def test_add_user_rule() -> None:
    cfg = parse_config({"rules": [CUSTOM]}, "cfg.toml")
    token = "acme_" + F.rand("acme", "abcdefghijklmnopqrstuvwxyz0123456789", 24)
    found = scan_text(f"t = {token}".encode(), "x", scanner=build_scanner(cfg))
    assert [f.rule_id for f in found] == ["acme-internal-token"]


def test_override_and_disable() -> None:
    cfg = parse_config({"rules": [{"id": "jwt", "severity": "low"}], "disable": ["slack-token"]},
                       "cfg.toml")
    rules = {r.id: r for r in effective_rules(cfg)}
    assert rules["jwt"].severity.value == "low"
    assert "slack-token" not in rules


def test_severity_override_and_threshold() -> None:
    cfg = parse_config({"severity": {"generic-password": "low"}, "threshold": "high"}, "c")
    assert {r.id: r for r in effective_rules(cfg)}["generic-password"].severity.value == "low"
    assert cfg.threshold.value == "high"


@pytest.mark.parametrize(("data", "needle"), [
    ({"rules": [{**CUSTOM, "pattern": "(unclosed"}]}, "acme-internal-token"),
    ({"rules": [{k: v for k, v in CUSTOM.items() if k != "keywords"}]}, "missing field"),
    ({"rules": [{**CUSTOM, "pattern": "(?<=x)(a)"}]}, "invalid pattern"),
    ({"rules": [{**CUSTOM, "pattern": "no-capture"}]}, "capture"),
    ({"rules": [{**CUSTOM, "bogus": 1}]}, "unknown field"),
    ({"disable": ["no-such-rule"]}, "unknown rule id"),
    ({"threshold": "urgent"}, "threshold"),
    ({"unknown_key": 1}, "unknown key 'unknown_key'"),
    ({"allowlist": {"paths": "tests/"}}, "allowlist.paths"),
    ({"allowlist": {"regexes": ["(bad"]}}, "allowlist.regexes"),
    ({"entropy": {"generic-secret": "high"}}, "entropy.generic-secret"),
])
def test_bad_config_is_one_line_error(data: dict, needle: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ConfigError) as exc:
        effective_rules(parse_config(data, "proj/.credscan.toml"))
    msg = str(exc.value)
    assert "\n" not in msg and "proj/.credscan.toml" in msg and needle in msg


def test_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.credscan]\nthreshold = "critical"\n')
    assert load_config(tmp_path).threshold.value == "critical"


def test_credscan_toml_wins_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.credscan]\nthreshold = "critical"\n')
    (tmp_path / ".credscan.toml").write_text('threshold = "low"\n')
    assert load_config(tmp_path).threshold.value == "low"


def test_cli_bad_rule_exits_2_with_one_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".credscan.toml").write_text(
        '[[rules]]\nid = "bad"\ndescription = "d"\nprovider = "p"\nseverity = "high"\n'
        'pattern = "(unclosed"\nkeywords = ["x"]\n')
    (tmp_path / "a.txt").write_text("hello\n")
    rc = main(["scan", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert rc == 2
    assert len(err.splitlines()) == 1 and "'bad'" in err and ".credscan.toml" in err


def test_path_allowlist_and_stopwords(tmp_path: Path) -> None:
    cfg = parse_config({"allowlist": {"paths": ["fixtures/**"], "stopwords": ["acmetest"]}}, "c")
    sc = build_scanner(cfg)
    tok = F.github_classic(5)
    assert scan_text(f"t='{tok}'".encode(), "fixtures/a.py", scanner=sc) == []
    assert len(scan_text(f"t='{tok}'".encode(), "src/a.py", scanner=sc)) == 1
    assert scan_text(f"password = 'acmetest-{F.password(6)}'".encode(), "src/b.py", scanner=sc) == []
