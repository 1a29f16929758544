# ruff: noqa: E501
"""Hard negatives: the same files as ``pos`` with what real code holds instead of a secret.

References, placeholders, publicly known defaults, type declarations, UI strings, test
assertions against variables, hashes and package names.
"""

from __future__ import annotations

import json

from tests import fakes
from tests.wild.kit import ALNUM, B64, HEX, W


def yaml_nextline(w: W) -> None:
    style = w.n(0, 3)
    if style == 0:
        body = "database:\n  username: app\n  password:\n    valueFrom:\n      secretKeyRef:\n        name: db-credentials\n        key: password\n"
        neg = ["valueFrom", "secretKeyRef", "key: password"]
    elif style == 1:
        body = "rules:\n  password:\n    - required\n    - min:8\n    - confirmed\n  email:\n    - required\n    - email\n"
        neg = ["required", "min:8", "confirmed"]
    elif style == 2:
        body = "database:\n  password: >-\n    ${DATABASE_PASSWORD}\n  user: >-\n    ${DATABASE_USER}\n"
        neg = ["${DATABASE_PASSWORD}"]
    else:
        body = f"db_password: !vault |\n{fakes.ansible_vault_blob(w.seed(), '  ')}\ndb_user: app\n"
        neg = ["$ANSIBLE_VAULT"]
    w.add("yaml-nextline", f"{w.org()}-api/config/settings.yml", body, neg=neg)


def json_nextline(w: W) -> None:
    if w.n(0, 1):
        schema = {"type": "object", "properties": {"username": {"type": "string"}, "password": {"type": "string", "minLength": 12, "format": "password"}},
                  "required": ["username", "password"]}
        w.add("json-nextline", "schemas/login.schema.json", json.dumps(schema, indent=2) + "\n", neg=['"password"', "minLength"])
    else:
        d = {"ConnectionSettings": {"Username": "", "Password": "", "ApiKey": "<set via user-secrets>"}}
        w.add("json-nextline", "src/App/appsettings.json", json.dumps(d, indent=2).replace('"Password": ""', '"Password":\n        ""') + "\n",
              neg=['""', "user-secrets"])


def python_split(w: W) -> None:
    style = w.n(0, 3)
    if style == 0:
        body = ("conn = psycopg2.connect(\n    host=os.environ[\"PGHOST\"],\n    user=os.environ[\"PGUSER\"],\n    password=\n        os.environ[\"PGPASSWORD\"],\n)\n")
        neg = ["PGPASSWORD"]
    elif style == 1:
        body = ("@dataclass\nclass Credentials:\n    username: str\n    password: str = field(repr=False)\n    token: Optional[str] = None\n\n"
                "    def masked(self) -> str:\n        return f\"{self.username}:***\"\n")
        neg = ["password: str", "token: Optional"]
    elif style == 2:
        body = ("def login(client, username, password):\n    resp = client.post(\n        \"/login\",\n        data={\"username\": username, \"password\": password},\n    )\n"
                "    assert resp.status_code == 200\n    assert resp.json()[\"password\"] is None\n    assert user.check_password(password)\n")
        neg = ['"password": password', "check_password"]
    else:
        body = ("username, password, save = self._prompt_for_password(netloc)\npassword = getpass.getpass(\"Password: \")\n"
                "password = base64.b16encode(os.urandom(16)).decode()\nself.password = kwargs.pop(\"password\", None)\n")
        neg = ["_prompt_for_password", "getpass", "b16encode", "kwargs.pop"]
    w.add("python-split", f"{w.org()}/auth/{w.pick(('client', 'session', 'models'))}.py", body, neg=neg)


