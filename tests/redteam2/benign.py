# ruff: noqa: E501
"""Hard negatives at realistic density: what sits next to leaks in the same places.

Lockfiles of every ecosystem, checksum lists, generated code, minified bundles and source
maps, test fixtures with documented dummies, docs placeholders, encrypted blobs, public key
material, provider object IDs, password hashes, references and templating, i18n strings.
Nothing here is a positive (see the labelling rules in :mod:`tests.redteam2.generator`).
"""

from __future__ import annotations

import base64
import hashlib
import json

from tests import fakes
from tests.redteam import filler
from tests.redteam.kit import Repo


def _sha512_sri(s: str) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(s.encode()).digest()).decode()


def lockfiles(rp: Repo, base: str) -> None:
    pk = ["react", "lodash", "express", "zod", "axios", "chalk", "commander", "debug", "ms", "semver", "uuid", "yaml"]
    vers = {p: f"{rp.n(1, 9)}.{rp.n(0, 30)}.{rp.n(0, 20)}" for p in pk}
    pnpm = ["lockfileVersion: '9.0'", "", "packages:", ""]
    for p, v in vers.items():
        pnpm += [f"  {p}@{v}:", f"    resolution: {{integrity: {rp.decoy(_sha512_sri(p + v), 'sri')}}}", "    engines: {node: '>=14'}", ""]
    rp.write(f"{base}/web-monorepo/pnpm-lock.yaml", "\n".join(pnpm))
    pip = {"_meta": {"hash": {"sha256": hashlib.sha256(b"pipfile").hexdigest()}, "pipfile-spec": 6, "sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": True}]},
           "default": {p: {"hashes": [f"sha256:{hashlib.sha256((p + str(i)).encode()).hexdigest()}" for i in range(3)], "version": f"=={rp.n(1, 5)}.{rp.n(0, 20)}.{rp.n(0, 9)}"}
                       for p in ["requests", "urllib3", "certifi", "idna", "boto3", "botocore", "jmespath"]}, "develop": {}}
    rp.write(f"{base}/etl-service/Pipfile.lock", json.dumps(pip, indent=4) + "\n")
    poetry = []
    for p in ["cryptography", "pyjwt", "passlib", "bcrypt", "itsdangerous", "python-jose"]:
        poetry += ["[[package]]", f'name = "{p}"', f'version = "{rp.n(1, 42)}.{rp.n(0, 9)}.{rp.n(0, 9)}"', 'description = ""', "optional = false", 'python-versions = ">=3.8"', "files = [",
                   f'    {{file = "{p}-1.0-py3-none-any.whl", hash = "sha256:{hashlib.sha256(p.encode()).hexdigest()}"}},', "]", ""]
    poetry += ["[metadata]", 'lock-version = "2.0"', 'python-versions = "^3.11"', f'content-hash = "{hashlib.sha256(b"poetry").hexdigest()}"', ""]
    rp.write(f"{base}/auth-service/poetry.lock", "\n".join(poetry))
    comp = {"_readme": ["This file locks the dependencies of your project to a known state"], "content-hash": hashlib.md5(b"composer").hexdigest(),
            "packages": [{"name": f"vendor/{p}", "version": f"v{rp.n(1, 9)}.{rp.n(0, 9)}.{rp.n(0, 9)}",
                          "source": {"type": "git", "url": f"https://github.com/vendor/{p}.git", "reference": rp.decoy(rp.hexs(40), "git-sha")},
                          "dist": {"type": "zip", "url": f"https://api.github.com/repos/vendor/{p}/zipball/{rp.hexs(40)}", "reference": rp.hexs(40), "shasum": ""}}
                         for p in ["jwt-auth", "oauth2-client", "guzzle", "monolog"]]}
    rp.write(f"{base}/legacy-shop/composer.lock", json.dumps(comp, indent=4) + "\n")
    gem = ["GEM", "  remote: https://rubygems.org/", "  specs:"] + [f"    {g} ({rp.n(1, 7)}.{rp.n(0, 9)}.{rp.n(0, 9)})" for g in ["jwt", "bcrypt", "devise", "rack", "stripe"]]
    gem += ["", "GIT", "  remote: https://github.com/excorp/omniauth-excorp.git", f"  revision: {rp.decoy(rp.hexs(40), 'git-sha')}", "  specs:", "    omniauth-excorp (0.3.1)", "",
            "PLATFORMS", "  x86_64-linux", "", "BUNDLED WITH", "   2.5.6", ""]
    rp.write(f"{base}/storefront/Gemfile.lock", "\n".join(gem))
    nuget = {"version": 1, "dependencies": {"net8.0": {p: {"type": "Direct", "requested": "[8.0.0, )", "resolved": "8.0.0",
                                                             "contentHash": rp.decoy(base64.b64encode(hashlib.sha512(p.encode()).digest()).decode(), "nuget-content-hash")}
                                                         for p in ["Microsoft.Identity.Web", "Azure.Storage.Blobs", "Dapper", "Serilog"]}}}
    rp.write(f"{base}/billing-dotnet/src/Billing.Api/packages.lock.json", json.dumps(nuget, indent=2) + "\n")
    flake = {"nodes": {"nixpkgs": {"locked": {"lastModified": 1710000000, "narHash": "sha256-" + base64.b64encode(hashlib.sha256(b"nixpkgs").digest()).decode(),
                                              "owner": "NixOS", "repo": "nixpkgs", "rev": rp.decoy(rp.hexs(40), "git-sha"), "type": "github"}}}, "root": "root", "version": 7}
    rp.write(f"{base}/devenv/flake.lock", json.dumps(flake, indent=2) + "\n")
    rp.write(f"{base}/alerter/go.sum", "".join(f"{m} v1.{rp.n(0, 9)}.{rp.n(0, 9)} {rp.decoy(fakes.go_sum_hash(rp.s()), 'go-sum')}\n" for m in
                                               ["github.com/golang-jwt/jwt/v5", "golang.org/x/crypto", "github.com/aws/aws-sdk-go-v2/credentials", "github.com/hashicorp/vault/api"]))


