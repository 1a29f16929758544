"""Baselines across fingerprint schemes: v1 files keep working and migrate (item 17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.baseline import Baseline
from scanner.engine import fingerprint as fpmod
from scanner.engine.fingerprint import legacy_fingerprint
from scanner.errors import UsageError
from scanner.fsio import WriteRefused
from tests.report_samples import sample_result


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(fpmod.KEY_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    fpmod._read_key.cache_clear()
    fpmod._kdf.cache_clear()


def _v1_file(tmp_path: Path, verdict: str = "false_positive") -> tuple[Path, list]:  # type: ignore[type-arg]
    findings = sample_result(history=True).findings
    entries = {legacy_fingerprint(f.rule_id, f.file, f.secret): {
        "rule": f.rule_id, "file": f.file, "line": f.line, "verdict": verdict}
        for f in findings}
    p = tmp_path / ".credscan-baseline.json"
    p.write_text(json.dumps({"version": 1, "tool": "credscan", "scope": "history",
                             "findings": entries}))
    return p, findings


def test_v1_baseline_still_hides_and_migrates(tmp_path: Path) -> None:
    p, findings = _v1_file(tmp_path)
    b = Baseline.load(p)
    assert b.legacy and all(b.hides(f) for f in findings)
    added, removed, kept, _moved = b.update(findings)
    assert (added, removed) == (0, 0)
    assert not b.legacy and set(b.entries) == {f.fingerprint for f in findings}
    assert all(e.verdict == "false_positive" for e in b.entries.values())
    b.save(p)
    doc = json.loads(p.read_text())
    assert doc["version"] == 2 and doc["fingerprints"] == "v2"
    assert all(Baseline.load(p).hides(f) for f in findings)


def test_key_mismatch_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    findings = sample_result().findings
    monkeypatch.setenv(fpmod.KEY_ENV, "k1-" + "x" * 20)
    b = Baseline.from_findings(findings)
    p = tmp_path / "b.json"
    b.save(p)
    assert "+key:" in json.loads(p.read_text())["fingerprints"]
    monkeypatch.delenv(fpmod.KEY_ENV)
    with pytest.raises(UsageError, match="CREDSCAN_FINGERPRINT_KEY") as info:
        Baseline.load(p)
    assert "\n" not in str(info.value)
    monkeypatch.setenv(fpmod.KEY_ENV, "k2-" + "y" * 20)
    with pytest.raises(UsageError, match="not this machine's key"):
        Baseline.load(p)


def test_save_refuses_planted_symlink_and_keeps_target(tmp_path: Path,
                                                       tmp_path_factory: pytest.TempPathFactory
                                                       ) -> None:
    outside = tmp_path_factory.mktemp("outside") / "victim"
    outside.write_text("precious")
    link = tmp_path / ".credscan-baseline.json"
    link.symlink_to(outside)
    with pytest.raises(WriteRefused, match="symbolic link"):
        Baseline.from_findings(sample_result().findings).save(link)
    assert outside.read_text() == "precious"


def test_non_utf8_file_name_round_trips_and_never_truncates(tmp_path: Path) -> None:
    """``baseline update`` once truncated the file to 0 bytes on such a name (item 13)."""
    f0 = sample_result().findings[0]
    odd = f0.with_(file="conf/\udcffbad.ini")
    p = tmp_path / "b.json"
    p.write_text("old verdicts\n")
    b = Baseline.from_findings([odd])
    assert b.save(p)
    raw = p.read_bytes()
    raw.decode("utf-8")  # valid UTF-8 JSON, the name as an escape
    loaded = Baseline.load(p)
    assert [e.file for e in loaded.entries.values()] == ["conf/\udcffbad.ini"]
    assert loaded.hides(odd)
