"""Verification cost: what ``--verify`` adds to a run, and what it costs when off.

Runs on this machine only: the provider emulator of the tests on 127.0.0.1 (reached
through the test redirect, whose warnings are counted, not printed) answers every
request, optionally after a delay that stands for a provider's latency.

    python benchmarks/verify.py                       # 400 findings, 40 distinct secrets
    python benchmarks/verify.py --findings 2000 --distinct 200 --latency 0.05

Prints: requests sent (one per distinct secret), wall time with the default concurrency
and rate limit and with concurrency 1, the cached re-run (no request), and the import
cost of a plain ``scan`` (which must not import ``scanner.verify``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--findings", type=int, default=400)
    ap.add_argument("--distinct", type=int, default=40)
    ap.add_argument("--latency", type=float, default=0.02, help="emulated provider latency")
    args = ap.parse_args()

    from scanner.models import ScanResult
    from scanner.verify import VerifySettings, verify_result
    from scanner.verify.transport import REDIRECT_ENV
    from tests import fakes
    from tests.verify.cases import finding
    from tests.verify.provider_server import ProviderServer

    server = ProviderServer(slow_seconds=args.latency).start()
    os.environ[REDIRECT_ENV] = server.url
    server.modes["api.github.com"] = "slow"
    secrets = [fakes.github_classic(10_000 + i) for i in range(args.distinct)]
    server.live.update(secrets[::2])
    fs = [finding("github", "github-classic-token", secrets[i % args.distinct],
                  file=f"src/f{i}.py") for i in range(args.findings)]
    result = ScanResult(findings=fs)
    warnings: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, conc, rate in (("default (4 in flight, 5/s per host)", 4, 5.0),
                                  ("concurrency 4, no rate limit", 4, 1000.0),
                                  ("concurrency 1, no rate limit", 1, 1000.0)):
            server.seen.clear()
            s = VerifySettings(cache=False, concurrency=conc, rate_per_host=rate)
            t0 = time.perf_counter()
            out = verify_result(result, s, warn=warnings.append)
            dt = time.perf_counter() - t0
            live = sum(1 for f in out.findings if f.verification and f.verification.live)
            print(f"{label:<40} {len(server.seen):>5} requests for {len(fs)} findings "
                  f"({live} live) in {dt:6.2f} s")
        cache = Path(tmp) / "cache.json"
        s = VerifySettings(cache_file=cache, rate_per_host=1000.0)
        verify_result(result, s, warn=warnings.append)
        server.seen.clear()
        t0 = time.perf_counter()
        verify_result(result, s, warn=warnings.append)
        print(f"{'cached re-run':<40} {len(server.seen):>5} requests in "
              f"{time.perf_counter() - t0:6.3f} s")
    server.stop()
    print(f"test-redirect warnings emitted: {len(warnings)} (one per request)")

    code = ("import sys, time; t=time.perf_counter(); import scanner.cli.cmd_scan; "
            "print(round((time.perf_counter()-t)*1000,1), 'scanner.verify' in sys.modules)")
    ms, imported = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True,
                                  capture_output=True, text=True).stdout.split()
    print(f"plain scan: importing cmd_scan takes {ms} ms; scanner.verify imported: {imported}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
