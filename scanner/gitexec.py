"""The one way credscan runs git: hardened so that a scanned repository never runs a program.

A hostile repository can name programs in its own ``.git/config`` (``core.fsmonitor``,
``diff.<driver>.textconv``, ``filter.<driver>.process``, ``gpg.program`` with
``log.showSignature``, ``core.pager``, ``core.sshCommand``, credential helpers …). Every git
child started here gets, after the user's and the repository's settings, ``-c`` overrides that
neutralise each such key, including the ones under names the repository invents (found by
listing the effective configuration first, which runs nothing), plus an environment that turns
off replace objects, grafts, prompts, pagers and optional locks. Call sites never spawn git
themselves; an import-linter-free grep test keeps it that way.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from collections.abc import Sequence
from typing import Any

from scanner.errors import SourceError

#: Settings pinned on every call: each names or triggers a program, or changes output shape.
PINNED: tuple[tuple[str, str], ...] = (
    ("core.fsmonitor", "false"),
    ("core.hooksPath", os.devnull),
    ("core.pager", "cat"),
    ("core.editor", "true"),
    ("core.askPass", ""),
    ("core.sshCommand", "ssh"),
    ("core.gitProxy", ""),
    ("core.alternateRefsCommand", ""),
    ("core.untrackedCache", "false"),
    ("sequence.editor", "true"),
    ("log.showSignature", "false"),
    ("gpg.program", "gpg"),
    ("gpg.openpgp.program", "gpg"),
    ("gpg.x509.program", "gpgsm"),
    ("gpg.ssh.program", "ssh-keygen"),
    ("credential.helper", ""),
    ("protocol.ext.allow", "never"),
    ("uploadpack.packObjectsHook", ""),
    ("color.ui", "never"),
    ("gc.auto", "0"),
    ("maintenance.auto", "false"),
    ("core.quotePath", "false"),
)

#: Keys under names a repository chooses; each one present gets an override.
_DYNAMIC = re.compile(
    r"^(?:filter\.[^\n]+\.(?:clean|smudge|process|required)"
    r"|diff\.[^\n]+\.(?:textconv|command)"
    r"|merge\.[^\n]+\.driver"
    r"|remote\.[^\n]+\.(?:uploadpack|receivepack|vcs)"
    r"|credential\.[^\n]+\.helper"
    r"|submodule\.[^\n]+\.update"
    r"|gpg\.[^\n]+\.program)$"
)

#: What each dynamic key is overridden with: the stock program, "off", or nothing. An empty
#: ``textconv`` or ``command`` would make ``git diff`` fail ("cannot run"), so textconv becomes
#: ``cat`` (the content unchanged) and external diff commands are switched off per call with
#: ``--no-ext-diff`` (see :data:`_DIFF_COMMANDS`).
_NEUTRAL = {"required": "false", "uploadpack": "git-upload-pack",
            "receivepack": "git-receive-pack", "textconv": "cat", "update": "none"}

#: Porcelain that may run ``diff.external`` or a ``diff.<driver>.command`` (and textconv):
#: each call gets ``--no-ext-diff --no-textconv`` right after the sub-command. ``diff.external``
#: cannot be pinned instead: any value, even an empty one, is run as a program.
_DIFF_COMMANDS = frozenset({"diff", "log", "show", "whatchanged"})
_DIFF_SAFE = ("--no-ext-diff", "--no-textconv")

#: Global options of ``git`` that take a separate value (``git -C dir``, ``git -c k=v``).
_GLOBAL_WITH_VALUE = frozenset({"-c", "-C", "--git-dir", "--work-tree", "--namespace",
                                "--config-env", "--exec-path", "--super-prefix"})


#: Sub-commands that run no program and must see the real settings (``core.hooksPath`` for
#: ``rev-parse --git-path hooks``, any key for ``config``).
_READS_SETTINGS = frozenset({"config", "rev-parse"})


def git_env() -> dict[str, str]:
    """The environment every git child runs with (built per call: ``os.environ`` may change)."""
    env = dict(os.environ)
    env.update({
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_GRAFT_FILE": os.devnull,
        "GIT_PAGER": "cat",
        "PAGER": "cat",
        "GIT_ASKPASS": "",
        "SSH_ASKPASS": "",
        "GIT_CONFIG_NOSYSTEM": env.get("GIT_CONFIG_NOSYSTEM", "0"),
        # Transports credscan may need; ``evil::url`` remote helpers and ``ext::`` never run.
        "GIT_ALLOW_PROTOCOL": "file:git:http:https:ssh",
        "LC_ALL": "C",
        "LANGUAGE": "C",
    })
    for var in ("GIT_EXTERNAL_DIFF", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_PROXY_COMMAND",
                "GIT_EDITOR", "GIT_SEQUENCE_EDITOR", "GIT_EXEC_PATH", "GIT_TRACE2_EVENT"):
        env.pop(var, None)
    # Neutralise configuration injected through the environment (GIT_CONFIG_COUNT/KEY_n).
    for key in [k for k in env if k.startswith("GIT_CONFIG_KEY_") or
                k.startswith("GIT_CONFIG_VALUE_") or k == "GIT_CONFIG_COUNT"]:
        env.pop(key, None)
    env.pop("GIT_CONFIG_PARAMETERS", None)
    return env


def _base_config() -> list[str]:
    out: list[str] = []
    for key, value in PINNED:
        out += ["-c", f"{key}={value}"]
    return out


@functools.lru_cache(maxsize=256)
def _dynamic_overrides(cwd: str) -> tuple[str, ...]:
    """``-c`` overrides for every program-naming key the repository's configuration holds."""
    try:
        proc = subprocess.run(
            ["git", *_base_config(), "config", "--includes", "--name-only", "--list", "-z"],
            cwd=cwd or None, capture_output=True, env=git_env(), check=False, timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    out: list[str] = []
    seen: set[str] = set()
    for raw in proc.stdout.split(b"\0"):
        key = raw.decode("utf-8", "surrogateescape").strip().lower()
        if not key or key in seen or not _DYNAMIC.match(key):
            continue
        seen.add(key)
        out += ["-c", f"{key}={_NEUTRAL.get(key.rsplit('.', 1)[-1], '')}"]
    return tuple(out)


def subcommand_index(args: Sequence[str]) -> int:
    """Index of the sub-command in ``args`` (after global options such as ``-c k=v``)."""
    i = 0
    while i < len(args):
        a = args[i]
        if a in _GLOBAL_WITH_VALUE:
            i += 2
        elif a.startswith("-"):
            i += 1
        else:
            return i
    return len(args)


def _with_diff_safety(args: Sequence[str]) -> list[str]:
    """``args`` with ``--no-ext-diff --no-textconv`` after a diff-producing sub-command."""
    out = list(args)
    i = subcommand_index(out)
    if i >= len(out):
        return out
    sub = out[i]
    if sub == "stash" and i + 1 < len(out) and out[i + 1] == "show":
        i += 1
    elif sub not in _DIFF_COMMANDS:
        return out
    out[i + 1:i + 1] = [o for o in _DIFF_SAFE if o not in out]
    return out


def hardened_argv(args: Sequence[str], cwd: str | os.PathLike[str] | None = None) -> list[str]:
    """``git`` plus every neutralising ``-c`` and ``args`` (exposed for tests and benchmarks)."""
    i = subcommand_index(args)
    if i < len(args) and args[i] in _READS_SETTINGS:
        return ["git", *args]
    where = os.path.abspath(os.fspath(cwd)) if cwd is not None else os.getcwd()
    return ["git", "--no-pager", *_base_config(), *_dynamic_overrides(where),
            *_with_diff_safety(args)]


def forget(cwd: str | os.PathLike[str] | None = None) -> None:
    """Drop cached overrides (after a call that may have changed the configuration)."""
    _dynamic_overrides.cache_clear()


def first_error_line(err: bytes) -> str:
    """The first meaningful line of git's stderr, without its ``fatal:`` prefix."""
    text = err.decode("utf-8", "replace").strip()
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return "unknown git error"


def run_git(args: Sequence[str], cwd: str | os.PathLike[str] | None = None,
            input: bytes | None = None, check: bool = True,
            timeout: float | None = None) -> bytes:
    """Run ``git args`` and return stdout; a failure is a one-line :class:`SourceError`."""
    try:
        proc = subprocess.run(
            hardened_argv(args, cwd), cwd=cwd, input=input, capture_output=True,
            env=git_env(), check=False, timeout=timeout,
        )
    except FileNotFoundError:
        raise SourceError("git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise SourceError(f"git {args[0] if args else ''}: timed out") from None
    if check and proc.returncode != 0:
        raise SourceError(f"git {args[0] if args else ''}: {first_error_line(proc.stderr)}")
    return proc.stdout


def try_git(args: Sequence[str], cwd: str | os.PathLike[str] | None = None,
            input: bytes | None = None, timeout: float | None = None) -> tuple[int, bytes]:
    """Run git, returning (exit code, stdout) without raising on a non-zero exit."""
    try:
        proc = subprocess.run(
            hardened_argv(args, cwd), cwd=cwd, input=input, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=git_env(), check=False, timeout=timeout,
        )
    except FileNotFoundError:
        raise SourceError("git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        return 124, b""
    return proc.returncode, proc.stdout


def popen_git(args: Sequence[str], cwd: str | os.PathLike[str] | None = None,
              stdin: Any = subprocess.PIPE, stderr: Any = subprocess.PIPE,
              ) -> subprocess.Popen[bytes]:
    """Start a streaming git process (stdout piped, stderr captured for the error message)."""
    try:
        return subprocess.Popen(
            hardened_argv(args, cwd), cwd=cwd, stdin=stdin, stdout=subprocess.PIPE,
            stderr=stderr, env=git_env(),
        )
    except FileNotFoundError:
        raise SourceError("git is not installed or not on PATH") from None
