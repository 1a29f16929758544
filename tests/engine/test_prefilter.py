"""The Hyperscan prefilter must never hide a match the keyword path finds (and vice versa).

Rule ``prefilter`` patterns are hand-written supersets of the real patterns; this test
runs every rule's generated examples through both paths and compares.
"""

from __future__ import annotations

import pytest

from scanner.api import scan_text
from scanner.engine.core import Scanner
from scanner.engine.prefilter import SMALL_INPUT, hs_expression
from scanner.models import Severity
from scanner.rules.examples import expand_all
from scanner.rules.loader import builtin_rules
from scanner.rules.schema import Rule
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

    # filler wider than a search window keeps each example in a window of its own; groups of
    # examples keep each big text's candidate rules (and the whole-text search) affordable
    filler = "".join(f"value_{i} = compute({i}, mode='fast')  # ordinary code\n" for i in range(100))
    bigs = [filler.join(TEXTS[i:i + 150] + [""]).encode() for i in range(0, len(TEXTS), 150)]
    assert all(len(b) > core.WINDOW_MIN and len(filler) > 2 * core.WINDOW for b in bigs[:-1])
    windowed = Scanner(builtin_rules())
    windowed.warm()
    got = [[(f.rule_id, f.line, f.column) for f in scan_text(b, "src/app.py", scanner=windowed)]
           for b in bigs]
    monkeypatch.setattr(core, "WINDOW_MIN", 1 << 40)  # whole-text search everywhere
    full = Scanner(builtin_rules())
    full.warm()
    want = [[(f.rule_id, f.line, f.column) for f in scan_text(b, "src/app.py", scanner=full)]
            for b in bigs]
    assert got == want and sum(map(len, got)) > 50


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


# -- the expressions the database holds ---------------------------------------------------

def _rule(pattern: str, prefilter: str | None = None, **kw: object) -> Rule:
    return Rule(id="t", description="d", provider="p", severity=Severity.HIGH,
                pattern=pattern, keywords=("x",), prefilter=prefilter, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\b([0-9]{1,4}-[A-Za-z0-9]{64})\b", r"\b([0-9]{1,4}-[A-Za-z0-9]{64})"),
    (r"(?:^|[^a-z])(ab_[a-z]{8})(?:[^A-Za-z0-9_\-]|$)", r"(?:^|[^a-z])(ab_[a-z]{8})"),
    (r"x(?:[^A-Za-z0-9/+=]|=[^=]|$)\b", "x"),
    (r"(?m)^password\s+(\S{3,})\s*$", r"(?m)^password\s+(\S{3,})\s*"),
    # kept: a capture, a longer alternative, no end-of-text alternative, a literal backslash
    (r"a(b\b)", r"a(b\b)"),
    (r"ab(?:cdefg|$)", r"ab(?:cdefg|$)"),
    (r"k(?:=|:)", r"k(?:=|:)"),
    (r"a\\b", r"a\\b"),
    # kept: nothing would be left to match, or the reader does not follow the syntax
    (r"(?i)\b", r"(?i)\b"),
    (r"a|\b", r"a|\b"),
    (r"[[:alpha:]]{4}\b", r"[[:alpha:]]{4}\b"),
    (r"\Qa\E\b", r"\Qa\E\b"),
    # a brace that is not a counted repetition is a literal
    (r"a{(b)}\b", r"a{(b)}"),
])
def test_hs_expression_drops_only_trailing_assertions(pattern: str, expected: str) -> None:
    assert hs_expression(_rule(pattern)) == expected
    assert hs_expression(_rule("unused", prefilter=pattern)) == expected


def test_hs_expression_is_a_superset_ending_near_the_match() -> None:
    """Every match of a pattern lies in a match of its database expression that ends at
    most a few characters before it (checked with RE2 on the examples of every rule whose
    expression was rewritten)."""
    from scanner.engine.regex import compile_bytes

    rewritten = [r for r in builtin_rules() if not r.paths and r.examples is not None
                 and hs_expression(r) != (r.prefilter or r.pattern)]
    assert len(rewritten) > 300
    for r in rewritten:
        full = compile_bytes(r.pattern)
        part = compile_bytes(hs_expression(r))
        for text in expand_all(r.examples.positive, r.id):  # type: ignore[union-attr]
            data = text.encode()
            for m in full.finditer(data):
                s, e = m.span()
                near = [pm for pm in part.finditer(data, s, e) if e - pm.end() <= 4]
                assert near or e == s, (r.id, text[:60])


