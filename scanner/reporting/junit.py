"""JUnit XML: one test case per finding, each a failure, for GitLab/Jenkins/Azure test views.

The output validates against the strictest published dialect, the Jenkins xUnit plugin's
``junit-10.xsd``, which allows no ``file``/``line`` attributes (and no ``<properties>``) on
a ``<testcase>``: each finding's place is in its test case name (``rule at file:line``) and
in a ``finding N`` property of the suite (``file:line:column rule fingerprint``). A clean
scan yields one passing test case, so the test view shows the scan ran.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from scanner.models import Finding, ScanResult
from scanner.reporting import ReportOptions, proof
from scanner.reporting.common import plural, short_fingerprint, sorted_findings

# characters XML 1.0 cannot carry at all, even escaped
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: object) -> str:
    return _INVALID_XML.sub("\ufffd", str(text))


def _details(f: Finding, opts: ReportOptions) -> str:
    lines = [
        f"{f.description}",
        f"rule: {f.rule_id} ({f.provider}), severity: {f.severity.value}",
        f"location: {f.file}:{f.line}:{f.column}",
        f"value: {f.secret}",
        f"fingerprint: {f.fingerprint}",
    ]
    for k, v in sorted(f.extras.items()):
        lines.append(f"{k}: {v}")
    if f.commit is not None:
        c = f.commit
        lines.append(f"commit: {c.sha} by {c.author} <{c.email}> on {c.date}: {c.subject}")
    if f.present_at_head is not None:
        lines.append("still present at HEAD" if f.present_at_head else "only in history")
    if f.occurrences:
        lines.append(f"also seen in {plural(len(f.occurrences), 'other place')}")
    if f.verification is not None:
        lines.append(f"verified: {proof.label(f)}")
    return "\n".join(lines)


def render(result: ScanResult, opts: ReportOptions) -> str:
    findings = sorted_findings(result)
    seconds = f"{result.stats.seconds:.3f}"
    suites = ET.Element("testsuites", name="credscan", tests=str(max(1, len(findings))),
                        failures=str(len(findings)), errors="0", time=seconds)
    suite = ET.SubElement(suites, "testsuite", name=f"credscan {opts.command}",
                          tests=str(max(1, len(findings))), failures=str(len(findings)),
                          errors="0", skipped="0", time=seconds)
    props = ET.SubElement(suite, "properties")
    for k, v in result.stats.as_dict().items():
        ET.SubElement(props, "property", name=k, value=str(v))
    ET.SubElement(props, "property", name="threshold", value=opts.threshold.value)
    for i, f in enumerate(findings, 1):
        ET.SubElement(props, "property", name=f"finding {i}",
                      value=_x(f"{f.file}:{f.line}:{f.column} {f.rule_id} "
                               f"{short_fingerprint(f)}"))
    if not findings:
        ET.SubElement(suite, "testcase", classname="credscan", name="no secrets found",
                      time=seconds)
    for f in findings:
        name = f"{f.rule_id} at {f.file}:{f.line}"
        if f.commit is not None:
            name += f" ({f.commit.sha[:12]})"
        case = ET.SubElement(suite, "testcase", classname=_x(f.file), name=_x(name), time="0")
        msg = f"{f.severity.value}: {f.description}: {f.secret}"
        failure = ET.SubElement(case, "failure", message=_x(msg), type=_x(f.rule_id))
        failure.text = _x(_details(f, opts))
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
