"""Credentials where a line-oriented pattern does not look (issue 10): the value on the line
after its key, plaintext cells of SQL ``INSERT`` rows and markdown tables, and the
value shapes real files hold there (word_word99 passwords, hex keys, generated keys with
parentheses), each with the look-alikes that must stay quiet."""

from __future__ import annotations

import base64
import random
import string

import pytest

from scanner.api import scan_text
from scanner.engine import tables
from scanner.engine.filters import call_shape, encoded, placeholder, words
from tests import fakes


def _pw(seed: int) -> str:
    r = random.Random(f"layout{seed}")
    k = seed % 3
    if k == 0:
        return r.choice(("lumen", "walrus", "juniper")) + "_" + r.choice(("basalt", "cobalt")) + str(r.randint(10, 99))
    if k == 1:
        return "".join(r.choice(string.ascii_lowercase) for _ in range(9)) + str(r.randint(10, 999))
    return fakes.password(f"layout{seed}", 16)


def _reported(path: str, text: str) -> dict[int, str]:
    return {f.line: f.secret for f in scan_text(text, path) if f.severity.rank >= 2}


NEXT_LINE_POSITIVES = [
    ("config/settings.yml", "database:\n  user: app\n  password:\n    {pw}\n  pool: 5\n", 4),
    ("config/mail.yml", "smtp:\n  password: >-\n    {pw}\n", 3),
    ("config/redis.yaml", "redis:\n  password: |\n    {pw}\n", 3),
    ("src/appsettings.json", '{{\n  "Db": {{\n    "Password":\n        "{pw}",\n    "Port": 5432\n  }}\n}}\n', 4),
    ("etl/load.py", 'conn = psycopg2.connect(\n    host="db",\n    password=\n        "{pw}",\n)\n', 4),
    ("etl/local.py", 'DATABASES = {{"default": {{\n    "PASSWORD":\n        "{pw}",\n}}}}\n', 3),
]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(("path", "tmpl", "line"), NEXT_LINE_POSITIVES)
def test_password_on_the_next_line_is_reported(path: str, tmpl: str, line: int, seed: int) -> None:
    pw = _pw(seed)
    assert _reported(path, tmpl.format(pw=pw)).get(line) == pw


def test_token_on_the_next_line_is_reported() -> None:
    tok = fakes.api_key_alnum("layout-next", 40)
    text = f"notifier:\n  api_key: >\n    {tok}\n  channel: deploys\n"
    assert _reported("conf/notify.yml", text).get(3) == tok
    call = f'client = Client(\n    api_key=(\n        "{tok}"\n    ),\n)\n'
    assert _reported("scripts/sync.py", call).get(3) == tok


NEXT_LINE_NEGATIVES = [
    "database:\n  password:\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password\n",
    "rules:\n  password:\n    - required\n    - min:8\n    - confirmed\n",
    "database:\n  password: >-\n    ${DATABASE_PASSWORD}\n",
    "auth:\n  password:\n    \"\"\n  token: |\n    {{ .Values.auth.token }}\n",
    'conn = connect(\n    password=\n        os.environ["PGPASSWORD"],\n)\n',
    "client = Client(\n    password=\n        settings.SERVICE_PASSWORD,\n)\n",
    '{\n  "db": {\n    "password":\n      "${DB_PASSWORD}",\n    "apiKey":\n      "%API_KEY%"\n  }\n}\n',
    "password:\n  changeme\n",
    "build:\n  secret_name:\n    app-secrets-prod\n",
]


@pytest.mark.parametrize("text", NEXT_LINE_NEGATIVES)
def test_next_line_look_alikes_stay_quiet(text: str) -> None:
    assert _reported("config/app.yml", text) == {}


def test_sql_insert_rows_report_the_password_column() -> None:
    pws = [_pw(i) for i in range(3)]
    rows = ",\n".join(f"  ({i}, 'user{i}', 'user{i}@acme-mail.io', '{p}', NOW())" for i, p in enumerate(pws))
    text = "-- seed\nINSERT INTO users (id, username, email, password, created_at) VALUES\n" + rows + ";\n"
    got = _reported("db/seeds/users.sql", text)
    assert got == {3: pws[0], 4: pws[1], 5: pws[2]}
    one = "".join(f"INSERT INTO `user` (`id`,`login`,`passwd`) VALUES ({i},'u{i}','{p}');\n" for i, p in enumerate(pws))
    assert _reported("db/seed.sql", one) == {1: pws[0], 2: pws[1], 3: pws[2]}
    finding = next(f for f in scan_text(text, "db/seeds/users.sql") if f.line == 3)
    assert finding.line_text.endswith("NOW()),") and ("layout", "table") in finding.extra
    assert finding.line_text[finding.column - 1:finding.end_column - 1] == pws[0]


SQL_NEGATIVES = [
    "INSERT INTO users (id, username, password_hash) VALUES\n  (1, 'alice', '{bcrypt}');\n",
    "INSERT INTO users (username, email, password) VALUES\n  ('admin', 'admin@example.com', 'admin'),\n"
    "  ('demo', 'demo@example.com', 'password'),\n  ('bob', 'bob@example.com', 'bob');\n",
    "INSERT INTO settings (name, value) VALUES ('password_min_length', '12');\n",
    "UPDATE users SET password = crypt(:new_password, gen_salt('bf')) WHERE id = :id;\n",
    "INSERT INTO users (id, password) VALUES (1, crypt('x', gen_salt('bf')));\n",
    "INSERT INTO users (id, password) VALUES (1, ?), (2, $2);\n",
]


@pytest.mark.parametrize("text", SQL_NEGATIVES)
def test_sql_look_alikes_stay_quiet(text: str) -> None:
    assert _reported("db/migrate.sql", text.format(bcrypt=fakes.bcrypt_hash("layout"))) == {}


