"""Importing detect-secrets baselines, gitleaks reports and .gitleaksignore (no engine).

The input files are written here in those tools' documented formats; the credscan
findings they map onto are built directly, as the re-scan would produce them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from scanner.baseline.importers import (
    R_FAMILY,
    R_FILE_GONE,
    R_NO_LINE,
    import_file,
    parse_gitleaks_fingerprint,
    rule_family,
)
from scanner.errors import UsageError
from scanner.models import Severity
from tests import fakes
from tests.report_samples import commit, finding


def sha1(s: str) -> str:
    return hashlib.sha1(s.encode()).hexdigest()


@pytest.fixture()
def repo(tmp_path: Path) -> tuple[Path, list]:  # type: ignore[type-arg]
    key, sec, gh, pw = (fakes.aws_key_id(40), fakes.aws_secret(40), fakes.github_classic(41),
                        fakes.password(42))
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(
        f'AWS_ACCESS_KEY_ID = "{key}"\nAWS_SECRET_ACCESS_KEY = "{sec}"\n'
        f'GH = "{gh}"\n', encoding="utf-8")
    (tmp_path / "settings.ini").write_text(f"[db]\npassword = '{pw}'\n", encoding="utf-8")
    findings = [
        finding("aws-access-key", "src/app.py", 1, key, column=22),
        finding("aws-secret-key", "src/app.py", 2, sec, severity=Severity.CRITICAL, column=26),
        finding("github-pat", "src/app.py", 3, gh, provider="github", column=7),
        # our value deliberately differs from detect-secrets' (with quotes) to exercise
        # the on-the-line token fallback
        finding("generic-password", "settings.ini", 2, f"'{pw}'", provider="generic",
                column=12),
    ]
    return tmp_path, findings


def test_detect_secrets_baseline(repo: tuple[Path, list]) -> None:  # type: ignore[type-arg]
    root, findings = repo
    key, sec, gh, pw = (fakes.aws_key_id(40), fakes.aws_secret(40), fakes.github_classic(41),
                        fakes.password(42))
    doc = {
        "version": "1.5.0",
        "plugins_used": [{"name": "AWSKeyDetector"}, {"name": "KeywordDetector",
                                                      "keyword_exclude": ""}],
        "filters_used": [{"path": "detect_secrets.filters.heuristic.is_sequential_string"}],
        "results": {
            "src/app.py": [
                {"type": "AWS Access Key", "filename": "src/app.py",
                 "hashed_secret": sha1(key), "is_verified": False, "line_number": 1,
                 "is_secret": False},
                {"type": "Secret Keyword", "filename": "src/app.py",
                 "hashed_secret": sha1(sec), "is_verified": False, "line_number": 2,
                 "is_secret": True},
                {"type": "GitHub Token", "filename": "src/app.py",
                 "hashed_secret": sha1(gh), "is_verified": False, "line_number": 30},
                {"type": "Hex High Entropy String", "filename": "src/app.py",
                 "hashed_secret": sha1("not-here"), "is_verified": False, "line_number": 9},
            ],
            "settings.ini": [
                {"type": "Secret Keyword", "filename": "settings.ini",
                 "hashed_secret": sha1(pw), "is_verified": False, "line_number": 2,
                 "is_secret": False},
            ],
            "deleted.py": [
                {"type": "Secret Keyword", "filename": "deleted.py",
                 "hashed_secret": sha1("x"), "is_verified": False, "line_number": 1},
            ],
        },
        "generated_at": "2024-01-01T00:00:00Z",
    }
    src = root / ".secrets.baseline"
    src.write_text(json.dumps(doc, indent=2))
    rep = import_file(src, findings, root)
    assert rep.kind == "detect-secrets baseline" and rep.total == 6
    got = {m.finding.rule_id: m.verdict for m in rep.mapped}
    assert got == {"aws-access-key": "false_positive", "aws-secret-key": "real",
                   "github-pat": "none",  # matched by hash although its line moved
                   "generic-password": "false_positive"}  # via the token fallback
    assert rep.unmapped == {R_NO_LINE: 1, R_FILE_GONE: 1}
    assert "2 could not be mapped" in rep.summary() and R_FILE_GONE in rep.summary()


def test_gitleaks_report(repo: tuple[Path, list]) -> None:  # type: ignore[type-arg]
    root, findings = repo
    gh = fakes.github_classic(41)
    leaks = [
        {"Description": "AWS", "StartLine": 1, "EndLine": 1, "StartColumn": 22,
         "EndColumn": 41, "Match": "REDACTED", "Secret": "REDACTED", "File": "src/app.py",
         "SymlinkFile": "", "Commit": "", "Entropy": 3.6, "Author": "", "Email": "",
         "Date": "", "Message": "", "Tags": [], "RuleID": "aws-access-token",
         "Fingerprint": "src/app.py:aws-access-token:1"},
        {"Description": "GitHub PAT", "StartLine": 99, "EndLine": 99, "StartColumn": 7,
         "EndColumn": 47, "Match": gh, "Secret": gh, "File": "./src/app.py",
         "Commit": "", "RuleID": "github-pat", "Fingerprint": "src/app.py:github-pat:99",
         "Tags": []},  # unredacted: matched by value even though the line differs
        {"Description": "Generic", "StartLine": 2, "Secret": "REDACTED",
         "File": "settings.ini", "RuleID": "generic-api-key",
         "Fingerprint": "settings.ini:generic-api-key:2"},
        {"Description": "Slack", "StartLine": 2, "Secret": "REDACTED", "File": "src/app.py",
         "RuleID": "slack-bot-token", "Fingerprint": "src/app.py:slack-bot-token:2"},
        {"Description": "Stripe", "StartLine": 5, "Secret": "REDACTED", "File": "src/app.py",
         "RuleID": "stripe-access-token", "Fingerprint": "src/app.py:stripe-access-token:5"},
        {"Description": "gone", "StartLine": 1, "Secret": "REDACTED", "File": "old.env",
         "RuleID": "generic-api-key", "Fingerprint": "old.env:generic-api-key:1"},
    ]
    src = root / "gitleaks-report.json"
    src.write_text(json.dumps(leaks, indent=1))
    rep = import_file(src, findings, root)
    assert rep.total == 6
    assert sorted(m.finding.rule_id for m in rep.mapped) == [
        "aws-access-key", "generic-password", "github-pat"]
    assert all(m.verdict == "none" for m in rep.mapped)
    assert rep.unmapped == {R_FAMILY: 1, R_NO_LINE: 1, R_FILE_GONE: 1}


def test_gitleaksignore_history(repo: tuple[Path, list]) -> None:  # type: ignore[type-arg]
    root, findings = repo
    c = commit(7)
    hist = [f.with_(commit=c) for f in findings]
    text = "\n".join([
        "# false positives agreed in review",
        f"{c.sha}:src/app.py:aws-access-token:1",
        f"{c.sha[:10]}:src/app.py:github-pat:3",  # abbreviated commit
        f"{'f' * 40}:src/app.py:aws-access-token:1",  # a commit we did not scan
        "settings.ini:generic-api-key:2",  # directory-scan style fingerprint
        "garbage-line",
        "",
    ])
    src = root / ".gitleaksignore"
    src.write_text(text)
    rep = import_file(src, hist, root)
    assert rep.kind == ".gitleaksignore" and rep.total == 5
    assert sorted(m.finding.rule_id for m in rep.mapped) == [
        "aws-access-key", "generic-password", "github-pat"]
    assert all(m.verdict == "false_positive" for m in rep.mapped)
    assert sum(rep.unmapped.values()) == 2


def test_fingerprint_parsing_and_families() -> None:
    sha = "a" * 40
    assert parse_gitleaks_fingerprint(f"{sha}:dir/a:b.py:generic-api-key:12") == (
        sha, "dir/a:b.py", "generic-api-key", 12)
    assert parse_gitleaks_fingerprint("a.py:rule:3") == (None, "a.py", "rule", 3)
    assert parse_gitleaks_fingerprint("nope") is None
    assert rule_family("aws-access-token") == "aws"
    assert rule_family("generic-api-key") == "generic"
    assert rule_family("gcp-api-key") == "gcp"


def test_unknown_format_is_usage_error(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_text('{"foo": 1}')
    with pytest.raises(UsageError, match="cannot tell"):
        import_file(p, [], tmp_path)
    with pytest.raises(UsageError, match="not a detect-secrets"):
        import_file(p, [], tmp_path, fmt="detect-secrets")
