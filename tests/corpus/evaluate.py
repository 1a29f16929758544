# ruff: noqa: E501
"""Line-level precision / recall of credscan on the generated corpus.

Usage: ``python -m tests.corpus.evaluate [--out DIR] [--seed N] [--cli] [--threshold SEV]``

A finding counts at the line it reports (several findings on one line count once) when its
severity is at or above the threshold (default: the CLI's default failure threshold, so a
lone AWS key ID reported at low severity is not a positive claim). Prints overall, per file
kind and per provider family figures, then every false positive and false negative with the
value redacted, so rules can be fixed without anyone seeing a whole (fake) secret.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tests.accuracy.scoring import PRF
from tests.corpus.core import Corpus
from tests.corpus.generator import generate

_TOKEN = re.compile(r"[^\s\"'`,;()\[\]{}<>|]+")
_SEP = re.compile(r"[=:]")
_SYMBOL = re.compile(r"[^A-Za-z0-9._\-/]")


def _redact(value: str) -> str:
    try:
        from scanner.redact import redact
    except ImportError:  # pragma: no cover - the reporting package ships with the scanner
        keep = min(4, len(value) // 4)
        return value[:keep] + "*" * 8
    return redact(value)


_NAME = re.compile(r"(?:[A-Za-z0-9_]|//)[A-Za-z0-9_.\-/]*")


def _secretish(tok: str) -> bool:
    if len(tok) < 6:
        return False
    classes = (any(c.islower() for c in tok) + any(c.isupper() for c in tok)
               + any(c.isdigit() for c in tok) + bool(_SYMBOL.search(tok)))
    return classes >= 2


def _mask_token(tok: str) -> str:
    """Keep names (``key=``, ``user:``, ``scheme://user:``), redact anything secret-looking."""
    m = _SEP.search(tok)
    if m and m.start() == 0:
        return tok[:1] + _mask_token(tok[1:])
    if m:
        left = tok[:m.start()]
        mixed = any(c.islower() for c in left) and any(c.isupper() for c in left)
        if _NAME.fullmatch(left) and not (mixed and any(c.isdigit() for c in left)):
            return tok[:m.end()] + _mask_token(tok[m.end():])
    return _redact(tok) if _secretish(tok) else tok


def mask_line(line: str, limit: int = 110) -> str:
    """A line with every secret-looking token redacted: context for a miss without the value."""
    out = _TOKEN.sub(lambda m: _mask_token(m.group(0)), line.strip())
    return out if len(out) <= limit else out[:limit] + "..."


@dataclass(frozen=True)
class Hit:
    """One reported line (a finding projected onto the corpus)."""

    path: str
    line: int
    rule: str
    provider: str
    severity: str
    redacted: str


@dataclass
class Report:
    overall: PRF
    by_kind: dict[str, PRF]
    by_family: dict[str, PRF]
    fps: list[tuple[Hit, str]]  # hit, negative category
    fns: list[tuple[str, int, str, list[Hit]]]  # path, line, family, below-threshold hits there
    fp_by_rule: Counter[str]
    fp_by_category: Counter[str]
    fn_by_family: Counter[str]
    below_threshold_on_positive: int = 0
    seconds: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        def sc(s: PRF) -> dict[str, float | int]:
            return {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4), "f1": round(s.f1, 4)}

        return {
            "overall": sc(self.overall),
            "by_kind": {k: sc(v) for k, v in sorted(self.by_kind.items())},
            "by_family": {k: sc(v) for k, v in sorted(self.by_family.items())},
            "false_positives": [{"file": h.path, "line": h.line, "rule": h.rule, "severity": h.severity,
                                 "secret_redacted": h.redacted, "category": cat} for h, cat in self.fps],
            "false_negatives": [{"file": p, "line": ln, "family": fam,
                                 "below_threshold_rules": [h.rule for h in low]} for p, ln, fam, low in self.fns],
            "fp_by_rule": dict(self.fp_by_rule.most_common()),
            "fp_by_category": dict(self.fp_by_category.most_common()),
            "fn_by_family": dict(self.fn_by_family.most_common()),
            "below_threshold_on_positive": self.below_threshold_on_positive,
            "seconds": round(self.seconds, 3),
            **self.extra,
        }


def _rank(sev: str) -> int:
    order = ["info", "low", "medium", "high", "critical"]
    return order.index(sev.lower()) if sev.lower() in order else 2


def _relpath(root: Path, file: str) -> str:
    p = Path(file)
    if not p.is_absolute():
        if (root / p).exists():
            return p.as_posix()
        p = Path.cwd() / p
    try:
        return p.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(file).as_posix()


def scan_api(root: Path) -> tuple[list[Hit], float]:
    """Scan with the library API; the secret is redacted at once."""
    from scanner.api import scan_paths

    t0 = time.perf_counter()
    result = scan_paths([str(root)])
    secs = time.perf_counter() - t0
    hits = [Hit(_relpath(root, f.file), f.line, f.rule_id, f.provider, f.severity.value, _redact(f.secret))
            for f in result.findings]
    return hits, secs


