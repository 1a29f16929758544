"""The history audit: every commit's added lines (merges and messages included), in parallel.

Design (performance is a requirement: as fast as ``git log -p`` alone):

* ``git rev-list`` lists the commits once; the list is cut into contiguous pieces and each
  piece is one unit of work, :func:`scan_commits` ``(repo, shas) -> ScanResult``, a plain
  function that a process pool here (or a Dask/Ray cluster elsewhere) can run anywhere the
  repository is readable. Results merge with :meth:`ScanResult.merge`.
* A unit runs one ``git log --no-walk --stdin -p -U0 --cc`` and streams its output in large
  blocks, cut at commit boundaries, straight into ``Scanner.scan_bytes``. Python never
  walks the patch line by line: only the engine's findings are mapped back to commit, file
  and line (:mod:`.diffmap`), and only added lines are kept.
* Merges are shown as dense combined diffs (``--cc``): a line counts only if it is new
  against every parent, so conflict resolutions and "evil merges" are scanned while what a
  merge merely brings in from a branch is not scanned twice.
* The same secret (same rule and value) seen in many commits is one finding: the earliest
  commit that introduced it, with the other places as occurrences.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from scanner.errors import SourceError
from scanner.gitexec import popen_git, run_git
from scanner.models import CommitInfo, Finding, Occurrence, ScanResult, ScanStats
from scanner.sources.git.diffmap import (
    COMMIT_FORMAT,
    MARKER,
    MESSAGE_FILE,
    CommitHeader,
    continuation,
    cut_point,
    header_at,
    line_starts,
    locate,
)
from scanner.sources.git.plumbing import PATCH_CONFIG, discover, resolve_commit

#: Bytes of patch handed to the engine per call (cut at a commit boundary). Measured: 1 MB
#: beats both smaller blocks (per-call costs) and larger ones (the prefilter lets more
#: rules through), and lets git and the engine overlap even on small pieces.
CHUNK = 1 << 20
#: A single commit larger than this is split inside (at a file, else a line, boundary).
MAX_BUFFER = 48 << 20
#: Path given to the engine for patch text (real paths are restored per finding).
PATCH_PATH = "<git-history>"

LOG_ARGS: tuple[str, ...] = (
    *PATCH_CONFIG, "log", "--stdin", "--no-walk=unsorted", "--root", "-p", "-U0", "--cc",
    "--no-renames", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative",
    "--src-prefix=a/", "--dst-prefix=b/", "--submodule=short", "--encoding=UTF-8",
    "--format=" + COMMIT_FORMAT,
)

_SCANNERS: dict[str, Any] = {}

#: Removed lines of a patch. A fixed internal pattern, linear by construction (one character
#: class, no nesting); Python's ``re.sub`` runs it at ~200 MB/s where RE2's wrapper does
#: ~15 MB/s, and it halves what the engine has to scan. User patterns all go through RE2.
_REMOVED = re.compile(rb"\n-[^\n]*")


def _scanner_for(config: Any) -> Any:
    """One scanner per process and configuration (compiling rules is not free)."""
    key = config.cache_key() if config is not None and hasattr(config, "cache_key") else ""
    sc = _SCANNERS.get(key)
    if sc is None:
        from scanner.api import get_scanner

        sc = _SCANNERS[key] = get_scanner(config)
    return sc


def preload_scanner(config: Any, scanner: Any = None, warm: bool = True) -> Any:
    """Build (or register) the scanner before forking workers, so they inherit it warm."""
    key = config.cache_key() if config is not None and hasattr(config, "cache_key") else ""
    if scanner is not None:
        _SCANNERS[key] = scanner
    else:
        scanner = _scanner_for(config)
    if warm:
        _warm(scanner)
    return scanner


def _warm(sc: Any) -> None:
    """Compile every rule and load the prefilter database once, before workers fork."""
    if getattr(sc, "_credscan_warm", False):
        return
    sc.warm()
    with contextlib.suppress(AttributeError):
        sc._credscan_warm = True


def _grow_pipe(fileobj: Any) -> None:
    """Ask Linux for a 1 MB pipe buffer: fewer context switches between git and us."""
    try:
        import fcntl

        fcntl.fcntl(fileobj.fileno(), 1031, 1 << 20)  # F_SETPIPE_SZ
    except (ImportError, OSError, AttributeError, ValueError):
        pass


def _commit_info(h: CommitHeader) -> CommitInfo:
    return CommitInfo(sha=h.sha, author=h.author, email=h.email, date=h.date, subject=h.subject)


class _ChunkScanner:
    """Scans patch chunks and maps findings back (state: per-unit stats and findings)."""

    def __init__(self, scanner: Any, messages: bool, repo: str | None = None) -> None:
        self.sc = scanner
        self.messages = messages
        self.repo = repo
        self.result = ScanResult()

    def feed(self, piece: bytes) -> None:
        if not piece:
            return
        st = self.result.stats
        st.bytes += len(piece)
        st.commits += piece.count(b"\n" + MARKER) + (1 if piece.startswith(MARKER) else 0)
        st.files += piece.count(b"\ndiff --")
        st.lines += piece.count(b"\n+") - piece.count(b"\n+++ ")
        st.binary_skipped += piece.count(b"\nBinary files ")
        # The engine sees added lines without their '+' and removed lines emptied (half the
        # bytes, and no pairing with a removed line); line numbers are unchanged.
        data = _added_text(piece)
        if b"\x00" in data:
            data = data.replace(b"\x00", b" ")
        found = self.sc.scan_bytes(data, PATCH_PATH)
        found += _file_scoped(self.sc, piece, data)
        if found:
            self._map(piece, found)

    def _map(self, piece: bytes, found: list[Finding]) -> None:
        from scanner.engine.fingerprint import fingerprint

        starts = line_starts(piece, (f.line for f in found))
        headers: dict[int, CommitHeader] = {}
        mapped: list[Finding] = []
        for f in found:
            off = starts.get(f.line)
            if off is None:
                continue
            loc = locate(piece, off)
            if loc is None:
                continue
            if loc.file == MESSAGE_FILE:
                if not self.messages:
                    continue
                text, col = f.line_text[1:] if f.line_text.startswith(" ") else f.line_text, -1
            else:
                if not self.sc.keep_for_path(f, loc.file):
                    continue
                extra = loc.prefix - 1  # combined diffs keep one '+' per extra parent
                text, col = f.line_text[extra:], -extra
            h = headers.get(loc.commit_pos)
            if h is None:
                h = headers[loc.commit_pos] = header_at(piece, loc.commit_pos)
            mapped.append(f.with_(
                file=loc.file, line=loc.line, column=max(1, f.column + col),
                end_column=max(1, f.end_column + col), line_text=text,
                fingerprint=fingerprint(f.rule_id, loc.file, f.secret),
                commit=_commit_info(h),
            ))
        if self.repo is not None and mapped:
            mapped = _drop_allowed_next_line(self.repo, mapped)
        self.result.findings.extend(mapped)


_PATH_LITERALS: dict[int, tuple[bytes, ...]] = {}


def _added_text(piece: bytes) -> bytes:
    """What the engine sees of a patch: added lines without their '+' ('++' in combined
    diffs of merges), removed lines emptied; line numbers are unchanged."""
    return _REMOVED.sub(b"\n-", piece).replace(b"\n++", b"\n").replace(b"\n+", b"\n")


def _file_scoped(sc: Any, piece: bytes, data: bytes) -> list[Finding]:
    """Rules scoped to file names (.pgpass, .netrc, master.key) need the file's name, which
    a patch chunk of many files lacks: scan each such file's section on its own."""
    names = getattr(sc, "path_rule_names", None)
    if not names:
        return []
    lits = _PATH_LITERALS.get(id(sc))
    if lits is None:
        lits = _PATH_LITERALS[id(sc)] = tuple(names())
    if not any(n in piece for n in lits):
        return []
    out: list[Finding] = []
    pos = piece.find(b"\n+++ b/")
    while pos != -1:
        eol = piece.find(b"\n", pos + 1)
        if eol == -1:
            break
        path = piece[pos + 7:eol].decode("utf-8", "surrogateescape")
        nxt = piece.find(b"\n+++ b/", eol)
        end = len(piece) if nxt == -1 else nxt
        if sc.has_path_rules(path):
            # offsets differ between the raw piece and the engine's text, line numbers not
            section = _added_text(piece[eol:end])[1:]
            out.extend(sc.scan_path_rules(section, path, piece.count(b"\n", 0, eol + 1)))
        pos = nxt
    return out


