"""Encodings, binaries and large files read in chunks."""

from __future__ import annotations

import codecs
from pathlib import Path

from scanner import api
from scanner.sources import files as src
from tests import fakes as F

TOKEN = F.github_classic(31)


def test_utf16_with_bom(tmp_path: Path) -> None:
    p = tmp_path / "u16.txt"
    p.write_bytes(codecs.BOM_UTF16_LE + f"x\ntoken = '{TOKEN}'\n".encode("utf-16-le"))
    res = api.scan_paths([str(p)])
    assert [(f.rule_id, f.line) for f in res.findings] == [("github-classic-token", 2)]


def test_invalid_utf8_does_not_crash(tmp_path: Path) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(b"\xfa\xff\xfe garbage \xc3\x28\n" + f"token = '{TOKEN}'\n".encode())
    assert len(api.scan_paths([str(p)]).findings) == 1


def test_latin1_file(tmp_path: Path) -> None:
    p = tmp_path / "l1.txt"
    p.write_bytes("café = 1\n".encode("latin-1") + f"token = '{TOKEN}'\n".encode())
    assert len(api.scan_paths([str(p)]).findings) == 1


def test_binaries_scanned_through_printable_runs(tmp_path: Path) -> None:
    """A binary-looking file is not skipped: its printable runs meet the precise rules; a
    binary by extension (an image) is not opened at all."""
    (tmp_path / "blob.bin2").write_bytes(b"\x00\x01" * 100 + TOKEN.encode() +
                                         b"\x00password = hunter2hunter2\x00")
    (tmp_path / "img.png").write_bytes(b"\x89PNG" + TOKEN.encode())
    res = api.scan_paths([str(tmp_path)])
    assert [(Path(f.file).name, f.rule_id) for f in res.findings] == [
        ("blob.bin2", "github-classic-token")]
    assert res.stats.binary_skipped == 2


def test_secret_on_chunk_boundary(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(src, "CHUNK", 16384)
    monkeypatch.setattr(src, "OVERLAP", 512)
    filler = "x = 1\n" * 2730  # 16380 bytes: the token straddles the first chunk boundary
    p = tmp_path / "big.py"
    p.write_text(filler + f"token = '{TOKEN}'\n" + filler * 3 + f"token2 = '{F.github_classic(32)}'\n")
    res = api.scan_paths([str(p)])
    assert [f.line for f in res.findings] == [2731, 2731 + 1 + 2730 * 3]


def test_stdin_style_bytes_and_line_numbers() -> None:
    found = api.scan_text(b"\n\n" + f"token = '{TOKEN}'".encode())
    assert found[0].line == 3 and found[0].column == 10


def test_results_of_units_merge_to_whole(tmp_path: Path) -> None:
    for i in range(6):
        (tmp_path / f"f{i}.py").write_text(f"token = '{F.github_classic(40 + i)}'\n" * (i + 1))
    refs = src.collect([str(tmp_path)])
    sc = api.build_scanner()
    whole = api.run(src.FileSource(refs), sc)
    parts = [api.run(p, sc) for p in src.FileSource(refs).split(3)]
    merged = type(whole).merge(parts)
    key = lambda r: sorted((f.file, f.line, f.fingerprint) for f in r.findings)  # noqa: E731
    assert key(merged) == key(whole)
    assert merged.stats.files == whole.stats.files == 6


# -- issue 14 items 1 and 2: what the bytes say, not what the file claims ----------------------

from scanner.engine import textio  # noqa: E402

KEY = F.aws_key_id(14)
SECRET = F.aws_secret(14)
PAIR = f"aws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n"


def _found(data: bytes) -> set[str]:
    """Rule ids found in any candidate reading (what the engine does with them)."""
    out: set[str] = set()
    for cand in textio.decode_candidates(data):
        out |= {f.rule_id for f in api.scan_text(cand)}
    return out


def test_bom_in_front_of_ascii_does_not_hide_keys() -> None:
    for bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
                codecs.BOM_UTF32_BE):
        data = bom + PAIR.encode()
        cands = textio.decode_candidates(data)
        assert any(KEY.encode() in c for c in cands), bom
        assert any(r.startswith("aws") for r in _found(data)), bom
        assert not textio.looks_binary(data)


