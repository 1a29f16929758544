# ruff: noqa: E501
"""Line-level precision / recall of ``credscan history`` and ``credscan staged`` on the git corpus.

Usage: ``python -m tests.gitcorpus.evaluate [--seed N] [--out DIR] [--max N]``

History: runs ``credscan history REPO -f json`` (a subprocess, as users run it) and counts a
finding at or above ``medium`` as a hit when its ``(commit, file, line)`` is a labelled
positive (see :mod:`tests.gitcorpus.generator` for the ground-truth rules). A reported place
that is a *tolerated* re-add of an already-labelled secret is ignored; anything else is a
false positive. Two figures: ``primary`` (each finding's own commit/file/line) and
``+occurrences`` (a finding's occurrences count as places it reports too).

Staged: for a set of commits (a root commit on an unborn branch, a conflicted merge in
progress, a rename, a revert that re-adds a secret, a deletion, binary files, a mode change,
CRLF, ...) a fresh clone is put in the state just before that commit (HEAD = first parent,
index = the commit's tree, plus an unstaged edit and an untracked file that each hold a
secret that must *not* be reported), then ``credscan staged -f json`` runs. Truth: the added
lines of ``git diff --cached -M`` that hold a labelled secret value; scored on (file, line).

False positives and negatives are printed with values redacted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.redact import redact
from tests import fakes
from tests.accuracy.scoring import PRF
from tests.gitcorpus.generator import GitCorpus, generate
from tests.gitcorpus.model import EMPTY_TREE, MESSAGE, git, git_env, lines_with

SEVERITIES = ["info", "low", "medium", "high", "critical"]
THRESHOLD = "medium"
_TOKEN = re.compile(r"[^\s'\"`<>(),;\[\]{}|]+")


@dataclass
class Report:
    history: PRF = field(default_factory=PRF)
    history_occ: PRF = field(default_factory=PRF)
    staged: PRF = field(default_factory=PRF)
    by_scenario: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    by_pick: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    fps: list[str] = field(default_factory=list)
    fns: list[str] = field(default_factory=list)
    staged_fps: list[str] = field(default_factory=list)
    staged_fns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    head_ok: int = 0
    head_total: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _reported(f: dict[str, Any]) -> bool:
    sev = str(f.get("severity", "")).lower()
    return sev in SEVERITIES and SEVERITIES.index(sev) >= SEVERITIES.index(THRESHOLD)


def credscan(args: list[str], cwd: Path | None = None) -> dict[str, Any]:
    """Run the CLI as a user would (``python -m scanner``); JSON on stdout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    import scanner  # the package this process imported (a checkout under test may shadow the repo)

    roots = [str(Path(scanner.__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[2])]
    env["PYTHONPATH"] = os.pathsep.join(roots + [env.get("PYTHONPATH", "")])
    p = subprocess.run([sys.executable, "-m", "scanner", *args, "-f", "json", "--quiet"] if args[0] == "history" else
                       [sys.executable, "-m", "scanner", *args, "-f", "json"], cwd=cwd, env=env, capture_output=True)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"credscan {' '.join(args)} exited {p.returncode}: {p.stderr.decode(errors='replace')[:500]}")
    return json.loads(p.stdout.decode())


def _mask(text: str, secrets: list[str]) -> str:
    for s in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(s, redact(s))

    def sub(m: re.Match[str]) -> str:
        tok = m.group(0)
        mixed = sum([any(c.islower() for c in tok), any(c.isupper() for c in tok), any(c.isdigit() for c in tok)]) >= 2
        return redact(tok) if len(tok) >= 16 and mixed and "********" not in tok else tok

    text = _TOKEN.sub(sub, text).strip()
    return text[:150] + ("…" if len(text) > 150 else "")


def _line_of(c: GitCorpus, sha: str, path: str, line: int) -> str:
    h = c.history
    for cm in h.commits:
        if cm.sha == sha:
            text = cm.message if path == MESSAGE else (cm.tree[path].data.decode("utf-8", "replace") if path in cm.tree else "")
            lines = text.split("\n")
            return lines[line - 1] if 0 < line <= len(lines) else ""
    return ""


def _category(c: GitCorpus, text: str) -> str:
    for v, cat in c.history.decoy_values.items():
        if v and v in text:
            return cat
    return "unlabelled"


