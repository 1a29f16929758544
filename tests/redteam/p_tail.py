# ruff: noqa: E501
"""More languages and tool config formats, each written either with a real secret or with the
safe pattern the same project would use instead."""

from __future__ import annotations

import json

from tests import fakes
from tests.redteam.kit import Repo


def _pw(rp: Repo) -> str:
    return rp.gen_pw(rp.n(14, 24)).replace("'", "x").replace('"', "x").replace("\\", "x")


def tail(rp: Repo, base: str) -> None:
    r = rp.chance
    # Elixir / Phoenix
    real = r(0.5)
    rp.write(f"{base}/phoenix/config/prod.exs", "\n".join([
        "import Config", "", "config :shop, ShopWeb.Endpoint,", '  url: [host: "shop.acme-corp.io", port: 443],',
        f'  secret_key_base: "{rp.leak(fakes.api_key_alnum(rp.s(), 64), "generic.secret")}"' if real else '  secret_key_base: System.fetch_env!("SECRET_KEY_BASE")', "",
        "config :shop, Shop.Repo,", '  username: "shop",', f'  password: "{rp.leak(_pw(rp), "generic.password")}",' if real else '  password: System.get_env("DB_PASSWORD"),',
        f'  hostname: "{rp.host()}",', "  pool_size: 10", ""]))
    # Scala / Play HOCON
    real = r(0.5)
    rp.write(f"{base}/play-api/conf/application.conf", "\n".join([
        'play.http.secret.key = ${?APPLICATION_SECRET}' if not real else f'play.http.secret.key = "{rp.leak(fakes.api_key_alnum(rp.s(), 48), "generic.secret")}"',
        "slick.dbs.default.profile = \"slick.jdbc.PostgresProfile$\"", f'slick.dbs.default.db.url = "jdbc:postgresql://{rp.host()}/ledger"', 'slick.dbs.default.db.user = "ledger"',
        'slick.dbs.default.db.password = ${?DB_PASSWORD}', "akka.loglevel = INFO", ""]))
    # Dart / Flutter
    real = r(0.4)
    rp.write(f"{base}/flutter_app/lib/env.dart", "\n".join([
        "class Env {", "  static const apiBase = 'https://api.acme-corp.io';",
        f"  static const mapsApiKey = '{rp.leak(fakes.google_api_key(rp.s()), 'google')}';" if real else "  static const mapsApiKey = String.fromEnvironment('MAPS_API_KEY');",
        "  static const sentryDsn = String.fromEnvironment('SENTRY_DSN');", "}", ""]))
    # Objective-C
    real = r(0.4)
    rp.write(f"{base}/ios-legacy/AcmeKit/ACMConstants.m", "\n".join([
        '#import "ACMConstants.h"', "", 'NSString * const ACMBaseURL = @"https://api.acme-corp.io";',
        f'NSString * const ACMClientSecret = @"{rp.leak(fakes.api_key_alnum(rp.s(), 40), "generic.secret")}";' if real else 'NSString * const ACMClientID = @"ios-app";', ""]))
    # C firmware header
    real = r(0.4)
    rp.write(f"{base}/firmware/include/config.h", "\n".join([
        "#pragma once", '#define WIFI_SSID "acme-iot"', f'#define WIFI_PASSWORD "{rp.leak(rp.human_pw(), "generic.password")}"' if real else '#define WIFI_PASSWORD CONFIG_WIFI_PASSWORD',
        '#define MQTT_HOST "mqtt.acme-corp.io"', f'#define MQTT_TOKEN "{rp.leak(fakes.api_key_alnum(rp.s(), 32), "generic.token")}"' if real and r(0.5) else '#define MQTT_PORT 8883',
        f'#define FW_SHA256 "{rp.decoy(fakes.sha256_hex(rp.s()), "hex-digest")}"', ""]))
    # R
    if r(0.5):
        rp.write(f"{base}/r-analysis/.Renviron", f"GITHUB_PAT={rp.leak(fakes.github_classic(rp.s()), 'github')}\nR_LIBS_USER=~/R/library\n")
    rp.write(f"{base}/r-analysis/analysis.R", "library(DBI)\ncon <- dbConnect(RPostgres::Postgres(), host = Sys.getenv('PGHOST'), password = Sys.getenv('PGPASSWORD'))\n")
    # dotfiles: .pgpass, .my.cnf, .s3cfg, rclone.conf, poetry auth.toml
    if r(0.5):
        rp.write(f"{base}/ops/dotfiles/.pgpass", f"{rp.host()}:5432:orders:orders_rw:{rp.leak(_pw(rp).replace(':', 'x'), 'generic.password')}\nlocalhost:5432:*:postgres:postgres\n")
    if r(0.5):
        rp.write(f"{base}/ops/dotfiles/.my.cnf", f"[client]\nuser=backup\npassword=\"{rp.leak(_pw(rp), 'generic.password')}\"\nhost={rp.host()}\n")
    if r(0.5):
        kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
        rp.write(f"{base}/ops/dotfiles/.s3cfg", "\n".join(["[default]", f"access_key = {rp.leak(kid, 'aws')}", f"secret_key = {rp.leak(sec, 'aws')}", "host_base = s3.amazonaws.com",
                                                          "host_bucket = %(bucket)s.s3.amazonaws.com", "use_https = True", ""]))
    if r(0.5):
        kid, sec = fakes.aws_key_id(rp.s()), fakes.aws_secret(rp.s())
        rp.write(f"{base}/ops/dotfiles/rclone.conf", "\n".join(["[s3-archive]", "type = s3", "provider = AWS", f"access_key_id = {rp.leak(kid, 'aws')}",
                                                               f"secret_access_key = {rp.leak(sec, 'aws')}", f"region = {rp.region()}", "", "[gdrive]", "type = drive",
                                                               f"token = {{\"access_token\":\"ya29.{rp.leak(fakes.rand(rp.s(), fakes.B64URL, 120), 'other.google-oauth')}\",\"token_type\":\"Bearer\",\"expiry\":\"2024-01-09T12:00:00Z\"}}", ""]))
    if r(0.5):
        rp.write(f"{base}/ops/dotfiles/pypoetry/auth.toml", f'[http-basic.acme]\nusername = "ci"\npassword = "{rp.leak(_pw(rp), "generic.password")}"\n')
    # .NET launchSettings
    real = r(0.4)
    rp.write(f"{base}/dotnet-tools/Properties/launchSettings.json", json.dumps({"profiles": {"Worker": {"commandName": "Project", "environmentVariables": {
        "DOTNET_ENVIRONMENT": "Development", "SendGrid__ApiKey": rp.leak(fakes.sendgrid_key(rp.s()), "sendgrid") if real else "", "Queue__ConnectionString": "UseDevelopmentStorage=true"}}}}, indent=2) + "\n")
    # Terraform variable default
    real = r(0.4)
    rp.write(f"{base}/tf-legacy/variables.tf", "\n".join([
        'variable "grafana_admin_password" {', "  type      = string", "  sensitive = true", f'  default   = "{rp.leak(rp.human_pw(), "generic.password")}"' if real else "", "}", "",
        'variable "region" {', '  default = "eu-west-1"', "}", ""]))
    # Cloudflare wrangler
    real = r(0.4)
    rp.write(f"{base}/edge-worker/wrangler.toml", "\n".join([
        'name = "edge-worker"', 'main = "src/index.ts"', 'compatibility_date = "2024-01-01"', f'account_id = "{rp.decoy(rp.hexs(32), "hex-id")}"', "", "[vars]",
        'PUBLIC_SITE = "https://acme-corp.io"', f'UPSTREAM_TOKEN = "{rp.leak(fakes.api_key_alnum(rp.s(), 40), "generic.token")}"' if real else "# UPSTREAM_TOKEN is set with `wrangler secret put`", ""]))
    # GitHub Actions with an inline SSH key (block scalar)
    if r(0.4):
        key = fakes.pem_private_key(rp.s(), "OPENSSH")
        ind = "\n".join("            " + ln for ln in key.rstrip("\n").split("\n"))
        rp.write(f"{base}/.github/workflows/sync.yml", "name: sync\non: schedule\njobs:\n  sync:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: webfactory/ssh-agent@v0.8.0\n        with:\n          ssh-private-key: |\n"
                 + ind.replace(key.split("\n")[1], rp.leak_pem(key).split("\n")[1], 1) + "\n      - run: git push deploy main\n")
