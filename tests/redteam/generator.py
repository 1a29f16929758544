# ruff: noqa: E501
"""An independent, realistic red-team corpus for credscan (a second opinion on tests/corpus).

``generate(root, seed)`` writes a company monorepo of ~600-800 files: a Rails app, Spring Boot
services, a Node/TypeScript workspace (three lockfile formats, Next.js, a checked-in build),
Go services, a data-science repo with notebooks, a Django site, Terraform (with state),
Ansible, Helm, Kubernetes, CI pipelines, containers, scripts, .NET, PHP/WordPress/Laravel,
Android/iOS, docs, IAM exports, logs, SQL and key material. It returns a
:class:`tests.redteam.kit.Labelled` with the positive lines (and their provider) and the
lines of deliberate hard negatives (and their category).

Labels are attached by *needle*: a builder registers each real secret it writes and the
writer labels every line of the final file on which that value (or its JSON/XML-escaped
form) lands. Every fake secret is built at run time by :mod:`tests.fakes`.

Labelling decisions (line level, one label per line however many findings it holds)
-----------------------------------------------------------------------------------
Positive -- a usable credential in clear on that line:
* AWS: key ID and secret on different lines are two positives, on one line (credentials.csv,
  a constructor call) one; session tokens and ``ses_smtp_password_v4`` in state are positive.
  A lone key ID (``list-access-keys``, redacted logs) is NOT positive.
* PEM private keys: the ``BEGIN`` line only (also inside JSON/template strings); a base64
  PEM (kubeconfig ``client-key-data``) on its own line.
* Provider tokens with a valid format (GitHub, GitLab, npm, PyPI, Slack, Stripe secret,
  restricted and webhook keys, OpenAI, Anthropic, SendGrid, Mailgun, Heroku, Terraform Cloud,
  Docker Hub, Azure keys/connection strings/client secrets, Hugging Face, W&B, Kaggle,
  Datadog, Algolia *admin* keys, Mapbox ``sk.`` tokens, Resend).
* Google API keys (``AIza...``) wherever they appear -- including Firebase web config,
  ``google-services.json``, ``GoogleService-Info.plist`` and minified bundles (provider
  ``google.firebase``). Rationale: the key is a bearer credential for every API enabled on
  the project unless restricted, which the file cannot show; GitHub secret scanning and
  Google's own guidance treat a leaked key as something to restrict or rotate. Reported
  separately so the lead can weigh the opposite choice.
* Passwords: hard-coded DB/SMTP/keystore/admin passwords, human-chosen or generated, in any
  syntax (YAML, properties, INI, XML, PHP define, SQL CREATE USER / IDENTIFIED BY, shell
  ``-p``, ``curl -u``, PowerShell ``ConvertTo-SecureString``, Ansible inventory
  ``ansible_ssh_pass``), and credentials inside URLs (DSNs, pip index URLs, git remotes,
  Gemfile.lock sources).
* Framework secrets: Django ``SECRET_KEY`` (also as the default of ``os.environ.get``), Rails
  ``master.key`` and ``secret_key_base``, Laravel ``APP_KEY``, ASP.NET ``machineKey``,
  WordPress ``AUTH_KEY``/``*_SALT`` (each of the 8 lines), JWT signing secrets.
* Kubernetes ``Secret`` ``data:`` values that decode to a password; Docker ``config.json``
  ``auth`` and npm ``_auth`` (base64 user:password).
Negative -- everything else, in particular:
* public-by-design values: Stripe ``pk_live``, Mapbox ``pk.``, Sentry DSNs (public key only),
  Algolia search-only keys, Google OAuth client IDs, Firebase appId, Segment/PostHog keys;
* AWS documented example keys, placeholders, redacted/truncated values, templating and
  references (``${...}``, ``{{ ... }}``, ``<%= ENV %>``, ``secretKeyRef``, ``$(VAR)``);
* well-known defaults and obviously fake fixtures (``changeit``, ``postgres``, ``sa``,
  ``minioadmin``, ``example``, ``test``, ``hunter2``, ``mock-access-token``, localstack);
* hashes, digests, lockfile integrity, IDs, encrypted blobs (ansible-vault, sops, Jenkins,
  Maven, Rails ``credentials.yml.enc``), password hashes, public keys, certificates, base64
  certificates (``caBundle``), images, source maps, invalid JWTs, bad-checksum tokens;
* Django ``django-insecure-`` dev keys explicitly marked dev-only.

Run ``python -m tests.redteam.generator OUT_DIR [--seed N]`` to write one and print its stats.
"""

