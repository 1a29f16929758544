# ruff: noqa: E501
"""Infrastructure and configuration: shell, Docker, compose, Kubernetes, Helm, Terraform,
Ansible, CI pipelines, .aws files, .env, .netrc, IAM exports, Jenkins, sops, SQL."""

from __future__ import annotations

import base64
import json

from tests import fakes
from tests.corpus import filler
from tests.corpus.core import G, N, P


def _b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def deploy_script(g: G, d: str) -> None:
    lines = ["#!/usr/bin/env bash", "set -euo pipefail", "", 'SCRIPT_NAME="$(basename "$0")"',
             'REGISTRY="123456789012.dkr.ecr.eu-west-1.amazonaws.com"', 'BUCKET="acme-artifacts"', ""]
    lines.append(filler.shell(g, 1))
    for _ in range(g.r.randint(1, 3)):
        s = g.r.randint(0, 13)
        if s == 0:
            lines += [f"export AWS_ACCESS_KEY_ID={fakes.aws_key_id(g.s())}{P('aws.key_id')}",
                      f"export AWS_SECRET_ACCESS_KEY={fakes.aws_secret(g.s())}{P('aws.secret')}",
                      "export AWS_DEFAULT_REGION=eu-west-1"]
        elif s == 1:
            lines += [f'export AWS_ACCESS_KEY_ID="${{CI_AWS_ACCESS_KEY_ID}}"{N("reference")}',
                      f'export AWS_SECRET_ACCESS_KEY="${{CI_AWS_SECRET_ACCESS_KEY}}"{N("reference")}']
        elif s == 2:
            lines += [f"aws configure set aws_access_key_id {fakes.aws_key_id(g.s())}{P('aws.key_id')}",
                      f"aws configure set aws_secret_access_key {fakes.aws_secret(g.s())}{P('aws.secret')}",
                      "aws configure set region eu-west-1"]
        elif s == 3:
            lines += [f'aws configure set aws_secret_access_key "$AWS_SECRET"{N("reference")}']
        elif s == 4:
            lines += [f"mysql -h {g.host()} -u root -p{fakes.password(g.s(), 14).replace('!', '#')} orders < dump.sql{P('connection_string')}"]
        elif s == 5:
            lines += [f'mysql -h "$DB_HOST" -u root -p"$MYSQL_ROOT_PASSWORD" orders < dump.sql{N("reference")}']
        elif s == 6:
            lines += [f'curl -sf -H "Authorization: Bearer {fakes.jwt_compact(g.s())}" https://api.acme-corp.io/v2/health{P("jwt")}']
        elif s == 7:
            lines += [f'curl -sf -H "Authorization: Bearer ${{API_TOKEN}}" https://api.acme-corp.io/v2/health{N("reference")}']
        elif s == 8:
            lines += [f"echo {fakes.dockerhub_pat(g.s())} | docker login -u acmeci --password-stdin{P('dockerhub')}"]
        elif s == 9:
            lines += [f'echo "$DOCKERHUB_TOKEN" | docker login -u acmeci --password-stdin{N("reference")}']
        elif s == 10:
            lines += [f"PGPASSWORD='{g.password().replace(chr(39), '')}' psql -h {g.host()} -U postgres -c 'VACUUM ANALYZE;'{P('password')}"]
        elif s == 11:
            lines += [f"curl -u admin:{fakes.password(g.s(), 16).replace('!', '')} -X POST https://jenkins.acme-corp.io/job/deploy/build{P('password')}"]
        elif s == 12:
            lines += [f"curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"deployed\"}}' {fakes.slack_webhook(g.s())}{P('slack.webhook')}"]
        else:
            lines += [f"echo '{fakes.sha256_hex(g.s())}  terraform.zip' | sha256sum -c -{N('hex-digest')}",
                      f"git checkout {fakes.git_sha(g.s())}{N('git-sha')}"]
    lines.append(filler.shell(g))
    g.write(f"scripts/{g.pick(['deploy', 'release', 'bootstrap', 'backup', 'rotate', 'provision', 'sync'])}-{d.split('/')[-1]}.sh",
            "shell", "\n".join(lines) + "\n")


