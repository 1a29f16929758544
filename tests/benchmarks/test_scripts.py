"""The benchmarks run from a fresh clone, whatever its directory is called (item 3 of
issue 11). They are run by hand; these tests only check what made them die."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import sysconfig
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_history_finds_text_in_a_clone_named_credscan(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "credscan" / ".venv" / "lib" / "python3" / "site-packages"
    (site / "requests").mkdir(parents=True)
    (site / "requests" / "api.py").write_text("def get(url):\n    return url\n")
    (site / "scanner").mkdir()
    (site / "scanner" / "api.py").write_text("# credscan's own code is left out\n")
    real = sysconfig.get_paths
    monkeypatch.setattr(sysconfig, "get_paths", lambda *a, **k: {**real(), "purelib": str(site)})
    history = _load("history")
    assert [name for name, _ in history.source_texts()] == ["requests/api.py"]


def test_history_build_failure_leaves_no_repository_or_crash_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    history = _load("history")
    monkeypatch.setattr(history, "ROOT", tmp_path / "bench")

    class Broken:
        def __init__(self, n: int) -> None:
            pass

        def write(self, out: object) -> None:
            out.write(b"blob\nmark :1\ndata 3\nabc\n")  # type: ignore[attr-defined]
            raise ZeroDivisionError("a generator bug, mid-stream")

    monkeypatch.setattr(history, "Generator", Broken)
    with pytest.raises(ZeroDivisionError):
        history.build_repo("tiny")
    assert not (tmp_path / "bench" / f"tiny-{history.GEN_VERSION}").exists()
    assert list(tmp_path.rglob("fast_import_crash_*")) == []


def test_history_says_what_it_needs_when_there_is_no_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = sysconfig.get_paths
    monkeypatch.setattr(sysconfig, "get_paths",
                        lambda *a, **k: {**real(), "purelib": str(tmp_path)})
    history = _load("history")
    with pytest.raises(SystemExit) as exc:
        history.Generator(10)
    assert "needs Python files" in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize("script", sorted(p.name for p in BENCH.glob("*.py")
                                          if p.name != "conformance.py"))
def test_every_benchmark_starts(script: str) -> None:
    proc = subprocess.run([sys.executable, str(BENCH / script), "--help"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "usage" in proc.stdout.lower()
