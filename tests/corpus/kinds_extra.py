# ruff: noqa: E501
"""Harder cases real repositories have: secret-ish names bound to non-secrets, locale files,
source maps, more lockfiles, IAM IDs, presigned URLs, docker/git credential stores, command
lines with passwords, base64-wrapped keys, PGP blocks, binaries, UTF-16 scripts, a big dump."""

from __future__ import annotations

import base64
import json

from tests import fakes
from tests.corpus import filler
from tests.corpus.core import G, N, P


def _b64(s: str | bytes) -> str:
    return base64.b64encode(s.encode() if isinstance(s, str) else s).decode()


def locales(g: G, d: str) -> None:
    keys = ["password", "confirm_password", "token_expired", "api_key", "secret", "forgot_password"]
    words = {
        "de": ["Passwort", "Passwort bestätigen", "Das Token ist abgelaufen", "API-Schlüssel", "Geheimnis",
               "Passwort vergessen?"],
        "fr": ["Mot de passe", "Confirmer le mot de passe", "Le jeton a expiré", "Clé API", "Secret",
               "Mot de passe oublié ?"],
        "es": ["Contraseña", "Confirmar contraseña", "El token ha caducado", "Clave de API", "Secreto",
               "¿Olvidaste tu contraseña?"],
        "en": ["Password", "Confirm password", "Your session token has expired", "API key", "Secret",
               "Forgot password?"],
    }
    tr = {lang: dict(zip(keys, ws, strict=True)) for lang, ws in words.items()}
    for lang in g.r.sample(list(tr), 2):
        lines = ["{"]
        items = list(tr[lang].items()) + [("password_hint", "Use at least 12 characters, a digit and a symbol"),
                                          ("reset_token_sent", "We sent a reset link to {{email}}")]
        for i, (k, v) in enumerate(items):
            comma = "," if i < len(items) - 1 else ""
            lines.append(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}{comma}{N('i18n')}")
        lines.append("}")
        g.write(f"{d}/src/locales/{lang}.json", "json", "\n".join(lines) + "\n")


def login_form(g: G, d: str) -> None:
    lines = ["<form method=\"post\" action=\"/login\">", "  {% csrf_token %}",
             f'  <input type="hidden" name="csrfmiddlewaretoken" value="{fakes.rand(g.s(), fakes.ALNUM, 64)}">{N("csrf-token")}',
             '  <label for="email">Email</label>', '  <input id="email" name="email" type="email" autocomplete="username">',
             '  <label for="password">Password</label>',
             f'  <input id="password" name="password" type="password" autocomplete="current-password" placeholder="Password">{N("keyword-only")}',
             f'  <input name="token" type="hidden" value="{{{{ reset_token }}}}">{N("template")}',
             "  <button type=\"submit\">Sign in</button>", "</form>"]
    g.write(f"{d}/templates/auth/login.html", "html", "\n".join(lines) + "\n")


def password_handling(g: G, d: str) -> None:
    """Secret-ish names bound to everything but a secret."""
    q = g.q()
    lines = [filler.PY_IMPORTS, "import re", "from enum import Enum", "", "",
             "class Field(str, Enum):", f"    PASSWORD = {q}password{q}{N('keyword-only')}",
             f"    API_TOKEN = {q}api_token{q}{N('keyword-only')}", "", "",
             f"PASSWORD_REGEX = re.compile(r{q}^(?=.*[A-Z])(?=.*\\d)(?=.*[^\\w\\s]).{{12,}}${q}){N('regex')}",
             f"SECRET_NAME = {q}prod/{d.split('/')[-1]}/db{q}{N('secret-name')}",
             f"SECRET_ARN = {q}arn:aws:secretsmanager:eu-west-1:{fakes.aws_account_id(g.s())}:secret:prod/db-{fakes.rand(g.s(), fakes.ALNUM, 6)}{q}{N('aws-arn')}",
             f"PRIVATE_KEY_PATH = {q}/etc/ssl/private/{d.split('/')[-1]}.key{q}{N('path')}",
             f"TOKEN_ENDPOINT = {q}https://auth.acme-corp.io/oauth2/v1/token{q}{N('url')}", "", "",
             "def login(request: Request) -> Response:",
             f"    password = request.form.get({q}password{q}, {q}{q}){N('reference')}",
             f"    token = request.headers.get({q}X-Auth-Token{q}){N('reference')}",
             "    if not password or len(password) < 12:",
             f"        raise ValidationError({q}password too short{q})", "    user = authenticate(request.form[\"email\"], password)",
             f"    api_key = user.api_key or settings.DEFAULT_API_KEY{N('reference')}",
             f"    secret = self.secret_key if hasattr(self, {q}secret_key{q}) else None{N('reference')}",
             "    return Response(status=204)", "", "",
             "@dataclass", "class DbSettings:", "    host: str", f"    password: str | None = None{N('keyword-only')}",
             f"    password_file: Path = Path({q}/run/secrets/db_password{q}){N('path')}", ""]
    if g.chance(0.5):
        lines += [f"IDEMPOTENCY_KEY = str(uuid4()){N('reference')}",
                  f"CACHE_KEY_PREFIX = {q}v3:{fakes.hex_string(g.s(), 8)}:{q}{N('hex-id')}"]
    lines.append(filler.python(g, 1))
    g.write(f"{d}/app/auth_views.py", "python", "\n".join(lines))


def source_map(g: G, d: str) -> None:
    segs = ",".join(fakes.rand(g.s(), fakes.ALNUM + "+/", g.r.randint(4, 10)) for _ in range(400))
    doc = {"version": 3, "file": "main.js", "sources": ["webpack:///src/index.ts", "webpack:///src/api.ts"],
           "sourcesContent": ["const token = process.env.API_TOKEN;\nexport const api = createClient({ token });\n"],
           "names": ["token", "api", "createClient", "password", "secret"], "mappings": segs}
    g.write(f"{d}/public/static/js/main.{fakes.hex_string(g.s(), 8)}.js.map", "source-map",
            json.dumps(doc) + N("source-map") + "\n")


