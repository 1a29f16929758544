# ruff: noqa: E501
"""Hard negatives in bulk: secret-ish *names* with non-secret values (references, lookups,
placeholders, i18n strings, schema fields, hashes under key names, crypto test vectors,
generated code) -- what real repositories are full of and name-based rules trip on."""

from __future__ import annotations

import base64
import json

from tests import fakes
from tests.redteam.kit import Repo


def _d(rp: Repo, v: str, cat: str) -> str:
    return rp.decoy(v, cat)


def config_references(rp: Repo, base: str) -> None:
    acct = rp.account()
    rp.write(f"{base}/config/app-config.yaml", "\n".join([
        "auth:", "  token_url: https://auth.acme-corp.io/oauth/token", "  token_ttl_seconds: 3600", "  api_key_header: X-Api-Key", "  password_min_length: 12",
        "  password_policy: strong", "  secret_version: AWSCURRENT", f"  secret_name: prod/{rp.word()}/signing-key",
        f"  secret_arn: {_d(rp, f'arn:aws:secretsmanager:{rp.region()}:{acct}:secret:prod/db-' + fakes.rand(rp.s(), fakes.ALNUM, 6), 'reference')}",
        f"  kms_key_id: alias/{rp.word()}-prod", "  session_secret: ${SESSION_SECRET}", "  client_secret: ${OIDC_CLIENT_SECRET:?missing}",
        "  jwks_uri: https://auth.acme-corp.io/.well-known/jwks.json", f"  public_key_pin: {_d(rp, 'sha256/' + fakes._b64(rp.r.randbytes(32)), 'hex-digest')}",
        f"  api_key_sha256: {_d(rp, fakes.sha256_hex(rp.s()), 'hex-digest')}", f"  token_hash_salt_ref: ssm:/prod/{rp.word()}/salt", "",
        "database:", "  password: !Ref DbPassword", "  password_file: /run/secrets/db_password", "", "storage:", "  access_key: ''", "  secret_key: ''",
        f"  bucket: acme-{rp.word()}-prod", "", "vault:", "  token_path: /var/run/secrets/vault/token", "  password: vault:secret/data/db#password",
        "  api_key: ref+vault://secret/data/app#/api_key", "  smtp_password: op://Infra/SMTP/password", f"  idempotency_key: {_d(rp, rp.uuid(), 'uuid')}", ""]))
    rp.write(f"{base}/cloudformation/rds.yaml", "\n".join([
        "AWSTemplateFormatVersion: '2010-09-09'", "Parameters:", "  DbPassword:", "    Type: String", "    NoEcho: true", "    MinLength: 12", "Resources:", "  Db:",
        "    Type: AWS::RDS::DBInstance", "    Properties:", "      Engine: postgres", "      MasterUsername: app",
        "      MasterUserPassword: '{{resolve:secretsmanager:prod/orders/db:SecretString:password}}'", "  ApiKeySecret:", "    Type: AWS::SecretsManager::Secret", "    Properties:",
        "      GenerateSecretString:", "        SecretStringTemplate: '{\"username\": \"app\"}'", "        GenerateStringKey: password", "        PasswordLength: 32",
        "        ExcludeCharacters: '\"@/\\'", ""]))
    rp.write(f"{base}/serverless.yml", "\n".join([
        "service: webhooks", "provider:", "  name: aws", "  runtime: nodejs20.x", "  environment:", "    STRIPE_SECRET_KEY: ${ssm:/webhooks/prod/stripe-secret}",
        "    SIGNING_SECRET: ${env:SIGNING_SECRET}", "    DB_PASSWORD: ${file(./secrets.${sls:stage}.yml):dbPassword}", "functions:", "  hook:", "    handler: src/hook.handler", ""]))
    rp.write(f"{base}/.github/workflows/deploy.yml", "\n".join([
        "name: deploy", "on: workflow_dispatch", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    env:", "      GITHUB_TOKEN: ${{ github.token }}",
        "      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}", "      DB_PASSWORD: ${{ secrets.DB_PASSWORD }}", "    steps:", "      - uses: actions/cache@v4", "        with:",
        "          path: ~/.npm", "          key: ${{ runner.os }}-npm-${{ hashFiles('**/package-lock.json') }}", "      - run: ./deploy.sh",
        "        env:", "          API_KEY: ${{ vars.PUBLIC_API_KEY_ID }}", ""]))


