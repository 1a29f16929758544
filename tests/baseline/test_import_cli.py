"""``credscan baseline import`` end to end: real scans, files in the other tools' formats."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from scanner.baseline import Baseline
from scanner.cli.main import main
from tests import fakes
from tests.ci_git import clean_ci_env, commit, init


def sha1(s: str) -> str:
    return hashlib.sha1(s.encode()).hexdigest()


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, list[str]]:
    clean_ci_env(monkeypatch)
    r = init(tmp_path / "repo")
    monkeypatch.chdir(r)
    toks = [fakes.github_classic(401), fakes.github_classic(402), fakes.github_classic(403)]
    sha = commit(r, {"app.py": f'A = "{toks[0]}"\n\nB = "{toks[1]}"\n',
                     "conf/deploy.env": f"TOKEN={toks[2]}\n"}, "leaks")
    return r, sha, toks


def test_import_detect_secrets(repo: tuple[Path, str, list[str]], tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    r, _, toks = repo
    ds = {
        "version": "1.5.0", "plugins_used": [{"name": "GitHubTokenDetector"}],
        "filters_used": [], "generated_at": "2024-05-01T00:00:00Z",
        "results": {
            "app.py": [
                {"type": "GitHub Token", "filename": "app.py", "hashed_secret": sha1(toks[0]),
                 "is_verified": False, "line_number": 1, "is_secret": False},
                {"type": "GitHub Token", "filename": "app.py", "hashed_secret": sha1(toks[1]),
                 "is_verified": True, "line_number": 3, "is_secret": True},
                {"type": "Base64 High Entropy String", "filename": "app.py",
                 "hashed_secret": sha1("something credscan does not flag"),
                 "is_verified": False, "line_number": 2},
            ],
            "removed.py": [{"type": "Secret Keyword", "filename": "removed.py",
                            "hashed_secret": sha1("x"), "is_verified": False,
                            "line_number": 1}],
        },
    }
    src = tmp_path / ".secrets.baseline"
    src.write_text(json.dumps(ds, indent=2))
    assert main(["baseline", "import", str(src)]) == 0
    err = capsys.readouterr().err
    assert "4 entries, 2 mapped" in err and "2 could not be mapped" in err
    assert "file no longer exists" in err
    b = Baseline.load(r / ".credscan-baseline.json")
    assert sorted(e.verdict for e in b.entries.values()) == ["false_positive", "real"]
    text = (r / ".credscan-baseline.json").read_text()
    assert all(t not in text for t in toks)
    # the false positive is hidden, the real one (and the unbaselined one) still fail
    assert main(["scan", "-q", "-f", "json", "--baseline", ".credscan-baseline.json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert sorted((f["file"], f["line"]) for f in doc["findings"]) == [
        ("app.py", 3), ("conf/deploy.env", 1)]


def test_import_gitleaks_report_and_ignore(repo: tuple[Path, str, list[str]], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    r, sha, toks = repo
    leaks = [
        {"Description": "GitHub Personal Access Token", "StartLine": 1, "EndLine": 1,
         "StartColumn": 6, "EndColumn": 45, "Match": "REDACTED", "Secret": "REDACTED",
         "File": "app.py", "SymlinkFile": "", "Commit": sha, "Entropy": 5.1,
         "Author": "Test Dev", "Email": "dev@example.com", "Date": "2024-01-01T12:00:00Z",
         "Message": "leaks", "Tags": [], "RuleID": "github-pat",
         "Fingerprint": f"{sha}:app.py:github-pat:1"},
        {"Description": "AWS", "StartLine": 3, "Secret": "REDACTED", "File": "app.py",
         "Commit": sha, "RuleID": "aws-access-token", "Tags": [],
         "Fingerprint": f"{sha}:app.py:aws-access-token:3"},
    ]
    report = tmp_path / "gitleaks.json"
    report.write_text(json.dumps(leaks, indent=2))
    assert main(["baseline", "import", str(report), "--history"]) == 0
    err = capsys.readouterr().err
    assert "gitleaks report: 2 entries, 1 mapped" in err
    assert "different kind of secret" in err

    ignore = tmp_path / ".gitleaksignore"
    ignore.write_text(f"# reviewed\n{sha}:conf/deploy.env:github-pat:1\n"
                      f"{sha}:app.py:github-pat:3\n")
    assert main(["baseline", "import", str(ignore), "--history"]) == 0
    assert ".gitleaksignore: 2 entries, 2 mapped" in capsys.readouterr().err
    b = Baseline.load(r / ".credscan-baseline.json")
    verdicts = sorted((e.file, e.line, e.verdict) for e in b.entries.values())
    assert verdicts == [("app.py", 1, "none"), ("app.py", 3, "false_positive"),
                        ("conf/deploy.env", 1, "false_positive")]
    assert main(["scan", "-q", "--baseline", ".credscan-baseline.json"]) == 0