def dockerfile(g: G, d: str) -> None:
    base = g.pick(["python:3.11-slim", "node:20-alpine", "golang:1.22", "eclipse-temurin:21-jre"])
    lines = [f"FROM {base}@sha256:{fakes.sha256_hex(g.s())} AS build{N('image-digest')}", "WORKDIR /app",
             "ARG NPM_TOKEN", "ARG BUILD_SHA"]
    s = g.r.randint(0, 5)
    if s == 0:
        lines += [f"ENV AWS_ACCESS_KEY_ID={fakes.aws_key_id(g.s())}{P('aws.key_id')}",
                  f"ENV AWS_SECRET_ACCESS_KEY={fakes.aws_secret(g.s())}{P('aws.secret')}"]
    elif s == 1:
        lines += [f"ENV DB_PASSWORD=${{DB_PASSWORD}}{N('reference')}"]
    elif s == 2:
        lines += [f'ENV DATABASE_URL="postgres://app:{fakes.password(g.s(), 16)}@{g.host()}:5432/app"{P("connection_string")}']
    elif s == 3:
        lines += [f'RUN echo "//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}" > .npmrc && npm ci && rm -f .npmrc{N("reference")}']
    elif s == 4:
        lines += [f"ENV SENTRY_AUTH_TOKEN={g.placeholder('SENTRY_AUTH_TOKEN')}{N('placeholder')}"]
    else:
        lines += [f"ENV API_KEY {fakes.api_key_hex(g.s(), 32)}{P('generic')}"]
    lines += ["COPY . .", "RUN make build", "", f"FROM {base}", "COPY --from=build /app/dist /app",
              'LABEL org.opencontainers.image.revision="${BUILD_SHA}"', "USER 10001", 'ENTRYPOINT ["/app/server"]']
    g.write(f"{d}/Dockerfile", "dockerfile", "\n".join(lines) + "\n")


def compose(g: G, d: str) -> None:
    lines = ["version: '3.9'", "services:", "  db:", "    image: postgres:16", "    environment:"]
    s = g.r.randint(0, 3)
    if s == 0:
        lines.append(f"      POSTGRES_PASSWORD: {g.password()}{P('password')}")
    elif s == 1:
        lines.append(f"      POSTGRES_PASSWORD: ${{POSTGRES_PASSWORD}}{N('reference')}")
    elif s == 2:
        lines.append(f"      POSTGRES_PASSWORD: {g.pick(['postgres', 'example', 'password', 'changeme'])}{N('fake-value')}")
    else:
        lines.append(f"      POSTGRES_PASSWORD_FILE: /run/secrets/pg_password{N('reference')}")
    lines += ["      POSTGRES_USER: app", "    volumes:", "      - pgdata:/var/lib/postgresql/data", "  mysql:",
              "    image: mysql:8", "    environment:"]
    if g.chance(0.5):
        lines.append(f"      - MYSQL_ROOT_PASSWORD={g.word_password()}{P('password')}")
    else:
        lines.append(f"      - MYSQL_ROOT_PASSWORD=${{MYSQL_ROOT_PASSWORD:-}}{N('reference')}")
    lines += ["  app:", "    build: .", "    depends_on: [db, mysql]", "    environment:"]
    if g.chance(0.5):
        lines.append(f"      DATABASE_URL: postgres://app:${{POSTGRES_PASSWORD}}@db:5432/app{N('reference')}")
    else:
        lines.append(f"      DATABASE_URL: postgres://app:{fakes.password(g.s(), 18)}@db:5432/app{P('connection_string')}")
    lines += ["      REDIS_URL: redis://redis:6379/0", "      AWS_REGION: eu-west-1",
              f"      AWS_ACCESS_KEY_ID: {fakes.aws_example_key_id()}{N('aws-example')}",
              f"      AWS_SECRET_ACCESS_KEY: {fakes.aws_example_secret()}{N('aws-example')}",
              "  localstack:", "    image: localstack/localstack:3", "    ports: ['4566:4566']",
              "volumes:", "  pgdata: {}"]
    g.write(f"{d}/docker-compose{g.pick(['', '.prod', '.override'])}.yml", "compose", "\n".join(lines) + "\n")


def k8s_secret(g: G, d: str) -> None:
    name = d.split("/")[-1]
    lines = ["apiVersion: v1", "kind: Secret", "metadata:", f"  name: {name}-credentials", f"  namespace: {name}",
             "type: Opaque"]
    s = g.r.randint(0, 3)
    if s == 0:
        pw = g.password()
        lines += ["data:", f"  username: {_b64('app')}{N('k8s-username')}", f"  password: {_b64(pw)}{P('k8s.secret')}"]
    elif s == 1:
        lines += ["stringData:", "  username: app", f"  password: {g.password()}{P('password')}",
                  f"  DATABASE_URL: postgres://app:{fakes.password(g.s(), 16)}@{g.host()}:5432/app{P('connection_string')}"]
    elif s == 2:
        lines += ["data:", f"  AWS_ACCESS_KEY_ID: {_b64(fakes.aws_key_id(g.s()))}{P('k8s.secret')}",
                  f"  AWS_SECRET_ACCESS_KEY: {_b64(fakes.aws_secret(g.s()))}{P('k8s.secret')}"]
    else:
        lines += ["stringData:", f"  password: {{{{ .Values.db.password | quote }}}}{N('template')}",
                  f"  api-key: {{{{ required \"apiKey\" .Values.apiKey }}}}{N('template')}"]
    g.write(f"infra/k8s/{name}/secret.yaml", "k8s", "\n".join(lines) + "\n")


