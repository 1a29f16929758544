"""The scanner: fragments in, findings out. A pure function of (rules, config, fragments).

Every finding is made here, in file coordinates, whatever the source: line numbers (through
the fragment's segments), allow markers (asking the fragment for a line above its text when a
marker may sit there), context windows, file-name-scoped rules, overlap resolution, AWS
pairing and fingerprints.

For speed, :meth:`Scanner.scan_batch` joins many small fragments into one buffer so that
the prefilter and each RE2 pattern make one pass over all of them; matches are assigned back
to their fragment by offset, and a match that would span two fragments is dropped. No
Python loop walks a text line by line: line numbers come from counting newlines between
matches.
"""

from __future__ import annotations

import bisect
import fnmatch
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from scanner.config.load import Config
from scanner.engine import aws, decoders, filters, tables, validators
from scanner.engine.allow import allowed_on_line, allows_next_line
from scanner.engine.entropy import shannon
from scanner.engine.fingerprint import fingerprint
from scanner.engine.prefilter import Prefilter
from scanner.engine.regex import compile_bytes, secret_group
from scanner.engine.textio import decode_candidates, to_text
from scanner.models import Dropped, Finding, Fragment, Severity

if TYPE_CHECKING:  # the engine needs the rule type, never the rules package
    from scanner.rules.schema import Rule

#: Texts above this size are searched around prefilter hits only (see :func:`_windowed`).
WINDOW_MIN = 64 * 1024
#: Bytes searched on each side of a prefilter match end (rounded out to whole lines).
WINDOW = 2048
#: A file scanned whole for context but reported only on some lines (a staged file) runs a
#: rule only if one of its keywords occurs within this many lines of a reported line; rules
#: that reach further (multi-line matches, tables, AWS pairing, wide context) run wherever
#: their keyword is. A keyword hundreds of lines from every added line cannot make a finding
#: on one, but its rule's pattern would be compiled (about 0.4 ms each) for nothing.
FOCUS_LINES = 10
#: Texts at or under this size are not focused (the gate would cost more than it saves).
FOCUS_MIN = 4096
#: Longest context line kept on a finding (a minified file can be one 10 MB line).
MAX_LINE_TEXT = 400
#: Past this many rules, :meth:`Scanner.warm` leaves rule compilation to first use.
WARM_MAX_RULES = 400
#: Labels that say the value after them is a digest, whatever rule matched it.
_DIGEST_LABELS = (b"sha256=", b"sha384=", b"sha512=", b"sha1=", b"md5=", b"sha224=")
#: Labels that say the value after them is a public identifier, not the secret beside it.
_ID_LABELS = (b"client_id", b"clientid", b"client-id", b"application_id", b"applicationid")
#: Most findings one generic rule reports in one fragment (see :meth:`Scanner._cap_generic`).
GENERIC_CAP = 100
#: How far up a next-line marker is looked for across blank lines.
MARKER_LOOKBACK = 20
#: Whether a text may hold a Kubernetes Secret: RE2 finds a literal by ``memchr`` on its
#: first byte, some thirty times faster than ``in`` on bytes (a second per gigabyte).
_SECRET_WORD = compile_bytes("Secret")


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


class Match(NamedTuple):
    """A raw match, before checks: byte span of the secret and its rule. A named tuple, not a
    frozen dataclass: a gigabyte of code makes hundreds of thousands (a third of the cost)."""

    rule_index: int
    start: int
    end: int
    name: bytes | None


class KnownValues(Protocol):
    """Exact values to report wherever they appear (keys the user is known to own)."""

    def spans(self, data: bytes) -> list[tuple[int, int, str, str]]:
        """(start, end, rule id, description) of every known value in ``data``."""
        ...


def is_generic(rule: Rule) -> bool:
    """One definition of "generic": the rule's provider is ``generic`` or it is tagged so."""
    flag = getattr(rule, "generic", None)
    if isinstance(flag, bool):
        return flag
    return rule.provider == "generic" or "generic" in rule.tags


