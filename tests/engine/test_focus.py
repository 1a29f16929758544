"""A file scanned whole but reported on a few lines (the staged hook) runs only the rules
with a keyword near those lines; what it reports there must not change.

The gate (``scanner.engine.core._focus``) exists for speed: every candidate rule's pattern
is compiled before it can run, and a keyword hundreds of lines from every added line cannot
make a finding on one. Rules that reach further (multi-line matches such as PEM blocks,
tables whose header sits far above a new row, AWS key IDs that pair with a new secret, wide
context windows) run wherever their keyword is.
"""

from __future__ import annotations

import pytest

from scanner.engine import core, prefilter
from scanner.engine.core import Scanner
from scanner.models import Finding, Fragment
from scanner.rules.examples import expand_all
from scanner.rules.loader import builtin_rules
from tests import fakes

#: ordinary code full of the words generic rules ask for, far from the reported lines
FAR = "".join(f"    token_{i} = password_field(secret_key={i}, api_key=None)  # config\n"
              for i in range(12))
#: ordinary code with no keyword at all, to pad between the far block and the example
PAD = "".join(f"value_{i} = compute({i}, mode='fast')\n" for i in range(60))


def _scan(sc: Scanner, text: str, only: frozenset[int]) -> list[tuple[str, int, str]]:
    frag = Fragment(text=text.encode(), path="src/app.py", rel="src/app.py", only_lines=only)
    return sorted((f.rule_id, f.line, f.secret) for f in sc.scan(frag))


def _batched(sc: Scanner, cases: list[tuple[str, frozenset[int]]],
             size: int = 10) -> list[list[tuple[str, int, str]]]:
    """Findings per case, scanned as the hook scans a commit: many files in one batch."""
    out: dict[str, list[tuple[str, int, str]]] = {}
    for k in range(0, len(cases), size):
        frags = [Fragment(text=t.encode(), path=f"src/m{i}.py", rel=f"src/m{i}.py",
                          only_lines=only) for i, (t, only) in enumerate(cases[k:k + size], k)]
        for f in sc.scan_batch(frags):
            out.setdefault(f.file, []).append((f.rule_id, f.line, f.secret))
    return [sorted(out.get(f"src/m{i}.py", [])) for i in range(len(cases))]


def _unfocused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "FOCUS_MIN", 1 << 40)


def _lines_of(block: str, first: int) -> frozenset[int]:
    return frozenset(range(first, first + block.count("\n") + 1))


def test_every_rules_examples_are_reported_the_same_when_focused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each rule's generated positives as the added lines of a file whose far part is full of
    other rules' keywords; then each line a multi-line example is reported on, alone (a YAML
    value under its name, a call split over lines): the same findings with the gate as
    without it. (The keyword path throughout, and a cheap fingerprint: the gate is under
    test, not those.)"""
    monkeypatch.setattr(prefilter, "KEYWORD_BUDGET", 1 << 40)
    monkeypatch.setattr(core, "fingerprint", lambda rule_id, path, secret: "f")
    texts = [t for r in builtin_rules() if r.examples is not None
             for t in expand_all(r.examples.positive, r.id)]
    head = FAR + PAD
    cases = [(head + t + "\n" + PAD, _lines_of(t, head.count("\n") + 1)) for t in texts]
    focus_min = core.FOCUS_MIN
    _unfocused(monkeypatch)
    want = _batched(Scanner(builtin_rules()), cases)
    singles = [(text, frozenset({line})) for (text, only), found in zip(cases, want, strict=True)
               if len(only) > 1 for line in sorted({ln for _, ln, _ in found})]
    want += _batched(Scanner(builtin_rules()), singles)
    monkeypatch.setattr(core, "FOCUS_MIN", focus_min)
    got = _batched(Scanner(builtin_rules()), cases + singles)
    assert all(len(t) > core.FOCUS_MIN for t, _ in cases)
    assert sum(map(len, want)) > len(texts) // 2 and len(singles) > 100
    diffs = [(i, g, w) for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w]
    assert not diffs, diffs[:3]


def test_far_keywords_compile_no_pattern() -> None:
    """The point of the gate: the rules only the far block asks for (its words password,
    token, secret_key, api_key) are not compiled, unless they reach far."""
    sc = Scanner(builtin_rules())
    text = FAR + PAD + PAD + "def added(x):\n    return x * 2\n"
    n = text.count("\n")
    assert len(text) > core.FOCUS_MIN
    assert _scan(sc, text, frozenset({n - 1, n})) == []
    near = (PAD + "def added(x):\n    return x * 2\n").lower()
    far_only = [i for i, r in enumerate(sc.rules)
                if not r.paths and any(k in FAR.lower() for k in r.keywords)
                and not any(k in near for k in r.keywords)]
    reach = {sc._pf_index[j] for j in sc._anywhere}
    assert len(far_only) > 10
    assert not [sc.rules[i].id for i in far_only if i in sc._compiled and i not in reach]


def _pem_change() -> tuple[str, frozenset[int]]:
    pem = fakes.private_key_pem("focus")
    lines = pem.splitlines()
    text = PAD + FAR + "KEY = '''\n" + pem + "\n'''\n" + PAD
    first = (PAD + FAR).count("\n") + 2  # the BEGIN line
    # a rotated key: the body changes, the BEGIN/END lines do not
    body = frozenset(range(first + 1, first + len(lines) - 1))
    return text, body


def _aws_change() -> tuple[str, frozenset[int]]:
    kid, secret = fakes.aws_key_id("focus"), fakes.aws_secret("focus")
    text = (f"aws_access_key_id = {kid}\n" + PAD + FAR + PAD
            + f"aws_secret_access_key = {secret}\n")
    return text, frozenset({text.count("\n")})


def _table_change() -> tuple[str, frozenset[int]]:
    rows = "".join(f"| user{i} | {fakes.human_password(f'focus{i}')} | staff |\n"
                   for i in range(30))
    text = ("| Username | Password | Role |\n|---|---|---|\n" + rows
            + f"| newhire | {fakes.human_password('focus-new')} | staff |\n" + PAD + PAD)
    return text, frozenset({33})


@pytest.mark.parametrize("change", [_pem_change, _aws_change, _table_change])
def test_rules_that_reach_far_still_run(change: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rotated PEM body, a new AWS secret paired with an old key ID far above, a new row of a
    password table whose header is far above: the same findings with the gate as without."""
    text, only = change()  # type: ignore[operator]
    assert len(text) > core.FOCUS_MIN
    got = _scan(Scanner(builtin_rules()), text, only)
    _unfocused(monkeypatch)
    want = _scan(Scanner(builtin_rules()), text, only)
    assert got == want and got, (got, want)


def test_pairing_survives_the_gate() -> None:
    """The new secret still carries the group of the unchanged key ID it pairs with."""
    text, only = _aws_change()
    frag = Fragment(text=text.encode(), path="config.ini", rel="config.ini", only_lines=only)
    found: list[Finding] = Scanner(builtin_rules()).scan(frag)
    assert found and all(f.group for f in found if f.rule_id.startswith("aws")), found