def code_references(rp: Repo, base: str) -> None:
    rp.write(f"{base}/py/auth.py", "\n".join([
        "import getpass", "import secrets", "", "from django.conf import settings", "", "def login_interactive(user: str):", "    password = getpass.getpass('Password: ')",
        "    return authenticate(user, password)", "", "def new_api_token() -> str:", "    token = secrets.token_urlsafe(32)", "    return token", "",
        "def client():", "    api_key = settings.PARTNER_API_KEY", "    secret = self_config.get('secret')", "    return Partner(api_key=api_key, secret=secret, password=None)", "",
        "def header_token(request):", "    token = request.headers.get('Authorization', '').removeprefix('Bearer ')", "    return token", "",
        "def check(password: str) -> None:", "    if len(password) < 12:", "        raise ValueError('password must be at least 12 characters')", "",
        "PASSWORD_RESET_TIMEOUT = 3600", "SECRET_KEY_FALLBACKS = []", "AUTH_TOKEN_HEADER = 'X-Auth-Token'", ""]))
    rp.write(f"{base}/js/session.ts", "\n".join([
        "export function bearer(req: Request): string | undefined {", "  const token = req.headers.get('authorization')?.split(' ')[1];", "  return token;", "}", "",
        "export const config = {", "  apiKey: process.env.API_KEY!,", "  password: hashedPassword,", "  secret: getSecret('signing'),", "  token: localStorage.getItem('token') ?? '',",
        "  clientSecret: undefined,", "};", "", "const passwordRegex = /^(?=.*[A-Z])(?=.*\\d).{12,}$/;", "export const isStrong = (password: string) => passwordRegex.test(password);", ""]))
    rp.write(f"{base}/go/creds.go", "\n".join([
        "package creds", "", 'import "os"', "", "type DB struct {", "\tUser     string", "\tPassword string", "}", "",
        "func FromEnv() DB {", '\treturn DB{User: os.Getenv("DB_USER"), Password: os.Getenv("DB_PASSWORD")}', "}", "",
        "func (d DB) DSN(host string) string {", '\treturn "postgres://" + d.User + ":" + d.Password + "@" + host + "/app"', "}", ""]))
    rp.write(f"{base}/java/Creds.java", "\n".join([
        "public final class Creds {", '    private final String password = System.getenv("DB_PASSWORD");', "    char[] readPassword() { return System.console().readPassword(\"Password: \"); }",
        '    static final String TOKEN_HEADER = "X-Auth-Token";', '    static final String PASSWORD_FIELD = "password";', "}", ""]))


def placeholders(rp: Repo, base: str) -> None:
    rp.write(f"{base}/config/settings.example.yaml", "\n".join([
        "database:", f"  password: \"{_d(rp, '********', 'placeholder')}\"", "partner:", f"  api_key: {_d(rp, 'REPLACE_ME', 'placeholder')}",
        f"  token: \"{_d(rp, '<token>', 'placeholder')}\"", f"  secret: {_d(rp, '__SECRET__', 'placeholder')}", f"  password: \"{_d(rp, '%PASSWORD%', 'placeholder')}\"",
        f"  signing_key: {_d(rp, 'insert-signing-key-here', 'placeholder')}", f"  webhook_secret: {_d(rp, 'whsec_...', 'placeholder')}", f"  client_secret: {_d(rp, 'TODO', 'placeholder')}",
        f"  aws_secret_access_key: {_d(rp, 'YOUR_SECRET_ACCESS_KEY', 'placeholder')}", f"  aws_access_key_id: {_d(rp, 'YOUR_ACCESS_KEY_HERE', 'placeholder')}",
        f"  github_token: {_d(rp, 'ghp_' + 'X' * 36, 'placeholder')}", f"  slack_webhook: {_d(rp, 'https://hooks.slack.com/services/T00000000/B00000000/' + 'X' * 24, 'placeholder')}", ""]))
    rp.write(f"{base}/docs/openapi.yaml", "\n".join([
        "openapi: 3.0.3", "info:", "  title: Orders API", "  version: 2.4.0", "components:", "  securitySchemes:", "    api_key:", "      type: apiKey", "      name: X-API-Key", "      in: header",
        "    bearer:", "      type: http", "      scheme: bearer", "      bearerFormat: JWT", "  schemas:", "    Login:", "      type: object", "      properties:", "        password:",
        "          type: string", "          format: password", "          example: \"correct horse battery staple\"", "        token:", "          type: string",
        f"          example: \"{_d(rp, 'tok_' + 'a1b2c3d4e5f6' * 2, 'placeholder')}\"", ""]))


