# ruff: noqa: E501
"""Fourth red-team round (written blind to the rules, before measuring): API-client exports
(Postman collections, Insomnia YAML, HAR bodies), escaped and doubly escaped JSON, token lists,
notebook source lines, Helm/Kubernetes env name/value pairs, Terraform state and heredocs,
Ansible and CI env blocks, key material beyond PEM (JWK private members, Keycloak realm
exports, NATS nkey seeds, OTP seeds, Akamai .edgerc, swarm join tokens, Salesforce, Dropbox,
Twilio), passwords in many languages' maps and calls, SQL, shell and connection strings."""

from __future__ import annotations

import base64
import json
import string

from tests import fakes
from tests.wild.kit import ALNUM, B64URL, HEX, LOWER, W
from tests.wild.pos3 import _REPOS

B32 = string.ascii_uppercase + "234567"
B36 = string.ascii_lowercase + string.digits


def _p(w: W, path: str) -> str:
    """A repository-like prefix, so well-known file names keep their name."""
    return f"{w.org()}-{w.pick(_REPOS)}/{path}"


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _jwt(w: W) -> str:
    return fakes.jwt_compact(w.seed(), w.pick(("HS256", "RS256")))


# --- value shapes that earlier rounds did not draw -------------------------------------------
def nkey_seed(w: W, role: str = "U") -> str:
    """A NATS nkey seed: 'S', a role letter, then base32 (58 characters in all) ending in the
    CRC16 that nkeys checks (a random body is no seed: FromSeed rejects it). The same random
    draws as a plain 56-character body, so the other snippets' values stay as they were."""
    body = w.s(B32, 56)
    return fakes.nkey_seed_from(base64.b32decode(body)[:32], role)


def swarm_token(w: W) -> str:
    return "SWMTKN" + "-1-" + w.s(B36, 50) + "-" + w.s(B36, 25)


def akamai_token(w: W) -> str:
    return "akab" + "-" + w.s(LOWER + "0123456789", 16) + "-" + w.s(LOWER + "0123456789", 16)


def sf_access_token(w: W) -> str:
    """A Salesforce session / access token: the 15-character org id, '!', an opaque body."""
    return "00D" + w.s(ALNUM, 12) + "!" + w.s(ALNUM, 4) + "." + w.s(ALNUM + "._", 90)


def sf_refresh_token(w: W) -> str:
    return "5Aep" + "861" + w.s(ALNUM + "._", 80)


def dropbox_token(w: W) -> str:
    return "sl" + "." + w.s(B64URL, 130)


def postman_api_key(w: W) -> str:
    return "PM" + "AK-" + w.s(HEX, 24) + "-" + w.s(HEX, 34)


def datadog_keys(w: W) -> tuple[str, str]:
    return w.s(HEX, 32), w.s(HEX, 40)


# --- API clients, HTTP archives -------------------------------------------------------------
def postman_collection(w: W) -> None:
    tok = w.opaque(40)
    key = w.opaque(32)
    pw = w.pw()
    col = {"info": {"_postman_id": fakes.uuid4(w.seed()), "name": f"{w.org().capitalize()} API",
                    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
           "item": [
               {"name": "List orders", "request": {
                   "auth": {"type": "bearer", "bearer": [{"key": "token", "value": tok, "type": "string"}]},
                   "method": "GET", "header": [], "url": {"raw": "{{baseUrl}}/v1/orders", "host": ["{{baseUrl}}"], "path": ["v1", "orders"]}}},
               {"name": "Login", "request": {
                   "auth": {"type": "basic", "basic": [{"key": "password", "value": pw, "type": "string"},
                                                       {"key": "username", "value": w.user(), "type": "string"}]},
                   "method": "POST", "header": [{"key": "Content-Type", "value": "application/json"}],
                   "url": {"raw": "{{baseUrl}}/v1/login"}}}],
           "variable": [{"key": "baseUrl", "value": f"https://api.{w.org()}.com"}, {"key": "apikey", "value": key}]}
    w.add("postman4", _p(w, f"postman/{w.org()}.postman_collection.json"), json.dumps(col, indent="\t") + "\n", [tok, pw, key])


def postman_apikey_auth(w: W) -> None:
    key = w.opaque(36)
    pmak = postman_api_key(w)
    col = {"info": {"name": "Partner API"}, "auth": {"type": "apikey", "apikey": [
        {"key": "value", "value": key, "type": "string"}, {"key": "key", "value": "X-API-Key", "type": "string"},
        {"key": "in", "value": "header", "type": "string"}]}, "item": []}
    w.add("postman4", _p(w, "api/partner.postman_collection.json"), json.dumps(col, indent=2) + "\n", [key])
    body = (f"name: postman-sync\non: workflow_dispatch\njobs:\n  sync:\n    runs-on: ubuntu-latest\n    steps:\n"
            f"      - run: newman run https://api.getpostman.com/collections/{w.hexs(8)}?apikey={pmak}\n")
    w.add("postman4", _p(w, ".github/workflows/postman.yml"), body, [pmak])


def postman_header_raw(w: W) -> None:
    tok = _jwt(w)
    pw = w.pw()
    col = {"info": {"name": "auth"}, "item": [{"name": "Me", "request": {"method": "GET", "header": [
        {"key": "Authorization", "value": f"Bearer {tok}", "type": "text"}], "url": "https://auth.example-corp.io/me"}},
        {"name": "Token", "request": {"method": "POST", "body": {"mode": "raw",
         "raw": json.dumps({"grant_type": "password", "username": w.user(), "password": pw}, indent=4)}, "url": "https://auth.example-corp.io/token"}}]}
    w.add("postman4", _p(w, "docs/postman/auth.json"), json.dumps(col, indent="\t") + "\n", [tok, pw])


def insomnia_yaml(w: W) -> None:
    tok = w.opaque(40)
    key = w.opaque(32)
    body = (f"_type: export\n__export_format: 4\nresources:\n  - _id: req_{w.hexs(32)}\n    _type: request\n    url: \"{{{{ _.base_url }}}}/v2/items\"\n"
            f"    method: GET\n    authentication:\n      type: bearer\n      token: {tok}\n      prefix: \"\"\n"
            f"  - _id: env_{w.hexs(32)}\n    _type: environment\n    name: Base Environment\n    data:\n      base_url: https://api.{w.org()}.dev\n      api_key: {key}\n")
    w.add("insomnia4", _p(w, ".insomnia/export.yaml"), body, [tok, key])


def har_post_body(w: W) -> None:
    pw = w.pw()
    key = w.opaque(32)
    inner = json.dumps({"email": f"{w.user()}@{w.org()}.com", "password": pw, "remember": True})
    har = {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "entries": [
        {"startedDateTime": "2024-03-02T10:11:12.000Z", "request": {"method": "POST", "url": f"https://app.{w.org()}.com/api/session",
         "headers": [{"name": "content-type", "value": "application/json"}], "queryString": [],
         "postData": {"mimeType": "application/json", "text": inner}}},
        {"request": {"method": "GET", "url": f"https://maps.{w.org()}.com/tiles?api_key={key}&z=4",
                     "queryString": [{"name": "api_key", "value": key}, {"name": "z", "value": "4"}]}}]}}
    w.add("har4", _p(w, "test/fixtures/login-flow.har"), json.dumps(har, indent=2) + "\n", [pw, key])