def more_lockfiles(g: G, d: str) -> None:
    s = g.r.randint(0, 2)
    if s == 0:
        out = []
        for p in ["boto3", "botocore", "certifi", "cryptography", "django", "jmespath", "requests", "urllib3"]:
            out += ["[[package]]", f'name = "{p}"', f'version = "{g.r.randint(1, 40)}.{g.r.randint(0, 9)}.{g.r.randint(0, 9)}"',
                    'optional = false', 'python-versions = ">=3.8"', "files = [",
                    f'    {{file = "{p}-1.0-py3-none-any.whl", hash = "sha256:{fakes.sha256_hex(g.s())}"}},{N("hash-pin")}',
                    f'    {{file = "{p}-1.0.tar.gz", hash = "sha256:{fakes.sha256_hex(g.s())}"}},{N("hash-pin")}', "]", ""]
        out += ["[metadata]", 'lock-version = "2.0"', 'python-versions = "^3.11"',
                f'content-hash = "{fakes.sha256_hex(g.s())}"{N("hex-digest")}']
        g.write(f"{d}/poetry.lock", "lockfile", "\n".join(out) + "\n")
    elif s == 1:
        doc: dict[str, object] = {"_meta": {"hash": {"sha256": fakes.sha256_hex(g.s())}, "pipfile-spec": 6,
                                            "sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": True}]},
                                  "default": {}}
        for p in ["requests", "idna", "charset-normalizer", "urllib3", "flask", "itsdangerous"]:
            doc["default"][p] = {"hashes": [f"sha256:{fakes.sha256_hex(g.s())}" for _ in range(2)],  # type: ignore[index]
                                 "version": f"=={g.r.randint(1, 3)}.{g.r.randint(0, 9)}.{g.r.randint(0, 9)}"}
        g.write(f"{d}/Pipfile.lock", "lockfile", json.dumps(doc, indent=4) + "\n")
    else:
        out = ["PODS:", "  - Alamofire (5.8.1)", "  - Firebase/Core (10.18.0)", "", "SPEC CHECKSUMS:"]
        for p in ["Alamofire", "Firebase", "FirebaseCore", "GoogleUtilities", "nanopb"]:
            out.append(f"  {p}: {fakes.git_sha(g.s())}{N('hex-digest')}")
        out += ["", f"PODFILE CHECKSUM: {fakes.git_sha(g.s())}", "", "COCOAPODS: 1.14.3"]
        g.write(f"{d}/Podfile.lock", "lockfile", "\n".join(out) + "\n")


def iam_ids(g: G, d: str) -> None:
    acct = fakes.aws_account_id(g.s())
    uid = "AI" + "DA" + fakes.rand(g.s(), fakes.B32, 17)
    rid = "AR" + "OA" + fakes.rand(g.s(), fakes.B32, 17)
    text = ('{\n    "User": {\n        "Path": "/",\n        "UserName": "ci-runner",\n'
            f'        "UserId": "{uid}",{N("aws-id")}\n'
            f'        "Arn": "arn:aws:iam::{acct}:user/ci-runner",\n        "CreateDate": "2022-08-03T14:12:55+00:00"\n    }},\n'
            '    "Role": {\n' f'        "RoleId": "{rid}",{N("aws-id")}\n'
            f'        "Arn": "arn:aws:iam::{acct}:role/deploy"\n    }},\n'
            f'    "DistributionId": "E{fakes.rand(g.s(), fakes.B32[:26] + "0123456789", 13)}",{N("aws-id")}\n'
            f'    "KmsKeyId": "{fakes.uuid4(g.s())}"{N("uuid")}\n}}\n')
    g.write(f"ops/iam/{d.split('/')[-1]}/get-user.json", "json", text)


def presigned(g: G, d: str) -> None:
    kid = fakes.aws_key_id(g.s())
    sig = fakes.hex_string(g.s(), 64)
    url = (f"https://acme-exports.s3.eu-west-1.amazonaws.com/reports/2024-03.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256"
           f"&X-Amz-Credential={kid}%2F20240311%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20240311T101500Z"
           f"&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature={sig}")
    lines = ["# fixture: a presigned download link captured from staging (expired)", f'PRESIGNED_URL = "{url}"{N("presigned-url")}']
    if g.chance(0.4):
        akid = fakes.aws_key_id(g.s(), "AS" + "IA")
        tok = fakes.aws_session_token(g.s())
        url2 = (f"https://acme-exports.s3.amazonaws.com/raw/dump.gz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={akid}"
                f"%2F20240311%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240311T101500Z&X-Amz-Expires=604800"
                f"&X-Amz-Security-Token={tok.replace('/', '%2F').replace('+', '%2B')}&X-Amz-Signature={fakes.hex_string(g.s(), 64)}")
        lines.append(f'SESSION_URL = "{url2}"{P("aws.session_token")}')
    g.write(f"{d}/tests/fixtures/urls.py", "python-test", "\n".join(lines) + "\n")


def credential_stores(g: G, d: str) -> None:
    name = d.split("/")[-1]
    s = g.r.randint(0, 3)
    if s == 0:
        auth = _b64(f"acmeci:{fakes.dockerhub_pat(g.s())}")
        text = '{\n\t"auths": {\n\t\t"https://index.docker.io/v1/": {\n' f'\t\t\t"auth": "{auth}"{P("docker.auth")}\n\t\t}}\n\t}}\n}}\n'
        g.write(f"ops/{name}/.docker/config.json", "json", text)
    elif s == 1:
        g.write(f"ops/{name}/.docker/config.json", "json",
                '{\n\t"auths": {\n\t\t"ghcr.io": {}\n\t},\n\t"credsStore": "desktop"' + N("keyword-only") + "\n}\n")
    elif s == 2:
        tok = g.pick([fakes.github_classic(g.s()), fakes.gitlab_pat(g.s())])
        host = "github.com" if tok.startswith("gh") else "gitlab.acme-corp.io"
        fam = "github" if tok.startswith("gh") else "gitlab"
        g.write(f"ops/{name}/.git-credentials", "git-credentials", f"https://acme-bot:{tok}@{host}{P(fam)}\n")
    else:
        lines = [f"{g.host()}:5432:orders:orders_app:{fakes.password(g.s(), 18).replace(':', '')}{P('password')}",
                 f"localhost:5432:*:postgres:postgres{N('fake-value')}"]
        g.write(f"ops/{name}/.pgpass", "pgpass", "\n".join(lines) + "\n")
    if g.chance(0.4):
        htp = [f"admin:{g.pick(['$apr1$', '$2y$10$'])}{fakes.rand(g.s(), fakes.ALNUM + './', 53)}{N('password-hash')}",
               f"grafana:{fakes.bcrypt_hash(g.s(), 10).replace('$2b$', '$2y$')}{N('password-hash')}"]
        g.write(f"infra/nginx/{name}.htpasswd", "htpasswd", "\n".join(htp) + "\n")
    if g.chance(0.3):
        hosts = [f"{g.host()} ssh-ed25519 {fakes.ssh_public_key(g.s()).split()[1]}{N('ssh-public-key')}" for _ in range(3)]
        g.write(f"ops/{name}/known_hosts", "ssh-pub", "\n".join(hosts) + "\n")


