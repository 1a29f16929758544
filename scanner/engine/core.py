"""The scanner: bytes in, findings out. A pure function of (rules, config, bytes, path).

Pipeline for one text: prefilter (which rules can match) -> RE2 over the whole text for
those rules only -> per-match checks (allow markers, validator, entropy, filters, context)
-> overlap resolution -> AWS pairing. No Python loop ever walks the text line by line.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from scanner.config.load import Config
from scanner.engine import aws, decoders, filters, validators
from scanner.engine.allow import allowed_on_line, allows_next_line
from scanner.engine.entropy import shannon
from scanner.engine.fingerprint import fingerprint
from scanner.engine.prefilter import Prefilter
from scanner.engine.regex import compile_bytes, secret_group
from scanner.engine.textio import normalize, to_text
from scanner.models import Finding
from scanner.rules.schema import Rule

#: Name given to patch sections scanned for file-scoped rules (history maps them back).
PATCH_SECTION = "<git-history>"

#: Texts above this size are searched around prefilter hits only (see :func:`_windowed`).
WINDOW_MIN = 64 * 1024
#: Bytes searched on each side of a prefilter match end (rounded out to whole lines).
WINDOW = 2048

#: Longest context line kept on a finding (a minified file can be one 10 MB line).
MAX_LINE_TEXT = 400


@dataclass
class _Compiled:
    """A rule with its regexes compiled (lazily, on first use)."""

    rule: Rule
    regex: Any
    sgroup: int
    ngroup: int | None
    ugroup: int | None
    context: Any | None
    allow: list[Any]
    generic: bool


@dataclass(frozen=True, slots=True)
class Match:
    """A raw match, before checks: byte span of the secret and its rule."""

    rule_index: int
    start: int
    end: int
    name: bytes | None


class Scanner:
    """Holds a compiled rule set; :meth:`scan_bytes` is safe to call from many threads of
    one process only if Hyperscan is not used concurrently, so use one Scanner per process.
    """

    def __init__(self, rules: Sequence[Rule], config: Config | None = None) -> None:
        self.rules = list(rules)
        self.config = config or Config()
        # Rules scoped to file names (.pgpass, .netrc) skip the prefilter: they run only on
        # files whose name matches, and there they always run.
        self._path_rules = [i for i, r in enumerate(self.rules) if r.paths]
        self.prefilter = Prefilter([r for r in self.rules if not r.paths])
        self._pf_index = [i for i, r in enumerate(self.rules) if not r.paths]
        self._path_cache: dict[str, list[int]] = {}
        self._by_id = {r.id: i for i, r in enumerate(self.rules)}
        self._compiled: dict[int, _Compiled] = {}
        self._allow_values = [compile_bytes(rx) for rx in self.config.allow_regexes]
        self._stopwords = self.config.stopwords
        self._allow_paths: Any = None

    # -- compilation ----------------------------------------------------------------------
    def _rule(self, i: int) -> _Compiled:
        c = self._compiled.get(i)
        if c is None:
            r = self.rules[i]
            rx = compile_bytes(r.pattern)
            ng = rx.groupindex.get(b"name")
            ug = rx.groupindex.get(b"user")
            c = _Compiled(
                rule=r,
                regex=rx,
                sgroup=secret_group(rx),
                ngroup=int(ng) if ng is not None else None,
                ugroup=int(ug) if ug is not None else None,
                context=compile_bytes(r.context.pattern) if r.context else None,
                allow=[compile_bytes(a) for a in r.allow],
                generic=("generic" in r.tags or r.provider == "generic"),
            )
            self._compiled[i] = c
        return c

    # -- paths ----------------------------------------------------------------------------
    def path_allowed(self, path: str) -> bool:
        """True if the config's path allowlist (gitignore-style globs) covers ``path``."""
        if not self.config.allow_paths:
            return False
        if self._allow_paths is None:
            try:
                import pathspec

                self._allow_paths = pathspec.GitIgnoreSpec.from_lines(self.config.allow_paths)
            except ImportError:  # pragma: no cover
                self._allow_paths = False
        rel = path.replace("\\", "/").lstrip("./") if path.startswith("./") else path
        if self._allow_paths is False:
            return any(fnmatch.fnmatch(rel, g) for g in self.config.allow_paths)
        return bool(self._allow_paths.match_file(rel))

    def path_rule_names(self) -> list[bytes]:
        """Literal file-name fragments of file-scoped rules (a cheap 'any here?' test)."""
        out: list[bytes] = []
        for i in self._path_rules:
            for g in self.rules[i].paths:
                lit = g.replace("*", "").replace("?", "").encode()
                if lit and not any(lit in o or o in lit for o in out):
                    out.append(lit)
                elif lit and any(o in lit for o in out):
                    continue
                elif lit:
                    out = [o for o in out if lit not in o] + [lit]
        return out

    def has_path_rules(self, path: str) -> bool:
        return bool(self._for_path(path))

    def scan_path_rules(self, data: bytes, path: str, line_offset: int = 0) -> list[Finding]:
        """Only the file-scoped rules that apply to ``path`` (history scans patch sections)."""
        ids = {self.rules[i].id for i in self._for_path(path)}
        if not ids:
            return []
        return [f for f in self.scan_bytes(data, PATCH_SECTION, line_offset, rel_path=path)
                if f.rule_id in ids]

    def warm(self) -> None:
        """Compile every rule and load the prefilter database now (before forking workers,
        so that they inherit it instead of each building their own)."""
        for i in range(len(self.rules)):
            self._rule(i)
        self.prefilter.warm()

    def keep_for_path(self, f: Finding, rel: str) -> bool:
        """Path-dependent checks for a finding made on text whose path was not known when it
        was scanned (history patches span many files): allowlisted paths, and generic
        human-looking values in test code."""
        if self.path_allowed(rel):
            return False
        idx = self._by_id.get(f.rule_id)
        if idx is None:
            return True
        c = self._rule(idx)
        return not (c.generic and filters.human_in_test(f.secret, rel))

    # -- scanning -------------------------------------------------------------------------
    def _for_path(self, rel: str) -> list[int]:
        if not self._path_rules:
            return []
        name = rel.replace("\\", "/").rsplit("/", 1)[-1]
        hit = self._path_cache.get(name)
        if hit is None:
            hit = [i for i in self._path_rules
                   if any(fnmatch.fnmatchcase(name, g) for g in self.rules[i].paths)]
            if len(self._path_cache) < 4096:
                self._path_cache[name] = hit
        return hit

    def matches(self, data: bytes, rel: str = "") -> list[Match]:
        """All raw matches of candidate rules, sorted by position."""
        out: list[Match] = []
        idx = self._pf_index
        cands: list[tuple[int, list[int] | None]] = [
            (idx[j], ends) for j, ends in self.prefilter.candidates_with_ends(data)]
        cands += [(i, None) for i in self._for_path(rel)]
        windowed = len(data) > WINDOW_MIN
        for i, ends in cands:
            c = self._rule(i)
            sg, ng, ug = c.sgroup, c.ngroup, c.ugroup
            if windowed and ends is not None and not c.rule.multiline:
                found = _windowed(c.regex, data, ends)
            else:
                found = c.regex.finditer(data)
            for m in found:
                s, e = m.span(sg)
                if s < 0 or e <= s:
                    continue
                name = m.group(ng) if ng is not None else None
                if ug is not None and m.group(ug) == data[s:e]:
                    continue  # user:same-as-user, a default (airflow:airflow)
                out.append(Match(i, s, e, name))
        out.sort(key=lambda m: (m.start, m.rule_index))
        return out

    def scan_bytes(self, data: bytes, path: str, line_offset: int = 0,
                   rel_path: str | None = None) -> list[Finding]:
        """Scan one text named ``path``. ``line_offset`` is added to line numbers (chunked
        reads); ``rel_path`` (default ``path``) is what path allowlists and path heuristics
        see: the path relative to the repository or scanned root."""
        rel = rel_path or path
        if self.path_allowed(rel):
            return []
        data = normalize(data)
        raw = self.matches(data, rel)
        decoded = self._scan_decoded(data, path, line_offset, rel) if b"Secret" in data else []
        if not raw:
            return decoded
        findings: list[tuple[Finding, int, int]] = []
        lineno, pos = 1, 0
        ls, le = 0, -1  # current line [ls, le); le == -1 means not yet known
        prev_allows = line_allowed = False
        col_pos, col = 0, 1  # incremental character column within the current line
        n = len(data)
        for m in raw:
            if m.start >= le:
                # moved to a later line: every search below is bounded by the distance moved,
                # so a 10 MB single line with many matches stays linear
                nl = data.rfind(b"\n", pos, m.start)
                if nl != -1 or le == -1:
                    lineno += data.count(b"\n", pos, m.start)
                    if nl != -1:
                        ls = nl + 1
                    le = data.find(b"\n", m.start)
                    if le == -1:
                        le = n
                    prev_allows = ls > 0 and allows_next_line(
                        data[data.rfind(b"\n", max(0, ls - 1 - 4096), ls - 1) + 1:ls - 1])
                    col_pos, col = ls, 1
                    line_allowed = le - ls <= 1 << 16 and allowed_on_line(data[ls:le])
            pos = m.start
            if m.start >= col_pos:
                col += len(to_text(data[col_pos:m.start]))
                col_pos = m.start
            else:  # overlapping matches: recount from the line start
                col_pos, col = m.start, len(to_text(data[ls:m.start])) + 1
            if prev_allows or line_allowed:
                continue
            f = self._check(m, data, ls, le, lineno + line_offset, col, path, rel)
            if f is not None:
                findings.append((f, m.start, m.end))
        resolved = _resolve_overlaps(findings, self)
        if decoded:
            # a decoded value replaces the encoded one found on the same line, unless a
            # specific rule already recognised the encoded form (base64 PEM)
            specific = {f.line for f in resolved if f.provider != "generic"}
            decoded = [f for f in decoded if f.line not in specific]
            lines = {f.line for f in decoded}
            resolved = [f for f in resolved if f.line not in lines] + decoded
            resolved.sort(key=lambda f: (f.line, f.column))
        return aws.pair(resolved)

    def _scan_decoded(self, data: bytes, path: str, line_offset: int,
                      rel: str) -> list[Finding]:
        """Scan base64 values of Kubernetes Secrets as ``KEY=value`` lines."""
        out: list[Finding] = []
        pos, lineno = 0, 1
        for off, text in decoders.k8s_secret_entries(data):
            lineno += data.count(b"\n", pos, off)
            pos = off
            for f in self.scan_bytes(text, path, 0, rel):
                if f.line == 1:
                    out.append(f.with_(line=lineno + line_offset,
                                       extra=f.extra + (("encoding", "base64"),)))
        return out

    def _check(self, m: Match, data: bytes, ls: int, le: int, lineno: int, col: int,
               path: str, rel: str) -> Finding | None:
        c = self._rule(m.rule_index)
        r = c.rule
        raw_secret = data[m.start:m.end]
        lo, hi = ls, le
        if le - ls > 1 << 16:  # a giant (minified) line: look only around the match
            lo, hi = max(ls, m.start - 4096), min(le, m.end + 4096)
        line = data[lo:hi]
        if lo != ls and allowed_on_line(line):
            return None
        secret = to_text(raw_secret)
        if r.multiline:
            secret = secret.rstrip("\\\"', \r\n\t")
        if len(secret) < r.min_length:
            return None
        name = to_text(m.name) if m.name else None
        if name is not None and c.generic and filters.deny_name(name):
            return None
        extra: tuple[tuple[str, str], ...] = ()
        if r.validator:
            res = validators.REGISTRY[r.validator](secret)
            if res is None:
                return None
            extra = res
        if r.entropy is not None and shannon(secret) < r.entropy:
            return None
        line_text = to_text(_clip(line, m.start - lo, m.end - lo))
        for fname in r.filters:
            if filters.FILTERS[fname](secret, line_text, name) is not None:
                return None
        if c.generic and filters.provider_owned(secret):
            return None
        if c.generic and filters.human_in_test(secret, rel):
            return None
        # password = os.environ.get("X", "fallback-literal") is still a literal, but the
        # quoted key of a lookup (getenv("API_TOKEN")) is not.
        if (c.generic and "reference" in r.filters
                and filters.line_reference(line_text.lower())
                and _value_is_argument(line_text, secret)):
            return None
        for a in c.allow:
            if a.search(raw_secret):
                return None
        for a in self._allow_values:
            if a.search(raw_secret):
                return None
        if self._stopwords:
            low = secret.lower()
            if any(w in low for w in self._stopwords):
                return None
        if c.context is not None and r.context is not None:
            ws, we = _window(data, ls, le, r.context.within_lines)
            if not c.context.search(data[ws:we]):
                return None
        return Finding(
            rule_id=r.id,
            description=r.description,
            provider=r.provider,
            severity=r.severity,
            file=path,
            line=lineno,
            column=col,
            end_column=col + len(secret),
            secret=secret,
            fingerprint=fingerprint(r.id, path, secret),
            line_text=line_text,
            group=None,
            extra=extra,
        )


