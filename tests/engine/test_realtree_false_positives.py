"""Issue 10, class 5: look-alikes seen on real trees (site-packages) and in the in-the-wild
corpus's fourth round, each a class: the value is code, prose, a host, a revision, a
ciphertext or a value its author calls public, and a real secret in the same slot is still
reported."""

from __future__ import annotations

import base64
import random
import string

import pytest

from scanner.api import scan_text
from tests import fakes


def _medium(text: str, path: str = "app/settings.py") -> list[str]:
    return [f.rule_id for f in scan_text(text, path) if f.severity.rank >= 2]


def _alnum(seed: str, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    r = random.Random(seed)
    return "".join(r.choice(alphabet) for _ in range(n))


def _b64(seed: str, n: int) -> str:
    return base64.b64encode(random.Random(seed).randbytes(n)).decode()


NEGATIVES = [
    # a keyword rule's provider name beside a CamelCase class name (distributed's metrics)
    "from distributed.http.scheduler.prometheus.semaphore import SemaphoreMetricCollector\n",
    # the English verb "pass" before a quoted word
    '        # force the caller to pass "callback=" explicitly\n',
    "    raise ValueError(\"Please pass 'fastparquet', 'pyarrow', or 'auto'\")\n",
    # unquoted names in a tuple on the lines after a key-like name are code
    "_cryptography_key_types = (\n    Ed25519PublicKey,\n    Ed25519PrivateKey,\n)\n",
    # an empty connection-string password at a line's end does not take the next line's word
    "url=jdbc:h2:mem:testdb;USER=sa;PASSWORD=\n"
    'var cs = string.Format("Server={0};User Id={1};Password={2};", host, user, pw);\n',
    # a placeholder cut at its bracket is no value
    "docker swarm join --token SWM" + "TKN-1-<token> 10.0.0.5:2377\n",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_code_and_prose_are_not_values(text: str) -> None:
    assert _medium(text) == []


def test_a_revision_under_a_secret_word_is_a_commit_sha() -> None:
    sha = fakes.hex_string("rev", 40)
    doc = '{\n  "extends": ["config:recommended"],\n  "secretsRevision": "' + sha + '"\n}\n'
    assert _medium(doc, "renovate.json") == []
    # a secret word last is still a secret
    assert _medium('{\n  "webhookSecret": "' + _alnum("ws", 40) + '"\n}\n', "app.json")


def test_bitwarden_cipher_strings_are_ciphertext() -> None:
    enc = "2." + _b64("iv", 16) + "|" + _b64("ct", 32) + "|" + _b64("mac", 32)
    line = f'      "password": "{enc}",\n'
    assert _medium(line, "test/fixtures/bitwarden_export.json") == []
    assert _medium(f'      "password": "{fakes.password("bw", 14)}",\n', "fixtures/x.json")


def test_a_value_its_comment_calls_public() -> None:
    key = _alnum("dbx", 15, string.ascii_lowercase + string.digits)
    assert _medium(f'APP_KEY = "{key}"  # public: PKCE flow, no app secret in the client\n') == []
    assert _medium(f'DROPBOX_APP_KEY = "{key}"\n') == []  # a public client identifier
    secret = _alnum("dbs", 15, string.ascii_lowercase + string.digits)
    assert _medium(f'DROPBOX_APP_SECRET = "{secret}"\n')
    # a comment that also says the value is real or leaked does not excuse it
    assert _medium(f'API_SECRET = "{_alnum("x", 32)}"  # not public, rotate after the leak\n')


def test_an_akamai_host_is_not_a_token() -> None:
    body = "akab-" + _alnum("h1", 16, string.ascii_lowercase + string.digits) + "-" + _alnum(
        "h2", 16, string.ascii_lowercase + string.digits)
    assert _medium(f"[default]\nhost = {body}.luna.akamaiapis.net\n", "home/.edgerc") == []
    assert _medium(f"[default]\nclient_token = {body}\n", "home/.edgerc")


@pytest.mark.parametrize("text", [
    "CONNECT scott IDENTIFIED BY tiger;\n",
    'EXAMPLE = "otpauth://totp/Example:alice@google.com?secret=JBSWY3DP' + 'EHPK3PXP&issuer=Ex"\n',
])
def test_published_demo_values(text: str) -> None:
    assert _medium(text, "docs/demo.sql") == []


def test_interleaved_counting_of_four_or_more_is_a_placeholder() -> None:
    assert _medium("          token: A5b1C3d2E9f8G7h6\n", "docs/acme.yml") == []
