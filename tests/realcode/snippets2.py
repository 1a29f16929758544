# ruff: noqa: E501
"""More real-repository shapes (second batch): client libraries, ORMs, config loaders, shell
history, Ansible, Windows scripts, API docs, mobile apps, and their look-alikes."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

from tests.realcode.kit import LOWER, Gen, Writer, neg, plain, pos


def python_clients(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/scripts/backfill.py", "python", [
        plain("import psycopg2, pymongo, redis, smtplib"),
        pos(f'conn = psycopg2.connect(host="db.internal", dbname="orders", user="etl", password="{g.human_pw()}")', "password"),
        pos(f'mongo = pymongo.MongoClient("mongodb+srv://etl:{g.human_pw()}@cluster0.x1y2z.mongodb.net/orders")', "url"),
        pos(f'cache = redis.Redis(host="cache", port=6379, password="{g.human_pw()}")', "password"),
        plain('smtp = smtplib.SMTP("smtp.acme-mail.io", 587)'),
        pos(f'smtp.login("reports@acme-mail.io", "{g.human_pw()}")', "password"),
        neg('smtp.login(cfg["smtp_user"], cfg["smtp_password"])', "reference"),
        neg("password_length = 16", "name"),
        neg('PASSWORD_RESET_TIMEOUT = 259200', "name"),
        neg('hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())', "call"),
    ])


def js_clients(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/server/db.js", "javascript", [
        plain("const { Pool } = require('pg');"),
        plain("const pool = new Pool({"), plain("  host: 'localhost',"), plain("  user: 'shop',"),
        pos(f"  password: '{g.human_pw()}',", "password"), plain("  database: 'shop',"), plain("});"),
        pos(f"const stripeSecret = process.env.STRIPE_SECRET || '{g.token(32)}';", "secret"),
        neg("const passwordInput = document.querySelector('#password');", "dom"),
        neg("const PASSWORD_REGEX = /^(?=.*[A-Z])(?=.*\\d).{8,}$/;", "regex"),
        neg("module.exports = { passwordStrength, hashPassword };", "code"),
        pos(f"axios.defaults.headers.common['Authorization'] = 'Bearer {g.token(40)}';", "bearer"),
    ])


def ansible(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/ansible/group_vars/db.yml", "ansible", [
        plain("---"), plain("mysql_root_user: root"),
        pos(f"mysql_root_password: {g.human_pw()}", "password"),
        neg('mysql_app_password: "{{ vault_mysql_app_password }}"', "template"),
        pos(f"ansible_become_pass: {g.human_pw()}", "password"),
        neg("ansible_ssh_private_key_file: ~/.ssh/deploy_ed25519", "path"),
    ])
    w.file(f"{d}/ansible/inventory.ini", "ini", [
        plain("[web]"), pos(f"web1 ansible_host=10.0.1.11 ansible_user=deploy ansible_password={g.human_pw()}", "password"),
    ])


def windows(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/tools/provision.ps1", "powershell", [
        pos(f'$secure = ConvertTo-SecureString "{g.human_pw()}" -AsPlainText -Force', "password"),
        plain("$cred = New-Object System.Management.Automation.PSCredential ('ACME\\svc_build', $secure)"),
        pos(f'Invoke-Sqlcmd -ServerInstance db01 -Username sa -Password "{g.human_pw()}" -Query "SELECT 1"', "cli"),
        neg("$password = Read-Host -AsSecureString 'Password'", "prompt"),
    ])
    w.file(f"{d}/tools/map.cmd", "batch", [
        plain("@echo off"), pos(f"net user svc_backup {g.human_pw()} /add", "cli"),
        pos(f"sqlcmd -S .\\SQLEXPRESS -U sa -P {g.human_pw()} -i seed.sql", "cli"),
    ])


def docs(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/docs/api.md", "markdown", [
        plain("## Authentication"), plain("Send the token in the header:"), plain("```"),
        pos(f'curl -H "Authorization: Bearer {g.token(40)}" https://api.acme-cloud.io/v1/projects', "bearer"),
        plain("```"), plain("Staging credentials for the QA team:"),
        pos(f"- password: `{g.human_pw()}`", "password"),
        neg("- password: `<your password>`", "placeholder"),
        neg("The password must contain at least one digit.", "prose"),
        neg("Set `PASSWORD_HASHERS` to use Argon2.", "prose"),
    ])


def mobile(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/ios/App/Secrets.swift", "swift", [
        plain("enum Secrets {"),
        pos(f'    static let apiSecret = "{g.token(40)}"', "secret"),
        neg("    static let passwordKey = \"user.password\"", "name"),
        neg("    var password: String?", "type"), plain("}"),
    ])
    w.file(f"{d}/android/app/src/main/res/values/strings.xml", "xml", [
        plain("<resources>"),
        neg('    <string name="prompt_password">Password</string>', "ui-label"),
        neg('    <string name="error_invalid_password">Password is too short</string>', "ui-label"),
        pos(f'    <string name="api_secret">{g.token(32)}</string>', "secret"),
        plain("</resources>"),
    ])


def configs(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/config/settings.toml", "toml", [
        plain("[database]"), plain('user = "analytics"'),
        pos(f'password = "{g.human_pw()}"', "password"),
        plain("[auth]"), pos(f'jwt_secret = "{g.token(48)}"', "secret"),
        neg('password_min_length = 12', "name"), neg('token_ttl = "15m"', "name"),
    ])
    w.file(f"{d}/config/application.yml", "yaml", [
        plain("spring:"), plain("  mail:"), plain("    username: alerts@acme-mail.io"),
        pos(f"    password: {g.human_pw()}", "password"),
        plain("  datasource:"),
        neg("    password: ${DB_PASSWORD:}", "reference"),
        plain("security:"), plain("  oauth2:"), plain("    client:"),
        pos(f"      client-secret: {g.token(40)}", "secret"),
    ])
    w.file(f"{d}/.npmrc", "npmrc", [
        plain("registry=https://npm.acme-cloud.io/"),
        pos("//npm.acme-cloud.io/:_auth=" + base64.b64encode(f"ci:{g.strong_pw(14)}".encode()).decode(), "npm"),
    ])
    w.file(f"{d}/config/db.conf", "conf", [
        pos(f"pgsql://reporter:{g.human_pw()}@warehouse.internal:5432/dw", "url"),
        pos(f"amqp://orders:{g.human_pw()}@rabbit.internal:5672/orders", "url"),
        neg("amqp://guest:guest@localhost:5672/", "default"),
        pos(f"ftp://uploader:{g.human_pw()}@ftp.acme-cloud.io/incoming", "url"),
    ])


def har(g: Gen, w: Writer, d: str) -> None:
    tok = g.jwt()
    entries = {"log": {"entries": [{"request": {"method": "GET", "url": "https://api.acme-cloud.io/me", "headers": [
        {"name": "Authorization", "value": "Bearer " + tok},
        {"name": "Cookie", "value": "theme=dark"},
        {"name": "X-Api-Key", "value": g.token(32)}]}}]}}
    lines = json.dumps(entries, indent=2).split("\n")
    out = []
    for ln in lines:
        if "Bearer " in ln:
            out.append(pos(ln, "bearer"))
        elif len(ln.strip()) > 40 and '"value"' in ln and "theme" not in ln:
            out.append(pos(ln, "header"))
        else:
            out.append(plain(ln))
    # the X-Api-Key value sits on the line after its name
    w.file(f"{d}/tests/fixtures/session.har", "har", out)


def lockfiles(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/yarn.lock", "lockfile", [
        plain('passport-local@^1.0.0:'), plain('  version "1.0.0"'),
        neg(f'  resolved "https://registry.yarnpkg.com/passport-local/-/passport-local-1.0.0.tgz#{g.hexs(40)}"', "lockfile"),
        neg(f'  integrity sha1-{g.b64(g.rbytes(20))}', "lockfile"),
    ])
    w.file(f"{d}/Pipfile.lock", "lockfile", [
        plain('        "keyring": {'),
        neg(f'            "hashes": ["sha256:{g.hexs(64)}"],', "lockfile"),
        plain('            "version": "==24.3.0"'), plain("        },"),
    ])
    w.file(f"{d}/.pre-commit-config.yaml", "yaml", [
        plain("repos:"), plain("  - repo: https://github.com/Yelp/detect-secrets"),
        neg(f"    rev: {g.hexs(40)}", "git-sha"), plain("    hooks:"), plain("      - id: detect-secrets"),
    ])


def k8s(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/k8s/secret.yaml", "k8s", [
        plain("apiVersion: v1"), plain("kind: Secret"), plain("metadata:"), plain("  name: app"),
        plain("stringData:"), pos(f"  DB_PASSWORD: {g.human_pw()}", "password"),
        pos(f"  API_TOKEN: {g.token(40)}", "secret"),
        plain("data:"), pos("  SMTP_PASSWORD: " + base64.b64encode(g.human_pw().encode()).decode(), "k8s-b64"),
    ])
    w.file(f"{d}/k8s/deploy.yaml", "k8s", [
        plain("        env:"), plain("          - name: DB_PASSWORD"),
        neg("            valueFrom: {secretKeyRef: {name: app, key: DB_PASSWORD}}", "reference"),
        plain("          - name: REDIS_PASSWORD"), pos(f"            value: {g.human_pw()}", "password"),
    ])


def go_more(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/cmd/worker/main.go", "go", [
        plain("func main() {"),
        pos(f'\tdsn := "app:{g.human_pw()}@tcp(mysql:3306)/app?parseTime=true"', "dsn"),
        pos(f'\tclient := api.New(api.Config{{Token: "{g.token(40)}"}})', "secret"),
        neg('\ttoken := r.Header.Get("Authorization")', "reference"),
        neg('\tconst passwordField = "password"', "name"), plain("}"),
    ])


FAMILIES2: list[Callable[[Gen, Writer, str], None]] = [
    python_clients, js_clients, ansible, windows, docs, mobile, configs, har, lockfiles, k8s,
    go_more,
]

_ = LOWER