def _drop_allowed_next_line(repo: str, findings: list[Finding]) -> list[Finding]:
    """Honour ``credscan:allow-next-line`` on an unchanged line above an added secret.

    With ``-U0`` the line above is not in the patch, so read it from the commit's blob
    (one ``git cat-file --batch`` for all findings of a chunk; findings are rare).
    """
    from scanner.engine.allow import allows_next_line

    todo = [f for f in findings if f.commit is not None and f.line > 1
            and f.file != MESSAGE_FILE and "\n" not in f.file]
    if not todo:
        return findings
    specs = list(dict.fromkeys(f"{f.commit.sha}:{f.file}" for f in todo if f.commit))
    out = run_git(["cat-file", "--batch"], cwd=repo, input=("\n".join(specs) + "\n").encode(
        "utf-8", "surrogateescape"))
    blobs: dict[str, bytes] = {}
    pos = 0
    for spec in specs:
        nl = out.find(b"\n", pos)
        head = out[pos:nl].split()
        if len(head) != 3 or not head[2].isdigit():
            pos = nl + 1
            continue
        size = int(head[2])
        blobs[spec] = out[nl + 1:nl + 1 + size]
        pos = nl + 1 + size + 1
    keep = []
    for f in findings:
        blob = blobs.get(f"{f.commit.sha}:{f.file}") if f.commit else None
        if blob is not None and f.line > 1:
            lines = blob.split(b"\n", f.line - 1)
            if len(lines) >= f.line and allows_next_line(lines[f.line - 2]):
                continue
        keep.append(f)
    return keep


