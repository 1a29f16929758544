"""The library API: run a source through the engine and merge the results.

Every command goes through :func:`run`: a source yields fragments, the :class:`Scanner` built
once for the run turns them into findings, and the results of a source's units (a file set,
a commit range) merge with :meth:`ScanResult.merge`. Units are plain picklable values and
:func:`scan_unit` is a pure function of (unit, config), so they run the same in this
process, in a local process pool, or on a Dask cluster.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from scanner.config.load import DEFAULT_BASELINE, Config, find_root, load_config
from scanner.engine.core import Scanner
from scanner.errors import SourceError
from scanner.models import CommitInfo, Finding, Fragment, Occurrence, ScanResult, ScanStats
from scanner.rules.loader import effective_rules
from scanner.sources.base import Source
from scanner.sources.git.blobs import BlobReader
from scanner.sources.git.plumbing import discover, resolve_commit
from scanner.sources.git.staged import StagedSource

if TYPE_CHECKING:
    from scanner.baseline import Baseline
    from scanner.sources.files import Selection
    from scanner.sources.git.history import Selection as HistorySelection

#: Sources and the baseline are imported where a function needs them (and by attribute, see
#: :func:`__getattr__`): the pre-commit hook imports this module for the staged source only,
#: and each module it does not import is time off every commit.
_LAZY = {
    "Selection": ("scanner.sources.files", "Selection"),
    "HistorySelection": ("scanner.sources.git.history", "Selection"),
}


def __getattr__(name: str) -> Any:
    """``api.Selection``, ``api.HistorySelection``: imported on first use."""
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(where[0]), where[1])
    globals()[name] = value
    return value

#: Below this total size a process pool costs more than it saves: the scan runs at about
#: 100 MB per CPU-second, while forking, warming every rule and merging results costs
#: 0.05-0.1 CPU-second (measured on site-packages subsets of 8-30 MB: two workers were
#: never faster there). Never slower with two workers than with one on a small tree.
PARALLEL_MIN_BYTES = 32 * 1024 * 1024
#: Fragments are handed to the engine in batches of about this many bytes.
BATCH_BYTES = 1 << 20
#: A unit of a parallel tree scan: consecutive files up to this many bytes or files. Units
#: are handed out as the walk lists them (the pool balances them); small enough that the
#: last one does not keep a core waiting, large enough that each costs little to ship.
UNIT_BYTES = 8 << 20
UNIT_FILES = 1024

ProgressFn = Callable[[int, int, int], None]  # (units of work done, total, bytes done)

__all__ = [
    "BATCH_BYTES", "effective_rules", "HistorySelection", "Scanner", "Selection", "StagedResult",
    "build_scanner", "default_jobs", "history_commits", "load_baseline", "merge_history",
    "run", "scan_commit_range", "scan_history", "scan_paths", "scan_staged", "scan_stream",
    "scan_text",
]


def build_scanner(config: Config | None = None) -> Scanner:
    """The compiled scanner for one run's effective configuration (built once, passed down)."""
    cfg = config or Config()
    return Scanner(effective_rules(cfg), cfg)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


# -- the driver -------------------------------------------------------------------------------