def checksums(rp: Repo, base: str) -> None:
    files = [f"excorp-cli_2.3.{i}_{o}_{a}.tar.gz" for i in range(2) for o in ("linux", "darwin") for a in ("amd64", "arm64")]
    rp.write(f"{base}/releases/checksums.txt", "".join(f"{rp.decoy(fakes.sha256_hex(rp.s()), 'sha256')}  {f}\n" for f in files))
    rp.write(f"{base}/releases/excorp-cli_2.3.1_linux_amd64.tar.gz.sha512", hashlib.sha512(b"cli").hexdigest() + "  excorp-cli_2.3.1_linux_amd64.tar.gz\n")
    rp.write(f"{base}/releases/MD5SUMS", "".join(f"{hashlib.md5(f.encode()).hexdigest()}  {f}\n" for f in files[:3]))


def generated(rp: Repo, base: str) -> None:
    blob = "".join(f"\\x{b:02x}" for b in rp.r.randbytes(500))
    rp.write(f"{base}/protos/auth/v1/auth_pb2.py", "# -*- coding: utf-8 -*-\n# Generated by the protocol buffer compiler.  DO NOT EDIT!\n# source: auth/v1/auth.proto\n"
                                                   f"DESCRIPTOR = _descriptor_pool.Default().AddSerializedFile(b'{blob}')\n"
                                                   "_TOKENREQUEST = DESCRIPTOR.message_types_by_name['TokenRequest']\n_APIKEY = DESCRIPTOR.message_types_by_name['ApiKey']\n")
    raw = ", ".join(f"0x{b:02x}" for b in rp.r.randbytes(160))
    rp.write(f"{base}/protos/auth/v1/auth.pb.go", "// Code generated by protoc-gen-go. DO NOT EDIT.\npackage authv1\n\ntype ApiKey struct {\n\tKeyId string `protobuf:\"bytes,1,opt,name=key_id,json=keyId,proto3\" json:\"key_id,omitempty\"`\n"
                                                  "\tSecretHash []byte `protobuf:\"bytes,2,opt,name=secret_hash,json=secretHash,proto3\" json:\"secret_hash,omitempty\"`\n}\n\n"
                                                  f"var file_auth_v1_auth_proto_rawDesc = []byte{{\n\t{raw},\n}}\n")
    spec = {"openapi": "3.0.3", "info": {"title": "Billing API", "version": "2.14.0"},
            "components": {"securitySchemes": {"ApiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key"}, "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
                           "schemas": {"ApiKey": {"type": "object", "properties": {"id": {"type": "string", "example": "key_" + rp.hexs(16)}, "secret": {"type": "string", "example": "sk" + "_live_..."},
                                                                                  "created": {"type": "integer", "example": 1700000000}}}}},
            "paths": {"/v2/api-keys": {"post": {"security": [{"bearerAuth": []}], "responses": {"201": {"description": "the secret is shown once"}}}}}}
    rp.write(f"{base}/api-spec/openapi.json", json.dumps(spec, indent=2) + "\n")
    rp.write(f"{base}/sdk-ts/src/apis/ApiKeysApi.ts", "/* tslint:disable */\n/**\n * Billing API\n * NOTE: This class is auto generated by OpenAPI Generator.\n */\n"
                                                      "export interface CreateApiKeyRequest {\n    apiKey?: string;\n    secret?: string;\n}\n\n"
                                                      "export class ApiKeysApi extends runtime.BaseAPI {\n    async createApiKeyRaw(requestParameters: CreateApiKeyRequest): Promise<runtime.ApiResponse<ApiKey>> {\n"
                                                      "        const headerParameters: runtime.HTTPHeaders = {};\n        if (this.configuration && this.configuration.apiKey) {\n"
                                                      '            headerParameters["X-API-Key"] = await this.configuration.apiKey("X-API-Key");\n        }\n'
                                                      "        const token = this.configuration.accessToken;\n        const tokenString = await token(\"bearerAuth\", []);\n"
                                                      "        return new runtime.JSONApiResponse(await this.request({ path: `/v2/api-keys`, method: 'POST', headers: headerParameters }));\n    }\n}\n")


