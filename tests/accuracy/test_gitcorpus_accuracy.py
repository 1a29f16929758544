"""Detection quality of ``credscan history`` and ``credscan staged`` on the git corpus.

The bar of issue 3: line-level precision >= 0.95 and recall >= 0.93, a hit naming the
commit that introduced the secret (history) or the staged line (staged). See
tests/gitcorpus/generator.py for the ground-truth rules; run
``python -m tests.gitcorpus.evaluate`` for the per-scenario report with every miss.

Both bars hold for history and staged; a regression fails here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("scanner.api")

from tests.gitcorpus.evaluate import Report, format_report, run  # noqa: E402
from tests.gitcorpus.generator import GitCorpus, generate  # noqa: E402

MIN_PRECISION = 0.95
MIN_RECALL = 0.93
SEED = 0

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitCorpus, Report, str]:
    c, rep = run(tmp_path_factory.mktemp("gitcorpus"), SEED)
    return c, rep, format_report(c, rep, max_items=40)


def test_gitcorpus_is_deterministic_and_labelled(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", seed=SEED)
    b = generate(tmp_path / "b", seed=SEED)
    assert [c.sha for c in a.history.commits] == [c.sha for c in b.history.commits]
    assert [(p.sha, p.file, p.line) for p in a.positives] == [(p.sha, p.file, p.line) for p in b.positives]
    assert len(a.positives) >= 100
    scenarios = {p.scenario for p in a.positives}
    for s in ("conflict-merge", "revert", "rename", "delete", "message", "tag-only", "stash", "unmerged-branch"):
        assert s in scenarios


def test_history_precision(evaluated: tuple[GitCorpus, Report, str]) -> None:
    _, rep, msg = evaluated
    assert rep.history.precision >= MIN_PRECISION, msg


def test_history_recall(evaluated: tuple[GitCorpus, Report, str]) -> None:
    _, rep, msg = evaluated
    assert rep.history.recall >= MIN_RECALL, msg


def test_staged_precision(evaluated: tuple[GitCorpus, Report, str]) -> None:
    _, rep, msg = evaluated
    assert rep.staged.precision >= MIN_PRECISION, msg


def test_staged_recall(evaluated: tuple[GitCorpus, Report, str]) -> None:
    _, rep, msg = evaluated
    assert rep.staged.recall >= MIN_RECALL, msg
