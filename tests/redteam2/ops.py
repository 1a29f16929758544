# ruff: noqa: E501
"""Infrastructure, CI, data and logs: block scalars, JSON inside YAML strings, anchors,
HCL heredocs, inline CI secrets, notebook outputs, logs and dumps that print credentials,
every database's connection string, webhooks, bearer tokens in curl examples, key material."""

from __future__ import annotations

import base64
import json

from tests import fakes
from tests.redteam.kit import Needle, Repo


def yaml_blocks(rp: Repo, base: str) -> None:
    pem = fakes.pem_private_key(rp.s(), "RSA")
    rp.leak_pem(pem, "pem")
    block = "".join("      " + ln + "\n" for ln in pem.strip().split("\n"))
    sa = fakes.gcp_service_account(rp.s())
    rp.leak_pem(sa["private_key"], "gcp")
    sa_json = json.dumps(sa)
    rp.write(f"{base}/ansible/group_vars/prod/main.yml", "---\ndeploy_user: deploy\ndeploy_ssh_private_key: |\n" + block.replace("      ", "  ")
             + "gcp_credentials_json: '" + sa_json.replace("'", "''") + "'\nntp_servers: [0.pool.ntp.org, 1.pool.ntp.org]\n")
    # folded scalar with a password on its own line, and a literal block holding an .env file
    pw = rp.leak(rp.gen_pw(22), "password")
    sg = rp.leak(fakes.sendgrid_key(rp.s()), "sendgrid")
    rp.write(f"{base}/k8s/overlays/prod/mailer-env.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mailer-env\ndata:\n  mailer.env: |\n"
                                                          f"    SMTP_HOST=smtp.sendgrid.net\n    SMTP_USER=apikey\n    SMTP_PASSWORD={sg}\n    SMTP_PORT=587\n"
                                                          f"  db.conf: |\n    [client]\n    user = mailer\n    password = {pw}\n    host = mysql.internal\n")


def helm_anchors(rp: Repo, base: str) -> None:
    pw = rp.leak(rp.gen_pw(20), "password")
    tok = rp.leak(fakes.slack_webhook(rp.s()), "slack.webhook")
    rp.write(f"{base}/charts/platform/values-prod.yaml", "global:\n  imageRegistry: registry.example-corp.net\n\n"
                                                         f"x-db: &db\n  host: pg-prod.internal\n  port: 5432\n  user: platform\n  password: {pw}\n\n"
                                                         "api:\n  replicas: 4\n  database: *db\n  env:\n    LOG_LEVEL: info\n\nworker:\n  replicas: 2\n  database:\n    <<: *db\n    pool: 30\n\n"
                                                         f"alertmanager:\n  config:\n    receivers:\n      - name: slack\n        slack_configs:\n          - api_url: {tok}\n            channel: '#alerts-prod'\n")
    rp.write(f"{base}/charts/platform/values.yaml", "global:\n  imageRegistry: registry.example-corp.net\n\nx-db: &db\n  host: postgres\n  port: 5432\n  user: platform\n"
                                                    "  password: \"\"  # set in values-<env>.yaml or via --set\n  existingSecret: platform-db\n\napi:\n  replicas: 1\n  database: *db\n")


def json_in_yaml(rp: Repo, base: str) -> None:
    """A JSON document stored as a string inside YAML (an Argo/Crossplane provider config)."""
    k, s = rp.leak(fakes.aws_key_id(rp.s()), "aws"), rp.leak(fakes.aws_secret(rp.s()), "aws")
    inner = json.dumps({"accessKeyId": k, "secretAccessKey": s, "region": "eu-west-1"})
    rp.write(f"{base}/gitops/crossplane/provider-aws-creds.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: aws-creds\n  namespace: crossplane-system\ntype: Opaque\nstringData:\n"
                                                                   f"  creds: {json.dumps(inner)}\n")
    dd = rp.leak(fakes.api_key_hex(rp.s(), 32), "datadog")
    cfg = json.dumps({"site": "datadoghq.eu", "api_key": dd, "logs_enabled": True})
    rp.write(f"{base}/gitops/argocd/datadog-app.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: datadog\nspec:\n  source:\n    helm:\n"
                                                       f"      values: '{cfg}'\n    repoURL: https://helm.datadoghq.com\n    chart: datadog\n    targetRevision: 3.49.6\n")