def bundles(rp: Repo, base: str) -> None:
    ids = [fakes.rand(rp.s(), fakes.ALNUM + "_$", rp.n(2, 6)) for _ in range(300)]
    body = ";".join(f"var {a}=function(e,t){{return e[{rp.n(0, 99)}]^t}}" for a in ids[:120])
    font = rp.decoy(base64.b64encode(rp.r.randbytes(1200)).decode(), "base64-font")
    body += f";var _f='url(data:font/woff2;base64,{font})';"
    body += "".join(f"n.p+\"static/js/\"+{{{i}:\"{rp.hexs(20)}\"}}[e]+\".chunk.js\";" for i in range(30))
    rp.write(f"{base}/dashboard/build/static/js/main.{rp.hexs(8)}.js", body + "\n")
    rp.write(f"{base}/dashboard/build/static/js/main.js.map", json.dumps({"version": 3, "file": "main.js", "sources": ["webpack://src/index.tsx"],
                                                                          "mappings": ";".join(fakes.rand(rp.s(), fakes.B64URL[:64], rp.n(20, 60)) for _ in range(80))}) + "\n")
    rp.write(f"{base}/dashboard/build/index.html", "<!doctype html><html><head>"
             f"<script defer=\"defer\" src=\"/static/js/main.js\" integrity=\"{rp.decoy(fakes.sri_integrity(rp.s(), 'sha384'), 'sri')}\" crossorigin=\"anonymous\"></script>"
             f"<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'nonce-{rp.decoy(base64.b64encode(rp.r.randbytes(18)).decode(), 'csp-nonce')}'\">"
             "</head><body><div id=\"root\"></div></body></html>\n")


