"""Expand the example recipes written beside each rule into concrete test texts.

Rules carry recipes, never literal tokens: the repository must not contain anything that
looks like a live secret, so ``tests/rules/test_examples.py`` builds each rule's positive
and look-alike negative texts at run time from templates such as
``api_key = "{pfx:sk|_live_}{alnum:24}"``. Placeholders:

``{alnum:N}`` ``{lower:N}`` ``{upper:N}`` ``{digits:N}`` ``{hex:N}`` ``{HEX:N}``
``{b64:N}`` ``{b64url:N}`` ``{b32:N}`` ``{alnumlower:N}`` ``{crypt:N}`` (crypt(3)'s ``./0-9A-Za-z``)
    N random characters of that alphabet (``N-M``: a random length in that range);
``{chars:ALPHABET:N}``
    N random characters of a literal alphabet;
``{uuid}`` ``{word}``
    a random version-4 UUID; an ordinary English word;
``{pfx:a|b}``
    the pieces joined (so a provider prefix never appears whole in a rule file);
``{gen:NAME}`` ``{gen:NAME:ARG}``
    a registered generator, for formats with a checksum or an inner structure.

Other braces are literal, so JSON and shell texts need no escaping. The expansion is a pure
function of the template and the random generator, so a failing example can be replayed.
"""

from __future__ import annotations

import base64
import json
import random
import re
import string
import zlib
from collections.abc import Callable

ALPHABETS: dict[str, str] = {
    "alnum": string.ascii_letters + string.digits,
    "lower": string.ascii_lowercase,
    "upper": string.ascii_uppercase,
    "digits": string.digits,
    "hex": "0123456789abcdef",
    "HEX": "0123456789ABCDEF",
    "b64": string.ascii_letters + string.digits + "+/",
    "b64url": string.ascii_letters + string.digits + "-_",
    "b32": "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
    "alnumlower": string.ascii_lowercase + string.digits,
    "crypt": "./" + string.digits + string.ascii_uppercase + string.ascii_lowercase,
}

WORDS = ("apple", "river", "window", "garden", "yellow", "planet", "silver", "forest",
         "market", "pencil", "orange", "bridge", "candle", "summer", "rocket", "basket")

Generator = Callable[[random.Random, str], str]
GENERATORS: dict[str, Generator] = {}

# Templates are our own rule files, not scanned input: a simple linear pattern is fine here.
_PLACEHOLDER = re.compile(
    r"\{(?P<kind>" + "|".join(sorted(ALPHABETS, key=len, reverse=True))
    + r"|chars|pfx|gen|uuid|word)(?::(?P<arg>[^{}]*))?\}")


class ExampleError(ValueError):
    """A recipe that cannot be expanded (unknown generator, bad length)."""


def generator(name: str) -> Callable[[Generator], Generator]:
    """Register ``fn(rng, arg) -> str`` as ``{gen:name}`` / ``{gen:name:arg}``."""
    def deco(fn: Generator) -> Generator:
        if name in GENERATORS:
            raise ValueError(f"example generator {name!r} registered twice")
        GENERATORS[name] = fn
        return fn
    return deco


def _length(arg: str | None, rng: random.Random, template: str) -> int:
    if not arg:
        raise ExampleError(f"{template!r}: a length is required")
    lo, sep, hi = arg.partition("-")
    try:
        return rng.randint(int(lo), int(hi)) if sep else int(lo)
    except ValueError:
        raise ExampleError(f"{template!r}: bad length {arg!r}") from None


def rand(rng: random.Random, alphabet: str, n: int) -> str:
    """``n`` characters drawn from ``alphabet``."""
    return "".join(rng.choice(alphabet) for _ in range(n))


def expand(template: str, rng: random.Random) -> str:
    """One concrete text from a recipe."""
    def sub(m: re.Match[str]) -> str:
        kind, arg = m.group("kind"), m.group("arg")
        if kind in ALPHABETS:
            return rand(rng, ALPHABETS[kind], _length(arg, rng, template))
        if kind == "chars":
            alphabet, _, n = (arg or "").rpartition(":")
            if not alphabet:
                raise ExampleError(f"{template!r}: {{chars:ALPHABET:N}} needs an alphabet")
            return rand(rng, alphabet, _length(n, rng, template))
        if kind == "pfx":
            return "".join((arg or "").split("|"))
        if kind == "uuid":
            return uuid4(rng)
        if kind == "word":
            return rng.choice(WORDS)
        name, _, garg = (arg or "").partition(":")
        fn = GENERATORS.get(name)
        if fn is None:
            raise ExampleError(f"{template!r}: unknown generator {name!r} "
                               f"(known: {', '.join(sorted(GENERATORS))})")
        return fn(rng, garg)

    return _PLACEHOLDER.sub(sub, template)