def run(source: Source, scanner: Scanner, explain: bool = False,
        tick: Callable[[ScanStats], None] | None = None) -> ScanResult:
    """Scan every fragment of ``source`` (in batches) and return its findings and counts.

    ``tick`` is called with the source's running counts after each batch (progress)."""
    t0 = time.perf_counter()
    result = ScanResult()
    sink = result.dropped if explain else None
    batch: list[Fragment] = []
    size = 0
    found: list[Finding] = []
    for frag in source.fragments():
        batch.append(frag)
        size += len(frag.text)
        if size >= BATCH_BYTES or len(batch) >= 2048:
            found.extend(scanner.scan_batch(batch, sink, result.self_allowed))
            batch, size = [], 0
            if tick is not None:
                tick(source.stats)
    if batch:
        found.extend(scanner.scan_batch(batch, sink, result.self_allowed))
    if tick is not None:
        tick(source.stats)
    result.findings = _unique(found)
    result.stats = source.stats
    result.errors = list(source.errors)
    result.stats.seconds = time.perf_counter() - t0
    return result


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per place (overlapping chunks of a large file see the same match)."""
    out: dict[tuple[str, str, int, int, str | None], Finding] = {}
    for f in findings:
        k = (f.rule_id, f.file, f.line, f.column, f.commit.sha if f.commit else None)
        if k not in out or len(f.secret) > len(out[k].secret):
            out[k] = f
    return sorted(out.values(), key=Finding.sort_key)


_WORKER: dict[str, Any] = {}


class _Counters:
    """Commits and bytes done, shared by worker processes so a progress bar can tick."""

    def __init__(self) -> None:
        import multiprocessing as mp

        self.commits = mp.Value("q", 0, lock=False)
        self.bytes = mp.Value("q", 0, lock=False)
        self.lock = mp.Lock()


def _init_worker(scanner_or_config: Any, explain: bool, counters: _Counters | None) -> None:
    from multiprocessing.util import Finalize

    sc = scanner_or_config
    _WORKER["scanner"] = sc if isinstance(sc, Scanner) else build_scanner(sc)
    _WORKER["explain"] = explain
    _WORKER["counters"] = counters
    # git processes that units keep warm for the next unit end with the worker
    from scanner.sources.git.history import close_warm

    Finalize(None, close_warm, exitpriority=10)


def _run_in_worker(unit: Source) -> ScanResult:
    counters: _Counters | None = _WORKER.get("counters")
    tick = None
    if counters is not None:
        last = [0, 0]

        def tick(st: ScanStats) -> None:
            with counters.lock:
                counters.commits.value += st.commits - last[0]
                counters.bytes.value += st.bytes - last[1]
            last[0], last[1] = st.commits, st.bytes

    return run(unit, _WORKER["scanner"], _WORKER["explain"], tick)


def run_parallel(units: Iterable[Source], scanner: Scanner, jobs: int, explain: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> list[ScanResult]:
    """Run units in ``jobs`` worker processes (forked: they inherit the warm scanner).

    ``units`` may be a lazy iterable (a tree still being walked): the pool takes them as
    they come. ``progress(commits, bytes)`` is called several times a second with the
    running totals of every unit, from a thread of this process."""
    count = len(units) if isinstance(units, Sequence) else None
    if jobs <= 1 or (count is not None and count <= 1):
        out = []
        base = [0, 0]
        for u in units:
            def tick(st: ScanStats) -> None:
                if progress:
                    progress(base[0] + st.commits, base[1] + st.bytes)
            r = run(u, scanner, explain, tick)
            base[0] += r.stats.commits
            base[1] += r.stats.bytes
            out.append(r)
        return out
    import multiprocessing as mp
    import threading

    scanner.warm()
    fork = "fork" in mp.get_all_start_methods() and sys.platform.startswith("linux")
    ctx = mp.get_context("fork" if fork else None)
    init: Any = scanner if fork else scanner.config
    counters = _Counters() if progress is not None and fork else None
    results: list[ScanResult] = []
    stop = threading.Event()
    with ctx.Pool(min(jobs, count) if count is not None else jobs, initializer=_init_worker,
                  initargs=(init, explain, counters)) as pool:
        poller = None
        if counters is not None and progress is not None:
            def poll() -> None:
                while not stop.wait(0.1):
                    progress(int(counters.commits.value), int(counters.bytes.value))

            poller = threading.Thread(target=poll, daemon=True)
            poller.start()
        try:
            # in unit order: the merged result (and --explain's list) is the same as one
            # process gives; a unit done early waits in the pool, the workers do not
            for r in pool.imap(_run_in_worker, units):
                results.append(r)
            pool.close()  # workers leave normally, ending the git processes they kept warm
            pool.join()
        finally:
            stop.set()
            if poller is not None:
                poller.join()
    if progress is not None:
        progress(sum(r.stats.commits for r in results), sum(r.stats.bytes for r in results))
    return results


# -- files and text ---------------------------------------------------------------------------

def scan_text(text: str | bytes, path: str = "<text>", config: Config | None = None,
              scanner: Scanner | None = None) -> list[Finding]:
    """Scan an in-memory text; the simplest entry point."""
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
    sc = scanner or build_scanner(config)
    return sorted(sc.scan(Fragment(text=data, path=path)), key=Finding.sort_key)


def scan_stream(stream: BinaryIO | None = None, config: Config | None = None,
                scanner: Scanner | None = None, name: str = "<stdin>",
                explain: bool = False) -> ScanResult:
    """Scan a stream (stdin by default) in bounded chunks."""
    from scanner.sources.files import StreamSource

    return run(StreamSource(stream, name), scanner or build_scanner(config), explain)


def scan_paths(paths: Sequence[str], config: Config | None = None, jobs: int | None = None,
               selection: Selection | None = None, scanner: Scanner | None = None,
               explain: bool = False, no_ignore: bool | None = None) -> ScanResult:
    """Scan files and directories, in parallel over files on all cores."""
    from scanner.sources.files import FileRef, FileSource, Selection, iter_collect, stream_units

    t0 = time.perf_counter()
    selection = selection or Selection()
    if no_ignore is not None:
        selection = replace(selection, no_ignore=no_ignore)
    if config is None:
        config = load_config(Path(paths[0]) if paths else None)
    sc = scanner or build_scanner(config)
    errors: list[str] = []
    refs = iter_collect(list(paths), selection, errors=errors)
    follow = selection.follow_symlinks
    jobs = jobs or default_jobs()
    # list only as far as the size that pays for a pool; past it, workers start scanning
    # while the rest of the tree is walked
    head: list[FileRef] = []
    total = 0
    if jobs > 1:
        for ref in refs:
            head.append(ref)
            total += ref.size
            if total >= PARALLEL_MIN_BYTES and len(head) >= 2:
                break
    if jobs <= 1 or total < PARALLEL_MIN_BYTES or len(head) < 2:
        result = run(FileSource(head + list(refs), follow), sc, explain)
    else:
        units = stream_units(itertools.chain(head, refs), follow, UNIT_BYTES, UNIT_FILES)
        result = ScanResult.merge(run_parallel(units, sc, jobs, explain))
    result.errors = errors + result.errors
    result.findings.sort(key=Finding.sort_key)
    result.stats.seconds = time.perf_counter() - t0
    return result


# -- the staged index -------------------------------------------------------------------------

@dataclass
class StagedResult:
    """A staged scan's result plus what was looked at (for the hook's summary line)."""

    result: ScanResult
    files: int = 0
    lines: int = 0
    bases: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: every path the commit adds, changes or deletes (not only the scanned ones)
    touched: frozenset[str] = frozenset()


def scan_staged(repo: str = ".", config: Config | None = None, amend: bool | None = None,
                paths: Sequence[str] = (), scanner: Scanner | None = None,
                explain: bool = False, source: StagedSource | None = None) -> StagedResult:
    """Scan what the next commit adds (``paths``: only these staged files). ``source``: a
    :class:`StagedSource` already prepared by the caller (its diff is not asked twice)."""
    if config is None:
        config = load_config(Path(repo))
    src = source or StagedSource(repo, amend, tuple(paths))
    result = run(src, scanner or build_scanner(config), explain)
    return StagedResult(result, src.stats.files, src.stats.lines, src.bases, src.skipped,
                        src.touched)


# -- history ----------------------------------------------------------------------------------

def history_commits(repo: str, selection: HistorySelection | None = None) -> list[str]:
    """The commits a history audit covers, newest first (topological order)."""
    from scanner.sources.git.history import Selection, list_commits

    return list_commits(discover(repo).path, selection or Selection())


def scan_commit_range(repo: str, shas: Sequence[str], config: Config | None = None,
                      scanner: Scanner | None = None, messages: bool = True,
                      explain: bool = False) -> ScanResult:
    """What the commits ``shas`` add (a unit of work; merge with :func:`merge_history`)."""
    from scanner.sources.git.history import HistorySource

    return run(HistorySource(repo, list(shas), messages), scanner or build_scanner(config),
               explain)


def dedupe(findings: Iterable[Finding], order: dict[str, int]) -> list[Finding]:
    """One finding per (rule, secret): the earliest commit, the rest as occurrences."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule_id, f.secret), []).append(f)
    out: list[Finding] = []
    for fs in groups.values():
        fs.sort(key=lambda f: (-order.get(f.commit.sha if f.commit else "", -1), f.file, f.line))
        first = fs[0]
        sha0 = first.commit.sha if first.commit else None
        # every place the introducing commit wrote it is a finding (both lines of a .netrc
        # with two machines); later commits that carry or re-add it are occurrences
        firsts = [first]
        seen = {(first.file, first.line, sha0)}
        occ: list[Occurrence] = []
        for f in fs[1:]:
            k = (f.file, f.line, f.commit.sha if f.commit else None)
            if k in seen:
                continue
            seen.add(k)
            if k[2] == sha0:
                firsts.append(f)
            else:
                occ.append(Occurrence(file=f.file, line=f.line, commit=k[2]))
        out.append(first.with_(occurrences=tuple(occ)))
        out.extend(firsts[1:])
    out.sort(key=Finding.sort_key)
    return out