def fixtures(rp: Repo, base: str) -> None:
    """Test fixtures with documented dummies and structurally invalid tokens."""
    rp.write(f"{base}/billing/tests/conftest.py", "import os\n\nimport pytest\n\n\n@pytest.fixture(autouse=True)\ndef aws_credentials():\n"
                                                  "    \"\"\"Mocked AWS Credentials for moto.\"\"\"\n    os.environ[\"AWS_ACCESS_KEY_ID\"] = \"testing\"\n"
                                                  "    os.environ[\"AWS_SECRET_ACCESS_KEY\"] = \"testing\"\n    os.environ[\"AWS_SECURITY_TOKEN\"] = \"testing\"\n"
                                                  "    os.environ[\"AWS_SESSION_TOKEN\"] = \"testing\"\n    os.environ[\"AWS_DEFAULT_REGION\"] = \"us-east-1\"\n")
    bad_gh = rp.decoy(fakes.github_classic_bad_checksum(rp.s()), "bad-checksum")
    bad_npm = rp.decoy(fakes.npm_token_bad_checksum(rp.s()), "bad-checksum")
    ex_k, ex_s = fakes.aws_example_key_id(), fakes.aws_example_secret()
    rp.decoy(ex_k, "aws-example")
    rp.write(f"{base}/scanner-rules/tests/test_redaction.py", "from app.redact import redact\n\n\n"
                                                              f"def test_github_token_redacted():\n    assert redact(\"token {bad_gh}\") == \"token ghp_****\"\n\n\n"
                                                              f"def test_npm_token_redacted():\n    assert \"npm_****\" in redact(\"{bad_npm}\")\n\n\n"
                                                              f"def test_aws_example_untouched():\n    assert redact(\"{ex_k} {ex_s}\") == \"{ex_k} {ex_s}\"\n")
    unsigned = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode() + "." + base64.urlsafe_b64encode(b'{"sub":"test-user","role":"admin"}').rstrip(b"=").decode() + "."
    rp.write(f"{base}/auth-service/tests/fixtures/tokens.json", json.dumps({"unsigned": rp.decoy(unsigned, "jwt-unsigned"), "malformed": rp.decoy(fakes.jwt_bad_header(rp.s()), "jwt-bad-header"),
                                                                          "expired_placeholder": "<expired-token>", "slack": "xoxb-not-a-real-token",
                                                                          "stripe": "sk" + "_live_" + "0" * 24, "api_key": "dummy-api-key-for-tests"}, indent=2) + "\n")
    vec = " ".join(f"{i:02x}" for i in range(32))
    rp.write(f"{base}/crypto/tests/vectors/hmac_sha256.txt", "# RFC 4231 style test vectors\n"
                                                            f"Key = {'0b' * 20}\nData = 4869205468657265\nPRF-HMAC-SHA-256 = {hashlib.sha256(b'vec1').hexdigest()}\n\n"
                                                            f"Key = {''.join(vec.split())}\nData = {hashlib.sha1(b'd').hexdigest()}\nPRF-HMAC-SHA-256 = {hashlib.sha256(b'vec2').hexdigest()}\n")
    users = [{"model": "auth.user", "pk": i, "fields": {"username": f"user{i}", "password": rp.decoy(fakes.pbkdf2_django_hash(rp.s()), "password-hash"), "is_staff": i == 1}} for i in range(1, 4)]
    rp.write(f"{base}/portal/fixtures/users.json", json.dumps(users, indent=2) + "\n")
    rp.write(f"{base}/portal/fixtures/argon.yaml", "".join(f"- email: qa{i}@example.com\n  password_hash: \"{rp.decoy(fakes.argon2_hash(rp.s()), 'password-hash')}\"\n" for i in range(2)))


def placeholders(rp: Repo, base: str) -> None:
    gh_ph, ak_ph = "gh" + "p_" + "X" * 36, "AK" + "IA" + "X" * 16
    slack_ph = "https://hooks.sl" + "ack.com/services/T00000000/B00000000/" + "X" * 24
    rp.write(f"{base}/README.md", "# excorp-cli\n\n## Setup\n\n```bash\nexport OPENAI_API_KEY=sk-...\n" f"export GITHUB_TOKEN={gh_ph}\n"
                                  f"export AWS_ACCESS_KEY_ID={ak_ph}\nexport AWS_SECRET_ACCESS_KEY=<your-secret-access-key>\n```\n\n"
                                  "Connect with `postgres://user:password@localhost:5432/db` or\n`mongodb+srv://<username>:<password>@cluster0.example.mongodb.net/`.\n\n"
                                  f"Slack: create an incoming webhook (it looks like `{slack_ph}`).\n")
    rp.write(f"{base}/config/settings.sample.yaml", "database:\n  user: app\n  password: \"CHANGE_ME\"\nsmtp:\n  password: \"{{ smtp_password }}\"\nstripe:\n  secret_key: \"sk_" + "live_REPLACE_WITH_YOUR_KEY\"\n"
                                                    "jwt:\n  secret: \"${JWT_SECRET:?must be set}\"\nsentry:\n  dsn: \"\"\n")
    rp.write(f"{base}/.env.sample", "DATABASE_URL=postgres://app:app@localhost:5432/app\nSECRET_KEY=replace-me-with-50-random-characters\nAPI_TOKEN=your_api_token_here\n"
                                    "SLACK_WEBHOOK_URL=\nAWS_SECRET_ACCESS_KEY=\n")
    rp.write(f"{base}/docs/deploy.md", "Set the secrets in the repository settings:\n\n| name | value |\n|---|---|\n| `NPM_TOKEN` | an automation token from npmjs.com (`npm_...`) |\n"
                                       "| `DOCKERHUB_TOKEN` | a personal access token (`dckr_pat_...`) |\n| `KUBECONFIG_B64` | `base64 -w0 ~/.kube/config` |\n")


