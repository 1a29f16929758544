# ruff: noqa: E501
"""Fourth red-team round, hard negatives: the files of ``pos4`` when the value is a variable, a
placeholder, a publicly known default, a public key or identifier, a hash, ciphertext, a type,
a label, a package name, an asset, an assertion or a call that fetches the secret elsewhere.
Passphrase-protected PEM keys are here too: they are reported at low, not medium."""

from __future__ import annotations

import base64
import hashlib
import json

from tests import fakes
from tests.wild.kit import ALNUM, B64, LOWER, W
from tests.wild.pos4 import B32, _code, _nb, _p, akamai_token

#: The secret of the Key Uri Format documentation's example, known to every authenticator.
_EXAMPLE_OTP = "JBSWY3DP" + "EHPK3PXP"


# --- API clients, HTTP archives -------------------------------------------------------------
def postman_refs(w: W) -> None:
    col = {"info": {"name": "API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [
        {"name": "Login", "request": {"auth": {"type": "basic", "basic": [{"key": "password", "value": "{{password}}", "type": "string"},
                                                                          {"key": "username", "value": "{{username}}", "type": "string"}]},
                                      "method": "POST", "url": "{{baseUrl}}/login"}},
        {"name": "Me", "request": {"auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{accessToken}}", "type": "string"}]},
                                   "header": [{"key": "X-Api-Key", "value": "<your-api-key>"}], "url": "{{baseUrl}}/me"}},
        {"name": "Public", "request": {"auth": {"type": "noauth"}, "url": "{{baseUrl}}/health"}}],
        "event": [{"listen": "test", "script": {"exec": ["pm.environment.set(\"accessToken\", pm.response.json().access_token);"]}}],
        "variable": [{"key": "apikey", "value": "", "type": "string"}, {"key": "tokenUrl", "value": "https://auth.example.com/oauth/token"}]}
    w.add("postman4", _p(w, "postman/api.postman_collection.json"), json.dumps(col, indent="\t") + "\n",
          neg=["{{password}}", "{{accessToken}}", "<your-api-key>", "access_token", "\"value\": \"\"", "tokenUrl"])


def insomnia_refs(w: W) -> None:
    body = ("_type: export\nresources:\n  - _id: req_1\n    _type: request\n    authentication:\n      type: bearer\n      token: \"{{ _.token }}\"\n"
            "  - _id: env_1\n    _type: environment\n    data:\n      token: \"{% response 'body', 'req_login', 'b64::JC5hY2Nlc3NfdG9rZW4=::46b', 'never', 60 %}\"\n"
            "      api_key: \"{{ _.secrets.api_key }}\"\n")
    w.add("insomnia4", _p(w, ".insomnia/export.yaml"), body, neg=["{{ _.token }}", "{% response", "_.secrets"])


def har_noise(w: W) -> None:
    har = {"log": {"version": "1.2", "entries": [{"request": {"method": "GET", "url": "https://shop.example.com/cart",
        "headers": [{"name": "cookie", "value": f"_ga=GA1.2.{w.n(10**8, 10**9)}.{w.n(10**8, 10**9)}; _gid=GA1.2.{w.n(10**8, 10**9)}.{w.n(10**8, 10**9)}"},
                    {"name": "x-request-id", "value": fakes.uuid4(w.seed())}, {"name": "authorization", "value": "Bearer [REDACTED]"},
                    {"name": "if-none-match", "value": f"W/\"{w.hexs(32)}\""}]},
        "response": {"status": 200, "headers": [{"name": "etag", "value": f"\"{w.hexs(40)}\""},
                                                {"name": "content-security-policy", "value": f"script-src 'nonce-{w.s(B64, 22)}' 'strict-dynamic'"}],
                     "content": {"mimeType": "text/html", "text": "<input type=\"password\" name=\"password\" autocomplete=\"current-password\">"}}}]}}
    w.add("har4", _p(w, "fixtures/cart.har"), json.dumps(har, indent=2) + "\n",
          neg=["_ga=", "x-request-id", "[REDACTED]", "if-none-match", "etag", "nonce-", "current-password"])


# --- escaped JSON and token lists -----------------------------------------------------------
def escaped_refs(w: W) -> None:
    body = ("const empty = \"{\\\"password\\\":\\\"\\\"}\";\nconst tpl = \"{\\\"token\\\":\\\"${TOKEN}\\\"}\";\n"
            "const body = '{\"apiKey\": \"' + apiKey + '\", \"region\": \"' + region + '\"}';\n"
            "String json = \"{\\\"client_secret\\\":\\\"\" + clientSecret + \"\\\"}\";\n")
    w.add("escaped4", _p(w, "src/util/payloads.js"), body, neg=["empty =", "${TOKEN}", "apiKey +", "clientSecret +"])


