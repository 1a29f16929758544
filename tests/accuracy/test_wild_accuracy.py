"""Detection quality on the in-the-wild corpus (tests/wild): values on the next line, SQL rows,
markdown tables, notebooks, CI, Kubernetes, HTTP fixtures and dotfiles (issue 10).

Line-level precision >= 0.95 and recall >= 0.93 at medium or above, through the shared
scorer; ``python -m tests.wild.evaluate`` prints the per-class report (``--round 3`` for the
third red-team round alone).

Rounds 1 and 2 hold the bar. Round 3 (tests/wild/pos3.py, neg3.py) was written blind to the
rules and measured before any fix: its test reports the numbers and is an expected failure
(xfail, not strict) while it is below the bar; once the fixes land, fold it into the bar.
Round 3 has since been folded in. Round 4 (tests/wild/pos4.py, neg4.py; ``--round 4``) is
pending in the same way: reported, xfail while below the bar, not yet part of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accuracy.scoring import MIN_PRECISION, MIN_RECALL
from tests.wild.evaluate import evaluate, format_report, only_rounds, scan
from tests.wild.generator import generate

#: The rounds whose snippets the detection bar covers. Round 3 (written by a red team that
#: did not see the rules) scored P 0.982 / R 0.878 before its fixes.
BAR_ROUNDS = (1, 2, 3)
#: Rounds measured but not yet held to the bar (red-team findings awaiting fixes).
#: Round 4 (API-client exports, token lists, env name/value pairs, nkeys, OTP, .edgerc, swarm,
#: Salesforce, language maps, SQL and shell shapes) scored P 0.925 / R 0.798 before any fix.
PENDING_ROUNDS: tuple[int, ...] = (4,)


def test_wild_corpus_is_labelled_and_sized(tmp_path: Path) -> None:
    c = generate(tmp_path / "corpus", seed=0)
    assert c.snippets >= 250
    files_pos = {p for p, _ in c.positives}
    assert len(files_pos) >= 120 and c.snippets - len(files_pos) >= 120
    assert len(set(c.kinds.values())) >= 30
    assert set(c.rounds.values()) == set(BAR_ROUNDS) | set(PENDING_ROUNDS)


@pytest.mark.parametrize("seed", [0, 5])
def test_wild_precision_and_recall(tmp_path: Path, seed: int) -> None:
    c = generate(tmp_path / "corpus", seed=seed)
    c, hits = only_rounds(c, scan(c.root), BAR_ROUNDS)
    rep = evaluate(c, hits)
    msg = format_report(c, rep, max_items=80)
    assert rep.overall.precision >= MIN_PRECISION, msg
    assert rep.overall.recall >= MIN_RECALL, msg


@pytest.mark.parametrize("seed", [0, 5])
def test_wild_latest_round_alone(tmp_path: Path, seed: int) -> None:
    """The newest red-team round on its own (the closest to unseen data we have) holds the
    bar too, not only diluted in the older rounds."""
    c = generate(tmp_path / "corpus", seed=seed)
    c, hits = only_rounds(c, scan(c.root), (max(BAR_ROUNDS),))
    rep = evaluate(c, hits)
    msg = format_report(c, rep, max_items=80)
    assert rep.overall.precision >= MIN_PRECISION, msg
    assert rep.overall.recall >= MIN_RECALL, msg


@pytest.mark.parametrize("seed", [0, 5])
def test_wild_pending_rounds_report(tmp_path: Path, seed: int, capsys: pytest.CaptureFixture[str]) -> None:
    """Reports the pending rounds alone; xfails (does not fail) while they are below the bar."""
    if not PENDING_ROUNDS:
        pytest.skip("no pending red-team round")
    c = generate(tmp_path / "corpus", seed=seed)
    pc, ph = only_rounds(c, scan(c.root), PENDING_ROUNDS)
    rep = evaluate(pc, ph)
    line = f"seed {seed}: rounds {PENDING_ROUNDS} P={rep.overall.precision:.3f} R={rep.overall.recall:.3f}"
    with capsys.disabled():
        print("\n" + line)
    if rep.overall.precision < MIN_PRECISION or rep.overall.recall < MIN_RECALL:
        pytest.xfail("pending red-team round below the bar (expected until fixed): " + line)
