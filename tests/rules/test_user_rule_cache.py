"""Many user rules: parsed once, then read from the on-disk cache keyed by their content."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.api import build_scanner, scan_text
from scanner.config.load import load_config
from scanner.rules.loader import effective_rules


def _rules(n: int, prefix: str = "zq") -> str:
    return "\n".join(
        f'[[rules]]\nid = "gen-{i}"\ndescription = "generated {i}"\nprovider = "generated"\n'
        f'severity = "high"\npattern = \'\\b({prefix}{i}_[A-Za-z0-9]{{24}})\\b\'\n'
        f'keywords = ["{prefix}{i}_"]\n' for i in range(n))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(d))
    monkeypatch.delenv("CREDSCAN_NO_CACHE", raising=False)
    monkeypatch.delenv("CREDSCAN_CACHE_DIR", raising=False)
    return d / "credscan"


def test_cached_user_rules_equal_parsed_ones(tmp_path: Path, cache: Path) -> None:
    (tmp_path / ".credscan.toml").write_text(_rules(300))
    first = effective_rules(load_config(tmp_path))
    stored = sorted(p.name.split("-")[0] for p in cache.glob("*.pickle"))
    assert "toml" in stored and "user" in stored
    again = effective_rules(load_config(tmp_path))
    assert again == first
    value = "zq7_" + "Ab3" * 8
    found = scan_text(f"token = {value}\n", "x.py", scanner=build_scanner(
        load_config(tmp_path)))
    assert [f.rule_id for f in found] == ["gen-7"]


def test_an_edited_config_is_a_new_key(tmp_path: Path, cache: Path) -> None:
    (tmp_path / ".credscan.toml").write_text(_rules(300))
    effective_rules(load_config(tmp_path))
    (tmp_path / ".credscan.toml").write_text(_rules(300, prefix="wv"))
    rules = {r.id: r for r in effective_rules(load_config(tmp_path))}
    assert rules["gen-7"].keywords == ("wv7_",)
    value = "wv7_" + "Ab3" * 8
    assert [f.rule_id for f in scan_text(f"t = {value}\n", "x.py", scanner=build_scanner(
        load_config(tmp_path)))] == ["gen-7"]


def test_a_broken_cache_file_is_ignored(tmp_path: Path, cache: Path) -> None:
    (tmp_path / ".credscan.toml").write_text(_rules(300))
    first = effective_rules(load_config(tmp_path))
    for p in cache.glob("*.pickle"):
        p.write_bytes(b"not a pickle")
    assert effective_rules(load_config(tmp_path)) == first


def test_builtin_cache_key_follows_each_rule_file(tmp_path: Path, cache: Path) -> None:
    """The packaged rules' cache is keyed by every file's size and modification time: any
    edit (even one keeping the size) is a new key, an untouched file the same one."""
    import os

    from scanner.rules.loader import _cache_path

    files = [tmp_path / "a.toml", tmp_path / "b.toml"]
    for f in files:
        f.write_text("# rules\n")
    key = _cache_path(files)
    assert key is not None and _cache_path(files) == key
    st = files[1].stat()
    files[1].write_text("# RULES\n")  # same size
    os.utime(files[1], ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert _cache_path(files) not in (None, key)
    files[0].unlink()
    assert _cache_path(files) is None  # a missing file: parse, and let it say what is wrong


def test_the_second_run_reads_the_rules_from_the_cache(
        tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hit parses nothing: the cached rules come back as plain tuples (no per-object
    unpickling hook), equal to the parsed ones."""
    from scanner.rules import loader

    (tmp_path / ".credscan.toml").write_text(_rules(300))
    first = effective_rules(load_config(tmp_path))

    def no_parse(*_a: object, **_k: object) -> None:
        raise AssertionError("parsed again: the cache was not used")

    monkeypatch.setattr(loader, "parse_rule", no_parse)
    assert effective_rules(load_config(tmp_path)) == first
