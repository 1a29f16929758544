"""Issue 10, classes 2 and 3: validators behind the real-code rules (checksums and inner
structure checked offline), and the randomness signal of class 4."""

from __future__ import annotations

import base64
import json
import random
import string

import pytest

from scanner.api import scan_text
from scanner.engine import validators_realcode as V
from scanner.engine.validators import REGISTRY
from scanner.engine.wordshape import surprise, wordlike
from scanner.rules.examples_realcode import nkey_seed


def _rng(tag: str) -> random.Random:
    return random.Random(f"rcv-{tag}")


def test_registered() -> None:
    for name in ("nkey-seed", "jwk-private", "otp-secret", "grafana-key", "bearer",
                 "basic-credentials", "pem-plain", "pem-encrypted", "base64-pem"):
        assert name in REGISTRY


def test_crc16_xmodem_check_value() -> None:
    assert V.crc16_xmodem(b"123456789") == 0x31C3  # the standard check value


@pytest.mark.parametrize("kind", ["U", "A", "O", "N"])
def test_nkey_seed_checksum(kind: str) -> None:
    good = nkey_seed(_rng(kind), kind)
    assert V.nkey_seed(good) is not None
    bad = nkey_seed(_rng(kind), kind, good=False)
    assert V.nkey_seed(bad) is None
    assert [f.rule_id for f in scan_text(f"seed: {good}\n", "nats/ci.creds")] == ["nats-nkey-seed"]
    assert scan_text(f"seed: {bad}\n", "nats/ci.creds") == []


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_jwk_private_members_reported_public_not() -> None:
    r = _rng("jwk")
    raw = lambda n: bytes(r.getrandbits(8) for _ in range(n))  # noqa: E731
    priv = {"kty": "RSA", "e": "AQAB", "n": _b64url(raw(128)), "d": _b64url(raw(128)),
            "p": _b64url(raw(64)), "q": _b64url(raw(64))}
    text = json.dumps(priv, indent=2)
    found = {f.line for f in scan_text(text, "keys/jwk.json") if f.rule_id == "jwk-private-key"}
    assert found == {5, 6, 7}  # d, p, q; not n or e
    pub = {k: v for k, v in priv.items() if k in ("kty", "e", "n")}
    assert scan_text(json.dumps(pub, indent=2), "keys/jwk.json") == []


def test_otp_secrets() -> None:
    r = _rng("otp")
    sec = base64.b32encode(bytes(r.getrandbits(8) for _ in range(20))).decode().rstrip("=")
    assert V.otp_secret(sec) is not None
    doc = base64.b32encode(b"Hello!" + bytes((0xDE, 0xAD, 0xBE, 0xEF))).decode()
    assert V.otp_secret(doc) is None
    uri = f"otpauth://totp/Acme:ci?secret={sec}&issuer=Acme"
    assert [f.rule_id for f in scan_text(uri, "tests/test_mfa.py")] == ["otpauth-uri"]


def test_grafana_key_structure() -> None:
    doc = {"k": "".join(_rng("g").choice(string.ascii_letters) for _ in range(32)), "n": "ci", "id": 1}
    key = base64.b64encode(json.dumps(doc).encode()).decode()
    assert V.grafana_key(key) is not None
    assert V.grafana_key(base64.b64encode(b'{"k": "x"}').decode()) is None


def _jwt(alg: str, sig: str) -> str:
    def enc(d: dict[str, object]) -> str:
        return _b64url(json.dumps(d).encode())
    return enc({"alg": alg, "typ": "JWT"}) + "." + enc({"sub": "4711", "scope": "admin"}) + "." + sig


def test_bearer_bodies() -> None:
    r = _rng("bearer")
    opaque = "".join(r.choice(string.ascii_letters + string.digits) for _ in range(40))
    assert V.bearer(opaque) is not None
    assert V.bearer("".join(r.choice("0123456789abcdef") for _ in range(40))) is not None
    assert V.bearer(_jwt("none", "")) == (("format", "jwt"), ("signature", "none"))
    assert V.bearer(_jwt("HS256", _b64url(bytes(32)) + "Zz9")) is not None
    assert V.bearer("YOUR_ACCESS_TOKEN_HERE") is None
    assert V.bearer("accesstokenvaluegoeshere") is None
    unsigned = _jwt("none", "")
    found = scan_text(f"Authorization: Bearer {unsigned}\n", "requests/dev.http")
    assert [f.rule_id for f in found] == ["bearer-token"]


def test_basic_credentials_decoded() -> None:
    r = _rng("basic")
    pw = "".join(r.choice(string.ascii_letters + string.digits) for _ in range(14))
    good = base64.b64encode(f"svc-report:{pw}".encode()).decode()
    assert V.basic_credentials(good) is not None
    assert V.basic_credentials(base64.b64encode(b"user:password").decode()) is None
    assert V.basic_credentials(base64.b64encode(b"no-colon-here").decode()) is None
    text = f'{{"key": "Authorization", "value": "Basic {good}"}}'
    assert [f.rule_id for f in scan_text(text, "postman/acme.json")] == ["basic-auth-header"]


def _pem(label: str, enc: bool) -> str:
    r = _rng(label)
    body = base64.b64encode(bytes(r.getrandbits(8) for _ in range(480))).decode()
    head = "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\n" if enc else ""
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {label}-----\n{head}{lines}\n-----END {label}-----\n"


@pytest.mark.parametrize(("label", "enc"), [("ENCRYPTED PRIVATE KEY", False),
                                            ("RSA PRIVATE KEY", True)])
def test_encrypted_keys_low(label: str, enc: bool) -> None:
    found = scan_text(_pem(label, enc), "certs/server.key")
    assert [(f.rule_id, f.severity.name.lower()) for f in found] == [("private-key-encrypted", "low")]


@pytest.mark.parametrize("quote", ['"{}"', "'{}'", "{}", "`{}`"])
def test_base64_pem_any_quoting(quote: str) -> None:
    b = base64.b64encode(_pem("PRIVATE KEY", False).encode()).decode()
    text = "tls.key: " + quote.format(b) + "\n"
    assert [f.rule_id for f in scan_text(text, "deploy/secret.yaml")] == ["private-key-base64"]
    wrapped = "\n".join(b[i:i + 76] for i in range(0, len(b), 76))
    assert V.base64_pem(wrapped.split("\n")[0]) is not None


def test_wordshape_separates_words_from_random_letters() -> None:
    r = _rng("ws")
    rand = ["".join(r.choice(string.ascii_lowercase) for _ in range(r.randint(7, 12)))
            for _ in range(200)]
    words = ["required", "confirmed", "password", "localhost", "postgres", "minipass",
             "passport", "HTTPPasswordMgr", "dbPasswordField", "readableBuffer", "validation",
             "changeme", "authentication", "configuration", "development"]
    assert all(wordlike(w) for w in words), [(w, surprise(w)) for w in words if not wordlike(w)]
    assert sum(not wordlike(v) for v in rand) >= 190
