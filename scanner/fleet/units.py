"""The one adapter between the fleet and credscan's history code.

Everything the fleet needs from the history audit goes through the functions here, so a
change of that code (the pipeline rewrite) is absorbed in this module alone:

* :func:`all_commits` - the commits ``credscan history`` audits, in its order;
* :func:`scan_range` - one unit of work: what a list of commits adds (pure, picklable);
* :func:`merge` - many units' findings as one ``credscan history`` result (de-duplicated:
  one finding per secret, the earliest introducing commit wins, the rest occurrences);
* :func:`at_head` - whether each finding's secret is still in its file at HEAD.

They are :mod:`scanner.api`'s ``history_commits``, ``scan_commit_range``,
``merge_history`` and ``present_at_head``. The fleet's own git plumbing (ref tips, commits
new since the last run) lives here too, since it must agree with what history lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from scanner import api
from scanner.gitexec import run_git, try_git
from scanner.models import Finding, ScanResult

#: one compiled scanner per worker process and configuration (rules compile once per
#: process, not once per unit)
_SCANNERS: dict[str, Any] = {}


def _scanner(config: Any) -> Any:
    from scanner.config.load import Config

    cfg = config if config is not None else Config()
    key = cfg.cache_key()
    sc = _SCANNERS.get(key)
    if sc is None:
        sc = _SCANNERS[key] = api.build_scanner(cfg)
    return sc


def all_commits(repo: str) -> list[str]:
    """Every commit ``credscan history`` audits (all refs and stashes), in its order."""
    return api.history_commits(repo)


def scan_range(repo: str, shas: Sequence[str], config: Any = None) -> ScanResult:
    """Scan what each commit in ``shas`` adds; findings are not de-duplicated yet."""
    return api.scan_commit_range(repo, list(shas), config, scanner=_scanner(config))


#: extras that :func:`at_head` adds (dropped before it is asked again)
HEAD_EXTRAS = frozenset({"head_line", "head_path"})


def at_head(repo: str, findings: list[Finding]) -> list[Finding]:
    """``findings`` marked with whether their secret is still in their file at HEAD."""
    fresh = [f.with_(extra=tuple((k, v) for k, v in f.extra if k not in HEAD_EXTRAS))
             if any(k in HEAD_EXTRAS for k, _ in f.extra) else f for f in findings]
    return api.present_at_head(repo, fresh)


def sealed_at_head(repo: str, findings: list[Finding], idents: Sequence[str],
                   config: Any = None) -> list[Finding]:
    """Whether stored findings (whose secret is not kept, only its identity ``idents``) are
    still in their file at HEAD: the file at HEAD is scanned and its secrets' identities
    compared. Without the value this cannot follow a rename, so a renamed file says no."""
    from scanner.sources.git.blobs import BlobReader

    if not findings:
        return findings
    from scanner.fleet.state import identity

    sc = _scanner(config)
    found: dict[str, dict[str, int]] = {}  # path -> identity -> first line at HEAD
    out: list[Finding] = []
    with BlobReader(repo) as blobs:
        for f, ident in zip(findings, idents, strict=True):
            if f.file not in found:
                data = blobs.read(f"HEAD:{f.file}")
                hits: dict[str, int] = {}
                for g in api.scan_text(data, f.file, config, scanner=sc) if data else []:
                    hits.setdefault(identity(g), g.line)
                found[f.file] = hits
            line = found[f.file].get(ident)
            extra = {k: v for k, v in f.extra if k not in HEAD_EXTRAS}
            if line is not None:
                extra["head_line"] = str(line)
            out.append(f.with_(present_at_head=line is not None,
                               extra=tuple(sorted(extra.items()))))
    return out


def merge(repo: str, findings: Iterable[Finding], order: Sequence[str] | None = None,
          head_check: bool = True) -> list[Finding]:
    """De-duplicate raw unit findings exactly as ``credscan history`` does.

    ``order`` is :func:`all_commits` (listed here when not given); findings of commits no
    longer reachable (force-pushed away, deleted branches) are dropped, as history would
    not see them.
    """
    commits = list(order) if order is not None else all_commits(repo)
    reachable = set(commits)
    kept = [f for f in findings if f.commit is not None and f.commit.sha in reachable]
    merged = api.merge_history(repo, [ScanResult(findings=kept)], commits, head_check)
    return merged.findings


# -- ref tips and new commits (git plumbing the fleet needs beside the history code) --------

def ref_tips(repo: str) -> dict[str, str]:
    """Each ref (and stash entry) -> the commit it points at; non-commit refs are left out."""
    out = run_git(["for-each-ref", "--format=%(objectname) %(objecttype) %(*objectname) "
                   "%(*objecttype) %(refname)"], cwd=repo)
    tips: dict[str, str] = {}
    nested: list[tuple[str, str]] = []
    for line in out.decode("utf-8", "surrogateescape").splitlines():
        parts = line.split(" ", 4)
        if len(parts) != 5:
            continue
        sha, kind, peeled, peeled_kind, name = parts
        if kind == "commit":
            tips[name] = sha
        elif kind == "tag" and peeled_kind == "commit":
            tips[name] = peeled
        elif kind == "tag" and peeled_kind == "tag":
            nested.append((name, sha))
    for name, sha in nested:  # a tag of a tag: rare, resolve one by one
        code, got = try_git(["rev-parse", "-q", "--verify", f"{sha}^{{commit}}"], cwd=repo)
        if code == 0 and got.strip():
            tips[name] = got.decode("ascii").strip()
    code, head = try_git(["rev-parse", "-q", "--verify", "HEAD^{commit}"], cwd=repo)
    head_sha = head.decode("ascii").strip()
    if code == 0 and head_sha and head_sha not in tips.values():
        tips["HEAD"] = head_sha  # a detached HEAD counts too (``rev-list --all`` walks it)
    if "refs/stash" in tips:
        log = run_git(["log", "-g", "--format=%H", "refs/stash", "--"], cwd=repo)
        for i, sha in enumerate(log.decode("ascii").split()):
            tips[f"refs/stash@{{{i}}}"] = sha
    return tips


def existing(repo: str, shas: Iterable[str]) -> list[str]:
    """The ``shas`` that are commits in ``repo`` (old tips may have been pruned)."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return []
    out = run_git(["cat-file", "--batch-check=%(objectname) %(objecttype)"], cwd=repo,
                  input=("\n".join(wanted) + "\n").encode("ascii"))
    return [ln.split()[0] for ln in out.decode("ascii", "replace").splitlines()
            if ln.endswith(" commit")]


def new_commits(repo: str, tips: Iterable[str], scanned_tips: Iterable[str]) -> list[str]:
    """Commits reachable from ``tips`` but not from ``scanned_tips`` (topological order)."""
    want = list(dict.fromkeys(tips))
    if not want:
        return []
    old = existing(repo, scanned_tips)
    stdin = "\n".join([*want, *("^" + s for s in old)]) + "\n"
    out = run_git(["rev-list", "--topo-order", "--stdin"], cwd=repo, input=stdin.encode("ascii"))
    return out.decode("ascii").split()


def split(shas: Sequence[str], max_commits: int) -> list[list[str]]:
    """Contiguous pieces of at most ``max_commits`` of similar size (locality for git)."""
    n = len(shas)
    if n == 0:
        return []
    pieces = -(-n // max(1, max_commits))
    size = -(-n // pieces)
    return [list(shas[i:i + size]) for i in range(0, n, size)]
