"""What ``credscan staged FILE...`` scans when a hook framework passes file names.

The pre-commit framework calls a ``pass_filenames`` hook with the files of the run: the
staged files on a commit, every tracked file with ``pre-commit run --all-files``, the named
ones with ``--files``. On a commit the names are exactly the staged changes, so credscan
keeps its usual meaning (the lines the commit adds); when a name is not among the staged
changes the run is an audit of those files, and they are scanned whole, as
``credscan scan FILE...`` would.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.gitexec import run_git
from scanner.models import ScanResult
from scanner.sources.git.staged import StagedSource

STAGED = "staged"
FILES = "files"


def _top(repo: str) -> Path:
    return Path(run_git(["rev-parse", "--show-toplevel"], cwd=repo).decode().strip())


def relative_names(repo: str, names: Sequence[str]) -> list[str]:
    """``names`` (relative to the current directory, as a framework passes them) relative
    to the top of the work tree, in POSIX form."""
    top = _top(repo).resolve()
    out = []
    for n in names:
        p = Path(n)
        absolute = (p if p.is_absolute() else Path.cwd() / p).resolve()
        try:
            out.append(absolute.relative_to(top).as_posix())
        except ValueError:
            out.append(os.path.normpath(n).replace(os.sep, "/"))
    return out


def mode_for(repo: str, names: Sequence[str], amend: bool | None = None,
             source: StagedSource | None = None) -> str:
    """:data:`STAGED` when there are no names or every name is a staged change (a path the
    next commit adds or changes), else :data:`FILES` (scan the named files whole)."""
    if not names:
        return STAGED
    src = source or StagedSource(repo, amend)
    src.prepare()
    return STAGED if set(relative_names(repo, names)) <= src.changed else FILES


@dataclass
class HookScan:
    """What the pre-commit hook scanned: the result and its one-line summary."""

    result: ScanResult
    mode: str
    summary: str
    #: in STAGED mode, every path the commit adds, changes or deletes
    touched: frozenset[str] = frozenset()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def scan_for_hook(repo: str, names: Sequence[str], config: Any, scanner: Any,
                  amend: bool | None = None, explain: bool = False) -> HookScan:
    """``credscan staged [FILE...]``: the commit's added lines, or (names that are not all
    staged changes) the named files whole; see the module doc. The staged diff is taken
    once and serves both the decision and the scan."""
    from scanner import api

    src = StagedSource(repo, amend, tuple(names))
    if mode_for(repo, names, amend, src) == FILES:
        result = api.scan_paths(list(names), config=config, scanner=scanner, explain=explain)
        return HookScan(result, FILES, f"credscan: scanned {_plural(result.stats.files, 'file')} "
                                       "(named by the hook framework, whole files)")
    scan = api.scan_staged(repo, config=config, amend=amend, paths=names, scanner=scanner,
                           explain=explain, source=src)
    return HookScan(scan.result, STAGED,
                    f"credscan: scanned {_plural(scan.files, 'staged file')}, "
                    f"{_plural(scan.lines, 'added line')}", scan.touched)
