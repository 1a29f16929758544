"""``baseline create/update`` with a non-UTF-8 file name and a planted symlink (items 10, 13)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import fakes


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", "from scanner.cli.main import entry; entry()",
                           *args], cwd=cwd, capture_output=True, timeout=120, check=False)


def _tree(d: Path) -> None:
    (d / ".git").mkdir()
    with open(os.fsencode(d) + b"/k\xffey.env", "wb") as fh:
        fh.write(f"aws_access_key_id = {fakes.aws_key_id(9)}\n"
                 f"aws_secret_access_key = {fakes.aws_secret(9)}\n".encode())


def test_update_with_non_utf8_name_keeps_verdicts(tmp_path: Path) -> None:
    _tree(tmp_path)
    proc = _run(["baseline", "create"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    base = tmp_path / ".credscan-baseline.json"
    doc = json.loads(base.read_bytes().decode("utf-8"))
    assert any("\udcff" in e["file"] for e in doc["findings"].values())
    (tmp_path / "more.env").write_text(f"token = '{fakes.github_classic(4)}'\n")
    proc = _run(["baseline", "update"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc2 = json.loads(base.read_bytes().decode("utf-8"))
    assert set(doc["findings"]) <= set(doc2["findings"])


def test_create_refuses_planted_symlink(tmp_path: Path,
                                        tmp_path_factory: pytest.TempPathFactory) -> None:
    _tree(tmp_path)
    victim = tmp_path_factory.mktemp("outside") / "authorized_keys"
    victim.write_text("keep me\n")
    victim.chmod(0o644)
    (tmp_path / ".credscan-baseline.json").symlink_to(victim)
    proc = _run(["baseline", "create", "--force"], tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "symbolic link" in err and len(err.strip().splitlines()) == 1, err
    assert victim.read_text() == "keep me\n" and (victim.stat().st_mode & 0o777) == 0o644
