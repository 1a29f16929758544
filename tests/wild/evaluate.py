"""Line-level precision / recall of credscan on the in-the-wild corpus, overall and per class.

``python -m tests.wild.evaluate [--seed N] [--max N] [--round N]``: a line counts as reported when a
finding at or above ``medium`` sits on it (the shared scorer in tests/accuracy/scoring.py).
False positives and negatives are listed with values redacted.
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from scanner.api import scan_paths
from scanner.models import Finding
from scanner.redact import redact
from tests.accuracy.scoring import PRF, report_text, reported
from tests.wild.generator import generate
from tests.wild.kit import Corpus


@dataclass
class Report:
    overall: PRF = field(default_factory=PRF)
    by_class: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    fps: list[str] = field(default_factory=list)
    fns: list[str] = field(default_factory=list)


def scan(root: Path) -> dict[tuple[str, int], list[Finding]]:
    res = scan_paths([str(root)], no_ignore=True)
    out: dict[tuple[str, int], list[Finding]] = defaultdict(list)
    for f in res.findings:
        rel = Path(f.file).resolve().relative_to(root.resolve()).as_posix()
        out[(rel, f.line)].append(f)
    return out


def evaluate(c: Corpus, hits: dict[tuple[str, int], list[Finding]]) -> Report:
    rep = Report()
    for key, fs in sorted(hits.items()):
        top = [f for f in fs if reported(f.severity.name)]
        if not top:
            continue
        cls = c.kinds.get(key[0], "?")
        if key in c.positives:
            rep.overall.tp += 1
            rep.by_class[cls].tp += 1
        else:
            rep.overall.fp += 1
            rep.by_class[cls].fp += 1
            rep.fps.append(f"{key[0]}:{key[1]} [{top[0].rule_id}] {redact(top[0].secret)} "
                           f"({'hard negative' if key in c.negatives else 'unlabelled'})")
    for key, cls in sorted(c.positives.items()):
        fs = [f for f in hits.get(key, []) if reported(f.severity.name)]
        if not fs:
            rep.overall.fn += 1
            rep.by_class[cls].fn += 1
            low = [f.rule_id for f in hits.get(key, [])]
            rep.fns.append(f"{key[0]}:{key[1]} ({cls}; below threshold: {low or '-'})")
    for cls in set(c.kinds.values()):
        rep.by_class.setdefault(cls, PRF())
    return rep


def only_rounds(c: Corpus, hits: dict[tuple[str, int], list[Finding]], rounds: Collection[int]
                ) -> tuple[Corpus, dict[tuple[str, int], list[Finding]]]:
    """The labels and findings of some red-team rounds' files, to score a round on its own
    (a new round is measured before the fixes, without moving the bar the older rounds hold)."""
    keep = {p for p, r in c.rounds.items() if r in rounds}
    sub = Corpus(c.root, {k: v for k, v in c.positives.items() if k[0] in keep},
                 {k: v for k, v in c.negatives.items() if k[0] in keep},
                 {p: k for p, k in c.kinds.items() if p in keep}, len(keep),
                 {p: r for p, r in c.rounds.items() if p in keep})
    return sub, {k: v for k, v in hits.items() if k[0] in keep}


def format_report(c: Corpus, rep: Report, max_items: int = 100) -> str:
    return report_text(f"in-the-wild corpus: {c.snippets} snippets, {len(c.positives)} positive lines, "
                       f"{len(c.negatives)} hard negatives",
                       rep.overall, rep.by_class, "class", rep.fps, rep.fns, max_items)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max", type=int, default=100)
    ap.add_argument("--round", type=int, default=0, help="score one red-team round's files only")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        c = generate(Path(tmp) / "corpus", a.seed)
        hits = scan(c.root)
        if a.round:
            c, hits = only_rounds(c, hits, {a.round})
        print(format_report(c, evaluate(c, hits), a.max))


if __name__ == "__main__":
    main()
