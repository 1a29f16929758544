"""Line-level precision / recall of credscan on the real-code corpus.

``python -m tests.realcode.evaluate [--seed N] [--max N]``: a line is reported when a finding
at or above ``medium`` sits on it. Prints overall and per-kind figures, then every false
positive and false negative (values redacted).
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from scanner.api import scan_paths
from scanner.models import Finding
from scanner.redact import redact
from tests.accuracy.scoring import PRF, report_text, reported
from tests.realcode.generator import generate
from tests.realcode.kit import Corpus


@dataclass
class Report:
    overall: PRF = field(default_factory=PRF)
    by_kind: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
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
    for key, fs in hits.items():
        top = [f for f in fs if reported(f.severity.name)]
        if not top:
            continue
        kind = c.kinds.get(key[0], "?")
        if key in c.positives:
            rep.overall.tp += 1
            rep.by_kind[kind].tp += 1
        else:
            rep.overall.fp += 1
            rep.by_kind[kind].fp += 1
            rep.fps.append(f"{key[0]}:{key[1]} [{top[0].rule_id}] {redact(top[0].secret)} "
                           f"({c.negatives.get(key, 'unlabelled')})")
    for key, label in c.positives.items():
        fs = [f for f in hits.get(key, []) if reported(f.severity.name)]
        if not fs:
            kind = c.kinds.get(key[0], "?")
            rep.overall.fn += 1
            rep.by_kind[kind].fn += 1
            low = [f.rule_id for f in hits.get(key, [])]
            rep.fns.append(f"{key[0]}:{key[1]} ({label}; below threshold: {low or '-'})")
    return rep


def format_report(c: Corpus, rep: Report, max_items: int = 100) -> str:
    return report_text(f"real-code corpus: {len(c.kinds)} files, {len(c.positives)} positive lines, "
                       f"{len(c.negatives)} hard negatives",
                       rep.overall, rep.by_kind, "kind", rep.fps, rep.fns, max_items)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max", type=int, default=100)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        c = generate(Path(tmp) / "corpus", a.seed)
        print(format_report(c, evaluate(c, scan(c.root)), a.max))


if __name__ == "__main__":
    main()
