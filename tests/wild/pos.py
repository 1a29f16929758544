# ruff: noqa: E501
"""Positive snippets: credentials the way people leave them in real repositories.

Each builder writes one file (with its surrounding noise) and names the credential values;
the class name is the first argument of ``w.add``.
"""

from __future__ import annotations

import json

from tests import fakes
from tests.wild.kit import ALNUM, W


def yaml_nextline(w: W) -> None:
    pw = w.pw()
    u = w.user()
    style = w.n(0, 3)
    if style == 0:
        body = f"database:\n  host: db.internal\n  port: 5432\n  username: {u}\n  password:\n    {pw}\n  pool: 10\n"
    elif style == 1:
        body = f"smtp:\n  server: smtp.{w.org()}.com\n  user: {u}@{w.org()}.com\n  password: >-\n    {pw}\n  tls: true\n"
    elif style == 2:
        body = f"redis:\n  url: redis://cache:6379/0\n  password: |\n    {pw}\n"
    else:
        body = f"- name: {u}\n  roles: [admin]\n  password:\n      \"{pw}\"\n"
    w.add("yaml-nextline", f"{w.org()}-api/config/settings.yml", body, [pw])


def yaml_block_token(w: W) -> None:
    tok = w.token()
    key = w.pick(("api_key", "token", "access_token", "auth_token"))
    body = f"integrations:\n  notifier:\n    enabled: true\n    {key}: >\n      {tok}\n    channel: '#deploys'\n"
    w.add("yaml-nextline", f"{w.org()}-bot/conf/integrations.yaml", body, [tok])


def json_nextline(w: W) -> None:
    pw = w.pw()
    tok = w.opaque(40)
    d = {"ConnectionSettings": {"Username": w.user(), "Password": pw, "ApiKey": tok}}
    txt = json.dumps(d, indent=2)
    # prettier-style break for long values: key, then the value indented on the next line
    txt = txt.replace(f'"Password": "{pw}"', f'"Password":\n        "{pw}"')
    txt = txt.replace(f'"ApiKey": "{tok}"', f'"ApiKey":\n        "{tok}"')
    w.add("json-nextline", f"{w.org()}-service/appsettings.Development.json", txt + "\n", [pw, tok])


def python_split(w: W) -> None:
    pw = w.pw()
    tok = w.opaque(32)
    style = w.n(0, 2)
    if style == 0:
        body = (f"import psycopg2\n\nconn = psycopg2.connect(\n    host=\"localhost\",\n    dbname=\"warehouse\",\n    user=\"{w.user()}\",\n"
                f"    password=\n        \"{pw}\",\n)\n")
        w.add("python-split", f"etl/{w.org()}_loader.py", body, [pw])
    elif style == 1:
        body = (f"client = ApiClient(\n    base_url=\"https://api.{w.org()}.io/v2\",\n    api_key=(\n        \"{tok}\"\n    ),\n    timeout=30,\n)\n")
        w.add("python-split", f"scripts/sync_{w.org()}.py", body, [tok])
    else:
        body = (f"DATABASES = {{\n    \"default\": {{\n        \"ENGINE\": \"django.db.backends.postgresql\",\n        \"NAME\": \"shop\",\n"
                f"        \"USER\": \"{w.user()}\",\n        \"PASSWORD\":\n            \"{pw}\",\n        \"HOST\": \"127.0.0.1\",\n    }}\n}}\n")
        w.add("python-split", f"{w.org()}shop/settings/local.py", body, [pw])


def sql_insert(w: W) -> None:
    rows, pws = [], []
    for i in range(w.n(2, 4)):
        u = w.user() + str(i)
        p = w.pw()
        pws.append(p)
        rows.append(f"  ({i + 1}, '{u}', '{u}@{w.org()}.com', '{p}', NOW())")
    style = w.n(0, 1)
    if style == 0:
        body = ("-- seed data for local development\nINSERT INTO users (id, username, email, password, created_at) VALUES\n"
                + ",\n".join(rows) + ";\n")
    else:
        body = "".join(f"INSERT INTO `user` (`id`,`login`,`email`,`passwd`,`created`) VALUES {r.strip()};\n" for r in rows)
    w.add("sql-insert", f"db/seeds/{w.n(1, 9):03d}_users.sql", body, pws)


def md_table(w: W) -> None:
    rows, pws = [], []
    for role in ("admin", "editor", "viewer")[: w.n(2, 3)]:
        p = w.pw()
        pws.append(p)
        rows.append(f"| {w.user()}.{role}@{w.org()}.com | {p} | {role} |")
    body = ("## Test accounts\n\nUse these on the staging environment:\n\n| Email | Password | Role |\n|-------|----------|------|\n"
            + "\n".join(rows) + "\n\nAsk in #qa if an account is locked.\n")
    w.add("md-table", f"docs/{w.pick(('TESTING', 'qa', 'staging'))}.md", body, pws)