def i18n(rp: Repo, base: str) -> None:
    for lang, pw, tok in [("en", "Password", "Your session token has expired"), ("fr", "Mot de passe", "Votre jeton de session a expiré"),
                          ("de", "Passwort", "Ihr Sitzungstoken ist abgelaufen"), ("pt-BR", "Senha", "Seu token de sessão expirou")]:
        rp.write(f"{base}/locales/{lang}/auth.json", json.dumps({"password": pw, "forgot_password": f"{pw}?", "password_too_short": f"{pw}: min. 12",
                                                                  "token_expired": tok, "api_key_label": "API key", "secret_key_help": "Secret key (shown once)",
                                                                  "confirm_password": f"Confirm {pw.lower()}"}, indent=2, ensure_ascii=False) + "\n")
    rp.write(f"{base}/ios/en.lproj/Localizable.strings", '"login.password" = "Password";\n"login.token.expired" = "Your token has expired. Sign in again.";\n"settings.api_key" = "API key";\n')
    rp.write(f"{base}/web/templates/login.html", "\n".join([
        '<form method="post" action="/login">', '  <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">', '  <input type="email" name="email" autocomplete="username">',
        '  <input type="password" name="password" placeholder="Password" autocomplete="current-password" minlength="12">', '  <button type="submit">Sign in</button>', "</form>", ""]))
    rp.write(f"{base}/web/schema.graphql", "type Mutation {\n  login(email: String!, password: String!): AuthPayload!\n  rotateApiKey(id: ID!): ApiKey!\n}\n\ntype AuthPayload {\n  token: String!\n  refreshToken: String!\n}\n")


def crypto_tests(rp: Repo, base: str) -> None:
    rp.write(f"{base}/tests/test_hmac_vectors.py", "\n".join([
        '"""RFC 4231 / RFC 2202 style test vectors for our HMAC wrapper."""', "import hmac, hashlib", "",
        "VECTORS = [", f"    (bytes.fromhex('{'0b' * 20}'), b'Hi There', '{_d(rp, fakes.sha256_hex(rp.s()), 'test-vector')}'),",
        f"    (b'Jefe', b'what do ya want for nothing?', '{_d(rp, fakes.sha256_hex(rp.s()), 'test-vector')}'),",
        f"    (bytes.fromhex('{'aa' * 20}'), bytes.fromhex('{'dd' * 50}'), '{_d(rp, fakes.sha256_hex(rp.s()), 'test-vector')}'),", "]", "",
        "def test_vectors():", "    for key, msg, want in VECTORS:", "        assert hmac.new(key, msg, hashlib.sha256).hexdigest() == want", "",
        f"EXPECTED_SIGNATURE = '{_d(rp, fakes.sha256_hex(rp.s()), 'test-vector')}'", f"NONCE = '{_d(rp, fakes._b64(rp.r.randbytes(12)), 'test-vector')}'",
        "def test_jwt_roundtrip():", "    tok = jwt.encode({'sub': '1'}, 'secret', algorithm='HS256')", "    assert jwt.decode(tok, 'secret', algorithms=['HS256'])['sub'] == '1'", ""]))
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    rp.write(f"{base}/src/ids.go", "\n".join([
        "package ids", "", f'const alphabet = "{alphabet}"', 'const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"', "",
        "var k = [...]uint32{0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5}", ""]))
    pb = "".join(f"\\x{b:02x}" if b < 32 or b > 126 or b in (39, 92) else chr(b) for b in rp.r.randbytes(300))
    rp.write(f"{base}/gen/orders_pb2.py", "\n".join([
        "# -*- coding: utf-8 -*-", "# Generated by the protocol buffer compiler.  DO NOT EDIT!", "from google.protobuf import descriptor_pool as _descriptor_pool", "",
        f"DESCRIPTOR = _descriptor_pool.Default().AddSerializedFile(b'\\n\\x0corders.proto\\x12\\x06orders{pb}')", ""]))
    sigs = {f"src/{rp.word()}{i}.ts": {"version": _d(rp, fakes.sha256_hex(rp.s()), "hex-digest"), "signature": fakes.sha256_hex(rp.s())} for i in range(12)}
    rp.write(f"{base}/tsconfig.tsbuildinfo", json.dumps({"program": {"fileInfos": sigs, "options": {"strict": True}}, "version": "5.3.3"}) + "\n")


