"""The engine on any bytes and any path: total, spans inside the input, redacted reports."""

from __future__ import annotations

from hypothesis import example, given

from scanner import api
from scanner.engine import textio
from scanner.models import Finding, Fragment, ScanResult
from scanner.reporting import FORMATS, ReportOptions, render
from tests import fakes
from tests.fuzz import strategies as S

_SCANNER = api.build_scanner()


def _scan(data: bytes, path: str) -> list[Finding]:
    return _SCANNER.scan(Fragment(text=data, path=path))


def _lines(b: bytes) -> int:
    return b.count(b"\n") + 1


@given(data=S.scan_input, path=S.path)
def test_any_bytes_any_path(data: bytes, path: str) -> None:
    findings = _scan(data, path)
    readings = [data, *textio.decode_candidates(data), textio.printable_runs(data)]
    texts = [r.decode("utf-8", "replace") for r in readings]
    max_lines = max(_lines(r) for r in readings)
    for f in findings:
        assert 1 <= f.line <= max_lines, (f.line, max_lines)
        assert 1 <= f.column <= f.end_column
        assert f.secret
        if dict(f.extra).get("encoding") != "base64":
            assert any(f.secret in t for t in texts), f.secret
        assert f.file == path


@given(data=S.scan_input, path=S.path)
# found by the long run: a key ID in a file whose name is not UTF-8 crashed SARIF (quote())
@example(data=fakes.aws_key_id(77).encode(), path="\udc80")
def test_reports_never_hold_a_whole_secret(data: bytes, path: str) -> None:
    findings = _scan(data, path)
    result = ScanResult(findings=findings)
    secrets = {f.secret for f in findings if len(f.secret) >= 8 and f.secret not in path}
    for fmt in FORMATS:
        out = render(result, fmt, ReportOptions())
        for s in secrets:
            assert s not in out, (fmt, s)
