# ruff: noqa: E501
"""Line-level precision / recall of credscan on the red-team corpus.

Usage: ``python -m tests.redteam.evaluate [--out DIR] [--seed N] [--max N]``

Scans through the library API (``scanner.api.scan_paths``). A line counts as reported when a
finding at or above ``medium`` sits on it; findings below the threshold are listed
separately. Prints overall, per file kind and per provider figures, then every false positive
and false negative as ``path:line``, rule, the redacted value and a masked excerpt of the line.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from scanner.api import scan_paths
from scanner.models import Finding, Severity
from scanner.redact import redact
from tests.accuracy.scoring import PRF
from tests.redteam.generator import generate
from tests.redteam.kit import Labelled

THRESHOLD = Severity.MEDIUM
_TOKEN = re.compile(r"[^\s'\"`<>(),;\[\]{}|]+")


@dataclass
class Report:
    overall: PRF = field(default_factory=PRF)
    by_kind: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    by_provider: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    fps: list[tuple[str, int, list[Finding]]] = field(default_factory=list)
    fns: list[tuple[str, int, str, list[Finding]]] = field(default_factory=list)
    low_only_pos: list[tuple[str, int, list[Finding]]] = field(default_factory=list)
    low_only_neg: int = 0
    seconds_gen: float = 0.0
    seconds_scan: float = 0.0
    files: int = 0


def _rel(root: Path, f: str) -> str:
    p = os.path.abspath(f) if not os.path.isabs(f) else f
    r = str(root.resolve())
    if p.startswith(r + os.sep):
        return p[len(r) + 1:]
    q = str(root)
    return p[len(q) + 1:] if p.startswith(q + os.sep) else f


def scan(root: Path) -> dict[tuple[str, int], list[Finding]]:
    res = scan_paths([str(root)], no_ignore=True)
    out: dict[tuple[str, int], list[Finding]] = defaultdict(list)
    for f in res.findings:
        out[(_rel(root, f.file), f.line)].append(f)
    return out


def _reported(fs: list[Finding]) -> bool:
    return any(f.severity.rank >= THRESHOLD.rank for f in fs)


def evaluate(c: Labelled, hits: dict[tuple[str, int], list[Finding]]) -> Report:
    rep = Report(files=len(c.kinds))
    for key, fs in hits.items():
        path = key[0]
        if _reported(fs):
            if key in c.positives:
                rep.overall.tp += 1
                rep.by_kind[c.kind_of(path)].tp += 1
                rep.by_provider[c.positives[key]].tp += 1
            else:
                rep.overall.fp += 1
                rep.by_kind[c.kind_of(path)].fp += 1
                prov = sorted({f.provider for f in fs if f.severity.rank >= THRESHOLD.rank})[0]
                rep.by_provider["(fp) " + prov].fp += 1
                rep.fps.append((path, key[1], fs))
        elif key in c.positives:
            rep.low_only_pos.append((path, key[1], fs))
        else:
            rep.low_only_neg += 1
    for key, prov in c.positives.items():
        if not _reported(hits.get(key, [])):
            rep.overall.fn += 1
            rep.by_kind[c.kind_of(key[0])].fn += 1
            rep.by_provider[prov].fn += 1
            rep.fns.append((key[0], key[1], prov, hits.get(key, [])))
    rep.fps.sort()
    rep.fns.sort()
    return rep


def _line(root: Path, path: str, line: int) -> str:
    try:
        with open(root / path, encoding="utf-8", errors="replace") as fh:
            for i, text in enumerate(fh, 1):
                if i == line:
                    return text.rstrip("\n")
    except OSError:
        pass
    return ""


def _mixed(tok: str) -> bool:
    """Could this token part be (part of) a secret? Names like ``sql_alchemy_conn`` or
    ``segmentWriteKey`` are kept; anything with digits or symbols, or long mixed case, is not."""
    lower, upper = any(ch.islower() for ch in tok), any(ch.isupper() for ch in tok)
    digit = any(ch.isdigit() for ch in tok)
    symbol = any(not ch.isalnum() and ch not in "_-./" for ch in tok)
    if (digit or symbol) and lower + upper + digit + symbol >= 2:
        return True
    return len(tok) >= 24 and lower and upper


def mask(text: str, secrets: list[str]) -> str:
    """Redact known values, then any long mixed token part that could be secret; cut to ~150 chars."""
    for s in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(s, redact(s))

    def sub_token(m: re.Match[str]) -> str:
        parts = re.split(r"([=:?&@])", m.group(0))
        return "".join(p if len(p) < 12 or p.endswith("********") or not _mixed(p) else redact(p)
                       for p in parts)

    text = _TOKEN.sub(sub_token, text).strip()
    if len(text) > 150:
        at = max(0, text.find("********") - 60)
        text = ("…" if at else "") + text[at:at + 150] + "…"
    return text


def format_report(c: Labelled, rep: Report, max_items: int = 200) -> str:
    root = c.root
    out = [f"red-team corpus: {rep.files} files, {len(c.positives)} positive lines; generate {rep.seconds_gen:.1f}s, scan {rep.seconds_scan:.1f}s",
           "OVERALL (findings >= medium)", rep.overall.row("all"), "", "BY FILE KIND"]
    out += [v.row(k) for k, v in sorted(rep.by_kind.items())]
    out += ["", "BY PROVIDER (recall by label; '(fp) X' = false positives by finding provider)"]
    out += [v.row(k) for k, v in sorted(rep.by_provider.items())]
    out += ["", f"FALSE POSITIVES ({len(rep.fps)})"]
    for path, line, fs in rep.fps[:max_items]:
        top = [f for f in fs if f.severity.rank >= THRESHOLD.rank]
        cat = c.negatives.get((path, line), "unlabelled")
        rules = ",".join(sorted({f.rule_id for f in top}))
        out.append(f"  {path}:{line}  [{rules}] {redact(top[0].secret)}  ({cat}, {c.kind_of(path)})")
        out.append(f"      | {mask(_line(root, path, line), [f.secret for f in fs])}")
    out += ["", f"FALSE NEGATIVES ({len(rep.fns)})"]
    for path, line, prov, fs in rep.fns[:max_items]:
        secrets = c.secrets.get((path, line), [])
        low = ",".join(sorted({f"{f.rule_id}@{f.severity.value}" for f in fs})) or "-"
        out.append(f"  {path}:{line}  [{prov}] {redact(secrets[0]) if secrets else '?'}  (below threshold: {low}; {c.kind_of(path)})")
        out.append(f"      | {mask(_line(root, path, line), secrets + [f.secret for f in fs])}")
    out += ["", f"FOUND ONLY BELOW THRESHOLD: {len(rep.low_only_pos)} positive lines, {rep.low_only_neg} negative lines"]
    for path, line, fs in rep.low_only_pos[:max_items]:
        out.append(f"  {path}:{line}  " + ",".join(sorted({f"{f.rule_id}@{f.severity.value}" for f in fs})))
    return "\n".join(out)


def run(out: Path, seed: int) -> tuple[Labelled, Report]:
    t0 = time.perf_counter()
    c = generate(out, seed)
    t1 = time.perf_counter()
    hits = scan(out)
    t2 = time.perf_counter()
    rep = evaluate(c, hits)
    rep.seconds_gen, rep.seconds_scan = t1 - t0, t2 - t1
    return c, rep


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="write the corpus here (default: a temp dir)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max", type=int, default=200, help="list at most this many FPs / FNs")
    a = ap.parse_args(argv)
    if a.out is None:
        with tempfile.TemporaryDirectory(prefix="credscan-redteam-") as d:
            c, rep = run(Path(d) / "corpus", a.seed)
            print(format_report(c, rep, a.max))
    else:
        c, rep = run(a.out, a.seed)
        print(format_report(c, rep, a.max))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