def test_keyword_database_agrees_with_substring_search() -> None:
    """Small inputs: the keywords-only database answers exactly what ``in`` on the
    lower-cased bytes answers (ASCII case ignored, other bytes as they are)."""
    pytest.importorskip("hyperscan")
    from scanner.engine.prefilter import Prefilter

    rules = [r for r in builtin_rules() if not r.paths]
    with_db = Prefilter(rules)
    without = Prefilter(rules)
    without._kdb_failed = True  # the substring search
    samples = [t.encode() for t in TEXTS[:300]] + [
        b"", b"KTY: OcT\n", "Pass\u00e9 ~ TOKEN\r\n".encode(), bytes(range(256)),
        b"net  use x", b"NET USE \\\\host"]
    index = Prefilter(rules)
    for data in samples:
        want = without.by_keywords(data)
        assert with_db.by_keywords(data) == want, data[:60]
        assert index._by_index(data) == want, data[:60]
    assert with_db._kdb is not None


def test_small_inputs_never_import_hyperscan() -> None:
    """A small change (the pre-commit hook) is answered by the two-byte keyword index: no
    Hyperscan import, no database load; past the budget the database takes over."""
    import subprocess
    import sys

    code = ("import random, string, sys\n"
            "from scanner.api import scan_text\n"
            "r = random.Random(7)\n"
            "v = ''.join(r.choice(string.ascii_letters + string.digits) for _ in range(20))\n"
            "fs = scan_text(('x = 1\\npassword = \"' + v + '\"\\n').encode(), 'app.py')\n"
            "assert fs, 'the generic password is still found'\n"
            "print('hyperscan' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False", out.stderr


def test_keywords_only_rule_is_searched_whole_where_a_keyword_occurs() -> None:
    pytest.importorskip("hyperscan")
    from scanner.engine.prefilter import Prefilter

    only = _rule(r"(?:^|\s)k=([a-z]{30})\b", keywords_only=True)
    pf = Prefilter([only])
    pf.warm()
    assert pf._pattern_in_db == [False]
    big = b"y = 1\n" * 20000
    assert pf.candidates_with_ends(big + b"k=" + b"q" * 30) == []  # no keyword "x"
    assert pf.candidates_with_ends(big + b"x k=" + b"q" * 30) == [(0, None)]


_FILLER = "".join(f"value_{i} = compute({i}, mode='fast')  # ordinary code\n"
                  for i in range(900))


def test_every_positive_example_is_found_through_the_large_input_path() -> None:
    """A prefilter must never lose a match the pattern finds: each rule's generated positive
    examples, inside a text large enough to be searched only around the database's match
    ends, give the same findings as on their own (keyword path, whole-text search)."""
    pytest.importorskip("hyperscan")
    from scanner.engine import core

    sc = Scanner(builtin_rules())
    sc.warm()
    assert 2 * len(_FILLER) > core.WINDOW_MIN
    offset = _FILLER.count("\n")
    small = Scanner(builtin_rules())
    for r in builtin_rules():
        if r.paths or r.examples is None:
            continue
        for text in expand_all(r.examples.positive, f"{r.id}+large"):
            want = [(f.rule_id, f.line, f.column, f.secret)
                    for f in scan_text(text.encode(), "src/app.py", scanner=small)]
            assert r.id in {w[0] for w in want}, (r.id, text[:60])
            big = (_FILLER + text + "\n" + _FILLER).encode()
            last = offset + text.count("\n") + 1
            got = [(f.rule_id, f.line - offset, f.column, f.secret)
                   for f in scan_text(big, "src/app.py", scanner=sc)
                   if offset < f.line <= last]
            assert got == want, (r.id, text[:60])


def _variants(text: str) -> list[str]:
    """The same example with its names spelled as other code styles write them (``api_key``,
    ``api-key``, ``api.key``, ``API_KEY``): a prefilter written for one spelling must not hide
    the others the pattern accepts."""
    out = [text.replace("_", "-"), text.replace("_", "."), text.upper(), text.lower(),
           text.replace("-", "_")]
    return [t for t in dict.fromkeys(out) if t != text]


def test_prefilters_accept_every_spelling_the_pattern_does() -> None:
    """Differential: on each example re-spelled, whatever the keyword path (the full pattern
    run wherever a keyword occurs) reports, the Hyperscan path (the prefilter first) reports
    too. Found a rule whose prefilter knew ``api_key`` but not ``api-key``."""
    pytest.importorskip("hyperscan")
    keyword_path = Scanner(builtin_rules())
    hs_path = Scanner(builtin_rules())
    hs_path.prefilter.warm()
    checked = 0
    for text in TEXTS[::3]:
        for variant in _variants(text):
            want = set(_ids(keyword_path, variant))
            if want:
                checked += 1
                assert want <= set(_ids(hs_path, variant)), variant[:80]
    assert checked > 200
