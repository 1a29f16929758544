"""Evaluation: letter-trigram "surprise" (scanner.engine.wordshape) against Shannon entropy
for the values where the choice matters: letters-only values under secret-like names.

    python benchmarks/wordshape_eval.py [TREE ...]

Negatives are mined from real source trees (default: this interpreter's standard library
and site-packages): every letters-only value the generic password/secret patterns capture
there, before any filter. Nearly all are identifiers, words, type names and labels.
Positives are generated: letters-only values of the shapes passwords and masked credentials
take (random letters of 6-15 characters, mixed or single case). Prints, for each signal and
threshold, the share of positives kept and of mined negatives kept, plus load time.
"""

from __future__ import annotations

import math
import os
import random
import string
import sysconfig
import time
from collections import Counter

from scanner.engine.regex import compile_bytes, secret_group
from scanner.rules.loader import builtin_rules


def shannon(s: str) -> float:
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in Counter(s).values())


def mine(roots: list[str], limit: int = 300_000_000) -> list[str]:
    rules = [r for r in builtin_rules() if r.id in ("generic-password", "generic-secret")]
    rxs = [(compile_bytes(r.pattern), r) for r in rules]
    out: set[str] = set()
    total = 0
    for root in roots:
        for dp, _d, files in os.walk(root):
            for fn in files:
                if not fn.endswith((".py", ".pyi", ".json", ".cfg", ".toml", ".txt", ".rst")):
                    continue
                try:
                    with open(os.path.join(dp, fn), "rb") as fh:
                        data = fh.read()
                except OSError:
                    continue
                total += len(data)
                for rx, _r in rxs:
                    g = secret_group(rx)
                    for m in rx.finditer(data):
                        v = m.group(g).decode("utf-8", "replace")
                        if v.isascii() and v.isalpha() and 6 <= len(v) <= 40:
                            out.add(v)
                if total > limit:
                    return sorted(out)
    return sorted(out)


def positives(n: int = 3000) -> list[str]:
    r = random.Random(7)
    out = []
    for i in range(n):
        k = r.randint(6, 15)
        alpha = (string.ascii_lowercase, string.ascii_uppercase, string.ascii_letters)[i % 3]
        out.append("".join(r.choice(alpha) for _ in range(k)))
    return out


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Entropy vs the letter-trigram word-shape signal "
                                             "on values mined from real source trees.")
    ap.add_argument("roots", nargs="*", help="trees to mine (default: stdlib and site-packages)")
    args = ap.parse_args()
    roots = args.roots or [sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"]]
    t = time.perf_counter()
    from scanner.engine import wordshape
    wordshape.surprise("warmup")
    load_ms = (time.perf_counter() - t) * 1000
    neg = mine(roots)
    pos = positives()
    if not neg:
        raise SystemExit("wordshape_eval: no letters-only values found under " + ", ".join(roots))
    print(f"mined negatives: {len(neg)} distinct letters-only values; positives: {len(pos)}")
    print(f"trigram model load: {load_ms:.1f} ms")
    print("signal        threshold  positives kept  negatives kept")
    for th in (2.5, 3.0, 3.2, 3.5):
        kp = sum(shannon(v) >= th for v in pos) / len(pos)
        kn = sum(shannon(v) >= th for v in neg) / len(neg)
        print(f"entropy       >= {th:<6}   {kp:6.3f}          {kn:6.3f}")
    for th in (5.0, 5.5, 6.0, 6.5):
        kp = sum(wordshape.surprise(v) >= th for v in pos) / len(pos)
        kn = sum(wordshape.surprise(v) >= th for v in neg) / len(neg)
        print(f"trigram       >= {th:<6}   {kp:6.3f}          {kn:6.3f}")
    kept = [v for v in neg if not wordshape.wordlike(v)]
    print(f"negatives kept at the shipped threshold ({len(kept)}):", ", ".join(kept[:40]))


if __name__ == "__main__":
    main()
