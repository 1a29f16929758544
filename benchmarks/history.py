"""Benchmark: ``credscan history`` against ``git log -p -U0 --all --full-history``.

Builds (once, cached under /tmp) a deterministic repository from real text: the ``.py``
files of the installed packages, committed through ``git fast-import`` as a long series of
realistic edits (hunks replaced, inserted and deleted; files added, deleted and renamed;
feature branches merged back; tags), with a few fake secrets planted. Then it times one
``git log -p`` (the floor: git alone producing the diffs) and ``credscan history``, and
reports wall times, the ratio, and the peak RSS of every process of each run (sampled from
/proc: VmHWM per process).

    python benchmarks/history.py               # large: 30 000 commits
    python benchmarks/history.py --size small  # 5 000 commits
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import sysconfig
import threading
import time
from pathlib import Path

SIZES = {"tiny": 600, "small": 5_000, "large": 30_000, "xlarge": 80_000}
ROOT = Path(os.environ.get("CREDSCAN_BENCH_DIR", "/tmp/credscan-bench"))
GEN_VERSION = "v3"


def _ours(rel: Path) -> bool:
    """credscan's own files (a non-editable install): left out of the text. Tested on the
    path *inside* site-packages, never the absolute one (a clone may be named credscan)."""
    top = rel.parts[0] if rel.parts else ""
    return top == "scanner" or top.startswith(("credscan", "__editable__"))


def source_texts(limit_bytes: int = 80 << 20) -> list[tuple[str, list[bytes]]]:
    """Real text: the installed packages' Python files, sorted (deterministic)."""
    site = Path(sysconfig.get_paths()["purelib"])
    files = sorted(p for p in site.rglob("*.py")
                   if p.is_file() and not _ours(p.relative_to(site)))
    out, total = [], 0
    for p in files:
        try:
            data = p.read_bytes()
        except OSError:
            continue
        if not data or b"\0" in data or len(data) > 400_000:
            continue
        out.append((str(p.relative_to(site)), data.splitlines(keepends=True)))
        total += len(data)
        if total >= limit_bytes:
            break
    return out


