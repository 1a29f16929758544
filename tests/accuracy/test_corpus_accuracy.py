"""Detection quality on the generated realistic corpus (tests/corpus): the issue's bar.

Line-level precision >= 0.95 and recall >= 0.93, counting findings at or above the default
failure threshold. On failure the message lists the misses, values redacted; run
``python -m tests.corpus.evaluate`` for the full per-kind / per-provider report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("scanner.api")

from tests.corpus.evaluate import evaluate, format_report, scan_api  # noqa: E402
from tests.corpus.generator import generate  # noqa: E402

MIN_PRECISION = 0.95
MIN_RECALL = 0.93


def test_corpus_precision_and_recall(tmp_path: Path) -> None:
    corpus = generate(tmp_path / "corpus", seed=0)
    hits, _ = scan_api(corpus.root)
    rep = evaluate(corpus, hits)
    msg = format_report(corpus, rep, max_items=60)
    assert rep.overall.precision >= MIN_PRECISION, msg
    assert rep.overall.recall >= MIN_RECALL, msg
