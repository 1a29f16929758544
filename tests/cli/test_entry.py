"""The console entry point: the hook's plain form runs without click, and says the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scanner.cli import entry
from scanner.cli import main as click_cli
from tests.git_helpers import CLEAN, Repo, aws_pair, github_line


@pytest.mark.parametrize(("argv", "files"), [
    (["staged"], []),
    (["staged", "a.py", "dir/b.txt"], ["a.py", "dir/b.txt"]),
    (["staged", "--quiet"], None),
    (["staged", "a.py", "--format", "json"], None),
    (["staged", "--", "a.py"], None),
    (["staged", "-"], None),
    (["staged", "--help"], None),
    (["scan", "."], None),
    ([], None),
])
def test_only_the_plain_hook_form_skips_the_parser(argv: list[str],
                                                   files: list[str] | None) -> None:
    assert entry.plain_staged(argv) == files


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    r = Repo(tmp_path / "r")
    r.write("app.py", CLEAN)
    r.commit("init")
    monkeypatch.chdir(r.path)
    return r


def _both(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[tuple[int, str, str]]:
    out = []
    for run in (entry.main, click_cli.main):
        rc = run(argv)
        got = capsys.readouterr()
        out.append((rc, got.out, got.err))
    return out


@pytest.mark.parametrize("content", ["clean", "aws", "github"])
@pytest.mark.parametrize("named", [False, True])
def test_plain_form_and_click_path_agree(repo: Repo, capsys: pytest.CaptureFixture[str],
                                         content: str, named: bool) -> None:
    text = {"clean": CLEAN + "x = 2\n", "aws": aws_pair(3), "github": github_line(4)}[content]
    repo.write("app.py", text)
    repo.write("notes.md", "# notes\n")
    repo.git("add", "-A")
    argv = ["staged", "app.py", "notes.md"] if named else ["staged"]
    fast, slow = _both(argv, capsys)
    assert fast == slow
    assert fast[0] == (0 if content == "clean" else 1)
    assert fast[2].count("credscan: scanned") == 1


def test_plain_form_fails_closed_outside_a_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    fast, slow = _both(["staged"], capsys)
    assert fast == slow and fast[0] == 2
    assert "commit blocked (fail closed)" in fast[2] and "Traceback" not in fast[2]


def test_hook_run_imports_neither_click_nor_hyperscan(repo: Repo) -> None:
    """The commit-time path: no option parser, no Hyperscan for a small change, no TOML
    parser once the packaged rules are cached (the first run parses and caches them)."""
    repo.write("app.py", CLEAN + "y = 3\n")
    repo.git("add", "-A")
    subprocess.run([sys.executable, "-m", "scanner", "staged"], cwd=repo.path, check=True,
                   capture_output=True)
    code = ("import sys\n"
            "from scanner.cli.entry import main\n"
            "rc = main(['staged'])\n"
            "print(rc, sorted(m for m in ('click', 'hyperscan', 'tomllib', 'scanner.baseline', "
            "'scanner.sources.files', 'scanner.sources.git.history') if m in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=repo.path, capture_output=True,
                          text=True, check=False)
    assert proc.stdout.strip() == "0 []", proc.stderr
