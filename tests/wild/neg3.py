# ruff: noqa: E501
"""Third red-team round, hard negatives: the same languages and files as ``pos3`` when the value
is a type, a label, a policy, a reference, a hash, an identifier, a public key or a placeholder."""

from __future__ import annotations

import base64
import json

from tests import fakes
from tests.wild.kit import B64, HEX, W

_REPOS = ("api", "web", "billing", "auth", "orders", "platform", "infra", "mobile", "worker", "gateway",
          "portal", "search", "reports", "notify", "ledger", "catalog", "checkout", "identity", "ops", "data")


def _p(w: W, path: str) -> str:
    """A repository-like prefix, so well-known file names (.pgpass, Dockerfile) keep their name."""
    return f"{w.org()}-{w.pick(_REPOS)}/{path}"



# --- types, schemas, tags ---------------------------------------------------------------------
def kotlin_types(w: W) -> None:
    body = ("data class LoginRequest(\n    val username: String,\n    val password: String,\n    val apiKey: String? = null,\n)\n"
            "sealed interface AuthState { data class Token(val accessToken: String) : AuthState }\n")
    w.add("types3", _p(w, "app/src/main/java/com/acme/auth/LoginRequest.kt"), body, neg=["val password: String", "apiKey: String?", "accessToken: String"])


def go_tags(w: W) -> None:
    body = ("type DBConfig struct {\n\tUser     string `json:\"user\" yaml:\"user\"`\n\tPassword string `json:\"password\" yaml:\"password\" env:\"DB_PASSWORD\"`\n"
            "\tAPIKey   string `json:\"api_key,omitempty\" mapstructure:\"api_key\"`\n}\n")
    w.add("struct-tags", _p(w, "internal/config/types.go"), body, neg=["Password string", "APIKey"])


def protobuf(w: W) -> None:
    body = ("syntax = \"proto3\";\n\nmessage LoginRequest {\n  string username = 1;\n  string password = 2;\n  string totp_secret = 3 [deprecated = true];\n}\n"
            "message TokenResponse {\n  string access_token = 1;\n  string refresh_token = 2;\n}\n")
    w.add("protobuf", _p(w, "proto/auth/v1/auth.proto"), body, neg=["string password = 2", "totp_secret", "access_token = 1", "refresh_token = 2"])


def rust_serde(w: W) -> None:
    body = ("#[derive(Deserialize)]\npub struct Credentials {\n    pub username: String,\n    #[serde(skip_serializing)]\n    pub password: SecretString,\n"
            "    pub api_token: Option<String>,\n}\n")
    w.add("types3", _p(w, "src/auth/credentials.rs"), body, neg=["pub password: SecretString", "api_token: Option"])


def csharp_model(w: W) -> None:
    body = ("public class RegisterModel\n{\n    [Required]\n    [DataType(DataType.Password)]\n    [StringLength(100, MinimumLength = 8)]\n    public string Password { get; set; }\n\n"
            "    [Compare(\"Password\", ErrorMessage = \"The passwords do not match.\")]\n    public string ConfirmPassword { get; set; }\n}\n")
    w.add("types3", _p(w, "src/Web/Models/RegisterModel.cs"), body, neg=["DataType.Password", "public string Password", "Compare(\"Password\"", "ConfirmPassword"])


def swift_types(w: W) -> None:
    body = ("struct Account: Codable {\n    var email: String\n    var password: String?\n    let apiKey: String\n}\n"
            "let query: [String: Any] = [kSecClass as String: kSecClassGenericPassword, kSecAttrAccount as String: account]\n")
    w.add("types3", _p(w, "App/Sources/Models/Account.swift"), body, neg=["var password: String?", "apiKey: String", "kSecClassGenericPassword"])


def graphql_openapi(w: W) -> None:
    body = ("input LoginInput {\n  email: String!\n  password: String!\n}\n\ntype AuthPayload {\n  token: String!\n}\n")
    body2 = ("components:\n  securitySchemes:\n    bearerAuth:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT\n  schemas:\n    Login:\n      properties:\n"
             "        password:\n          type: string\n          format: password\n          minLength: 8\n          example: \"********\"\n")
    w.add("schema", _p(w, "schema/auth.graphql"), body, neg=["password: String!", "token: String!"])
    w.add("schema", _p(w, "openapi/auth.yaml"), body2, neg=["bearerFormat", "format: password", "********"])


def sql_columns(w: W) -> None:
    body = ("CREATE TABLE users (\n  id BIGSERIAL PRIMARY KEY,\n  email CITEXT NOT NULL UNIQUE,\n  password_hash VARCHAR(255) NOT NULL,\n  api_token CHAR(64),\n"
            "  reset_password_token VARCHAR(128),\n  otp_secret_encrypted BYTEA\n);\n")
    w.add("sql-ddl3", _p(w, "db/migrations/001_users.sql"), body, neg=["password_hash", "api_token", "reset_password_token", "otp_secret"])


