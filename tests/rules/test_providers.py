"""Each provider rule: one realistic positive and one look-alike negative.

Adding a provider is adding a rule in scanner/rules/builtin.toml plus a row here.
"""

from __future__ import annotations

import base64

import pytest

from scanner.api import scan_text
from tests import fakes as F


def _ids(text: str, path: str = "app/config.py") -> set[str]:
    return {f.rule_id for f in scan_text(text, path)}


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


PYPI_OK = "py" + "pi-" + _b64url(b"\x02\x01\x08pypi.org\x02\x01\x00" + bytes(range(60)))
PYPI_BAD = "py" + "pi-" + "AgE" + F.rand("pypibad", F.ALNUM, 80)

CASES: list[tuple[str, str, str]] = [
    # rule id, positive text, negative text
    ("github-classic-token", f'GITHUB_TOKEN = "{F.github_classic(1)}"',
     f'GITHUB_TOKEN = "{F.github_classic(1)[:-3]}aaa"'),
    ("github-classic-token", f"auth: {F.github_classic(2, 's')}",
     "auth: gh" + "s_" + "x" * 36),
    ("github-fine-grained-token", f"token={F.github_fine_grained(1)}",
     "token=github" + "_pat_" + "X" * 22 + "_" + "X" * 59),
    ("gitlab-token", f'private_token: "{F.gitlab_pat(3)}"',
     'private_token: "gl' + 'pat-xxxxxxxxxxxxxxxxxxxx"'),
    ("npm-token", f"//registry.npmjs.org/:_authToken={F.npm_token(1)}",
     f"//registry.npmjs.org/:_authToken={F.npm_token(1)[:-2]}zz"),
    ("pypi-token", f"password = {PYPI_OK}", f"password = {PYPI_BAD}"),
    ("slack-token", f'SLACK_BOT_TOKEN="{F.slack_bot(1)}"', 'SLACK_BOT_TOKEN="xo' + 'xb-your-token-here"'),
    ("slack-webhook", f"url: {F.slack_webhook(1)}",
     "url: https://hooks.sl" + "ack.com/services/T000/B000/XXXX"),
    ("stripe-live-key", f'stripe.api_key = "{F.stripe_live(1)}"',
     'stripe.api_key = "sk' + '_live_' + 'x' * 24 + '"'),
    ("google-api-key", f'const key = "{F.google_api_key(1)}";',
     'const key = "AI' + 'za' + "0" * 35 + '";'),
    ("openai-api-key", f"OPENAI_API_KEY={F.openai_key(1)}", "OPENAI_API_KEY=sk-" + "proj-..."),
    ("anthropic-api-key", f"ANTHROPIC_API_KEY={F.anthropic_key(1)}",
     "ANTHROPIC_API_KEY=sk-" + "ant-api03-" + "x" * 10),
    ("sendgrid-api-key", f"SENDGRID_API_KEY={F.sendgrid_key(1)}",
     "SENDGRID_API_KEY=S" + "G.xxxxxxxx"),
    ("twilio-api-key", f"# twilio\nTWILIO_API_KEY = '{F.twilio_key(1)}'",
     f"# unrelated\nREF = '{F.twilio_key(1)}'"),
    ("jwt", f"Authorization: Bearer {F.jwt(1)}", "token = eyJ" + "notbase64.eyJ" + "x" * 20 + ".sig"),
    ("private-key", F.private_key_pem(1), "-----BEGIN RSA " + "PRIVATE KEY-----\n...\n-----END"),
    ("private-key", F.private_key_pem(2, kind="OPENSSH"), F.pem_public_key(1)),
    ("url-password", f"DATABASE_URL=postgres://app:{F.password(41, 12)}@db.internal:5432/app",
     "DATABASE_URL=postgres://app:${DB_PASSWORD}@db.internal:5432/app"),
    ("connection-string-password",
     f'<add name="Db" connectionString="Server=sql01;Database=shop;User Id=web;Password={F.password(42, 12)};" />',
     '<add name="Db" connectionString="Server=sql01;Database=shop;User Id=web;Password=$(DB_PASS);" />'),
    ("mysql-cli-password", f"mysql -u root -p{F.password(43, 10)} shop < dump.sql", "mysql -u root -p shop < dump.sql"),
    ("netrc-password", "machine api.example.org\n  login deploy\n  password Vb7#kq9LmZ2x\n",
     "machine api.example.org\n  login deploy\n  password ${NETRC_PASSWORD}\n"),
    ("django-secret-key",
     f"INSTALLED_APPS = ['django.contrib.admin']\nSECRET_KEY = '{F.django_secret_key(1)}'",
     "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']"),
    ("generic-password", f'db_password = "{F.human_password(1)}"', 'db_password = "changeme"'),
    ("generic-password-bare", f"  password: {F.password(3)}", "  password: ${DB_PASSWORD}"),
    ("generic-secret", f'client_secret = "{F.api_key_alnum(4)}"',
     'client_secret = os.getenv("CLIENT_SECRET")'),
    ("generic-secret-bare", f"api_key: {F.api_key_alnum(5)}", "api_key: your-api-key-here"),
    ("shopify-token", f"SHOPIFY_TOKEN={F.shopify_token(1)}", "SHOPIFY_TOKEN=shp" + "at_" + "0" * 32),
    ("discord-bot-token", f"import discord\nclient.run('{F.discord_bot_token(1)}')",
     "import discord\nclient.run(os.environ['DISCORD_TOKEN'])"),
    ("telegram-bot-token", f"BOT_TOKEN = '{F.telegram_bot_token(1)}'", "BOT_TOKEN = '123:AA'"),
    ("heroku-api-key", f"HEROKU_API_KEY={F.uuid4(7)}", f"REQUEST_ID={F.uuid4(1)}"),
    ("heroku-api-key-v2", f"HEROKU_API_KEY={F.heroku_key(1)}", "HEROKU_API_KEY=HR" + "KU-AA..."),
    ("digitalocean-token", f"DO_TOKEN={F.digitalocean_token(1)}", "DO_TOKEN=do" + "p_v1_" + "0" * 64),
    ("dockerhub-token", f"DOCKERHUB_TOKEN={F.dockerhub_pat(1)}", "DOCKERHUB_TOKEN=dckr" + "_pat_xxx"),
    ("terraform-cloud-token", f'token = "{F.terraform_cloud_token(1)}"', 'token = "abc.atlas' + 'v1.x"'),
    ("vault-token", f"VAULT_TOKEN={F.vault_token(1)}", "VAULT_TOKEN=hv" + "s.xxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    ("azure-storage-key", F.azure_connection_string(1),
     "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${AZURE_KEY};"),
    ("mailgun-api-key", f"MAILGUN_API_KEY={F.mailgun_key(1)}", "MAILGUN_API_KEY=key-" + "0" * 32),
    ("google-oauth-client-secret", f'"client_secret": "{F.google_oauth_client_secret(1)}"',
     '"client_secret": "GOC' + 'SPX-xxxxxxxx"'),
]


