# ruff: noqa: E501
"""Deterministic, labelled git repository for measuring ``credscan history`` and ``staged``.

``generate(root, seed)`` writes ``root/platform`` (a payments monorepo with ~300 commits:
feature branches merged and never merged, a conflicted merge whose resolution adds a secret,
an "evil merge", reverts and a revert of the revert, renames and moves, deletions, a mode
change, CRLF rewrites, secrets in commit messages and in a squash message, the same secret
copy-pasted into several commits, a cherry-pick, annotated and lightweight tags on deleted
branches, a remote-tracking ref, two stash entries (one with an untracked file), binary
files, a large vendored commit, and many ordinary edits: code, lockfile and ``go.sum``
updates, ``--hash`` pins, releases quoting commit ids, migrations with UUIDs and bcrypt seed
users, docs with placeholders and AWS's example keys).

The history is built in memory (:mod:`tests.gitcorpus.story`) and written with
``git fast-import`` (commit ids are computed by the model first, so messages and changelogs
can quote them, and checked against git's); the stash is made with real ``git stash``.
Identities and dates are fixed, so the same seed gives the same commit ids.

Ground truth (decisions)
------------------------
* A positive is ``(commit, file, line)``: the first reachable commit (oldest first; commits
  are created in date order) whose changed files or message hold a secret value, the file
  (``<commit message>`` for a message, line 1 = subject, as credscan reports it) and the line
  in *that commit's* version of the file. A private key block is labelled on its ``BEGIN``
  line. Every place of the value in that first commit is a positive.
* Later places of the same value are *tolerated* (neither hit nor miss): re-adds and
  copy-pastes, a revert of the commit that removed it (the original introducing commit is
  what counts, not the revert), renames and moves (the rename commit introduces nothing;
  credscan diffs with ``--no-renames`` so it sees the lines again), mode changes, CRLF
  rewrites, a cherry-pick of a commit still reachable on its branch (the original, older
  commit counts), a squash message repeating a message.
* A squash merge of a branch that was then deleted: the squash commit introduces (the branch
  commits are unreachable). A merge commit introduces only what is new against every parent
  (a conflict resolution or an "evil merge" line); what a merge brings from a branch was
  introduced by the branch commit.
* Commits reachable only from a tag, a remote-tracking ref or the stash are in scope (credscan
  scans every ref and the stash reflog). The stash: an unstaged change is introduced by the
  stash's work-tree commit (``stash@{n}``), an untracked file by its third parent
  (``stash@{n}^3``).
* Binary files are negative by rule (none holds a readable secret here).
* What is positive follows tests/redteam's rules: provider tokens with a valid format, private
  keys, hard-coded passwords and URL passwords, framework and signing secrets, Google API keys
  (Firebase web config included); public-by-design values (Stripe ``pk_live``, Sentry DSNs,
  SSH public keys, certificates), placeholders, example keys, hashes, ids and references are
  negative.
"""

from __future__ import annotations

import argparse
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests import fakes
from tests.gitcorpus.model import History, git, git_env, lines_with
from tests.gitcorpus.story import build


@dataclass
class Positive:
    sha: str
    file: str
    line: int
    provider: str
    scenario: str
    value: str
    at_head: bool = False


@dataclass
class GitCorpus:
    repo: Path
    history: History
    positives: list[Positive] = field(default_factory=list)
    tolerated: dict[tuple[str, str, int], str] = field(default_factory=dict)
    positive_values: dict[str, bool] = field(default_factory=dict)  # value -> is a PEM needle
    staged_picks: list[tuple[str, str]] = field(default_factory=list)  # (sha, kind)

    def keys(self) -> dict[tuple[str, str, int], Positive]:
        return {(p.sha, p.file, p.line): p for p in self.positives}


def _stash(repo: Path, h: History, out: GitCorpus, when: int) -> None:
    """Two real stash entries on main: an unstaged edit, then an untracked settings file."""
    env = git_env(when)
    git(repo, "checkout", "-q", "-f", "main", env=env)
    path = "services/api/app/settings.py"
    text = (repo / path).read_text()
    whs = fakes.stripe_webhook_secret(f"stash{h.seed}")
    (repo / path).write_text(text + f"STRIPE_WEBHOOK_SECRET = \"{whs}\"  # TODO move to vault\n")
    git(repo, "stash", "push", "-q", "-m", "wip: webhook secret", env=env)
    w1 = git(repo, "rev-parse", "stash@{0}", env=env).strip()
    new = (repo / path).read_text() + f"STRIPE_WEBHOOK_SECRET = \"{whs}\"  # TODO move to vault\n"
    out.positives.append(Positive(w1, path, lines_with(new, whs)[0], "stripe", "stash", whs))
    env = git_env(when + 600)
    tok = fakes.slack_bot(f"stash{h.seed}")
    local = "services/api/app/local_settings.py"
    (repo / local).write_text(f"# not committed: personal overrides\nDEBUG = True\nSLACK_BOT_TOKEN = \"{tok}\"\n")
    git(repo, "stash", "push", "-q", "-u", "-m", "local settings", env=env)
    u = git(repo, "rev-parse", "stash@{0}^3", env=env).strip()
    out.positives.append(Positive(u, local, 3, "slack", "stash", tok))
    out.positive_values[whs] = False
    out.positive_values[tok] = False


def generate(root: Path, seed: int = 0) -> GitCorpus:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    h = History(seed)
    build(h)
    repo = root / "platform"
    h.write_repo(repo, git_env(home=str(root)))
    out = GitCorpus(repo, h)
    labels, tolerated = h.finish()
    head_tree = h.tree("main")
    head_text = "\n".join(b.data.decode("utf-8", "replace") for b in head_tree.values())
    for lb in labels:
        out.positives.append(Positive(h.sha(lb.mark), lb.file, lb.line, lb.provider, lb.scenario, lb.value,
                                      at_head=lb.value in head_text))
    out.tolerated = {(h.sha(m), f, ln): prov for (m, f, ln), prov in tolerated.items()}
    out.positive_values = {v: nd.pem for v, nd in h.positive_values.items()}
    out.staged_picks = [(h.sha(m), kind) for m, kind in h.staged_picks]
    _stash(repo, h, out, h.clock + 3600)
    return out


def stats(c: GitCorpus) -> str:
    h = c.history
    return "\n".join([
        f"commits={len(h.commits)} (+stash) refs={len(h.heads)} tags={len(h.tags)} merges={sum(len(x.parents) > 1 for x in h.commits)} "
        f"positives={len(c.positives)} tolerated={len(c.tolerated)} staged_picks={len(c.staged_picks)}",
        "by scenario: " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(p.scenario for p in c.positives).items())),
        "by provider: " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(p.provider for p in c.positives).items())),
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    print(stats(generate(Path(a.out), a.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