def test_bom_in_front_of_ascii_scans_as_text_first() -> None:
    cands = textio.decode_candidates(codecs.BOM_UTF16_LE + PAIR.encode())
    assert cands[0] == PAIR.encode()


def test_real_utf16_and_utf32_with_bom_decoded() -> None:
    for enc, bom in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                     ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE)):
        data = bom + ("# café ☕\r\n" + PAIR).encode(enc)
        assert textio.decode_candidates(data) == [("# café ☕\n" + PAIR).encode()], enc
        assert textio.detect_encoding(data) == enc


def test_utf16_and_utf32_without_bom_detected_by_nul_pattern() -> None:
    for enc in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        data = ("# settings\n" + PAIR).encode(enc)
        assert textio.detect_encoding(data) == enc
        assert not textio.looks_binary(data), enc
        assert textio.decode_candidates(data) == [("# settings\n" + PAIR).encode()], enc


def test_cjk_utf16_without_nuls_is_scanned_both_ways() -> None:
    text = "秘密の設定" * 20
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    cands = textio.decode_candidates(data)
    assert text.encode() in cands


def test_one_nul_does_not_make_text_binary(tmp_path: Path) -> None:
    data = b"header\x00\n" + PAIR.encode() + b"x = 1\n" * 200
    assert not textio.looks_binary(data[: textio.SNIFF])
    p = tmp_path / "conf.txt"
    p.write_bytes(data)
    res = api.scan_paths([str(p)])
    assert any(f.rule_id.startswith("aws") for f in res.findings)


def test_binary_detection() -> None:
    import random

    r = random.Random(5)
    blob = bytes(r.randrange(256) for _ in range(4096))
    assert textio.looks_binary(blob)
    assert textio.looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\x01" * 100)
    assert not textio.looks_binary(b"plain text\n" * 10)
    assert not textio.looks_binary(b"\x1b[31mred\x1b[0m log line\n" * 10)
    assert not textio.looks_binary(b"")


def test_printable_runs_keep_keys_and_pem_lines() -> None:
    pem = F.private_key_pem(3)
    blob = (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64 + KEY.encode() + b"\x00\x03\x9c"
            + pem.encode() + b"\x00\xff" + "wide-string token".encode("utf-16-le") + b"\x00\x00")
    runs = textio.printable_runs(blob)
    lines = runs.split(b"\n")
    assert KEY.encode() in lines
    assert pem.strip().encode() in runs  # the PEM block keeps its own line structure
    assert b"wide-string token" in lines
    assert b"\x00" not in runs
    assert textio.printable_runs(b"\x00\x01\x02") == b""


def test_text_functions_are_total() -> None:
    import random

    r = random.Random(9)
    for n in (0, 1, 2, 3, 4, 5, 7, 8, 9, 100, 9000):
        for _ in range(30):
            data = bytes(r.randrange(256) for _ in range(n))
            for prefix in (b"", codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF8):
                d = prefix + data
                assert 1 <= len(textio.decode_candidates(d)) <= 2
                textio.looks_binary(d)
                textio.printable_runs(d)
                textio.detect_encoding(d)


def test_scan_file_bom_ascii_and_bomless_utf16(tmp_path: Path) -> None:
    """End to end through the file source: neither file passes as "No secrets found"."""
    a = tmp_path / "a.ini"
    a.write_bytes(codecs.BOM_UTF16_LE + PAIR.encode())
    b = tmp_path / "b.ini"
    b.write_bytes(("# settings\n" + PAIR).encode("utf-16-le"))
    for p in (a, b):
        res = api.scan_paths([str(p)])
        assert {f.secret for f in res.findings} >= {KEY, SECRET}, p.name
