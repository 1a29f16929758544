"""Driving a fleet audit on Dask: futures, ``as_completed``, the engine's retries.

The client (this process) is the only writer of the state store. It submits one *prepare*
task per repository (clone or fetch, ref tips, commits new since the last run); as each
completes it submits the repository's units (bounded commit ranges), commits every unit to
the store as soon as it finishes, and once a repository's units are all done submits its
merge (only when there are findings to de-duplicate). Scheduling, load balancing, work
stealing and retries are the engine's: ``LocalCluster`` sized to the machine (processes)
by default, or an existing cluster at ``--scheduler``/``DASK_SCHEDULER_ADDRESS``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from scanner.errors import UsageError
from scanner.fleet import units, work
from scanner.fleet.cache import DEFAULT_FILTER, default_cache_dir
from scanner.fleet.state import Known, StateStore, default_state_path, identity, unsealed_view
from scanner.fleet.targets import RepoSpec
from scanner.models import Finding

#: Commits per unit: large enough that a unit's fixed cost (one ``git log`` and one task,
#: a few ms) is noise, small enough that one big history spreads over every worker.
DEFAULT_UNIT_COMMITS = 1000
INSTALL_HINT = "credscan fleet needs Dask: pip install 'credscan-scanner[fleet]'"


@dataclass
class Progress:
    """Counters across the fleet, passed to the progress callback after every event."""

    repos_total: int = 0
    repos_done: int = 0
    commits_total: int = 0
    commits_done: int = 0
    bytes_done: int = 0
    units_total: int = 0
    units_done: int = 0
    started: float = field(default_factory=time.perf_counter)


ProgressFn = Callable[[Progress], None]


@dataclass
class FleetOptions:
    """How to run: where clones and state live, the engine, unit size, retries."""

    cache_dir: str | None = None
    state_path: str | None = None
    scheduler: str | None = None
    workers: int | None = None
    unit_commits: int = DEFAULT_UNIT_COMMITS
    retries: int = 2
    filter_spec: str | None = DEFAULT_FILTER
    fetch: bool = True
    config: Any = None
    progress: ProgressFn | None = None
    client: Any = None  # an existing dask.distributed.Client (tests, notebooks)
    #: a worker resource each clone/fetch needs one of (workers started with
    #: ``--resources NAME=k`` then run at most k clones at once: bounds clone bandwidth)
    clone_resource: str | None = None
    #: something a unit could not read (a blob) makes its repository an error
    strict: bool = False


@dataclass
class RepoOutcome:
    """Coverage and findings of one repository in one run."""

    repository: str
    label: str
    status: str = "ok"  # ok / error
    error: str | None = None
    action: str = ""
    refs: int = 0
    commits: int = 0  # scanned in this run
    covered: int = 0  # audited so far (this run and earlier ones)
    bytes: int = 0
    units: int = 0
    units_failed: int = 0
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    new: list[bool] = field(default_factory=list)  # per finding: first seen in this run
    warnings: list[str] = field(default_factory=list)  # what units could not read

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def fail(self, message: str) -> None:
        if self.status != "error":
            self.status, self.error = "error", message


@dataclass
class FleetResult:
    """Every repository's outcome, in the order given."""

    repos: list[RepoOutcome]
    seconds: float = 0.0
    workers: int = 0
    scheduler: str = ""
    state_path: str = ""
    baselined: int = 0  # findings a baseline hid from the report

    @property
    def errors(self) -> list[RepoOutcome]:
        return [r for r in self.repos if not r.ok]

    @property
    def findings(self) -> list[tuple[str, Finding]]:
        return [(r.repository, f) for r in self.repos for f in r.findings]

    def totals(self) -> dict[str, int | float]:
        return {
            "repositories": len(self.repos),
            "ok": sum(1 for r in self.repos if r.ok),
            "errors": len(self.errors),
            "refs": sum(r.refs for r in self.repos),
            "commits": sum(r.commits for r in self.repos),
            "covered": sum(r.covered for r in self.repos),
            "bytes": sum(r.bytes for r in self.repos),
            "units": sum(r.units for r in self.repos),
            "findings": sum(len(r.findings) for r in self.repos),
            "new": sum(sum(r.new) for r in self.repos),
            "seconds": round(self.seconds, 3),
        }


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    return distributed


