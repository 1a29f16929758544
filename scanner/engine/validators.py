"""Offline structure and checksum checks that rules name in their ``validator`` field.

A validator takes the captured secret and returns ``None`` to reject the match, or a
(possibly empty) tuple of extra facts to attach to the finding (e.g. the AWS account ID).
Checksums let us drop random look-alikes without any network call.
"""

from __future__ import annotations

import base64
import binascii
import string
import zlib
from collections.abc import Callable

Extra = tuple[tuple[str, str], ...]
Validator = Callable[[str], "Extra | None"]

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_B62_INDEX = {c: i for i, c in enumerate(_B62)}
OK: Extra = ()


def _json_loads(raw: str | bytes) -> object:
    """``json.loads``, imported on first use (most inputs hold no JSON to check)."""
    import json

    return json.loads(raw)


def _b62_decode(s: str) -> int | None:
    n = 0
    for c in s:
        v = _B62_INDEX.get(c)
        if v is None:
            return None
        n = n * 62 + v
    return n


#: The fact a validator attaches when a token has its provider's shape but its embedded
#: checksum does not verify: the engine reports it at low severity (a made-up example in
#: docs or tests, most likely; a user switching from a checksum-less scanner expects to
#: see it) after the placeholder checks the rule would otherwise skip.
CHECKSUM_FAILS: tuple[str, str] = ("checksum", "does not verify (likely a made-up example)")
UNVERIFIED: Extra = (CHECKSUM_FAILS,)


def _crc32_base62(token: str, prefix_len: int) -> Extra | None:
    """GitHub/npm format: prefix, 30 random characters, 6 base62 chars of their CRC32.

    A right shape with a wrong checksum is :data:`UNVERIFIED`, not rejected."""
    body, check = token[prefix_len:-6], token[-6:]
    if len(body) != 30:
        return None
    want = _b62_decode(check)
    if want is None:
        return None
    return OK if want == zlib.crc32(body.encode("ascii", "replace")) else UNVERIFIED


def github_classic(secret: str) -> Extra | None:
    return _crc32_base62(secret, 4)


def npm_token(secret: str) -> Extra | None:
    return _crc32_base62(secret, 4)


_B32_VALUE = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}


def aws_account_id(key_id: str) -> str | None:
    """Decode the 12-digit account ID embedded in modern AWS access key IDs, offline.

    The body is base32: its first 48 bits (the first 10 characters hold 50) carry the
    account number in bits 7..46.
    """
    v = 0
    try:
        for c in key_id[4:14]:
            v = (v << 5) | _B32_VALUE[c]
    except KeyError:
        return None
    if len(key_id) < 14:
        return None
    z = v >> 2
    account = (z & 0x7FFFFFFFFF80) >> 7
    return f"{account:012d}"


#: Prefixes of AWS access key IDs (long-term, temporary, ...) and the legacy ``A3T?`` form.
AWS_KEY_PREFIXES = ("AKIA", "ASIA", "ABIA", "ACCA")
_B32 = frozenset(string.ascii_uppercase + "234567")
#: Words that make a key ID a documentation placeholder; each has 7+ letters, so a random
#: base32 body holds one by chance with probability below 1e-9 (short markers such as
#: ``TBD`` or ``FAKE`` occur in about 0.1% of real IDs and must not be used here).
_AWS_ID_PLACEHOLDER_WORDS = ("EXAMPLE", "SAMPLEKEY", "ACCESSKEY", "YOURKEY", "PLACEHOLD",
                             "REPLACEME", "CHANGEME", "KEYHERE", "DUMMYKEY", "FAKEKEY",
                             "TESTKEY", "ABCDEFGH")


def aws_key_id_well_formed(key_id: str) -> bool:
    """A known prefix and 16 base32 characters (what every real key ID is)."""
    return (len(key_id) == 20 and (key_id.startswith(AWS_KEY_PREFIXES)
                                   or key_id.startswith("A3T"))
            and _B32.issuperset(key_id[4:]))


def aws_key_id_placeholder(key_id: str) -> bool:
    """True for a documentation placeholder key ID, judged by structure only.

    A real key ID is a prefix plus 16 random base32 characters. Rejected: the documented
    ``...EXAMPLE`` form, bodies of at most four distinct characters, a run of 7 equal
    characters, and 7+ letter placeholder words; each has a chance below 1e-9 on a random
    body, so real keys are never dropped (checked over a million random IDs in the tests).
    """
    body = key_id[4:]
    distinct = set(body)
    if len(distinct) <= 4:
        return True
    if len(distinct) <= 10 and any(ch * 7 in body for ch in distinct):
        return True  # seven in a row leave at most 10 distinct characters in 16
    return any(word in body for word in _AWS_ID_PLACEHOLDER_WORDS)


def aws_key_id(secret: str) -> Extra | None:
    """An access key ID by structure: known prefix, 16 base32 characters, not a placeholder.

    The generic ``placeholder`` filter must not run on key IDs (its short markers and
    look-alike letters match random base32 bodies); this is the whole check.
    """
    if not aws_key_id_well_formed(secret) or aws_key_id_placeholder(secret):
        return None
    acct = aws_account_id(secret)
    return (("account_id", acct),) if acct else OK


_AWS_EXAMPLE_SECRET_TAIL = "EXAMPLEKEY"


def aws_secret(secret: str) -> Extra | None:
    """A secret access key: 40 base64 chars that look random (mixed classes), not an example."""
    if len(secret) != 40 or secret.endswith(_AWS_EXAMPLE_SECRET_TAIL) or "EXAMPLE" in secret:
        return None
    classes = sum((any(c.islower() for c in secret), any(c.isupper() for c in secret),
                   any(c.isdigit() for c in secret)))
    if classes < 3 and not any(c in "+/" for c in secret):
        return None
    if all(c in string.hexdigits for c in secret):  # a SHA-1, not a key
        return None
    return OK


