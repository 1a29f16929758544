"""The whole loop against a real local AWS emulator (moto server mode, IAM auth enforced):
leak an emulated key into a repository, ``scan --verify`` says live, ``move-keys --rotate
--apply --delete-old`` moves and rotates it, and then: the code no longer holds the key,
botocore reads the new key from the profile and the emulator accepts it, the old key is
rejected, the baseline records ``rotated``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scanner.cli.main import main
from tests.aws_support import AwsEnv, botocore_view, isolate, make_repo
from tests.moto_support import Emulator


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, emulator: Emulator) -> AwsEnv:
    e = isolate(monkeypatch, tmp_path)
    monkeypatch.setenv("AWS_ENDPOINT_URL", emulator.url)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    e.aws_dir.mkdir()
    e.credentials.write_text(f"[admin]\naws_access_key_id = {emulator.admin_id}\n"
                             f"aws_secret_access_key = {emulator.admin_secret}\n")
    return e


def app_py(kid: str, secret: str) -> str:
    return ('import boto3\n\ns3 = boto3.client(\n    "s3",\n    region_name="eu-west-1",\n'
            f'    aws_access_key_id="{kid}",\n    aws_secret_access_key="{secret}",\n)\n')


def scan_json(capsys: pytest.CaptureFixture[str], repo: Path, *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    rc = main(["scan", "--verify", "--format", "json", *extra, str(repo)])
    out, _ = capsys.readouterr()
    return rc, json.loads(out)


def test_leak_verify_move_rotate_prove_dead(env: AwsEnv, emulator: Emulator, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    kid, secret = emulator.new_user_key("shop-app")
    repo = make_repo(tmp_path / "shop", {"app.py": app_py(kid, secret)}, commit=True)
    monkeypatch.chdir(repo)

    # 1. the leak is live, and says whose it is
    rc, doc = scan_json(capsys, repo, "--fail-on", "live")
    assert rc == 1
    aws = [f for f in doc["findings"] if f["provider"] == "aws"]
    assert aws and {f["verification"]["status"] for f in aws} == {"live"}
    assert "user/shop-app" in aws[0]["verification"]["identity"]

    # 2. move it out of the code and rotate it
    rc = main(["move-keys", "--rotate", "--apply", "--yes", "--delete-old", "--wait", "0",
               "--admin-profile", "admin", "--profile", "shop"])
    out, err = capsys.readouterr()
    assert rc == 0, out + err
    assert kid not in out + err and secret not in out + err

    # the code no longer holds the key
    assert kid not in (repo / "app.py").read_text()
    assert secret not in (repo / "app.py").read_text()
    # botocore reads the new key from the profile and the emulator accepts it
    new_id, new_secret, _, region = botocore_view("shop")
    assert new_id and new_id != kid and region == "eu-west-1"
    assert emulator.accepts(new_id, new_secret or "")
    # the old key is rejected
    assert not emulator.accepts(kid, secret)
    # the baseline records the rotation with its evidence
    baseline = json.loads((repo / ".credscan-baseline.json").read_text())
    entries = list(baseline["findings"].values())
    assert entries and {e["verdict"] for e in entries} == {"rotated"}
    ev = entries[0]["evidence"]
    assert ev["old_key_status"] == "Deleted" and ev["old_key_sts"] == "rejected"
    assert "when" in ev and ev["new_key"].startswith(new_id[:4])

    # 3. the history still holds the old key; the baseline's 'rotated' verdict accepts it,
    # and verifying it proves it dead
    assert main(["history", "--format", "json", str(repo)]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
    rc = main(["history", "--verify", "--no-baseline", "--fail-on", "live", "--format", "json",
               str(repo)])
    hist = json.loads(capsys.readouterr().out)
    aws = [f for f in hist["findings"] if f["provider"] == "aws"]
    assert rc == 0 and aws and {f["verification"]["status"] for f in aws} == {"invalid"}
