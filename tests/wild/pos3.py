# ruff: noqa: E501
"""Third red-team round (written blind to the rules, before measuring): credentials as they sit
in more languages' constants, dotfiles and tool configs, positional call arguments, HTTP client
exports, connection strings without a URL scheme, auth-bearing shell commands, JWK private
members, TOTP seeds, escaped JSON and provider tokens in the call that consumes them."""

from __future__ import annotations

import base64
import json
import string

from tests import fakes
from tests.wild.kit import B64URL, W

B32 = string.ascii_uppercase + "234567"

_REPOS = ("api", "web", "billing", "auth", "orders", "platform", "infra", "mobile", "worker", "gateway",
          "portal", "search", "reports", "notify", "ledger", "catalog", "checkout", "identity", "ops", "data")


def _p(w: W, path: str) -> str:
    """A repository-like prefix, so well-known file names (.pgpass, Dockerfile) keep their name."""
    return f"{w.org()}-{w.pick(_REPOS)}/{path}"



def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


# --- test fixtures in many languages ----------------------------------------------------------
def cypress_type(w: W) -> None:
    pw = w.pw()
    body = (f"describe('login', () => {{\n  it('signs in', () => {{\n    cy.visit('/login');\n    cy.get('#email').type('{w.user()}@{w.org()}.com');\n"
            f"    cy.get('#password').type('{pw}');\n    cy.contains('Sign in').click();\n  }});\n}});\n")
    w.add("e2e-type", _p(w, "cypress/e2e/login.cy.ts"), body, [pw])


def playwright_fill(w: W) -> None:
    pw = w.pw()
    body = (f"import {{ test, expect }} from '@playwright/test';\n\ntest('admin login', async ({{ page }}) => {{\n  await page.goto('/admin');\n"
            f"  await page.fill('input[name=\"username\"]', '{w.user()}');\n  await page.fill('input[name=\"password\"]', '{pw}');\n"
            "  await page.click('button[type=submit]');\n});\n")
    w.add("e2e-type", _p(w, "e2e/admin.spec.ts"), body, [pw])


def ts_fixture_array(w: W) -> None:
    pws = [w.pw() for _ in range(2)]
    body = ("export const TEST_USERS: TestUser[] = [\n" + "".join(
        f"  {{ email: '{w.user()}{i}@{w.org()}.test', password: \"{p}\", role: 'editor' }},\n" for i, p in enumerate(pws)) + "];\n")
    w.add("ts-fixture", _p(w, "src/__fixtures__/users.ts"), body, pws)


def kotlin_const(w: W) -> None:
    pw = w.pw()
    key = w.opaque(32)
    body = (f"package com.{w.org()}.app\n\nobject ApiConfig {{\n    const val BASE_URL = \"https://api.{w.org()}.com\"\n    const val API_KEY = \"{key}\"\n"
            f"    const val DB_PASSWORD = \"{pw}\"\n}}\n")
    w.add("kotlin-const", _p(w, "app/src/main/java/com/acme/app/ApiConfig.kt"), body, [key, pw])


def go_const(w: W) -> None:
    pw = w.pw()
    body = (f"package store\n\nconst (\n\tdefaultUser     = \"{w.user()}\"\n\tdefaultPassword = \"{pw}\"\n\tdefaultHost     = \"localhost:5432\"\n)\n")
    w.add("go-const", _p(w, "internal/store/defaults.go"), body, [pw])


def go_basic_auth(w: W) -> None:
    pw = w.pw()
    body = (f"func TestClient(t *testing.T) {{\n\treq, _ := http.NewRequest(\"GET\", srv.URL+\"/v1/items\", nil)\n\treq.SetBasicAuth(\"{w.user()}\", \"{pw}\")\n"
            "\tresp, err := http.DefaultClient.Do(req)\n\trequire.NoError(t, err)\n}\n")
    w.add("go-call", _p(w, "pkg/client/client_test.go"), body, [pw])


def csharp_const(w: W) -> None:
    pw = w.pw()
    key = w.opaque(40)
    body = (f"namespace {w.org().capitalize()}.Integrations\n{{\n    internal static class Secrets\n    {{\n        private const string ApiKey = \"{key}\";\n"
            f"        public static readonly string ServicePassword = \"{pw}\";\n    }}\n}}\n")
    w.add("csharp-const", _p(w, "src/Integrations/Secrets.cs"), body, [key, pw])


def rust_const(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"const DB_PASS: &str = \"{pw}\";\n\nfn client() -> reqwest::RequestBuilder {{\n    reqwest::Client::new()\n        .get(\"https://registry.{w.org()}.io/v2/\")\n"
            f"        .basic_auth(\"{w.user()}\", Some(\"{pw2}\"))\n}}\n")
    w.add("rust", _p(w, "src/config.rs"), body, [pw, pw2])