def tokenizer_json(w: W) -> None:
    doc = {"version": "1.0", "added_tokens": [{"id": 0, "content": "<s>", "special": True}, {"id": 2, "content": "</s>", "special": True}],
           "special_tokens": ["<s>", "</s>", "<pad>", "<unk>", "<mask>"],
           "model": {"type": "BPE", "vocab": {"password": 1550, "Ġtoken": 3145, "Ġsecret": 3556, "Ġapi_key": 48711}},
           "tokens": ["the", "quick", "brown", "fox"]}
    w.add("token-list", _p(w, "models/tokenizer/tokenizer.json"), json.dumps(doc, indent=2) + "\n", neg=["<s>", "special_tokens", "\"tokens\"", "password", "secret", "api_key"])


def token_list_refs(w: W) -> None:
    body = ("auth:\n  api_keys:\n    - ${API_KEY_PRIMARY}\n    - ${API_KEY_SECONDARY}\n  token_types: [bearer, mac]\n  scopes:\n    - read:orders\n    - write:orders\n")
    w.add("token-list", _p(w, "config/auth.yml"), body, neg=["${API_KEY_", "token_types", "read:orders", "write:orders"])
    body2 = "VALID_API_KEYS = set(filter(None, os.environ.get(\"API_KEYS\", \"\").split(\",\")))\nTOKENS = [\"TOKEN_A\", \"TOKEN_B\"]  # names of the env vars\n"
    w.add("token-list", _p(w, "ingest/auth.py"), body2, neg=["os.environ", "TOKEN_A"])


# --- notebooks --------------------------------------------------------------------------------
def notebook_refs(w: W) -> None:
    body = _nb([_code(["import os, openai\n", "openai.api_key = os.getenv(\"OPENAI_API_KEY\")\n", "from google.colab import userdata\n",
                       "hf_token = userdata.get('HF_TOKEN')\n"]),
                _code(["!curl -s -H \"Authorization: Bearer $API_TOKEN\" https://api.example.com/v1/export | head\n"]),
                _code(["print(openai.api_key[:3] + '...')"], [{"name": "stdout", "output_type": "stream", "text": ["sk-...\n"]}]),
                _code(["from getpass import getpass\n", "password = getpass('Database password: ')\n"])])
    w.add("notebook4", _p(w, "notebooks/setup.ipynb"), body, neg=["os.getenv", "userdata.get", "$API_TOKEN", "sk-...", "getpass"])


def notebook_outputs(w: W) -> None:
    img = fakes.png_base64(w.seed(), 1200)
    body = _nb([_code(["df.head()"], [{"output_type": "display_data", "data": {"image/png": img, "text/plain": ["<Figure size 640x480>"]}, "metadata": {}}]),
                _code(["tokenizer = AutoTokenizer.from_pretrained('bert-base-uncased')\n", "tokens = tokenizer.tokenize(text)\n"])])
    w.add("notebook4", _p(w, "notebooks/plots.ipynb"), body, neg=["image/png", "from_pretrained", "tokenizer.tokenize"])


# --- Helm, Kubernetes -------------------------------------------------------------------------
def helm_placeholders(w: W) -> None:
    body = ("postgresql:\n  auth:\n    # -- Password for the app user. Leave empty to generate one\n    password: \"\"\n    existingSecret: db-credentials\n"
            "    secretKeys:\n      userPasswordKey: password\nimageCredentials:\n  password: \"\"\nenv:\n  - name: API_KEY\n    valueFrom:\n      secretKeyRef:\n"
            "        name: api\n        key: api-key\ngrafana:\n  adminPassword: changeme\n")
    w.add("helm4", _p(w, "charts/app/values.yaml"), body, neg=["password: \"\"", "existingSecret", "userPasswordKey", "secretKeyRef", "key: api-key", "changeme"])
    body2 = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include \"app.fullname\" . }}\ndata:\n"
             "  password: {{ .Values.auth.password | default (randAlphaNum 24) | b64enc | quote }}\n"
             "  token: {{ required \"token is required\" .Values.token | b64enc }}\n")
    w.add("helm4", _p(w, "charts/app/templates/secret.yaml"), body2, neg=["randAlphaNum", ".Values.token"])


def k8s_refs(w: W) -> None:
    body = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  DB_PASSWORD: ${DB_PASSWORD}\n  API_KEY: \"<set-by-ci>\"\n---\n"
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: auth-policy\ndata:\n  PASSWORD_MIN_LENGTH: \"12\"\n  TOKEN_TTL_SECONDS: \"3600\"\n"
            "  SECRET_NAME: app-credentials\n")
    w.add("k8s4", _p(w, "k8s/app.yaml"), body, neg=["${DB_PASSWORD}", "<set-by-ci>", "PASSWORD_MIN_LENGTH", "TOKEN_TTL", "SECRET_NAME"])


