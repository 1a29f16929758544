"""Which commits a push sends, from git's pre-push hook input.

Each input line is ``<local ref> <local sha> <remote ref> <remote sha>``. A deletion (local
sha all zeros) sends nothing; a new branch (remote sha all zeros, or a remote sha we do not
have) sends what no remote-tracking ref has; an update sends ``remote..local``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scanner.errors import UsageError
from scanner.gitexec import run_git, try_git
from scanner.sources.git.plumbing import is_null_sha


@dataclass(frozen=True, slots=True)
class PushUpdate:
    local_ref: str
    local_sha: str
    remote_ref: str
    remote_sha: str


def parse_updates(lines: Iterable[str]) -> list[PushUpdate]:
    """Parse hook input; blank lines are ignored, malformed ones are a usage error."""
    out = []
    for raw in lines:
        parts = raw.split()
        if not parts:
            continue
        if len(parts) != 4:
            raise UsageError(f"unexpected pre-push input line: {raw.strip()[:80]!r}")
        out.append(PushUpdate(*parts))
    return out


def _have_commit(repo: str, sha: str) -> bool:
    code, _ = try_git(["cat-file", "-e", sha + "^{commit}"], cwd=repo)
    return code == 0


def commits_to_scan(repo: str, updates: Iterable[PushUpdate]) -> list[str]:
    """Commits the push sends, newest first, each once."""
    seen: dict[str, None] = {}
    for u in updates:
        if is_null_sha(u.local_sha):
            continue  # deleting a remote ref sends nothing
        if is_null_sha(u.remote_sha) or not _have_commit(repo, u.remote_sha):
            args = ["rev-list", "--topo-order", u.local_sha, "--not", "--remotes"]
        else:
            args = ["rev-list", "--topo-order", u.local_sha, "^" + u.remote_sha]
        if not _have_commit(repo, u.local_sha):
            continue  # pushing a tag of a tree or blob: no commits
        for sha in run_git(args, cwd=repo).decode("ascii").split():
            seen.setdefault(sha, None)
    return list(seen)


ZERO = "0" * 40


def framework_update(env: dict[str, str]) -> PushUpdate | None:
    """The push as the pre-commit framework describes it (it does not forward stdin).

    ``PRE_COMMIT_FROM_REF``/``PRE_COMMIT_TO_REF`` for an update or a new branch with
    history; only ``PRE_COMMIT_LOCAL_BRANCH`` when the pushed branch has no remote ancestor.
    """
    to_ref = env.get("PRE_COMMIT_TO_REF") or ""
    from_ref = env.get("PRE_COMMIT_FROM_REF") or ""
    if to_ref:
        return PushUpdate("", to_ref, env.get("PRE_COMMIT_REMOTE_BRANCH", ""), from_ref or ZERO)
    local = env.get("PRE_COMMIT_LOCAL_BRANCH") or ""
    if local and env.get("PRE_COMMIT_REMOTE_NAME"):
        return PushUpdate(local, local, env.get("PRE_COMMIT_REMOTE_BRANCH", ""), ZERO)
    return None
