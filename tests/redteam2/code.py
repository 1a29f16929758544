# ruff: noqa: E501
"""Secrets in unusual but realistic positions inside source code, one language at a time:
multi-line strings, heredocs, dict literals spread over lines, struct literals, consts,
string concatenation, escaped and encoded forms."""

from __future__ import annotations

import json

from tests import fakes
from tests.redteam.kit import Repo


def java_unicode(s: str) -> str:
    """How ``native2ascii`` / IDEs write non-ASCII (and sometimes every) char in .properties."""
    return "".join(c if c.isalnum() and c.isascii() else f"\\u{ord(c):04x}" for c in s)


def python(rp: Repo, base: str) -> None:
    k, s = rp.leak(fakes.aws_key_id(rp.s()), "aws"), rp.leak(fakes.aws_secret(rp.s()), "aws")
    pw = rp.leak(rp.any_pw(), "password")
    rp.write(f"{base}/etl/settings.py", "\"\"\"ETL settings (copied from the wiki).\"\"\"\n\nBUCKETS = {\n    \"raw\": \"excorp-raw-eu\",\n    \"curated\": \"excorp-curated-eu\",\n}\n\n"
                                        "AWS = dict(\n    region_name=\"eu-west-1\",\n"
                                        f"    aws_access_key_id=\"{k}\",\n    aws_secret_access_key=\"{s}\",\n)\n\n"
                                        "WAREHOUSE = {\n    \"ENGINE\": \"django.db.backends.postgresql\",\n    \"NAME\": \"warehouse\",\n    \"USER\": \"etl\",\n"
                                        f"    \"PASSWORD\": \"{pw}\",\n    \"HOST\": \"warehouse.internal\",\n    \"PORT\": 5432,\n}}\n")
    # a token in a triple-quoted multi-line string (a curl command kept for reference)
    sk = rp.leak(fakes.slack_bot(rp.s()), "slack")
    rp.write(f"{base}/etl/notify.py", "import subprocess\n\nCURL = \"\"\"\ncurl -X POST https://slack.com/api/chat.postMessage \\\n"
                                      f"  -H 'Authorization: Bearer {sk}' \\\n  -H 'Content-type: application/json' \\\n  --data '{{\"channel\":\"#etl\",\"text\":\"%s\"}}'\n\"\"\"\n\n\n"
                                      "def notify(text: str) -> None:\n    subprocess.run(CURL % text, shell=True, check=False)\n")
    # split over an implicit concatenation: one positive line per part is not what anyone
    # labels; the key is written whole on one line, the concatenation is only for the URL
    oai = rp.leak(fakes.openai_key(rp.s()), "openai")
    rp.write(f"{base}/etl/summarise.py", "from openai import OpenAI\n\nclient = OpenAI(\n"
                                         f"    api_key=\"{oai}\",\n    base_url=(\"https://api.openai.com\"\n              \"/v1\"),\n)\n")


def go(rp: Repo, base: str) -> None:
    k, s = rp.leak(fakes.aws_key_id(rp.s()), "aws"), rp.leak(fakes.aws_secret(rp.s()), "aws")
    rp.write(f"{base}/internal/storage/config.go", "package storage\n\nimport \"github.com/aws/aws-sdk-go-v2/credentials\"\n\n"
                                                   "var defaultConfig = Config{\n\tRegion: \"eu-west-1\",\n\tBucket: \"excorp-uploads\",\n"
                                                   f"\tCredentials: credentials.NewStaticCredentialsProvider(\n\t\t\"{k}\",\n\t\t\"{s}\",\n\t\t\"\",\n\t),\n}}\n")
    pw = rp.leak(fakes.api_key_alnum(rp.s(), 20), "password.url")
    tg = rp.leak(fakes.telegram_bot_token(rp.s()), "telegram")
    rp.write(f"{base}/cmd/alerter/main.go", "package main\n\ntype settings struct {\n\tDSN      string\n\tBotToken string\n\tChatID   int64\n}\n\n"
                                            f"var cfg = settings{{\n\tDSN:      \"mysql://alerter:{pw}@tcp(mysql.internal:3306)/alerts\",\n\tBotToken: \"{tg}\",\n\tChatID:   -1001234567890,\n}}\n")
    # raw string literal holding a whole JSON config
    sg = rp.leak(fakes.sendgrid_key(rp.s()), "sendgrid")
    rp.write(f"{base}/internal/mail/defaults.go", "package mail\n\nconst defaultJSON = `{\n  \"provider\": \"sendgrid\",\n"
                                                  f"  \"api_key\": \"{sg}\",\n  \"from\": \"no-reply@example-corp.net\"\n}}`\n")


def rust(rp: Repo, base: str) -> None:
    t = rp.leak(fakes.github_classic(rp.s(), "s"), "github")
    d = rp.leak(fakes.discord_bot_token(rp.s()), "discord")
    rp.write(f"{base}/src/config.rs", "//! Compile-time configuration.\n\npub const API_BASE: &str = \"https://api.github.com\";\n"
                                      f"pub const GITHUB_APP_TOKEN: &str = \"{t}\";\npub const DISCORD_TOKEN: &'static str =\n    \"{d}\";\n"
                                      "pub const USER_AGENT: &str = concat!(\"excorp-bot/\", env!(\"CARGO_PKG_VERSION\"));\n")


