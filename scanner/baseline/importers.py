"""Carry a team's triage over from detect-secrets and gitleaks.

Neither tool's identity of a finding is ours, so each entry is mapped onto a *current*
credscan finding (from a re-scan) and recorded under our fingerprint:

- detect-secrets ``.secrets.baseline``: entries carry ``sha1`` of the value *its* plugin
  captured, which is not always credscan's: for a private key it is the ``BEGIN ... PRIVATE
  KEY`` phrase, for keyword plugins the quoted (or, in YAML/INI, bare) value, for Basic
  Auth the password of the URL. An entry maps, in this order, (1) by hash, onto a credscan
  finding in the same file whose secret has that SHA-1; (2) by detect-secrets' capture: a
  value on the flagged line, captured as that plugin type does, has the hash, and a
  credscan finding covers it; (3) by file and line, when the hash cannot be reproduced
  (the file changed, or a transformer we do not mirror), onto the one credscan finding of
  the same kind on that line. The summary counts each way, so the position-only ones can
  be reviewed. ``is_secret: false`` -> false_positive, ``true`` -> real, absent -> none.
- gitleaks JSON report (``--report-format json``): the secret when not redacted (same
  file, same value), else file + line + rule family. Entries are accepted (verdict none),
  as gitleaks' own ``--baseline-path`` treats a report.
- ``.gitleaksignore``: fingerprints ``commit:file:rule:line`` (or ``file:rule:line``),
  mapped by file + line + rule family (and commit, for history findings); verdict
  false_positive, as the team chose to ignore them.

Entries that cannot be mapped are counted by reason, so the user knows what was lost.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from scanner.errors import UsageError
from scanner.models import Finding

IMPORT_FORMATS = ("auto", "detect-secrets", "gitleaks", "gitleaksignore")

# why an entry could not be mapped
R_FILE_GONE = "file no longer exists"
R_NO_FINDING_FILE = "credscan reports nothing in that file"
R_NO_HASH = "no credscan finding in the file has that secret (hash)"
R_NO_LINE = "no credscan finding on that line (code moved, or credscan does not flag it)"
R_FAMILY = "credscan flags that line, but under a different kind of secret"
R_BAD_ENTRY = "malformed entry"
R_COMMIT = "the commit is not among the scanned history findings"
R_AMBIGUOUS = "several credscan findings on that line could be it (hash not reproduced)"


#: how an entry was mapped (detect-secrets), in the order they are tried
HOW_HASH = "by the secret's hash"
HOW_CAPTURE = "by detect-secrets' own capture on the flagged line"
HOW_LINE = "by file and line only (hash not reproduced: review these)"
HOW_VALUE = "by the secret's value"
HOW_POSITION = "by file, line and kind of secret"


@dataclass
class Mapped:
    """One imported entry mapped onto a credscan finding."""

    finding: Finding
    verdict: str
    source: str  # what the other tool called it, for notes and reports
    how: str = HOW_HASH
    note: str | None = None


@dataclass
class ImportReport:
    """What an import found: mapped entries and, by reason, the ones that were not."""

    kind: str
    total: int = 0
    mapped: list[Mapped] = field(default_factory=list)
    unmapped: Counter[str] = field(default_factory=Counter)

    @property
    def unmapped_total(self) -> int:
        return sum(self.unmapped.values())

    @property
    def how(self) -> Counter[str]:
        """Mapped entries by the way they were mapped."""
        return Counter(m.how for m in self.mapped)

    def summary(self) -> str:
        ways = ""
        if self.mapped:
            order = [HOW_HASH, HOW_CAPTURE, HOW_LINE, HOW_VALUE, HOW_POSITION]
            ways = " (" + ", ".join(f"{n} {how}" for how, n in sorted(
                self.how.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order
                else len(order))) + ")"
        lines = [f"{self.kind}: {self.total} entr{'y' if self.total == 1 else 'ies'}, "
                 f"{len(self.mapped)} mapped to credscan findings{ways}, "
                 f"{self.unmapped_total} could not be mapped"]
        for reason, n in sorted(self.unmapped.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {n}: {reason}")
        return "\n".join(lines)


# -- helpers ------------------------------------------------------------------------------

def norm_path(path: str, root: Path | None = None) -> str:
    """Repository-relative POSIX path without ``./`` (both tools and ours spell it so)."""
    p = path.replace("\\", "/")
    if root is not None and p.startswith("/"):
        with contextlib.suppress(ValueError):
            p = str(PurePosixPath(p).relative_to(root.resolve().as_posix()))
    while p.startswith("./"):
        p = p[2:]
    return p


def _sha1(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8", "surrogateescape")).hexdigest()  # noqa: S324


_FAMILY_ALIASES: dict[str, set[str]] = {
    "aws": {"aws", "amazon"},
    "gcp": {"gcp", "google"},
    "google": {"gcp", "google"},
    "private": {"private", "pem", "privatekey", "ssh", "pgp", "rsa"},
    "hashicorp": {"hashicorp", "vault", "terraform"},
    "vault": {"hashicorp", "vault"},
    "github": {"github"},
    "gitlab": {"gitlab"},
    "slack": {"slack"},
    "stripe": {"stripe"},
    "jwt": {"jwt"},
    "openai": {"openai"},
    "anthropic": {"anthropic"},
    "npm": {"npm"},
    "pypi": {"pypi"},
    "twilio": {"twilio"},
    "sendgrid": {"sendgrid"},
    "mailgun": {"mailgun"},
    "shopify": {"shopify"},
    "discord": {"discord"},
    "telegram": {"telegram"},
    "heroku": {"heroku"},
    "digitalocean": {"digitalocean"},
    "docker": {"docker", "dockerhub"},
    "dockerhub": {"docker", "dockerhub"},
    "azure": {"azure", "microsoft"},
    "generic": {"generic", "password", "secret", "token", "apikey", "keyword", "django",
                "url", "connection", "basic", "netrc"},
}


def _tokens(s: str) -> set[str]:
    parts = [p for p in re.split(r"[^a-z0-9]+", s.lower()) if p]
    return set(parts) | {"".join(parts)}


def rule_family(rule_id: str) -> str:
    """The provider family of another tool's rule id (``aws-access-token`` -> ``aws``)."""
    parts = [p for p in re.split(r"[^a-z0-9]+", rule_id.lower()) if p]
    if not parts:
        return ""
    if parts[0] in {"generic", "password", "secret", "keyword"}:
        return "generic"
    return parts[0]


