"""One multi-pattern pass that says which rules can possibly match a text.

Large inputs go through a Hyperscan (Vectorscan) database holding every rule's pattern in
prefilter mode plus every rule's keywords: one linear pass whatever the number of rules.
Small inputs (a staged diff) need only the keywords: a second, small database of the
keywords alone answers that in one pass (a fraction of a millisecond to load, where a
substring search per keyword costs tens of milliseconds with a thousand rules), falling back
to those substring searches without Hyperscan. Both databases are cached on disk so that no
run pays for compiling one twice. The first few kilobytes a process sees (a pre-commit hook
on a small change) do not even import Hyperscan: an index of the keywords by their first two
bytes answers them with one dictionary lookup per byte.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner.config.cache import cache_dir

if TYPE_CHECKING:  # the engine needs the rule type, never the rules package
    from scanner.rules.schema import Rule


#: Past this many prefilter matches in one text a rule searches the whole text.
MAX_ENDS = 256

#: Below this size the keyword scan on lower-cased bytes beats loading Hyperscan.
SMALL_INPUT = 256 * 1024

#: Bytes one process checks by keywords before it loads the Hyperscan database anyway. The
#: keyword scan costs (number of keywords) x (bytes): with hundreds of rules, one cached
#: database load (tens of milliseconds) is cheaper than a few hundred kilobytes of keyword
#: checks, so a tree scan switches early while a pre-commit hook on a small change never loads it.
KEYWORD_BUDGET = 384 * 1024

#: Bytes one process checks through the two-byte keyword index before it turns to the
#: keywords database: about a microsecond per byte against ~10 ms to import Hyperscan and
#: load that database (measured with 1,192 rules), so a small commit never pays for it.
TINY_BUDGET = 8 * 1024

_hs: Any = None
HAVE_HYPERSCAN: bool | None = None  # unknown until first needed: importing it costs ~10 ms


def _hyperscan() -> Any:
    """Import Hyperscan on first use (wheels exist for x86-64; elsewhere: keywords only)."""
    global _hs, HAVE_HYPERSCAN
    if HAVE_HYPERSCAN is None:
        try:
            import hyperscan

            _hs, HAVE_HYPERSCAN = hyperscan, True
        except ImportError:  # pragma: no cover - depends on the platform
            HAVE_HYPERSCAN = False
    return _hs




def _repeat_end(pattern: str, i: int) -> int | None:
    """End of a counted repetition ``{m}``, ``{m,}`` or ``{m,n}`` at ``i`` (RE2 reads any
    other ``{`` as a literal character), else None."""
    j, n = i + 1, len(pattern)
    while j < n and pattern[j].isdigit():
        j += 1
    if j == i + 1:
        return None
    if j < n and pattern[j] == ",":
        j += 1
        while j < n and pattern[j].isdigit():
            j += 1
    return j + 1 if j < n and pattern[j] == "}" else None


def _is_flags(text: str) -> bool:
    """``(?i)``, ``(?-i)``, ``(?ms)``: a group that only sets flags (matches nothing)."""
    return (text.startswith("(?") and text.endswith(")") and len(text) >= 3
            and all(c.isalpha() or c == "-" for c in text[2:-1]))

#: Longest match of a trailing group :func:`hs_expression` drops (its alternatives are single
#: characters or assertions: a terminator such as ``(?:[^A-Za-z0-9]|$)``).
_TRAIL_MAX = 4


def _top_level(pattern: str) -> list[tuple[str, int, int]] | None:
    """The top-level items of an RE2 pattern as (kind, start, end), or None when the pattern
    uses syntax this small reader does not follow (it then stays as written).

    Kinds: ``assert`` (``\\b \\B $ ^ \\A \\z``), ``atom`` (a character, escape or class),
    ``group`` (with its quantifier), ``quant`` (a quantifier after an atom), ``alt``."""
    items: list[tuple[str, int, int]] = []
    i, n, depth, start = 0, len(pattern), 0, 0
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n or pattern[i + 1] in "QEpPx":
                if i + 1 < n and pattern[i + 1] in "pPx" and i + 2 < n and pattern[i + 2] != "{":
                    j = i + 3  # \pL, \xHH are handled below as fixed-size atoms
                    if pattern[i + 1] == "x":
                        j = i + 4
                else:
                    return None  # \Q...\E, \p{..}, \x{..}: not worth following
            else:
                j = i + 2
            kind = "assert" if pattern[i + 1:i + 2] in ("b", "B", "A", "z") else "atom"
        elif c == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                if pattern[j] == "\\":
                    j += 1
                elif pattern[j] == "[":
                    return None  # [[:alpha:]] and friends
                j += 1
            if j >= n:
                return None
            j += 1
            kind = "atom"
        elif c == "(":
            if depth == 0:
                start = i
            depth += 1
            i += 1
            continue
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
            i += 1
            if depth == 0:
                items.append(("group", start, i))
            continue
        elif c in "*+?" or (c == "{" and _repeat_end(pattern, i) is not None):
            j = _repeat_end(pattern, i) or i + 1
            if j < n and pattern[j] == "?":
                j += 1
            kind = "quant"
        elif c == "|":
            j, kind = i + 1, "alt"
        elif c in "^$":
            j, kind = i + 1, "assert"
        else:
            j, kind = i + 1, "atom"
        if depth == 0:
            if kind == "quant" and items and items[-1][0] == "group":
                items[-1] = ("qgroup", items[-1][1], j)
            else:
                items.append((kind, i, j))
        i = j
    return items if depth == 0 else None


def _short_terminator(body: str) -> bool:
    """Whether a group body is a terminator (``[^A-Za-z0-9]|$``): one alternative is the
    end of the text and none matches more than a few characters."""
    if not body.startswith("?:"):
        return False  # a capture (the secret) or a flag group stays
    inner = _top_level(body[2:])
    if inner is None:
        return False
    if not any(body[2 + a:2 + b] == "$" for kind, a, b in inner if kind == "assert"):
        return False  # not the "followed by a non-token character or the end" idiom
    size = 0
    for kind, _s, _e in inner:
        if kind in ("group", "qgroup", "quant"):
            return False
        if kind == "alt":
            size = 0
            continue
        if kind == "atom":
            size += 1
            if size > _TRAIL_MAX:
                return False
    return True


def hs_expression(rule: Rule) -> str:
    """The expression the database holds for a rule: its ``prefilter`` (else its pattern)
    without trailing assertions or terminator groups (``\\b``, ``$``, ``(?:[^a-z0-9]|$)``).

    Every match of the pattern contains a match of the result ending at most
    :data:`_TRAIL_MAX` characters before it, so the windows around the reported ends still
    hold every match; and Hyperscan, which has no look-ahead, runs a trailing assertion after
    a bounded repeat (``\\b[0-9]{4}-[A-Za-z0-9]{64}\\b``) as a slow general automaton: measured
    up to 20 times the cost of the same pattern without it, over the whole text."""
    expr = rule.prefilter or rule.pattern
    while True:
        items = _top_level(expr)
        if not items or len(items) < 2:
            return expr
        kind, s, e = items[-1]
        if kind == "assert" or (kind == "group" and _short_terminator(expr[s + 1:e - 1])):
            rest = items[:-1]
            if rest[-1][0] == "alt" or not any(
                    k == "atom" or (k in ("group", "qgroup") and not _is_flags(expr[a:b]))
                    for k, a, b in rest):
                return expr  # nothing would be left to match: keep the pattern as it is
            expr = expr[:s]
            continue
        return expr


def _literal(kw: str) -> bytes:
    """A keyword as a Hyperscan expression matching it literally."""
    return b"".join(b"\\x%02x" % b for b in kw.encode("utf-8"))


class Prefilter:
    """Maps a text to the indices of the rules worth running on it."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        enc = str.encode
        self.keywords: list[tuple[bytes, ...]] = [tuple(map(enc, r.keywords)) for r in self.rules]
        self._db: Any = None
        self._db_failed = False
        self._pattern_in_db: list[bool] = [False] * len(self.rules)
        self._keyword_bytes = 0
        self._kdb: Any = None
        self._kdb_failed = False
        self._kw_owners: list[list[int]] = []
        self._tiny_bytes = 0
        self._tiny: tuple[list[tuple[bytes, int]], dict[bytes, list[tuple[bytes, int]]]] | None \
            = None

    # -- small inputs ---------------------------------------------------------------------
    def _distinct_keywords(self) -> dict[bytes, int]:
        """Each distinct keyword with its number; ``_kw_owners[n]`` lists the rules it names."""
        distinct: dict[bytes, int] = {}
        for kws in self.keywords:
            for k in kws:
                distinct.setdefault(k, len(distinct))
        owners: list[list[int]] = [[] for _ in distinct]
        for i, kws in enumerate(self.keywords):
            for k in set(kws):
                owners[distinct[k]].append(i)
        self._kw_owners = owners
        return distinct

    def _by_index(self, data: bytes) -> list[int]:
        """The keyword test by the two-byte index: at each position of the lower-cased text,
        the keywords starting with its two bytes are compared there (one-byte keywords by
        ``in``). Exactly what ``in`` per keyword answers, with no database to load."""
        if self._tiny is None:
            singles: list[tuple[bytes, int]] = []
            by2: dict[bytes, list[tuple[bytes, int]]] = {}
            for k, kid in self._distinct_keywords().items():
                low = k.lower()
                if len(low) < 2:
                    singles.append((low, kid))
                else:
                    by2.setdefault(low[:2], []).append((low, kid))
            self._tiny = (singles, by2)
        singles, by2 = self._tiny
        low = data.lower()
        hit = {kid for k, kid in singles if k in low}
        get = by2.get
        startswith = low.startswith
        for i in range(len(low) - 1):
            cands = get(low[i:i + 2])
            if cands is not None:
                for k, kid in cands:
                    if kid not in hit and startswith(k, i):
                        hit.add(kid)
        owners = self._kw_owners
        return sorted({i for kid in hit for i in owners[kid]})

    def by_keywords(self, data: bytes) -> list[int]:
        """Rules one of whose keywords occurs (ASCII case ignored), and no more than that (no
        pattern is tried, whatever database is loaded): through the two-byte
        index for the first :data:`TINY_BUDGET` bytes, then by one pass of a database of the
        keywords alone (cached; a fraction of a millisecond to load), else by a substring
        search per keyword (thousands of them with a large rule set)."""
        if self._kdb is None and self._tiny_bytes + len(data) <= TINY_BUDGET:
            self._tiny_bytes += len(data)
            return self._by_index(data)
        kdb = self._keyword_db()
        if kdb is None:
            low = data.lower()
            return [i for i, kws in enumerate(self.keywords) if any(k in low for k in kws)]
        hit: set[int] = set()
        kdb.scan(data, match_event_handler=lambda kid, _f, _t, _fl, _c: hit.add(kid))
        owners = self._kw_owners
        return sorted({i for kid in hit for i in owners[kid]})

    def _keyword_db(self) -> Any:
        """The keywords-only database (literal, ASCII-caseless: the same test as ``in`` on
        the lower-cased bytes), or None without Hyperscan."""
        if self._kdb is not None or self._kdb_failed:
            return self._kdb
        self._kdb_failed = True
        if _hyperscan() is None:
            return None
        distinct = self._distinct_keywords()
        owners = self._kw_owners
        if not distinct:
            return None
        h = hashlib.sha256(getattr(_hs, "__version__", "?").encode() + b"/keywords-v1")
        for k in distinct:
            h.update(k + b"\x00")
        path = cache_dir() / f"hs-kw-{h.hexdigest()[:24]}.db"
        db: Any = None
        try:
            db = _hs.loadb(path.read_bytes(), _hs.HS_MODE_BLOCK)
        except (OSError, ValueError, _hs.error):
            db = None
        try:
            if db is None:
                db = _hs.Database(mode=_hs.HS_MODE_BLOCK)
                db.compile(expressions=[_literal(k.decode("utf-8")) for k in distinct],
                           ids=list(range(len(distinct))), elements=len(distinct),
                           flags=[_hs.HS_FLAG_CASELESS | _hs.HS_FLAG_SINGLEMATCH] * len(distinct))
                _write_cache(path, _hs.dumpb(db))
            db.scratch = _hs._hs_ext.Scratch(db)
        except _hs.error:  # pragma: no cover - defensive: keep the substring search
            return None
        self._kdb, self._kw_owners, self._kdb_failed = db, owners, False
        return db

    # -- large inputs ---------------------------------------------------------------------
    def _expressions(self) -> tuple[list[bytes], list[int], list[int]]:
        exprs: list[bytes] = []
        ids: list[int] = []
        flags: list[int] = []
        n = len(self.rules)
        assert _hs is not None
        for i, r in enumerate(self.rules):
            if self._pattern_in_db[i]:
                exprs.append(hs_expression(r).encode("utf-8"))
                ids.append(i)
                # every end offset is reported: they tell the engine where to look
                flags.append(_hs.HS_FLAG_PREFILTER | _hs.HS_FLAG_ALLOWEMPTY)
            for kw in r.keywords:
                exprs.append(_literal(kw))
                ids.append(n + i)
                flags.append(_hs.HS_FLAG_CASELESS | _hs.HS_FLAG_SINGLEMATCH)
        return exprs, ids, flags

    def _compile_one_ok(self, pattern: str) -> bool:
        assert _hs is not None
        db = _hs.Database(mode=_hs.HS_MODE_BLOCK)
        try:
            db.compile(expressions=[pattern.encode("utf-8")], ids=[0], elements=1,
                       flags=[_hs.HS_FLAG_PREFILTER | _hs.HS_FLAG_SINGLEMATCH
                              | _hs.HS_FLAG_ALLOWEMPTY])
        except _hs.error:
            return False
        return True

    def _signature(self) -> str:
        # hs_expression is a function of the rule's text: hashing that text (with the version
        # of the function) spares every run rewriting hundreds of patterns just to find the file
        h = hashlib.sha256(getattr(_hs, "__version__", "?").encode() + b"/ends-v2/strip-v1")
        for r in self.rules:
            h.update((r.prefilter or r.pattern).encode("utf-8")
                     + (b"\x03" if r.keywords_only else b"\x00"))
            h.update("\x01".join(r.keywords).encode() + b"\x02")
        return h.hexdigest()[:24]

    def _load_db(self) -> Any:
        if self._db is not None or self._db_failed:
            return self._db
        if _hyperscan() is None:
            self._db_failed = True
            return None
        sig = self._signature()
        path = cache_dir() / f"hs-{sig}.db"
        meta = cache_dir() / f"hs-{sig}.ids"
        try:
            blob = path.read_bytes()
            in_db = meta.read_text().strip()
            if len(in_db) == len(self.rules):
                self._pattern_in_db = [c == "1" for c in in_db]
                db = _hs.loadb(blob, _hs.HS_MODE_BLOCK)
                db.scratch = _hs._hs_ext.Scratch(db)  # loadb() leaves no scratch space
                self._db = db
                return db
        except (OSError, ValueError, _hs.error):
            pass
        db = _hs.Database(mode=_hs.HS_MODE_BLOCK)
        try:
            self._pattern_in_db = [not r.keywords_only for r in self.rules]
            exprs, ids, flags = self._expressions()
            db.compile(expressions=exprs, ids=ids, elements=len(exprs), flags=flags)
        except _hs.error:
            # Some (user) pattern is beyond Hyperscan: find which, keep keywords for those.
            try:
                self._pattern_in_db = [
                    not r.keywords_only
                    and self._compile_one_ok(hs_expression(r)) for r in self.rules]
                exprs, ids, flags = self._expressions()
                db = _hs.Database(mode=_hs.HS_MODE_BLOCK)
                db.compile(expressions=exprs, ids=ids, elements=len(exprs), flags=flags)
            except _hs.error:  # pragma: no cover - defensive: fall back to keywords
                self._db_failed = True
                return None
        self._db = db
        _write_cache(path, _hs.dumpb(db))
        _write_cache(meta, "".join("1" if b else "0" for b in self._pattern_in_db).encode())
        return db

    def warm(self) -> None:
        """Load (or compile and cache) the database now, e.g. before forking workers."""
        self._load_db()

    def candidates(self, data: bytes) -> list[int]:
        """Indices of rules whose pattern may match and one of whose keywords occurs."""
        return [i for i, _ in self.candidates_with_ends(data)]

    def candidates_with_ends(self, data: bytes) -> list[tuple[int, list[int] | None]]:
        """Candidate rules with the end offsets of their prefilter matches, or ``None``
        where the whole text must be searched (small inputs, keyword-only rules, or more
        than :data:`MAX_ENDS` places)."""
        if (self._db is None and len(data) < SMALL_INPUT
                and (self._db_failed or self._keyword_bytes + len(data) <= KEYWORD_BUDGET)):
            self._keyword_bytes += len(data)
            return [(i, None) for i in self.by_keywords(data)]
        db = self._load_db()
        if db is None:
            return [(i, None) for i in self.by_keywords(data)]
        n = len(self.rules)
        ends: dict[int, list[int]] = {}
        keywords: set[int] = set()

        def on_match(rid: int, _from: int, to: int, _flags: int, _ctx: Any) -> None:
            if rid >= n:
                keywords.add(rid - n)
                return
            lst = ends.get(rid)
            if lst is None:
                ends[rid] = [to]
            elif len(lst) <= MAX_ENDS:
                lst.append(to)

        db.scan(data, match_event_handler=on_match)
        out: list[tuple[int, list[int] | None]] = []
        for i in sorted(keywords):
            e = ends.get(i)
            if e is not None:
                out.append((i, None if len(e) > MAX_ENDS else e))
            elif not self._pattern_in_db[i]:
                out.append((i, None))
        return out


def _write_cache(path: Path, blob: bytes) -> None:
    """Best-effort atomic cache write; a read-only home just means no cache."""
    import tempfile  # only when a cache is written: the hook's clean path never needs it

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    except OSError:
        pass