def merge_history(repo: str, results: Iterable[ScanResult], order: Sequence[str] | None = None,
                  head_check: bool = True) -> ScanResult:
    """Merge units of one repository: deduplicated (earliest commit wins), HEAD presence."""
    from scanner.sources.git.history import list_commits

    merged = ScanResult.merge(results)
    path = discover(repo).path
    shas = list(order) if order is not None else list_commits(path)
    rank = {sha: i for i, sha in enumerate(shas)}
    merged.findings = dedupe(merged.findings, rank)
    if head_check:
        merged.findings = present_at_head(path, merged.findings)
    return merged


def scan_history(repo: str = ".", selection: HistorySelection | None = None,
                 config: Config | None = None, jobs: int | None = None, messages: bool = True,
                 scanner: Scanner | None = None, progress: ProgressFn | None = None,
                 shas: Sequence[str] | None = None, head_check: bool = True,
                 explain: bool = False) -> ScanResult:
    """Audit a repository (or the given ``shas``): deduplicated findings plus statistics."""
    from scanner.sources.git.history import HistorySource, Selection, list_commits

    t0 = time.perf_counter()
    selection = selection or Selection()
    info = discover(repo)
    path = info.path
    if config is None:
        config = load_config(Path(path))
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if shas is not None:
        commits = list(shas)
        sc = scanner or build_scanner(config)
    else:
        from concurrent.futures import ThreadPoolExecutor  # not on the hook's path

        # the with-block joins the thread: none is left to be copied by the fork below
        with ThreadPoolExecutor(max_workers=1) as ex:
            listing = ex.submit(list_commits, path, selection)
            sc = scanner or build_scanner(config)  # while git lists the commits
            if jobs > 1:
                sc.warm()  # for workers to inherit, also while git lists
            commits = listing.result()
    total = len(commits)
    inline = jobs == 1 or total <= 128
    source = HistorySource(path, commits, messages)
    units = source.split(1 if inline else jobs)
    if inline and len(units) > 1:
        units = [HistorySource(path, commits, messages)]
    if not inline and len(units) > 1:  # pool workers: git stays warm from unit to unit
        units = [replace(u, warm=True) for u in units]
    def report(commits_done: int, nbytes: int) -> None:
        if progress:
            progress(min(commits_done, total), total, nbytes)

    if progress:
        progress(0, total, 0)
    results = run_parallel(units, sc, 1 if inline else jobs, explain,
                           report if progress else None)
    merged = merge_history(path, results, commits, head_check)
    stats = merged.stats
    merged.stats = ScanStats(files=stats.files, bytes=stats.bytes, lines=stats.lines,
                             binary_skipped=stats.binary_skipped, commits=total,
                             seconds=time.perf_counter() - t0)
    if info.shallow:
        merged = _mark_shallow(info.git_dir, merged)
    return merged


