# ruff: noqa: E501
"""A second batch of leak positions: values on the line after their name, keys concatenated
over lines, XML attributes, package-manager auth files, service units, Windows scripts,
tool outputs (terraform plan, kubectl describe, docker build), exports (password manager
CSV, HAR, e-mail), bundles and source maps. Each case picks a leaky or a benign variant by
seed, so different seeds give different corpora."""

from __future__ import annotations

import base64
import json

from tests import fakes
from tests.redteam.kit import Repo


def _pem_lines(pem: str) -> list[str]:
    return pem.strip().split("\n")


def next_line_values(rp: Repo, base: str) -> None:
    dj = rp.leak(fakes.django_secret_key(rp.s()), "django")
    rp.write(f"{base}/portal/portal/settings/production.py", "from .base import *  # noqa\n\nDEBUG = False\n\nSECRET_KEY = (\n"
                                                              f"    \"{dj}\"\n)\n\nALLOWED_HOSTS = [\"portal.example-corp.net\"]\n")
    k, s = rp.leak(fakes.aws_key_id(rp.s()), "aws"), rp.leak(fakes.aws_secret(rp.s()), "aws")
    rp.write(f"{base}/uploader/src/config.js", "module.exports = {\n  aws: {\n    region: 'eu-west-1',\n    accessKeyId:\n"
                                               f"      '{k}',\n    secretAccessKey:\n      '{s}',\n  }},\n  bucket: 'excorp-uploads',\n}};\n")
    pw = rp.leak(rp.gen_pw(20), "password")
    rp.write(f"{base}/ansible/roles/db/defaults/main.yml", "---\npostgres_version: 16\npostgres_admin_user: dba\npostgres_admin_password:\n"
                                                           f"  {pw}\npostgres_listen: \"*\"\n")


def concatenated_keys(rp: Repo, base: str) -> None:
    pem = fakes.pem_private_key(rp.s(), "PKCS8")
    rp.leak_pem(pem, "pem")
    lines = _pem_lines(pem)
    java = "        String key =\n" + "".join(f"            \"{ln}\\n\" +\n" for ln in lines[:-1]) + f"            \"{lines[-1]}\";\n"
    rp.write(f"{base}/signer/src/main/java/net/excorp/signer/KeyHolder.java", "package net.excorp.signer;\n\nfinal class KeyHolder {\n    static String pem() {\n"
                                                                              + java + "        return key;\n    }\n}\n")
    pem2 = fakes.pem_private_key(rp.s(), "RSA")
    rp.leak_pem(pem2, "pem")
    rp.write(f"{base}/jwt-issuer/.env", "PORT=8080\nJWT_ISSUER=https://auth.example-corp.net\n" f"JWT_PRIVATE_KEY=\"{pem2.strip().replace(chr(10), chr(92) + 'n')}\"\nJWT_TTL=900\n")
    pem3 = fakes.pem_private_key(rp.s(), "EC")
    rp.leak_pem(pem3, "pem")
    rp.write(f"{base}/jwt-issuer/keys.py", "SIGNING_KEY = \"\"\"\n" + pem3 + "\"\"\"\n\nKEY_ID = \"2024-05\"\n")


def xml_configs(rp: Repo, base: str) -> None:
    sk = rp.leak(fakes.stripe_live_long(rp.s()), "stripe")
    pw = rp.leak(rp.gen_pw(18).replace('"', "!").replace("&", "!").replace("<", "!").replace(";", "!"), "password")
    rp.write(f"{base}/webshop/Web.config", "<?xml version=\"1.0\"?>\n<configuration>\n  <appSettings>\n    <add key=\"Environment\" value=\"Production\" />\n"
                                           f"    <add key=\"StripeSecretKey\" value=\"{sk}\" />\n    <add key=\"StripePublishableKey\" value=\"{rp.decoy(fakes.stripe_publishable(rp.s()), 'stripe-publishable')}\" />\n"
                                           "  </appSettings>\n  <connectionStrings>\n"
                                           f"    <add name=\"Shop\" connectionString=\"Data Source=sql02;Initial Catalog=Shop;User ID=shop_web;Password={pw}\" providerName=\"System.Data.SqlClient\" />\n"
                                           "  </connectionStrings>\n</configuration>\n")
    tp = rp.leak(rp.gen_pw(16).replace('"', "!").replace("&", "!").replace("<", "!"), "password")
    rp.write(f"{base}/legacy-tomcat/conf/context.xml", "<Context>\n  <Resource name=\"jdbc/ReportsDB\" auth=\"Container\" type=\"javax.sql.DataSource\"\n"
                                                       "            driverClassName=\"org.postgresql.Driver\" url=\"jdbc:postgresql://reports-db:5432/reports\"\n"
                                                       f"            username=\"reports\" password=\"{tp}\" maxTotal=\"20\" />\n</Context>\n")
    hp = rp.leak(rp.gen_pw(16).replace("<", "!").replace("&", "!"), "password")
    rp.write(f"{base}/legacy-tomcat/src/hibernate.cfg.xml", "<hibernate-configuration>\n  <session-factory>\n    <property name=\"connection.url\">jdbc:mysql://mysql:3306/legacy</property>\n"
                                                            f"    <property name=\"connection.username\">legacy</property>\n    <property name=\"connection.password\">{hp}</property>\n  </session-factory>\n</hibernate-configuration>\n")


