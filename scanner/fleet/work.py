"""The functions Dask runs on workers: prepare a repository, scan a unit, merge a repository.

Each is a plain function of picklable values (paths, commit lists, a configuration, findings)
returning picklable values, so the engine can run, retry or move it anywhere the clone cache
is readable. Nothing here schedules or retries: that is the engine's job.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from scanner.fleet import units
from scanner.fleet.cache import DEFAULT_FILTER, ensure_clone
from scanner.fleet.state import identity
from scanner.fleet.targets import RepoSpec
from scanner.models import Finding, ScanStats


@dataclass(slots=True)
class Prepared:
    """A repository ready to scan: where it is, its ref tips, and the commits still to do."""

    repository: str
    path: str
    action: str  # local / cloned / fetched / cached
    tips: dict[str, str]
    todo: list[str]
    seconds: float


@dataclass(slots=True)
class UnitDone:
    """What one unit reports back: raw findings (secrets in memory only) and counts."""

    findings: list[Finding] = field(default_factory=list)
    stats: ScanStats = field(default_factory=ScanStats)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)  # what the unit could not read


def prepare(spec: RepoSpec, cache_dir: str, scanned_tips: Sequence[str], done: Sequence[str],
            filter_spec: str | None = DEFAULT_FILTER, fetch: bool = True) -> Prepared:
    """Clone or fetch ``spec``, read its ref tips and list what is new since the last run."""
    t0 = time.perf_counter()
    path, action = ensure_clone(spec, cache_dir, filter_spec, fetch=fetch)
    from scanner.sources.git.plumbing import discover

    path = discover(path).path  # a clear error for something that is not a repository
    tips = units.ref_tips(path)
    todo = units.new_commits(path, tips.values(), scanned_tips)
    if done:
        finished = set(done)
        todo = [c for c in todo if c not in finished]
    return Prepared(repository=spec.repository, path=path, action=action, tips=tips,
                    todo=todo, seconds=time.perf_counter() - t0)


def scan_unit(path: str, shas: Sequence[str], config: Any = None) -> UnitDone:
    """One unit: scan a commit range; findings carry whether they are still at HEAD."""
    t0 = time.perf_counter()
    r = units.scan_range(path, shas, config)
    found = units.at_head(path, r.findings) if r.findings else []
    return UnitDone(findings=found, stats=r.stats, seconds=time.perf_counter() - t0,
                    errors=list(r.errors))


def merge_repo(path: str, findings: Sequence[Finding],
               config: Any = None) -> tuple[list[Finding], int]:
    """One repository's raw findings (this run's and the store's) as ``credscan history``
    reports them, plus how many commits it audits now.

    Stored findings have no secret, only its digest: findings are grouped by that identity,
    and get their real value back where this run saw it.
    """
    order = units.all_commits(path)
    if not findings:
        return [], len(order)
    real: dict[str, str] = {}
    keyed: list[Finding] = []
    for f in findings:
        ident = identity(f)
        if f.extras.get("sealed") != "1":
            real[ident] = f.secret
        keyed.append(f.with_(secret=ident))
    merged = units.merge(path, keyed, order, head_check=False)
    sealed_value = {identity(f): f.secret for f in findings if f.extras.get("sealed") == "1"}
    out: list[Finding] = []
    live: list[int] = []
    stored: list[int] = []
    for f in merged:
        ident = f.secret
        if ident in real:
            live.append(len(out))
            out.append(_unsealed(f, real[ident]))
        else:
            stored.append(len(out))
            out.append(f.with_(secret=sealed_value.get(ident, "")))
    if live:
        checked = units.at_head(path, [out[i] for i in live])
        for i, f in zip(live, checked, strict=True):
            out[i] = f
    if stored:
        again = units.sealed_at_head(path, [out[i] for i in stored],
                                     [merged[i].secret for i in stored], config)
        for i, f in zip(stored, again, strict=True):
            out[i] = f
    return out, len(order)


def _unsealed(f: Finding, secret: str) -> Finding:
    extra = tuple((k, v) for k, v in f.extra if k not in {"sealed", "ident"})
    return f.with_(secret=secret, extra=extra)
