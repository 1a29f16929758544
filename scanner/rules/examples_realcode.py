"""Example generators for the rules of ``providers/realcode.toml`` (formats with an inner
structure or checksum: NKEY seeds, encrypted and base64 PEM, unsigned JWTs)."""

from __future__ import annotations

import base64
import json
import random

from scanner.engine.validators_realcode import crc16_xmodem
from scanner.rules.examples import _pem, _pem_body, b64url_nopad, generator, rand

_NKEY_TYPES = {"U": 20 << 3, "A": 0, "O": 14 << 3, "N": 13 << 3, "C": 2 << 3, "X": 23 << 3}


def nkey_seed(rng: random.Random, kind: str = "U", good: bool = True) -> str:
    """An NKEY seed: base32 of two prefix bytes, a 32-byte seed and its CRC16."""
    t = _NKEY_TYPES.get(kind or "U", 20 << 3)
    raw = bytes([(18 << 3) | (t >> 5), (t & 31) << 3]) + bytes(
        rng.getrandbits(8) for _ in range(32))
    crc = crc16_xmodem(raw) ^ (0 if good else 0x5A5A)
    return base64.b32encode(raw + crc.to_bytes(2, "little")).decode().rstrip("=")


@generator("nkey-seed")
def _nkey(rng: random.Random, arg: str) -> str:
    return nkey_seed(rng, arg)


@generator("nkey-seed-bad")
def _nkey_bad(rng: random.Random, arg: str) -> str:
    return nkey_seed(rng, arg, good=False)


@generator("otp-doc")
def _otp_doc(rng: random.Random, arg: str) -> str:
    """The key URI documentation's example secret (public, never reported)."""
    return base64.b32encode(b"Hello!" + bytes((0xDE, 0xAD, 0xBE, 0xEF))).decode()


@generator("jwt-unsigned")
def _jwt_unsigned(rng: random.Random, arg: str) -> str:
    """A JWT whose signature part is empty (alg none): still a bearer credential."""
    head = b64url_nopad(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    body = b64url_nopad(json.dumps({"sub": str(rng.randint(10**5, 10**9)),
                                    "scope": "admin", "exp": 1900000000}).encode())
    return head + "." + body + "."


@generator("pem-encrypted")
def _pem_enc(rng: random.Random, arg: str) -> str:
    """An encrypted private key: PKCS#8 (arg pkcs8) or traditional with Proc-Type."""
    if arg == "pkcs8":
        label = "ENCRYPTED PRIVATE KEY"
        return "-----BEGIN " + label + "-----\n" + _pem_body(rng) + "\n-----END " + label + "-----"
    label = f"{arg or 'RSA'} PRIVATE KEY"
    iv = rand(rng, "0123456789ABCDEF", 32)
    return ("-----BEGIN " + label + "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,"
            + iv + "\n\n" + _pem_body(rng) + "\n-----END " + label + "-----")


@generator("pem-b64-wrapped")
def _pem_b64_wrapped(rng: random.Random, arg: str) -> str:
    """base64 of a PEM key wrapped at 76 characters (``base64`` default), first line."""
    b = base64.b64encode((_pem(rng, arg or "RSA") + "\n").encode()).decode()
    return "\n".join(b[i:i + 76] for i in range(0, len(b), 76))


@generator("pem-b64-encrypted")
def _pem_b64_enc(rng: random.Random, arg: str) -> str:
    return base64.b64encode((_pem_enc(rng, "pkcs8") + "\n").encode()).decode()


@generator("discord-bot")
def _discord_bot(rng: random.Random, arg: str) -> str:
    """A Discord bot token: the bot's snowflake ID in base64url, a timestamp part, an HMAC."""
    user_id = str(rng.randint(10**17, 15 * 10**17))
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return (b64url_nopad(user_id.encode()) + "." + rand(rng, alphabet, 6) + "."
            + rand(rng, alphabet, 38))
