"""Benchmark: wall time of the pre-commit hook on a small staged change (goal <= 0.15 s).

Builds a repository with a few hundred files, installs the hook with ``credscan install``,
stages a small change (three files, a dozen lines) and runs the installed hook script as git
does, end to end (sh + interpreter start + imports + git plumbing + scan). Prints the median
and best of N runs, plus ``credscan staged`` alone and a whole ``git commit`` for context.

    python benchmarks/hook_latency.py [--runs 20] [--editable]

By default credscan runs from a regular (non-editable) install in a benchmark venv, with
its bytecode compiled, as a ``pip install`` of the project leaves it on a user's machine; the venv
is cached under /tmp/credscan-bench. ``--editable`` measures the development checkout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _time(cmd: list[str], cwd: Path, runs: int, env: dict[str, str]) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, env=env)
        out.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"{cmd} failed: {proc.stderr.decode()}")
    return out


ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("CREDSCAN_BENCH_DIR", "/tmp/credscan-bench")) / "hook-venv"


def _install_venv() -> str:
    """A venv with credscan installed from this checkout (not editable), bytecode compiled."""
    py = VENV / "bin" / "python"
    stamp = VENV / ".source-stamp"
    newest = str(max(p.stat().st_mtime for p in (ROOT / "scanner").rglob("*") if p.is_file()))
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    if not stamp.exists() or stamp.read_text() != newest:
        subprocess.run([str(py), "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps",
                        str(ROOT)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", str(ROOT)], check=True)
        stamp.write_text(newest)
    return str(py)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--editable", action="store_true", help="use this checkout's interpreter")
    args = ap.parse_args()
    python = sys.executable if args.editable else _install_venv()
    with tempfile.TemporaryDirectory(prefix="credscan-hook-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env = {**os.environ, "HOME": str(home), "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
               "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "B", "GIT_AUTHOR_EMAIL": "b@x",
               "GIT_COMMITTER_NAME": "B", "GIT_COMMITTER_EMAIL": "b@x"}
        os.environ.update(env)
        repo = Path(tmp) / "repo"
        repo.mkdir()
        _git(repo, "init", "-q")
        src = Path(__file__).resolve().parent.parent / "scanner"
        files = sorted(src.rglob("*.py"))
        for i in range(300):
            f = files[i % len(files)]
            d = repo / f"pkg{i % 10}"
            d.mkdir(exist_ok=True)
            (d / f"m{i}.py").write_bytes(f.read_bytes())
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "init", "--no-verify")
        subprocess.run([python, "-m", "scanner", "install"], cwd=repo, check=True,
                       env=env, capture_output=True)
        for i in (1, 2, 3):
            p = repo / f"pkg{i}" / f"m{i}.py"
            p.write_text(p.read_text() + f"\n\ndef added_{i}(x):\n    return x * {i}\n")
        _git(repo, "add", "-A")
        hook = repo / ".git" / "hooks" / "pre-commit"
        _time([str(hook)], repo, 2, env)  # warm caches (rules, page cache)
        hook_t = _time([str(hook)], repo, args.runs, env)
        staged_t = _time([python, "-m", "scanner", "staged", "-q"], repo, args.runs, env)
        py_t = _time([python, "-c", "pass"], repo, args.runs, env)
        commit_t = []
        for i in range(min(args.runs, 5)):
            p = repo / "pkg5" / "m5.py"
            p.write_text(p.read_text() + f"\n# edit {i}\n")
            _git(repo, "add", "-A")
            t0 = time.perf_counter()
            subprocess.run(["git", "commit", "-q", "-m", f"edit {i}"], cwd=repo, check=True,
                           env=env, capture_output=True)
            commit_t.append(time.perf_counter() - t0)

    def fmt(ts: list[float]) -> str:
        return f"median {statistics.median(ts):.3f} s, best {min(ts):.3f} s"

    print(f"pre-commit hook (3 files, 12 added lines): {fmt(hook_t)}  (goal <= 0.15 s)")
    print(f"credscan staged alone:                     {fmt(staged_t)}")
    print(f"python -c pass (interpreter floor):        {fmt(py_t)}")
    print(f"whole git commit with the hook:            {fmt(commit_t)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
