"""The current findings a baseline command works from: the working tree or the history.

Baselines match by fingerprint, which includes the file path, so every command that
creates, updates, imports or audits a baseline scans the same way: the repository root,
spelled ``.`` when it is the current directory (as a user's ``credscan scan`` does).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scanner.models import ScanResult


def find_root(start: Path) -> Path:
    """The git work tree containing ``start``, else ``start`` itself."""
    from scanner.config import find_root as _find_root

    return _find_root(start) or start.resolve()


def load_config_for(root: Path) -> Any:
    from scanner.config import load_config

    return load_config(root)


@contextmanager
def _cwd(path: Path):  # type: ignore[no-untyped-def]
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def scan_tree(root: Path, config: Any = None) -> ScanResult:
    """Scan the working tree at ``root`` with paths relative to it."""
    from scanner import api

    if config is None:
        config = load_config_for(root)
    with _cwd(root):
        return api.scan_paths(["."], config=config)


def scan_history(root: Path, revs: Sequence[str] | None = None, config: Any = None,
                 quiet: bool = True) -> ScanResult:
    """Scan the commits ``revs`` (git rev-list arguments; default: every ref) at ``root``."""
    from scanner.sources.git.history import Selection
    from scanner.sources.git.history import scan_history as _scan_history

    if config is None:
        config = load_config_for(root)
    sel = Selection(revs=tuple(revs or ()))
    return _scan_history(str(root), sel=sel, config=config)


def collect(root: Path, history: bool = False, config: Any = None) -> ScanResult:
    """Current findings for baseline work: working tree, or whole history."""
    return scan_history(root, config=config) if history else scan_tree(root, config)
