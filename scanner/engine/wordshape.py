"""How word-like a value is: a letter-trigram model of English words and code identifiers.

Shannon entropy cannot tell a short random password (``kqzvhmtr``) from a word
(``required``) or an identifier (``minipass``): both use few distinct letters. A trigram
model can: words and identifiers are made of common letter sequences, random strings of
rare ones. :func:`surprise` is the mean bits per letter under the model (about 2.5-3.5 for
words, 4.5 and more for random letters); the table is a small data file in the package
(``scanner/rules/charmodel.toml``), loaded once, on first use.
"""

from __future__ import annotations

import functools
from pathlib import Path

from scanner.engine.names import name_tokens

#: Letters of the model; ``^`` marks a word boundary.
ALPHABET = "^abcdefghijklmnopqrstuvwxyz"
#: Quantisation: stored value = round(bits * QUANT), in LEVELS steps.
QUANT = 4
LEVELS = 75

_N = len(ALPHABET)
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
_FILE = Path(__file__).resolve().parent.parent / "rules" / "charmodel.toml"


def encode_index(i: int) -> str:
    """Trigram of table index ``i`` (builder helper)."""
    return ALPHABET[i // (_N * _N)] + ALPHABET[(i // _N) % _N] + ALPHABET[i % _N]


@functools.lru_cache(maxsize=1)
def _table() -> bytes | None:
    """The table, read without a TOML parse (the hook pays for every millisecond): it is
    the one '''-quoted string of the file."""
    try:
        text = _FILE.read_text("ascii")
    except (OSError, UnicodeDecodeError):
        return None
    parts = text.split("\'\'\'")
    if len(parts) != 3:
        return None
    t = "".join(parts[1].split()).encode("ascii")
    return t if len(t) == _N ** 3 else None


@functools.lru_cache(maxsize=8192)
def surprise(word: str) -> float:
    """Mean bits per letter of the letters of ``word`` (case-folded; other characters act
    as word boundaries). 0.0 when the model is missing or there are no letters."""
    t = _table()
    if t is None:
        return 0.0
    total = 0.0
    n = 0
    for run in alpha_runs(" ".join(name_tokens(word))):
        s = "^^" + run + "^"
        for i in range(len(s) - 2):
            idx = _INDEX[s[i]] * _N * _N + _INDEX[s[i + 1]] * _N + _INDEX[s[i + 2]]
            total += (t[idx] - 48) / QUANT
            n += 1
    return total / n if n else 0.0


def alpha_runs(low: str) -> list[str]:
    """The runs of lower-case ASCII letters in ``low``, in order."""
    out: list[str] = []
    cur: list[str] = []
    for ch in low:
        if "a" <= ch <= "z":
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def wordlike(value: str, limit: float = 5.5) -> bool:
    """True when the letters of ``value`` read like words or identifiers, not random."""
    return surprise(value) < limit if _table() is not None else True