def k8s_deployment(g: G, d: str) -> None:
    name = d.split("/")[-1]
    lines = ["apiVersion: apps/v1", "kind: Deployment", "metadata:", f"  name: {name}",
             "  annotations:", f"    checksum/config: {fakes.sha256_hex(g.s())}{N('hex-digest')}",
             "spec:", "  replicas: 3", "  template:", "    spec:", "      containers:", f"        - name: {name}",
             f"          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/{name}@sha256:{fakes.sha256_hex(g.s())}{N('image-digest')}",
             "          env:", "            - name: DB_PASSWORD", "              valueFrom:",
             "                secretKeyRef:", f"                  name: {name}-credentials",
             f"                  key: password{N('keyword-only')}", "            - name: API_TOKEN"]
    if g.chance(0.25):
        lines.append(f"              value: \"{fakes.api_key_alnum(g.s(), 40)}\"{P('generic')}")
    else:
        lines += ["              valueFrom:", "                secretKeyRef:", "                  name: api",
                  "                  key: token"]
    g.write(f"infra/k8s/{name}/deployment.yaml", "k8s", "\n".join(lines) + "\n")


def helm_values(g: G, d: str) -> None:
    name = d.split("/")[-1]
    lines = ["replicaCount: 2", "image:", f"  repository: ghcr.io/acme/{name}", '  tag: ""', "ingress:",
             "  enabled: true", f"  host: {name}.acme-corp.io", "db:", "  host: postgres", "  user: app",
             f'  password: ""{N("empty")}', "  existingSecret: db-credentials", "auth:",
             f"  jwtSecret: {g.placeholder('JWT_SECRET')}{N('placeholder')}"]
    g.write(f"infra/helm/{name}/values.yaml", "yaml", "\n".join(lines) + "\n")
    tpl = ["apiVersion: v1", "kind: Secret", "metadata:", "  name: {{ include \"chart.fullname\" . }}", "data:",
           f"  db-password: {{{{ .Values.db.password | b64enc | quote }}}}{N('template')}",
           f"  jwt-secret: {{{{ .Values.auth.jwtSecret | b64enc }}}}{N('template')}"]
    g.write(f"infra/helm/{name}/templates/secret.yaml", "yaml", "\n".join(tpl) + "\n")