def package_auth(rp: Repo, base: str) -> None:
    gh = rp.leak(fakes.github_classic(rp.s()), "github")
    pw = rp.leak(rp.gen_pw(20), "password")
    rp.write(f"{base}/shop-php/auth.json", json.dumps({"github-oauth": {"github.com": gh}, "http-basic": {"repo.packagist.com": {"username": "token", "password": pw}}}, indent=4) + "\n")
    pp = rp.leak(rp.gen_pw(20).replace('"', "!"), "password")
    rp.write(f"{base}/analytics-sdk/pyproject.toml", "[tool.poetry]\nname = \"excorp-analytics\"\nversion = \"0.4.2\"\n\n[[tool.poetry.source]]\nname = \"private\"\n"
                                                     "url = \"https://pypi.example-corp.net/simple/\"\npriority = \"supplemental\"\n\n[tool.poetry.http-basic.private]\nusername = \"ci\"\n"
                                                     f"password = \"{pp}\"\n")
    ip = rp.leak(fakes.api_key_alnum(rp.s(), 22), "password.url")
    rp.write(f"{base}/analytics-sdk/pip.conf", f"[global]\nindex-url = https://ci:{ip}@pypi.example-corp.net/simple/\ntimeout = 60\n")
    bp = rp.leak(fakes.rand(rp.s(), fakes.HEX, 8) + ":" + fakes.rand(rp.s(), fakes.HEX, 8), "password")
    rp.write(f"{base}/storefront/.bundle/config", f"---\nBUNDLE_PATH: \"vendor/bundle\"\nBUNDLE_GEMS__CONTRIBSYS__COM: \"{bp}\"\nBUNDLE_WITHOUT: \"development:test\"\n")
    crate = rp.leak("cio" + fakes.rand(rp.s(), fakes.ALNUM, 32), "longtail.crates")
    rp.write(f"{base}/edge-proxy/.cargo/credentials.toml", f"[registry]\ntoken = \"{crate}\"\n")


def services_and_windows(rp: Repo, base: str) -> None:
    t = rp.leak(fakes.api_key_alnum(rp.s(), 40), "generic.secret")
    rp.write(f"{base}/host-config/etc/systemd/system/exporter.service", "[Unit]\nDescription=Metrics exporter\nAfter=network-online.target\n\n[Service]\n"
                                                                        f"Environment=\"EXPORTER_API_TOKEN={t}\"\nEnvironment=\"LISTEN=:9102\"\nExecStart=/usr/local/bin/exporter\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n")
    ck = rp.leak(fakes.api_key_hex(rp.s(), 32), "generic.secret")
    rp.write(f"{base}/host-config/etc/cron.d/heartbeat", "SHELL=/bin/sh\nPATH=/usr/bin:/bin\n"
                                                         f"*/5 * * * * root curl -fsS -m 10 -H 'X-Api-Key: {ck}' https://hc.example-corp.net/ping/billing >/dev/null\n")
    ps = rp.leak(rp.human_pw(), "password")
    rp.write(f"{base}/windows/Map-Shares.ps1", "$user = 'CORP\\svc_backup'\n" f"$pass = ConvertTo-SecureString '{ps}' -AsPlainText -Force\n"
                                               "$cred = New-Object System.Management.Automation.PSCredential($user, $pass)\nNew-PSDrive -Name B -PSProvider FileSystem -Root \\\\fs01\\backup -Credential $cred\n")
    np_ = rp.leak(rp.human_pw(), "password.cli")
    rp.write(f"{base}/windows/map.bat", "@echo off\n" f"net use Z: \\\\fs01\\finance /user:CORP\\svc_finance {np_} /persistent:no\nrobocopy Z:\\exports C:\\exports /MIR\n")
    dp = rp.leak(rp.gen_pw(18), "password")
    rp.write(f"{base}/compose/docker-compose.override.yml", "services:\n  db:\n    image: mariadb:11\n    environment:\n      - MARIADB_DATABASE=shop\n"
                                                            f"      - MARIADB_ROOT_PASSWORD={dp}\n      - TZ=Europe/Berlin\n")
    nt = rp.leak(fakes.npm_token(rp.s()), "npm")
    rp.write(f"{base}/compose/web.Dockerfile", f"FROM node:20-alpine\nARG NPM_TOKEN={nt}\nRUN echo \"//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}\" > .npmrc && npm ci && rm .npmrc\n")


