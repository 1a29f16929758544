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


def _tree(root: Path) -> None:
    """Sixty files in nested directories, some with a token, one unreadable by name."""
    for i in range(60):
        d = root / f"d{i % 4}" / f"sub{i % 3}"
        d.mkdir(parents=True, exist_ok=True)
        body = "x = 1\n" * (i * 7) + (LINE if i % 5 == 0 else "")
        (d / f"f{i}.py").write_text(body)
    (root / "node_modules").mkdir()
    (root / "node_modules" / "skipped.py").write_text(LINE)


def test_a_streamed_parallel_walk_finds_what_one_process_finds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    serial = api.scan_paths([str(tmp_path)], jobs=1)
    monkeypatch.setattr(api, "PARALLEL_MIN_BYTES", 1024)  # a pool for this small tree
    monkeypatch.setattr(api, "UNIT_BYTES", 2048)  # and many units, handed out as walked
    parallel = api.scan_paths([str(tmp_path)], jobs=2)
    assert len(serial.findings) == 12
    assert parallel.findings == serial.findings
    assert parallel.stats.as_dict() | {"seconds": 0} == serial.stats.as_dict() | {"seconds": 0}


def test_a_missing_path_is_refused_before_anything_is_scanned(tmp_path: Path) -> None:
    from scanner.errors import SourceError

    (tmp_path / "a.py").write_text(LINE)
    with pytest.raises(SourceError, match="no such file"):
        src.iter_collect([str(tmp_path), str(tmp_path / "missing")])


def test_the_walk_names_files_as_the_path_helpers_do(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path / "t")
    monkeypatch.chdir(tmp_path)
    for arg in ("t", "t/", "./t", str(tmp_path / "t")):
        refs = src.collect([arg])
        assert len(refs) == 60
        root = str((tmp_path / "t").resolve())
        assert all(r.rel == src._relative(r.path, root) for r in refs)
        assert all(r.display == src._display(r.path, str(tmp_path.resolve())) for r in refs)


def test_a_unit_pickles_to_the_same_files() -> None:
    import pickle

    refs = [src.FileRef("/r/a/b.py", "/r/a/b.py", 3, "a/b.py"),
            src.FileRef("/r/c.py", "c.py", 0, "c.py"),
            src.FileRef("/r/d.py", "other", 7, ""),
            src.FileRef("x.py", "x.py", 1, "elsewhere/x.py")]
    unit = src.FileSource(refs, follow_symlinks=True)
    back = pickle.loads(pickle.dumps(unit))
    assert back.files == refs and back.follow_symlinks
    units = list(src.stream_units(refs, False, max_bytes=4, max_files=10))
    assert [len(u.files) for u in units] == [3, 1]
