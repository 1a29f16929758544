"""CI detection from the environment alone (no git)."""

from __future__ import annotations

from pathlib import Path

from scanner.ci import detect
from tests.ci_git import event_file

A, B = "a" * 40, "b" * 40


def test_github_push(tmp_path: Path) -> None:
    ctx = detect({"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_SHA": B,
                  "GITHUB_EVENT_PATH": event_file(tmp_path, {"before": A, "after": B})})
    assert (ctx.provider, ctx.event, ctx.revs) == ("github", "push", (f"{A}..{B}",))
    assert ctx.native_format == "sarif" and ctx.native_path.endswith(".sarif")


def test_github_new_branch_and_deletion(tmp_path: Path) -> None:
    ctx = detect({"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push",
                  "GITHUB_REF": "refs/heads/feature",
                  "GITHUB_EVENT_PATH": event_file(tmp_path, {"before": "0" * 40, "after": B})})
    assert ctx.full_history and ctx.new_ref == "refs/heads/feature" and ctx.head == B
    ctx = detect({"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push",
                  "GITHUB_EVENT_PATH": event_file(tmp_path, {"before": A, "after": "0" * 40,
                                                             "deleted": True})})
    assert ctx.skip


def test_github_pull_request(tmp_path: Path) -> None:
    payload = {"pull_request": {"base": {"sha": A}, "head": {"sha": B}}}
    ctx = detect({"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request",
                  "GITHUB_SHA": "c" * 40, "GITHUB_EVENT_PATH": event_file(tmp_path, payload)})
    assert ctx.revs == (f"{A}..{B}",) and ctx.head == B


def test_github_other_events_and_bad_payload(tmp_path: Path) -> None:
    ctx = detect({"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "schedule"})
    assert ctx.full_history and ctx.notes
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    ctx = detect({"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push",
                  "GITHUB_EVENT_PATH": str(bad)})
    assert ctx.full_history and any("GITHUB_EVENT_PATH" in n for n in ctx.notes)


def test_gitlab() -> None:
    mr = detect({"GITLAB_CI": "true", "CI": "true", "CI_MERGE_REQUEST_IID": "7",
                 "CI_MERGE_REQUEST_DIFF_BASE_SHA": A, "CI_COMMIT_SHA": B})
    assert (mr.provider, mr.event, mr.revs) == ("gitlab", "merge_request", (f"{A}..{B}",))
    assert mr.native_format == "gitlab"
    push = detect({"GITLAB_CI": "true", "CI_COMMIT_BEFORE_SHA": A, "CI_COMMIT_SHA": B,
                   "CI_PIPELINE_SOURCE": "push"})
    assert push.revs == (f"{A}..{B}",)
    first = detect({"GITLAB_CI": "true", "CI_COMMIT_BEFORE_SHA": "0" * 40, "CI_COMMIT_SHA": B,
                    "CI_PIPELINE_SOURCE": "push", "CI_COMMIT_REF_NAME": "topic"})
    assert first.full_history and first.new_ref == "refs/heads/topic"


def test_generic_and_none() -> None:
    assert detect({"CI": "true"}).provider == "generic"
    assert detect({"CI": "true"}).full_history
    assert detect({}).provider == "none"
