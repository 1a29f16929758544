"""Every report format, to stdout and to ``-o FILE``, with a file name that is not UTF-8.

Issue 14 item 13: 18 of 32 format/output combinations crashed on such a name and ``ci``
left a truncated report. Each output must be valid UTF-8, parse in its format, and name the
file (escaped).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.dom.minidom
from pathlib import Path

import pytest

from scanner.reporting import FORMATS
from tests import fakes

NAME = b"conf\xffig.env"


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("odd")
    with open(os.fsencode(d) + b"/" + NAME, "wb") as fh:
        fh.write(f"aws_access_key_id = {fakes.aws_key_id(5)}\n"
                 f"aws_secret_access_key = {fakes.aws_secret(5)}\n".encode())
    return d


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", LC_ALL="C.UTF-8")
    return subprocess.run([sys.executable, "-c", "from scanner.cli.main import entry; entry()",
                           *args], cwd=cwd, capture_output=True, timeout=120, check=False,
                          env=env)


def _check(fmt: str, raw: bytes) -> None:
    text = raw.decode("utf-8")  # valid UTF-8 whatever the name
    assert "conf" in text
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(text)
    elif fmt == "junit":
        xml.dom.minidom.parseString(raw)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) >= 2
    elif fmt == "html":
        assert "<html" in text.lower()


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("where", ["stdout", "file"])
def test_every_format_and_output(tree: Path, tmp_path: Path, fmt: str, where: str) -> None:
    out = tmp_path / f"report.{fmt}"
    args = ["scan", ".", "-f", fmt] + (["-o", str(out)] if where == "file" else [])
    proc = _run(args, tree)
    assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr
    _check(fmt, out.read_bytes() if where == "file" else proc.stdout)
