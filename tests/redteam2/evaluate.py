"""Line-level precision / recall of credscan on the third corpus (tests/redteam2).

Usage: ``python -m tests.redteam2.evaluate [--out DIR] [--seed N] [--max N]``

Same scoring and report as tests/redteam (findings at or above ``medium`` through
``scanner.api.scan_paths``; false positives and negatives listed with values redacted).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tests.redteam.evaluate import Report, evaluate, format_report, scan
from tests.redteam.kit import Labelled
from tests.redteam2.generator import generate

__all__ = ["Report", "evaluate", "format_report", "run", "scan"]


def run(out: Path, seed: int) -> tuple[Labelled, Report]:
    t0 = time.perf_counter()
    c = generate(out, seed)
    t1 = time.perf_counter()
    hits = scan(out)
    t2 = time.perf_counter()
    rep = evaluate(c, hits)
    rep.seconds_gen, rep.seconds_scan = t1 - t0, t2 - t1
    return c, rep


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="write the corpus here (default: a temp dir)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max", type=int, default=200, help="list at most this many FPs / FNs")
    a = ap.parse_args(argv)
    if a.out is None:
        with tempfile.TemporaryDirectory(prefix="credscan-redteam2-") as d:
            c, rep = run(Path(d) / "corpus", a.seed)
            print(format_report(c, rep, a.max).replace("red-team corpus", "red-team 2 corpus", 1))
    else:
        c, rep = run(a.out, a.seed)
        print(format_report(c, rep, a.max).replace("red-team corpus", "red-team 2 corpus", 1))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
