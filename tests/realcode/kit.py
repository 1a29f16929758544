"""A tiny labelling kit: snippets are lists of lines, each line tagged positive (a real
credential a reviewer would rotate), negative (a hard look-alike) or plain."""

from __future__ import annotations

import base64
import json
import random
import string
from dataclasses import dataclass, field
from pathlib import Path

LOWER = string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B64URL = ALNUM + "-_"


@dataclass
class Corpus:
    root: Path
    positives: dict[tuple[str, int], str] = field(default_factory=dict)
    negatives: dict[tuple[str, int], str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)


class Gen:
    """Random values drawn at run time (nothing secret-looking is stored in the repo)."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(f"realcode-{seed}")

    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def pick(self, xs: list[str] | tuple[str, ...]) -> str:
        return self.r.choice(list(xs))

    def n(self, a: int, b: int) -> int:
        return self.r.randint(a, b)

    def human_pw(self) -> str:
        """What people type: a word and digits, a word-ish pair, or masked random letters
        (hand-labelled datasets replace values by random ones of the same shape)."""
        k = self.n(0, 4)
        stems = ("falcon", "marigold", "tundra", "quokka", "zephyr", "copperfox", "lumen",
                 "harbor", "nimbus", "orchid", "walrus", "saffron")
        if k == 0:
            return self.pick(stems) + str(self.n(10, 9999))
        if k == 1:
            return self.s(LOWER, self.n(7, 12))
        if k == 2:
            return self.pick(stems).capitalize() + self.pick("!#$%*") + str(self.n(1, 99))
        if k == 3:
            return self.s(LOWER, self.n(4, 6)) + str(self.n(100, 99999))
        return self.strong_pw(self.n(12, 20))

    def strong_pw(self, n: int = 16) -> str:
        cs = [self.r.choice(c) for c in (string.ascii_lowercase, string.ascii_uppercase,
                                          string.digits, "#%+-_!")]
        cs += [self.r.choice(ALNUM + "#%+-_!") for _ in range(n - 4)]
        self.r.shuffle(cs)
        return "".join(cs)

    def token(self, n: int = 40) -> str:
        while True:
            t = self.s(ALNUM, n)
            if any(c.isdigit() for c in t) and any(c.isupper() for c in t):
                return t

    def hexs(self, n: int) -> str:
        return self.s(HEX, n)

    def jwt(self, signed: bool = True) -> str:
        def enc(d: dict[str, object]) -> str:
            return base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")
        head = enc({"alg": "HS256" if signed else "none", "typ": "JWT"})
        body = enc({"sub": str(self.n(1000, 99999)), "role": "service", "iat": 1700000000})
        return head + "." + body + "." + (self.s(B64URL, 43) if signed else "")

    def b64(self, raw: bytes) -> str:
        return base64.b64encode(raw).decode()

    def rbytes(self, n: int) -> bytes:
        return bytes(self.r.getrandbits(8) for _ in range(n))

    def b64url_bytes(self, n: int) -> str:
        return base64.urlsafe_b64encode(self.rbytes(n)).decode().rstrip("=")


P = "P"  # a credential line
N = "N"  # a hard negative line


class Writer:
    def __init__(self, corpus: Corpus) -> None:
        self.c = corpus

    def file(self, rel: str, kind: str, lines: list[tuple[str, str | None, str]]) -> None:
        """``lines``: (text, tag, label). Multi-line texts label their first line."""
        out: list[str] = []
        for text, tag, label in lines:
            lineno = len(out) + 1
            if tag == P:
                self.c.positives[(rel, lineno)] = label
            elif tag == N:
                self.c.negatives[(rel, lineno)] = label
            out.extend(text.split("\n"))
        p = self.c.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("\n".join(out) + "\n", "utf-8")
        self.c.kinds[rel] = kind


def plain(text: str) -> tuple[str, None, str]:
    return (text, None, "")


def pos(text: str, label: str) -> tuple[str, str, str]:
    return (text, P, label)


def neg(text: str, label: str) -> tuple[str, str, str]:
    return (text, N, label)