# --- UI strings and i18n ------------------------------------------------------------------------
def gettext_po(w: W) -> None:
    body = ('msgid "Password"\nmsgstr "Passwort"\n\nmsgid "Forgot your password?"\nmsgstr "Passwort vergessen?"\n\n'
            'msgid "Your API key has been regenerated."\nmsgstr "Ihr API-Schlüssel wurde neu erzeugt."\n')
    w.add("i18n", _p(w, "locale/de/LC_MESSAGES/django.po"), body, neg=["Passwort", "password?", "API key", "API-Schl"])


def android_strings(w: W) -> None:
    body = ("<resources>\n    <string name=\"prompt_password\">Password</string>\n    <string name=\"error_invalid_password\">Password must be &gt;5 characters</string>\n"
            "    <string name=\"api_key_label\">API key</string>\n</resources>\n")
    w.add("i18n", _p(w, "app/src/main/res/values/strings.xml"), body, neg=["prompt_password", "error_invalid_password", "api_key_label"])


def ios_strings(w: W) -> None:
    body = ("\"login.password.placeholder\" = \"Enter your password\";\n\"login.password.show\" = \"Show password\";\n\"settings.token.title\" = \"Personal access token\";\n")
    w.add("i18n", _p(w, "App/Resources/en.lproj/Localizable.strings"), body, neg=["placeholder", "Show password", "Personal access token"])


def rails_locale(w: W) -> None:
    body = ("en:\n  activerecord:\n    attributes:\n      user:\n        password: \"Password\"\n        password_confirmation: \"Confirm password\"\n"
            "  devise:\n    passwords:\n      send_instructions: \"You will receive an email with instructions on how to reset your password.\"\n")
    w.add("i18n", _p(w, "config/locales/en.yml"), body, neg=["password: \"Password\"", "Confirm password", "send_instructions"])


def react_form(w: W) -> None:
    body = ("export function LoginForm() {\n  const [password, setPassword] = useState('');\n  return (\n    <TextField\n      label=\"Password\"\n      type=\"password\"\n"
            "      value={password}\n      helperText=\"At least 12 characters, one number and one symbol\"\n      onChange={(e) => setPassword(e.target.value)}\n    />\n  );\n}\n")
    w.add("ui3", _p(w, "src/components/LoginForm.tsx"), body, neg=["setPassword", "label=\"Password\"", "type=\"password\"", "value={password}", "helperText"])


# --- policies and validators ----------------------------------------------------------------------
def pw_regex(w: W) -> None:
    body = ("export const PASSWORD_REGEX = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d)(?=.*[!@#$%^&*]).{12,64}$/;\n"
            "export const passwordSchema = z.string().min(12, 'Password is too short').max(64);\n"
            "const apiKeyPattern = /^[A-Za-z0-9]{32}$/;\n")
    w.add("validator", _p(w, "src/validation/password.ts"), body, neg=["PASSWORD_REGEX", "passwordSchema", "apiKeyPattern"])


def django_validators(w: W) -> None:
    body = ("AUTH_PASSWORD_VALIDATORS = [\n    {\"NAME\": \"django.contrib.auth.password_validation.UserAttributeSimilarityValidator\"},\n"
            "    {\"NAME\": \"django.contrib.auth.password_validation.MinimumLengthValidator\", \"OPTIONS\": {\"min_length\": 12}},\n]\n"
            "PASSWORD_HASHERS = [\"django.contrib.auth.hashers.Argon2PasswordHasher\"]\nPASSWORD_RESET_TIMEOUT = 259200\n")
    w.add("validator", _p(w, "mysite/settings/auth.py"), body, neg=["password_validation", "PASSWORD_HASHERS", "PASSWORD_RESET_TIMEOUT"])


def rails_validations(w: W) -> None:
    body = ("class User < ApplicationRecord\n  has_secure_password\n  has_secure_token :api_token\n  validates :password, length: { minimum: 12 }, allow_nil: true\n"
            "  validates :password, format: { with: /\\A(?=.*\\d)(?=.*[A-Z]).*\\z/ }\nend\n")
    w.add("validator", _p(w, "app/models/user.rb"), body, neg=["has_secure_password", "has_secure_token", "validates :password"])


def cognito_policy(w: W) -> None:
    body = ("resource \"aws_cognito_user_pool\" \"main\" {\n  name = \"users\"\n  password_policy {\n    minimum_length    = 12\n    require_symbols   = true\n"
            "    temporary_password_validity_days = 3\n  }\n}\n")
    w.add("validator", _p(w, "infra/cognito.tf"), body, neg=["password_policy", "temporary_password_validity_days"])


def php_hash_calls(w: W) -> None:
    body = ("<?php\n$hash = password_hash($request->input('password'), PASSWORD_DEFAULT);\nif (!password_verify($password, $user->password)) {\n"
            "    throw new AuthenticationException('Invalid password');\n}\n")
    w.add("php3", _p(w, "app/Http/Controllers/AuthController.php"), body, neg=["password_hash(", "password_verify", "Invalid password"])


# --- environment and secret-store references ----------------------------------------------------
def env_lookups_langs(w: W) -> None:
    body = ("val dbPassword = System.getenv(\"DB_PASSWORD\") ?: error(\"DB_PASSWORD not set\")\n"
            "let api_key = std::env::var(\"API_KEY\").expect(\"API_KEY must be set\");\n"
            "password := os.Getenv(\"SMTP_PASSWORD\")\n"
            "let token = ProcessInfo.processInfo.environment[\"GITHUB_TOKEN\"] ?? \"\"\n")
    w.add("env-ref", _p(w, "docs/snippets/env.txt"), body, neg=["getenv", "env::var", "Getenv", "ProcessInfo"])


