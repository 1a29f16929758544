"""Recognise keys we know about in any data, even where no pattern would match.

``move-keys`` records a salted hash (HMAC-SHA256, random per-file salt) of every key it
moves in ``credscan-tripwire.json`` beside the AWS config (0600). The staged hook loads
:func:`load_known_keys` once and calls :meth:`KnownKeys.find` (or ``.findings``) on each
blob: it blocks the tripwire's keys and the keys in ``~/.aws/config`` and
``~/.aws/credentials`` (hashed in memory with a throwaway salt). Values are never stored
or printed; hits name the kind, profile and where the key is known from.

Matching is by exact token: data is cut into runs of the key alphabets (C-speed
``bytes.translate`` + ``split``), and only runs of a recorded length are hashed, so a
megabyte costs a few milliseconds.
"""

from __future__ import annotations

import configparser
import datetime as _dt
import hmac
import json
import os
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from scanner.aws.atomicwrite import read_or_none, update_locked
from scanner.aws.errors import AwsFileError
from scanner.aws.keys import KIND_NAMES, Kind
from scanner.aws.paths import AwsPaths, aws_paths, display
from scanner.models import Finding, Severity
from scanner.redact import redact

RULE_ID = "aws-known-key"
VERSION = 1
_FIELDS: dict[str, Kind] = {"aws_access_key_id": "key_id", "aws_secret_access_key": "secret",
                            "aws_session_token": "token", "aws_security_token": "token"}


def _table(keep: bytes) -> bytes:
    return bytes(b if b in keep else 0x20 for b in range(256))


_UPPER = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_B64 = _UPPER + b"abcdefghijklmnopqrstuvwxyz+/"
#: Alphabets whose runs are candidate tokens: key IDs, secrets, session tokens.
_TABLES = (_table(_UPPER), _table(_B64), _table(_B64 + b"=%"))


def _digest(salt: bytes, value: bytes) -> str:
    return hmac.digest(salt, value, "sha256").hex()


@dataclass(frozen=True)
class KnownHit:
    """A known key found in data: what it is and where it is known from (no value)."""

    kind: Kind
    profile: str
    source: str
    line: int
    column: int
    length: int

    def describe(self) -> str:
        return (f"line {self.line}: the {KIND_NAMES[self.kind]} of AWS profile "
                f"{self.profile!r} ({self.source})")


@dataclass(frozen=True)
class _Known:
    kind: Kind
    profile: str
    source: str


class KnownKeys:
    """Hashes of known keys, grouped by salt; cheap to query many times."""

    def __init__(self) -> None:
        self._sets: list[tuple[bytes, dict[tuple[int, str], _Known]]] = []

    def add_set(self, salt: bytes, entries: dict[tuple[int, str], _Known]) -> None:
        if entries:
            self._sets.append((salt, entries))

    def __len__(self) -> int:
        return sum(len(e) for _, e in self._sets)

    def find(self, data: bytes) -> list[KnownHit]:
        """Every known key in ``data`` (line/column 1-based)."""
        if not self._sets or not data:
            return []
        lengths = {n for _, entries in self._sets for n, _ in entries}
        seen: set[bytes] = set()
        hits: list[KnownHit] = []
        for table in _TABLES:
            for tok in data.translate(table).split():  # kept bytes are unchanged
                n = len(tok)
                if n not in lengths or tok in seen:
                    continue
                seen.add(tok)  # each distinct token is hashed once
                for salt, entries in self._sets:
                    known = entries.get((n, _digest(salt, tok)))
                    if known is not None:
                        hits.extend(_locate(data, tok, known))
                        break
        return sorted(hits, key=lambda h: (h.line, h.column))

    def spans(self, data: bytes) -> list[tuple[int, int, str, str]]:
        """Known keys in ``data`` as (start, end, rule id, description): the engine's
        :class:`~scanner.engine.core.KnownValues` protocol, so the engine makes the finding."""
        out: list[tuple[int, int, str, str]] = []
        starts = [0]
        for h in self.find(data):
            while len(starts) < h.line:
                nl = data.find(b"\n", starts[-1])
                starts.append(nl + 1 if nl >= 0 else len(data))
            s = starts[h.line - 1] + h.column - 1
            desc = f"AWS {KIND_NAMES[h.kind]} of profile {h.profile!r} ({h.source})"
            out.append((s, s + h.length, RULE_ID, desc))
        return out

    def findings(self, data: bytes, path: str, exclude: Iterable[Finding] = ()) -> list[Finding]:
        """The hits as engine findings (rule ``aws-known-key``, critical) for reporters,
        minus values ``exclude`` (the engine's own findings) already reports on that line.

        ``Finding.secret`` holds the value in memory only, as for every finding."""
        from scanner.engine.fingerprint import fingerprint

        seen = {(f.line, f.secret) for f in exclude}
        out: list[Finding] = []
        lines = data.split(b"\n")
        for h in self.find(data):
            line = lines[h.line - 1]
            value = line[h.column - 1:h.column - 1 + h.length].decode("ascii", "replace")
            if (h.line, value) in seen:
                continue
            out.append(Finding(
                rule_id=RULE_ID,
                description=f"AWS {KIND_NAMES[h.kind]} of profile {h.profile!r} ({h.source})",
                provider="aws", severity=Severity.CRITICAL, file=path, line=h.line,
                column=h.column, end_column=h.column + h.length, secret=value,
                fingerprint=fingerprint(RULE_ID, path, value),
                line_text=line.decode("utf-8", "replace")))
        return out


