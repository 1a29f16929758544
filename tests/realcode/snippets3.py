# ruff: noqa: E501
"""Third batch of real-repository shapes: assertions, fallbacks, Rails and Django settings,
Jenkins and GitHub workflows, Dockerfiles, cloud-init, HCL, Scala/Rust/C, and look-alikes."""

from __future__ import annotations

from collections.abc import Callable

from tests.realcode.kit import Gen, Writer, neg, plain, pos


def assertions(g: Gen, w: Writer, d: str) -> None:
    pw = g.human_pw()
    w.file(f"{d}/tests/unit/test_settings.py", "python-test", [
        plain("def test_defaults(settings):"),
        pos(f"    assert settings.DB_PASSWORD == '{pw}'", "password"),
        pos(f"    self.assertEqual(cfg.smtp_password, '{g.human_pw()}')", "password"),
        neg("    assert settings.DB_PASSWORD == ''", "empty"),
        neg("    assert form.errors['password'] == ['This field is required.']", "prose"),
    ])
    w.file(f"{d}/web/src/auth.spec.js", "js-test", [
        pos(f"  expect(config.password).toBe('{g.human_pw()}');", "password"),
        neg("  expect(screen.getByLabelText('Password')).toBeInTheDocument();", "ui-label"),
        pos(f"  const dbPassword = process.env.DB_PASSWORD || '{g.human_pw()}';", "password"),
    ])


def rails_django(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/config/database.yml", "yaml", [
        plain("test:"), plain("  adapter: postgresql"), plain("  username: rails"),
        pos(f"  password: {g.human_pw()}", "password"),
        neg("production:\n  password: <%= ENV['DATABASE_PASSWORD'] %>", "template"),
    ])
    w.file(f"{d}/project/settings/test.py", "python", [
        plain("DATABASES = {"), plain("    'default': {"), plain("        'ENGINE': 'django.db.backends.mysql',"),
        pos(f"        'PASSWORD': '{g.human_pw()}',", "password"), plain("    }"), plain("}"),
        neg("AUTH_PASSWORD_VALIDATORS = [{'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator'}]", "name"),
        neg("PASSWORD_HASHERS = ['django.contrib.auth.hashers.PBKDF2PasswordHasher']", "name"),
        pos(f"EMAIL_HOST_PASSWORD = '{g.human_pw()}'", "password"),
    ])


def pipelines(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/Jenkinsfile", "groovy", [
        plain("pipeline {"), plain("  stages {"), plain("    stage('push') {"),
        neg("      withCredentials([usernamePassword(credentialsId: 'nexus', passwordVariable: 'NEXUS_PW', usernameVariable: 'NEXUS_USER')]) {", "reference"),
        pos(f"        sh 'docker login -u jenkins -p {g.strong_pw(18)} nexus.acme-cloud.io:8443'", "cli"),
        plain("      }"), plain("    }"), plain("  }"), plain("}"),
    ])
    w.file(f"{d}/.github/workflows/e2e.yml", "ci", [
        plain("jobs:"), plain("  e2e:"), plain("    services:"), plain("      mysql:"),
        plain("        image: mysql:8"), plain("        env:"),
        pos(f"          MYSQL_ROOT_PASSWORD: {g.human_pw()}", "password"),
        neg("          MYSQL_PASSWORD: ${{ secrets.MYSQL_PASSWORD }}", "reference"),
        plain("    steps:"),
        pos(f"      - run: mysql -h 127.0.0.1 -uroot -p{g.human_pw()} -e 'select 1'", "cli"),
    ])
    w.file(f"{d}/Dockerfile", "dockerfile", [
        plain("FROM python:3.12-slim"),
        pos(f"ENV ADMIN_PASSWORD={g.human_pw()}", "password"),
        neg("ARG NPM_TOKEN", "declaration"),
        neg("RUN --mount=type=secret,id=npm_token cat /run/secrets/npm_token", "reference"),
    ])
    w.file(f"{d}/cloud-init.yaml", "cloud-init", [
        plain("#cloud-config"), plain("chpasswd:"), plain("  list: |"),
        pos(f"    ubuntu:{g.human_pw()}", "password"), plain("  expire: false"),
    ])


def other_langs(g: Gen, w: Writer, d: str) -> None:
    w.file(f"{d}/src/main/scala/Db.scala", "scala", [
        pos(f'  val password = "{g.human_pw()}"', "password"),
        neg("  val passwordHash: String = hash(password)", "call"),
    ])
    w.file(f"{d}/src/config.rs", "rust", [
        pos(f'const API_TOKEN: &str = "{g.token(40)}";', "secret"),
        neg("pub struct Config { pub password: Option<String> }", "type"),
    ])
    w.file(f"{d}/firmware/wifi.h", "c", [
        plain('#define WIFI_SSID "acme-iot"'),
        pos(f'#define WIFI_PASSWORD "{g.human_pw()}"', "password"),
        neg("#define PASSWORD_MAX_LEN 64", "name"),
    ])
    w.file(f"{d}/infra/vault.hcl", "hcl", [
        plain('resource "vault_generic_secret" "db" {'), plain('  path = "secret/db"'),
        pos(f'  data_json = jsonencode({{ password = "{g.human_pw()}" }})', "password"), plain("}"),
        neg('  password = data.vault_generic_secret.db.data["password"]', "reference"),
    ])


FAMILIES3: list[Callable[[Gen, Writer, str], None]] = [assertions, rails_django, pipelines, other_langs]