def swift_const(w: W) -> None:
    key = w.opaque(32)
    pw = w.pw()
    body = (f"enum Constants {{\n    static let apiKey = \"{key}\"\n    static let demoPassword = \"{pw}\"\n    static let baseURL = URL(string: \"https://api.{w.org()}.app\")!\n}}\n")
    w.add("swift", _p(w, "App/Sources/Constants.swift"), body, [key, pw])


def elixir_config(w: W) -> None:
    pw = w.pw()
    body = (f"import Config\n\nconfig :{w.org()}, {w.org().capitalize()}.Repo,\n  username: \"postgres\",\n  password: \"{pw}\",\n  hostname: \"localhost\",\n"
            f"  database: \"{w.org()}_dev\",\n  pool_size: 10\n")
    w.add("elixir", _p(w, "config/dev.exs"), body, [pw])


def scala_hocon(w: W) -> None:
    pw = w.pw()
    body = (f"slick.dbs.default {{\n  profile = \"slick.jdbc.PostgresProfile$\"\n  db {{\n    url = \"jdbc:postgresql://localhost/{w.org()}\"\n    user = \"{w.user()}\"\n"
            f"    password = \"{pw}\"\n  }}\n}}\n")
    w.add("hocon", _p(w, "conf/application.conf"), body, [pw])


def dart_const(w: W) -> None:
    key = w.opaque(39)
    body = f"class Env {{\n  static const String weatherApiKey = '{key}';\n  static const String baseUrl = 'https://api.openweathermap.org';\n}}\n"
    w.add("dart", _p(w, "lib/env.dart"), body, [key])


def ruby_rocket(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"ActiveRecord::Base.establish_connection(\n  :adapter  => 'mysql2',\n  :host     => 'db.{w.org()}.internal',\n  :username => '{w.user()}',\n"
            f"  :password => '{pw}'\n)\nFTP_OPTS = {{ 'user' => 'upload', 'password' => \"{pw2}\" }}\n")
    w.add("ruby-rocket", _p(w, "lib/tasks/import.rake"), body, [pw, pw2])


def php_codeigniter(w: W) -> None:
    pw = w.pw()
    body = (f"<?php\n$db['default'] = array(\n\t'hostname' => 'localhost',\n\t'username' => '{w.user()}',\n\t'password' => '{pw}',\n\t'database' => '{w.org()}',\n"
            "\t'dbdriver' => 'mysqli',\n);\n")
    w.add("php-array", _p(w, "application/config/database.php"), body, [pw])


def wp_config(w: W) -> None:
    pw = w.pw()
    body = (f"<?php\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', 'wp_{w.org()}' );\ndefine( 'DB_PASSWORD', '{pw}' );\ndefine( 'DB_HOST', 'localhost' );\n")
    w.add("php-define", _p(w, "wp-config.php"), body, [pw])


def perl_dbi(w: W) -> None:
    pw = w.pw()
    body = (f"use DBI;\nmy $dbh = DBI->connect(\"DBI:mysql:database={w.org()};host=localhost\", \"{w.user()}\", \"{pw}\",\n"
            "    { RaiseError => 1, AutoCommit => 0 }) or die $DBI::errstr;\n")
    w.add("perl", _p(w, "bin/report.pl"), body, [pw])


def lua_redis(w: W) -> None:
    pw = w.pw()
    body = (f"local redis = require \"resty.redis\"\nlocal red = redis:new()\nred:connect(\"127.0.0.1\", 6379)\nlocal ok, err = red:auth(\"{pw}\")\n"
            "if not ok then ngx.log(ngx.ERR, err) end\n")
    w.add("lua", _p(w, "nginx/lua/cache.lua"), body, [pw])


def python_positional(w: W) -> None:
    pw = w.pw()
    body = (f"import pymysql\n\nconn = pymysql.connect(\"localhost\", \"{w.user()}\", \"{pw}\", \"{w.org()}_prod\")\ncur = conn.cursor()\n")
    w.add("positional-call", _p(w, "scripts/export_orders.py"), body, [pw])


def java_drivermanager(w: W) -> None:
    pw = w.pw()
    body = (f"    @BeforeAll\n    static void setUp() throws SQLException {{\n        conn = DriverManager.getConnection(\"jdbc:mysql://localhost:3306/test\", \"root\", \"{pw}\");\n    }}\n")
    w.add("positional-call", _p(w, "src/test/java/com/acme/RepoIT.java"), body, [pw])


def spring_value_default(w: W) -> None:
    pw = w.pw()
    body = (f"@Configuration\npublic class MqConfig {{\n    @Value(\"${{rabbit.user:{w.user()}}}\")\n    private String user;\n\n"
            f"    @Value(\"${{rabbit.password:{pw}}}\")\n    private String password;\n}}\n")
    w.add("spring-default", _p(w, "src/main/java/com/acme/MqConfig.java"), body, [pw])


def gherkin(w: W) -> None:
    pw = w.pw()
    body = (f"Feature: Login\n\n  Scenario: Admin signs in\n    Given I am on the login page\n    When I sign in as \"{w.user()}\" with password \"{pw}\"\n"
            "    Then I should see the dashboard\n")
    w.add("gherkin", _p(w, "features/login.feature"), body, [pw])


