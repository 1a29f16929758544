"""What the next commit adds: the added lines of the index against its parent(s).

Each staged file is scanned whole (the engine sees full context: a key ID on an unchanged
line still pairs with a new secret, allow markers above a line still count) and only
findings on added lines are kept, with line numbers of the staged version. Parents are
``HEAD`` (the empty tree on an unborn branch), plus ``MERGE_HEAD`` while a merge is in
progress (a line is new only if no parent has it), or ``HEAD``'s own parents for
``git commit --amend``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from scanner.errors import SourceError
from scanner.gitexec import run_git
from scanner.models import Finding, ScanResult
from scanner.sources.git.patch import FilePatch, parse_patch
from scanner.sources.git.plumbing import (
    PATCH_ARGS,
    PATCH_CONFIG,
    RepoInfo,
    discover,
    empty_tree,
    resolve_commit,
)

#: Files larger than this are scanned around their added lines only (others blanked).
WHOLE_FILE_LIMIT = 1 << 20
WINDOW = 5


@dataclass
class StagedScan:
    """A staged scan's result plus what was looked at (for the hook's one-line summary)."""

    result: ScanResult
    files: int = 0
    lines: int = 0
    bases: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # submodules etc.


def require_work_tree(repo: str) -> RepoInfo:
    """Discover the repository; a bare one (or a ``.git`` directory) is an error."""
    info = discover(repo)
    if info.bare or not info.work_tree:
        raise SourceError("credscan staged needs a work tree (this is a bare repository "
                          "or a .git directory)")
    return info


def _merge_heads(info: RepoInfo) -> list[str]:
    try:
        with open(os.path.join(info.git_dir, "MERGE_HEAD"), encoding="ascii") as fh:
            return [ln.strip() for ln in fh if ln.strip()]
    except OSError:
        return []


def detect_amend() -> bool:
    """Whether an ancestor process is ``git commit --amend`` (Linux /proc; best effort).

    git tells a pre-commit hook nothing about ``--amend``; ``CREDSCAN_AMEND=1|0`` overrides.
    """
    env = os.environ.get("CREDSCAN_AMEND")
    if env is not None:
        return env.strip() not in ("", "0", "false", "no")
    pid = os.getppid()
    for _ in range(6):
        if pid <= 1:
            return False
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                argv = fh.read().split(b"\0")
            with open(f"/proc/{pid}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            return False
        if argv and os.path.basename(argv[0]) in (b"git", b"git.exe") and b"commit" in argv:
            return b"--amend" in argv
        try:
            pid = int(stat[stat.rfind(b")") + 2:].split()[1])
        except (ValueError, IndexError):
            return False
    return False


def commit_parents(info: RepoInfo, amend: bool | None = None) -> list[str]:
    """The trees the commit being made will be compared with (see the module doc)."""
    head = resolve_commit(info.path, "HEAD")
    if amend is None:
        amend = head is not None and detect_amend()
    if amend and head is not None:
        out = run_git(["rev-list", "--parents", "-n", "1", head], cwd=info.path).split()
        parents = [p.decode() for p in out[1:]]
        return parents or [empty_tree(info.path)]
    if head is None:
        return [empty_tree(info.path)]
    return [head, *_merge_heads(info)]


def staged_patches(repo: str, base: str) -> list[FilePatch]:
    """Parse ``git diff --cached`` against ``base`` (renames and copies detected)."""
    out = run_git([*PATCH_CONFIG, "diff", "--cached", *PATCH_ARGS, "-M", "-C",
                   "--ignore-submodules=none", base, "--"], cwd=repo)
    return parse_patch(out)


def _combine(per_base: list[list[FilePatch]]) -> list[FilePatch]:
    """Keep, per new path, only lines added against every base (merges)."""
    first = [f for f in per_base[0] if f.path is not None]
    if len(per_base) == 1:
        return first
    others = [{f.path: f for f in fs if f.path is not None} for fs in per_base[1:]]
    out = []
    for f in first:
        added = set(f.added)
        binary_new = f.binary
        for o in others:
            g = o.get(f.path or "")
            if g is None:  # identical to this parent: nothing new
                added = set()
                binary_new = False
                break
            added &= set(g.added)
            binary_new = binary_new and g.binary
        f.added = sorted(added)
        f.binary = binary_new
        out.append(f)
    return out


def read_blobs(repo: str, shas: Sequence[str]) -> dict[str, bytes]:
    """Contents of blobs by id, in one ``git cat-file --batch`` call."""
    wanted = [s for s in dict.fromkeys(shas) if s]
    if not wanted:
        return {}
    out = run_git(["cat-file", "--batch"], cwd=repo,
                  input=("\n".join(wanted) + "\n").encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for sha in wanted:
        nl = out.find(b"\n", pos)
        header = out[pos:nl].split()
        if len(header) < 3 or header[1] == b"missing":
            pos = nl + 1
            continue
        size = int(header[2])
        blobs[sha] = out[nl + 1:nl + 1 + size]
        pos = nl + 1 + size + 1
    return blobs


def _window(data: bytes, added: list[int]) -> bytes:
    """Blank every line farther than WINDOW lines from an added line (line numbers kept)."""
    lines = data.split(b"\n")
    keep: set[int] = set()
    for n in added:
        keep.update(range(max(1, n - WINDOW), n + WINDOW + 1))
    return b"\n".join(ln if i in keep else b"" for i, ln in enumerate(lines, 1))


def scan_staged(repo: str = ".", scanner: Any = None, config: Any = None,
                amend: bool | None = None) -> StagedScan:
    """Scan what the next commit adds. ``scanner`` defaults to the configured one."""
    t0 = time.perf_counter()
    info = require_work_tree(repo)
    bases = commit_parents(info, amend)
    per_base = [staged_patches(info.path, b) for b in bases]
    files = _combine(per_base)

    todo = [f for f in files if not f.submodule and not f.null_new and (f.added or f.binary)]
    old_for_binary = [f.old_blob for f in todo if f.binary and f.old_blob
                      and set(f.old_blob) != {"0"}]
    result = ScanResult()
    scan = StagedScan(result=result, bases=bases,
                      skipped=[f.path or "" for f in files if f.submodule])
    if not todo:
        result.stats.seconds = time.perf_counter() - t0
        return scan
    if scanner is None:
        from scanner.api import get_scanner

        scanner = get_scanner(config)
    blobs = read_blobs(info.path, [f.new_blob or "" for f in todo] + old_for_binary)
    known = _known_keys()
    stats = result.stats
    for f in todo:
        assert f.path is not None
        data = blobs.get(f.new_blob or "")
        if data is None:
            raise SourceError(f"cannot read the staged content of {f.path}")
        stats.files += 1
        stats.bytes += len(data)
        if f.binary:
            found = _scan_binary(scanner, f, data, blobs)
            if found is None:
                stats.binary_skipped += 1
                continue
            result.findings.extend(found)
            continue
        stats.lines += len(f.added)
        body = data if len(data) <= WHOLE_FILE_LIMIT else _window(data, f.added)
        added = set(f.added)
        found = scanner.scan_bytes(body, f.path)
        if known is not None:
            # keys moved by move-keys, or held in ~/.aws: blocked even where no rule matches
            found = found + known.findings(body, f.path, exclude=found)
        result.findings.extend(x for x in found if x.line in added)
    scan.files = stats.files
    scan.lines = stats.lines
    result.findings.sort(key=Finding.sort_key)
    stats.seconds = time.perf_counter() - t0
    return scan


def _known_keys() -> Any:
    """Hashes of the user's known AWS keys (tripwire, ~/.aws files), or None if none."""
    from scanner.aws.paths import aws_paths

    p = aws_paths()
    if not any(f.is_file() for f in (p.config, p.credentials, p.tripwire)):
        return None  # nothing to protect: skip loading the tripwire machinery
    from scanner.aws.tripwire import load_known_keys

    known = load_known_keys()
    return known if len(known) else None


def _scan_binary(scanner: Any, f: FilePatch, data: bytes,
                 blobs: dict[str, bytes]) -> list[Finding] | None:
    """Files git calls binary (e.g. UTF-16 text): report secrets the old version lacked."""
    from scanner.engine.textio import is_binary

    if is_binary(data[:8192]):
        return None
    new = scanner.scan_bytes(data, f.path)
    old_data = blobs.get(f.old_blob or "")
    if not new or old_data is None:
        return list(new)
    old = {(x.rule_id, x.secret) for x in scanner.scan_bytes(old_data, f.old_path or f.path)}
    return [x for x in new if (x.rule_id, x.secret) not in old]