def har_cookie_header(w: W) -> None:
    tok = w.opaque(40)
    basic = base64.b64encode(f"{w.user()}:{w.pw()}".encode()).decode()
    har = {"log": {"entries": [{"request": {"method": "GET", "url": f"https://registry.{w.org()}.io/v2/_catalog",
           "headers": [{"name": "authorization", "value": f"Basic {basic}"}, {"name": "x-auth-token", "value": tok},
                       {"name": "accept", "value": "*/*"}]}, "response": {"status": 200}}]}}
    w.add("har4", _p(w, "debug/registry.har"), json.dumps(har, indent=2) + "\n", [basic, tok])


# --- escaped JSON and token lists -----------------------------------------------------------
def escaped_json_js(w: W) -> None:
    tok = w.opaque(32)
    pw = w.pw()
    body = (f"const fixture = \"{{\\\"apitoken\\\":\\\"{tok}\\\",\\\"region\\\":\\\"eu\\\"}}\";\n"
            f"const login = JSON.parse('{{\"user\":\"{w.user()}\",\"password\":\"{pw}\"}}');\n")
    w.add("escaped4", _p(w, "test/fixtures/payloads.js"), body, [tok, pw])


def escaped_json_java(w: W) -> None:
    sec = w.opaque(40)
    body = (f"    private static final String TOKEN_REQUEST =\n        \"{{\\\"client_id\\\":\\\"orders-svc\\\",\\\"client_secret\\\":\\\"{sec}\\\",\\\"grant_type\\\":\\\"client_credentials\\\"}}\";\n")
    w.add("escaped4", _p(w, "src/test/java/com/acme/TokenClientTest.java"), body, [sec])


def escaped_json_yaml_env(w: W) -> None:
    pw = w.pw()
    key = w.opaque(32)
    body = (f"services:\n  api:\n    image: {w.org()}/api:latest\n    environment:\n"
            f"      SPRING_APPLICATION_JSON: '{{\"spring.datasource.password\":\"{pw}\",\"spring.datasource.username\":\"app\"}}'\n"
            f"      EXTRA_CONFIG: \"{{\\\"maps\\\": {{\\\"apiKey\\\": \\\"{key}\\\"}}}}\"\n")
    w.add("escaped4", _p(w, "deploy/docker-compose.prod.yml"), body, [pw, key])


def double_escaped(w: W) -> None:
    tok = w.opaque(36)
    inner = json.dumps({"apiKey": tok, "env": "prod"})
    doc = {"Parameters": {"Config": json.dumps(inner)}}
    w.add("escaped4", _p(w, "cfn/params.prod.json"), json.dumps(doc, indent=2) + "\n", [tok])


def token_list_json(w: W) -> None:
    toks = [w.opaque(32) for _ in range(3)]
    doc = {"service": "gateway", "auth": {"tokens": toks, "header": "X-Api-Token"}}
    w.add("token-list", _p(w, "config/gateway.json"), json.dumps(doc) + "\n", toks)


def token_list_yaml(w: W) -> None:
    toks = [w.opaque(40) for _ in range(2)]
    body = "auth:\n  enabled: true\n  api_keys:\n" + "".join(f"    - {t}\n" for t in toks) + "  header: Authorization\n"
    w.add("token-list", _p(w, "config/auth.yml"), body, toks)


def token_list_python(w: W) -> None:
    toks = [w.hexs(32) for _ in range(2)]
    body = "# clients allowed to call the ingest endpoint\nVALID_API_KEYS = {\n" + "".join(f"    \"{t}\",\n" for t in toks) + "}\n"
    w.add("token-list", _p(w, "ingest/auth.py"), body, toks)


def token_list_env(w: W) -> None:
    a, b = w.opaque(32), w.opaque(32)
    body = f"PORT=8080\nAPI_KEYS={a},{b}\nLOG_LEVEL=info\n"
    w.add("token-list", _p(w, ".env.staging"), body, [a])


# --- notebooks --------------------------------------------------------------------------------
def _nb(cells: list[dict[str, object]]) -> str:
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                                       "language_info": {"name": "python", "version": "3.11.4"}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def _code(src: list[str], outputs: list[dict[str, object]] | None = None) -> dict[str, object]:
    return {"cell_type": "code", "execution_count": 1, "id": "a1b2c3d4", "metadata": {}, "outputs": outputs or [], "source": src}