def _mark_shallow(git_dir: str, result: ScanResult) -> ScanResult:
    """In a shallow clone, a boundary commit's diff shows its whole tree: who introduced
    what it holds is not knowable here, so say so instead of blaming its author."""
    from scanner.sources.git.history import shallow_boundary

    boundary = shallow_boundary(git_dir)
    note = ("shallow clone: findings in the oldest fetched commits may have been introduced "
            "earlier (fetch the full history, e.g. fetch-depth: 0)")
    out = []
    for f in result.findings:
        if f.commit is not None and f.commit.sha in boundary:
            unknown = CommitInfo(sha=f.commit.sha, author="", email="", date="", subject="")
            f = f.with_(commit=unknown,
                        extra=f.extra + (("introduced", "unknown (shallow clone)"),))
        out.append(f)
    result.findings = out
    result.notes.append(note)
    return result


def present_at_head(repo: str, findings: list[Finding]) -> list[Finding]:
    """Whether each finding's secret is still in its file at HEAD (same path, or the path
    the file was renamed to), and on which line there. A copy in another file is that
    file's own finding, not this one's."""
    if not findings:
        return findings
    if resolve_commit(repo, "HEAD") is None:
        return [f.with_(present_at_head=False) for f in findings]
    from scanner.gitexec import try_git
    from scanner.sources.git.diffmap import MESSAGE_FILE

    code, out = try_git(["ls-tree", "-r", "-z", "--name-only", "HEAD"], cwd=repo)
    at_head = set(out.decode("utf-8", "surrogateescape").split("\0")) if code == 0 else set()
    where: list[tuple[str, int] | None] = []
    # renamed or deleted: a path new since its commit? (git grep runs while HEAD's files
    # are read for the others)
    pending = [k for k, f in enumerate(findings)
               if f.file != MESSAGE_FILE and f.commit and f.file not in at_head]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as ex, BlobReader(repo) as blobs:
        grep = ex.submit(_grep_head, repo, {_needle(findings[k]) for k in pending})
        for f in findings:
            hit = None
            if f.file != MESSAGE_FILE and f.file in at_head:
                hit = _find_in(f, f.file, blobs.read(f"HEAD:{f.file}"))
            where.append(hit)
        moved: dict[bytes, list[str]] = grep.result()
        for k in pending:
            f = findings[k]
            paths = moved.get(_needle(f), [])
            if not paths:
                continue
            sha = f.commit.sha if f.commit else ""
            for p in (p for p in paths if blobs.read(f"{sha}:{p}") is None):
                hit = _find_in(f, p, blobs.read(f"HEAD:{p}"))
                if hit is not None:
                    where[k] = hit
                    break
    out_f: list[Finding] = []
    for f, hit in zip(findings, where, strict=True):
        if hit is None:
            out_f.append(f.with_(present_at_head=False))
            continue
        path, line = hit
        extra = dict(f.extra)
        extra["head_line"] = str(line)
        if path != f.file:
            extra["head_path"] = path
        out_f.append(f.with_(present_at_head=True, extra=tuple(sorted(extra.items()))))
    return out_f


