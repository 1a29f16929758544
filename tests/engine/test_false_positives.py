"""False-positive control: each family of look-alikes the engine must stay quiet on."""

from __future__ import annotations

import json

import pytest

from scanner.api import scan_text
from scanner.models import Severity
from tests import fakes as F

NEGATIVES: dict[str, tuple[str, str]] = {
    # placeholders and templating
    "angle": ("c.yml", "password: <your-password>"),
    "dollar-brace": ("c.env", "DB_PASSWORD=${DB_PASSWORD}"),
    "jinja": ("c.yml.j2", "password: \"{{ vault_db_password }}\""),
    "helm": ("values.yaml", "password: {{ .Values.db.password }}"),
    "xxxx": ("c.py", "api_key = 'xxxxxxxxxxxxxxxxxxxxxxxx'"),
    "changeme": ("c.ini", "password = changeme"),
    "your-here": ("c.py", "SECRET_TOKEN = 'your-secret-token-here'"),
    "asterisks": ("c.py", "password = '********'"),
    "erb": ("database.yml", "password: <%= ENV['DB_PASSWORD'] %>"),
    "shell-subst": ("run.sh", "export PGPASSWORD=$(cat /run/secrets/pg)"),
    "wrapped": ("app.config", 'password="__DB_PASSWORD__"'),
    # references
    "os-environ": ("c.py", "password = os.environ['DB_PASSWORD']"),
    "getenv": ("c.py", 'api_key = os.getenv("API_KEY")'),
    "process-env": ("c.js", "const token = process.env.GITHUB_TOKEN;"),
    "gh-secrets": ("ci.yml", "token: ${{ secrets.NPM_TOKEN }}"),
    "k8s-ref": ("dep.yml", "        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: db"),
    "ssm": ("main.tf", 'password = data.aws_ssm_parameter.db_password.value'),
    "secrets-manager": ("c.py", 'secret = client.get_secret_value(SecretId="prod/db")["SecretString"]'),
    "vault-lookup": ("c.yml", "password: \"{{ lookup('hashi_vault', 'secret=db:password') }}\""),
    "attr": ("c.py", "self.password = password"),
    "settings": ("c.py", "token = settings.API_TOKEN"),
    # hashes and IDs
    "git-sha": ("c.json", f'"commit": "{F.git_sha(1)}"'),
    "uuid": ("c.json", f'"client_secret_id": "{F.uuid4(1)}"'),
    "integrity": ("package-lock.json", f'"integrity": "{F.sri_integrity(1)}"'),
    "pip-hash": ("requirements.txt", f"requests==2.31.0 --hash=sha256:{F.sha256_hex(1)}"),
    "go-sum": ("go.sum", f"github.com/pkg/errors v0.9.1 {F.go_sum_hash(1)}"),
    "etag": ("resp.json", f'"ETag": "\\"{F.s3_etag(1)}\\""'),
    "request-id": ("log.txt", f"x-amz-request-id: {F.aws_request_id(1)}"),
    "sha256-token-name": ("c.py", f"token_hash = '{F.sha256_hex(3)}'"),
    # password hashes
    # (bcrypt and crypt(3) hashes: see test_crypt_hashes_are_low_severity_not_passwords)
    "argon2": ("users.yml", f"password_hash: '{F.argon2_hash(1)}'"),
    "pbkdf2": ("fixtures.json", f'"password": "{F.pbkdf2_django_hash(1)}"'),
    # encrypted blobs
    "ansible-vault": ("vars.yml", "db_password: !vault |\n" + F.ansible_vault_blob(1, indent="  ")),
    "sops": ("secrets.yaml", f"password: {F.sops_value(1)}"),
    "jenkins": ("credentials.xml", f"<password>{F.jenkins_secret(1)}</password>"),
    # public material and media
    "public-key": ("key.pub", F.pem_public_key(1)),
    "certificate": ("cert.pem", F.pem_certificate(1)),
    "ssh-pub": ("authorized_keys", F.ssh_public_key(1)),
    "data-uri": ("a.css", "background: url(data:image/png;base64," + F.png_base64(1) + ");"),
    # code, not values
    "field-name": ("c.py", 'PASSWORD_FIELD = "password_confirmation"'),
    "type-name": ("c.ts", 'tokenType: "Bearer"'),
    "length": ("c.py", "min_password_length = 12"),
    "i18n": ("en.json", '"password": "Password must contain at least 8 characters"'),
    "words": ("c.py", 'secret_name = "prod-database-credentials"'),
    "func": ("c.py", "password = get_password_from_keyring(user)"),
    "csrf": ("form.html", '<input name="csrf_token" value="' + F.api_key_alnum(1, 32) + '">'),
    "path": ("c.yml", "private_key: /etc/ssl/private/server.key"),
    "graphql-type": ("schema.graphql", "  password: String!"),
    "timestamp": ("user.json", '"PasswordLastUsed": "2016-09-08T21:47:36Z",'),
    "camel-identifier": ("paginators.json", '"result_key": "archiveRules"'),
    "method-call": ("auth.py", 'password = password.encode("latin1")'),
    "compass": ("lexer.py", "'motorsWrite', 'drawCompass', 'digitalRead', 'clearScreen'"),
    "keyboard": ("lisp.py", "'w32-get-valid-keyboard-layouts', 'w32-get-valid-locale-ids'"),
    "truncated": ("doc.json", '"PurchaseToken": "eyJ2IjoiMSIsInMiOjEsImMiOi...",'),
    "version-range": ("VERSIONS", "spwd: 3.0-3.12"),
    "example-host": ("README.md", "nodeenv --mirror=https://user:p%2Fss@artifactory.example.com/nodejs"),
    "maven-encrypted": ("settings.xml", "<password>{" + F.rand("mvn", F.B64, 44) + "}</password>"),
}


