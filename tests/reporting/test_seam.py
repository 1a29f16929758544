"""Redaction and escaping happen at one seam, for every registered format."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner import api
from scanner.reporting import FORMATS, ReportOptions, render
from tests import fakes
from tests.git_helpers import Repo, git_env  # noqa: F401


@pytest.fixture
def leaky(tmp_path: Path) -> tuple[api.ScanResult, list[str]]:
    """A history whose commit subject, file name and lines all carry secrets."""
    r = Repo(tmp_path / "r")
    token = fakes.github_classic(501)
    key_id, secret = fakes.aws_key_id(501), fakes.aws_secret(501)
    pem_body = fakes.rsa_private_key(501) if hasattr(fakes, "rsa_private_key") else ""
    r.write("creds.ini", f"aws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n")
    r.write("x\n::warning::pwned\x1b[31m.py", f'token = "{token}"  # {secret}\n')
    if pem_body:
        r.write("id_rsa", pem_body)
    r.commit(f"add creds {token} for {secret}")
    result = api.scan_history(str(r.path), explain=True)
    assert result.findings
    return result, [token, key_id, secret]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_whole_secret_and_no_raw_control_chars(fmt: str,
                                                   leaky: tuple[api.ScanResult, list[str]]) -> None:
    result, secrets = leaky
    for explain in (False, True):
        out = render(result, fmt, ReportOptions(command="history", explain=explain))
        for s in secrets + [f.secret for f in result.findings]:
            assert s not in out, f"{fmt} leaks a whole secret"
        assert "\x1b" not in out
        assert "\n::warning::pwned" not in out


def test_show_secrets_is_the_only_way_to_see_values(leaky: tuple[api.ScanResult, list[str]]
                                                    ) -> None:
    result, secrets = leaky
    out = render(result, "json", ReportOptions(show_secrets=True))
    assert secrets[0] in out


def test_workflow_commands_cannot_be_injected_through_names(
        leaky: tuple[api.ScanResult, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    result, _ = leaky
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    out = render(result, "text", ReportOptions(command="history"))
    assert not any(line.lstrip().startswith("::") for line in out.splitlines())
    assert "::warning::" not in out
    gh = render(result, "github", ReportOptions(command="history"))
    for line in gh.splitlines():
        assert line.startswith(("::error ", "::warning ", "::notice "))


def _finding(file: str, secret: str) -> api.Finding:
    from scanner.models import Finding, Severity

    return Finding(rule_id="generic-password", description="A password", provider="generic",
                   severity=Severity.MEDIUM, file=file, line=1, column=1, end_column=9,
                   secret=secret, line_text=f'password = "{secret}"')


def test_a_short_password_does_not_mask_a_path_it_happens_to_be_part_of() -> None:
    """``session`` found in a file must not print ``oauth1_s********.py``; the line still
    hides it, and a path component that *is* the value is still masked."""
    from scanner.models import ScanResult

    short = "ses" + "sion"
    result = ScanResult(findings=[_finding("lib/oauth1_session.py", short),
                                  _finding(f"keys/{short}/x.txt", short)])
    out = render(result, "json", ReportOptions())
    assert "lib/oauth1_session.py" in out
    assert f"keys/{short}/" not in out
    assert f'password = \\"{short}\\"' not in out
    long_token = fakes.github_classic(502)
    result = ScanResult(findings=[_finding(f"cache/{long_token}_v2.json", long_token)])
    assert long_token not in render(result, "text", ReportOptions())
