"""The SQLite state store that makes fleet runs incremental and resumable.

Per repository it records the ref tips of the last completed run (the next run scans only
commits not reachable from them), the units of the current run as each one finishes (a
killed run resumes without redoing them), and the raw findings of every unit. A finding is
stored *sealed*: its secret is replaced by a one-way digest (its identity for
de-duplication) and a placeholder that redacts the same way; context lines are redacted.
The store never holds a whole secret. The file is 0600 in a 0700 directory; a symlink at
its place is refused. Results depend on the rules, so a change of configuration starts a
repository afresh.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from scanner.engine.fingerprint import secret_digest
from scanner.errors import UsageError
from scanner.models import CommitInfo, Finding, Severity
from scanner.redact import redact, redact_line

SCHEMA = 1

_TABLES = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS repos(
    repository TEXT PRIMARY KEY, config TEXT NOT NULL, tips TEXT NOT NULL,
    covered INTEGER NOT NULL, finished REAL NOT NULL);
CREATE TABLE IF NOT EXISTS units(
    repository TEXT NOT NULL, config TEXT NOT NULL, shas BLOB NOT NULL,
    commits INTEGER NOT NULL, bytes INTEGER NOT NULL, seconds REAL NOT NULL,
    finished REAL NOT NULL);
CREATE INDEX IF NOT EXISTS units_repo ON units(repository);
CREATE TABLE IF NOT EXISTS findings(
    repository TEXT NOT NULL, config TEXT NOT NULL, ident TEXT NOT NULL,
    commit_sha TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL, data TEXT NOT NULL,
    UNIQUE(repository, config, ident, commit_sha, file, line));
"""


