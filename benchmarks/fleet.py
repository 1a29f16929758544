"""Benchmark: ``credscan fleet`` on Dask vs ``credscan history`` run on each repository in turn.

There is no network here, so the repositories are generated (deterministically, cached under
/tmp) with the history benchmark's generator: two larger histories standing in for flask
(~5 000 commits) and requests (~6 000), a dozen smaller ones, and one large history standing
in for git/git (``--large``, default 20 000 commits). Printed, on this machine:

1. the fleet (14 repositories) on a LocalCluster vs ``credscan history`` on each in turn;
2. the large history split into units across two workers vs one ``credscan history``;
3. the per-unit overhead of the engine (the same commits in many small vs few large units,
   and a bare no-op task round trip);
4. an incremental re-run with no new commits, as a fraction of the first run;
5. partial clones: full, ``blob:limit=1m`` and ``blob:none`` clone time and the history
   scan of the clone (``blob:none`` makes ``git log -p`` fetch blobs commit by commit).

    python benchmarks/fleet.py                 # everything (several minutes on 2 cores)
    python benchmarks/fleet.py --large 5000    # a quicker run
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import history as hb  # noqa: E402 - the history benchmark's repository generator

ROOT = Path(os.environ.get("CREDSCAN_BENCH_DIR", "/tmp/credscan-bench")) / "fleet-v1"
hb.source_texts = functools.lru_cache(maxsize=1)(hb.source_texts)  # read site-packages once


def build(name: str, commits: int, seed: int) -> Path:
    """A bare repository of ``commits`` generated commits (cached)."""
    repo = ROOT / f"{name}.git"
    if (repo / ".built").exists():
        return repo
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True)
    proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=repo,
                            stdin=subprocess.PIPE)
    assert proc.stdin is not None
    hb.Generator(commits, seed=seed).write(proc.stdin)
    proc.stdin.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "symbolic-ref", "HEAD", "refs/heads/main"], cwd=repo, check=True)
    subprocess.run(["git", "repack", "-a", "-d", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "commit-graph", "write", "--reachable"], cwd=repo, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(["git", "config", "uploadpack.allowFilter", "true"], cwd=repo, check=True)
    (repo / ".built").write_text("ok\n")
    return repo


def credscan_history(repo: Path, jobs: int | None = None) -> float:
    cmd = [sys.executable, "-m", "scanner", "history", str(repo), "-q", "-f", "json",
           "-o", os.devnull]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    t0 = time.perf_counter()
    rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    if rc not in (0, 1):
        raise SystemExit(f"credscan history {repo} failed ({rc})")
    return time.perf_counter() - t0


def commits_of(repo: Path) -> int:
    return int(subprocess.run(["git", "rev-list", "--all", "--count"], cwd=repo, check=True,
                              capture_output=True, text=True).stdout)


def main() -> int:  # noqa: C901 - a script
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--large", type=int, default=20_000, help="commits of the big history")
    ap.add_argument("--small", type=int, default=12, help="number of smaller repositories")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--skip-partial", action="store_true")
    args = ap.parse_args()

    import logging

    import distributed

    from scanner.fleet import FleetOptions, parse_targets, run_fleet

    t0 = time.perf_counter()
    fleet = [build("flask-like", 5_000, 11), build("requests-like", 6_000, 12)]
    fleet += [build(f"small{i:02d}", 150 + 60 * i, 100 + i) for i in range(args.small)]
    large = build(f"large-{args.large}", args.large, 7)
    print(f"repositories ready in {time.perf_counter() - t0:.1f} s (cached in {ROOT})")
    total = sum(commits_of(r) for r in fleet)
    print(f"fleet: {len(fleet)} repositories, {total} commits; large: {commits_of(large)} "
          f"commits; {args.workers} workers on {os.cpu_count()} cores; load average "
          f"{os.getloadavg()[0]:.1f} (a shared machine makes every number noisy)")

    work = Path(tempfile.mkdtemp(prefix="credscan-fleet-bench-"))
    try:
        t = time.perf_counter()
        cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                           processes=True, host="127.0.0.1",
                                           dashboard_address=None,
                                           silence_logs=logging.CRITICAL)
        client = distributed.Client(cluster)
        start = time.perf_counter() - t
        print(f"\nLocalCluster start ({args.workers} worker processes): {start:.2f} s")

        def fleet_run(targets: list[Path], state: str, **kw: object) -> tuple[float, object]:
            opts = FleetOptions(cache_dir=str(work / "cache"), state_path=str(work / state),
                                client=client, **kw)  # type: ignore[arg-type]
            t = time.perf_counter()
            res = run_fleet(parse_targets([str(p) for p in targets]), opts)
            return time.perf_counter() - t, res

        # 1. the fleet vs credscan history on each in turn
        seq = sum(credscan_history(r) for r in fleet)
        first, res = fleet_run(fleet, "fleet.sqlite3")
        tot = res.totals()  # type: ignore[attr-defined]
        mb = tot["bytes"] / 1e6
        print("\n1. fleet of flask-like, requests-like and a dozen smaller repositories")
        print(f"   credscan history on each in turn: {seq:7.2f} s")
        print(f"   credscan fleet (warm cluster):     {first:7.2f} s  "
              f"({tot['units']} units, {mb:.0f} MB of diff, {mb / first:.1f} MB/s); "
              f"with cluster start {first + start:.2f} s; ratio {seq / (first + start):.2f}x")

        # 4. incremental re-run, nothing new
        again, res2 = fleet_run(fleet, "fleet.sqlite3")
        t2 = res2.totals()  # type: ignore[attr-defined]
        print("\n4. incremental re-run with no new commits")
        print(f"   {again:.2f} s ({t2['commits']} commits scanned) = "
              f"{100 * again / first:.1f}% of the first run")

        # 2. the large history across two workers vs one credscan history
        one = credscan_history(large)
        one_j1 = credscan_history(large, jobs=1)
        big, res3 = fleet_run([large], "large.sqlite3")
        t3 = res3.totals()  # type: ignore[attr-defined]
        print(f"\n2. one large history ({t3['commits']} commits, "
              f"{t3['bytes'] / 1e6:.0f} MB of diff)")
        print(f"   credscan history (all cores):   {one:7.2f} s")
        print(f"   credscan history --jobs 1:      {one_j1:7.2f} s")
        print(f"   credscan fleet, {t3['units']} units on {args.workers} workers: {big:7.2f} s "
              f"(ratio vs history {one / big:.2f}x, vs --jobs 1 {one_j1 / big:.2f}x)")

        # 3. per-unit overhead
        mid = fleet[0]
        n = commits_of(mid)
        few, r_few = fleet_run([mid], "few.sqlite3", unit_commits=n)
        many, r_many = fleet_run([mid], "many.sqlite3", unit_commits=25)
        u_few = r_few.totals()["units"]  # type: ignore[attr-defined]
        u_many = r_many.totals()["units"]  # type: ignore[attr-defined]
        per = (many - few) / max(1, u_many - u_few)
        t = time.perf_counter()
        futs = [client.submit(int, i, pure=False) for i in range(500)]
        client.gather(futs)
        noop = (time.perf_counter() - t) / 500
        print(f"\n3. per-unit overhead ({n} commits of flask-like)")
        print(f"   {u_few} unit: {few:.2f} s; {u_many} units of 25 commits: {many:.2f} s "
              f"-> {1000 * per:.1f} ms wall per extra unit on {args.workers} workers "
              f"(~{1000 * per * args.workers:.0f} ms of worker time)")
        print(f"   bare Dask task round trip: {1000 * noop:.2f} ms")
        client.close()
        cluster.close()

        # 5. partial clones
        if not args.skip_partial:
            from scanner.fleet.cache import ensure_clone

            src = fleet[2]
            print(f"\n5. clone filters on {src.name} ({commits_of(src)} commits, file://)")
            for flt in (None, "blob:limit=1m", "blob:none"):
                cache = work / f"clone-{flt or 'full'}"
                spec = parse_targets([f"file://{src}"])[0]
                t = time.perf_counter()
                path, _ = ensure_clone(spec, str(cache), flt)
                ct = time.perf_counter() - t
                ht = credscan_history(Path(path), jobs=1)
                print(f"   {flt or 'full':14} clone {ct:6.2f} s, then credscan history "
                      f"{ht:6.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
