"""A real ``dask scheduler`` with two ``dask worker`` processes, and a run killed mid-way."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from scanner.fleet import FleetOptions, parse_targets, run_fleet
from tests.fleet.conftest import (
    Fleet,
    dask_cli,
    env_for_subprocess,
    free_port,
    history_of,
    key,
    line,
    stop,
)
from tests.fleet.test_run import fleet_run
from tests.git_helpers import CLEAN, Repo


def test_real_scheduler_and_two_worker_processes(fleet: Fleet, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = env_for_subprocess()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
             "start_new_session": True, "env": env}
    procs = [subprocess.Popen([*dask_cli(), "scheduler", "--host", "127.0.0.1", "--port",
                               str(port), "--no-dashboard"], **quiet)]  # type: ignore[call-overload]
    try:
        for _ in range(2):
            procs.append(subprocess.Popen(  # type: ignore[call-overload]
                [*dask_cli(), "worker", address, "--nthreads", "1", "--nworkers", "1",
                 "--host", "127.0.0.1", "--no-dashboard", "--death-timeout", "60",
                 "--resources", "clone=1"], **quiet))
        with distributed.Client(address, timeout="60s") as c:
            c.wait_for_workers(2, timeout=90)
        targets = [fleet.big, *fleet.targets[:3]]
        opts = FleetOptions(cache_dir=str(tmp_path / "cache"),
                            state_path=str(tmp_path / "state.sqlite3"), scheduler=address,
                            unit_commits=8, clone_resource="clone")
        result = run_fleet(parse_targets(targets), opts)
        assert result.workers == 2 and not result.errors
        assert result.repos[0].units >= 5
        for target, r in zip(targets, result.repos, strict=True):
            assert sorted(key(f) for f in r.findings) == sorted(
                key(f) for f in history_of(fleet.source[target]))
    finally:
        stop(procs)
        for p in procs:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(p.pid, signal.SIGKILL)


def _long_repo(path: Path, n: int) -> Repo:
    r = Repo(path)
    for c in range(n):
        r.write(f"m{c % 5}.py", CLEAN + f"# {c}\n")
        if c % 9 == 4:
            r.write(f"s{c}.cfg", line(("gh", "npm", "aws")[c % 3], 600 + c))
        if c in (2, n - 3):
            r.write("dup.cfg", line("gh", 650) + f"# {c}\n")
        r.commit(f"c{c}")
    return r


def test_sigkilled_run_resumes_to_the_same_findings(fleet_env: Path, client: Any,
                                                     tmp_path: Path) -> None:
    repos = [_long_repo(tmp_path / f"long{i}", 60) for i in range(2)]
    targets = [str(r.path) for r in repos]
    state = tmp_path / "killed" / "state.sqlite3"
    exe = Path(sys.executable).with_name("credscan")
    argv = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else
            ["-c", "from scanner.cli.main import entry; entry()"]),
            "fleet", *targets, "-j", "1", "--unit-commits", "2", "--state", str(state),
            "--cache-dir", str(tmp_path / "cache"), "-q", "-f", "json"]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env=env_for_subprocess())
    done_before = 0
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if state.exists():
                try:
                    with sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=1) as db:
                        done_before = db.execute("SELECT count(*) FROM units").fetchone()[0]
                except sqlite3.Error:
                    done_before = 0
                if done_before >= 4:
                    break
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    with sqlite3.connect(state) as db:
        units_done = db.execute("SELECT count(*), coalesce(sum(commits), 0) FROM units"
                                ).fetchone()
        finished = db.execute("SELECT count(*) FROM repos").fetchone()[0]
    assert units_done[0] >= 4 and finished < 2  # killed mid-way, units were committed
    resumed = run_fleet(parse_targets(targets), FleetOptions(
        cache_dir=str(tmp_path / "cache"), state_path=str(state), unit_commits=2,
        client=client))
    assert not resumed.errors
    # what was committed before the kill is not scanned again
    assert sum(r.commits for r in resumed.repos) == 120 - units_done[1]
    assert all(r.covered == 60 for r in resumed.repos)
    whole = fleet_run(targets, client, tmp_path / "whole", unit_commits=2)
    for a, b, r in zip(resumed.repos, whole.repos, repos, strict=True):
        got = sorted(key(f, with_secret=False) for f in a.findings)
        assert got == sorted(key(f, with_secret=False) for f in b.findings)
        assert got == sorted(key(f, with_secret=False) for f in history_of(str(r.path)))
        assert len(got) >= 6
