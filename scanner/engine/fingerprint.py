"""Stable finding identities that survive line moves and never reveal the secret."""

from __future__ import annotations

import functools
import hashlib

_DOMAIN = b"credscan-fingerprint-v1\x00"


@functools.lru_cache(maxsize=65536)
def secret_digest(secret: str) -> str:
    """A salted, slow-ish digest of a secret, so the value cannot be read back.

    PBKDF2 with a fixed domain salt makes brute-forcing short human passwords costly
    while staying deterministic (baselines must match across machines).
    """
    raw = hashlib.pbkdf2_hmac("sha256", secret.encode("utf-8", "surrogateescape"), _DOMAIN, 2000)
    return raw.hex()


def fingerprint(rule_id: str, file: str, secret: str) -> str:
    """Identity of a finding: rule + file + secret digest (no line number)."""
    h = hashlib.sha256(_DOMAIN)
    for part in (rule_id, file, secret_digest(secret)):
        h.update(part.encode("utf-8", "surrogateescape"))
        h.update(b"\x00")
    return h.hexdigest()[:32]