def command_lines(g: G, d: str) -> None:
    """Passwords on command lines in the many forms tools accept them."""
    pw = lambda: fakes.password(g.s(), 16).replace("!", "").replace("&", "").replace("?", "")  # noqa: E731
    pos = [
        lambda: f"sshpass -p '{pw()}' ssh deploy@{g.host()} 'sudo systemctl restart app'{P('password')}",
        lambda: f"keytool -importkeystore -srckeystore app.p12 -srcstoretype PKCS12 -destkeystore app.jks -deststorepass {pw()}{P('password')}",
        lambda: f"openssl pkcs12 -export -in tls.crt -inkey tls.key -out tls.p12 -passout pass:{pw()}{P('password')}",
        lambda: f"helm upgrade --install app ./chart --set db.password={pw()}{P('password')}",
        lambda: f"docker run -d -e POSTGRES_PASSWORD={pw()} -p 5432:5432 postgres:16{P('password')}",
        lambda: f"git clone https://oauth2:{fakes.gitlab_pat(g.s())}@gitlab.acme-corp.io/platform/infra.git{P('gitlab')}",
        lambda: f"git remote set-url origin https://x-access-token:{fakes.github_classic(g.s(), 's')}@github.com/acme/app.git{P('github')}",
        lambda: f"java -Dspring.datasource.password={pw()} -jar app.jar{P('password')}",
        lambda: f"curl -H 'Authorization: Basic {_b64('svc-export:' + pw())}' https://nexus.acme-corp.io/service/rest/v1/assets{P('basic_auth')}",
        lambda: f"mongodump --uri 'mongodb+srv://backup:{pw()}@cluster0.ab1cd.mongodb.net/prod'{P('connection_string')}",
        lambda: f"celery -A app worker -b amqp://app:{pw()}@rabbit.internal:5672//{P('connection_string')}",
        lambda: f"export JDBC_URL='jdbc:mysql://{g.host()}:3306/billing?user=billing&password={pw()}'{P('connection_string')}",
        lambda: f"s3cmd --access_key={fakes.aws_key_id(g.s())} --secret_key={fakes.aws_secret(g.s())} sync ./out s3://acme-exports/{P('aws.pair')}",
        lambda: f"aws s3 cp s3://acme-artifacts/app.tar.gz . --profile prod  # AWS_SECRET={fakes.aws_secret(g.s())}{P('aws.secret')}",
    ]
    neg = [
        lambda: f"sshpass -p \"$DEPLOY_PASSWORD\" ssh deploy@{g.host()} uptime{N('reference')}",
        lambda: f"helm upgrade --install app ./chart --set db.password=\"${{DB_PASSWORD}}\"{N('reference')}",
        lambda: f"docker run -d -e POSTGRES_PASSWORD -p 5432:5432 postgres:16{N('reference')}",
        lambda: f"curl -H \"Authorization: Basic $(echo -n \"$USER:$PASS\" | base64)\" https://nexus.acme-corp.io/{N('reference')}",
        lambda: f"openssl pkcs12 -export -in tls.crt -inkey tls.key -out tls.p12 -passout env:P12_PASSWORD{N('reference')}",
        lambda: f"git clone https://oauth2:${{CI_JOB_TOKEN}}@gitlab.acme-corp.io/platform/infra.git{N('reference')}",
        lambda: f"mysql -u root -p -h {g.host()}{N('keyword-only')}",
        lambda: f"read -rsp 'Password: ' PASSWORD{N('keyword-only')}",
    ]
    lines = ["#!/usr/bin/env bash", "set -euo pipefail", filler.shell(g, 1)]
    for _ in range(g.r.randint(1, 3)):
        lines.append(g.pick(pos)())
    for _ in range(g.r.randint(1, 3)):
        lines.append(g.pick(neg)())
    lines.append(filler.shell(g, 1))
    g.write(f"{d}/ops/{g.pick(['maintenance', 'restore', 'rotate-certs', 'hotfix', 'onboard'])}.sh", "shell", "\n".join(lines) + "\n")


def k8s_tls_b64(g: G, d: str) -> None:
    name = d.split("/")[-1]
    key = fakes.pem_private_key(g.s(), g.pick(["RSA", "EC"]))
    cert = fakes.pem_certificate(g.s())
    lines = ["apiVersion: v1", "kind: Secret", "metadata:", f"  name: {name}-tls", "type: kubernetes.io/tls", "data:",
             f"  tls.crt: {_b64(cert)}{N('certificate')}", f"  tls.key: {_b64(key)}{P('k8s.secret')}"]
    g.write(f"infra/k8s/{name}/tls.yaml", "k8s", "\n".join(lines) + "\n")
    wh = ["apiVersion: admissionregistration.k8s.io/v1", "kind: ValidatingWebhookConfiguration", "metadata:",
          f"  name: {name}-policy", "webhooks:", f"  - name: policy.{name}.acme-corp.io", "    clientConfig:",
          f"      caBundle: {_b64(fakes.pem_certificate(g.s()))}{N('certificate')}",
          "      service:", f"        name: {name}-webhook", f"        namespace: {name}"]
    g.write(f"infra/k8s/{name}/webhook.yaml", "k8s", "\n".join(wh) + "\n")


