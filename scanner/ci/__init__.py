"""Which CI we run in, and exactly which commits its push or merge request brings.

- GitHub Actions (``GITHUB_ACTIONS=true``): ``push`` events give ``before``/``after`` in
  the event payload (``GITHUB_EVENT_PATH``); ``pull_request``/``pull_request_target`` give
  the base and head SHAs. Native report: SARIF for code scanning.
- GitLab CI (``GITLAB_CI=true``): merge-request pipelines give
  ``CI_MERGE_REQUEST_DIFF_BASE_SHA`` (else the target branch SHA); branch pipelines give
  ``CI_COMMIT_BEFORE_SHA``..``CI_COMMIT_SHA``. Native report: the Secret Detection JSON.
- Anything else (``CI=true`` or nothing): the full history.

A new branch (the "before" SHA is all zeros) scans the commits no other remote branch
has; when a range cannot be resolved in the clone (shallow checkout, force-push to an
unknown commit) we fall back to the full history and say why: never scan less than asked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

NATIVE = {
    "github": ("sarif", "credscan.sarif"),
    "gitlab": ("gitlab", "gl-secret-detection-report.json"),
    "generic": ("json", "credscan-report.json"),
    "none": ("json", "credscan-report.json"),
}


@dataclass(frozen=True)
class CIContext:
    """The CI and the commit range to scan (``revs`` empty = full history)."""

    provider: str  # github | gitlab | generic | none
    event: str
    head: str | None = None
    base: str | None = None
    new_ref: str | None = None  # branch or tag pushed for the first time
    revs: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    skip: bool = False  # nothing to scan (a deleted branch)

    @property
    def full_history(self) -> bool:
        return not self.revs

    @property
    def native_format(self) -> str:
        return NATIVE[self.provider][0]

    @property
    def native_path(self) -> str:
        return NATIVE[self.provider][1]

    def describe(self) -> str:
        what = ("nothing" if self.skip else "full history" if self.full_history
                else " ".join(self.revs[:3]) + (" ..." if len(self.revs) > 3 else ""))
        return f"{self.provider} {self.event}: {what}"


def _null(sha: str | None) -> bool:
    return not sha or set(sha) <= {"0"}


def _truthy(v: str | None) -> bool:
    return (v or "").strip().lower() in {"1", "true", "yes"}


def detect(env: Mapping[str, str]) -> CIContext:
    """Read the CI environment (no git access; :func:`resolve` checks the range)."""
    if _truthy(env.get("GITHUB_ACTIONS")):
        return _github(env)
    if _truthy(env.get("GITLAB_CI")):
        return _gitlab(env)
    if _truthy(env.get("CI")) or env.get("BUILD_ID") or env.get("JENKINS_URL"):
        return CIContext("generic", "unknown", head=None,
                         notes=("no supported CI detected; scanning the full history",))
    return CIContext("none", "local", notes=("not running in CI; scanning the full history",))


def _github(env: Mapping[str, str]) -> CIContext:
    event = env.get("GITHUB_EVENT_NAME", "") or "unknown"
    head = env.get("GITHUB_SHA") or None
    payload: dict[str, object] = {}
    path = env.get("GITHUB_EVENT_PATH")
    notes: list[str] = []
    if path:
        try:
            with open(path, encoding="utf-8") as fh:
                loaded = json.load(fh)
            if isinstance(loaded, dict):
                payload = loaded
        except (OSError, ValueError) as exc:
            notes.append(f"cannot read GITHUB_EVENT_PATH ({exc}); scanning the full history")
    if event == "push":
        before = payload.get("before")
        after = payload.get("after") or head
        head = str(after) if after else head
        if payload.get("deleted"):
            return CIContext("github", event, head=None, skip=True,
                             notes=("branch deleted; nothing to scan",))
        if isinstance(before, str) and not _null(before) and head:
            return CIContext("github", event, head=head, base=before, revs=(f"{before}..{head}",))
        ref = env.get("GITHUB_REF", "")
        if head and isinstance(before, str) and _null(before):
            return CIContext("github", event, head=head, new_ref=ref, notes=tuple(notes))
        notes.append("push without a 'before' commit; scanning the full history")
        return CIContext("github", event, head=head, notes=tuple(notes))
    if event in ("pull_request", "pull_request_target", "merge_group"):
        pr = payload.get("pull_request")
        base = headsha = None
        if isinstance(pr, dict):
            b, h = pr.get("base"), pr.get("head")
            base = b.get("sha") if isinstance(b, dict) else None
            headsha = h.get("sha") if isinstance(h, dict) else None
        if event == "merge_group":
            mg = payload.get("merge_group")
            if isinstance(mg, dict):
                base, headsha = mg.get("base_sha"), mg.get("head_sha")
        if isinstance(base, str) and isinstance(headsha, str) and base and headsha:
            return CIContext("github", event, head=headsha, base=base,
                             revs=(f"{base}..{headsha}",))
        notes.append("pull request without base/head SHAs; scanning the full history")
        return CIContext("github", event, head=head, notes=tuple(notes))
    notes.append(f"event {event!r} has no commit range; scanning the full history")
    return CIContext("github", event, head=head, notes=tuple(notes))


def _gitlab(env: Mapping[str, str]) -> CIContext:
    head = env.get("CI_COMMIT_SHA") or None
    if env.get("CI_MERGE_REQUEST_IID") or env.get("CI_MERGE_REQUEST_DIFF_BASE_SHA"):
        base = (env.get("CI_MERGE_REQUEST_DIFF_BASE_SHA")
                or env.get("CI_MERGE_REQUEST_TARGET_BRANCH_SHA"))
        if base and head and not _null(base):
            return CIContext("gitlab", "merge_request", head=head, base=base,
                             revs=(f"{base}..{head}",))
        target = env.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME")
        if target and head:
            return CIContext("gitlab", "merge_request", head=head, base=f"origin/{target}",
                             revs=(f"origin/{target}..{head}",))
        return CIContext("gitlab", "merge_request", head=head,
                         notes=("merge request without a base commit; scanning the full "
                                "history",))
    before = env.get("CI_COMMIT_BEFORE_SHA")
    event = env.get("CI_PIPELINE_SOURCE") or "push"
    if head and before and not _null(before):
        return CIContext("gitlab", event, head=head, base=before, revs=(f"{before}..{head}",))
    if head and env.get("CI_COMMIT_REF_NAME") and event == "push":
        ref = env["CI_COMMIT_REF_NAME"]
        kind = "tags" if env.get("CI_COMMIT_TAG") else "heads"
        return CIContext("gitlab", event, head=head, new_ref=f"refs/{kind}/{ref}")
    return CIContext("gitlab", event, head=head,
                     notes=("no previous commit for this pipeline; scanning the full history",))


def _remote_refs(repo: str) -> list[tuple[str, str]]:
    from scanner.gitexec import try_git

    code, out = try_git(["for-each-ref", "--format=%(objectname) %(refname)", "refs/remotes",
                         "refs/tags"], cwd=repo)
    refs: list[tuple[str, str]] = []
    if code != 0:
        return refs
    for line in out.decode("utf-8", "replace").splitlines():
        sha, _, name = line.partition(" ")
        if name and not name.endswith("/HEAD"):
            refs.append((sha, name))
    return refs


def resolve(repo: str, ctx: CIContext) -> CIContext:
    """Check the range against the clone; fall back to full history when it cannot hold."""
    from scanner.sources.git.plumbing import resolve_commit

    if ctx.skip:
        return ctx
    notes = list(ctx.notes)
    if ctx.head and resolve_commit(repo, ctx.head) is None:
        notes.append(f"commit {ctx.head[:12]} is not in this clone; scanning the full history")
        return replace(ctx, revs=(), notes=tuple(notes))
    if ctx.base is not None and ctx.revs:
        if resolve_commit(repo, ctx.base) is None:
            notes.append(f"base commit {ctx.base[:12]} is not in this clone (shallow checkout? "
                         "use fetch-depth: 0); scanning the full history")
            return replace(ctx, revs=(), notes=tuple(notes))
        return ctx
    if ctx.new_ref and ctx.head:
        short = ctx.new_ref.split("/", 2)[-1]
        others = [sha for sha, name in _remote_refs(repo)
                  if not name.endswith("/" + short) and name != ctx.new_ref]
        if others:
            excl = sorted({f"^{sha}" for sha in others})
            notes.append(f"new ref {short}: scanning the commits no other remote ref has")
            return replace(ctx, revs=(ctx.head, *excl), notes=tuple(notes))
        notes.append(f"new ref {short} and no other remote refs; scanning the full history")
    return replace(ctx, revs=(), notes=tuple(notes))