def evaluate_history(c: GitCorpus, rep: Report) -> None:
    t0 = time.perf_counter()
    data = credscan(["history", str(c.repo)])
    rep.seconds["history"] = time.perf_counter() - t0
    truth = c.keys()
    found: set[tuple[str, str, int]] = set()
    found_occ: set[tuple[str, str, int]] = set()
    head: dict[tuple[str, str, int], Any] = {}
    for f in data["findings"]:
        if not _reported(f):
            continue
        key = (f.get("commit") or "", f["file"], int(f["line"]))
        found.add(key)
        found_occ.add(key)
        head[key] = f.get("present_at_head")
        for o in f.get("occurrences") or []:
            found_occ.add((o.get("commit") or "", o["file"], int(o["line"])))
        if key not in truth and key not in c.tolerated:
            text = _line_of(c, key[0], key[1], key[2])
            rep.fps.append(f"  {key[0][:10]} {key[1]}:{key[2]}  [{f['rule']}] {f.get('secret_redacted')}  ({_category(c, text)})\n      | {_mask(text, [])}")
    for prf, got in ((rep.history, found), (rep.history_occ, found_occ)):
        prf.tp = sum(1 for k in truth if k in got)
        prf.fn = len(truth) - prf.tp
        prf.fp = sum(1 for k in got if k not in truth and k not in c.tolerated)
    for key, p in sorted(truth.items(), key=lambda kv: (kv[1].scenario, kv[0])):
        s = rep.by_scenario[p.scenario]
        if key in found:
            s.tp += 1
            if head.get(key) is not None:
                rep.head_total += 1
                rep.head_ok += int(bool(head[key]) == p.at_head)
                if bool(head[key]) != p.at_head:
                    rep.notes.append(f"present_at_head wrong: {key[0][:10]} {key[1]}:{key[2]} [{p.provider}] credscan={head[key]} truth={p.at_head}")
        else:
            s.fn += 1
            text = _line_of(c, key[0], key[1], key[2])
            near = [f"{f['rule']}@{f['severity']}:{f['commit'][:7] if f.get('commit') else '-'}:{f['file']}:{f['line']}"
                    for f in data["findings"] if f.get("secret_redacted") == redact(p.value)][:3]
            rep.fns.append(f"  {key[0][:10]} {key[1]}:{key[2]}  [{p.provider}, {p.scenario}] {redact(p.value)}  seen as: {', '.join(near) or '-'}\n"
                           f"      | {_mask(text, [p.value])}")
    readds = [k for k in c.tolerated if _is_added(c, *k)]
    occ_ok = sum(1 for k in readds if k in found_occ)
    rep.notes.append(f"re-added places (new line against every parent) listed as occurrences or findings: {occ_ok}/{len(readds)}")
    for k in readds:
        if k not in found_occ:
            rep.notes.append(f"  re-add not listed: {k[0][:10]} {k[1]}:{k[2]} [{c.tolerated[k]}]")


def _is_added(c: GitCorpus, sha: str, path: str, line: int) -> bool:
    """Is this line new against every parent (what ``git log --cc`` shows as added)?"""
    h = c.history
    cm = next(x for x in h.commits if x.sha == sha)
    if path == MESSAGE:
        return True
    text = cm.tree[path].data.decode("utf-8", "replace").split("\n")[line - 1]
    for p in cm.parents:
        blob = h.commits[p - 1].tree.get(path)
        if blob is not None and text in blob.data.decode("utf-8", "replace").split("\n"):
            return False
    return True


# -- staged --------------------------------------------------------------------------------