def _b64url_json(part: str) -> object | None:
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        return _json_loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def jwt(secret: str) -> Extra | None:
    """Header must decode to a JSON object with ``alg``; payload to JSON."""
    parts = secret.split(".")
    if len(parts) < 2:
        return None
    header = _b64url_json(parts[0])
    if not isinstance(header, dict) or "alg" not in header:
        return None
    if str(header.get("alg", "")).lower() == "none" and (len(parts) < 3 or not parts[2]):
        return None
    payload = _b64url_json(parts[1])
    if payload is None:
        return None
    if isinstance(payload, dict) and payload.get("name") == "John Doe" and str(
        payload.get("sub")
    ) == "1234567890":
        return None  # the jwt.io documentation example
    if isinstance(payload, dict) and payload.get("role") == "anon":
        return None  # a public "anon" key (Supabase and alike): meant for browsers
    if len(parts) == 3 and _signed_with_known_key(header, parts):
        return None  # a README's example token, signed with "secret" or jwt.io's default
    return (("alg", str(header["alg"])[:16]),)


def _signed_with_known_key(header: dict[str, object], parts: list[str]) -> bool:
    """Whether an HS256/384/512 token's signature verifies under a documentation key."""
    import hashlib
    import hmac

    algs = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
    digest = algs.get(str(header.get("alg", "")).upper())
    if digest is None or not parts[2]:
        return False
    try:
        sig = base64.urlsafe_b64decode(parts[2] + "=" * (-len(parts[2]) % 4))
    except (ValueError, binascii.Error):
        return False
    msg = f"{parts[0]}.{parts[1]}".encode("ascii", "replace")
    from scanner.engine.wordlists import lists

    return any(hmac.compare_digest(hmac.new(k.encode(), msg, digest).digest(), sig)
               for k in lists().demo_hmac_keys)


def pypi_macaroon(secret: str) -> Extra | None:
    """PyPI tokens are ``pypi-`` + a base64url v2 macaroon whose location is pypi.org."""
    body = secret[5:] if secret.startswith("pypi-") else secret
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (ValueError, binascii.Error):
        return None
    if len(raw) < 16 or raw[0] != 2:
        return None
    return OK if b"pypi.org" in raw[:40] else None


def base64_64bytes(secret: str) -> Extra | None:
    """Azure storage account keys: base64 of exactly 64 random bytes."""
    try:
        raw = base64.b64decode(secret, validate=True)
    except (ValueError, binascii.Error):
        return None
    return OK if len(raw) == 64 and len(set(raw)) > 20 else None


_PEM_CHARS = frozenset(string.ascii_letters + string.digits + "+/=")


def pem_private_key(block: str) -> Extra | None:
    """A private key block whose body is real base64 of plausible length (not '...')."""
    text = block.replace("\\n", "\n")
    end = text.find("-----END")
    if end != -1:  # what follows the block (the next file of a patch, JSON) is not body
        text = text[:end]
    lines = [ln.strip().lstrip("+").strip().strip("\"',") for ln in text.splitlines()]
    body_lines = [ln for ln in lines if ln and not ln.startswith("-----")
                  and ":" not in ln]  # skip PEM headers such as Proc-Type
    body = "".join("".join(body_lines).split()).replace('"', "").replace("'", "")
    if "ENCRYPTED" in block.split("\n", 1)[0]:
        return (("encrypted", "true"),)
    if len(body) < 50 or not set(body) <= _PEM_CHARS:
        return None
    if len(set(body)) < 20:
        return None
    return OK


def slack_webhook(secret: str) -> Extra | None:
    return OK if len(secret.rsplit("/", 1)[-1]) >= 20 else None


def telegram_bot(secret: str) -> Extra | None:
    bot_id = secret.split(":", 1)[0]
    return OK if bot_id.isdigit() and 6 <= len(bot_id) <= 12 else None


def basic_auth(secret: str) -> Extra | None:
    """``Basic`` credentials decode to printable ``user:password``."""
    try:
        raw = base64.b64decode(secret + "=" * (-len(secret) % 4), validate=True).decode("utf-8")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    user, sep, pw = raw.partition(":")
    if not sep or not pw or not raw.isprintable() or len(pw) < 3:
        return None
    from scanner.engine.filters import placeholder

    if placeholder(pw, "", user) is not None:
        return None  # user:password, admin:changeme: documentation
    return OK


def base64_private_key(secret: str) -> Extra | None:
    """A base64 blob that decodes to a PEM private key block."""
    try:
        raw = base64.b64decode(secret + "=" * (-len(secret) % 4))
    except (ValueError, binascii.Error):
        return None
    text = raw.decode("ascii", "replace")
    if "PRIVATE KEY" not in text.split("\n", 1)[0]:
        return None
    return pem_private_key(text)


REGISTRY: dict[str, Validator] = {
    "base64-private-key": base64_private_key,
    "basic-auth": basic_auth,
    "github-classic": github_classic,
    "npm": npm_token,
    "aws-key-id": aws_key_id,
    "aws-secret": aws_secret,
    "jwt": jwt,
    "pypi-macaroon": pypi_macaroon,
    "base64-64bytes": base64_64bytes,
    "pem-private-key": pem_private_key,
    "slack-webhook": slack_webhook,
    "telegram-bot": telegram_bot,
}

from scanner.engine import checksums as _checksums  # noqa: E402,F401  (registers its validators)
from scanner.engine import validators_more as _more  # noqa: E402,F401  (provider families)
from scanner.engine import validators_realcode as _realcode  # noqa: E402,F401  (registers its validators)
