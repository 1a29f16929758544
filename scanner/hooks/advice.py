"""The advice a blocked commit gets beyond the usual ways out.

After ``credscan move-keys --apply`` (or any fix) rewrote a file in the work tree, the
index still holds the old content until the user stages it again: the hook must say
"`git add` the rewritten files", not send them back to ``move-keys``, which now finds
nothing to do.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence
from pathlib import Path

from scanner.models import Finding


def fixed_in_work_tree(root: Path, findings: Iterable[Finding]) -> list[str]:
    """Files whose staged content holds a finding's secret while the work-tree file no
    longer does (rewritten, or deleted, after ``git add``)."""
    out: set[str] = set()
    cache: dict[str, str | None] = {}
    for f in findings:
        if f.file not in cache:
            try:
                cache[f.file] = (root / f.file).read_text(encoding="utf-8", errors="replace")
            except OSError:
                cache[f.file] = None
        text = cache[f.file]
        if text is None or (f.secret and f.secret not in text):
            out.add(f.file)
    return sorted(out)


def stage_fixes_advice(root: Path, findings: Iterable[Finding]) -> str | None:
    """One paragraph telling the user to ``git add`` the rewritten files, or None when every
    blocked secret is still in the work tree too."""
    files = fixed_in_work_tree(root, findings)
    if not files:
        return None
    names = " ".join(shlex.quote(f) for f in files)
    one = len(files) == 1
    return (f"credscan: the work tree no longer holds the secret{'' if one else 's'} in "
            f"{'this file' if one else 'these files'}, but the index does (rewritten, e.g. by "
            f"`credscan move-keys --apply`, after `git add`): `git add` the rewritten "
            f"file{'' if one else 's'}, then commit again:\n  git add -- {names}")


def blocked_message(root: Path, findings: Sequence[Finding], ways_out: str) -> str:
    """The hook's "ways out" (a ``str.format`` template with ``{n}``/``{s}``): when the
    work tree no longer holds what the index blocks, say to ``git add`` those files, alone
    if that is all there is to do, after the usual ways out otherwise."""
    advice = stage_fixes_advice(root, findings)
    if advice is None:
        return ways_out
    escaped = advice.replace("{", "{{").replace("}", "}}")
    fixed = set(fixed_in_work_tree(root, findings))
    if all(f.file in fixed for f in findings):
        return ways_out.split("\n", 1)[0] + "\n" + escaped
    return ways_out + "\n" + escaped