def env_real(w: W) -> None:
    pw = w.pw()
    tok = w.token()
    sec = w.opaque(40)
    body = (f"APP_ENV=local\nAPP_DEBUG=true\nDB_HOST=127.0.0.1\nDB_DATABASE={w.org()}\nDB_USERNAME={w.user()}\nDB_PASSWORD={pw}\n"
            f"MAIL_MAILER=smtp\nGITHUB_TOKEN={tok}\nPARTNER_API_SECRET={sec}\n")
    w.add("env-file", f"{w.org()}-web/.env.example", body, [pw, tok, sec])


def notebook(w: W) -> None:
    tok = fakes.openai_key(w.seed()) if w.n(0, 1) else w.opaque(32)
    var = "openai.api_key" if tok.startswith("sk") else "WEATHER_API_KEY"
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Exploration\n", "Quick look at the data."]},
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
         "source": ["import os\n", "import requests\n", f"{var} = \"{tok}\"\n"]},
    ], "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}}, "nbformat": 4, "nbformat_minor": 5}
    w.add("notebook", f"notebooks/{w.pick(('explore', 'eda', 'demo'))}.ipynb", json.dumps(nb, indent=1) + "\n", [tok])


def helm_values(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"replicaCount: 2\nimage:\n  repository: ghcr.io/{w.org()}/api\n  tag: \"1.4.2\"\npostgresql:\n  enabled: true\n  auth:\n"
            f"    username: app\n    password: {pw}\n    postgresPassword: \"{pw2}\"\n    database: app\nservice:\n  type: ClusterIP\n")
    w.add("helm-values", f"charts/{w.org()}-api/values-prod.yaml", body, [pw, pw2])


