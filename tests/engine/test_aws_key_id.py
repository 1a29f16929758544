"""AWS key IDs are judged by structure; no real-format ID is dropped (issue 14 item 7)."""

from __future__ import annotations

import random

import pytest

from scanner import api
from scanner.engine import filters, validators
from scanner.engine.regex import compile_bytes
from scanner.rules.loader import effective_rules
from tests import fakes as F

B32 = F.B32
PREFIXES = ["AK" + "IA", "AS" + "IA", "AB" + "IA", "AC" + "CA"]


def _rule() -> object:
    return next(r for r in effective_rules(None) if r.id == "aws-access-key-id")


_TO_B32 = bytes(B32.encode()[i % 32] for i in range(256))


def _random_ids(n: int, seed: int) -> list[str]:
    """``n`` uniformly random real-format key IDs (bulk random bytes mapped onto base32)."""
    raw = random.Random(seed).randbytes(16 * n).translate(_TO_B32).decode("ascii")
    return [PREFIXES[i % 4] + raw[16 * i:16 * i + 16] for i in range(n)]


def _kept(rule: object, key_id: str) -> bool:
    """Every per-match check the engine applies to this rule's value (not generic-only ones)."""
    if validators.REGISTRY[rule.validator](key_id) is None:  # type: ignore[attr-defined]
        return False
    line = f"aws_access_key_id = {key_id}"
    return all(filters.FILTERS[f](key_id, line, "aws_access_key_id") is None
               for f in rule.filters)  # type: ignore[attr-defined]


def test_a_million_random_key_ids_none_dropped() -> None:
    """The validator's two reasons to drop a key ID, over a million random real-format IDs."""
    well_formed, placeholder = validators.aws_key_id_well_formed, validators.aws_key_id_placeholder
    dropped = []
    for i in range(10):
        ids = _random_ids(100_000, seed=i)
        dropped += [k for k in ids if not well_formed(k) or placeholder(k)]
    assert dropped == [], f"{len(dropped)} dropped, e.g. {dropped[:3]}"


def test_random_key_ids_kept_by_validator_and_filters() -> None:
    """Everything the engine runs on this rule's value (validator and the rule's filters)."""
    rule = _rule()
    rx = compile_bytes(rule.pattern)  # type: ignore[attr-defined]
    ids = _random_ids(50_000, seed=77)
    dropped = [k for k in ids if not _kept(rule, k)]
    assert dropped == [], f"{len(dropped)} dropped, e.g. {dropped[:3]}"
    assert all(rx.search(k.encode()) for k in ids[:1000])


def test_random_key_ids_found_by_the_engine() -> None:
    ids = _random_ids(1500, seed=123)
    text = "".join(f"key{i} = {k}\n" for i, k in enumerate(ids)).encode()
    found = {f.secret for f in api.scan_text(text) if f.rule_id == "aws-access-key-id"}
    assert set(ids) - found == set()


@pytest.mark.parametrize("body", [
    "IOSFODNN7" + "EXAMPLE",
    "X" * 16,
    "ABAB" * 4,
    "YOUR" + "KEYHEREXXXXX",
    "ACCESS" + "KEYIDGOESHR",
    "ABCDEFGH" + "IJKLMNOP",
    "QRSTQ" + "AAAAAAA" + "ZZZZ",
])
def test_placeholder_key_ids_rejected(body: str) -> None:
    assert validators.aws_key_id("AK" + "IA" + body) is None


def test_wrong_structure_rejected() -> None:
    assert validators.aws_key_id("AK" + "IA" + "ABC") is None
    assert validators.aws_key_id("AK" + "IX" + "A" * 16) is None
    assert validators.aws_key_id("AK" + "IA" + "abcdefghijklmnop") is None


def test_once_dropped_ids_now_kept() -> None:
    """Random IDs whose bodies held short markers (tbd, fake, test after look-alike mapping)."""
    for body in ("QW7BDMZK2NP4RXHV", "ZFAKEQ2MXN7PL4RB", "RT3STQ2MXN7PL4RB", "MN5TBDQ2XK7PL4RV"):
        assert validators.aws_key_id("AK" + "IA" + body) is not None


def test_account_id_decoding_matches_base32() -> None:
    import base64

    for k in _random_ids(5000, seed=5):
        raw = base64.b32decode(k[4:])
        want = (int.from_bytes(raw[0:6], "big") & 0x7FFFFFFFFF80) >> 7
        assert validators.aws_account_id(k) == f"{want:012d}"