def test_markdown_table_of_test_accounts() -> None:
    pws = [_pw(i + 10) for i in range(2)]
    text = ("## Test accounts\n\n| Email | Password | Role |\n|-------|----------|------|\n"
            f"| qa.admin@acme-mail.io | {pws[0]} | admin |\n| qa.viewer@acme-mail.io | `{pws[1]}` | viewer |\n")
    assert _reported("docs/TESTING.md", text) == {5: pws[0], 6: pws[1]}


MD_NEGATIVES = [
    "| Option | Default | Description |\n|---|---|---|\n| `password` | `\"\"` | Password used to log in |\n",
    "| User | Password |\n| --- | --- |\n| admin | admin |\n| guest | guest |\n| root | *(your password)* |\n",
    "| User | Password |\n| --- | --- |\n| alice | <password> |\n| bob | see the vault |\n",
    "| a | b |\n|---|---|\n| password | x |\n",
]


@pytest.mark.parametrize("text", MD_NEGATIVES)
def test_markdown_look_alikes_stay_quiet(text: str) -> None:
    assert _reported("docs/config.md", text) == {}


def test_table_reader_is_bounded_and_tolerant() -> None:
    # unterminated rows, stray quotes and huge inputs end the reading, never raise
    broken = b"INSERT INTO users (id, password) VALUES (1, 'abc" + b"x" * 100_000
    assert list(tables.cells(broken)) == []
    many = b"INSERT INTO u (id, password) VALUES " + b",".join(
        b"(%d, 'v%08d')" % (i, i) for i in range(tables.MAX_ROWS + 50)) + b";"
    assert len(list(tables.cells(many))) == tables.MAX_ROWS
    assert list(tables.cells(b"no tables here")) == []


def test_chosen_slugs_in_password_slots_are_passwords() -> None:
    chosen = "lumen" + "_walrus" + "91"  # built here: no password-shaped literal in the repo
    assert words(chosen, f"password: {chosen}", "password") is None
    assert words("harbor" + "-meadow" + "26", "", "DB_PASS") is None
    # machine names stay slugs, and outside password slots nothing changes
    assert words("prod-db2", "", "password") is not None
    assert words("us-east1", "", "password") is not None
    assert words(chosen, "", "secret_name") is not None


def test_hex_values_are_not_read_as_leetspeak() -> None:
    r = random.Random("hexleet")
    for _ in range(200):
        v = "".join(r.choice("0123456789abcdef") for _ in range(64))
        assert placeholder(v, "", "secret_key_base") is None, v
    assert placeholder("p4ssw0rd_t0d0", "", "password") is not None


def test_generated_key_with_parentheses_is_not_a_call() -> None:
    assert call_shape("base64.b16encode(os.urandom(16)).decode()")
    assert call_shape("self._prompt_for_password(netloc)")
    assert not call_shape("@m4y(zNUL&g5!TH7m1cud)*6zpb%D&3+T")


def test_sealed_secret_ciphertext_of_either_key_size() -> None:
    r = random.Random("sealed")
    for klen in (256, 512):
        v = base64.b64encode(klen.to_bytes(2, "big") + r.randbytes(klen + 60)).decode()
        assert encoded(v, f"    DB_PASSWORD: {v}", "DB_PASSWORD") is not None


def test_csv_password_column() -> None:
    pws = [_pw(i + 20) for i in range(3)]
    text = "id,username,email,password,role\n" + "".join(
        f"{i},u{i},u{i}@acme-mail.io,{p},user\n" for i, p in enumerate(pws))
    assert _reported("fixtures/users.csv", text) == {2: pws[0], 3: pws[1], 4: pws[2]}
    quoted = 'login;"pwd"\r\n"ops";"' + pws[0] + '"\r\n'
    assert _reported("export/accounts.csv", quoted) == {2: pws[0]}
    # the same text under another name is no CSV table
    assert _reported("notes/users.txt", text) == {}


@pytest.mark.parametrize("text", [
    "id,username,email,password_hash\n1,ops,ops@acme-mail.io,{bcrypt}\n",
    "username,password\nadmin,admin\nguest,guest\nalice,********\n",
    "username,password\nalice,\nbob,<set on first login>\n",
])
def test_csv_look_alikes_stay_quiet(text: str) -> None:
    assert _reported("fixtures/users.csv", text.format(bcrypt=fakes.bcrypt_hash("csv"))) == {}


def test_markdown_prose_passwords() -> None:
    pw, pw2 = _pw(30), _pw(31)
    text = f"- **Username:** `ops`\n- **Password:** `{pw}`\n\nLog in with user `ops` and password `{pw2}`.\n"
    assert _reported("docs/demo.md", text) == {2: pw, 4: pw2}
    quiet = ("- **Password:** the one you chose at sign-up\nSet the password with `--password`.\n"
             "The password is stored in 1Password under *Staging*.\n")
    assert _reported("docs/login.md", quiet) == {}


def test_columns_that_only_contain_pass_are_not_read() -> None:
    titanic = "PassengerId,Survived,Pclass,Ticket\n" + "".join(
        f"{i},1,3,{fakes.password(f'tkt{i}', 9)}\n" for i in range(3))
    assert _reported("data/train.csv", titanic) == {}
    md = "| Check | Passed | Bypass flag |\n|---|---|---|\n| lint | yes1234567 | skip_lint_2 |\n"
    assert _reported("docs/ci.md", md) == {}
    assert tables._is_secret_column("Passwort") and tables._is_secret_column("api key")
    assert not tables._is_secret_column("password_reset_token_expires_at")
