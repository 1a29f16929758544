"""Issue 10, classes 1 and 5: passwords in every syntax wherever the file sits, and the
look-alikes real code is full of (types, labels, package names, calls, vendored code)."""

from __future__ import annotations

import random
import string

import pytest

from scanner.api import scan_text
from scanner.engine.filters import public_default
from scanner.engine.names import deny_name


def _pw(seed: int) -> str:
    """A masked human password: random lower-case letters and digits (as hand-labelled
    datasets store them), or a word-and-digits shape."""
    r = random.Random(f"rc{seed}")
    if seed % 2:
        return "".join(r.choice(string.ascii_lowercase) for _ in range(r.randint(7, 11)))
    return r.choice(("tundra", "quokka", "zephyr", "walrus")) + str(r.randint(100, 9999))


def _lines(path: str, text: str) -> set[int]:
    return {f.line for f in scan_text(text, path) if f.severity.rank >= 2}


POSITIVES = [
    ("src/__tests__/login.test.ts", "const creds = {{ email: 'qa@acme-mail.io', password: '{pw}' }};"),
    ("src/test/java/RepoIT.java", 'private static final String PASSWORD = "{pw}";'),
    ("spec/support/helpers.rb", "ADMIN = {{ email: 'ops@acme-mail.io', password: '{pw}' }}"),
    ("tests/fixtures/config.php", "    'password' => '{pw}',"),
    ("tests/compose.yml", "      POSTGRES_PASSWORD: {pw}"),
    ("test/setup.cfg", "password = {pw}"),
    ("test/app.properties", "spring.datasource.password={pw}"),
    ("test/settings.toml", 'password = "{pw}"'),
    ("tests/web.config", '<add key="SmtpPassword" value="{pw}" />'),
    ("test/.env", "DB_PASSWORD={pw}"),
    ("tests/test_db.py", 'conn = connect(user="etl", password="{pw}")'),
    ("migrations/001.sql", "CREATE ROLE reporting LOGIN PASSWORD '{pw}';"),
    ("migrations/002.sql", "ALTER USER legacy IDENTIFIED BY {pw};"),
    # the plain text inside a hashing call of seed data is the password
    ("db/seed.sql", "INSERT INTO users (id, login, password) VALUES (1, 'bob', MD5('{pw}'));"),
    ("db/seed.sql", "UPDATE accounts SET pass = crypt('{pw}', gen_salt('bf')) WHERE id = 2;"),
    ("tests/fixtures/users.sql",
     "INSERT INTO dbo.Users (Login, Hash) VALUES ('erin', HASHBYTES('SHA2_256', '{pw}'));"),
    ("ci/deploy.sh", "sshpass -p {pw} scp build.tgz deploy@10.1.2.3:/srv"),
    ("ci/deploy.sh", "PGPASSWORD={pw} psql -h db -U app"),
    ("ci/deploy.sh", "docker login -u deploybot -p {pw} registry.acme-cloud.io"),
    ("ci/deploy.sh", "mysqladmin -u root password {pw}"),
    ("ci/map.cmd", "net use Z: \\\\fs01\\share /user:ACME\\svc {pw} /persistent:no"),
    ("ci/map.cmd", "net user svc_backup {pw} /add"),
    ("ci/deploy.sh", "curl -u ci-bot:{pw} https://nexus.acme-cloud.io/"),
    ("src/Db.java", 'ds = DataSources.of("jdbc:postgresql://db/app", USER, "{pw}");'),
    ("src/db.go", 'dsn := "app:{pw}@tcp(mysql:3306)/app"'),
    ("conf/db.conf", "pgsql://reporter:{pw}@warehouse.internal:5432/dw"),
    ("scripts/mail.py", 'smtp.login("reports@acme-mail.io", "{pw}")'),
    ("docker-compose.yml", "    command: redis-server --requirepass {pw}"),
]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("path", "template"), POSITIVES, ids=[p[1][:40] for p in POSITIVES])
def test_password_in_every_syntax_wherever_it_sits(path: str, template: str, seed: int) -> None:
    text = template.format(pw=_pw(seed + len(template)))
    assert _lines(path, text) == {1}, text


