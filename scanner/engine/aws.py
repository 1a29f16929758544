"""AWS-specific post-processing: pair key IDs with their secrets, decode account IDs.

A key ID alone is an identifier (low severity); next to its secret it is a working
credential, so both become one group at critical severity.
"""

from __future__ import annotations

import hashlib

from scanner.engine.validators import aws_account_id
from scanner.models import Finding, Severity

KEY_RULE = "aws-access-key-id"
#: A secret pairs with a key ID at most this many lines away.
PAIR_LINES = 5


def group_id(key_id: str) -> str:
    """A group name derived from the key ID without revealing it."""
    return "aws-" + hashlib.sha256(key_id.encode()).hexdigest()[:12]


def pair(findings: list[Finding]) -> list[Finding]:
    """Link each AWS secret/token to the nearest key ID in the same text."""
    keys = [f for f in findings if f.rule_id == KEY_RULE]
    others = [f for f in findings if f.provider == "aws" and f.rule_id != KEY_RULE]
    if not keys and not others:
        return findings
    out: dict[int, Finding] = {}
    paired_keys: dict[int, str] = {}
    for f in others:
        best = None
        for k in keys:
            dist = abs(k.line - f.line)
            if dist <= PAIR_LINES and (best is None or dist < best[0]):
                best = (dist, k)
        if best is None:
            continue
        k = best[1]
        gid = group_id(k.secret)
        paired_keys[id(k)] = gid
        extra: dict[str, str] = dict(f.extra)
        acct = aws_account_id(k.secret)
        if acct:
            extra["account_id"] = acct
        out[id(f)] = f.with_(group=gid, extra=tuple(sorted(extra.items())))
    for k in keys:
        kgid = paired_keys.get(id(k))
        if kgid is not None:
            out[id(k)] = k.with_(group=kgid, severity=Severity.CRITICAL)
    return [out.get(id(f), f) for f in findings]
