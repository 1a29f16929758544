"""Inline allow markers: ours and those users already have from other tools."""

from __future__ import annotations

import pytest

from scanner.api import scan_text
from tests import fakes as F

TOKEN = F.github_classic(21)


@pytest.mark.parametrize("marker", [
    "# credscan:allow", "// gitleaks:allow", "# pragma: allowlist secret", "# trufflehog:ignore",
])
def test_same_line_markers(marker: str) -> None:
    assert scan_text(f"token = '{TOKEN}'  {marker}\n") == []


@pytest.mark.parametrize("marker", ["# credscan:allow-next-line", "# pragma: allowlist nextline secret"])
def test_next_line_markers(marker: str) -> None:
    assert scan_text(f"{marker}\ntoken = '{TOKEN}'\n") == []


def test_next_line_marker_covers_only_the_next_line() -> None:
    found = scan_text(f"# credscan:allow-next-line\nx = 1\ntoken = '{TOKEN}'\n")
    assert [f.line for f in found] == [3]


def test_next_line_marker_does_not_allow_its_own_line() -> None:
    assert len(scan_text(f"token = '{TOKEN}'  # credscan:allow-next-line\n")) == 1


def test_no_marker_reports() -> None:
    assert len(scan_text(f"token = '{TOKEN}'\n")) == 1
