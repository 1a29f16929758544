"""HTML report: self-contained, escaped, redacted; rendered in a real headless Chromium."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from scanner.models import ScanResult
from scanner.reporting import ReportOptions, render
from tests.report_samples import all_secrets, sample_result


def test_html_is_self_contained_escaped_and_redacted() -> None:
    result = sample_result(history=True)
    page = render(result, "html", ReportOptions(command="history"))
    assert page.startswith("<!DOCTYPE html>")
    for s in all_secrets(result):
        assert s not in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    low = page.lower()
    for external in ("src=", "href=", "@import", "url(", "<script", "<link"):
        assert external not in low, external
    assert 'id=by-rule' in page and 'id=by-file' in page and 'id=timeline' in page
    assert "Content-Security-Policy" in page
    assert "2022-11" in page and "2023-05" in page  # timeline months
    assert "git filter-repo" in page


def test_html_scan_has_no_timeline_and_clean_page() -> None:
    page = render(sample_result(), "html", ReportOptions())
    assert "id=timeline" not in page and "id=by-file" in page
    clean = render(ScanResult(), "html", ReportOptions())
    assert "No secrets found." in clean


# -- a tiny PNG reader (no Pillow needed) ---------------------------------------------------

def _read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """Return width, height and rows of RGB bytes of an 8-bit RGB/RGBA PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, ihdr = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        ctype = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if ctype == b"IHDR":
            ihdr = body
        elif ctype == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", ihdr)
    assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color, interlace)
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        ftype = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 0xFF
            elif ftype == 2:
                line[x] = (line[x] + b) & 0xFF
            elif ftype == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 0xFF
        prev = line
        rgb = bytes(line) if bpp == 3 else bytes(
            v for j in range(0, stride, 4) for v in line[j:j + 3])
        rows.append(rgb)
    return width, height, rows


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def test_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium not installed (apt-get install -y chromium); "
                    "the HTML report is not checked in a real browser")
    page = tmp_path / "report.html"
    page.write_text(render(sample_result(history=True), "html",
                           ReportOptions(command="history")), encoding="utf-8")
    shot = tmp_path / "shot.png"
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
           f"--screenshot={shot}", "--window-size=1200,900", page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    assert shot.is_file(), proc.stderr.decode(errors="replace")[-2000:]
    width, height, rows = _read_png(shot)
    assert (width, height) == (1200, 900)

    colours: set[bytes] = set()
    for row in rows[::7]:
        for x in range(0, len(row), 3 * 5):
            colours.add(row[x:x + 3])
    assert len(colours) > 20, "screenshot is (nearly) a single colour"

    # Table grid: horizontal rules in the border colour (#d8dde6) spanning most of the
    # width. The two findings tables give well over a dozen of them.
    border = bytes((0xD8, 0xDD, 0xE6))

    def is_rule(row: bytes) -> bool:
        run = best = 0
        for x in range(0, len(row), 3):
            run = run + 1 if row[x:x + 3] == border else 0
            best = max(best, run)
        return best > width // 2

    grid_lines = sum(1 for row in rows if is_rule(row))
    assert grid_lines >= 12, f"only {grid_lines} table rules found"

    # Severity badges (high: #c62828) render inside the findings tables.
    high = bytes((0xC6, 0x28, 0x28))
    badge_rows = sum(1 for row in rows if high in row)
    assert badge_rows > 20