def robot(w: W) -> None:
    pw = w.pw()
    body = (f"*** Variables ***\n${{USERNAME}}    {w.user()}\n${{PASSWORD}}    {pw}\n${{URL}}         https://staging.{w.org()}.com\n\n"
            "*** Test Cases ***\nValid Login\n    Open Browser    ${URL}    chrome\n")
    w.add("robot", _p(w, "tests/robot/login.robot"), body, [pw])


def mock_env(w: W) -> None:
    key = w.opaque(32)
    body = (f"@mock.patch.dict(os.environ, {{\"WEATHER_API_KEY\": \"{key}\", \"REGION\": \"eu\"}})\ndef test_forecast(requests_mock):\n"
            "    assert forecast(\"paris\")\n")
    w.add("python-mock", _p(w, "tests/test_weather.py"), body, [key])


# --- infrastructure and tool configs ----------------------------------------------------------
def terraform_provider(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"provider \"postgresql\" {{\n  host     = \"db.{w.org()}.internal\"\n  username = \"terraform\"\n  password = \"{pw}\"\n}}\n\n"
            f"resource \"aws_db_instance\" \"main\" {{\n  engine         = \"mysql\"\n  username       = \"admin\"\n  password       = \"{pw2}\"\n}}\n")
    w.add("terraform-res", _p(w, f"infra/{w.org()}/rds.tf"), body, [pw, pw2])


def tfvars(w: W) -> None:
    pw = w.pw()
    tok = fakes.digitalocean_token(w.seed())
    body = f"region          = \"eu-west-1\"\ndb_password     = \"{pw}\"\ndo_token        = \"{tok}\"\n"
    w.add("tfvars", _p(w, "infra/prod.auto.tfvars"), body, [pw, tok])


def helm_set(w: W) -> None:
    pw = w.pw()
    body = (f"deploy:\n  stage: deploy\n  script:\n    - helm upgrade --install db bitnami/postgresql --set auth.username=app --set auth.password={pw} --namespace data\n")
    w.add("helm-set", _p(w, "ci/deploy-db.yml"), body, [pw])


def ansible_task(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"- name: Create app database user\n  community.mysql.mysql_user:\n    name: app\n    password: \"{pw}\"\n    priv: \"app.*:ALL\"\n"
            f"    login_user: root\n    login_password: {pw2}\n")
    w.add("ansible-task", _p(w, "roles/db/tasks/main.yml"), body, [pw, pw2])


def ansible_ini_host(w: W) -> None:
    pw = w.pw()
    body = f"[windows]\nwin01.{w.org()}.lan ansible_user=Administrator ansible_password={pw} ansible_connection=winrm\n"
    w.add("ansible-ini", _p(w, "inventory/windows"), body, [pw])


def compose_command(w: W) -> None:
    pw = w.pw()
    body = (f"services:\n  redis:\n    image: redis:7\n    command: redis-server --appendonly yes --requirepass {pw}\n    ports:\n      - \"6379:6379\"\n")
    w.add("compose-cmd", _p(w, "docker-compose.override.yml"), body, [pw])


def dockerfile_env(w: W) -> None:
    pw = w.pw()
    tok = fakes.npm_token(w.seed())
    body = (f"FROM node:20-alpine\nARG NPM_TOKEN={tok}\nENV DB_PASSWORD={pw} \\\n    NODE_ENV=production\nRUN npm ci\n")
    w.add("dockerfile", _p(w, "Dockerfile"), body, [tok, pw])


def spring_cloud(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"spring:\n  application:\n    name: orders\n  cloud:\n    config:\n      uri: http://config:8888\n      username: config\n      password: {pw}\n"
            f"  rabbitmq:\n    host: rabbit\n    password: '{pw2}'\n")
    w.add("spring-yaml", _p(w, "src/main/resources/bootstrap.yml"), body, [pw, pw2])


def quarkus_props(w: W) -> None:
    pw = w.pw()
    body = (f"quarkus.datasource.db-kind=postgresql\nquarkus.datasource.username={w.user()}\nquarkus.datasource.password={pw}\n"
            "quarkus.datasource.jdbc.url=jdbc:postgresql://localhost:5432/app\n")
    w.add("quarkus", _p(w, "src/main/resources/application.properties"), body, [pw])


def hibernate_xml(w: W) -> None:
    pw = w.pw()
    body = (f"<hibernate-configuration>\n  <session-factory>\n    <property name=\"hibernate.connection.username\">{w.user()}</property>\n"
            f"    <property name=\"hibernate.connection.password\">{pw}</property>\n  </session-factory>\n</hibernate-configuration>\n")
    w.add("xml-prop", _p(w, "src/main/resources/hibernate.cfg.xml"), body, [pw])


