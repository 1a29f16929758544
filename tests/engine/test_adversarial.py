"""Every pattern runs in linear time: pathological inputs must finish quickly.

No timing assertion (machines differ); a hard alarm turns a hang into a failure.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from scanner.api import build_scanner, scan_text
from scanner.config.load import parse_config

LIMIT_S = 60


@pytest.fixture(autouse=True)
def _alarm() -> Iterator[None]:
    def boom(*_: object) -> None:
        raise TimeoutError("scan did not finish: super-linear behaviour?")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(LIMIT_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


INPUTS = {
    "10MB-single-line": lambda: ("a=" + "x9/+" * (10 * 1024 * 1024 // 4)).encode(),
    "1MB-one-char": lambda: b"A" * (1024 * 1024),
    "1MB-quotes": lambda: b'"' * (1024 * 1024),
    "password-repeated": lambda: b"password=" * 100_000,
    "password-quote-repeated": lambda: b'password = "' * 100_000,
    "nested-brackets": lambda: b"[" * 200_000 + b"]" * 200_000,
    "nested-quotes": lambda: (b"'\"`" * 100_000) + b"secret",
    "begin-key-repeated": lambda: b"-----BEGIN RSA PRIVATE KEY-----" * 30_000,
    "akia-repeated": lambda: b"AKIA" * 250_000,
    "url-at-repeated": lambda: b"https://u:" + b"p@" * 200_000,
    "token-eq-space": lambda: b"token" + b" " * 500_000 + b"=",
    "base64-blob": lambda: b"k=" + b"Ab0+" * 500_000,
}


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_pathological_input_finishes(name: str) -> None:
    data = INPUTS[name]()
    scan_text(data, f"adversarial/{name}")


def test_user_pattern_with_nested_quantifiers_is_linear() -> None:
    cfg = parse_config({"rules": [{
        "id": "evil", "description": "catastrophic in a backtracking engine", "provider": "x",
        "severity": "high", "pattern": "((a+)+)+b", "keywords": ["a"],
    }]}, "test.toml")
    sc = build_scanner(cfg)
    scan_text(b"a" * 200_000, "x", scanner=sc)
