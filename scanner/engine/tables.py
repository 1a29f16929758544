"""Credentials in tables: a value whose name is its column's header, not on its own line.

SQL ``INSERT INTO users (id, username, password) VALUES (1, 'alice', '...'), ...`` seed
files and markdown tables of test accounts (``| Email | Password |``) hold plaintext
passwords that no ``name = value`` pattern sees. This module finds, in linear time, each
cell under a credential-named column and restates it as ``column = "value"`` (with the
row's user name, when the table has one, so that "same as the user" defaults still drop);
the engine scans those restatements with the ordinary rules and reports the original cell.

The ``table-password`` rule (rules/providers/layout.toml) finds a header with a credential
column in the one prefilter pass; only then does the engine call :func:`cells`. Headers are
found again with RE2; rows are read by a single left-to-right pass (quotes, escapes and
nested parentheses), bounded by :data:`MAX_ROWS` per table.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass

from scanner.engine.regex import compile_bytes
from scanner.engine.wordlists import lists

#: Rows read after one header (a dump of a million users is one finding per row anyway).
MAX_ROWS = 5000
#: Longest cell value restated (longer values are not typed passwords).
MAX_VALUE = 256

_INSERT = (r"(?i)\binsert[ \t]+(?:ignore[ \t]+)?into[ \t]+[`\"\[]?[A-Za-z0-9_.$]{1,128}"
           r"[`\"\]]?[ \t\r\n]*\(([^()]{1,1000})\)[ \t\r\n]*values[ \t\r\n]*")
# a markdown (GFM) table's delimiter row: | --- | :---: | or --- | ---
_MD_DELIM = r"(?m)^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*\r?$"

@dataclass(frozen=True, slots=True)
class Cell:
    """One credential cell: where its value starts, its column name, value and row user."""

    offset: int
    column: str
    value: str
    user: str | None


def may_hold(data: bytes) -> bool:
    """Cheap gate: only texts with an INSERT or a markdown delimiter row are parsed."""
    return b"INSERT" in data or b"insert" in data or b"Insert" in data or (
        b"|" in data and b"---" in data)


def _norm(col: str) -> str:
    return col.strip().strip("`\"[]*_ ").lower().replace(" ", "_").replace("-", "_")


def _is_secret_column(col: str) -> bool:
    """A credential column (``[tables]`` in rules/filters.toml): ``password``, ``api_key``,
    ``Passwort``; not ``password_hash``, ``passenger_id``, ``token_expires_at``."""
    low = col.lower().replace(" ", "_").replace("-", "_")
    L = lists()
    return any(w in low for w in L.table_secret_columns) and not any(
        w in low for w in L.table_not_secret)


def _user_index(cols: list[str]) -> int | None:
    users = lists().table_user_columns
    for i, c in enumerate(cols):
        if any(w in c.lower() for w in users) and not _is_secret_column(c):
            return i
    return None


def cells(data: bytes, csv: bool = False) -> Iterator[Cell]:
    """Every credential-column cell of every SQL INSERT and markdown table in ``data``, or,
    with ``csv``, of the CSV/TSV file ``data`` (header on the first line)."""
    if csv:
        yield from _csv(data)
        return
    if not may_hold(data):
        return
    yield from _sql(data)
    if b"|" in data:
        yield from _markdown(data)


# -- SQL ------------------------------------------------------------------------------------
def _split_columns(raw: bytes) -> list[str]:
    return [_norm(c) for c in raw.decode("utf-8", "replace").split(",")]


def _sql(data: bytes) -> Iterator[Cell]:
    pos = 0
    rx = compile_bytes(_INSERT)
    while True:
        m = rx.search(data, pos)
        if m is None:
            return
        pos = m.end()
        cols = _split_columns(m.group(1))
        want = [i for i, c in enumerate(cols) if _is_secret_column(c)]
        if not want:
            continue
        ui = _user_index(cols)
        pos = yield from _sql_rows(data, pos, cols, want, ui)


def _sql_rows(data: bytes, pos: int, cols: list[str], want: list[int],
              ui: int | None) -> Generator[Cell, None, int]:
    """Read ``(v, v, ...), (...)`` from ``pos``; return where reading stopped."""
    n = len(data)
    rows = 0
    while pos < n and rows < MAX_ROWS:
        while pos < n and data[pos] in b" \t\r\n":
            pos += 1
        if pos >= n or data[pos] != 0x28:  # "("
            return pos
        pos += 1
        fields: list[tuple[int, str | None]] = []  # (offset, quoted value or None)
        depth = 0
        start = pos
        quoted: tuple[int, str] | None = None
        while pos < n:
            ch = data[pos]
            if ch in b"'\"":
                q = ch
                vs = pos + 1
                pos += 1
                buf = bytearray()
                while pos < n:
                    c = data[pos]
                    if c == 0x5C and pos + 1 < n:  # backslash escape
                        buf.append(data[pos + 1])
                        pos += 2
                        continue
                    if c == q:
                        if pos + 1 < n and data[pos + 1] == q:  # '' inside a string
                            buf.append(q)
                            pos += 2
                            continue
                        break
                    if c == 0x0A and len(buf) > MAX_VALUE:
                        break
                    buf.append(c)
                    pos += 1
                pos += 1
                if depth == 0 and quoted is None:
                    quoted = (vs, buf.decode("utf-8", "replace"))
                continue
            if ch == 0x28:
                depth += 1
            elif ch == 0x29:
                if depth == 0:
                    fields.append(_field(data, start, pos, quoted))
                    pos += 1
                    break
                depth -= 1
            elif ch == 0x2C and depth == 0:
                fields.append(_field(data, start, pos, quoted))
                start, quoted = pos + 1, None
            elif ch == 0x3B and depth == 0:  # ";" before ")": not a row
                return pos
            pos += 1
        rows += 1
        if len(fields) == len(cols):
            user = fields[ui][1] if ui is not None else None
            for i in want:
                off, val = fields[i]
                if val is not None and 0 < len(val) <= MAX_VALUE:
                    yield Cell(off, cols[i], val, user)
        while pos < n and data[pos] in b" \t\r\n":
            pos += 1
        if pos >= n or data[pos] != 0x2C:  # ","
            return pos
        pos += 1
    return pos


def _field(data: bytes, start: int, end: int, quoted: tuple[int, str] | None
           ) -> tuple[int, str | None]:
    """A field is a string only when it is one quoted literal (not ``crypt('x', ...)``)."""
    if quoted is None:
        return (start, None)
    text = data[start:end].strip()
    if text[:1] in (b"'", b'"') and text[-1:] == text[:1]:
        return quoted
    return (start, None)


# -- CSV ----------------------------------------------------------------------------------
def _csv_fields(line: bytes, sep: int) -> list[tuple[int, str]]:
    """(offset in line, value) of each field; double quotes group, ``""`` escapes one."""
    out: list[tuple[int, str]] = []
    i, n = 0, len(line)
    while i <= n:
        if i < n and line[i] == 0x22:
            j = i + 1
            buf = bytearray()
            while j < n:
                if line[j] == 0x22:
                    if j + 1 < n and line[j + 1] == 0x22:
                        buf.append(0x22)
                        j += 2
                        continue
                    break
                buf.append(line[j])
                j += 1
            out.append((i + 1, buf.decode("utf-8", "replace")))
            k = line.find(bytes([sep]), j)
            i = n + 1 if k == -1 else k + 1
            continue
        k = line.find(bytes([sep]), i)
        end = n if k == -1 else k
        out.append((i, line[i:end].decode("utf-8", "replace").strip()))
        i = end + 1
    return out


def _csv(data: bytes) -> Iterator[Cell]:
    nl = data.find(b"\n")
    header = (data if nl == -1 else data[:nl]).rstrip(b"\r")
    sep = max((0x2C, 0x3B, 0x09), key=header.count)
    if not header.count(bytes([sep])):
        return
    cols = [_norm(v) for _, v in _csv_fields(header, sep)]
    want = [i for i, c in enumerate(cols) if _is_secret_column(c)]
    if not want or nl == -1:
        return
    ui = _user_index(cols)
    pos, rows = nl, 0
    while pos != -1 and rows < MAX_ROWS:
        ls = pos + 1
        pos = data.find(b"\n", ls)
        line = data[ls:pos if pos != -1 else len(data)].rstrip(b"\r")
        if not line.strip():
            continue
        rows += 1
        row = _csv_fields(line, sep)
        if len(row) != len(cols):
            continue
        user = row[ui][1] if ui is not None else None
        for i in want:
            off, val = row[i]
            if val and len(val) <= MAX_VALUE and " " not in val:
                yield Cell(ls + off, cols[i], val, user)


# -- markdown -------------------------------------------------------------------------------
def _md_cells(line: bytes) -> list[tuple[int, bytes]]:
    """(offset in line, raw cell) of a table row, ``\\|`` kept inside a cell."""
    out: list[tuple[int, bytes]] = []
    s = 0
    i = 0
    n = len(line)
    while i < n:
        c = line[i]
        if c == 0x5C:
            i += 2
            continue
        if c == 0x7C:
            out.append((s, line[s:i]))
            s = i + 1
        i += 1
    out.append((s, line[s:]))
    if out and not out[0][1].strip():
        out = out[1:]
    if out and not out[-1][1].strip():
        out = out[:-1]
    return out


def _markdown(data: bytes) -> Iterator[Cell]:
    for m in compile_bytes(_MD_DELIM).finditer(data):
        ds = m.start()
        hs = data.rfind(b"\n", 0, max(0, ds - 1)) + 1 if ds > 0 else -1
        if hs < 0 or hs >= ds:
            continue
        header = data[hs:ds].rstrip(b"\r\n")
        if b"|" not in header:
            continue
        cols = [_norm(c.decode("utf-8", "replace")) for _, c in _md_cells(header)]
        want = [i for i, c in enumerate(cols) if _is_secret_column(c)]
        if not want:
            continue
        ui = _user_index(cols)
        pos = data.find(b"\n", m.end())
        rows = 0
        while pos != -1 and rows < MAX_ROWS:
            ls = pos + 1
            le = data.find(b"\n", ls)
            line = data[ls:le if le != -1 else len(data)].rstrip(b"\r")
            if b"|" not in line:
                break
            rows += 1
            row = _md_cells(line)
            if len(row) == len(cols):
                user = _md_value(row[ui][1]) if ui is not None else None
                for i in want:
                    off, raw = row[i]
                    val = _md_value(raw)
                    if val:
                        lead = len(raw) - len(raw.lstrip(b" \t`*"))
                        yield Cell(ls + off + lead, cols[i], val, user)
            pos = le


def _md_value(raw: bytes) -> str | None:
    """The cell's value when it is one token (``pw``, `` `pw` ``), else None."""
    v = raw.strip().strip(b"`").strip()
    if not v or len(v) > MAX_VALUE or b" " in v or b"\t" in v:
        return None
    return v.decode("utf-8", "replace")


def restate(cell: Cell) -> str:
    """The cell as an assignment the generic rules judge (quotes escaped out of the way)."""
    val = cell.value.replace('"', "'")
    name = cell.column or "password"
    if cell.user:
        return f'username = "{cell.user}", {name} = "{val}"'
    return f'{name} = "{val}"'
