"""The text of the git hook scripts credscan installs (also shipped as ``hooks/*``).

Plain POSIX ``sh`` so they run wherever git runs. They fail closed: if credscan cannot be
started or cannot scan, the commit (or push) is blocked with the one-off bypass printed.
An existing hook is chained (renamed ``<hook>.credscan-chained`` and run first).
"""

from __future__ import annotations

import shlex

#: Line that identifies a hook file as ours (install/uninstall check for it).
SIGNATURE = "# credscan-managed-hook"
CHAINED_SUFFIX = ".credscan-chained"
BACKUP_SUFFIX = ".credscan-backup"

HOOKS = {"pre-commit": "staged", "pre-push": "pre-push"}

#: The distribution to install: the PyPI name ``credscan`` belongs to an unrelated project.
DISTRIBUTION = "credscan-scanner"

_TEMPLATE = """#!/bin/sh
{signature} {name}
# credscan {name} hook: {purpose}
# Fails closed: if credscan cannot run or cannot scan, the {action} is blocked.
# Remove with `credscan uninstall` (an earlier hook is restored byte for byte).
CREDSCAN_PYTHON={python}
CREDSCAN_GLOBAL={global_flag}
hook_dir=$(dirname "$0")
{read_input}
run_hook() {{
    if [ -x "$1" ]; then
        {feed}"$@" || {{ rc=$?; echo "credscan: $1 failed (exit $rc)" >&2; exit $rc; }}
    fi
}}
# 1. a hook that was here before credscan was installed
run_hook "$hook_dir/{name}{chained}" "$@"
# 2. with a global core.hooksPath git skips the repository's own hooks: run them here
if [ "$CREDSCAN_GLOBAL" = 1 ]; then
    local_hooks="$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null)/hooks"
    if [ -d "$local_hooks" ] && \\
       [ "$(cd "$local_hooks" && pwd -P)" != "$(cd "$hook_dir" && pwd -P)" ]; then
        run_hook "$local_hooks/{name}" "$@"
    fi
fi
# 3. credscan itself
if [ -n "$CREDSCAN_PYTHON" ] && [ -x "$CREDSCAN_PYTHON" ]; then
    # not `-m scanner`: that puts the repository's top level first on sys.path, so a
    # `scanner/` (or `json.py`) committed there would run; drop that entry first
    {feed}"$CREDSCAN_PYTHON" -c '{launcher}' {command} "$@"
elif command -v credscan >/dev/null 2>&1; then
    {feed}credscan {command} "$@"
else
    echo "credscan: not installed or not on PATH: {action} blocked (pip install {dist})." >&2
    echo "credscan: bypass once with: {bypass}" >&2
    exit 1
fi
rc=$?
if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
    exit "$rc"
fi
echo "credscan: could not scan (exit $rc): {action} blocked." >&2
echo "credscan: fix the error above, or bypass once with: {bypass}" >&2
exit 1
"""

_SPECS = {
    "pre-commit": dict(purpose="blocks commits whose staged changes add a secret.",
                       action="commit", bypass="git commit --no-verify", read_input="",
                       feed=""),
    "pre-push": dict(purpose="blocks pushes whose commits add a secret.",
                     action="push", bypass="git push --no-verify",
                     read_input="input=$(cat)", feed="printf '%s\\n' \"$input\" | "),
}


#: What the pinned interpreter runs: sys.path[0] (the current directory under ``-c``) goes
#: before anything is imported from it; sys.argv[0] is the command's name for messages.
LAUNCHER = 'import sys; del sys.path[0]; sys.argv[0] = "credscan"; ' \
    'from scanner.cli.entry import entry; entry()'


def render(name: str, python: str | None = None, global_hooks: bool = False) -> str:
    """The hook script ``name``; ``python`` pins the interpreter that has credscan."""
    spec = _SPECS[name]
    return _TEMPLATE.format(
        signature=SIGNATURE, launcher=LAUNCHER, name=name, command=HOOKS[name],
        chained=CHAINED_SUFFIX,
        python=shlex.quote(python) if python else "''", dist=DISTRIBUTION,
        global_flag="1" if global_hooks else "0", **spec,
    )


def is_ours(text: bytes) -> bool:
    return SIGNATURE.encode() in text[:400]