def encrypted_and_public(rp: Repo, base: str) -> None:
    ss = {"apiVersion": "bitnami.com/v1alpha1", "kind": "SealedSecret", "metadata": {"name": "billing-db", "namespace": "billing"},
          "spec": {"encryptedData": {"password": rp.decoy(fakes.sealed_secret_blob(rp.s()), "sealed-secret"), "username": rp.decoy(fakes.sealed_secret_blob(rp.s()), "sealed-secret")}}}
    rp.write(f"{base}/gitops/billing/sealed-db.yaml", json.dumps(ss, indent=2) + "\n")
    rp.write(f"{base}/gitops/billing/secrets.enc.yaml", "\n".join(f"{k}: {rp.decoy(fakes.sops_value(rp.s()), 'sops')}" for k in ["db_password", "api_token", "stripe_secret_key"])
             + f"\nsops:\n    kms:\n        - arn: arn:aws:kms:eu-west-1:{rp.account()}:key/{rp.uuid()}\n          created_at: \"2024-02-01T10:00:00Z\"\n          enc: {rp.decoy(fakes.kms_ciphertext_blob(rp.s()), 'kms-ciphertext')}\n    version: 3.8.1\n")
    rp.write(f"{base}/ansible/group_vars/prod/vault.yml", fakes.ansible_vault_blob(rp.s()) + "\n")
    rp.write(f"{base}/jenkins/credentials.xml", "<?xml version='1.1' encoding='UTF-8'?>\n<com.cloudbees.plugins.credentials.SystemCredentialsProvider>\n  <domainCredentialsMap>\n"
                                                 "    <com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n      <id>nexus</id>\n      <username>deploy</username>\n"
                                                 f"      <password>{rp.decoy(fakes.jenkins_secret(rp.s()), 'jenkins-encrypted')}</password>\n"
                                                 "    </com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n  </domainCredentialsMap>\n</com.cloudbees.plugins.credentials.SystemCredentialsProvider>\n")
    rp.write(f"{base}/auth-service/public/.well-known/jwks.json", json.dumps({"keys": [fakes.jwk_rsa_public(rp.s()), fakes.jwk_rsa_public(rp.s())]}, indent=2) + "\n")
    cert = fakes.pem_certificate(rp.s()).split("\n")
    rp.write(f"{base}/sso/saml-metadata.xml", "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"https://sso.example-corp.net\">\n  <IDPSSODescriptor>\n"
                                               "    <KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>" + "".join(cert[1:-2]) + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>\n"
                                               "  </IDPSSODescriptor>\n</EntityDescriptor>\n")
    cab = base64.b64encode(fakes.pem_certificate(rp.s()).encode()).decode()
    rp.write(f"{base}/gitops/webhooks/validating.yaml", "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: policy\nwebhooks:\n"
                                                        f"  - name: policy.example-corp.net\n    clientConfig:\n      caBundle: {rp.decoy(cab, 'base64-certificate')}\n      service:\n        name: policy\n        namespace: policy\n")
    rp.write(f"{base}/release-signing/KEYS", fakes.gpg_public_key_block(rp.s()))


