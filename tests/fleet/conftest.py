"""Fleet fixtures: a dozen real repositories in temp dirs and one LocalCluster for the package.

The cluster's worker processes are spawned once (their start-up dominates a
small run), after a private HOME and git configuration are in place so workers inherit them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from scanner.models import Finding
from tests import fakes
from tests.git_helpers import CLEAN, ENV, Repo

#: commits per unit in the tests: the big repository splits into several units
UNIT = 8


@pytest.fixture(scope="package")
def fleet_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A private HOME, git config and cache directory for the whole module (and its workers)."""
    home = tmp_path_factory.mktemp("fleet-home")
    gcfg = home / ".gitconfig"
    gcfg.write_text("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"
                    "[tag]\n\tgpgsign = false\n[protocol \"file\"]\n\tallow = always\n"
                    "[uploadpack]\n\tallowFilter = true\n")
    with pytest.MonkeyPatch.context() as mp:
        for k, v in ENV.items():
            mp.setenv(k, v)
        mp.setenv("HOME", str(home))
        mp.setenv("XDG_CONFIG_HOME", str(home / ".config"))
        mp.setenv("XDG_CACHE_HOME", str(home / ".cache"))
        mp.setenv("GIT_CONFIG_GLOBAL", str(gcfg))
        mp.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
        for k in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"):
            mp.delenv(k, raising=False)
        yield home


@pytest.fixture(scope="package")
def client(fleet_env: Path) -> Iterator[Any]:
    """A dask.distributed client on a LocalCluster of two worker processes."""
    import logging

    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None,
                                       silence_logs=logging.CRITICAL)
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


def line(kind: str, seed: int) -> str:
    """A config line with a fake secret of a given kind (built at run time)."""
    if kind == "gh":
        return f'token = "{fakes.github_classic(seed)}"\n'
    if kind == "npm":
        return f"//registry.npmjs.org/:_authToken={fakes.npm_token(seed)}\n"
    return (f"aws_access_key_id = {fakes.aws_key_id(seed)}\n"
            f"aws_secret_access_key = {fakes.aws_secret(seed)}\n")


@dataclass
class Fleet:
    """The module's repositories: local paths, file:// URLs, one that cannot be cloned."""

    root: Path
    repos: dict[str, Repo] = field(default_factory=dict)
    targets: list[str] = field(default_factory=list)
    missing: str = ""
    big: str = ""
    #: target -> local path whose ``credscan history`` it must equal
    source: dict[str, str] = field(default_factory=dict)


def build_small(path: Path, i: int) -> Repo:
    """A few commits: a secret added then removed, another one left, a merged branch."""
    r = Repo(path)
    r.write("app.py", CLEAN)
    r.commit("init")
    kind = ("gh", "npm", "aws")[i % 3]
    if i % 4 != 3:  # a few repositories are clean
        r.write("settings.cfg", line(kind, 100 + i))
        r.commit("add settings")
        r.write("settings.cfg", "# moved to the vault\n")
        r.commit("remove settings")
    r.git("checkout", "-q", "-b", "feature")
    r.write("feature.py", CLEAN + (line("gh", 200 + i) if i % 2 else ""))
    r.commit("feature work")
    r.git("checkout", "-q", "main")
    r.write("README.md", f"repository {i}\n")
    r.commit("docs")
    r.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature")
    if i in (5, 6):  # the same secret in two repositories: one finding in each
        r.write("shared.env", line("gh", 999))
        r.commit("shared token")
    return r


def build_big(path: Path, n: int = 44) -> Repo:
    """A longer history that splits into several units; one secret re-added much later."""
    r = Repo(path)
    for c in range(n):
        r.write(f"mod{c % 7}.py", CLEAN + f"# step {c}\n")
        if c in (3, 17, 30):
            r.write(f"conf{c}.ini", line(("gh", "npm", "aws")[c % 3], 300 + c))
        if c in (5, 38):  # same secret in two far-apart commits (different units)
            r.write("again.cfg", line("gh", 777) if c == 5 else "x\n" + line("gh", 777))
        if c == 6:
            r.write("again.cfg", "cleared\n")
        r.commit(f"step {c}")
    r.git("tag", "-a", "v1", "-m", "release", "HEAD~10")
    return r


@pytest.fixture(scope="package")
def fleet(fleet_env: Path, tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    root = tmp_path_factory.mktemp("fleet")
    fl = Fleet(root=root)
    for i in range(11):
        r = build_small(root / f"small{i:02d}", i)
        fl.repos[f"small{i:02d}"] = r
        # some are reached as clone URLs (cloned into the cache), the others in place
        target = f"file://{r.path}" if i % 3 == 0 else str(r.path)
        fl.targets.append(target)
        fl.source[target] = str(r.path)
    big = build_big(root / "big")
    fl.repos["big"] = big
    fl.big = str(big.path)
    fl.targets.append(fl.big)
    fl.source[fl.big] = fl.big
    fl.missing = f"file://{root}/does-not-exist.git"
    fl.targets.append(fl.missing)
    return fl


def history_of(path: str, config: Any = None) -> list[Finding]:
    """``credscan history`` of one repository through the library API."""
    from scanner import api

    scan: Any = getattr(api, "scan_history", None)
    if scan is None:
        from scanner.sources.git.history import scan_history as scan
    return list(scan(path, config=config, jobs=1).findings)


def key(f: Finding, with_secret: bool = True) -> tuple[Any, ...]:
    """Everything a report shows of a finding (the secret itself only when asked)."""
    from scanner.redact import redact

    return (f.rule_id, f.file, f.line, f.column, f.commit.sha if f.commit else None,
            f.secret if with_secret else redact(f.secret), f.fingerprint, f.present_at_head,
            tuple((o.file, o.line, o.commit) for o in f.occurrences))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def dask_cli() -> list[str]:
    """How to start ``dask`` (the console script of this interpreter's environment)."""
    exe = Path(sys.executable).with_name("dask")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dask"]


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """Terminate, then kill, every process started by a test (bounded waits)."""
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=10)


def env_for_subprocess() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DASK_SCHEDULER_ADDRESS", None)
    return env
