"""``credscan audit``: the interactive walk (driven through stdin), --set, --list."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from scanner.baseline import Baseline
from scanner.baseline.audit import context_lines
from scanner.cli.main import main
from tests import fakes
from tests.ci_git import clean_ci_env, commit, init


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    clean_ci_env(monkeypatch)
    r = init(tmp_path / "repo")
    monkeypatch.chdir(r)
    body = "".join(f"line {i}\n" for i in range(1, 6))
    commit(r, {
        "a.py": body + f'TOKEN_A = "{fakes.github_classic(201)}"\n' + body,
        "b.py": f'TOKEN_B = "{fakes.github_classic(202)}"\n',
        "c.py": f'TOKEN_C = "{fakes.github_classic(203)}"\n',
    }, "leaks")
    assert main(["baseline", "create"]) == 0
    return r


def test_interactive_walk_records_verdicts(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    # a.py -> false positive, b.py -> real, c.py -> quit (stays untriaged)
    monkeypatch.setattr(sys, "stdin", io.StringIO("f\nr\nq\n"))
    assert main(["audit", "--interactive"]) == 0
    out = capsys.readouterr().out
    for seed in (201, 202):
        assert fakes.github_classic(seed) not in out
    assert "finding 1/3" in out and "a.py:6" in out
    assert "4 | line 4" in out and "8 | line 2" in out  # context lines around the finding
    assert "[r]eal leak, [f]alse positive" in out
    assert "ghp_" in out  # the redacted value
    verdicts = {e.file: e.verdict for e in Baseline.load(repo / ".credscan-baseline.json")
                .entries.values()}
    assert verdicts == {"a.py": "false_positive", "b.py": "real", "c.py": "none"}

    # the next audit walks only what is still untriaged
    monkeypatch.setattr(sys, "stdin", io.StringIO("o\n"))
    assert main(["audit", "--interactive"]) == 0
    assert "finding 1/1" in capsys.readouterr().out
    verdicts = {e.file: e.verdict for e in Baseline.load(repo / ".credscan-baseline.json")
                .entries.values()}
    assert verdicts["c.py"] == "rotated"


def test_audit_needs_a_terminal_or_set(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["audit"]) == 2
    err = capsys.readouterr().err
    assert "--set" in err and len(err.strip().splitlines()) == 1


def test_set_list_and_errors(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bfile = repo / ".credscan-baseline.json"
    fps = sorted(json.loads(bfile.read_text())["findings"])
    capsys.readouterr()
    assert main(["audit", "--set", f"{fps[0]}=fp", "--set", f"{fps[1]}=rotated"]) == 0
    assert main(["audit", "--list"]) == 0
    listing = capsys.readouterr().out
    assert "false_positive" in listing and "rotated" in listing and "none" in listing
    assert main(["audit", "--set", "deadbeefdeadbeef=fp"]) == 2
    assert "no baseline entry or current finding" in capsys.readouterr().err
    assert main(["audit", "--set", f"{fps[0]}=maybe"]) == 2
    assert main(["audit", "--set", "nonsense"]) == 2


def test_context_lines_redact_every_secret(tmp_path: Path) -> None:
    from tests.report_samples import finding

    s1, s2 = fakes.github_classic(301), fakes.github_classic(302)
    (tmp_path / "x.py").write_text(f"a = 1\nT1 = '{s1}'\nT2 = '{s2}'\nb = 2\n")
    f1 = finding("github-pat", "x.py", 2, s1)
    f2 = finding("github-pat", "x.py", 3, s2)
    lines = context_lines(tmp_path, f1, [f1, f2])
    text = "\n".join(t for _, t in lines)
    assert [n for n, _ in lines] == [1, 2, 3, 4]
    assert s1 not in text and s2 not in text and "ghp_" in text
    gone = context_lines(tmp_path / "nowhere", f1)
    assert len(gone) == 1 and s1 not in gone[0][1]
