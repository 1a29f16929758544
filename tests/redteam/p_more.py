# ruff: noqa: E501
"""The long tail where leaks really happen: monitoring configs, API-client collections, Airflow,
sops/age, CloudTrail logs, SAML metadata, positional credentials in code, build tooling."""

from __future__ import annotations

import base64
import json

from tests import fakes
from tests.redteam import filler
from tests.redteam.kit import Repo


def _b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def monitoring(rp: Repo, base: str) -> None:
    real = rp.chance(0.5)
    rp.write(f"{base}/prometheus/prometheus.yml", "\n".join([
        "global:", "  scrape_interval: 30s", "scrape_configs:", "  - job_name: node", "    static_configs:", "      - targets: ['node1:9100', 'node2:9100']",
        "  - job_name: pushgateway", "    basic_auth:", "      username: prom",
        f"      password: {rp.leak(rp.gen_pw(20), 'generic.password')}" if real else "      password_file: /etc/prometheus/secrets/pushgateway",
        "    static_configs:", "      - targets: ['pushgateway.internal:9091']", "remote_write:", "  - url: https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push",
        "    basic_auth:", f"      username: {rp.n(100000, 999999)}", "      password_file: /etc/prometheus/secrets/grafana-cloud", ""]))
    wh = rp.chance(0.4)
    rp.write(f"{base}/alertmanager/alertmanager.yml", "\n".join([
        "global:", "  resolve_timeout: 5m", "  smtp_smarthost: smtp.office365.com:587", "  smtp_from: alerts@acme-corp.io", "  smtp_auth_username: alerts@acme-corp.io",
        f"  smtp_auth_password: '{rp.leak(rp.human_pw(), 'generic.password')}'" if rp.chance(0.4) else "  smtp_auth_password_file: /etc/alertmanager/smtp",
        f"  slack_api_url: '{rp.leak(fakes.slack_webhook(rp.s()), 'slack')}'" if wh else "  slack_api_url_file: /etc/alertmanager/slack",
        "route:", "  receiver: oncall", "receivers:", "  - name: oncall", "    slack_configs:", "      - channel: '#alerts'", "        send_resolved: true", ""]))
    rp.write(f"{base}/grafana/provisioning/datasources/datasources.yaml", "\n".join([
        "apiVersion: 1", "datasources:", "  - name: Postgres", "    type: postgres", f"    url: {rp.host()}:5432", "    user: grafana_ro", "    secureJsonData:",
        f"      password: {rp.leak(rp.any_pw(), 'generic.password')}" if rp.chance(0.4) else "      password: $__env{GRAFANA_PG_PASSWORD}",
        "  - name: Loki", "    type: loki", "    url: http://loki:3100", f"    uid: {rp.decoy(fakes.rand(rp.s(), fakes.ALNUM, 9), 'public-id')}", ""]))
    rp.write(f"{base}/grafana/dashboards/orders.json", json.dumps({"uid": fakes.rand(rp.s(), fakes.ALNUM, 9), "title": "Orders", "version": rp.n(1, 90),
                                                                   "panels": [{"id": i, "type": "timeseries", "datasource": {"uid": fakes.rand(rp.s(), fakes.ALNUM, 9)},
                                                                               "targets": [{"expr": "sum(rate(http_requests_total{job=\"orders\",code=~\"5..\"}[5m]))", "refId": "A"}]} for i in range(4)]}, indent=2) + "\n")
    nginx_basic = rp.chance(0.35)
    rp.write(f"{base}/nginx/conf.d/upstream.conf", "\n".join([
        "upstream legacy_api {", "    server 10.0.3.14:8080;", "}", "server {", "    listen 443 ssl http2;", "    server_name legacy.acme-corp.io;",
        "    ssl_certificate /etc/nginx/tls/legacy.crt;", "    ssl_certificate_key /etc/nginx/tls/legacy.key;", "    location / {",
        f'        proxy_set_header Authorization "Basic {rp.leak(_b64("integration:" + rp.gen_pw(18)), "generic.basic-auth")}";' if nginx_basic else "        auth_basic \"restricted\";",
        "        auth_basic_user_file /etc/nginx/.htpasswd;" if not nginx_basic else "        proxy_pass http://legacy_api;", "    }", "}", ""]))
    rp.write(f"{base}/nginx/.htpasswd", "\n".join(f"{u}:{rp.decoy('$apr1$' + fakes.rand(rp.s(), fakes.ALNUM, 8) + '$' + fakes.rand(rp.s(), fakes.ALNUM + './', 22), 'password-hash')}" for u in ["ops", "qa", "partner"]) + "\n")


