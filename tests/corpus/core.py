# ruff: noqa: E501
"""Generation context, label markers and the file writer shared by every corpus template.

Templates write text in which a labelled line carries an invisible marker: ``P(family)`` on
a line holding a real secret, ``N(category)`` on a hard negative. Markers survive any
serialisation that keeps the line (JSON with ``ensure_ascii=False`` or not, YAML, CSV), and
the writer strips them, so line numbers are computed on the final bytes.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from tests import fakes

T = TypeVar("T")

_OPEN, _CLOSE = "\u27e6", "\u27e7"
MARK_RE = re.compile(r"(?:\u27e6|\\u27e6)([PN]):([A-Za-z0-9_.\-]+)(?:\u27e7|\\u27e7)")


def P(family: str) -> str:
    """Marker: this line holds a real secret of ``family`` (provider[.kind])."""
    return f"{_OPEN}P:{family}{_CLOSE}"


def N(category: str) -> str:
    """Marker: this line is a deliberate hard negative of ``category``."""
    return f"{_OPEN}N:{category}{_CLOSE}"


@dataclass
class Corpus:
    """What :func:`tests.corpus.generator.generate` wrote and what it means."""

    root: Path
    positives: dict[tuple[str, int], str] = field(default_factory=dict)
    negatives: dict[tuple[str, int], str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    bytes: int = 0

    @property
    def labels(self) -> set[tuple[str, int]]:
        return set(self.positives)

    def kind_of(self, path: str) -> str:
        return self.kinds.get(path, "other")


class G:
    """Seeded generation context: randomness, unique fake-secret seeds, pending files."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.r = random.Random(f"credscan-corpus-{seed}")
        self._n = 0
        self.files: dict[str, tuple[str, str | bytes, str, str]] = {}

    # -- randomness -----------------------------------------------------------------------
    def s(self) -> str:
        """A fresh seed for a fake secret (unique within this corpus)."""
        self._n += 1
        return f"c{self.seed}-{self._n}"

    def pick(self, seq: Sequence[T]) -> T:
        return self.r.choice(seq)

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def q(self) -> str:
        return '"' if self.r.random() < 0.6 else "'"

    def eq(self) -> str:
        return self.pick([" = ", " = ", " = ", "="])

    def ident(self, n: int = 8) -> str:
        return "".join(self.r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))

    def ip(self) -> str:
        return f"10.{self.r.randint(0, 40)}.{self.r.randint(0, 255)}.{self.r.randint(2, 250)}"

    def host(self) -> str:
        svc = self.pick(["db", "pg-main", "orders-db", "mysql01", "analytics", "rds-prod",
                         "reporting", "ledger-db", "pg-replica"])
        dom = self.pick(["internal.acme-corp.io", "prod.svc.cluster.local", "acme.lan",
                         "c9x2kq1.eu-west-1.rds.amazonaws.com", "corp.example-shop.net"])
        return f"{svc}.{dom}"

    def password(self) -> str:
        """A real-looking password: generated or human-chosen."""
        if self.chance(0.45):
            return fakes.human_password(self.s())
        return fakes.password(self.s(), self.r.randint(12, 24))

    def word_password(self) -> str:
        words = ["Summer", "Winter", "Autumn", "Spring", "Falcon", "Rocket", "Harbor", "Maple",
                 "Copper", "Violet", "Granite", "Thunder", "Saturn", "Panther", "Bluebird"]
        return (self.pick(words) + self.pick(["", "_", ".", "-"]) + str(self.r.randint(2, 2024))
                + self.pick(["!", "#", "$", "@", "*", "!!", "?"]))

    def fake_value(self) -> str:
        """An obviously fake value a test fixture or sample config uses."""
        return self.pick(["password", "changeme", "xxxxxxxx", "test", "secret", "admin",
                          "dummy", "example", "pass123", "testpass", "notasecret", "foobar",
                          "********", "<password>", "your-password", "REDACTED", "s3cr3t",
                          "letmein", "mypassword", "TODO", "fake-token", "not-a-real-key"])

    def placeholder(self, name: str = "TOKEN") -> str:
        low = name.lower().replace("_", "-")
        return self.pick([f"<your-{low}>", f"${{{name}}}", f"{{{{ .Values.{low.replace('-', '')} }}}}",
                          f"YOUR_{name}_HERE", f"your-{low}-here", f"<{low}>", f"%{name}%",
                          f"$({name})", f"{{{{ {name.lower()} }}}}", f"__{name}__",
                          f"@@{name}@@", f"[{name}]", "xxxxxxxxxxxxxxxxxxxxxxxx", f"${name}",
                          "REPLACE_ME", "TBD", f"#{{{name}}}"])

    # -- output ---------------------------------------------------------------------------
    def write(self, path: str, kind: str, text: str, newline: str = "\n",
              encoding: str = "utf-8") -> None:
        self._put(path, (kind, text, newline, encoding))

    def write_bytes(self, path: str, kind: str, data: bytes) -> None:
        """A binary file (no labels): scanners should skip and count it."""
        self._put(path, (kind, data, "", ""))

    def _put(self, path: str, entry: tuple[str, str | bytes, str, str]) -> None:
        if path in self.files and path.rsplit("/", 1)[-1].startswith("."):
            parent, _, base = path.rpartition("/")
            i = 2
            while f"{parent}/packages/app{i}/{base}" in self.files:
                i += 1
            path = f"{parent}/packages/app{i}/{base}"
        elif path in self.files:
            stem, dot, ext = path.rpartition(".")
            i = 2
            while f"{stem}_{i}{dot}{ext}" in self.files:
                i += 1
            path = f"{stem}_{i}{dot}{ext}" if dot else f"{path}_{i}"
        self.files[path] = entry


def finalize(g: G, root: Path) -> Corpus:
    """Strip markers, record labels, and write every file under ``root``."""
    corpus = Corpus(root=root)
    for path, (kind, text, newline, encoding) in sorted(g.files.items()):
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
            corpus.kinds[path] = kind
            corpus.bytes += len(text)
            continue
        out_lines = []
        for i, line in enumerate(text.split("\n"), start=1):
            for m in MARK_RE.finditer(line):
                kind_mark, name = m.group(1), m.group(2)
                if kind_mark == "P":
                    corpus.positives[(path, i)] = name
                else:
                    corpus.negatives.setdefault((path, i), name)
            out_lines.append(MARK_RE.sub("", line))
        data = newline.join(out_lines).encode(encoding)
        target.write_bytes(data)
        corpus.kinds[path] = kind
        corpus.bytes += len(data)
    # a line that is positive is not also a hard negative
    for key in corpus.positives:
        corpus.negatives.pop(key, None)
    return corpus


Template = Callable[[G, str], None]