def k8s_serviceaccount(w: W) -> None:
    body = ("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ci\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/ci\n"
            "secrets:\n  - name: ci-token-x7k2p\nautomountServiceAccountToken: false\n")
    w.add("k8s4", _p(w, "k8s/rbac/ci-sa.yaml"), body, neg=["ci-token-", "automountServiceAccountToken", "role-arn"])


# --- Terraform --------------------------------------------------------------------------------
def terraform_refs(w: W) -> None:
    body = ("provider \"datadog\" {\n  api_key = var.datadog_api_key\n  app_key = var.datadog_app_key\n}\n\n"
            "resource \"random_password\" \"db\" {\n  length  = 24\n  special = true\n}\n\nresource \"aws_db_instance\" \"main\" {\n"
            "  password = random_password.db.result\n  manage_master_user_password = true\n}\n\n"
            "data \"aws_secretsmanager_secret_version\" \"api\" {\n  secret_id = \"prod/api/token\"\n}\n")
    w.add("terraform4", _p(w, "infra/main.tf"), body, neg=["var.datadog", "random_password", "manage_master_user_password", "secret_id"])
    body2 = "db_password = \"changeme\"\napi_token   = \"\"\n# github_token = \"<personal access token>\"\n"
    w.add("terraform4", _p(w, "envs/dev/terraform.tfvars.example"), body2, neg=["changeme", "api_token", "<personal access token>"])