def api_clients(rp: Repo, base: str) -> None:
    bearer = fakes.jwt_compact(rp.s(), "RS256")
    real = rp.chance(0.5)
    coll = {"info": {"_postman_id": rp.uuid(), "name": "Orders API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "auth": {"type": "bearer", "bearer": [{"key": "token", "value": rp.leak(bearer, "jwt") if real else "{{access_token}}", "type": "string"}]},
            "item": [{"name": "List orders", "request": {"method": "GET", "header": [{"key": "X-Request-Id", "value": rp.decoy(rp.uuid(), "uuid")}],
                                                          "url": {"raw": "{{baseUrl}}/v2/orders?limit=50", "host": ["{{baseUrl}}"], "path": ["v2", "orders"]}}}],
            "variable": [{"key": "baseUrl", "value": "https://api.acme-corp.io"}, {"key": "access_token", "value": ""}]}
    rp.write(f"{base}/postman/orders-api.postman_collection.json", json.dumps(coll, indent="\t") + "\n")
    env = {"id": rp.uuid(), "name": "staging", "values": [{"key": "baseUrl", "value": "https://api.staging.acme-corp.io", "enabled": True},
                                                          {"key": "client_secret", "value": rp.leak(fakes.api_key_alnum(rp.s(), 40), "generic.secret") if rp.chance(0.5) else "", "enabled": True, "type": "secret"},
                                                          {"key": "client_id", "value": rp.decoy(rp.uuid(), "uuid"), "enabled": True}], "_postman_variable_scope": "environment"}
    rp.write(f"{base}/postman/staging.postman_environment.json", json.dumps(env, indent="\t") + "\n")
    http = ["@host = https://api.staging.acme-corp.io", ""]
    if rp.chance(0.5):
        http += [f"@token = {rp.leak(fakes.jwt_compact(rp.s(), 'HS256'), 'jwt')}", ""]
    else:
        http += ["@token = {{$dotenv API_TOKEN}}", ""]
    http += ["### list orders", "GET {{host}}/v2/orders", "Authorization: Bearer {{token}}", "", "### create", "POST {{host}}/v2/orders", "Content-Type: application/json", "",
             '{"sku": "A-100", "qty": 2}', ""]
    rp.write(f"{base}/http/orders.http", "\n".join(http))
    # Supabase: anon key is public, service role key is a secret
    anon, svc = fakes.supabase_jwt(rp.s(), "anon"), fakes.supabase_jwt(rp.s(), "service_role")
    lines = [f"NEXT_PUBLIC_SUPABASE_URL=https://{fakes.rand(rp.s(), 'abcdefghijklmnopqrstuvwxyz', 20)}.supabase.co", f"NEXT_PUBLIC_SUPABASE_ANON_KEY={rp.decoy(anon, 'public-jwt-anon')}"]
    if rp.chance(0.6):
        lines.append(f"SUPABASE_SERVICE_ROLE_KEY={rp.leak(svc, 'jwt')}")
    rp.write(f"{base}/supabase-app/.env.production", "\n".join(lines) + "\n")


def airflow(rp: Repo, base: str) -> None:
    real = rp.chance(0.5)
    rp.write(f"{base}/airflow/airflow.cfg", "\n".join([
        "[core]", "dags_folder = /opt/airflow/dags", "executor = CeleryExecutor",
        f"fernet_key = {rp.leak(fakes.fernet_key(rp.s()), 'generic.secret') if real else ''}", "load_examples = False", "",
        "[database]", f"sql_alchemy_conn = postgresql+psycopg2://airflow:{rp.decoy('airflow', 'default-password')}@postgres/airflow", "", "[webserver]",
        f"secret_key = {rp.leak(fakes.rand(rp.s(), fakes.ALNUM, 32), 'generic.secret') if real else '{{ SECRET_KEY }}'}", "", "[celery]", "broker_url = redis://redis:6379/0", ""]))
    env = ["AIRFLOW_UID=50000"]
    if rp.chance(0.5):
        pw = rp.gen_pw(16).replace("#", "x").replace("%", "x").replace("?", "x").replace("&", "x")
        env.append(f"AIRFLOW_CONN_WAREHOUSE=postgres://etl:{rp.leak(pw, 'generic.url-credential')}@{rp.host()}:5432/warehouse")
    env.append("AIRFLOW_CONN_S3_DEFAULT=aws://?region_name=eu-west-1")
    rp.write(f"{base}/airflow/.env", "\n".join(env) + "\n")
    for i in range(rp.n(3, 5)):
        rp.write(f"{base}/airflow/dags/{rp.word()}_{i}.py", "\n".join([
            "from datetime import datetime", "from airflow import DAG", "from airflow.providers.postgres.operators.postgres import PostgresOperator", "",
            f"with DAG('{rp.word()}_{i}', start_date=datetime(2024, 1, 1), schedule='@daily', catchup=False) as dag:",
            f"    PostgresOperator(task_id='refresh', postgres_conn_id='warehouse', sql='REFRESH MATERIALIZED VIEW {rp.word()}_daily;')", ""]))


def sops_age(rp: Repo, base: str) -> None:
    pub = fakes.age_public_key(rp.s())
    rp.write(f"{base}/.sops.yaml", "\n".join(["creation_rules:", "  - path_regex: secrets/.*\\.yaml$", f"    age: {rp.decoy(pub, 'age-public')}", ""]))
    if rp.chance(0.5):
        rp.write(f"{base}/secrets/keys.txt", "\n".join(["# created: 2024-01-05T10:00:00Z", f"# public key: {pub}", rp.leak(fakes.age_secret_key(rp.s()), "other.age"), ""]))
    rp.write(f"{base}/secrets/prod.yaml", "\n".join([f"db_password: {rp.decoy(fakes.sops_value(rp.s()), 'encrypted-blob')}", "sops:", "    age:",
                                                    f"        - recipient: {pub}", "          enc: |", "            -----BEGIN AGE ENCRYPTED FILE-----",
                                                    f"            {fakes._b64(rp.r.randbytes(48))}", f"            {fakes._b64(rp.r.randbytes(30))}", "            -----END AGE ENCRYPTED FILE-----", ""]))


def cloudtrail(rp: Repo, base: str) -> None:
    recs = []
    for _ in range(rp.n(4, 8)):
        recs.append({"eventVersion": "1.09", "userIdentity": {"type": "AssumedRole", "principalId": fakes.aws_iam_unique_id(rp.s(), "AR" + "OA") + ":deploy",
                                                              "arn": "arn:aws:sts::111122223333:assumed-role/deploy/deploy", "accountId": "111122223333",
                                                              "accessKeyId": rp.decoy(fakes.aws_key_id(rp.s(), "AS" + "IA"), "aws-lone-key-id")},
                     "eventTime": f"2024-01-0{rp.n(1, 9)}T1{rp.n(0, 9)}:00:00Z", "eventSource": "s3.amazonaws.com", "eventName": "PutObject", "awsRegion": rp.region(),
                     "sourceIPAddress": f"10.0.{rp.n(0, 255)}.{rp.n(1, 254)}", "requestID": fakes.rand(rp.s(), "0123456789ABCDEF", 16),
                     "eventID": rp.uuid(), "additionalEventData": {"x-amz-id-2": rp.decoy(fakes.amz_id_2(rp.s()), "amz-id-2"), "SignatureVersion": "SigV4"},
                     "responseElements": {"x-amz-server-side-encryption": "aws:kms"}, "sharedEventID": rp.uuid()})
    rp.write(f"{base}/cloudtrail/111122223333_CloudTrail_eu-west-1_20240105.json", json.dumps({"Records": recs}, indent=2) + "\n")


def saml(rp: Repo, base: str) -> None:
    cert = "".join(fakes.pem_certificate(rp.s()).split("\n")[1:-2])
    rp.write(f"{base}/sso/idp-metadata.xml", "\n".join([
        '<?xml version="1.0"?>', f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sts.windows.net/{rp.uuid()}/">',
        '  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">', '    <md:KeyDescriptor use="signing">',
        '      <KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data>', f"        <X509Certificate>{rp.decoy(cert, 'certificate-b64')}</X509Certificate>",
        "      </X509Data></KeyInfo>", "    </md:KeyDescriptor>", "  </md:IDPSSODescriptor>", "</md:EntityDescriptor>", ""]))


def positional_code(rp: Repo, base: str) -> None:
    """Credentials passed positionally or under a generic name: hard for name-based rules."""
    if rp.chance(0.5):
        rp.write(f"{base}/reporting/src/main/java/com/acme/reporting/LegacyDb.java", "\n".join([
            "package com.acme.reporting;", "", "import java.sql.Connection;", "import java.sql.DriverManager;", "", "final class LegacyDb {",
            "    static Connection open() throws Exception {",
            f'        return DriverManager.getConnection("jdbc:sqlserver://{rp.host()};databaseName=legacy", "report_ro", "{rp.leak(rp.any_pw(), "generic.password")}");',
            "    }", "}", ""]))
    if rp.chance(0.5):
        rp.write(f"{base}/mailer/Smtp.cs", "\n".join([
            "using System.Net;", "using System.Net.Mail;", "", "static class Smtp {", "    public static SmtpClient Create() => new SmtpClient(\"smtp.office365.com\", 587) {",
            f'        Credentials = new NetworkCredential("noreply@acme-corp.io", "{rp.leak(rp.any_pw(), "generic.password")}"),', "        EnableSsl = true,", "    };", "}", ""]))
    if rp.chance(0.5):
        rp.write(f"{base}/sync/partner_sync.py", "\n".join([
            "import requests", "", "PARTNER = 'https://partner.example.net/api/v1'", "",
            "def fetch(page: int) -> dict:",
            f"    r = requests.get(f'{{PARTNER}}/items?page={{page}}', auth=('acme-sync', '{rp.leak(rp.gen_pw(18).replace(chr(39), 'x'), 'generic.password')}'), timeout=30)",
            "    r.raise_for_status()", "    return r.json()", ""]))
    else:
        rp.write(f"{base}/sync/partner_sync.py", "\n".join([
            "import os", "import requests", "", "def fetch(page: int) -> dict:",
            "    r = requests.get('https://partner.example.net/api/v1/items', params={'page': page}, auth=('acme-sync', os.environ['PARTNER_PASSWORD']), timeout=30)",
            "    return r.json()", ""]))
    if rp.chance(0.5):
        sid, tok = fakes.twilio_account_sid(rp.s()), fakes.twilio_auth_token(rp.s())
        rp.write(f"{base}/sms/send.rb", "\n".join([
            "require 'twilio-ruby'", "", f"client = Twilio::REST::Client.new('{rp.decoy(sid, 'twilio-sid')}', '{rp.leak(tok, 'twilio')}')",
            "client.messages.create(from: '+15005550006', to: ARGV[0], body: ARGV[1])", ""]))
    if rp.chance(0.5):
        rp.write(f"{base}/bots/telegram_alerts.py", "\n".join([
            "import telebot", "", f"bot = telebot.TeleBot('{rp.leak(fakes.telegram_bot_token(rp.s()), 'telegram')}')", "",
            "@bot.message_handler(commands=['status'])", "def status(m):", "    bot.reply_to(m, 'all green')", ""]))
    if rp.chance(0.5):
        rp.write(f"{base}/bots/discord.js", "\n".join([
            "const fetch = require('node-fetch');", f"const HOOK = '{rp.leak(fakes.discord_webhook(rp.s()), 'discord')}';", "",
            "module.exports = (content) => fetch(HOOK, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content }) });", ""]))
    if rp.chance(0.5):
        rp.write(f"{base}/bots/slack_socket.py", "\n".join([
            "from slack_bolt import App", "from slack_bolt.adapter.socket_mode import SocketModeHandler", "",
            f"app = App(token='{rp.leak(fakes.slack_bot(rp.s()), 'slack')}')", "",
            f"SocketModeHandler(app, '{rp.leak(fakes.slack_app_token(rp.s()), 'slack')}').start()", ""]))
    gradle_real = rp.chance(0.5)
    rp.write(f"{base}/reporting/build.gradle", "\n".join([
        "plugins { id 'java' }", "repositories {", "    mavenCentral()", "    maven {", "        url 'https://nexus.acme-corp.net/repository/maven-releases/'", "        credentials {",
        "            username 'ci-deployer'" if gradle_real else "            username = findProperty('nexusUser') ?: System.getenv('NEXUS_USER')",
        f"            password '{rp.leak(rp.any_pw(), 'generic.password')}'" if gradle_real else "            password = findProperty('nexusPassword') ?: System.getenv('NEXUS_PASSWORD')",
        "        }", "    }", "}", "dependencies {", "    implementation 'org.postgresql:postgresql:42.7.1'", "}", ""]))
    if rp.chance(0.5):
        rp.write(f"{base}/ops/cloud-init/user-data.yaml", "\n".join([
            "#cloud-config", "users:", "  - name: ops", "    groups: sudo", f"    passwd: {rp.decoy(fakes.sha512_crypt(rp.s()), 'password-hash')}", "    ssh_authorized_keys:",
            f"      - {fakes.ssh_public_key(rp.s(), 'ops@laptop')}", "chpasswd:", "  list: |", f"    root:{rp.leak(rp.human_pw(), 'generic.password')}", "  expire: false", ""]))
    envs = ["# service secrets (do not commit!)"]
    for k in rp.r.sample(["enc", "devops", "aws", "mongo", "redis", "sendgrid"], 3):
        if k == "enc":
            envs.append(f"ENCRYPTION_KEY={rp.leak(rp.hexs(64), 'generic.secret')}")
        elif k == "devops":
            envs.append(f"AZURE_DEVOPS_PAT={rp.leak(fakes.azure_devops_pat(rp.s()), 'azure')}")
        elif k == "aws":
            envs += [f"STORAGE_ACCESS_KEY={rp.leak(fakes.aws_key_id(rp.s()), 'aws')}", f"STORAGE_SECRET={rp.leak(fakes.aws_secret(rp.s()), 'aws')}"]
        elif k == "mongo":
            pw = rp.gen_pw(16).replace("#", "x").replace("%", "x").replace("?", "x").replace("&", "x")
            envs.append(f"MONGO_URL=mongodb+srv://app:{rp.leak(pw, 'generic.url-credential')}@cluster0.{fakes.rand(rp.s(), 'abcdefghijklmnopqrstuvwxyz0123456789', 5)}.mongodb.net/app?retryWrites=true")
        elif k == "redis":
            envs.append(f"REDIS_URL=rediss://:{rp.leak(rp.hexs(32), 'generic.url-credential')}@{rp.host('cache')}:6380/0")
        else:
            envs.append(f"SENDGRID_API_KEY={rp.leak(fakes.sendgrid_key(rp.s()), 'sendgrid')}")
    envs.append("AMQP_URL=amqp://guest:guest@localhost:5672/")
    rp.write(f"{base}/worker/.env", "\n".join(envs) + "\n")
    # a TLS Secret with the key inline as a block scalar
    if rp.chance(0.5):
        key = fakes.pem_private_key(rp.s(), "RSA")
        cert = fakes.pem_certificate(rp.s())
        ind = lambda t: "\n".join("    " + ln for ln in t.rstrip("\n").split("\n"))  # noqa: E731
        rp.write(f"{base}/k8s/ingress-tls.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: legacy-tls\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: |\n" + ind(cert) + "\n  tls.key: |\n" + ind(rp.leak_pem(key)) + "\n")
    # docker login / sshpass in a deploy script
    if rp.chance(0.5):
        rp.write(f"{base}/ops/deploy-legacy.sh", "\n".join([
            "#!/bin/bash", f"docker login -u acmeci -p {rp.leak(fakes.dockerhub_pat(rp.s()), 'docker')} registry-1.docker.io",
            f"sshpass -p '{rp.leak(rp.human_pw(), 'generic.password')}' ssh -o StrictHostKeyChecking=no deploy@10.0.4.12 'sudo systemctl restart legacy'", ""]))


def rust_and_more_lockfiles(rp: Repo, base: str) -> None:
    cl = ["# This file is automatically @generated by Cargo.", "version = 3", ""]
    for crate in ["anyhow", "bytes", "hyper", "serde", "serde_json", "tokio", "tracing", "sha2", "hex", "reqwest"]:
        cl += ["[[package]]", f'name = "{crate}"', f'version = "{rp.n(0, 2)}.{rp.n(0, 40)}.{rp.n(0, 20)}"', 'source = "registry+https://github.com/rust-lang/crates.io-index"',
               f'checksum = "{rp.decoy(fakes.sha256_hex(rp.s()), "lockfile-hash")}"', ""]
    rp.write(f"{base}/Cargo.lock", "\n".join(cl))
    for i in range(rp.n(3, 5)):
        rp.write(f"{base}/src/{rp.word()}_{i}.rs", filler.rust_file(rp, "edge"))
    rp.write(f"{base}/.cargo/config.toml", "\n".join(["[registries.acme]", 'index = "sparse+https://cargo.acme-corp.net/index/"',
                                                     f'token = "{rp.leak("Bearer " + fakes.api_key_alnum(rp.s(), 36), "generic.token")}"' if rp.chance(0.4) else "# token from CARGO_REGISTRIES_ACME_TOKEN", ""]))


def more(rp: Repo, base: str) -> None:
    monitoring(rp, f"{base}/observability")
    api_clients(rp, f"{base}/tools")
    airflow(rp, f"{base}/data")
    sops_age(rp, f"{base}/gitops")
    cloudtrail(rp, f"{base}/var")
    saml(rp, f"{base}/config")
    positional_code(rp, f"{base}/legacy")
    rust_and_more_lockfiles(rp, f"{base}/edge-proxy")
