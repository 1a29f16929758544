"""Unit tests of the git plumbing: path unquoting, patch parsing, position mapping."""

from __future__ import annotations

from scanner.sources.git.diffmap import (
    MARKER,
    MESSAGE_FILE,
    continuation,
    cut_point,
    hunk_new_start,
    line_starts,
    locate,
    parse_header,
)
from scanner.sources.git.patch import parse_patch
from scanner.sources.git.plumbing import is_null_sha, unquote


def test_unquote() -> None:
    assert unquote(b"plain/path") == b"plain/path"
    assert unquote(b'"a/we ird\\nname"') == b"a/we ird\nname"
    assert unquote(b'"b/caf\\303\\251.txt"\t') == "b/café.txt".encode()
    assert unquote(b'"q\\"uote\\\\back\\ttab"') == b'q"uote\\back\ttab'


def test_null_sha() -> None:
    assert is_null_sha("0" * 40)
    assert not is_null_sha("0" * 39 + "1")
    assert not is_null_sha("")


def test_hunk_header() -> None:
    assert hunk_new_start(b"@@ -1,0 +2 @@ def f():") == (1, 2)
    assert hunk_new_start(b"@@ -0,0 +1,3 @@") == (1, 1)
    assert hunk_new_start(b"@@@ -2,1 -2,1 +2,3 @@@") == (2, 2)


def test_line_starts() -> None:
    data = b"a\nbb\n\nccc\n" * 5000
    want = [1, 2, 3, 4, 5, 19999, 20000]
    starts = line_starts(data, want, block=64)
    lines = data.split(b"\n")
    for n in want:
        off = starts[n]
        assert off == sum(len(x) + 1 for x in lines[:n - 1])


PATCH = (
    MARKER + b"1111 0000\x1fAda\x1fada@x\x1f2024-01-01T00:00:00+00:00\x1fsubject\n"
    b" subject line\n \n body with +plus\n\n"
    b"diff --git a/f.txt b/f.txt\nindex 1..2 100644\n--- a/f.txt\n+++ b/f.txt\n"
    b"@@ -3,2 +3,3 @@ ctx\n-old\n-old2\n+new3\n+new4\n+new5\n"
    b"@@ -10 +11,0 @@\n-gone\n"
    b"@@ -20,0 +21,2 @@\n+n21\n\\ No newline at end of file\n+n22\n"
    b'diff --git "a/we ird\\nname" "b/we ird\\nname"\nnew file mode 100644\n'
    b'--- /dev/null\n+++ "b/we ird\\nname"\t\n@@ -0,0 +1 @@\n+x\n'
    + MARKER + b"2222 3333 4444\x1fBo\x1fbo@x\x1f2024-01-02T00:00:00+00:00\x1fMerge\n"
    b" Merge\n\n"
    b"diff --cc m.txt\nindex 1,2..3\n--- a/m.txt\n+++ b/m.txt\n"
    b"@@@ -2,1 -2,1 +2,4 @@@\n +X\n+ S\n- gone\n++NEW\n  ctx\n++LAST\n"
)


def _loc(line_prefix: bytes) -> tuple[str, int] | None:
    off = PATCH.index(b"\n" + line_prefix) + 1
    loc = locate(PATCH, off)
    return None if loc is None else (loc.file, loc.line)


def test_locate_two_way_and_combined() -> None:
    assert _loc(b"+new3") == ("f.txt", 3)
    assert _loc(b"+new5") == ("f.txt", 5)
    assert _loc(b"-old2") is None
    assert _loc(b"+n21") == ("f.txt", 21)
    assert _loc(b"+n22") == ("f.txt", 22)
    assert _loc(b"+x") == ("we ird\nname", 1)
    assert _loc(b"++NEW") == ("m.txt", 4)
    assert _loc(b"++LAST") == ("m.txt", 6)
    assert _loc(b"+ S") is None  # brought in from the second parent, not new
    assert _loc(b" +X") is None
    assert _loc(b" body with") == (MESSAGE_FILE, 3)


def test_locate_header_lines_are_not_findings() -> None:
    assert locate(PATCH, 0) is None
    assert _loc(b"+++ b/f.txt") is None
    assert _loc(b"@@ -3,2") is None


def test_parse_header() -> None:
    h = parse_header(PATCH.split(b"\n", 1)[0])
    assert (h.sha, h.parents, h.author, h.email, h.subject) == ("1111", ("0000",), "Ada",
                                                               "ada@x", "subject")


