"""Small visible things a new user reads (item 19 of issue 11): help listings are not cut
off, and the documentation speaks the user's words, not the project's internal ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

PROJECT = Path(__file__).resolve().parents[2]


def test_baseline_help_lists_every_subcommand_whole() -> None:
    from scanner.cli.cmd_baseline import command

    out = CliRunner().invoke(command, ["--help"], prog_name="credscan baseline").output
    for sub in ("create", "update", "import"):
        line = next(ln for ln in out.splitlines() if ln.strip().startswith(sub + " "))
        assert not line.rstrip().endswith("..."), line


@pytest.mark.parametrize("name", ["README.md", "docs/ci.md", "docs/git.md",
                                  "docs/CONTRIBUTING.md", "action.yml",
                                  "ci/gitlab-credscan.yml"])
def test_user_documents_use_no_internal_words(name: str) -> None:
    text = (PROJECT / name).read_text(encoding="utf-8").lower()
    for word in ("design card", "seed document", "our seed"):
        assert word not in text, f"{name} says {word!r}"