@pytest.mark.parametrize(("rule", "positive", "negative"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_provider_rule(rule: str, positive: str, negative: str) -> None:
    assert rule in _ids(positive), f"{rule} should fire"
    assert rule not in _ids(negative), f"{rule} should not fire on the look-alike"


def test_every_rule_has_a_provider_test() -> None:
    from scanner.rules.loader import builtin_rules

    tested = {c[0] for c in CASES} | {
        # covered in tests/rules/test_aws.py
        "aws-access-key-id", "aws-secret-access-key", "aws-secret-access-key-paired",
        "aws-secret-access-key-configure", "aws-session-token",
        # covered in tests/rules/test_extra.py
        "gitlab-other-token", "npm-legacy-auth-token", "discord-webhook", "twilio-auth-token",
        "mailgun-signing-key", "stripe-test-key", "stripe-webhook-secret", "azure-sas-token",
        "azure-ad-client-secret", "vault-legacy-token", "putty-private-key",
        "basic-auth-header", "bearer-token", "generic-password-xml", "generic-cli-secret",
        "generic-k8s-env", "generic-js-env-fallback", "sql-password",
        "curl-user-password", "twilio-positional-auth-token", "private-key-base64",
        "pgpass-password", "cli-password-argument", "powershell-securestring",
        "url-query-password", "telegram-bot-token-legacy", "npm-auth", "rails-master-key",
        "docker-env-secret", "jvm-property-secret", "wordpress-salt", "url-query-secret",
        "inline-password-pair", "plist-secret", "terraform-variable-default", "kaggle-api-key",
        "huggingface-token", "wandb-api-key", "aspnet-machine-key", "age-secret-key",
        "azure-devops-pat", "basic-auth-tuple", "docker-config-auth", "google-oauth-access-token", "netrc-file-password",
        "azure-storage-key-context", "pdo-password", "prose-password", "net-use-password",
        "inline-secret-pair", "xml-property-secret", "http-header-secret", "bundler-credentials",
        "k8s-bootstrap-token", "user-slash-password", "rubygems-api-key", "databricks-token",
        "newrelic-user-key", "crates-io-token", "teams-webhook", "wandb-login", "jdbc-get-connection", "chpasswd-password",
    }
    missing = {r.id for r in builtin_rules()} - tested
    assert not missing, f"rules without tests: {sorted(missing)}"


def test_flask_secret_key_is_not_labelled_django() -> None:
    """Flask's documented ``SECRET_KEY = '...'`` is still found, but not called Django's
    (item 19 of issue 11); Django settings are recognised by Django's own names."""
    value = F.django_secret_key(7)
    flask = f"from flask import Flask\n\napp = Flask(__name__)\nSECRET_KEY = '{value}'\n"
    found = scan_text(flask, "docs/config.rst")
    assert found and all(f.rule_id != "django-secret-key" for f in found)
    assert all("Django" not in f.description for f in found)
    django = f"ROOT_URLCONF = 'mysite.urls'\n\nSECRET_KEY = '{value}'\n"
    assert _ids(django, "mysite/settings.py") == {"django-secret-key"}
