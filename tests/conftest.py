"""Suite-wide fixtures and markers.

``git_env`` (from :mod:`tests.git_helpers`) is autouse for the whole suite: every test gets
a private HOME, XDG directories and global git configuration.

Tests under ``tests/accuracy/`` carry the ``accuracy`` marker, so ``pytest -m "not accuracy"``
gives a quick run that skips the corpus harnesses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# Every test runs with a private HOME and git configuration (no user settings, no real ~/.aws).
from tests.git_helpers import git_env  # noqa: F401  (an autouse fixture)

_ACCURACY = Path(__file__).resolve().parent / "accuracy"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _ACCURACY in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.accuracy)