def env_lookups_scripting(w: W) -> None:
    body = ("my $password = $ENV{DB_PASS} // die \"DB_PASS not set\";\nlocal password = os.getenv(\"REDIS_PASSWORD\")\n"
            "password: System.fetch_env!(\"DB_PASSWORD\"),\nsmtp_password = ENV.fetch(\"SMTP_PASSWORD\") { raise \"missing\" }\n")
    w.add("env-ref", _p(w, "docs/snippets/env-scripting.txt"), body, neg=["$ENV{", "os.getenv", "fetch_env!", "ENV.fetch"])


def laravel_refs(w: W) -> None:
    body = ("<?php\nreturn [\n    'mysql' => [\n        'password' => env('DB_PASSWORD', ''),\n    ],\n    'stripe' => [\n        'secret' => config('services.stripe.secret'),\n    ],\n];\n")
    body2 = "APP_KEY=\nDB_PASSWORD=\nMAIL_PASSWORD=null\nREDIS_PASSWORD=null\nAWS_SECRET_ACCESS_KEY=\n"
    w.add("laravel3", _p(w, "config/database.php"), body, neg=["env('DB_PASSWORD'", "config('services"])
    w.add("laravel3", _p(w, ".env.example"), body2, neg=["DB_PASSWORD=", "MAIL_PASSWORD=null", "REDIS_PASSWORD=null", "AWS_SECRET_ACCESS_KEY="])


def hocon_refs(w: W) -> None:
    body = ("db {\n  user = \"app\"\n  user = ${?DB_USER}\n  password = ${?DB_PASSWORD}\n}\nakka.http.client.auth.token = ${AUTH_TOKEN}\n")
    w.add("hocon", _p(w, "conf/application.conf"), body, neg=["${?DB_PASSWORD}", "${AUTH_TOKEN}"])


def spring_refs(w: W) -> None:
    body = ("spring.datasource.password=${DB_PASSWORD}\nspring.mail.password=${SMTP_PASSWORD:}\n"
            f"spring.rabbitmq.password={{cipher}}{w.hexs(96)}\nquarkus.datasource.password=${{vault.db.password}}\n")
    w.add("spring-ref", _p(w, "src/main/resources/application-prod.properties"), body, neg=["${DB_PASSWORD}", "${SMTP_PASSWORD:}", "{cipher}", "${vault."])


def ci_secret_refs(w: W) -> None:
    body = ("      - uses: docker/login-action@v3\n        with:\n          username: ${{ vars.DOCKERHUB_USERNAME }}\n          password: ${{ secrets.DOCKERHUB_TOKEN }}\n"
            "      - run: echo \"//npm.pkg.github.com/:_authToken=${{ secrets.GITHUB_TOKEN }}\" >> ~/.npmrc\n")
    body2 = ("pipeline {\n  environment {\n    REGISTRY_CREDS = credentials('registry-creds')\n  }\n  stages { stage('push') { steps {\n"
             "    sh 'echo $REGISTRY_CREDS_PSW | docker login -u $REGISTRY_CREDS_USR --password-stdin'\n  } } }\n}\n")
    w.add("ci-ref", _p(w, ".github/workflows/publish.yml"), body, neg=["secrets.DOCKERHUB_TOKEN", "secrets.GITHUB_TOKEN"])
    w.add("ci-ref", _p(w, "Jenkinsfile"), body2, neg=["credentials(", "--password-stdin"])


def terraform_refs(w: W) -> None:
    body = ("resource \"aws_db_instance\" \"main\" {\n  username = \"admin\"\n  password = random_password.db.result\n}\n\n"
            "variable \"db_password\" {\n  type      = string\n  sensitive = true\n}\n\nlocals {\n  api_key = data.aws_secretsmanager_secret_version.api.secret_string\n}\n")
    w.add("terraform3", _p(w, "infra/db.tf"), body, neg=["random_password", "sensitive = true", "secret_string"])


def helm_refs(w: W) -> None:
    body = ("postgresql:\n  auth:\n    existingSecret: db-credentials\n    secretKeys:\n      adminPasswordKey: postgres-password\n      userPasswordKey: password\n"
            "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db-credentials\n        key: password\n")
    body2 = "      password: {{ .Values.db.password | quote }}\n      token: {{ required \"token is required\" .Values.token }}\n"
    w.add("helm3", _p(w, "charts/app/values.yaml"), body, neg=["existingSecret", "PasswordKey", "secretKeyRef", "key: password"])
    w.add("helm3", _p(w, "charts/app/templates/secret.yaml"), body2, neg=[".Values.db.password", ".Values.token"])


