"""The real pre-commit framework runs credscan's hooks from a clone of this project, at the
revision the README's snippet names (items 1, 2 and 13 of issue 11).

The README's ``rev:`` is the release tag ``v<version>``; a clone that has the tag is used at
the tag, else at HEAD's commit SHA, the fallback the README describes. pre-commit builds
the hook's environment from that revision, installing the distribution by its own name
(``credscan-scanner``). Slow (one environment build), so one test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import scanner
from scanner.hooks.scripts import DISTRIBUTION
from tests import fakes
from tests.git_helpers import CLEAN, Repo, aws_pair, git_env  # noqa: F401

PROJECT = Path(__file__).resolve().parents[2]


def _pre_commit() -> str:
    exe = Path(sys.executable).with_name("pre-commit")
    if exe.exists():
        return str(exe)
    found = shutil.which("pre-commit")
    assert found, "pre-commit is in the test extra: pip install -e '.[test]'"
    return found


def readme_rev() -> str:
    """The ``rev:`` of the README's pre-commit snippet."""
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    block = text[text.index("- repo: https://github.com/credscan/credscan"):]
    m = re.search(r"^\s*rev:\s*(\S+)", block, re.M)
    assert m, "the README's pre-commit snippet names no rev"
    return m.group(1)


def test_readme_rev_is_this_release() -> None:
    assert readme_rev() == f"v{scanner.__version__}" == "v0.2.0"


def _clone_at_readme_rev(dst: Path) -> str:
    """A local clone of the project; the README's tag if the clone has it, else HEAD's SHA."""
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(PROJECT), str(dst)],
                   check=True, capture_output=True)
    tag = readme_rev()
    has_tag = subprocess.run(["git", "rev-parse", "-q", "--verify", f"refs/tags/{tag}"],
                             cwd=dst, capture_output=True).returncode == 0
    if has_tag:
        return tag
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=dst, capture_output=True,
                          text=True, check=True).stdout.strip()


def test_pre_commit_framework_from_a_clone(tmp_path: Path) -> None:
    pc = _pre_commit()
    src = tmp_path / "credscan"  # the directory name a user's clone has
    rev = _clone_at_readme_rev(src)
    work = Repo(tmp_path / "work")
    work.write(".pre-commit-config.yaml",
               f"repos:\n- repo: {src}\n  rev: {rev}\n"
               "  hooks:\n  - id: credscan\n")
    work.write("app.py", CLEAN)
    work.commit("init")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pc-home"),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PRE_COMMIT_COLOR": "never"}
    subprocess.run([pc, "install"], cwd=work.path, env=env, check=True, capture_output=True)

    # a commit adding an AWS key pair is blocked
    work.write("settings.ini", "[default]\n" + aws_pair(90))
    work.git("add", "settings.ini")
    proc = subprocess.run(["git", "commit", "-m", "add settings"], cwd=work.path, env=env,
                          capture_output=True, text=True, timeout=900)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "settings.ini" in out and "aws-secret-access-key" in out, out
    assert work.git("log", "--format=%s").splitlines() == ["init"]

    # the environment holds this project under its own distribution name
    dists = [p.name for p in (tmp_path / "pc-home").glob("repo*/py_env-*/lib/python*/"
                                                            "site-packages/*.dist-info")]
    assert any(d.startswith(DISTRIBUTION.replace("-", "_") + "-0.2.0") for d in dists), dists
    assert not any(re.match(r"credscan-\d", d) for d in dists), dists

    work.git("reset", "-q", "HEAD", "--", "settings.ini")
    (work.path / "settings.ini").unlink()
    work.write("util.py", CLEAN + "def sub(a, b):\n    return a - b\n")
    work.git("add", "util.py")
    proc = subprocess.run(["git", "commit", "-m", "clean"], cwd=work.path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert work.git("log", "-1", "--format=%s").strip() == "clean"

    # item 13: `pre-commit run --all-files` scans the files it passes, not the (empty) index
    work.write("deploy/server.key", fakes.private_key_pem(92))
    subprocess.run(["git", "add", "deploy/server.key"], cwd=work.path, check=True)
    subprocess.run(["git", "commit", "-q", "--no-verify", "-m", "committed a key"],
                   cwd=work.path, check=True, env=env)
    proc = subprocess.run([pc, "run", "--all-files"], cwd=work.path, env=env,
                          capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "deploy/server.key" in out, out
    proc = subprocess.run([pc, "run", "--files", "util.py"], cwd=work.path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
