# ruff: noqa: E501
"""A third labelled corpus for credscan, in the style of a security team's leak dataset.

tests/corpus and tests/redteam are *one company's monorepo*. This one is organised by **where
leaks are found** -- ``public-repos/``, ``gists/``, ``paste-sites/``, ``container-layers/``
(files recovered from image layers), ``ci-logs/``, ``log-archives/``, ``s3-buckets/`` (dumps),
``home-dirs/`` (dotfile repos and leaked backups) -- and by **position**: secrets in
multi-line strings, heredocs, YAML block scalars, JSON inside strings inside YAML, dict and
struct literals spread over lines, Java ``.properties`` with unicode escapes, Rust consts,
Kotlin/Swift, nested ``appsettings.json``, Helm anchors, HCL heredocs, inline CI secrets,
notebook outputs and ``!wandb login``, logs that echo the environment, SQL dumps, every
database's connection string, webhooks, bearer tokens in curl examples, key material in
every container format. Hard negatives sit next to them at realistic density.

``generate(root, seed)`` writes it and returns a :class:`tests.redteam.kit.Labelled`
(labels attached by needle, so line numbers are those of the final bytes).

Labelling rules (line level; a line is positive if it holds at least one positive value)
-------------------------------------------------------------------------------------
Positive:
* every usable credential in clear, whatever the syntax or encoding it is written in
  (JSON-escaped in a notebook, a JSON string inside a YAML string, Java ``\\uXXXX``
  escapes, base64 in ``_auth``/``auth``/``client-key-data``/Kubernetes ``data``/Basic headers);
* provider tokens of valid format, including providers outside the issue's list
  (``longtail.*``: New Relic, Postman, Grafana, Databricks, Atlassian, Pulumi, SonarQube,
  Square, Mailchimp) -- reported separately so they can be weighed;
* passwords: hard-coded, in URLs and DSNs of any database, on command lines
  (``mysql -p``, ``sqlplus user/pw``, ``clickhouse-client --password``, ``curl -u``),
  plaintext password columns of SQL dumps (``password.sql``);
* private keys: the ``BEGIN`` line of any block (RSA, EC, DSA, OpenSSH, PKCS#8, PGP), also
  inside YAML block scalars, HCL heredocs, JSON strings and ``echo "...\\n..."``; PuTTY
  ``.ppk`` files on their first line; **encrypted** private keys are reported at low
  severity only (unusable without their passphrase), so they are not labelled positive;
  WireGuard ``PrivateKey``;
* Kubernetes service-account and bootstrap tokens in kubeconfigs; JWTs used as bearer
  tokens (captured requests, logs); rclone's obscured ``pass`` (``rclone.obscured``:
  reversible by design, so a cleartext password);
* Google API keys wherever they appear (Android consts, logs); Firebase web config too, as in
  tests/redteam: credscan reports them, and a key is only safe if restricted, which a file
  cannot show.
Negative:
* public-by-design values: Stripe ``pk_live``, Sentry DSNs, RevenueCat ``appl_`` keys, OAuth
  client IDs, Firebase app IDs, SSH/PGP/JWK public keys, certificates (also base64 in
  ``caBundle``/``certificate-authority-data``), WireGuard ``PublicKey``;
* documented examples and dummies: AWS's example keys, the jwt.io token, ``testing``
  (moto), ``user:password``, ``scott/tiger``, ``postgres:postgres``, values with ``X``
  runs, ``REPLACE_ME``/``CHANGE_ME``/``<...>``/``...``, bad-checksum tokens, ``alg: none``
  JWTs, masked values (``***``, ``[MASKED]``, ``<masked>``);
* hashes and IDs: lockfile integrity/hashes of every ecosystem, checksum lists, git SHAs,
  image digests, ETags, ``__VIEWSTATE``, CSP nonces, Stripe object IDs and PaymentIntent
  client secrets in fixtures, Twilio SIDs, IAM unique IDs, lone (deactivated) AWS key IDs;
* password hashes (bcrypt, argon2, pbkdf2, sha512-crypt, md5-crypt, phpass, MySQL native);
* encrypted values: SealedSecrets, sops, KMS ciphertext blobs, ansible-vault, Jenkins and
  Maven ``{...}``, Rails ``credentials.yml.enc``;
* references and templating (``${...}``, ``{{ ... }}``, ``<%= ... %>``, ``secretKeyRef``,
  ``os.environ``, ``credentials('id')``), generated code, minified bundles, i18n strings.

Run ``python -m tests.redteam2.generator OUT_DIR [--seed N]`` to write one and print stats.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from tests.redteam.generator import stats
from tests.redteam.kit import Labelled, Repo
from tests.redteam2 import benign, code, dotfiles, more, ops


def generate(root: Path, seed: int = 0) -> Labelled:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    rp = Repo(root, seed)
    rp.r.seed(f"credscan-redteam2-{seed}")
    dotfiles.home_dirs(rp, "home-dirs")
    code.all_code(rp, "public-repos")
    ops.all_ops(rp)
    more.all_more(rp)
    benign.all_benign(rp)
    return rp.out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    print(stats(generate(Path(a.out), a.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
