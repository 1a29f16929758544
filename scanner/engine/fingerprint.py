"""Stable finding identities that survive line moves and do not give the secret away.

A fingerprint is published: in baselines committed to the repository, in SARIF uploaded to
code scanning, in every JSON report. Anyone who reads it can *test guesses* against it, so
a weak password must not be recoverable from it. Scheme ``v2`` (this module):

``fingerprint = sha256("credscan-fingerprint-v2" | rule | file | digest(secret))[:32]``

``digest`` depends on how guessable the value is and on the fingerprint key:

- **With a key** (``CREDSCAN_FINGERPRINT_KEY``, or the file named by
  ``CREDSCAN_FINGERPRINT_KEY_FILE``, else ``$XDG_CONFIG_HOME/credscan/fingerprint.key``
  if it exists): ``HMAC-SHA256(key, kdf(secret))``. Without the key nobody can test a
  guess, however weak the password. Teams that commit a baseline set the same key in CI (a
  masked secret variable) and on developer machines; the baseline records only a short key
  identifier (:func:`key_id`), never the key, so a mismatch is reported instead of every
  finding silently turning "new".
- **Without a key** (the documented fallback): deterministic across machines, so baselines
  work with no setup. A value that looks random and long (:func:`guessable` false: 16+
  characters of two or more classes and at least 70 bits by length x Shannon entropy, e.g.
  provider tokens, AWS keys) gets PBKDF2-SHA256
  (fast; guessing such values is hopeless anyway). A guessable value (a human password)
  gets memory-hard ``scrypt`` (N=2^13, r=8: 8 MiB and about 30-40 ms per value), so each
  guess costs an attacker the same: ~50x scheme v1 per guess on a CPU, far more on a GPU.
  It cannot make a password from a short list unguessable: only the key does that.

Digests are cached per process, so a secret seen in many commits costs once. Scheme ``v1``
(PBKDF2, 2,000 rounds, fixed salt) is kept as :func:`legacy_fingerprint` so baselines
written before still match and are migrated on their next update.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import math
import os
from collections import Counter
from pathlib import Path

SCHEME = "v2"
KEY_ENV = "CREDSCAN_FINGERPRINT_KEY"
KEY_FILE_ENV = "CREDSCAN_FINGERPRINT_KEY_FILE"

_DOMAIN_V1 = b"credscan-fingerprint-v1\x00"
_DOMAIN = b"credscan-fingerprint-v2\x00"
#: scrypt cost for guessable values: 128 * r * n bytes = 8 MiB of memory per evaluation.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 13, 8, 1
#: Values with at least this many bits (length x Shannon bits per character) take the fast path.
RANDOM_BITS = 70.0


_AWS_ID_PREFIXES = frozenset({"AK" + "IA", "AS" + "IA", "AB" + "IA", "AC" + "CA"})
_B32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def _enc(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


def guessable(secret: str) -> bool:
    """True for values a person may have chosen (short or low-entropy): they get scrypt."""
    n = len(secret)
    if n < 16:
        return True
    if n == 20 and secret[:4] in _AWS_ID_PREFIXES and _B32.issuperset(secret[4:]):
        return False  # an AWS access key ID: an identifier with an 80-bit random body
    classes = sum((any(c.islower() for c in secret), any(c.isupper() for c in secret),
                   any(c.isdigit() for c in secret), any(not c.isalnum() for c in secret)))
    if classes < 2 and n < 32:
        return True  # one class: words, a passphrase, a PIN
    counts = Counter(secret)
    bits = -sum(c / n * math.log2(c / n) for c in counts.values())
    return n * bits < RANDOM_BITS or bits < 3.0


def _key_file() -> Path | None:
    named = os.environ.get(KEY_FILE_ENV)
    if named:
        return Path(named)
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "credscan" / "fingerprint.key"


@functools.lru_cache(maxsize=8)
def _read_key(value: str | None, path: str | None) -> bytes | None:
    if value:
        return _enc(value.strip())
    if path:
        try:
            raw = Path(path).read_bytes().strip()
        except OSError:
            return None
        return raw or None
    return None


def fingerprint_key() -> bytes | None:
    """The fingerprint key in effect (environment, then key file), or None."""
    kf = _key_file()
    return _read_key(os.environ.get(KEY_ENV), str(kf) if kf else None)


def key_id(key: bytes | None = None) -> str | None:
    """A short public identifier of the key (for baselines), or None without a key."""
    k = fingerprint_key() if key is None else key
    if not k:
        return None
    return hmac.new(k, b"credscan-key-id", hashlib.sha256).hexdigest()[:12]


def scheme() -> str:
    """How fingerprints of this process are made: ``v2`` or ``v2+key:<key id>``."""
    kid = key_id()
    return f"{SCHEME}+key:{kid}" if kid else SCHEME


@functools.lru_cache(maxsize=65536)
def _kdf(secret: str) -> bytes:
    raw = _enc(secret)
    if guessable(secret):
        return hashlib.scrypt(raw, salt=_DOMAIN, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                              maxmem=64 << 20, dklen=32)
    return hashlib.pbkdf2_hmac("sha256", raw, _DOMAIN, 2000)


def secret_digest(secret: str) -> str:
    """The one-way digest of a secret that fingerprints are built from (hex)."""
    d = _kdf(secret)
    key = fingerprint_key()
    if key:
        d = hmac.new(key, d, hashlib.sha256).digest()
    return d.hex()


def fingerprint(rule_id: str, file: str, secret: str) -> str:
    """Identity of a finding: rule + file + secret digest (no line number)."""
    h = hashlib.sha256(_DOMAIN)
    for part in (rule_id, file, secret_digest(secret)):
        h.update(_enc(part))
        h.update(b"\x00")
    return h.hexdigest()[:32]


@functools.lru_cache(maxsize=65536)
def _legacy_digest(secret: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", _enc(secret), _DOMAIN_V1, 2000).hex()


def legacy_fingerprint(rule_id: str, file: str, secret: str) -> str:
    """Scheme v1 fingerprint, only to match baselines written before v2 (then migrated)."""
    h = hashlib.sha256(_DOMAIN_V1)
    for part in (rule_id, file, _legacy_digest(secret)):
        h.update(_enc(part))
        h.update(b"\x00")
    return h.hexdigest()[:32]