def tool_outputs(rp: Repo, base: str) -> None:
    pw = rp.leak(rp.gen_pw(24), "password")
    rp.write(f"{base}/tf-plan-pr-1432.txt", "Terraform will perform the following actions:\n\n  # aws_db_instance.reports will be created\n  + resource \"aws_db_instance\" \"reports\" {\n"
                                            "      + allocated_storage = 100\n      + engine            = \"postgres\"\n      + identifier        = \"reports\"\n"
                                            f"      + password          = \"{pw}\"\n      + username          = \"reports\"\n    }}\n\nPlan: 1 to add, 0 to change, 0 to destroy.\n")
    tok = rp.leak(fakes.slack_bot(rp.s()), "slack")
    rp.write(f"{base}/kubectl-describe-notifier.txt", "Name:         notifier-6d9f7c9b8-xk2pq\nNamespace:    ops\nContainers:\n  notifier:\n    Image:          ghcr.io/excorp/notifier:1.8.0\n"
                                                      f"    Environment:\n      SLACK_BOT_TOKEN:  {tok}\n      DB_PASSWORD:      <set to the key 'password' in secret 'notifier-db'>  Optional: false\n"
                                                      "      LOG_LEVEL:        info\n")
    nt = rp.leak(fakes.npm_token(rp.s()), "npm")
    rp.write(f"{base}/docker-build-web.log", "#1 [internal] load build definition from Dockerfile\n#1 transferring dockerfile: 412B done\n"
                                             f"#5 [3/6] RUN --mount=type=cache,target=/root/.npm NPM_TOKEN={nt} npm ci\n#5 12.04 added 1204 packages in 11s\n"
                                             f"#9 exporting to image\n#9 writing image {rp.decoy(fakes.docker_digest(rp.s()), 'image-digest')} done\n")
    hv = rp.leak(rp.gen_pw(20), "password")
    rp.write(f"{base}/helm-get-values-billing.yaml", "USER-SUPPLIED VALUES:\nimage:\n  tag: 2.14.0\npostgresql:\n  auth:\n    username: billing\n"
                                                     f"    password: {hv}\n    existingSecret: \"\"\n")


