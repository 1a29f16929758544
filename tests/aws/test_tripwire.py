"""The tripwire: salted hashes only, found again anywhere, fast enough for a hook."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path

import pytest

from scanner.aws.errors import AwsFileError
from scanner.aws.paths import aws_paths
from scanner.aws.tripwire import RULE_ID, check_tripwire, find_known_keys, load_known_keys, record
from tests.aws_support import Key, isolate

K = Key.make("trip", token=True)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    return isolate(monkeypatch, tmp_path)


def _record(key: Key, profile: str = "app") -> Path:
    return record([(K.key_id, "key_id", profile), (K.secret, "secret", profile),
                   (K.token, "token", profile)] if key is K else  # type: ignore[list-item]
                  [(key.key_id, "key_id", profile), (key.secret, "secret", profile)])


def test_file_holds_no_values_and_is_private(env) -> None:  # type: ignore[no-untyped-def]
    path = _record(K)
    assert path == env.tripwire
    raw = path.read_text()
    for v in K.values():
        assert v not in raw
        assert v[4:12] not in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    doc = json.loads(raw)
    assert len(doc["entries"]) == 3
    _record(K)  # idempotent
    assert len(json.loads(path.read_text())["entries"]) == 3


def test_found_where_no_pattern_would_match(env) -> None:  # type: ignore[no-untyped-def]
    _record(K)
    # the bare secret in an unrelated context: no rule matches it without its key ID
    data = f"x = 1\nblob = ['{K.secret}']\n".encode()
    hits = find_known_keys(data)
    assert [(h.kind, h.line, h.column, h.profile) for h in hits] == [("secret", 2, 10, "app")]
    assert K.secret not in hits[0].describe()
    tok = f'{{"t": "{K.token}"}}'.encode()
    assert [h.kind for h in find_known_keys(tok)] == ["token"]
    assert find_known_keys(b"nothing here " + K.secret[:-1].encode()) == []


def test_keys_in_user_aws_files_are_known(env) -> None:  # type: ignore[no-untyped-def]
    other = Key.make("trip-cfg")
    env.aws_dir.mkdir()
    env.config.write_text(f"[profile p]\naws_access_key_id = {other.key_id}\n")
    env.credentials.write_text(f"[q]\naws_secret_access_key = {other.secret}\n")
    known = load_known_keys()
    hits = known.find(f"{other.key_id} and {other.secret}".encode())
    assert sorted((h.kind, h.profile) for h in hits) == [("key_id", "p"), ("secret", "q")]
    findings = known.findings(f"k={other.secret}\n".encode(), "src/x.txt")
    assert [(f.rule_id, f.file, f.line, f.column) for f in findings] == [
        (RULE_ID, "src/x.txt", 1, 3)]
    assert findings[0].secret == other.secret  # in memory only, like any Finding
    assert other.secret not in findings[0].description
    assert known.findings(f"k={other.secret}\n".encode(), "src/x.txt", exclude=findings) == []


def test_corrupt_tripwire_refused_before_anything(env) -> None:  # type: ignore[no-untyped-def]
    env.aws_dir.mkdir()
    env.tripwire.write_text("not json")
    with pytest.raises(AwsFileError, match="not a credscan tripwire"):
        check_tripwire(aws_paths())
    assert env.tripwire.read_text() == "not json"
    assert load_known_keys().find(K.secret.encode()) == []  # the hook never crashes on it


def test_fast_on_a_megabyte(env) -> None:  # type: ignore[no-untyped-def]
    _record(K)
    known = load_known_keys()
    blob = (b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL0123 = 'ABCDEFGHIJKLMNOP2345'\n" * 16000)
    blob += f"s = '{K.secret}'\n".encode()
    t0 = time.perf_counter()
    hits = known.find(blob)
    elapsed = time.perf_counter() - t0
    assert [h.kind for h in hits] == ["secret"]
    assert elapsed < 0.5, elapsed