def family_matches(family: str, f: Finding) -> bool:
    ours = _tokens(f.provider) | _tokens(f.rule_id)
    aliases = _FAMILY_ALIASES.get(family, {family})
    return bool(aliases & ours)


class _Index:
    """Current findings by file, by (file, line) and by (commit, file, line)."""

    def __init__(self, findings: Iterable[Finding], root: Path | None) -> None:
        self.root = root
        self.by_file: dict[str, list[Finding]] = {}
        self.by_line: dict[tuple[str, int], list[Finding]] = {}
        self.by_commit: dict[tuple[str, str, int], list[Finding]] = {}
        for f in findings:
            path = norm_path(f.file, root)
            self.by_file.setdefault(path, []).append(f)
            self.by_line.setdefault((path, f.line), []).append(f)
            if f.commit is not None:
                self.by_commit.setdefault((f.commit.sha, path, f.line), []).append(f)
            for o in f.occurrences:
                opath = norm_path(o.file, root)
                self.by_line.setdefault((opath, o.line), []).append(f)
                if o.commit:
                    self.by_commit.setdefault((o.commit, opath, o.line), []).append(f)

    def file_exists(self, path: str) -> bool:
        if path in self.by_file:
            return True
        return self.root is None or (self.root / path).exists()

    def commit_hits(self, commit: str, path: str, line: int) -> list[Finding]:
        hits = self.by_commit.get((commit, path, line))
        if hits is not None:
            return hits
        if len(commit) >= 7:  # abbreviated SHAs
            for (sha, p, ln), fs in self.by_commit.items():
                if p == path and ln == line and sha.startswith(commit):
                    return fs
        return []


def _by_line_family(index: _Index, path: str, line: int, family: str,
                    commit: str | None) -> tuple[Finding | None, str]:
    """Map by file + line + rule family (commit too, for history findings)."""
    if not index.file_exists(path):
        return None, R_FILE_GONE
    # With history findings, a commit must match too: another commit may have put a
    # different secret on that line.
    if commit and index.by_commit:
        hits = index.commit_hits(commit, path, line)
    else:
        hits = index.by_line.get((path, line), [])
    if not hits:
        if path not in index.by_file:
            return None, R_NO_FINDING_FILE
        return None, (R_COMMIT if commit and index.by_commit else R_NO_LINE)
    same = [f for f in hits if family_matches(family, f)]
    if same:
        return sorted(same, key=Finding.sort_key)[0], ""
    if family in ("generic", "") and len({f.fingerprint for f in hits}) == 1:
        return hits[0], ""
    return None, R_FAMILY