def _locate(data: bytes, raw: bytes, known: _Known) -> list[KnownHit]:
    out: list[KnownHit] = []
    i = data.find(raw)
    while i >= 0:
        line = data.count(b"\n", 0, i) + 1
        col = i - (data.rfind(b"\n", 0, i) + 1) + 1
        out.append(KnownHit(known.kind, known.profile, known.source, line, col, len(raw)))
        i = data.find(raw, i + len(raw))
    return out


# -- the tripwire file -------------------------------------------------------------------------


def _load_tripwire(data: bytes | None, where: str) -> dict[str, object]:
    if data is None:
        return {"version": VERSION, "salt": secrets.token_hex(32), "entries": []}
    try:
        doc = json.loads(data)
        if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list) or \
                not isinstance(doc.get("salt"), str):
            raise ValueError("unexpected shape")
        bytes.fromhex(doc["salt"])
    except (ValueError, UnicodeDecodeError):
        raise AwsFileError(f"{where}: is not a credscan tripwire file; move it away and run "
                           "again, nothing was written") from None
    return doc


def check_tripwire(paths: AwsPaths | None = None) -> None:
    """Refuse early (before moving anything) if the tripwire file is unusable."""
    paths = paths or aws_paths()
    _load_tripwire(read_or_none(paths.tripwire), str(paths.tripwire))


def record(values: Iterable[tuple[str, Kind, str]], paths: AwsPaths | None = None) -> Path:
    """Add (value, kind, profile) triples to the tripwire; returns its path."""
    paths = paths or aws_paths()
    items = list(values)
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()

    def transform(old: bytes | None) -> bytes:
        doc = _load_tripwire(old, str(paths.tripwire))
        salt = bytes.fromhex(str(doc["salt"]))
        entries = doc["entries"]
        assert isinstance(entries, list)
        have = {(e.get("kind"), e.get("digest")) for e in entries if isinstance(e, dict)}
        for value, kind, profile in items:
            digest = _digest(salt, value.encode())
            if (kind, digest) in have:
                continue
            have.add((kind, digest))
            entries.append({"kind": kind, "length": len(value), "digest": digest,
                            "profile": profile, "added": now,
                            **({"label": redact(value)} if kind == "key_id" else {})})
        return (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode()

    update_locked(paths.tripwire, transform, private_dir=paths.tripwire.parent.name == ".aws",
                  backup=False)
    return paths.tripwire


def _from_tripwire(path: Path, kn: KnownKeys) -> None:
    try:
        doc = _load_tripwire(path.read_bytes(), str(path))
    except (OSError, AwsFileError):
        return
    salt = bytes.fromhex(str(doc["salt"]))
    entries: dict[tuple[int, str], _Known] = {}
    raw = doc["entries"]
    for e in raw if isinstance(raw, list) else []:
        if isinstance(e, dict) and e.get("kind") in KIND_NAMES:
            entries[(int(e.get("length", 0)), str(e.get("digest")))] = _Known(
                e["kind"], str(e.get("profile", "?")), "recorded by move-keys")
    kn.add_set(salt, entries)


def _from_aws_file(path: Path, kind: str, kn: KnownKeys, label: str) -> None:
    cp = configparser.RawConfigParser(strict=False)
    try:
        cp.read_string(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, configparser.Error):
        return
    salt = secrets.token_bytes(32)
    entries: dict[tuple[int, str], _Known] = {}
    for section in cp.sections():
        prof = section[8:].strip() if kind == "config" and section.startswith("profile ") \
            else section
        for key, k in _FIELDS.items():
            if cp.has_option(section, key):
                value = cp.get(section, key, raw=True).strip().encode()
                if len(value) >= 16:
                    entries[(len(value), _digest(salt, value))] = _Known(k, prof, label)
    kn.add_set(salt, entries)


def load_known_keys(env: Mapping[str, str] | None = None) -> KnownKeys:
    """Load the tripwire and hash the user's AWS files' keys; call once per hook run."""
    paths = aws_paths(env)
    env = os.environ if env is None else env
    kn = KnownKeys()
    _from_tripwire(paths.tripwire, kn)
    _from_aws_file(paths.config, "config", kn, f"in {display(paths.config, env)}")
    _from_aws_file(paths.credentials, "credentials", kn, f"in {display(paths.credentials, env)}")
    return kn


def find_known_keys(data: bytes, env: Mapping[str, str] | None = None) -> list[KnownHit]:
    """One-shot check of ``data`` (loads the known keys each call; prefer
    :func:`load_known_keys` for many files)."""
    return load_known_keys(env).find(data)
