"""Fleet reports on top of the single-repository reporters (which do all the redaction).

* ``json``: ``findings`` (each with ``repository`` and ``new``), ``coverage`` (one entry per
  repository: status, refs, commits scanned in this run, commits covered, bytes, units,
  seconds, error) and ``totals``;
* ``sarif``: one run per repository (``versionControlProvenance`` names it);
* ``html``: the history report of the whole fleet with a per-repository coverage table;
* ``text``: the findings (new, then known), a per-repository table, the totals;
* the CI formats (``junit``, ``gitlab``, ``github``, ``csv``): the fleet as one result whose
  file names are ``repository: path``.

A repository that was not scanned is never reported as clean: its row says ``error`` and
why, and the totals count it.
"""

from __future__ import annotations

import html as _html
import json
from typing import Any

from scanner.fleet.run import FleetResult, RepoOutcome
from scanner.models import Finding, ScanResult, ScanStats
from scanner.redact import escape
from scanner.reporting import ReportOptions, prepare
from scanner.reporting.common import human_bytes

FORMATS = ("text", "json", "sarif", "html", "junit", "gitlab", "github", "csv")


def apply_baseline(result: FleetResult, path: str) -> int:
    """Drop findings the baseline accepts, in every repository; returns how many."""
    from pathlib import Path

    from scanner import api

    base = api.load_baseline(Path(path))
    hidden = 0
    for r in result.repos:
        kept = api.apply_baseline(ScanResult(findings=list(r.findings)), base).findings
        ids = {id(f) for f in kept}
        pairs = [(f, n) for f, n in zip(r.findings, r.new, strict=True) if id(f) in ids]
        hidden += len(r.findings) - len(pairs)
        r.findings = [f for f, _ in pairs]
        r.new = [n for _, n in pairs]
    result.baselined += hidden
    return hidden


def coverage_entry(r: RepoOutcome) -> dict[str, Any]:
    """The JSON coverage record of one repository."""
    return {
        "repository": r.repository, "status": r.status, "error": r.error,
        "refs": r.refs, "commits": r.commits, "covered": r.covered, "bytes": r.bytes,
        "units": r.units, "units_failed": r.units_failed, "seconds": round(r.seconds, 3),
        "findings": len(r.findings), "new": sum(r.new), "clone": r.action,
        "warnings": list(r.warnings),
    }


def render(result: FleetResult, fmt: str, opts: ReportOptions) -> str:
    """The fleet report in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return _json(result, opts)
    if fmt == "sarif":
        return _sarif(result, opts)
    if fmt == "html":
        return _html_report(result, opts)
    if fmt == "text":
        return _text(result, opts)
    from dataclasses import replace

    from scanner.reporting import render as render_one

    # the CI formats (junit, gitlab, github, csv): the whole fleet as one result, each file
    # named "repository: path", and one error line per repository not audited
    return render_one(combined(result), fmt, replace(opts, command="fleet"))


def _json(result: FleetResult, opts: ReportOptions) -> str:
    from scanner.reporting.json_report import finding_dict

    findings = []
    for r in result.repos:
        shown = prepare(repo_result(r), opts).findings  # one-to-one, in order
        for f, new in sorted(zip(shown, r.new, strict=True), key=lambda p: p[0].sort_key()):
            findings.append({"repository": r.repository, **finding_dict(f, opts), "new": new})
    totals: dict[str, Any] = dict(result.totals())
    totals["failing"] = sum(len(_failing(r, opts)) for r in result.repos)
    totals["threshold"] = opts.threshold.value
    totals["workers"] = result.workers
    totals["scheduler"] = result.scheduler
    if result.baselined:
        totals["baselined"] = result.baselined
    doc = {"findings": findings, "coverage": [coverage_entry(r) for r in result.repos],
           "totals": totals}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _failing(r: RepoOutcome, opts: ReportOptions) -> list[Finding]:
    return [f for f in r.findings if f.severity.rank >= opts.threshold.rank]


def repo_result(r: RepoOutcome) -> ScanResult:
    """One repository's outcome as the single-repository reporters expect it."""
    stats = ScanStats(bytes=r.bytes, commits=r.commits, seconds=r.seconds)
    return ScanResult(findings=list(r.findings), stats=stats,
                      errors=([r.error] if r.error else []) + list(r.warnings))


def _sarif(result: FleetResult, opts: ReportOptions) -> str:
    from scanner.reporting.sarif import SCHEMA_URI, build

    runs = []
    for r in result.repos:
        run = build(prepare(repo_result(r), opts), opts)["runs"][0]
        run["versionControlProvenance"] = [{"repositoryUri": r.repository}]
        run["automationDetails"] = {"id": f"credscan-fleet/{r.label}/"}
        inv = run["invocations"][0]
        inv["executionSuccessful"] = r.ok
        inv["properties"].update(coverage_entry(r))
        runs.append(run)
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": runs}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def combined(result: FleetResult, new: bool | None = None) -> ScanResult:
    """All findings (or only the new / known ones) in one result, files named
    ``repository: path``."""
    out = ScanResult()
    for r in result.repos:
        out.findings.extend(f.with_(file=f"{r.repository}: {f.file}")
                            for f, n in zip(r.findings, r.new, strict=True)
                            if new is None or n == new)
        out.stats.bytes += r.bytes
        out.stats.commits += r.commits
        if r.error:
            out.errors.append(f"{r.repository}: {r.error}")
    out.baselined = result.baselined
    out.stats.seconds = result.seconds
    out.findings.sort(key=Finding.sort_key)
    return out