def ansible_refs(w: W) -> None:
    body = ("- name: Create DB user\n  community.mysql.mysql_user:\n    name: app\n    password: \"{{ vault_app_db_password }}\"\n"
            "    login_password: \"{{ lookup('env', 'MYSQL_ROOT_PASSWORD') }}\"\n  no_log: true\n")
    body2 = "db_password: !vault |\n" + fakes.ansible_vault_blob(w.seed(), "  ")
    w.add("ansible3", _p(w, "roles/db/tasks/users.yml"), body, neg=["vault_app_db_password", "lookup('env'"])
    w.add("ansible3", _p(w, "group_vars/prod/vault.yml"), body2, neg=["!vault", "$ANSIBLE_VAULT"])


def vault_template(w: W) -> None:
    body = ("{{ with secret \"secret/data/orders/db\" }}\nDB_USER={{ .Data.data.username }}\nDB_PASSWORD={{ .Data.data.password }}\n{{ end }}\n"
            "# ref: vault:secret/data/orders/db#password\n")
    w.add("vault-ref", _p(w, "deploy/vault/orders.env.tpl"), body, neg=[".Data.data", "vault:secret"])


def compose_refs(w: W) -> None:
    body = ("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n      POSTGRES_USER: ${POSTGRES_USER:-app}\n"
            "  redis:\n    command: redis-server --requirepass ${REDIS_PASSWORD:?set REDIS_PASSWORD}\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\n")
    w.add("compose3", _p(w, "docker-compose.yml"), body, neg=["POSTGRES_PASSWORD_FILE", "${REDIS_PASSWORD:?", "db_password.txt"])


def dotfile_refs(w: W) -> None:
    body = "npmAuthToken: \"${NPM_AUTH_TOKEN}\"\nnpmRegistryServer: \"https://npm.pkg.github.com\"\n"
    body2 = ("<packageSourceCredentials>\n  <github>\n    <add key=\"Username\" value=\"%NUGET_USER%\" />\n    <add key=\"ClearTextPassword\" value=\"%NUGET_PASSWORD%\" />\n"
             "  </github>\n</packageSourceCredentials>\n")
    body3 = "<server>\n  <id>nexus</id>\n  <username>${env.MAVEN_USER}</username>\n  <password>${env.MAVEN_PASSWORD}</password>\n</server>\n"
    w.add("dotfile3", _p(w, ".yarnrc.yml"), body, neg=["${NPM_AUTH_TOKEN}"])
    w.add("dotfile3", _p(w, "NuGet.config"), body2, neg=["%NUGET_USER%", "%NUGET_PASSWORD%"])
    w.add("dotfile3", _p(w, ".mvn/settings.xml"), body3, neg=["${env.MAVEN_USER}", "${env.MAVEN_PASSWORD}"])


def gradle_refs(w: W) -> None:
    body = ("publishing {\n  repositories {\n    maven {\n      credentials {\n        username = findProperty(\"nexusUsername\") as String?\n"
            "        password = providers.gradleProperty(\"nexusPassword\").orNull\n      }\n    }\n  }\n}\nsigning { useInMemoryPgpKeys(System.getenv(\"SIGNING_KEY\"), System.getenv(\"SIGNING_PASSWORD\")) }\n")
    w.add("gradle3", _p(w, "build.gradle.kts"), body, neg=["findProperty", "gradleProperty", "getenv"])


def shell_var_cmds(w: W) -> None:
    body = ("PGPASSWORD=\"$DB_PASS\" psql -h \"$DB_HOST\" -U postgres -c 'select 1'\nsshpass -f ~/.ssh/deploy.pass ssh deploy@\"$HOST\" uptime\n"
            "curl -fsS -u \"$NEXUS_USER:$NEXUS_PASS\" --upload-file app.tgz \"$NEXUS_URL\"\nmysqladmin -u root password \"$NEW_ROOT_PASSWORD\"\n"
            "kubectl create secret generic db --from-literal=password=\"$(openssl rand -base64 24)\"\n")
    w.add("shell3", _p(w, "ops/rotate.sh"), body, neg=["$DB_PASS", "sshpass -f", "$NEXUS_PASS", "$NEW_ROOT_PASSWORD", "openssl rand"])


def batch_prompt(w: W) -> None:
    body = "@echo off\nnet use Z: \\\\fs01\\builds /user:%USERDOMAIN%\\%USERNAME% *\nset /p PASSWORD=Enter password: \nrunas /user:Administrator cmd\n"
    w.add("batch3", _p(w, "scripts/map-drive.bat"), body, neg=["%USERNAME% *", "set /p PASSWORD", "runas"])


def http_refs(w: W) -> None:
    body = ("@baseUrl = https://api.example.com\n@token = {{$dotenv API_TOKEN}}\n\n### me\nGET {{baseUrl}}/me\nAuthorization: Bearer {{token}}\n\n"
            "### basic\nGET {{baseUrl}}/admin\nAuthorization: Basic {{username}}:{{password}}\n")
    env = {"id": fakes.uuid4(w.seed()), "name": "local", "values": [
        {"key": "password", "value": "", "type": "secret", "enabled": True},
        {"key": "token", "value": "{{vault:api-token}}", "type": "secret", "enabled": True}]}
    w.add("http3", _p(w, "requests/me.http"), body, neg=["{{$dotenv", "Bearer {{token}}", "{{password}}"])
    w.add("http3", _p(w, "postman/local.postman_environment.json"), json.dumps(env, indent=2) + "\n", neg=["\"value\": \"\"", "{{vault:"])