def tfstate_safe(w: W) -> None:
    st = {"version": 4, "terraform_version": "1.6.0", "serial": 3, "lineage": fakes.uuid4(w.seed()),
          "resources": [{"mode": "managed", "type": "aws_db_instance", "name": "main", "instances": [{"attributes": {
              "password": None, "manage_master_user_password": True, "master_user_secret": [{"kms_key_id": "alias/aws/rds",
              "secret_arn": f"arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-{fakes.uuid4(w.seed())}-{w.s(ALNUM, 6)}"}]},
              "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]}]}]}
    w.add("terraform4", _p(w, "infra/terraform.tfstate.backup"), json.dumps(st, indent=2) + "\n",
          neg=["\"password\": null", "secret_arn", "lineage", "\"value\": \"password\""])


# --- Ansible, compose, CI ---------------------------------------------------------------------
def ansible_refs(w: W) -> None:
    body = ("ansible_become_pass: \"{{ vault_become_pass }}\"\nmysql_root_password: \"{{ lookup('community.general.passwordstore', 'db/root') }}\"\n"
            "app_password: \"{{ lookup('password', '/dev/null length=20 chars=ascii_letters') }}\"\n"
            "- name: set password\n  user:\n    name: svc\n    password: \"{{ svc_password | password_hash('sha512') }}\"\n  no_log: true\n")
    w.add("ansible4", _p(w, "group_vars/all/main.yml"), body, neg=["vault_become_pass", "passwordstore", "lookup('password'", "svc_password |", "no_log"])


def compose_defaults(w: W) -> None:
    body = ("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: postgres\n      POSTGRES_PASSWORD: postgres\n"
            "  mysql:\n    image: mysql:8\n    environment:\n      - MYSQL_ALLOW_EMPTY_PASSWORD=yes\n      - MYSQL_PASSWORD=${MYSQL_PASSWORD:-changeme}\n"
            "  app:\n    environment:\n      - DATABASE_URL=postgres://postgres:postgres@db:5432/app_dev\n      - SECRET_KEY_FILE=/run/secrets/secret_key\n"
            "    secrets:\n      - secret_key\nsecrets:\n  secret_key:\n    file: ./secrets/secret_key.txt\n")
    w.add("compose4", _p(w, "docker-compose.yml"), body,
          neg=["POSTGRES_PASSWORD: postgres", "MYSQL_ALLOW_EMPTY_PASSWORD", "${MYSQL_PASSWORD", "postgres:postgres@db", "SECRET_KEY_FILE", "secret_key.txt"])


def ci_refs(w: W) -> None:
    body = ("env:\n  SONAR_TOKEN: ${{ secrets.SONAR_TOKEN }}\n  GH_TOKEN: ${{ github.token }}\njobs:\n  test:\n    services:\n      postgres:\n"
            "        image: postgres:15\n        env:\n          POSTGRES_PASSWORD: postgres\n    steps:\n"
            "      - run: echo \"$REGISTRY_PASSWORD\" | docker login -u \"$REGISTRY_USER\" --password-stdin\n")
    w.add("ci4", _p(w, ".github/workflows/test.yml"), body, neg=["secrets.SONAR_TOKEN", "github.token", "POSTGRES_PASSWORD: postgres", "$REGISTRY_PASSWORD"])
    body2 = ("variables:\n  DOCKER_AUTH_CONFIG: $DOCKER_AUTH_JSON\n  MYSQL_ROOT_PASSWORD: root\n  MYSQL_USER: root\nlogin:\n  script:\n"
             "    - docker login -u gitlab-ci-token -p $CI_JOB_TOKEN $CI_REGISTRY\n")
    w.add("ci4", _p(w, ".gitlab-ci.yml"), body2, neg=["$DOCKER_AUTH_JSON", "MYSQL_ROOT_PASSWORD: root", "$CI_JOB_TOKEN"])


def travis_secure(w: W) -> None:
    blob = base64.b64encode(w.r.randbytes(256)).decode()
    body = f"language: node_js\nenv:\n  global:\n    - secure: \"{blob}\"\ndeploy:\n  provider: npm\n  api_key:\n    secure: {base64.b64encode(w.r.randbytes(256)).decode()}\n"
    w.add("ci4", _p(w, ".travis.yml"), body, neg=["secure:"])


# --- key material -----------------------------------------------------------------------------
def jwk_public(w: W) -> None:
    x, y = base64.urlsafe_b64encode(w.r.randbytes(32)).rstrip(b"=").decode(), base64.urlsafe_b64encode(w.r.randbytes(32)).rstrip(b"=").decode()
    thumb = base64.urlsafe_b64encode(hashlib.sha256(x.encode()).digest()).rstrip(b"=").decode()
    jwk = {"kty": "EC", "crv": "P-256", "use": "sig", "kid": thumb, "x": x, "y": y, "x5t#S256": thumb}
    w.add("jwk4", _p(w, "config/public-signing-key.json"), json.dumps(jwk, indent=2) + "\n", neg=["\"x\"", "\"y\"", "kid", "x5t#S256"])


def pem_encrypted(w: W) -> None:
    pem = fakes.pem_encrypted_private_key(w.seed(), legacy=bool(w.n(0, 1)))
    body = ("tls:\n  passphrase: ${TLS_KEY_PASSPHRASE}\n  key: |\n" + "".join("    " + ln + "\n" for ln in pem.splitlines()))
    w.add("pem4", _p(w, "config/tls.yaml"), body, neg=[pem.splitlines()[0], "${TLS_KEY_PASSPHRASE}"] + [ln for ln in pem.splitlines()[1:4]])


def nats_public(w: W) -> None:
    users = ["U" + w.s(B32, 55) for _ in range(2)]
    op = "O" + w.s(B32, 55)
    body = (f"operator: {op}\nauthorization {{\n  users = [\n" + "".join(f"    {{ nkey: {u} }}\n" for u in users) + "  ]\n}\n")
    w.add("nkey", _p(w, "deploy/nats/nats-server.conf"), body, neg=users + [op])


def otp_examples(w: W) -> None:
    body = ("# The example from the Key Uri Format docs; every authenticator app ships it\n"
            f"EXAMPLE = \"otpauth://totp/Example:alice@google.com?secret={_EXAMPLE_OTP}&issuer=Example\"\n"
            "secret = pyotp.random_base32()\nuri = pyotp.totp.TOTP(secret).provisioning_uri(name=email, issuer_name=\"Acme\")\n"
            "assert len(secret) == 32\nTOTP_SECRET = os.environ[\"TOTP_SECRET\"]\n")
    w.add("otp4", _p(w, "app/mfa.py"), body, neg=[_EXAMPLE_OTP, "random_base32", "provisioning_uri", "len(secret)", "os.environ"])


def edgerc_template(w: W) -> None:
    body = ("[default]\nclient_secret = your_client_secret\nhost = your_host.luna.akamaiapis.net\naccess_token = your_access_token\n"
            "client_token = your_client_token\n")
    w.add("edgerc", _p(w, "docs/edgerc.sample"), body, neg=["your_client_secret", "your_host", "your_access_token", "your_client_token"])
    host = akamai_token(w)
    body2 = f"# EdgeGrid credentials live in ~/.edgerc (section [ccu])\nAKAMAI_HOST = \"{host}.luna.akamaiapis.net\"\nedgerc = EdgeRc(os.path.expanduser('~/.edgerc'))\n"
    w.add("edgerc", _p(w, "tools/purge.py"), body2, neg=["AKAMAI_HOST", "EdgeRc("])


def swarm_refs(w: W) -> None:
    body = ("TOKEN=$(docker swarm join-token -q worker)\nssh worker1 \"docker swarm join --token $TOKEN manager1:2377\"\n"
            "docker swarm join --token " + "SWMTKN" + "-1-<token> 192.168.99.100:2377\n")
    w.add("swarm", _p(w, "scripts/swarm-up.sh"), body, neg=["join-token -q", "$TOKEN", "<token>"])


def salesforce_ids(w: W) -> None:
    recs = [{"attributes": {"type": "Account", "url": "/services/data/v59.0/sobjects/Account/001" + w.s(ALNUM, 15)},
             "Id": "001" + w.s(ALNUM, 15), "OwnerId": "005" + w.s(ALNUM, 15), "Name": f"{w.org().capitalize()} Ltd"} for _ in range(2)]
    doc = {"totalSize": 2, "done": True, "records": recs, "orgId": "00D" + w.s(ALNUM, 15)}
    w.add("salesforce", _p(w, "test/fixtures/sf_accounts.json"), json.dumps(doc, indent=2) + "\n", neg=["\"Id\"", "OwnerId", "sobjects", "orgId"])


def twilio_ids(w: W) -> None:
    sid = fakes.twilio_account_sid(w.seed())
    body = (f"TWILIO_ACCOUNT_SID={sid}\nTWILIO_AUTH_TOKEN=${{TWILIO_AUTH_TOKEN}}\n# test credentials: magic number from the docs\nTWILIO_FROM=+15005550006\n"
            f"LAST_MESSAGE_SID=SM{w.hexs(32)}\n")
    w.add("twilio4", _p(w, "sms/.env.example"), body, neg=[sid, "${TWILIO_AUTH_TOKEN}", "+15005550006", "LAST_MESSAGE_SID"])


def dropbox_refs(w: W) -> None:
    key = w.s(LOWER + "0123456789", 15)
    body = (f"APP_KEY = \"{key}\"  # public: PKCE flow, no app secret in the client\nauth_flow = DropboxOAuth2FlowNoRedirect(APP_KEY, use_pkce=True, token_access_type='offline')\n"
            "dbx = dropbox.Dropbox(oauth2_refresh_token=keyring.get_password('dropbox', user), app_key=APP_KEY)\n")
    w.add("dropbox", _p(w, "desktop/sync_auth.py"), body, neg=[key, "DropboxOAuth2FlowNoRedirect", "keyring.get_password"])


# --- languages: declarations, labels, tags --------------------------------------------------
def lang_declarations(w: W) -> None:
    body = ("public static final String PASSWORD_FIELD = \"password\";\nprivate static final String PASSWORD_PROPERTY = \"spring.datasource.password\";\n"
            "@JsonProperty(\"access_token\")\nprivate String accessToken;\n")
    w.add("lang4", _p(w, "src/main/java/com/acme/auth/TokenResponse.java"), body, neg=["PASSWORD_FIELD", "PASSWORD_PROPERTY", "@JsonProperty", "String accessToken"])
    body2 = ("[JsonPropertyName(\"api_key\")]\npublic string ApiKey { get; init; } = string.Empty;\nprivate const string PasswordParam = \"Password\";\n"
             "public const string SecretHeader = \"X-Webhook-Secret\";\n")
    w.add("lang4", _p(w, "src/Api/Models/Webhook.cs"), body2, neg=["JsonPropertyName", "ApiKey {", "PasswordParam", "SecretHeader"])
    body3 = ("const (\n\tPasswordEnv = \"DB_PASSWORD\"\n\tTokenHeader = \"X-Auth-Token\"\n)\n\n#[serde(rename = \"apiKey\")]\npub api_key: String,\n"
             "static let passwordKeychainAccount = \"com.acme.app.password\"\n")
    w.add("lang4", _p(w, "docs/snippets/decls.txt"), body3, neg=["PasswordEnv", "TokenHeader", "serde(rename", "pub api_key", "passwordKeychainAccount"])


def lang_calls(w: W) -> None:
    body = ("password = keyring.get_password(\"smtp\", user)\ntoken = hvac_client.secrets.kv.v2.read_secret_version(path=\"app\")[\"data\"][\"data\"][\"token\"]\n"
            "api_key = settings.WEATHER_API_KEY\nsecret = boto3.client(\"secretsmanager\").get_secret_value(SecretId=\"prod/db\")[\"SecretString\"]\n"
            "conn = psycopg2.connect(host=host, user=user, password=get_password())\n")
    w.add("lang4", _p(w, "app/secrets.py"), body, neg=["keyring", "read_secret_version", "settings.WEATHER", "get_secret_value", "get_password()"])
    body2 = ("$pdo = new PDO($dsn, $config['user'], $config['password']);\nprops.setProperty(\"mail.smtp.password\", System.getenv(\"SMTP_PASSWORD\"));\n"
             "Mysql2::Client.new(host: ENV['DB_HOST'], password: Rails.application.credentials.db_password)\n")
    w.add("lang4", _p(w, "docs/snippets/calls.txt"), body2, neg=["$config['password']", "System.getenv", "credentials.db_password"])


def ui_labels(w: W) -> None:
    doc = {"auth": {"password": "Password", "passwordPlaceholder": "Enter your password", "apiKey": "API key",
                    "apiKeyHelp": "Create a key under Settings → API tokens", "secret": "Client secret", "tokenExpired": "Your session token has expired"}}
    w.add("i18n4", _p(w, "web/src/locales/en/auth.json"), json.dumps(doc, indent=2, ensure_ascii=False) + "\n",
          neg=["\"Password\"", "Enter your password", "\"API key\"", "API tokens", "Client secret", "tokenExpired"])
    body = ("password=Mot de passe\npassword.forgot=Mot de passe oublié ?\napi.token.label=Jeton d'accès personnel\nsecret.show=Afficher le secret\n")
    w.add("i18n4", _p(w, "src/main/resources/messages_fr.properties"), body, neg=["Mot de passe", "Jeton", "secret.show"])


def proto_tags(w: W) -> None:
    body = ("message Credentials {\n  string api_key = 1 [(validate.rules).string.min_len = 32];\n  string password = 2 [debug_redact = true];\n}\n"
            "type Login struct {\n\tPassword string `protobuf:\"bytes,2,opt,name=password,proto3\" json:\"password,omitempty\"`\n}\n")
    w.add("lang4", _p(w, "gen/auth.pb.txt"), body, neg=["string api_key = 1", "string password = 2", "protobuf:"])


# --- SQL, shell, connection strings ---------------------------------------------------------
def sql_refs(w: W) -> None:
    # Oracle's demo schema password, published in every Oracle manual.
    body = ("CREATE USER scott IDENTIFIED BY " + "ti" + "ger;\n"
            "ALTER ROLE app WITH PASSWORD :'app_password';\nCREATE USER 'app'@'%' IDENTIFIED BY '<password>';\n"
            "CREATE USER sock IDENTIFIED WITH auth_socket;\nALTER ROLE readonly PASSWORD NULL;\nCREATE LOGIN web WITH PASSWORD = '$(WebPassword)';\n")
    w.add("sql4", _p(w, "db/roles.sql"), body, neg=["tiger", ":'app_password'", "'<password>'", "auth_socket", "PASSWORD NULL", "$(WebPassword)"])


def shell_refs(w: W) -> None:
    body = ("mysql -u root -p\"${MYSQL_ROOT_PASSWORD}\" -e 'SHOW DATABASES'\nsshpass -e ssh deploy@host uptime\ncurl -u \"$JENKINS_USER:$JENKINS_TOKEN\" \"$JENKINS_URL/api/json\"\n"
            "curl -u admin:admin http://localhost:8080/api/health\nPGPASSWORD=\"$(cat /run/secrets/pg_password)\" pg_dump -h db app > app.sql\n"
            "read -rs -p \"Password: \" PASS\nkeytool -list -keystore \"$JAVA_HOME/lib/security/cacerts\" -storepass changeit\n"
            "openssl pkcs12 -export -in c.pem -inkey k.pem -out k.p12 -passout env:P12_PASSWORD\nnet use Z: \\\\fs01\\share /user:%USERDOMAIN%\\%USERNAME% *\n")
    w.add("shell4", _p(w, "ops/tasks.sh"), body,
          neg=["${MYSQL_ROOT_PASSWORD}", "sshpass -e", "$JENKINS_TOKEN", "admin:admin", "/run/secrets", "read -rs", "changeit", "env:P12_PASSWORD", "%USERNAME% *"])


def connstr_refs(w: W) -> None:
    body = ("<add name=\"Main\" connectionString=\"Data Source=.;Initial Catalog=Main;Integrated Security=SSPI\" />\n"
            "<add name=\"Dev\" connectionString=\"Server=(localdb)\\mssqllocaldb;Database=Dev;Trusted_Connection=True;MultipleActiveResultSets=true\" />\n"
            "spring.datasource.url=jdbc:h2:mem:testdb;DB_CLOSE_DELAY=-1;USER=sa;PASSWORD=\n"
            "var cs = string.Format(\"Server={0};User Id={1};Password={2};\", host, user, password);\n"
            "dsn = f\"postgresql://{user}:{password}@{host}:5432/{db}\"\n"
            "MONGO_URL=mongodb://${MONGO_USER}:${MONGO_PASS}@mongo:27017/app\n"
            "# e.g. postgres://user:password@localhost:5432/mydb\n")
    w.add("connstr4", _p(w, "docs/connection-strings.md"), body,
          neg=["Integrated Security", "Trusted_Connection", "PASSWORD=\n", "Password={2}", "{password}@", "${MONGO_PASS}", "user:password@"])


# --- lockfiles, SHAs, ciphertext, assets, ids ----------------------------------------------
def lockfile_pnpm_gemfile(w: W) -> None:
    pk = ("passport-jwt", "@types/passport-local", "password-validator", "secret-handshake", "keytar", "tokenizers")
    body = "lockfileVersion: '9.0'\n\npackages:\n\n" + "".join(
        f"  {p}@1.{i}.0:\n    resolution: {{integrity: {fakes.sri_integrity(w.seed())}}}\n\n" for i, p in enumerate(pk))
    w.add("lockfile4", _p(w, "pnpm-lock.yaml"), body, neg=["integrity", "@1."])
    body2 = "GEM\n  remote: https://rubygems.org/\n  specs:\n    bcrypt (3.1.20)\n    devise (4.9.3)\n      bcrypt (~> 3.0)\n    has_secure_token (1.0.0)\n    jwt (2.7.1)\n"
    w.add("lockfile4", _p(w, "Gemfile.lock"), body2, neg=["bcrypt", "devise", "has_secure_token", "jwt ("])


def secret_key_shas(w: W) -> None:
    s1, s2, s3 = fakes.git_sha(w.seed()), fakes.git_sha(w.seed()), fakes.git_sha(w.seed())
    body = (f"# pin the secrets submodule and the action revisions\nsecrets_repo_commit: {s1}\n"
            f"      - uses: hashicorp/vault-action@{s2} # v3.0.0\n      - uses: {w.org()}/secrets-sync-action@{s3}\n")
    w.add("sha4", _p(w, ".github/workflows/sync-secrets.yml"), body, neg=[s1, s2, s3])
    doc = {"extends": ["config:recommended"], "packageRules": [{"matchPackageNames": ["external-secrets"], "digest": "sha256:" + fakes.sha256_hex(w.seed())}],
           "secretsRevision": fakes.git_sha(w.seed())}
    w.add("sha4", _p(w, "renovate.json"), json.dumps(doc, indent=2) + "\n", neg=["sha256:", "secretsRevision"])


def public_key_token(w: W) -> None:
    toks = [w.hexs(16) for _ in range(3)]
    body = ("<runtime>\n  <assemblyBinding xmlns=\"urn:schemas-microsoft-com:asm.v1\">\n" + "".join(
        f"    <dependentAssembly>\n      <assemblyIdentity name=\"{n}\" publicKeyToken=\"{t}\" culture=\"neutral\" />\n      <bindingRedirect oldVersion=\"0.0.0.0-13.0.0.0\" newVersion=\"13.0.0.0\" />\n    </dependentAssembly>\n"
        for n, t in zip(("Newtonsoft.Json", "System.Memory", "Microsoft.IdentityModel.Tokens"), toks, strict=True)) + "  </assemblyBinding>\n</runtime>\n")
    line = f"<Reference Include=\"System.Web.Mvc, Version=5.2.9.0, Culture=neutral, PublicKeyToken={w.hexs(16)}, processorArchitecture=MSIL\" />\n"
    w.add("pubkeytoken", _p(w, "src/Web/Web.config"), body + line, neg=["publicKeyToken", "PublicKeyToken"])


def ciphertext_fields(w: W) -> None:
    sops = {"data": fakes.sops_value(w.seed()), "sops": {"kms": [{"arn": "arn:aws:kms:eu-west-1:123456789012:key/" + fakes.uuid4(w.seed()),
            "enc": fakes.kms_ciphertext_blob(w.seed())}], "age": [{"recipient": "age1" + w.s("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58),
            "enc": "-----BEGIN AGE ENCRYPTED FILE-----\n" + base64.b64encode(w.r.randbytes(120)).decode() + "\n-----END AGE ENCRYPTED FILE-----\n"}],
            "encrypted_key": base64.b64encode(w.r.randbytes(96)).decode(), "mac": fakes.sops_value(w.seed()), "version": "3.8.1"}}
    w.add("ciphertext", _p(w, "secrets/app.enc.json"), json.dumps(sops, indent=2) + "\n", neg=["ENC[", "\"enc\"", "encrypted_key", "recipient"])
    body = (f"<com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n  <id>nexus</id>\n  <username>ci</username>\n"
            f"  <password>{fakes.jenkins_secret(w.seed())}</password>\n</com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n")
    w.add("ciphertext", _p(w, "jenkins/credentials.xml"), body, neg=["<password>{"])
    body2 = ("{\n  \"os_crypt\": {\n    \"encrypted_key\": \"" + base64.b64encode(b"DPAPI" + w.r.randbytes(220)).decode() + "\"\n  }\n}\n")
    w.add("ciphertext", _p(w, "test/data/chrome/Local State"), body2, neg=["encrypted_key"])
    ct = "2." + base64.b64encode(w.r.randbytes(16)).decode() + "|" + base64.b64encode(w.r.randbytes(32)).decode() + "|" + base64.b64encode(w.r.randbytes(32)).decode()
    w.add("ciphertext", _p(w, "test/fixtures/bitwarden_export.json"),
          json.dumps({"encrypted": True, "items": [{"name": ct, "login": {"username": ct, "password": ct}}]}, indent=2) + "\n", neg=["2."])


def css_svg(w: W) -> None:
    body = (".password-strength { height: 4px; background: var(--token-color-danger); }\n:root { --secret-accent: #5b21b6; --token-radius: 6px; }\n"
            ".icon-key::before { content: \"\\f084\"; }\n@font-face { font-family: Icons; src: url(data:font/woff2;base64,"
            + base64.b64encode(w.r.randbytes(300)).decode() + ") format('woff2'); }\n")
    w.add("assets4", _p(w, "web/src/styles/auth.css"), body, neg=[".password-strength", "--secret-accent", "content:", "data:font/woff2"])
    svg = ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><title>password</title>\n  <path d=\"M" + " ".join(f"{w.n(0, 24)}.{w.n(0, 99)}" for _ in range(40)) + "z\"/>\n"
           "  <image href=\"data:image/svg+xml;base64," + base64.b64encode(w.r.randbytes(240)).decode() + "\"/>\n</svg>\n")
    w.add("assets4", _p(w, "web/public/icons/key.svg"), svg, neg=["<title>password", "path d=", "data:image/svg+xml"])


def b64_images_json(w: W) -> None:
    jpg = base64.b64encode(b"\xff\xd8\xff\xe0\x00\x10JFIF" + w.r.randbytes(600)).decode()
    doc = {"users": [{"id": fakes.uuid4(w.seed()), "name": w.user(), "avatar": jpg, "apiKeyId": fakes.uuid4(w.seed()),
                      "idempotency_key": fakes.uuid4(w.seed()), "client_request_token": fakes.uuid4(w.seed())}]}
    w.add("ids4", _p(w, "fixtures/users_with_avatars.json"), json.dumps(doc, indent=2) + "\n", neg=["\"id\"", "avatar", "apiKeyId", "idempotency_key", "client_request_token"])


def test_assertions(w: W) -> None:
    body = ("def test_key_format():\n    key = generate_api_key()\n    assert key.startswith(\"sk_live_\")\n    assert len(key) == 40\n"
            "    assert re.fullmatch(r\"[A-Za-z0-9]{32}\", key[8:])\n\ndef test_redaction():\n    assert redact(token) == token[:4] + \"****\"\n")
    w.add("asserts4", _p(w, "tests/test_keys.py"), body, neg=["startswith", "len(key)", "fullmatch", "redact("])
    body2 = ("it('issues a PAT', () => {\n  expect(token).toMatch(/^ghp_[A-Za-z0-9]{36}$/);\n  expect(secret).toHaveLength(64);\n"
             "  expect(res.body.password).toBeUndefined();\n});\n")
    w.add("asserts4", _p(w, "test/pat.test.ts"), body2, neg=["toMatch(", "toHaveLength", "toBeUndefined"])


def vendored_lib(w: W) -> None:
    body = ("class HTTPPasswordMgr:\n    def add_password(self, realm, uri, user, passwd):\n        self.passwd[realm] = (user, passwd)\n\n"
            "    def find_user_password(self, realm, authuri):\n        return None, None\n\n"
            "def prompt():\n    password = getpass.getpass(\"Password for %s: \" % user)\n    return _basic_auth_str(username, password)\n")
    w.add("vendored4", _p(w, "third_party/urllib_compat/request.py"), body, neg=["add_password", "self.passwd", "find_user_password", "getpass.getpass", "_basic_auth_str"])
    body2 = ("def check_password(self, raw_password):\n    def setter(raw_password):\n        self.set_password(raw_password)\n"
             "    return check_password(raw_password, self.password, setter)\n")
    w.add("vendored4", _p(w, "vendor/django/contrib/auth/base_user.py"), body2, neg=["check_password", "set_password"])


def hex_hashes_misc(w: W) -> None:
    body = (f"# checksums of the release artefacts\nsecret-tool-linux-amd64.tar.gz sha256={fakes.sha256_hex(w.seed())}\n"
            f"token-cli-darwin-arm64.zip sha256={fakes.sha256_hex(w.seed())}\nbuild_id={fakes.uuid4(w.seed())}\n")
    w.add("sha4", _p(w, "release/SHA256SUMS.txt"), body, neg=["sha256=", "build_id"])


NEGATIVE4 = [postman_refs, insomnia_refs, har_noise, escaped_refs, tokenizer_json, token_list_refs, notebook_refs,
             notebook_outputs, helm_placeholders, k8s_refs, k8s_serviceaccount, terraform_refs, tfstate_safe, ansible_refs,
             compose_defaults, ci_refs, travis_secure, jwk_public, pem_encrypted, nats_public, otp_examples, edgerc_template,
             swarm_refs, salesforce_ids, twilio_ids, dropbox_refs, lang_declarations, lang_calls, ui_labels, proto_tags,
             sql_refs, shell_refs, connstr_refs, lockfile_pnpm_gemfile, secret_key_shas, public_key_token, ciphertext_fields,
             css_svg, b64_images_json, test_assertions, vendored_lib, hex_hashes_misc]
