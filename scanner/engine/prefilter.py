"""One multi-pattern pass that says which rules can possibly match a text.

Large inputs go through a Hyperscan (Vectorscan) database holding every rule's pattern in
prefilter mode plus every rule's keywords: one linear pass whatever the number of rules.
Small inputs (a staged diff) skip Hyperscan entirely and check keywords on the lower-cased
text, which is cheaper than loading the database. The compiled database is cached on disk
so that no run pays for compiling it twice.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


def _literal(kw: str) -> bytes:
    """A keyword as a Hyperscan expression matching it literally."""
    return b"".join(b"\\x%02x" % b for b in kw.encode("utf-8"))


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "credscan"


class Prefilter:
    """Maps a text to the indices of the rules worth running on it."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self.keywords: list[tuple[bytes, ...]] = [
            tuple(k.encode("utf-8") for k in r.keywords) for r in self.rules
        ]
        self._db: Any = None
        self._db_failed = False
        self._pattern_in_db: list[bool] = [False] * len(self.rules)
        self._keyword_bytes = 0

    # -- small inputs ---------------------------------------------------------------------
    def _by_keywords(self, data: bytes) -> list[int]:
        low = data.lower()
        return [i for i, kws in enumerate(self.keywords) if any(k in low for k in kws)]

    # -- large inputs ---------------------------------------------------------------------
    def _expressions(self) -> tuple[list[bytes], list[int], list[int]]:
        exprs: list[bytes] = []
        ids: list[int] = []
        flags: list[int] = []
        n = len(self.rules)
        assert _hs is not None
        for i, r in enumerate(self.rules):
            if self._pattern_in_db[i]:
                exprs.append((r.prefilter or r.pattern).encode("utf-8"))
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
        h = hashlib.sha256(getattr(_hs, "__version__", "?").encode() + b"/ends-v2")
        for r in self.rules:
            h.update((r.prefilter or r.pattern).encode("utf-8") + b"\x00")
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
            self._pattern_in_db = [True] * len(self.rules)
            exprs, ids, flags = self._expressions()
            db.compile(expressions=exprs, ids=ids, elements=len(exprs), flags=flags)
        except _hs.error:
            # Some (user) pattern is beyond Hyperscan: find which, keep keywords for those.
            try:
                self._pattern_in_db = [
                    self._compile_one_ok(r.prefilter or r.pattern) for r in self.rules]
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
            return [(i, None) for i in self._by_keywords(data)]
        db = self._load_db()
        if db is None:
            return [(i, None) for i in self._by_keywords(data)]
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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    except OSError:
        pass