def notebook_getpass(w: W) -> None:
    nb = {"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [
        {"name": "stdout", "output_type": "stream", "text": ["OPENAI_API_KEY: sk-...****\n"]}],
        "source": ["import os, getpass\n", "os.environ[\"OPENAI_API_KEY\"] = getpass.getpass(\"OpenAI key: \")\n",
                   "print(\"OPENAI_API_KEY:\", mask(os.environ[\"OPENAI_API_KEY\"]))\n"]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    w.add("notebook3", _p(w, "notebooks/setup.ipynb"), json.dumps(nb, indent=1) + "\n", neg=["getpass", "sk-...****", "mask("])


def e2e_env(w: W) -> None:
    body = ("cy.get('#password').type(Cypress.env('ADMIN_PASSWORD'), { log: false });\n"
            "await page.fill('input[name=\"password\"]', process.env.E2E_PASSWORD!);\n"
            "await page.getByLabel('Password').fill(credentials.password);\n")
    w.add("e2e3", _p(w, "e2e/support/login.ts"), body, neg=["Cypress.env", "process.env.E2E_PASSWORD", "credentials.password"])


def gherkin_outline(w: W) -> None:
    body = ("Scenario Outline: invalid login\n  When I sign in as \"<user>\" with password \"<password>\"\n  Then I should see \"Invalid email or password\"\n\n"
            "  Examples:\n    | user  | password |\n    | alice | ******** |\n    | bob   |          |\n")
    w.add("gherkin3", _p(w, "features/invalid_login.feature"), body, neg=["\"<password>\"", "Invalid email or password", "********"])


# --- hashes, digests, identifiers -------------------------------------------------------------
def hashed_fixtures(w: W) -> None:
    users = [{"model": "auth.user", "pk": i + 1, "fields": {"username": f"{w.user()}{i}", "password": fakes.pbkdf2_django_hash(w.seed())}} for i in range(2)]
    w.add("hash-fixture", _p(w, "fixtures/users.json"), json.dumps(users, indent=2) + "\n", neg=["pbkdf2_sha256$"])
    body = "".join(f"{w.user()}{i}:{fakes.sha512_crypt(w.seed())}:19700:0:99999:7:::\n" for i in range(2))
    w.add("hash-fixture", _p(w, "test/data/shadow"), body, neg=["$6$"])


def hashed_sql(w: W) -> None:
    body = (f"CREATE USER 'app'@'%' IDENTIFIED WITH mysql_native_password AS '{fakes.mysql_native_hash(w.seed())}';\n"
            f"INSERT INTO wp_users (user_login, user_pass) VALUES ('admin', '{fakes.phpass_hash(w.seed())}');\n"
            f"INSERT INTO accounts (email, pw_hash) VALUES ('{w.user()}@example.com', '{fakes.argon2_hash(w.seed())}');\n")
    w.add("hash-fixture", _p(w, "db/dump/users.sql"), body, neg=["mysql_native_password AS", "wp_users", "pw_hash"])


def hashed_yaml(w: W) -> None:
    body = "".join(f"{w.user()}{i}:\n  email: user{i}@example.com\n  encrypted_password: \"{fakes.bcrypt_hash(w.seed(), 11)}\"\n" for i in range(2))
    body += f"ops:\n  email: ops@example.com\n  password_digest: \"{fakes.md5_crypt(w.seed())}\"\n"
    w.add("hash-fixture", _p(w, "test/fixtures/users.yml"), body, neg=["encrypted_password", "password_digest"])


def lock_yarn_cargo(w: W) -> None:
    body = "".join(f"\"{p}@^{i}.2.0\":\n  version \"{i}.2.3\"\n  resolved \"https://registry.yarnpkg.com/{p}/-/{p}-{i}.2.3.tgz#{fakes.git_sha(w.seed())}\"\n"
                   f"  integrity {fakes.sri_integrity(w.seed())}\n\n" for i, p in enumerate(("bcryptjs", "jsonwebtoken", "passport-local"), 1))
    body2 = "".join(f"[[package]]\nname = \"{p}\"\nversion = \"0.{i}.1\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{fakes.sha256_hex(w.seed())}\"\n\n"
                    for i, p in enumerate(("argon2", "secrecy", "jsonwebtoken")))
    w.add("lockfile3", _p(w, "yarn.lock"), body, neg=["integrity", "resolved"])
    w.add("lockfile3", _p(w, "Cargo.lock"), body2, neg=["checksum"])


