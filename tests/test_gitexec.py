"""A hostile repository must not run a program through credscan (issue 14 items 6 and 12).

Every git setting that can start a program is planted in a real repository's own
configuration (directly, through ``[include]`` and ``[includeIf]``), each pointing at a
script that only creates a marker file named after the setting. Then credscan's own paths
run over it (``scan``, ``staged``, ``history``, ``pre-push``, ``move-keys``, ``baseline``,
``ci``) and no marker may appear. A control run of plain ``git`` shows the plant is live.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner import gitexec
from tests.git_helpers import Repo, aws_pair, git_env  # noqa: F401 - autouse fixture

SCANNER = Path(__file__).resolve().parent.parent / "scanner"

HOOKS = ("pre-commit", "post-checkout", "post-index-change", "reference-transaction",
         "pre-auto-gc", "post-rewrite", "fsmonitor-watchman", "pre-push", "post-merge",
         "prepare-commit-msg", "commit-msg", "post-commit", "pre-rebase", "push-to-checkout")

#: (setting, value template) pairs; ``{bin}`` is the marker script directory.
DIRECT = {
    "core.fsmonitor": "{bin}/core.fsmonitor",
    "core.hooksPath": "{hooks}",
    "core.pager": "{bin}/core.pager",
    "pager.log": "{bin}/pager.log",
    "pager.diff": "{bin}/pager.diff",
    "core.sshCommand": "{bin}/core.sshCommand",
    "core.gitProxy": "{bin}/core.gitProxy",
    "core.askPass": "{bin}/core.askPass",
    "core.editor": "{bin}/core.editor",
    "sequence.editor": "{bin}/sequence.editor",
    "core.alternateRefsCommand": "{bin}/core.alternateRefsCommand",
    "gpg.program": "{bin}/gpg.program",
    "log.showSignature": "true",
    "diff.external": "{bin}/diff.external",
    "credential.helper": "{bin}/credential.helper",
    "uploadpack.packObjectsHook": "{bin}/uploadpack.packObjectsHook",
    "protocol.ext.allow": "always",
    "protocol.allow": "always",
}
#: Planted through an included file (``[include] path``).
INCLUDED = {
    "gpg.ssh.program": "{bin}/gpg.ssh.program",
    "gpg.ssh.allowedSignersFile": "/dev/null",
    "gpg.x509.program": "{bin}/gpg.x509.program",
    "gpg.openpgp.program": "{bin}/gpg.openpgp.program",
    "diff.evil.textconv": "{bin}/diff.evil.textconv",
    "diff.evil.command": "{bin}/diff.evil.command",
    "filter.evil.clean": "{bin}/filter.evil.clean",
    "filter.evil.smudge": "{bin}/filter.evil.smudge",
    "merge.evil.driver": "{bin}/merge.evil.driver",
    "credential.https://example.org.helper": "{bin}/credential.url.helper",
}
#: Planted through ``[includeIf "gitdir:..."]``.
CONDITIONAL = {
    "filter.proc.process": "{bin}/filter.proc.process",
    "filter.proc.required": "true",
    "diff.other.textconv": "{bin}/diff.other.textconv",
    "remote.origin.uploadpack": "{bin}/remote.origin.uploadpack",
    "remote.origin.receivepack": "{bin}/remote.origin.receivepack",
    "remote.other.vcs": "evilvcs",
    "submodule.sub.update": "!{bin}/submodule.sub.update",
}


def _script(path: Path, marker: Path) -> None:
    path.write_text(f"#!/bin/sh\n: > '{marker}'\ncat >/dev/null 2>&1\nexit 0\n")
    path.chmod(0o755)


def _ini(values: dict[str, str], fmt: dict[str, str]) -> str:
    out = []
    for key, value in values.items():
        section, _, name = key.rpartition(".")
        head, _, sub = section.partition(".")
        out.append(f'[{head} "{sub}"]' if sub else f"[{head}]")
        out.append(f"\t{name} = {value.format(**fmt)}")
    return "\n".join(out) + "\n"


def _signed(repo: Repo, sig: str, msg: str, parent: str) -> str:
    """A commit object with a (fake) signature header, made without any signing program."""
    tree = repo.git("rev-parse", f"{parent}^{{tree}}").strip()
    body = "\n ".join(sig.splitlines())
    obj = (f"tree {tree}\nparent {parent}\nauthor Ada Tester <ada@example.org> 1700000000 +0000\n"
           f"committer Ada Tester <ada@example.org> 1700000000 +0000\ngpgsig {body}\n\n{msg}\n")
    return repo.git("hash-object", "-t", "commit", "-w", "--stdin", input=obj.encode()).strip()


PGP = "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----"
SSH = "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----"
X509 = "-----BEGIN SIGNED MESSAGE-----\nAAAA\n-----END SIGNED MESSAGE-----"


class Hostile:
    """A repository whose configuration names a marker-making program everywhere."""

    def __init__(self, base: Path) -> None:
        self.markers = base / "markers"
        self.markers.mkdir()
        bindir, hooks = base / "bin", base / "hooks"
        bindir.mkdir()
        hooks.mkdir()
        origin = Repo(base / "origin.git", bare=True)
        self.repo = repo = Repo(base / "work")
        repo.write(".gitattributes", "*.txt diff=evil filter=evil\n*.cfg diff=other "
                   "filter=proc merge=evil\n")
        repo.write("notes.txt", "plain notes\n")
        repo.write("app.cfg", "x = 1\n")
        first = repo.commit("first")
        repo.write("creds.ini", aws_pair(7))
        repo.commit("add creds")
        signed = _signed(repo, PGP, "pgp signed", repo.head())
        signed = _signed(repo, SSH, "ssh signed", signed)
        signed = _signed(repo, X509, "x509 signed", signed)
        repo.git("update-ref", "refs/heads/main", signed)
        repo.git("reset", "-q", "--hard", "main")
        repo.git("remote", "add", "origin", str(origin.path))
        repo.git("push", "-q", "origin", f"{first}:refs/heads/main")
        repo.git("fetch", "-q", "origin")
        # a signed stash entry (the stash listing once bypassed the pinned settings)
        repo.write("notes.txt", "changed notes\n")
        stash = repo.git("stash", "create").strip()
        raw = repo.git("cat-file", "commit", stash)
        head, _, msg = raw.partition("\n\n")
        obj = head + "\ngpgsig " + "\n ".join(PGP.splitlines()) + "\n\n" + msg
        stash = repo.git("hash-object", "-t", "commit", "-w", "--stdin",
                         input=obj.encode()).strip()
        repo.git("stash", "store", "-m", "wip", stash)
        # alternates (for core.alternateRefsCommand) and a staged secret for `staged`
        (repo.path / ".git/objects/info/alternates").write_text(
            str(origin.path / "objects") + "\n")
        repo.write("staged.ini", aws_pair(8))
        repo.git("add", "staged.ini")
        repo.write("notes.txt", "worktree change\n")
        self.head = repo.head()

        for value in [*DIRECT.values(), *INCLUDED.values(), *CONDITIONAL.values()]:
            if value.lstrip("!").startswith("{bin}/"):
                name = value.lstrip("!").removeprefix("{bin}/")
                _script(bindir / name, self.markers / name)
        _script(bindir / "git-remote-evilvcs", self.markers / "remote.other.vcs")
        for hook in HOOKS:
            _script(hooks / hook, self.markers / f"hook-{hook}")
            _script(repo.path / ".git/hooks" / hook, self.markers / f"githook-{hook}")
        fmt = {"bin": str(bindir), "hooks": str(hooks)}
        gitdir = repo.path / ".git"
        (gitdir / "evil.inc").write_text(_ini(INCLUDED, fmt))
        (gitdir / "cond.inc").write_text(_ini(CONDITIONAL, fmt))
        with open(gitdir / "config", "a", encoding="utf-8") as fh:
            fh.write(_ini(DIRECT, fmt))
            fh.write("[include]\n\tpath = evil.inc\n")
            fh.write(f'[includeIf "gitdir:{gitdir}/"]\n\tpath = cond.inc\n')
            fh.write('[remote "other"]\n\turl = evilvcs::x\n')
        # git-remote-<vcs> is looked up on PATH
        self.path_env = f"{bindir}:{os.environ.get('PATH', '')}"
        self.clear()

    def clear(self) -> None:
        for p in self.markers.iterdir():
            p.unlink()
        gitexec.forget()

    def fired(self) -> list[str]:
        return sorted(p.name for p in self.markers.iterdir())


@pytest.fixture()
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hostile]:
    h = Hostile(tmp_path)
    monkeypatch.setenv("PATH", h.path_env)
    yield h


def _credscan(args: list[str], cwd: Path, stdin: bytes = b"",
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    full = dict(os.environ)
    full.update(env or {})
    return subprocess.run([sys.executable, "-c", "from scanner.cli.main import entry; entry()",
                           *args], cwd=cwd, input=stdin, capture_output=True, env=full,
                          timeout=180, check=False)


def test_plant_is_live_for_plain_git(hostile: Hostile) -> None:
    """Control: unhardened git runs the planted programs (so the checks below mean something)."""
    work = hostile.repo.path
    subprocess.run(["git", "log", "-3", "--format=%H"], cwd=work, capture_output=True,
                   check=False)
    subprocess.run(["git", "stash", "list"], cwd=work, capture_output=True, check=False)
    subprocess.run(["git", "status"], cwd=work, capture_output=True, check=False)
    subprocess.run(["git", "diff"], cwd=work, capture_output=True, check=False)
    fired = hostile.fired()
    # (gpg.openpgp.program wins over gpg.program, a diff=evil command over diff.external)
    for expected in ("gpg.openpgp.program", "gpg.ssh.program", "gpg.x509.program",
                     "core.fsmonitor", "filter.evil.clean", "diff.evil.command"):
        assert expected in fired, fired


def test_hardened_runner_runs_nothing_for_the_same_commands(hostile: Hostile) -> None:
    work = hostile.repo.path
    for args in (["log", "-3", "--format=%H"], ["stash", "list"], ["status"], ["diff"],
                 ["log", "-p", "--all", "--reflog"], ["diff", "--cached"],
                 ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                 ["fetch", "-q", "origin"], ["fetch", "-q", "other"],
                 ["ls-remote", "origin"], ["branch", "-r", "--contains", hostile.head],
                 ["rev-list", "--alternate-refs"], ["checkout", "-q", "--", "notes.txt"],
                 ["show", "HEAD:notes.txt"], ["blame", "notes.txt"],
                 ["merge-file", "-p", "notes.txt", "notes.txt", "notes.txt"]):
        gitexec.try_git(args, cwd=work, timeout=60)
    assert hostile.fired() == []
    # and neutralised does not mean broken: these still work and show the real content
    hostile.repo.write("notes.txt", "worktree change\n")
    assert b"worktree change" in gitexec.run_git(["diff"], cwd=work)
    assert b"aws_access_key_id" in gitexec.run_git(["log", "-p", "--all"], cwd=work)
    assert b"staged.ini" in gitexec.run_git(["diff", "--cached", "--stat"], cwd=work)
    assert b"wip" in gitexec.run_git(["stash", "list"], cwd=work)
    assert b"notes.txt" in gitexec.run_git(["stash", "show", "-p"], cwd=work)
    assert b"plain notes" in gitexec.run_git(["blame", "HEAD", "--", "notes.txt"], cwd=work)
    assert hostile.fired() == []


COMMANDS: list[tuple[str, list[str], bytes]] = [
    ("scan", ["scan", "."], b""),
    ("staged", ["staged"], b""),
    ("history", ["history", "."], b""),
    ("pre-push", ["pre-push", "origin", "x"], b""),
    ("move-keys", ["move-keys", "."], b""),
    ("baseline", ["baseline", "create", "-o", "{tmp}/b.json"], b""),
    ("ci", ["ci", ".", "--report", "{tmp}/r.json"], b""),
]


@pytest.mark.parametrize("name,args,stdin", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_credscan_paths_run_nothing(hostile: Hostile, tmp_path: Path, name: str,
                                    args: list[str], stdin: bytes) -> None:
    if name == "pre-push":
        zero = "0" * 40
        stdin = f"refs/heads/main {hostile.head} refs/heads/main {zero}\n".encode()
    args = [a.format(tmp=tmp_path) for a in args]
    env = {"CI": "true", "GITHUB_ACTIONS": "", "GITLAB_CI": ""} if name == "ci" else {}
    proc = _credscan(args, hostile.repo.path, stdin, env)
    assert b"internal error" not in proc.stderr, proc.stderr
    assert hostile.fired() == [], (proc.returncode, proc.stderr.decode()[-2000:])
    if name in ("scan", "history", "staged", "pre-push"):
        assert proc.returncode == 1, proc.stderr.decode()[-2000:]  # the planted keys are found


def test_argv_injection() -> None:
    argv = gitexec.hardened_argv(["-c", "a.b=c", "log", "-p", "--", "f"], cwd=".")
    assert argv[:2] == ["git", "--no-pager"]
    assert argv[-6:] == ["log", "--no-ext-diff", "--no-textconv", "-p", "--", "f"]
    assert gitexec.hardened_argv(["config", "--get", "x"])[:2] == ["git", "config"]
    assert "--no-ext-diff" not in gitexec.hardened_argv(["cat-file", "--batch"], cwd=".")
    assert "GIT_ALLOW_PROTOCOL" in gitexec.git_env()


def test_replace_objects_do_not_hide_a_leaking_commit(tmp_path: Path) -> None:
    """``git replace`` of the leaking commit with a clean one must not hide it (item 6)."""
    from scanner.api import scan_history

    repo = Repo(tmp_path / "r")
    repo.write("readme.md", "hello\n")
    repo.commit("start")
    repo.write("creds.ini", aws_pair(11))
    leaky = repo.commit("leak")
    repo.git("rm", "-q", "creds.ini")
    repo.commit("remove")
    repo.git("checkout", "-q", leaky + "~1")
    repo.write("creds.ini", "nothing here\n")
    clean = repo.commit("clean stand-in")
    repo.git("checkout", "-q", "main")
    repo.git("replace", leaky, clean)
    assert "nothing here" in repo.git("show", f"{leaky}:creds.ini")  # git itself is fooled
    gitexec.forget()
    result = scan_history(str(repo.path))
    assert any(f.rule_id.startswith("aws") for f in result.findings), result.findings


def test_grafts_file_is_ignored(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "r")
    repo.write("creds.ini", aws_pair(12))
    leaky = repo.commit("leak")
    repo.git("rm", "-q", "creds.ini")
    top = repo.commit("remove")
    # a graft that cuts the leaking commit out of the ancestry
    (repo.path / ".git/info").mkdir(exist_ok=True)
    (repo.path / ".git/info/grafts").write_text(f"{top}\n")
    env = gitexec.git_env()
    assert env["GIT_GRAFT_FILE"] == os.devnull and env["GIT_NO_REPLACE_OBJECTS"] == "1"
    out = gitexec.run_git(["rev-list", "--all"], cwd=repo.path).decode()
    assert leaky in out


_SPAWN = re.compile(r"\b(subprocess\.(run|Popen|call|check_call|check_output)|os\.(system|"
                    r"popen|exec\w*|spawn\w*)|asyncio\.create_subprocess_\w+)\b")


def test_no_git_spawned_outside_gitexec() -> None:
    """Every git child goes through scanner/gitexec.py (item 12: one call site bypassed it)."""
    offenders = []
    for path in sorted(SCANNER.rglob("*.py")):
        if path.name == "gitexec.py" and path.parent == SCANNER:
            continue
        text = path.read_text(encoding="utf-8")
        for m in _SPAWN.finditer(text):
            window = text[m.start():m.start() + 300]
            if re.search(r"""["']git["']|git_exe|GIT\b""", window):
                line = text.count("\n", 0, m.start()) + 1
                offenders.append(f"{path.relative_to(SCANNER.parent)}:{line}")
    assert offenders == []