def sql_insert(w: W) -> None:
    style = w.n(0, 2)
    if style == 0:
        rows = [f"  ({i}, '{w.user()}{i}', '{fakes.bcrypt_hash(w.seed())}')" for i in range(1, 4)]
        body = "INSERT INTO users (id, username, password_hash) VALUES\n" + ",\n".join(rows) + ";\n"
        neg = ["$2b$"]
    elif style == 1:
        body = ("CREATE TABLE users (\n  id SERIAL PRIMARY KEY,\n  username VARCHAR(64) NOT NULL,\n  password VARCHAR(255) NOT NULL,\n  reset_token CHAR(64)\n);\n"
                "INSERT INTO settings (name, value) VALUES ('password_min_length', '12'), ('password_reset_ttl', '3600');\n")
        neg = ["password VARCHAR", "password_min_length"]
    else:
        body = ("INSERT INTO users (username, email, password) VALUES\n  ('admin', 'admin@example.com', 'admin'),\n  ('test', 'test@example.com', 'test'),\n"
                "  ('demo', 'demo@example.com', 'password');\n")
        neg = ["'admin'", "'test'", "'password'"]
    w.add("sql-insert", f"db/migrations/{w.n(1, 9):03d}_users.sql", body, neg=neg)


def md_table(w: W) -> None:
    if w.n(0, 1):
        body = ("## Configuration\n\n| Option | Default | Description |\n|--------|---------|-------------|\n| `password` | `\"\"` | Password used to authenticate |\n"
                "| `token` | `null` | API token; read from `$API_TOKEN` when unset |\n| `passwordFile` | `/run/secrets/pw` | File holding the password |\n")
        neg = ["`password`", "`token`", "passwordFile"]
    else:
        body = ("| User | Password | Notes |\n|------|----------|-------|\n| admin | admin | default, change on first login |\n| guest | guest | read only |\n"
                "| root | *(your password)* | |\n")
        neg = ["| admin | admin", "guest", "your password"]
    w.add("md-table", f"docs/{w.pick(('configuration', 'README', 'install'))}.md", body, neg=neg)


def env_placeholder(w: W) -> None:
    body = ("APP_ENV=local\nDB_PASSWORD=\nDB_PASSWORD_CONFIRM=your_password_here\nGITHUB_TOKEN=<your-github-token>\nSTRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\n"
            "REDIS_PASSWORD=changeme\nAPI_SECRET=${API_SECRET}\nSENTRY_DSN=\nJWT_SECRET=replace-me-with-a-long-random-string\n")
    w.add("env-file", f"{w.org()}-web/.env.example", body, neg=["your_password_here", "<your-github-token>", "xxxxxxxx", "changeme", "${API_SECRET}", "replace-me"])