def hcl(rp: Repo, base: str) -> None:
    k, s = rp.leak(fakes.aws_key_id(rp.s()), "aws"), rp.leak(fakes.aws_secret(rp.s()), "aws")
    pw = rp.leak(rp.gen_pw(24).replace('"', "!").replace("$", "!").replace("%", "!"), "password")
    rp.write(f"{base}/terraform/envs/prod/main.tf", 'provider "aws" {\n  region     = "eu-west-1"\n' f'  access_key = "{k}"\n  secret_key = "{s}"\n}}\n\n'
                                                     'resource "aws_instance" "bastion" {\n  ami           = "ami-0c1c30571d2dae5c9"\n  instance_type = "t3.micro"\n'
                                                     "  user_data     = <<-EOT\n    #!/bin/bash\n    echo 'export PGHOST=pg-prod.internal' >> /etc/profile.d/pg.sh\n"
                                                     f"    echo 'export PGPASSWORD={pw}' >> /etc/profile.d/pg.sh\n  EOT\n}}\n\n"
                                                     'resource "aws_db_instance" "main" {\n  engine   = "postgres"\n  username = "platform"\n  password = random_password.db.result\n}\n')
    pem = fakes.pem_private_key(rp.s(), "EC")
    rp.leak_pem(pem, "pem")
    rp.write(f"{base}/terraform/modules/tls/main.tf", 'resource "kubernetes_secret" "ingress_tls" {\n  metadata {\n    name = "ingress-tls"\n  }\n  data = {\n'
                                                       '    "tls.crt" = file("${path.module}/ingress.crt")\n    "tls.key" = <<-EOK\n'
                                                       + "".join("      " + ln + "\n" for ln in pem.strip().split("\n")) + "    EOK\n  }\n}\n")


def github_actions(rp: Repo, base: str) -> None:
    gh = rp.leak(fakes.github_classic(rp.s()), "github")
    npm = rp.leak(fakes.npm_token(rp.s()), "npm")
    cf = rp.leak(fakes.api_key_alnum(rp.s(), 40), "generic.secret")
    rp.write(f"{base}/.github/workflows/release.yml", "name: release\non:\n  push:\n    tags: ['v*']\n\nenv:\n  NODE_VERSION: 20\n"
                                                      f"  GH_TOKEN: {gh}\n\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n"
                                                      "      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n          node-version: ${{ env.NODE_VERSION }}\n"
                                                      "          registry-url: https://registry.npmjs.org\n      - run: npm ci && npm publish --access public\n        env:\n"
                                                      f"          NODE_AUTH_TOKEN: {npm}\n      - name: purge cdn\n        run: |\n          curl -X POST \"https://api.cloudflare.com/client/v4/zones/$ZONE/purge_cache\" \\\n"
                                                      f"            -H \"Authorization: Bearer {cf}\" \\\n            --data '{{\"purge_everything\":true}}'\n")
    rp.write(f"{base}/.github/workflows/ci.yml", "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      postgres:\n        image: postgres:16\n"
                                                 "        env:\n          POSTGRES_PASSWORD: postgres\n        ports: ['5432:5432']\n    steps:\n      - uses: actions/checkout@v4\n"
                                                 "      - run: make test\n        env:\n          DATABASE_URL: postgres://postgres:postgres@localhost:5432/test\n"
                                                 "          CODECOV_TOKEN: ${{ secrets.CODECOV_TOKEN }}\n          SONAR_TOKEN: ${{ secrets.SONAR_TOKEN }}\n")
    gl = rp.leak(fakes.gitlab_token(rp.s(), "gl" + "rt-"), "gitlab")
    rp.write(f"{base}/.gitlab-ci.yml", "variables:\n  DOCKER_DRIVER: overlay2\n" f"  RUNNER_REGISTRATION: \"{gl}\"\n\nstages: [build, deploy]\n\nbuild:\n  stage: build\n"
                                       "  script:\n    - docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA .\n    - echo \"$CI_REGISTRY_PASSWORD\" | docker login -u $CI_REGISTRY_USER --password-stdin $CI_REGISTRY\n")
    son = rp.leak(fakes.sonarqube_token(rp.s()), "longtail.sonarqube")
    rp.write(f"{base}/Jenkinsfile", "pipeline {\n  agent any\n  environment {\n    SONAR_HOST_URL = 'https://sonar.example-corp.net'\n"
                                    f"    SONAR_TOKEN = '{son}'\n    NEXUS = credentials('nexus-deploy')\n  }}\n  stages {{\n    stage('scan') {{ steps {{ sh 'mvn -B sonar:sonar' }} }}\n  }}\n}}\n")


