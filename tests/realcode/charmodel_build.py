"""Build ``scanner/rules/charmodel.toml``: a letter-trigram model of words and identifiers.

Developer tool, run by hand: ``python -m tests.realcode.charmodel_build SRC_DIR...``. It reads
source and documentation text (the Python standard library and /usr/share/doc on a dev
machine), splits identifiers into words (``dbPasswordField`` -> db, password, field), counts
letter trigrams with word boundaries, and writes the log-probabilities quantised to one
printable character per trigram. The scanner only reads the result
(:mod:`scanner.engine.wordshape`).
"""

from __future__ import annotations

import argparse
import gzip
import math
import os
from collections import Counter
from pathlib import Path

from scanner.engine.names import name_tokens
from scanner.engine.wordshape import ALPHABET, LEVELS, QUANT, encode_index

_EXTS = (".py", ".txt", ".rst", ".md", ".c", ".h", ".html", ".gz")


def _texts(roots: list[str], limit: int) -> list[str]:
    out: list[str] = []
    total = 0
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            for fn in files:
                if not fn.endswith(_EXTS) or "copyright" in fn.lower():
                    continue
                p = Path(dirpath) / fn
                try:
                    raw = p.read_bytes()
                    if fn.endswith(".gz"):
                        raw = gzip.decompress(raw)
                except (OSError, EOFError, gzip.BadGzipFile):
                    continue
                t = raw.decode("utf-8", "replace")
                out.append(t)
                total += len(t)
                if total > limit:
                    return out
    return out


def words_of(text: str) -> list[str]:
    cur: list[str] = []
    out: list[str] = []
    for ch in text + " ":
        if ch.isascii() and ch.isalpha():
            cur.append(ch)
        elif cur:
            out.extend(t for t in name_tokens("".join(cur)) if len(t) >= 2)
            cur = []
    return out


def build(texts: list[str]) -> str:
    counts: Counter[str] = Counter()
    for t in texts:
        for w in words_of(t):
            s = "^^" + w + "^"
            for i in range(len(s) - 2):
                counts[s[i:i + 3]] += 1
    ctx: Counter[str] = Counter()
    for k, v in counts.items():
        ctx[k[:2]] += v
    n = len(ALPHABET)
    chars: list[str] = []
    for i in range(n ** 3):
        tri = encode_index(i)
        c, cx = counts.get(tri, 0), ctx.get(tri[:2], 0)
        lp = math.log2((c + 0.1) / (cx + 0.1 * n))
        q = min(LEVELS - 1, max(0, int(round(-lp * QUANT))))
        chars.append(chr(ord("0") + q))
    return "".join(chars)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("roots", nargs="+")
    ap.add_argument("--limit", type=int, default=60_000_000)
    a = ap.parse_args()
    table = build(_texts(a.roots, a.limit))
    out = Path(__file__).resolve().parents[2] / "scanner" / "rules" / "charmodel.toml"
    lines = ["# Letter-trigram model of English words and code identifiers (see",
             "# scanner/engine/wordshape.py; rebuilt by tests/realcode/charmodel_build.py).",
             "# One character per trigram: -log2 P(c | two letters before) times QUANT.",
             f'alphabet = "{ALPHABET}"', f"quant = {QUANT}", "table = '''"]
    for i in range(0, len(table), 96):
        lines.append(table[i:i + 96])
    lines.append("'''")
    out.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"wrote {out} ({len(table)} trigrams)")


if __name__ == "__main__":
    main()
