"""``credscan rules --stats``: rule and provider counts, per family."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.cli.main import main
from scanner.rules.loader import builtin_rules
from scanner.rules.stats import rule_stats


def test_stats_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["rules", "--stats", "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st == rule_stats(builtin_rules())
    assert st["rules"] == len(builtin_rules())
    assert st["providers"] == len({r.provider for r in builtin_rules() if not r.generic})
    assert "generic" in st["families"] and st["families"]["generic"]["providers"] == 0


def test_stats_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["rules", "--stats"]) == 0
    out = capsys.readouterr().out
    assert "providers with a specific rule:" in out and "rules:" in out
