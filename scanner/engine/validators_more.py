"""Structure and checksum validators for the messaging, AI, data, observability and
security provider families (``scanner/rules/providers/*.toml``).

Registered into :data:`scanner.engine.validators.REGISTRY` on import, like
:mod:`scanner.engine.checksums`: a rule names one in its ``validator`` field. Each returns
``None`` to drop a look-alike (wrong checksum, wrong decoded shape) or extra facts.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from scanner.engine.checksums import register
from scanner.engine.validators import OK, Extra

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}

#: version bytes of BIP32 extended private keys (xprv, tprv, yprv, zprv, uprv, vprv)
_XPRV_VERSIONS = frozenset(bytes.fromhex(h) for h in (
    "0488ade4", "04358394", "049d7878", "04b2430c", "044a4e28", "045f18bc"))


def b58decode(s: str) -> bytes | None:
    """Plain base58 (Bitcoin alphabet) to bytes; ``None`` for a character outside it."""
    n = 0
    for c in s:
        v = _B58_INDEX.get(c)
        if v is None:
            return None
        n = n * 58 + v
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(s) - len(s.lstrip("1"))
    return b"\x00" * pad + body


def b58check(s: str) -> bytes | None:
    """The payload of a base58check string whose 4-byte double-SHA256 checksum matches."""
    raw = b58decode(s)
    if raw is None or len(raw) < 5:
        return None
    payload, check = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != check:
        return None
    return payload


@register("base58check-wif")
def wif_private_key(secret: str) -> Extra | None:
    """Bitcoin wallet import format: 0x80, 32 key bytes, optional 0x01, valid checksum."""
    payload = b58check(secret)
    if payload is None or payload[0] != 0x80:
        return None
    if len(payload) == 33 or (len(payload) == 34 and payload[33] == 0x01):
        return (("network", "bitcoin-mainnet"),)
    return None


@register("base58check-xprv")
def extended_private_key(secret: str) -> Extra | None:
    """BIP32 extended private key: 78 bytes, a private version, 0x00 before the key."""
    payload = b58check(secret)
    if payload is None or len(payload) != 78 or payload[:4] not in _XPRV_VERSIONS:
        return None
    return OK if payload[45] == 0 else None


@register("intercom-token")
def intercom_token(secret: str) -> Extra | None:
    """Intercom access tokens are base64 of ``tok:<id>:...``."""
    try:
        raw = base64.b64decode(secret + "=" * (-len(secret) % 4))
    except (binascii.Error, ValueError):
        return None
    return OK if raw.startswith(b"tok:") and len(raw) >= 30 else None


@register("base64-32bytes")
def base64_32bytes(secret: str) -> Extra | None:
    """A Curve25519 key (WireGuard): standard base64 of exactly 32 bytes."""
    try:
        raw = base64.b64decode(secret, validate=True)
    except (binascii.Error, ValueError):
        return None
    return OK if len(raw) == 32 and len(set(raw)) >= 12 else None


@register("byte-array-64")
def byte_array_64(secret: str) -> Extra | None:
    """A JSON array of 64 bytes (a Solana keypair file) that is not a counting sequence."""
    try:
        nums = [int(x) for x in secret.strip("[] \t\r\n").split(",")]
    except ValueError:
        return None
    if len(nums) != 64 or any(n > 255 for n in nums) or len(set(nums)) < 24:
        return None
    if all(b - a == 1 for a, b in zip(nums, nums[1:], strict=False)):
        return None
    return OK


__all__ = ["b58check", "b58decode"]


_SEQ = "0123456789abcdefghijklmnopqrstuvwxyz"


def _has_run(low: str, n: int) -> bool:
    """``n`` equal characters in a row, or ``n`` ascending/descending alphabet steps."""
    same = up = down = 1
    for a, b in zip(low, low[1:], strict=False):
        same = same + 1 if a == b else 1
        ia, ib = _SEQ.find(a), _SEQ.find(b)
        up = up + 1 if ia >= 0 and ib == ia + 1 else 1
        down = down + 1 if ia >= 0 and ib == ia - 1 else 1
        if same >= n or up >= n or down >= n:
            return True
    return False


@register("random-value")
def random_value(secret: str) -> Extra | None:
    """A provider key's random part, not a placeholder: no placeholder word (taken literally,
    since real hex keys often read as leetspeak; markers of four or more characters, as
    shorter ones occur by chance in random text), no long runs or alphabet sequences.

    A short provider prefix (up to the first ``_``, ``-`` or ``.`` in the first 14
    characters, e.g. ``esecret_``) is not judged, so prefixes that read like words pass.
    """
    from scanner.engine.wordlists import lists

    body = secret
    for i, c in enumerate(secret[:14]):
        if c in "_-.":
            body = secret[i + 1:]
            break
    low = body.lower()
    L = lists()
    if low in L.ph_exact or any(m in low for m in L.ph_contains if len(m) >= 4):
        return None
    if _has_run(low, 6 if len(low) >= 16 else 5):
        return None
    return OK
