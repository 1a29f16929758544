"""What every source rewriter takes and returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from scanner.aws.edits import lines_with
from scanner.aws.keys import Kind


@dataclass(frozen=True)
class Target:
    """A literal to take out of the code: which profile now holds it, and what it is."""

    profile: str
    kind: Kind


#: literal value -> where it went
Targets = Mapping[str, Target]


@dataclass
class RewriteResult:
    """``new`` is None when the file is left as it is. ``unresolved`` lists the
    (line, kind, profile) of literals still in the (new or old) content."""

    new: bytes | None
    unresolved: list[tuple[int, Kind, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def remaining(data: bytes, targets: Targets) -> list[tuple[int, Kind, str]]:
    """Where the literals still are in ``data``."""
    out: list[tuple[int, Kind, str]] = []
    for value, t in targets.items():
        out.extend((ln, t.kind, t.profile) for ln in lines_with(data, value.encode()))
    return sorted(out)


def unchanged(data: bytes, targets: Targets, note: str) -> RewriteResult:
    return RewriteResult(None, remaining(data, targets), [note] if note else [])
