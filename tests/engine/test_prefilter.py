"""The Hyperscan prefilter must never hide a match the keyword path finds (and vice versa).

Rule ``prefilter`` patterns are hand-written supersets of the real patterns; this test
runs every rule's generated examples through both paths and compares.
"""

from __future__ import annotations

import pytest

from scanner.api import scan_text
from scanner.engine.core import Scanner
from scanner.engine.prefilter import SMALL_INPUT
from scanner.rules.examples import expand_all
from scanner.rules.loader import builtin_rules
from tests.engine import test_false_positives as fp

TEXTS = ([t for r in builtin_rules() if r.examples is not None
          for t in expand_all(r.examples.positive + r.examples.negative, r.id)]
         + [t for _, t in fp.POSITIVES.values()] + [t for _, t in fp.NEGATIVES.values()])


def _ids(sc: Scanner, text: str) -> list[tuple[str, int]]:
    return [(f.rule_id, f.line) for f in scan_text(text.encode(), "src/app.py", scanner=sc)]


def test_hyperscan_and_keyword_paths_agree() -> None:
    pytest.importorskip("hyperscan")
    keyword_path = Scanner(builtin_rules())
    hs_path = Scanner(builtin_rules())
    hs_path.prefilter.warm()  # once loaded, the database serves every input size
    assert hs_path.prefilter._db is not None
    for text in TEXTS:
        assert len(text) < SMALL_INPUT
        assert _ids(hs_path, text) == _ids(keyword_path, text), text[:60]


def test_windowed_search_finds_what_a_full_search_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large texts are searched only around prefilter hits; the findings must not change."""
    pytest.importorskip("hyperscan")
    from scanner.engine import core

    filler = "".join(f"value_{i} = compute({i}, mode='fast')  # ordinary code\n" for i in range(400))
    big = filler.join(TEXTS + [""]).encode()
    assert len(big) > core.WINDOW_MIN
    windowed = Scanner(builtin_rules())
    windowed.warm()
    got = [(f.rule_id, f.line, f.column) for f in scan_text(big, "src/app.py", scanner=windowed)]
    monkeypatch.setattr(core, "WINDOW_MIN", 1 << 40)  # whole-text search everywhere
    full = Scanner(builtin_rules())
    full.warm()
    want = [(f.rule_id, f.line, f.column) for f in scan_text(big, "src/app.py", scanner=full)]
    assert got == want and len(got) > 50


def test_keyword_path_hands_over_to_hyperscan_after_a_budget(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Many small files: past the keyword budget one database load replaces keyword checks,
    and the candidates found for a text do not change."""
    pytest.importorskip("hyperscan")
    from scanner.engine import prefilter

    monkeypatch.setattr(prefilter, "KEYWORD_BUDGET", 512)
    sc = Scanner(builtin_rules())
    texts = [t for t in TEXTS if len(t) < 2048][:40]
    before = [_ids(sc, t) for t in texts]
    assert sc.prefilter._db is not None  # the budget was spent: the database is in use
    after = [_ids(sc, t) for t in texts]
    assert before == after
