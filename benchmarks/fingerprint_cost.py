"""What a fingerprint costs credscan and what it costs an attacker (issue 14 item 17).

Prints, for the attack of the issue (3,280 guesses at one weak password against one
published fingerprint): the time with scheme v1 (PBKDF2, 2,000 rounds, fixed salt) and with
scheme v2 without a key (scrypt for guessable values); and credscan's own cost per finding
(guessable value, random token). With a key the attack cannot start (no guess can be checked).

    python benchmarks/fingerprint_cost.py
"""

from __future__ import annotations

import argparse
import time

from scanner.engine import fingerprint as fp

GUESSES = 3280


def _per_call(fn: object, values: list[str]) -> float:
    t0 = time.perf_counter()
    for v in values:
        fn("generic-password", "settings.py", v)  # type: ignore[operator]
    return (time.perf_counter() - t0) / len(values)


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    weak = [f"guess{i:04d}!" for i in range(40)]
    tokens = [f"tok_{i:04d}_Zq8Rw2Lp5Xv9Nc3Hb7Tf1Md6Gs4Ky0" for i in range(40)]
    v1 = _per_call(fp.legacy_fingerprint, weak)
    fp._kdf.cache_clear()
    v2 = _per_call(fp.fingerprint, weak)
    fp._kdf.cache_clear()
    fast = _per_call(fp.fingerprint, tokens)
    print(f"attack, {GUESSES} guesses on one core: v1 {v1 * GUESSES:8.1f} s   "
          f"v2 (no key) {v2 * GUESSES:8.1f} s   ratio {v2 / v1:6.0f}x")
    print(f"credscan per finding: guessable value {v2 * 1000:6.1f} ms, random token "
          f"{fast * 1000:6.2f} ms (cached per process)")
    print("with CREDSCAN_FINGERPRINT_KEY set: an attacker without the key cannot test guesses")


if __name__ == "__main__":
    main()