def kotlin_swift(rp: Repo, base: str) -> None:
    gk = rp.leak(fakes.google_api_key(rp.s()), "google")
    rp.write(f"{base}/android/app/src/main/java/net/excorp/app/Keys.kt", "package net.excorp.app\n\nobject Keys {\n"
                                                                         f"    const val MAPS_API_KEY = \"{gk}\"\n    val segmentWriteKey: String = BuildConfig.SEGMENT_WRITE_KEY\n}}\n")
    pw = rp.leak(rp.gen_pw(18), "password")
    rp.write(f"{base}/android/app/build.gradle.kts", "android {\n    signingConfigs {\n        create(\"release\") {\n            storeFile = file(\"../keystore/release.jks\")\n"
                                                     f"            storePassword = \"{pw}\"\n            keyAlias = \"release\"\n            keyPassword = \"{pw}\"\n        }}\n    }}\n}}\n")
    rc = rp.leak(fakes.api_key_alnum(rp.s(), 32), "generic.secret")
    rp.write(f"{base}/ios/ExCorp/Config/Secrets.swift", "import Foundation\n\nenum Secrets {\n    static let revenueCatPublicKey = \"appl_" + fakes.rand(rp.s(), fakes.ALNUM, 27) + "\"\n"
                                                        f"    static let backendClientSecret = \"{rc}\"\n    static let sentryDSN = URL(string: \"{rp.decoy(fakes.sentry_dsn(rp.s()), 'sentry-dsn')}\")!\n}}\n")


def java_properties(rp: Repo, base: str) -> None:
    raw = rp.human_pw() + "é"
    esc = java_unicode(raw)
    rp.leak(esc, "password")
    ak = rp.leak(fakes.api_key_hex(rp.s(), 32), "generic.secret")
    rp.write(f"{base}/src/main/resources/application-prod.properties", "# Spring profile: prod (encoding ISO-8859-1, non-ASCII escaped)\n"
                                                                       "spring.datasource.url=jdbc:sqlserver://sql01.example-corp.net:1433;databaseName=Billing;encrypt=true\n"
                                                                       f"spring.datasource.username=billing_app\nspring.datasource.password={esc}\n"
                                                                       f"payment.gateway.api-key={ak}\nmanagement.endpoint.health.show-details=never\n"
                                                                       "app.greeting=Gr\\u00fc\\u00dfe aus M\\u00fcnchen\n")
    # Java: a password concatenated in a JDBC call
    jp = rp.leak(rp.gen_pw(16).replace('"', "!"), "password")
    rp.write(f"{base}/src/main/java/net/excorp/billing/LegacyDao.java", "package net.excorp.billing;\n\nimport java.sql.Connection;\nimport java.sql.DriverManager;\n\n"
                                                                       "final class LegacyDao {\n    Connection open() throws Exception {\n"
                                                                       "        return DriverManager.getConnection(\"jdbc:oracle:thin:@//ora-legacy.example-corp.net:1521/BILLPDB\",\n"
                                                                       f"            \"BILLING\", \"{jp}\");\n    }}\n}}\n")


def csharp(rp: Repo, base: str) -> None:
    sql = rp.leak(rp.gen_pw(20).replace(";", "!"), "password")
    sb = rp.leak(fakes.azure_storage_key(rp.s()), "azure")
    cs = rp.leak(fakes.azure_ad_client_secret(rp.s()), "azure")
    doc = {"Logging": {"LogLevel": {"Default": "Information", "Microsoft.AspNetCore": "Warning"}},
           "ConnectionStrings": {"Billing": f"Server=tcp:sql-excorp.database.windows.net,1433;Initial Catalog=billing;User ID=billing_app;Password={sql};Encrypt=True;",
                                 "Blobs": f"DefaultEndpointsProtocol=https;AccountName=excorpdocs;AccountKey={sb};EndpointSuffix=core.windows.net",
                                 "Redis": "localhost:6379,abortConnect=false"},
           "Authentication": {"AzureAd": {"Instance": "https://login.microsoftonline.com/", "TenantId": rp.decoy(rp.uuid(), "uuid"),
                                          "ClientId": rp.decoy(rp.uuid(), "uuid"), "ClientSecret": cs, "CallbackPath": "/signin-oidc"}},
           "FeatureManagement": {"NewInvoiceLayout": True}}
    rp.write(f"{base}/src/Billing.Api/appsettings.Production.json", json.dumps(doc, indent=2) + "\n")
    rp.write(f"{base}/src/Billing.Api/appsettings.Development.json", json.dumps({"ConnectionStrings": {"Billing": "Server=(localdb)\\mssqllocaldb;Database=billing;Trusted_Connection=True;",
                                                                                                         "Blobs": "UseDevelopmentStorage=true"}}, indent=2) + "\n")
    tok = rp.leak(fakes.github_fine_grained(rp.s()), "github")
    rp.write(f"{base}/tools/ReleaseNotes/Program.cs", "using Octokit;\n\nvar client = new GitHubClient(new ProductHeaderValue(\"release-notes\"))\n{\n"
                                                      f"    Credentials = new Credentials(\"{tok}\")\n}};\nvar releases = await client.Repository.Release.GetAll(\"excorp\", \"billing\");\n")


