"""Long fuzzing run of the property tests (issue 14 item 18), by hand, not in CI.

Runs ``tests/fuzz`` with the ``long`` Hypothesis profile: random (not derandomized)
examples, many per property. Every failure Hypothesis finds is printed with its minimal
example; fix it and keep the example as a regression test (an ``@example`` or a plain test
beside the property). With ``--atheris`` (and ``pip install atheris``), the engine is also
driven by coverage-guided fuzzing for ``--seconds``.

    python benchmarks/fuzz.py                     # 20,000 examples per property
    python benchmarks/fuzz.py --examples 2000 -k engine
    python benchmarks/fuzz.py --atheris --seconds 300
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _atheris(seconds: int) -> int:
    code = f"""
import sys, atheris
with atheris.instrument_imports():
    from scanner import api
    from scanner.engine import textio
sc = api.get_scanner()
def one(data: bytes) -> None:
    for f in sc.scan_bytes(data, "fuzz.txt"):
        assert f.line >= 1 and f.secret
    textio.printable_runs(data)
atheris.Setup([sys.argv[0], "-max_total_time={seconds}", "-max_len=4096"], one)
atheris.Fuzz()
"""
    return subprocess.call([sys.executable, "-c", code], cwd=REPO)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=20_000, help="examples per property")
    ap.add_argument("-k", default=None, help="only properties matching this pytest -k")
    ap.add_argument("--atheris", action="store_true", help="also run atheris on the engine")
    ap.add_argument("--seconds", type=int, default=120, help="atheris time budget")
    args = ap.parse_args()
    env = dict(os.environ, CREDSCAN_FUZZ_PROFILE="long",
               CREDSCAN_FUZZ_EXAMPLES=str(args.examples))
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/fuzz",
           "--hypothesis-show-statistics"]
    if args.k:
        cmd += ["-k", args.k]
    t0 = time.perf_counter()
    rc = subprocess.call(cmd, cwd=REPO, env=env)
    print(f"fuzz: {args.examples} examples per property, {time.perf_counter() - t0:.0f} s, "
          f"exit {rc}")
    if args.atheris:
        rc = max(rc, _atheris(args.seconds))
    return rc


if __name__ == "__main__":
    sys.exit(main())