# -- detect-secrets -------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"""[^\s'"`=:,;()<>\[\]{}]+""")

#: detect-secrets' type names -> the provider family credscan would file them under
#: ("" = any kind: entropy plugins flag whatever looks random)
DS_FAMILIES = {
    "private key": "private", "aws access key": "aws", "secret keyword": "generic",
    "basic auth credentials": "generic", "base64 high entropy string": "",
    "hex high entropy string": "", "json web token": "jwt", "slack token": "slack",
    "stripe access key": "stripe", "github token": "github", "gitlab token": "gitlab",
    "npm tokens": "npm", "pypi token": "pypi", "sendgrid api key": "sendgrid",
    "twilio api key": "twilio", "discord bot token": "discord",
    "telegram bot token": "telegram", "openai token": "openai",
    "azure storage account access key": "azure", "mailchimp access key": "mailchimp",
    "artifactory credentials": "generic", "cloudant credentials": "generic",
}

#: what detect-secrets' private-key plugin captures: the phrase itself (built from parts
#: so that this file holds no private-key marker)
_PEM = " PRIV" + "ATE KEY"
DS_PRIVATE_KEY_PHRASES = tuple(
    [f"BEGIN {kind}{_PEM}" for kind in ("DSA", "EC", "OPENSSH", "RSA", "SSH2 ENCRYPTED")]
    + ["BEGIN" + _PEM, "BEGIN PGP" + _PEM + " BLOCK", "PuTTY-User-Key-File-2"])

_URL_RESERVED = ":/?#[]@" + "!$&'()*+,;="
_URL_CLASS = "[^" + "".join("\\" + c for c in _URL_RESERVED) + "\\s]"
#: detect-secrets' AWS and Basic Auth captures (RE2: the line is untrusted input)
_DS_PATTERNS = (
    r"((?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16})",
    r"(?i)aws.{0,20}?(?:key|pwd|pw|password|pass|token).{0,20}?['\"]([0-9a-zA-Z/+]{40})['\"]",
    "://" + _URL_CLASS + "+:(" + _URL_CLASS + "+)@",
)


def _quoted(text: str) -> Iterable[tuple[str, int, int]]:
    """Quoted strings (each quote character in turn, as keyword and entropy plugins see
    them), with 1-based column spans of their content."""
    for q in "\"'`":
        parts = text.split(q)
        pos = 0
        for i, part in enumerate(parts):
            if i % 2 == 1 and i < len(parts) - 1 and part:
                yield part, pos + 1, pos + 1 + len(part)
            pos += len(part) + 1


def _line_tokens(text: str) -> Iterable[tuple[str, int, int]]:
    """Candidate values on a line: bare tokens and quoted strings, with 1-based spans."""
    for m in _TOKEN_RE.finditer(text):
        yield m.group(0), m.start() + 1, m.end() + 1
    yield from _quoted(text)


def ds_candidates(text: str) -> Iterable[tuple[str, int, int]]:
    """Every value a detect-secrets plugin may have captured on ``text``, with its span:
    tokens and quoted strings (keyword and entropy plugins), the bare value of a YAML or
    INI assignment (their transformers), the AWS and Basic Auth captures, and the
    private-key phrases."""
    yield from _line_tokens(text)
    for sep in (":", "="):
        head, found, tail = text.partition(sep)
        value = tail.strip()
        if found and value:
            start = len(head) + 1 + (len(tail) - len(tail.lstrip())) + 1
            yield value, start, start + len(value)
            stripped = value.strip("\"'")
            if stripped and stripped != value:
                off = value.index(stripped)
                yield stripped, start + off, start + off + len(stripped)
    from scanner.engine.regex import compile_bytes

    raw = text.encode("utf-8", "surrogateescape")
    for pattern in _DS_PATTERNS:
        for m in compile_bytes(pattern).finditer(raw):
            value = m.group(1).decode("utf-8", "surrogateescape")
            start = len(raw[:m.start(1)].decode("utf-8", "surrogateescape")) + 1
            yield value, start, start + len(value)
    for phrase in DS_PRIVATE_KEY_PHRASES:
        i = text.find(phrase)
        if i >= 0:
            yield phrase, i + 1, i + 1 + len(phrase)


def _read_lines(root: Path | None, path: str) -> list[str] | None:
    if root is None:
        return None
    try:
        with open(root / path, encoding="utf-8", errors="replace") as fh:
            return [ln.rstrip("\r\n") for ln in fh]
    except OSError:
        return None


