"""Running git: one hardened entry point, repository discovery, and path unquoting.

User configuration can change what ``git diff``/``git log`` print (prefixes, colours,
relative paths, external diff drivers, textconv, context merging, pagers). Every command that
produces a patch we parse goes through :data:`PATCH_CONFIG` + :data:`PATCH_ARGS` so the output
has exactly the shape the parsers expect, whatever the user's ``~/.gitconfig`` says.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from scanner.errors import SourceError
from scanner.gitexec import run_git, try_git

#: ``-c`` settings that pin down the patch format (applied before the sub-command).
PATCH_CONFIG: tuple[str, ...] = (
    "-c", "core.quotePath=false",
    "-c", "diff.noprefix=false",
    "-c", "diff.mnemonicPrefix=false",
    "-c", "diff.interHunkContext=0",
    "-c", "diff.suppressBlankEmpty=false",
    "-c", "diff.relative=false",
    "-c", "color.ui=never",
    "-c", "log.showSignature=false",
    "-c", "core.pager=cat",
)

#: Options of ``git diff``/``git log -p`` giving a stable, parseable, raw-content patch.
PATCH_ARGS: tuple[str, ...] = (
    "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative",
    "--src-prefix=a/", "--dst-prefix=b/", "--submodule=short", "--full-index",
)

ZERO_SHA_CHARS = frozenset("0")


@dataclass(frozen=True, slots=True)
class RepoInfo:
    """Where a repository lives and what kind it is."""

    path: str  # the directory git commands run in
    git_dir: str
    bare: bool
    shallow: bool
    work_tree: bool
    head: str | None = None  # HEAD's commit, None on an unborn branch


def discover(path: str | os.PathLike[str] = ".") -> RepoInfo:
    """Locate the repository containing ``path`` and resolve ``HEAD`` (one git call: the
    pre-commit hook pays for every process it starts)."""
    p = os.fspath(path)
    if not os.path.isdir(p):
        raise SourceError(f"not a directory: {p}")
    # `--verify` judges only the one revision; it fails (after the other answers) when HEAD
    # is unborn, which is not an error here
    code, out = try_git(["rev-parse", "--absolute-git-dir", "--is-bare-repository",
                         "--is-shallow-repository", "--is-inside-work-tree",
                         "--verify", "-q", "--end-of-options", "HEAD^{commit}"], cwd=p)
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) < 4 or code not in (0, 1) or lines[1] not in ("true", "false"):
        raise SourceError(f"not a git repository: {p}")
    head = lines[4].strip() if code == 0 and len(lines) > 4 else None
    return RepoInfo(path=p, git_dir=lines[0], bare=lines[1] == "true",
                    shallow=lines[2] == "true", work_tree=lines[3] == "true", head=head or None)


def resolve_commit(repo: str, rev: str) -> str | None:
    """Full sha of ``rev`` as a commit, or None (unborn branch, unknown name)."""
    code, out = try_git(["rev-parse", "-q", "--verify", "--end-of-options", rev + "^{commit}"],
                        cwd=repo)
    sha = out.decode("ascii", "replace").strip()
    return sha if code == 0 and sha else None


def empty_tree(repo: str) -> str:
    """The empty tree's id in this repository's hash (sha1 or sha256)."""
    return run_git(["hash-object", "-t", "tree", "--stdin"], cwd=repo, input=b"").decode().strip()


def is_null_sha(sha: str) -> bool:
    """``0000...`` as git uses it for "no object" in hook input."""
    return bool(sha) and set(sha) <= ZERO_SHA_CHARS


_ESCAPES = {
    ord("a"): 7, ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("v"): 11, ord("f"): 12,
    ord("r"): 13, ord('"'): 34, ord("\\"): 92,
}


def unquote(raw: bytes) -> bytes:
    """Undo git's C-style path quoting (``"a/we ird\\nname"``); unquoted input is returned as is."""
    raw = raw.rstrip(b"\t")
    if len(raw) < 2 or raw[:1] != b'"' or raw[-1:] != b'"':
        return raw
    body = raw[1:-1]
    out = bytearray()
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c != 92 or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1]
        if 48 <= nxt <= 55:  # octal \ooo
            j = i + 1
            digits = b""
            while j < n and len(digits) < 3 and 48 <= body[j] <= 55:
                digits += body[j:j + 1]
                j += 1
            out.append(int(digits, 8) & 0xFF)
            i = j
        else:
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
    return bytes(out)


def decode_path(raw: bytes) -> str:
    """A path from git output as text (UTF-8; undecodable bytes kept via surrogateescape)."""
    return raw.decode("utf-8", "surrogateescape")


def strip_prefix(path: bytes, prefix: bytes) -> bytes:
    """``b/dir/f`` -> ``dir/f`` (quoted input allowed)."""
    path = unquote(path)
    return path[len(prefix):] if path.startswith(prefix) else path
