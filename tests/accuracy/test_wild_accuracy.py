"""Detection quality on the in-the-wild corpus (tests/wild): values on the next line, SQL rows,
markdown tables, notebooks, CI, Kubernetes, HTTP fixtures and dotfiles (issue 10).

Line-level precision >= 0.95 and recall >= 0.93 at medium or above, through the shared
scorer; ``python -m tests.wild.evaluate`` prints the per-class report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accuracy.scoring import MIN_PRECISION, MIN_RECALL
from tests.wild.evaluate import evaluate, format_report, scan
from tests.wild.generator import generate


def test_wild_corpus_is_labelled_and_sized(tmp_path: Path) -> None:
    c = generate(tmp_path / "corpus", seed=0)
    assert c.snippets >= 250
    files_pos = {p for p, _ in c.positives}
    assert len(files_pos) >= 120 and c.snippets - len(files_pos) >= 120
    assert len(set(c.kinds.values())) >= 30


@pytest.mark.parametrize("seed", [0, 5])
def test_wild_precision_and_recall(tmp_path: Path, seed: int) -> None:
    c = generate(tmp_path / "corpus", seed=seed)
    rep = evaluate(c, scan(c.root))
    msg = format_report(c, rep, max_items=80)
    assert rep.overall.precision >= MIN_PRECISION, msg
    assert rep.overall.recall >= MIN_RECALL, msg
