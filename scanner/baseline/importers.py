"""Carry a team's triage over from detect-secrets and gitleaks.

Neither tool's identity of a finding is ours, so each entry is mapped onto a *current*
credscan finding (from a re-scan) and recorded under our fingerprint:

- detect-secrets ``.secrets.baseline``: entries carry ``sha1(secret)``; we match a
  credscan finding in the same file whose secret has that SHA-1 (or, when our extracted
  value differs slightly, a token on the flagged line with that SHA-1 that overlaps one of
  our findings). ``is_secret: false`` -> false_positive, ``true`` -> real, absent -> none.
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


@dataclass
class Mapped:
    """One imported entry mapped onto a credscan finding."""

    finding: Finding
    verdict: str
    source: str  # what the other tool called it, for notes and reports


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

    def summary(self) -> str:
        lines = [f"{self.kind}: {self.total} entr{'y' if self.total == 1 else 'ies'}, "
                 f"{len(self.mapped)} mapped to credscan findings, "
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


def _line_tokens(text: str) -> Iterable[tuple[str, int, int]]:
    """Candidate values on a line: bare tokens and quoted strings, with 1-based spans."""
    for m in _TOKEN_RE.finditer(text):
        yield m.group(0), m.start() + 1, m.end() + 1
    for m in re.finditer(r"""(["'`])(.+?)\1""", text):
        yield m.group(2), m.start(2) + 1, m.end(2) + 1


def _read_line(root: Path | None, path: str, line: int) -> str | None:
    if root is None or line < 1:
        return None
    try:
        with open(root / path, encoding="utf-8", errors="replace") as fh:
            for i, text in enumerate(fh, 1):
                if i == line:
                    return text.rstrip("\r\n")
    except OSError:
        return None
    return None


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
            hit = _match_ds(index, path, want, e.get("line_number"), root)
            if isinstance(hit, str):
                rep.unmapped[hit] += 1
                continue
            rep.mapped.append(Mapped(hit, verdict, f"detect-secrets {e.get('type', '?')}"))
    return rep


def _match_ds(index: _Index, path: str, want: str, line: object,
              root: Path | None) -> Finding | str:
    if not index.file_exists(path):
        return R_FILE_GONE
    candidates = index.by_file.get(path, [])
    if not candidates:
        return R_NO_FINDING_FILE
    for f in sorted(candidates, key=Finding.sort_key):
        if _sha1(f.secret) == want:
            return f
    # Our extracted value may differ from detect-secrets' (quotes, prefixes): look for a
    # token with that hash on the flagged line that overlaps one of our findings there.
    if isinstance(line, int):
        text = _read_line(root, path, line)
        on_line = [f for f in candidates if f.line == line]
        if text is not None and on_line:
            for tok, start, end in _line_tokens(text):
                if _sha1(tok) != want:
                    continue
                for f in sorted(on_line, key=Finding.sort_key):
                    if f.column < end and start < max(f.end_column, f.column + 1) or (
                            tok in f.secret or f.secret in tok):
                        return f
    return R_NO_HASH


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
        if hit is None:
            rep.unmapped[reason] += 1
            continue
        rep.mapped.append(Mapped(hit, "none", f"gitleaks {rule}"))
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
        rep.mapped.append(Mapped(hit, "false_positive", f"gitleaks ignore {rule}"))
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
