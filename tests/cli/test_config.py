"""``credscan config show``: effective values and where each came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.cli.main import main


def test_config_show_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert "no configuration file found" in out
    assert 'threshold = "medium"' in out and "built-in default" in out


def test_config_show_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.credscan]\nthreshold = "high"\ndisable = ["jwt"]\n'
        '[tool.credscan.allowlist]\npaths = ["tests/**"]\n', encoding="utf-8")
    sub = tmp_path / "src"
    sub.mkdir()
    monkeypatch.chdir(sub)
    assert main(["config", "show", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["values"]["threshold"] == "high"
    assert doc["values"]["disable"] == ["jwt"]
    assert "pyproject.toml [tool.credscan]" in doc["sources"]["threshold"]
    assert "pyproject.toml" in doc["sources"]["allowlist.paths"]
    assert doc["sources"]["allowlist.regexes"] == "built-in default"
    assert doc["sources"]["severity"] == "built-in default"
    assert main(["config", "show"]) == 0
    text = capsys.readouterr().out
    assert 'threshold = "high"' in text and "[allowlist]" in text


def test_config_show_bad_config_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".credscan.toml").write_text('thresold = "high"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["config", "show"]) == 2
    err = capsys.readouterr().err
    assert "thresold" in err and len(err.strip().splitlines()) == 1
