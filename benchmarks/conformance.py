"""Conformance: how much of other scanners' published rule examples credscan detects.

Reads ``../shared/conformance/peer-rule-examples.jsonl`` (beside the repository, at run
time; never copied into the project): about 2 000 example strings from the rule files of
kingfisher and Nosey Parker, each labelled ``positive`` (the rule must fire) or
``negative`` (it must not), with the rule's name. Each example is scanned with
``scanner.api.scan_text``. Reports the share of positives detected and of negatives
flagged, overall, per source and per provider (``rule_name``), worst providers first.
Values are never printed whole (redacted).

    python benchmarks/conformance.py                  # summary + worst 25 providers
    python benchmarks/conformance.py --worst 60 --threshold medium
    python benchmarks/conformance.py --misses "Slack"  # redacted misses of matching rules
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FILE = REPO.parent / "shared" / "conformance" / "peer-rule-examples.jsonl"
SEVERITIES = ["info", "low", "medium", "high", "critical"]

#: providers issue 2 names (rule_name substrings, lower case): the in-scope view
IN_SCOPE = ["aws", "amazon", "github", "gitlab", "slack", "stripe", "google", "gcp", "azure",
            "openai", "anthropic", "npm", "pypi", "twilio", "sendgrid", "mailgun", "shopify",
            "discord", "telegram", "heroku", "digitalocean", "docker", "terraform", "vault", "jwt",
            "json web token", "private key", "postgres", "mysql", "connection string", "netrc",
            "django", "password", "generic"]

#: peer rules that flag what issue 2 says is not a secret (hashes, names, hosts, IDs)
OUT_OF_SCOPE = ["hash", "resource name", "bucket", "domain", "host", "username", "pattern",
                "account id", "recipient", "public key"]

_TOKEN = re.compile(r"[^\s\"'`,;()\[\]{}<>|=:]{8,}")


@dataclass
class Tally:
    pos: int = 0
    pos_hit: int = 0
    neg: int = 0
    neg_hit: int = 0
    missed: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.pos_hit / self.pos if self.pos else 1.0

    @property
    def fp_rate(self) -> float:
        return self.neg_hit / self.neg if self.neg else 0.0


def masked(text: str, limit: int = 140) -> str:
    """The example with every long token redacted (the value itself is never shown)."""
    from scanner.redact import redact

    out = _TOKEN.sub(lambda m: redact(m.group(0)), " ".join(text.split()))
    return out if len(out) <= limit else out[:limit] + "..."


def load(path: Path) -> list[dict[str, str]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--file", type=Path, default=DEFAULT_FILE)
    ap.add_argument("--threshold", default="info", choices=SEVERITIES,
                    help="lowest severity that counts as detected/flagged (default: any)")
    ap.add_argument("--worst", type=int, default=25, help="how many providers to list")
    ap.add_argument("--misses", metavar="SUBSTRING",
                    help="list redacted misses / false flags of rules whose name contains this")
    args = ap.parse_args(argv)
    if not args.file.exists():
        print(f"conformance file not found: {args.file}", file=sys.stderr)
        return 2

    from scanner.api import scan_text

    thr = SEVERITIES.index(args.threshold)
    overall, by_source = Tally(), defaultdict(Tally)
    by_rule: dict[str, Tally] = defaultdict(Tally)
    errors = 0
    rows = load(args.file)
    for row in rows:
        text = base64.b64decode(row["text_b64"]).decode("utf-8", "replace")
        try:
            findings = scan_text(text)
        except Exception as exc:  # noqa: BLE001 - a crash is a result to report, not a stop
            errors += 1
            print(f"error on {row['rule_id']}: {type(exc).__name__}", file=sys.stderr)
            findings = []
        hit = any(SEVERITIES.index(f.severity.value) >= thr for f in findings)
        src = row.get("source", "?").split("@")[0]
        for t in (overall, by_source[src], by_rule[row["rule_name"]]):
            if row["label"] == "positive":
                t.pos += 1
                t.pos_hit += hit
            else:
                t.neg += 1
                t.neg_hit += hit
        t = by_rule[row["rule_name"]]
        if row["label"] == "positive" and not hit:
            t.missed.append(masked(text))
        elif row["label"] == "negative" and hit:
            rules = ",".join(sorted({f.rule_id for f in findings}))
            t.flagged.append(f"{masked(text)}  <- {rules}")

    print(f"{args.file.name}: {len(rows)} examples; counting findings at or above "
          f"'{args.threshold}'{'; scan errors: ' + str(errors) if errors else ''}")
    print(f"OVERALL   positives detected {overall.pos_hit}/{overall.pos} = {overall.recall:.1%}   "
          f"negatives flagged {overall.neg_hit}/{overall.neg} = {overall.fp_rate:.1%}")
    for src, t in sorted(by_source.items()):
        print(f"  {src:12s} positives {t.pos_hit}/{t.pos} = {t.recall:.1%}   "
              f"negatives flagged {t.neg_hit}/{t.neg} = {t.fp_rate:.1%}")
    full = sum(1 for t in by_rule.values() if t.pos and t.pos_hit == t.pos)
    none = sum(1 for t in by_rule.values() if t.pos and t.pos_hit == 0)
    print(f"providers (rule_name): {len(by_rule)}; fully detected {full}, never detected {none}")

    print(f"\nworst {args.worst} providers by share of positives detected:")
    ranked = sorted((t.recall, -t.pos, name) for name, t in by_rule.items() if t.pos)
    for recall, _neg_pos, name in ranked[: args.worst]:
        t = by_rule[name]
        print(f"  {recall:6.1%}  {t.pos_hit:3d}/{t.pos:<3d}  {name}")
    scope = {n: t for n, t in by_rule.items() if any(k in n.lower() for k in IN_SCOPE)
             and not any(k in n.lower() for k in OUT_OF_SCOPE)}
    sp, sh = sum(t.pos for t in scope.values()), sum(t.pos_hit for t in scope.values())
    print(f"\nin scope of issue 2 ({len(scope)} rule names): positives detected {sh}/{sp} = "
          f"{sh / max(sp, 1):.1%}; worst:")
    for recall, _neg_pos, name in sorted((t.recall, -t.pos, n) for n, t in scope.items()
                                         if t.pos)[: args.worst]:
        t = scope[name]
        print(f"  {recall:6.1%}  {t.pos_hit:3d}/{t.pos:<3d}  {name}")
    flagged = sorted(((t.neg_hit, name) for name, t in by_rule.items() if t.neg_hit), reverse=True)
    if flagged:
        print("\nproviders whose negative examples were flagged (a negative is 'this rule must not"
              " fire'; another kind of secret in it may rightly be reported):")
        for n, name in flagged[: args.worst]:
            print(f"  {n:3d}/{by_rule[name].neg:<3d}  {name}")

    if args.misses:
        needle = args.misses.lower()
        print(f"\nexamples of rules matching {args.misses!r} (redacted):")
        for name, t in sorted(by_rule.items()):
            if needle in name.lower():
                for m in t.missed:
                    print(f"  MISS  [{name}] {m}")
                for m in t.flagged:
                    print(f"  FLAG  [{name}] {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