def ci_dumps(rp: Repo, base: str) -> None:
    """A CI job log where a debug step printed the environment (and one where masking worked)."""
    k, s = rp.leak(fakes.aws_key_id(rp.s()), "aws"), rp.leak(fakes.aws_secret(rp.s()), "aws")
    npm = rp.leak(fakes.npm_token(rp.s()), "npm")
    dh = rp.leak(fakes.dockerhub_pat(rp.s()), "dockerhub")
    sha = rp.decoy(fakes.git_sha(rp.s()), "git-sha")
    env = [f"CI_COMMIT_SHA={sha}", "CI_JOB_ID=5824133907", "CI_JOB_TOKEN=[MASKED]", "CI_PROJECT_PATH=platform/billing", "HOME=/root", "HOSTNAME=runner-x7k2p-project-812-concurrent-0",
           f"AWS_ACCESS_KEY_ID={k}", f"AWS_SECRET_ACCESS_KEY={s}", "AWS_DEFAULT_REGION=eu-west-1", f"NPM_TOKEN={npm}", f"DOCKERHUB_TOKEN={dh}",
           "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "RUNNER_TEMP_PROJECT_DIR=/builds/platform/billing.tmp"]
    ts = "2024-03-11T09:14:"
    lines = [f"{ts}02.114Z 00O Running with gitlab-runner 16.9.1 (782c6ecb)", f"{ts}02.998Z 00O $ env | sort"] + [f"{ts}03.{i:03d}Z 01O {e}" for i, e in enumerate(sorted(env))]
    lines += [f"{ts}04.550Z 01O $ make deploy", f"{ts}09.001Z 01O Uploaded s3://excorp-artifacts/billing/{sha[:12]}.tar.gz", f"{ts}09.120Z 01O Job succeeded"]
    rp.write(f"{base}/gitlab/platform-billing/job-5824133907.log", "\n".join(lines) + "\n")
    masked = [f"2024-03-12T10:00:0{i}.000Z env: {n}=***" for i, n in enumerate(["AWS_SECRET_ACCESS_KEY", "NPM_TOKEN", "GITHUB_TOKEN"])]
    rp.write(f"{base}/github-actions/excorp-web/run-88213/3_build.txt", "\n".join(masked + ["2024-03-12T10:00:04.000Z Run npm ci", "2024-03-12T10:00:40.000Z added 1204 packages in 36s"]) + "\n")
    # Travis/Circle style: `set -x` echoing a curl with a token
    tok = rp.leak(fakes.github_classic(rp.s()), "github")
    rp.write(f"{base}/circleci/excorp-docs/build-3310.log", "#!/bin/bash -eo pipefail\n+ export GIT_AUTHOR_NAME=docs-bot\n"
                                                            f"+ curl -sf -H 'Authorization: token {tok}' https://api.github.com/repos/excorp/docs/pages/builds\n"
                                                            "{\n  \"status\": \"queued\",\n  \"url\": \"https://api.github.com/repos/excorp/docs/pages/builds/latest\"\n}\nCircleCI received exit code 0\n")


def app_logs(rp: Repo, base: str) -> None:
    pw = rp.leak(fakes.api_key_alnum(rp.s(), 20), "password.url")
    jwt_ = rp.leak(fakes.jwt_compact(rp.s(), "HS256"), "jwt")
    rid = [rp.decoy(rp.uuid(), "uuid") for _ in range(6)]
    lines = ["2024-05-02 11:02:13,441 INFO  [main] Starting BillingApplication v2.14.0 using Java 21.0.2",
             f"2024-05-02 11:02:14,102 DEBUG [main] HikariConfig: jdbcUrl=jdbc:postgresql://pg-prod.internal:5432/billing?user=billing&password={pw}",
             "2024-05-02 11:02:14,103 DEBUG [main] HikariConfig: password=<masked>",
             f"2024-05-02 11:02:17,877 INFO  [http-nio-8080-exec-1] request_id={rid[0]} GET /v2/invoices 200 18ms",
             f"2024-05-02 11:02:18,012 WARN  [http-nio-8080-exec-3] request_id={rid[1]} auth failed for header Authorization: Bearer {jwt_}",
             f"2024-05-02 11:02:18,550 INFO  [http-nio-8080-exec-4] request_id={rid[2]} trace_id={rp.hexs(32)} span_id={rp.hexs(16)} POST /v2/payments 201 92ms"]
    for i in range(3, 6):
        lines.append(f"2024-05-02 11:02:{19 + i},{rp.n(100, 999)} INFO  [http-nio-8080-exec-{i}] request_id={rid[i]} GET /v2/customers/{rp.n(1000, 9999)} 200 {rp.n(5, 40)}ms")
    rp.write(f"{base}/billing-api/2024-05-02.log", "\n".join(lines) + "\n")
    # nginx access log with an API key in a query string, and a debug dump of os.environ
    key = rp.leak(fakes.google_api_key(rp.s()), "google")
    rp.write(f"{base}/edge/access.log", f"10.1.4.22 - - [02/May/2024:11:05:01 +0000] \"GET /maps/api/geocode/json?address=Berlin&key={key} HTTP/1.1\" 200 1432 \"-\" \"okhttp/4.12.0\"\n"
                                        "10.1.4.22 - - [02/May/2024:11:05:02 +0000] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.29\"\n")
    ant = rp.leak(fakes.anthropic_key(rp.s()), "anthropic")
    hf = rp.leak(fakes.huggingface_token(rp.s()), "huggingface")
    env = {"HOME": "/home/app", "LANG": "C.UTF-8", "ANTHROPIC_API_KEY": ant, "HF_TOKEN": hf, "PYTHONUNBUFFERED": "1", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://otel:4317"}
    rp.write(f"{base}/support-bot/crash-2024-05-03.txt", "Traceback (most recent call last):\n  File \"/app/bot.py\", line 88, in <module>\n    main()\nKeyError: 'SLACK_APP_TOKEN'\n\n"
                                                         "Local variables:\n  environ = environ(" + repr(env) + ")\n")


def notebooks(rp: Repo, base: str) -> None:
    def nb(cells: list[tuple[str, str]]) -> str:
        out = {"cells": [], "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
        for i, (src, text) in enumerate(cells):
            c: dict[str, object] = {"cell_type": "code", "execution_count": i + 1, "id": rp.hexs(8), "metadata": {}, "outputs": [], "source": src.splitlines(keepends=True)}
            if text:
                c["outputs"] = [{"name": "stdout", "output_type": "stream", "text": text.splitlines(keepends=True)}]
            out["cells"].append(c)  # type: ignore[attr-defined]
        return json.dumps(out, indent=1) + "\n"

    sf = rp.leak(rp.gen_pw(18), "password")
    acct = fakes.snowflake_account(rp.s())
    rp.write(f"{base}/churn/01-extract.ipynb", nb([("import snowflake.connector as sc\nconn = sc.connect(\n    user='ANALYST_SVC',\n"
                                                   f"    password='{sf}',\n    account='{acct}',\n    warehouse='ANALYTICS_WH')", ""),
                                                  ("print(conn.cursor().execute('select current_version()').fetchone())", "('8.14.1',)\n")]))
    k, s = rp.leak(fakes.aws_key_id(rp.s()), "aws"), rp.leak(fakes.aws_secret(rp.s()), "aws")
    rp.write(f"{base}/churn/02-debug-s3.ipynb", nb([("import boto3\ncreds = boto3.Session().get_credentials().get_frozen_credentials()\ncreds", ""),
                                                    ("print(creds)", f"ReadOnlyCredentials(access_key='{k}', secret_key='{s}', token=None)\n")]))
    wb = rp.leak(fakes.rand(rp.s(), fakes.HEX, 40), "wandb")
    rp.write(f"{base}/vision/train.ipynb", nb([("!pip install -q wandb", ""), (f"!wandb login {wb}", "wandb: Appending key for api.wandb.ai to your netrc file: /root/.netrc\n"),
                                               ("import wandb\nrun = wandb.init(project='defects')", "wandb: Tracking run with wandb version 0.16.6\n")]))


def sql_dumps(rp: Repo, base: str) -> None:
    rows_h, rows_p = [], []
    for i in range(4):
        rows_h.append(f"({i + 1},'{rp.name().split()[0].lower()}{i}@example-corp.net','{rp.decoy(fakes.bcrypt_hash(rp.s()), 'password-hash')}','2023-0{i + 1}-11 10:00:00')")
    rp.write(f"{base}/portal/users-2024-04.sql", "-- MySQL dump 10.13  Distrib 8.0.36\n--\n-- Table structure for table `users`\n--\n\nDROP TABLE IF EXISTS `users`;\n"
                                                "CREATE TABLE `users` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  `email` varchar(255) NOT NULL,\n  `password_hash` varchar(255) NOT NULL,\n"
                                                "  `created_at` datetime NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n"
                                                "LOCK TABLES `users` WRITE;\nINSERT INTO `users` VALUES " + ",\n".join(rows_h) + ";\nUNLOCK TABLES;\n"
                                                f"INSERT INTO `wp_users` VALUES (1,'admin','{rp.decoy(fakes.phpass_hash(rp.s()), 'password-hash')}','admin');\n"
                                                f"INSERT INTO `legacy_accounts` VALUES (7,'ops','{rp.decoy(fakes.md5_crypt(rp.s()), 'password-hash')}');\n")
    for i in range(3):
        pw = rp.leak(rp.any_pw().replace("'", "!"), "password.sql")
        rows_p.append(f"INSERT INTO service_accounts (id, username, password, note) VALUES ({i + 1}, 'svc_{rp.word()}', '{pw}', 'created by ops');")
    rp.write(f"{base}/intranet/service_accounts.sql", "-- PostgreSQL database dump\nSET client_encoding = 'UTF8';\n\nCREATE TABLE public.service_accounts (\n    id integer NOT NULL,\n"
                                                     "    username text NOT NULL,\n    password text NOT NULL,\n    note text\n);\n\n" + "\n".join(rows_p) + "\n")
    rp.write(f"{base}/intranet/mysql-users.sql", "SELECT user, host, authentication_string FROM mysql.user;\n"
                                                 f"-- root\tlocalhost\t{rp.decoy(fakes.mysql_native_hash(rp.s()), 'password-hash')}\n"
                                                 f"-- app\t%\t{rp.decoy(fakes.mysql_native_hash(rp.s()), 'password-hash')}\n")


def connection_strings(rp: Repo, base: str) -> None:
    """Every database's connection string, in the config format each ecosystem uses."""
    def pw(n: int = 20) -> str:
        return fakes.api_key_alnum(rp.s(), n)
    lines = [
        f"MONGODB_URI=mongodb+srv://app:{rp.leak(pw(), 'password.url')}@cluster0.ab1cd.mongodb.net/orders?retryWrites=true&w=majority",
        f"MONGO_REPLICA=mongodb://reporter:{rp.leak(pw(), 'password.url')}@mongo-0.internal:27017,mongo-1.internal:27017/reports?replicaSet=rs0&authSource=admin",
        f"REDIS_URL=rediss://default:{rp.leak(pw(), 'password.url')}@redis-12345.c1.eu-west-1-2.ec2.cloud.redislabs.com:12345",
        f"CELERY_BROKER_URL=amqps://worker:{rp.leak(pw(), 'password.url')}@b-1a2b3c4d.mq.eu-west-1.amazonaws.com:5671//",
        f"MSSQL_CONNECTION=Server=tcp:mssql01.internal,1433;Database=erp;User Id=erp_app;Password={rp.leak(pw(16), 'password')};TrustServerCertificate=True",
        f"ORACLE_DSN=erp_ro/{rp.leak(pw(14), 'password.url')}@//ora-scan.internal:1521/ERPPDB",
        f"SNOWFLAKE_URL=snowflake://LOADER:{rp.leak(pw(), 'password.url')}@{fakes.snowflake_account(rp.s())}/RAW/PUBLIC?warehouse=LOAD_WH&role=LOADER",
        f"CLICKHOUSE_URL=clickhouse://analytics:{rp.leak(pw(), 'password.url')}@ch.internal:9440/events?secure=true",
        f"ELASTICSEARCH_URL=https://elastic:{rp.leak(pw(), 'password.url')}@es-prod.internal:9200",
        f"CASSANDRA_PASSWORD={rp.leak(pw(18), 'password')}",
        f"NEO4J_AUTH=neo4j/{rp.leak(pw(18), 'password')}",
        "LOCAL_DATABASE_URL=postgres://postgres:postgres@localhost:5432/dev",
        "TEST_REDIS_URL=redis://localhost:6379/1",
    ]
    rp.write(f"{base}/excorp-orders/.env.production", "\n".join(lines) + "\n")
    yml = ("spring:\n  data:\n    mongodb:\n" f"      uri: mongodb://orders:{rp.leak(pw(), 'password.url')}@mongo.internal:27017/orders\n"
           "  rabbitmq:\n    host: rabbit.internal\n    username: orders\n" f"    password: {rp.leak(pw(), 'password')}\n"
           "  datasource:\n    url: jdbc:clickhouse://ch.internal:8443/default?ssl=true\n    username: orders\n" f"    password: \"{rp.leak(pw(), 'password')}\"\n")
    rp.write(f"{base}/excorp-orders-java/src/main/resources/application-prod.yml", yml)
    ora = rp.leak(pw(12), "password")
    rp.write(f"{base}/excorp-erp/sqlnet/connect.sh", "#!/bin/sh\n# nightly export\n" f"sqlplus -s erp_batch/{ora}@ERPPDB @export.sql\n"
                                                     "sqlplus -s scott/tiger@XEPDB1 @smoke.sql  # local XE container\n")
    ch = rp.leak(pw(), "password.cli")
    rp.write(f"{base}/excorp-erp/ops/clickhouse-backup.sh", f"#!/bin/sh\nclickhouse-client --host ch.internal --secure --user backup --password '{ch}' --query 'BACKUP DATABASE events TO S3(...)'\n")


def webhooks_and_curl(rp: Repo, base: str) -> None:
    sw = rp.leak(fakes.slack_webhook(rp.s()), "slack.webhook")
    dw = rp.leak(fakes.discord_webhook(rp.s()), "discord")
    tw = rp.leak(fakes.teams_webhook(rp.s()), "teams.webhook")
    rp.write(f"{base}/ops-scripts/notify.sh", "#!/bin/sh\nmsg=\"$1\"\n" f"curl -s -X POST -H 'Content-type: application/json' --data \"{{\\\"text\\\":\\\"$msg\\\"}}\" {sw}\n"
                                              f"curl -s -H 'Content-Type: application/json' -d \"{{\\\"content\\\":\\\"$msg\\\"}}\" '{dw}'\n"
                                              f"curl -s -H 'Content-Type: application/json' -d \"{{\\\"text\\\":\\\"$msg\\\"}}\" \"{tw}\"\n")
    jwt_ = rp.leak(fakes.jwt_compact(rp.s(), "RS256"), "jwt")
    example = rp.decoy(fakes.jwt_io_example(), "jwt-io-example")
    rp.write(f"{base}/api-docs/authentication.md", "# Authentication\n\nAll requests need a bearer token. The token below is the example from jwt.io and will not work:\n\n"
                                                   f"```bash\ncurl https://api.example-corp.net/v2/me -H \"Authorization: Bearer {example}\"\n```\n\n"
                                                   "## Troubleshooting\n\nIf you get a 401, compare with this request captured from staging (ticket OPS-4412):\n\n"
                                                   f"```\nGET /v2/me HTTP/1.1\nHost: api.staging.example-corp.net\nAuthorization: Bearer {jwt_}\nX-Request-Id: {rp.decoy(rp.uuid(), 'uuid')}\n```\n")
    basic = rp.leak(base64.b64encode(("svc-monitor:" + rp.gen_pw(16)).encode()).decode(), "generic.basic-auth")
    rp.write(f"{base}/ops-scripts/check-health.sh", "#!/bin/sh\n" f"curl -fsS -H 'Authorization: Basic {basic}' https://erp.example-corp.net/actuator/health\n"
                                                    f"curl -fsS -H 'Authorization: Basic {base64.b64encode(b'user:password').decode()}' http://localhost:8080/health  # user:password, local only\n")
    up = rp.leak(rp.gen_pw(14).replace("'", "!").replace(":", "!"), "password.cli")
    rp.write(f"{base}/ops-scripts/reindex.sh", f"#!/bin/sh\ncurl -u 'admin:{up}' -X POST https://search.internal:9200/_reindex -H 'Content-Type: application/json' -d @reindex.json\n")


def key_material(rp: Repo, base: str) -> None:
    for kind in ["OPENSSH", "RSA", "EC", "PKCS8", "DSA"]:
        pem = fakes.pem_private_key(rp.s(), kind)
        rp.leak_pem(pem, "pem")
        rp.write(f"{base}/keys-{kind.lower()}/id_{kind.lower()}", pem)
    # encrypted keys are reported low (unusable without their passphrase, issue 10): not
    # positives at the medium threshold, so not labelled
    enc = fakes.pem_encrypted_private_key(rp.s())
    rp.write(f"{base}/keys-encrypted/server.key", enc)
    leg = fakes.pem_encrypted_private_key(rp.s(), legacy=True)
    rp.write(f"{base}/keys-encrypted/legacy.key", leg)
    pgp = fakes.pgp_private_key_block(rp.s())
    leak_block(rp, pgp.split("\n")[2][:40], "pem.pgp")
    rp.write(f"{base}/release-signing/private.asc", pgp)
    rp.write(f"{base}/release-signing/public.asc", fakes.gpg_public_key_block(rp.s()))
    rp.write(f"{base}/release-signing/SHA256SUMS.asc", "".join(f"{fakes.sha256_hex(rp.s())}  excorp-cli_{v}_linux_amd64.tar.gz\n" for v in ["1.4.0", "1.4.1"]) + fakes.pgp_signature_block(rp.s()))
    ppk = fakes.putty_ppk(rp.s())
    rp.leak(ppk.split("\n")[0], "pem.putty")
    rp.write(f"{base}/windows-jump/jump.ppk", ppk)
    # a short key inside a YAML block scalar followed by more keys (common in Ansible vars)
    pem = fakes.pem_private_key(rp.s(), "OPENSSH")
    rp.leak_pem(pem, "pem")
    rp.write(f"{base}/ansible/host_vars/bastion.yml", "ansible_host: 10.20.0.4\nansible_user: ops\nbastion_host_key: |\n"
                                                      + "".join("  " + ln + "\n" for ln in pem.strip().split("\n")) + "bastion_port: 22\nallowed_cidrs:\n  - 10.0.0.0/8\n")
    # an EC key followed by its certificate in one bundle file
    pem = fakes.pem_private_key(rp.s(), "EC")
    rp.leak_pem(pem, "pem")
    rp.write(f"{base}/tls/bundle.pem", pem + fakes.pem_certificate(rp.s()))


def leak_block(rp: Repo, body: str, label: str) -> None:
    """A key block whose body does not start on the line after BEGIN: label the BEGIN line."""
    rp._pending.append(Needle(body, label, True, begin_block=True))


def all_ops(rp: Repo) -> None:
    yaml_blocks(rp, "public-repos/excorp-infra")
    helm_anchors(rp, "public-repos/excorp-infra")
    json_in_yaml(rp, "public-repos/excorp-gitops")
    hcl(rp, "public-repos/excorp-infra")
    github_actions(rp, "public-repos/excorp-cli")
    ci_dumps(rp, "ci-logs")
    app_logs(rp, "log-archives")
    notebooks(rp, "public-repos/excorp-analytics/notebooks")
    sql_dumps(rp, "s3-buckets/excorp-db-backups")
    connection_strings(rp, "public-repos")
    webhooks_and_curl(rp, "gists")
    key_material(rp, "paste-sites")
