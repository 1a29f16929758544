"""``--verify``, ``--verify-log`` and ``--fail-on live`` on the scanning commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.cli.main import main
from tests import fakes
from tests.verify.provider_server import ProviderServer


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    d = tmp_path / "proj"
    d.mkdir()
    (d / "a.py").write_text(f'GITHUB_TOKEN = "{fakes.github_classic(401)}"\n')
    (d / "b.py").write_text(f'NPM_TOKEN = "{fakes.npm_token(402)}"\n')
    return d


def scan(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    rc = main(["scan", "--format", "json", *args])
    out, err = capsys.readouterr()
    return rc, json.loads(out), err


def statuses(doc: dict) -> dict[str, str | None]:  # type: ignore[type-arg]
    return {f["provider"]: (f.get("verification") or {}).get("status") for f in doc["findings"]}


def test_json_carries_status_and_identity(project: Path, providers: ProviderServer,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    providers.live.add(fakes.github_classic(401))
    rc, doc, err = scan(capsys, "--verify", str(project))
    assert rc == 1
    assert statuses(doc) == {"github": "live", "npm": "invalid"}
    gh = next(f for f in doc["findings"] if f["provider"] == "github")
    assert gh["verification"]["identity"] == "octo-dev"
    assert "CREDSCAN_VERIFY_TEST_URL" in err


def test_fail_on_live(project: Path, providers: ProviderServer, tmp_path: Path,
                      monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    rc, doc, _ = scan(capsys, "--fail-on", "live", str(project))
    assert rc == 0 and set(statuses(doc).values()) == {"invalid"}
    providers.live.add(fakes.npm_token(402))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-cache"))  # not the cached answer
    rc, doc, _ = scan(capsys, "--fail-on", "live", str(project))
    assert rc == 1 and statuses(doc)["npm"] == "live"


def test_without_verify_no_status_and_nothing_sent(project: Path, providers: ProviderServer,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    rc, doc, _ = scan(capsys, str(project))
    assert rc == 1 and set(statuses(doc).values()) == {None} and providers.seen == []


def test_config_enables_and_no_verify_disables(project: Path, providers: ProviderServer,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    cfg = project / ".credscan.toml"
    cfg.write_text("[verify]\nenabled = true\nallow_providers = [\"github\"]\n")
    _, doc, _ = scan(capsys, "--config", str(cfg), str(project))
    assert statuses(doc) == {"github": "invalid", "npm": "skipped"}
    assert {s.host for s in providers.seen} == {"api.github.com"}
    providers.seen.clear()
    _, doc, _ = scan(capsys, "--config", str(cfg), "--no-verify", str(project))
    assert set(statuses(doc).values()) == {None} and providers.seen == []


def test_verify_log_implies_verify(project: Path, providers: ProviderServer, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "v.log"
    _, doc, _ = scan(capsys, "--verify-log", str(log), str(project))
    assert set(statuses(doc).values()) == {"invalid"}
    assert len(log.read_text().splitlines()) == 2
