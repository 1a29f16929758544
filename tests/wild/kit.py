"""Labelling kit for the in-the-wild corpus: one file per snippet, lines labelled by needle.

A snippet names the values that make a line positive (a credential a reviewer would rotate)
and, for reporting, the look-alikes that make a line a hard negative. Every line holding a
positive needle is positive; line numbers come from the final bytes written.
"""

from __future__ import annotations

import base64
import random
import string
from dataclasses import dataclass, field
from pathlib import Path

from tests import fakes

LOWER = string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"

_STEMS = ("falcon", "marigold", "tundra", "quokka", "zephyr", "copper", "lumen", "harbor",
          "nimbus", "orchid", "walrus", "saffron", "granite", "pelican", "juniper", "cobalt",
          "meadow", "tamarind", "sprocket", "basalt")
_USERS = ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
          "mallory", "oscar", "peggy", "trent", "victor", "walter")
_ORGS = ("acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell",
         "cyberdyne", "soylent", "wonka", "vandelay")


@dataclass
class Corpus:
    """What ``generate`` wrote: per-line labels and each file's class."""

    root: Path
    positives: dict[tuple[str, int], str] = field(default_factory=dict)
    negatives: dict[tuple[str, int], str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    snippets: int = 0
    #: Which red-team round wrote each file, so a round can be scored alone.
    rounds: dict[str, int] = field(default_factory=dict)


class W:
    """Writer and value source; all randomness comes from one seeded generator."""

    def __init__(self, root: Path, seed: int) -> None:
        self.c = Corpus(root)
        self.r = random.Random(f"credscan-wild-{seed}")
        self._paths: set[str] = set()
        self.round = 1

    # --- values ---------------------------------------------------------------------------
    def s(self, alphabet: str = ALNUM, n: int = 8) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def seed(self) -> str:
        return self.s(ALNUM, 12)

    def pick(self, xs: tuple[str, ...] | list[str]) -> str:
        return self.r.choice(list(xs))

    def n(self, a: int, b: int) -> int:
        return self.r.randint(a, b)

    def user(self) -> str:
        return self.pick(_USERS)

    def org(self) -> str:
        return self.pick(_ORGS)

    def pw(self) -> str:
        """A password as people choose it, or as a generator emits it."""
        k = self.n(0, 5)
        if k == 0:
            return self.pick(_STEMS) + str(self.n(10, 9999))
        if k == 1:
            return self.s(LOWER, self.n(8, 12))
        if k == 2:
            return self.pick(_STEMS).capitalize() + self.pick("!#$%*@") + str(self.n(1, 999))
        if k == 3:
            return self.s(LOWER, self.n(4, 6)) + str(self.n(100, 99999))
        if k == 4:
            return self.pick(_STEMS) + "_" + self.pick(_STEMS) + str(self.n(1, 99))
        return fakes.password(self.seed(), self.n(12, 24))

    def strong(self, n: int = 20) -> str:
        return fakes.password(self.seed(), n)

    def hexs(self, n: int = 40) -> str:
        return self.s(HEX, n)

    def b64(self, raw: str) -> str:
        return base64.b64encode(raw.encode()).decode()

    def opaque(self, n: int = 32) -> str:
        """An API key with no prefix: letters and digits, both cases."""
        while True:
            v = self.s(ALNUM, n)
            if any(c.isdigit() for c in v) and any(c.isupper() for c in v) and any(c.islower() for c in v):
                return v

    def token(self) -> str:
        """A provider token of a well-known format."""
        sd = self.seed()
        k = self.n(0, 7)
        if k == 0:
            return fakes.github_classic(sd)
        if k == 1:
            return fakes.slack_bot(sd)
        if k == 2:
            return fakes.stripe_live(sd)
        if k == 3:
            return fakes.openai_key(sd)
        if k == 4:
            return fakes.gitlab_pat(sd)
        if k == 5:
            return fakes.sendgrid_key(sd)
        if k == 6:
            return fakes.npm_token(sd)
        return fakes.github_fine_grained(sd)

    # --- writing --------------------------------------------------------------------------
    def add(self, kind: str, path: str, text: str, pos: list[str] | tuple[str, ...] = (),
            neg: list[str] | tuple[str, ...] = ()) -> None:
        """Write one snippet; label each line that holds a needle."""
        base = path
        i = 1
        while path in self._paths:
            i += 1
            head, _, name = base.rpartition("/")
            stem, dot, ext = name.rpartition(".")
            name = f"{stem}-{i}.{ext}" if dot and stem else f"{name}-{i}"
            path = f"{head}/{name}" if head else name
        self._paths.add(path)
        f = self.c.root / path
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8")
        self.c.kinds[path] = kind
        self.c.rounds[path] = self.round
        self.c.snippets += 1
        lines = text.splitlines()
        for needle in pos:
            first = needle.splitlines()[0]
            hit = [i for i, ln in enumerate(lines, 1) if first in ln]
            assert hit, (path, needle[:20])
            for ln in hit:
                self.c.positives[(path, ln)] = kind
        for needle in neg:
            for i, ln in enumerate(lines, 1):
                if needle in ln and (path, i) not in self.c.positives:
                    self.c.negatives[(path, i)] = kind
