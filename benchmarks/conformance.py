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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanner.models import Finding

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

#: Negatives excluded from the negative count, with the reason. A peer's negative example says
#: "this rule must not fire"; where the text is in fact another real token type of the same
#: provider, credscan is right to report it (as that type). Each entry: peer rule name ->
#: (credscan provider the findings must all belong to, reason).
EXCLUDE_NEGATIVES: dict[str, tuple[str, str]] = {
    "Hashicorp Vault Service Token (< v1.10)": (
        "hashicorp", "an hvs. token is the >= 1.10 service token format, reported as vault-token"),
    "Hashicorp Vault Batch Token (< v1.10)": (
        "hashicorp", "an hvb. token is the >= 1.10 batch token format, reported as vault-token"),
    "Hashicorp Vault Recovery Token (< v1.10)": (
        "hashicorp", "an hvr. token is the >= 1.10 recovery token format, reported as vault-token"),
    "Hashicorp Vault Service Token (>= v1.10)": (
        "hashicorp", "an s. token beside VAULT_* is the legacy (< 1.10) service token format"),
    "Hashicorp Vault Batch Token (>= v1.10)": (
        "hashicorp", "a b. token beside VAULT_* is the legacy (< 1.10) batch token format"),
    "Hashicorp Vault Recovery Token (>= v1.10)": (
        "hashicorp", "an r. token beside VAULT_* is the legacy (< 1.10) recovery token format"),
    "Slack Bot Token": ("slack", "the text holds a Slack user (xoxp-) or legacy token"),
    "Slack User Token": ("slack", "the text holds a Slack bot (xoxb-) or legacy token"),
    "Slack Legacy Bot Token": ("slack", "the text holds a current Slack bot or user token"),
    "NPM Access Token (fine-grained)": ("npm", "a UUID NPM_TOKEN is the legacy npm token format"),
}
#: Why a missed positive is not reported by design: its value is a placeholder.
PLACEHOLDER_REASONS = ("placeholder", "sequence", "repeated", "diversity", "example")


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
    ap.add_argument("--family", metavar="NAME",
                    help="per-provider figures for peer rules about providers of this credscan "
                         "rule family (providers/NAME.toml), e.g. cloud, devtools, payments")
    ap.add_argument("--misses", metavar="SUBSTRING",
                    help="list redacted misses / false flags of rules whose name contains this")
    args = ap.parse_args(argv)
    if not args.file.exists():
        print(f"conformance file not found: {args.file}", file=sys.stderr)
        return 2

    from scanner.api import build_scanner, scan_text

    sc = build_scanner()

    thr = SEVERITIES.index(args.threshold)
    overall, by_source = Tally(), defaultdict(Tally)
    by_rule: dict[str, Tally] = defaultdict(Tally)
    errors = 0
    rows = load(args.file)
    positives_text = defaultdict(set)
    for row in rows:
        if row["label"] == "positive":
            positives_text[row["text_b64"]].add(row["rule_name"])
    excluded: list[str] = []
    placeholders = Tally()
    for row in rows:
        text = base64.b64decode(row["text_b64"]).decode("utf-8", "replace")
        try:
            findings = scan_text(text, scanner=sc)
        except Exception as exc:  # noqa: BLE001 - a crash is a result to report, not a stop
            errors += 1
            print(f"error on {row['rule_id']}: {type(exc).__name__}", file=sys.stderr)
            findings = []
        hit = any(SEVERITIES.index(f.severity.value) >= thr for f in findings)
        src = row.get("source", "?").split("@")[0]
        if row["label"] == "negative" and hit:
            why = _excluded(row, findings, positives_text)
            if why:
                excluded.append(f"{row['rule_name']}: {why}")
                continue
        if row["label"] == "negative" and any(
                f.provider != "generic" and SEVERITIES.index(f.severity.value) >= thr
                for f in findings):
            placeholders.neg_hit += 1  # flagged by a provider-specific rule
        if row["label"] == "positive" and not hit and _placeholder_only(text):
            placeholders.pos += 1
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
    real = overall.pos - placeholders.pos
    print(f"  positives whose every candidate value is a placeholder (sequences such as abcd1234, "
          f"repeated or keyboard runs; never reported by design): {placeholders.pos}; "
          f"positives detected among the rest {overall.pos_hit}/{real} = "
          f"{overall.pos_hit / max(real, 1):.1%}")
    print(f"  negatives flagged by a provider-specific rule (not a generic one): "
          f"{placeholders.neg_hit}")
    print(f"  negatives excluded (another real token of the same provider, or the same text is a "
          f"positive of another peer rule): {len(excluded)}")
    for line in sorted(set(excluded)):
        print(f"    - {line}")
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

    if args.family:
        _family_view(args.family, by_rule)

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


def _family_view(family: str, by_rule: dict[str, Tally]) -> None:
    """Peer rules whose name starts with a provider of ``family`` (first word, letters only)."""
    from scanner.rules.loader import builtin_rules

    provs = {r.provider.lower() for r in builtin_rules() if r.family == family}
    norm = re.compile(r"[^a-z0-9]")
    names = {n: t for n, t in by_rule.items()
             if norm.sub("", n.lower().split()[0]) in provs
             or norm.sub("", n.lower().replace(" ", ""))[:12] in {p[:12] for p in provs}}
    pos, hit = sum(t.pos for t in names.values()), sum(t.pos_hit for t in names.values())
    neg, nhit = sum(t.neg for t in names.values()), sum(t.neg_hit for t in names.values())
    print(f"\nfamily {family!r}: {len(names)} peer rules; positives detected {hit}/{pos} = "
          f"{hit / max(pos, 1):.1%}; negatives flagged {nhit}/{neg}")
    for name, t in sorted(names.items()):
        print(f"  {t.pos_hit:3d}/{t.pos:<3d} neg {t.neg_hit}/{t.neg}  {name}")


def _excluded(row: dict[str, str], findings: list[Finding],
              positives_text: dict[str, set[str]]) -> str | None:
    """The reason a flagged negative does not count, or ``None``."""
    others = positives_text.get(row["text_b64"], set()) - {row["rule_name"]}
    if others:
        return f"the same text is a positive example of {sorted(others)[0]!r}"
    rule = EXCLUDE_NEGATIVES.get(row["rule_name"])
    if rule and all(f.provider == rule[0] for f in findings):
        return rule[1]
    if row["rule_name"].lower().startswith("generic") and all(
            f.provider != "generic" for f in findings):
        return ("a provider rule recognises the value's own format (a peer's generic rule stays "
                "silent there because its provider rule reports it)")
    return None


def _placeholder_only(text: str) -> bool:
    """True if some rule's pattern matches but every match was dropped as a placeholder."""
    from scanner.engine import filters
    from scanner.engine.regex import compile_bytes, secret_group
    from scanner.rules.loader import builtin_rules

    data = text.encode("utf-8", "replace")
    low = data.lower()
    seen = False
    for r in builtin_rules():
        if r.paths or not any(k.encode() in low for k in r.keywords):
            continue
        rx = compile_bytes(r.pattern)
        g = secret_group(rx)
        for m in rx.finditer(data):
            secret = m.group(g).decode("utf-8", "replace")
            reasons = [filters.FILTERS[f](secret, text, None)
                       for f in ("placeholder", "repetition")]
            if not any(w and any(p in w for p in PLACEHOLDER_REASONS + ("sequence", "keyboard"))
                       for w in reasons):
                return False
            seen = True
    return seen


if __name__ == "__main__":
    sys.exit(main())