def notebook_openai(w: W) -> None:
    tok = fakes.openai_key(w.seed())
    body = _nb([{"cell_type": "markdown", "id": "m1", "metadata": {}, "source": ["## Summarise the tickets"]},
                _code(["import openai\n", f"openai.api_key = \"{tok}\"\n", "\n", "resp = openai.ChatCompletion.create(model=\"gpt-4\", messages=msgs)"])])
    w.add("notebook4", _p(w, "notebooks/summarise.ipynb"), body, [tok])


def notebook_curl(w: W) -> None:
    tok = w.opaque(40)
    body = _nb([_code([f"!curl -s -H \"Authorization: Bearer {tok}\" https://api.{w.org()}.com/v1/export > export.json\n", "!head export.json"])])
    w.add("notebook4", _p(w, "analysis/export.ipynb"), body, [tok])


def notebook_environ(w: W) -> None:
    tok = fakes.huggingface_token(w.seed())
    kag = w.hexs(32)
    body = _nb([_code(["import os\n", f"os.environ[\"HF_TOKEN\"] = \"{tok}\"\n", f"os.environ['KAGGLE_USERNAME'] = '{w.user()}'\n",
                       f"os.environ['KAGGLE_KEY'] = '{kag}'\n"])])
    w.add("notebook4", _p(w, "notebooks/train.ipynb"), body, [tok, kag])


def notebook_client(w: W) -> None:
    key = fakes.anthropic_key(w.seed())
    pw = w.pw()
    body = _nb([_code(["from anthropic import Anthropic\n", f"client = Anthropic(api_key=\"{key}\")\n"]),
                _code(["import psycopg2\n", f"conn = psycopg2.connect(host=\"warehouse.{w.org()}.internal\", user=\"analyst\", password=\"{pw}\", dbname=\"dw\")"])])
    w.add("notebook4", _p(w, "research/llm-eval.ipynb"), body, [key, pw])


def notebook_wandb(w: W) -> None:
    key = w.hexs(40)
    body = _nb([_code(["!pip install -q wandb\n", f"!wandb login {key}\n"])])
    w.add("notebook4", _p(w, "colab/sweep.ipynb"), body, [key])


# --- Helm, Kubernetes -------------------------------------------------------------------------
def helm_env_pairs(w: W) -> None:
    key = w.opaque(32)
    pw = w.pw()
    body = (f"image:\n  repository: {w.org()}/worker\n  tag: 2.3.1\nenv:\n  - name: LOG_LEVEL\n    value: info\n  - name: STRIPE_API_KEY\n"
            f"    value: \"{key}\"\n  - name: DB_PASSWORD\n    value: {pw}\n")
    w.add("helm4", _p(w, "charts/worker/values-prod.yaml"), body, [key, pw])


def helm_registry(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"imageCredentials:\n  registry: registry.{w.org()}.io\n  username: robot$ci\n  password: \"{pw}\"\n  email: ci@{w.org()}.io\n"
            f"redis:\n  architecture: standalone\n  auth:\n    enabled: true\n    password: {pw2}\n")
    w.add("helm4", _p(w, "helm/values.staging.yaml"), body, [pw, pw2])


def helm_extra_env_map(w: W) -> None:
    tok = w.token()
    pw = w.pw()
    body = (f"grafana:\n  adminUser: admin\n  adminPassword: {pw}\n  env:\n    GF_SECURITY_SECRET_KEY: {w.opaque(24)}\n"
            f"  extraSecretEnv:\n    GITHUB_TOKEN: {tok}\n")
    w.add("helm4", _p(w, "monitoring/kube-prometheus-values.yaml"), body, [pw, tok, "GF_SECURITY_SECRET_KEY"])


def k8s_deploy_env(w: W) -> None:
    pw = w.pw()
    body = (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n"
            f"          image: ghcr.io/{w.org()}/api:1.0\n          env:\n            - name: DATABASE_USER\n              value: app\n"
            f"            - name: DATABASE_PASSWORD\n              value: \"{pw}\"\n")
    w.add("k8s4", _p(w, "k8s/base/deployment.yaml"), body, [pw])


def k8s_stringdata_file(w: W) -> None:
    pw = w.pw()
    tok = w.opaque(40)
    body = (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-config\ntype: Opaque\nstringData:\n  config.yaml: |\n    database:\n      host: pg.{w.org()}.svc\n"
            f"      password: {pw}\n    sentry:\n      auth_token: {tok}\n  DATABASE_URL: postgres://app:{pw}@pg:5432/app\n")
    w.add("k8s4", _p(w, "k8s/overlays/staging/secret.yaml"), body, [pw, tok])


