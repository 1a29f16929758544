"""Real git repositories in temp dirs for the git tests (isolated from the user's config)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests import fakes

ENV = {
    "GIT_AUTHOR_NAME": "Ada Tester",
    "GIT_AUTHOR_EMAIL": "ada@example.org",
    "GIT_COMMITTER_NAME": "Ada Tester",
    "GIT_COMMITTER_EMAIL": "ada@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
}


def _shared_cache(factory: pytest.TempPathFactory) -> Path:
    """One cache directory for the run: beside the xdist workers' base temp directories."""
    base = factory.getbasetemp()
    root = base.parent if base.name.startswith("popen-gw") else base
    d = root / "credscan-cache"
    d.mkdir(exist_ok=True)
    return d


@pytest.fixture(autouse=True)
def git_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private HOME and global git config for every test using this module."""
    home = tmp_path_factory.mktemp("home")
    gcfg = home / ".gitconfig"
    gcfg.write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
                    "[tag]\n\tgpgsign = false\n[protocol \"file\"]\n\tallow = always\n")
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gcfg))
    # Compiled rules and pattern databases are shared by the whole run (every xdist worker):
    # a private HOME would make each credscan process compile them again (seconds each).
    monkeypatch.setenv("CREDSCAN_CACHE_DIR", str(_shared_cache(tmp_path_factory)))
    for k in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "CREDSCAN_AMEND"):
        monkeypatch.delenv(k, raising=False)
    return home


class Repo:
    """A small wrapper: write files, run git, commit."""

    def __init__(self, path: Path, bare: bool = False, init: bool = True) -> None:
        self.path = path
        if init:
            path.mkdir(parents=True, exist_ok=True)
            self.git("init", "-q", *(["--bare"] if bare else []))

    def git(self, *args: str, input: bytes | None = None, check: bool = True) -> str:
        proc = subprocess.run(["git", *args], cwd=self.path, input=input,
                              capture_output=True, check=False)
        if check and proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr.decode()}")
        return proc.stdout.decode("utf-8", "replace")

    def write(self, name: str, text: str | bytes) -> Path:
        p = self.path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            p.write_text(text, encoding="utf-8")
        else:
            p.write_bytes(text)
        return p

    def commit(self, msg: str = "change", *paths: str, all: bool = True) -> str:
        if all:
            self.git("add", "-A")
        else:
            self.git("add", "--", *paths)
        self.git("commit", "-q", "--allow-empty", "-m", msg)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()


def aws_pair(seed: int = 1) -> str:
    """Two lines: a key ID and its secret in ~/.aws/credentials style."""
    return (f"aws_access_key_id = {fakes.aws_key_id(seed)}\n"
            f"aws_secret_access_key = {fakes.aws_secret(seed)}\n")


def github_line(seed: int = 1) -> str:
    return f'token = "{fakes.github_classic(seed)}"\n'


CLEAN = "def add(a, b):\n    return a + b\n"
