"""Allow markers reach exactly as far as they should."""

from __future__ import annotations

from pathlib import Path

from scanner import api
from tests import fakes
from tests.git_helpers import CLEAN, Repo, git_env  # noqa: F401

T1, T2 = fakes.github_classic(701), fakes.github_classic(702)


def lines(text: str) -> list[int]:
    return [f.line for f in api.scan_text(text, "app.py")]


def test_markers_are_tokens() -> None:
    assert lines(f'token = "{T1}"  # gitleaks:allow\n') == []
    assert lines(f'token = "{T1}"  # gitleaks:allowlist\n') == [1]
    assert lines(f'token = "{T1}"  # credscan:allowed\n') == [1]


def test_next_line_marker_covers_the_next_non_empty_line_only() -> None:
    text = f'# credscan:allow-next-line\n\ntoken = "{T1}"\ntoken2 = "{T2}"\n'
    assert lines(text) == [4]


def test_one_marker_does_not_hide_a_whole_minified_line() -> None:
    pad = "var a=1;" * 400
    text = f'var t="{T1}"; // credscan:allow\n' + pad + f'var u="{T2}";' + pad + "\n"
    assert lines(text) == [2]
    big = pad + f'var t="{T1}"; /* credscan:allow */' + pad + f'var u="{T2}";' + pad
    found = api.scan_text(big, "bundle.js")
    assert [f.secret for f in found] == [T2]


def test_explain_lists_what_a_marker_dropped() -> None:
    sc = api.build_scanner()
    from scanner.models import Dropped, Fragment

    dropped: list[Dropped] = []
    sc.scan(Fragment(text=f'token = "{T1}"  # credscan:allow\n'.encode(), path="a.py"), dropped)
    assert ("github-classic-token", 1, "allow marker on the line") in [
        (d.rule_id, d.line, d.reason) for d in dropped]


def test_history_honours_a_marker_above_the_added_lines(tmp_path: Path) -> None:
    r = Repo(tmp_path / "r")
    r.write("app.py", CLEAN + "# credscan:allow-next-line\nplaceholder = 1\n")
    r.commit("init")
    r.write("app.py", CLEAN + f'# credscan:allow-next-line\ntoken = "{T1}"\n')
    r.commit("token under an old marker")
    assert api.scan_history(str(r.path)).findings == []
    assert api.current_findings(r.path).findings == []