from __future__ import annotations

import argparse
import shutil
from collections import Counter
from pathlib import Path

from tests.redteam import filler, p_apps, p_infra, p_js, p_misc, p_more, p_neg, p_py, p_tail
from tests.redteam.kit import Labelled, Repo


def _polyglot(rp: Repo, base: str) -> None:
    """Small services in assorted languages: the long tail of code without secrets."""
    makers = [("py", filler.py_module), ("ts", filler.ts_module), ("go", filler.go_file), ("java", filler.java_class), ("rb", filler.ruby_model),
              ("php", filler.php_class), ("cs", filler.cs_class), ("kt", filler.kotlin_file), ("rs", filler.rust_file), ("swift", filler.swift_file), ("sh", filler.shell_script)]
    for svc in ["search-indexer", "pdf-renderer", "geo-lookup", "fx-rates", "audit-trail", "feature-flags", "email-templates", "sso-bridge",
                "tax-engine", "image-proxy", "webhooks-relay", "rate-limiter", "csv-importer"]:
        ext, fn = rp.pick(makers)
        for i in range(rp.n(5, 9)):
            rp.write(f"{base}/{svc}/src/{rp.word()}_{i}.{ext}", fn(rp, svc))
        rp.write(f"{base}/{svc}/README.md", filler.markdown_doc(rp, svc))
        rp.write(f"{base}/{svc}/test/test_{rp.word()}.py", filler.py_test(rp, svc))


def generate(root: Path, seed: int = 0) -> Labelled:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    rp = Repo(root, seed)
    for name in ["storefront", "mailer"]:
        p_apps.rails(rp, f"apps/{name}")
    for name in ["orders-service", "ledger", "inventory"]:
        p_apps.spring(rp, f"services/{name}")
    for name in ["ingest-worker", "edge-router"]:
        p_apps.go_service(rp, f"services/{name}")
    p_js.monorepo(rp, "web")
    p_js.nextjs(rp, "web/apps/admin")
    p_js.bundle(rp, "web/apps/admin")
    p_py.ds_repo(rp, "data/ml-platform")
    p_py.ds_repo(rp, "data/analytics")
    p_py.django_site(rp, "apps/portal")
    p_infra.infra_repo(rp, "infra")
    p_infra.helm(rp, "platform/charts", "billing")
    p_infra.k8s(rp, "platform")
    p_infra.github_actions(rp, "apps/storefront")
    p_infra.containers(rp, "services/orders-service")
    p_infra.scripts(rp, "tools")
    p_misc.dotnet(rp, "dotnet")
    p_misc.php(rp, "php")
    p_misc.mobile(rp, "mobile")
    p_misc.docs(rp, ".")
    p_misc.iam_exports(rp, "ops")
    p_misc.logs(rp, "var")
    p_misc.keys_and_hashes(rp, "shared")
    p_more.more(rp, "platform")
    p_tail.tail(rp, "contrib")
    p_neg.hard_negatives(rp, "common")
    _polyglot(rp, "libs")
    return rp.out


def stats(c: Labelled) -> str:
    files = len(c.kinds)
    per_prov = Counter(c.positives.values())
    per_kind = Counter(c.kind_of(p) for p, _ in c.positives)
    lines = [f"files={files} bytes={c.nbytes} positive_lines={len(c.positives)} hard_negative_lines={len(c.negatives)}",
             "positives by provider: " + ", ".join(f"{k}={v}" for k, v in sorted(per_prov.items())),
             "positives by kind: " + ", ".join(f"{k}={v}" for k, v in sorted(per_kind.items())),
             "files by kind: " + ", ".join(f"{k}={v}" for k, v in sorted(Counter(c.kinds.values()).items()))]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    print(stats(generate(Path(a.out), a.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