def notebook(w: W) -> None:
    nb = {"cells": [{"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
                     "source": ["import os, getpass\n", "openai.api_key = os.getenv(\"OPENAI_API_KEY\")\n", "token = getpass.getpass(\"Token: \")\n"]},
                    {"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": [{"output_type": "display_data", "data": {"image/png": fakes.png_base64(w.seed(), 600)}}],
                     "source": ["plt.show()\n"]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    w.add("notebook", f"notebooks/{w.pick(('analysis', 'plots'))}.ipynb", json.dumps(nb, indent=1) + "\n", neg=["OPENAI_API_KEY", "getpass", "image/png"])


def helm_values(w: W) -> None:
    body = ("postgresql:\n  enabled: true\n  auth:\n    username: app\n    password: \"\"\n    existingSecret: app-db\n    secretKeys:\n      userPasswordKey: password\n"
            "redis:\n  auth:\n    password: '{{ .Values.global.redisPassword }}'\n")
    w.add("helm-values", f"charts/{w.org()}-api/values.yaml", body, neg=["existingSecret", "userPasswordKey", ".Values.global"])


def compose_env(w: W) -> None:
    body = ("services:\n  db:\n    image: postgres:15\n    environment:\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?err}\n      - POSTGRES_PASSWORD_FILE=/run/secrets/db_password\n"
            "  local-db:\n    image: postgres:15\n    environment:\n      POSTGRES_USER: postgres\n      POSTGRES_PASSWORD: postgres\n")
    w.add("compose", f"{w.org()}/docker-compose.yml", body, neg=["${POSTGRES_PASSWORD", "_FILE", "POSTGRES_PASSWORD: postgres"])


def ansible(w: W) -> None:
    body = ("---\nansible_become_pass: \"{{ vault_become_pass }}\"\nmysql_root_password: \"{{ lookup('env', 'MYSQL_ROOT_PASSWORD') }}\"\n"
            "user_password: \"{{ 'x' | password_hash('sha512') }}\"\n")
    w.add("ansible", "inventories/prod/group_vars/all.yml", body, neg=["vault_become_pass", "lookup(", "password_hash"])


def terraform(w: W) -> None:
    body = ("variable \"db_password\" {\n  description = \"Master password\"\n  type        = string\n  sensitive   = true\n}\n\n"
            "resource \"aws_db_instance\" \"main\" {\n  username = \"app\"\n  password = var.db_password\n}\n\n"
            "resource \"random_password\" \"api\" {\n  length = 32\n}\nlocals {\n  api_key = random_password.api.result\n}\n")
    w.add("terraform", f"infra/{w.org()}/main.tf", body, neg=["var.db_password", "random_password.api"])


def spring(w: W) -> None:
    body = ("spring.datasource.password=${DB_PASSWORD:}\nspring.security.user.password=${ADMIN_PASSWORD}\nspring.mail.password=\n"
            "jasypt.encryptor.password=${JASYPT_PASSWORD}\napp.secret=ENC(" + w.s(B64, 44) + ")\n")
    w.add("spring", "src/main/resources/application.properties", body, neg=["${DB_PASSWORD", "ENC("])


def django(w: W) -> None:
    body = ("SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\nAUTH_PASSWORD_VALIDATORS = [\n    {\"NAME\": \"django.contrib.auth.password_validation.MinimumLengthValidator\"},\n]\n"
            "PASSWORD_HASHERS = [\"django.contrib.auth.hashers.Argon2PasswordHasher\"]\nEMAIL_HOST_PASSWORD = env(\"EMAIL_HOST_PASSWORD\", default=\"\")\n")
    w.add("django", f"{w.org()}site/settings/base.py", body, neg=["DJANGO_SECRET_KEY", "password_validation", "Argon2PasswordHasher", "env("])


def rails(w: W) -> None:
    body = ("production:\n  adapter: postgresql\n  username: <%= ENV[\"DB_USER\"] %>\n  password: <%= ENV[\"DB_PASSWORD\"] %>\n"
            "test:\n  adapter: sqlite3\n  database: db/test.sqlite3\n  secret_key_base: <%= Rails.application.credentials.secret_key_base %>\n")
    w.add("rails", "config/database.yml", body, neg=["ENV[", "credentials.secret_key_base"])


def php(w: W) -> None:
    body = ("<?php\nreturn [\n    'password' => env('DB_PASSWORD', ''),\n    'secret' => getenv('APP_SECRET'),\n    'password_confirmation' => 'required|same:password',\n"
            "    'labels' => ['password' => 'Mot de passe', 'forgot' => 'Mot de passe oublié ?'],\n];\n")
    w.add("php", f"{w.org()}-site/config/app.php", body, neg=["env(", "getenv", "required|same", "Mot de passe"])


def java(w: W) -> None:
    body = ("public class LoginForm {\n    private String password;\n    public static final String PASSWORD_PARAM = \"password\";\n"
            "    @Column(name = \"password_hash\", nullable = false)\n    private String passwordHash;\n\n    void read(HttpServletRequest req) {\n"
            "        this.password = req.getParameter(\"password\");\n        assertEquals(expectedPassword, form.getPassword());\n    }\n}\n")
    w.add("java-const", f"src/main/java/com/{w.org()}/LoginForm.java", body, neg=["private String password", "PASSWORD_PARAM", "password_hash", "getParameter", "expectedPassword"])


def csharp(w: W) -> None:
    d = {"ConnectionStrings": {"DefaultConnection": "Server=(localdb)\\mssqllocaldb;Database=App;Trusted_Connection=True;MultipleActiveResultSets=true",
                               "Redis": "localhost:6379,password=${REDIS_PASSWORD}"},
         "Assembly": "System.Web.Mvc, Version=5.2.3.0, Culture=neutral, PublicKeyToken=" + w.hexs(16)}
    w.add("csharp", "src/App.Web/appsettings.json", json.dumps(d, indent=2) + "\n", neg=["Trusted_Connection", "${REDIS_PASSWORD}", "PublicKeyToken"])


def go_struct(w: W) -> None:
    body = ("type Config struct {\n\tUser     string `json:\"user\" yaml:\"user\"`\n\tPassword string `json:\"password\" yaml:\"password\" env:\"DB_PASSWORD\"`\n"
            "\tToken    []byte `protobuf:\"bytes,3,opt,name=token,proto3\" json:\"token,omitempty\"`\n}\n\nvar cfg = Config{Password: os.Getenv(\"DB_PASSWORD\")}\n")
    w.add("go-struct", "internal/config/config.go", body, neg=["json:\"password\"", "protobuf:", "os.Getenv"])


def shell(w: W) -> None:
    body = ("#!/bin/sh\nexport GITHUB_TOKEN=$(gh auth token)\nexport PGPASSWORD=\"${DB_PASSWORD}\"\nread -rsp 'Password: ' PASSWORD\n"
            "export VAULT_TOKEN=\"$(vault login -token-only -method=oidc)\"\n")
    w.add("shell", f"scripts/{w.pick(('deploy', 'release'))}.sh", body, neg=["gh auth token", "${DB_PASSWORD}", "read -rsp", "token-only"])


def curl_readme(w: W) -> None:
    body = ("```bash\ncurl -H \"Authorization: Bearer $API_TOKEN\" https://api.example.com/v1/items\ncurl -u \"$USER:$PASS\" https://ci.example.com\n"
            "curl -H 'X-Api-Key: <YOUR_API_KEY>' https://api.example.com\ncurl -H \"Authorization: Bearer ${TOKEN}\" https://api.example.com/me\n```\n")
    w.add("curl", "README.md", body, neg=["$API_TOKEN", "$PASS", "<YOUR_API_KEY>", "${TOKEN}"])


def ci(w: W) -> None:
    body = ("jobs:\n  push:\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          username: ${{ secrets.DOCKERHUB_USER }}\n"
            "          password: ${{ secrets.DOCKERHUB_TOKEN }}\n      - run: echo \"token=${{ github.token }}\"\n    env:\n      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n"
            "      - uses: actions/checkout@" + fakes.git_sha(w.seed()) + "\n")
    w.add("ci", ".github/workflows/release.yml", body, neg=["secrets.", "github.token", "actions/checkout@"])


def _sealed(w: W) -> str:
    """A SealedSecret value: 2-byte session-key length (256 or 512 bytes: 2048- or 4096-bit
    controller key), the RSA-OAEP-wrapped session key, then the AES-GCM ciphertext."""
    import base64

    klen = w.pick(("256", "512"))
    raw = int(klen).to_bytes(2, "big") + w.r.randbytes(int(klen) + w.n(28, 90))
    return base64.b64encode(raw).decode()


def k8s_secret(w: W) -> None:
    body = ("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: app\nspec:\n  encryptedData:\n    DB_PASSWORD: " + _sealed(w) + "\n"
            "---\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    env:\n    - name: DB_PASSWORD\n      valueFrom:\n        secretKeyRef:\n          name: app\n          key: DB_PASSWORD\n")
    w.add("k8s-secret", f"k8s/{w.org()}/sealed.yaml", body, neg=["DB_PASSWORD: A", "secretKeyRef", "key: DB_PASSWORD"])


def k8s_tls(w: W) -> None:
    cert = fakes.pem_certificate(w.seed())
    body = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ca-bundle\ndata:\n  ca.crt: |\n" + "".join("    " + ln + "\n" for ln in cert.splitlines())
            + "  public.pem: |\n" + "".join("    " + ln + "\n" for ln in fakes.pem_public_key(w.seed()).splitlines()))
    w.add("k8s-tls", "deploy/ca-bundle.yaml", body, neg=["BEGIN CERTIFICATE", "BEGIN PUBLIC KEY"])


def vcr(w: W) -> None:
    body = ("---\nhttp_interactions:\n- request:\n    method: get\n    uri: https://api.example-shop.com/v1/orders\n    headers:\n      Authorization:\n      - \"<API_TOKEN>\"\n"
            "      X-Request-Id:\n      - " + fakes.uuid4(w.seed()) + "\n  response:\n    headers:\n      Etag:\n      - W/\"" + w.hexs(32) + "\"\n      Set-Cookie:\n      - _session_id=[FILTERED]; path=/\n")
    w.add("http-fixture", "spec/cassettes/orders.yml", body, neg=["<API_TOKEN>", "X-Request-Id", "W/", "[FILTERED]"])


def har(w: W) -> None:
    har = {"log": {"entries": [{"request": {"headers": [{"name": "Authorization", "value": "Bearer {{access_token}}"},
                                                        {"name": "If-None-Match", "value": '"' + w.hexs(40) + '"'},
                                                        {"name": "X-Trace", "value": fakes.uuid4(w.seed())}]},
                                "response": {"content": {"mimeType": "text/html", "text": "<input type=\"password\" name=\"password\" placeholder=\"Password\">"}}}]}}
    w.add("http-fixture", "fixtures/home.har", json.dumps(har, indent=2) + "\n", neg=["{{access_token}}", '"value": "\\"', "type=\\\"password"])


def postman(w: W) -> None:
    env = {"name": "local", "values": [{"key": "apiKey", "value": "", "enabled": True}, {"key": "token", "value": "{{access_token}}", "enabled": True},
                                       {"key": "password", "value": "", "type": "secret", "enabled": True}]}
    w.add("postman", f"postman/{w.org()}.postman_environment.json", json.dumps(env, indent=2) + "\n", neg=['"value": ""', "{{access_token}}"])


def lockfile(w: W) -> None:
    k = w.n(0, 3)
    if k == 0:
        d = {"name": "web", "lockfileVersion": 3, "packages": {
            "node_modules/passport-local": {"version": "1.0.0", "resolved": "https://registry.npmjs.org/passport-local/-/passport-local-1.0.0.tgz", "integrity": fakes.sri_integrity(w.seed())},
            "node_modules/minipass": {"version": "7.1.2", "integrity": fakes.sri_integrity(w.seed())},
            "node_modules/secret-stream": {"version": "2.0.0", "integrity": fakes.sri_integrity(w.seed(), "sha1")}}}
        w.add("lockfile", "package-lock.json", json.dumps(d, indent=2) + "\n", neg=["integrity", "passport", "minipass", "secret-stream"])
    elif k == 1:
        body = "".join(f"[[package]]\nname = \"{n}\"\nversion = \"1.{i}.0\"\nfiles = [\n    {{file = \"{n}-1.{i}.0.tar.gz\", hash = \"sha256:{fakes.sha256_hex(w.seed())}\"}},\n]\n\n"
                       for i, n in enumerate(("keyring", "secretstorage", "passlib")))
        w.add("lockfile", "poetry.lock", body, neg=["sha256:"])
    elif k == 2:
        d = {"devDependencies": {"detect-secrets": "github:" + w.org() + "/detect-secrets#" + fakes.git_sha(w.seed()), "passport": "^0.7.0", "token-types": "^5.0.1"}}
        w.add("lockfile", "package.json", json.dumps(d, indent=2) + "\n", neg=["detect-secrets", "passport", "token-types"])
    else:
        body = "".join(f"{m} v1.{i}.0 h1:{fakes.go_sum_hash(w.seed())}\n" for i, m in enumerate(("github.com/zalando/go-keyring", "golang.org/x/crypto", "github.com/99designs/keyring")))
        w.add("lockfile", "go.sum", body, neg=["h1:"])


def ui_strings(w: W) -> None:
    if w.n(0, 1):
        d = {"login": {"labelPassword": "Password:", "forgotPassword": "Forgot your password?", "passwordTooShort": "Password must be at least 12 characters",
                       "token": "Access token", "secret": "Client secret"}}
        w.add("ui-strings", "src/i18n/en.json", json.dumps(d, indent=2) + "\n", neg=["Password:", "Forgot", "at least", "Access token", "Client secret"])
    else:
        body = ("export const messages = {\n  password: 'Mot de passe',\n  passwordConfirm: 'Confirmer le mot de passe',\n  apiKey: 'Clé API',\n  secretHint: 'Never share your secret key',\n};\n"
                "<input type=\"password\" name=\"password\" placeholder=\"Enter password\" autocomplete=\"current-password\" />\n")
        w.add("ui-strings", "src/locales/fr.ts", body, neg=["Mot de passe", "Clé API", "secretHint", "placeholder"])


def types(w: W) -> None:
    body = ("export interface LoginRequest {\n  username: string;\n  password: string;\n  otp?: string | null;\n}\n\nexport type Token = {\n  accessToken: string;\n  refreshToken?: string;\n};\n"
            "class Settings(BaseSettings):\n    db_password: SecretStr\n    api_key: str = Field(..., env=\"API_KEY\")\n")
    w.add("types", f"src/{w.pick(('api', 'models'))}/types.ts", body, neg=["password: string", "accessToken: string", "SecretStr", "Field("])


def docs_defaults(w: W) -> None:
    body = ("## Logging in\n\nThe default credentials are `admin` / `admin`. Change the password after the first login.\n\n"
            "Set `password: changeme` in `config.yml`, or export `APP_PASSWORD=...` before starting.\n\n```yaml\nauth:\n  username: admin\n  password: <your password>\n```\n")
    w.add("docs", "docs/getting-started.md", body, neg=["`admin`", "changeme", "APP_PASSWORD=...", "<your password>"])


def htpasswd(w: W) -> None:
    body = "".join(f"{w.user()}{i}:{fakes.bcrypt_hash(w.seed(), 10).replace('$2b$', '$2y$')}\n" for i in range(3)) + f"ops:$apr1${w.s(ALNUM, 8)}${w.s(ALNUM + './', 22)}\n"
    w.add("htpasswd", "nginx/.htpasswd", body, neg=["$2y$", "$apr1$"])


def vendored(w: W) -> None:
    body = ("    MovedAttribute(\"HTTPPasswordMgrWithDefaultRealm\", \"urllib2\", \"urllib.request\"),\n"
            "    MovedAttribute(\"HTTPBasicAuthHandler\", \"urllib2\", \"urllib.request\"),\n"
            "def _get_password(self, netloc):\n    password = self.passwords.get(netloc)\n    if password is None:\n        password = keyring.get_password(netloc, self.username)\n"
            "    return password\n")
    w.add("vendored", "src/pip/_vendor/six_shim.py", body, neg=["HTTPPasswordMgr", "passwords.get", "keyring.get_password"])


def dotfiles(w: W) -> None:
    k = w.n(0, 2)
    if k == 0:
        w.add("dotfile", ".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nsave-exact=true\n", neg=["${NPM_TOKEN}"])
    elif k == 1:
        w.add("dotfile", ".pypirc", "[pypi]\nusername = __token__\npassword = <your PyPI token>\n", neg=["<your PyPI token>"])
    else:
        w.add("dotfile", "home/.netrc", "machine api.heroku.com\n  login me@example.com\n  password $HEROKU_API_KEY\n", neg=["$HEROKU_API_KEY"])


def ids_hashes(w: W) -> None:
    body = (f"build:\n  commit: {fakes.git_sha(w.seed())}\n  image: ghcr.io/{w.org()}/api@sha256:{fakes.sha256_hex(w.seed())}\n"
            f"  request_id: {fakes.uuid4(w.seed())}\n  checksum: {w.hexs(64)}\n  secret_name: app-secrets\n  token_endpoint: https://auth.{w.org()}.com/oauth/token\n"
            f"  encrypted_key: {w.s(B64, 88)}\n")
    w.add("ids", "deploy/build-info.yml", body, neg=["commit:", "sha256:", "request_id", "checksum", "secret_name", "token_endpoint", "encrypted_key"])


def sql_ddl(w: W) -> None:
    body = ("ALTER ROLE app WITH LOGIN PASSWORD :'app_password';\nCREATE USER reporter WITH PASSWORD NULL;\n"
            "UPDATE users SET password = crypt(:new_password, gen_salt('bf')) WHERE id = :id;\n"
            "SELECT id FROM users WHERE username = $1 AND password = $2;\n")
    w.add("sql-insert", "db/queries/auth.sql", body, neg=[":'app_password'", "PASSWORD NULL", "crypt(", "password = $2"])


def test_asserts(w: W) -> None:
    body = ("def test_password_reset(client, user):\n    new_password = make_password()\n    resp = client.post(url, {\"password\": new_password, \"password2\": new_password})\n"
            "    assert resp.status_code == 302\n    user.refresh_from_db()\n    assert user.check_password(new_password)\n    self.assertEqual(form.errors[\"password\"], [\"This field is required.\"])\n"
            "    token = default_token_generator.make_token(user)\n")
    w.add("test-fixture", f"tests/test_{w.pick(('auth', 'accounts', 'reset'))}.py", body, neg=["new_password", "check_password", "This field is required", "make_token"])


def random_blobs(w: W) -> None:
    body = (f"const ICON = \"data:image/png;base64,{fakes.png_base64(w.seed(), 300)}\";\n"
            f"export const SRI = \"{fakes.sri_integrity(w.seed(), 'sha384')}\";\nconst nonce = '{w.s(HEX, 32)}'; // CSP nonce for inline script\n")
    w.add("ids", "src/assets/icons.js", body, neg=["data:image/png", "SRI", "nonce"])


NEGATIVE = [yaml_nextline, json_nextline, python_split, sql_insert, md_table, env_placeholder, notebook, helm_values,
            compose_env, ansible, terraform, spring, django, rails, php, java, csharp, go_struct, shell, curl_readme,
            ci, k8s_secret, k8s_tls, vcr, har, postman, lockfile, ui_strings, types, docs_defaults, htpasswd,
            vendored, dotfiles, ids_hashes, sql_ddl, test_asserts, random_blobs]


def code_refs(w: W) -> None:
    k = w.n(0, 5)
    if k == 0:
        body = ("public class User {\n    public string Password { get; set; }\n    [JsonIgnore] public string PasswordHash { get; set; } = string.Empty;\n}\n"
                "var password = Configuration[\"Smtp:Password\"];\n")
        w.add("code-refs", "src/Models/User.cs", body, neg=["Password { get", "PasswordHash", "Configuration["])
    elif k == 1:
        body = ("@Value(\"${db.password}\")\nprivate String password;\nval token: String by lazy { System.getenv(\"TOKEN\") ?: \"\" }\n"
                "private val passwordEncoder = BCryptPasswordEncoder()\n")
        w.add("code-refs", "src/main/kotlin/Config.kt", body, neg=["${db.password}", "by lazy", "BCryptPasswordEncoder"])
    elif k == 2:
        body = ("<?php\n$password = $_POST['password'] ?? '';\n$hash = password_hash($password, PASSWORD_DEFAULT);\nif (!password_verify($password, $row['password'])) {\n    die('Invalid password');\n}\n")
        w.add("code-refs", "public/login.php", body, neg=["$_POST", "password_hash", "password_verify", "Invalid password"])
    elif k == 3:
        body = ("func login(w http.ResponseWriter, r *http.Request) {\n\tpassword := r.FormValue(\"password\")\n\ttoken, err := auth.Sign(user, password)\n"
                "\tif err != nil {\n\t\thttp.Error(w, \"invalid password\", 401)\n\t}\n}\n")
        w.add("code-refs", "internal/http/login.go", body, neg=["FormValue", "auth.Sign", "invalid password"])
    elif k == 4:
        body = ("const password = process.env.DB_PASSWORD || '';\nconst { token } = await getSession(req);\nconst apiKey = config.get('stripe.secretKey');\n"
                "passport.use(new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, verify));\n")
        w.add("code-refs", "src/server/auth.js", body, neg=["process.env", "getSession", "config.get", "passwordField"])
    else:
        body = ("password = config.get(\"database\", \"password\")\nsecret = settings.SECRET_KEY\ntoken = request.headers.get(\"Authorization\", \"\").removeprefix(\"Bearer \")\n"
                "mysql_cmd = f\"mysql -u root -p{shlex.quote(pw)} {db}\"\n")
        w.add("code-refs", "tools/db.py", body, neg=["config.get", "settings.SECRET_KEY", "headers.get", "shlex.quote"])


def nextline_refs(w: W) -> None:
    k = w.n(0, 3)
    if k == 0:
        body = "auth:\n  password:\n    \"\"\n  token: |\n    {{ .Values.auth.token }}\n"
        w.add("yaml-nextline", "charts/api/templates/config.yaml", body, neg=['""', ".Values.auth.token"])
    elif k == 1:
        d = '{\n  "db": {\n    "password":\n      "${DB_PASSWORD}",\n    "apiKey":\n      "%API_KEY%"\n  }\n}\n'
        w.add("json-nextline", "config/default.json", d, neg=["${DB_PASSWORD}", "%API_KEY%"])
    elif k == 2:
        body = ("client = ApiClient(\n    api_key=(\n        os.environ[\"API_KEY\"]\n    ),\n    password=\n        settings.SERVICE_PASSWORD,\n)\n")
        w.add("python-split", "scripts/client.py", body, neg=["os.environ", "settings.SERVICE_PASSWORD"])
    else:
        pem = fakes.pem_private_key(w.seed(), "RSA").replace("-----\n", "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC," + w.hexs(32).upper() + "\n\n", 1)
        body = "ssh:\n  passphrase_env: DEPLOY_KEY_PASSPHRASE\n  key: |\n" + "".join("    " + ln + "\n" for ln in pem.splitlines())
        w.add("k8s-tls", "config/deploy-key.yml", body, neg=["BEGIN RSA"])


def docs_examples(w: W) -> None:
    body = ("```python\nclient = Client(api_key=\"YOUR_API_KEY\")\nclient = Client(token=\"<token>\")\n```\n\n"
            f"AWS's documentation uses `{fakes.aws_example_key_id()}` as an example access key.\n\n"
            "```\nAuthorization: Bearer YOUR_ACCESS_TOKEN\nX-Api-Key: your-api-key-here\n```\n")
    w.add("docs", "docs/api.md", body, neg=["YOUR_API_KEY", "<token>", "example access key", "YOUR_ACCESS_TOKEN", "your-api-key-here"])


NEGATIVE += [code_refs, code_refs, nextline_refs, nextline_refs, docs_examples]