def compose_env(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    if w.n(0, 1):
        body = (f"version: \"3.8\"\nservices:\n  db:\n    image: mysql:8\n    environment:\n      - MYSQL_ROOT_PASSWORD={pw}\n      - MYSQL_DATABASE=app\n"
                f"      - MYSQL_USER=app\n      - MYSQL_PASSWORD={pw2}\n    ports:\n      - \"3306:3306\"\n")
    else:
        body = (f"services:\n  rabbit:\n    image: rabbitmq:3-management\n    environment:\n      RABBITMQ_DEFAULT_USER: {w.user()}\n      RABBITMQ_DEFAULT_PASS: {pw}\n"
                f"  worker:\n    build: .\n    environment:\n      AMQP_URL: amqp://{w.user()}:{pw2}@rabbit:5672/\n")
    w.add("compose", f"{w.org()}/docker-compose.yml", body, [pw, pw2])


def ansible(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    if w.n(0, 1):
        body = f"---\nansible_user: deploy\nansible_become: true\nansible_become_pass: {pw}\nmysql_root_password: \"{pw2}\"\nnginx_workers: 4\n"
        w.add("ansible", "inventories/prod/group_vars/all.yml", body, [pw, pw2])
    else:
        body = (f"[web]\nweb1.{w.org()}.lan ansible_host=10.0.3.11 ansible_user=admin ansible_password={pw}\n"
                f"web2.{w.org()}.lan ansible_host=10.0.3.12 ansible_user=admin ansible_ssh_pass={pw2}\n\n[web:vars]\nhttp_port=8080\n")
        w.add("ansible", "inventory/hosts.ini", body, [pw, pw2])


def terraform(w: W) -> None:
    pw = w.pw()
    tok = w.opaque(36)
    body = (f"variable \"region\" {{\n  type    = string\n  default = \"eu-west-1\"\n}}\n\nvariable \"db_password\" {{\n  description = \"Master password\"\n"
            f"  type        = string\n  default     = \"{pw}\"\n}}\n\nvariable \"datadog_api_key\" {{\n  type    = string\n  default = \"{tok}\"\n}}\n")
    w.add("terraform", f"infra/{w.org()}/variables.tf", body, [pw, tok])


def spring(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    if w.n(0, 1):
        body = (f"server.port=8080\nspring.datasource.url=jdbc:postgresql://db:5432/orders\nspring.datasource.username=orders\n"
                f"spring.datasource.password={pw}\nspring.mail.password={pw2}\nlogging.level.root=INFO\n")
        w.add("spring", "src/main/resources/application.properties", body, [pw, pw2])
    else:
        body = (f"spring:\n  datasource:\n    url: jdbc:mysql://localhost:3306/crm\n    username: crm\n    password: {pw}\n  rabbitmq:\n"
                f"    host: mq\n    username: crm\n    password: '{pw2}'\n")
        w.add("spring", "src/main/resources/application-dev.yml", body, [pw, pw2])


def django(w: W) -> None:
    pw = w.pw()
    key = w.s(ALNUM + "!@#%^&*(-_=+)", 50)
    body = (f"DEBUG = False\nALLOWED_HOSTS = ['{w.org()}.com']\nSECRET_KEY = '{key}'\n\nEMAIL_HOST = 'smtp.sendgrid.net'\nEMAIL_HOST_USER = 'apikey'\n"
            f"EMAIL_HOST_PASSWORD = '{pw}'\nEMAIL_PORT = 587\n")
    w.add("django", f"{w.org()}site/settings/production.py", body, [key, pw])


def rails(w: W) -> None:
    pw = w.pw()
    if w.n(0, 1):
        body = (f"default: &default\n  adapter: postgresql\n  encoding: unicode\n  pool: 5\n\nproduction:\n  <<: *default\n  database: {w.org()}_production\n"
                f"  username: {w.org()}\n  password: {pw}\n  host: db.prod.internal\n")
        w.add("rails", "config/database.yml", body, [pw])
    else:
        skb = w.hexs(128)
        body = f"# aws:\n#   access_key_id: 123\nsecret_key_base: {skb}\nsmtp:\n  password: {pw}\n"
        w.add("rails", "config/credentials/production.yml", body, [skb, pw])


def php(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    if w.n(0, 1):
        body = (f"<?php\nreturn [\n    'db' => [\n        'host' => 'localhost',\n        'user' => '{w.user()}',\n        'password' => '{pw}',\n    ],\n"
                f"    'mailer' => ['username' => 'noreply', 'password' => \"{pw2}\"],\n];\n")
    else:
        body = (f"<?php\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', 'wp_{w.user()}' );\ndefine( 'DB_PASSWORD', '{pw}' );\ndefine( 'DB_HOST', 'localhost' );\n"
                f"$smtp_pass = '{pw2}';\n")
    w.add("php", f"{w.org()}-site/config/{w.pick(('database', 'app', 'wp-config'))}.php", body, [pw, pw2])


def java_props(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"# Connection\ndb.driver=oracle.jdbc.OracleDriver\ndb.url=jdbc:oracle:thin:@dbhost:1521:ORCL\ndb.user=scott_{w.user()}\ndb.password={pw}\n"
            f"ldap.bind.dn=cn=svc,dc={w.org()},dc=com\nldap.bind.password = {pw2}\n")
    w.add("java-props", "src/main/resources/config.properties", body, [pw, pw2])


def java_const(w: W) -> None:
    pw = w.pw()
    tok = w.opaque(32)
    body = (f"package com.{w.org()}.it;\n\npublic final class TestConstants {{\n    public static final String ADMIN_USER = \"{w.user()}\";\n"
            f"    public static final String ADMIN_PASSWORD = \"{pw}\";\n    static final String API_TOKEN = \"{tok}\";\n}}\n")
    w.add("java-const", f"src/test/java/com/{w.org()}/it/TestConstants.java", body, [pw, tok])


def csharp(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    d = {"Logging": {"LogLevel": {"Default": "Information"}},
         "ConnectionStrings": {"DefaultConnection": f"Server=sql01;Database=Orders;User Id=orders_app;Password={pw};TrustServerCertificate=True",
                               "Reporting": f"Data Source=tcp:rep.{w.org()}.local,1433;Initial Catalog=rep;User ID=rep;Pwd={pw2};"}}
    w.add("csharp", "src/Orders.Api/appsettings.json", json.dumps(d, indent=2) + "\n", [pw, pw2])


def go_struct(w: W) -> None:
    pw = w.pw()
    tok = w.opaque(40)
    body = (f"package config\n\nvar Default = Config{{\n\tDB: DBConfig{{\n\t\tHost:     \"localhost\",\n\t\tUser:     \"{w.user()}\",\n\t\tPassword: \"{pw}\",\n\t}},\n"
            f"\tAPIKey: \"{tok}\",\n}}\n")
    w.add("go-struct", "internal/config/defaults.go", body, [pw, tok])


def shell(w: W) -> None:
    tok = w.token()
    pw = w.pw()
    body = (f"#!/usr/bin/env bash\nset -euo pipefail\nexport GITHUB_TOKEN={tok}\nexport PGPASSWORD='{pw}'\npsql -h db -U app -c 'select 1'\n")
    w.add("shell", f"scripts/{w.pick(('deploy', 'release', 'backup'))}.sh", body, [tok, pw])


def curl_readme(w: W) -> None:
    tok = w.hexs(40)
    pw = w.pw()
    body = (f"## Quick start\n\n```bash\ncurl -H \"Authorization: Bearer {tok}\" https://api.{w.org()}.io/v1/items\n```\n\n"
            f"Or with basic auth:\n\n```\ncurl -u {w.user()}:{pw} https://ci.{w.org()}.io/api/json\n```\n")
    w.add("curl", "README.md", body, [tok, pw])


def gh_actions(w: W) -> None:
    pw = w.pw()
    hook = fakes.slack_webhook(w.seed())
    body = (f"name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      postgres:\n        image: postgres:15\n        env:\n"
            f"          POSTGRES_PASSWORD: {pw}\n    env:\n      SLACK_WEBHOOK_URL: {hook}\n    steps:\n      - uses: actions/checkout@v4\n")
    w.add("ci", ".github/workflows/ci.yml", body, [pw, hook])


def gitlab_ci(w: W) -> None:
    tok = w.token()
    pw = w.pw()
    body = (f"variables:\n  DOCKER_DRIVER: overlay2\n  REGISTRY_PASSWORD: \"{pw}\"\n  SONAR_TOKEN: {tok}\n\nbuild:\n  stage: build\n  script:\n    - docker build .\n")
    w.add("ci", ".gitlab-ci.yml", body, [pw, tok])


def k8s_secret(w: W) -> None:
    pw = w.pw()
    tok = w.opaque(32)
    b = w.b64(w.pw())
    body = (f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-secrets\ntype: Opaque\nstringData:\n  DB_PASSWORD: {pw}\n  API_KEY: \"{tok}\"\n"
            f"---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: smtp\ndata:\n  password: {b}\n")
    w.add("k8s-secret", f"k8s/{w.org()}/secrets.yaml", body, [pw, tok, b])


def k8s_tls(w: W) -> None:
    kind = w.pick(("RSA", "EC", "PKCS8"))
    pem = fakes.pem_private_key(w.seed(), kind)
    cert = fakes.pem_certificate(w.seed())
    ind = "    "
    body = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ingress-tls\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: |\n"
            + "".join(ind + ln + "\n" for ln in cert.splitlines()) + "  tls.key: |\n" + "".join(ind + ln + "\n" for ln in pem.splitlines()))
    w.add("k8s-tls", "deploy/tls-secret.yaml", body, [pem.splitlines()[0]])


def pem_yaml(w: W) -> None:
    pem = fakes.pem_private_key(w.seed(), w.pick(("RSA", "OPENSSH")))
    body = ("github_app:\n  app_id: 123456\n  private_key: |\n" + "".join("    " + ln + "\n" for ln in pem.splitlines()) + "  webhook_path: /hooks\n")
    w.add("k8s-tls", "config/github-app.yml", body, [pem.splitlines()[0]])


def vcr(w: W) -> None:
    tok = w.opaque(40)
    body = ("---\nhttp_interactions:\n- request:\n    method: get\n    uri: https://api.example-shop.com/v1/orders\n    body:\n      encoding: UTF-8\n      string: ''\n"
            f"    headers:\n      Accept:\n      - application/json\n      Authorization:\n      - Bearer {tok}\n  response:\n    status:\n      code: 200\n      message: OK\n")
    w.add("http-fixture", "spec/cassettes/orders.yml", body, [tok])


def har(w: W) -> None:
    tok = w.opaque(36)
    jt = fakes.jwt_compact(w.seed())
    har = {"log": {"version": "1.2", "entries": [{"request": {"method": "GET", "url": f"https://api.{w.org()}.com/me", "headers": [
        {"name": "Accept", "value": "application/json"}, {"name": "Authorization", "value": f"Bearer {jt}"},
        {"name": "X-Api-Key", "value": tok}]}}]}}
    w.add("http-fixture", "fixtures/session.har", json.dumps(har, indent=2) + "\n", [jt, tok])


def postman(w: W) -> None:
    tok = w.opaque(32)
    pw = w.pw()
    env = {"id": fakes.uuid4(w.seed()), "name": "staging", "values": [
        {"key": "baseUrl", "value": f"https://staging.{w.org()}.io", "enabled": True},
        {"key": "apiKey", "value": tok, "enabled": True},
        {"key": "password", "value": pw, "type": "secret", "enabled": True}]}
    w.add("postman", f"postman/{w.org()}.postman_environment.json", json.dumps(env, indent=2) + "\n", [tok, pw])


def dotfiles(w: W) -> None:
    k = w.n(0, 4)
    if k == 0:
        tok = fakes.npm_token(w.seed())
        w.add("dotfile", ".npmrc", f"registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={tok}\n", [tok])
    elif k == 1:
        pw = w.pw()
        w.add("dotfile", ".pypirc", f"[distutils]\nindex-servers = internal\n\n[internal]\nrepository = https://pypi.{w.org()}.lan/\nusername = {w.user()}\npassword = {pw}\n", [pw])
    elif k == 2:
        pw = w.pw()
        w.add("dotfile", "home/.netrc", f"machine git.{w.org()}.com\n  login {w.user()}\n  password {pw}\n", [pw])
    elif k == 3:
        tok = fakes.github_classic(w.seed())
        w.add("dotfile", "home/.git-credentials", f"https://{w.user()}:{tok}@github.com\n", [tok])
    else:
        pw = w.pw()
        w.add("dotfile", "home/.netrc", f"machine ftp.{w.org()}.net login {w.user()} password {pw}\n", [pw])


def jdbc(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"<datasource jndi-name=\"java:/OrdersDS\">\n  <connection-url>jdbc:postgresql://db:5432/orders?user=orders&amp;password={pw}</connection-url>\n</datasource>\n"
            f"<!-- reporting -->\n<property name=\"url\" value=\"jdbc:oracle:thin:rep/{pw2}@reporting:1521/REP\"/>\n")
    w.add("jdbc", "src/main/webapp/WEB-INF/datasources.xml", body, [pw, pw2])


def xml_cfg(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"<?xml version=\"1.0\"?>\n<settings>\n  <servers>\n    <server>\n      <id>nexus</id>\n      <username>{w.user()}</username>\n"
            f"      <password>{pw}</password>\n    </server>\n  </servers>\n  <add key=\"SmtpPassword\" value=\"{pw2}\" />\n</settings>\n")
    w.add("xml", f"{w.pick(('maven', 'ci', 'build'))}/settings.xml", body, [pw, pw2])


def ts_object(w: W) -> None:
    pw = w.pw()
    tok = w.opaque(40)
    body = (f"export const environment = {{\n  production: false,\n  apiUrl: 'https://api.{w.org()}.dev',\n  auth: {{\n    user: '{w.user()}',\n"
            f"    pass: '{pw}',\n  }},\n  mapsKey: '{tok}',\n}};\n")
    w.add("ts-object", "src/environments/environment.ts", body, [pw, tok])


def ruby_hash(w: W) -> None:
    pw = w.pw()
    body = (f"ActionMailer::Base.smtp_settings = {{\n  address: 'smtp.mailgun.org',\n  user_name: 'postmaster@{w.org()}.com',\n  password: '{pw}',\n"
            "  authentication: :plain\n}\n")
    w.add("ruby", "config/initializers/mail.rb", body, [pw])


def ini(w: W) -> None:
    pw = w.pw()
    body = f"[client]\nuser = {w.user()}\npassword = {pw}\nhost = 127.0.0.1\n\n[mysqldump]\nquick\n"
    w.add("ini", "home/.my.cnf", body, [pw])


def test_fixture(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"import pytest\n\n\n@pytest.fixture\ndef admin(db):\n    return User.objects.create_user(\n        username=\"{w.user()}\",\n"
            f"        password=\"{pw}\",\n        is_staff=True,\n    )\n\n\nLDAP_BIND_PASSWORD = \"{pw2}\"\n")
    w.add("test-fixture", f"tests/conftest_{w.n(1, 99)}.py", body, [pw, pw2])


def url_creds(w: W) -> None:
    pw = w.pw()
    scheme = w.pick(("postgres", "mysql", "mongodb+srv", "redis", "amqps"))
    body = f"# connection\nDATABASE_URL = \"{scheme}://{w.user()}:{pw}@db.{w.org()}.internal:5432/app\"\n"
    w.add("url", f"{w.org()}/config.py", body, [pw])


POSITIVE = [yaml_nextline, yaml_block_token, json_nextline, python_split, sql_insert, md_table, env_real,
            notebook, helm_values, compose_env, ansible, terraform, spring, django, rails, php, java_props,
            java_const, csharp, go_struct, shell, curl_readme, gh_actions, gitlab_ci, k8s_secret, k8s_tls,
            pem_yaml, vcr, har, postman, dotfiles, jdbc, xml_cfg, ts_object, ruby_hash, ini, test_fixture,
            url_creds]