def pgp_keys(g: G, d: str) -> None:
    name = d.split("/")[-1]
    r = fakes.rng(g.s())

    def armor(kind: str, n: int) -> list[str]:
        body = _b64(b"\x95\x03\xc6\x04" + r.randbytes(n))
        return ([f"-----BEGIN PGP {kind} KEY BLOCK-----", "", *[body[i:i + 64] for i in range(0, len(body), 64)],
                 f"={_b64(r.randbytes(3))}", f"-----END PGP {kind} KEY BLOCK-----"])

    pub = armor("PUBLIC", 600)
    pub[0] += N("public-key")
    g.write(f"ops/{name}/release-signing.pub.asc", "pem", "\n".join(pub) + "\n")
    if g.chance(0.5):
        priv = armor("PRIVATE", 1400)
        priv[0] += P("private_key")
        g.write(f"ops/{name}/release-signing.asc", "pem", "\n".join(priv) + "\n")


def binaries(g: G, d: str) -> None:
    r = fakes.rng(g.s())
    g.write_bytes(f"{d}/assets/logo.png", "binary", b"\x89PNG\r\n\x1a\n" + r.randbytes(3000))
    if g.chance(0.4):
        g.write_bytes(f"{d}/certs/truststore.jks", "binary", b"\xfe\xed\xfe\xed\x00\x00\x00\x02" + r.randbytes(2000))


def powershell_utf16(g: G, d: str) -> None:
    lines = ["# Provision the reporting service account on the Windows jump host", "$ErrorActionPreference = 'Stop'"]
    if g.chance(0.6):
        lines.append(f'$pw = ConvertTo-SecureString "{g.password().replace(chr(34), "")}" -AsPlainText -Force{P("password")}')
    else:
        lines.append(f'$pw = Read-Host -AsSecureString "Password"{N("reference")}')
    lines += ['New-LocalUser -Name "svc_reporting" -Password $pw -PasswordNeverExpires',
              'Add-LocalGroupMember -Group "Remote Desktop Users" -Member "svc_reporting"']
    g.write(f"{d}/ops/provision.ps1", "powershell", "\r\n".join(lines) + "\r\n", encoding="utf-16")


def big_dump(g: G, d: str) -> None:
    """A multi-megabyte SQL dump: secrets deep inside big files must still be found."""
    lines = ["-- PostgreSQL database dump", "SET statement_timeout = 0;", "COPY public.events (id, kind, payload, digest) FROM stdin;"]
    for i in range(g.r.randint(14000, 16000)):
        lines.append(f"{i}\torder.updated\t{{\"order\": \"{fakes.uuid4(f'{g.seed}-dump{i}')}\", \"total\": {i % 977}}}\t"
                     f"{fakes.hex_string(f'{g.seed}-dd{i}', 40)}")
    lines.append("\\.")
    lines.append(f"ALTER ROLE replicator WITH PASSWORD '{fakes.password(g.s(), 20)}';{P('password')}")
    lines.append(f"CREATE ROLE readonly WITH LOGIN PASSWORD '{fakes.bcrypt_hash(g.s())}';{N('password-hash')}")
    g.write(f"{d}/db/dumps/events-2024-03-01.sql", "sql", "\n".join(lines) + "\n")


def vendor_secrets_yaml(g: G, d: str) -> None:
    """App config with provider secrets under their usual names, and look-alikes that are not secrets."""
    lines = ["server:", "  port: 8080", "stripe:"]
    if g.chance(0.5):
        lines.append(f"  webhook_secret: whsec_{fakes.rand(g.s(), fakes.ALNUM, 32)}{P('stripe')}")
    else:
        lines.append(f"  webhook_secret: ${{STRIPE_WEBHOOK_SECRET}}{N('reference')}")
    lines.append(f"  publishable_key: {fakes.stripe_publishable(g.s())}{N('publishable-key')}")
    lines += ["slack:", f"  client_id: \"{g.r.randint(10**11, 10**12)}.{g.r.randint(10**11, 10**12)}\"{N('keyword-only')}"]
    if g.chance(0.5):
        lines.append(f"  signing_secret: {fakes.hex_string(g.s(), 32)}{P('generic')}")
    lines += ["oauth:", f"  client_id: 0oa{fakes.rand(g.s(), fakes.ALNUM, 17)}{N('keyword-only')}"]
    if g.chance(0.5):
        lines.append(f"  client_secret: {fakes.api_key_alnum(g.s(), 40)}{P('generic')}")
    else:
        lines.append(f"  client_secret: \"\"{N('empty')}")
    lines += ["webpush:", f"  public_key: B{fakes.rand(g.s(), fakes.B64URL, 86)}{N('public-key')}"]
    if g.chance(0.4):
        lines.append(f"  private_key: {fakes.rand(g.s(), fakes.B64URL, 43)}{P('generic')}")
    lines += ["crypto:"]
    if g.chance(0.5):
        lines.append(f"  encryption_key: {_b64(fakes.rng(g.s()).randbytes(32))}{P('generic')}")
    else:
        lines.append(f"  encryption_key: ENC({_b64(fakes.rng(g.s()).randbytes(48))}){N('encrypted')}")
    lines += [f"  key_id: {fakes.uuid4(g.s())}{N('uuid')}", f"  fingerprint: SHA256:{_b64(fakes.rng(g.s()).randbytes(32)).rstrip('=')}{N('fingerprint')}",
              "aws:", f"  secret_arn: arn:aws:secretsmanager:eu-west-1:{fakes.aws_account_id(g.s())}:secret:app/config-{fakes.rand(g.s(), fakes.ALNUM, 6)}{N('aws-arn')}"]
    if g.chance(0.35):
        lines.append(f"  secretAccessKey: {fakes.aws_secret(g.s())}{P('aws.secret')}")
    g.write(f"{d}/config/{g.pick(['application', 'app', 'settings', 'config'])}.yaml", "yaml", "\n".join(lines) + "\n")


