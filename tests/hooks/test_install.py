"""``credscan install``/``uninstall``: chaining, core.hooksPath, --global, fail closed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.cli.main import main
from scanner.errors import UsageError
from scanner.hooks import install
from scanner.hooks.scripts import is_ours
from tests.git_helpers import CLEAN, Repo, git_env, github_line  # noqa: F401


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "r")
    r.write("app.py", CLEAN)
    r.commit("init")
    return r


def _commit_ok(r: Repo, name: str, text: str) -> bool:
    before = r.git("rev-parse", "-q", "--verify", "HEAD", check=False)
    r.write(name, text)
    r.git("add", name)
    r.git("commit", "-q", "-m", f"add {name}", check=False)
    ok = r.git("rev-parse", "-q", "--verify", "HEAD", check=False) != before
    if not ok:
        r.git("reset", "-q", "HEAD", "--", name)
        (r.path / name).unlink()
    return ok


def test_install_chains_existing_hook_and_uninstall_restores_it(
        repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    hook = repo.path / ".git" / "hooks" / "pre-commit"
    original = b"#!/bin/sh\n# my own hook\necho chained-ran >> \"$(git rev-parse --git-dir)/ran\"\n"
    hook.write_bytes(original)
    hook.chmod(0o751)
    monkeypatch.chdir(repo.path)
    assert main(["install"]) == 0
    assert is_ours(hook.read_bytes())
    assert (hook.parent / "pre-commit.credscan-chained").read_bytes() == original
    assert _commit_ok(repo, "ok.py", CLEAN)
    assert (repo.path / ".git" / "ran").read_text().count("chained-ran") == 1
    assert not _commit_ok(repo, "leak.py", github_line(80))
    assert main(["install"]) == 0  # idempotent: refreshes, keeps the chain
    assert (hook.parent / "pre-commit.credscan-chained").read_bytes() == original
    assert main(["uninstall"]) == 0
    assert hook.read_bytes() == original
    assert oct(hook.stat().st_mode & 0o777) == oct(0o751)
    assert sorted(p.name for p in hook.parent.iterdir() if "credscan" in p.name) == []


def test_force_sets_aside_and_restores(repo: Repo) -> None:
    hook = repo.path / ".git" / "hooks" / "pre-commit"
    hook.write_bytes(b"#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    install.install_repo(str(repo.path), force=True)
    assert _commit_ok(repo, "ok.py", CLEAN)  # the old (failing) hook is not chained
    install.uninstall_repo(str(repo.path))
    assert hook.read_bytes() == b"#!/bin/sh\nexit 1\n"


def test_respects_core_hooks_path(repo: Repo) -> None:
    repo.git("config", "core.hooksPath", "githooks")
    rep = install.install_repo(str(repo.path), pre_push=True)
    d = repo.path / "githooks"
    assert Path(rep.hooks_dir).resolve() == d.resolve()
    assert is_ours((d / "pre-commit").read_bytes()) and is_ours((d / "pre-push").read_bytes())
    assert not _commit_ok(repo, "leak.py", github_line(81))
    install.uninstall_repo(str(repo.path))
    assert not d.exists()


def test_hook_fails_closed_without_credscan(repo: Repo) -> None:
    install.install_repo(str(repo.path))
    hook = repo.path / ".git" / "hooks" / "pre-commit"
    text = hook.read_text().replace(f"CREDSCAN_PYTHON={sys.executable}",
                                    "CREDSCAN_PYTHON=/nonexistent/python")
    assert "/nonexistent/python" in text
    hook.write_text(text)
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    repo.write("ok.py", CLEAN)
    repo.git("add", "ok.py")
    proc = subprocess.run(["git", "commit", "-m", "x"], cwd=repo.path, env=env,
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert "--no-verify" in proc.stderr and "blocked" in proc.stderr


def test_hook_fails_closed_on_scan_error(repo: Repo) -> None:
    install.install_repo(str(repo.path))
    (repo.path / ".credscan.toml").write_text("threshold = [\n")  # invalid config
    repo.write("ok.py", CLEAN)
    repo.git("add", "ok.py")
    proc = subprocess.run(["git", "commit", "-m", "x"], cwd=repo.path, capture_output=True,
                          text=True)
    assert proc.returncode != 0
    assert "could not scan" in proc.stderr and "--no-verify" in proc.stderr


def test_global_hooks_path(repo: Repo, tmp_path: Path) -> None:
    gcfg = Path(os.environ["GIT_CONFIG_GLOBAL"])
    before = gcfg.read_bytes()
    local = repo.path / ".git" / "hooks" / "pre-commit"
    local.write_text("#!/bin/sh\necho local-ran >> \"$(git rev-parse --git-dir)/ran\"\n")
    local.chmod(0o755)
    assert main(["install", "--global", "--pre-push"]) == 0
    assert "hookspath" in gcfg.read_text().lower()
    other = Repo(tmp_path / "other")  # every repository, existing or new
    assert not _commit_ok(other, "leak.py", github_line(82))
    assert _commit_ok(repo, "fine.py", CLEAN)
    assert "local-ran" in (repo.path / ".git" / "ran").read_text()  # repo hook still runs
    assert main(["uninstall", "--global"]) == 0
    assert gcfg.read_bytes() == before
    assert _commit_ok(other, "leak.py", github_line(82))


def test_global_template_dir(tmp_path: Path) -> None:
    gcfg = Path(os.environ["GIT_CONFIG_GLOBAL"])
    before = gcfg.read_bytes()
    install.install_global(template=True)
    fresh = Repo(tmp_path / "fresh")  # git init copies the template's hooks
    assert is_ours((fresh.path / ".git" / "hooks" / "pre-commit").read_bytes())
    install.uninstall_global()
    assert gcfg.read_bytes() == before


def test_shared_hooks_path_never_touches_a_tracked_hook(repo: Repo) -> None:
    """core.hooksPath=.husky with a committed hook: install refuses without --force, and
    the work tree stays clean (item 15 of issue 11)."""
    repo.git("config", "core.hooksPath", ".husky")
    husky = b"#!/usr/bin/env sh\n# the team's husky hook\nexit 0\n"
    repo.write(".husky/pre-commit", husky)
    (repo.path / ".husky" / "pre-commit").chmod(0o755)
    repo.commit("husky")
    with pytest.raises(UsageError) as exc:
        install.install_repo(str(repo.path))
    msg = str(exc.value)
    assert ".husky/pre-commit is tracked" in msg and "--force" in msg
    assert "`credscan staged`" in msg
    assert (repo.path / ".husky" / "pre-commit").read_bytes() == husky
    assert repo.git("status", "--porcelain", "--untracked-files=all") == ""
    assert main(["install", "-C", str(repo.path)]) == 2


def test_shared_hooks_path_hook_finds_credscan_on_path(repo: Repo) -> None:
    """A hook written under the work tree (it may be committed) names no interpreter path
    of this machine, and its manifest stays out of the work tree."""
    repo.git("config", "core.hooksPath", ".husky")
    install.install_repo(str(repo.path), pre_push=True)
    hook = repo.path / ".husky" / "pre-commit"
    text = hook.read_text()
    assert sys.executable not in text and str(Path(sys.prefix)) not in text
    assert "CREDSCAN_PYTHON=''" in text
    assert sorted(repo.git("status", "--porcelain", "--untracked-files=all").split()) == sorted([
        "??", "??", ".husky/pre-commit", ".husky/pre-push"])
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"}
    repo.write("leak.py", github_line(83))
    repo.git("add", "leak.py")
    proc = subprocess.run(["git", "commit", "-m", "x"], cwd=repo.path, env=env,
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "leak.py" in proc.stdout + proc.stderr
    repo.git("reset", "-q", "HEAD", "--", "leak.py")
    # committed by the team, then installed again: unchanged, no --force needed
    repo.git("add", ".husky")
    repo.git("commit", "-q", "-m", "share hooks")
    rep = install.install_repo(str(repo.path), pre_push=True)
    assert any("already up to date" in a for a in rep.actions)
    assert repo.git("status", "--porcelain") == "?? leak.py\n"
    install.uninstall_repo(str(repo.path))
    assert not hook.exists()


def test_force_may_replace_a_tracked_shared_hook(repo: Repo) -> None:
    repo.git("config", "core.hooksPath", ".husky")
    repo.write(".husky/pre-commit", "#!/bin/sh\ntrue\n")
    repo.commit("husky")
    install.install_repo(str(repo.path), force=True)
    assert is_ours((repo.path / ".husky" / "pre-commit").read_bytes())
    install.uninstall_repo(str(repo.path))
    assert (repo.path / ".husky" / "pre-commit").read_text() == "#!/bin/sh\ntrue\n"


def test_hook_never_imports_the_repository_s_own_code(repo: Repo,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A hostile repository ships a ``scanner`` package and stdlib-named modules at its top
    level, where ``python -m`` would look first: the installed hook must not run them."""
    marker = repo.path.parent / "ran"
    payload = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    (repo.path / "scanner").mkdir()
    for name in ("scanner/__init__.py", "scanner/__main__.py", "subprocess.py", "shlex.py",
                 "json.py", "tempfile.py", "hashlib.py"):
        repo.write(name, payload)
    monkeypatch.chdir(repo.path)
    assert main(["install"]) == 0
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "vendored look-alikes")
    assert not marker.exists(), marker.read_text()
    assert not _commit_ok(repo, "leak.py", github_line(80))  # and the hook still scans
    assert not marker.exists()