class Generator:
    """Writes a fast-import stream of ``n`` commits of edits over the source texts."""

    def __init__(self, n: int, seed: int = 7) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.src = source_texts()
        if not self.src:
            site = sysconfig.get_paths()["purelib"]
            raise SystemExit(f"history benchmark needs Python files to build its repository "
                             f"from; none found under {site} (pip install -e '.[test]' first)")
        self.next_src = 0
        self.mark = 0
        self.t = 1_500_000_000
        self.authors = [(f"Dev {i}", f"dev{i}@example.org") for i in range(25)]
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        import fakes  # noqa: E402 - test helpers build fake secrets at run time

        self.fakes = fakes

    def _take_source(self) -> tuple[str, list[bytes]]:
        name, lines = self.src[self.next_src % len(self.src)]
        self.next_src += 1
        return f"src/{self.next_src // len(self.src)}/{name}", list(lines)

    def _lines(self, k: int) -> list[bytes]:
        _, lines = self.src[self.rng.randrange(len(self.src))]
        if not lines:
            return [b"pass\n"]
        i = self.rng.randrange(len(lines))
        return lines[i:i + k] or [b"pass\n"]

    def _edit(self, lines: list[bytes]) -> list[bytes]:
        rng = self.rng
        out = list(lines)
        for _ in range(rng.choice((1, 1, 2, 3))):
            pos = rng.randrange(len(out) + 1)
            kind = rng.random()
            if kind < 0.45:
                k = rng.randint(1, 12)
                out[pos:pos + k] = self._lines(rng.randint(1, 14))
            elif kind < 0.8:
                out[pos:pos] = self._lines(rng.randint(1, 20))
            else:
                del out[pos:pos + rng.randint(1, 8)]
        return out or [b"\n"]

    def _secret_line(self, i: int) -> bytes:
        f = self.fakes
        kind = i % 3
        if kind == 0:
            return (f'AWS_ACCESS_KEY_ID = "{f.aws_key_id(i)}"\n'
                    f'AWS_SECRET_ACCESS_KEY = "{f.aws_secret(i)}"\n').encode()
        if kind == 1:
            return f'GITHUB_TOKEN = "{f.github_classic(i)}"\n'.encode()
        return f'STRIPE_KEY = "{f.stripe_live(i)}"\n'.encode()

    def write(self, out: object) -> None:  # noqa: C901 - a script
        w = out.write  # type: ignore[attr-defined]
        rng = self.rng
        main: dict[str, list[bytes]] = {}
        for _ in range(40):
            p, lines = self._take_source()
            main[p] = lines
        main_mark = self._commit(w, "refs/heads/main", None, None, main, set(main), [],
                                 "Initial import")
        feature: dict[str, list[bytes]] | None = None
        feat_mark = 0
        feat_touched: set[str] = set()
        feat_name = ""
        count = 1
        secrets = 0
        while count < self.n:
            on_feature = feature is not None and rng.random() < 0.5
            state = feature if on_feature and feature is not None else main
            changed: set[str] = set()
            deleted: list[str] = []
            r = rng.random()
            paths = sorted(state)
            if r < 0.06 or len(paths) < 10:
                p, lines = self._take_source()
                state[p] = lines
                changed.add(p)
                msg = f"Add {p.rsplit('/', 1)[-1]}"
            elif r < 0.08:
                p = rng.choice(paths)
                if not on_feature and p in feat_touched:
                    continue
                del state[p]
                deleted.append(p)
                msg = f"Remove {p.rsplit('/', 1)[-1]}"
            elif r < 0.095:
                p = rng.choice(paths)
                if not on_feature and p in feat_touched:
                    continue
                q = p.replace("src/", "lib/", 1) if p.startswith("src/") else "src/" + p
                if q in state:
                    continue
                state[q] = state.pop(p)
                deleted.append(p)
                changed.add(q)
                msg = f"Move {p} to {q}"
            else:
                for p in rng.sample(paths, min(len(paths), rng.choice((1, 1, 2, 3, 4)))):
                    if not on_feature and p in feat_touched:
                        continue
                    state[p] = self._edit(state[p])
                    changed.add(p)
                if not changed:
                    continue
                msg = rng.choice(("Fix", "Refactor", "Update", "Tidy", "Improve")) + \
                    f" {sorted(changed)[0].rsplit('/', 1)[-1]}"
            if count % 997 == 500 and changed:
                p = sorted(changed)[0]
                state[p] = state[p] + [self._secret_line(secrets)]
                secrets += 1
            if on_feature:
                feat_touched |= changed | set(deleted)
                feat_mark = self._commit(w, f"refs/heads/{feat_name}", feat_mark, None, state,
                                         changed, deleted, msg)
            else:
                main_mark = self._commit(w, "refs/heads/main", main_mark, None, state, changed,
                                         deleted, msg)
            count += 1
            if feature is None and rng.random() < 0.01:
                feature = {k: v for k, v in main.items()}
                feat_mark = main_mark
                feat_touched = set()
                feat_name = f"feature/{count}"
            elif feature is not None and rng.random() < 0.04:
                # merge: files touched on the feature come from it, the rest from main
                assert feature is not None
                gone = [p for p in feat_touched if p not in feature and p in main]
                for p in feat_touched:
                    if p in feature:
                        main[p] = feature[p]
                for p in gone:
                    del main[p]
                chg = {p for p in feat_touched if p in feature}
                main_mark = self._commit(w, "refs/heads/main", main_mark, feat_mark, main, chg,
                                         gone, f"Merge branch '{feat_name}'")
                count += 1
                if rng.random() < 0.3:
                    w(f"reset refs/heads/{feat_name}\nfrom :{feat_mark}\n\n".encode())
                feature = None
            if count % 2500 == 0:
                w(f"tag v{count // 2500}.0\nfrom :{main_mark}\ntagger Rel <rel@example.org> "
                  f"{self.t} +0000\ndata 8\nrelease\n\n".encode())
        w(b"done\n")

    def _commit(self, w: object, ref: str, parent: int | None, merge: int | None,
                state: dict[str, list[bytes]], changed: set[str], deleted: list[str],
                msg: str) -> int:
        self.mark += 1
        self.t += self.rng.randint(60, 20_000)
        name, email = self.authors[self.rng.randrange(len(self.authors))]
        body = msg.encode() + b"\n"
        parts = [f"commit {ref}\nmark :{self.mark}\n".encode(),
                 f"author {name} <{email}> {self.t} +0000\n".encode(),
                 f"committer {name} <{email}> {self.t} +0000\n".encode(),
                 b"data %d\n" % len(body), body]
        if parent:
            parts.append(f"from :{parent}\n".encode())
        if merge:
            parts.append(f"merge :{merge}\n".encode())
        for p in deleted:
            parts.append(f"D {p}\n".encode())
        for p in sorted(changed):
            data = b"".join(state[p])
            parts.append(f"M 100644 inline {p}\n".encode())
            parts.append(b"data %d\n" % len(data))
            parts.append(data)
            parts.append(b"\n")
        parts.append(b"\n")
        w(b"".join(parts))  # type: ignore[operator]
        return self.mark