def terraform(g: G, d: str) -> None:
    name = d.split("/")[-1]
    lines = ["terraform {", '  required_version = ">= 1.5"', "  backend \"s3\" {", '    bucket = "acme-tf-state"',
             f'    key    = "{name}/terraform.tfstate"', '    region = "eu-west-1"', "  }", "}", ""]
    s = g.r.randint(0, 3)
    if s == 0:
        lines += ['provider "aws" {', '  region     = "eu-west-1"',
                  f'  access_key = "{fakes.aws_key_id(g.s())}"{P("aws.key_id")}',
                  f'  secret_key = "{fakes.aws_secret(g.s())}"{P("aws.secret")}', "}"]
    else:
        lines += ['provider "aws" {', '  region  = "eu-west-1"', '  profile = "acme-prod"', "}"]
    lines += ["", 'resource "random_password" "db" {', "  length  = 32", "  special = true", "}", "",
              'resource "aws_db_instance" "main" {', f'  identifier        = "{name}-db"', '  engine            = "postgres"',
              '  instance_class    = "db.t3.medium"', '  username          = "app"']
    s2 = g.r.randint(0, 3)
    if s2 == 0:
        lines.append(f'  password          = "{g.password()}"{P("password")}')
    elif s2 == 1:
        lines.append(f"  password          = random_password.db.result{N('reference')}")
    elif s2 == 2:
        lines.append(f"  password          = var.db_password{N('reference')}")
    else:
        lines.append(f"  password          = data.aws_secretsmanager_secret_version.db.secret_string{N('reference')}")
    lines += ["  skip_final_snapshot = false", "}", "", 'variable "db_password" {', '  type      = string',
              "  sensitive = true", "}", ""]
    if g.chance(0.4):
        lines += ['provider "vault" {', '  address = "https://vault.acme-corp.io:8200"',
                  f'  token   = "{fakes.vault_token(g.s())}"{P("vault")}', "}"]
    if g.chance(0.3):
        lines += ['provider "digitalocean" {', f'  token = "{fakes.digitalocean_token(g.s())}"{P("digitalocean")}', "}"]
    if g.chance(0.3):
        lines += ['resource "aws_iam_access_key" "ci" {', '  user = aws_iam_user.ci.name', "}", "",
                  'output "ci_secret" {', "  value     = aws_iam_access_key.ci.secret", "  sensitive = true", "}"]
    g.write(f"infra/terraform/{name}/main.tf", "terraform", "\n".join(lines) + "\n")
    tv = ['environment = "prod"', 'db_instance_class = "db.r6g.large"']
    if g.chance(0.4):
        tv.append(f'db_password = "{g.word_password()}"{P("password")}')
    if g.chance(0.2):
        tv.append(f'datadog_api_key = "{fakes.api_key_hex(g.s(), 32)}"{P("generic")}')
    g.write(f"infra/terraform/{name}/terraform.tfvars", "terraform", "\n".join(tv) + "\n")
    lock = ["# This file is maintained automatically by \"terraform init\".", ""]
    lock += ['provider "registry.terraform.io/hashicorp/aws" {', '  version     = "5.31.0"', '  hashes = [']
    for _ in range(6):
        lock.append(f'    "{fakes.go_sum_hash(g.s())}",')
        lock.append(f'    "zh:{fakes.sha256_hex(g.s())}",')
    lock += ["  ]", "}"]
    g.write(f"infra/terraform/{name}/.terraform.lock.hcl", "lockfile", "\n".join(lock) + "\n")


