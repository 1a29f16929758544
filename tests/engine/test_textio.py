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


def test_binary_skipped_and_counted(tmp_path: Path) -> None:
    (tmp_path / "blob.bin2").write_bytes(b"\x00\x01" * 100 + TOKEN.encode())
    (tmp_path / "img.png").write_bytes(b"\x89PNG" + TOKEN.encode())
    res = api.scan_paths([str(tmp_path)])
    assert res.findings == []
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