def _windowed(regex: Any, data: bytes, ends: list[int]) -> Iterator[Any]:
    """Search only the lines around the prefilter's match ends (a big text with a few
    candidate places costs a few lines each, not a pass over the whole text)."""
    spans: list[list[int]] = []
    n = len(data)
    for e in sorted(ends):
        if spans and e - WINDOW <= spans[-1][1]:
            if e + WINDOW > spans[-1][1]:
                we = data.find(b"\n", min(n, e + WINDOW))
                spans[-1][1] = n if we == -1 else we
            continue
        ws = data.rfind(b"\n", 0, max(0, e - WINDOW)) + 1
        we = data.find(b"\n", min(n, e + WINDOW))
        spans.append([ws, n if we == -1 else we])
    seen: set[tuple[int, int]] = set()
    for ws, we in spans:
        for m in regex.finditer(data, ws, we):
            key = m.span()
            if key not in seen:
                seen.add(key)
                yield m


def _value_is_argument(line: str, secret: str) -> bool:
    """True when the value is the key of an env/secret lookup (``getenv("API_TOKEN")``)."""
    idx = line.find(secret)
    if idx <= 0:
        return False
    before = line[:idx].rstrip("\"'` ")
    return before.endswith(("(", "[", "get", "getenv", "environ"))