def vcs_meta(rp: Repo, base: str) -> None:
    rp.write(f"{base}/.pre-commit-config.yaml", "\n".join([
        "repos:", "  - repo: https://github.com/pre-commit/pre-commit-hooks", f"    rev: {_d(rp, fakes.git_sha(rp.s()), 'git-sha')}  # frozen: v4.5.0", "    hooks:", "      - id: detect-private-key",
        "  - repo: https://github.com/astral-sh/ruff-pre-commit", f"    rev: {fakes.git_sha(rp.s())}  # frozen: v0.1.14", "    hooks:", "      - id: ruff", ""]))
    rp.write(f"{base}/.git-blame-ignore-revs", "\n".join(f"# {rp.words(3)}\n{_d(rp, fakes.git_sha(rp.s()), 'git-sha')}" for _ in range(5)) + "\n")
    rp.write(f"{base}/.yarn/berry.lock", "\n".join(f'"{p}@npm:^1.0.0":\n  version: 1.{rp.n(0, 9)}.0\n  resolution: "{p}@npm:1.{rp.n(0, 9)}.0"\n  checksum: 10c0/{_d(rp, fakes.rand(rp.s(), fakes.HEX, 128), "lockfile-hash")}\n  languageName: node\n  linkType: hard\n'
                                                   for p in ["lodash", "react", "zod", "axios", "ms"]))
    snap = ["// Jest Snapshot v1, https://goo.gl/fbAQLP", "", "exports[`OrderCard renders 1`] = `", "<div", f'  className="{_d(rp, "card_" + fakes.rand(rp.s(), fakes.ALNUM, 8), "css-hash")}"',
            f'  data-order-id="{rp.uuid()}"', ">", "  Order #1042", "</div>", "`;", ""]
    rp.write(f"{base}/web/src/__snapshots__/OrderCard.test.tsx.snap", "\n".join(snap))
    nb_widgets = {"cells": [], "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {fakes.rand(rp.s(), fakes.HEX, 32): {"model_name": "LayoutModel", "state": {}} for _ in range(6)},
                                                                                                    "version_major": 2}}}, "nbformat": 4, "nbformat_minor": 5}
    rp.write(f"{base}/notebooks/widgets-demo.ipynb", json.dumps(nb_widgets, indent=1) + "\n")
    applied = json.dumps({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "annotations": {"checksum/secret": fakes.sha256_hex(rp.s())}}})
    rp.write(f"{base}/k8s/live/web.yaml", "\n".join(["apiVersion: apps/v1", "kind: Deployment", "metadata:", "  annotations:",
                                                     f"    kubectl.kubernetes.io/last-applied-configuration: '{applied}'", f"    deployment.kubernetes.io/revision: \"{rp.n(2, 80)}\"",
                                                     "  name: web", f"  uid: {_d(rp, rp.uuid(), 'uuid')}", f"  resourceVersion: \"{rp.n(10**6, 10**8)}\"", "spec:", "  template:",
                                                     "    spec:", "      imagePullSecrets:", "        - name: ghcr-pull", "      serviceAccountName: web", ""]))
    cosign = {"base64Signature": _d(rp, fakes._b64(rp.r.randbytes(71)), "signature"), "cert": base64.b64encode(fakes.pem_certificate(rp.s()).encode()).decode(),
              "rekorBundle": {"SignedEntryTimestamp": fakes._b64(rp.r.randbytes(70)), "Payload": {"logIndex": rp.n(10**7, 10**8), "logID": fakes.sha256_hex(rp.s())}}}
    rp.write(f"{base}/release/app.sig.json", json.dumps(cosign, indent=2) + "\n")


def hard_negatives(rp: Repo, base: str) -> None:
    config_references(rp, base)
    code_references(rp, f"{base}/snippets")
    placeholders(rp, base)
    i18n(rp, f"{base}/frontend")
    crypto_tests(rp, f"{base}/crypto")
    vcs_meta(rp, base)
