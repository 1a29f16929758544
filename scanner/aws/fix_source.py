"""Decide, per project file holding a moved key, how the literal leaves it.

Python -> :mod:`rewrite_python`; ``.env`` and shell -> :mod:`rewrite_env`; AWS-format INI
and ``credentials.csv`` -> flagged for deletion; the rest -> blanked with ``--blank-other``
where it still parses, else an exact manual step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Literal

from scanner.aws.keys import KIND_NAMES
from scanner.aws.rewrite_env import is_env_file, is_shell_file, rewrite_env
from scanner.aws.rewrite_other import blank_literals, deletable
from scanner.aws.rewrite_python import rewrite_python
from scanner.aws.rewrite_types import RewriteResult, Targets, remaining

Action = Literal["rewrite", "delete", "keep"]


@dataclass
class SourceFix:
    """What happens to one file. ``new`` is set for rewrites; ``manual`` lists what the
    user must still do by hand."""

    path: Path
    display: str
    old: bytes
    action: Action
    how: str
    new: bytes | None = None
    delete_reason: str | None = None
    manual: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def is_python(path: str, data: bytes) -> bool:
    if PurePath(path).suffix in (".py", ".pyw"):
        return True
    first = data.split(b"\n", 1)[0]
    return first.startswith(b"#!") and b"python" in first


def _manual_step(display: str, line: int, kind: str, profile: str) -> str:
    return (f"{display}:{line}: remove the {KIND_NAMES[kind]} and read it from AWS profile "
            f"{profile!r} instead (run it with AWS_PROFILE={profile}; boto3 and the AWS CLI "
            "find the keys through their default credential chain)")


def fix_source(path: Path, display: str, data: bytes, targets: Targets, moved_ids: set[str], *,
               delete_files: bool, blank_other: bool,
               used_elsewhere: Callable[[str], bool]) -> SourceFix:
    """Plan the fix of one file (pure: nothing is written here)."""
    name = str(path)
    reason = deletable(name, data, moved_ids)
    if reason is not None:
        fix = SourceFix(path, display, data, "delete" if delete_files else "keep", "delete",
                        delete_reason=reason)
        if not delete_files:
            fix.manual.append(f"{display}: {reason} that only holds the moved keys; delete it "
                              "(or pass --delete-files)")
        return fix
    if is_python(name, data):
        how = "python"
        result = rewrite_python(data, targets, used_elsewhere)
    elif is_env_file(name) or is_shell_file(name, data):
        how = "env" if is_env_file(name) else "shell"
        result = rewrite_env(data, targets, shell=how == "shell")
    else:
        how = "other"
        result = RewriteResult(None, remaining(data, targets), [])
    current = result.new if result.new is not None else data
    notes = list(result.notes)
    if result.unresolved and blank_other:
        blanked = blank_literals(name, current, targets)
        if blanked.new is not None:
            current, how = blanked.new, (how + "+blank" if how != "other" else "blank")
            result.unresolved = blanked.unresolved
        notes.extend(blanked.notes)
    manual = [_manual_step(display, ln, kind, prof) for ln, kind, prof in result.unresolved]
    action: Action = "rewrite" if current != data else "keep"
    return SourceFix(path, display, data, action, how, new=current if action == "rewrite"
                     else None, manual=manual, notes=notes)