def aws_xml_and_cfn(g: G, d: str) -> None:
    s = g.r.randint(0, 2)
    kid, sec = fakes.aws_key_id(g.s()), fakes.aws_secret(g.s())
    if s == 0:
        text = ("<backup>\n  <destination type=\"s3\">\n    <bucket>acme-backups</bucket>\n"
                f"    <accessKey>{kid}</accessKey>{P('aws.key_id')}\n    <secretKey>{sec}</secretKey>{P('aws.secret')}\n"
                "  </destination>\n</backup>\n")
        g.write(f"{d}/conf/backup.xml", "xml", text)
    elif s == 1:
        text = (f"aws.accessKeyId={kid}{P('aws.key_id')}\naws.secretKey={sec}{P('aws.secret')}\naws.region=eu-west-1\n")
        g.write(f"{d}/conf/aws.properties", "properties", text)
    else:
        lines = ["AWSTemplateFormatVersion: '2010-09-09'", "Resources:", "  CiUser:", "    Type: AWS::IAM::User",
                 "  CiKey:", "    Type: AWS::IAM::AccessKey", "    Properties:", "      UserName: !Ref CiUser", "Outputs:",
                 "  SecretAccessKey:", f"    Value: !GetAtt CiKey.SecretAccessKey{N('reference')}",
                 "  AccessKeyId:", f"    Value: !Ref CiKey{N('reference')}"]
        g.write(f"infra/cloudformation/{d.split('/')[-1]}-ci-user.yaml", "yaml", "\n".join(lines) + "\n")


def fake_fixtures_humanlike(g: G, d: str) -> None:
    """End-to-end test data with the weak sample passwords every tutorial uses."""
    ts = g.chance(0.5)
    vals = ["Password123!", "P@ssw0rd", "Test1234!", "Passw0rd!"]
    lines = ["describe('sign in', () => {", "  beforeEach(() => cy.visit('/login'));", "",
             "  it('signs in with valid credentials', () => {", "    cy.get('#email').type('qa+e2e@example.com');",
             f"    cy.get('#password').type('{g.pick(vals)}');{N('fake-value-humanlike')}",
             "    cy.get('button[type=submit]').click();", "    cy.url().should('include', '/dashboard');", "  });", "});", "",
             "export const users = [",
             f"  {{ email: 'admin@example.com', password: '{g.pick(vals)}' }},{N('fake-value-humanlike')}",
             f"  {{ email: 'viewer@example.com', password: 'password' }},{N('fake-value')}", "];"]
    g.write(f"{d}/cypress/e2e/login.cy.{'ts' if ts else 'js'}", "typescript" if ts else "javascript", "\n".join(lines) + "\n")


def stripe_fixture(g: G, d: str) -> None:
    doc = {"id": "evt_" + fakes.rand(g.s(), fakes.ALNUM, 24), "object": "event", "type": "payment_intent.succeeded",
           "data": {"object": {"id": "pi_" + fakes.rand(g.s(), fakes.ALNUM, 24), "customer": "cus_" + fakes.rand(g.s(), fakes.ALNUM, 14),
                               "payment_method": "pm_" + fakes.rand(g.s(), fakes.ALNUM, 24),
                               "client_secret": "pi_" + fakes.rand(g.s(), fakes.ALNUM, 24) + "_secret_" + fakes.rand(g.s(), fakes.ALNUM, 25),
                               "amount": 2599, "currency": "eur"}}}
    text = json.dumps(doc, indent=2)
    text = "\n".join(line + (N("stripe-object-id") if any(k in line for k in ('"id"', '"customer"', '"payment_method"')) else "")
                     for line in text.split("\n"))
    g.write(f"{d}/tests/fixtures/stripe_event.json", "json", text + "\n")


def code_comments(g: G, d: str) -> None:
    lines = [filler.PY_IMPORTS, "",
             f"# The token looks like ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; store it in Vault, not here.{N('placeholder')}",
             f"# TODO(ops): move the DB password to Secrets Manager (ticket OPS-{g.r.randint(100, 999)}){N('keyword-only')}",
             f"# see https://docs.google.com/document/d/1{fakes.rand(g.s(), fakes.B64URL, 43)}/edit{N('url')}",
             f"# video walkthrough: https://www.youtube.com/watch?v={fakes.rand(g.s(), fakes.B64URL, 11)}{N('url')}", "",
             filler.python(g, 2)]
    g.write(f"{d}/app/notes.py", "python", "\n".join(lines))


TEMPLATES = [locales, login_form, password_handling, source_map, more_lockfiles, iam_ids, presigned, credential_stores,
             command_lines, k8s_tls_b64, pgp_keys, binaries, powershell_utf16, vendor_secrets_yaml, aws_xml_and_cfn,
             fake_fixtures_humanlike, stripe_fixture, code_comments]
ONCE = [big_dump]


#: family -> (maker, conventional variable name) for top-ups of rare providers
VENDORS = {
    "github": (lambda s: fakes.github_classic(s, "p"), "GITHUB_TOKEN"),
    "gitlab": (fakes.gitlab_pat, "GITLAB_TOKEN"),
    "slack": (fakes.slack_bot, "SLACK_BOT_TOKEN"),
    "slack.webhook": (fakes.slack_webhook, "SLACK_WEBHOOK_URL"),
    "stripe": (fakes.stripe_live, "STRIPE_SECRET_KEY"),
    "google.api_key": (fakes.google_api_key, "GOOGLE_API_KEY"),
    "azure.storage": (fakes.azure_connection_string, "AZURE_STORAGE_CONNECTION_STRING"),
    "openai": (fakes.openai_key, "OPENAI_API_KEY"),
    "anthropic": (fakes.anthropic_key, "ANTHROPIC_API_KEY"),
    "npm": (fakes.npm_token, "NPM_TOKEN"),
    "pypi": (fakes.pypi_token, "PYPI_API_TOKEN"),
    "twilio": (fakes.twilio_key, "TWILIO_API_KEY"),
    "sendgrid": (fakes.sendgrid_key, "SENDGRID_API_KEY"),
    "mailgun": (fakes.mailgun_key, "MAILGUN_API_KEY"),
    "shopify": (fakes.shopify_token, "SHOPIFY_ACCESS_TOKEN"),
    "discord": (fakes.discord_bot_token, "DISCORD_BOT_TOKEN"),
    "telegram": (fakes.telegram_bot_token, "TELEGRAM_BOT_TOKEN"),
    "heroku": (fakes.heroku_key, "HEROKU_API_KEY"),
    "digitalocean": (fakes.digitalocean_token, "DIGITALOCEAN_TOKEN"),
    "dockerhub": (fakes.dockerhub_pat, "DOCKERHUB_TOKEN"),
    "terraform": (fakes.terraform_cloud_token, "TFE_TOKEN"),
    "vault": (fakes.vault_token, "VAULT_TOKEN"),
    "jwt": (fakes.jwt_compact, "ACCESS_TOKEN"),
}


