"""Offline checksum and structure validators for provider token formats.

Each function takes the captured secret and returns ``None`` (not this format: drop the
match) or a tuple of extra facts. They are registered into
:data:`scanner.engine.validators.REGISTRY` with :func:`register`, so a rule names them in
its ``validator`` field; ``validators`` imports this module once, at its end.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from scanner.engine.validators import OK, REGISTRY, Extra, Validator


def register(name: str) -> Callable[[Validator], Validator]:
    """Add a validator under ``name``; a name used twice is a programming error."""
    def deco(fn: Validator) -> Validator:
        if name in REGISTRY:
            raise ValueError(f"validator {name!r} registered twice")
        REGISTRY[name] = fn
        return fn
    return deco


def _distinct(secret: str, minimum: int) -> bool:
    return len(set(secret)) >= minimum


@register("random-body")
def random_body(secret: str) -> Extra | None:
    """A provider token whose random part is not a run of one or two characters."""
    return OK if _distinct(secret, 8) else None


@register("letters-and-digits")
def letters_and_digits(secret: str) -> Extra | None:
    """Generated keys mix letters and digits; an upper-case word of the right length does not."""
    digits = sum(c.isdigit() for c in secret)
    letters = sum(c.isalpha() for c in secret)
    return OK if digits >= 2 and letters >= 2 and _distinct(secret, 8) else None


@register("random-tail")
def random_tail(secret: str) -> Extra | None:
    """The random part after a provider prefix (its last alphanumeric run) is not a filler
    such as ``000000000000``: at least 6 distinct characters."""
    tail = secret
    for sep in "_-.":
        tail = tail.rsplit(sep, 1)[-1]
    prefix_free = tail.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or tail
    return OK if len(set(prefix_free)) >= 6 else None


def _b64(body: str) -> bytes | None:
    try:
        return base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
    except (ValueError, binascii.Error):
        return None


@register("aws-bedrock-key")
def aws_bedrock_key(secret: str) -> Extra | None:
    """Long-term Bedrock keys: ``ABSK`` + base64 of ``BedrockAPIKey-<id>-at-<account>:...``."""
    raw = _b64(secret[4:])
    if raw is None or not raw.startswith(b"BedrockAPIKey-") or b":" not in raw:
        return None
    head = raw.split(b":", 1)[0].decode("ascii", "replace")
    account = head.rsplit("-at-", 1)[-1] if "-at-" in head else ""
    return (("account_id", account),) if account.isdigit() and len(account) == 12 else OK


@register("aws-bedrock-short-key")
def aws_bedrock_short_key(secret: str) -> Extra | None:
    """Short-term Bedrock keys: ``bedrock-api-key-`` + base64 of a pre-signed bedrock URL."""
    raw = _b64(secret[len("bedrock-api-key-"):])
    return OK if raw is not None and raw.startswith(b"bedrock.amazonaws.com") else None


@register("base64-password")
def base64_password(secret: str) -> Extra | None:
    """npm ``_password``: base64 of a printable password (not of a placeholder word)."""
    raw = _b64(secret)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(text) < 6 or not text.isprintable() or len(set(text)) < 5:
        return None
    from scanner.engine.filters import placeholder

    return None if placeholder(text, "", None) is not None else OK


@register("grafana-api-key")
def grafana_api_key(secret: str) -> Extra | None:
    """Legacy Grafana API keys are base64 of a JSON object with ``k`` (key) and ``n`` (name)."""
    import json

    raw = _b64(secret)
    try:
        obj = json.loads(raw) if raw is not None else None
    except ValueError:
        return None
    if not isinstance(obj, dict) or not isinstance(obj.get("k"), str) or "n" not in obj:
        return None
    return OK if _distinct(obj["k"], 8) else None
