"""Items 1 and 2 through the hooks: a BOM in front of ASCII, UTF-16 without a BOM and one
stray NUL no longer pass ``git commit`` (staged) or ``git push`` (history) silently."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from scanner import api
from tests import fakes
from tests.git_helpers import Repo, git_env  # noqa: F401 - autouse fixture

KEY, SECRET = fakes.aws_key_id(41), fakes.aws_secret(41)
PAIR = f"aws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n"

CASES = {
    "bom-ascii": codecs.BOM_UTF16_LE + PAIR.encode(),
    "bom-be-ascii": codecs.BOM_UTF16_BE + PAIR.encode(),
    "utf16-no-bom": ("# settings\n" + PAIR).encode("utf-16-le"),
    "utf32-no-bom": ("# settings\n" + PAIR).encode("utf-32-be"),
    "one-nul": b"# header\x00\n" + PAIR.encode() + b"x = 1\n" * 50,
}


@pytest.mark.parametrize("name", list(CASES))
def test_staged_and_history_find_the_key(tmp_path: Path, name: str) -> None:
    repo = Repo(tmp_path / "r")
    repo.write("README.md", "hi\n")
    repo.commit("init")
    repo.write("creds.ini", CASES[name])
    repo.git("add", "creds.ini")
    staged = api.scan_staged(str(repo.path)).result.findings
    assert KEY in {f.secret for f in staged}, name
    repo.commit("add creds")
    history = api.scan_history(str(repo.path), jobs=1).findings
    assert KEY in {f.secret for f in history}, name