def _coverage_table(result: FleetResult, opts: ReportOptions) -> str:
    e = _html.escape
    rows = []
    for r in result.repos:
        status = e(r.status) + (f": {e(escape(r.error))}" if r.error else "")
        rows.append(
            f"<tr><td><code>{e(escape(r.repository))}</code></td><td>{status}</td>"
            f"<td class=num>{r.refs}</td><td class=num>{r.commits}</td>"
            f"<td class=num>{r.covered}</td><td class=num>{e(human_bytes(r.bytes))}</td>"
            f"<td class=num>{r.units}</td><td class=num>{r.seconds:.2f}</td>"
            f"<td class=num>{len(r.findings)}</td><td class=num>{sum(r.new)}</td></tr>")
    t = result.totals()
    return ("<h2>Repositories</h2><table id=repositories><thead><tr><th>Repository</th>"
            "<th>Status</th><th>Refs</th><th>Commits scanned</th><th>Commits covered</th>"
            "<th>Bytes</th><th>Units</th><th>Seconds</th><th>Findings</th><th>New</th></tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table>"
            f"<p class=muted>{t['repositories']} repositories, {t['ok']} ok, {t['errors']} "
            f"with errors; {t['commits']} commits and {e(human_bytes(int(t['bytes'])))} "
            f"scanned in this run on {result.workers} workers.</p>")


def _html_report(result: FleetResult, opts: ReportOptions) -> str:
    from dataclasses import replace

    from scanner.reporting.html import render as html_render

    sub = replace(opts, command="fleet")
    page = html_render(prepare(combined(result), sub), sub)
    marker = "<h2>Summary</h2>"
    at = page.find(marker)
    table = _coverage_table(result, opts)
    if at == -1:
        return page.replace("</body>", table + "</body>", 1)
    return page[:at] + table + page[at:]


def _text(result: FleetResult, opts: ReportOptions) -> str:
    from dataclasses import replace

    from scanner.reporting.text import build

    lines: list[str] = []
    comb = combined(result)
    if opts.quiet and not comb.findings and not result.errors:
        return ""
    sub = replace(opts, quiet=True, command="fleet", color=False)
    for title, want in (("New in this run", True), ("Known from earlier runs", False)):
        part = combined(result, new=want)
        if part.findings:
            lines += [f"== {title} ({len(part.findings)}) ==", ""]
            lines += ["".join(text for text, _ in line)
                      for line in build(prepare(part, sub), sub)]
    if comb.findings:
        from scanner.reporting.text import REMEDIATION

        lines.append("What to do")
        lines += [f"  {i}. {text}" for i, text in enumerate(REMEDIATION, 1)]
        lines.append("")
    names = [escape(r.repository) for r in result.repos]
    width = min(60, max([len("repository"), *(len(n) for n in names)]))
    head = (f"{'repository'.ljust(width)}  status  {'refs':>5}  {'commits':>8}  "
            f"{'covered':>8}  {'bytes':>9}  {'units':>5}  {'time':>7}  findings (new)")
    lines += ["Repositories", head]
    for r, name in zip(result.repos, names, strict=True):
        name = name if len(name) <= width else "..." + name[-width + 3:]
        lines.append(f"{name.ljust(width)}  {r.status:<6}  {r.refs:>5}  {r.commits:>8}  "
                     f"{r.covered:>8}  {human_bytes(r.bytes):>9}  {r.units:>5}  "
                     f"{r.seconds:>6.2f}s  {len(r.findings)} ({sum(r.new)})")
    t = result.totals()
    lines.append("")
    n = int(t["findings"])
    failing = sum(len(_failing(r, opts)) for r in result.repos)
    lines.append(f"{_n(n, 'finding')} ({t['new']} new, {n - int(t['new'])} "
                 f"known; {failing} at or above {opts.threshold.value}) in "
                 f"{_n(t['repositories'], 'repository')}: {t['ok']} ok, {t['errors']} with "
                 "errors.")
    lines.append(f"Scanned {_n(t['commits'], 'commit')} ({human_bytes(int(t['bytes']))}) in "
                 f"{_n(t['units'], 'unit')} in {result.seconds:.2f} s on "
                 f"{_n(result.workers, 'worker')}; {_n(t['covered'], 'commit')} covered in all.")
    if result.baselined:
        lines.append(f"({result.baselined} accepted in baseline hidden)")
    for r in result.errors:
        lines.append(f"error: {escape(r.repository)}: {escape(r.error or '')}")
    for r in result.repos:
        for w in r.warnings[:5]:
            lines.append(f"warning: {escape(r.repository)}: could not read {escape(w)}")
    return "\n".join(lines) + "\n"


def _n(count: float, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    return f"{count:g} " + (word[:-1] + "ies" if word.endswith("y") else word + "s")