class Scanner:
    """A compiled rule set for one run. Build one per run (and per worker process); it is
    passed down explicitly, never cached process-wide, so no run sees another's config."""

    def __init__(self, rules: Sequence[Rule], config: Config | None = None,
                 known: KnownValues | None = None) -> None:
        self.rules = list(rules)
        self.known = known
        self.config = config or Config()
        # Rules scoped to file names (.pgpass, .netrc) skip the prefilter: they run only on
        # fragments whose file name matches, and there they always run.
        self._path_rules = [i for i, r in enumerate(self.rules) if r.paths]
        self.prefilter = Prefilter([r for r in self.rules if not r.paths])
        self._pf_index = [i for i, r in enumerate(self.rules) if not r.paths]
        self._path_cache: dict[str, list[int]] = {}
        self._by_id = {r.id: i for i, r in enumerate(self.rules)}
        self._order = {r.id: i for i, r in enumerate(self.rules)}
        self._compiled: dict[int, _Compiled] = {}
        self._denied: dict[tuple[int, bytes], bool] = {}
        self._allow_values = [compile_bytes(rx) for rx in self.config.allow_regexes]
        self._stopwords = self.config.stopwords
        self._allow_paths: Any = None
        self.pairing = aws.Pairing.from_rules(self.rules)
        #: prefilter indices of the rules that run on a focused text wherever their keyword is
        pair = {self.pairing.key_rule, *self.pairing.members}
        self._anywhere = frozenset(
            j for j, i in enumerate(self._pf_index)
            if (r := self.rules[i]).multiline or "table" in r.tags or r.id in pair
            or (r.context is not None and r.context.within_lines > FOCUS_LINES))
        #: rules whose match is a table header: the cells are read and judged instead
        self._table_rules = frozenset(i for i, r in enumerate(self.rules) if "table" in r.tags)
        #: rules precise enough for the printable runs of a binary: a provider's own format,
        #: checked by a validator or anchored by a prefix, with no context requirement
        self._confident = frozenset(
            i for i, r in enumerate(self.rules)
            if not is_generic(r) and r.context is None and not r.paths
            and (r.validator is not None or r.entropy is None))

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
                generic=is_generic(r),
            )
            self._compiled[i] = c
        return c

    def warm(self) -> None:
        """Load the prefilter database now, and compile the rules if there are few (before
        forking workers, so that they inherit them instead of each building their own).

        With thousands of user rules, compiling all of them up front costs more than the
        scan (most never have a candidate): workers then compile the few they need."""
        if len(self.rules) <= WARM_MAX_RULES:
            for i in range(len(self.rules)):
                self._rule(i)
        self.prefilter.warm()

    def rule(self, rule_id: str) -> Rule | None:
        i = self._by_id.get(rule_id)
        return self.rules[i] if i is not None else None

    # -- paths ----------------------------------------------------------------------------
    def path_allowed(self, path: str) -> bool:
        """True if the config's path allowlist (gitignore-style globs) covers ``path``."""
        if not self.config.allow_paths:
            return False
        if self._allow_paths is None:
            import pathspec

            self._allow_paths = pathspec.GitIgnoreSpec.from_lines(self.config.allow_paths)
        rel = path.replace("\\", "/")
        if rel.startswith("./"):
            rel = rel[2:]
        return bool(self._allow_paths.match_file(rel))

    def _for_path(self, rel: str) -> list[int]:
        if not self._path_rules:
            return []
        name = rel.replace("\\", "/").rsplit("/", 1)[-1]
        hit = self._path_cache.get(name)
        if hit is None:
            hit = [i for i in self._path_rules
                   if any(fnmatch.fnmatchcase(name, g) for g in self.rules[i].paths)]
            if len(self._path_cache) < 65536:
                self._path_cache[name] = hit
        return hit

    # -- matching -------------------------------------------------------------------------
    def _run(self, i: int, data: bytes, ends: list[int] | None, out: list[Match],
             windowed: bool) -> None:
        c = self._rule(i)
        sg, ng, ug = c.sgroup, c.ngroup, c.ugroup
        if windowed and ends is not None and not c.rule.multiline:
            found: Iterator[Any] = _windowed(c.regex, data, ends)
        else:
            found = c.regex.finditer(data)
        # spans, not group(): the wrapper's group() costs several Python calls per match,
        # and generic rules have tens of thousands of matches per gigabyte
        for m in found:
            s, e = m.span(sg)
            if s < 0 or e <= s:
                continue
            name = None
            if ng is not None:
                a, b = m.span(ng)
                name = data[a:b] if a >= 0 else None
            if ug is not None:
                a, b = m.span(ug)
                if a >= 0 and data[a:b] == data[s:e]:
                    continue  # user:same-as-user, a default (airflow:airflow)
            out.append(Match(i, s, e, name))

    def _matches(self, data: bytes, focus: bytes | None = None) -> list[Match]:
        """Raw matches of the prefilter's candidate rules over ``data``; with ``focus`` (the
        lines near the reported ones, see :func:`_focus`), only the candidates
        with a keyword there, or in :attr:`_anywhere`."""
        out: list[Match] = []
        windowed = len(data) > WINDOW_MIN
        kws, anywhere = self.prefilter.keywords, self._anywhere
        if focus is not None and not windowed:
            # the keyword test on the focus alone (a few lines: no keyword database to load),
            # and on the whole text for the few rules that reach further
            low = data.lower()
            found = set(self.prefilter.by_keywords(focus))
            found.update(j for j in anywhere if any(k in low for k in kws[j]))
            cands: list[tuple[int, list[int] | None]] = [(j, None) for j in sorted(found)]
        else:
            cands = self.prefilter.candidates_with_ends(data)
            if focus is not None:
                low = focus.lower()
                cands = [(j, e) for j, e in cands
                         if j in anywhere or any(k in low for k in kws[j])]
        for j, ends in cands:
            self._run(self._pf_index[j], data, ends, out, windowed)
        return out

    # -- scanning -------------------------------------------------------------------------
    def scan(self, fragment: Fragment, dropped: list[Dropped] | None = None) -> list[Finding]:
        """Findings of one fragment."""
        return self.scan_batch([fragment], dropped)

    def scan_batch(self, fragments: Sequence[Fragment], dropped: list[Dropped] | None = None,
                   self_allowed: list[Dropped] | None = None) -> list[Finding]:
        """Findings of many fragments; one prefilter and RE2 pass over all of them.

        ``dropped`` receives every candidate not reported (``--explain``); ``self_allowed``
        the ones hidden by an allow marker that the same change adds (CI reports those)."""
        frags: list[Fragment] = []
        texts: list[bytes] = []
        for f in fragments:
            if not f.text or self.path_allowed(f.key_path):
                continue
            # every plausible reading of the bytes (a byte-order mark may lie); findings of a
            # second reading merge with the first's by place
            for text in (decode_candidates(f.text) if f.kind != "binary" else [f.text]):
                frags.append(f)
                texts.append(text)
        if not frags:
            return []
        per: list[list[Match]] = [[] for _ in frags]
        focused = [_focus(f, t) for f, t in zip(frags, texts, strict=True)]
        focus = None if all(x is None for x in focused) else b"\n".join(
            t if x is None else x for x, t in zip(focused, texts, strict=True))
        if len(texts) == 1:
            per[0] = self._matches(texts[0], focus)
        else:
            starts: list[int] = []
            pos = 0
            for t in texts:
                starts.append(pos)
                pos += len(t) + 1
            crossing: set[tuple[int, int]] = set()
            for m in self._matches(b"\n".join(texts), focus):
                k = bisect.bisect_right(starts, m.start) - 1
                base = starts[k]
                if m.end - base <= len(texts[k]):
                    per[k].append(Match(m.rule_index, m.start - base, m.end - base, m.name))
                else:  # ran into the next fragment(s) (a greedy multi-line pattern): each
                    # fragment it touched is searched again on its own
                    last = bisect.bisect_right(starts, m.end - 1) - 1
                    crossing.update((j, m.rule_index) for j in range(k, last + 1))
            for k, i in sorted(crossing):
                per[k] = [m for m in per[k] if m.rule_index != i]
                self._run(i, texts[k], None, per[k], False)
        out: list[Finding] = []
        for k, frag in enumerate(frags):
            data = texts[k]
            if frag.kind == "binary":  # printable runs of a binary: precise formats only
                per[k] = [m for m in per[k] if m.rule_index in self._confident]
            for i in self._for_path(frag.key_path):
                self._run(i, data, None, per[k], False)
            probe: int | None = None  # a table header with a credential column
            if self._table_rules and per[k]:
                probe = next((m.rule_index for m in per[k] if m.rule_index in self._table_rules),
                             None)
                if probe is not None:
                    per[k] = [m for m in per[k] if m.rule_index not in self._table_rules]
            decoded = self._decoded(frag, data, dropped) if _SECRET_WORD.search(data) else []
            found = self._fragment(frag, data, per[k], decoded, dropped, self_allowed) if (
                per[k] or decoded) else []
            if probe is not None and frag.kind != "binary":
                found = _merge_cells(found, self._tables(frag, data, dropped, probe))
            if self.known is not None:
                found += self._known(frag, data, found)
            out.extend(found)
        return out

    def _known(self, frag: Fragment, data: bytes, found: list[Finding]) -> list[Finding]:
        """Known values (keys ``move-keys`` moved, keys in the user's AWS files), even where
        no rule matches; a value a rule already reported on that line is not repeated."""
        assert self.known is not None
        seen = {(f.line, f.secret) for f in found}
        out: list[Finding] = []
        for start, end, rule_id, desc in self.known.spans(data):
            idx = data.count(b"\n", 0, start)
            line = _file_line(frag, idx)
            value = to_text(data[start:end])
            if (line, value) in seen or not _wanted(frag, line):
                continue
            ls = data.rfind(b"\n", 0, start) + 1
            le = data.find(b"\n", start)
            le = len(data) if le < 0 else le
            col = len(to_text(data[ls:start])) + 1
            out.append(Finding(
                rule_id=rule_id, description=desc, provider="aws", severity=Severity.CRITICAL,
                file=frag.path, line=line, column=col, end_column=col + len(value),
                secret=value, fingerprint=fingerprint(rule_id, frag.key_path, value),
                line_text=to_text(_clip(data[ls:le], start - ls, end - ls)),
                commit=frag.commit, revoke=self._revoke(rule_id)))
        return out

    def _revoke(self, rule_id: str) -> str | None:
        rule = self.rule(rule_id)
        return rule.revoke if rule is not None else None

    def _decoded(self, frag: Fragment, data: bytes,
                 dropped: list[Dropped] | None) -> list[Finding]:
        """Base64 values of Kubernetes Secrets, scanned as ``KEY=value`` lines."""
        out: list[Finding] = []
        pos, idx = 0, 0
        for off, text in decoders.k8s_secret_entries(data):
            idx += data.count(b"\n", pos, off)
            pos = off
            line = _file_line(frag, idx)
            inner = Fragment(text=text, path=frag.path, rel=frag.rel, commit=frag.commit)
            for f in self.scan(inner, dropped):
                if f.line == 1:
                    out.append(f.with_(line=line, extra=f.extra + (("encoding", "base64"),)))
        return out

    def _name_denied(self, m: Match) -> bool:
        """Whether a generic rule's match is rejected by its name alone (``output_token``):
        :meth:`_check` would say so, whatever the line holds."""
        if m.name is None:
            return False
        key = (m.rule_index, m.name)
        hit = self._denied.get(key)
        if hit is None:
            c = self._rule(m.rule_index)
            hit = c.generic and len(m.name) > 0 and filters.deny_name(to_text(m.name))
            if len(self._denied) < 65536:
                self._denied[key] = hit
        return hit

    def _tables(self, frag: Fragment, data: bytes, dropped: list[Dropped] | None,
                probe: int) -> list[Finding]:
        """Cells under credential columns (SQL INSERT rows, markdown tables), restated as
        ``column = "value"`` in one batch and judged by the ordinary rules; a finding is
        reported on the cell's own line and column, under the table rule's id when a
        generic rule judged it (a provider's token keeps its own rule)."""
        table = self.rules[probe]
        cells = list(tables.cells(data, csv=bool(table.paths)))
        if not cells:
            return []
        inner = Fragment(text="\n".join(tables.restate(c) for c in cells).encode("utf-8"),
                         path=frag.path, rel=frag.rel, commit=frag.commit)
        local: list[Dropped] | None = [] if dropped is not None else None
        found = self.scan(inner, local)
        out: list[Finding] = []
        place: list[tuple[int, int, int, int]] = []  # per cell: line, ls, le, column
        idx, pos = 0, 0
        for c in cells:  # cells come in offset order per table kind; count from the nearest
            if c.offset < pos:
                idx, pos = 0, 0
            idx += data.count(b"\n", pos, c.offset)
            pos = c.offset
            ls = data.rfind(b"\n", 0, c.offset) + 1
            le = data.find(b"\n", c.offset)
            le = len(data) if le == -1 else le
            place.append((_file_line(frag, idx), ls, le, len(to_text(data[ls:c.offset])) + 1))
        for f in found:
            k = f.line - 1
            if not 0 <= k < len(cells) or f.secret != cells[k].value:
                continue
            line, ls, le, col = place[k]
            if not _wanted(frag, line):
                continue
            at = cells[k].offset - ls
            if f.provider == "generic":
                f = f.with_(rule_id=table.id, description=table.description,
                            severity=table.severity,
                            fingerprint=fingerprint(table.id, frag.key_path, f.secret))
            out.append(f.with_(line=line, column=col, end_column=col + len(f.secret),
                               line_text=to_text(_clip(data[ls:le], at, at + len(f.secret))),
                               extra=f.extra + (("layout", "table"),)))
        if dropped is not None and local:
            for d in local:
                k = d.line - 1
                if 0 <= k < len(cells):
                    dropped.append(Dropped(d.rule_id, d.file, place[k][0], d.secret, d.reason,
                                           d.commit))
        return out

    def _fragment(self, frag: Fragment, data: bytes, raw: list[Match], decoded: list[Finding],
                  dropped: list[Dropped] | None,
                  self_allowed: list[Dropped] | None = None) -> list[Finding]:
        if dropped is None:
            # Thousands of matches on names such as ``output_token`` in one data file: each
            # would cost line, column and marker work before _check rejects it by name. Only
            # --explain lists them (and may say a marker hid one first), so only then they stay.
            # None can be a self-allowed finding: _would_report rejects it the same way.
            raw = [m for m in raw if not self._name_denied(m)]
        raw.sort(key=lambda m: (m.start, m.rule_index))
        findings: list[tuple[Finding, int, int]] = []
        idx, pos = 0, 0  # text line index of the current line, offset counted up to
        ls, le = 0, -1  # current line [ls, le); le == -1 means not yet known
        marker: tuple[int, bool] | None = None
        col_pos, col = 0, 1  # incremental character column within the current line
        n = len(data)
        lineno = frag.first_line
        for m in raw:
            if m.start >= le:
                # moved to a later line: every search below is bounded by the distance moved,
                # so a 10 MB single line with many matches stays linear
                nl = data.rfind(b"\n", pos, m.start)
                if nl != -1 or le == -1:
                    idx += data.count(b"\n", pos, m.start)
                    if nl != -1:
                        ls = nl + 1
                    le = data.find(b"\n", m.start)
                    if le == -1:
                        le = n
                    lineno = _file_line(frag, idx)
                    marker = self._next_line_marker(frag, data, ls, idx, lineno)
                    col_pos, col = ls, 1
            pos = m.start
            if m.start >= col_pos:
                col += len(to_text(data[col_pos:m.start]))
                col_pos = m.start
            else:  # overlapping matches: recount from the line start
                col_pos, col = m.start, len(to_text(data[ls:m.start])) + 1
            reason: str | None = None
            lo = ls if le - ls <= 1 << 16 else max(ls, m.start - 4096)
            hi = le if le - ls <= 1 << 16 else min(le, m.end + 4096)
            marker_line = lineno
            if marker is not None:
                reason = "allow marker on the line above"
                marker_line = marker[0]
            elif allowed_on_line(data[lo:hi], m.start - lo, m.end - lo):
                reason = "allow marker on the line"
            if reason is None:
                res = self._check(m, data, ls, le, idx, lineno, col, frag)
                if isinstance(res, Finding):
                    findings.append((res, m.start, m.end))
                    continue
                reason = res
            if reason and _wanted(frag, lineno):
                r = self.rules[m.rule_index]
                d = Dropped(r.id, frag.path, lineno, to_text(data[m.start:m.end]), reason,
                            frag.commit.sha if frag.commit else None)
                if dropped is not None:
                    dropped.append(d)
                in_text = marker is None or marker[1]
                if (self_allowed is not None and reason.startswith("allow marker")
                        and _changed(frag, marker_line, in_text)
                        and self._would_report(m, data, frag)):
                    self_allowed.append(d)
        resolved = self._resolve_overlaps(findings)
        if decoded:
            # a decoded value replaces the encoded one found on the same line, unless a
            # specific rule already recognised the encoded form (base64 PEM)
            specific = {f.line for f in resolved if f.provider != "generic"}
            decoded = [f for f in decoded if f.line not in specific]
            lines = {f.line for f in decoded}
            resolved = [f for f in resolved if f.line not in lines] + decoded
            resolved.sort(key=lambda f: (f.line, f.column))
        paired = self.pairing.pair(resolved, frag.key_path)
        if frag.only_lines is not None:
            paired = [f for f in paired if _wanted(frag, f.line, f.secret.count("\n"))]
        paired = self._cap_generic(paired, frag, dropped)
        return [f if f.fingerprint else f.with_(
            fingerprint=fingerprint(f.rule_id, frag.key_path, f.secret)) for f in paired]

    def _cap_generic(self, found: list[Finding], frag: Fragment,
                     dropped: list[Dropped] | None) -> list[Finding]:
        """At most :data:`GENERIC_CAP` findings of one generic rule per fragment. A file where
        a name-and-value rule fires thousands of times is data (a tokenizer's vocabulary, a
        word list), and each guessable value's fingerprint costs a memory-hard hash (about
        35 ms): uncapped, one such file would take minutes. The first ones are reported, so a
        real dump of passwords is still found; --explain lists the rest."""
        if len(found) <= GENERIC_CAP:
            return found  # every fragment passes here: count only when the cap can be reached
        counts: Counter[str] = Counter(f.rule_id for f in found if f.provider == "generic")
        if not counts or max(counts.values()) <= GENERIC_CAP:
            return found
        seen: Counter[str] = Counter()
        kept: list[Finding] = []
        for f in found:
            if f.provider == "generic" and counts[f.rule_id] > GENERIC_CAP:
                seen[f.rule_id] += 1
                if seen[f.rule_id] > GENERIC_CAP:
                    if dropped is not None:
                        dropped.append(Dropped(
                            f.rule_id, frag.path, f.line, f.secret,
                            f"more than {GENERIC_CAP} findings of this generic rule in one "
                            "file: data, not credentials (the first ones are reported)",
                            frag.commit.sha if frag.commit else None))
                    continue
            kept.append(f)
        return kept

    def _would_report(self, m: Match, data: bytes, frag: Fragment) -> bool:
        """Whether a marker-hidden match would otherwise be a finding (rare: only then)."""
        ls = data.rfind(b"\n", 0, m.start) + 1
        le = data.find(b"\n", m.start)
        le = len(data) if le < 0 else le
        idx = data.count(b"\n", 0, m.start)
        res = self._check(m, data, ls, le, idx, _file_line(frag, idx), 1, frag)
        return isinstance(res, Finding)

    def _next_line_marker(self, frag: Fragment, data: bytes, ls: int, idx: int,
                          lineno: int) -> tuple[int, bool] | None:
        """The next-line marker on the nearest non-empty line above, in the same version:
        (its file line, whether it is in this fragment's text), or None."""
        cur_idx, cur_line, start = idx, lineno, ls
        inside = True
        for _ in range(MARKER_LOOKBACK):
            if cur_line <= 1:
                return None
            if (inside and start > 0 and cur_idx > 0
                    and _file_line(frag, cur_idx - 1) == cur_line - 1):
                pstart = data.rfind(b"\n", max(0, start - 1 - 4096), start - 1) + 1
                prev = data[pstart:start - 1]
                cur_idx, start = cur_idx - 1, pstart
            elif frag.line_of is not None:
                got = frag.line_of(cur_line - 1)
                if got is None:
                    return None
                prev = got
                inside = False  # above the text from now on: keep asking the fragment
            else:
                return None
            cur_line -= 1
            if prev.strip():
                return (cur_line, inside) if allows_next_line(prev) else None
        return None

    def _check(self, m: Match, data: bytes, ls: int, le: int, idx: int, lineno: int,
               col: int, frag: Fragment) -> Finding | str:
        """The finding for one raw match, or the reason it is not one."""
        c = self._rule(m.rule_index)
        r = c.rule
        raw_secret = data[m.start:m.end]
        lo, hi = ls, le
        if le - ls > 1 << 16:  # a giant (minified) line: look only around the match
            lo, hi = max(ls, m.start - 4096), min(le, m.end + 4096)
        line = data[lo:hi]
        secret = to_text(raw_secret)
        if r.multiline:
            secret = secret.rstrip("\\\"', \r\n\t")
        if len(secret) < r.min_length:
            return "shorter than the rule's minimum length"
        if filters.published_example(secret):
            return "a value a standard publishes as its example (RFC 6749, RFC 5849)"
        if data[max(lo, m.start - 8):m.start].lower().endswith(_DIGEST_LABELS):
            return "a digest labelled by its algorithm (sha256=..., a wheel's RECORD)"
        before = data[max(lo, m.start - 16):m.start].lower().rstrip(b" \t\"':=")
        if before.endswith(_ID_LABELS) and not r.id.endswith("-id"):
            return "an identifier its label names as one (client_id=...)"
        name = to_text(m.name) if m.name else None
        if name is not None and c.generic and filters.deny_name(name):
            return f"name {name!r} is not a secret's name"
        extra: tuple[tuple[str, str], ...] = ()
        if r.validator:
            res = validators.REGISTRY[r.validator](secret)
            if res is None:
                return f"validator {r.validator} rejected the value"
            extra = res
        severity = r.severity
        if validators.CHECKSUM_FAILS in extra:
            # shape right, checksum wrong: a made-up example unless it is a placeholder,
            # which the checksum would have rejected for the rule (its filters skip them)
            why = _unverified_placeholder(secret)
            if why is not None:
                return f"checksum does not verify and {why}"
            if severity.rank > Severity.LOW.rank:
                severity = Severity.LOW
        if r.entropy is not None and shannon(secret) < r.entropy:
            return f"entropy below {r.entropy}"
        line_text = to_text(_clip(line, m.start - lo, m.end - lo))
        # a password rule without a name group (IDENTIFIED BY '...') still fills a password
        # slot: the words filter then keeps words with digits typed on (lumen_sprocket74)
        slot = name if name is not None or "password" not in r.tags else "password"
        for fname in r.filters:
            why = filters.FILTERS[fname](secret, line_text, slot if fname == "words" else name)
            if why is not None:
                return f"filter {fname}: {why}"
        if c.generic and filters.provider_owned(secret):
            return "a provider rule owns this value's format"
        if c.generic and filters.human_in_test(secret, frag.key_path):
            return "human-chosen value in test code"
        # password = os.environ.get("X", "fallback-literal") is still a literal, but the
        # quoted key of a lookup (getenv("API_TOKEN")) is not.
        if (c.generic and "reference" in r.filters
                and filters.line_reference(line_text.lower())
                and _value_is_argument(line_text, secret)):
            return "the key of an environment or secret lookup"
        for a in c.allow:
            if a.search(raw_secret):
                return "the rule's allow pattern"
        for a in self._allow_values:
            if a.search(raw_secret):
                return "an [allowlist] regex"
        if self._stopwords:
            low = secret.lower()
            if any(w in low for w in self._stopwords):
                return "an [allowlist] stopword"
        if c.context is not None and r.context is not None and not self._context_near(
                c.context, data, frag, ls, le, idx, lineno, r.context.within_lines):
            return f"no {r.context.pattern!r} within {r.context.within_lines} lines"
        return Finding(
            rule_id=r.id,
            description=r.description,
            provider=r.provider,
            severity=severity,
            file=frag.path,
            line=lineno,
            column=col,
            end_column=col + len(secret),
            secret=secret,
            fingerprint="",  # made by _fragment for the findings that are kept (it can cost
            # a memory-hard hash: a value overlapped by a specific rule's, or off the changed
            # lines of a staged file, never needs one)
            line_text=line_text,
            group=None,
            extra=extra,
            commit=frag.commit,
            revoke=r.revoke,
        )

    def _context_near(self, rx: Any, data: bytes, frag: Fragment, ls: int, le: int,
                      idx: int, lineno: int, n: int) -> bool:
        """Whether the context pattern matches within ``n`` file lines of ``lineno``."""
        ws, first_idx = ls, idx
        for _ in range(n):
            if ws <= 0:
                break
            ws = data.rfind(b"\n", 0, ws - 1) + 1
            first_idx -= 1
        we = le
        for _ in range(n):
            if we >= len(data):
                break
            nxt = data.find(b"\n", we + 1)
            we = len(data) if nxt == -1 else nxt
        if not frag.segments:
            return bool(rx.search(data, ws, we))
        for cm in rx.finditer(data, ws, we):
            k = first_idx + data.count(b"\n", ws, cm.start())
            if abs(_file_line(frag, k) - lineno) <= n:
                return True
        return False

    def _resolve_overlaps(self, items: list[tuple[Finding, int, int]]) -> list[Finding]:
        """Where rules overlap on the same bytes keep one finding: specific beats generic,
        then the rule listed first."""
        if len(items) < 2:
            return [f for f, _, _ in items]
        order = self._order

        def rank(f: Finding) -> tuple[int, int]:
            return (1 if f.provider == "generic" else 0, order.get(f.rule_id, 1 << 20))

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