def exports(rp: Repo, base: str) -> None:
    rows = ["name,url,username,password,extra,grouping,fav"]
    for svc, url in [("AWS root", "https://signin.aws.amazon.com"), ("Grafana", "https://grafana.example-corp.net"), ("Router", "http://192.168.1.1")]:
        rows.append(f"{svc},{url},admin@example-corp.net,{rp.leak(rp.any_pw().replace(',', '!'), 'password')},,Shared-Ops,0")
    rows.append("Wiki,https://wiki.example-corp.net,jdoe,,,Personal,0")
    rp.write(f"{base}/laptop-jdoe/Downloads/lastpass_export.csv", "\n".join(rows) + "\n")
    jwt_ = rp.leak(fakes.jwt_compact(rp.s(), "ES256"), "jwt")
    har = {"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "125.0"}, "entries": [{"request": {"method": "GET", "url": "https://api.example-corp.net/v2/me",
            "headers": [{"name": "Accept", "value": "application/json"}, {"name": "Authorization", "value": f"Bearer {jwt_}"}, {"name": "X-Request-Id", "value": rp.decoy(rp.uuid(), "uuid")}]},
            "response": {"status": 200, "content": {"mimeType": "application/json", "text": "{\"id\": \"u_123\"}"}}}]}}
    rp.write(f"{base}/support-ticket-4821/capture.har", json.dumps(har, indent=2) + "\n")
    tmp = rp.leak(rp.human_pw(), "password")
    rp.write(f"{base}/support-ticket-4821/welcome.eml", "From: it-helpdesk@example-corp.net\nTo: new.hire@example-corp.net\nSubject: Your account\nDate: Mon, 6 May 2024 09:12:00 +0000\n"
                                                         "Content-Type: text/plain; charset=utf-8\n\nHi,\n\nyour VPN account is ready.\n\nUsername: new.hire\n"
                                                         f"Temporary password: {tmp}\n\nPlease change it at first login.\n\nIT Helpdesk\n")
    pw2 = rp.leak(rp.any_pw().replace("|", "!"), "password")
    rp.write(f"{base}/wiki-export/Onboarding/Service-Accounts.md", "# Service accounts\n\n| system | user | password | owner |\n|---|---|---|---|\n"
                                                                  f"| Jenkins | svc-jenkins | `{pw2}` | platform |\n| Jira | automation | (API token in 1Password) | it |\n")


def settings_tables(rp: Repo, base: str) -> None:
    sk = rp.leak(fakes.stripe_restricted(rp.s()), "stripe")
    sp = rp.leak(rp.gen_pw(16).replace("'", "!"), "password.sql")
    rp.write(f"{base}/shop-db/settings.sql", "CREATE TABLE settings (name varchar(64) PRIMARY KEY, value text);\n"
                                             "INSERT INTO settings (name, value) VALUES ('shop_name', 'Excorp Store');\n"
                                             f"INSERT INTO settings (name, value) VALUES ('smtp_password', '{sp}');\n"
                                             f"INSERT INTO settings (name, value) VALUES ('stripe_secret_key', '{sk}');\n"
                                             "INSERT INTO settings (name, value) VALUES ('maintenance', 'false');\n")
    u1 = rp.leak(rp.gen_pw(16).replace("'", "!"), "password")
    u2 = rp.leak(rp.gen_pw(16).replace("'", "!"), "password")
    u3 = rp.leak(rp.gen_pw(16).replace("'", "!").replace('"', "!"), "password")
    rp.write(f"{base}/shop-db/grants.sql", f"CREATE USER 'shop_ro'@'%' IDENTIFIED BY '{u1}';\nGRANT SELECT ON shop.* TO 'shop_ro'@'%';\n"
                                           f"ALTER ROLE reporting WITH LOGIN PASSWORD '{u2}';\nCREATE LOGIN etl WITH PASSWORD = '{u3}', CHECK_POLICY = OFF;\n")


def frontend_leaks(rp: Repo, base: str) -> None:
    mb = rp.leak(fakes.mapbox_token(rp.s(), public=False), "mapbox")
    ids = ";".join(f"var {fakes.rand(rp.s(), 'abcdefghijklmnopqrstuvwxyz', 2)}=function(e){{return e*{rp.n(2, 99)}}}" for _ in range(60))
    rp.write(f"{base}/maps-app/build/static/js/main.{rp.hexs(8)}.js", ids + f";var MAPBOX_SECRET=\"{mb}\";" + ids + "\n")
    k = rp.leak(fakes.api_key_alnum(rp.s(), 40), "generic.secret")
    src = f"export const api = createClient({{ url: 'https://api.example-corp.net', serviceToken: '{k}' }});\n"
    rp.write(f"{base}/maps-app/build/static/js/main.js.map", json.dumps({"version": 3, "sources": ["webpack://maps-app/./src/api.ts"], "sourcesContent": [src],
                                                                         "mappings": "AAAA,OAAO,MAAM"}) + "\n")
    fb = rp.leak(fakes.google_api_key(rp.s()), "google.firebase")
    rp.write(f"{base}/landing/src/firebase.js", "import { initializeApp } from 'firebase/app';\n\nconst firebaseConfig = {\n"
                                                f"  apiKey: \"{fb}\",\n  authDomain: \"excorp-landing.firebaseapp.com\",\n  projectId: \"excorp-landing\",\n"
                                                f"  messagingSenderId: \"{rp.n(10**11, 10**12)}\",\n  appId: \"1:{rp.n(10**11, 10**12)}:web:{rp.hexs(22)}\",\n}};\n\nexport const app = initializeApp(firebaseConfig);\n")
    sas = rp.leak(f"sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2026-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig={base64.b64encode(rp.r.randbytes(32)).decode().replace('+', '%2B').replace('/', '%2F').replace('=', '%3D')}", "azure")
    rp.write(f"{base}/landing/upload.sh", f"#!/bin/sh\nazcopy copy ./dist 'https://excorplanding.blob.core.windows.net/$web?{sas}' --recursive\n")