def ids_and_hashes(rp: Repo, base: str) -> None:
    def sid(p: str) -> str:
        return p + fakes.rand(rp.s(), fakes.ALNUM, 24)
    ev = {"id": "evt_" + fakes.rand(rp.s(), fakes.ALNUM, 24), "object": "event", "account": "acct_" + fakes.rand(rp.s(), fakes.ALNUM, 16),
          "data": {"object": {"id": sid("pi_3"), "customer": "cus_" + fakes.rand(rp.s(), fakes.ALNUM, 14), "latest_charge": sid("ch_3"),
                              "payment_method": sid("pm_1"), "client_secret": rp.decoy(sid("pi_3") + "_secret_" + fakes.rand(rp.s(), fakes.ALNUM, 25), "stripe-client-secret"), "amount": 4200, "currency": "eur"}},
          "request": {"id": "req_" + fakes.rand(rp.s(), fakes.ALNUM, 14), "idempotency_key": rp.decoy(rp.uuid(), "uuid")}}
    rp.write(f"{base}/billing/tests/fixtures/stripe/payment_intent.succeeded.json", json.dumps(ev, indent=2) + "\n")
    tw = {"account_sid": rp.decoy(fakes.twilio_account_sid(rp.s()), "twilio-sid"), "sid": "SM" + rp.hexs(32), "messaging_service_sid": "MG" + rp.hexs(32),
          "from": "+4915790000000", "status": "queued", "uri": "/2010-04-01/Accounts/AC.../Messages/SM....json"}
    rp.write(f"{base}/notifier/testdata/twilio-message.json", json.dumps(tw, indent=2) + "\n")
    iam = {"User": {"UserName": "ci-exports", "UserId": rp.decoy(fakes.aws_iam_unique_id(rp.s()), "aws-unique-id"), "Arn": f"arn:aws:iam::{rp.account()}:user/ci-exports",
                    "CreateDate": "2023-01-04T09:12:44+00:00"},
           "AccessKeyMetadata": [{"UserName": "ci-exports", "AccessKeyId": rp.decoy(fakes.aws_key_id(rp.s()), "aws-lone-key-id"), "Status": "Inactive", "CreateDate": "2023-01-04T09:12:45+00:00"}]}
    rp.write(f"{base}/aws-audit/iam-get-user.json", json.dumps(iam, indent=2) + "\n")
    gs = {"project_info": {"project_number": str(rp.n(10**11, 10**12)), "project_id": "excorp-mobile", "storage_bucket": "excorp-mobile.appspot.com"},
          "client": [{"client_info": {"mobilesdk_app_id": f"1:{rp.n(10**11, 10**12)}:android:{rp.hexs(22)}", "android_client_info": {"package_name": "net.excorp.app"}},
                      "oauth_client": [{"client_id": rp.decoy(fakes.google_oauth_client_id(rp.s()), "google-client-id"), "client_type": 3}]}]}
    rp.write(f"{base}/mobile/app/google-services.sample.json", json.dumps(gs, indent=2) + "\n")
    rp.write(f"{base}/infra/compose.yaml", "services:\n" + "".join(f"  {n}:\n    image: ghcr.io/excorp/{n}@{rp.decoy(fakes.docker_digest(rp.s()), 'image-digest')}\n    restart: unless-stopped\n"
                                                                  for n in ["api", "worker", "scheduler"]))
    rp.write(f"{base}/CHANGELOG.md", "# Changelog\n\n" + "".join(f"## 2.{14 - i}.0\n\n- {rp.word()} fixes ({rp.decoy(rp.hexs(40), 'git-sha')})\n- bump {rp.word()} to {rp.n(1, 9)}.{rp.n(0, 9)}\n\n" for i in range(5)))
    listing = "".join(f"<Contents><Key>exports/{rp.date()}/part-{i:05d}.parquet</Key><ETag>&quot;{rp.decoy(fakes.s3_etag(rp.s()), 's3-etag')}&quot;</ETag><Size>{rp.n(10**5, 10**8)}</Size></Contents>" for i in range(5))
    rp.write(f"{base}/aws-audit/list-objects.xml", f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult>{listing}</ListBucketResult>\n")
    rp.write(f"{base}/grafana/dashboards/payments.json", json.dumps({"uid": fakes.rand(rp.s(), fakes.ALNUM, 9), "title": "Payments", "panels": [
        {"id": i, "datasource": {"type": "prometheus", "uid": fakes.rand(rp.s(), fakes.ALNUM, 9)}, "targets": [{"expr": f"sum(rate(payments_total{{status=\"{s}\"}}[5m]))", "refId": "A"}]}
        for i, s in enumerate(["ok", "failed", "refunded"])], "version": 42}, indent=2) + "\n")
    vs = base64.b64encode(rp.r.randbytes(300)).decode()
    rp.write(f"{base}/legacy-portal/saved/Login.aspx.html", "<form method=\"post\" action=\"./Login.aspx\">\n"
                                                            f"<input type=\"hidden\" name=\"__VIEWSTATE\" id=\"__VIEWSTATE\" value=\"{rp.decoy(vs, 'viewstate')}\" />\n"
                                                            f"<input type=\"hidden\" name=\"__EVENTVALIDATION\" value=\"{base64.b64encode(rp.r.randbytes(60)).decode()}\" />\n"
                                                            "<input type=\"password\" name=\"txtPassword\" value=\"\" autocomplete=\"current-password\" />\n</form>\n")


def references(rp: Repo, base: str) -> None:
    rp.write(f"{base}/k8s/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: billing\n  annotations:\n"
                                            "    vault.hashicorp.com/agent-inject: \"true\"\n    vault.hashicorp.com/agent-inject-secret-db: \"database/creds/billing\"\nspec:\n  template:\n    spec:\n"
                                            "      containers:\n        - name: api\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n"
                                            "                  name: billing-db\n                  key: password\n            - name: STRIPE_API_KEY\n              valueFrom:\n"
                                            "                secretKeyRef: {name: stripe, key: api-key}\n")
    rp.write(f"{base}/k8s/external-secret.yaml", "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: billing-db\nspec:\n  secretStoreRef:\n"
                                                 "    name: aws-secrets-manager\n    kind: ClusterSecretStore\n  data:\n    - secretKey: password\n      remoteRef:\n        key: prod/billing/db\n        property: password\n")
    rp.write(f"{base}/terraform/rds.tf", 'resource "random_password" "db" {\n  length  = 32\n  special = true\n}\n\nresource "aws_db_instance" "billing" {\n'
                                         '  username = "billing"\n  password = random_password.db.result\n}\n\ndata "aws_secretsmanager_secret_version" "stripe" {\n  secret_id = "prod/stripe/api-key"\n}\n')
    rp.write(f"{base}/app/config.py", "import os\n\nDB_PASSWORD = os.environ[\"DB_PASSWORD\"]\nSTRIPE_API_KEY = os.getenv(\"STRIPE_API_KEY\", \"\")\n"
                                      "JWT_SECRET = settings.get(\"jwt.secret\")\nAPI_KEY_HEADER = \"X-API-Key\"\nTOKEN_URL = \"https://oauth2.googleapis.com/token\"\n"
                                      "SECRET_NAME = \"prod/billing/stripe\"\nPASSWORD_MIN_LENGTH = 12\ncache_key = f\"invoice:{invoice_id}:pdf\"\n")
    rp.write(f"{base}/app/templates/config.yml.erb", "production:\n  secret_key_base: <%= ENV['SECRET_KEY_BASE'] %>\n  smtp_password: <%= Rails.application.credentials.dig(:smtp, :password) %>\n")
    rp.write(f"{base}/locales/de.json", json.dumps({"login": {"password": "Passwort", "password_forgotten": "Passwort vergessen?", "token_expired": "Ihr Token ist abgelaufen",
                                                              "secret_question": "Geheimfrage", "api_key": "API-Schlüssel"}}, indent=2, ensure_ascii=False) + "\n")
    rp.write(f"{base}/locales/fr.json", json.dumps({"login": {"password": "Mot de passe", "token_expired": "Votre jeton a expiré", "api_key": "Clé d’API"}}, indent=2, ensure_ascii=False) + "\n")


def wireguard(rp: Repo, base: str) -> None:
    """WireGuard: the interface PrivateKey is a secret, peer PublicKeys are not."""
    priv = rp.leak(base64.b64encode(rp.r.randbytes(32)).decode(), "wireguard")
    pubs = [rp.decoy(base64.b64encode(rp.r.randbytes(32)).decode(), "wireguard-public-key") for _ in range(2)]
    rp.write(f"{base}/vpn/wg0.conf", f"[Interface]\nAddress = 10.66.0.1/24\nListenPort = 51820\nPrivateKey = {priv}\n\n"
                                     + "".join(f"[Peer]\n# laptop-{i}\nPublicKey = {p}\nAllowedIPs = 10.66.0.{i + 2}/32\n\n" for i, p in enumerate(pubs)))


def longtail(rp: Repo, base: str) -> None:
    """Providers outside the issue's list that real leak datasets are full of."""
    rp.write(f"{base}/observability/newrelic.yml", "common: &default_settings\n" f"  license_key: '{rp.leak(fakes.newrelic_license_key(rp.s()), 'longtail.newrelic')}'\n"
                                                   "  app_name: Billing API\n  distributed_tracing:\n    enabled: true\n")
    rp.write(f"{base}/observability/nr-deploy-marker.sh", "#!/bin/sh\ncurl -X POST https://api.newrelic.com/graphql \\\n"
                                                          f"  -H 'API-Key: {rp.leak(fakes.newrelic_user_key(rp.s()), 'longtail.newrelic')}' \\\n  -d @marker.json\n")
    rp.write(f"{base}/api-tests/postman-ci.sh", f"#!/bin/sh\npostman login --with-api-key {rp.leak(fakes.postman_api_key(rp.s()), 'longtail.postman')}\npostman collection run 12345-abcdef\n")
    rp.write(f"{base}/grafana/provisioning/oncall.yaml", "apiVersion: 1\ncontactPoints:\n  - name: oncall\n    receivers:\n      - uid: oncall\n        type: webhook\n        settings:\n"
                                                         f"          url: https://grafana.example-corp.net/api/annotations\n          authorization_credentials: {rp.leak(fakes.grafana_sa_token(rp.s()), 'longtail.grafana')}\n")
    rp.write(f"{base}/lakehouse/.databrickscfg", f"[DEFAULT]\nhost = https://adb-{rp.n(10**15, 10**16)}.12.azuredatabricks.net\ntoken = {rp.leak(fakes.databricks_token(rp.s()), 'longtail.databricks')}\n")
    rp.write(f"{base}/jira-sync/config.ini", f"[jira]\nserver = https://excorp.atlassian.net\nuser = automation@example-corp.net\napi_token = {rp.leak(fakes.atlassian_api_token(rp.s()), 'longtail.atlassian')}\n")
    rp.write(f"{base}/infra-pulumi/ci.env", f"PULUMI_ACCESS_TOKEN={rp.leak(fakes.pulumi_token(rp.s()), 'longtail.pulumi')}\nPULUMI_STACK=prod\n")


def bulk_code(rp: Repo, base: str, n: int) -> None:
    """Ordinary code with no secrets (density)."""
    makers = [("py", filler.py_module), ("ts", filler.ts_module), ("go", filler.go_file), ("java", filler.java_class), ("rb", filler.ruby_model),
              ("cs", filler.cs_class), ("kt", filler.kotlin_file), ("rs", filler.rust_file), ("sh", filler.shell_script), ("tsx", filler.tsx_component)]
    for i in range(n):
        ext, fn = rp.pick(makers)
        repo = rp.pick(["excorp-billing", "excorp-web", "excorp-cli", "excorp-data-pipelines", "excorp-mobile", "excorp-infra"])
        rp.write(f"public-repos/{repo}/src/{rp.word()}/{rp.word()}_{i}.{ext}", fn(rp, repo.split("-")[-1]))
        if i % 6 == 0:
            rp.write(f"public-repos/{repo}/docs/{rp.word()}-{i}.md", filler.markdown_doc(rp, rp.word()))


def all_benign(rp: Repo) -> None:
    lockfiles(rp, "public-repos")
    checksums(rp, "public-repos/excorp-cli")
    generated(rp, "public-repos/excorp-billing")
    bundles(rp, "public-repos/excorp-web")
    fixtures(rp, "public-repos")
    placeholders(rp, "public-repos/excorp-cli")
    encrypted_and_public(rp, "public-repos/excorp-infra")
    ids_and_hashes(rp, "public-repos/excorp-ops")
    references(rp, "public-repos/excorp-billing")
    wireguard(rp, "gists/ops-notes")
    longtail(rp, "public-repos/excorp-platform")
    key_named_non_secrets(rp, "public-repos/excorp-ops")
    bulk_code(rp, "public-repos", 150)


def key_named_non_secrets(rp: Repo, base: str) -> None:
    """Values whose *names* say key/token/password but which are IDs, fingerprints, public
    keys or environment noise of official images."""
    gpg = rp.decoy(fakes.rand(rp.s(), "0123456789ABCDEF", 40), "gpg-fingerprint")
    py_sha = rp.decoy(fakes.sha256_hex(rp.s()), "sha256")
    env = ["PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8", f"GPG_KEY={gpg}", "PYTHON_VERSION=3.12.3",
           f"PYTHON_SHA256={py_sha}", "PWD=/builds/platform/billing", "OLDPWD=/root", "HOME=/root", "KUBERNETES_SERVICE_HOST=10.96.0.1"]
    rp.write(f"{base}/docker-inspect-billing.json", json.dumps([{"Id": rp.decoy(fakes.sha256_hex(rp.s()), "sha256"), "Config": {"Env": env, "Cmd": ["gunicorn", "app:app"],
                                                                                                                              "Labels": {"org.opencontainers.image.revision": rp.decoy(rp.hexs(40), "git-sha")}}}], indent=4) + "\n")
    rp.write(f"{base}/docs/cluster-join.md", "# Joining a node\n\nThe token below is the example from the kubeadm documentation:\n\n```bash\n"
                                             "kubeadm join 10.20.0.1:6443 --token abcdef.0123456789abcdef \\\n"
                                             f"  --discovery-token-ca-cert-hash sha256:{rp.decoy(fakes.sha256_hex(rp.s()), 'sha256')}\n```\n")
    rp.write(f"{base}/schemas/user.schema.json", json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                                                             "properties": {"email": {"type": "string", "format": "email"}, "password": {"type": "string", "minLength": 12, "writeOnly": True},
                                                                            "api_token": {"type": "string", "readOnly": True, "pattern": "^exc_[A-Za-z0-9]{32}$"}}}, indent=2) + "\n")
    pub = rp.decoy(base64.b64encode(rp.r.randbytes(32)).decode(), "public-key")
    rp.write(f"{base}/config/keys.yaml", f"kms_key_id: mrk-{rp.decoy(rp.hexs(32), 'kms-key-id')}\napi_key_id: {rp.decoy(rp.uuid(), 'uuid')}\n"
                                         f"webhook_public_key: {pub}\nsigning_key_fingerprint: {rp.decoy(':'.join(rp.hexs(2) for _ in range(20)), 'fingerprint')}\n"
                                         "partition_key: tenant_id\ncache_key_prefix: billing:v2\n")
