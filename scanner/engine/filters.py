"""False-positive control: cheap checks that turn a pattern match into "not a secret".

Each filter answers ``why not`` (a short reason) or ``None``. Rules choose which filters
apply (provider tokens with checksums need few; generic assignments need all). The word
lists are data, in ``scanner/rules/filters.toml``.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable

from scanner.engine.entropy import shannon
from scanner.engine.names import deny_name, name_tokens, secretish_name
from scanner.engine.wordlists import lists
from scanner.engine.wordshape import alpha_runs, wordlike

_HEX = frozenset(string.hexdigits)
_WORDCHARS = frozenset(string.ascii_letters + string.digits)


@functools.lru_cache(maxsize=4096)
def _random_looking(s: str) -> bool:
    """Mixed case, digits and high entropy: machine-generated, not a path or a word."""
    return (len(s) >= 12 and any(c.isupper() for c in s) and any(c.islower() for c in s)
            and any(c.isdigit() for c in s) and shannon(s) >= 3.5)


def _words(text: str) -> set[str]:
    """Lower-case alphanumeric words of a line, splitting snake_case and kebab-case."""
    out: set[str] = set()
    cur: list[str] = []
    for ch in text.lower():
        if ch in _WORDCHARS:
            cur.append(ch)
        elif cur:
            out.add("".join(cur))
            cur = []
    if cur:
        out.add("".join(cur))
    return out


_HOME_ROW = frozenset("asdfghjkl")


def keyboard_mash(secret: str) -> bool:
    """Four in five letters from the home row, with a run of five or more of them
    (``lsdkfol23``, ``askfjh234as9sd8``): what people type when a docstring or fixture needs
    some token. Random letters fall there a third of the time; a random 16-character value
    passes both tests about once in a thousand. Hex is never judged (a, d and f are home-row)."""
    low = secret.lower()
    if len(low) > 40 or all(c in _HEX for c in low):
        return False
    letters = [c for c in low if "a" <= c <= "z"]
    if len(letters) < 6 or len(set(letters)) < 4 or not any(c.isdigit() for c in low):
        return False  # mash types digits too (sdlfkj452); letters alone may be a chosen word
    if sum(c in _HOME_ROW for c in letters) * 5 < len(letters) * 4:
        return False
    run = best = 0
    for c in low:
        run = run + 1 if c in _HOME_ROW else 0
        best = max(best, run)
    return best >= 5


def published_example(secret: str) -> bool:
    """A value a standard prints as its example (RFC 6749's access token and the like)."""
    import hashlib

    pub = lists().published
    return bool(pub) and hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()[:16] in pub


def _format_string(s: str) -> bool:
    """``%s/%s/aws4_request``, ``?username=%s&password=%s``: printf-style slots in text that
    is otherwise plain (a random key's ``%s`` among ``!@*(`` is chance, not a slot)."""
    rest, slots, i = [], 0, 0
    while i < len(s):
        if s[i] == "%" and s[i + 1:i + 2] in ("s", "d"):
            slots, i = slots + 1, i + 2
            continue
        if s[i] == "%" and s[i + 1:i + 2] == "(":
            end = s.find(")", i)
            if end > i and s[i + 2:end].replace("_", "").isalnum() and s[end + 1:end + 2] in (
                    "s", "d", "r"):
                slots, i = slots + 1, end + 2
                continue
        rest.append(s[i])
        i += 1
    plain = "".join(rest)
    return slots >= 1 and all(c.isalnum() or c in "/._?&=:-# " for c in plain) and not (
        _random_looking(plain))


def _jetty_obf(s: str) -> str | None:
    """Jetty's ``OBF:`` password obfuscation undone (it is an encoding, not encryption)."""
    if not s.startswith("OBF:") or (len(s) - 4) % 4:
        return None
    out = []
    for i in range(4, len(s), 4):
        try:
            n = int(s[i:i + 4], 36)
        except ValueError:
            return None
        out.append(chr(((n // 256) + (n % 256) - 254) // 2 % 256))
    return "".join(out)


def _alnum_only(s: str) -> str:
    return "".join(c for c in s if c.isalnum())


def _spells_name(low: str, name_low: str) -> bool:
    """The value's letters and digits, at least 8 of them, are a run of its name's."""
    v = _alnum_only(low)
    return len(v) >= 8 and v in _alnum_only(name_low)


def _port_protocol(low: str) -> bool:
    port, sep, proto = low.partition("/")
    return bool(sep) and port.isdigit() and len(port) <= 5 and proto in (
        "tcp", "udp", "sctp", "ddp", "dccp")


def placeholder(secret: str, line: str, name: str | None) -> str | None:
    low = secret.lower()
    L = lists()
    if low in L.ph_exact or low.strip("'\"`") in L.ph_exact:
        return "placeholder value"
    if public_default(low):
        return "publicly known default password"
    if "XXXXXX" in secret or "\u2022\u2022" in secret:
        return "redacted"
    if _same_as_user(secret, line):
        return "value equal to the user name"
    if any(m in low for m in L.template_markers):
        return "template or interpolation"
    if _substitution(secret) or _wrapped_name(secret, L.wrappers):
        return "template or interpolation"
    at = line.find(secret)
    if at > 0 and line.count("{{", 0, at) > line.count("}}", 0, at):
        return "inside a {{ template }} expression"
    nxt = line[at + len(secret):at + len(secret) + 2] if at >= 0 else ""
    if (nxt.startswith("{") or nxt == "${") and len(secret) < 24:
        return "prefix of an interpolated string (f\"...{x}\", `...${x}`)"
    if _cut_interpolation(secret):
        return "interpolation ({call(...)} cut by the pattern)"
    if low.startswith(L.public_prefixes):
        return "public by design"
    if "..." in secret or "\u2026" in secret:
        return "truncated example"
    if _interpolation(secret):
        return "interpolation ({name}, {obj.attr}, {call()})"
    # leetspeak is undone in words people typed, not in hex (digests, keys): there the digits
    # are data, and "7bd" or "70d0" would read as placeholder words (tbd, todo); after undoing
    # it a short marker must be a whole word (``t0d0``, ``f4k3``)
    plain = low if len(low) >= 16 and all(c in _HEX for c in low) else low.translate(_LEET)
    if plain != low and (plain in L.ph_exact
                         or _has_marker(plain, L.ph_contains, True, secret)):
        return "placeholder (leetspeak)"
    if any(w in plain for w in L.self_naming):
        return "value names a secret"
    if low.startswith("<") and low.endswith(">"):
        return "placeholder <...>"
    if _has_marker(low, L.ph_contains, _random_looking(secret), secret):
        return "placeholder word"
    if _mostly_sequence(secret):
        return "typed sequences (abcd, 1234, a1b2) make up most of the value"
    if _format_string(secret):
        return "a format string (%s, %d, %(name)s)"
    jetty = _jetty_obf(secret)
    if jetty is not None and (jetty.lower() in L.ph_exact or public_default(jetty.lower())):
        return "a Jetty OBF: string of a publicly known default"
    if keyboard_mash(secret):
        return "keyboard mash (asdfjkl, sdlfkj452): a throw-away value typed on the home row"
    if name and low.replace("-", "_") in (name.lower(), name.lower().replace("-", "_")):
        return "value repeats its name"
    if name and "." in secret and secret.rsplit(".", 1)[1] == name.strip("\"'`") and (
            secret.rsplit(".", 1)[0].replace(".", "").replace("_", "").isalnum()):
        return "an attribute of the same name (Ed25519PrivateKey = ed25519.Ed25519PrivateKey)"
    if name and _spells_name(low, name.lower()):
        return "value spells its name (#define SN_id_x_KeyMeshing \"id-x-KeyMeshing\")"
    if _port_protocol(low):
        return "port and protocol (/etc/services: kpasswd 464/tcp)"
    if len(set(low)) <= 2:
        return "repeated characters"
    decoded = _base64_text(secret)
    if decoded is not None and decoded != secret and placeholder(decoded, line, name):
        return "placeholder, base64-encoded (a Kubernetes Secret's data)"
    return None


def _base64_text(secret: str) -> str | None:
    """The text a padded base64 value encodes (``Y2hhbmdlbWU=``), if it is short printable
    ASCII; None for anything else (random bytes, most real secrets)."""
    if not (8 <= len(secret) <= 88 and len(secret) % 4 == 0 and secret.endswith("=")):
        return None
    import base64
    import binascii

    try:
        raw = base64.b64decode(secret, validate=True)
    except (binascii.Error, ValueError):
        return None
    if not raw or not all(32 <= b < 127 for b in raw):
        return None
    return raw.decode("ascii")


#: Digit tails people append to a default word (admin123, test1234, welcome2024!).
_SEQ_TAILS = ("1", "12", "123", "1234", "12345", "123456", "01", "007", "1!", "123!")


def public_default(low: str) -> bool:
    """``password1``, ``Test1234!``, ``admin123``, ``changeme2``: a default or tutorial
    password from the public word list (``[placeholder] defaults``) with an optional
    counting-digit or year tail and a trailing ``!``. Not a secret anyone chose."""
    core = low.rstrip("!.#*?")
    if core in lists().ph_exact:
        return True
    stem = core.rstrip("0123456789")
    tail = core[len(stem):]
    year = len(tail) == 4 and tail[:2] in ("19", "20")
    if not stem or not (not tail or tail in _SEQ_TAILS or year or len(set(tail)) == 1):
        return False
    plain = stem.translate(_LEET).rstrip("_-@.")
    d = lists().ph_defaults
    return stem in d or plain in d or plain in lists().ph_exact


def _same_as_user(secret: str, line: str) -> bool:
    """``user: "grafana", password: "grafana"``: the value also is the line's user name."""
    if line.count(secret) < 2:
        return False
    low = line.lower()
    return any(w in low for w in ("user", "login", "uid", "name"))


_B64_CHARS = frozenset(string.ascii_letters + string.digits + "+/=")
_LEET = str.maketrans("$3@0415!7", "seaoiasit")
_IDENT = frozenset(string.ascii_letters + string.digits + "_.-:")


def _substitution(s: str) -> bool:
    """``$(VAR)``, ``%(name)s``, ``$(shell cmd)`` style substitutions."""
    for opener in ("$(", "%("):
        i = s.find(opener)
        while i != -1:
            j = s.find(")", i + 2)
            if j > i + 2 and all(c in _IDENT or c == " " for c in s[i + 2:j]):
                return True
            i = s.find(opener, i + 1)
    return False


_WRAP_CHARS = "_@%$<>{}[]#"


def _wordy(part: str) -> bool:
    """Most of ``part`` is alphabetic words of three letters or more (camel/snake case)."""
    words = [t for t in name_tokens(part) if t.isalpha() and len(t) >= 3]
    return sum(len(w) for w in words) * 2 >= len(part)


def _interpolation(s: str) -> bool:
    """f-strings and format templates: ``{name}``, ``{cfg.db_password}``, ``{F.token(3)}``."""
    i = s.find("{")
    while i != -1:
        j = s.find("}", i + 1)
        if j == -1:
            return False
        inner = s[i + 1:j]
        if inner and (inner[0].isalpha() or inner[0] == "_") and all(
            c in _IDENT or c in "()[]'\" ,!:" for c in inner
        ):
            return True
        i = s.find("{", j)
    return False


def _cut_interpolation(s: str) -> bool:
    """``{rp.leak(rp.gen_pw(16)``: an f-string / template field whose end the pattern cut."""
    if s[:1] != "{" or "}" in s:
        return False
    head = s[1:].split("(", 1)[0]
    return bool(head) and all(p.isidentifier() for p in head.split(".")) and (
        "(" in s or "." in head)


def _wrapped_name(s: str, wrappers: tuple[str, ...]) -> bool:
    """``__DB_PASSWORD__``, ``@@DB_PASS@@``, ``%DB_PASS%``: a name in wrapper characters."""
    if not s or s[0] not in _WRAP_CHARS or s[-1] not in _WRAP_CHARS:
        return False
    if not any(s.startswith(w) for w in wrappers):
        return False
    inner = s.strip(_WRAP_CHARS)
    return bool(inner) and all(c in _IDENT for c in inner) and any(c.isalpha() for c in inner)


def _alpha_runs(low: str) -> set[str]:
    from scanner.engine.wordshape import alpha_runs

    return set(alpha_runs(low))


def _counts(between: str) -> bool:
    """The characters between a short interleaved run's also count on or repeat (``a1b2c3``,
    ``x0y0z0``); in ``lumen`` (l-m-n every other letter) they do not: a word, not a pattern.
    Four or more counting steps (``A5b1C3d2``) are a pattern whatever lies between."""
    steps = {_step(a, b) for a, b in zip(between, between[1:], strict=False)}
    return 2 not in steps and len(steps) <= 1


def _step(a: str, b: str) -> int:
    """+1 / -1 when ``b`` counts on from ``a`` (letters, or digits wrapping 9-0), 0 when
    they are equal, and 2 otherwise."""
    if a == b:
        return 0
    if a.isdigit() and b.isdigit():
        d = (ord(b) - ord(a)) % 10
        return 1 if d == 1 else -1 if d == 9 else 2
    if "a" <= a <= "z" and "a" <= b <= "z":
        d = ord(b) - ord(a)
        return d if d in (1, -1) else 2
    return 2


@functools.lru_cache(maxsize=4096)
def sequence_mask(low: str) -> tuple[bool, ...]:
    """Which characters of ``low`` belong to a sequence-like run: counting (``abcd``,
    ``1234``, ``9876``) or repeated (``0000``) runs of four or more, and interleaved
    counting (``a1b2c3``: every other character counts on, three or more times)."""
    n = len(low)
    mask = [False] * n
    for stride, least in ((1, 4), (2, 3)):
        for start in range(stride):
            i = start
            while i < n:
                j, d = i, None
                while j + stride < n:
                    st = _step(low[j], low[j + stride])
                    if st == 2 or (d is not None and st != d) or (stride == 2 and st == 0):
                        break
                    d = st
                    j += stride
                run = (j - i) // stride + 1
                if run >= least and (stride == 1 or run >= 4 or _counts(low[i + 1:j:2])):
                    for k in range(i, j + 1, stride):
                        mask[k] = True
                    if stride == 2:  # the characters between belong to the pattern too
                        for k in range(i + 1, j, stride):
                            mask[k] = True
                i = j + stride if j > i else i + stride
    return tuple(mask)


#: Random characters outside sequence-like runs that make a value a real token with a
#: counting run in it by chance or on purpose, not a placeholder (``<24 random>12345678``).
RANDOM_REMAINDER = 16


@functools.lru_cache(maxsize=4096)
def random_remainder(secret: str) -> bool:
    """True when ``secret`` keeps a random-looking stretch of at least
    :data:`RANDOM_REMAINDER` characters once its sequence-like runs are taken out."""
    if len(secret) < RANDOM_REMAINDER:
        return False
    mask = sequence_mask(secret.lower())
    best: list[str] = []
    cur: list[str] = []
    for ch, seq in zip(secret, mask, strict=False):
        if seq or not (ch.isalnum() or ch in "+/"):
            if len(cur) > len(best):
                best = cur
            cur = []
        else:
            cur.append(ch)
    if len(cur) > len(best):
        best = cur
    chunk = "".join(best)
    if len(chunk) >= RANDOM_REMAINDER and _classes(chunk) >= 2 and shannon(chunk) >= 3.6 \
            and not wordlike(chunk):
        return True
    # or, across separators (token_part-part), a longer rest with every character class
    rest = "".join(ch for ch, seq in zip(secret, mask, strict=False) if not seq and ch.isalnum())
    return (len(rest) >= RANDOM_REMAINDER + 4 and _classes(rest) == 3
            and shannon(rest) >= 4.0 and not wordlike(rest))


def _classes(s: str) -> int:
    return sum((any(c.islower() for c in s), any(c.isupper() for c in s),
                any(c.isdigit() for c in s)))


def _mostly_sequence(secret: str) -> bool:
    """A short value (12-19 characters) that is half or more sequence-like runs, with no
    random stretch left: ``abcdefg12346+FJQCK`` is typed, not generated. Longer values are
    left to the markers (a generated 32-character key holds runs by chance)."""
    if not 12 <= len(secret) < 20:
        return False
    covered = sum(sequence_mask(secret.lower()))
    return covered >= 8 and covered * 2 >= len(secret) and not random_remainder(secret)


def _sequence_marker(m: str) -> bool:
    """A marker made only of sequence-like runs (``abcdefgh``, ``12345678``, ``a1b2c3``)."""
    core = m.strip("_-<*./")
    return len(set(core)) >= 3 and sum(sequence_mask(core)) >= len(core) - 2


def _has_marker(low: str, markers: tuple[str, ...], random_looking: bool,
                secret: str | None = None) -> bool:
    """Long markers match anywhere; short ones (which random tokens contain by chance,
    e.g. 'tbd' or 'fake') only in values that do not look random, or as a whole word.
    A sequence-like marker (``12345678``) does not make a placeholder of a value that keeps
    a long random stretch outside its sequence runs (``secret``: the value as written)."""
    runs: set[str] | None = None
    for m in markers:
        if m not in low:
            continue
        if secret is not None and _sequence_marker(m) and random_remainder(secret):
            continue
        if len(m) >= 6 or not random_looking:
            return True
        if runs is None:
            runs = _alpha_runs(low)
        if m.strip("_-<*./") in runs:
            return True
    return False


def reference(secret: str, line: str, name: str | None) -> str | None:
    low = secret.lower()
    L = lists()
    if low.startswith(L.ref_prefixes):
        return "reference or expression"
    if _said_public(secret, line):
        return "the line's comment says the value is public"
    if secret[:1] in L.ref_sigils:
        rest = secret[1:].strip("{}()")
        if rest and all(c in _IDENT for c in rest) and not _random_looking(rest) and (
            rest.isupper() or rest.islower() or not any(c.isdigit() for c in rest)
        ):
            return "reference ($VAR, *alias, @Value)"
    # A dotted identifier path (config.db.password, x25519.X25519PrivateKey) is code; a
    # dotted token (ya29.<random>) is not: every part must be short or made of words.
    if "." in secret and all(p.isidentifier() and (len(p) <= 6 or _wordy(p))
                             for p in secret.split(".")):
        return "dotted identifier"
    if call_shape(secret):
        return "function call"
    if _type_expression(secret):
        return "a type expression (list[V1LocalObjectReference], dict(str, str))"
    if _dotted_reference(secret, line):
        return "an attribute reference (advapi32.CryptGenKey)"
    parts = secret.split(".")
    if len(parts) >= 3 and all(p.isidentifier() and len(p) <= 40 for p in parts) and (
            parts[0].islower()):
        return "dotted module path (rust_openssl.hpke.X25519PrivateKey)"
    if _random_looking(secret) or (len(secret) >= 20 and shannon(secret) >= 4.2):
        return None  # machine-generated: symbols in it are not syntax
    if low.endswith((")", "()", "]")) or "()" in low:
        return "function call"
    return None


_PUBLIC_SAYINGS = ("public", "publishable", "not a secret", "not secret", "safe to commit",
                   "safe to expose", "safe to share", "client-side", "no secret")


def _said_public(secret: str, line: str) -> bool:
    """``APP_KEY = "..."  # public: PKCE flow, no app secret``: the author's comment after the
    value says what it is. Only comments after the value count, and a comment that also
    says private, leaked or rotate does not."""
    at = line.find(secret)
    if at < 0:
        return False
    rest = line[at + len(secret):]
    cut = min((i for i in (rest.find(" #"), rest.find("//"), rest.find("<!--"), rest.find(" --"))
               if i >= 0), default=-1)
    if cut < 0:
        return False
    comment = rest[cut:].lower()
    return any(w in comment for w in _PUBLIC_SAYINGS) and not any(
        w in comment for w in ("private", "leak", "rotate", "revoke", "real", "prod"))


def call_shape(s: str) -> bool:
    """``base64.b16encode(random_bytes[8:])``, ``self._prompt_for_password(url)``,
    ``getpass()``: a (dotted) identifier followed by an argument list is code."""
    i = s.find("(")
    if i <= 0 or ")" not in s[i:]:
        return False
    head = s[:i].lstrip("!&*@$")
    parts = head.split(".")
    # after the call only a chain may follow (``.decode()``, ``[0]``), not more symbols:
    # ``@m4y(zNUL&g5...)*6zpb%D&3+T`` is a generated key that happens to hold parentheses
    tail = s[s.rfind(")") + 1:]
    return all(p.isidentifier() for p in parts) and (len(head) <= 40) and all(
        c in _IDENT or c in "()[]'\"" for c in tail)


def line_reference(line_low: str) -> bool:
    return any(m in line_low for m in lists().ref_line_markers)


def hash_like(secret: str, line: str, name: str | None) -> str | None:
    """Digests and identifiers: hex strings, UUIDs, values on lines about hashes/IDs."""
    s = secret
    if len(s) == 36 and s.count("-") == 4 and all(c in _HEX for c in s.replace("-", "")):
        if not (name and secretish_name(name)):
            return "UUID"
        return None
    all_hex = all(c in _HEX for c in s)
    if all_hex and len(s) in (40, 64, 128) and not (name and secretish_name(name)):
        return "hex digest"
    if all_hex and len(s) == 40 and name and _package_name(name):
        return "commit SHA pinned under a package name"
    if all_hex and len(s) in (40, 64) and name and _revision_name(name):
        return "commit SHA under a revision name (secretsRevision, token_commit)"
    low_line = line.lower()
    L = lists()
    words = _words(low_line)
    if (words & L.hash_line_markers or any(p in low_line for p in L.hash_line_phrases)
            or any(p in low_line for p in ("hash", "digest", "checksum", "integrity"))) and (
        not name or not secretish_name(name) or all_hex
    ):
        return "digest or identifier context"
    return None


def _revision_name(name: str) -> bool:
    """``secretsRevision``, ``vault_token_sha``, ``secret-ref-commit``: the name's last word says
    the value is a version-control revision, whatever secret word comes before it."""
    toks = name_tokens(name.strip("\"'`"))
    return bool(toks) and toks[-1].lower() in ("revision", "rev", "commit", "sha", "sha1",
                                                "sha256", "ref")


def _package_name(name: str) -> bool:
    """``detect-secrets``, ``@octokit/auth-token``, ``passport-jwt``: a dependency, named in
    kebab case or with a scope, whose secret word is a tool's name."""
    n = name.strip("\"'`")
    return ("/" in n or "@" in n or ("-" in n and "_" not in n and n.islower())) and not n.endswith(
        ("-key", "-token", "-secret", "-password"))


def password_hash(secret: str, line: str, name: str | None) -> str | None:
    low = secret.lower()
    if low.startswith(lists().pw_hash_prefixes):
        return "password hash"
    if len(low) == 35 and low.startswith("md5") and all(c in _HEX for c in low[3:]):
        return "password hash (PostgreSQL md5: 'md5' and the hex digest of password and user)"
    return None


def encoded(secret: str, line: str, name: str | None) -> str | None:
    low_line = line.lower()
    low = secret.lower()
    # two bytes of session-key length (0x0100 / 0x0200: a 2048- or 4096-bit controller
    # key; base64 "AQ"/"Ag" and a third character from the next byte's top bits), then the
    # wrapped key and the ciphertext
    if len(secret) > 300 and secret[:2] in ("Ag", "AQ") and secret[2] in "ABCD" and all(
        c in _B64_CHARS for c in secret
    ):
        return "encrypted (Bitnami SealedSecret)"
    if len(secret) > 16 and secret[0] == "{" and secret[-1] == "}" and all(
        c in _B64_CHARS for c in secret[1:-1]
    ):
        return "encrypted ({base64}: Maven, Jenkins)"
    if _enc_string(secret):
        return "encrypted (Bitwarden cipher string: type.iv|data|mac)"
    if any(m in low_line or m in low for m in lists().encoded_markers):
        return "encrypted, public or inline media"
    return None


def _enc_string(s: str) -> bool:
    """``2.<iv>|<ciphertext>|<mac>``: Bitwarden's encrypted-string format (a one-digit type,
    then two or three base64 parts), what its exports and vaults hold instead of a value."""
    if len(s) < 40 or not (s[:1].isdigit() and s[1:2] == "."):
        return False
    parts = s[2:].split("|")
    return len(parts) in (2, 3) and all(len(p) >= 16 and all(c in _B64_CHARS for c in p)
                                        for p in parts)


def example_host(secret: str, line: str, name: str | None) -> str | None:
    """user:password@example.com: documentation (RFC 2606 reserved names)."""
    i = line.find(secret + "@")
    if i == -1:
        return None
    host = line[i + len(secret) + 1:i + len(secret) + 40].lower()
    if host.startswith(("example.", "www.example.")) or ".example." in host.split("/", 1)[0]:
        return "example host"
    return None


def _path_segment(s: str, line: str) -> bool:
    """``tools/travis-ci/knownfailures-Ubuntu12.04.txt``: a directory or file name made of
    words, between a slash and a slash or an extension."""
    at = line.find(s)
    if at <= 0 or line[at - 1] != "/" or line[at + len(s):at + len(s) + 1] not in ("/", "."):
        return False
    runs = [r for r in "".join(c if c.isalpha() else " " for c in s).split() if len(r) >= 3]
    if not runs or max(map(len, runs)) < 5:
        return False
    worded = sum(len(r) for r in runs if wordlike(r.lower()))
    return worded * 5 >= sum(map(len, runs)) * 3  # names (Ubuntu, ASan) need not be words


def _url_slug(s: str, line: str) -> bool:
    """``https://zen.example/media/id/.../vot-eto-focus-dedy-morozy``: a page's slug in a URL
    path, three or more letter words joined by hyphens."""
    at = line.find(s)
    if at <= 0 or line[at - 1] != "/" or "://" not in line[:at]:
        return False
    parts = s.split("-")
    return (len(parts) >= 4 and sum(p.isalpha() and p.islower() for p in parts) >= 3
            and all(p.isalnum() and (p.islower() or p.isdigit()) for p in parts)
            and all(len(p) <= 16 for p in parts if p.isalpha()))


def path_like(secret: str, line: str, name: str | None) -> str | None:
    s = secret
    if _path_segment(s, line):
        return "a path segment made of words"
    if _url_slug(s, line):
        return "a page slug in a URL path"
    if s.startswith(("/", "./", "../", "~/", "\\\\", "c:\\", "C:\\")) and not _random_looking(s):
        return "path"
    if "://" in s and "@" not in s:
        return "URL without credentials"
    if s.count("/") >= 2 and s.replace("/", "").replace("-", "").replace("_", "").replace(
        ".", ""
    ).isalnum() and any(s.endswith(ext) for ext in (".json", ".pem", ".key", ".txt", ".yaml",
                                                     ".yml", ".crt", ".p12", ".env")):
        return "path"
    if not (name and _password_name(name)):
        if _word_path(s):
            return "a path of lower-case words (a key path, a model or corpus name)"
        if _named_file(s):
            return "file name"
    if "." in s and s.rsplit(".", 1)[-1].lower() in ("json", "pem", "key", "txt", "yaml",
                                                     "yml", "crt", "p12", "pfx", "jks", "env",
                                                     "cfg", "conf", "ini", "html", "js", "py"):
        return "file name"
    return None


def _word_path(s: str) -> bool:
    """``jax/process_id/``, ``corelli/opus3no1/1grave.xml``, ``dbmdz/bert-large-cased``: two
    or more ``/``-separated lower-case segments, mostly letters, one a word of four or
    more letters. Random values mix cases; lower-case ones (hex, base32) hold no ``/``."""
    parts = s.strip("/").split("/")
    if len(parts) < 2 or not all(p and p[0].isalnum() for p in parts):
        return False
    if not all(c.islower() or c.isdigit() or c in "._-" for c in s.replace("/", "")):
        return False
    letters = sum(c.isalpha() for c in s)
    return letters >= 0.6 * len(s.replace("/", "")) and any(
        len(r) >= 4 and wordlike(r) for r in alpha_runs(s))


def _named_file(s: str) -> bool:
    """``CATMaterialRef.3dxml``, ``settings.toml``: a name made of words and a short
    lower-case extension."""
    stem, dot, ext = s.rpartition(".")
    if not dot or not stem or not (2 <= len(ext) <= 5 and ext.isalnum() and ext.islower()
                                   and any(c.isalpha() for c in ext)):
        return False
    return _identifier_like(stem) or (stem.isalpha() and len(stem) >= 4
                                      and wordlike(stem.lower()))


def _namespaced_words(s: str) -> bool:
    """Parts joined by ``:`` or ``/`` (a namespace, a key path), every one made of words or
    short abbreviations: ``gp:relative_params``, ``io.modelcontextprotocol/protocolVersion``."""
    if ":" not in s and "/" not in s:
        return False
    parts = [p for p in s.replace(":", "/").replace(".", "/").split("/") if p]
    if len(parts) < 2:
        return False
    in_words = total = 0
    for p in parts:
        for t in name_tokens(p):
            letters = sum(c.isalpha() for c in t)
            total += letters
            if t.isdigit() or len(t) <= 3:
                continue  # an abbreviation (gp, cv, id) or a number
            if not (t.isalpha() and wordlike(t.lower())):
                return False
            in_words += letters
    return in_words >= 6 and in_words >= 0.7 * total


def _scoped_package(s: str) -> bool:
    """``@jupyterlab/vega5-extension``: an npm package name with its scope."""
    scope, slash, pkg = s[1:].partition("/")
    ok = set(string.ascii_lowercase + string.digits + "._-")
    return (s[:1] == "@" and bool(slash) and bool(scope) and bool(pkg) and scope[0].isalnum()
            and pkg[0].isalnum() and set(scope) <= ok and set(pkg) <= ok)


def words(secret: str, line: str, name: str | None) -> str | None:
    """Identifiers and prose: lower-case words joined by _ or -, CamelCase names."""
    s = secret
    if s.rstrip("!?").isalpha() and s[0].isupper() and s != s.rstrip("!?"):
        return "type name (GraphQL String!, Swift String?)"
    if s[:1] == "_" and len(s) > 2 and s.lstrip("_").isalnum() and s.lstrip("_")[0].isupper() and (
            _identifier_like(s.lstrip("_")) or s.lstrip("_").isalpha()):
        return "private type name (_RSAPrivateKey)"
    bare = s.lstrip("_")
    if s[:1] == "_" and len(s) > 6 and _identifier_like(bare) and bare[:1].islower():
        return "private member name (_labelChange)"
    if _scoped_package(s):
        return "package name (@scope/name)"
    core = s.replace("_", "").replace("-", "").replace(".", "").replace(" ", "")
    if core == s and s.isalpha() and 6 <= len(s) <= 64 and not wordlike(s):
        return None  # letters no word or identifier is made of: chosen or random, a secret
    if _upper_constant(s):
        return "constant name (UPPER_SNAKE)"
    if "|" in s and all(p and (p.split(":", 1)[0].replace("_", "").isalpha())
                        for p in s.split("|")):
        return "validation rules (required|confirmed|min:8)"
    if _version_range(s):
        return "version or version range"
    if _api_version(s.lower()):
        return "API version (v1alpha1, v2beta3)"
    if _host_list(s):
        return "addresses and networks (192.168.0.0/24,127.0.0.1,localhost)"
    if core.isalpha():
        if any(ord(c) > 127 for c in core):
            return "natural-language word"
        if s.islower() or s.isupper():
            return "identifier or word"
        if s[0].isupper() and s[1:].islower():
            return "capitalised word"
        # CamelCase identifiers such as DatabasePasswordField; a long run of mixed-case
        # letters no word is made of (b_ByDfQxkPzr...) is a token, not a name
        named = len(core) < 20 or wordlike(core.lower())
        if sum(1 for c in s if c.isupper()) >= 2 and s[0].isupper() and "_" not in s and named:
            return "identifier (CamelCase)"
        if s[0].islower() and any(c.isupper() for c in s) and len(s) > 12 and named:
            return "identifier (camelCase)"
    if " " in s.strip():
        return "contains spaces"
    if _namespaced_words(s) and not (name and _password_name(name)):
        return "namespaced identifier (gp:relative_params, orbax/device_ids/)"
    if _slug(s) and not (name and _password_name(name) and _chosen_slug(s)):
        return "slug (words and a short number)"
    if _identifier_like(s):
        return "identifier (camelCase / PascalCase)"
    if any(c.isdigit() for c in s) and all(c in "0123456789.-:+ " for c in s) and "." in s:
        return "version or number"
    if len(s) >= 10 and s[:4].isdigit() and s[4] in "-/" and s[5:7].isdigit():
        return "date or timestamp"
    parts = [p for p in _split_nonalnum(s) if p]
    if len(parts) >= 2 and all(p.isalpha() and len(p) >= 3 for p in parts):
        return "list of words"
    at = s.find("@")
    if 0 < at == s.rfind("@") and "." in s[at:] and s[at + 1:].replace(".", "").replace(
        "-", ""
    ).isalnum() and s[at + 1:].rsplit(".", 1)[-1].isalpha():
        return "e-mail address"
    return None


def _upper_constant(s: str) -> bool:
    """``ECC_NIST_P521``, ``AES_256_GCM``, ``TOKEN_EXPIRED``: enum and constant names."""
    if "_" not in s or not s.replace("_", "").isalnum() or s.upper() != s:
        return False
    parts = [p for p in s.split("_") if p]
    alpha = sum(len(p) for p in parts if p.isalpha())
    return len(parts) >= 2 and alpha * 2 >= len(s.replace("_", "")) and all(
        len(p) <= 12 for p in parts)


def _host_list(s: str) -> bool:
    parts = [p.strip() for p in s.split(",")]
    if len(parts) < 2:
        return False
    for p in parts:
        addr = p.split("/", 1)[0]
        dotted = addr.split(".")
        if not p or not (all(x.isdigit() for x in dotted) and len(dotted) == 4
                         or (len(dotted) >= 2 and all(x.isalpha() for x in dotted))
                         or addr == "localhost" or ":" in addr and all(
                             c in "0123456789abcdefABCDEF:" for c in addr)):
            return False
    return True


def _api_version(low: str) -> bool:
    if not low.startswith("v") or not low[1:2].isdigit():
        return False
    rest = low[1:].lstrip("0123456789")
    for tag in ("alpha", "beta", "rc", ""):
        tail = rest[len(tag):]
        if rest.startswith(tag) and (tail == "" or tail.isdigit()):
            return True
    return False


def _version_range(s: str) -> bool:
    """``^3.1.6``, ``~>2.0``, ``>=1.4,<2``, ``v1.2.3``: a dependency version, not a secret."""
    core = s.lstrip("^~=<>!v ").replace("~>", "")
    if not core or not core[0].isdigit():
        return False
    return all(c in "0123456789.xX*-+<>=,|^~ " or c.isalpha() for c in core) and (
        core.count(".") >= 1) and sum(c.isalpha() for c in core) <= 8 and sum(
        c.isdigit() for c in core) >= 2 and not any(
        len(t) > 8 for t in core.replace("-", ".").replace("+", ".").split("."))


def _split_nonalnum(s: str) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    for ch in s:
        if ch.isalnum():
            cur.append(ch)
        else:
            out.append("".join(cur))
            cur = []
    out.append("".join(cur))
    return out


def _slug(s: str) -> bool:
    """``us-east-1``, ``prod-db-2``, ``types-auth0-python``: lower-case words, short numbers."""
    parts = s.replace("_", "-").split("-")
    if len(parts) < 2 or not s.islower() and not s.isdigit():
        return False
    return all(p.isalpha() or (p.isdigit() and len(p) <= 4)
               or (p.isalnum() and sum(c.isdigit() for c in p) <= 2 and p[0].isalpha())
               for p in parts if p)


def _password_name(name: str) -> bool:
    """The assignment names a password (``db_password``, ``PGPASS``, ``ansible_become_pass``)."""
    low = name.lower()
    return any(w in low for w in ("pass", "pwd"))


def _chosen_slug(s: str) -> bool:
    """``<word>_<word>NN``, ``<word>-<word>NN``: words with digits typed onto one of them, as
    people choose passwords; ``prod-db2``, ``us-east1``, ``web01`` are made of the words of
    machine names (``[slugs] infra_words``) and stay slugs."""
    parts = [p for p in s.replace("_", "-").split("-") if p]
    glued = False
    infra = lists().slug_infra_words
    for p in parts:
        stem = p.rstrip("0123456789")
        if stem and stem != p and len(stem) >= 3 and len(p) - len(stem) <= 4:
            glued = True
    alpha = [p.rstrip("0123456789") for p in parts]
    return glued and not all(a in infra or not a for a in alpha)


def _identifier_like(s: str) -> bool:
    """``archiveRules``, ``PublicIpv4Pools``, ``SSECustomerKeyMD5``: words in camel case.

    Random tokens split into many one- or two-letter runs; identifiers into few long ones.
    """
    if len(s) < 6 or not s.isalnum() or not s[0].isalpha():
        return False
    if sum(c.isdigit() for c in s) > 2 or not any(c.isupper() for c in s):
        return False
    runs = name_tokens(s)
    short = sum(1 for r in runs if len(r) < 3 and not r.isdigit())
    if not (short <= 1 and len(runs) <= max(2, len(s) // 4)):
        return False
    # few long runs, but of letters no word is made of (ZNM45nhzq): random, not a name
    return wordlike(s) or wordlike("".join(c for c in s if c.isalpha()).lower())


def repetition(secret: str, line: str, name: str | None) -> str | None:
    if len(secret) >= 8 and len(set(secret)) < min(10, max(4, len(secret) // 6)):
        return "low character diversity"
    for seq in ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop"):
        if len(secret) >= 6 and secret.lower() in seq * 2:
            return "keyboard or alphabet sequence"
    return None


#: Character pairs of code and regular expressions that secrets do not hold: two distinct
#: ones make a value a cut of a minified bundle (``+String(w))}if(3!=n.biff&&m>=0``) or a
#: pattern (``(^|[^a-zA-Z0-9_.``), however high its entropy.
_CODE_TOKENS = (")(", "))", ")}", "){", "}(", "](", ")[", "&&", "||", "==", "!=", "=>", "(^",
                "[^", "|[", "(?:", "\\d", "\\w", "\\s", "),", "(0,")


def code(secret: str, line: str, name: str | None) -> str | None:
    """Values that are code: calls, type names, keyword literals, format strings."""
    low = secret.lower()
    if low in ("none", "null", "nil", "true", "false", "undefined", "nan", "self", "this"):
        return "keyword literal"
    if sum(t in secret for t in _CODE_TOKENS) >= 2:
        return "code (operators, calls, regular expression syntax)"
    if any(ch in secret for ch in ("(", ")", "{", "}", "[", "]", "<", ">", ";", "\\")) and not (
        _random_looking(secret) or (len(secret) >= 20 and shannon(secret) >= 4.2)
    ):
        return "code characters"
    if secret[:1] in "#." and len(secret) > 1 and all(c in _IDENT for c in secret[1:]) \
            and not (secret[0] == "#" and _after_password_key(line, secret)):
        return "CSS selector"
    if _struct_tag(secret, line):
        return "struct or protobuf tag"
    if call_shape(secret):
        return "function call"
    if name is not None and _listed_string(line, name, secret):
        return "item of a list of strings, not a key and its value"
    if name is not None and _prose_pass(line, name, secret):
        return "the verb 'pass' before a quoted word (prose)"
    if name is not None and _pass_macro(line, name, secret):
        return "a compiler pass registered by a macro (FUNCTION_PASS(\"name\", Class))"
    return None


def _pass_macro(line: str, name: str, secret: str) -> bool:
    """``FUNCTION_PASS("mergeicmps", MergeICmpsPass, ())``: an upper-case macro named for a
    *pass* (LLVM, GCC, MLIR), called with a quoted name and more arguments."""
    if not (name.isupper() and name.endswith("PASS") and not name.endswith("PASSWORDPASS")):
        return False
    i = line.find(name + "(")
    if i < 0:
        return False
    rest = line[i + len(name) + 1:].lstrip()
    return rest[:1] in "\"'" and rest[1:].startswith(secret + rest[0]) and rest[
        len(secret) + 2:].lstrip().startswith(",")


def _type_expression(s: str) -> bool:
    head, sep, rest = s.partition("[")
    if not sep:
        head, sep, rest = s.partition("(")
    if not sep or not rest.endswith(("]", ")")) or head.lower() not in (
            "list", "dict", "set", "tuple", "optional", "union", "sequence", "mapping",
            "iterable", "type", "array", "map", "vec", "option"):
        return False
    inner = rest[:-1]
    return bool(inner) and all(c.isalnum() or c in "_., []()" for c in inner)


def _dotted_reference(s: str, line: str) -> bool:
    """An unquoted ``module.Attribute`` on the right of ``=``: code, not a literal."""
    parts = s.split(".")
    if len(parts) < 2 or not all(p and (p[0].isalpha() or p[0] == "_") and p.replace(
            "_", "").isalnum() for p in parts):
        return False
    at = line.find(s)
    if at < 0 or line[at - 1:at] in ("'", '"', "`"):
        return False
    last = parts[-1]
    # CryptGenKey: capitalised words, two or more, never two capitals in a row
    camel = last[:1].isupper() and last.isalpha() and sum(map(str.isupper, last)) >= 2 and not any(
        a.isupper() and b.isupper() for a, b in zip(last, last[1:], strict=False))
    if s.startswith("eyJ") or not last.replace("_", "").isalpha():
        return False
    return len(parts) <= 6 and all(len(p) <= 40 for p in parts) and (
        camel or wordlike(last.lower()) or _identifier_like(last))


def _prose_pass(line: str, name: str, secret: str) -> bool:
    """``force the caller to pass "callback=" explicitly``, ``Please pass 'pyarrow'``: the bare
    word ``pass`` with only a space before the quote is the English verb, not a key (a key
    called ``pass`` takes ``=`` or ``:``)."""
    if name.lower() != "pass":
        return False
    low = line.lower()
    i = low.find("pass")
    while i >= 0:
        rest = low[i + 4:]
        after = rest.lstrip(" \t")
        if after[:1] in ("'", '"') and after[1:].startswith(secret.lower()) and (
                len(after) < len(rest)) and (i == 0 or not (low[i - 1].isalnum()
                                                           or low[i - 1] in "_-.")):
            return True
        i = low.find("pass", i + 4)
    return False


_PROTO_WIRE = ("bytes,", "varint,", "fixed32,", "fixed64,", "zigzag32,", "zigzag64,",
               "group,")


def _after_password_key(line: str, secret: str) -> bool:
    """A ``#``-value right after ``Password=`` in a connection string is a value, not an
    ``#id`` selector."""
    at = line.find(secret)
    return at > 0 and line[:at].rstrip().lower().endswith(("password=", "pwd=", "passwd="))


def _struct_tag(secret: str, line: str) -> bool:
    """``protobuf:"bytes,1,opt,name=secret_key"``, ``json:"token,omitempty"``: Go tags."""
    if secret.startswith(_PROTO_WIRE) and ",opt," in secret or ",req," in secret or (
            ",rep," in secret):
        return True
    return "`" in line and (secret.endswith((",omitempty", ",string", ",inline"))
                            or secret.startswith(("name=", "column:", "type:")))


def _listed_string(line: str, name: str, secret: str) -> bool:
    """``'gss_key', 'gss_keydata'``, ``{"ALMXHeader", "NSKeyValue"}``: the name is one item
    of a list of strings, the value the next item. A pair is the first items of a call or
    tuple (``("password", "s3kr1t")``, ``setdefault("token", "...")``); a name that is only
    the end of a string (``('User:Pass', 'host')``) is no key at all."""
    i = line.find(name)
    j = line.find(secret, i + len(name)) if i >= 0 else -1
    if i < 0 or j < 0:
        return False
    if line[max(0, i - 2):i] == "::" or line[max(0, i - 1):i] == "\\":
        return True  # AWS::ApiGateway::ApiKey, App\\Secret: a namespaced type name
    between = line[i + len(name):j].strip()
    if not between or between[0] not in "\"'`" or "," not in between or ":" in between or (
            "=" in between):
        return False
    before = line[:i].rstrip()
    q = before[-1:] if before else ""
    if q not in ("'", '"', "`"):
        return True
    prev = before[:-1].rstrip()
    if not prev:
        return line.rstrip().endswith(",")  # one item per line of a long list
    return prev.endswith(",") or line.count(",") >= 4 and not prev.endswith(("(", "["))


def status_badge(secret: str, line: str, name: str | None) -> str | None:
    """A value inside a status-badge URL (``...svg?circle-token=``, shields.io, Codacy's
    ``/project/badge/Grade/<id>``): a project ID or a read-only token the provider tells
    users to publish in their README."""
    at = line.find(secret)
    if at < 0:
        return None
    start = max(line.rfind("http://", 0, at), line.rfind("https://", 0, at))
    if start < 0:
        return None
    end = at + len(secret)
    while end < len(line) and not line[end].isspace() and line[end] not in "\"')<>":
        end += 1
    url = line[start:end].lower()
    if "badge" in url or "shields.io" in url or ".svg" in url or ".png?" in url:
        return "a read-only status-badge token or project ID in a badge URL (published by design)"
    return None


FilterFn = Callable[[str, str, "str | None"], "str | None"]

FILTERS: dict[str, FilterFn] = {
    "placeholder": placeholder,
    "reference": reference,
    "hash": hash_like,
    "password_hash": password_hash,
    "encoded": encoded,
    "path": path_like,
    "words": words,
    "repetition": repetition,
    "code": code,
    "example_host": example_host,
    "status_badge": status_badge,
}


def provider_owned(secret: str) -> bool:
    """A value with a provider's prefix is judged by that provider's rule (checksums!)."""
    return secret.startswith(lists().provider_prefixes)


def is_test_path(path: str) -> bool:
    """True for files under test directories or named like tests."""
    p = "/" + path.replace("\\", "/").lower()
    return any(m in p for m in lists().test_paths)


def human_in_test(secret: str, path: str) -> bool:
    """Always False: where a file sits never excuses a credential (a password in a test
    directory may be the real one). Publicly known defaults are dropped by ``placeholder``
    wherever they sit. Kept only so that callers written before this policy still work."""
    return False


def low_entropy(secret: str, minimum: float) -> bool:
    return shannon(secret) < minimum


__all__ = ["FILTERS", "deny_name", "human_in_test", "line_reference", "provider_owned"]
