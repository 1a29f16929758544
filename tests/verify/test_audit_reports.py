"""Triage shows what was proven: ``audit --verify`` shows the provider's answer, and
``audit --list`` / the prompt show a rotation's or revocation's evidence."""

from __future__ import annotations

import dataclasses
import io
import json
import sys
from pathlib import Path

import pytest

from scanner.baseline import Baseline, record_evidence
from scanner.cli.main import main
from tests import fakes
from tests.ci_git import clean_ci_env, commit, init
from tests.verify.provider_server import ProviderServer


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    clean_ci_env(monkeypatch)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    r = init(tmp_path / "repo")
    monkeypatch.chdir(r)
    commit(r, {"a.py": f'TOKEN_A = "{fakes.github_classic(301)}"\n',
               "b.py": f'TOKEN_B = "{fakes.github_classic(302)}"\n'}, "leaks")
    assert main(["baseline", "create"]) == 0
    return r


def test_audit_verify_shows_live_and_identity(repo: Path, providers: ProviderServer,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    providers.live.add(fakes.github_classic(301))
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO("s\ns\n"))
    assert main(["audit", "--interactive", "--verify"]) == 0
    out = capsys.readouterr().out
    assert "provider says: LIVE as octo-dev" in out
    assert "provider says: INVALID" in out
    assert fakes.github_classic(301) not in out


def test_audit_without_verify_sends_nothing(repo: Path, providers: ProviderServer,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("s\ns\n"))
    assert main(["audit", "--interactive"]) == 0
    assert "provider says" not in capsys.readouterr().out and providers.seen == []


def test_audit_shows_rotation_evidence(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / ".credscan-baseline.json"
    b = Baseline.load(path)
    fp = sorted(b.entries)[0]
    record_evidence(b, "rotated", {"action": "rotated", "when": "2026-12-01T20:00:00+00:00",
                                   "old_key_status": "Deleted", "old_key_sts": "rejected",
                                   "new_key": "AKIA...WXYZ"}, [fp])
    b.save(path)
    capsys.readouterr()
    assert main(["audit", "--list"]) == 0
    out = capsys.readouterr().out
    assert "rotated 2026-12-01T20:00:00+00:00; old key: Deleted; STS: rejected" in out
    # the evidence survives a reload and shows in the prompt of --all
    assert dataclasses.asdict(Baseline.load(path).entries[fp])["evidence"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("s\ns\n"))
    assert main(["audit", "--interactive", "--all"]) == 0
    assert "evidence: rotated" in capsys.readouterr().out


def test_baseline_records_the_verification_status(repo: Path, providers: ProviderServer,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    providers.live.add(fakes.github_classic(301))
    assert main(["baseline", "update", "--verify"]) == 0
    doc = json.loads((repo / ".credscan-baseline.json").read_text())
    by_file = {e["file"]: e.get("verification") for e in doc["findings"].values()}
    assert by_file == {"a.py": "live", "b.py": "invalid"}
    assert fakes.github_classic(301) not in (repo / ".credscan-baseline.json").read_text()
    assert main(["baseline", "update"]) == 0  # without --verify the last answer is kept
    doc = json.loads((repo / ".credscan-baseline.json").read_text())
    assert {e.get("verification") for e in doc["findings"].values()} == {"live", "invalid"}