def _clip(line: bytes, s: int, e: int) -> bytes:
    if len(line) <= MAX_LINE_TEXT:
        return line
    lo = max(0, s - 120)
    hi = min(len(line), max(e + 120, lo + MAX_LINE_TEXT))
    return line[lo:hi]


def _window(data: bytes, ls: int, le: int, n: int) -> tuple[int, int]:
    """Byte range of the lines from ``n`` before to ``n`` after the line [ls, le)."""
    ws = ls
    for _ in range(n):
        if ws <= 0:
            break
        ws = data.rfind(b"\n", 0, ws - 1) + 1
    we = le
    for _ in range(n):
        if we >= len(data):
            break
        nxt = data.find(b"\n", we + 1)
        we = len(data) if nxt == -1 else nxt
    return ws, we


def _resolve_overlaps(items: list[tuple[Finding, int, int]], sc: Scanner) -> list[Finding]:
    """Where rules overlap on the same bytes keep one finding: specific beats generic,
    then the rule listed first in the rule file."""
    if len(items) < 2:
        return [f for f, _, _ in items]
    order = {r.id: i for i, r in enumerate(sc.rules)}

    def rank(f: Finding) -> tuple[int, int]:
        generic = f.provider == "generic"
        return (1 if generic else 0, order.get(f.rule_id, 1 << 20))

    out: list[tuple[Finding, int, int]] = []
    cluster: list[tuple[Finding, int, int]] = []
    end = -1
    for item in sorted(items, key=lambda t: t[1]):
        if cluster and item[1] < end:
            cluster.append(item)
            end = max(end, item[2])
            continue
        out.extend(_pick(cluster, rank))
        cluster, end = [item], item[2]
    out.extend(_pick(cluster, rank))
    out.sort(key=lambda t: t[1])
    return [f for f, _, _ in out]


def _pick(cluster: list[tuple[Finding, int, int]], rank: Any) -> list[tuple[Finding, int, int]]:
    """Greedy choice inside one cluster of overlapping spans (clusters are tiny)."""
    if len(cluster) < 2:
        return cluster
    kept: list[tuple[Finding, int, int]] = []
    for f, s, e in sorted(cluster, key=lambda t: rank(t[0])):
        if any(s < ke and ks < e for _, ks, ke in kept):
            continue
        kept.append((f, s, e))
    return kept