def build_repo(size: str) -> Path:
    repo = ROOT / f"{size}-{GEN_VERSION}"
    if (repo / ".built").exists():
        return repo
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True)
    t0 = time.perf_counter()
    try:
        gen = Generator(SIZES[size])
        proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=repo,
                                stdin=subprocess.PIPE)
        assert proc.stdin is not None
        try:
            gen.write(proc.stdin)
            proc.stdin.close()
        except BaseException:
            proc.kill()  # never leave a half-fed fast-import (and its crash report) behind
            proc.wait()
            raise
        if proc.wait() != 0:
            raise SystemExit("git fast-import failed")
    except BaseException:
        shutil.rmtree(repo, ignore_errors=True)  # the partial repository, crash files too
        raise
    for crash in repo.glob("fast_import_crash_*"):
        crash.unlink()
    subprocess.run(["git", "symbolic-ref", "HEAD", "refs/heads/main"], cwd=repo, check=True)
    subprocess.run(["git", "repack", "-a", "-d", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "commit-graph", "write", "--reachable"], cwd=repo, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    (repo / ".built").write_text("ok\n")
    print(f"built {repo} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return repo


class PeakMonitor:
    """Samples VmHWM (peak RSS) of a process tree every few ms; max per command name."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _children(self) -> list[int]:
        todo, seen = [self.pid], []
        while todo:
            p = todo.pop()
            seen.append(p)
            try:
                for tid in os.listdir(f"/proc/{p}/task"):
                    with open(f"/proc/{p}/task/{tid}/children") as fh:
                        todo.extend(int(c) for c in fh.read().split())
            except OSError:
                pass
        return seen

    def _run(self) -> None:
        while not self._stop.is_set():
            for p in self._children():
                try:
                    with open(f"/proc/{p}/status") as fh:
                        st = fh.read()
                except OSError:
                    continue
                name = st.split("\n", 1)[0].split(":", 1)[1].strip()
                for line in st.splitlines():
                    if line.startswith("VmHWM:"):
                        kb = int(line.split()[1])
                        old = self.peaks.get(p, (name, 0))[1]
                        self.peaks[p] = (name, max(old, kb))
            time.sleep(0.01)

    def stop(self) -> dict[str, int]:
        self._stop.set()
        self._thread.join()
        out: dict[str, int] = {}
        for name, kb in self.peaks.values():
            out[name] = max(out.get(name, 0), kb)
        return out


def timed(cmd: list[str], cwd: Path) -> tuple[float, dict[str, int], float]:
    """Wall time, peak RSS per process name, and CPU seconds (user+sys, whole tree)."""
    import tempfile

    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        mon = PeakMonitor(proc.pid)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        peaks = mon.stop()
        if proc.returncode not in (0, 1):
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace"))
            raise SystemExit(f"{cmd[0]} failed with {proc.returncode}")
    return wall, peaks, ru.ru_utime + ru.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="large")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=None)
    args = ap.parse_args()
    repo = build_repo(args.size)
    n = subprocess.run(["git", "rev-list", "--all", "--count"], cwd=repo, capture_output=True,
                       text=True, check=True).stdout.strip()
    diff_mb = None
    cs = [sys.executable, "-m", "scanner", "history", str(repo), "--quiet", "-f", "json",
          "-o", os.devnull]
    if args.jobs:
        cs += ["--jobs", str(args.jobs)]
    git = ["git", "log", "-p", "-U0", "--all", "--full-history"]
    subprocess.run(git, cwd=repo, stdout=subprocess.DEVNULL, check=True)  # warm the cache
    timed(cs, repo)
    g_best = c_best = float("inf")
    g_peak: dict[str, int] = {}
    c_peak: dict[str, int] = {}
    g_cpu = c_cpu = 0.0
    for _ in range(args.repeat):  # alternate, keep the best of each (shared machines)
        gw, gp, gc = timed(git, repo)
        cw, cp, cc = timed(cs, repo)
        if gw < g_best:
            g_best, g_peak, g_cpu = gw, gp, gc
        if cw < c_best:
            c_best, c_peak, c_cpu = cw, cp, cc
    out = subprocess.run(git, cwd=repo, stdout=subprocess.PIPE, check=True).stdout
    diff_mb = len(out) / 1e6
    del out
    print(f"repository: {repo} ({n} commits, {diff_mb:.0f} MB of git log -p -U0 output)")
    print(f"git log -p -U0 --all --full-history: {g_best:.2f} s (cpu {g_cpu:.1f} s)   peak RSS "
          + ", ".join(f"{k} {v / 1024:.0f} MB" for k, v in sorted(g_peak.items())))
    print(f"credscan history (cores: {os.cpu_count()}): {c_best:.2f} s (cpu {c_cpu:.1f} s)   "
          "peak RSS per process: "
          + ", ".join(f"{k} {v / 1024:.0f} MB" for k, v in sorted(c_peak.items())))
    print(f"ratio credscan / git log -p: {c_best / g_best:.2f}  (goal <= 1.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
