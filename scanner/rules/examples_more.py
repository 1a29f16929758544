"""Example generators for the checksum formats of the messaging, AI, data, observability and
security provider families; registered into :mod:`scanner.rules.examples` on import."""

from __future__ import annotations

import base64
import hashlib
import json
import random

from scanner.rules.examples import generator

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _b58encode(raw: bytes) -> str:
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\x00"))) + out


def _b58check(payload: bytes) -> str:
    return _b58encode(payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4])


def _bytes(rng: random.Random, n: int) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(n))


@generator("btc-wif")
def _wif(rng: random.Random, arg: str) -> str:
    """A Bitcoin WIF private key (compressed unless ARG is ``u``) with a valid checksum."""
    suffix = b"" if arg == "u" else b"\x01"
    return _b58check(b"\x80" + _bytes(rng, 32) + suffix)


@generator("btc-wif-bad")
def _wif_bad(rng: random.Random, arg: str) -> str:
    """The same shape, checksum broken: a look-alike."""
    good = _wif(rng, arg)
    return good[:-1] + ("2" if good[-1] != "2" else "3")


@generator("xprv")
def _xprv(rng: random.Random, arg: str) -> str:
    """A BIP32 mainnet extended private key (xprv...) with a valid checksum."""
    payload = (bytes.fromhex("0488ade4") + b"\x00" + b"\x00" * 8 + _bytes(rng, 32) + b"\x00"
               + _bytes(rng, 32))
    return _b58check(payload)


@generator("xprv-bad")
def _xprv_bad(rng: random.Random, arg: str) -> str:
    good = _xprv(rng, arg)
    return good[:-1] + ("2" if good[-1] != "2" else "3")


@generator("intercom")
def _intercom(rng: random.Random, arg: str) -> str:
    """An Intercom access token: base64 of ``tok:<id>:1:0``."""
    ident = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    ident = f"{ident[:8]}_{ident[8:12]}_{ident[12:16]}_{ident[16:20]}_{ident[20:]}"
    return base64.b64encode(f"tok:{ident}:1:0".encode()).decode()


@generator("solana-keypair")
def _solana(rng: random.Random, arg: str) -> str:
    """A Solana keypair file: a JSON array of 64 random bytes."""
    return json.dumps(list(_bytes(rng, 64)))


__all__: list[str] = []