def vendor_token(g: G, d: str, family: str) -> None:
    """One provider token in one of the usual places: env file, code constant, YAML, JSON."""
    mk, var = VENDORS[family]
    value = mk(g.s())
    camel = var.lower().split("_")[0] + "".join(w.capitalize() for w in var.lower().split("_")[1:])
    style = g.r.randint(0, 4)
    if style == 0:
        g.write(f"{d}/.env.{g.pick(['production', 'staging', 'local'])}", "env",
                f"APP_ENV=production\n{var}={value}{P(family)}\nLOG_LEVEL=info\n")
    elif style == 1:
        g.write(f"{d}/app/{var.lower()}.py", "python",
                filler.PY_IMPORTS + f'\n{var} = "{value}"{P(family)}\n' + filler.python(g, 1))
    elif style == 2:
        g.write(f"{d}/src/{camel}.js", "javascript",
                f"const {camel} = '{value}';{P(family)}\n" + filler.javascript(g, False, 1)
                + f"\nmodule.exports = {{ {camel} }};\n")
    elif style == 3:
        g.write(f"{d}/config/{var.lower()}.yaml", "yaml",
                f"integration:\n  name: {family}\n  {var.lower()}: {value}{P(family)}\n  timeout: 30\n")
    else:
        g.write(f"{d}/config/{var.lower()}.json", "json",
                "{\n" + f'  "{camel}": "{value}",{P(family)}\n  "enabled": true\n' + "}\n")