def _read_line(root: Path | None, path: str, line: int) -> str | None:
    lines = _read_lines(root, path)
    if lines is None or not 1 <= line <= len(lines):
        return None
    return lines[line - 1]


def _spans(f: Finding, line: int) -> bool:
    """Does finding ``f`` cover ``line`` (a multi-line secret covers all its lines)?"""
    return f.line <= line <= f.line + f.secret.count("\n")


def _finding_at(candidates: Sequence[Finding], line: int, start: int, end: int,
                family: str) -> Finding | None:
    """The credscan finding that holds the value found at ``line``/``start..end``: one
    that overlaps it, else the only one of the right kind on that line."""
    here = sorted((f for f in candidates if _spans(f, line)), key=Finding.sort_key)
    for f in here:
        if f.line != line or (f.column < end and start < max(f.end_column, f.column + 1)):
            return f
    same = [f for f in here if not family or family_matches(family, f)]
    if len({f.fingerprint for f in same}) == 1:
        return same[0]
    return None


def ds_family(secret_type: str) -> str:
    """The credscan family of a detect-secrets type name (unknown types: its first word)."""
    t = secret_type.strip().lower()
    return DS_FAMILIES.get(t, rule_family(t))


def import_detect_secrets(data: Any, findings: Sequence[Finding],
                          root: Path | None) -> ImportReport:
    """Map a detect-secrets baseline (``{"results": {file: [entries]}}``) onto findings."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        raise UsageError("not a detect-secrets baseline (no 'results' object)")
    rep = ImportReport("detect-secrets baseline")
    index = _Index(findings, root)
    for fname, entries in sorted(data["results"].items()):
        if not isinstance(entries, list):
            entries = []
        for e in entries:
            rep.total += 1
            if not isinstance(e, dict) or not isinstance(e.get("hashed_secret"), str):
                rep.unmapped[R_BAD_ENTRY] += 1
                continue
            path = norm_path(str(e.get("filename") or fname), root)
            want = e["hashed_secret"].lower()
            is_secret = e.get("is_secret")
            verdict = "none" if is_secret is None else ("real" if is_secret else "false_positive")
            kind = str(e.get("type", "?"))
            line = e.get("line_number")
            hit, how = _match_ds(index, path, want, line if isinstance(line, int) else None,
                                 ds_family(kind), root)
            if hit is None:
                rep.unmapped[how] += 1
                continue
            note = (f"imported from detect-secrets ({kind}, line {line}) by position: "
                    "its hash was not reproduced" if how == HOW_LINE else None)
            rep.mapped.append(Mapped(hit, verdict, f"detect-secrets {kind}", how, note))
    return rep


def _match_ds(index: _Index, path: str, want: str, line: int | None, family: str,
              root: Path | None) -> tuple[Finding | None, str]:
    """The finding an entry maps onto and how, or None and why not."""
    if not index.file_exists(path):
        return None, R_FILE_GONE
    candidates = index.by_file.get(path, [])
    if not candidates:
        return None, R_NO_FINDING_FILE
    # 1. credscan's own value has the hash (prefer the flagged line)
    hashed = sorted((f for f in candidates if _sha1(f.secret) == want),
                    key=lambda f: (line is not None and not _spans(f, line), Finding.sort_key(f)))
    if hashed:
        return hashed[0], HOW_HASH
    # 2. detect-secrets' capture on the flagged line (every line of ours, in a baseline
    #    written with --slim, which has no line numbers)
    lines = _read_lines(root, path)
    if lines is not None:
        todo = [line] if line is not None else sorted({f.line for f in candidates})
        for ln in todo:
            if not 1 <= ln <= len(lines):
                continue
            for value, start, end in ds_candidates(lines[ln - 1]):
                if _sha1(value) != want:
                    continue
                hit = _finding_at(candidates, ln, start, end, family)
                if hit is not None:
                    return hit, HOW_CAPTURE
    # 3. file and line, when the hash cannot be reproduced: the one finding of that kind
    if line is None:
        return None, R_NO_HASH
    here = [f for f in candidates if _spans(f, line)]
    same = [f for f in here if not family or family_matches(family, f)]
    if len({f.fingerprint for f in same}) == 1:
        return same[0], HOW_LINE
    if not here:
        return None, R_NO_LINE
    return None, (R_FAMILY if not same else R_AMBIGUOUS)


# -- gitleaks -------------------------------------------------------------------------------

_SHA_RE = re.compile(r"^[0-9a-f]{7,64}$")


def parse_gitleaks_fingerprint(fp: str) -> tuple[str | None, str, str, int] | None:
    """``commit:file:rule:line`` or ``file:rule:line`` -> (commit, file, rule, line).

    Split from the right, since file names may contain colons.
    """
    parts = fp.strip().rsplit(":", 2)
    if len(parts) != 3 or not parts[2].isdigit():
        return None
    prefix, rule, line = parts
    commit: str | None = None
    head, sep, rest = prefix.partition(":")
    if sep and _SHA_RE.match(head) and rest:
        commit, prefix = head, rest
    if not prefix or not rule:
        return None
    return commit, prefix, rule, int(line)


def _is_redacted(secret: object) -> bool:
    return not isinstance(secret, str) or not secret or secret == "REDACTED" or (
        secret.endswith("REDACTED") or set(secret) <= {"*"})


def import_gitleaks_report(data: Any, findings: Sequence[Finding],
                           root: Path | None) -> ImportReport:
    """Map a gitleaks JSON report (a list of leaks) onto findings (verdict none)."""
    if not isinstance(data, list):
        raise UsageError("not a gitleaks JSON report (expected a list of findings)")
    rep = ImportReport("gitleaks report")
    index = _Index(findings, root)
    for leak in data:
        rep.total += 1
        if not isinstance(leak, dict) or not leak.get("File") or not leak.get("RuleID"):
            rep.unmapped[R_BAD_ENTRY] += 1
            continue
        path = norm_path(str(leak["File"]), root)
        rule = str(leak["RuleID"])
        hit: Finding | None = None
        reason = ""
        how = HOW_VALUE
        secret = leak.get("Secret")
        if not _is_redacted(secret):
            assert isinstance(secret, str)
            same = [f for f in index.by_file.get(path, []) if f.secret == secret]
            if not same:
                same = [f for f in index.by_file.get(path, [])
                        if secret in f.secret or f.secret in secret]
            if same:
                hit = sorted(same, key=Finding.sort_key)[0]
        if hit is None:
            try:
                line = int(leak.get("StartLine", 0))
            except (TypeError, ValueError):
                rep.unmapped[R_BAD_ENTRY] += 1
                continue
            commit = str(leak.get("Commit") or "") or None
            hit, reason = _by_line_family(index, path, line, rule_family(rule), commit)
            how = HOW_POSITION
        if hit is None:
            rep.unmapped[reason] += 1
            continue
        rep.mapped.append(Mapped(hit, "none", f"gitleaks {rule}", how))
    return rep


def import_gitleaksignore(text: str, findings: Sequence[Finding],
                          root: Path | None) -> ImportReport:
    """Map ``.gitleaksignore`` fingerprints onto findings (verdict false_positive)."""
    rep = ImportReport(".gitleaksignore")
    index = _Index(findings, root)
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        rep.total += 1
        parsed = parse_gitleaks_fingerprint(line)
        if parsed is None:
            rep.unmapped[R_BAD_ENTRY] += 1
            continue
        commit, path, rule, lineno = parsed
        hit, reason = _by_line_family(index, norm_path(path, root), lineno, rule_family(rule),
                                      commit)
        if hit is None:
            rep.unmapped[reason] += 1
            continue
        rep.mapped.append(Mapped(hit, "false_positive", f"gitleaks ignore {rule}",
                                 HOW_POSITION))
    return rep


def detect_format(path: Path, text: str) -> str:
    """Guess which tool wrote ``text``: detect-secrets, gitleaks report or ignore file."""
    if path.name == ".gitleaksignore":
        return "gitleaksignore"
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return "gitleaksignore"
    if isinstance(data, dict) and "results" in data:
        return "detect-secrets"
    if isinstance(data, list):
        return "gitleaks"
    raise UsageError(f"{path}: cannot tell which tool wrote this file; pass --format")


def import_file(path: Path, findings: Sequence[Finding], root: Path | None,
                fmt: str = "auto") -> ImportReport:
    """Read ``path`` in format ``fmt`` (or guess it) and map its entries onto findings."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read: {exc}") from None
    if fmt == "auto":
        fmt = detect_format(path, text)
    if fmt == "gitleaksignore":
        return import_gitleaksignore(text, findings, root)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: invalid JSON: {exc}") from None
    try:
        if fmt == "detect-secrets":
            return import_detect_secrets(data, findings, root)
        if fmt == "gitleaks":
            return import_gitleaks_report(data, findings, root)
    except UsageError as exc:
        raise UsageError(f"{path}: {exc}") from None
    raise UsageError(f"unknown import format {fmt!r} (choose from: {', '.join(IMPORT_FORMATS)})")
