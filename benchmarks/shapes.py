"""Shapes: does each provider rule still fire when its value sits in another syntax?

Other scanners test a rule by writing its value into many assignment shapes (INI, JSON,
YAML block scalars, C, Go, Java, shell, XML, PowerShell ...) next to the provider's name. This
benchmark does the same with credscan's own generated examples: for every provider rule it
expands the positive recipes, takes the value the rule reports, writes it into each shape with
the rule's identifier (its first keyword) in three spellings, and counts the shapes where the
same rule, or any rule, still reports the value. Values come from the recipes (generated at
run time); nothing is printed whole.

    python benchmarks/shapes.py                 # per-shape rates, worst rules
    python benchmarks/shapes.py --rule adobe    # the misses of matching rules (redacted)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict

#: name -> template; {n} is the name (provider identifier plus a suffix), {v} the value
SHAPES: dict[str, str] = {
    "ini-quoted": '{n}="{v}"',
    "ini-spaced": '{n} = "{v}"',
    "ini-bare": "{n}={v}",
    "ini-bare-spaced": "{n} = {v}",
    "json": '{{\n    "{n}": "{v}"\n}}',
    "json-inline": '{{"{n}":"{v}"}}',
    "yaml-bare": "{n}: {v}",
    "yaml-single": "{n}: '{v}'",
    "yaml-double": '{n}: "{v}"',
    "yaml-literal": "{n}: |\n  {v}",
    "yaml-folded": "{n}: >\n  {v}",
    "c-array": 'char {n}[] = "{v}";',
    "c-define": '#define {N} "{v}"',
    "csharp": 'string {n} = "{v}";',
    "go-var": 'var {n} string = "{v}"',
    "go-short": '{n} := "{v}"',
    "go-backtick": "{n} := `{v}`",
    "java": 'String {n} = "{v}";',
    "java-final": 'private static final String {N} = "{v}";',
    "js-const": "const {n} = '{v}';",
    "js-template": "let {n} = `{v}`;",
    "js-object": "  {n}: '{v}',",
    "kotlin": 'val {n}: String = "{v}"',
    "php": "${n} = '{v}';",
    "php-array": "'{n}' => '{v}',",
    "python": '{n} = "{v}"',
    "python-dict": '    "{n}": "{v}",',
    "python-kwarg": 'client = Client({n}="{v}")',
    "ruby-symbol": ':{n} => "{v}",',
    "ruby-hash": '{n}: "{v}",',
    "shell-export": 'export {N}="{v}"',
    "shell-bare": "{N}={v}",
    "dotenv-comment": "{N}={v}  # from the dashboard",
    "docker-env": "ENV {N}={v}",
    "compose-list": "      - {N}={v}",
    "powershell": '$env:{N} = "{v}"',
    "bat": "set {N}={v}",
    "xml-element": "<{n}>{v}</{n}>",
    "xml-attr": '<add key="{n}" value="{v}" />',
    "properties": "{d}={v}",
    "toml": '{n} = "{v}"',
    "tf-var": 'variable "{n}" {{\n  default = "{v}"\n}}',
    "cli-flag": "tool --{k}-token {v}",
    "header": "{K}-Token: {v}",
    "swift": 'let {n} = "{v}"',
    "rust": 'const {N}: &str = "{v}";',
}

SUFFIXES = ("Token", "_api_key", "Secret")


def _names(ident: str, suffix: str) -> dict[str, str]:
    base = re.sub(r"[^A-Za-z0-9]+", "_", ident).strip("_") or "svc"
    camel = base.lower() + suffix.strip("_").title().replace("_", "")
    snake = f"{base.lower()}_{suffix.strip('_').lower()}"
    n = camel if suffix[0].isupper() else snake
    return {"n": n, "N": snake.upper(), "d": snake.replace("_", "."), "k": base.lower(),
            "K": base.title()}


def _identifier(rule: object) -> str | None:
    """The provider's name as it appears in text: the first keyword that is a word."""
    for k in getattr(rule, "keywords", ()):
        k = k.strip("_-. ")
        if len(k) >= 3 and re.fullmatch(r"[a-z][a-z0-9]+", k):
            return k
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rule", help="list redacted misses of rules whose id contains this")
    ap.add_argument("--worst", type=int, default=25)
    args = ap.parse_args(argv)

    from scanner.api import build_scanner, scan_text
    from scanner.redact import redact
    from scanner.rules.examples import expand_all
    from scanner.rules.loader import builtin_rules

    sc = build_scanner()
    per_shape_same: Counter[str] = Counter()
    per_shape_any: Counter[str] = Counter()
    per_shape_total: Counter[str] = Counter()
    per_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    rules_used = 0
    for rule in builtin_rules():
        if rule.provider == "generic" or rule.examples is None or rule.paths:
            continue
        ident = _identifier(rule)
        if ident is None:
            continue
        value = None
        for text in expand_all(rule.examples.positive, f"{rule.id}+shape"):
            for f in scan_text(text.encode(), "app/config.py", scanner=sc):
                if f.rule_id == rule.id and "\n" not in f.secret and len(f.secret) >= 8:
                    value = f.secret
                    break
            if value:
                break
        if value is None:
            continue
        rules_used += 1
        for shape, tmpl in SHAPES.items():
            for suffix in SUFFIXES:
                text = tmpl.format(v=value, **_names(ident, suffix)) + "\n"
                got = scan_text(text.encode(), "src/settings.txt", scanner=sc)
                same = any(f.rule_id == rule.id for f in got)
                anyr = any(value in f.secret or f.secret in value for f in got if f.secret)
                per_shape_total[shape] += 1
                per_shape_same[shape] += same
                per_shape_any[shape] += anyr
                per_rule[rule.id][0] += 1
                per_rule[rule.id][1] += same
                if not anyr and args.rule and args.rule in rule.id:
                    misses.append(f"{rule.id:32s} {shape:16s} "
                                  f"{text.replace(value, redact(value)).strip()!r}")

    total = sum(per_shape_total.values())
    print(f"{rules_used} provider rules x {len(SHAPES)} shapes x {len(SUFFIXES)} names = {total}")
    print(f"OVERALL  same rule {sum(per_shape_same.values()) / total:.1%}   "
          f"any rule {sum(per_shape_any.values()) / total:.1%}")
    print(f"{'shape':18s} {'same rule':>10s} {'any rule':>10s}")
    for shape in sorted(SHAPES, key=lambda s: per_shape_any[s] / per_shape_total[s]):
        t = per_shape_total[shape]
        print(f"{shape:18s} {per_shape_same[shape] / t:10.1%} {per_shape_any[shape] / t:10.1%}")
    worst = sorted(per_rule.items(), key=lambda kv: kv[1][1] / kv[1][0])[: args.worst]
    print(f"\nworst {args.worst} rules by shapes where the same rule fires:")
    for rid, (t, s) in worst:
        print(f"  {s / t:6.1%}  {rid}")
    for m in misses:
        print(m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