def tomcat_users(w: W) -> None:
    pw = w.pw()
    body = (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tomcat-users>\n  <role rolename=\"manager-gui\"/>\n  <user username=\"{w.user()}\" password=\"{pw}\" roles=\"manager-gui,admin-gui\"/>\n</tomcat-users>\n")
    w.add("xml-attr", _p(w, "conf/tomcat-users.xml"), body, [pw])


def django_email(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"EMAIL_BACKEND = \"django.core.mail.backends.smtp.EmailBackend\"\nEMAIL_HOST = \"smtp.{w.org()}.com\"\nEMAIL_HOST_USER = \"noreply@{w.org()}.com\"\n"
            f"EMAIL_HOST_PASSWORD = \"{pw}\"\nCELERY_BROKER_URL = \"amqp://celery:{pw2}@rabbitmq:5672//\"\n")
    w.add("django-mail", _p(w, f"{w.org()}/settings/staging.py"), body, [pw, pw2])


def laravel_env(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    key = fakes.laravel_app_key(w.seed())
    body = (f"APP_NAME=Laravel\nAPP_ENV=local\nAPP_KEY={key}\nDB_CONNECTION=mysql\nDB_USERNAME=sail\nDB_PASSWORD={pw}\n"
            f"MAIL_MAILER=smtp\nMAIL_PASSWORD={pw2}\n")
    w.add("laravel-env", _p(w, f"{w.org()}-portal/.env"), body, [key, pw, pw2])


def pgpass(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = f"localhost:5432:*:postgres:{pw}\ndb.{w.org()}.internal:5432:analytics:{w.user()}:{pw2}\n"
    w.add("pgpass", _p(w, "home/.pgpass"), body, [pw, pw2])


def mycnf_quoted(w: W) -> None:
    pw = w.pw()
    body = f"[mysqladmin]\nuser=root\npassword=\"{pw}\"\n\n[mysqld]\nbind-address = 0.0.0.0\n"
    w.add("mycnf", _p(w, "etc/mysql/conf.d/admin.cnf"), body, [pw])


def pip_conf(w: W) -> None:
    pw = w.pw()
    body = f"[global]\nindex-url = https://{w.user()}:{pw}@nexus.{w.org()}.lan/repository/pypi-all/simple\ntrusted-host = nexus.{w.org()}.lan\n"
    w.add("pip-conf", _p(w, "etc/pip.conf"), body, [pw])


def gradle_props(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"org.gradle.jvmargs=-Xmx2g\nnexusUsername={w.user()}\nnexusPassword={pw}\nsigning.keyId=24875D73\nsigning.password={pw2}\n")
    w.add("gradle-props", _p(w, "gradle.properties"), body, [pw, pw2])


def nuget_config(w: W) -> None:
    pw = w.pw()
    body = (f"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSourceCredentials>\n    <{w.org()}>\n      <add key=\"Username\" value=\"{w.user()}\" />\n"
            f"      <add key=\"ClearTextPassword\" value=\"{pw}\" />\n    </{w.org()}>\n  </packageSourceCredentials>\n</configuration>\n")
    w.add("nuget", _p(w, "NuGet.config"), body, [pw])


def npmrc_legacy(w: W) -> None:
    pw = w.pw()
    auth = base64.b64encode(f"{w.user()}:{pw}".encode()).decode()
    body = f"registry=https://npm.{w.org()}.lan/\n_auth={auth}\nalways-auth=true\nemail=ci@{w.org()}.com\n"
    w.add("npmrc", _p(w, "frontend/.npmrc"), body, [auth])


def npmrc_password(w: W) -> None:
    pw = w.pw()
    enc = base64.b64encode(pw.encode()).decode()
    body = f"//npm.{w.org()}.lan/repository/npm/:username={w.user()}\n//npm.{w.org()}.lan/repository/npm/:_password={enc}\n"
    w.add("npmrc", _p(w, "web/.npmrc"), body, [enc])


def git_config_url(w: W) -> None:
    tok = fakes.gitlab_pat(w.seed())
    body = (f"[core]\n\trepositoryformatversion = 0\n[remote \"origin\"]\n\turl = https://oauth2:{tok}@gitlab.com/{w.org()}/platform.git\n"
            "\tfetch = +refs/heads/*:refs/remotes/origin/*\n")
    w.add("git-config", _p(w, "mirror/platform.git/config"), body, [tok])


def redis_conf(w: W) -> None:
    pw = w.pw()
    body = f"bind 0.0.0.0\nport 6379\nrequirepass {pw}\nmasterauth {pw}\nappendonly yes\n"
    w.add("redis-conf", _p(w, "deploy/redis/redis.conf"), body, [pw])


def pgbouncer_userlist(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = f"\"{w.user()}\" \"{pw}\"\n\"pgbouncer\" \"{pw2}\"\n"
    w.add("pgbouncer", _p(w, "deploy/pgbouncer/userlist.txt"), body, [pw, pw2])


def fstab_cifs(w: W) -> None:
    pw = w.pw()
    body = f"UUID=3b2c-11ef  /boot  vfat  defaults  0 2\n//nas.{w.org()}.lan/backup /mnt/backup cifs username=backup,password={pw},uid=1000 0 0\n"
    w.add("fstab", _p(w, "etc/fstab"), body, [pw])


def wpa_supplicant(w: W) -> None:
    pw = w.pw()
    body = f"ctrl_interface=DIR=/var/run/wpa_supplicant\nnetwork={{\n    ssid=\"{w.org()}-office\"\n    psk=\"{pw}\"\n    key_mgmt=WPA-PSK\n}}\n"
    w.add("wpa", _p(w, "rpi/boot/wpa_supplicant.conf"), body, [pw])


def vagrantfile(w: W) -> None:
    pw = w.pw()
    body = f"Vagrant.configure(\"2\") do |config|\n  config.vm.box = \"generic/ubuntu2204\"\n  config.ssh.username = \"deploy\"\n  config.ssh.password = \"{pw}\"\nend\n"
    w.add("vagrant", _p(w, "Vagrantfile"), body, [pw])


# --- connection strings -----------------------------------------------------------------------
def adonet(w: W) -> None:
    pw = w.pw()
    body = json.dumps({"ConnectionStrings": {"Default": f"Server=sql.{w.org()}.local;Database=Orders;User Id=sa;Password={pw};TrustServerCertificate=True"}}, indent=2) + "\n"
    w.add("adonet", _p(w, "src/Orders/appsettings.Staging.json"), body, [pw])


def odbc(w: W) -> None:
    pw = w.pw()
    body = (f"import pyodbc\nconn = pyodbc.connect(\n    \"DRIVER={{ODBC Driver 18 for SQL Server}};SERVER=tcp:{w.org()}.database.windows.net;\"\n"
            f"    \"DATABASE=dw;UID={w.user()};PWD={pw}\"\n)\n")
    w.add("odbc", _p(w, "etl/warehouse.py"), body, [pw])


def mongo_js(w: W) -> None:
    pw = w.pw()
    body = f"const mongoose = require('mongoose');\nmongoose.connect('mongodb://admin:{pw}@localhost:27017/{w.org()}?authSource=admin');\n"
    w.add("url-js", _p(w, "server/db.js"), body, [pw])


def redis_url_nouser(w: W) -> None:
    pw = w.pw()
    body = f"# worker settings\nREDIS_URL=redis://:{pw}@cache.{w.org()}.internal:6379/0\nWORKERS=4\n"
    w.add("url-nouser", _p(w, "worker/.env.production"), body, [pw])


def amqp_go(w: W) -> None:
    pw = w.pw()
    body = f"func dial() (*amqp.Connection, error) {{\n\treturn amqp.Dial(\"amqp://{w.user()}:{pw}@rabbitmq.{w.org()}.svc:5672/orders\")\n}}\n"
    w.add("url-go", _p(w, "internal/mq/dial.go"), body, [pw])


# --- SQL and command lines --------------------------------------------------------------------
def sql_identified(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"CREATE USER 'app'@'%' IDENTIFIED BY '{pw}';\nGRANT SELECT, INSERT ON app.* TO 'app'@'%';\n"
            f"ALTER ROLE reporting WITH LOGIN PASSWORD '{pw2}' VALID UNTIL 'infinity';\n")
    w.add("sql-user", _p(w, "db/init/01-users.sql"), body, [pw, pw2])


def shell_pgpassword(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"#!/usr/bin/env bash\nset -euo pipefail\nPGPASSWORD={pw} psql -h db -U postgres -c 'VACUUM ANALYZE'\n"
            f"mysqladmin -u root --password={pw2} status\n")
    w.add("shell-auth", _p(w, "ops/maintenance.sh"), body, [pw, pw2])


def curl_user(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"publish:\n\tcurl -u {w.user()}:{pw} --upload-file dist/app.tgz https://nexus.{w.org()}.lan/repository/raw/\n"
            f"\twget --user=deploy --password={pw2} https://artifacts.{w.org()}.lan/latest.tar.gz\n")
    w.add("make-auth", _p(w, "Makefile"), body, [pw, pw2])


def net_use(w: W) -> None:
    pw = w.pw()
    body = f"@echo off\nnet use Z: \\\\fs01\\builds /user:{w.org().upper()}\\svc_build {pw} /persistent:no\nxcopy /E /Y out Z:\\nightly\\\n"
    w.add("batch", _p(w, "scripts/publish.bat"), body, [pw])


def powershell_localuser(w: W) -> None:
    pw = w.pw()
    tok = w.opaque(40)
    body = (f"New-LocalUser -Name \"svc_app\" -Password (ConvertTo-SecureString -String '{pw}' -AsPlainText -Force)\n"
            f"$headers = @{{ Authorization = \"Bearer {tok}\" }}\nInvoke-RestMethod -Uri $api -Headers $headers\n")
    w.add("powershell2", _p(w, "setup/Install.ps1"), body, [pw, tok])


def kubectl_literal(w: W) -> None:
    pw = w.pw()
    body = (f"kubectl create secret generic db-creds \\\n  --from-literal=username=app \\\n  --from-literal=password={pw} \\\n  -n prod\n")
    w.add("kubectl", _p(w, "docs/runbooks/db.md"), body, [pw])


def jenkinsfile(w: W) -> None:
    pw = w.pw()
    body = (f"pipeline {{\n  agent any\n  stages {{\n    stage('Push') {{\n      steps {{\n        sh \"docker login -u {w.user()} -p {pw} registry.{w.org()}.io\"\n"
            "        sh 'docker push registry.acme.io/app:latest'\n      }\n    }\n  }\n}\n")
    w.add("jenkins", _p(w, "Jenkinsfile"), body, [pw])


# --- HTTP clients and headers -----------------------------------------------------------------
def insomnia(w: W) -> None:
    pw = w.pw()
    tok = w.opaque(36)
    exp = {"_type": "export", "__export_format": 4, "resources": [
        {"_id": "req_" + w.hexs(16), "_type": "request", "url": f"https://api.{w.org()}.com/v1/me", "method": "GET",
         "authentication": {"type": "basic", "username": w.user(), "password": pw}},
        {"_id": "req_" + w.hexs(16), "_type": "request", "url": f"https://api.{w.org()}.com/v1/orders", "method": "GET",
         "headers": [{"name": "X-Api-Key", "value": tok}]}]}
    w.add("insomnia", _p(w, "insomnia/export.json"), json.dumps(exp, indent=2) + "\n", [pw, tok])


def http_file(w: W) -> None:
    tok = w.opaque(40)
    basic = base64.b64encode(f"{w.user()}:{w.pw()}".encode()).decode()
    body = (f"### list orders\nGET https://api.{w.org()}.com/v2/orders\nAuthorization: Bearer {tok}\n\n### admin\n"
            f"GET https://api.{w.org()}.com/admin\nAuthorization: Basic {basic}\n")
    w.add("http-file", _p(w, "requests/orders.http"), body, [tok, basic])


def drf_token(w: W) -> None:
    tok = w.hexs(40)
    body = (f"def test_list(api_client):\n    api_client.credentials(HTTP_AUTHORIZATION=\"Token {tok}\")\n    r = api_client.get(\"/api/items/\")\n    assert r.status_code == 200\n")
    w.add("header-token", _p(w, "tests/api/test_items.py"), body, [tok])


def basic_header_py(w: W) -> None:
    basic = base64.b64encode(f"{w.user()}:{w.pw()}".encode()).decode()
    body = f"HEADERS = {{\n    \"Content-Type\": \"application/json\",\n    \"Authorization\": \"Basic {basic}\",\n}}\n"
    w.add("header-basic", _p(w, "tools/jira_sync.py"), body, [basic])


def jest_jwt(w: W) -> None:
    tok = fakes.jwt_compact(w.seed(), w.pick(("HS256", "RS256")))
    body = (f"const TOKEN =\n  '{tok}';\n\ndescribe('GET /me', () => {{\n  it('returns the user', async () => {{\n"
            "    const res = await request(app).get('/me').set('Authorization', `Bearer ${TOKEN}`);\n    expect(res.status).toBe(200);\n  });\n});\n")
    w.add("jwt-test", _p(w, "test/me.test.js"), body, [tok])


def escaped_json(w: W) -> None:
    pw = w.pw()
    key = w.opaque(32)
    inner = json.dumps({"username": w.user(), "password": pw})
    body = (f"MESSAGE = {json.dumps(inner)}\nPAYLOAD = '{{\"api_key\":\"{key}\",\"region\":\"us-east-1\"}}'\n")
    w.add("escaped-json", _p(w, "tests/fixtures/messages.py"), body, [pw, key])


def escaped_json_nested(w: W) -> None:
    pw = w.pw()
    doc = {"Records": [{"body": json.dumps({"event": "user.created", "credentials": {"login": w.user(), "password": pw}})}]}
    w.add("escaped-json", _p(w, "events/sqs-user-created.json"), json.dumps(doc, indent=2) + "\n", [pw])


# --- keys, OTP, k8s, notebooks ----------------------------------------------------------------
def jwk_ec_private(w: W) -> None:
    d = _b64url(w.r.randbytes(32))
    jwk = {"kty": "EC", "crv": "P-256", "kid": w.s(B64URL, 16), "x": _b64url(w.r.randbytes(32)), "y": _b64url(w.r.randbytes(32)), "d": d}
    w.add("jwk-private", _p(w, "config/signing-key.json"), json.dumps(jwk, indent=2) + "\n", [d])


def jwk_rsa_inline(w: W) -> None:
    pub = fakes.jwk_rsa_public(w.seed())
    d = _b64url(w.r.randbytes(256))
    jwk = dict(pub, d=d, p=_b64url(w.r.randbytes(128)), q=_b64url(w.r.randbytes(128)))
    body = f"JWKS_PRIVATE = {json.dumps({'keys': [jwk]})}\n"
    w.add("jwk-private", _p(w, "tests/oidc_keys.py"), body, [d])


def otpauth_uri(w: W) -> None:
    sec = w.s(B32, 32)
    body = (f"# test account for the 2FA flow\nOTP_URI = \"otpauth://totp/{w.org().capitalize()}:{w.user()}%40{w.org()}.com?secret={sec}&issuer={w.org().capitalize()}\"\n")
    w.add("otp", _p(w, "tests/e2e/otp_account.py"), body, [sec])


def totp_secret(w: W) -> None:
    sec = w.s(B32, 16)
    body = (f"import pyotp\n\ndef test_login_with_2fa(client):\n    totp = pyotp.TOTP(\"{sec}\")\n    client.login(code=totp.now())\n")
    w.add("otp", _p(w, "tests/test_2fa.py"), body, [sec])


def k8s_dockerconfig(w: W) -> None:
    tok = fakes.dockerhub_pat(w.seed())
    cfg = json.dumps({"auths": {"https://index.docker.io/v1/": {"username": w.user(), "password": tok,
                                                               "auth": base64.b64encode(f"{w.user()}:{tok}".encode()).decode()}}})
    enc = base64.b64encode(cfg.encode()).decode()
    body = f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: regcred\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {enc}\n"
    w.add("k8s-dockercfg", _p(w, "k8s/regcred.yaml"), body, [enc])


def k8s_data_many(w: W) -> None:
    vals = [base64.b64encode(v.encode()).decode() for v in (w.pw(), w.opaque(32))]
    body = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-env\ntype: Opaque\ndata:\n"
            f"  SMTP_PASS: {vals[0]}\n  MAPS_KEY: {vals[1]}\n  LOG_LEVEL: {base64.b64encode(b'info').decode()}\n")
    w.add("k8s-data", _p(w, "k8s/overlays/prod/app-env.yaml"), body, vals)


def notebook_magic(w: W) -> None:
    tok = fakes.huggingface_token(w.seed())
    nb = {"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
                     "source": [f"%env HF_TOKEN={tok}\n", "from transformers import pipeline\n"]}],
          "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    w.add("notebook-magic", _p(w, "notebooks/finetune.ipynb"), json.dumps(nb, indent=1) + "\n", [tok])


def notebook_output(w: W) -> None:
    key = w.opaque(32)
    nb = {"cells": [{"cell_type": "code", "execution_count": 3, "metadata": {}, "source": ["print(cfg)\n"],
                     "outputs": [{"name": "stdout", "output_type": "stream",
                                  "text": [f"{{'endpoint': 'https://api.{w.org()}.com', 'api_key': '{key}'}}\n"]}]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    w.add("notebook-output", _p(w, "notebooks/debug.ipynb"), json.dumps(nb, indent=1) + "\n", [key])


# --- provider tokens in the call that uses them -----------------------------------------------
def octokit(w: W) -> None:
    tok = fakes.github_classic(w.seed())
    body = f"import {{ Octokit }} from '@octokit/rest';\n\nconst octokit = new Octokit({{ auth: '{tok}' }});\n"
    w.add("provider-call", _p(w, "scripts/release.mjs"), body, [tok])


def slack_webhook_py(w: W) -> None:
    hook = fakes.slack_webhook(w.seed())
    body = f"import requests\n\ndef notify(msg):\n    requests.post(\n        \"{hook}\",\n        json={{\"text\": msg}},\n    )\n"
    w.add("provider-call", _p(w, "ops/notify.py"), body, [hook])


def stripe_ruby(w: W) -> None:
    tok = fakes.stripe_live(w.seed())
    body = f"require 'stripe'\nStripe.api_key = '{tok}'\nStripe::Charge.list(limit: 3)\n"
    w.add("provider-call", _p(w, "script/charges.rb"), body, [tok])


def discord_run(w: W) -> None:
    tok = fakes.discord_bot_token(w.seed())
    body = f"import discord\n\nclient = discord.Client(intents=discord.Intents.default())\n\nclient.run('{tok}')\n"
    w.add("provider-call", _p(w, "bot/main.py"), body, [tok])


def telegram_bot(w: W) -> None:
    tok = fakes.telegram_bot_token(w.seed())
    body = f"from telegram.ext import ApplicationBuilder\n\napp = ApplicationBuilder().token(\"{tok}\").build()\napp.run_polling()\n"
    w.add("provider-call", _p(w, "bot/telegram_bot.py"), body, [tok])


def twilio_client(w: W) -> None:
    sid = fakes.twilio_account_sid(w.seed())
    tok = fakes.twilio_auth_token(w.seed())
    body = f"from twilio.rest import Client\n\nclient = Client(\"{sid}\", \"{tok}\")\nclient.messages.create(to=\"+15558675310\", from_=\"+15017122661\", body=\"hi\")\n"
    w.add("provider-call", _p(w, "sms/send.py"), body, [tok])


def sendgrid_client(w: W) -> None:
    tok = fakes.sendgrid_key(w.seed())
    body = f"const sgMail = require('@sendgrid/mail');\nsgMail.setApiKey('{tok}');\n"
    w.add("provider-call", _p(w, "functions/mail.js"), body, [tok])


def boto3_client(w: W) -> None:
    kid = fakes.aws_key_id(w.seed())
    sec = fakes.aws_secret(w.seed())
    body = (f"s3 = boto3.client(\n    \"s3\",\n    aws_access_key_id=\"{kid}\",\n    aws_secret_access_key=\"{sec}\",\n    region_name=\"eu-west-1\",\n)\n")
    w.add("provider-call", _p(w, "etl/upload.py"), body, [kid, sec])


def azure_blob(w: W) -> None:
    cs = fakes.azure_connection_string(w.seed(), f"{w.org()}data")
    body = f"var client = new BlobServiceClient(\"{cs}\");\nvar container = client.GetBlobContainerClient(\"exports\");\n"
    w.add("provider-call", _p(w, "src/Storage/BlobStore.cs"), body, [cs])


def google_maps_html(w: W) -> None:
    key = fakes.google_api_key(w.seed())
    body = f"<!doctype html>\n<html>\n<body>\n<div id=\"map\"></div>\n<script async src=\"https://maps.googleapis.com/maps/api/js?key={key}&callback=initMap\"></script>\n</body>\n</html>\n"
    w.add("provider-html", _p(w, "public/store-locator.html"), body, [key])


def anthropic_env_export(w: W) -> None:
    tok = fakes.anthropic_key(w.seed())
    tok2 = fakes.openai_key(w.seed())
    body = f"# ~/.zshrc\nexport PATH=\"$HOME/bin:$PATH\"\nexport ANTHROPIC_API_KEY={tok}\nexport OPENAI_API_KEY=\"{tok2}\"\n"
    w.add("shell-rc", _p(w, "dotfiles/zshrc"), body, [tok, tok2])


def hf_login(w: W) -> None:
    tok = fakes.huggingface_token(w.seed())
    body = f"from huggingface_hub import login\n\nlogin(token=\"{tok}\")\n"
    w.add("provider-call", _p(w, "train/push.py"), body, [tok])


def nodemailer(w: W) -> None:
    pw = w.pw()
    body = (f"const transporter = nodemailer.createTransport({{\n  host: 'smtp.{w.org()}.com',\n  port: 465,\n  secure: true,\n"
            f"  auth: {{ user: 'alerts@{w.org()}.com', pass: '{pw}' }},\n}});\n")
    w.add("js-auth", _p(w, "src/mailer.js"), body, [pw])


def misc_provider_yaml(w: W) -> None:
    sd = w.seed()
    toks = [fakes.pypi_token(sd), fakes.vault_token(sd), fakes.databricks_token(sd), fakes.grafana_sa_token(sd)]
    body = (f"publish:\n  pypi_token: {toks[0]}\nvault:\n  token: {toks[1]}\ndatabricks:\n  host: https://adb-1234.azuredatabricks.net\n  token: {toks[2]}\n"
            f"grafana:\n  service_account_token: {toks[3]}\n")
    w.add("provider-yaml", _p(w, "ci/secrets.local.yaml"), body, toks)


POSITIVE3 = [cypress_type, playwright_fill, ts_fixture_array, kotlin_const, go_const, go_basic_auth, csharp_const,
             rust_const, swift_const, elixir_config, scala_hocon, dart_const, ruby_rocket, php_codeigniter, wp_config,
             perl_dbi, lua_redis, python_positional, java_drivermanager, spring_value_default, gherkin, robot, mock_env,
             terraform_provider, tfvars, helm_set, ansible_task, ansible_ini_host, compose_command, dockerfile_env,
             spring_cloud, quarkus_props, hibernate_xml, tomcat_users, django_email, laravel_env, pgpass, mycnf_quoted,
             pip_conf, gradle_props, nuget_config, npmrc_legacy, npmrc_password, git_config_url, redis_conf,
             pgbouncer_userlist, fstab_cifs, wpa_supplicant, vagrantfile, adonet, odbc, mongo_js, redis_url_nouser,
             amqp_go, sql_identified, shell_pgpassword, curl_user, net_use, powershell_localuser, kubectl_literal,
             jenkinsfile, insomnia, http_file, drf_token, basic_header_py, jest_jwt, escaped_json, escaped_json_nested,
             jwk_ec_private, jwk_rsa_inline, otpauth_uri, totp_secret, k8s_dockerconfig, k8s_data_many, notebook_magic,
             notebook_output, octokit, slack_webhook_py, stripe_ruby, discord_run, telegram_bot, twilio_client,
             sendgrid_client, boto3_client, azure_blob, google_maps_html, anthropic_env_export, hf_login, nodemailer,
             misc_provider_yaml]