def k8s_more(rp: Repo, base: str) -> None:
    pw = rp.leak(base64.b64encode(rp.gen_pw(20).encode()).decode(), "k8s.secret")
    user = base64.b64encode(b"orders").decode()
    rp.write(f"{base}/manifests/orders-db.yaml", f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: orders-db\ntype: Opaque\ndata:\n  username: {user}\n  password: {pw}\n")
    js = rp.leak(fakes.api_key_alnum(rp.s(), 40), "generic.secret")
    rp.write(f"{base}/manifests/oauth2-proxy.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: oauth2-proxy\nstringData:\n  config.json: |\n    {\n"
                                                    f"      \"client_id\": \"{rp.decoy(fakes.google_oauth_client_id(rp.s()), 'google-client-id')}\",\n"
                                                    f"      \"client_secret\": \"{rp.leak(fakes.google_oauth_client_secret(rp.s()), 'google')}\",\n      \"cookie_secret\": \"{js}\"\n    }}\n")
    dl = rp.leak(rp.gen_pw(20), "password")
    rp.write(f"{base}/.github/workflows/deploy.yml", "name: deploy\non: workflow_dispatch\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
                                                     "      - uses: docker/login-action@v3\n        with:\n          registry: registry.example-corp.net\n          username: deployer\n"
                                                     f"          password: {dl}\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n"
                                                     "          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}\n")
    ip = rp.leak(rp.gen_pw(16), "password")
    rp.write(f"{base}/ansible/inventories/prod/hosts.ini", "[db]\n" f"db01.internal ansible_user=ops ansible_become_pass={ip}\n" "db02.internal ansible_user=ops ansible_become_pass=\"{{ vault_become_pass }}\"\n")
    ddk, dda = rp.leak(fakes.api_key_hex(rp.s(), 32), "datadog"), rp.leak(fakes.api_key_hex(rp.s(), 40), "datadog")
    gh = rp.leak(fakes.github_classic(rp.s()), "github")
    rp.write(f"{base}/terraform/providers.tf", f'provider "datadog" {{\n  api_key = "{ddk}"\n  app_key = "{dda}"\n  api_url = "https://api.datadoghq.eu/"\n}}\n\n'
                                               f'provider "github" {{\n  owner = "excorp"\n  token = "{gh}"\n}}\n')


def notebook_magic(rp: Repo, base: str) -> None:
    oai = rp.leak(fakes.openai_key(rp.s()), "openai")
    nb = {"cells": [{"cell_type": "code", "execution_count": 1, "id": rp.hexs(8), "metadata": {}, "outputs": [{"name": "stdout", "output_type": "stream", "text": [f"env: OPENAI_API_KEY={oai}\n"]}],
                     "source": [f"%env OPENAI_API_KEY={oai}"]},
                    {"cell_type": "markdown", "id": rp.hexs(8), "metadata": {}, "source": ["## Results\n", "Accuracy 0.91 on the held-out set."]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    rp.write(f"{base}/llm-eval/eval.ipynb", json.dumps(nb, indent=1) + "\n")


def all_more(rp: Repo) -> None:
    """Each case appears with probability ~0.85 (seed-dependent corpora)."""
    cases = [(next_line_values, "public-repos"), (concatenated_keys, "public-repos"), (xml_configs, "public-repos"), (package_auth, "public-repos"),
             (services_and_windows, "container-layers/excorp-legacy-vm"), (tool_outputs, "ci-logs/artifacts"), (exports, "leaked-backups"),
             (settings_tables, "s3-buckets/excorp-db-backups"), (frontend_leaks, "public-repos"), (k8s_more, "public-repos/excorp-gitops"),
             (notebook_magic, "gists")]
    for fn, base in cases:
        if rp.chance(0.85):
            fn(rp, base)