def lock_pipfile_composer(w: W) -> None:
    pipl = {"_meta": {"hash": {"sha256": fakes.sha256_hex(w.seed())}}, "default": {
        "keyring": {"hashes": [f"sha256:{fakes.sha256_hex(w.seed())}", f"sha256:{fakes.sha256_hex(w.seed())}"], "version": "==24.3.0"}}}
    comp = {"packages": [{"name": "laravel/passport", "version": "v12.0.0", "dist": {"type": "zip", "reference": fakes.git_sha(w.seed()),
                                                                                      "shasum": ""}, "source": {"reference": fakes.git_sha(w.seed())}}]}
    flake = {"nodes": {"nixpkgs": {"locked": {"narHash": "sha256-" + base64.b64encode(w.r.randbytes(32)).decode(), "rev": fakes.git_sha(w.seed()), "type": "github"}}}}
    w.add("lockfile3", _p(w, "Pipfile.lock"), json.dumps(pipl, indent=4) + "\n", neg=["sha256"])
    w.add("lockfile3", _p(w, "composer.lock"), json.dumps(comp, indent=4) + "\n", neg=["reference"])
    w.add("lockfile3", _p(w, "flake.lock"), json.dumps(flake, indent=2) + "\n", neg=["narHash", "rev"])


def pinned_actions(w: W) -> None:
    body = (f"    steps:\n      - uses: actions/checkout@{fakes.git_sha(w.seed())} # v4.1.1\n      - uses: actions/setup-node@{fakes.git_sha(w.seed())} # v4\n"
            f"      - uses: aws-actions/configure-aws-credentials@{fakes.git_sha(w.seed())}\n        with:\n          role-to-assume: arn:aws:iam::{fakes.aws_account_id(w.seed())}:role/deploy\n")
    w.add("git-sha", _p(w, ".github/workflows/deploy.yml"), body, neg=["actions/checkout@", "setup-node@", "credentials@", "role-to-assume"])


def changelog_shas(w: W) -> None:
    body = "".join(f"- fix token refresh race ([{fakes.git_sha(w.seed())[:7]}](https://github.com/acme/api/commit/{fakes.git_sha(w.seed())}))\n" for _ in range(3))
    body += f"\nSubmodule vendor/keys {fakes.git_sha(w.seed())}..{fakes.git_sha(w.seed())}\n"
    w.add("git-sha", _p(w, "CHANGELOG.md"), body, neg=["commit/", "Submodule"])


def azure_ids(w: W) -> None:
    body = (f"provider \"azurerm\" {{\n  features {{}}\n  subscription_id = \"{fakes.uuid4(w.seed())}\"\n  tenant_id       = \"{fakes.uuid4(w.seed())}\"\n"
            f"  client_id       = \"{fakes.uuid4(w.seed())}\"\n  use_oidc        = true\n}}\n")
    w.add("uuid", _p(w, "infra/azure/provider.tf"), body, neg=["subscription_id", "tenant_id", "client_id"])


def uuid_records(w: W) -> None:
    rows = [{"id": fakes.uuid4(w.seed()), "api_key_id": fakes.uuid4(w.seed()), "secret_ref": f"projects/{w.org()}/secrets/api-key/versions/3",
             "token_id": fakes.uuid4(w.seed())} for _ in range(2)]
    w.add("uuid", _p(w, "fixtures/api_keys.json"), json.dumps(rows, indent=2) + "\n", neg=["\"id\"", "api_key_id", "secret_ref", "token_id"])


def build_assets(w: W) -> None:
    man = {"files": {"main.js": f"/static/js/main.{w.hexs(8)}.js", "main.css": f"/static/css/main.{w.hexs(8)}.css"},
           "entrypoints": [f"static/js/main.{w.hexs(8)}.js"]}
    smap = {"version": 3, "file": "auth.js", "sources": ["../src/auth.ts"], "names": ["password", "token"],
            "mappings": ";".join(w.s(B64, w.n(20, 60)).replace("/", ",") for _ in range(6))}
    w.add("build-assets", _p(w, "build/asset-manifest.json"), json.dumps(man, indent=2) + "\n", neg=["/static/"])
    w.add("build-assets", _p(w, "build/static/js/auth.js.map"), json.dumps(smap) + "\n", neg=["mappings"])


def etags_logs(w: W) -> None:
    body = (f"2024-05-01T10:00:00Z INFO upload ok etag=\"{fakes.s3_etag(w.seed())}\" request_id={fakes.aws_request_id(w.seed())}\n"
            f"2024-05-01T10:00:01Z INFO x-amz-id-2={fakes.amz_id_2(w.seed())}\n2024-05-01T10:00:02Z INFO login ok user=alice password=[REDACTED] token=***\n")
    w.add("logs", _p(w, "logs/sample-upload.log"), body, neg=["etag=", "x-amz-id-2", "[REDACTED]"])


def secrets_baseline(w: W) -> None:
    doc = {"version": "1.4.0", "results": {"tests/test_auth.py": [
        {"type": "Secret Keyword", "filename": "tests/test_auth.py", "hashed_secret": w.hexs(40), "is_verified": False, "line_number": 12},
        {"type": "Basic Auth Credentials", "filename": "docs/api.md", "hashed_secret": w.hexs(40), "is_verified": False, "line_number": 40}]}}
    w.add("baseline", _p(w, ".secrets.baseline"), json.dumps(doc, indent=2) + "\n", neg=["hashed_secret", "Secret Keyword", "Basic Auth Credentials"])


def sops_yaml(w: W) -> None:
    body = (f"db:\n  password: {fakes.sops_value(w.seed())}\n  api_key: {fakes.sops_value(w.seed())}\nsops:\n  age:\n    - recipient: {fakes.age_public_key(w.seed())}\n"
            f"  lastmodified: \"2024-04-02T09:00:00Z\"\n  mac: {fakes.sops_value(w.seed())}\n")
    w.add("sops", _p(w, "secrets/prod.enc.yaml"), body, neg=["ENC[", "recipient"])