@contextlib.contextmanager
def open_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A client on ``scheduler`` (or ``DASK_SCHEDULER_ADDRESS``), else on a LocalCluster of
    ``workers`` single-threaded processes on 127.0.0.1; torn down on exit."""
    distributed = _distributed()
    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
    if address:
        try:
            client = distributed.Client(address, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = distributed.LocalCluster(
        n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
        host="127.0.0.1", dashboard_address=None, silence_logs=logging.CRITICAL,
    )
    try:
        client = distributed.Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def run_fleet(specs: list[RepoSpec], opts: FleetOptions | None = None) -> FleetResult:
    """Audit the history of every repository in ``specs`` (see the module docstring)."""
    opts = opts or FleetOptions()
    _distributed()
    state_path = opts.state_path or default_state_path()
    with StateStore(state_path) as store:
        if opts.client is not None:
            result = _run(specs, opts, store, opts.client)
        else:
            with open_client(opts.scheduler, opts.workers) as client:
                result = _run(specs, opts, store, client)
    result.state_path = state_path
    return result


@dataclass
class _Repo:
    spec: RepoSpec
    out: RepoOutcome
    known: Known
    prep: work.Prepared | None = None
    pending: int = 0
    found: list[Finding] = field(default_factory=list)


def _run(specs: list[RepoSpec], opts: FleetOptions, store: StateStore, client: Any) -> FleetResult:
    distributed = _distributed()
    t0 = time.perf_counter()
    run_id = uuid.uuid4().hex[:12]
    cache_dir = opts.cache_dir or default_cache_dir()
    from scanner.config.load import Config

    cfg_key = (opts.config if opts.config is not None else Config()).cache_key()
    prog = Progress(repos_total=len(specs))
    tick = opts.progress or (lambda p: None)
    repos: list[_Repo] = []
    tasks: dict[str, tuple[str, int, Any]] = {}  # future key -> (kind, repo index, payload)
    ac = distributed.as_completed()
    for i, spec in enumerate(specs):
        known = store.known(spec.repository, cfg_key)
        repos.append(_Repo(spec, RepoOutcome(spec.repository, spec.label), known))
        fut = client.submit(work.prepare, spec, cache_dir, sorted(set(known.tips.values())),
                            sorted(known.done), opts.filter_spec, opts.fetch,
                            key=f"credscan-prepare-{run_id}-{i}", retries=opts.retries,
                            pure=False, priority=10,
                            resources={opts.clone_resource: 1} if opts.clone_resource else None)
        tasks[fut.key] = ("prepare", i, None)
        ac.add(fut)
    tick(prog)

    def finish(i: int) -> None:
        r = repos[i]
        out = r.out
        prog.repos_done += 1
        if r.prep is not None and out.ok:
            store.finish_repo(out.repository, cfg_key, r.prep.tips, out.covered)
            if out.covered == 0:
                out.fail("no commits to audit (empty repository)")

    def merge_or_finish(i: int) -> None:
        r = repos[i]
        raw = [*r.known.findings, *r.found]
        if raw and r.prep is not None:
            fut = client.submit(work.merge_repo, r.prep.path, raw, opts.config,
                                retries=opts.retries,
                                key=f"credscan-merge-{run_id}-{i}", pure=False, priority=5)
            tasks[fut.key] = ("merge", i, None)
            ac.add(fut)
        else:
            finish(i)

    for fut in ac:
        kind, i, payload = tasks.pop(fut.key)
        r = repos[i]
        out = r.out
        try:
            value = fut.result()
        except Exception as exc:  # noqa: BLE001 - after the engine's retries: an error
            value = None
            msg = _one_line(exc)
            if kind == "prepare":
                out.fail(msg)
                finish(i)
            elif kind == "unit":
                out.units_failed += 1
                out.fail(f"a unit of {len(payload)} commits failed: {msg}")
                r.pending -= 1
                prog.units_done += 1
                if r.pending == 0:
                    finish(i)
            else:
                out.fail(f"merge failed: {msg}")
                finish(i)
        finally:
            fut.release()
        if value is None:
            tick(prog)
            continue
        if kind == "prepare":
            prep: work.Prepared = value
            r.prep = prep
            out.action = prep.action
            out.refs = len(prep.tips)
            out.seconds += prep.seconds
            out.covered = r.known.covered + len(r.known.done)
            pieces = units.split(prep.todo, opts.unit_commits)
            prog.commits_total += len(prep.todo)
            prog.units_total += len(pieces)
            r.pending = len(pieces)
            for j, shas in enumerate(pieces):
                uf = client.submit(work.scan_unit, prep.path, shas, opts.config,
                                   key=f"credscan-unit-{run_id}-{i}-{j}", retries=opts.retries,
                                   pure=False)
                tasks[uf.key] = ("unit", i, shas)
                ac.add(uf)
            if not pieces:
                merge_or_finish(i)
        elif kind == "unit":
            done: work.UnitDone = value
            shas = payload
            store.commit_unit(out.repository, cfg_key, shas, done.stats.bytes, done.seconds,
                              done.findings)
            r.found.extend(done.findings)
            out.warnings.extend(done.errors[:100 - len(out.warnings)])
            if done.errors and opts.strict:
                out.fail(f"{len(done.errors)} unreadable in a unit: {done.errors[0]}")
            out.commits += len(shas)
            out.covered += len(shas)
            out.bytes += done.stats.bytes
            out.units += 1
            out.seconds += done.seconds
            prog.units_done += 1
            prog.commits_done += len(shas)
            prog.bytes_done += done.stats.bytes
            r.pending -= 1
            if r.pending == 0:
                if out.ok:
                    merge_or_finish(i)
                else:
                    finish(i)
        else:
            merged, covered = value
            out.covered = covered
            out.findings = [unsealed_view(f) for f in merged]
            out.new = [identity(f) not in r.known.idents for f in merged]
            finish(i)
        tick(prog)
    return FleetResult(repos=[r.out for r in repos], seconds=time.perf_counter() - t0,
                       workers=_worker_count(client), scheduler=str(client.scheduler.address))


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    name = type(exc).__name__
    if not text:
        return name
    return text[0] if name in {"SourceError", "UsageError", "ConfigError"} else f"{name}: {text[0]}"


def _worker_count(client: Any) -> int:
    try:
        return len(client.scheduler_info().get("workers", {}))
    except Exception:  # noqa: BLE001 - informational only
        return 0
