"""A single self-contained HTML page a person reads in a browser.

Summary, findings by rule, findings by file and, for history audits, a timeline of leaks
by commit date. No scripts, fonts or images are loaded (a Content-Security-Policy forbids
them), so the file can be mailed or attached to a CI job as-is. Everything user-derived
is HTML-escaped; secrets are redacted unless ``--show-secrets``.
"""

from __future__ import annotations

import html
from collections import Counter, OrderedDict

from scanner.models import Finding, ScanResult, Severity
from scanner.reporting import ReportOptions, proof
from scanner.reporting.common import (
    TOOL_NAME,
    TOOL_VERSION,
    by_file,
    by_rule,
    human_bytes,
    is_history,
    now_iso,
    short_fingerprint,
)

_CSS = """
:root { --fg:#1d2330; --muted:#5b6475; --line:#d8dde6; --bg:#ffffff; --head:#f2f4f8;
  --crit:#8b0000; --high:#c62828; --med:#e08a00; --low:#1f77b4; --info:#7a7a7a; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); margin: 0; padding: 24px 32px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 2px solid var(--line);
  padding-bottom: 4px; }
.muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px;
  min-width: 130px; background: var(--head); }
.card .n { font-size: 24px; font-weight: 700; }
.card.bad .n { color: var(--high); }
.card.good .n { color: #2e7d32; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left;
  vertical-align: top; }
th { background: var(--head); font-weight: 600; }
tr:nth-child(even) td { background: #fafbfd; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 12px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.sev { display: inline-block; border-radius: 4px; padding: 0 6px; color: #fff;
  font-size: 12px; font-weight: 600; text-transform: uppercase; }
.sev-critical { background: var(--crit); } .sev-high { background: var(--high); }
.sev-medium { background: var(--med); } .sev-low { background: var(--low); }
.sev-info { background: var(--info); }
.file { font-weight: 600; background: var(--head) !important; }
.bar { height: 14px; background: var(--high); border-radius: 3px; min-width: 2px; }
.advice li { margin: 4px 0; }
.empty { padding: 24px; border: 2px dashed var(--line); border-radius: 8px;
  text-align: center; color: #2e7d32; font-size: 16px; }
"""