# --- public keys --------------------------------------------------------------------------------
def jwks_public(w: W) -> None:
    doc = {"keys": [fakes.jwk_rsa_public(w.seed()), fakes.jwk_rsa_public(w.seed())]}
    w.add("public-key", _p(w, "public/.well-known/jwks.json"), json.dumps(doc, indent=2) + "\n", neg=["\"n\"", "\"kid\"", "AQAB"])


def authorized_keys(w: W) -> None:
    body = "".join(fakes.ssh_public_key(w.seed(), f"{w.user()}@laptop") + "\n" for _ in range(3))
    w.add("public-key", _p(w, "ansible/files/authorized_keys"), body, neg=["ssh-"])


def public_pem(w: W) -> None:
    body = "JWT_PUBLIC_KEY: |\n" + "".join("  " + ln + "\n" for ln in fakes.pem_public_key(w.seed()).splitlines())
    body += "ca.crt: |\n" + "".join("  " + ln + "\n" for ln in fakes.pem_certificate(w.seed()).splitlines())
    w.add("public-key", _p(w, "config/keys.yaml"), body, neg=["PUBLIC KEY", "CERTIFICATE"] + [ln for ln in body.splitlines() if len(ln) > 40])


def publishable_keys(w: W) -> None:
    body = (f"export const STRIPE_PUBLISHABLE_KEY = '{fakes.stripe_publishable(w.seed())}';\n"
            f"export const AGE_RECIPIENT = '{fakes.age_public_key(w.seed())}';\n")
    w.add("public-key", _p(w, "src/config/public.ts"), body, neg=["STRIPE_PUBLISHABLE_KEY", "AGE_RECIPIENT"])


def gpg_keys_asc(w: W) -> None:
    body = "# maintainer release key\n" + fakes.gpg_public_key_block(w.seed())
    w.add("public-key", _p(w, "KEYS.asc"), body, neg=["PGP PUBLIC KEY"] + [ln for ln in body.splitlines() if len(ln) > 40])


# --- placeholders and documentation -----------------------------------------------------------
def placeholder_configs(w: W) -> None:
    body = ("database:\n  host: localhost\n  username: your-username\n  password: your-password-here\nsmtp:\n  password: \"<SMTP_PASSWORD>\"\n"
            "api:\n  key: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n  secret: \"****\"\n  token: REPLACE_ME\n")
    w.add("placeholder", _p(w, "config/settings.example.yml"), body, neg=["your-password-here", "<SMTP_PASSWORD>", "xxxxxxxx", "\"****\"", "REPLACE_ME"])


def placeholder_langs(w: W) -> None:
    body = ("const val DB_PASSWORD = \"changeme\"  // overridden by the deployment\n"
            "private const string ApiKey = \"<your-api-key>\";\n"
            "static let apiKey = \"YOUR_API_KEY\"\n"
            "define( 'DB_PASSWORD', 'password_here' );\n"
            "config.ssh.password = \"vagrant\"\n")
    w.add("placeholder", _p(w, "docs/snippets/placeholders.txt"), body, neg=["changeme", "<your-api-key>", "YOUR_API_KEY", "password_here", "\"vagrant\""])


def format_templates(w: W) -> None:
    body = ("DSN_TEMPLATE = \"postgresql://{user}:{password}@{host}:{port}/{db}\"\nLEGACY = \"mysql://%(user)s:%(password)s@%(host)s/app\"\n"
            "url = f\"redis://:{settings.redis_password}@{host}:6379/0\"\nconn_str = \"Server=$server;User Id=$user;Password=$password;\"\n")
    w.add("template", _p(w, "app/db/urls.py"), body, neg=["{password}", "%(password)s", "{settings.redis_password}", "Password=$password"])


def docs_usage(w: W) -> None:
    body = ("## Usage\n\n```console\n$ mytool login --username USER --password PASSWORD\n$ curl -u USERNAME:API_TOKEN https://api.example.com/v1/me\n"
            + "\n".join(("$ mysql -u root -p", "Enter password: ********")) + "\n$ PGPASSWORD=<password> psql -h localhost\n```\n\n"
            "Add the 2FA seed as `otpauth://totp/Example:alice?secret=<base32-secret>&issuer=Example`.\n")
    w.add("docs3", _p(w, "docs/usage.md"), body, neg=["--password PASSWORD", "USERNAME:API_TOKEN", "Enter password", "<password>", "<base32-secret>"])


def cli_options(w: W) -> None:
    body = ("@click.option(\"--password\", prompt=True, hide_input=True, confirmation_prompt=True, envvar=\"APP_PASSWORD\")\n"
            "parser.add_argument(\"--api-key\", default=os.environ.get(\"API_KEY\"), help=\"API key (default: $API_KEY)\")\n"
            "flag.StringVar(&cfg.Password, \"password\", \"\", \"database password\")\n")
    w.add("cli-opts", _p(w, "cmd/options.txt"), body, neg=["--password", "--api-key", "database password"])


