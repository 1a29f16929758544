# ruff: noqa: E501
"""Fifth red-team round (written blind to the rules, before measuring): languages and tool
configs earlier rounds did not draw (Clojure EDN, sbt, Gradle credentials and signing
configs, R, classic ASP/VBScript, Nix, Nomad and Consul HCL, Erlang terms, Groovy elvis
fallbacks, Makefile and systemd variables, supervisord, Dovecot passwd-files, Docker's
config.json, composer auth.json, rclone, Mongo init scripts, SSSD/nslcd/Dex LDAP binds,
Liquibase/Flyway, Airflow, alembic, Celery, Sentinel, RabbitMQ, Odoo, Grafana, php.ini,
Arduino/ESPHome/Home Assistant, Objective-C and C headers, libpq keyword DSNs, CloudFormation,
ARM, Pulumi, serverless, kubeconfig, kubeadm, hostapd, IPsec, SNMPv3, router configs,
WireGuard), auth headers in HTTP, GraphQL, gRPC and WebSocket clients, tokens in webhook
URLs, and provider tokens in the files that hold them (.terraformrc, ~/.gem/credentials,
age identities, ~/.aws/credentials, GCP key files, OAuth client files, PuTTY keys)."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

from tests import fakes
from tests.wild.kit import ALNUM, LOWER, W
from tests.wild.pos4 import _jwt, _p


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _wg_key(w: W) -> str:
    return _b64(w.r.randbytes(32))


# --- languages earlier rounds did not draw --------------------------------------------------
def clojure_edn(w: W) -> None:
    pw = w.pw()
    key = fakes.mailgun_key(w.seed())
    body = (f"{{:db {{:dbtype \"postgresql\"\n      :dbname \"{w.org()}\"\n      :host \"db.{w.org()}.internal\"\n      :user \"{w.user()}\"\n"
            f"      :password \"{pw}\"}}\n :mailgun {{:domain \"mg.{w.org()}.com\"\n           :api-key \"{key}\"}}\n :port 3000}}\n")
    w.add("clojure", _p(w, "resources/config.edn"), body, [pw, key])


def sbt_credentials(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"ThisBuild / organization := \"com.{w.org()}\"\npublishTo := Some(\"releases\" at \"https://artifactory.{w.org()}.lan/libs-release\")\n"
            f"credentials += Credentials(\"Artifactory Realm\", \"artifactory.{w.org()}.lan\", \"ci\", \"{pw}\")\n")
    w.add("sbt", _p(w, "build.sbt"), body, [pw])
    body2 = f"realm=Sonatype Nexus Repository Manager\nhost=nexus.{w.org()}.lan\nuser={w.user()}\npassword={pw2}\n"
    w.add("sbt", _p(w, "home/.sbt/.credentials"), body2, [pw2])


def gradle_kts_repo(w: W) -> None:
    pw = w.pw()
    tok = fakes.github_classic(w.seed())
    body = (f"repositories {{\n    mavenCentral()\n    maven {{\n        url = uri(\"https://nexus.{w.org()}.lan/repository/maven-releases/\")\n"
            f"        credentials {{\n            username = \"deployer\"\n            password = \"{pw}\"\n        }}\n    }}\n"
            f"    maven {{\n        url = uri(\"https://maven.pkg.github.com/{w.org()}/libs\")\n        credentials {{\n            username = \"{w.user()}\"\n"
            f"            password = \"{tok}\"\n        }}\n    }}\n}}\n")
    w.add("gradle5", _p(w, "build.gradle.kts"), body, [pw, tok])


def android_signing(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"android {{\n    signingConfigs {{\n        release {{\n            storeFile file(\"keystore/release.jks\")\n            storePassword \"{pw}\"\n"
            f"            keyAlias \"upload\"\n            keyPassword '{pw2}'\n        }}\n    }}\n    buildTypes {{\n        release {{\n"
            "            signingConfig signingConfigs.release\n        }\n    }\n}\n")
    w.add("gradle5", _p(w, "app/build.gradle"), body, [pw, pw2])


def r_dbconnect(w: W) -> None:
    pw = w.pw()
    tok = fakes.openai_key(w.seed())
    body = (f"library(DBI)\ncon <- dbConnect(RPostgres::Postgres(),\n                 host = \"warehouse.{w.org()}.internal\",\n                 dbname = \"dw\",\n"
            f"                 user = \"analyst\",\n                 password = \"{pw}\")\nSys.setenv(OPENAI_API_KEY = \"{tok}\")\n")
    w.add("r-lang", _p(w, "analysis/load_data.R"), body, [pw, tok])


def powershell_sqlcmd(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"Invoke-Sqlcmd -ServerInstance \"sql01.{w.org()}.local\" -Database \"Orders\" -Username \"sa\" -Password \"{pw}\" -Query \"EXEC dbo.Nightly\"\n"
            f"$pair = \"{w.user()}:{pw2}\"\n$bytes = [System.Text.Encoding]::ASCII.GetBytes($pair)\n"
            "$headers = @{ Authorization = \"Basic \" + [Convert]::ToBase64String($bytes) }\n")
    w.add("powershell5", _p(w, "scripts/Nightly.ps1"), body, [pw, pw2])


def asp_classic(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"<%\nSet conn = Server.CreateObject(\"ADODB.Connection\")\nconn.Open \"Provider=SQLOLEDB;Data Source=SQL01;Initial Catalog=shop;User ID=web;Password={pw};\"\n"
            "Set rs = conn.Execute(\"SELECT * FROM products\")\n%>\n")
    w.add("asp", _p(w, "wwwroot/includes/db.asp"), body, [pw])
    body2 = (f"Set objConn = CreateObject(\"ADODB.Connection\")\nobjConn.ConnectionString = \"DSN=legacy;UID=report;PWD={pw2}\"\nobjConn.Open\n")
    w.add("asp", _p(w, "scripts/export.vbs"), body2, [pw2])


def nix_module(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = ("{ config, pkgs, ... }:\n{\n  services.grafana = {\n    enable = true;\n"
            f"    settings.security.admin_password = \"{pw}\";\n  }};\n  users.users.deploy = {{\n    isNormalUser = true;\n"
            f"    initialPassword = \"{pw2}\";\n  }};\n}}\n")
    w.add("nix", _p(w, "hosts/monitor/configuration.nix"), body, [pw, pw2])


def nomad_job(w: W) -> None:
    pw = w.pw()
    key = w.opaque(32)
    body = (f"job \"api\" {{\n  datacenters = [\"dc1\"]\n  group \"web\" {{\n    task \"api\" {{\n      driver = \"docker\"\n      config {{\n        image = \"{w.org()}/api:2.1\"\n      }}\n"
            f"      env {{\n        DB_USER     = \"api\"\n        DB_PASSWORD = \"{pw}\"\n        MAPS_KEY    = \"{key}\"\n      }}\n    }}\n  }}\n}}\n")
    w.add("nomad", _p(w, "nomad/api.nomad.hcl"), body, [pw, key])


def consul_hcl(w: W) -> None:
    gossip = _b64(w.r.randbytes(32))
    mgmt = fakes.uuid4(w.seed())
    agent = fakes.uuid4(w.seed())
    body = (f"datacenter = \"dc1\"\ndata_dir   = \"/opt/consul\"\nencrypt    = \"{gossip}\"\n\nacl {{\n  enabled        = true\n  default_policy = \"deny\"\n"
            f"  tokens {{\n    initial_management = \"{mgmt}\"\n    agent              = \"{agent}\"\n  }}\n}}\n")
    w.add("consul", _p(w, "consul/server.hcl"), body, [gossip, mgmt, agent])


def erlang_terms(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"[\n {{{w.org()}, [\n   {{pgsql, [{{host, \"db.{w.org()}.internal\"}}, {{username, \"app\"}}, {{password, \"{pw}\"}}, {{database, \"app\"}}]}}\n  ]}},\n"
            f" {{rabbit, [{{default_user, <<\"ops\">>}}, {{default_pass, <<\"{pw2}\">>}}]}}\n].\n")
    w.add("erlang", _p(w, "config/sys.config"), body, [pw, pw2])


def grails_groovy(w: W) -> None:
    pw = w.pw()
    body = (f"environments {{\n    production {{\n        dataSource {{\n            dbCreate = \"none\"\n            url = \"jdbc:mysql://db.{w.org()}.internal/app\"\n"
            f"            username = \"app\"\n            password = \"{pw}\"\n        }}\n    }}\n}}\n")
    w.add("groovy", _p(w, "grails-app/conf/application.groovy"), body, [pw])


def jenkins_elvis(w: W) -> None:
    pw = w.pw()
    tok = fakes.sonarqube_token(w.seed())
    body = (f"def dbPass = env.DB_PASS ?: '{pw}'\n\npipeline {{\n  agent any\n  environment {{\n    SONAR_TOKEN = '{tok}'\n  }}\n  stages {{\n"
            "    stage('IT') {\n      steps {\n        sh \"./gradlew integrationTest -Pdb.password=${dbPass}\"\n      }\n    }\n  }\n}\n")
    w.add("jenkins5", _p(w, "ci/Jenkinsfile.integration"), body, [pw, tok])


# --- build and service files ----------------------------------------------------------------
def makefile_vars(w: W) -> None:
    pw = w.pw()
    tok = fakes.gitlab_pat(w.seed())
    body = (f"IMAGE ?= registry.{w.org()}.io/app\nDB_PASS ?= {pw}\nREGISTRY_TOKEN := {tok}\n\n.PHONY: push\npush:\n"
            "\tdocker login -u ci -p $(REGISTRY_TOKEN) registry.example.io\n\tdocker push $(IMAGE)\n")
    w.add("make5", _p(w, "Makefile"), body, [pw, tok])


def systemd_unit(w: W) -> None:
    pw = w.pw()
    tok = fakes.stripe_live(w.seed())
    key = w.opaque(32)
    body = (f"[Unit]\nDescription={w.org()} billing worker\nAfter=network.target\n\n[Service]\nUser=billing\n"
            f"Environment=\"DB_PASSWORD={pw}\"\nEnvironment=STRIPE_SECRET_KEY={tok}\n"
            f"ExecStart=/opt/billing/bin/worker --api-key={key} --queue=invoices\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
    w.add("systemd", _p(w, "deploy/systemd/billing-worker.service"), body, [pw, tok, key])


def supervisord_conf(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    tok = w.opaque(40)
    body = (f"[inet_http_server]\nport=127.0.0.1:9001\nusername=admin\npassword={pw}\n\n[program:worker]\ncommand=/srv/app/bin/worker\n"
            f"environment=DB_PASSWORD=\"{pw2}\",API_TOKEN=\"{tok}\",LOG_LEVEL=\"info\"\nautorestart=true\n")
    w.add("supervisor", _p(w, "deploy/supervisord.conf"), body, [pw, pw2, tok])


def nginx_upstream_auth(w: W) -> None:
    basic = _b64(f"{w.user()}:{w.pw()}".encode())
    key = w.opaque(32)
    body = (f"location /api/ {{\n    proxy_pass https://partner.{w.org()}.com/;\n    proxy_set_header Authorization \"Basic {basic}\";\n"
            f"    proxy_set_header X-Api-Key {key};\n}}\n")
    w.add("nginx", _p(w, "deploy/nginx/conf.d/partner.conf"), body, [basic, key])


def dovecot_passwd(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    u, o = w.user(), w.org()
    body = (f"{u}@{o}.com:{{PLAIN}}{pw}:5000:5000::/var/vmail/{o}.com/{u}\n"
            f"noreply@{o}.com:{{PLAIN}}{pw2}:5000:5000::/var/vmail/{o}.com/noreply\n")
    w.add("dovecot", _p(w, "mail/dovecot/users"), body, [pw, pw2])


def docker_config_json(w: W) -> None:
    pw = w.pw()
    auth = fakes.docker_auth_b64(w.user(), pw)
    ident = w.s(ALNUM + "._-", 120)
    acr_user = _b64(b"00000000-0000-0000-0000-000000000000:")
    doc = {"auths": {f"registry.{w.org()}.io": {"auth": auth}, "https://index.docker.io/v1/": {},
                     f"{w.org()}cr.azurecr.io": {"auth": acr_user, "identitytoken": ident}},
           "credHelpers": {"gcr.io": "gcloud"}}
    w.add("docker-config", _p(w, "home/.docker/config.json"), json.dumps(doc, indent="\t") + "\n", [auth, ident], neg=[acr_user])


def composer_auth(w: W) -> None:
    pw = w.opaque(40)
    tok = fakes.github_classic(w.seed())
    doc = {"http-basic": {f"repo.{w.org()}.com": {"username": "token", "password": pw}}, "github-oauth": {"github.com": tok}}
    w.add("composer", _p(w, "auth.json"), json.dumps(doc, indent=4) + "\n", [pw, tok])


def rclone_conf(w: W) -> None:
    kid = fakes.aws_key_id(w.seed())
    sec = fakes.aws_secret(w.seed())
    obs = fakes.rclone_obscured(w.seed())
    body = (f"[s3-backup]\ntype = s3\nprovider = AWS\naccess_key_id = {kid}\nsecret_access_key = {sec}\nregion = eu-west-1\n\n"
            f"[nas]\ntype = sftp\nhost = nas.{w.org()}.lan\nuser = backup\npass = {obs}\n")
    w.add("rclone", _p(w, "home/.config/rclone/rclone.conf"), body, [kid, sec, obs])


def mongo_init(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"db = db.getSiblingDB(\"{w.org()}\");\ndb.createUser({{\n  user: \"app\",\n  pwd: \"{pw}\",\n  roles: [{{ role: \"readWrite\", db: \"{w.org()}\" }}]\n}});\n"
            f"db.getSiblingDB(\"admin\").auth(\"root\", \"{pw2}\");\n")
    w.add("mongo-init", _p(w, "docker/mongo/mongo-init.js"), body, [pw, pw2])


def sssd_nslcd(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"[domain/{w.org()}.lan]\nid_provider = ldap\nldap_uri = ldaps://ldap.{w.org()}.lan\nldap_default_bind_dn = cn=sssd,ou=svc,dc={w.org()},dc=lan\n"
            f"ldap_default_authtok_type = password\nldap_default_authtok = {pw}\n")
    w.add("ldap5", _p(w, "roles/ldap-client/files/sssd.conf"), body, [pw])
    body2 = f"uri ldap://ldap.{w.org()}.lan/\nbase dc={w.org()},dc=lan\nbinddn cn=nslcd,ou=svc,dc={w.org()},dc=lan\nbindpw {pw2}\n"
    w.add("ldap5", _p(w, "etc/nslcd.conf"), body2, [pw2])


def dex_config(w: W) -> None:
    pw = w.pw()
    sec = w.opaque(32)
    body = (f"issuer: https://dex.{w.org()}.com\nconnectors:\n- type: ldap\n  id: ldap\n  name: Corp LDAP\n  config:\n    host: ldap.{w.org()}.lan:636\n"
            f"    bindDN: cn=dex,ou=svc,dc={w.org()},dc=lan\n    bindPW: {pw}\nstaticClients:\n- id: grafana\n  name: Grafana\n  secret: {sec}\n"
            f"  redirectURIs: ['https://grafana.{w.org()}.com/login/generic_oauth']\n")
    w.add("ldap5", _p(w, "deploy/dex/config.yaml"), body, [pw, sec])


def liquibase_flyway(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"changeLogFile: db/changelog/db.changelog-master.yaml\nurl: jdbc:postgresql://db.{w.org()}.internal:5432/app\nusername: migrator\npassword: {pw}\n")
    w.add("migrations", _p(w, "liquibase.properties"), body, [pw])
    body2 = f"flyway.url=jdbc:mysql://localhost:3306/shop\nflyway.user=shop\nflyway.password={pw2}\nflyway.locations=filesystem:sql\n"
    w.add("migrations", _p(w, "flyway.conf"), body2, [pw2])


def airflow_conns(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    fk = fakes.fernet_key(w.seed())
    body = f"AIRFLOW_CONN_WAREHOUSE=postgresql://etl:{quote(pw, safe='')}@dw.{w.org()}.internal:5432/dw\nAIRFLOW__CORE__FERNET_KEY={fk}\n"
    w.add("airflow", _p(w, "airflow/.env"), body, [quote(pw, safe=""), fk])
    body2 = (f"sftp_partner:\n  conn_type: sftp\n  host: sftp.{w.org()}-partner.com\n  login: {w.org()}\n  password: {pw2}\n  port: 22\n")
    w.add("airflow", _p(w, "airflow/connections.yaml"), body2, [pw2])


def alembic_ini(w: W) -> None:
    pw = w.pw()
    body = (f"[alembic]\nscript_location = migrations\nprepend_sys_path = .\nsqlalchemy.url = postgresql+psycopg2://app:{quote(pw, safe='')}@db.{w.org()}.internal/app\n\n"
            "[loggers]\nkeys = root,sqlalchemy,alembic\n")
    w.add("alembic", _p(w, "alembic.ini"), body, [quote(pw, safe="")])


def celery_config(w: W) -> None:
    pw = w.pw()
    kid = fakes.aws_key_id(w.seed())
    sec = quote(fakes.aws_secret(w.seed()), safe="")
    body = (f"result_backend = \"db+postgresql://celery:{quote(pw, safe='')}@db.{w.org()}.internal/celery\"\n"
            f"broker_url = \"sqs://{kid}:{sec}@\"\nbroker_transport_options = {{\"region\": \"eu-west-1\"}}\n")
    w.add("celery", _p(w, "app/celeryconfig.py"), body, [quote(pw, safe=""), sec])


def redis_sentinel(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"port 26379\nsentinel monitor mymaster 10.0.1.10 6379 2\nsentinel auth-pass mymaster {pw}\nsentinel sentinel-pass {pw2}\n"
            "sentinel down-after-milliseconds mymaster 5000\n")
    w.add("sentinel", _p(w, "deploy/redis/sentinel.conf"), body, [pw, pw2])


def rabbitmq_conf(w: W) -> None:
    pw = w.pw()
    body = f"listeners.tcp.default = 5672\ndefault_vhost = /\ndefault_user = {w.org()}\ndefault_pass = {pw}\nmanagement.tcp.port = 15672\n"
    w.add("rabbitmq", _p(w, "deploy/rabbitmq/rabbitmq.conf"), body, [pw])


def odoo_grafana(w: W) -> None:
    pw, pw2, pw3, pw4 = w.pw(), w.pw(), w.pw(), w.pw()
    sk = w.opaque(20)
    body = f"[options]\naddons_path = /mnt/extra-addons\nadmin_passwd = {pw}\ndb_host = db\ndb_user = odoo\ndb_password = {pw2}\n"
    w.add("ini5", _p(w, "odoo/odoo.conf"), body, [pw, pw2])
    body2 = (f"[server]\nhttp_port = 3000\n\n[security]\nadmin_user = admin\nadmin_password = {pw3}\nsecret_key = {sk}\n\n"
             f"[smtp]\nenabled = true\nhost = smtp.{w.org()}.com:587\nuser = alerts@{w.org()}.com\npassword = \"\"\"{pw4}\"\"\"\n")
    w.add("ini5", _p(w, "grafana/grafana.ini"), body2, [pw3, sk, pw4])


def php_ini(w: W) -> None:
    pw = w.pw()
    body = f"[MySQLi]\nmysqli.default_host = db\nmysqli.default_user = legacy\nmysqli.default_pw = {pw}\nmysqli.reconnect = Off\n"
    w.add("ini5", _p(w, "docker/php/conf.d/legacy.ini"), body, [pw])


# --- devices and embedded ---------------------------------------------------------------------
def arduino_wifi(w: W) -> None:
    pw = w.pw()
    tok = w.s(ALNUM + "_-", 32)
    body = (f"#include <WiFi.h>\n#define BLYNK_TEMPLATE_ID \"TMPL{w.s(ALNUM, 8)}\"\n#define BLYNK_AUTH_TOKEN \"{tok}\"\n\n"
            f"const char* ssid = \"{w.org()}-iot\";\nconst char* password = \"{pw}\";\n\nvoid setup() {{\n  WiFi.begin(ssid, password);\n}}\n")
    w.add("arduino", _p(w, "firmware/sensor/sensor.ino"), body, [tok, pw])


def esphome_yaml(w: W) -> None:
    pw, pw2, pw3 = w.pw(), w.pw(), w.pw()
    key = _b64(w.r.randbytes(32))
    body = (f"esphome:\n  name: garage-door\nwifi:\n  ssid: \"{w.org()}-home\"\n  password: \"{pw}\"\n  ap:\n    ssid: \"Garage Fallback\"\n    password: \"{pw2}\"\n"
            f"api:\n  encryption:\n    key: \"{key}\"\nota:\n  - platform: esphome\n    password: \"{pw3}\"\n")
    w.add("esphome", _p(w, "esphome/garage-door.yaml"), body, [pw, pw2, key, pw3])


def home_assistant(w: W) -> None:
    pw = w.pw()
    key = w.hexs(32)
    tok = _jwt(w)
    body = f"mqtt_password: {pw}\nopenweathermap_api_key: {key}\nnodered_long_lived_token: {tok}\nlatitude: 52.37\n"
    w.add("home-assistant", _p(w, "homeassistant/secrets.yaml"), body, [pw, key, tok])


def c_headers(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"#ifndef CONFIG_H\n#define CONFIG_H\n\n#define DB_HOST \"10.0.0.5\"\n#define DB_PASS \"{pw}\"\n\nstatic const char *mqtt_password = \"{pw2}\";\n\n#endif\n")
    w.add("c-header", _p(w, "src/config.h"), body, [pw, pw2])


def objc_const(w: W) -> None:
    key = w.opaque(40)
    tok = w.opaque(36)
    body = (f"static NSString *const kAPIKey = @\"{key}\";\n\n- (void)load {{\n    NSMutableURLRequest *request = [NSMutableURLRequest requestWithURL:url];\n"
            f"    [request setValue:@\"Bearer {tok}\" forHTTPHeaderField:@\"Authorization\"];\n}}\n")
    w.add("objc", _p(w, "App/Network/APIClient.m"), body, [key, tok])


def libpq_keyword(w: W) -> None:
    pw, pw2, pw3 = w.pw(), w.pw(), w.pw()
    body = f"db, err := sql.Open(\"postgres\", \"host=db.{w.org()}.internal port=5432 user=app password={pw} dbname=app sslmode=require\")\n"
    w.add("libpq", _p(w, "internal/store/open.go"), body, [pw])
    body2 = f"conn = psycopg2.connect(\"dbname=dw user=etl password={pw2} host=dw.{w.org()}.internal\")\n"
    w.add("libpq", _p(w, "etl/extract.py"), body2, [pw2])
    body3 = f"using LibPQ\nconn = LibPQ.Connection(\"host=localhost dbname=research user={w.user()} password='{pw3}'\")\n"
    w.add("libpq", _p(w, "notebooks/load.jl"), body3, [pw3])


# --- cloud templates --------------------------------------------------------------------------
def terraform_json(w: W) -> None:
    pw = w.pw()
    doc = {"provider": {"mysql": {"endpoint": f"db.{w.org()}.internal:3306", "username": "root", "password": pw}},
           "resource": {"mysql_database": {"app": {"name": "app"}}}}
    w.add("cloud5", _p(w, "infra/mysql/main.tf.json"), json.dumps(doc, indent=2) + "\n", [pw])


def cloudformation(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    body = (f"AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  DBPassword:\n    Type: String\n    NoEcho: true\n    Default: {pw}\n"
            f"Resources:\n  Reporting:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      MasterUsername: reporting\n"
            f"      MasterUserPassword: '{pw2}'\n")
    w.add("cloud5", _p(w, "cfn/rds.yaml"), body, [pw, pw2])


def arm_parameters(w: W) -> None:
    pw = w.pw()
    pw2 = w.pw()
    doc = {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0",
           "parameters": {"adminUsername": {"value": "azureuser"}, "adminPassword": {"value": pw},
                          "sqlAdministratorLoginPassword": {"value": pw2}, "location": {"value": "westeurope"}}}
    w.add("cloud5", _p(w, "arm/azuredeploy.parameters.json"), json.dumps(doc, indent=2) + "\n", [pw, pw2])


def pulumi_config(w: W) -> None:
    pw = w.pw()
    tok = fakes.pulumi_token(w.seed())
    body = f"config:\n  aws:region: eu-west-1\n  {w.org()}:dbUser: app\n  {w.org()}:dbPassword: {pw}\n"
    w.add("cloud5", _p(w, "infra/Pulumi.prod.yaml"), body, [pw])
    body2 = (f"name: preview\non: [pull_request]\njobs:\n  preview:\n    runs-on: ubuntu-latest\n    env:\n      PULUMI_ACCESS_TOKEN: {tok}\n"
             "    steps:\n      - uses: pulumi/actions@v5\n        with:\n          command: preview\n")
    w.add("cloud5", _p(w, ".github/workflows/pulumi.yml"), body2, [tok])


def serverless_yml(w: W) -> None:
    tok = fakes.sendgrid_key(w.seed())
    pw = w.pw()
    body = (f"service: notifications\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  environment:\n    SENDGRID_API_KEY: {tok}\n    DB_PASSWORD: '{pw}'\n"
            "functions:\n  send:\n    handler: handler.send\n")
    w.add("cloud5", _p(w, "serverless.yml"), body, [tok, pw])


def kubeconfig(w: W) -> None:
    tok = fakes.k8s_service_account_token(w.seed())
    pw = w.pw()
    body = (f"apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster:\n    server: https://k8s.{w.org()}.internal:6443\ncontexts:\n"
            f"- name: ci@prod\n  context:\n    cluster: prod\n    user: ci\ncurrent-context: ci@prod\nusers:\n- name: ci\n  user:\n    token: {tok}\n"
            f"- name: admin\n  user:\n    username: admin\n    password: {pw}\n")
    w.add("kubeconfig", _p(w, "ci/kubeconfig.yaml"), body, [tok, pw])


def kubeadm_join(w: W) -> None:
    tok = fakes.k8s_bootstrap_token(w.seed())
    tok2 = fakes.k8s_bootstrap_token(w.seed())
    h = fakes.sha256_hex(w.seed())
    body = (f"#!/bin/bash\nkubeadm join 10.0.{w.n(0, 9)}.10:6443 --token {tok} \\\n    --discovery-token-ca-cert-hash sha256:{h}\n")
    w.add("kubeadm", _p(w, "provision/join-worker.sh"), body, [tok], neg=[h])
    body2 = (f"apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nbootstrapTokens:\n- token: \"{tok2}\"\n  ttl: \"0\"\n"
             "  usages: [signing, authentication]\n")
    w.add("kubeadm", _p(w, "provision/kubeadm-init.yaml"), body2, [tok2])


# --- network gear and VPN ---------------------------------------------------------------------
def hostapd_ipsec(w: W) -> None:
    pw, pw2, pw3 = w.pw(), w.pw(), w.pw()
    body = f"interface=wlan0\nssid={w.org()}-guest\nhw_mode=g\nwpa=2\nwpa_key_mgmt=WPA-PSK\nwpa_passphrase={pw}\n"
    w.add("wifi-vpn", _p(w, "rpi/hostapd.conf"), body, [pw])
    body2 = f"# /etc/ipsec.secrets\n: PSK \"{pw2}\"\n{w.user()} : EAP \"{pw3}\"\n"
    w.add("wifi-vpn", _p(w, "vpn/ipsec.secrets"), body2, [pw2, pw3])


def snmp_router(w: W) -> None:
    pw, pw2, pw3 = w.pw(), w.pw(), w.pw()
    comm = w.s(LOWER, 6) + str(w.n(10, 99))
    body = f"agentAddress udp:161\ncreateUser monitor SHA \"{pw}\" AES \"{pw2}\"\nrouser monitor priv\nrocommunity {comm} 10.0.0.0/8\n"
    w.add("network5", _p(w, "roles/snmp/files/snmpd.conf"), body, [pw, pw2, comm])
    body2 = (f"hostname core-sw01\n!\nusername netops privilege 15 password 0 {pw3}\n"
             f"enable secret 5 {fakes.md5_crypt(w.seed())}\n!\nline vty 0 4\n login local\n")
    w.add("network5", _p(w, "configs/core-sw01.cfg"), body2, [pw3], neg=["enable secret 5"])


def wireguard(w: W) -> None:
    priv = _wg_key(w)
    psk = _wg_key(w)
    pub = _wg_key(w)
    body = (f"[Interface]\nAddress = 10.8.0.2/24\nPrivateKey = {priv}\nDNS = 1.1.1.1\n\n[Peer]\nPublicKey = {pub}\nPresharedKey = {psk}\n"
            f"Endpoint = vpn.{w.org()}.com:51820\nAllowedIPs = 0.0.0.0/0\n")
    w.add("wireguard", _p(w, "vpn/wg0.conf"), body, [priv, psk], neg=[pub])


# --- auth headers in clients ------------------------------------------------------------------
def go_header_set(w: W) -> None:
    tok = w.opaque(40)
    key = w.hexs(32)
    body = (f"req, _ := http.NewRequest(\"GET\", \"https://api.{w.org()}.com/v1/reports\", nil)\nreq.Header.Set(\"Authorization\", \"Bearer {tok}\")\n"
            f"req.Header.Add(\"X-Api-Key\", \"{key}\")\nresp, err := http.DefaultClient.Do(req)\n")
    w.add("http-client", _p(w, "cmd/report/fetch.go"), body, [tok, key])


def rust_reqwest(w: W) -> None:
    tok = w.opaque(40)
    pw = w.pw()
    body = (f"let resp = client\n    .get(\"https://api.{w.org()}.com/v2/items\")\n    .bearer_auth(\"{tok}\")\n    .send()\n    .await?;\n"
            f"let admin = client.get(url).basic_auth(\"admin\", Some(\"{pw}\")).send().await?;\n")
    w.add("http-client", _p(w, "src/sync.rs"), body, [tok, pw])


def okhttp_header(w: W) -> None:
    tok = w.opaque(40)
    pw = w.pw()
    body = (f"Request request = new Request.Builder()\n    .url(\"https://api.{w.org()}.com/v1/me\")\n    .addHeader(\"Authorization\", \"Bearer {tok}\")\n    .build();\n"
            f"String credential = Credentials.basic(\"{w.user()}\", \"{pw}\");\n")
    w.add("http-client", _p(w, "app/src/main/java/com/acme/net/Api.java"), body, [tok, pw])


def axios_defaults(w: W) -> None:
    tok = w.opaque(40)
    key = w.opaque(32)
    body = (f"import axios from 'axios';\n\naxios.defaults.headers.common['Authorization'] = 'Bearer {tok}';\n\n"
            f"export const partner = axios.create({{\n  baseURL: 'https://partner.{w.org()}.com',\n  headers: {{ 'X-API-Key': '{key}' }},\n}});\n")
    w.add("http-client", _p(w, "src/api/http.js"), body, [tok, key])


def fetch_init(w: W) -> None:
    tok = w.opaque(40)
    body = (f"const res = await fetch(`https://api.{w.org()}.com/graphql`, {{\n  method: 'POST',\n  headers: {{\n    'Content-Type': 'application/json',\n"
            f"    Authorization: 'Token {tok}',\n  }},\n  body: JSON.stringify({{ query }}),\n}});\n")
    w.add("http-client", _p(w, "scripts/export.mjs"), body, [tok])


def requests_session(w: W) -> None:
    tok = fakes.github_classic(w.seed())
    pw = w.pw()
    body = (f"session = requests.Session()\nsession.headers.update({{\"Authorization\": \"token {tok}\", \"Accept\": \"application/vnd.github+json\"}})\n"
            f"jenkins = requests.Session()\njenkins.auth = (\"{w.user()}\", \"{pw}\")\n")
    w.add("http-client", _p(w, "tools/release_notes.py"), body, [tok, pw])


def graphql_clients(w: W) -> None:
    tok = fakes.shopify_token(w.seed())
    tok2 = w.opaque(40)
    body = (f"from gql import Client\nfrom gql.transport.requests import RequestsHTTPTransport\n\ntransport = RequestsHTTPTransport(\n"
            f"    url=\"https://{w.org()}.myshopify.com/admin/api/2024-01/graphql.json\",\n    headers={{\"X-Shopify-Access-Token\": \"{tok}\"}},\n)\n")
    w.add("graphql", _p(w, "shop/sync_products.py"), body, [tok])
    body2 = (f"const client = new ApolloClient({{\n  link: new HttpLink({{\n    uri: 'https://api.{w.org()}.com/graphql',\n"
             f"    headers: {{ authorization: 'Bearer {tok2}' }},\n  }}),\n  cache: new InMemoryCache(),\n}});\n")
    w.add("graphql", _p(w, "src/apollo.ts"), body2, [tok2])


def grpc_metadata(w: W) -> None:
    tok = w.opaque(40)
    key = w.opaque(32)
    body = (f"channel = grpc.secure_channel(\"api.{w.org()}.com:443\", grpc.ssl_channel_credentials())\nstub = orders_pb2_grpc.OrdersStub(channel)\n"
            f"resp = stub.List(req, metadata=[(\"authorization\", \"Bearer {tok}\")])\n")
    w.add("grpc", _p(w, "clients/orders_client.py"), body, [tok])
    body2 = f"ctx = metadata.AppendToOutgoingContext(ctx, \"x-api-key\", \"{key}\")\nresp, err := client.GetQuote(ctx, req)\n"
    w.add("grpc", _p(w, "internal/quotes/client.go"), body2, [key])


def websocket_token(w: W) -> None:
    tok = w.opaque(40)
    key = w.hexs(32)
    body = f"const ws = new WebSocket('wss://stream.{w.org()}.io/v1/feed?token={tok}&channels=trades');\nws.onmessage = (m) => render(JSON.parse(m.data));\n"
    w.add("websocket", _p(w, "web/src/live.js"), body, [tok])
    body2 = f"ws = websocket.create_connection(\"wss://ws.{w.org()}-data.com/quotes?api_key={key}\")\nprint(ws.recv())\n"
    w.add("websocket", _p(w, "scripts/quotes.py"), body2, [key])


def webhook_urls(w: W) -> None:
    teams = fakes.teams_webhook(w.seed())
    disc = fakes.discord_webhook(w.seed())
    key = w.s(ALNUM + "_-", 22)
    tok = w.hexs(40)
    body = (f"notifications:\n  teams: {teams}\n  discord: {disc}\n  ifttt: https://maker.ifttt.com/trigger/deploy_done/with/key/{key}\n"
            f"  ci_hook: https://ci.{w.org()}.com/generic-webhook-trigger/invoke?token={tok}\n")
    w.add("webhook", _p(w, "config/notify.yml"), body, [teams, disc, key, tok])


# --- provider tokens in their own files -------------------------------------------------------
def terraformrc(w: W) -> None:
    tok = fakes.terraform_cloud_token(w.seed())
    body = f"plugin_cache_dir = \"$HOME/.terraform.d/plugin-cache\"\n\ncredentials \"app.terraform.io\" {{\n  token = \"{tok}\"\n}}\n"
    w.add("tool-creds", _p(w, "home/.terraformrc"), body, [tok])


def gem_credentials(w: W) -> None:
    tok = fakes.rubygems_api_key(w.seed())
    tok2 = fakes.heroku_key(w.seed())
    w.add("tool-creds", _p(w, "home/.gem/credentials"), f"---\n:rubygems_api_key: {tok}\n", [tok])
    w.add("tool-creds", _p(w, "home/.netrc"), f"machine api.heroku.com\n  login {w.user()}@{w.org()}.com\n  password {tok2}\n", [tok2])


def age_identity(w: W) -> None:
    sk = fakes.age_secret_key(w.seed())
    pk = fakes.age_public_key(w.seed())
    body = f"# created: 2024-02-11T09:14:03+01:00\n# public key: {pk}\n{sk}\n"
    w.add("age", _p(w, "home/.config/sops/age/keys.txt"), body, [sk], neg=[pk])


def aws_credentials_file(w: W) -> None:
    kid, sec = fakes.aws_key_id(w.seed()), fakes.aws_secret(w.seed())
    kid2, sec2 = fakes.aws_key_id(w.seed(), "AS" + "IA"), fakes.aws_secret(w.seed())
    st = fakes.aws_session_token(w.seed())
    body = (f"[default]\naws_access_key_id = {kid}\naws_secret_access_key = {sec}\n\n[prod-temp]\naws_access_key_id={kid2}\n"
            f"aws_secret_access_key={sec2}\naws_session_token={st}\nregion=eu-west-1\n")
    w.add("aws-creds", _p(w, "home/.aws/credentials"), body, [kid, sec, kid2, sec2, st])


def gcp_key_file(w: W) -> None:
    sa = fakes.gcp_service_account(w.seed(), f"{w.org()}-prod")
    txt = json.dumps(sa, indent=2)
    first = json.dumps(sa["private_key"])[1:41]
    w.add("gcp-key", _p(w, f"deploy/{w.org()}-prod-{sa['private_key_id'][:12]}.json"), txt + "\n", [first], neg=[sa["private_key_id"]])


def google_oauth_client(w: W) -> None:
    cid = fakes.google_oauth_client_id(w.seed())
    sec = fakes.google_oauth_client_secret(w.seed())
    doc = {"installed": {"client_id": cid, "project_id": f"{w.org()}-tools", "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                         "token_uri": "https://oauth2.googleapis.com/token", "client_secret": sec, "redirect_uris": ["http://localhost"]}}
    w.add("oauth-client", _p(w, "scripts/client_secret.json"), json.dumps(doc, indent=2) + "\n", [sec], neg=[cid])


def msal_secret(w: W) -> None:
    sec = fakes.azure_ad_client_secret(w.seed())
    cid = fakes.uuid4(w.seed())
    body = (f"app = msal.ConfidentialClientApplication(\n    \"{cid}\",\n    authority=\"https://login.microsoftonline.com/{fakes.uuid4(w.seed())}\",\n"
            f"    client_credential=\"{sec}\",\n)\n")
    w.add("oauth-client", _p(w, "graph/client.py"), body, [sec], neg=[cid])


def slack_bolt_socket(w: W) -> None:
    tok = fakes.slack_bot(w.seed())
    app_tok = fakes.slack_app_token(w.seed())
    body = (f"from slack_bolt import App\nfrom slack_bolt.adapter.socket_mode import SocketModeHandler\n\napp = App(token=\"{tok}\")\n\n"
            f"if __name__ == \"__main__\":\n    SocketModeHandler(app, \"{app_tok}\").start()\n")
    w.add("provider5", _p(w, "bot/app.py"), body, [tok, app_tok])


def stripe_webhook(w: W) -> None:
    sec = fakes.stripe_webhook_secret(w.seed())
    body = ("@app.post(\"/stripe/webhook\")\ndef webhook():\n    event = stripe.Webhook.construct_event(\n        request.data, request.headers[\"Stripe-Signature\"],\n"
            f"        \"{sec}\"\n    )\n")
    w.add("provider5", _p(w, "billing/webhooks.py"), body, [sec])


def supabase_service(w: W) -> None:
    svc = fakes.supabase_jwt(w.seed(), "service_role")
    anon = fakes.supabase_jwt(w.seed(), "anon")
    ref = w.s(LOWER, 20)
    body = (f"import {{ createClient }} from '@supabase/supabase-js'\n\n// browser client\nexport const supabase = createClient('https://{ref}.supabase.co', '{anon}')\n"
            f"// admin client for the seed script\nexport const admin = createClient('https://{ref}.supabase.co', '{svc}')\n")
    w.add("provider5", _p(w, "scripts/seed.ts"), body, [svc], neg=[anon])


def mapbox_newrelic(w: W) -> None:
    sk = fakes.mapbox_token(w.seed(), public=False)
    lic = fakes.newrelic_license_key(w.seed())
    uk = fakes.newrelic_user_key(w.seed())
    w.add("provider5", _p(w, "android/gradle.properties"), f"android.useAndroidX=true\nMAPBOX_DOWNLOADS_TOKEN={sk}\n", [sk])
    body = (f"common: &default_settings\n  license_key: '{lic}'\n  app_name: {w.org()}-api\nproduction:\n  <<: *default_settings\n"
            f"# NEW_RELIC_API_KEY={uk}\n")
    w.add("provider5", _p(w, "config/newrelic.yml"), body, [lic, uk])


def saas_clients(w: W) -> None:
    atl = fakes.atlassian_api_token(w.seed())
    sq = fakes.square_access_token(w.seed())
    mc = fakes.mailchimp_api_key(w.seed())
    body = f"from jira import JIRA\n\njira = JIRA(server=\"https://{w.org()}.atlassian.net\", basic_auth=(\"ops@{w.org()}.com\", \"{atl}\"))\n"
    w.add("provider5", _p(w, "tools/jira_report.py"), body, [atl])
    body2 = f"client = Square::Client.new(\n  access_token: '{sq}',\n  environment: 'production'\n)\n"
    w.add("provider5", _p(w, "lib/payments/square.rb"), body2, [sq])
    body3 = f"mailchimp.setConfig({{\n  apiKey: \"{mc}\",\n  server: \"{mc.rsplit('-', 1)[1]}\",\n}});\n"
    w.add("provider5", _p(w, "functions/newsletter.js"), body3, [mc])


def azure_devops(w: W) -> None:
    pat = fakes.azure_devops_pat(w.seed())
    body = (f"#!/bin/sh\ngit clone https://build:{pat}@dev.azure.com/{w.org()}/Platform/_git/infra\ncd infra && ./deploy.sh\n")
    w.add("provider5", _p(w, "ops/bootstrap.sh"), body, [pat])


def shopify_env(w: W) -> None:
    at = fakes.shopify_token(w.seed(), "at")
    ss = fakes.shopify_token(w.seed(), "ss")
    body = f"SHOPIFY_API_KEY={w.hexs(32)}\nSHOPIFY_API_SECRET={ss}\nSHOPIFY_ACCESS_TOKEN={at}\nSCOPES=write_products\n"
    w.add("provider5", _p(w, "shopify-app/.env"), body, [ss, at], neg=["SHOPIFY_API_KEY"])


def ppk_and_pgp(w: W) -> None:
    ppk = fakes.putty_ppk(w.seed(), f"{w.user()}@jump")
    w.add("keyfile5", _p(w, "keys/jump.ppk"), ppk, [ppk.splitlines()[0]])
    pgp = fakes.pgp_private_key_block(w.seed())
    body = ("name: release\non:\n  push:\n    tags: ['v*']\nenv:\n  GPG_PRIVATE_KEY: |\n" + "".join("    " + ln + "\n" for ln in pgp.splitlines() if ln)
            + "jobs:\n  sign:\n    runs-on: ubuntu-latest\n")
    w.add("keyfile5", _p(w, ".github/workflows/release.yml"), body, [pgp.splitlines()[0]])


POSITIVE5 = [clojure_edn, sbt_credentials, gradle_kts_repo, android_signing, r_dbconnect, powershell_sqlcmd, asp_classic,
             nix_module, nomad_job, consul_hcl, erlang_terms, grails_groovy, jenkins_elvis, makefile_vars, systemd_unit,
             supervisord_conf, nginx_upstream_auth, dovecot_passwd, docker_config_json, composer_auth, rclone_conf,
             mongo_init, sssd_nslcd, dex_config, liquibase_flyway, airflow_conns, alembic_ini, celery_config,
             redis_sentinel, rabbitmq_conf, odoo_grafana, php_ini, arduino_wifi, esphome_yaml, home_assistant, c_headers,
             objc_const, libpq_keyword, terraform_json, cloudformation, arm_parameters, pulumi_config, serverless_yml,
             kubeconfig, kubeadm_join, hostapd_ipsec, snmp_router, wireguard, go_header_set, rust_reqwest, okhttp_header,
             axios_defaults, fetch_init, requests_session, graphql_clients, grpc_metadata, websocket_token, webhook_urls,
             terraformrc, gem_credentials, age_identity, aws_credentials_file, gcp_key_file, google_oauth_client,
             msal_secret, slack_bolt_socket, stripe_webhook, supabase_service, mapbox_newrelic, saas_clients,
             azure_devops, shopify_env, ppk_and_pgp]
