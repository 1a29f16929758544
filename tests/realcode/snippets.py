# ruff: noqa: E501
"""Snippets in the style of real repositories: what test suites, compose files, CI configs,
collections, migrations and vendored code look like, with their hard negatives. Written by
hand for this corpus (not from the rule recipes); every value is drawn at run time."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

from tests.realcode.kit import ALNUM, HEX, LOWER, Gen, Writer, neg, plain, pos


def _crc16(data: bytes) -> int:
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def nkey_user_seed(g: Gen) -> str:
    raw = bytes([(18 << 3) | ((20 << 3) >> 5), ((20 << 3) & 31) << 3]) + g.rbytes(32)
    return base64.b32encode(raw + _crc16(raw).to_bytes(2, "little")).decode().rstrip("=")


def pem_key(g: Gen, label: str = "RSA PRIVATE KEY", enc: bool = False) -> list[str]:
    body = base64.b64encode(g.rbytes(64 * 9)).decode()
    lines = ["-----BEGIN " + label + "-----"]
    if enc:
        lines += ["Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-256-CBC," + g.s("0123456789ABCDEF", 32), ""]
    lines += [body[i:i + 64] for i in range(0, len(body), 64)]
    lines.append("-----END " + label + "-----")
    return lines


def pytest_suite(g: Gen, w: Writer, d: str) -> None:
    pw, pw2 = g.human_pw(), g.human_pw()
    w.file(f"{d}/tests/test_auth.py", "python-test", [
        plain("import pytest"), plain("from app.auth import login, User"), plain(""),
        plain("@pytest.fixture"), plain("def user(db):"),
        pos(f'    return User.create(username="mhendricks", password="{pw}")', "password"),
        plain(""), plain("def test_login_ok(client, user):"),
        pos(f'    resp = client.post("/api/login", json={{"username": "mhendricks", "password": "{pw2}"}})', "password"),
        plain("    assert resp.status_code == 200"), plain(""),
        plain("def test_login_rejects_default(client):"),
        neg('    resp = client.post("/api/login", json={"username": "admin", "password": "admin"})', "default"),
        neg('    assert not check_password("password", stored)', "default"),
        neg("    password = request.form.get('password')", "reference"),
        neg("    username, password, remember = self._read_credentials(form)", "call"),
        plain("    assert resp.status_code == 401"),
    ])


def jest_suite(g: Gen, w: Writer, d: str) -> None:
    pw = g.human_pw()
    w.file(f"{d}/src/__tests__/session.test.ts", "ts-test", [
        plain("import { signIn } from '../session';"), plain(""),
        plain("interface Credentials {"), neg("  password: string;", "type"),
        neg("  passwordConfirm?: string;", "type"), plain("}"), plain(""),
        plain("describe('signIn', () => {"),
        pos(f"  const creds: Credentials = {{ email: 'qa@acme-mail.io', password: '{pw}' }};", "password"),
        plain("  it('stores the session', async () => {"),
        plain("    await signIn(creds);"), plain("  });"), plain("});"),
    ])
    w.file(f"{d}/src/i18n/en.json", "json-i18n", [
        plain("{"), neg('  "labelPassword": "Password:",', "ui-label"),
        neg('  "passwordHint": "At least eight characters",', "ui-label"),
        neg('  "passwordMismatch": "Passwords do not match",', "ui-label"),
        neg('  "forgotPassword": "Forgot your password?",', "ui-label"),
        plain('  "signIn": "Sign in"'), plain("}"),
    ])


def java_constants(g: Gen, w: Writer, d: str) -> None:
    pw = g.human_pw()
    w.file(f"{d}/src/test/java/com/acme/billing/RepositoryIT.java", "java", [
        plain("package com.acme.billing;"), plain(""), plain("class RepositoryIT {"),
        plain('    private static final String USER = "billing";'),
        pos(f'    private static final String PASSWORD = "{pw}";', "password"),
        neg('    private static final String PASSWORD_FIELD = "password";', "name"),
        neg("    private String password;", "declaration"),
        neg("    public String getPassword() { return password; }", "accessor"),
        pos(f'    private final DataSource ds = DataSources.of("jdbc:postgresql://db:5432/billing", USER, "{g.human_pw()}");', "password"),
        plain("}"),
    ])


def kotlin_go(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/internal/store/store_test.go", "go", [
        plain("package store"), plain(""), plain("type Account struct {"),
        neg('\tPassword string `json:"password" protobuf:"bytes,2,opt,name=password,proto3"`', "struct-tag"),
        neg('\tApiKey   string `protobuf_key:"bytes,1,opt,name=api_key,json=apiKey,proto3" json:"api_key,omitempty"`', "struct-tag"),
        plain("}"), plain(""), plain("func TestOpen(t *testing.T) {"),
        pos(f'\tdb, err := sql.Open("postgres", "postgres://store:{g.human_pw()}@localhost:5432/store?sslmode=disable")', "url"),
        plain("\tif err != nil { t.Fatal(err) }"), plain("}"),
    ])
    w.file(f"{d}/android/app/src/main/java/Config.kt", "kotlin", [
        plain("object Config {"), neg("    val password: String", "type"),
        pos(f'    const val API_SECRET = "{g.token(32)}"', "secret"), plain("}"),
    ])


def csharp(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/Shop.Api/appsettings.Development.json", "json", [
        plain("{"), plain('  "ConnectionStrings": {'),
        pos(f'    "Default": "Server=sql-dev;Database=Shop;User Id=shop_app;Password={g.human_pw()};TrustServerCertificate=True"', "conn"),
        plain("  },"), plain('  "Logging": { "LogLevel": { "Default": "Information" } }'), plain("}"),
    ])
    w.file(f"{d}/Shop.Api/web.config", "xml", [
        plain('<configuration>'), plain('  <runtime><assemblyBinding xmlns="urn:schemas-microsoft-com:asm.v1"><dependentAssembly>'),
        neg(f'    <assemblyIdentity name="Newtonsoft.Json" publicKeyToken="{g.hexs(16)}" culture="neutral" />', "public-key-token"),
        plain('  </dependentAssembly></assemblyBinding></runtime>'),
        pos(f'  <add key="SmtpPassword" value="{g.human_pw()}" />', "password"),
        plain('</configuration>'),
    ])


def ruby_php(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/spec/support/api_helpers.rb", "ruby", [
        plain("module ApiHelpers"),
        pos(f"  ADMIN = {{ email: 'ops@acme-mail.io', password: '{g.human_pw()}' }}.freeze", "password"),
        neg("  VIEWER = { email: 'viewer@acme-mail.io', password: 'password' }.freeze", "default"),
        neg("  def login_as(user, password: user.password)", "reference"), plain("  end"), plain("end"),
    ])
    w.file(f"{d}/config/database.php", "php", [
        plain("<?php"), plain("return ["), plain("    'mysql' => ["),
        plain("        'host' => env('DB_HOST', '127.0.0.1'),"),
        pos(f"        'password' => env('DB_PASSWORD', '{g.human_pw()}'),", "password"),
        plain("    ],"), plain("    'rules' => ["),
        neg("        'password' => 'required|confirmed|min:8',", "validation"),
        neg("        'password_confirmation' => 'required',", "validation"),
        plain("    ],"), plain("];"),
    ])


def compose(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/docker-compose.yml", "compose", [
        plain("services:"), plain("  db:"), plain("    image: postgres:16"), plain("    environment:"),
        plain("      POSTGRES_USER: postgres"), neg("      POSTGRES_PASSWORD: postgres", "default"),
        plain("  cache:"), plain("    image: redis:7"),
        pos(f"    command: redis-server --requirepass {g.human_pw()}", "password"),
        plain("  api:"), plain("    build: ."), plain("    environment:"),
        pos(f"      - DATABASE_URL=postgresql://api:{g.human_pw()}@db:5432/api", "url"),
        neg("      - JWT_SECRET=${JWT_SECRET}", "reference"),
        pos(f"      - STRIPE_WEBHOOK_SIGNING={g.token(32)}", "secret") if False else plain("      - LOG_LEVEL=debug"),
        pos(f"      - SMTP_PASSWORD={g.human_pw()}", "password"),
    ])


def env_ini(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/.env.example", "env", [
        neg("DB_PASSWORD=changeme", "default"), neg("API_TOKEN=", "empty"),
        neg("SECRET_KEY=<generate with openssl rand -hex 32>", "placeholder"),
    ])
    w.file(f"{d}/src/main/resources/application-test.properties", "properties", [
        plain("spring.datasource.url=jdbc:mysql://localhost:3306/orders"),
        plain("spring.datasource.username=orders"),
        pos(f"spring.datasource.password={g.human_pw()}", "password"),
        neg("spring.security.oauth2.client.registration.github.client-id=Iv1.8a61f9b3a7aba766", "id"),
        pos(f"app.jwt.secret={g.token(48)}", "secret"),
    ])
    w.file(f"{d}/setup.cfg", "ini", [
        plain("[tool:pytest]"), plain("addopts = -q"), plain("[db]"), plain("user = tester"),
        pos(f"password = {g.human_pw()}", "password"),
    ])


def helm_tf(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/deploy/helm/values-staging.yaml", "helm", [
        plain("redis:"), plain("  auth:"), plain("    enabled: true"),
        pos(f'    password: "{g.human_pw()}"', "password"),
        neg("    existingSecret: redis-auth", "reference"),
        plain("postgresql:"), plain("  auth:"),
        neg("    passwordKey: postgres-password", "name"),
        pos(f"    postgresPassword: {g.strong_pw(18)}", "password"),
    ])
    w.file(f"{d}/infra/rds.tf", "terraform", [
        plain('resource "aws_db_instance" "main" {'), plain('  engine         = "postgres"'),
        plain('  username       = "dbadmin"'), pos(f'  password       = "{g.human_pw()}"', "password"),
        plain("}"), plain('resource "aws_db_instance" "replica" {'),
        neg("  password       = var.replica_password", "reference"),
        neg('  password       = random_password.replica.result', "reference"), plain("}"),
    ])


def sql(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/db/migrations/0003_roles.sql", "sql", [
        plain("-- application roles"),
        pos(f"CREATE ROLE reporting LOGIN PASSWORD '{g.human_pw()}';", "sql"),
        pos(f"ALTER ROLE app_rw WITH PASSWORD '{g.human_pw()}';", "sql"),
        pos(f"CREATE USER 'etl'@'%' IDENTIFIED BY '{g.human_pw()}';", "sql"),
        pos(f"ALTER USER legacy IDENTIFIED BY {g.s(LOWER, 6)}{g.n(10, 99)};", "sql"),
        neg("CREATE ROLE readonly NOLOGIN;", "no-password"),
        neg("ALTER USER legacy IDENTIFIED BY VALUES 'S:" + g.s("0123456789ABCDEF", 60) + "';", "hash"),
        neg("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;", "plain"),
    ])


def ci(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/.gitlab-ci.yml", "ci", [
        plain("deploy:"), plain("  stage: deploy"), plain("  script:"),
        neg('    - docker login -u "$CI_REGISTRY_USER" -p "$CI_REGISTRY_PASSWORD" "$CI_REGISTRY"', "reference"),
        pos(f"    - docker login -u deploybot -p {g.strong_pw(20)} registry.acme-cloud.io", "cli"),
        neg("    - docker run -p 8080:80 -d registry.acme-cloud.io/web:latest", "port"),
        pos(f"    - PGPASSWORD={g.human_pw()} psql -h db -U app -c 'select 1'", "cli"),
        pos(f"    - sshpass -p {g.human_pw()} scp build.tgz deploy@10.1.2.3:/srv", "cli"),
        pos(f"    - curl -u ci-bot:{g.strong_pw(16)} https://nexus.acme-cloud.io/service/rest/v1/status", "curl"),
        neg("    - curl -u \"$NEXUS_USER:$NEXUS_PASS\" https://nexus.acme-cloud.io/", "reference"),
        pos(f"    - mysqladmin -u root password {g.human_pw()}", "cli"),
        pos(f"    - net use Z: \\\\\\\\files\\\\share {g.human_pw()} /user:ACME\\\\builder", "cli"),
    ])


def postman(g: Gen, w: Writer, d: str) -> None:
    items = [
        {"key": "Authorization", "value": "Bearer " + g.token(40)},
        {"key": "Content-Type", "value": "application/json"},
    ]
    basic = g.b64(f"svc-report:{g.strong_pw(14)}".encode())
    text = json.dumps({"info": {"name": "Acme API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
                       "item": [{"name": "me", "request": {"method": "GET", "header": items, "url": "{{base}}/v1/me"}},
                                {"name": "report", "request": {"method": "GET", "header": [{"key": "Authorization", "value": "Basic " + basic}]}},
                                {"name": "list", "request": {"header": [{"key": "Authorization", "value": "Bearer {{token}}"}]}}]}, indent=2)
    lines = text.split("\n")
    out = []
    for ln in lines:
        if "Bearer " in ln and "{{" not in ln or "Basic " in ln:
            out.append(pos(ln, "header"))
        elif "{{token}}" in ln:
            out.append(neg(ln, "template"))
        else:
            out.append(plain(ln))
    w.file(f"{d}/postman/acme.postman_collection.json", "postman", out)


def http_fixtures(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/requests/orders.http", "http", [
        plain("### list orders"), plain("GET https://api.acme-cloud.io/v2/orders"),
        pos(f"Authorization: Bearer {g.jwt()}", "bearer"), plain(""),
        plain("### unsigned token accepted by the dev server"), plain("GET http://localhost:8080/v2/orders"),
        pos(f"Authorization: Bearer {g.jwt(signed=False)}", "bearer"), plain(""),
        plain("### token auth"), pos(f"Authorization: Token {g.hexs(40)}", "token"), plain(""),
        neg("Authorization: Bearer {{auth_token}}", "template"),
        pos(f"X-Api-Key: {g.token(32)}", "header"),
        pos(f"Api-Token: {g.token(24)}", "header"),
    ])
    w.file(f"{d}/tests/cassettes/orders.yaml", "vcr", [
        plain("interactions:"), plain("- request:"), plain("    headers:"),
        pos(f"      Authorization: [Bearer {g.token(36)}]", "bearer"),
        neg("      User-Agent: [python-requests/2.31.0]", "plain"),
    ])


def notebook(g: Gen, w: Writer, d: str) -> None:
    key = g.token(32)
    src = {"cells": [{"cell_type": "code", "source": ["import requests\n", f"api_key = \"{key}\"\n", "r = requests.get(URL, headers={'X-Key': api_key})\n"]}]}
    lines = json.dumps(src, indent=1).split("\n")
    w.file(f"{d}/notebooks/explore.ipynb", "notebook", [pos(ln, "secret") if key in ln else plain(ln) for ln in lines])
    tok = g.token(32)
    w.file(f"{d}/tests/test_client.py", "python", [
        plain("def test_parse_payload():"),
        pos(f'    body = "{{\\"apitoken\\":\\"{tok}\\",\\"user\\":\\"etl\\"}}"', "escaped-json"),
        plain("    assert parse(body)['user'] == 'etl'"),
        pos(f'    config = {{"tokens": ["{g.token(32)}", "{g.token(32)}"]}}', "token-list"),
    ])


def key_material(g: Gen, w: Writer, d: str) -> None:
    jwk = {"kty": "EC", "crv": "P-256", "kid": "sig-2024", "x": g.b64url_bytes(32), "y": g.b64url_bytes(32), "d": g.b64url_bytes(32)}
    lines = json.dumps(jwk, indent=2).split("\n")
    w.file(f"{d}/tests/fixtures/jwks/private.json", "jwk", [pos(ln, "jwk") if '"d"' in ln else plain(ln) for ln in lines])
    pub = {"keys": [{"kty": "RSA", "e": "AQAB", "use": "sig", "kid": "k1", "n": g.b64url_bytes(128)}]}
    w.file(f"{d}/tests/fixtures/jwks/public.json", "jwk", [neg(ln, "public-jwk") if '"n"' in ln else plain(ln) for ln in json.dumps(pub, indent=2).split("\n")])
    seed = nkey_user_seed(g)
    w.file(f"{d}/nats/creds/ci.creds", "nats", [plain("-----BEGIN USER NKEY SEED-----"), pos(seed, "nkey"), plain("------END USER NKEY SEED------")])
    sec = base64.b32encode(g.rbytes(20)).decode().rstrip("=")
    w.file(f"{d}/tests/test_mfa.py", "python", [
        pos(f'OTP_URI = "otpauth://totp/Acme:ci%40acme-mail.io?secret={sec}&issuer=Acme"', "otp"),
        pos(f'totp_secret = "{base64.b32encode(g.rbytes(10)).decode()}"', "otp"),
        neg("totp_secret = pyotp.random_base32()", "call"),
    ])
    key = pem_key(g)
    w.file(f"{d}/tests/fixtures/server.key", "pem", [pos(key[0], "pem")] + [plain(x) for x in key[1:]])
    ekey = pem_key(g, enc=True)
    w.file(f"{d}/tests/fixtures/server-enc.key", "pem", [neg(ekey[0], "encrypted")] + [plain(x) for x in ekey[1:]])
    b = base64.b64encode(("\n".join(pem_key(g, "PRIVATE KEY")) + "\n").encode()).decode()
    w.file(f"{d}/deploy/secret-tls.yaml", "k8s", [plain("apiVersion: v1"), plain("kind: Secret"), plain("type: kubernetes.io/tls"), plain("data:"), pos(f'  "tls.key": "{b}"', "pem-b64")])


def services(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/.edgerc", "edgerc", [
        plain("[default]"), pos(f"client_secret = {g.b64(g.rbytes(32))}", "akamai"),
        plain(f"host = akab-{g.s(LOWER + '0123456789', 16)}-{g.s(LOWER + '0123456789', 16)}.luna.akamaiapis.net"),
        pos(f"access_token = akab-{g.s(LOWER + '0123456789', 16)}-{g.s(LOWER + '0123456789', 16)}", "akamai"),
        pos(f"client_token = akab-{g.s(LOWER + '0123456789', 16)}-{g.s(LOWER + '0123456789', 16)}", "akamai"),
    ])
    w.file(f"{d}/scripts/join-swarm.sh", "shell", [
        plain("#!/bin/sh"), pos("docker swarm join --token " + "SWMTKN" + f"-1-{g.s(LOWER + '0123456789', 50)}-{g.s(LOWER + '0123456789', 25)} 10.0.4.2:2377", "swarm"),
    ])
    gk = g.b64(json.dumps({"k": g.token(32), "n": "provisioner", "id": 1}, separators=(",", ":")).encode())
    w.file(f"{d}/grafana/provisioning/env", "env", [pos(f"GF_API_KEY={gk}", "grafana")])
    w.file(f"{d}/app/dropbox_sync.py", "python", [
        plain("import dropbox"),
        pos(f"DROPBOX_APP_SECRET = '{g.s(LOWER + '0123456789', 15)}'", "dropbox"),
    ])
    w.file(f"{d}/app/sms.py", "python", [
        plain("from twilio.rest import Client"),
        plain(f"account_sid = 'AC{g.hexs(32)}'"), pos(f"auth_token = '{g.hexs(32)}'", "twilio"),
        plain("client = Client(account_sid, auth_token)"),
    ])
    w.file(f"{d}/sf/session.txt", "text", [pos(f"SF_SESSION=00D{g.s(ALNUM, 15)}!AQ{g.s(ALNUM + '._', 96)}", "salesforce")])


def vendored(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/vendor/six.py", "vendored", [
        plain("_urllib_request_moved_attributes = ["),
        neg('    MovedAttribute("HTTPPasswordMgrWithDefaultRealm", "urllib2", "urllib.request"),', "vendored"),
        neg('    MovedAttribute("HTTPBasicAuthHandler", "urllib2", "urllib.request"),', "vendored"),
        plain("]"),
    ])
    w.file(f"{d}/vendor/urllib3/contrib/low_level.py", "vendored", [
        plain("def _temporary_keychain():"), plain("    random_bytes = os.urandom(40)"),
        neg("    password = base64.b16encode(random_bytes[8:])  # Must be valid UTF-8", "vendored"),
        neg("    username, password, save = self._prompt_for_password(parsed.netloc)", "vendored"),
        neg("    password: ReadableBuffer, *, salt: ReadableBuffer, n: int, r: int, p: int,", "type"),
    ])
    w.file(f"{d}/models.py", "python", [
        plain("@dataclass"), plain("class Settings:"),
        neg("    password: str = field(default='', repr=False)", "type"),
        neg("    token_secret: Optional[str] = None", "type"),
        neg("    def login(self, username: str, password: str) -> None:", "type"),
    ])


def manifests(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/package.json", "manifest", [
        plain("{"), plain('  "name": "acme-web",'), plain('  "dependencies": {'),
        neg('    "passport": "^0.7.0",', "package"), neg('    "passport-jwt": "^4.0.1",', "package"),
        neg('    "minipass": "^7.0.4",', "package"), neg('    "fs-minipass": "^3.0.3",', "package"),
        neg('    "js-tokens": "^4.0.0",', "package"),
        neg(f'    "detect-secrets": "{g.hexs(40)}",', "git-sha"),
        plain('    "react": "^18.2.0"'), plain("  }"), plain("}"),
    ])
    w.file(f"{d}/package-lock.json", "lockfile", [
        plain('    "node_modules/minipass": {'), plain('      "version": "7.0.4",'),
        neg('      "resolved": "https://registry.npmjs.org/minipass/-/minipass-7.0.4.tgz",', "lockfile"),
        neg(f'      "integrity": "sha512-{g.b64(g.rbytes(64))}"', "lockfile"), plain("    },"),
    ])
    w.file(f"{d}/tests/test_keyformat.py", "python-test", [
        plain("def test_putty_header_parse():"),
        neg('    assert parse_header("PuTTY-User-Key-File-3: ssh-ed25519") == ("3", "ssh-ed25519")', "format-test"),
        neg('    assert "-----BEGIN OPENSSH PRIVATE KEY-----" in EXPECTED_MARKERS', "format-test"),
        neg(f'    encrypted_key = "{g.b64(g.rbytes(48))}"', "ciphertext"),
        neg(f'    sealed = {{"encryptedKey": "{g.b64(g.rbytes(48))}"}}', "ciphertext"),
    ])


FAMILIES: list[Callable[[Gen, Writer, str], None]] = [
    pytest_suite, jest_suite, java_constants, kotlin_go, csharp, ruby_php, compose, env_ini,
    helm_tf, sql, ci, postman, http_fixtures, notebook, key_material, services, vendored,
    manifests,
]

_ = (ALNUM, HEX)
