"""Helpers for the move-keys tests: an isolated HOME/AWS environment and a git project.

Not a test module. Keys come from :mod:`fakes` (built at run time, never literals).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fakes import aws_key_id, aws_secret, aws_session_token

AWS_ENV_VARS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION",
                "AWS_DEFAULT_REGION", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
                "AWS_CA_BUNDLE", "AWS_EC2_METADATA_DISABLED")


@dataclass
class Key:
    key_id: str
    secret: str
    token: str | None = None

    @classmethod
    def make(cls, seed: int | str, token: bool = False) -> Key:
        return cls(aws_key_id(seed), aws_secret(seed), aws_session_token(seed) if token else None)

    def values(self) -> list[str]:
        return [v for v in (self.key_id, self.secret, self.token) if v]


@dataclass
class AwsEnv:
    home: Path
    config: Path
    credentials: Path

    @property
    def aws_dir(self) -> Path:
        return self.home / ".aws"

    @property
    def tripwire(self) -> Path:
        return self.config.parent / "credscan-tripwire.json"

    def env(self) -> dict[str, str]:
        return {"HOME": str(self.home), "AWS_CONFIG_FILE": str(self.config),
                "AWS_SHARED_CREDENTIALS_FILE": str(self.credentials)}


def isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AwsEnv:
    """A fresh HOME with AWS_* pointing into it; no AWS variables leak in from outside."""
    home = tmp_path / "home"
    home.mkdir()
    for var in AWS_ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    env = AwsEnv(home, home / ".aws" / "config", home / ".aws" / "credentials")
    for k, v in env.env().items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    return env


def botocore_view(profile: str) -> tuple[str | None, str | None, str | None, str | None]:
    """What a real AWS client resolves for ``profile``: key, secret, token, region."""
    import botocore.session

    session = botocore.session.Session(profile=profile)
    creds = session.get_credentials()
    region = session.get_config_variable("region")
    if creds is None:
        return None, None, None, region
    frozen = creds.get_frozen_credentials()
    return frozen.access_key, frozen.secret_key, frozen.token, region


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


def make_repo(path: Path, files: dict[str, str], commit: bool = False) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    git(path, "config", "user.email", "dev@example.invalid")
    git(path, "config", "user.name", "Dev")
    git(path, "config", "commit.gpgsign", "false")
    for name, text in files.items():
        p = path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode())
    if commit:
        git(path, "add", "-A")
        git(path, "commit", "-qm", "initial")
    return path


def snapshot(*roots: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every file under ``roots`` with its bytes and mode (to assert 'nothing changed').

    credscan's own cache (``~/.cache/credscan``: compiled rules) is not user data: skipped.
    """
    out: dict[str, tuple[bytes | None, int]] = {}
    for root in roots:
        if root.is_file():
            out[str(root)] = (root.read_bytes(), root.stat().st_mode)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d != ".git"
                           and not (d == "credscan" and Path(dirpath).name == ".cache")]
            for fn in filenames:
                p = Path(dirpath, fn)
                out[str(p)] = (p.read_bytes() if p.is_file() else None, p.lstat().st_mode)
    return out
