"""The real-code corpus: repositories built from the snippets of :mod:`tests.realcode.snippets`.

``python -m tests.realcode.generator OUT_DIR [--seed N]`` writes one and prints its size.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.realcode.kit import Corpus, Gen, Writer
from tests.realcode.snippets import FAMILIES
from tests.realcode.snippets2 import FAMILIES2
from tests.realcode.snippets3 import FAMILIES3

REPOS = ("acme-billing", "lumen-shop", "harbor-ci", "quokka-notes", "nimbus-api", "orchid-cms")


def generate(root: Path, seed: int = 0) -> Corpus:
    root.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(root)
    w = Writer(corpus)
    for i, repo in enumerate(REPOS):
        g = Gen(seed * 1000 + i)
        for fam in FAMILIES + FAMILIES2 + FAMILIES3:
            fam(g, w, repo)
    return corpus


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    c = generate(Path(a.out), a.seed)
    print(f"{len(c.kinds)} files, {len(c.positives)} positive lines, {len(c.negatives)} hard negatives")


if __name__ == "__main__":
    main()
