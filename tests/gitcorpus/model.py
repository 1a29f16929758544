# ruff: noqa: E501
"""An in-memory model of a git history, written out with ``git fast-import``, with labels.

The story (:mod:`tests.gitcorpus.story`) edits whole-file snapshots per branch and commits
them; the model keeps every commit's full tree, so labels are computed from the exact bytes
each commit holds and never from git's own diff machinery (which is what is under test).

Labelling is by *needle*: a story step registers a secret with :meth:`History.leak` (or a
hard negative with :meth:`History.decoy`) right before the commit that writes it; the commit
finds the value in the files it changed (and in its message) and records the line.
:meth:`History.finish` then checks, over the whole graph, that the labelled commit really is
the first reachable commit holding the value, and lists every later place the same value
shows up again (re-adds, reverts, renames, merges) as *tolerated*: neither a hit nor a miss.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tests import fakes

T = TypeVar("T")
MESSAGE = "<commit message>"  # credscan's file name for commit-message findings
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


@dataclass(frozen=True)
class Blob:
    data: bytes
    mode: str = "100644"  # 100755 executable, 120000 symlink


@dataclass
class Commit:
    mark: int
    ref: str
    parents: list[int]
    tree: dict[str, Blob]
    message: str
    when: int
    author: tuple[str, str]
    scenario: str
    sha: str = ""


@dataclass
class Needle:
    value: str
    label: str  # provider (positive) or category (negative)
    positive: bool
    scenario: str = ""
    pem: bool = False  # label the BEGIN line of the block holding the needle


@dataclass
class Label:
    """One positive: the commit that introduced a secret, the file (or message) and line."""

    mark: int
    file: str
    line: int
    provider: str
    scenario: str
    value: str

    def key(self, shas: dict[int, str]) -> tuple[str, str, int]:
        return (shas[self.mark], self.file, self.line)


@dataclass
class Tag:
    name: str
    mark: int
    message: str | None  # None: lightweight


def lines_with(text: str, value: str, pem: bool = False) -> list[int]:
    """1-based lines of ``text`` on which ``value`` starts (for PEM, the BEGIN line above)."""
    out: list[int] = []
    start = 0
    while value:
        pos = text.find(value, start)
        if pos < 0:
            break
        at = pos
        if pem:
            b = text.rfind("-----BEGIN", 0, pos)
            at = b if b >= 0 else pos
        ln = text.count("\n", 0, at) + 1
        if ln not in out:
            out.append(ln)
        start = pos + len(value)
    return out


def _text(b: Blob) -> str:
    return b.data.decode("utf-8", "replace") if b.mode != "120000" else ""


def is_binary(data: bytes) -> bool:
    return b"\x00" in data[:8000]


class History:
    """Branches, commits, merges, tags; labels; a fast-import stream."""

    def __init__(self, seed: int, start: int = 1_693_526_400) -> None:
        self.seed = seed
        self.r = random.Random(f"credscan-gitcorpus-{seed}")
        self._n = 0
        self.commits: list[Commit] = []
        self.heads: dict[str, int] = {}
        self.tags: list[Tag] = []
        self.deleted_refs: list[str] = []
        self.clock = start
        self._pending: list[Needle] = []
        self.labels: list[Label] = []
        self.negatives: dict[tuple[int, str, int], str] = {}
        self.decoy_values: dict[str, str] = {}
        self.positive_values: dict[str, Needle] = {}
        self.staged_picks: list[tuple[int, str]] = []
        self._blob_cache: dict[bytes, bytes] = {}
        self.people = [("Alice Martin", "alice@acme-pay.io"), ("Bob Okafor", "bob.okafor@acme-pay.io"),
                       ("Chen Wei", "chen.wei@acme-pay.io"), ("Dana Kowalski", "dana@acme-pay.io"),
                       ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
                       ("Emeka Obi", "emeka@acme-pay.io"), ("Fatima Zahra", "fatima.z@acme-pay.io")]

    # -- randomness -------------------------------------------------------------------------
    def s(self) -> str:
        self._n += 1
        return f"gc{self.seed}-{self._n}"

    def pick(self, items: Sequence[T]) -> T:
        return self.r.choice(items)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def n(self, lo: int, hi: int) -> int:
        return self.r.randint(lo, hi)

    def hexs(self, k: int) -> str:
        return fakes.rand(self.s(), fakes.HEX, k)

    # -- labels -----------------------------------------------------------------------------
    def leak(self, value: str, provider: str, scenario: str) -> str:
        """A real secret written by the next commit (positive where it first appears)."""
        nd = Needle(value, provider, True, scenario)
        self._pending.append(nd)
        self.positive_values.setdefault(value, nd)
        return value

    def leak_pem(self, pem: str, provider: str, scenario: str) -> str:
        body = pem.split("\n")[1][:40]
        nd = Needle(body, provider, True, scenario, pem=True)
        self._pending.append(nd)
        self.positive_values.setdefault(body, nd)
        return pem

    def decoy(self, value: str, category: str) -> str:
        """A deliberate hard negative (only used to name the category of a false positive)."""
        self.decoy_values.setdefault(value, category)
        return value

    # -- graph ------------------------------------------------------------------------------
    def tree(self, ref: str | int) -> dict[str, Blob]:
        mark = ref if isinstance(ref, int) else self.heads[ref]
        return self.commits[mark - 1].tree

    def text(self, ref: str | int, path: str) -> str:
        return _text(self.tree(ref)[path])

    def has(self, ref: str, path: str) -> bool:
        return path in self.tree(ref)

    def _tick(self) -> int:
        self.clock += self.n(600, 4 * 3600)
        return self.clock

    def commit(self, ref: str, changes: dict[str, str | bytes | Blob | None], message: str,
               scenario: str = "filler", author: tuple[str, str] | None = None,
               parents: list[int] | None = None, base: dict[str, Blob] | None = None) -> int:
        """Commit ``changes`` (path -> new content, None deletes) on top of ``ref``."""
        if parents is None:
            parents = [self.heads[ref]] if ref in self.heads else []
        tree = dict(base if base is not None else (self.commits[parents[0] - 1].tree if parents else {}))
        for path, content in changes.items():
            if content is None:
                tree.pop(path, None)
            elif isinstance(content, Blob):
                tree[path] = content
            else:
                data = content.encode("utf-8") if isinstance(content, str) else content
                mode = tree[path].mode if path in tree else "100644"
                tree[path] = Blob(data, mode)
        if not message.endswith("\n"):
            message += "\n"
        mark = len(self.commits) + 1
        c = Commit(mark, ref, parents, tree, message, self._tick(),
                   author or self.pick(self.people[:4] + self.people[5:]), scenario)
        self.commits.append(c)
        self.heads[ref] = mark
        c.sha = self._commit_sha(c)
        self._resolve(c)
        return mark

    def sha(self, mark: int, short: int = 40) -> str:
        return self.commits[mark - 1].sha[:short]

    # -- git object ids, computed here so that messages can quote them ----------------------
    def _blob_sha(self, data: bytes) -> bytes:
        sha = self._blob_cache.get(data)
        if sha is None:
            sha = self._blob_cache[data] = _obj(b"blob", data)
        return sha

    def _tree_sha(self, tree: dict[str, Blob]) -> bytes:
        root: dict[str, Any] = {}
        for path, blob in tree.items():
            node = root
            parts = path.split("/")
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            node[parts[-1]] = blob

        def build(node: dict[str, Any]) -> bytes:
            entries = []
            for name, v in node.items():
                if isinstance(v, dict):
                    entries.append((name + "/", b"40000 " + name.encode() + b"\0" + build(v)))
                else:
                    entries.append((name, v.mode.encode() + b" " + name.encode() + b"\0" + self._blob_sha(v.data)))
            entries.sort(key=lambda e: e[0].encode())
            return _obj(b"tree", b"".join(e[1] for e in entries))

        return build(root)

    def _commit_sha(self, c: Commit) -> str:
        name, email = c.author
        body = b"tree " + self._tree_sha(c.tree).hex().encode() + b"\n"
        for p in c.parents:
            body += b"parent " + self.commits[p - 1].sha.encode() + b"\n"
        who = f"{name} <{email}> {c.when} +0000".encode()
        body += b"author " + who + b"\ncommitter " + who + b"\n\n" + c.message.encode()
        return _obj(b"commit", body).hex()

    def branch(self, name: str, start: str | int) -> None:
        self.heads[name] = start if isinstance(start, int) else self.heads[start]

    def delete_branch(self, name: str) -> None:
        self.heads.pop(name)
        self.deleted_refs.append(name)

    def tag(self, name: str, ref: str | int, message: str | None = None) -> None:
        self.tags.append(Tag(name, ref if isinstance(ref, int) else self.heads[ref], message))

    def ancestors(self, mark: int) -> set[int]:
        seen: set[int] = set()
        todo = [mark]
        while todo:
            m = todo.pop()
            if m in seen:
                continue
            seen.add(m)
            todo.extend(self.commits[m - 1].parents)
        return seen

    def merge_base(self, a: int, b: int) -> int | None:
        common = self.ancestors(a) & self.ancestors(b)
        return max(common) if common else None  # marks grow with time; the newest common one

    def merge(self, into: str, other: str | int, message: str, resolution: dict[str, str | bytes | None] | None = None,
              scenario: str = "filler", author: tuple[str, str] | None = None, strict: bool = False) -> int:
        """A merge commit: file-level three-way merge; files changed on both sides are taken
        from ``resolution`` (which may also add anything else: an "evil merge"), else from
        the first parent (or refused when ``strict``)."""
        ours, theirs = self.heads[into], other if isinstance(other, int) else self.heads[other]
        mb = self.merge_base(ours, theirs)
        bt = self.commits[mb - 1].tree if mb else {}
        ot, tt = self.commits[ours - 1].tree, self.commits[theirs - 1].tree
        resolution = dict(resolution or {})
        merged: dict[str, Blob] = {}
        for path in sorted(set(bt) | set(ot) | set(tt)):
            b, o, t = bt.get(path), ot.get(path), tt.get(path)
            if path in resolution:
                continue
            if o == t or t == b:
                res = o
            elif o == b:
                res = t
            elif strict:
                raise AssertionError(f"generator bug: unresolved conflict in {path}")
            else:
                res = o  # an ordinary conflict resolved with "ours": no new line
            if res is not None:
                merged[path] = res
        return self.commit(into, dict(resolution), message, scenario, author,
                           parents=[ours, theirs], base=merged)

    # -- labelling at commit time ------------------------------------------------------------
    def changed(self, c: Commit) -> list[str]:
        """Paths whose content differs from at least one parent (all paths for a root)."""
        if not c.parents:
            return sorted(c.tree)
        out = []
        for path, blob in c.tree.items():
            if any(self.commits[p - 1].tree.get(path) != blob for p in c.parents):
                out.append(path)
        return sorted(out)

    def _resolve(self, c: Commit) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        changed = self.changed(c)
        for nd in pending:
            found = False
            for path in changed:
                blob = c.tree[path]
                if blob.mode == "120000" or is_binary(blob.data):
                    continue
                for ln in lines_with(_text(blob), nd.value, nd.pem):
                    found = True
                    if nd.positive:
                        self.labels.append(Label(c.mark, path, ln, nd.label, nd.scenario, nd.value))
            for ln in lines_with(c.message, nd.value):
                found = True
                if nd.positive:
                    self.labels.append(Label(c.mark, MESSAGE, ln, nd.label, nd.scenario, nd.value))
            if not found:
                raise AssertionError(f"generator bug: {nd.label} ({nd.scenario}) not written by commit {c.mark}")

    # -- output -----------------------------------------------------------------------------
    def fast_import_stream(self) -> bytes:
        out: list[bytes] = []
        w = out.append
        for c in self.commits:
            w(f"commit refs/gitcorpus/c{c.mark}\nmark :{c.mark}\n".encode())
            name, email = c.author
            w(f"author {name} <{email}> {c.when} +0000\ncommitter {name} <{email}> {c.when} +0000\n".encode())
            msg = c.message.encode()
            w(b"data %d\n" % len(msg) + msg + b"\n")
            first: dict[str, Blob] = {}
            if c.parents:
                w(f"from :{c.parents[0]}\n".encode())
                first = self.commits[c.parents[0] - 1].tree
                for p in c.parents[1:]:
                    w(f"merge :{p}\n".encode())
            else:
                w(b"deleteall\n")
            for path in sorted(set(first) - set(c.tree)):
                w(b"D " + _q(path) + b"\n")
            for path in sorted(c.tree):
                blob = c.tree[path]
                if first.get(path) == blob:
                    continue
                w(f"M {blob.mode} inline ".encode() + _q(path) + b"\n")
                w(b"data %d\n" % len(blob.data) + blob.data + b"\n")
            w(b"\n")
        for ref, mark in sorted(self.heads.items()):
            full = ref if ref.startswith("refs/") else "refs/heads/" + ref
            w(f"reset {full}\nfrom :{mark}\n\n".encode())
        for t in self.tags:
            if t.message is None:
                w(f"reset refs/tags/{t.name}\nfrom :{t.mark}\n\n".encode())
            else:
                msg = t.message.encode()
                when = self.commits[t.mark - 1].when + 3600
                w(f"tag {t.name}\nfrom :{t.mark}\ntagger Release Bot <release@acme-pay.io> {when} +0000\n".encode())
                w(b"data %d\n" % len(msg) + msg + b"\n")
        return b"".join(out)

    def write_repo(self, root: Path, env: dict[str, str]) -> None:
        """``git init`` + fast-import; marks mapped to shas; scratch refs removed."""
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q", "-b", "main", env=env)
        marks = root / ".git" / "gitcorpus-marks"
        git(root, "fast-import", "--quiet", f"--export-marks={marks}", env=env, input=self.fast_import_stream())
        shas = {}
        for line in marks.read_text().split("\n"):
            if line:
                m, sha = line.split()
                shas[int(m[1:])] = sha
        marks.unlink()
        for c in self.commits:
            if c.sha != shas[c.mark]:
                raise AssertionError(f"model bug: commit {c.mark} hashed {c.sha}, git made {shas[c.mark]}")
        refs = git(root, "for-each-ref", "--format=%(refname)", "refs/gitcorpus/", env=env).split()
        git(root, "update-ref", "--stdin", env=env, input="".join(f"delete {r}\n" for r in refs).encode())

    # -- final labels -----------------------------------------------------------------------
    def reachable(self) -> set[int]:
        out: set[int] = set()
        for mark in list(self.heads.values()) + [t.mark for t in self.tags]:
            out |= self.ancestors(mark)
        return out

    def finish(self) -> tuple[list[Label], dict[tuple[int, str, int], str]]:
        """Check labels against the graph; return (positives, tolerated re-add places).

        Walks reachable commits oldest first (marks grow with time and parents come first):
        the first commit whose changed files or message hold a value must be the one that
        labelled it; every later place holding the same value is tolerated.
        """
        reach = self.reachable()
        first: dict[str, int] = {}
        tolerated: dict[tuple[int, str, int], str] = {}
        for c in self.commits:
            if c.mark not in reach:
                continue
            texts = [(p, _text(c.tree[p])) for p in self.changed(c)
                     if c.tree[p].mode != "120000" and not is_binary(c.tree[p].data)]
            texts.append((MESSAGE, c.message))
            for value, nd in self.positive_values.items():
                for path, text in texts:
                    if value not in text:
                        continue
                    first.setdefault(value, c.mark)
                    if first[value] != c.mark:
                        for ln in lines_with(text, value, nd.pem):
                            tolerated[(c.mark, path, ln)] = nd.label
        labels = [lb for lb in self.labels if lb.mark in reach]
        for lb in labels:
            if first.get(lb.value) != lb.mark:
                raise AssertionError(f"generator bug: {lb.provider} ({lb.scenario}) first appears in "
                                     f"commit {first.get(lb.value)}, labelled {lb.mark}")
        labelled = {lb.value for lb in labels}
        for value in first:
            if value not in labelled:
                raise AssertionError(f"generator bug: {self.positive_values[value].label} reachable but never labelled")
        return labels, tolerated


def _obj(kind: bytes, data: bytes) -> bytes:
    return hashlib.sha1(kind + b" %d\0" % len(data) + data).digest()


def _q(path: str) -> bytes:
    """fast-import path quoting (C-style) for names with spaces, quotes or non-ASCII."""
    raw = path.encode("utf-8")
    if all(32 < b < 127 and b not in (34, 92) for b in raw) and not raw.startswith(b'"'):
        return raw
    out = bytearray(b'"')
    for b in raw:
        if b == 34:
            out += b'\\"'
        elif b == 92:
            out += b"\\\\"
        elif b == 10:
            out += b"\\n"
        elif 32 <= b < 127:
            out.append(b)
        else:
            out += b"\\%03o" % b
    out += b'"'
    return bytes(out)


def git_env(when: int | None = None, home: str | None = None) -> dict[str, str]:
    """A hermetic git environment: no user/system config, fixed identity and dates."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
                "GIT_AUTHOR_NAME": "Alice Martin", "GIT_AUTHOR_EMAIL": "alice@acme-pay.io",
                "GIT_COMMITTER_NAME": "Alice Martin", "GIT_COMMITTER_EMAIL": "alice@acme-pay.io",
                "LC_ALL": "C", "TZ": "UTC"})
    if home:
        env["HOME"] = home
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when} +0000"
    return env


def git(cwd: Path, *args: str, env: dict[str, str], input: bytes | None = None, check: bool = True) -> str:
    p = subprocess.run(["git", *args], cwd=cwd, env=env, input=input, capture_output=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {p.stderr.decode(errors='replace').strip()}")
    return p.stdout.decode("utf-8", "replace")


__all__ = ["Blob", "Commit", "EMPTY_TREE", "History", "Label", "MESSAGE", "git", "git_env", "lines_with"]