def shell_heredocs(rp: Repo, base: str) -> None:
    k, s = rp.leak(fakes.aws_key_id(rp.s()), "aws"), rp.leak(fakes.aws_secret(rp.s()), "aws")
    pw = rp.leak(rp.gen_pw(20), "password")
    rp.write(f"{base}/provision/bootstrap.sh", "#!/usr/bin/env bash\nset -euo pipefail\n\nmkdir -p ~/.aws\ncat > ~/.aws/credentials <<EOF\n[default]\n"
                                               f"aws_access_key_id = {k}\naws_secret_access_key = {s}\nEOF\n\n"
                                               "cat <<'SQL' | psql -h db.internal -U postgres\n"
                                               f"CREATE ROLE reporting LOGIN PASSWORD '{pw}';\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;\nSQL\n")
    tok = rp.leak(fakes.digitalocean_token(rp.s()), "digitalocean")
    rp.write(f"{base}/provision/cloud-init.yaml", "#cloud-config\npackage_update: true\npackages: [docker.io, jq]\nwrite_files:\n"
                                                  "  - path: /etc/excorp/agent.env\n    permissions: '0600'\n    content: |\n"
                                                  f"      DO_TOKEN={tok}\n      REGION=fra1\nruncmd:\n  - systemctl enable --now excorp-agent\n")
    pem = fakes.pem_private_key(rp.s(), "OPENSSH")
    rp.leak_pem(pem, "pem")
    escaped = pem.replace("\n", "\\n")
    rp.write(f"{base}/provision/Dockerfile", "FROM python:3.12-slim\nARG GIT_HOST=git.example-corp.net\nRUN mkdir -p /root/.ssh && \\\n"
                                             f"    echo \"{escaped}\" > /root/.ssh/id_ed25519 && \\\n    chmod 600 /root/.ssh/id_ed25519 && \\\n"
                                             "    ssh-keyscan $GIT_HOST >> /root/.ssh/known_hosts\nRUN pip install git+ssh://git@git.example-corp.net/platform/sdk.git\n")


def php_ruby_js(rp: Repo, base: str) -> None:
    pw = rp.leak(rp.gen_pw(16).replace("'", "!"), "password")
    rp.write(f"{base}/web/includes/db.php", "<?php\n$link = mysqli_connect('mysql-legacy.internal', 'shop', " f"'{pw}', 'shop');\n"
                                            "if (!$link) { die('db down'); }\n")
    mc = rp.leak(fakes.mailchimp_api_key(rp.s()), "mailchimp")
    rp.write(f"{base}/web/includes/newsletter.php", "<?php\nreturn [\n    'mailchimp' => [\n" f"        'api_key' => '{mc}',\n        'list_id' => 'a1b2c3d4e5',\n    ],\n];\n")
    whs = rp.leak(fakes.stripe_webhook_secret(rp.s()), "stripe")
    rp.write(f"{base}/api/config/initializers/stripe.rb", "Rails.configuration.stripe = {\n  publishable_key: ENV['STRIPE_PUBLISHABLE_KEY'],\n"
                                                          f"  secret_key:      ENV['STRIPE_SECRET_KEY'],\n  signing_secret:  '{whs}'\n}}\n")
    sq = rp.leak(fakes.square_access_token(rp.s()), "square")
    rp.write(f"{base}/pos/src/square.js", "const { Client, Environment } = require('square');\n\nmodule.exports = new Client({\n  environment: Environment.Production,\n"
                                          f"  accessToken: '{sq}',\n}});\n")
    # template literal spread over lines (basic auth built inline)
    user, pw2 = "integration", rp.leak(rp.gen_pw(18).replace("`", "!").replace("$", "!"), "password")
    rp.write(f"{base}/pos/src/legacyClient.ts", "import axios from 'axios';\n\nexport const legacy = axios.create({\n  baseURL: 'https://erp.example-corp.net/api',\n"
                                                f"  auth: {{\n    username: '{user}',\n    password: '{pw2}',\n  }},\n}});\n")


def all_code(rp: Repo, base: str) -> None:
    python(rp, f"{base}/excorp-data-pipelines")
    go(rp, f"{base}/excorp-alerter")
    rust(rp, f"{base}/gh-release-bot")
    kotlin_swift(rp, f"{base}/excorp-mobile")
    java_properties(rp, f"{base}/excorp-billing-java")
    csharp(rp, f"{base}/excorp-billing-dotnet")
    shell_heredocs(rp, f"{base}/infra-bootstrap")
    php_ruby_js(rp, f"{base}/legacy-shop")
