"""AWS verification against the local emulator (moto server mode, IAM auth enforced):
STS GetCallerIdentity through botocore, honouring the user's botocore endpoint settings."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from scanner import api
from scanner.models import ScanResult
from scanner.verify import VerifySettings, verify_result
from tests import fakes
from tests.aws_support import isolate
from tests.moto_support import Emulator
from tests.verify.cases import finding


def pair(key_id: str, secret: str) -> ScanResult:
    return ScanResult(findings=[finding("aws", "aws-access-key-id", key_id, group="k"),
                                finding("aws", "aws-secret-access-key", secret, group="k")])


@pytest.fixture
def aws_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, emulator: Emulator) -> Path:
    isolate(monkeypatch, tmp_path)  # after the emulator's own isolation
    return tmp_path


def test_live_key_gives_arn_and_account(aws_env: Path, emulator: Emulator,
                                        settings: VerifySettings, tmp_path: Path) -> None:
    kid, sec = emulator.new_user_key("app")
    log = tmp_path / "verify.log"
    out = verify_result(pair(kid, sec), dataclasses.replace(settings, log_file=log))
    v = out.findings[0].verification
    assert v is not None and v.status == "live"
    assert v.identity is not None and "user/app" in v.identity and "123456789012" in v.identity
    assert out.findings[1].verification == v
    rec = json.loads(log.read_text())
    assert rec["endpoint"] == emulator.url and rec["endpoint_source"] == "AWS_ENDPOINT_URL"
    assert rec["host"] == "127.0.0.1" and sec not in log.read_text()


def test_unknown_and_deleted_keys_are_invalid(aws_env: Path, emulator: Emulator,
                                              settings: VerifySettings) -> None:
    s = dataclasses.replace(settings, cache=False)
    out = verify_result(pair(fakes.aws_key_id(40), fakes.aws_secret(40)), s)
    assert out.findings[0].verification.status == "invalid"  # type: ignore[union-attr]
    kid, sec = emulator.new_user_key("gone")
    emulator.client("iam").delete_access_key(UserName="gone", AccessKeyId=kid)
    v = verify_result(pair(kid, sec), s).findings[0].verification
    assert v is not None and v.status == "invalid" and "InvalidClientTokenId" in v.detail


def test_sts_specific_endpoint_wins(aws_env: Path, emulator: Emulator, settings: VerifySettings,
                                    monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    kid, sec = emulator.new_user_key("app")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", emulator.url)
    log = tmp_path / "v.log"
    out = verify_result(pair(kid, sec), dataclasses.replace(settings, log_file=log, cache=False))
    assert out.findings[0].verification.status == "live"  # type: ignore[union-attr]
    assert json.loads(log.read_text())["endpoint_source"] == "AWS_ENDPOINT_URL_STS"


def test_endpoint_url_in_the_profile(aws_env: Path, emulator: Emulator, settings: VerifySettings,
                                     monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    kid, sec = emulator.new_user_key("app")
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    cfg = aws_env / "home" / ".aws" / "config"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(f"[profile lab]\nendpoint_url = {emulator.url}\nregion = us-east-1\n")
    monkeypatch.setenv("AWS_PROFILE", "lab")
    log = tmp_path / "v.log"
    out = verify_result(pair(kid, sec), dataclasses.replace(settings, log_file=log, cache=False))
    assert out.findings[0].verification.status == "live"  # type: ignore[union-attr]
    assert json.loads(log.read_text())["endpoint_source"] == "endpoint_url in the profile"


def test_an_endpoint_named_in_the_scanned_files_is_ignored(
        aws_env: Path, emulator: Emulator, settings: VerifySettings, tmp_path: Path) -> None:
    """A repository's own AWS config naming another endpoint is content, not a setting."""
    kid, sec = emulator.new_user_key("app")
    repo = tmp_path / "repo"
    (repo / ".aws").mkdir(parents=True)
    (repo / ".aws" / "config").write_text(
        "[default]\nendpoint_url = http://collector.example.org\n"
        f"aws_access_key_id = {kid}\naws_secret_access_key = {sec}\n")
    result = api.scan_paths([str(repo)], jobs=1)
    log = tmp_path / "v.log"
    out = verify_result(result, dataclasses.replace(settings, log_file=log, cache=False))
    assert {f.verification.status for f in out.findings if f.provider == "aws"} == {"live"}  # type: ignore[union-attr]
    assert {json.loads(line)["endpoint"] for line in log.read_text().splitlines()} == {
        emulator.url}