def expand_all(templates: tuple[str, ...], seed: int | str) -> list[str]:
    """Every template expanded with one generator seeded by ``seed``."""
    rng = random.Random(str(seed))
    return [expand(t, rng) for t in templates]


# -- generators -----------------------------------------------------------------------------

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def b62(n: int, width: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = _B62[r] + out
    return out.rjust(width, "0")


def uuid4(rng: random.Random) -> str:
    h = rand(rng, ALPHABETS["hex"], 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


def _int(arg: str, default: int) -> int:
    try:
        return int(arg) if arg else default
    except ValueError:
        raise ExampleError(f"bad generator argument {arg!r}") from None


@generator("crc32b62")
def _crc32b62(rng: random.Random, arg: str) -> str:
    """GitHub / npm token tail: N (30) random alphanumerics + 6 base62 of their CRC32."""
    body = rand(rng, ALPHABETS["alnum"], _int(arg, 30))
    return body + b62(zlib.crc32(body.encode()), 6)


@generator("crc32b62-bad")
def _crc32b62_bad(rng: random.Random, arg: str) -> str:
    """The same shape with a wrong checksum: a look-alike."""
    good = _crc32b62(rng, arg)
    last = good[-1]
    return good[:-1] + ("A" if last != "A" else "B")


def b64url_nopad(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@generator("jwt")
def _jwt(rng: random.Random, arg: str) -> str:
    """A JWT-shaped value: JSON header with ``alg``, JSON claims, random signature."""
    header = {"alg": arg or "HS256", "typ": "JWT"}
    claims = {"sub": rand(rng, ALPHABETS["alnumlower"], 12),
              "iat": rng.randint(1_600_000_000, 1_800_000_000), "scope": rng.choice(WORDS)}
    sig = bytes(rng.getrandbits(8) for _ in range(32))
    return ".".join((b64url_nopad(json.dumps(header).encode()),
                     b64url_nopad(json.dumps(claims).encode()), b64url_nopad(sig)))


@generator("jwt-claims")
def _jwt_claims(rng: random.Random, arg: str) -> str:
    """A JWT whose claims are the JSON object ``arg`` (e.g. a provider's issuer)."""
    header = {"alg": "HS256", "typ": "JWT"}
    claims = json.loads(arg) if arg else {}
    claims.setdefault("iat", rng.randint(1_600_000_000, 1_800_000_000))
    sig = bytes(rng.getrandbits(8) for _ in range(32))
    return ".".join((b64url_nopad(json.dumps(header).encode()),
                     b64url_nopad(json.dumps(claims).encode()), b64url_nopad(sig)))


@generator("b64bytes")
def _b64bytes(rng: random.Random, arg: str) -> str:
    """Standard padded base64 of N random bytes (Azure storage keys: 64)."""
    return base64.b64encode(bytes(rng.getrandbits(8) for _ in range(_int(arg, 32)))).decode()


@generator("b64urlbytes")
def _b64urlbytes(rng: random.Random, arg: str) -> str:
    """Unpadded base64url of N random bytes."""
    return b64url_nopad(bytes(rng.getrandbits(8) for _ in range(_int(arg, 32))))


@generator("pw")
def _password(rng: random.Random, arg: str) -> str:
    """A strong password of N characters with every character class."""
    n = max(_int(arg, 16), 4)
    classes = (string.ascii_lowercase, string.ascii_uppercase, string.digits, "#+!*^~_")
    chars = [rng.choice(c) for c in classes]
    chars += [rng.choice("".join(classes)) for _ in range(n - len(chars))]
    rng.shuffle(chars)
    return "".join(chars)


@generator("wpsalt")
def _wpsalt(rng: random.Random, arg: str) -> str:
    """A WordPress salt: N printable characters from the salt generator's set, no quotes."""
    return rand(rng, string.ascii_letters + string.digits + "!@#%^&*()-_[]<>~+=,.;:/?|",
                _int(arg, 64))


@generator("human")
def _human(rng: random.Random, arg: str) -> str:
    """A human-chosen password: a capitalised word, digits and a symbol."""
    word = rng.choice(("Summer", "Falcon", "Sunshine", "Dragon", "Monkey", "Orange", "Winter"))
    return word + str(rng.randint(10, 9999)) + rng.choice("!#$")


@generator("basic")
def _basic(rng: random.Random, arg: str) -> str:
    """base64 of ``user:password`` (HTTP Basic, Docker config ``auth``, npm ``_auth``)."""
    user = arg or "deploy"
    return base64.b64encode(f"{user}:{_password(rng, '14')}".encode()).decode()


@generator("pypi")
def _pypi(rng: random.Random, arg: str) -> str:
    """A PyPI token body: base64url v2 macaroon whose location is pypi.org (no prefix)."""
    ident = rand(rng, ALPHABETS["hex"], 32).encode()
    raw = (b"\x02\x01\x08pypi.org\x02\x01\x00\x02\x20" + ident
           + bytes(rng.getrandbits(8) for _ in range(40)))
    return b64url_nopad(raw)


def _pem_body(rng: random.Random, lines: int = 12) -> str:
    raw = bytes(rng.getrandbits(8) for _ in range(lines * 48))
    b = base64.b64encode(raw).decode()
    return "\n".join(b[i:i + 64] for i in range(0, len(b), 64))


@generator("pem")
def _pem(rng: random.Random, arg: str) -> str:
    """A PEM private key block (ARG: RSA, EC, OPENSSH, ... or empty for PKCS#8)."""
    label = f"{arg} PRIVATE KEY" if arg else "PRIVATE KEY"
    return ("-----BEGIN " + label + "-----\n" + _pem_body(rng) + "\n-----END " + label + "-----")


@generator("pem-b64")
def _pem_b64(rng: random.Random, arg: str) -> str:
    """A PEM private key block, base64-encoded as Kubernetes Secret data holds it."""
    return base64.b64encode((_pem(rng, arg or "RSA") + "\n").encode()).decode()


@generator("pem-public")
def _pem_public(rng: random.Random, arg: str) -> str:
    """A PEM block that is not a private key (public key or certificate): a look-alike."""
    label = arg or "PUBLIC KEY"
    return "-----BEGIN " + label + "-----\n" + _pem_body(rng, 6) + "\n-----END " + label + "-----"


@generator("pem-public-b64")
def _pem_public_b64(rng: random.Random, arg: str) -> str:
    return base64.b64encode((_pem_public(rng, arg or "CERTIFICATE") + "\n").encode()).decode()


@generator("bedrock-long")
def _bedrock_long(rng: random.Random, arg: str) -> str:
    """Body of a long-term Bedrock API key: base64 of BedrockAPIKey-<id>-at-<account>:<secret>."""
    inner = (f"BedrockAPIKey-{rand(rng, ALPHABETS['alnumlower'], 4)}-at-"
             f"{rand(rng, ALPHABETS['digits'], 12)}:{rand(rng, ALPHABETS['b64'], 40)}")
    return base64.b64encode(inner.encode()).decode()


@generator("bedrock-short")
def _bedrock_short(rng: random.Random, arg: str) -> str:
    """Body of a short-term Bedrock API key: base64 of a pre-signed bedrock URL."""
    inner = ("bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
             f"&X-Amz-Credential=ASIA{rand(rng, ALPHABETS['b32'], 16)}%2F20250101%2Fus-east-1"
             f"%2Fbedrock%2Faws4_request&X-Amz-Security-Token={rand(rng, ALPHABETS['b64'], 200)}"
             f"&X-Amz-Signature={rand(rng, ALPHABETS['hex'], 64)}&Version=1")
    return base64.b64encode(inner.encode()).decode()


@generator("ocitoken")
def _ocitoken(rng: random.Random, arg: str) -> str:
    """An Oracle Cloud auth token: 20 characters of letters, digits and punctuation."""
    return rng.choice(string.ascii_letters) + rand(rng, ALPHABETS["alnum"] + "+-:;.#()<>", 19)


@generator("b64pw")
def _b64pw(rng: random.Random, arg: str) -> str:
    """base64 of a strong password (npm ``_password``)."""
    return base64.b64encode(_password(rng, arg or "16").encode()).decode()


@generator("grafana-key")
def _grafana_key(rng: random.Random, arg: str) -> str:
    """A legacy Grafana API key: base64 of {"k": <32 alnum>, "n": <name>, "id": <n>}."""
    obj = {"k": rand(rng, ALPHABETS["alnum"], 32), "n": rng.choice(WORDS), "id": rng.randint(1, 99)}
    return base64.b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode()


@generator("twitter-bearer")
def _twitter_bearer(rng: random.Random, arg: str) -> str:
    """An X (Twitter) app bearer token: a run of A, then URL-encoded random material."""
    return "A" * 22 + rand(rng, ALPHABETS["alnum"], 24) + "%3D" + rand(rng, ALPHABETS["alnum"], 60)


__all__ = ["ALPHABETS", "ExampleError", "GENERATORS", "expand", "expand_all", "generator"]

from scanner.rules import examples_more as _more  # noqa: E402,F401  (registers more generators)
from scanner.rules import examples_realcode as _realcode  # noqa: E402,F401  (registers its generators)
