"""Baseline and import readers, patch and diff parsers, AWS config editor: total on any input."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from scanner.aws.awsfile import AwsIniFile
from scanner.aws.errors import AwsFileError
from scanner.baseline import Baseline
from scanner.baseline import importers as imp
from scanner.errors import UsageError
from scanner.sources.git import diffmap
from scanner.sources.git.patch import parse_patch
from tests.fuzz import strategies as S
from tests.report_samples import sample_result

FINDINGS = sample_result(history=True).findings


def _usage(fn: Any) -> Any:
    try:
        return fn()
    except UsageError as exc:
        assert str(exc) and "\n" not in str(exc), str(exc)
        return None


entry = st.dictionaries(st.sampled_from(["rule", "file", "line", "verdict", "commit", "note"]),
                        st.one_of(S.json_value, st.sampled_from(["fp", "real", "none", "bogus"])),
                        max_size=6)
baseline_doc = st.one_of(
    S.json_value,
    st.fixed_dictionaries({"findings": st.dictionaries(st.text(max_size=32), entry, max_size=4)},
                          optional={"version": S.json_value, "scope": S.json_value,
                                    "fingerprints": S.json_value}),
)


@given(baseline_doc)
def test_baseline_from_any_json(doc: Any) -> None:
    b = _usage(lambda: Baseline.from_json(doc))
    if b is not None:
        again = Baseline.from_json(json.loads(b.dumps()))
        assert again.entries == b.entries and again.scope == b.scope


@given(st.binary(max_size=400))
def test_baseline_load_any_bytes(raw: bytes) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "b.json"
        p.write_bytes(raw)
        _usage(lambda: Baseline.load(p))


ds_doc = st.one_of(S.json_value, st.fixed_dictionaries({"results": st.one_of(
    S.json_value, st.dictionaries(st.sampled_from(["config/settings.py", "README.md", "x"]),
                                  st.lists(st.dictionaries(st.sampled_from(
                                      ["type", "hashed_secret", "line_number", "is_secret"]),
                                      S.json_value, max_size=4), max_size=3), max_size=3))}))
gl_doc = st.one_of(S.json_value, st.lists(st.dictionaries(st.sampled_from(
    ["RuleID", "File", "StartLine", "Commit", "Secret", "Fingerprint", "Match"]),
    st.one_of(S.json_value, st.sampled_from(["config/settings.py", "aws-access-token"])),
    max_size=7), max_size=4))


@given(ds_doc, gl_doc, st.text(max_size=300))
def test_import_readers(ds: Any, gl: Any, ignore: str) -> None:
    _usage(lambda: imp.import_detect_secrets(ds, FINDINGS, None))
    _usage(lambda: imp.import_gitleaks_report(gl, FINDINGS, None))
    _usage(lambda: imp.import_gitleaksignore(ignore, FINDINGS, None))
    imp.parse_gitleaks_fingerprint(ignore)


patch_line = st.one_of(
    st.sampled_from([b"diff --git a/x b/x", b"diff --git \"a/\\303\\274\" \"b/\\303\\274\"",
                     b"--- a/x", b"+++ b/x", b"--- /dev/null", b"+++ /dev/null",
                     b"new file mode 100644", b"deleted file mode 100644",
                     b"index 0000000..1111111 100644", b"@@ -1,2 +1,3 @@", b"@@ -0,0 +1 @@",
                     b"@@@ -1 -1 +1 @@@", b"+added", b"-removed", b" context",
                     b"Binary files a/x and b/x differ", b"rename from x", b"rename to y",
                     b"similarity index 90%", b"\\ No newline at end of file",
                     b"old mode 100644", b"new mode 100755", b"commit 1234abcd", b""]),
    st.binary(max_size=30),
)
patch_line = st.one_of(patch_line, st.sampled_from([
    diffmap.MARKER + b"1234abcd 5678ef00\x1fAda\x1fada@example.org\x1f2024-01-01\x1fmsg",
    diffmap.MARKER + b"abcd", diffmap.MARKER]))
patch = st.lists(patch_line, max_size=30).map(lambda ls: b"\n".join(ls) + b"\n")


@given(st.one_of(patch, st.binary(max_size=300)))
def test_patch_parser_total(data: bytes) -> None:
    for fp in parse_patch(data):
        assert all(n >= 1 for n in fp.added)


@given(st.one_of(patch, st.binary(max_size=300)), st.integers(min_value=0, max_value=400))
def test_diffmap_total(data: bytes, off: int) -> None:
    off = min(off, len(data))
    for line in data.split(b"\n")[:20]:
        diffmap.parse_header(line)
        diffmap.hunk_new_start(line)
        diffmap.path_from_file_header(line)
    diffmap.locate(data, off)
    cut = diffmap.cut_point(data)
    assert cut == -1 or 0 < cut <= len(data)
    if cut > 0:
        diffmap.continuation(data, cut)
    diffmap.line_starts(data, [1, 2, 5])


ini_line = st.sampled_from([
    "[default]", "[profile dev]", "[dev]", "[profile  x ]", "[sso-session s]",
    "aws_access_key_id = AKID", "aws_secret_access_key=abc", "region = eu-west-1",
    "output: json", "  nested = 1", "s3 =", "  max_concurrent_requests = 20", "# comment",
    "; comment", "", "   ", "key = value ; not a comment", "key=", "x = a=b", "[", "]",
    "= novalue", "\tregion = us-east-1", "[default] # trailing",
])
eol = st.sampled_from(["\n", "\r\n", "\r"])
ini_text = st.tuples(st.lists(st.tuples(ini_line, eol), max_size=12), st.booleans()).map(
    lambda t: "".join(line + e for line, e in t[0]) + ("" if t[1] else "x = 1"))


@given(ini_text, st.sampled_from(["config", "credentials"]))
def test_aws_editor_no_op_edit_is_byte_identical(text: str, kind: str) -> None:
    try:
        f = AwsIniFile(text, kind)  # type: ignore[arg-type]
    except AwsFileError:
        assume(False)
        return
    assert f.text() == text and not f.changed()
    for name, values in f.profiles().items():
        try:
            sec = f.section_for(name)
        except AwsFileError:
            continue  # defined twice: refused, never guessed
        if sec is None:
            continue
        same = {k: v for k, v in values.items()
                if v and v == v.strip() and "\n" not in v and "\r" not in v}
        if not same:
            continue
        try:
            f.set_profile(name, same)
        except AwsFileError:
            continue  # the editor's own check refused: nothing written
        assert f.text() == text, (name, same)
