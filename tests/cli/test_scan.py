"""``credscan scan`` end to end through ``main(argv)``: exit codes, formats, redaction."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.cli.main import main
from tests import fakes as F

KID, SEC = F.aws_key_id(51), F.aws_secret(51)


@pytest.fixture()
def leaky(tmp_path: Path) -> Path:
    (tmp_path / ".env").write_text(f"AWS_ACCESS_KEY_ID={KID}\nAWS_SECRET_ACCESS_KEY={SEC}\n")
    (tmp_path / "clean.py").write_text("print('hello')\n")
    return tmp_path


def test_exit_codes(leaky: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    clean = tmp_path_factory.mktemp("clean")
    (clean / "a.py").write_text("x = 1\n")
    assert main(["scan", str(clean)]) == 0
    assert main(["scan", str(leaky)]) == 1
    assert main(["scan", str(leaky / "nope")]) == 2
    assert main(["scan", "--format", "bogus", str(leaky)]) == 2


def test_threshold(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(f"old key id {KID}\n")  # lone key ID: low severity
    assert main(["scan", str(tmp_path)]) == 0
    assert main(["scan", "--threshold", "low", str(tmp_path)]) == 1


def test_text_output_is_redacted(leaky: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["scan", str(leaky)])
    out = capsys.readouterr().out
    assert SEC not in out and KID not in out and "aws-secret-access-key" in out


def test_show_secrets_is_the_only_way(leaky: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["scan", "-f", "json", str(leaky)])
    assert SEC not in capsys.readouterr().out
    main(["scan", "-f", "json", "--show-secrets", str(leaky)])
    assert SEC in capsys.readouterr().out


def test_json_shape(leaky: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["scan", "-f", "json", str(leaky)])
    doc = json.loads(capsys.readouterr().out)
    f = doc["findings"][0]
    for key in ("rule", "description", "severity", "file", "line", "column", "secret_redacted",
                "fingerprint"):
        assert key in f
    assert doc["stats"]["files"] == 2


def test_output_file_mode_0600(leaky: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("out") / "report.sarif"
    assert main(["scan", "-f", "sarif", "-o", str(out), str(leaky)]) == 1
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert json.loads(out.read_text())["version"] == "2.1.0"


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = f"token = '{F.github_classic(52)}'\n".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["scan", "-f", "json", "-"]) == 1
    assert json.loads(capsys.readouterr().out)["findings"][0]["file"] == "<stdin>"


def test_gitignore_honoured_in_work_tree(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("ignored/\n")
    (tmp_path / "ignored").mkdir()
    (tmp_path / "ignored" / "a.env").write_text(f"token={F.github_classic(53)}\n")
    assert main(["scan", str(tmp_path)]) == 0
    assert main(["scan", "--no-ignore", str(tmp_path)]) == 1


def test_git_dir_always_skipped(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text(f"token={F.github_classic(54)}\n")
    assert main(["scan", "--no-ignore", str(tmp_path)]) == 0


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "scanner", "scan", str(tmp_path / "missing")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_rules_command_lists_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--json"]) == 0
    ids = {r["id"] for r in json.loads(capsys.readouterr().out)}
    assert {"aws-access-key-id", "github-classic-token", "generic-password"} <= ids
