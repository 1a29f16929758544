"""Turning findings into text, JSON, SARIF and the CI formats; redacted and escaped at one seam.

``render(result, fmt, opts)`` is the single entry point. Before any reporter sees a result,
:func:`prepare` replaces every secret by its redacted form (unless ``--show-secrets``),
masks every found secret wherever it recurs in text taken from the scanned content (context
lines, commit subjects and authors, file names, error messages), and escapes control
characters there, so a reporter cannot leak a value or let a crafted file name inject
terminal or CI-log commands. One module per format, imported only when asked for.
"""

from __future__ import annotations

import importlib
import os
import stat
from dataclasses import dataclass, replace
from typing import Protocol

from scanner.errors import UsageError
from scanner.fsio import atomic_write, encode_text
from scanner.models import DEFAULT_THRESHOLD, CommitInfo, Dropped, Finding, ScanResult, Severity
from scanner.redact import escape, redact

#: format name -> module with ``render(result, opts) -> str``
FORMATS: dict[str, str] = {
    "text": "scanner.reporting.text",
    "json": "scanner.reporting.json_report",
    "sarif": "scanner.reporting.sarif",
    "junit": "scanner.reporting.junit",
    "gitlab": "scanner.reporting.gitlab",
    "github": "scanner.reporting.github",
    "csv": "scanner.reporting.csv_report",
    "html": "scanner.reporting.html",
}


@dataclass(frozen=True)
class ReportOptions:
    """What every reporter needs besides the findings.

    ``started_at``/``finished_at`` are ISO 8601 UTC timestamps for formats that record scan
    times (GitLab); reporters fill in "now" when they are empty.
    """

    show_secrets: bool = False
    threshold: Severity = DEFAULT_THRESHOLD
    command: str = "scan"
    color: bool = False
    quiet: bool = False
    explain: bool = False
    started_at: str | None = None
    finished_at: str | None = None

    @property
    def baselined(self) -> int:  # pragma: no cover - kept for reporters written before
        return 0


class Reporter(Protocol):
    """A report format: a module exposing ``render``."""

    def render(self, result: ScanResult, opts: ReportOptions) -> str:
        """The whole report; ``result`` has already been through :func:`prepare`."""
        ...


class _Masker:
    """Masks every found secret in free text (longest first), then escapes it."""

    def __init__(self, secrets: list[str], show: bool, workflow_log: bool = False) -> None:
        self.show = show
        self.workflow_log = workflow_log
        self.secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        return self._mask(text, self.secrets)

    def _mask(self, text: str, secrets: list[str]) -> str:
        if not text:
            return text
        if not self.show:
            for s in secrets:
                if s in text:
                    text = text.replace(s, redact(s))
                for part in s.splitlines():  # multi-line secrets: each line of a PEM body
                    if len(part) >= 16 and part in text:
                        text = text.replace(part, redact(part))
        text = escape(text)
        if self.workflow_log and "::" in text:
            # a GitHub Actions log runs "::command::" lines; a name must never form one
            text = text.replace("::", ":\u200b:")
        return text


class _PathMasker(_Masker):
    """Masks secrets in file paths, where a short password is mostly a coincidence.

    A found ``session`` must not print ``oauth1_s********.py``: in a path, a value under
    twelve characters is masked only when it is a whole component or a file stem."""

    def __call__(self, text: str) -> str:
        parts = [p for p in text.replace("\\", "/").split("/") if p]
        names = set(parts) | {p.rsplit(".", 1)[0] for p in parts}
        return self._mask(text, [s for s in self.secrets if len(s) >= 12 or s in names])


def _commit(c: CommitInfo | None, mask: _Masker) -> CommitInfo | None:
    if c is None:
        return None
    return CommitInfo(sha=escape(c.sha), author=mask(c.author), email=mask(c.email),
                      date=escape(c.date), subject=mask(c.subject))


def prepare(result: ScanResult, opts: ReportOptions, fmt: str = "text") -> ScanResult:
    """The result as reporters may see it: values redacted, scanned text masked and escaped.

    In a GitHub Actions job, ``::`` in scanned text is broken up for every format but
    ``github`` (which escapes workflow-command data itself), so a crafted file name printed
    in the log cannot become a workflow command."""
    secrets = [f.secret for f in result.findings] + [d.secret for d in result.dropped]
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true" and fmt != "github"
    mask = _Masker(secrets, opts.show_secrets, in_actions)
    pmask = _PathMasker(secrets, opts.show_secrets, in_actions)

    def one(f: Finding) -> Finding:
        return replace(
            f,
            secret=redact(f.secret, show=opts.show_secrets),
            redacted=redact(f.secret),
            file=pmask(f.file),
            line_text=mask(f.line_text),
            description=escape(f.description),
            commit=_commit(f.commit, mask),
            occurrences=tuple(replace(o, file=pmask(o.file)) for o in f.occurrences),
            extra=tuple((escape(k), mask(v)) for k, v in f.extra),
            verification=None if f.verification is None else replace(
                f.verification, identity=mask(f.verification.identity or "") or None,
                detail=mask(f.verification.detail)),
        )

    def drop(d: Dropped) -> Dropped:
        return replace(d, secret=redact(d.secret, show=opts.show_secrets), file=pmask(d.file),
                       reason=mask(d.reason))

    return replace(result, findings=[one(f) for f in result.findings],
                   errors=[mask(e) for e in result.errors],
                   dropped=[drop(d) for d in result.dropped],
                   notes=[mask(n) for n in result.notes])


def render(result: ScanResult, fmt: str, opts: ReportOptions) -> str:
    """Render ``result`` in format ``fmt``; unknown formats are a usage error."""
    module = FORMATS.get(fmt)
    if module is None:
        raise UsageError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
    reporter: Reporter = importlib.import_module(module)
    return reporter.render(prepare(result, opts, fmt), opts)


def write_private(path: str, text: str) -> None:
    """Write a report atomically with mode 0600, never through a symlink at ``path``
    (:func:`scanner.fsio.atomic_write`); non-UTF-8 names are escaped, so the file is always
    valid UTF-8 (:func:`scanner.fsio.encode_text`). An existing device or pipe (``-o
    /dev/null``) is written in place: there is no file to replace or chmod."""
    data = encode_text(text)
    try:
        st = os.lstat(path)
    except OSError:
        st = None
    if st is not None and stat.S_ISCHR(st.st_mode) or st is not None and stat.S_ISFIFO(
            st.st_mode):
        with open(path, "wb") as dev:
            dev.write(data)
        return
    atomic_write(path, data)
