"""Layouts of red-team round 4 that a one-line key = value pattern does not see: secrets as
the items of a multi-line list under a plural secret name (each item its own finding),
Postman auth entries pretty-printed over lines, a Keycloak key in a JSON array on the line
after its name, JSON escaped more than once. Each with the look-alikes that stay quiet."""

from __future__ import annotations

import base64
import json
import random
import string

import pytest

from scanner.api import scan_text
from tests import fakes

ALNUM = string.ascii_letters + string.digits


def _key(seed: str, n: int = 40, alphabet: str = ALNUM) -> str:
    r = random.Random(f"lists-{seed}")
    return "".join(r.choice(alphabet) for _ in range(n))


def _reported(path: str, text: str) -> dict[int, str]:
    return {f.line: f.secret for f in scan_text(text, path) if f.severity.rank >= 2}


# -- list items -----------------------------------------------------------------------------

LISTS = [
    ("config/auth.yml", "auth:\n  enabled: true\n  api_keys:\n    - {a}\n    - {b}\n  header: Authorization\n", (4, 5)),
    ("config/auth.yml", "auth:\n  api_keys:\n    - \"{a}\"\n    - '{b}'\n", (3, 4)),
    ("ingest/auth.py", "VALID_API_KEYS = {{\n    \"{a}\",\n    \"{b}\",\n}}\n", (2, 3)),
    ("ingest/auth.py", "ACCESS_TOKENS = frozenset(\n    [\n        '{a}',\n        '{b}',\n    ]\n)\n", (3, 4)),
    ("config/keys.json", "{{\n  \"tokens\": [\n    \"{a}\",\n    \"{b}\"\n  ]\n}}\n", (3, 4)),
]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(("path", "tmpl", "lines"), LISTS)
def test_every_item_of_a_secret_list_is_reported(path: str, tmpl: str, lines: tuple[int, int],
                                                 seed: int) -> None:
    a, b = _key(f"a{seed}{path}"), _key(f"b{seed}{path}", 32, "0123456789abcdef")
    got = _reported(path, tmpl.format(a=a, b=b))
    assert got.get(lines[0]) == a and got.get(lines[1]) == b


LIST_NEGATIVES = [
    # references, not values
    ("config/auth.yml", "auth:\n  api_keys:\n    - ${{API_KEY_PRIMARY}}\n    - ${{API_KEY_SECONDARY}}\n"),
    # a list under a name that is no secret's
    ("config/app.yml", "features:\n  flags:\n    - {a}\n    - {b}\n"),
    # names of secrets (Compose, Actions), not secrets
    ("docker-compose.yml", "services:\n  app:\n    secrets:\n      - database_password_production\n      - redis_password_production\n"),
    # a tokenizer's special tokens and vocabulary
    ("models/tok/tokenizer.json", "{{\n  \"special_tokens\": [\n    \"<s>\",\n    \"</s>\"\n  ],\n  \"tokens\": [\n    \"the\",\n    \"quick\"\n  ]\n}}\n"),
    # one value, no list: for the single-value rules, not the list rules
    ("ingest/auth.py", "VALID_API_KEYS = set(filter(None, os.environ.get(\"API_KEYS\", \"\").split(\",\")))\n"),
]


@pytest.mark.parametrize(("path", "tmpl"), LIST_NEGATIVES)
def test_list_look_alikes_stay_quiet(path: str, tmpl: str) -> None:
    assert _reported(path, tmpl.format(a=_key("na"), b=_key("nb"))) == {}


def test_comma_separated_secrets_in_env() -> None:
    a, b = _key("env-a", 32), _key("env-b", 32)
    assert _reported(".env.staging", f"PORT=8080\nAPI_KEYS={a},{b}\nLOG_LEVEL=info\n") == {2: a}
    assert _reported(".env.staging", "API_KEYS=${API_KEY_A},${API_KEY_B}\n") == {}


# -- Postman auth pretty-printed ------------------------------------------------------------

def _collection(auth: dict[str, object], indent: str | int) -> str:
    doc = {"info": {"name": "Partner API"}, "auth": auth, "item": [],
           "variable": [{"key": "baseUrl", "value": "https://api.acme-partner.io"},
                        {"key": "value", "value": _key("var", 36)}]}
    return json.dumps(doc, indent=indent) + "\n"


@pytest.mark.parametrize("indent", [2, 4, "\t"])
def test_postman_apikey_and_basic_password_over_lines(indent: str | int) -> None:
    key = _key(f"pm{indent!r}", 36)
    text = _collection({"type": "apikey", "apikey": [
        {"key": "value", "value": key, "type": "string"},
        {"key": "key", "value": "X-API-Key", "type": "string"},
        {"key": "in", "value": "header", "type": "string"}]}, indent)
    # the variables' entry named "value" is no apikey auth: only the auth's is reported
    assert list(_reported("api/partner.postman_collection.json", text).values()) == [key]
    pw = fakes.human_password(f"pm{indent!r}")
    text = _collection({"type": "basic", "basic": [
        {"key": "password", "value": pw, "type": "string"},
        {"key": "username", "value": "walter", "type": "string"}]}, indent)
    assert pw in _reported("postman/api.postman_collection.json", text).values()


def test_postman_variables_stay_quiet() -> None:
    text = _collection({"type": "apikey", "apikey": [
        {"key": "value", "value": "{{apiKey}}", "type": "string"},
        {"key": "key", "value": "X-API-Key", "type": "string"}]}, 2)
    text = text.replace(_key("var", 36), "{{partnerKey}}")
    assert _reported("api/partner.postman_collection.json", text) == {}


# -- key material on the line after its name ------------------------------------------------

def _der_b64(prefix: bytes, seed: str, n: int = 1190) -> str:
    r = random.Random(f"der-{seed}")
    return base64.b64encode(prefix + bytes(r.getrandbits(8) for _ in range(n))).decode()


def test_keycloak_private_key_array_is_reported_and_certificate_is_not() -> None:
    # PKCS#1 RSAPrivateKey: SEQUENCE (2-byte length), INTEGER 0; a certificate: SEQUENCE, SEQUENCE
    key = _der_b64(bytes.fromhex("308204a4020100"), "k")
    cert = _der_b64(bytes.fromhex("3082029d30820185"), "c", 660)
    doc = {"components": {"org.keycloak.keys.KeyProvider": [{"name": "rsa-generated", "config": {
        "privateKey": [key], "certificate": [cert], "priority": ["100"]}}]}}
    text = json.dumps(doc, indent=2) + "\n"
    got = _reported("keycloak/realm-export.json", text)
    assert list(got.values()) == [key]


# -- JSON escaped more than once ------------------------------------------------------------

@pytest.mark.parametrize("depth", [1, 2, 3])
def test_secret_in_json_escaped_depth_times(depth: int) -> None:
    key = _key(f"esc{depth}", 36)
    value = json.dumps({"apiKey": key, "env": "prod"})
    for _ in range(depth - 1):
        value = json.dumps(value)
    # the file's own JSON escapes once more: 1, 3 and 7 backslashes before each quote
    text = json.dumps({"Parameters": {"Config": value}}, indent=2)
    assert key in _reported("cfn/params.prod.json", text + "\n").values()