def test_cut_and_continuation_keep_line_numbers() -> None:
    assert cut_point(PATCH) == PATCH.index(b"\n" + MARKER + b"2222") + 1
    cut = PATCH.index(b"+new5")
    rest = continuation(PATCH, cut) + PATCH[cut:]
    off = rest.index(b"+new5")
    loc = locate(rest, off)
    assert loc is not None and (loc.file, loc.line) == ("f.txt", 5)
    off = rest.index(b"+n22")
    loc = locate(rest, off)
    assert loc is not None and (loc.file, loc.line) == ("f.txt", 22)
    cut = PATCH.index(b"++LAST")
    rest = continuation(PATCH, cut) + PATCH[cut:]
    loc = locate(rest, rest.index(b"++LAST"))
    assert loc is not None and (loc.file, loc.line, loc.prefix) == ("m.txt", 6, 2)


def test_parse_patch_kinds() -> None:
    raw = (
        b"diff --git a/a b/a\nindex " + b"1" * 40 + b".." + b"2" * 40 + b" 100644\n"
        b"--- a/a\n+++ b/a\n@@ -1,0 +2,2 @@\n+x\n+y\n@@ -5 +7 @@\n-p\n+q\n"
        b"diff --git a/old name b/new name\nsimilarity index 90%\nrename from old name\n"
        b"rename to new name\nindex " + b"3" * 40 + b".." + b"4" * 40 + b" 100644\n"
        b"--- a/old name\n+++ b/new name\n@@ -1 +1 @@\n-a\n+b\n"
        b"diff --git a/bin b/bin\nindex " + b"5" * 40 + b".." + b"6" * 40 + b" 100644\n"
        b"Binary files a/bin and b/bin differ\n"
        b"diff --git a/gone b/gone\ndeleted file mode 100644\nindex " + b"7" * 40 + b".."
        + b"0" * 40 + b"\n--- a/gone\n+++ /dev/null\n@@ -1 +0,0 @@\n-z\n"
        b"diff --git a/sub b/sub\nindex " + b"8" * 40 + b".." + b"9" * 40 + b" 160000\n"
        b"--- a/sub\n+++ b/sub\n@@ -1 +1 @@\n-Subproject commit 1\n+Subproject commit 2\n"
        b"diff --git a/x.sh b/x.sh\nold mode 100644\nnew mode 100755\n"
    )
    files = {f.path or f.old_path: f for f in parse_patch(raw)}
    assert files["a"].added == [2, 3, 7]
    assert files["new name"].status == "R" and files["new name"].old_path == "old name"
    assert files["new name"].added == [1]
    assert files["bin"].binary
    assert files["gone"].status == "D" and files["gone"].path is None
    assert files["sub"].submodule
    assert files["x.sh"].status == "T" and files["x.sh"].added == []


def test_parse_patch_skips_hunk_bodies_that_look_like_headers() -> None:
    """Bodies are skipped by the header's counts: added text that starts like a header
    (``+@@``, ``+diff --git``), no-newline notes and pure deletions keep their numbers."""
    idx = b"index " + b"1" * 40 + b".." + b"2" * 40 + b" 100644\n"
    raw = (
        b"diff --git a/a b/a\n" + idx + b"--- a/a\n+++ b/a\n"
        b"@@ -1,2 +1,3 @@\n-o\n-p\n+@@ -9 +9 @@\n+diff --git a/z b/z\n+index x\n"
        b"\\ No newline at end of file\n"
        b"@@ -8,3 +8,0 @@\n-d\n-e\n-f\n"
        b"@@ -20 +17 @@ def f():\n--- x\n++++ y\n"
        b"diff --git a/b b/b\nnew file mode 100644\n" + idx + b"--- /dev/null\n+++ b/b\n"
        b"@@ -0,0 +1,2 @@\n+k\n+l\n"
    )
    files = {f.path: f for f in parse_patch(raw)}
    assert list(files) == ["a", "b"]
    assert files["a"].added == [1, 2, 3, 17]
    assert files["b"].status == "A" and files["b"].added == [1, 2]


def test_parse_patch_combined_hunks_line_by_line() -> None:
    """A merge's combined hunk: a line is added only where every parent lacks it."""
    raw = (
        b"diff --cc m.txt\nindex " + b"1" * 40 + b"," + b"2" * 40 + b".." + b"3" * 40 + b"\n"
        b"--- a/m.txt\n+++ b/m.txt\n@@@ -1,1 -1,1 +1,3 @@@\n- old\n +from-b\n+ from-a\n++both\n"
    )
    (f,) = parse_patch(raw)
    assert f.path == "m.txt"
    assert f.added == [3]