def _merge_cells(found: list[Finding], cells: list[Finding]) -> list[Finding]:
    """Table findings join the line's own, unless the same value is already reported there."""
    if not cells:
        return found
    seen = {(f.line, f.secret) for f in found}
    extra = [f for f in cells if (f.line, f.secret) not in seen]
    if not extra:
        return found
    return sorted(found + extra, key=lambda f: (f.line, f.column))


def _unverified_placeholder(secret: str) -> str | None:
    """Why a token whose checksum fails is a placeholder (``ghp_xxxx...``, repeated or
    sequence characters), or None: the body after the prefix is what is judged."""
    body = secret.split("_", 1)[-1]
    for check in (filters.placeholder, filters.repetition):
        why = check(body, "", None)
        if why is not None:
            return why
    if shannon(body) < 3.0:
        return "the body has low entropy"
    return None


def _file_line(frag: Fragment, idx: int) -> int:
    """File line number of text line ``idx`` (0-based) of ``frag``."""
    segs = frag.segments
    if not segs:
        return frag.first_line + idx
    k = bisect.bisect_right(segs, (idx, 1 << 62)) - 1
    if k < 0:
        return frag.first_line + idx
    si, fl = segs[k]
    return fl + (idx - si)


def _changed(frag: Fragment, marker_line: int, in_text: bool) -> bool:
    """Whether the allow marker on ``marker_line`` is part of the change being scanned."""
    if frag.kind == "added":
        return in_text
    return frag.only_lines is not None and marker_line in frag.only_lines


def _focus(frag: Fragment, text: bytes) -> bytes | None:
    """The lines within :data:`FOCUS_LINES` of the lines a fragment reports on,
    or ``None`` where the whole text counts (no such restriction, a small text, or most
    lines near one)."""
    only = frag.only_lines
    if only is None or len(text) <= FOCUS_MIN or frag.first_line != 1 or frag.segments:
        return None
    lines = text.split(b"\n")
    n = len(lines)
    if len(only) * (2 * FOCUS_LINES + 1) >= n:
        return None
    spans: list[list[int]] = []
    for ln in sorted(only):
        a, b = max(0, ln - 1 - FOCUS_LINES), min(n, ln + FOCUS_LINES)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    return b"\n".join(b"\n".join(lines[a:b]) for a, b in spans)


def _wanted(frag: Fragment, line: int, extra_lines: int = 0) -> bool:
    """Whether a finding spanning ``line`` .. ``line + extra_lines`` is to be reported."""
    lines = frag.only_lines
    if lines is None:
        return True
    return any(n in lines for n in range(line, line + extra_lines + 1))


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
