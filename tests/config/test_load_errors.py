"""Malformed configuration ends in a one-line ConfigError, never an internal error (item 16)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner.config.load import config_from_bytes, load_config
from scanner.errors import ConfigError
from scanner.rules.loader import effective_rules


def _one_line(exc: pytest.ExceptionInfo[ConfigError]) -> str:
    msg = str(exc.value)
    assert msg and "\n" not in msg
    return msg


@pytest.mark.parametrize("text", [
    "tool = 5\n",
    'tool = "credscan"\n',
    "tool = [1, 2]\n",
    "[tool]\ncredscan = 5\n",
    "[tool]\ncredscan = [1]\n",
    "[tool.credscan]\nthreshold = 5\n",
    "[tool.credscan]\nseverity = 3\n",
    "[tool.credscan]\nallowlist = { regexes = ['('] }\n",
    "[tool.credscan]\nentropy = { x = nan }\n",
    "a = " + "[" * 5000 + "]" * 5000 + "\n",
])
def test_bad_pyproject_is_one_line_error(tmp_path: Path, text: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert "pyproject.toml" in _one_line(info)


def test_tool_table_without_credscan_is_fine(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    assert load_config(tmp_path).root == tmp_path.resolve()


def test_non_utf8_config(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".credscan.toml").write_bytes(b"threshold = '\xff'\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert "UTF-8" in _one_line(info)


def test_explicit_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path, loop)
    assert "loop" in _one_line(info)


def test_explicit_directory_and_missing(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a regular file"):
        load_config(tmp_path, tmp_path)
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path, tmp_path / "nope.toml")


def test_start_path_that_is_a_symlink_loop(tmp_path: Path) -> None:
    """``credscan scan loop`` loads the config for ``loop`` first: that must not crash."""
    (tmp_path / ".git").mkdir()
    loop = tmp_path / "a"
    os.symlink(tmp_path / "b", loop)
    os.symlink(loop, tmp_path / "b")
    cfg = load_config(loop)
    assert cfg.root is not None


def test_bad_rules_table_is_one_line_error() -> None:
    cfg = config_from_bytes(b"[[rules]]\nid = 5\n", ".credscan.toml")
    with pytest.raises(ConfigError) as info:
        effective_rules(cfg)
    _one_line(info)


def test_cli_reports_tool_5_in_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("tool = 5\n")
    (tmp_path / "a.txt").write_text("hello\n")
    proc = subprocess.run([sys.executable, "-c", "from scanner.cli.main import entry; entry()",
                           "scan", str(tmp_path)], capture_output=True, timeout=120, check=False)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "internal error" not in err and len(err.strip().splitlines()) == 1, err


def test_config_path_that_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".credscan.toml").mkdir()
    with pytest.raises(ConfigError, match="not a regular file"):
        load_config(tmp_path)
