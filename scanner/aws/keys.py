"""From engine findings to movable keys: one :class:`KeyMaterial` per distinct key ID.

The engine links a key ID and its secret (and a session token) by giving them the same
``Finding.group``. A key ID without a secret, a secret without a key ID, or a key ID seen
with two different secrets cannot be moved safely; each becomes a one-line problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from scanner.models import Finding
from scanner.redact import redact

Kind = Literal["key_id", "secret", "token"]
KEY_RULE = "aws-access-key-id"
SECRET_PREFIX = "aws-secret-access-key"
TOKEN_RULE = "aws-session-token"

#: What each value is called in messages.
KIND_NAMES: dict[str, str] = {"key_id": "access key ID", "secret": "secret access key",
                              "token": "session token"}


def kind_of(rule_id: str) -> Kind | None:
    if rule_id == KEY_RULE:
        return "key_id"
    if rule_id.startswith(SECRET_PREFIX):
        return "secret"
    if rule_id == TOKEN_RULE:
        return "token"
    return None


@dataclass(frozen=True)
class Location:
    file: str
    line: int
    kind: Kind


@dataclass
class KeyMaterial:
    """One access key to move. Values live in memory only; ``str()`` is redacted."""

    key_id: str
    secret: str = field(repr=False)
    token: str | None = field(default=None, repr=False)
    region: str | None = None
    region_source: str | None = None
    account_id: str | None = None
    locations: list[Location] = field(default_factory=list)

    def values(self) -> dict[Kind, str]:
        out: dict[Kind, str] = {"key_id": self.key_id, "secret": self.secret}
        if self.token:
            out["token"] = self.token
        return out

    def label(self) -> str:
        acct = f" (account {self.account_id})" if self.account_id else ""
        return f"{redact(self.key_id)}{acct}"

    def __str__(self) -> str:
        return self.label()


@dataclass
class Collected:
    keys: list[KeyMaterial]
    problems: list[str]


def _where(f: Finding) -> str:
    return f"{f.file}:{f.line}"


def collect_keys(findings: Iterable[Finding]) -> Collected:
    """Group AWS findings into complete keys; everything incomplete becomes a problem."""
    groups: dict[str, list[Finding]] = {}
    loose: list[Finding] = []
    for f in sorted(findings, key=Finding.sort_key):
        if kind_of(f.rule_id) is None:
            continue
        (groups.setdefault(f.group, []) if f.group else loose).append(f)

    by_id: dict[str, list[Finding]] = {}
    for members in groups.values():
        for kid in {f.secret for f in members if kind_of(f.rule_id) == "key_id"}:
            by_id.setdefault(kid, []).extend(members)
    orphans: list[Finding] = [f for members in groups.values() for f in members
                              if not any(kind_of(m.rule_id) == "key_id" for m in members)]
    later: list[Finding] = []
    for f in loose:
        if kind_of(f.rule_id) == "key_id" and f.secret in by_id:
            by_id[f.secret].append(f)
        elif kind_of(f.rule_id) == "key_id":
            orphans.append(f)
        else:
            later.append(f)

    problems: list[str] = []
    keys: list[KeyMaterial] = []
    for kid, members in by_id.items():
        secrets = sorted({f.secret for f in members if kind_of(f.rule_id) == "secret"})
        tokens = sorted({f.secret for f in members if kind_of(f.rule_id) == "token"})
        if len(secrets) != 1:
            places = ", ".join(sorted({_where(f) for f in members}))
            problems.append(f"{redact(kid)} appears with {len(secrets)} different secret access "
                            f"keys ({places}); move it by hand")
            continue
        extras: dict[str, str] = {}
        for f in members:
            extras.update(f.extras)
        locs = sorted({Location(f.file, f.line, kind_of(f.rule_id) or "key_id")
                       for f in members}, key=lambda x: (x.file, x.line))
        if len(tokens) > 1:
            problems.append(f"{redact(kid)}: {len(tokens)} different session tokens found; "
                            "none is written (temporary tokens expire anyway)")
        keys.append(KeyMaterial(key_id=kid, secret=secrets[0],
                                token=tokens[0] if len(tokens) == 1 else None,
                                account_id=extras.get("account_id"), locations=locs))
    for f in later:  # a secret seen again away from its key ID is still that key's
        owner = next((k for k in keys if f.secret in (k.secret, k.token)), None)
        if owner is None:
            orphans.append(f)
        else:
            owner.locations.append(Location(f.file, f.line, kind_of(f.rule_id) or "secret"))
            owner.locations.sort(key=lambda x: (x.file, x.line))
    for f in orphans:
        kind = kind_of(f.rule_id) or "key_id"
        if kind == "key_id":
            problems.append(f"{redact(f.secret)} at {_where(f)}: no secret access key beside it, "
                            "so there is nothing to move (a key ID alone cannot sign requests)")
        else:
            problems.append(f"{KIND_NAMES[kind]} {redact(f.secret)} at {_where(f)}: no access "
                            "key ID beside it, so there is nothing to move")
    keys.sort(key=lambda k: (k.locations[0].file, k.locations[0].line))
    return Collected(keys=keys, problems=problems)