def _find_in(f: Finding, path: str, data: bytes | None) -> tuple[str, int] | None:
    """(path, line) of the finding's value in ``data``; a value found decoded (Kubernetes
    Secret ``data``) is looked for in the decoded entries."""
    if data is None:
        return None
    needle = _needle(f)
    pos = data.find(needle) if needle else -1
    if pos >= 0:
        return (path, data.count(b"\n", 0, pos) + 1)
    if f.extras.get("encoding") == "base64":  # found decoded: look in the decoded entries
        from scanner.engine.decoders import k8s_secret_entries

        want = f.secret.encode("utf-8", "surrogateescape")
        for off, text in k8s_secret_entries(data):
            if want in text:
                return (path, data.count(b"\n", 0, off) + 1)
    return None


def _grep_head(repo: str, needles: set[bytes]) -> dict[bytes, list[str]]:
    """The files at HEAD holding each needle, for secrets whose file was renamed or
    deleted: one ``git grep`` over HEAD's tree (patterns on stdin, never in argv), instead
    of a rename-detecting diff per introducing commit (0.6 CPU-s each on a large tree)."""
    from scanner.gitexec import try_git

    needles = {n for n in needles if n and b"\n" not in n}
    if not needles:
        return {}
    code, out = try_git(["grep", "-z", "-n", "-o", "-F", "--text", "--no-color", "-f", "-",
                         "HEAD", "--"], cwd=repo, input=b"\n".join(sorted(needles)) + b"\n")
    found: dict[bytes, list[str]] = {}
    i = 0
    while code == 0 and i < len(out):  # records: HEAD:<path> NUL <line> NUL <match> LF
        a = out.find(b"\0", i)
        b = out.find(b"\0", a + 1) if a >= 0 else -1
        c = out.find(b"\n", b + 1) if b >= 0 else -1
        if c < 0:
            break
        match = out[b + 1:c]
        if match in needles:
            path = out[i:a].decode("utf-8", "surrogateescape").partition(":")[2]
            paths = found.setdefault(match, [])
            if path not in paths:
                paths.append(path)
        i = c + 1
    return found