class _Reader:
    """Reads git's output on a thread so git keeps producing while the engine scans.

    Without it a worker alternates: git blocks on a full pipe while Python scans, Python
    waits while git diffs. A small bounded queue keeps memory at a few blocks.
    """

    def __init__(self, stream: Any, size: int, depth: int = 3) -> None:
        import queue
        import threading

        self.stream = stream
        self.size = size
        self.error: BaseException | None = None
        self.q: queue.Queue[bytes | None] = queue.Queue(maxsize=depth)
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while not self._stop:
                block = self.stream.read(self.size)
                if not block:
                    break
                self.q.put(block)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the consumer
            self.error = exc
        finally:
            self.q.put(None)

    def __iter__(self) -> Iterator[bytes]:
        while True:
            block = self.q.get()
            if block is None:
                return
            yield block

    def close(self) -> None:
        self._stop = True
        while self.thread.is_alive():
            with contextlib.suppress(Exception):  # queue.Empty
                self.q.get_nowait()
            self.thread.join(0.01)
        self.stream.close()


def _log_process(repo: str, shas: Sequence[str], err: Any) -> Any:
    proc = popen_git(LOG_ARGS, cwd=repo, stderr=err)
    assert proc.stdin is not None and proc.stdout is not None
    _grow_pipe(proc.stdout)
    # git log --stdin reads all of its input before printing anything: no deadlock.
    proc.stdin.write(("\n".join(shas) + "\n").encode("ascii"))
    proc.stdin.close()
    return proc


