"""What a new user reads (items 11 and 19 of issue 11): a short fingerprint on every text
finding, that ``audit --set`` takes; plurals; no raw markdown in the HTML report."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

from scanner.models import ScanResult, ScanStats
from scanner.reporting import ReportOptions, render
from tests.report_samples import sample_result

SCANNER = Path(__file__).resolve().parents[2] / "scanner"


def test_every_text_finding_shows_a_short_fingerprint() -> None:
    result = sample_result()
    text = render(result, "text", ReportOptions(threshold=sample_result().findings[0].severity))
    for f in result.findings:
        assert f"fp {f.fingerprint[:10]}" in text
        assert f.fingerprint not in text  # the short form, not the whole digest


def test_one_of_each_is_singular() -> None:
    one = sample_result()
    one.findings[:] = one.findings[:1]
    one.stats = ScanStats(files=1, bytes=10, lines=1, seconds=0.1)
    for fmt in ("text", "github", "junit", "html"):
        out = render(one, fmt, ReportOptions())
        assert "(s)" not in out, fmt
        assert not re.search(r"\b1 (lines|files|findings|commits)\b", out), fmt


def _strings(path: Path) -> list[tuple[int, str]]:
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
        if tok.type == tokenize.STRING or tok.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            out.append((tok.start[0], tok.string))
    return out


def test_no_count_is_followed_by_thing_s() -> None:
    """``{n} finding(s)`` in any message: counts get a real plural."""
    hits = [f"{p.relative_to(SCANNER)}:{ln}" for p in sorted(SCANNER.rglob("*.py"))
            for ln, s in _strings(p) if re.search(r"\}\s+[\w ]*\w\(s\)", s)]
    assert hits == []


def test_html_advice_renders_code_not_backticks() -> None:
    out = render(sample_result(history=True), "html", ReportOptions(command="history"))
    advice = out[out.index("<ol class=advice>"):]
    advice = advice[:advice.index("</ol>")]
    assert "`" not in advice
    assert "<code>credscan move-keys</code>" in advice


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_clean_reports_still_render(fmt: str) -> None:
    assert render(ScanResult(), fmt, ReportOptions())
