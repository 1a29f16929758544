"""Small helpers to build real git repositories in temp dirs for CI and baseline tests."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

#: environment variables that would make a test think it runs in some CI
CI_VARS = [
    "CI", "GITHUB_ACTIONS", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_SHA", "GITHUB_REF",
    "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITLAB_CI", "CI_COMMIT_SHA", "CI_COMMIT_BEFORE_SHA",
    "CI_MERGE_REQUEST_IID", "CI_MERGE_REQUEST_DIFF_BASE_SHA", "CI_MERGE_REQUEST_TARGET_BRANCH_SHA",
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "CI_PIPELINE_SOURCE", "CI_COMMIT_REF_NAME",
    "CI_COMMIT_TAG", "CI_COMMIT_BRANCH", "BUILD_ID", "JENKINS_URL", "FORCE_COLOR",
]

_GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Dev", "GIT_AUTHOR_EMAIL": "dev@example.com",
    "GIT_COMMITTER_NAME": "Test Dev", "GIT_COMMITTER_EMAIL": "dev@example.com",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}


def clean_ci_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in CI_VARS:
        monkeypatch.delenv(var, raising=False)


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, **_GIT_ENV}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    out = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                         text=True)
    return out.stdout.strip()


def init(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def commit(repo: Path, files: dict[str, str | None], msg: str,
           date: str = "2024-01-01T12:00:00+00:00") -> str:
    """Write (or delete, for None) files, commit them all, return the new SHA."""
    for name, text in files.items():
        p = repo / name
        if text is None:
            p.unlink()
            continue
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", msg, date=date)
    return git(repo, "rev-parse", "HEAD")


def event_file(tmp: Path, payload: dict[str, object]) -> str:
    p = tmp / "event.json"
    p.write_text(json.dumps(payload), encoding="utf-8")
    return str(p)