def scan_commits(repo: str, shas: Sequence[str], config: Any = None, messages: bool = True,
                 chunk_size: int | None = None, scanner: Any = None) -> ScanResult:
    """Scan what each commit in ``shas`` adds (a unit of work; picklable in and out)."""
    t0 = time.perf_counter()
    sc = scanner if scanner is not None else _scanner_for(config)
    cs = _ChunkScanner(sc, messages, repo)
    if not shas:
        return cs.result
    chunk_size = chunk_size or CHUNK
    import tempfile

    errfile = tempfile.TemporaryFile()  # noqa: SIM115 - a file (git never blocks on it), closed below
    proc = _log_process(repo, shas, errfile)
    blocks = _Reader(proc.stdout, chunk_size)
    carry = b""
    finished = False
    try:
        for block in blocks:
            buf = carry + block if carry else block
            cut = cut_point(buf)
            if cut > 0:
                cs.feed(buf[:cut])
                carry = buf[cut:]
            elif len(buf) > MAX_BUFFER:
                carry = _split_huge(cs, buf)
            else:
                carry = buf
        cs.feed(carry)
        finished = True
    finally:
        if not finished:
            proc.kill()
        blocks.close()
        rc = proc.wait()
        errfile.seek(0)
        err = errfile.read(4096)
        errfile.close()
    if blocks.error is not None:
        raise blocks.error
    if rc != 0:
        msg = err.decode("utf-8", "replace").strip().splitlines()
        raise SourceError("git log: " + (msg[0].removeprefix("fatal: ") if msg else f"exit {rc}"))
    cs.result.stats.seconds = time.perf_counter() - t0
    return cs.result


def _split_huge(cs: _ChunkScanner, buf: bytes) -> bytes:
    """Scan most of one oversized commit; return the rest with repeated headers."""
    d = buf.rfind(b"\ndiff --")
    first_nl = buf.find(b"\n")
    if d > first_nl > 0:
        cut = d + 1
    else:
        cut = buf.rfind(b"\n") + 1
        if cut <= first_nl + 1:
            return buf  # one enormous line: keep reading until it ends
    cs.feed(buf[:cut])
    return continuation(buf, cut) + buf[cut:]


# -- listing commits ------------------------------------------------------------------------

@dataclass(frozen=True)
class Selection:
    """Which commits to audit (defaults: everything reachable from every ref + stashes)."""

    revs: tuple[str, ...] = ()
    branches: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    max_commits: int | None = None


def list_commits(repo: str, sel: Selection = Selection()) -> list[str]:
    """Commits to scan, newest first in topological order (parents after children)."""
    args = ["rev-list", "--topo-order"]
    if sel.since:
        args.append(f"--since={sel.since}")
    if sel.until:
        args.append(f"--until={sel.until}")
    if sel.max_commits is not None:
        args.append(f"--max-count={sel.max_commits}")
    revs = [*sel.branches, *sel.revs]
    stdin = None
    if not revs:
        args += ["--all"]
        stash = _stash_entries(repo)
        if stash:
            args.append("--stdin")
            stdin = ("\n".join(stash) + "\n").encode()
    else:
        for r in revs:
            if r.startswith("-"):
                raise SourceError(f"invalid revision {r!r}")
        args += ["--end-of-options", *revs]
    if resolve_commit(repo, "HEAD") is None and not _has_refs(repo):
        return []
    out = run_git(args, cwd=repo, input=stdin)
    return out.decode("ascii").split()


def _has_refs(repo: str) -> bool:
    out = run_git(["for-each-ref", "--count=1", "--format=%(refname)"], cwd=repo)
    return bool(out.strip())


def _stash_entries(repo: str) -> list[str]:
    """Older stash entries live only in the reflog of refs/stash; --all sees the newest."""
    if resolve_commit(repo, "refs/stash") is None:
        return []
    out = run_git(["log", "-g", "--format=%H", "refs/stash", "--"], cwd=repo)
    return out.decode("ascii").split()


