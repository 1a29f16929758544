"""Take AWS keys out of ``.env`` files and shell scripts: ``AWS_PROFILE=NAME`` instead.

``AWS_ACCESS_KEY_ID=...`` / ``export AWS_SECRET_ACCESS_KEY="..."`` / ``AWS_SESSION_TOKEN``
lines holding a moved key are removed and the first is replaced by ``AWS_PROFILE=NAME``
(with ``export`` when the original had it); an existing ``AWS_PROFILE`` line is updated
instead. Lines under other variable names are not touched: whatever reads them would
break, so they are listed as manual steps. A shell script must still pass ``bash -n``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import PurePath

from scanner.aws.edits import Edits, line_starts
from scanner.aws.rewrite_types import RewriteResult, Targets, remaining, unchanged
from scanner.engine.regex import compile_bytes

ENV_VARS = (b"AWS_ACCESS_KEY_ID", b"AWS_SECRET_ACCESS_KEY", b"AWS_SESSION_TOKEN",
            b"AWS_SECURITY_TOKEN")
_ASSIGN = (r"^([ \t]*)(export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*"
           r"(\"[^\"]*\"|'[^']*'|[^ \t#\r\n]*)[ \t]*(?:#[^\r\n]*)?(\r?\n|\r)?$")
SHELL_SUFFIXES = {".sh", ".bash", ".zsh", ".ksh", ".envrc"}
SHELL_NAMES = {".bashrc", ".bash_profile", ".profile", ".zshrc", ".zprofile", ".envrc"}


def is_env_file(path: str) -> bool:
    name = PurePath(path).name
    return name == ".env" or name.startswith(".env.") or name.endswith(".env") or name in (
        "env", ".flaskenv")


def is_shell_file(path: str, data: bytes) -> bool:
    p = PurePath(path)
    if p.suffix in SHELL_SUFFIXES or p.name in SHELL_NAMES:
        return True
    first = data.split(b"\n", 1)[0]
    return first.startswith(b"#!") and any(
        sh in first for sh in (b"/sh", b"bash", b"zsh", b"ksh", b"dash"))


def _shell_ok(data: bytes) -> bool | None:
    """``bash -n`` verdict (script on stdin, never in argv); None when bash is missing."""
    bash = shutil.which("bash")
    if bash is None:
        return None
    try:
        proc = subprocess.run([bash, "-n"], input=data, capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.returncode == 0


def _unquote(raw: bytes) -> bytes:
    if len(raw) >= 2 and raw[:1] == raw[-1:] and raw[:1] in (b'"', b"'"):
        return raw[1:-1]
    return raw


def rewrite_env(data: bytes, targets: Targets, shell: bool) -> RewriteResult:
    """Replace key assignments by ``AWS_PROFILE=NAME``; ``shell`` enables the syntax check."""
    rx = compile_bytes(_ASSIGN)
    starts = line_starts(data)
    lines = data.splitlines(keepends=True)
    by_value = {v.encode(): t for v, t in targets.items()}
    hits: list[tuple[int, bytes, bytes, bytes, str]] = []  # line idx, indent, export, eol, prof
    profile_lines: list[int] = []
    for i, line in enumerate(lines):
        m = rx.search(line)
        if m is None:
            continue
        name = m.group(3)
        if name == b"AWS_PROFILE":
            profile_lines.append(i)
            continue
        t = by_value.get(_unquote(m.group(4)))
        if name in ENV_VARS and t is not None:
            hits.append((i, m.group(1), m.group(2) or b"", m.group(5) or b"", t.profile))
    if not hits:
        return unchanged(data, targets, "")
    profiles = sorted({h[4] for h in hits})
    if len(profiles) > 1:
        return unchanged(data, targets, "it holds keys of several profiles; one AWS_PROFILE "
                                        "cannot replace them, edit it by hand")
    profile = profiles[0]
    edits = Edits()
    if profile_lines:
        i = profile_lines[0]
        m = rx.search(lines[i])
        assert m is not None
        s = starts[i] + m.start(4)
        edits.add(s, starts[i] + m.end(4), profile)
        first = None
    else:
        first = hits[0][0]
    for i, indent, export, eol, _ in hits:
        if i == first:
            edits.add(starts[i], starts[i] + len(lines[i]),
                      indent + export + b"AWS_PROFILE=" + profile.encode() + eol)
        else:
            edits.add(starts[i], starts[i] + len(lines[i]), b"")
    new = edits.apply(data)
    if data and not data.endswith((b"\n", b"\r")) and new.endswith((b"\n", b"\r")):
        new = new[:-2] if new.endswith(b"\r\n") else new[:-1]
    notes: list[str] = []
    if shell:
        before, after = _shell_ok(data), _shell_ok(new)
        if before and after is False:
            return unchanged(data, targets, "the edited script would not pass bash -n; edit it "
                                            "by hand")
        for var in ENV_VARS:
            if b"$" + var in new or b"${" + var in new:
                notes.append(f"it still reads ${var.decode()}; use "
                             f"$(aws configure get {var.decode().lower()} --profile {profile}) "
                             "there, or drop it: AWS_PROFILE is enough for the AWS CLI and SDKs")
    return RewriteResult(new, remaining(new, targets), notes)
