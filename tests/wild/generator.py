"""The in-the-wild corpus: credentials as people leave them in public repositories.

Unlike tests/corpus, tests/redteam* and tests/realcode, the snippets here are shaped by where
real files put the value, not by the rules' recipes: values on the line after their key
(YAML block scalars, an indented value, pretty-printed JSON that wrapped, Python calls split
over lines), SQL ``INSERT`` rows of users tables with plaintext passwords, markdown tables of
test accounts, ``.env.example`` files, notebooks, Helm values, docker-compose environment
lists, Ansible vars and INI inventories, Terraform variable defaults, Spring, Django, Rails,
PHP, Java, C#, Go, shell, curl in READMEs, CI files, Kubernetes Secrets (``stringData``,
``data`` and TLS PEM in block scalars), VCR cassettes, HAR files, Postman environments,
dotfiles and JDBC URLs; round 6 adds self-hosted application, monitoring, provisioning,
developer-tool, mobile, game and firmware configs and more languages; round 7 adds everyday
application code (bots, notebooks, web apps, SDK clients, mobile) and the high-entropy text of
ordinary repositories (lockfiles, bundles, generated IDs). Hard negatives are the same files as real code writes them when the
value is elsewhere: references, placeholders, publicly known defaults, type declarations,
UI strings, assertions against variables, hashes in lockfiles, package names.

Every value is drawn at run time from a seeded generator. ``generate(root, seed)`` writes the
corpus and returns its labels; ``python -m tests.wild.generator OUT [--seed N]`` prints counts.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from tests.wild import (
    neg,
    neg2,
    neg3,
    neg4,
    neg5,
    neg6,
    neg7,
    pos,
    pos2,
    pos3,
    pos4,
    pos5,
    pos6,
    pos7,
)
from tests.wild.kit import Corpus, W

ROUNDS = 4
#: Rounds 3 onwards, in the order they draw: (number, positive builders, negative builders).
LATER_ROUNDS = (
    (3, pos3.POSITIVE3, neg3.NEGATIVE3),
    (4, pos4.POSITIVE4, neg4.NEGATIVE4),
    (5, pos5.POSITIVE5, neg5.NEGATIVE5),
    (6, pos6.POSITIVE6, neg6.NEGATIVE6),
    (7, pos7.POSITIVE7, neg7.NEGATIVE7),
)


def generate(root: Path, seed: int = 0) -> Corpus:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    w = W(root, seed)
    for _ in range(ROUNDS):
        w.round = 1
        for build in pos.POSITIVE:
            build(w)
        for build in neg.NEGATIVE:
            build(w)
        w.round = 2
        for build in pos2.POSITIVE2:
            build(w)
        for build in neg2.NEGATIVE2:
            build(w)
    # Each later round draws after the ones before it, so their files stay byte-identical to
    # before it existed.
    for number, positives, negatives in LATER_ROUNDS:
        w.round = number
        for _ in range(ROUNDS):
            for build in (*positives, *negatives):
                build(w)
    return w.c


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="write the in-the-wild corpus")
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    c = generate(a.out, a.seed)
    print(f"{c.snippets} snippets, {len(c.positives)} positive lines, {len(c.negatives)} hard negatives")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
