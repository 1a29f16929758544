"""Was a key ever committed here, and is that commit on a remote branch?

The history scanner (:func:`scanner.sources.git.history.scan_history`) is used when it
is available; otherwise ``git log -p --all --reflog`` is streamed and searched in Python.
Never ``git log -S<key>``: that would put the key in the process list (``ps``) for every
user to read.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from scanner.errors import SourceError
from scanner.gitexec import popen_git, try_git

#: Stop after this many commits per key: enough to say "yes, and where".
MAX_COMMITS = 5


@dataclass
class Exposure:
    checked: bool
    commits: list[str] = field(default_factory=list)  # newest first
    pushed_to: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def in_history(self) -> bool:
        return bool(self.commits)


def _git(repo: Path, *args: str) -> list[str]:
    try:
        code, out = try_git(list(args), cwd=repo, timeout=60)
    except SourceError:
        return []
    if code != 0:
        return []
    return [ln.strip() for ln in out.decode("utf-8", "replace").splitlines() if ln.strip()]


def history_exposure(repo: Path, needles: Mapping[str, list[bytes]]) -> dict[str, Exposure]:
    """For each label, the commits that hold any of its byte strings, and remote branches
    that contain them."""
    if not needles:
        return {}
    try:
        out = _with_history_scanner(repo, needles)
    except Exception:  # noqa: BLE001 - any trouble there: the plain search below still works
        out = None
    if out is None:
        out = search_log(repo, needles)
    for exp in out.values():
        for sha in exp.commits[:MAX_COMMITS]:
            for ref in _git(repo, "branch", "-r", "--contains", sha):
                if "->" not in ref and ref not in exp.pushed_to:
                    exp.pushed_to.append(ref)
    return out


def _with_history_scanner(repo: Path, needles: Mapping[str, list[bytes]]) \
        -> dict[str, Exposure] | None:
    from scanner.api import scan_history

    result = scan_history(str(repo), head_check=False)
    out = {label: Exposure(checked=True) for label in needles}
    for f in result.findings:
        value = f.secret.encode("utf-8", "surrogateescape")
        for label, values in needles.items():
            if value in values:
                shas = [f.commit.sha if f.commit else "", *(o.commit or "" for o in
                                                            f.occurrences)]
                for sha in shas:
                    if sha and sha not in out[label].commits:
                        out[label].commits.append(sha)
    return out


def search_log(repo: Path, needles: Mapping[str, list[bytes]]) -> dict[str, Exposure]:
    """Fallback: stream ``git log -p`` and look for the byte strings in changed lines."""
    out = {label: Exposure(checked=True) for label in needles}
    cmd = ["log", "--all", "--reflog", "-p", "--no-color", "--no-ext-diff", "--no-textconv",
           "--text", "--no-show-signature", "--format=%x00%H"]
    try:
        proc = popen_git(cmd, cwd=repo, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except (OSError, SourceError) as exc:
        return {label: Exposure(False, error=str(exc)) for label in needles}
    assert proc.stdout is not None
    commit = ""
    pending = set(needles)
    try:
        for line in proc.stdout:
            if line.startswith(b"\0"):
                commit = line[1:].strip().decode("ascii", "replace")
                continue
            if not line.startswith((b"+", b"-")) or line.startswith((b"+++ ", b"--- ")):
                continue
            for label in list(pending):
                exp = out[label]
                if exp.commits and exp.commits[-1] == commit:
                    continue
                if any(n in line for n in needles[label]):
                    exp.commits.append(commit)
                    if len(exp.commits) >= MAX_COMMITS:
                        pending.discard(label)
            if not pending:
                break
    finally:
        proc.stdout.close()
        proc.kill()
        proc.wait()
    return out


def git_root(start: Path) -> Path | None:
    """The work tree containing ``start``, or None."""
    lines = _git(start if start.is_dir() else start.parent, "rev-parse", "--show-toplevel")
    return Path(lines[0]) if lines else None