def scan_cli(root: Path) -> tuple[list[Hit], float]:
    """Scan with ``credscan scan --format json`` in a subprocess (what users run)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "findings.json"
        cmd = [sys.executable, "-m", "scanner", "scan", str(root), "--format", "json", "-o", str(out)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        secs = time.perf_counter() - t0
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"credscan exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
        data = json.loads(out.read_text())
    hits = []
    for f in data.get("findings", []):
        hits.append(Hit(_relpath(root, f["file"]), int(f["line"]), f.get("rule", "?"), f.get("provider", "?"),
                        str(f.get("severity", "medium")), f.get("secret_redacted", "")))
    return hits, secs


def evaluate(corpus: Corpus, hits: Iterable[Hit], threshold: str = "medium") -> Report:
    """Score reported lines against the labels."""
    thr = _rank(threshold)
    counted: dict[tuple[str, int], list[Hit]] = defaultdict(list)
    below: dict[tuple[str, int], list[Hit]] = defaultdict(list)
    for h in hits:
        (counted if _rank(h.severity) >= thr else below)[(h.path, h.line)].append(h)
    labels = corpus.positives
    overall = PRF()
    by_kind: dict[str, PRF] = defaultdict(PRF)
    by_family: dict[str, PRF] = defaultdict(PRF)
    fps: list[tuple[Hit, str]] = []
    fp_by_rule: Counter[str] = Counter()
    fp_by_cat: Counter[str] = Counter()
    for key, hs in sorted(counted.items()):
        kind = corpus.kind_of(key[0])
        if key in labels:
            overall.tp += 1
            by_kind[kind].tp += 1
            by_family[labels[key]].tp += 1
        else:
            overall.fp += 1
            by_kind[kind].fp += 1
            cat = corpus.negatives.get(key, f"unlabelled:{kind}")
            fps.append((hs[0], cat))
            fp_by_cat[cat] += 1
            for rule in {h.rule for h in hs}:
                fp_by_rule[rule] += 1
    fns = []
    fn_by_family: Counter[str] = Counter()
    for key, fam in sorted(labels.items()):
        if key not in counted:
            overall.fn += 1
            by_kind[corpus.kind_of(key[0])].fn += 1
            by_family[fam].fn += 1
            fn_by_family[fam] += 1
            fns.append((key[0], key[1], fam, below.get(key, [])))
    return Report(overall, dict(by_kind), dict(by_family), fps, fns, fp_by_rule, fp_by_cat, fn_by_family,
                  below_threshold_on_positive=sum(1 for k in below if k in labels and k not in counted))


def _line(corpus: Corpus, path: str, line: int) -> str:
    try:
        raw = (corpus.root / path).read_bytes()
    except OSError:
        return ""
    enc = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
    lines = raw.decode(enc, errors="replace").split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def format_report(corpus: Corpus, rep: Report, max_items: int = 400) -> str:
    out = [f"corpus: {len(corpus.kinds)} files, {corpus.bytes / 1e6:.2f} MB, {len(corpus.positives)} positive lines, "
           f"{len(corpus.negatives)} labelled hard negatives; scan {rep.seconds:.2f}s",
           f"OVERALL  {rep.overall.row()}",
           f"(findings below threshold on positive lines not otherwise found: {rep.below_threshold_on_positive})", "",
           "by file kind:"]
    for k, s in sorted(rep.by_kind.items(), key=lambda kv: (kv[1].f1, kv[0])):
        out.append(f"  {k:16s} {s.row()}")
    out += ["", "by provider family (recall; fp counted under the kind above):"]
    for k, s in sorted(rep.by_family.items(), key=lambda kv: (kv[1].recall, kv[0])):
        out.append(f"  {k:20s} found {s.tp:3d}/{s.tp + s.fn:3d}  R={s.recall:.3f}")
    out += ["", "false positives by rule: " + ", ".join(f"{k}={v}" for k, v in rep.fp_by_rule.most_common()),
            "false positives by category: " + ", ".join(f"{k}={v}" for k, v in rep.fp_by_category.most_common()),
            "false negatives by family: " + ", ".join(f"{k}={v}" for k, v in rep.fn_by_family.most_common()), "",
            f"FALSE POSITIVES ({len(rep.fps)}):"]
    for h, cat in rep.fps[:max_items]:
        out.append(f"  {h.path}:{h.line}  [{h.rule} {h.severity}] {h.redacted}  ({cat})  | "
                   f"{mask_line(_line(corpus, h.path, h.line))}")
    out.append(f"FALSE NEGATIVES ({len(rep.fns)}):")
    for path, line, fam, low in rep.fns[:max_items]:
        extra = f" (below threshold: {', '.join(sorted({h.rule for h in low}))})" if low else ""
        out.append(f"  {path}:{line}  expected {fam}{extra}  | {mask_line(_line(corpus, path, line))}")
    return "\n".join(out)


def run(out_dir: Path | None = None, seed: int = 0, cli: bool = False,
        threshold: str = "medium") -> tuple[Corpus, Report]:
    """Generate a corpus (in ``out_dir`` or a temp dir), scan it, score it."""
    root = (out_dir / "corpus") if out_dir else Path(tempfile.mkdtemp(prefix="credscan-corpus-"))
    if root.exists():
        import shutil

        shutil.rmtree(root)
    corpus = generate(root, seed)
    hits, secs = scan_cli(root) if cli else scan_api(root)
    rep = evaluate(corpus, hits, threshold)
    rep.seconds = secs
    return corpus, rep


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Line-level accuracy of credscan on the generated corpus.")
    ap.add_argument("--out", type=Path, help="keep the corpus and write report.txt / report.json here")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cli", action="store_true", help="scan through `credscan scan --format json`")
    ap.add_argument("--threshold", default="medium", help="lowest severity that counts (default: medium)")
    ap.add_argument("--max-items", type=int, default=400, help="how many FP/FN lines to list")
    args = ap.parse_args(argv)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    corpus, rep = run(args.out, args.seed, args.cli, args.threshold)
    text = format_report(corpus, rep, args.max_items)
    print(text)
    if args.out:
        for name, body in (("report.txt", text), ("report.json", json.dumps(rep.as_dict(), indent=2))):
            p = args.out / name
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(body + "\n")
        print(f"\ncorpus in {args.out / 'corpus'}; report in {args.out / 'report.txt'}", file=sys.stderr)
    ok = rep.overall.precision >= 0.95 and rep.overall.recall >= 0.93
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
