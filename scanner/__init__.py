"""credscan: a secret-leak scanner whose library API the CLI is a thin layer over.

Public entry points live in :mod:`scanner.api`; they are re-exported here lazily so that
``import scanner`` stays cheap for the pre-commit hook.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["scan_text", "scan_file", "scan_paths", "load_ruleset", "Finding", "ScanResult"]


def __getattr__(name: str) -> Any:
    if name in {"scan_text", "scan_file", "scan_paths", "load_ruleset"}:
        from scanner import api

        return getattr(api, name)
    if name in {"Finding", "ScanResult", "Severity"}:
        from scanner import models

        return getattr(models, name)
    raise AttributeError(name)
