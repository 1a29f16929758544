# ruff: noqa: E501
"""Deterministic generator of a realistic, labelled monorepo for measuring credscan.

``generate(root, seed)`` writes a few hundred files (code in a dozen languages, configs,
lockfiles, notebooks, IAM exports, docs, key material) and returns a :class:`Corpus` whose
``positives`` map ``(relative_path, line)`` to the expected provider family of the real
secret on that line; everything else is a negative, and deliberate hard negatives are
recorded with a category in ``negatives``. Every secret is built at run time by
:mod:`tests.fakes` with the real format and checksum; nothing secret-looking is stored in the
repository.

Labelling conventions (line level):
- a line holding a real secret is positive; a key ID and its secret on two lines are two
  positives (``aws.key_id`` and ``aws.secret``), on one line one (``aws.pair``);
- a private key block is labelled on its ``BEGIN`` line only (one finding per block);
- a lone AWS key ID with no secret near it (``list-access-keys``) is not a leaked
  credential and is a negative (scanners report it below the failure threshold);
- Kubernetes ``data:`` values that base64-decode to a real secret are positive
  (``k8s.secret``), decoded user names are not;
- AWS's documented example keys, placeholders, templating, references, hashes, IDs,
  encrypted blobs, public keys, certificates and obviously fake test values are negative.

Run ``python -m tests.corpus.generator OUT_DIR [--seed N]`` to write one and print its stats.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections import Counter
from pathlib import Path

from tests.corpus import (
    filler,
    kinds_docs,
    kinds_extra,
    kinds_infra,
    kinds_js,
    kinds_langs,
    kinds_python,
)
from tests.corpus.core import MARK_RE, Corpus, G, finalize

SERVICES: dict[str, list[str]] = {
    "python": ["billing-api", "ml-pipeline", "reporting", "auth-service", "data-export", "admin-portal"],
    "js": ["web-frontend", "checkout-ui", "notifications", "partner-gateway", "mobile-bff"],
    "go": ["ingest-worker", "edge-router", "metrics-agent", "scheduler"],
    "java": ["orders-service", "inventory", "ledger"],
    "kotlin": ["mobile-android"],
    "csharp": ["dotnet-gateway", "invoicing"],
    "ruby": ["storefront", "mailer"],
    "php": ["legacy-portal", "blog"],
    "rust": ["edge-proxy", "image-resizer"],
    "swift": ["ios-app"],
}

LANG_TEMPLATES = {
    "python": kinds_python.TEMPLATES,
    "js": kinds_js.TEMPLATES,
    "go": kinds_langs.GO,
    "java": kinds_langs.JAVA,
    "kotlin": kinds_langs.KOTLIN,
    "csharp": kinds_langs.CSHARP,
    "ruby": kinds_langs.RUBY,
    "php": kinds_langs.PHP,
    "rust": kinds_langs.RUST,
    "swift": kinds_langs.SWIFT,
}


#: templates that write a file a project has once (lockfiles, settings, manifests)
SINGLETONS = {kinds_python.django_settings, kinds_js.package_lock, kinds_js.yarn_lock, kinds_js.pnpm_lock,
              kinds_js.npmrc, kinds_js.package_json, kinds_langs.go_sum, kinds_langs.spring_properties,
              kinds_langs.spring_yaml, kinds_langs.maven_settings, kinds_langs.kotlin_android,
              kinds_langs.appsettings, kinds_langs.app_config_xml, kinds_langs.rails_database_yml,
              kinds_langs.gemfile_lock, kinds_langs.php_config, kinds_langs.wp_config, kinds_langs.composer_lock,
              kinds_langs.rust_main, kinds_langs.cargo_lock, kinds_langs.swift_config, kinds_langs.csharp_aws}


def _plain_code(g: G, lang: str, d: str) -> None:
    """Files with no secret at all: most of a real repository."""
    n = g.pick(filler.NOUNS)
    if lang == "python":
        g.write(f"{d}/app/{n}s.py", "python", filler.PY_IMPORTS + filler.python(g, g.r.randint(3, 7)))
    elif lang == "js":
        ts = g.chance(0.5)
        g.write(f"{d}/src/{n}s.{'ts' if ts else 'js'}", "typescript" if ts else "javascript",
                "import { api } from './api';\n" + filler.javascript(g, ts, g.r.randint(3, 6)))
    elif lang == "go":
        g.write(f"{d}/internal/{n}/{n}.go", "go", f"package {n}\n" + filler.golang(g, g.r.randint(3, 6)))
    elif lang in ("java", "kotlin"):
        c = n.capitalize()
        if lang == "java":
            g.write(f"{d}/src/main/java/com/acme/{n}/{c}Service.java", "java",
                    f"package com.acme.{n};\n\n@Service\npublic class {c}Service {{\n" + filler.java(g, g.r.randint(3, 5)) + "}\n")
        else:
            g.write(f"{d}/app/src/main/java/com/acme/mobile/{c}.kt", "kotlin",
                    "package com.acme.mobile\n" + "".join(filler.kotlin_block(g) for _ in range(3)))
    elif lang == "csharp":
        c = n.capitalize()
        g.write(f"{d}/Controllers/{c}Controller.cs", "csharp",
                f"namespace Acme.Api.Controllers\n{{\n    public class {c}Controller : ControllerBase\n    {{\n"
                + "".join(filler.csharp_block(g) for _ in range(3)) + "    }\n}\n", newline="\r\n")
    elif lang == "ruby":
        g.write(f"{d}/app/models/{n}.rb", "ruby",
                f"class {n.capitalize()} < ApplicationRecord\n" + "".join(filler.ruby_block(g) for _ in range(3)) + "end\n")
    elif lang == "php":
        g.write(f"{d}/app/Http/Controllers/{n.capitalize()}Controller.php", "php",
                f"<?php\n\nnamespace App\\Http\\Controllers;\n\nclass {n.capitalize()}Controller extends Controller\n{{\n"
                + "".join(filler.php_block(g) for _ in range(2)) + "}\n")
    elif lang == "rust":
        g.write(f"{d}/src/{n}.rs", "rust", "use serde::{Deserialize, Serialize};\n" + "".join(filler.rust_block(g) for _ in range(3)))
    else:
        g.write(f"{d}/Sources/App/{n.capitalize()}.swift", "swift", "import Foundation\n\nstruct Placeholder {}\n")


def build(g: G) -> None:
    """Lay out the whole monorepo in ``g`` (nothing written to disk yet)."""
    for lang, names in SERVICES.items():
        for name in names:
            d = f"services/{name}"
            for tpl in LANG_TEMPLATES[lang]:
                for _ in range(1 if tpl in SINGLETONS else g.r.randint(1, 2)):
                    tpl(g, d)
            for _ in range(g.r.randint(3, 6)):
                _plain_code(g, lang, d)
            for tpl in kinds_infra.SERVICE_TEMPLATES:
                if tpl is kinds_infra.requirements and lang != "python":
                    continue
                if g.chance(0.55):
                    tpl(g, d)
            for tpl in kinds_infra.OPS_TEMPLATES:
                if g.chance(0.3):
                    tpl(g, d)
            for tpl in kinds_docs.SERVICE_TEMPLATES:
                if tpl is kinds_docs.notebook and lang != "python":
                    continue
                if tpl in (kinds_docs.readme, kinds_docs.changelog) or g.chance(0.35):
                    tpl(g, d)
            for tpl in kinds_extra.TEMPLATES:
                if g.chance(0.4):
                    tpl(g, d)
            if lang == "python":
                for _ in range(g.r.randint(1, 3)):
                    kinds_docs.notebook(g, d)
    for tpl in kinds_infra.ONCE_TEMPLATES:
        tpl(g, "infra")
    for tpl in kinds_extra.ONCE:
        tpl(g, "services/reporting")
    g.write(".gitignore", "other", "node_modules/\n__pycache__/\n*.pyc\n.venv/\ndist/\n.terraform/\n")
    g.write("README.md", "markdown", "# acme monorepo\n\nServices live under `services/`, infrastructure under `infra/`.\n")


def top_up(g: G, minimum: int = 4) -> None:
    """Give every provider family at least ``minimum`` positives so per-provider recall means something."""
    counts: Counter[str] = Counter()
    for _kind, text, _nl, _enc in g.files.values():
        if isinstance(text, str):
            counts.update(m.group(2) for m in MARK_RE.finditer(text) if m.group(1) == "P")
    services = [n for names in SERVICES.values() for n in names]
    for family in sorted(kinds_extra.VENDORS):
        for _ in range(minimum - counts[family]):
            kinds_extra.vendor_token(g, f"services/{g.pick(services)}", family)


def generate(root: Path | str, seed: int = 0) -> Corpus:
    """Write a labelled corpus under ``root`` (created if needed) and return its labels."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    g = G(seed)
    build(g)
    top_up(g)
    return finalize(g, root)


def summary(corpus: Corpus) -> str:
    fams = Counter(corpus.positives.values())
    negs = Counter(corpus.negatives.values())
    kinds = Counter(corpus.kinds.values())
    out = [f"files: {len(corpus.kinds)}  bytes: {corpus.bytes}  positive lines: {len(corpus.positives)}  "
           f"hard-negative lines: {len(corpus.negatives)}",
           "positives by family: " + ", ".join(f"{k}={v}" for k, v in fams.most_common()),
           "hard negatives: " + ", ".join(f"{k}={v}" for k, v in negs.most_common()),
           "files by kind: " + ", ".join(f"{k}={v}" for k, v in kinds.most_common())]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--force", action="store_true", help="remove OUT first if it exists")
    args = ap.parse_args(argv)
    if args.out.exists() and args.force:
        shutil.rmtree(args.out)
    corpus = generate(args.out, args.seed)
    print(summary(corpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
