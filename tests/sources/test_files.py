"""Files and stdin as a source: what is walked, what is refused, what is said."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest

from scanner import api
from scanner.sources import files as src
from tests import fakes

TOKEN = fakes.github_classic(601)
LINE = f'token = "{TOKEN}"\n'


def _files(res: api.ScanResult) -> set[str]:
    return {Path(f.file).name for f in res.findings}


def test_symlinks_are_not_followed_by_default(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "credentials").write_text(LINE)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "innocent.txt").symlink_to(outside / "credentials")
    (tree / "linkdir").symlink_to(outside, target_is_directory=True)
    assert api.scan_paths([str(tree)]).findings == []
    followed = api.scan_paths([str(tree)], selection=api.Selection(follow_symlinks=True))
    assert "innocent.txt" in _files(followed)


def test_a_fifo_swapped_in_is_skipped_not_waited_on(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(LINE)
    fifo = tmp_path / "b.py"
    os.mkfifo(fifo)
    done = threading.Event()
    box: dict[str, api.ScanResult] = {}

    def scan() -> None:
        box["r"] = api.scan_paths([str(tmp_path)], jobs=1)
        done.set()

    t = threading.Thread(target=scan, daemon=True)
    t.start()
    assert done.wait(60), "the scan hung on a FIFO"
    assert _files(box["r"]) == {"a.py"}
    refs = [src.FileRef(str(fifo), "b.py", 0, "b.py")]  # listed as a file, then a FIFO
    s = src.FileSource(refs)
    assert list(s.fragments()) == [] and "not a regular file" in s.errors[0]


def test_default_excludes_outside_git_and_opt_out(tmp_path: Path) -> None:
    for d in (".venv/lib", "node_modules/pkg", "app", "build/static"):
        (tmp_path / d).mkdir(parents=True)
        (tmp_path / d / "x.py").write_text(LINE)
    got = {Path(f.file).parent.name for f in api.scan_paths([str(tmp_path)]).findings}
    assert got == {"app", "static"}  # front-end bundles in build/ are scanned on purpose
    every = api.scan_paths([str(tmp_path)], selection=api.Selection(default_excludes=False))
    assert len(every.findings) == 4
    some = api.scan_paths([str(tmp_path)], selection=api.Selection(excludes=("app/",)))
    assert {Path(f.file).parent.name for f in some.findings} == {"static"}


def test_unreadable_files_are_named(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        refs = [src.FileRef(str(tmp_path / "gone.py"), "gone.py", 5, "gone.py")]
        s = src.FileSource(refs)
        assert list(s.fragments()) == []
        assert s.stats.unreadable == 1 and "gone.py" in s.errors[0]
        return
    p = tmp_path / "secret.py"  # pragma: no cover - tests run as root here
    p.write_text(LINE)
    p.chmod(0)
    res = api.scan_paths([str(tmp_path)])
    assert res.stats.unreadable == 1 and any("secret.py" in e for e in res.errors)


def test_stdin_is_streamed_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(src, "CHUNK", 16384)
    monkeypatch.setattr(src, "OVERLAP", 512)
    data = ("x = 1\n" * 5000 + LINE) * 3
    res = api.scan_stream(io.BytesIO(data.encode()))
    assert [f.line for f in res.findings] == [5001, 10002, 15003]


def test_endless_binary_stdin_stops() -> None:
    class Zeros(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, b: bytearray) -> int:  # type: ignore[override]
            b[:] = bytes(len(b))
            return len(b)

    res = api.scan_stream(io.BufferedReader(Zeros()))
    assert res.findings == [] and res.stats.binary_skipped == 1


def test_symlink_loop_path_is_a_one_line_error(tmp_path: Path) -> None:
    from scanner.errors import SourceError

    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(SourceError):
        api.scan_paths([str(loop)])