NEGATIVES = [
    # publicly known defaults and throw-away values, in test paths or not
    ("tests/test_auth.py", 'client.post("/login", json={{"username": "admin", "password": "admin"}})'),
    ("tests/e2e/login.cy.ts", "cy.get('#password').type('Test1234!');"),
    ("docker-compose.yml", "      POSTGRES_PASSWORD: postgres"),
    ("tests/test_auth.py", 'User(username="grafana", password="grafana")'),
    ("app/config.py", "password = 'admin123'"),
    ("setup.py", "password: sekrit"),
    ("tests/test_smtp.py", "smtp.login('psu', 'doesnotexist')"),
    # type annotations and declarations
    ("app/models.py", "    password: str = field(default='', repr=False)"),
    ("src/Config.kt", "    val password: String"),
    ("src/types.ts", "  password?: string;"),
    ("stdlib/_hashlib.pyi", "    password: ReadableBuffer, *, salt: ReadableBuffer, n: int,"),
    ("openssl/dsa.py", '    backend: "Backend", private_key: "_DSAPrivateKey", data: bytes'),
    ("apt/cache.py", '        self.connect("cache_post_open", "_inc_changes_count")'),
    # UI labels and i18n strings
    ("src/i18n/en.json", '  "labelPassword": "Password:",'),
    ("res/values/strings.xml", '    <string name="prompt_password">Password</string>'),
    ("config/rules.php", "        'password' => 'required|confirmed|min:8',"),
    # package names and manifests
    ("package.json", '    "minipass": "^7.0.4",'),
    ("package.json", '    "fs-minipass": "^3.0.3",'),
    ("package.json", '    "passport": "^0.7.0",'),
    ("package.json", '    "detect-secrets": "{sha}",'),
    # function calls and code
    ("vendor/low_level.py", "    password = base64.b16encode(random_bytes[8:])  # Must be valid UTF-8"),
    ("pip/_internal/network/auth.py", "        if not username and not password:\n            username, password, save = self._prompt_for_password(parsed.netloc)"),
    ("vendor/six.py", '    MovedAttribute("HTTPPasswordMgrWithDefaultRealm", "urllib2", "urllib.request"),'),
    ("hpke.py", "MLKEM768X25519PrivateKey = rust_openssl.hpke.MLKEM768X25519PrivateKey"),
    ("tests/test_urlparse.py", "self.assertEqual(splitpasswd('user:ab'), ('user', 'ab'))"),
    # templates that build a value at run time
    ("gen/repo.py", '    body = f"curl -sf -u admin:{{rp.leak(rp.gen_pw(16).replace(\'!\', \'x\'))}} https://ci.acme.io"'),
    ("gen/repo.py", '    lines.append(f"NEXTAUTH_SECRET={{rp.leak(base64.b64encode(raw).decode())}}")'),
    ("gen/swarm.py", '    cmd = f"docker swarm join --token ABCDEF-1-{{token}} 10.0.4.2:2377"'),
    ("ci/env.txt", '"PWD=/builds/platform/billing", "OLDPWD=/root", "KUBERNETES_SERVICE_HOST=10.96.0.1"'),
    # structure and identifiers
    ("api/account.pb.go", '\tPassword string `protobuf:"bytes,2,opt,name=password,proto3" json:"password,omitempty"`'),
    ("api/account.pb.go", '\tApiKey string `protobuf_key:"bytes,1,opt,name=api_key,json=apiKey,proto3"`'),
    ("web.config", '<assemblyIdentity name="Newtonsoft.Json" publicKeyToken="{hex16}" culture="neutral" />'),
    ("tests/test_kms.py", '    sealed = {{"encryptedKey": "{b64}"}}'),
    ("tests/test_kms.py", '    encrypted_key = "{b64}"'),
    ("cfnlint/providers.py", '"AWS::ApiGateway::ApiKey": "{hex16}",'),
    ("lexers/_builtins.py", "'gss_krb5_lucid_key', 'gss_krb5_rfc1964_keydata', 'gss_name_struct',"),
    ("botocore/kms/examples.json", '"CustomerMasterKeySpec": "ECC_NIST_P521",'),
    ("tests/test_keyformat.py", 'assert parse_header("PuTTY-User-Key-File-3: ssh-ed25519") == ("3", "x")'),
    # hash test vectors and hashing calls outside SQL seed data
    ("tests/test_hash.py", "h.update(data)\nassert md5('{pw}') == EXPECTED"),
    ("docs/hashing.sql", "SELECT MD5('{pw}');"),
    ("db/seed.sql", "INSERT INTO users VALUES (1, 'bob', MD5(:password));"),
]


@pytest.mark.parametrize(("path", "template"), NEGATIVES, ids=[n[1][:40] for n in NEGATIVES])
def test_real_code_look_alikes_are_not_reported(path: str, template: str) -> None:
    r = random.Random(template)
    text = template.format(pw=_pw(len(template)),
                           sha="".join(r.choice("0123456789abcdef") for _ in range(40)),
                           hex16="".join(r.choice("0123456789abcdef") for _ in range(16)),
                           b64="".join(r.choice(string.ascii_letters + string.digits + "+/")
                                       for _ in range(64)))
    assert _lines(path, text) == set(), text


@pytest.mark.parametrize("value", ["password", "Password1", "Test1234!", "admin123",
                                   "welcome2024", "changeme!", "P@ssw0rd", "qwerty123",
                                   "Pass@Word1", "root", "letmein1"])
def test_public_defaults(value: str) -> None:
    assert public_default(value.lower())


@pytest.mark.parametrize("value", ["tundra4821", "kqzvhmtrx", "Falcon#42", "x7Kq9zP2w"])
def test_chosen_values_are_not_defaults(value: str) -> None:
    assert not public_default(value.lower())


@pytest.mark.parametrize(("name", "denied"), [
    ("HTTPPasswordMgrWithDefaultRealm", True), ("password_reset_email_sent", True),
    ("minipass", True), ("fs-minipass", True), ("passport", True), ("publicKeyToken", True),
    ("encryptedKey", True), ("encrypted_key", True), ("protobuf_key", True),
    ("CustomerMasterKeySpec", True), ("splitpasswd", True),
    ("db_password", False), ("dbpass", False), ("secret_key_base", False), ("token", False),
    ("api_key_value", False), ("DB_PASS", False), ("ansible_become_pass", False),
])
def test_name_classes(name: str, denied: bool) -> None:
    assert deny_name(name) is denied
