"""Positive and negative cases for the rules not covered in test_providers.py."""

from __future__ import annotations

import base64

import pytest

from scanner.api import scan_text
from tests import fakes as F


def _ids(text: str, path: str = "x.txt") -> set[str]:
    return {f.rule_id for f in scan_text(text, path)}


BASIC = base64.b64encode(b"deploy:" + F.password(8).encode()).decode()

CASES = [
    ("gitlab-other-token", f"RUNNER_TOKEN={F.gitlab_token(2, 'gl' + 'rt-')}", "RUNNER_TOKEN=gl" + "rt-xxxxxxxx"),
    ("npm-legacy-auth-token", "//npm.acme.io/:_authToken=" + F.api_key_alnum(6, 40),
     "//npm.acme.io/:_authToken=${NPM_TOKEN}"),
    ("discord-webhook", "https://discord.com/api/webhooks/" + F.rand("dwid", "0123456789", 18) + "/" + F.rand("dw", F.ALNUM, 68),
     "https://discord.com/api/webhooks/{id}/{token}"),
    ("twilio-auth-token", f"TWILIO_AUTH_TOKEN = '{F.twilio_auth_token(1)}'", "TWILIO_AUTH_TOKEN = ''"),
    ("mailgun-signing-key", f"# mailgun\nsigning = '{F.mailgun_key(2, new_style=True)}'",
     f"sig = '{F.mailgun_key(2, new_style=True)}'"),
    ("stripe-test-key", "key = 'sk" + "_test_" + F.rand("st", F.ALNUM, 24) + "'", "key = 'sk" + "_test_xxx'"),
    ("stripe-webhook-secret", "WH = 'wh" + "sec_" + F.rand("wh", F.ALNUM, 32) + "'", "WH = 'whsec_...'"),
    ("azure-sas-token", "https://acct.blob.core.windows.net/c?sv=2022-11-02&se=2030-01-01&sig="
     + F.rand("sas", F.ALNUM, 43) + "%3D", "https://example.org/?sig=abc"),
    ("azure-ad-client-secret", "AZURE_CLIENT_SECRET=" + F.rand("az", F.ALNUM, 3) + "8Q~"
     + F.rand("az2", F.ALNUM, 31), "AZURE_CLIENT_SECRET=~Q8~"),
    ("vault-legacy-token", "vault_token: s." + F.rand("vt", F.ALNUM, 24), "vault_token: s.xxxx"),
    ("putty-private-key", "PuTTY-User-" + "Key-File-2: ssh-rsa\nEncryption: none\nPrivate-Lines: 14\n",
     "PuTTY-User-" + "Key-File-2: ssh-rsa\nEncryption: none\n"),
    ("basic-auth-header", f"Authorization: Basic {BASIC}", "Authorization: Basic dXNlcg=="),
    ("bearer-token", "curl -H 'Authorization: Bearer " + F.api_key_alnum(9, 40) + "'",
     "curl -H 'Authorization: Bearer $TOKEN'"),
    ("generic-password-xml", f"<password>{F.password(4)}</password>", "<password>${db.pass}</password>"),
    ("generic-cli-secret", f"mycli deploy --api-key {F.api_key_alnum(3, 32)}", "mycli deploy --api-key $API_KEY"),
    ("generic-k8s-env", f"        - name: API_TOKEN\n          value: \"{F.api_key_alnum(11)}\"",
     "        - name: API_TOKEN\n          valueFrom:\n            secretKeyRef: {name: t}"),
    ("telegram-bot-token-legacy", "telegram: " + F.rand("tgid", "0123456789", 10) + ":" + F.rand("tgl", F.ALNUM, 35),
     "version: " + F.rand("tgid", "0123456789", 10) + ":" + F.rand("tgl", F.ALNUM, 35)),
    ("npm-auth", "_auth=" + base64.b64encode(b"deploy:" + F.password(20).encode()).decode(),
     "_auth=${NPM_AUTH}"),
    ("docker-env-secret", f"docker run -d -e POSTGRES_PASSWORD={F.password(21)} postgres:16",
     "docker run -d -e POSTGRES_PASSWORD=$PGPASS postgres:16"),
    ("jvm-property-secret", f"java -Dspring.datasource.password={F.password(22)} -jar app.jar",
     "java -Dspring.datasource.password=${DB_PASSWORD} -jar app.jar"),
    ("wordpress-salt", "define( 'NONCE_SALT', '" + F.rand("wp", F.ALNUM + "!@#%^&*()-_[]{}<>~+=,.;:/?|", 64) + "' );",
     "define( 'NONCE_SALT', 'put your unique phrase here' );"),
    ("url-query-secret", "GET https://api.acme.io/v1/export?api_key=" + F.api_key_alnum(30) + "&format=csv",
     "GET https://api.acme.io/v1/export?api_key=${API_KEY}&format=csv"),
    ("inline-password-pair", f"web01 ansible_host=10.0.0.5 ansible_become_pass={F.password(31)}",
     "web01 ansible_host=10.0.0.5 ansible_become_pass={{ vault_become_pass }}"),
    ("plist-secret", f"<key>PartnerAPISecret</key>\n\t<string>{F.api_key_alnum(32)}</string>",
     "<key>PartnerAPISecret</key>\n\t<string>$(PARTNER_SECRET)</string>"),
    ("terraform-variable-default", f'variable "db_password" {{\n  type = string\n  default = "{F.password(33)}"\n}}',
     'variable "db_password" {\n  type = string\n  sensitive = true\n}'),
    ("huggingface-token", "HF_TOKEN=hf_" + F.rand("hf", F.ALNUM, 34), "HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
    ("wandb-api-key", f'wandb.login(key="{F.hex_string(34, 40)}")', 'wandb.login(key=os.environ["WANDB_API_KEY"])'),
    ("aspnet-machine-key", f'<machineKey validationKey="{F.hex_string(35, 128).upper()}" validation="HMACSHA256" />',
     '<machineKey validationKey="AutoGenerate,IsolateApps" />'),
    ("age-secret-key", "AGE-SECRET-KEY-1" + F.rand("age", "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58), "AGE-SECRET-KEY-1..."),
    ("azure-devops-pat", "AZURE_DEVOPS_PAT=" + F.rand("ado", "abcdefghijklmnopqrstuvwxyz234567", 52),
     "BUILD_ID=" + F.rand("ado", "abcdefghijklmnopqrstuvwxyz234567", 52)),
    ("basic-auth-tuple", f"requests.get(url, auth=('acme-sync', '{F.password(36)}'))",
     "requests.get(url, auth=(user, password))"),
    ("jdbc-get-connection", f'DriverManager.getConnection(url, "report_ro", "{F.password(37)}");',
     "DriverManager.getConnection(url, user, pass);"),
    ("chpasswd-password", f"chpasswd:\n  list: |\n    root:{F.password(38)}\n  expire: false",
     "users:\n  - name: root\n    shell: /bin/bash"),
    ("docker-config-auth", '{"auths": {"registry.acme.io": {"auth": "' + BASIC + '"}}}',
     '{"auths": {"registry.acme.io": {"auth": ""}}}'),
    ("google-oauth-access-token", 'token = {"access_token":"ya' + '29.' + F.rand("ya29", F.ALNUM + "_-", 60) + '"}',
     'token = {"access_token":"ya' + '29.xxxx"}'),
    ("azure-storage-key-context", f"# storage account acmeprod\n$key = '{F.azure_storage_key(5)}'",
     f"# unrelated\n$key = '{F.azure_storage_key(5)}'"),
    ("pdo-password", f"$pdo = new PDO('mysql:host=db;dbname=shop', 'shop', '{F.password(44)}');",
     "$pdo = new PDO($dsn, $user, $pass);"),
    ("prose-password", f"Your temporary password: {F.password(50)} (change it at first login)",
     "The password is required."),
    ("net-use-password", f"net use \\\\fs01\\share {F.password(51)} /user:ACME\\svc", "net use \\\\fs01\\share /user:ACME\\svc"),
    ("inline-secret-pair", f'Environment="EXPORTER_API_TOKEN={F.api_key_alnum(52)}"', 'Environment="EXPORTER_API_TOKEN=%h/token"'),
    ("xml-property-secret", f'<property name="connection.password">{F.password(53)}</property>',
     '<property name="connection.password">${db.password}</property>'),
    ("http-header-secret", f"curl -H 'X-Api-Key: {F.api_key_alnum(54)}' https://api.acme.io", "curl -H 'X-Api-Key: $API_KEY' https://api.acme.io"),
    ("bundler-credentials", f'BUNDLE_GEMS__ACME__IO: "deploy:{F.api_key_alnum(55)}"', 'BUNDLE_GEMS__ACME__IO: "${GEMS_TOKEN}"'),
    ("k8s-bootstrap-token", "token: " + F.rand("kbt", "abcdefghijklmnopqrstuvwxyz0123456789", 6) + "." + F.rand("kbt2", "abcdefghijklmnopqrstuvwxyz0123456789", 16),
     "token: abcdef.0123456789abcdef"),
    ("user-slash-password", f"sqlplus -s erp_batch/{F.password(56)}@ERPPDB @export.sql", "sqlplus -s erp_batch/$ERP_PW@ERPPDB @export.sql"),
    ("rubygems-api-key", "GEM_HOST_API_KEY=rubygems_" + F.hex_string(57, 48), "GEM_HOST_API_KEY=rubygems_..."),
    ("databricks-token", "DATABRICKS_TOKEN=dapi" + F.hex_string(58, 32), "DATABRICKS_TOKEN=dapi..."),
    ("newrelic-user-key", "NEW_RELIC_API_KEY=NRAK-" + F.rand("nr", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 27), "NEW_RELIC_API_KEY=NRAK-..."),
    ("crates-io-token", "[registry]\ntoken = \"cio" + F.rand("cio", F.ALNUM, 32) + "\"", "# cio" + F.rand("cio", F.ALNUM, 32)),
    ("teams-webhook", "https://acme.webhook.office.com/webhookb2/" + F.uuid4(60) + "@" + F.uuid4(61) + "/IncomingWebhook/" + F.hex_string(62, 32) + "/" + F.uuid4(63),
     "https://acme.webhook.office.com/webhookb2/..."),
    ("wandb-login", "!wandb login " + F.hex_string(64, 40), "!wandb login"),
    ("generic-js-env-fallback", f"const pw = process.env.DB_PASSWORD || '{F.password(13)}';",
     "const pw = process.env.DB_PASSWORD || '';"),
    ("sql-password", f"CREATE USER app WITH PASSWORD '{F.human_password(14)}';",
     "CREATE USER app WITH PASSWORD :'app_password';"),
    ("curl-user-password", f"curl -u deploy:{F.password(15)} https://ci.acme.io/api",
     "curl -u deploy:$CI_PASSWORD https://ci.acme.io/api"),
    ("twilio-positional-auth-token", f"client = Client('{F.twilio_account_sid(1)}', '{F.twilio_auth_token(2)}')",
     f"client = Client('{F.twilio_account_sid(1)}', auth_token)"),
    ("private-key-base64", "tls.key: " + base64.b64encode(F.private_key_pem(4).encode()).decode(),
     "tls.crt: " + base64.b64encode(F.pem_certificate(4).encode()).decode()),
    ("cli-password-argument", f"openssl pkcs12 -export -in a.crt -passout pass:{F.password(17)}",
     "openssl pkcs12 -export -in a.crt -passout env:P12_PASS"),
    ("powershell-securestring", f'$pw = ConvertTo-SecureString "{F.password(18)}" -AsPlainText -Force',
     "$pw = ConvertTo-SecureString $env:PW -AsPlainText -Force"),
    ("url-query-password", f"jdbc:mysql://db:3306/app?user=app&password={F.password(19)}",
     "jdbc:mysql://db:3306/app?user=app&password=${DB_PASS}"),
]


@pytest.mark.parametrize(("rule", "positive", "negative"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule: str, positive: str, negative: str) -> None:
    assert rule in _ids(positive)
    assert rule not in _ids(negative)


def test_private_key_one_finding_per_block() -> None:
    text = F.private_key_pem(1) + "\n" + F.private_key_pem(2, kind="EC")
    found = scan_text(text, "keys.pem")
    assert [f.rule_id for f in found] == ["private-key", "private-key"]
    assert found[0].line == 1


@pytest.mark.parametrize("kind", ["RSA", "EC", "DSA", "OPENSSH", "", "ENCRYPTED"])
def test_private_key_kinds(kind: str) -> None:
    assert [f.rule_id for f in scan_text(F.private_key_pem(3, kind=kind))] == ["private-key"]


def test_pgp_private_key_block() -> None:
    body = "\n".join(F.rand(f"pgp{i}", F.B64, 64) for i in range(8))
    text = ("-----BEGIN PGP " + "PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n" + body
            + "\n-----END PGP PRIVATE KEY BLOCK-----\n")
    assert [f.rule_id for f in scan_text(text)] == ["private-key"]


def test_service_account_json_private_key() -> None:
    import json

    sa = json.dumps(F.gcp_service_account(1), indent=2)
    assert "private-key" in _ids(sa, "sa.json")


def test_jwt_needs_json_header_with_alg() -> None:
    assert "jwt" in _ids(f"t = '{F.jwt(3)}'")
    assert "jwt" not in _ids(f"t = '{F.jwt_bad_header(3)}'")


def test_kubernetes_secret_data_is_decoded() -> None:
    def b64(v: str) -> str:
        return base64.b64encode(v.encode()).decode()

    text = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n"
            f"  AWS_ACCESS_KEY_ID: {b64(F.aws_key_id(9))}\n"
            f"  AWS_SECRET_ACCESS_KEY: {b64(F.aws_secret(9))}\n"
            f"  DB_PASSWORD: {b64(F.human_password(9))}\n"
            f"  DB_USER: {b64('app')}\n")
    found = scan_text(text, "k8s/secret.yaml")
    assert [(f.rule_id, f.line) for f in found][:2] == [
        ("aws-access-key-id", 6), ("aws-secret-access-key", 7)]
    assert [f.line for f in found] == [6, 7, 8] and found[2].provider == "generic"
    assert found[0].group == found[1].group and found[0].severity.value == "critical"


def test_pgpass_rule_is_scoped_to_pgpass_files() -> None:
    line = f"db.acme.lan:5432:orders:app:{F.password(16)}\n"
    assert "pgpass-password" in _ids(line, "ops/.pgpass")
    assert "pgpass-password" not in _ids("db.acme.lan:5432:orders:app:*\n", "ops/.pgpass")
    assert "pgpass-password" not in _ids(line, "notes.txt")


def test_rails_master_key_scoped_to_key_files() -> None:
    key = F.hex_string(23, 32)
    assert "rails-master-key" in _ids(key + "\n", "config/master.key")
    assert "rails-master-key" not in _ids(key + "\n", "config/cache.txt")


def test_kaggle_json_scoped() -> None:
    text = '{"username":"ada","key":"' + F.hex_string(39, 32) + '"}'
    assert "kaggle-api-key" in _ids(text, "home/.kaggle/kaggle.json")
    assert "kaggle-api-key" not in _ids(text, "data/meta.json")


def test_netrc_file_rule_needs_no_machine_line() -> None:
    assert "netrc-file-password" in _ids(f"  password {F.password(45)}\n", "home/.netrc")
    assert "netrc-file-password" not in _ids(f"  password {F.password(45)}\n", "notes.txt")


def test_crlf_line_ends() -> None:
    text = f"DB_HOST=db\r\nDB_PASSWORD={F.password(46)}\r\nDB_USER=app\r\n"
    assert [(f.line, f.provider) for f in scan_text(text, "app/.env")] == [(2, "generic")]
