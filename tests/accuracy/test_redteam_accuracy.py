"""Detection quality on the independent red-team corpus (tests/redteam): the issue's bar.

Line-level precision >= 0.95 and recall >= 0.93, counting findings at or above ``medium``.
On failure the message lists the misses, values redacted; run
``python -m tests.redteam.evaluate`` for the full per-kind / per-provider report.

Two seeds run, so a rule tuned to one draw of the generator does not pass by luck.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("scanner.api")

from tests.redteam.evaluate import evaluate, format_report, scan  # noqa: E402
from tests.redteam.generator import generate  # noqa: E402

MIN_PRECISION = 0.95
MIN_RECALL = 0.93


def test_redteam_corpus_is_labelled_and_sized(tmp_path: Path) -> None:
    corpus = generate(tmp_path / "corpus", seed=0)
    assert 500 <= len(corpus.kinds) <= 800
    # about one positive line per 5-15 files
    assert len(corpus.kinds) / 15 <= len(corpus.positives) <= len(corpus.kinds) / 4


@pytest.mark.parametrize("seed", [0, 7])
def test_redteam_precision_and_recall(tmp_path: Path, seed: int) -> None:
    corpus = generate(tmp_path / "corpus", seed=seed)
    rep = evaluate(corpus, scan(corpus.root))
    msg = format_report(corpus, rep, max_items=60)
    assert rep.overall.precision >= MIN_PRECISION, msg
    assert rep.overall.recall >= MIN_RECALL, msg
