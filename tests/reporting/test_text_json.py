"""Text and JSON reports: grouping, redaction, history details, stats."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.models import Severity
from scanner.redact import redact
from scanner.reporting import ReportOptions, render
from tests.report_samples import all_secrets, commit, sample_result


def test_text_groups_by_file_and_redacts() -> None:
    result = sample_result()
    out = render(result, "text", ReportOptions())
    for s in all_secrets(result):
        assert s not in out
        assert redact(s) in out
    # grouped: each file named once, in sorted order, before its findings
    assert out.count("config/settings.py\n") == 1
    assert out.index("README.md") < out.index("config/settings.py") < out.index("dir with space")
    assert "aws-secret-key" in out and "CRITICAL" in out
    assert "(below threshold)" in out  # the low-severity lone key ID
    assert "4 findings in 3 files (3 at or above medium)" in out
    assert "57 files" in out and "120.6 KB" in out and "0.42 s" in out
    assert "\x1b[" not in out  # no colour unless asked
    assert "What to do" not in out


def test_text_color_and_show_secrets() -> None:
    result = sample_result()
    out = render(result, "text", ReportOptions(color=True, show_secrets=True))
    assert "\x1b[" in out
    for s in all_secrets(result):
        assert s in out


def test_text_history_has_commits_head_status_and_advice() -> None:
    result = sample_result(history=True)
    out = render(result, "text", ReportOptions(command="history"))
    assert f"commit {commit(1).sha[:12]} by Dev 1" in out
    assert "still present at HEAD" in out
    assert "only in history (not at HEAD)" in out
    assert "What to do" in out and "Rotate every leaked key" in out
    assert "git filter-repo" in out
    assert "2 still present at HEAD, 2 only in history." in out
    assert "9 commits" in out
    for s in all_secrets(result):
        assert s not in out


def test_text_clean_and_quiet() -> None:
    from scanner.models import ScanResult

    out = render(ScanResult(), "text", ReportOptions())
    assert "No secrets found." in out
    assert render(ScanResult(), "text", ReportOptions(quiet=True)) == ""


def test_text_module_import_is_cheap() -> None:
    import subprocess
    import sys

    code = ("import sys, scanner.reporting.text; "
            "print('rich' in sys.modules or any(m.startswith('rich.') for m in sys.modules))")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=root).stdout.strip()
    assert out == "False"


def test_json_shape_and_redaction() -> None:
    result = sample_result()
    result.baselined = 2
    doc = json.loads(render(result, "json", ReportOptions()))
    assert set(doc) == {"findings", "stats"}
    assert len(doc["findings"]) == 4
    f = next(x for x in doc["findings"] if x["rule"] == "aws-access-key")
    for key in ("rule", "description", "severity", "provider", "file", "line", "column",
                "end_column", "secret_redacted", "fingerprint", "group", "extras",
                "occurrences", "present_at_head"):
        assert key in f, key
    assert "secret" not in f and "commit" not in f
    assert f["extras"] == {"account_id": "123456789012"}
    assert f["severity"] == "high" and f["line"] == 12 and f["group"] == "g1"
    assert doc["stats"]["files"] == 57 and doc["stats"]["findings"] == 4
    assert doc["stats"]["failing"] == 3 and doc["stats"]["baselined"] == 2
    text = json.dumps(doc)
    for s in all_secrets(result):
        assert s not in text


def test_json_history_and_show_secrets() -> None:
    result = sample_result(history=True)
    doc = json.loads(render(result, "json", ReportOptions(command="history", show_secrets=True,
                                                          threshold=Severity.LOW)))
    for f in doc["findings"]:
        assert f["secret"] in all_secrets(result)
        for key in ("commit", "author", "email", "date", "subject"):
            assert f[key]
    f = next(x for x in doc["findings"] if x["rule"] == "aws-access-key")
    assert f["occurrences"] == [{"file": "config/old.py", "line": 3, "commit": commit(3).sha}]
    assert f["present_at_head"] is True
    assert doc["stats"]["commits"] == 9 and doc["stats"]["failing"] == 4


def test_plain_text_render_does_not_import_rich() -> None:
    import subprocess
    import sys

    code = ("import sys\n"
            "from tests.report_samples import sample_result\n"
            "from scanner.reporting import render, ReportOptions\n"
            "render(sample_result(True), 'text', ReportOptions(command='history'))\n"
            "print(any(m == 'rich' or m.startswith('rich.') for m in sys.modules))\n")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=root).stdout.strip()
    assert out == "False"
