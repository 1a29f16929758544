"""Detection quality on the real-code corpus (tests/realcode): snippets in the style of real
repositories, written apart from the rules' recipes (issue 10).

Line-level precision >= 0.95 and recall >= 0.93 at medium or above; run
``python -m tests.realcode.evaluate`` for the per-kind report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accuracy.scoring import MIN_PRECISION, MIN_RECALL
from tests.realcode.evaluate import evaluate, format_report, scan
from tests.realcode.generator import generate


def test_realcode_corpus_is_labelled_and_sized(tmp_path: Path) -> None:
    c = generate(tmp_path / "corpus", seed=0)
    assert len(c.kinds) >= 300
    assert len(c.positives) >= 400 and len(c.negatives) >= 400

@pytest.mark.parametrize("seed", [0, 3])
def test_realcode_precision_and_recall(tmp_path: Path, seed: int) -> None:
    c = generate(tmp_path / "corpus", seed=seed)
    rep = evaluate(c, scan(c.root))
    msg = format_report(c, rep, max_items=60)
    assert rep.overall.precision >= MIN_PRECISION, msg
    assert rep.overall.recall >= MIN_RECALL, msg
