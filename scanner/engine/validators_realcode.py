"""Validators for credential shapes seen in real repositories (issue 10): NATS NKEY seeds
(CRC16), JWK private members, OTP secrets, Grafana provisioned keys, bearer tokens, PEM keys
in every quoting and encoding, encrypted keys (reported low, by their own rule).

Registered into :data:`scanner.engine.validators.REGISTRY` on import.
"""

from __future__ import annotations

import base64
import binascii
import string

from scanner.engine.entropy import shannon
from scanner.engine.validators import OK, REGISTRY, Extra, pem_private_key

_B32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
_B64 = frozenset(string.ascii_letters + string.digits + "+/=")


def _json_loads(raw: str | bytes) -> object:
    """``json.loads``, imported on first use (most inputs hold no JSON to check)."""
    import json

    return json.loads(raw)


def crc16_xmodem(data: bytes) -> int:
    """CRC-16/XMODEM (poly 0x1021, init 0): the checksum NATS NKEYs end with."""
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def nkey_seed(secret: str) -> Extra | None:
    """``S`` + type letter + base32: 2 prefix bytes, 32-byte seed, CRC16 little-endian."""
    if len(secret) != 58 or not set(secret) <= _B32:
        return None
    try:
        raw = base64.b32decode(secret + "=" * (-len(secret) % 8))
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 36 or raw[0] >> 3 != 18:
        return None
    body, crc = raw[:34], int.from_bytes(raw[34:], "little")
    if crc16_xmodem(body) != crc or len(set(raw[2:34])) < 12:
        return None
    kind = {"U": "user", "A": "account", "O": "operator", "N": "server", "C": "cluster",
            "X": "curve", "P": "private"}.get(secret[1], "unknown")
    return (("nkey", kind),)


