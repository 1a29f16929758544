"""Where to revoke or rotate a credential: the rule's ``revoke`` URL reaches the reports."""

from __future__ import annotations

import json

from scanner import api
from scanner.models import ScanResult
from scanner.reporting import ReportOptions, render
from tests import fakes

GITHUB_DOCS = "https://docs.github.com/en/authentication/"


def _result() -> ScanResult:
    text = f'GITHUB_TOKEN = "{fakes.github_classic(77)}"\n'
    return ScanResult(findings=api.scan_text(text, "app/settings.py"))


def test_finding_carries_the_rules_revoke_url() -> None:
    [f] = _result().findings
    assert f.rule_id == "github-classic-token" and f.revoke and f.revoke.startswith(GITHUB_DOCS)


def test_text_what_to_do_lists_it() -> None:
    out = render(_result(), "text", ReportOptions(command="scan"))
    assert "What to do" in out and "Where to revoke or rotate" in out and GITHUB_DOCS in out


def test_sarif_help_and_help_uri() -> None:
    doc = json.loads(render(_result(), "sarif", ReportOptions(command="scan")))
    [rule] = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rule["helpUri"].startswith(GITHUB_DOCS)
    assert GITHUB_DOCS in rule["help"]["text"] and "](https://" in rule["help"]["markdown"]


def test_html_links_it() -> None:
    out = render(_result(), "html", ReportOptions(command="scan"))
    assert f'href="{GITHUB_DOCS}' in out and "Where to revoke or rotate" in out


def test_every_provider_rule_in_the_new_families_has_https_revoke_or_none() -> None:
    from scanner.rules.loader import builtin_rules

    for r in builtin_rules():
        assert r.revoke is None or r.revoke.startswith("https://"), r.id