def _added_lines(clone: Path, base: str, env: dict[str, str]) -> dict[str, set[int]]:
    out = git(clone, "-c", "core.quotePath=false", "diff", "--cached", "-M", "-U0", "--no-color", "--no-ext-diff", base, env=env)
    added: dict[str, set[int]] = defaultdict(set)
    path = None
    line = 0
    for ln in out.split("\n"):
        if ln.startswith("+++ "):
            p = ln[4:].rstrip("\t")
            if p.startswith('"'):
                p = p[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1").decode("utf-8")
            path = None if p == "/dev/null" else p[2:]
        elif ln.startswith("@@"):
            m = re.match(r"@@ -\S+ \+(\d+)(?:,(\d+))? @@", ln)
            line = int(m.group(1)) if m else 0
        elif ln.startswith("+") and path is not None:
            added[path].add(line)
            line += 1
    return added


def _staged_truth(c: GitCorpus, clone: Path, base: str, env: dict[str, str]) -> set[tuple[str, int]]:
    truth: set[tuple[str, int]] = set()
    for path, lines in _added_lines(clone, base, env).items():
        blob = subprocess.run(["git", "show", f":{path}"], cwd=clone, env=env, capture_output=True).stdout
        if b"\x00" in blob[:8000]:
            continue
        text = blob.decode("utf-8", "replace")
        for value, pem in c.positive_values.items():
            if value in text:
                truth.update((path, ln) for ln in lines_with(text, value, pem) if ln in lines)
    return truth


def evaluate_staged(c: GitCorpus, rep: Report, work: Path) -> None:
    env = git_env(home=str(work))
    clone = work / "clone"
    git(work, "clone", "-q", "--no-checkout", str(c.repo), str(clone), env=env)
    t0 = time.perf_counter()
    h = c.history
    by_sha = {cm.sha: cm for cm in h.commits}
    for i, (sha, kind) in enumerate(c.staged_picks):
        cm = by_sha[sha]
        parents = [h.sha(p) for p in cm.parents]
        if parents:
            git(clone, "checkout", "-q", "-f", "--detach", parents[0], env=env)
        else:
            git(clone, "checkout", "-q", "-f", "--orphan", f"unborn-{i}", env=env)
        git(clone, "clean", "-fdxq", env=env)
        merging = len(parents) > 1
        if merging:
            git(clone, "merge", "-q", "--no-ff", "--no-commit", parents[1], env=env, check=False)
        git(clone, "read-tree", "--reset", "-u", sha, env=env)
        base = "HEAD" if parents else EMPTY_TREE
        truth = _staged_truth(c, clone, base, env)
        # noise that must not be reported: an unstaged edit of a staged file, an untracked file
        changed = [p for p in _added_lines(clone, base, env) if (clone / p).is_file()]
        noise_file = sorted(changed)[0] if changed else ".gitignore"
        with open(clone / noise_file, "a", encoding="utf-8") as fh:
            fh.write(f"\nGITHUB_TOKEN={fakes.github_classic(f'unstaged{i}')}\n")
        (clone / "scratch").mkdir(exist_ok=True)
        (clone / "scratch" / "notes.txt").write_text(f"aws_secret_access_key = {fakes.aws_secret(f'untracked{i}')}\n")
        data = credscan(["staged"], cwd=clone)
        got = {(f["file"], int(f["line"])) for f in data["findings"] if _reported(f)}
        prf = rep.by_pick[kind]
        for key in sorted(got | truth):
            tag = (i, *key)
            _ = tag
            if key in got and key in truth:
                prf.tp += 1
            elif key in got:
                prf.fp += 1
                f = next(f for f in data["findings"] if (f["file"], int(f["line"])) == key)
                text = ""
                if (clone / key[0]).is_file():
                    lines = (clone / key[0]).read_text(errors="replace").split("\n")
                    text = lines[key[1] - 1] if key[1] <= len(lines) else ""
                rep.staged_fps.append(f"  [{kind}] {key[0]}:{key[1]}  [{f['rule']}] {f.get('secret_redacted')}  ({_category(c, text)})\n      | {_mask(text, [])}")
            else:
                prf.fn += 1
                blob = subprocess.run(["git", "show", f":{key[0]}"], cwd=clone, env=env, capture_output=True).stdout.decode("utf-8", "replace").split("\n")
                text = blob[key[1] - 1] if key[1] <= len(blob) else ""
                vals = [v for v in c.positive_values if v in text]
                rep.staged_fns.append(f"  [{kind}] {key[0]}:{key[1]}  {redact(vals[0]) if vals else '?'}\n      | {_mask(text, vals)}")
        if merging:
            git(clone, "merge", "--abort", env=env, check=False)
        git(clone, "reset", "-q", "--hard", env=env, check=False)
    for prf in rep.by_pick.values():
        rep.staged.tp += prf.tp
        rep.staged.fp += prf.fp
        rep.staged.fn += prf.fn
    rep.seconds["staged"] = time.perf_counter() - t0


def run(work: Path, seed: int = 0, staged: bool = True) -> tuple[GitCorpus, Report]:
    rep = Report()
    t0 = time.perf_counter()
    c = generate(work / "corpus", seed)
    rep.seconds["generate"] = time.perf_counter() - t0
    evaluate_history(c, rep)
    if staged:
        evaluate_staged(c, rep, work)
    return c, rep


def format_report(c: GitCorpus, rep: Report, max_items: int = 200) -> str:
    h = c.history
    out = [f"git corpus: {len(h.commits)} commits (+2 stash entries), {len(c.positives)} positives, {len(c.tolerated)} tolerated re-add places; "
           + ", ".join(f"{k} {v:.1f}s" for k, v in rep.seconds.items()),
           "HISTORY (findings >= medium, hit = same commit, file and line)",
           rep.history.row("primary"), rep.history_occ.row("+occurrences"),
           f"  present_at_head correct on {rep.head_ok}/{rep.head_total} hits", *("  " + n for n in rep.notes),
           "", "BY SCENARIO (recall)"]
    out += [v.row(k) for k, v in sorted(rep.by_scenario.items())]
    out += ["", "STAGED (hit = same file and line)", rep.staged.row("all")]
    out += [v.row(k) for k, v in sorted(rep.by_pick.items())]
    out += ["", f"HISTORY FALSE POSITIVES ({len(rep.fps)})", *rep.fps[:max_items],
            "", f"HISTORY FALSE NEGATIVES ({len(rep.fns)})", *rep.fns[:max_items],
            "", f"STAGED FALSE POSITIVES ({len(rep.staged_fps)})", *rep.staged_fps[:max_items],
            "", f"STAGED FALSE NEGATIVES ({len(rep.staged_fns)})", *rep.staged_fns[:max_items]]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=None, help="keep the repositories here (default: a temp dir)")
    ap.add_argument("--max", type=int, default=200)
    ap.add_argument("--no-staged", action="store_true")
    a = ap.parse_args(argv)
    if a.out is not None:
        c, rep = run(a.out, a.seed, not a.no_staged)
        print(format_report(c, rep, a.max))
        return 0
    with tempfile.TemporaryDirectory(prefix="credscan-gitcorpus-") as d:
        c, rep = run(Path(d), a.seed, not a.no_staged)
        print(format_report(c, rep, a.max))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
