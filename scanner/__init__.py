"""credscan: a secret-leak scanner whose library API (:mod:`scanner.api`) the CLI is a thin
layer over. Importing the package imports nothing else, so the pre-commit hook stays cheap."""

from __future__ import annotations

__version__ = "0.2.0"