def k8s_configmap(w: W) -> None:
    key = w.opaque(32)
    body = (f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: frontend\ndata:\n  API_BASE: https://api.{w.org()}.com\n  MAPS_API_KEY: \"{key}\"\n")
    w.add("k8s4", _p(w, "k8s/frontend-cm.yaml"), body, [key])


# --- Terraform --------------------------------------------------------------------------------
def terraform_providers(w: W) -> None:
    api, app = datadog_keys(w)
    tok = fakes.github_classic(w.seed())
    body = (f"provider \"datadog\" {{\n  api_key = \"{api}\"\n  app_key = \"{app}\"\n  api_url = \"https://api.datadoghq.eu/\"\n}}\n\n"
            f"provider \"github\" {{\n  owner = \"{w.org()}\"\n  token = \"{tok}\"\n}}\n")
    w.add("terraform4", _p(w, "infra/monitoring/providers.tf"), body, [api, app, tok])


def terraform_locals_heredoc(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"locals {{\n  admin_password = \"{pw}\"\n}}\n\nresource \"aws_secretsmanager_secret_version\" \"db\" {{\n  secret_id     = aws_secretsmanager_secret.db.id\n"
            f"  secret_string = <<EOF\n{{\n  \"username\": \"app\",\n  \"password\": \"{pw2}\"\n}}\nEOF\n}}\n")
    w.add("terraform4", _p(w, "infra/db/secrets.tf"), body, [pw, pw2])


def terraform_state(w: W) -> None:
    pw = w.pw()
    sec = fakes.aws_secret(w.seed())
    kid = fakes.aws_key_id(w.seed())
    st = {"version": 4, "terraform_version": "1.5.7", "serial": 12, "lineage": fakes.uuid4(w.seed()), "outputs": {},
          "resources": [{"mode": "managed", "type": "aws_db_instance", "name": "main", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                         "instances": [{"schema_version": 2, "attributes": {"engine": "postgres", "username": "app", "password": pw, "port": 5432}}]},
                        {"mode": "managed", "type": "aws_iam_access_key", "name": "ci",
                         "instances": [{"attributes": {"id": kid, "secret": sec, "user": "ci"}}]}]}
    w.add("terraform4", _p(w, "infra/terraform.tfstate"), json.dumps(st, indent=2) + "\n", [pw, sec, kid])


def tfvars_map(w: W) -> None:
    pw = w.pw()
    tok = w.opaque(40)
    body = (f"databases = {{\n  orders = {{\n    user     = \"orders\"\n    password = \"{pw}\"\n  }}\n}}\n\ncloudflare_api_token = \"{tok}\"\n")
    w.add("terraform4", _p(w, "envs/prod/terraform.tfvars"), body, [pw, tok])


# --- Ansible, compose, CI ---------------------------------------------------------------------
def ansible_become(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"---\nansible_user: deploy\nansible_become: true\nansible_become_pass: {pw}\nmysql_root_password: \"{pw2}\"\nnginx_worker_processes: auto\n")
    w.add("ansible4", _p(w, "inventories/staging/host_vars/web01.yml"), body, [pw, pw2])


def ansible_yaml_inventory(w: W) -> None:
    pw = w.pw()
    body = (f"all:\n  children:\n    routers:\n      hosts:\n        rtr01.{w.org()}.net:\n          ansible_host: 10.20.0.1\n          ansible_network_os: ios\n"
            f"          ansible_ssh_pass: '{pw}'\n")
    w.add("ansible4", _p(w, "inventory/network.yml"), body, [pw])


def ansible_extra_vars(w: W) -> None:
    pw = w.pw()
    body = (f"# bootstrap a fresh node\nansible-playbook -i hosts site.yml --extra-vars \"admin_user=ops admin_password={pw}\"\n")
    w.add("ansible4", _p(w, "README.ops"), body, [pw])


def ansible_user_module(w: W) -> None:
    pw = w.pw()
    body = (f"- name: Create the service account\n  ansible.builtin.user:\n    name: svc_backup\n    password: \"{{{{ '{pw}' | password_hash('sha512') }}}}\"\n    shell: /bin/bash\n")
    w.add("ansible4", _p(w, "roles/backup/tasks/user.yml"), body, [pw])


def compose_quoted_list(w: W) -> None:
    pw = w.pw()
    key = w.opaque(40)
    body = (f"services:\n  keycloak:\n    image: quay.io/keycloak/keycloak:24.0\n    command: start-dev\n    environment:\n      - \"KEYCLOAK_ADMIN=admin\"\n"
            f"      - \"KEYCLOAK_ADMIN_PASSWORD={pw}\"\n  app:\n    build: .\n    environment:\n      - 'SECRET_KEY_BASE={key}'\n")
    w.add("compose4", _p(w, "docker-compose.yml"), body, [pw, key])


def compose_java_opts(w: W) -> None:
    pw = w.pw()
    body = (f"services:\n  billing:\n    image: {w.org()}/billing:3\n    environment:\n      JAVA_OPTS: \"-Xmx512m -Dspring.datasource.password={pw} -Dspring.profiles.active=prod\"\n")
    w.add("compose4", _p(w, "compose/billing.yml"), body, [pw])


def compose_command_array(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"services:\n  cache:\n    image: redis:7-alpine\n    command: [\"redis-server\", \"--requirepass\", \"{pw}\"]\n"
            f"  minio:\n    image: minio/minio\n    environment:\n      MINIO_ROOT_USER: minio\n      MINIO_ROOT_PASSWORD: {pw2}\n")
    w.add("compose4", _p(w, "docker-compose.dev.yml"), body, [pw, pw2])


def gha_env_block(w: W) -> None:
    tok = w.hexs(40)
    pw = w.pw()
    body = (f"name: build\non:\n  push:\n    branches: [main]\nenv:\n  SONAR_TOKEN: {tok}\n  REGISTRY: ghcr.io\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n"
            f"    steps:\n      - uses: actions/checkout@v4\n      - name: login\n        run: echo \"{pw}\" | docker login registry.{w.org()}.io -u ci --password-stdin\n")
    w.add("ci4", _p(w, ".github/workflows/build.yml"), body, [tok, pw])


def gitlab_auth_config(w: W) -> None:
    auth = base64.b64encode(f"ci:{w.pw()}".encode()).decode()
    pw = w.pw()
    body = (f"variables:\n  DOCKER_AUTH_CONFIG: '{{\"auths\":{{\"registry.{w.org()}.io\":{{\"auth\":\"{auth}\"}}}}}}'\n\ntest:\n  image: python:3.12\n"
            f"  services:\n    - name: mysql:8\n      alias: db\n  variables:\n    MYSQL_ROOT_PASSWORD: \"{pw}\"\n  script:\n    - pytest\n")
    w.add("ci4", _p(w, ".gitlab-ci.yml"), body, [auth, pw])


def circle_travis(w: W) -> None:
    tok = w.opaque(40)
    pw = w.pw()
    body = (f"language: python\nenv:\n  global:\n    - COVERALLS_REPO_TOKEN={tok}\n    - DB_PASS={pw}\nscript:\n  - pytest\n")
    w.add("ci4", _p(w, ".travis.yml"), body, [tok, pw])


def azure_pipelines(w: W) -> None:
    pw = w.pw()
    body = (f"variables:\n  - name: buildConfiguration\n    value: Release\n  - name: sqlPassword\n    value: '{pw}'\n\nsteps:\n  - script: dotnet test\n")
    w.add("ci4", _p(w, "azure-pipelines.yml"), body, [pw])


def bitbucket_pipelines(w: W) -> None:
    pw = w.pw()
    body = (f"pipelines:\n  default:\n    - step:\n        name: test\n        services:\n          - postgres\n        script:\n          - npm test\n"
            f"definitions:\n  services:\n    postgres:\n      image: postgres:15\n      variables:\n        POSTGRES_DB: app\n        POSTGRES_PASSWORD: {pw}\n")
    w.add("ci4", _p(w, "bitbucket-pipelines.yml"), body, [pw])


# --- key material beyond PEM ------------------------------------------------------------------
def jwk_rsa_pretty(w: W) -> None:
    pub = fakes.jwk_rsa_public(w.seed())
    d = _b64url(w.r.randbytes(256))
    priv = {"d": d} | {m: _b64url(w.r.randbytes(128)) for m in ("p", "q", "dp", "dq", "qi")}
    jwk = dict(pub, **priv)
    # Each private member is key material (p and q alone rebuild the key): every such line is positive.
    w.add("jwk4", _p(w, "src/test/resources/jwk-private.json"), json.dumps(jwk, indent=2) + "\n", list(priv.values()))


def jwk_oct(w: W) -> None:
    k = _b64url(w.r.randbytes(32))
    body = f"JWT_SIGNING_KEY = {{\"kty\": \"oct\", \"kid\": \"hs-{w.n(1, 9)}\", \"alg\": \"HS256\", \"k\": \"{k}\"}}\n"
    w.add("jwk4", _p(w, "app/auth/keys.py"), body, [k])


def jwk_okp_yaml(w: W) -> None:
    d = _b64url(w.r.randbytes(32))
    x = _b64url(w.r.randbytes(32))
    body = (f"oidc:\n  issuer: https://id.{w.org()}.com\n  signing_key:\n    kty: OKP\n    crv: Ed25519\n    x: {x}\n    d: {d}\n    kid: ed-2024\n")
    w.add("jwk4", _p(w, "config/oidc.yaml"), body, [d], neg=[x])


def keycloak_realm(w: W) -> None:
    sec = w.opaque(32)
    der = base64.b64encode(b"\x30\x82\x04\xbd\x02\x01\x00" + w.r.randbytes(1200)).decode()
    realm = {"realm": w.org(), "enabled": True, "clients": [{"clientId": "orders-api", "enabled": True, "clientAuthenticatorType": "client-secret",
                                                              "secret": sec, "redirectUris": ["*"]}],
             "components": {"org.keycloak.keys.KeyProvider": [{"name": "rsa-generated", "providerId": "rsa-generated",
                                                                "config": {"privateKey": [der], "priority": ["100"]}}]}}
    w.add("keycloak", _p(w, "keycloak/realm-export.json"), json.dumps(realm, indent=2) + "\n", [sec, der[:40]])


def nats_seed_file(w: W) -> None:
    seed = nkey_seed(w, "U")
    jwt = _jwt(w)
    body = (f"-----BEGIN NATS USER JWT-----\n{jwt}\n------END NATS USER JWT------\n\n************************* IMPORTANT *************************\n"
            f"NKEY Seed printed below can be used to sign and prove identity.\nNKEYs are sensitive and should be treated as secrets.\n\n"
            f"-----BEGIN USER NKEY SEED-----\n{seed}\n------END USER NKEY SEED------\n")
    w.add("nkey", _p(w, "deploy/nats/ci.creds"), body, [seed, jwt])


def nats_seed_config(w: W) -> None:
    seed = nkey_seed(w, w.pick(("U", "A", "O")))
    body = (f"nats:\n  url: nats://nats.{w.org()}.svc:4222\n  nkey_seed: {seed}\n  subject_prefix: orders\n")
    w.add("nkey", _p(w, "config/worker.yaml"), body, [seed])
    seed2 = nkey_seed(w, "U")
    body2 = f"nc, err := nats.Connect(url, nats.Nkey(pub, func(nonce []byte) ([]byte, error) {{\n\tkp, _ := nkeys.FromSeed([]byte(\"{seed2}\"))\n\treturn kp.Sign(nonce)\n}}))\n"
    w.add("nkey", _p(w, "cmd/consumer/main.go"), body2, [seed2])


def otp_hotp_uri(w: W) -> None:
    sec = w.s(B32, 32)
    body = f"{{\n  \"name\": \"vpn\",\n  \"uri\": \"otpauth://hotp/VPN:{w.user()}?secret={sec}&issuer=VPN&counter=0\"\n}}\n"
    w.add("otp4", _p(w, "fixtures/otp/vpn.json"), body, [sec])


def otp_yaml_secret(w: W) -> None:
    sec = w.s(B32, 32)
    sec2 = w.s(B32, 16)
    body = f"test_users:\n  - email: {w.user()}@{w.org()}.test\n    password_set: true\n    totp_secret: {sec}\nMFA_SEED={sec2}\n"
    w.add("otp4", _p(w, "spec/fixtures/mfa_users.yml"), body, [sec, sec2])


def otp_ruby_java(w: W) -> None:
    sec = w.s(B32, 32)
    sec2 = w.s(B32, 32)
    body = f"totp = ROTP::TOTP.new(\"{sec}\", issuer: \"{w.org().capitalize()}\")\nfill_in 'otp_attempt', with: totp.now\n"
    w.add("otp4", _p(w, "spec/system/two_factor_spec.rb"), body, [sec])
    body2 = f"    String code = new GoogleAuthenticator().getTotpPassword(\"{sec2}\");\n    page.fill(\"#otp\", code);\n"
    w.add("otp4", _p(w, "src/test/java/com/acme/MfaIT.java"), body2, [sec2])


def edgerc(w: W) -> None:
    sec = base64.b64encode(w.r.randbytes(32)).decode()
    at, ct = akamai_token(w), akamai_token(w)
    host = akamai_token(w)
    body = (f"[default]\nclient_secret = {sec}\nhost = {host}.luna.akamaiapis.net\naccess_token = {at}\nclient_token = {ct}\n")
    w.add("edgerc", _p(w, "home/.edgerc"), body, [sec, at, ct], neg=[".luna.akamaiapis.net"])


def swarm_join(w: W) -> None:
    tok = swarm_token(w)
    body = (f"#cloud-config\nruncmd:\n  - curl -fsSL https://get.docker.com | sh\n  - docker swarm join --token {tok} 10.0.{w.n(0, 9)}.10:2377\n")
    w.add("swarm", _p(w, "terraform/cloud-init/worker.yaml"), body, [tok])


def swarm_var(w: W) -> None:
    tok = swarm_token(w)
    body = f"swarm_manager: 10.1.0.5\nswarm_worker_token: \"{tok}\"\n"
    w.add("swarm", _p(w, "group_vars/swarm.yml"), body, [tok])


def salesforce(w: W) -> None:
    at, rt = sf_access_token(w), sf_refresh_token(w)
    body = (f"SF_INSTANCE_URL=https://{w.org()}.my.salesforce.com\nSF_ACCESS_TOKEN={at}\nSF_REFRESH_TOKEN={rt}\n")
    w.add("salesforce", _p(w, "integrations/salesforce/.env"), body, [at, rt])


def salesforce_sfdx(w: W) -> None:
    rt = sf_refresh_token(w)
    tok = w.opaque(24)
    pw = w.pw()
    body = (f"echo \"force://PlatformCLI::{rt}@{w.org()}.my.salesforce.com\" > authfile.txt\nsf org login sfdx-url --sfdx-url-file authfile.txt\n")
    w.add("salesforce", _p(w, "scripts/ci-auth.sh"), body, [rt])
    body2 = (f"from simple_salesforce import Salesforce\n\nsf = Salesforce(username=\"integration@{w.org()}.com\",\n                password=\"{pw}\",\n"
             f"                security_token=\"{tok}\")\n")
    w.add("salesforce", _p(w, "etl/sf_pull.py"), body2, [pw, tok])


def dropbox(w: W) -> None:
    app_key = w.s(LOWER + "0123456789", 15)
    app_sec = w.s(LOWER + "0123456789", 15)
    tok = dropbox_token(w)
    body = (f"DROPBOX_APP_KEY = \"{app_key}\"\nDROPBOX_APP_SECRET = \"{app_sec}\"\n\ndbx = dropbox.Dropbox(\"{tok}\")\n")
    w.add("dropbox", _p(w, "backup/settings.py"), body, [app_sec, tok], neg=[app_key])


def twilio_env(w: W) -> None:
    sid = fakes.twilio_account_sid(w.seed())
    tok = fakes.twilio_auth_token(w.seed())
    body = f"TWILIO_ACCOUNT_SID={sid}\nTWILIO_AUTH_TOKEN={tok}\nTWILIO_FROM=+15017122661\n"
    w.add("twilio4", _p(w, "sms/.env"), body, [tok], neg=[sid])


def twilio_js(w: W) -> None:
    sid = fakes.twilio_account_sid(w.seed())
    tok = fakes.twilio_auth_token(w.seed())
    body = f"const accountSid = '{sid}';\nconst authToken = '{tok}';\nconst client = require('twilio')(accountSid, authToken);\n"
    w.add("twilio4", _p(w, "functions/sms.js"), body, [tok], neg=[sid])


def pem_in_env(w: W) -> None:
    pem = fakes.pem_private_key(w.seed(), "PKCS8")
    one = pem.strip().replace("\n", "\\n")
    body = f"GITHUB_APP_ID=123456\nGITHUB_PRIVATE_KEY=\"{one}\"\nWEBHOOK_PATH=/hooks\n"
    w.add("pem4", _p(w, "probot/.env"), body, [one[:40]])


def pem_java_concat(w: W) -> None:
    pem = fakes.pem_private_key(w.seed(), "RSA")
    lines = pem.strip().splitlines()
    body = "    static final String KEY =\n" + "".join(f"        \"{ln}\\n\" +\n" for ln in lines[:-1]) + f"        \"{lines[-1]}\";\n"
    w.add("pem4", _p(w, "src/test/java/com/acme/jwt/Keys.java"), body, [lines[0]])


# --- passwords in many languages ------------------------------------------------------------
def java_maps(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"Properties props = new Properties();\nprops.put(\"mail.smtp.host\", \"smtp.{w.org()}.com\");\nprops.setProperty(\"mail.smtp.password\", \"{pw}\");\n"
            f"Map<String, String> creds = Map.of(\"username\", \"{w.user()}\", \"password\", \"{pw2}\");\n")
    w.add("lang4", _p(w, "src/main/java/com/acme/mail/MailConfig.java"), body, [pw, pw2])


def kotlin_map(w: W) -> None:
    pw = w.pw()
    body = f"val dataSource = HikariDataSource(HikariConfig(mapOf(\n    \"jdbcUrl\" to \"jdbc:postgresql://localhost/app\",\n    \"username\" to \"app\",\n    \"password\" to \"{pw}\",\n).toProperties()))\n"
    w.add("lang4", _p(w, "src/main/kotlin/com/acme/Db.kt"), body, [pw])


def csharp_dict(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"var settings = new Dictionary<string, string>\n{{\n    {{ \"ConnectionStrings:Default\", \"Server=.;Database=App;Trusted_Connection=True\" }},\n"
            f"    {{ \"Smtp:Password\", \"{pw}\" }},\n}};\nvar builder = new SqlConnectionStringBuilder {{ DataSource = \"db\", UserID = \"sa\", Password = \"{pw2}\" }};\n")
    w.add("lang4", _p(w, "tests/Api.Tests/TestSettings.cs"), body, [pw, pw2])


def go_map_struct(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"var testCfg = Config{{\n\tHost:     \"localhost\",\n\tUser:     \"{w.user()}\",\n\tPassword: \"{pw}\",\n}}\n\n"
            f"var headers = map[string]string{{\"X-User\": \"ops\", \"X-Password\": \"{pw2}\"}}\n")
    w.add("lang4", _p(w, "internal/db/db_test.go"), body, [pw, pw2])


def rust_let(w: W) -> None:
    pw = w.pw()
    tok = w.opaque(40)
    body = (f"let opts = PgConnectOptions::new()\n    .host(\"localhost\")\n    .username(\"app\")\n    .password(\"{pw}\");\n"
            f"let client = Client::builder().default_headers(headers).build()?;\nlet api_token = String::from(\"{tok}\");\n")
    w.add("lang4", _p(w, "src/bin/migrate.rs"), body, [pw, tok])


def swift_credential(w: W) -> None:
    pw = w.pw()
    body = f"let credential = URLCredential(user: \"{w.user()}\", password: \"{pw}\", persistence: .forSession)\nsession.delegate = AuthDelegate(credential)\n"
    w.add("lang4", _p(w, "Sources/Net/Client.swift"), body, [pw])


def php_pdo(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"<?php\n$pdo = new PDO('mysql:host=localhost;dbname=shop', 'shop', '{pw}');\n$link = mysqli_connect(\"127.0.0.1\", \"root\", \"{pw2}\", \"legacy\");\n")
    w.add("lang4", _p(w, "public/inc/db.php"), body, [pw, pw2])


def ruby_smtp(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"Net::SMTP.start('smtp.{w.org()}.com', 587, 'localhost', 'mailer', '{pw}', :login) do |smtp|\n  smtp.send_message msg, from, to\nend\n"
            f"client = Mysql2::Client.new(host: \"db\", username: \"app\", password: \"{pw2}\")\n")
    w.add("lang4", _p(w, "lib/notifier.rb"), body, [pw, pw2])


def python_dict_call(w: W) -> None:
    pw = w.pw()
    key = w.opaque(32)
    body = (f"DEFAULT_CONFIG = dict(\n    host=\"mq.{w.org()}.internal\",\n    user=\"worker\",\n    passwd=\"{pw}\",\n)\n"
            f"client = WeatherClient(\"{key}\", timeout=5)\n")
    w.add("lang4", _p(w, "worker/config.py"), body, [pw, key])


# --- SQL --------------------------------------------------------------------------------------
def sql_mssql_pg(w: W) -> None:
    pw, pw2, pw3 = w.pw(), w.pw(), w.pw()
    body = (f"CREATE LOGIN app_login WITH PASSWORD = '{pw}', CHECK_POLICY = OFF;\nGO\nCREATE USER reporter WITH ENCRYPTED PASSWORD '{pw2}';\n"
            f"SET PASSWORD FOR 'legacy'@'%' = '{pw3}';\n")
    w.add("sql4", _p(w, "db/bootstrap.sql"), body, [pw, pw2, pw3])


def sql_mysql_alter(w: W) -> None:
    pw, pw2 = w.pw(), w.pw()
    body = (f"ALTER USER 'root'@'localhost' IDENTIFIED WITH mysql_native_password BY '{pw}';\nFLUSH PRIVILEGES;\n"
            f"CREATE DATABASE LINK sales_link CONNECT TO sales IDENTIFIED BY \"{pw2}\" USING 'SALESDB';\n")
    w.add("sql4", _p(w, "docker/mysql/init.sql"), body, [pw, pw2])


# --- shell ------------------------------------------------------------------------------------
def shell_dump(w: W) -> None:
    pw, pw2, pw3 = w.pw(), w.pw(), w.pw()
    body = (f"#!/bin/sh\nmysqldump -uroot -p{pw} --all-databases > /backup/all.sql\nmongodump -u admin -p '{pw2}' --authenticationDatabase admin\n"
            f"smbclient //nas/backup -U backup%{pw3} -c 'put all.sql'\n")
    w.add("shell4", _p(w, "cron/backup.sh"), body, [pw, pw2, pw3])


def shell_tls_tools(w: W) -> None:
    pw, pw2 = w.pw(), w.pw()
    body = (f"openssl pkcs12 -export -in cert.pem -inkey key.pem -out keystore.p12 -passout pass:{pw}\n"
            f"keytool -importkeystore -srckeystore keystore.p12 -srcstoretype PKCS12 -destkeystore app.jks -deststorepass {pw2}\n")
    w.add("shell4", _p(w, "certs/make-keystore.sh"), body, [pw, pw2])


def shell_misc(w: W) -> None:
    pw, pw2, pw3 = w.pw(), w.pw(), w.pw()
    body = (f"export MYSQL_PWD='{pw}'\nhtpasswd -b -c /etc/nginx/.htpasswd admin {pw2}\ncurl --user 'deploy:{pw3}' -X POST https://jenkins.{w.org()}.lan/job/app/build\n")
    w.add("shell4", _p(w, "provision/setup.sh"), body, [pw, pw2, pw3])


def net_use_pw_first(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"net use \\\\fileserver\\share {pw} /user:{w.org().upper()}\\backup\nrunas /user:admin \"cmd\"\n"
            f"cmdkey /generic:TERMSRV/jump01 /user:{w.org().upper()}\\ops /pass:{pw2}\n")
    w.add("shell4", _p(w, "tools/mount.cmd"), body, [pw, pw2])


# --- connection strings and URLs --------------------------------------------------------------
def jdbc_variants(w: W) -> None:
    pw, pw2, pw3 = w.pw(), w.pw(), w.pw()
    body = (f"db.orders.url=jdbc:sqlserver://sql01:1433;databaseName=orders;user=orders;password={pw};encrypt=true\n"
            f"db.legacy.url=jdbc:oracle:thin:scott2/{pw2}@ora01:1521:ORCL\ndb.report.url=jdbc:mysql://rep01:3306/rep?user=rep&password={pw3}&useSSL=false\n")
    w.add("connstr4", _p(w, "conf/datasources.properties"), body, [pw, pw2, pw3])


def adonet_webconfig(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"<configuration>\n  <connectionStrings>\n    <add name=\"Main\" connectionString=\"Data Source=sql01;Initial Catalog=Main;User ID=web;Password={pw};\" providerName=\"System.Data.SqlClient\" />\n"
            f"    <add name=\"Pg\" connectionString=\"Host=pg01;Username=web;Password={pw2};Database=web\" />\n  </connectionStrings>\n</configuration>\n")
    w.add("connstr4", _p(w, "Web.config"), body, [pw, pw2])


def odbc_braces(w: W) -> None:
    pw = w.pw()
    body = f"conn_str = (\n    \"Driver={{PostgreSQL Unicode}};Server=dw01;Port=5432;Database=dw;\"\n    \"Uid=etl;Pwd={{{pw}}};\"\n)\n"
    w.add("connstr4", _p(w, "etl/odbc.py"), body, [pw])


def go_dsn(w: W) -> None:
    pw = w.pw()
    body = f"db, err := sql.Open(\"mysql\", \"app:{pw}@tcp(127.0.0.1:3306)/app?parseTime=true\")\nif err != nil {{\n\tlog.Fatal(err)\n}}\n"
    w.add("connstr4", _p(w, "cmd/server/main.go"), body, [pw])


def kafka_jaas(w: W) -> None:
    pw = w.pw()
    body = (f"bootstrap.servers=pkc-{w.s(LOWER, 5)}.eu-west-1.aws.confluent.cloud:9092\nsecurity.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n"
            f"sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"{w.opaque(16).upper()}\" password=\"{pw}\";\n")
    w.add("connstr4", _p(w, "config/client.properties"), body, [pw])


def url_schemes(w: W) -> None:
    pws = [w.pw() for _ in range(6)]
    o = w.org()
    body = (f"FTP_URL=ftp://upload:{pws[0]}@ftp.{o}.com/incoming\nMQTT_URL=mqtts://device:{pws[1]}@broker.{o}.io:8883\n"
            f"NEO4J_URI=neo4j+s://neo4j:{pws[2]}@graph.{o}.io\nCLICKHOUSE_DSN=clickhouse://default:{pws[3]}@ch.{o}.internal:9000/events\n"
            f"HTTPS_PROXY=http://proxyuser:{pws[4]}@proxy.{o}.lan:3128\nMONGO_URI=mongodb+srv://svc:{pws[5]}@cluster0.{w.s(LOWER, 5)}.mongodb.net/app\n")
    w.add("url4", _p(w, "deploy/.env.prod"), body, pws)


def url_pip_git(w: W) -> None:
    tok = fakes.github_classic(w.seed())
    pw = w.pw()
    body = (f"requests==2.31.0\ngit+https://{tok}@github.com/{w.org()}/internal-lib.git@v1.2.0#egg=internal-lib\n"
            f"--extra-index-url https://ci:{pw}@pypi.{w.org()}.lan/simple\n")
    w.add("url4", _p(w, "requirements.txt"), body, [tok, pw])


POSITIVE4 = [postman_collection, postman_apikey_auth, postman_header_raw, insomnia_yaml, har_post_body, har_cookie_header,
             escaped_json_js, escaped_json_java, escaped_json_yaml_env, double_escaped, token_list_json, token_list_yaml,
             token_list_python, token_list_env, notebook_openai, notebook_curl, notebook_environ, notebook_client,
             notebook_wandb, helm_env_pairs, helm_registry, helm_extra_env_map, k8s_deploy_env, k8s_stringdata_file,
             k8s_configmap, terraform_providers, terraform_locals_heredoc, terraform_state, tfvars_map, ansible_become,
             ansible_yaml_inventory, ansible_extra_vars, ansible_user_module, compose_quoted_list, compose_java_opts,
             compose_command_array, gha_env_block, gitlab_auth_config, circle_travis, azure_pipelines, bitbucket_pipelines,
             jwk_rsa_pretty, jwk_oct, jwk_okp_yaml, keycloak_realm, nats_seed_file, nats_seed_config, otp_hotp_uri,
             otp_yaml_secret, otp_ruby_java, edgerc, swarm_join, swarm_var, salesforce, salesforce_sfdx, dropbox,
             twilio_env, twilio_js, pem_in_env, pem_java_concat, java_maps, kotlin_map, csharp_dict, go_map_struct,
             rust_let, swift_credential, php_pdo, ruby_smtp, python_dict_call, sql_mssql_pg, sql_mysql_alter, shell_dump,
             shell_tls_tools, shell_misc, net_use_pw_first, jdbc_variants, adonet_webconfig, odbc_braces, go_dsn,
             kafka_jaas, url_schemes, url_pip_git]