def _b64url_bytes(s: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    except (binascii.Error, ValueError):
        return None


def jwk_private(secret: str) -> Extra | None:
    """A JWK private member: base64url of at least 16 bytes that are not a pattern."""
    raw = _b64url_bytes(secret)
    if raw is None or len(raw) < 16 or len(set(raw)) < min(12, len(raw) // 2):
        return None
    return OK


#: The documentation example of Google Authenticator's key URI format.
_OTP_DOC = b"Hello!" + bytes((0xDE, 0xAD, 0xBE, 0xEF))


def otp_secret(secret: str) -> Extra | None:
    """Base32 of at least 10 bytes (RFC 4226 wants 16+; apps use 10-20), not the doc key."""
    s = secret.upper().rstrip("=")
    if not set(s) <= _B32 or len(s) < 16:
        return None
    try:
        raw = base64.b32decode(s + "=" * (-len(s) % 8))
    except (binascii.Error, ValueError):
        return None
    if raw == _OTP_DOC or len(set(s)) < 8:
        return None
    return OK


def grafana_key(secret: str) -> Extra | None:
    """Grafana provisioned API keys are base64 of ``{"k": ..., "n": ..., "id": ...}``."""
    try:
        data = _json_loads(base64.b64decode(secret + "=" * (-len(secret) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not {"k", "n", "id"} <= set(data):
        return None
    k = str(data.get("k", ""))
    return (("name", str(data.get("n", ""))[:32]),) if len(k) >= 16 else None


def bearer(secret: str) -> Extra | None:
    """A bearer/token credential: a JWT (signed or not), or a machine-made opaque value."""
    from scanner.engine.filters import placeholder, provider_owned, words
    from scanner.engine.validators import jwt

    parts = secret.split(".")
    if len(parts) == 3 and secret.startswith("eyJ"):
        if parts[2]:
            return jwt(secret)
        # unsigned (alg none, empty signature): servers that accept it are the problem, and
        # the claims still say whom it names; judge header and payload like a signed one
        if jwt(secret + "x") is None:
            return None
        return (("format", "jwt"), ("signature", "none"))
    if provider_owned(secret):
        return None  # a provider's token: its own rule judges it (checksums)
    core = secret.rstrip("=")
    if len(core) < 16 or shannon(core) < 3.2 or len(set(core)) < 10:
        return None
    if core.isalpha() and (core.islower() or core.isupper()):
        return None
    digits = sum(c.isdigit() for c in core)
    upper = sum(c.isupper() for c in core)
    lower = sum(c.islower() for c in core)
    if sum(1 for n in (digits, upper, lower) if n) < 2:
        return None
    if placeholder(secret, "", None) or words(secret, "", None):
        return None
    return OK


def basic_credentials(secret: str) -> Extra | None:
    """``Basic <base64>`` anywhere: decodes to printable ``user:password``, not a default."""
    from scanner.engine.validators import basic_auth

    return basic_auth(secret)


def _is_encrypted(text: str) -> bool:
    head = text[:200]
    return "ENCRYPTED" in head.split("\n", 1)[0] or "Proc-Type: 4,ENCRYPTED" in text[:400] or (
        "Proc-Type: 4,ENCRYPTED" in text[:400].replace("\\n", "\n"))


def pem_plain(block: str) -> Extra | None:
    """A usable (unencrypted) private key block: encrypted ones have their own low rule."""
    if _is_encrypted(block):
        return None
    if "EXAMPLE" in block[:200]:
        return None  # documentation (AWS CLI examples spell EXAMPLE into the body)
    res = pem_private_key(block)
    return res


def pem_encrypted(block: str) -> Extra | None:
    """An encrypted private key: useless without its passphrase, reported low."""
    if not _is_encrypted(block):
        return None
    body = "".join(c for c in block.split("-----", 3)[-1][:400] if c in _B64)
    return (("encrypted", "true"),) if len(body) >= 40 else None


def base64_pem(secret: str) -> Extra | None:
    """base64 of a PEM private key, whole or cut by line wrapping (first line only)."""
    s = secret.rstrip("=")
    s = s[: len(s) - len(s) % 4]
    try:
        text = base64.b64decode(s).decode("ascii", "replace")
    except (binascii.Error, ValueError):
        return None
    first, _, rest = text.replace("\\n", "\n").partition("\n")
    if "PRIVATE KEY" not in first or not first.startswith("-----BEGIN"):
        return None
    if "ENCRYPTED" in first or "Proc-Type: 4,ENCRYPTED" in rest[:100]:
        return None
    body = "".join(c for c in rest if c in _B64)
    if len(body) < 16 or len(set(body)) < 12:
        return None
    return (("encoding", "base64"),)


REGISTRY.update({
    "nkey-seed": nkey_seed,
    "jwk-private": jwk_private,
    "otp-secret": otp_secret,
    "grafana-key": grafana_key,
    "bearer": bearer,
    "basic-credentials": basic_credentials,
    "pem-plain": pem_plain,
    "pem-encrypted": pem_encrypted,
    "base64-pem": base64_pem,
})


def short_secret(secret: str) -> Extra | None:
    """An 8-11 character value under a secret's name: kept only when it is machine-made or
    chosen like a password (letters and digits mixed, letters no word is made of)."""
    from scanner.engine.wordshape import wordlike

    if not 8 <= len(secret) <= 11:
        return None
    letters = "".join(c for c in secret if c.isalpha())
    digits = sum(c.isdigit() for c in secret)
    if len(letters) < 3 or digits < 2 or len(set(secret)) < 6:
        return None
    if all(c in "0123456789abcdefABCDEF" for c in secret) and not (
            any(c.isupper() for c in secret) and any(c.islower() for c in secret)):
        return None  # short hex: an ID, a colour, a truncated hash
    if wordlike(letters.lower()):
        return None  # a word with digits (release2024, build42x): a label or a version
    return OK


REGISTRY["short-secret"] = short_secret


def discord_snowflake_token(secret: str) -> Extra | None:
    """A Discord bot token's first part is the bot's user ID (a 17-20 digit snowflake) in
    base64url: that structure makes the token recognisable without the word "discord"."""
    head = secret.split(".", 1)[0]
    try:
        raw = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
    except (ValueError, binascii.Error):
        return None
    if not (raw.isdigit() and 17 <= len(raw) <= 20 and raw[:1] != b"0"):
        return None
    return OK


REGISTRY["discord-snowflake"] = discord_snowflake_token


def app_password_groups(secret: str) -> Extra | None:
    """Google shows an app password as four groups of four random letters; prose in the same
    shape ("will come soon") is made of words, so at most one group may read as one."""
    from scanner.engine.wordshape import wordlike

    groups = secret.split()
    if len(groups) != 4 or len(set(secret.replace(" ", ""))) < 8:
        return None
    return OK if sum(wordlike(g) for g in groups) <= 1 else None


REGISTRY["app-password-groups"] = app_password_groups
