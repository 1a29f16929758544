"""Baseline file format, filtering semantics, verdicts and update behaviour (no engine)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from scanner.baseline import Baseline, filter_result, parse_verdict, resolve_fingerprint
from scanner.errors import UsageError
from scanner.models import ScanResult
from tests import fakes
from tests.report_samples import finding, sample_result


def test_dumps_is_stable_sorted_and_secret_free(tmp_path: Path) -> None:
    result = sample_result(history=True)
    b = Baseline.from_findings(result.findings, scope="history")
    text = b.dumps()
    doc = json.loads(text)
    assert doc["version"] == 2 and doc["scope"] == "history" and doc["fingerprints"] == "v2"
    fps = list(doc["findings"])
    assert fps == sorted(fps) and len(fps) == 4
    for f in result.findings:
        assert f.secret not in text
    # one entry per line: concurrent additions touch different lines
    entry_lines = [ln for ln in text.splitlines() if ln.startswith('    "')]
    assert len(entry_lines) == 4
    # same findings in another order -> byte-identical file
    b2 = Baseline.from_findings(list(reversed(result.findings)), scope="history")
    assert b2.dumps() == text
    out = tmp_path / "b.json"
    assert b.save(out) is True
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert b.save(out) is False  # unchanged -> not rewritten
    assert Baseline.load(out).dumps() == text


def test_hidden_and_failing_verdicts() -> None:
    result = sample_result()
    b = Baseline.from_findings(result.findings)
    kept, hidden = filter_result(result, b)
    assert kept.findings == [] and hidden == 4
    fps = [f.fingerprint for f in result.findings]
    b.set_verdict(fps[0], "real")
    b.set_verdict(fps[1], "fp")
    b.set_verdict(fps[2], "rotated")
    kept, hidden = filter_result(result, b)
    assert [f.fingerprint for f in kept.findings] == [fps[0]]  # real keeps failing
    assert hidden == 3


def test_different_secret_on_same_line_is_not_hidden() -> None:
    old = finding("aws-access-key", "app.py", 7, fakes.aws_key_id(10))
    new = finding("aws-access-key", "app.py", 7, fakes.aws_key_id(11))  # same rule/file/line
    b = Baseline.from_findings([old])
    kept, hidden = filter_result(ScanResult(findings=[old, new]), b)
    assert hidden == 1 and kept.findings == [new]
    assert old.fingerprint != new.fingerprint


def test_moved_secret_stays_hidden_and_update_does_not_churn() -> None:
    f = finding("aws-access-key", "app.py", 7, fakes.aws_key_id(12))
    b = Baseline.from_findings([f])
    text = b.dumps()
    moved = f.with_(line=70)
    assert b.hides(moved)
    assert b.update([moved]) == (0, 0, 1, 0)
    assert b.dumps() == text  # display-only line number is not refreshed


def test_update_adds_new_and_drops_stale_keeping_verdicts() -> None:
    a = finding("aws-access-key", "a.py", 1, fakes.aws_key_id(20))
    c = finding("aws-access-key", "c.py", 1, fakes.aws_key_id(21))
    d = finding("github-pat", "d.py", 2, fakes.github_classic(22), provider="github")
    b = Baseline.from_findings([a, c])
    b.set_verdict(a.fingerprint, "false_positive", note="test fixture")
    assert b.update([a, d]) == (1, 1, 1, 0)
    assert set(b.entries) == {a.fingerprint, d.fingerprint}
    assert b.entries[a.fingerprint].verdict == "false_positive"
    assert b.entries[a.fingerprint].note == "test fixture"
    assert b.entries[d.fingerprint].verdict == "none"


def test_verdict_parsing_and_prefixes() -> None:
    assert parse_verdict("False Positive") == "false_positive"
    assert parse_verdict("fp") == "false_positive"
    assert parse_verdict("REAL") == "real"
    with pytest.raises(UsageError):
        parse_verdict("maybe")
    fps = ["abcdef0123", "abcdef9999", "1234567890"]
    assert resolve_fingerprint("123456", fps) == "1234567890"
    with pytest.raises(UsageError, match="ambiguous"):
        resolve_fingerprint("abcdef", fps)
    b = Baseline.empty()
    with pytest.raises(UsageError):
        b.set_verdict("nope", "real")


@pytest.mark.parametrize("content, msg", [
    ("{not json", "not a readable"),
    ('{"version": 1}', "no 'findings'"),
    ('{"version": 99, "findings": {}}', "unsupported baseline version"),
    ('{"findings": {"x": {"verdict": "perhaps"}}}', "unknown verdict"),
    ('{"findings": {"x": {"line": "ten"}}}', "'line' is not a number"),
])
def test_bad_baseline_files_are_one_line_errors(tmp_path: Path, content: str, msg: str) -> None:
    p = tmp_path / "b.json"
    p.write_text(content)
    with pytest.raises(UsageError, match=msg) as exc:
        Baseline.load(p)
    assert "\n" not in str(exc.value)
    with pytest.raises(UsageError, match="not found"):
        Baseline.load(tmp_path / "missing.json")


def test_verdict_follows_a_renamed_file() -> None:
    """Item 12 of issue 11: same secret and rule under a new path keeps its verdict, and
    ``update`` moves the entry (0 added, 0 removed) instead of churning it."""
    old = finding("private-key", "server.key", 1, fakes.private_key_pem(3), provider="pem")
    b = Baseline.from_findings([old])
    b.set_verdict(old.fingerprint, "false_positive", note="test certificate")
    new = old.with_(file="certs/server-moved.key", fingerprint="f" * 32)
    assert b.hides(new)
    assert b.entry_for(new) is b.entries[old.fingerprint]
    other_rule = new.with_(rule_id="generic-secret")
    assert not b.hides(other_rule)  # the rule is part of the match
    assert b.update([new]) == (0, 0, 1, 1)
    e = b.entries[new.fingerprint]
    assert (e.file, e.verdict, e.note) == ("certs/server-moved.key", "false_positive",
                                           "test certificate")
    assert list(b.entries) == [new.fingerprint]
    assert old.secret not in b.dumps() and e.digest and e.digest not in old.secret


def test_fingerprint_prefix_minimum_is_spelled_out() -> None:
    fps = ["abcdef0123", "1234567890"]
    with pytest.raises(UsageError, match="at least 6 characters"):
        resolve_fingerprint("abc", fps)
    assert resolve_fingerprint("ABCDEF", fps) == "abcdef0123"
    assert resolve_fingerprint("fedcba", fps) == "fedcba"  # nothing starts with it
