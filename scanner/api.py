"""The library API that the CLI (and any Dask/Ray user) calls.

Units of work are plain picklable values (a list of files plus a config), and
:func:`scan_fileset` is a pure function of them, so ``ScanResult.merge`` of results
computed anywhere gives the same answer as one local run.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from scanner.config.load import Config, load_config
from scanner.engine.core import Scanner
from scanner.models import Finding, ScanResult
from scanner.rules.loader import effective_rules
from scanner.sources.files import BinaryFile, FileRef, collect, read_chunks

_SCANNERS: dict[str, Scanner] = {}

#: Below this total size a process pool costs more than it saves.
PARALLEL_MIN_BYTES = 4 * 1024 * 1024


def get_scanner(config: Config | None = None) -> Scanner:
    """A compiled scanner for ``config`` (cached per process)."""
    cfg = config or Config()
    key = cfg.cache_key()
    sc = _SCANNERS.get(key)
    if sc is None:
        sc = Scanner(effective_rules(cfg), cfg)
        _SCANNERS[key] = sc
    return sc


load_ruleset = get_scanner


def scan_text(
    text: str | bytes, path: str = "<text>", config: Config | None = None
) -> list[Finding]:
    """Scan an in-memory text; the simplest entry point."""
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
    return get_scanner(config).scan_bytes(data, path)


def _scan_one(sc: Scanner, ref: FileRef, result: ScanResult) -> None:
    st = result.stats
    try:
        found: dict[tuple[str, int, int], Finding] = {}
        last = (b"", 0)
        for data, line_offset in read_chunks(ref.path, ref.size):
            last = (data, line_offset)
            for f in sc.scan_bytes(data, ref.display, line_offset, rel_path=ref.rel):
                k = (f.rule_id, f.line, f.column)
                if k not in found or len(f.secret) > len(found[k].secret):
                    found[k] = f
        data, line_offset = last
        st.bytes += ref.size
        st.lines += line_offset + data.count(b"\n") + (0 if data.endswith(b"\n") or not data
                                                        else 1)
        result.findings.extend(found.values())
        st.files += 1
    except BinaryFile:
        st.binary_skipped += 1
    except OSError as exc:
        st.unreadable += 1
        result.errors.append(f"{ref.display}: {exc.strerror or exc}")


def scan_fileset(files: Sequence[FileRef], config: Config | None = None) -> ScanResult:
    """Scan a set of files: the unit of work that parallel and distributed runs split."""
    t0 = time.perf_counter()
    sc = get_scanner(config)
    if sum(f.size for f in files) >= PARALLEL_MIN_BYTES // 4:
        sc.prefilter.warm()
    result = ScanResult()
    for ref in files:
        if sc.path_allowed(ref.rel or ref.display):
            continue
        _scan_one(sc, ref, result)
    result.stats.seconds = time.perf_counter() - t0
    return result


def scan_file(path: str | os.PathLike[str], config: Config | None = None) -> ScanResult:
    """Scan one file."""
    p = str(path)
    return scan_fileset(collect([p]), config)


def partition(files: Sequence[FileRef], parts: int) -> list[list[FileRef]]:
    """Split files into ``parts`` lists of similar total size (largest first)."""
    buckets: list[list[FileRef]] = [[] for _ in range(max(1, parts))]
    sizes = [0] * len(buckets)
    for ref in sorted(files, key=lambda r: -r.size):
        i = sizes.index(min(sizes))
        buckets[i].append(ref)
        sizes[i] += ref.size + 512  # per-file overhead
    return [b for b in buckets if b]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


def scan_paths(
    paths: Sequence[str],
    config: Config | None = None,
    jobs: int | None = None,
    no_ignore: bool = False,
) -> ScanResult:
    """Scan files and directories, in parallel over files on all cores."""
    t0 = time.perf_counter()
    if config is None:
        config = load_config(Path(paths[0]) if paths else None)
    files = collect(list(paths), no_ignore=no_ignore)
    jobs = jobs or default_jobs()
    total = sum(f.size for f in files)
    if jobs <= 1 or total < PARALLEL_MIN_BYTES or len(files) < 2:
        result = scan_fileset(files, config)
    else:
        result = _parallel(files, config, jobs)
    result.findings.sort(key=Finding.sort_key)
    result.stats.seconds = time.perf_counter() - t0
    return result


def _parallel(files: Sequence[FileRef], config: Config, jobs: int) -> ScanResult:
    import multiprocessing as mp

    get_scanner(config).warm()  # compile once in the parent; forked children inherit it
    # Many small parts balance better than one part per core.
    parts = partition(files, jobs * 4)
    method = "fork" if sys.platform.startswith("linux") else None
    ctx = mp.get_context(method)
    with ctx.Pool(processes=jobs) as pool:
        results = pool.starmap(scan_fileset, [(p, config) for p in parts], chunksize=1)
    return ScanResult.merge(results)