def split(shas: Sequence[str], jobs: int, min_piece: int = 64) -> list[list[str]]:
    """Contiguous pieces (locality helps git's object cache), largest first and shrinking
    (guided scheduling), so that workers finish together instead of one running alone."""
    n = len(shas)
    out: list[list[str]] = []
    i = 0
    while i < n:
        size = max(min_piece, -(-(n - i) // (3 * jobs)))
        out.append(list(shas[i:i + size]))
        i += size
    return out


# -- de-duplication and HEAD presence -------------------------------------------------------

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


def present_at_head(repo: str, findings: list[Finding]) -> list[Finding]:
    """Mark each finding with whether its secret is anywhere in HEAD's tree (one git grep)."""
    if not findings:
        return findings
    if resolve_commit(repo, "HEAD") is None:
        return [f.with_(present_at_head=False) for f in findings]
    needles = {}
    for f in findings:
        parts = [p for p in f.secret.splitlines() if p.strip()]
        needle = max(parts, key=len).encode("utf-8", "surrogateescape") if parts \
            else f.secret.encode("utf-8", "surrogateescape")
        if f.extras.get("encoding") == "base64":  # found decoded (Kubernetes Secret data)
            import base64

            needle = base64.b64encode(f.secret.encode("utf-8", "surrogateescape"))
        needles[f.secret] = needle
    patterns = b"\n".join(sorted(set(needles.values()))) + b"\n"
    proc = popen_git([*PATCH_CONFIG, "grep", "-F", "-o", "-I", "-h", "--no-color",
                      "--no-recurse-submodules", "-f", "-", "HEAD", "--"], cwd=repo)
    out, err = proc.communicate(patterns)
    if proc.returncode not in (0, 1):
        msg = err.decode("utf-8", "replace").strip().splitlines()
        raise SourceError("git grep: " + (msg[0] if msg else f"exit {proc.returncode}"))
    hits = set(out.split(b"\n"))
    return [f.with_(present_at_head=needles[f.secret] in hits) for f in findings]


# -- orchestration --------------------------------------------------------------------------

ProgressFn = Callable[[int, int, int], None]  # (commits done, commits total, bytes done)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _unit(args: tuple[str, list[str], Any, bool]) -> ScanResult:
    repo, shas, config, messages = args
    return scan_commits(repo, shas, config, messages)


def scan_history(repo: str = ".", sel: Selection = Selection(), config: Any = None,
                 jobs: int | None = None, messages: bool = True, scanner: Any = None,
                 progress: ProgressFn | None = None, shas: Sequence[str] | None = None,
                 head_check: bool = True) -> ScanResult:
    """Audit a repository (or the given ``shas``): deduplicated findings plus statistics."""
    t0 = time.perf_counter()
    info = discover(repo)
    path = info.path
    commits = list(shas) if shas is not None else list_commits(path, sel)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    order = {sha: i for i, sha in enumerate(commits)}
    total = len(commits)
    inline = jobs == 1 or total <= 128
    sc = preload_scanner(config, scanner, warm=not inline)
    results: list[ScanResult] = []
    done = done_bytes = 0
    if progress:
        progress(0, total, 0)
    if inline:
        for piece in split(commits, 1, min_piece=max(256, total // 16 + 1)):
            r = scan_commits(path, piece, config, messages, scanner=sc)
            results.append(r)
            done += len(piece)
            done_bytes += r.stats.bytes
            if progress:
                progress(done, total, done_bytes)
    else:
        import multiprocessing as mp

        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        pieces = split(commits, jobs)
        with ctx.Pool(min(jobs, len(pieces))) as pool:
            work = [(path, p, config, messages) for p in pieces]
            for r in pool.imap_unordered(_unit, work):
                results.append(r)
                done += r.stats.commits
                done_bytes += r.stats.bytes
                if progress:
                    progress(min(done, total), total, done_bytes)
    merged = ScanResult.merge(results)
    merged.findings = dedupe(merged.findings, order)
    if head_check:
        merged.findings = present_at_head(path, merged.findings)
    merged.stats = ScanStats(
        files=merged.stats.files, bytes=merged.stats.bytes, lines=merged.stats.lines,
        binary_skipped=merged.stats.binary_skipped, commits=total,
        seconds=time.perf_counter() - t0,
    )
    return merged
