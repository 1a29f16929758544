"""scanner.fsio.atomic_write: atomic, 0600, never through a planted link (issue 14 items 10, 13)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scanner.errors import UsageError
from scanner.fsio import TMP_SUFFIX, WriteRefused, atomic_write, display, write_text


def _leftovers(d: Path) -> list[str]:
    return [p.name for p in d.iterdir() if p.name.encode().endswith(TMP_SUFFIX)]


def test_writes_new_file_0600(tmp_path: Path) -> None:
    dest = tmp_path / "report.json"
    atomic_write(dest, b"{}\n")
    assert dest.read_bytes() == b"{}\n"
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert _leftovers(tmp_path) == []


def test_replaces_existing_file_and_tightens_mode(tmp_path: Path) -> None:
    dest = tmp_path / "b.json"
    dest.write_bytes(b"old")
    dest.chmod(0o644)
    atomic_write(dest, b"new")
    assert dest.read_bytes() == b"new"
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600


def test_refuses_symlink_to_outside_file(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
                                         ) -> None:
    outside = tmp_path_factory.mktemp("outside") / "victim"
    outside.write_bytes(b"precious")
    outside.chmod(0o644)
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    link = checkout / "credscan.sarif"
    link.symlink_to(outside)
    with pytest.raises(WriteRefused) as info:
        atomic_write(link, b"report")
    assert "symbolic link" in str(info.value) and "\n" not in str(info.value)
    assert isinstance(info.value, UsageError)
    assert outside.read_bytes() == b"precious"
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644
    assert link.is_symlink()
    assert _leftovers(checkout) == []


def test_refuses_dangling_symlink(tmp_path: Path) -> None:
    target = tmp_path / "would-be-created"
    link = tmp_path / "out.json"
    link.symlink_to(target)
    with pytest.raises(WriteRefused):
        atomic_write(link, b"x")
    assert not target.exists()


def test_refuses_directory_and_fifo(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(WriteRefused, match="directory"):
        atomic_write(tmp_path / "d", b"x")
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    with pytest.raises(WriteRefused, match="not a regular file"):
        atomic_write(fifo, b"x")


def test_missing_directory_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(WriteRefused) as info:
        atomic_write(tmp_path / "nope" / "x.json", b"x")
    assert "\n" not in str(info.value)


def test_failed_write_keeps_old_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure mid-write (full disk) leaves the old baseline whole and no temp file."""
    dest = tmp_path / ".credscan-baseline.json"
    dest.write_bytes(b"verdicts")

    def boom(fd: int, data: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", boom)
    with pytest.raises(WriteRefused, match="No space left"):
        atomic_write(dest, b"new verdicts")
    monkeypatch.undo()
    assert dest.read_bytes() == b"verdicts"
    assert _leftovers(tmp_path) == []


def test_non_utf8_path_and_text(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/r\xff.txt"
    atomic_write(name, b"ok")
    with open(name, "rb") as fh:
        assert fh.read() == b"ok"
    assert "\\xff" in display(name)
    write_text(tmp_path / "t.txt", "name \udcff\n")
    assert (tmp_path / "t.txt").read_bytes() == b"name \\udcff\n"


def test_display_escapes_control_characters() -> None:
    shown = display("x\n::warning::y")
    assert "\n" not in shown and "\\n" in shown


def test_write_stdout_never_fails_on_odd_names(capfdbinary: pytest.CaptureFixture[bytes]
                                               ) -> None:
    from scanner.fsio import write_stdout

    write_stdout('{"file": "a\udcffb"}\n')
    out = capfdbinary.readouterr().out
    import json

    assert json.loads(out.decode("utf-8")) == {"file": "a\udcffb"}
