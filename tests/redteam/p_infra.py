# ruff: noqa: E501
"""Infrastructure as code: Terraform, Ansible, Helm, Kubernetes, CI pipelines, containers, scripts."""

from __future__ import annotations

import base64
import json

from tests import fakes
from tests.redteam import filler
from tests.redteam.kit import Repo


def _b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


# ------------------------------------------------------------------------------ Terraform ----
def terraform(rp: Repo, base: str) -> None:
    acct = rp.account()
    for mod in ["network", "rds", "eks", "iam-ci", "s3-static", "lambda-ingest"]:
        d = f"{base}/modules/{mod}"
        rp.write(f"{d}/variables.tf", "\n".join([
            'variable "environment" {', "  type = string", "}", "", 'variable "db_password" {', "  type      = string", "  sensitive = true", "}", "",
            'variable "tags" {', "  type    = map(string)", "  default = {}", "}", ""]))
        rp.write(f"{d}/main.tf", "\n".join([
            f'resource "aws_security_group" "{mod.replace("-", "_")}" {{', f'  name   = "${{var.environment}}-{mod}"', "  vpc_id = var.vpc_id", "", "  ingress {",
            "    from_port   = 443", "    to_port     = 443", '    protocol    = "tcp"', '    cidr_blocks = ["10.0.0.0/8"]', "  }", "}", "",
            'data "aws_secretsmanager_secret_version" "db" {', f'  secret_id = "arn:aws:secretsmanager:{rp.region()}:{acct}:secret:{mod}/db-{fakes.rand(rp.s(), fakes.ALNUM, 6)}"', "}", "",
            'resource "aws_db_instance" "this" {', "  count             = var.create_db ? 1 : 0", '  engine            = "postgres"', '  instance_class    = "db.t4g.medium"',
            "  username          = \"app\"", "  password          = var.db_password", f'  kms_key_id        = "arn:aws:kms:{rp.region()}:{acct}:key/{rp.decoy(rp.uuid(), "uuid")}"', "}", ""]))
        rp.write(f"{d}/outputs.tf", "\n".join(['output "sg_id" {', f"  value = aws_security_group.{mod.replace('-', '_')}.id", "}", ""]))
    # the root: provider with static credentials sometimes
    if rp.chance(0.4):
        kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
        prov = ['provider "aws" {', f'  region     = "{rp.region()}"', f'  access_key = "{rp.leak(kid, "aws")}"', f'  secret_key = "{rp.leak(sec, "aws")}"', "}"]
    else:
        prov = ['provider "aws" {', f'  region = "{rp.region()}"', "  assume_role {", f'    role_arn = "arn:aws:iam::{acct}:role/terraform"', "  }", "}"]
    rp.write(f"{base}/envs/prod/providers.tf", "\n".join(['terraform {', '  required_version = ">= 1.6"', '  backend "s3" {', '    bucket = "acme-tf-state"',
                                                          '    key    = "prod/terraform.tfstate"', f'    region = "{rp.region()}"', "  }", "}", ""] + prov + [""]))
    # tfvars: sometimes the DB password sits in the committed tfvars
    tfv = ['environment = "prod"', 'vpc_cidr    = "10.40.0.0/16"', f'db_password = "{rp.leak(rp.any_pw(), "generic.password")}"' if rp.chance(0.45) else '# db_password comes from TF_VAR_db_password in CI',
           'tags = {', '  owner = "platform"', '  cost  = "shared"', "}",
           f'datadog_api_key = "{rp.leak(rp.hexs(32), "other.datadog")}"' if rp.chance(0.3) else 'datadog_api_key = ""']
    rp.write(f"{base}/envs/prod/terraform.tfvars", "\n".join(tfv) + "\n")
    rp.write(f"{base}/envs/prod/.terraform.lock.hcl", "\n".join([
        "# This file is maintained automatically by \"terraform init\".", "", 'provider "registry.terraform.io/hashicorp/aws" {', '  version     = "5.31.0"', '  constraints = "~> 5.0"', "  hashes = [",
        f'    "h1:{rp.decoy(fakes.go_sum_hash(rp.s())[3:], "lockfile-hash")}",'] + [f'    "zh:{rp.decoy(fakes.sha256_hex(rp.s()), "lockfile-hash")}",' for _ in range(6)] + ["  ]", "}", ""]))
    # tfstate: realistic fields; IAM access key + RDS password in state when present
    resources = [{"mode": "managed", "type": "aws_s3_bucket", "name": "static", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                  "instances": [{"schema_version": 0, "attributes": {"arn": "arn:aws:s3:::acme-static-prod", "bucket": "acme-static-prod", "id": "acme-static-prod",
                                                                     "hosted_zone_id": "Z1BKCTXD74EZPE", "tags": {}}, "sensitive_attributes": []}]},
                 {"mode": "managed", "type": "aws_iam_user", "name": "ci", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                  "instances": [{"schema_version": 0, "attributes": {"arn": f"arn:aws:iam::{acct}:user/ci-deployer", "id": "ci-deployer", "name": "ci-deployer",
                                                                     "unique_id": rp.decoy(fakes.aws_iam_unique_id(rp.s()), "aws-unique-id"), "path": "/"}, "sensitive_attributes": []}]}]
    if rp.chance(0.6):
        kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
        resources.append({"mode": "managed", "type": "aws_iam_access_key", "name": "ci", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                          "instances": [{"schema_version": 0, "attributes": {"create_date": "2023-06-01T10:22:31Z", "encrypted_secret": None, "encrypted_ses_smtp_password_v4": None,
                                                                             "id": rp.leak(kid, "aws"), "key_fingerprint": None, "pgp_key": None, "secret": rp.leak(sec, "aws"),
                                                                             "ses_smtp_password_v4": rp.leak(base64.b64encode(b"\x04" + rp.r.randbytes(32)).decode(), "aws"),
                                                                             "status": "Active", "user": "ci-deployer"}, "sensitive_attributes": []}]})
    rds_pw = rp.any_pw()
    resources.append({"mode": "managed", "type": "aws_db_instance", "name": "this", "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                      "instances": [{"index_key": 0, "schema_version": 2, "attributes": {"address": rp.host(), "allocated_storage": 100, "engine": "postgres", "engine_version": "15.4",
                                                                                         "id": "db-" + fakes.rand(rp.s(), fakes.B32[:26] + "0123456789", 26), "username": "app",
                                                                                         "password": rp.leak(rds_pw, "generic.password"), "port": 5432,
                                                                                         "resource_id": "db-" + fakes.rand(rp.s(), fakes.B32[:26], 26),
                                                                                         "ca_cert_identifier": "rds-ca-rsa2048-g1", "kms_key_id": f"arn:aws:kms:{rp.region()}:{acct}:key/{rp.uuid()}"},
                                     "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]})
    state = {"version": 4, "terraform_version": "1.6.6", "serial": rp.n(10, 900), "lineage": rp.decoy(rp.uuid(), "uuid"), "outputs": {"bucket": {"value": "acme-static-prod", "type": "string"}},
             "resources": resources, "check_results": None}
    rp.write(f"{base}/envs/prod/terraform.tfstate", json.dumps(state, indent=2) + "\n")
    if rp.chance(0.4):
        rp.write(f"{base}/.terraformrc", "\n".join(['credentials "app.terraform.io" {', f'  token = "{rp.leak(fakes.terraform_cloud_token(rp.s()), "hashicorp")}"', "}", ""]))


# ------------------------------------------------------------------------------ Ansible ------
def ansible(rp: Repo, base: str) -> None:
    for role in ["postgres", "nginx", "app", "monitoring"]:
        d = f"{base}/roles/{role}"
        rp.write(f"{d}/defaults/main.yml", "\n".join([
            "---", f"{role}_version: \"{rp.n(1, 16)}.{rp.n(0, 9)}\"", f"{role}_user: {role}",
            f"{role}_password: \"{{{{ vault_{role}_password }}}}\"", f"{role}_listen: 0.0.0.0", f"{role}_checksum: \"sha256:{rp.decoy(fakes.sha256_hex(rp.s()), 'hex-digest')}\"", ""]))
        rp.write(f"{d}/tasks/main.yml", "\n".join([
            "---", f"- name: install {role}", "  ansible.builtin.package:", f"    name: {role}", "    state: present", "",
            f"- name: template {role} config", "  ansible.builtin.template:", f"    src: {role}.conf.j2", f"    dest: /etc/{role}/{role}.conf", "    mode: \"0640\"",
            f"  notify: restart {role}", ""]))
        rp.write(f"{d}/handlers/main.yml", "\n".join(["---", f"- name: restart {role}", "  ansible.builtin.service:", f"    name: {role}", "    state: restarted", ""]))
    rp.write(f"{base}/group_vars/all/vault.yml", rp.decoy(fakes.ansible_vault_blob(rp.s()), "ansible-vault") + "\n")
    inline = fakes.ansible_vault_blob(rp.s(), indent="          ")
    plain = rp.chance(0.5)
    gv = ["---", "app_env: production", "app_db_host: " + rp.host(), "app_db_password: !vault |", inline,
          f"app_admin_password: {rp.leak(rp.any_pw(), 'generic.password')}" if plain else "app_admin_password: \"{{ lookup('community.hashi_vault.hashi_vault', 'secret=kv/data/app:admin') }}\"",
          "app_smtp_host: smtp.acme-corp.net", ""]
    rp.write(f"{base}/group_vars/production.yml", "\n".join(gv))
    inv = ["[web]", "web1.prod.acme-corp.net", "web2.prod.acme-corp.net", "", "[db]"]
    if rp.chance(0.4):
        inv.append(f"db1.prod.acme-corp.net ansible_user=deploy ansible_ssh_pass={rp.leak(rp.human_pw(), 'generic.password')} ansible_become_pass={rp.leak(rp.human_pw(), 'generic.password')}")
    else:
        inv.append("db1.prod.acme-corp.net ansible_user=deploy ansible_ssh_private_key_file=~/.ssh/deploy_ed25519")
    rp.write(f"{base}/inventories/production/hosts.ini", "\n".join(inv) + "\n")
    rp.write(f"{base}/site.yml", "\n".join(["---", "- hosts: all", "  become: true", "  roles:", "    - postgres", "    - nginx", "    - app", "    - monitoring", ""]))


# ------------------------------------------------------------------------------ Helm / K8s --
def helm(rp: Repo, base: str, chart: str) -> None:
    real = rp.chance(0.35)
    rp.write(f"{base}/{chart}/values.yaml", "\n".join([
        "replicaCount: 2", "image:", f"  repository: {rp.account()}.dkr.ecr.eu-west-1.amazonaws.com/{chart}", f"  tag: \"{rp.decoy(fakes.git_sha(rp.s())[:12], 'git-sha')}\"",
        f"  digest: \"{rp.decoy(fakes.docker_digest(rp.s()), 'docker-digest')}\"", "", "postgresql:", "  enabled: true", "  auth:", "    username: app",
        f"    password: \"{rp.leak(rp.gen_pw(20), 'generic.password')}\"" if real else '    password: ""  # set via --set or existingSecret',
        "    existingSecret: \"\"" if real else "    existingSecret: app-db-credentials", "",
        "redis:", "  auth:", "    enabled: true", f"    password: {rp.decoy('changeme', 'placeholder')}", "",
        "env:", "  - name: LOG_LEVEL", "    value: info", "  - name: API_TOKEN", "    valueFrom:", "      secretKeyRef:", f"        name: {chart}-secrets", "        key: api-token", "",
        "ingress:", "  enabled: true", "  annotations:", "    cert-manager.io/cluster-issuer: letsencrypt", f"  host: {chart}.acme-corp.io", ""]))
    rp.write(f"{base}/{chart}/templates/secret.yaml", "\n".join([
        "apiVersion: v1", "kind: Secret", "metadata:", f"  name: {{{{ include \"{chart}.fullname\" . }}}}", "type: Opaque", "stringData:",
        "  DATABASE_PASSWORD: {{ .Values.postgresql.auth.password | quote }}", "  API_TOKEN: {{ required \"apiToken\" .Values.apiToken | quote }}", ""]))
    rp.write(f"{base}/{chart}/templates/deployment.yaml", "\n".join([
        "apiVersion: apps/v1", "kind: Deployment", "metadata:", f"  name: {{{{ include \"{chart}.fullname\" . }}}}", "spec:", "  replicas: {{ .Values.replicaCount }}",
        "  template:", "    metadata:", "      annotations:", "        checksum/config: {{ include (print $.Template.BasePath \"/configmap.yaml\") . | sha256sum }}",
        "    spec:", "      containers:", "        - name: app", "          image: \"{{ .Values.image.repository }}@{{ .Values.image.digest }}\"",
        "          envFrom:", "            - secretRef:", f"                name: {{{{ include \"{chart}.fullname\" . }}}}", ""]))
    rp.write(f"{base}/{chart}/Chart.yaml", "\n".join(["apiVersion: v2", f"name: {chart}", "version: 0.14.2", "appVersion: \"2.8.1\"", "dependencies:",
                                                      "  - name: postgresql", "    version: 13.2.24", "    repository: oci://registry-1.docker.io/bitnamicharts", ""]))
    rp.write(f"{base}/{chart}/Chart.lock", "\n".join(["dependencies:", "- name: postgresql", "  repository: oci://registry-1.docker.io/bitnamicharts", "  version: 13.2.24",
                                                      f"digest: {rp.decoy(fakes.docker_digest(rp.s()), 'docker-digest')}", "generated: \"2024-01-12T10:03:44.218Z\"", ""]))


def k8s(rp: Repo, base: str) -> None:
    ns = rp.pick(["payments", "platform", "data"])
    # a Secret with base64 data: real secret values (positive) and non-secret user names
    pw = rp.gen_pw(22)
    user_b64 = _b64("orders_rw")
    lines = ["apiVersion: v1", "kind: Secret", "metadata:", "  name: orders-db", f"  namespace: {ns}", "type: Opaque", "data:",
             f"  username: {rp.decoy(user_b64, 'k8s-base64-nonsecret')}", f"  host: {_b64(rp.host())}"]
    if rp.chance(0.5):
        lines.append(f"  password: {rp.leak(_b64(pw), 'k8s.secret')}")
    else:
        lines = lines[:6] + ["stringData:", "  username: orders_rw", f"  password: {rp.leak(pw, 'generic.password')}"]
    rp.write(f"{base}/manifests/{ns}/orders-db-secret.yaml", "\n".join(lines) + "\n")
    rp.write(f"{base}/manifests/{ns}/configmap.yaml", "\n".join([
        "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: orders-config", f"  namespace: {ns}", "data:", "  LOG_LEVEL: info", f"  FEATURE_FLAGS_SDK_KEY_ID: {rp.decoy(rp.uuid(), 'uuid')}",
        "  TOKEN_ENDPOINT: https://auth.acme-corp.io/oauth/token", f"  BUILD_SHA: {rp.decoy(fakes.git_sha(rp.s()), 'git-sha')}", ""]))
    ca = base64.b64encode(fakes.pem_certificate(rp.s()).encode()).decode()
    rp.write(f"{base}/manifests/{ns}/webhook.yaml", "\n".join([
        "apiVersion: admissionregistration.k8s.io/v1", "kind: ValidatingWebhookConfiguration", "metadata:", "  name: policy-webhook", "webhooks:", "  - name: policy.acme-corp.io",
        "    clientConfig:", f"      caBundle: {rp.decoy(ca, 'certificate-b64')}", "      service:", "        name: policy", f"        namespace: {ns}", "    admissionReviewVersions: [\"v1\"]",
        "    sideEffects: None", ""]))
    rp.write(f"{base}/manifests/{ns}/deployment.yaml", "\n".join([
        "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: orders-api", f"  namespace: {ns}", "spec:", "  replicas: 3", "  template:", "    spec:", "      containers:",
        "        - name: api", f"          image: ghcr.io/acme-corp/orders-api@{rp.decoy(fakes.docker_digest(rp.s()), 'docker-digest')}", "          env:",
        "            - name: DB_PASSWORD", "              valueFrom:", "                secretKeyRef: { name: orders-db, key: password }",
        "            - name: STRIPE_API_KEY" if rp.chance(0.35) else "            - name: SENTRY_DSN",
        "", "          resources:", "            limits: { cpu: 500m, memory: 512Mi }", ""]))
    # fix the env entry value lines now that we know which branch
    p = rp.root / f"{base}/manifests/{ns}/deployment.yaml"
    txt = p.read_text()
    if "STRIPE_API_KEY" in txt:
        txt = txt.replace("STRIPE_API_KEY\n\n", f"STRIPE_API_KEY\n              value: \"{rp.leak(fakes.stripe_live(rp.s()), 'stripe')}\"\n")
    else:
        txt = txt.replace("SENTRY_DSN\n\n", f"SENTRY_DSN\n              value: \"{rp.decoy(fakes.sentry_dsn(rp.s()), 'sentry-dsn')}\"\n")
    rp.write(f"{base}/manifests/{ns}/deployment.yaml", txt)
    # kubeconfig: CA data (negative), client key data (positive, base64 PEM), token
    key_b64 = base64.b64encode(fakes.pem_private_key(rp.s(), "EC").encode()).decode()
    kc = ["apiVersion: v1", "kind: Config", "clusters:", "- cluster:", f"    certificate-authority-data: {rp.decoy(base64.b64encode(fakes.pem_certificate(rp.s()).encode()).decode(), 'certificate-b64')}",
          f"    server: https://{rp.hexs(32).upper()}.gr7.{rp.region()}.eks.amazonaws.com", "  name: prod", "contexts:", "- context:", "    cluster: prod", "    user: ci", "  name: prod", "current-context: prod", "users:", "- name: ci", "  user:"]
    if rp.chance(0.5):
        kc += [f"    client-certificate-data: {base64.b64encode(fakes.pem_certificate(rp.s()).encode()).decode()}", f"    client-key-data: {rp.leak(key_b64, 'pem')}"]
    else:
        kc += ["    exec:", "      apiVersion: client.authentication.k8s.io/v1beta1", "      command: aws", "      args: [eks, get-token, --cluster-name, prod]"]
    rp.write(f"{base}/ops/kubeconfig-ci.yaml", "\n".join(kc) + "\n")


# ------------------------------------------------------------------------------ CI -----------
def github_actions(rp: Repo, base: str) -> None:
    sha = rp.decoy(fakes.git_sha(rp.s()), "pinned-action-sha")
    leak = rp.chance(0.3)
    env = ([f"      SLACK_WEBHOOK_URL: {rp.leak(fakes.slack_webhook(rp.s()), 'slack')}"] if leak else ["      SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK_URL }}"])
    rp.write(f"{base}/.github/workflows/ci.yml", "\n".join([
        "name: ci", "on:", "  push:", "    branches: [main]", "  pull_request:", "", "permissions:", "  contents: read", "  id-token: write", "", "jobs:", "  test:",
        "    runs-on: ubuntu-latest", "    env:", "      NODE_ENV: test", "      DATABASE_URL: postgres://postgres:postgres@localhost:5432/test"] + env + [
        "    services:", "      postgres:", "        image: postgres:16", "        env:", f"          POSTGRES_PASSWORD: {rp.decoy('postgres', 'default-password')}", "        ports: ['5432:5432']",
        "    steps:", f"      - uses: actions/checkout@{sha} # v4.1.1", f"      - uses: actions/setup-node@{fakes.git_sha(rp.s())} # v4.0.1", "        with:", "          node-version: 20",
        "          cache: npm", "      - run: npm ci", "      - run: npm test", "      - name: configure aws", f"        uses: aws-actions/configure-aws-credentials@{fakes.git_sha(rp.s())}",
        "        with:", f"          role-to-assume: arn:aws:iam::{rp.account()}:role/gha-deploy", f"          aws-region: {rp.region()}", ""]))
    v = rp.n(0, 2)
    if v == 0:
        pub = ["      - run: npm publish", "        env:", "          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}"]
    elif v == 1:
        pub = ["      - run: docker login ghcr.io -u acme-bot -p ${{ secrets.GHCR_TOKEN }}", "      - run: docker push ghcr.io/acme-corp/app:${{ github.sha }}"]
    else:
        pub = [f"      - run: echo \"//registry.npmjs.org/:_authToken={rp.leak(fakes.npm_token(rp.s()), 'npm')}\" > ~/.npmrc && npm publish"]
    rp.write(f"{base}/.github/workflows/release.yml", "\n".join(["name: release", "on:", "  push:", "    tags: ['v*']", "jobs:", "  publish:", "    runs-on: ubuntu-latest", "    steps:",
                                                                 f"      - uses: actions/checkout@{fakes.git_sha(rp.s())}"] + pub + [""]))
    rp.write(f"{base}/.github/dependabot.yml", "\n".join(["version: 2", "updates:", "  - package-ecosystem: npm", "    directory: /", "    schedule:", "      interval: weekly", ""]))


def gitlab_ci(rp: Repo, base: str) -> None:
    leak = rp.chance(0.35)
    rp.write(f"{base}/.gitlab-ci.yml", "\n".join([
        "stages: [build, test, deploy]", "", "variables:", "  DOCKER_DRIVER: overlay2", '  DOCKER_TLS_CERTDIR: "/certs"',
        f"  SONAR_TOKEN: {rp.leak(fakes.api_key_hex(rp.s(), 40), 'generic.token')}" if leak else "  SONAR_HOST_URL: https://sonar.acme-corp.net", "",
        "build:", "  stage: build", "  image: docker:24", "  services: [docker:24-dind]", "  script:",
        '    - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"', '    - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .',
        '    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"', "", "deploy:", "  stage: deploy", "  script:",
        "    - 'curl --request POST --header \"PRIVATE-TOKEN: ${DEPLOY_TOKEN}\" \"https://gitlab.acme-corp.net/api/v4/projects/42/pipeline\"'",
        f"    - helm upgrade --install app ./chart --set image.tag=$CI_COMMIT_SHA --set apiToken={rp.leak(fakes.gitlab_token(rp.s()), 'gitlab')}" if rp.chance(0.25) else "    - helm upgrade --install app ./chart --set image.tag=$CI_COMMIT_SHA",
        "  only: [main]", ""]))
    rp.write(f"{base}/Jenkinsfile", "\n".join([
        "pipeline {", "  agent any", "  environment {", "    AWS_DEFAULT_REGION = 'eu-west-1'", "    REGISTRY_CREDS = credentials('ecr-push')", "  }", "  stages {",
        "    stage('Build') { steps { sh 'make build' } }", "    stage('Deploy') {", "      steps {",
        "        withCredentials([string(credentialsId: 'deploy-token', variable: 'TOKEN')]) {", "          sh 'curl -H \"Authorization: Bearer $TOKEN\" https://deploy.acme-corp.net/hook'", "        }",
        "      }", "    }", "  }", "}", ""]))


# ------------------------------------------------------------------------------ Docker/shell -
def containers(rp: Repo, base: str) -> None:
    v = rp.n(0, 2)
    if v == 0:
        env = ["ARG NPM_TOKEN", 'RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm -f .npmrc']
    elif v == 1:
        env = [f"ENV MAPBOX_ACCESS_TOKEN={rp.leak(fakes.mapbox_token(rp.s(), public=False), 'other.mapbox-secret')}", "RUN npm ci"]
    else:
        env = [f"ENV SENTRY_DSN={rp.decoy(fakes.sentry_dsn(rp.s()), 'sentry-dsn')}", "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci"]
    rp.write(f"{base}/Dockerfile", "\n".join([f"FROM node:20-alpine@{rp.decoy(fakes.docker_digest(rp.s()), 'docker-digest')} AS build", "WORKDIR /app", "COPY package*.json ./"] + env + [
        "COPY . .", "RUN npm run build", "", "FROM gcr.io/distroless/nodejs20-debian12", "COPY --from=build /app/dist /app", 'CMD ["/app/server.js"]', ""]))
    pg = rp.human_pw()
    real = rp.chance(0.45)
    rp.write(f"{base}/docker-compose.yml", "\n".join([
        "services:", "  db:", "    image: postgres:16", "    environment:", "      POSTGRES_USER: app",
        f"      POSTGRES_PASSWORD: {rp.leak(pg, 'generic.password')}" if real else f"      POSTGRES_PASSWORD: {rp.decoy('example', 'placeholder')}",
        "    volumes: [pgdata:/var/lib/postgresql/data]", "  redis:", "    image: redis:7", "    command: redis-server --requirepass ${REDIS_PASSWORD:-devpass}",
        "  minio:", "    image: minio/minio", "    environment:", "      MINIO_ROOT_USER: minioadmin", f"      MINIO_ROOT_PASSWORD: {rp.decoy('minioadmin', 'default-password')}",
        "  app:", "    build: .", "    env_file: .env", "    depends_on: [db, redis]", "volumes:", "  pgdata: {}", ""]))
    # docker config.json with auth (positive) or credsStore (negative)
    cfg: dict[str, object]
    if rp.chance(0.4):
        auth = fakes.docker_auth_b64("acme-ci", fakes.dockerhub_pat(rp.s()))
        cfg = {"auths": {"https://index.docker.io/v1/": {"auth": rp.leak(auth, "docker")}}}
    else:
        cfg = {"auths": {"ghcr.io": {}}, "credsStore": "desktop", "currentContext": "default"}
    rp.write(f"{base}/ops/docker/config.json", json.dumps(cfg, indent="\t") + "\n")


def scripts(rp: Repo, base: str) -> None:
    v = rp.r.sample(range(8), 4)
    for k in v:
        if k == 0:
            kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
            body = ["#!/bin/sh", "# bootstrap a dev laptop", f"aws configure set aws_access_key_id {rp.leak(kid, 'aws')} --profile acme-dev",
                    f"aws configure set aws_secret_access_key {rp.leak(sec, 'aws')} --profile acme-dev", f"aws configure set region {rp.region()} --profile acme-dev", ""]
            rp.write(f"{base}/scripts/bootstrap-dev.sh", "\n".join(body))
        elif k == 1:
            body = ["#!/usr/bin/env bash", "set -e", f"mysqldump -h {rp.host()} -u backup -p'{rp.leak(rp.human_pw(), 'generic.password')}' --single-transaction orders | gzip > /backup/orders-$(date +%F).sql.gz", ""]
            rp.write(f"{base}/scripts/backup-orders.sh", "\n".join(body))
        elif k == 2:
            body = ["#!/usr/bin/env bash", f"curl -sf -u admin:{rp.leak(rp.gen_pw(16).replace('!', 'x').replace('&', 'x'), 'generic.password')} https://jenkins.acme-corp.net/job/nightly/build -X POST", ""]
            rp.write(f"{base}/scripts/trigger-nightly.sh", "\n".join(body))
        elif k == 3:
            body = ["# Rotate the service principal secret", "$ErrorActionPreference = 'Stop'",
                    f"$secure = ConvertTo-SecureString '{rp.leak(rp.gen_pw(20).replace(chr(39), 'x'), 'generic.password')}' -AsPlainText -Force",
                    "$cred = New-Object System.Management.Automation.PSCredential('svc-deploy@acme-corp.io', $secure)", "Connect-AzAccount -Credential $cred -Tenant $env:AZURE_TENANT_ID", ""]
            rp.write(f"{base}/scripts/Deploy-Infra.ps1", "\n".join(body))
        elif k == 4:
            body = ["$ErrorActionPreference = 'Stop'", "$cred = Get-Credential -Message 'Deploy account'", "$token = $env:AZURE_DEVOPS_PAT",
                    "$headers = @{ Authorization = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes(\":$token\")) }",
                    "Invoke-RestMethod -Uri 'https://dev.azure.com/acme/_apis/projects' -Headers $headers", ""]
            rp.write(f"{base}/scripts/List-Projects.ps1", "\n".join(body))
        elif k == 5:
            body = ["#!/usr/bin/env bash", "# local dev only; localstack accepts anything", "export AWS_ACCESS_KEY_ID=test", "export AWS_SECRET_ACCESS_KEY=test",
                    f"export AWS_SESSION_TOKEN={rp.decoy('test', 'test-fixture')}", "aws --endpoint-url=http://localhost:4566 s3 mb s3://dev-bucket", ""]
            rp.write(f"{base}/scripts/localstack-init.sh", "\n".join(body))
        elif k == 6:
            tok = fakes.github_fine_grained(rp.s())
            body = ["#!/usr/bin/env bash", "# mirror the repo to the backup org",
                    f"git push --mirror https://x-access-token:{rp.leak(tok, 'github')}@github.com/acme-backup/monorepo.git", ""]
            rp.write(f"{base}/scripts/mirror.sh", "\n".join(body))
        else:
            body = ["#!/usr/bin/env bash", "export PGPASSWORD=\"$(vault kv get -field=password kv/prod/orders-db)\"", f"psql -h {rp.host()} -U orders_rw -d orders -f migrate.sql", ""]
            rp.write(f"{base}/scripts/run-migration.sh", "\n".join(body))
    for i in range(rp.n(3, 5)):
        rp.write(f"{base}/scripts/{rp.word()}-{i}.sh", filler.shell_script(rp, "ops"))


def infra_repo(rp: Repo, base: str) -> None:
    terraform(rp, f"{base}/terraform")
    ansible(rp, f"{base}/ansible")
    for chart in ["orders-api", "web", "worker"]:
        helm(rp, f"{base}/charts", chart)
    k8s(rp, base)
    github_actions(rp, base)
    gitlab_ci(rp, base)
    containers(rp, base)
    scripts(rp, base)
