"""Suite-wide fixtures and markers.

Tests under ``tests/accuracy/`` carry the ``accuracy`` marker, so ``pytest -m "not accuracy"``
gives a quick run that skips the corpus harnesses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

_ACCURACY = Path(__file__).resolve().parent / "accuracy"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _ACCURACY in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.accuracy)
