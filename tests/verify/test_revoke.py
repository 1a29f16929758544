"""``credscan revoke`` against the local provider emulator: each documented revocation
endpoint, the proof afterwards, the dry run, failures, and the baseline record."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from scanner.cli.main import main
from scanner.models import ScanResult
from scanner.verify import VerifySettings
from scanner.verify.revoke import REVOKERS, plan_revocations, revoke
from tests import fakes
from tests.verify.cases import cases
from tests.verify.provider_server import ProviderServer

CASES = {c.verifier: c for c in cases()}
REVOCABLE = ["github", "gitlab", "slack", "discord-webhook", "sendgrid"]


def test_every_revoker_is_tested() -> None:
    assert {r.name for r in REVOKERS} == set(REVOCABLE)


@pytest.mark.parametrize("name", REVOCABLE)
def test_revoke_then_prove_dead(name: str, providers: ProviderServer,
                                settings: VerifySettings) -> None:
    case = CASES[name]
    providers.live.add(case.live_key)
    s = dataclasses.replace(settings, cache=False)
    items, notes = plan_revocations(ScanResult(findings=[case.finding]), s)
    assert len(items) == 1 and notes == []
    revoke(items, s, warn=lambda m: None)
    assert items[0].status == "revoked", items[0].detail
    assert case.live_key in providers.revoked
    assert items[0].after is not None and items[0].after.status == "invalid"
    assert providers.hosts() == {case.host}
    assert items[0].evidence()["verified_after"] == "invalid"


def test_provider_error_is_a_failure(providers: ProviderServer,
                                     settings: VerifySettings) -> None:
    case = CASES["slack"]
    providers.live.add(case.live_key)
    providers.modes["slack.com"] = "error"
    items, _ = plan_revocations(ScanResult(findings=[case.finding]), settings)
    revoke(items, settings, warn=lambda m: None)
    assert items[0].status == "failed" and "503" in items[0].detail
    assert case.live_key in providers.live


def test_ownership_gate_applies_to_revocation(providers: ProviderServer,
                                              settings: VerifySettings) -> None:
    s = dataclasses.replace(settings, github_orgs=("acme",), github_owner="other")
    items, notes = plan_revocations(ScanResult(findings=[CASES["github"].finding]), s)
    assert items == [] and "github_orgs" in notes[0]


def _repo(tmp_path: Path, token: str) -> Path:
    d = tmp_path / "proj"
    d.mkdir()
    (d / "ci.py").write_text(f'GITHUB_TOKEN = "{token}"\n', encoding="utf-8")
    return d


def test_cli_dry_run_sends_nothing(providers: ProviderServer, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    token = fakes.github_classic(21)
    d = _repo(tmp_path, token)
    assert main(["revoke", str(d)]) == 0
    out = capsys.readouterr().out
    assert "dry run" in out and "api.github.com" in out and token not in out
    assert providers.seen == []


def test_cli_apply_records_in_the_baseline(providers: ProviderServer, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    token = fakes.github_classic(22)
    providers.live.add(token)
    d = _repo(tmp_path, token)
    bl = tmp_path / "baseline.json"
    log = tmp_path / "revoke.log"
    rc = main(["revoke", str(d), "--apply", "--yes", "--baseline", str(bl),
               "--verify-log", str(log)])
    out, err = capsys.readouterr()
    assert rc == 0, out + err
    assert token not in out + err + bl.read_text() + log.read_text()
    assert token in providers.revoked
    entries = json.loads(bl.read_text())["findings"]
    (entry,) = entries.values()
    assert entry["verdict"] == "rotated"
    assert entry["evidence"]["action"] == "revoked"
    assert entry["evidence"]["verified_after"] == "invalid"
    assert [json.loads(x)["host"] for x in log.read_text().splitlines()] == [
        "api.github.com", "api.github.com"]


def test_cli_unknown_provider_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["revoke", "--provider", "stripe"]) == 2
    assert "no revocation API" in capsys.readouterr().err
