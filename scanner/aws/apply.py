"""Carry out a plan: AWS files first (under lock), then the tripwire, then the sources.

Order matters for safety: the key is in its profile before it leaves the code, so a crash
at any point never loses it. Profiles are re-decided under the locks from the files' bytes
at that moment, so a concurrent run that took a name meanwhile is seen, not overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from scanner.aws import tripwire
from scanner.aws.atomicwrite import (
    check_writable,
    commit,
    ensure_dir,
    locked_files,
    read_or_none,
    replace_if_unchanged,
    resolve_target,
)
from scanner.aws.errors import UnsafeWrite
from scanner.aws.exposure import Exposure, history_exposure
from scanner.aws.fix_source import SourceFix
from scanner.aws.paths import AwsPaths
from scanner.aws.plan import Plan, compute_aws_changes, plan_sources
from scanner.aws.profiles import Assignment


@dataclass
class MoveResult:
    plan: Plan
    assignments: list[Assignment] = field(default_factory=list)
    written: list[tuple[Path, Path | None]] = field(default_factory=list)  # file, its backup
    tripwire: Path | None = None
    sources: list[SourceFix] = field(default_factory=list)
    rewritten: list[Path] = field(default_factory=list)
    deleted: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exposure: dict[str, Exposure] = field(default_factory=dict)

    @property
    def manual(self) -> list[str]:
        return [m for s in self.sources for m in s.manual]


def _private(directory: Path, paths: AwsPaths) -> bool:
    """~/.aws (or any ``.aws`` directory) is kept at 0700."""
    return directory.name == ".aws" or directory == paths.home_aws_dir


def write_aws_files(plan: Plan, env: Mapping[str, str]) -> tuple[list[Assignment],
                                                                  list[tuple[Path, Path | None]],
                                                                  list[str]]:
    """Re-decide and write the profiles under both files' locks."""
    aws = plan.paths
    notes: list[str] = []
    planned = {ch.path for ch in plan.aws_changes}
    lock: list[Path] = []
    for p in (aws.config, aws.credentials):
        parent = resolve_target(p).parent
        if p in planned:
            check_writable(p)
            notes += ensure_dir(parent, _private(parent, aws))
        if parent.is_dir():
            lock.append(p)
    written: list[tuple[Path, Path | None]] = []
    with locked_files(lock):
        cfg_old, creds_old = read_or_none(aws.config), read_or_none(aws.credentials)
        assignments, changes, _ = compute_aws_changes(plan.keys, cfg_old, creds_old, aws,
                                                      plan.options, env)
        for ch in changes:
            if ch.path not in lock:
                raise UnsafeWrite(f"{ch.path}: another run changed the AWS files meanwhile; "
                                  "run move-keys again")
            check_writable(ch.path)
            try:
                backup = commit(resolve_target(ch.path), ch.old, ch.new)
            except OSError as exc:
                raise UnsafeWrite(f"cannot write {ch.path}: {exc.strerror or exc}; it is "
                                  "unchanged") from None
            written.append((ch.path, backup))
    return assignments, written, notes


def _fix_sources(plan: Plan, assignments: list[Assignment], result: MoveResult) -> None:
    same = [(a.key.key_id, a.profile) for a in assignments] == [
        (a.key.key_id, a.profile) for a in plan.assignments]
    sources = plan.sources if same else plan_sources(assignments, plan.files, plan.options,
                                                      plan.paths)
    if not same:
        result.notes.append("another run changed the AWS files meanwhile; profiles were "
                            "re-chosen (see above) and the code edits follow them")
    result.sources = sources
    for fix in sources:
        try:
            if fix.action == "rewrite" and fix.new is not None:
                replace_if_unchanged(fix.path, fix.old, fix.new)
                result.rewritten.append(fix.path)
            elif fix.action == "delete":
                if read_or_none(fix.path) != fix.old:
                    raise UnsafeWrite(f"{fix.path} changed since the plan was made; not deleted")
                os.unlink(fix.path)
                result.deleted.append(fix.path)
        except (UnsafeWrite, OSError) as exc:
            result.errors.append(str(exc) if isinstance(exc, UnsafeWrite) else
                                 f"{fix.display}: {exc.strerror or exc}")


def apply_plan(plan: Plan, env: Mapping[str, str] | None = None,
               check_history: bool = True) -> MoveResult:
    """Write the profiles, record the tripwire, fix the sources; report what happened."""
    env = os.environ if env is None else env
    result = MoveResult(plan)
    if plan.empty:
        return result
    for fix in plan.sources:
        if fix.action in ("rewrite", "delete"):
            check_writable(fix.path)
    tripwire.check_tripwire(plan.paths)
    result.assignments, result.written, notes = write_aws_files(plan, env)
    result.notes.extend(notes)
    values = [(value, kind, a.profile) for a in result.assignments
              for kind, value in a.key.values().items()]
    result.tripwire = tripwire.record(values, plan.paths)
    _fix_sources(plan, result.assignments, result)
    if check_history and plan.repo is not None:
        result.exposure = history_exposure(plan.repo, {
            a.key.key_id: [v.encode() for v in (a.key.key_id, a.key.secret)]
            for a in result.assignments})
    return result
