"""Pair identifiers with their secrets (AWS key IDs with secret keys), in file coordinates.

A key ID alone is an identifier (low severity); in the same file version as its secret it
is a working credential, so both become one group at critical severity, each carrying the
account ID decoded offline from the key ID. Which rules pair is data: the rules sharing a
``group``, the identifier being the group's rule with the ``aws-key-id`` validator.

A generic named secret (``secret = "<40 characters>"``) whose value has the shape of an AWS
secret key, in a file that holds an AWS key ID, is that key's secret: it is reported under
the group's named-secret rule, the same way in every source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scanner.engine.fingerprint import fingerprint
from scanner.engine.validators import aws_account_id, aws_secret
from scanner.models import Finding, Severity

if TYPE_CHECKING:  # the engine needs the rule type, never the rules package
    from scanner.rules.schema import Rule

KEY_VALIDATOR = "aws-key-id"
SECRET_VALIDATOR = "aws-secret"


def group_id(key_id: str) -> str:
    """A group name derived from the key ID without revealing it."""
    return "aws-" + hashlib.sha256(key_id.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Pairing:
    """Which rule ids pair (derived once from the rule set)."""

    key_rule: str | None
    members: frozenset[str]
    named_secret: Rule | None

    @classmethod
    def from_rules(cls, rules: Sequence[Rule]) -> Pairing:
        key = next((r for r in rules if r.validator == KEY_VALIDATOR), None)
        if key is None or key.group is None:
            return cls(None, frozenset(), None)
        members = frozenset(r.id for r in rules if r.group == key.group and r.id != key.id)
        named = next((r for r in rules if r.group == key.group and r.validator ==
                      SECRET_VALIDATOR and r.context is None and "configure" not in r.id), None)
        return cls(key.id, members, named)

    def pair(self, findings: list[Finding], key_path: str | None = None) -> list[Finding]:
        """Link each secret/token to the nearest key ID of the same fragment."""
        if self.key_rule is None:
            return findings
        keys = [f for f in findings if f.rule_id == self.key_rule]
        if not keys:
            return findings
        findings = [self._upgrade(f, key_path) for f in findings]
        out: dict[int, Finding] = {}
        paired_keys: dict[int, str] = {}
        for f in findings:
            if f.rule_id not in self.members:
                continue
            k = min(keys, key=lambda k: (abs(k.line - f.line), k.line))
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

    def _upgrade(self, f: Finding, key_path: str | None) -> Finding:
        r = self.named_secret
        if (r is None or f.provider != "generic" or len(f.secret) != 40
                or aws_secret(f.secret) is None):
            return f
        return f.with_(rule_id=r.id, description=r.description, provider=r.provider,
                       severity=r.severity,
                       fingerprint=fingerprint(r.id, key_path or f.file, f.secret))