@pytest.mark.parametrize("case", sorted(NEGATIVES))
def test_no_false_positive(case: str) -> None:
    path, text = NEGATIVES[case]
    found = scan_text(text, path)
    assert found == [], [(f.rule_id, f.line) for f in found]


@pytest.mark.parametrize(("path", "text", "rule"), [
    ("users.yml", f"password: '{F.bcrypt_hash(1)}'", "password-hash-bcrypt"),
    ("shadow.yml", f"password: '{F.sha512_crypt(1)}'", "password-hash-sha512crypt"),
], ids=["bcrypt", "sha512crypt"])
def test_crypt_hashes_are_low_severity_not_passwords(path: str, text: str, rule: str) -> None:
    """A password hash is not the password (no password finding), but it can be cracked
    offline: the hash rule reports it at low severity, below the default threshold."""
    found = scan_text(text, path)
    assert [(f.rule_id, f.severity) for f in found] == [(rule, Severity.LOW)]


@pytest.mark.parametrize("token", [F.github_classic_bad_checksum(1),
                                   F.github_classic_bad_checksum(2, "o"),
                                   F.npm_token_bad_checksum(1)], ids=["ghp", "gho", "npm"])
def test_failed_checksum_is_low_with_a_note(token: str) -> None:
    """Right shape, wrong checksum: reported (a gitleaks user expects it) at low severity,
    saying the checksum does not verify; the real token is critical."""
    found = scan_text(f"t = '{token}'")
    assert [f.severity for f in found] == [Severity.LOW]
    assert dict(found[0].extra)["checksum"].startswith("does not verify")


def test_failed_checksum_placeholders_stay_quiet() -> None:
    for body in ("x" * 36, "a" * 36, "0123456789" * 3 + "abcdef", "abcdef1234567890" * 2 + "abcd"):
        for prefix in ("gh" + "p_", "gh" + "s_", "np" + "m_"):
            assert scan_text(f"t = '{prefix}{body}'") == [], prefix + body[:6]


def test_valid_checksum_keeps_its_severity() -> None:
    found = scan_text(f"t = '{F.github_classic(3)}'")
    assert [f.severity for f in found] == [Severity.CRITICAL]


def test_notebook_png_output_is_quiet() -> None:
    nb = {"cells": [{"outputs": [{"data": {"image/png": F.png_base64(5, 4000)}}]}]}
    assert scan_text(json.dumps(nb), "a.ipynb") == []


POSITIVES = {
    "human-password": ("db.yml", f"password: {F.human_password(2)}"),
    "generated-password": ("app.ini", f"db_pass = {F.password(6)}"),
    "quoted-secret": ("c.py", f'API_SECRET = "{F.api_key_alnum(7)}"'),
    "hex-api-key": ("c.py", f'api_key = "{F.api_key_hex(8)}"'),
    "env-fallback": ("c.py", f'password = os.environ.get("DB_PASSWORD", "{F.password(9)}")'),
    "django-fallback": ("settings.py", f"SECRET_KEY = os.environ.get('DJANGO_SECRET_KEY', '{F.django_secret_key(4)}')"),
    "camel-key": ("Config.swift", f'static let partnerKey = "{F.api_key_alnum(24)}"'),
    "libpq-dsn": ("etl.py", f'DSN = "host=db.internal dbname=app user=etl password={F.password(25)}"'),
}


@pytest.mark.parametrize("case", sorted(POSITIVES))
def test_real_values_still_found(case: str) -> None:
    path, text = POSITIVES[case]
    assert scan_text(text, path), case


def test_documented_jwt_example_is_not_a_leak() -> None:
    import base64

    def enc(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).rstrip(
            b"=").decode()

    example = ".".join([enc({"alg": "HS256", "typ": "JWT"}),
                        enc({"sub": "1234567890", "name": "John Doe", "iat": 1516239022}),
                        F.rand("jwtio", F.ALNUM, 43)])
    assert scan_text(f"token = '{example}'", "docs/auth.md") == []
    assert scan_text(f"token = '{F.jwt(7)}'", "docs/auth.md")


@pytest.mark.parametrize("text", [
    '"password": "パスワード"', '"password": "Contraseña"', 'auth_secret = "ops.team@example.com"',
])
def test_words_and_addresses_are_not_secrets(text: str) -> None:
    assert scan_text(text, "src/strings.json") == []


def test_url_username_is_not_treated_as_a_variable_name() -> None:
    pw = F.password(31)
    found = scan_text(f"MONGO_URL=mongodb://reportingUser:{pw}@mongo0.acme.lan:27017/db")
    assert [f.rule_id for f in found] == ["url-password"]


@pytest.mark.parametrize("value", ["super$ecret", "P@ssw0rd!", "s3cr3t-value", "#add-password"])
def test_leetspeak_placeholders_and_selectors(value: str) -> None:
    assert scan_text(f'password = "{value}"', "app/config.py") == []