def terraformrc(g: G, d: str) -> None:
    if g.chance(0.6):
        doc = {"credentials": {"app.terraform.io": {"token": fakes.terraform_cloud_token(g.s()) + P("terraform")}}}
    else:
        doc = {"credentials": {"app.terraform.io": {"token": "${TF_TOKEN}" + N("reference")}}}
    g.write(f"ops/{d.split('/')[-1]}/credentials.tfrc.json", "json", json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def ansible(g: G, d: str) -> None:
    name = d.split("/")[-1]
    vault_lines = fakes.ansible_vault_blob(g.s()).split("\n")
    g.write(f"infra/ansible/group_vars/{name}/vault.yml", "ansible",
            "\n".join([vault_lines[0] + N("ansible-vault")] + [x + N("ansible-vault") for x in vault_lines[1:]]) + "\n")
    lines = ["---", f"app_name: {name}", "app_user: deploy", f"ansible_become_password: \"{{{{ vault_become_pass }}}}\"{N('template')}",
             f"db_password: \"{{{{ vault_db_password }}}}\"{N('template')}", "mysql_root_password: !vault |"]
    for x in fakes.ansible_vault_blob(g.s(), "          ").split("\n"):
        lines.append(x + N("ansible-vault"))
    if g.chance(0.4):
        lines.append(f"ansible_password: {g.word_password()}{P('password')}")
    if g.chance(0.3):
        lines.append(f"smtp_password: '{g.password()}'{P('password')}")
    g.write(f"infra/ansible/group_vars/{name}/vars.yml", "ansible", "\n".join(lines) + "\n")


def aws_credentials_file(g: G, d: str) -> None:
    lines = ["[default]"]
    style = g.r.randint(0, 2)
    sp = g.pick([" = ", "=", " ="])
    lines += [f"aws_access_key_id{sp}{fakes.aws_key_id(g.s())}{P('aws.key_id')}",
              f"aws_secret_access_key{sp}{fakes.aws_secret(g.s())}{P('aws.secret')}"]
    if style == 1:
        lines += ["", "[temp]", f"aws_access_key_id{sp}{fakes.aws_key_id(g.s(), 'AS' + 'IA')}{P('aws.key_id')}",
                  f"aws_secret_access_key{sp}{fakes.aws_secret(g.s())}{P('aws.secret')}",
                  f"aws_session_token{sp}{fakes.aws_session_token(g.s())}{P('aws.session_token')}"]
    lines += ["", "[example]", f"aws_access_key_id = {fakes.aws_example_key_id()}{N('aws-example')}",
              f"aws_secret_access_key = {fakes.aws_example_secret()}{N('aws-example')}"]
    if style == 2:
        lines += ["", "[placeholder]", f"aws_access_key_id = YOUR_ACCESS_KEY_HERE{N('placeholder')}",
                  f"aws_secret_access_key = YOUR_SECRET_ACCESS_KEY{N('placeholder')}"]
    g.write(f"ops/{d.split('/')[-1]}/.aws/credentials", "ini", "\n".join(lines) + "\n")
    g.write(f"ops/{d.split('/')[-1]}/.aws/config", "ini",
            "[default]\nregion = eu-west-1\noutput = json\n\n[profile prod]\nrole_arn = arn:aws:iam::123456789012:role/Admin\n"
            "source_profile = default\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n")


def dotenv(g: G, d: str) -> None:
    real = g.chance(0.65)
    lines = ["# generated by scripts/bootstrap.sh", "NODE_ENV=production", "PORT=3000", "LOG_LEVEL=info"]
    entries = [
        ("DATABASE_URL", lambda: f"postgres://app:{fakes.password(g.s(), 18)}@{g.host()}:5432/app", "connection_string"),
        ("AWS_ACCESS_KEY_ID", lambda: fakes.aws_key_id(g.s()), "aws.key_id"),
        ("AWS_SECRET_ACCESS_KEY", lambda: fakes.aws_secret(g.s()), "aws.secret"),
        ("STRIPE_SECRET_KEY", lambda: fakes.stripe_live(g.s()), "stripe"),
        ("SENDGRID_API_KEY", lambda: fakes.sendgrid_key(g.s()), "sendgrid"),
        ("OPENAI_API_KEY", lambda: fakes.openai_key(g.s()), "openai"),
        ("ANTHROPIC_API_KEY", lambda: fakes.anthropic_key(g.s()), "anthropic"),
        ("GITHUB_TOKEN", lambda: fakes.github_classic(g.s()), "github"),
        ("SLACK_BOT_TOKEN", lambda: fakes.slack_bot(g.s()), "slack"),
        ("TWILIO_API_KEY", lambda: fakes.twilio_key(g.s()), "twilio"),
        ("JWT_SECRET", lambda: fakes.api_key_alnum(g.s(), 64), "generic"),
        ("HEROKU_API_KEY", lambda: fakes.uuid4(g.s()), "heroku"),
        ("SHOPIFY_ACCESS_TOKEN", lambda: fakes.shopify_token(g.s()), "shopify"),
        ("TELEGRAM_BOT_TOKEN", lambda: fakes.telegram_bot_token(g.s()), "telegram"),
        ("MAILGUN_API_KEY", lambda: fakes.mailgun_key(g.s()), "mailgun"),
        ("PYPI_TOKEN", lambda: fakes.pypi_token(g.s()), "pypi"),
        ("DOCKERHUB_TOKEN", lambda: fakes.dockerhub_pat(g.s()), "dockerhub"),
        ("VAULT_TOKEN", lambda: fakes.vault_token(g.s()), "vault"),
        ("REDIS_PASSWORD", lambda: g.password(), "password"),
        ("SMTP_PASSWORD", lambda: g.word_password(), "password"),
        ("GOOGLE_MAPS_API_KEY", lambda: fakes.google_api_key(g.s()), "google.api_key"),
        ("AZURE_STORAGE_CONNECTION_STRING", lambda: fakes.azure_connection_string(g.s()), "azure.storage"),
        ("GITLAB_TOKEN", lambda: fakes.gitlab_pat(g.s()), "gitlab"),
        ("NPM_TOKEN", lambda: fakes.npm_token(g.s()), "npm"),
        ("HEROKU_API_KEY", lambda: fakes.heroku_key(g.s()), "heroku"),
    ]
    chosen = g.r.sample(entries, g.r.randint(3, 7))
    if any(k == "AWS_ACCESS_KEY_ID" for k, _, _ in chosen) != any(k == "AWS_SECRET_ACCESS_KEY" for k, _, _ in chosen):
        chosen = [c for c in chosen if not c[0].startswith("AWS_")]
    for key, mk, fam in chosen:
        quote = g.pick(["", "", '"', "'"])
        if real:
            lines.append(f"{key}={quote}{mk()}{quote}{P(fam)}")
        else:
            lines.append(f"{key}={quote}{g.placeholder(key)}{quote}{N('placeholder')}")
    lines += ["FEATURE_NEW_CHECKOUT=true", "SESSION_TTL=3600", "PASSWORD_MIN_LENGTH=12"]
    suffix = g.pick(["", "", ".production", ".local"]) if real else g.pick([".example", ".sample", ".template"])
    g.write(f"{d}/.env{suffix}", "env", "\n".join(lines) + "\n")


def netrc(g: G, d: str) -> None:
    lines = []
    if g.chance(0.5):
        lines.append(f"machine api.heroku.com login ops@acme-corp.io password {fakes.uuid4(g.s())}{P('heroku')}")
    if g.chance(0.6):
        lines += ["machine github.com", "  login acme-bot", f"  password {fakes.github_classic(g.s())}{P('github')}"]
    lines += ["machine nexus.acme-corp.io", "  login deployer", f"  password {g.password()}{P('password')}"]
    g.write(f"ops/{d.split('/')[-1]}/.netrc", "netrc", "\n".join(lines) + "\n")


def iam_exports(g: G, d: str) -> None:
    name = d.split("/")[-1]
    user = g.pick(["deploy-bot", "ci-runner", "alice.smith", "svc-reports", "backup"])
    acct = fakes.aws_account_id(g.s())
    if g.chance(0.7):
        kid, sec = fakes.aws_key_id(g.s()), fakes.aws_secret(g.s())
        pw = g.password() if g.chance(0.4) else ""
        row = f"{user},{pw},{kid},{sec},https://{acct}.signin.aws.amazon.com/console{P('aws.pair')}"
        g.write(f"ops/iam/{name}/{user}_credentials.csv", "csv",
                "User name,Password,Access key ID,Secret access key,Console login link\n" + row + "\n")
    else:
        kid, sec = fakes.aws_key_id(g.s()), fakes.aws_secret(g.s())
        g.write(f"ops/iam/{name}/{user}_accessKeys.csv", "csv",
                f"Access key ID,Secret access key\n{kid},{sec}{P('aws.pair')}\n")
    # aws iam create-access-key output: both halves
    if g.chance(0.5):
        kid, sec = fakes.aws_key_id(g.s()), fakes.aws_secret(g.s())
        text = ("{\n" + '    "AccessKey": {\n' + f'        "UserName": "{user}",\n'
                f'        "AccessKeyId": "{kid}",{P("aws.key_id")}\n        "Status": "Active",\n'
                f'        "SecretAccessKey": "{sec}",{P("aws.secret")}\n        "CreateDate": "2024-02-14T09:31:07+00:00"\n    }}\n}}\n')
        g.write(f"ops/iam/{name}/create-access-key-{user}.json", "json", text)
    # list-access-keys: lone key IDs (not leaked credentials)
    metas = []
    for _ in range(g.r.randint(1, 3)):
        metas.append('        {\n' + f'            "UserName": "{user}",\n'
                     f'            "AccessKeyId": "{fakes.aws_key_id(g.s())}",{N("aws-lone-key-id")}\n'
                     '            "Status": "Active",\n            "CreateDate": "2023-06-01T12:00:00+00:00"\n        }')
    g.write(f"ops/iam/{name}/list-access-keys.json", "json",
            '{\n    "AccessKeyMetadata": [\n' + ",\n".join(metas) + '\n    ]\n}\n')
    if g.chance(0.4):
        kid, sec, tok = fakes.aws_key_id(g.s(), "AS" + "IA"), fakes.aws_secret(g.s()), fakes.aws_session_token(g.s())
        text = ('{\n    "Credentials": {\n' + f'        "AccessKeyId": "{kid}",{P("aws.key_id")}\n'
                f'        "SecretAccessKey": "{sec}",{P("aws.secret")}\n'
                f'        "SessionToken": "{tok}",{P("aws.session_token")}\n'
                '        "Expiration": "2024-05-01T18:22:11+00:00"\n    }\n}\n')
        g.write(f"ops/iam/{name}/session.json", "json", text)
    policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "ReadBucket", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": [f"arn:aws:s3:::acme-{name}", f"arn:aws:s3:::acme-{name}/*"]},
        {"Sid": "Kms", "Effect": "Allow", "Action": "kms:Decrypt",
         "Resource": f"arn:aws:kms:eu-west-1:{acct}:key/{fakes.uuid4(g.s())}"}]}
    g.write(f"ops/iam/{name}/policy.json", "json", json.dumps(policy, indent=2) + "\n")
    rep = ["user,arn,user_creation_time,password_enabled,access_key_1_active,access_key_1_last_rotated"]
    for u in ["root", user, "bob"]:
        rep.append(f"{u},arn:aws:iam::{acct}:user/{u},2021-03-01T10:00:00+00:00,true,true,2024-01-02T00:00:00+00:00")
    g.write(f"ops/iam/{name}/credential-report.csv", "csv", "\n".join(rep) + "\n")


def ci_workflow(g: G, d: str) -> None:
    name = d.split("/")[-1]
    lines = [f"name: {name}-ci", "on:", "  push:", "    branches: [main]", "jobs:", "  build:",
             "    runs-on: ubuntu-latest", "    steps:",
             f"      - uses: actions/checkout@{fakes.git_sha(g.s())} # v4{N('git-sha')}",
             "      - uses: aws-actions/configure-aws-credentials@v4", "        with:",
             f"          aws-access-key-id: ${{{{ secrets.AWS_ACCESS_KEY_ID }}}}{N('reference')}",
             f"          aws-secret-access-key: ${{{{ secrets.AWS_SECRET_ACCESS_KEY }}}}{N('reference')}",
             "          aws-region: eu-west-1", "      - uses: docker/login-action@v3", "        with:",
             "          username: acmeci"]
    if g.chance(0.2):
        lines.append(f"          password: {fakes.dockerhub_pat(g.s())}{P('dockerhub')}")
    else:
        lines.append(f"          password: ${{{{ secrets.DOCKERHUB_TOKEN }}}}{N('reference')}")
    lines += ["      - run: make test", "        env:"]
    if g.chance(0.2):
        lines.append(f"          CODECOV_TOKEN: {fakes.uuid4(g.s())}{P('generic')}")
    else:
        lines.append(f"          CODECOV_TOKEN: ${{{{ secrets.CODECOV_TOKEN }}}}{N('reference')}")
    g.write(f".github/workflows/{name}.yml", "ci", "\n".join(lines) + "\n")


def gitlab_ci(g: G, d: str) -> None:
    lines = ["stages: [test, deploy]", "variables:", "  DOCKER_DRIVER: overlay2"]
    if g.chance(0.3):
        lines.append(f"  PYPI_TOKEN: {fakes.pypi_token(g.s(), 'acme-sdk')}{P('pypi')}")
    else:
        lines.append(f"  TWINE_PASSWORD: $PYPI_TOKEN{N('reference')}")
    lines += ["test:", "  stage: test", "  script:", "    - pip install -r requirements.txt", "    - pytest -q",
              "deploy:", "  stage: deploy", "  script:",
              f"    - twine upload -u __token__ -p \"$PYPI_TOKEN\" dist/*{N('reference')}"]
    g.write(".gitlab-ci.yml", "ci", "\n".join(lines) + "\n")


def jenkins(g: G, d: str) -> None:
    lines = ["<?xml version='1.1' encoding='UTF-8'?>", "<com.cloudbees.plugins.credentials.SystemCredentialsProvider>",
             "  <domainCredentialsMap class=\"hudson.util.CopyOnWriteMap$Hash\">", "    <entry>",
             "      <java.util.concurrent.CopyOnWriteArrayList>"]
    for i in range(g.r.randint(2, 4)):
        lines += ["        <com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>",
                  f"          <id>cred-{i}</id>", "          <username>deployer</username>",
                  f"          <password>{fakes.jenkins_secret(g.s())}</password>{N('jenkins-encrypted')}",
                  "        </com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>"]
    lines += ["      </java.util.concurrent.CopyOnWriteArrayList>", "    </entry>", "  </domainCredentialsMap>",
              "</com.cloudbees.plugins.credentials.SystemCredentialsProvider>"]
    g.write("infra/jenkins/credentials.xml", "xml", "\n".join(lines) + "\n")
    jf = ["pipeline {", "  agent any", "  environment {",
          f"    AWS_CREDS = credentials('aws-deploy'){N('reference')}",
          f"    DB_PASSWORD = credentials('db-password'){N('reference')}", "  }", "  stages {",
          "    stage('Deploy') {", "      steps {", "        sh './scripts/deploy.sh'", "      }", "    }", "  }", "}"]
    g.write("Jenkinsfile", "groovy", "\n".join(jf) + "\n")


def sops_file(g: G, d: str) -> None:
    name = d.split("/")[-1]
    lines = [f"db_password: {fakes.sops_value(g.s())}{N('sops')}", f"api_key: {fakes.sops_value(g.s())}{N('sops')}",
             "nested:", f"    aws_secret_access_key: {fakes.sops_value(g.s())}{N('sops')}", "sops:", "    kms:",
             f"        - arn: arn:aws:kms:eu-west-1:123456789012:key/{fakes.uuid4(g.s())}",
             "          created_at: \"2024-01-09T11:02:45Z\"",
             f"          enc: {fakes.amz_id_2(g.s())}{fakes.amz_id_2(g.s())}{N('sops')}",
             "    lastmodified: \"2024-01-09T11:02:46Z\"",
             f"    mac: {fakes.sops_value(g.s())}{N('sops')}", "    version: 3.8.1"]
    g.write(f"infra/secrets/{name}.enc.yaml", "sops", "\n".join(lines) + "\n")


def sql_files(g: G, d: str) -> None:
    lines = ["-- seed data for local development", "BEGIN;",
             "CREATE TABLE IF NOT EXISTS users (id uuid PRIMARY KEY, email text NOT NULL, password_hash text NOT NULL);"]
    for _ in range(g.r.randint(2, 5)):
        h = g.pick([fakes.bcrypt_hash, fakes.argon2_hash, fakes.pbkdf2_django_hash, fakes.sha512_crypt])(g.s())
        lines.append(f"INSERT INTO users VALUES ('{fakes.uuid4(g.s())}', 'user{g.r.randint(1, 999)}@example.com', '{h}');{N('password-hash')}")
    if g.chance(0.5):
        lines.append(f"CREATE USER reporting WITH PASSWORD '{g.password().replace(chr(39), '')}';{P('password')}")
    else:
        lines.append(f"CREATE USER reporting WITH PASSWORD :'reporting_password';{N('reference')}")
    lines.append("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;")
    lines.append("COMMIT;")
    g.write(f"{d}/db/seed.sql", "sql", "\n".join(lines) + "\n")


def requirements(g: G, d: str) -> None:
    out = ["#", "# This file is autogenerated by pip-compile with Python 3.11", "#"]
    for p in ["boto3==1.34.51", "botocore==1.34.51", "django==4.2.11", "requests==2.31.0", "psycopg2-binary==2.9.9",
              "urllib3==2.2.1"]:
        out.append(f"{p} \\")
        out.append(f"    --hash=sha256:{fakes.sha256_hex(g.s())} \\{N('hash-pin')}")
        out.append(f"    --hash=sha256:{fakes.sha256_hex(g.s())}{N('hash-pin')}")
    if g.chance(0.2):
        out.insert(0, f"--extra-index-url https://__token__:{fakes.pypi_token(g.s())}@pypi.acme-corp.io/simple/{P('pypi')}")
    g.write(f"{d}/requirements.txt", "requirements", "\n".join(out) + "\n")


def pypirc(g: G, d: str) -> None:
    lines = ["[distutils]", "index-servers =", "    pypi", "    acme", "", "[pypi]", "username = __token__"]
    if g.chance(0.6):
        lines.append(f"password = {fakes.pypi_token(g.s())}{P('pypi')}")
    else:
        lines.append(f"password = <your-pypi-token>{N('placeholder')}")
    lines += ["", "[acme]", "repository = https://nexus.acme-corp.io/repository/pypi-internal/", "username = deployer",
              f"password = {g.password()}{P('password')}"]
    g.write(f"ops/{d.split('/')[-1]}/.pypirc", "ini", "\n".join(lines) + "\n")


def pgpass_and_logs(g: G, d: str) -> None:
    g.write(f"{d}/logs/app-{g.r.randint(1, 30):02d}.log", "log", filler.log_lines(g, g.r.randint(20, 60)))


def alertmanager(g: G, d: str) -> None:
    lines = ["global:", "  resolve_timeout: 5m"]
    if g.chance(0.6):
        lines.append(f"  slack_api_url: '{fakes.slack_webhook(g.s())}'{P('slack.webhook')}")
    else:
        lines.append(f"  slack_api_url_file: /etc/alertmanager/slack_url{N('reference')}")
    lines += ["route:", "  receiver: oncall", "receivers:", "  - name: oncall", "    pagerduty_configs:"]
    if g.chance(0.4):
        lines.append(f"      - routing_key: {fakes.hex_string(g.s(), 32)}{P('generic')}")
    else:
        lines.append(f"      - routing_key_file: /etc/alertmanager/pd_key{N('reference')}")
    g.write("infra/monitoring/alertmanager.yml", "yaml", "\n".join(lines) + "\n")


SERVICE_TEMPLATES = [dockerfile, compose, k8s_secret, k8s_deployment, helm_values, terraform, ansible, ci_workflow,
                     sops_file, requirements, pgpass_and_logs, dotenv, deploy_script, sql_files]
OPS_TEMPLATES = [aws_credentials_file, netrc, iam_exports, terraformrc, pypirc]
ONCE_TEMPLATES = [jenkins, gitlab_ci, alertmanager]