_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; script-src 'none'; "
        "base-uri 'none'; form-action 'none'")


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _prose(text: str) -> str:
    """Escaped prose whose `backticked` spans (shared with the text report) become code."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: keep it as a character
        return _e(text)
    return "".join(f"<code>{_e(p)}</code>" if i % 2 else _e(p) for i, p in enumerate(parts))


def _sev(s: Severity) -> str:
    return f'<span class="sev sev-{s.value}">{_e(s.value)}</span>'


def _card(label: str, value: object, cls: str = "") -> str:
    return (f'<div class="card {cls}"><div class="n">{_e(value)}</div>'
            f'<div class="muted">{_e(label)}</div></div>')


def _at_head(f: Finding) -> str:
    if f.present_at_head is None:
        return ""
    return "yes" if f.present_at_head else "history only"


def _summary(result: ScanResult, opts: ReportOptions) -> str:
    s = result.stats
    n = len(result.findings)
    failing = len(result.at_or_above(opts.threshold))
    cards = [
        _card("findings", n, "bad" if failing else "good"),
        _card(f"at or above {opts.threshold.value}", failing, "bad" if failing else "good"),
        _card("files with findings", len({f.file for f in result.findings})),
        _card("files scanned", s.files),
        _card("bytes scanned", human_bytes(s.bytes)),
        _card("seconds", f"{s.seconds:.2f}"),
    ]
    if s.commits:
        cards.insert(3, _card("commits scanned", s.commits))
    if result.baselined:
        cards.append(_card("accepted in baseline", result.baselined))
    if proof.verified(result):
        c = proof.counts(result)
        cards.insert(2, _card("verified live", c["live"], "bad" if c["live"] else "good"))
    sev = Counter(f.severity for f in result.findings)
    sev_line = " ".join(f"{_sev(x)} {sev[x]}" for x in sorted(sev, key=lambda v: -v.rank))
    return f'<div class="cards">{"".join(cards)}</div><p>{sev_line}</p>'


def _by_rule(findings: list[Finding]) -> str:
    rows = []
    for rule, group in by_rule(findings).items():
        worst = max(group, key=lambda f: f.severity.rank).severity
        files = sorted({f.file for f in group})
        shown = ", ".join(_e(x) for x in files[:5]) + (" ..." if len(files) > 5 else "")
        url = group[0].revoke
        revoke = (f'<a href="{_e(url)}" rel="noopener noreferrer">revoke / rotate</a>'
                  if url and url.startswith("https://") else "")
        rows.append(f"<tr><td><code>{_e(rule)}</code></td><td>{_e(group[0].description)}</td>"
                    f"<td>{_sev(worst)}</td><td class=num>{len(group)}</td>"
                    f"<td class=num>{len(files)}</td><td>{shown}</td><td>{revoke}</td></tr>")
    return ("<table id=by-rule><thead><tr><th>Rule</th><th>Description</th><th>Severity</th>"
            "<th>Findings</th><th>Files</th><th>Where</th><th>What to do</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _by_file(findings: list[Finding], opts: ReportOptions, history: bool) -> str:
    checked = any(f.verification is not None for f in findings)
    head = ["Line", "Rule", "Severity", "Value", "Fingerprint"] + (["Verified"] if checked
                                                                   else [])
    if history:
        head += ["Commit", "Author", "Date", "At HEAD"]
    rows = []
    for path, group in by_file(findings).items():
        rows.append(f'<tr><td class=file colspan="{len(head)}">{_e(path)} '
                    f'<span class=muted>({len(group)})</span></td></tr>')
        for f in group:
            cells = [
                f"<td class=num>{f.line}</td>",
                f"<td><code>{_e(f.rule_id)}</code></td>",
                f"<td>{_sev(f.severity)}</td>",
                f"<td><code>{_e(f.secret)}</code></td>",
                f"<td><code>{_e(short_fingerprint(f))}</code></td>",
            ]
            if checked:
                cls = ' class="sev-critical"' if f.verification and f.verification.live else ""
                cells.append(f"<td{cls}>{_e(proof.label(f))}</td>")
            if history:
                c = f.commit
                cells += [
                    f"<td><code>{_e(c.sha[:10]) if c else ''}</code></td>",
                    f"<td>{_e(c.author) if c else ''}</td>",
                    f"<td>{_e(c.date[:10]) if c else ''}</td>",
                    f"<td>{_e(_at_head(f))}</td>",
                ]
            rows.append("<tr>" + "".join(cells) + "</tr>")
    ths = "".join(f"<th>{h}</th>" for h in head)
    return (f"<table id=by-file><thead><tr>{ths}</tr></thead><tbody>" + "".join(rows)
            + "</tbody></table>")


def _timeline(findings: list[Finding]) -> str:
    dated = [f for f in findings if f.commit is not None and f.commit.date]
    if not dated:
        return "<p class=muted>No commit dates in these findings.</p>"
    periods: OrderedDict[str, list[Finding]] = OrderedDict()
    for f in sorted(dated, key=lambda f: f.commit.date if f.commit else ""):
        assert f.commit is not None
        periods.setdefault(f.commit.date[:7], []).append(f)
    top = max(len(v) for v in periods.values())
    rows = []
    for month, group in periods.items():
        width = max(1, round(100 * len(group) / top))
        commits = OrderedDict((f.commit.sha, f.commit) for f in group if f.commit)
        detail = "; ".join(
            f"<code>{_e(c.sha[:10])}</code> {_e(c.date[:10])} {_e(c.author)}: {_e(c.subject)}"
            for c in list(commits.values())[:6])
        if len(commits) > 6:
            detail += f"; and {len(commits) - 6} more commits"
        rows.append(f"<tr><td>{_e(month)}</td><td class=num>{len(group)}</td>"
                    f'<td style="width:35%"><div class=bar style="width:{width}%"></div></td>'
                    f"<td>{detail}</td></tr>")
    return ("<table id=timeline><thead><tr><th>Month</th><th>Leaks</th><th></th>"
            "<th>Commits</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def render(result: ScanResult, opts: ReportOptions) -> str:
    findings = sorted(result.findings, key=Finding.sort_key)
    history = is_history(result, opts)
    title = f"{TOOL_NAME} report: {opts.command}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<div class=muted>{_e(TOOL_NAME)} {_e(TOOL_VERSION)}, generated {_e(now_iso())}; "
        f"values are {'shown in full' if opts.show_secrets else 'redacted'}.</div>",
        "<h2>Summary</h2>",
        _summary(result, opts),
    ]
    if not findings:
        parts.append('<div class="empty">No secrets found.</div>')
    else:
        parts += ["<h2>Findings by rule</h2>", _by_rule(findings),
                  "<h2>Findings by file</h2>", _by_file(findings, opts, history)]
        if history:
            parts += ["<h2>Timeline by commit date</h2>", _timeline(findings)]
        if history or proof.verified(result):
            from scanner.reporting.text import REMEDIATION

            steps = proof.advice(result) + (REMEDIATION if history else [])
            parts += ["<h2>What to do</h2>", "<ol class=advice>"]
            parts += [f"<li>{_prose(x)}</li>" for x in steps]
            parts.append("</ol>")
        from scanner.reporting.text import revoke_links

        links = revoke_links(findings)
        if links:
            parts += ["<h2>Where to revoke or rotate</h2>", "<ul class=advice>"]
            parts += [f'<li>{_e(p)}: <a href="{_e(u)}" rel="noopener noreferrer">{_e(u)}</a></li>'
                      for p, u in links if u.startswith("https://")]
            parts.append("</ul>")
    if result.notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(
            f"<li>{_e(x)}</li>" for x in result.notes[:200]) + "</ul>")
    if result.errors:
        parts.append("<h2>Errors</h2><ul>" + "".join(
            f"<li>{_e(x)}</li>" for x in result.errors[:200]) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