def jwt_docs(w: W) -> None:
    body = (f"The token from the jwt.io debugger is a handy example:\n\n```\n{fakes.jwt_io_example()}\n```\n\n"
            "Send it as `Authorization: Bearer <token>`.\n")
    w.add("docs3", _p(w, "docs/auth.md"), body, neg=["Bearer <token>", fakes.jwt_io_example()[:20]])


def k8s_placeholder(w: W) -> None:
    body = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\nstringData:\n  password: \"\"  # filled in by the operator\n"
            f"data:\n  username: {base64.b64encode(b'admin').decode()}\n  password: {base64.b64encode(b'changeme').decode()}\n")
    body2 = ("apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nspec:\n  secretStoreRef:\n    name: aws\n    kind: ClusterSecretStore\n"
             "  data:\n    - secretKey: password\n      remoteRef:\n        key: prod/orders/db\n        property: password\n")
    w.add("k8s3", _p(w, "k8s/base/app-secret.yaml"), body, neg=["password: \"\"", "username:", "password:"])
    w.add("k8s3", _p(w, "k8s/base/external-secret.yaml"), body2, neg=["secretKey", "remoteRef", "property: password"])


# --- names that say password or token ---------------------------------------------------------
def function_names(w: W) -> None:
    body = ("def reset_password_token(user: User) -> str:\n    return signer.sign(str(user.pk))\n\n"
            "def get_api_key(self) -> str | None:\n    return self._api_key\n\n"
            "PASSWORD_RESET_URL = \"/api/v1/password/reset\"\nTOKEN_EXPIRY_SECONDS = 86400\n"
            "class PasswordEncoderConfig: pass\n")
    w.add("names", _p(w, "accounts/tokens.py"), body, neg=["reset_password_token", "get_api_key", "PASSWORD_RESET_URL", "TOKEN_EXPIRY", "PasswordEncoder"])


def js_names(w: W) -> None:
    body = ("export async function validatePassword(password: string): Promise<boolean> {\n  return bcrypt.compare(password, user.passwordHash);\n}\n"
            "export const generateSecretKey = () => crypto.randomBytes(32).toString('hex');\n"
            "router.post('/auth/forgot-password', forgotPasswordHandler);\n")
    w.add("names", _p(w, "src/auth/password.ts"), body, neg=["validatePassword", "passwordHash", "generateSecretKey", "forgot-password"])


def test_masks(w: W) -> None:
    body = ("def test_redacts_password():\n    assert redact(\"postgres://u:secret@h/db\") == \"postgres://u:****@h/db\"\n"
            "    assert mask_token(\"abcd\" + \"x\" * 28) == \"abcd****\"\n    assert \"password\" not in caplog.text\n")
    w.add("test3", _p(w, "tests/test_redact.py"), body, neg=["redact(", "mask_token", "not in caplog"])


def go_test_env(w: W) -> None:
    body = ("func TestLogin(t *testing.T) {\n\tpw := os.Getenv(\"TEST_PASSWORD\")\n\tif pw == \"\" {\n\t\tt.Skip(\"TEST_PASSWORD not set\")\n\t}\n"
            "\treq.SetBasicAuth(testUser, pw)\n}\n")
    w.add("test3", _p(w, "pkg/client/login_test.go"), body, neg=["Getenv", "TEST_PASSWORD not set", "SetBasicAuth(testUser, pw)"])


def random_hex_consts(w: W) -> None:
    body = (f"// CRC tables and test vectors\nconst SHA256_EMPTY = \"{fakes.sha256_hex('empty')}\";\n"
            f"const TEST_VECTOR_KEY_ID = \"{fakes.uuid4(w.seed())}\";\nconst COLOR_PRIMARY = \"#{w.s(HEX, 6)}\";\n")
    w.add("ids3", _p(w, "src/crypto/vectors.ts"), body, neg=["SHA256_EMPTY", "TEST_VECTOR_KEY_ID", "COLOR_PRIMARY"])


NEGATIVE3 = [kotlin_types, go_tags, protobuf, rust_serde, csharp_model, swift_types, graphql_openapi, sql_columns,
             gettext_po, android_strings, ios_strings, rails_locale, react_form, pw_regex, django_validators,
             rails_validations, cognito_policy, php_hash_calls, env_lookups_langs, env_lookups_scripting, laravel_refs,
             hocon_refs, spring_refs, ci_secret_refs, terraform_refs, helm_refs, ansible_refs, vault_template,
             compose_refs, dotfile_refs, gradle_refs, shell_var_cmds, batch_prompt, http_refs, notebook_getpass, e2e_env,
             gherkin_outline, hashed_fixtures, hashed_sql, hashed_yaml, lock_yarn_cargo, lock_pipfile_composer,
             pinned_actions, changelog_shas, azure_ids, uuid_records, build_assets, etags_logs, secrets_baseline,
             sops_yaml, jwks_public, authorized_keys, public_pem, publishable_keys, gpg_keys_asc, placeholder_configs,
             placeholder_langs, format_templates, docs_usage, cli_options, jwt_docs, k8s_placeholder, function_names,
             js_names, test_masks, go_test_env, random_hex_consts]