def json_config(g: G, d: str) -> None:
    """node-config style ``config/*.json``: nested credentials, or references to the environment."""
    real = g.chance(0.5)
    doc: dict[str, object] = {
        "server": {"port": 8080, "trustProxy": True},
        "db": {"host": g.host(), "user": "app",
               "password": (g.password() + P("password")) if real else ("${DB_PASSWORD}" + N("reference"))},
        "mailer": {"provider": "sendgrid",
                   "apiKey": (fakes.sendgrid_key(g.s()) + P("sendgrid")) if g.chance(0.4) else ("" + N("empty"))},
        "session": {"cookieName": "sid", "maxAgeSeconds": 86400},
    }
    if g.chance(0.4):
        doc["aws"] = {"region": "eu-west-1", "accessKeyId": fakes.aws_key_id(g.s()) + P("aws.key_id"),
                      "secretAccessKey": fakes.aws_secret(g.s()) + P("aws.secret")}
    g.write(f"{d}/config/{g.pick(['default', 'production', 'custom-environment-variables'])}.json", "json",
            json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def toml_config(g: G, d: str) -> None:
    s = g.r.randint(0, 2)
    if s == 0:
        lines = ["[connections.snowflake]", 'account = "acme-eu1"', 'user = "STREAMLIT_APP"',
                 f'password = "{g.password()}"{P("password")}', 'warehouse = "REPORTING_WH"', "",
                 "[openai]", f'api_key = "{fakes.openai_key(g.s())}"{P("openai")}']
        g.write(f"{d}/.streamlit/secrets.toml", "toml", "\n".join(lines) + "\n")
    elif s == 1:
        lines = ["[server]", 'bind = "0.0.0.0:8080"', "", "[database]", f'url = "postgres://app@{g.host()}/app"',
                 f'password_env = "DATABASE_PASSWORD"{N("reference")}', "max_connections = 20", "", "[auth]",
                 f'jwt_secret = "{fakes.api_key_alnum(g.s(), 48)}"{P("generic")}']
        g.write(f"{d}/config/default.toml", "toml", "\n".join(lines) + "\n")
    else:
        lines = ["[alembic]", "script_location = migrations",
                 f"sqlalchemy.url = postgresql://migrator:{fakes.password(g.s(), 18).replace('%', '')}@{g.host()}/app{P('connection_string')}",
                 "", "[loggers]", "keys = root,sqlalchemy,alembic"]
        g.write(f"{d}/alembic.ini", "ini", "\n".join(lines) + "\n")


def cpp_client(g: G, d: str) -> None:
    lines = ["#include <string>", "#include <aws/core/auth/AWSCredentials.h>", "", "namespace acme {", ""]
    s = g.r.randint(0, 2)
    if s == 0:
        lines += [f'static const char* kAccessKey = "{fakes.aws_key_id(g.s())}";{P("aws.key_id")}',
                  f'static const char* kSecretKey = "{fakes.aws_secret(g.s())}";{P("aws.secret")}',
                  "Aws::Auth::AWSCredentials creds(kAccessKey, kSecretKey);"]
    elif s == 1:
        lines += [f'Aws::Auth::AWSCredentials creds("{fakes.aws_key_id(g.s())}", "{fakes.aws_secret(g.s())}");{P("aws.pair")}']
    else:
        lines += [f'Aws::Auth::AWSCredentials creds(std::getenv("AWS_ACCESS_KEY_ID"), std::getenv("AWS_SECRET_ACCESS_KEY"));{N("reference")}']
    lines += ["", "std::string BearerHeader(const std::string& token) {", '  return "Authorization: Bearer " + token;', "}",
              "", "}  // namespace acme"]
    g.write(f"{d}/native/src/aws_client.cc", "cpp", "\n".join(lines) + "\n")


TEMPLATES += [json_config, toml_config, cpp_client]


def tfstate(g: G, d: str) -> None:
    """A committed Terraform state: IDs and ARNs everywhere, sometimes an access key's secret."""
    name = d.split("/")[-1]
    acct = fakes.aws_account_id(g.s())
    resources: list[str] = []
    resources.append(
        '    {\n      "mode": "managed",\n      "type": "aws_s3_bucket",\n      "name": "data",\n'
        '      "instances": [\n        {\n          "attributes": {\n'
        f'            "arn": "arn:aws:s3:::acme-{name}-data",\n            "id": "acme-{name}-data",\n'
        f'            "hosted_zone_id": "Z{fakes.rand(g.s(), fakes.B32[:26] + "0123456789", 13)}",{N("aws-id")}\n'
        '            "region": "eu-west-1"\n          }\n        }\n      ]\n    }')
    if g.chance(0.6):
        kid, sec = fakes.aws_key_id(g.s()), fakes.aws_secret(g.s())
        resources.append(
            '    {\n      "mode": "managed",\n      "type": "aws_iam_access_key",\n      "name": "ci",\n'
            '      "instances": [\n        {\n          "attributes": {\n'
            f'            "create_date": "2024-01-12T08:11:40Z",\n            "id": "{kid}",{P("aws.key_id")}\n'
            f'            "secret": "{sec}",{P("aws.secret")}\n            "status": "Active",\n'
            f'            "user": "ci-{name}"\n          }},\n          "sensitive_attributes": []\n        }}\n      ]\n    }}')
    text = ('{\n  "version": 4,\n  "terraform_version": "1.6.6",\n  "serial": ' + str(g.r.randint(3, 300)) + ",\n"
            f'  "lineage": "{fakes.uuid4(g.s())}",{N("uuid")}\n  "outputs": {{}},\n  "resources": [\n'
            + ",\n".join(resources) + "\n  ]\n}\n")
    assert acct
    g.write(f"infra/terraform/{name}/terraform.tfstate", "terraform-state", text)


def mobile_configs(g: G, d: str) -> None:
    proj = "acme-" + fakes.hex_string(g.s(), 6)
    key = fakes.google_api_key(g.s())
    text = ('{\n  "project_info": {\n' f'    "project_number": "{g.r.randint(10**11, 10**12)}",\n'
            f'    "project_id": "{proj}",\n    "storage_bucket": "{proj}.appspot.com"\n  }},\n  "client": [\n    {{\n'
            '      "client_info": {\n' f'        "mobilesdk_app_id": "1:{g.r.randint(10**11, 10**12)}:android:{fakes.hex_string(g.s(), 16)}"\n'
            '      },\n      "api_key": [\n        {\n' f'          "current_key": "{key}"{P("google.api_key")}\n'
            "        }\n      ]\n    }\n  ],\n  \"configuration_version\": \"1\"\n}\n")
    g.write(f"{d}/app/google-services.json", "json", text)
    lines = ["const awsmobile = {", "    aws_project_region: 'eu-west-1',",
             f"    aws_cognito_identity_pool_id: 'eu-west-1:{fakes.uuid4(g.s())}',{N('uuid')}",
             "    aws_user_pools_id: 'eu-west-1_" + fakes.rand(g.s(), fakes.ALNUM, 9) + "',",
             f"    aws_user_pools_web_client_id: '{fakes.rand(g.s(), 'abcdefghijklmnopqrstuvwxyz0123456789', 26)}',{N('keyword-only')}",
             "    oauth: {},", "};", "export default awsmobile;"]
    g.write(f"{d}/src/aws-exports.js", "javascript", "\n".join(lines) + "\n")


def build_tool_creds(g: G, d: str) -> None:
    """Credentials in build-tool config files: Gradle, pip, Composer, Yarn, npm legacy auth."""
    pw = lambda: fakes.password(g.s(), 18).replace("%", "").replace("#", "")  # noqa: E731
    s = g.r.randint(0, 4)
    if s == 0:
        lines = ["org.gradle.jvmargs=-Xmx2048m -Dfile.encoding=UTF-8", "org.gradle.parallel=true",
                 "signing.keyId=" + fakes.hex_string(g.s(), 8).upper(),
                 f"signing.password={pw()}{P('password')}",
                 "signing.secretKeyRingFile=/home/ci/.gnupg/secring.gpg", "ossrhUsername=acme-release",
                 f"ossrhPassword={pw()}{P('password')}" if g.chance(0.6) else f"ossrhPassword=${{OSSRH_PASSWORD}}{N('reference')}"]
        g.write(f"{d}/gradle.properties", "properties", "\n".join(lines) + "\n")
    elif s == 1:
        lines = ["[global]", "timeout = 60",
                 f"index-url = https://deployer:{pw()}@nexus.acme-corp.io/repository/pypi-all/simple{P('connection_string')}",
                 "trusted-host = nexus.acme-corp.io"]
        g.write(f"ops/{d.split('/')[-1]}/pip.conf", "ini", "\n".join(lines) + "\n")
    elif s == 2:
        text = ('{\n    "github-oauth": {\n' f'        "github.com": "{fakes.github_classic(g.s())}"{P("github")}\n'
                '    },\n    "http-basic": {\n        "repo.packagist.com": {\n            "username": "token",\n'
                f'            "password": "{fakes.hex_string(g.s(), 40)}"{P("password")}\n        }}\n    }}\n}}\n')
        g.write(f"{d}/auth.json", "json", text)
    elif s == 3:
        if g.chance(0.5):
            lines = ["nodeLinker: node-modules", "npmScopes:", "  acme:", "    npmRegistryServer: https://npm.pkg.github.com",
                     f'    npmAuthToken: "{fakes.github_classic(g.s())}"{P("github")}']
        else:
            lines = ["nodeLinker: node-modules", "npmScopes:", "  acme:", "    npmRegistryServer: https://npm.pkg.github.com",
                     f'    npmAuthToken: "${{GITHUB_PACKAGES_TOKEN}}"{N("reference")}']
        g.write(f"{d}/.yarnrc.yml", "yaml", "\n".join(lines) + "\n")
    else:
        auth = base64.b64encode(f"deployer:{pw()}".encode()).decode()
        g.write(f"{d}/.npmrc", "npmrc", f"registry=https://nexus.acme-corp.io/repository/npm-all/\n_auth={auth}{P('basic_auth')}\nalways-auth=true\n")


def server_confs(g: G, d: str) -> None:
    """Daemon configs: redis, MySQL client, WireGuard, s3cmd, VS Code launch settings."""
    name = d.split("/")[-1]
    s = g.r.randint(0, 4)
    if s == 0:
        if g.chance(0.5):
            line = f"requirepass {fakes.password(g.s(), 24).replace('#', '')}{P('password')}"
        else:
            line = f"# requirepass foobared{N('placeholder')}"
        g.write(f"infra/redis/{name}.conf", "conf", f"bind 0.0.0.0\nport 6379\nmaxmemory 2gb\n{line}\nappendonly yes\n")
    elif s == 1:
        g.write(f"ops/{name}/.my.cnf", "ini",
                f"[client]\nuser=backup\npassword={fakes.password(g.s(), 16).replace('#', '')}{P('password')}\nhost={g.host()}\n")
    elif s == 2:
        r = fakes.rng(g.s())
        priv = base64.b64encode(r.randbytes(32)).decode()
        pub = base64.b64encode(r.randbytes(32)).decode()
        text = (f"[Interface]\nAddress = 10.8.0.{g.r.randint(2, 250)}/24\nPrivateKey = {priv}{P('generic')}\nListenPort = 51820\n\n"
                f"[Peer]\nPublicKey = {pub}{N('public-key')}\nAllowedIPs = 10.8.0.0/24\nEndpoint = vpn.acme-corp.io:51820\n")
        g.write(f"ops/{name}/wg0.conf", "conf", text)
    elif s == 3:
        text = (f"[default]\naccess_key = {fakes.aws_key_id(g.s())}{P('aws.key_id')}\nhost_base = s3.amazonaws.com\n"
                f"secret_key = {fakes.aws_secret(g.s())}{P('aws.secret')}\nuse_https = True\n")
        g.write(f"ops/{name}/.s3cfg", "ini", text)
    else:
        env = (f'"DB_PASSWORD": "{g.word_password()}"{P("password")}' if g.chance(0.5)
               else f'"DB_PASSWORD": "${{env:DB_PASSWORD}}"{N("reference")}')
        text = ('{\n  "version": "0.2.0",\n  "configurations": [\n    {\n      "name": "Debug API",\n'
                '      "type": "debugpy",\n      "request": "launch",\n      "module": "uvicorn",\n'
                '      "args": ["app.main:app", "--reload"],\n      "env": {\n        "APP_ENV": "dev",\n'
                f"        {env}\n      }}\n    }}\n  ]\n}}\n")
        g.write(f"{d}/.vscode/launch.json", "json", text)


def rails_credentials(g: G, d: str) -> None:
    blob = base64.b64encode(fakes.rng(g.s()).randbytes(300)).decode()
    iv = base64.b64encode(fakes.rng(g.s()).randbytes(12)).decode()
    tag = base64.b64encode(fakes.rng(g.s()).randbytes(16)).decode()
    g.write(f"{d}/config/credentials.yml.enc", "encrypted", f"{blob}--{iv}--{tag}{N('encrypted')}")
    if g.chance(0.3):
        g.write(f"{d}/config/master.key", "keyfile", fakes.hex_string(g.s(), 32) + P("generic"))


def dev_meta(g: G, d: str) -> None:
    """Repository plumbing full of hashes: pre-commit pins, submodules, schema files, generated code."""
    pc = ["repos:"]
    for repo in ["https://github.com/pre-commit/pre-commit-hooks", "https://github.com/astral-sh/ruff-pre-commit",
                 "https://github.com/gitleaks/gitleaks"]:
        pc += [f"  - repo: {repo}", f"    rev: {fakes.git_sha(g.s())}  # frozen: v4.5.0{N('git-sha')}", "    hooks:",
               "      - id: " + repo.rsplit("/", 1)[-1].replace("-pre-commit", "")]
    g.write(f"{d}/.pre-commit-config.yaml", "yaml", "\n".join(pc) + "\n")
    gql = ["type User {", "  id: ID!", "  email: String!", f"  password: String!{N('keyword-only')}",
           f"  apiToken(scope: String): String{N('keyword-only')}", "}", "", "input LoginInput {", "  email: String!",
           f"  password: String!{N('keyword-only')}", "}", "", "type Mutation {",
           "  login(input: LoginInput!): AuthPayload!", "  rotateToken: String!", "}"]
    g.write(f"{d}/schema/schema.graphql", "graphql", "\n".join(gql) + "\n")
    api = ["openapi: 3.0.3", "info:", "  title: Orders API", "  version: 2.4.0", "components:", "  securitySchemes:",
           "    bearerAuth:", "      type: http", "      scheme: bearer", f"      bearerFormat: JWT{N('keyword-only')}",
           "    apiKey:", "      type: apiKey", "      in: header", f"      name: X-API-Key{N('keyword-only')}", "  schemas:",
           "    Login:", "      type: object", "      properties:", "        password:", "          type: string",
           f"          format: password{N('keyword-only')}", f"          example: <password>{N('placeholder')}"]
    g.write(f"{d}/docs/openapi.yaml", "yaml", "\n".join(api) + "\n")
    ser = "".join(f"\\x{b:02x}" for b in fakes.rng(g.s()).randbytes(160))
    pb = ["# -*- coding: utf-8 -*-", "# Generated by the protocol buffer compiler.  DO NOT EDIT!",
          "from google.protobuf import descriptor_pool as _descriptor_pool", "",
          f"DESCRIPTOR = _descriptor_pool.Default().AddSerializedFile(b'\\n\\x0c{ser}'){N('generated')}",
          "_USER = DESCRIPTOR.message_types_by_name['User']", "_TOKEN = DESCRIPTOR.message_types_by_name['Token']"]
    g.write(f"{d}/app/proto/user_pb2.py", "python", "\n".join(pb) + "\n")


TEMPLATES += [tfstate, mobile_configs, build_tool_creds, server_confs, rails_credentials, dev_meta]