def default_state_path() -> str:
    """``$XDG_CACHE_HOME/credscan/fleet-state.sqlite3`` (else under ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "credscan", "fleet-state.sqlite3")


def identity(f: Finding) -> str:
    """What makes two findings the same secret (rule + one-way digest of the value)."""
    if f.extras.get("sealed") == "1":
        return f.extras["ident"]
    return f"{f.rule_id}:{secret_digest(f.secret)}"


def placeholder(secret: str) -> str:
    """A stand-in that :func:`redact` turns into exactly the real secret's redaction."""
    keep = min(4, len(secret) // 4)
    return secret[:keep] + "*" * (len(secret) - keep)


def seal(f: Finding) -> dict[str, Any]:
    """The storable form of a raw finding: no whole secret anywhere."""
    secret = f.secret
    extra = [[k, v.replace(secret, redact(secret)) if secret else v] for k, v in f.extra
             if k not in {"sealed", "ident"}]
    c = f.commit
    return {
        "rule_id": f.rule_id, "description": f.description, "provider": f.provider,
        "severity": f.severity.value, "file": f.file, "line": f.line, "column": f.column,
        "end_column": f.end_column, "secret": placeholder(secret), "ident": identity(f),
        "fingerprint": f.fingerprint, "line_text": redact_line(f.line_text, secret),
        "group": f.group, "extra": extra,
        "commit": None if c is None else [c.sha, c.author, c.email, c.date, c.subject],
        "present_at_head": f.present_at_head,
    }


def unseal(d: dict[str, Any]) -> Finding:
    """A finding rebuilt from the store (its secret is the redacting placeholder)."""
    c = d["commit"]
    extra = tuple((str(k), str(v)) for k, v in d["extra"]) + (("sealed", "1"),
                                                               ("ident", d["ident"]))
    return Finding(
        rule_id=d["rule_id"], description=d["description"], provider=d["provider"],
        severity=Severity(d["severity"]), file=d["file"], line=int(d["line"]),
        column=int(d["column"]), end_column=int(d["end_column"]), secret=d["secret"],
        fingerprint=d["fingerprint"], line_text=d["line_text"], group=d["group"], extra=extra,
        commit=None if c is None else CommitInfo(*c), present_at_head=d["present_at_head"],
    )


def unsealed_view(f: Finding) -> Finding:
    """``f`` without the store's bookkeeping extras (what reports show)."""
    if f.extras.get("sealed") != "1":
        return f
    return f.with_(extra=tuple((k, v) for k, v in f.extra if k not in {"sealed", "ident"}))


@dataclass(frozen=True, slots=True)
class Known:
    """What the store knows of a repository at the start of a run."""

    tips: dict[str, str]  # ref tips of the last completed run
    covered: int  # commits covered up to that run
    done: frozenset[str]  # commits of finished units of an interrupted run
    idents: frozenset[str]  # identities of findings seen before this run
    findings: tuple[Finding, ...]  # raw findings stored so far (sealed)


def _open_private(path: str) -> None:
    """Create the database file 0600 (directory 0700), refusing a planted symlink."""
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, mode=0o700, exist_ok=True)
    if os.path.islink(path):
        raise UsageError(f"refusing to use state file {path}: it is a symbolic link")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise UsageError(f"cannot open state file {path}: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


class StateStore:
    """One writer (the client of the run); every unit is committed as it finishes."""

    def __init__(self, path: str) -> None:
        self.path = path
        _open_private(path)
        try:
            self.db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_TABLES)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise UsageError(f"state file {path} is not usable: {exc}") from None
        if row is None:
            self.db.execute("INSERT INTO meta VALUES('schema', ?)", (str(SCHEMA),))
        elif row[0] != str(SCHEMA):
            raise UsageError(f"state file {path} has schema {row[0]}, expected {SCHEMA}; "
                             "use another --state file")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def known(self, repository: str, config: str) -> Known:
        """The state of ``repository`` under configuration ``config`` (else a fresh start)."""
        db = self.db
        row = db.execute("SELECT tips, covered, config FROM repos WHERE repository=?",
                         (repository,)).fetchone()
        if row is not None and row[2] != config:
            self.forget(repository)
            row = None
        tips: dict[str, str] = json.loads(row[0]) if row else {}
        done: set[str] = set()
        for (blob,) in db.execute("SELECT shas FROM units WHERE repository=? AND config=?",
                                  (repository, config)):
            done.update(_unpack(blob))
        findings = [unseal(json.loads(d)) for (d,) in db.execute(
            "SELECT data FROM findings WHERE repository=? AND config=? ORDER BY rowid",
            (repository, config))]
        return Known(tips=tips, covered=int(row[1]) if row else 0, done=frozenset(done),
                     idents=frozenset(identity(f) for f in findings), findings=tuple(findings))

    def forget(self, repository: str) -> None:
        with self._tx():
            for table in ("repos", "units", "findings"):
                self.db.execute(f"DELETE FROM {table} WHERE repository=?", (repository,))

    def commit_unit(self, repository: str, config: str, shas: Sequence[str], nbytes: int,
                    seconds: float, findings: Iterable[Finding]) -> None:
        """Record one finished unit and its raw findings, atomically."""
        rows = []
        for f in findings:
            d = seal(f)
            rows.append((repository, config, d["ident"], f.commit.sha if f.commit else "",
                         f.file, f.line, json.dumps(d, ensure_ascii=False)))
        with self._tx():
            self.db.execute("INSERT INTO units VALUES(?,?,?,?,?,?,?)",
                            (repository, config, _pack(shas), len(shas), nbytes, seconds,
                             time.time()))
            self.db.executemany("INSERT OR IGNORE INTO findings VALUES(?,?,?,?,?,?,?)", rows)

    def finish_repo(self, repository: str, config: str, tips: dict[str, str],
                    covered: int) -> None:
        """The run covered ``tips``: record them and drop the per-unit commit lists."""
        with self._tx():
            self.db.execute("INSERT OR REPLACE INTO repos VALUES(?,?,?,?,?)",
                            (repository, config, json.dumps(tips, sort_keys=True), covered,
                             time.time()))
            self.db.execute("DELETE FROM units WHERE repository=?", (repository,))

    def repositories(self) -> list[str]:
        return [r for (r,) in self.db.execute("SELECT repository FROM repos ORDER BY 1")]

    def unit_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM units").fetchone()[0])

    def _tx(self) -> _Tx:
        return _Tx(self.db)


class _Tx:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *rest: object) -> None:
        self.db.execute("ROLLBACK" if kind is not None else "COMMIT")


def _pack(shas: Sequence[str]) -> bytes:
    return "\n".join(shas).encode("ascii")


def _unpack(blob: bytes) -> list[str]:
    return blob.decode("ascii").split() if blob else []
