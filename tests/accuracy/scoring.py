"""The one scorer every accuracy harness uses: line-level precision, recall and F1.

A harness projects findings onto labelled lines (a file and line, plus the commit for
history corpora) and counts, per line, a true positive (labelled and reported at or above
the threshold), a false positive (reported, not labelled) or a false negative.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

SEVERITIES = ("info", "low", "medium", "high", "critical")
#: Findings at or above this severity count as reported.
THRESHOLD = "medium"
#: The bar every corpus test asserts.
MIN_PRECISION = 0.95
MIN_RECALL = 0.93


def reported(severity: str, threshold: str = THRESHOLD) -> bool:
    """Whether a finding of ``severity`` counts (at or above ``threshold``)."""
    sev = str(severity).lower()
    return sev in SEVERITIES and SEVERITIES.index(sev) >= SEVERITIES.index(threshold)


@dataclass
class PRF:
    """Counts and the measures derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def row(self, name: str | None = None) -> str:
        if name is None:
            return (f"tp={self.tp:4d} fp={self.fp:4d} fn={self.fn:4d}  P={self.precision:.3f} "
                    f"R={self.recall:.3f} F1={self.f1:.3f}")
        return (f"  {name:<28} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}  "
                f"tp={self.tp} fp={self.fp} fn={self.fn}")

    def meets_bar(self) -> bool:
        return self.precision >= MIN_PRECISION and self.recall >= MIN_RECALL


def score(truth: Iterable[Hashable], predicted: Iterable[Hashable]) -> PRF:
    """PRF of predicted line keys against labelled ones."""
    t, p = set(truth), set(predicted)
    return PRF(tp=len(t & p), fp=len(p - t), fn=len(t - p))


def report_text(header: str, overall: PRF, groups: dict[str, PRF], group_label: str,
                fps: list[str], fns: list[str], max_items: int = 100) -> str:
    """The printed report of a harness: overall, per group, then the misses and false hits."""
    lines = [header, overall.row("OVERALL"), f"by {group_label}:"]
    lines += [p.row(k) for k, p in sorted(groups.items())]
    lines.append(f"FALSE POSITIVES ({len(fps)})")
    lines += ["  " + x for x in fps[:max_items]]
    lines.append(f"FALSE NEGATIVES ({len(fns)})")
    lines += ["  " + x for x in fns[:max_items]]
    return "\n".join(lines)