def _needle(f: Finding) -> bytes:
    parts = [p for p in f.secret.splitlines() if p.strip()]
    raw = max(parts, key=len) if parts else f.secret
    if f.extras.get("encoding") == "base64" and not _base64_text(f.secret):
        import base64  # found decoded (Kubernetes Secret data): the file holds its encoding

        return base64.b64encode(f.secret.encode("utf-8", "surrogateescape"))
    return raw.encode("utf-8", "surrogateescape")


def _base64_text(s: str) -> bool:
    """The value is itself base64 text (``private-key-base64`` reports the encoded form)."""
    import string

    ok = set(string.ascii_letters + string.digits + "+/=")
    return len(s) >= 16 and all(c in ok for c in s)


# -- baselines ----------------------------------------------------------------------------------

def baseline_path(start: str | os.PathLike[str], explicit: str | None = None,
                  disabled: bool = False) -> Path | None:
    """The baseline that applies: ``explicit``, else the repository root's, unless disabled."""
    if disabled:
        return None
    if explicit:
        return Path(explicit)
    root = repo_root(start)
    p = root / DEFAULT_BASELINE
    return p if p.is_file() else None


def load_baseline(path: Path | None) -> Baseline | None:
    if path is None:
        return None
    if not path.is_file():
        raise SourceError(f"{path}: baseline file not found")
    from scanner.baseline import Baseline

    return Baseline.load(path)


def apply_baseline(result: ScanResult, baseline: Baseline | None) -> ScanResult:
    """Hide the findings ``baseline`` accepts; ``result.baselined`` counts them."""
    if baseline is None:
        return result
    from scanner.baseline import filter_result

    filtered, hidden = filter_result(result, baseline)
    filtered.baselined = result.baselined + hidden
    return filtered


def repo_root(start: str | os.PathLike[str]) -> Path:
    """The git work tree containing ``start``, else ``start`` (its directory) itself."""
    base = Path(start)
    return find_root(base) or (base if base.is_dir() else base.parent).resolve()


def current_findings(root: Path, history: bool = False, config: Config | None = None,
                     scanner: Scanner | None = None) -> ScanResult:
    """What baseline commands work from: the working tree at ``root`` (paths relative to
    it, as ``credscan scan`` there reports them), or its whole history."""
    if config is None:
        config = load_config(root)
    sc = scanner or build_scanner(config)
    if history:
        return scan_history(str(root), config=config, scanner=sc)
    old = Path.cwd()
    os.chdir(root)
    try:
        return scan_paths(["."], config=config, scanner=sc)
    finally:
        os.chdir(old)


def self_allowed_notes(result: ScanResult) -> list[str]:
    """One line per secret hidden by an allow marker that the same change adds."""
    out = []
    for d in result.self_allowed:
        at = f" in commit {d.commit[:12]}" if d.commit else ""
        out.append(f"{d.file}:{d.line}: an allow marker added in the same change hides a "
                   f"{d.rule_id} finding{at}")
    return out
