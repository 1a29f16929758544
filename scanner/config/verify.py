"""The ``[verify]`` table: whether and how findings are checked against their providers.

Validated here, once, like the rest of the configuration; :mod:`scanner.verify` turns it
into run settings. Absent keys mean the defaults below; an empty ownership list means
"no restriction" for that kind of credential.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scanner.errors import ConfigError

_LISTS = ("aws_accounts", "github_orgs", "allow_providers", "shopify_shops")
_NUMBERS = {"timeout": (0.1, 120.0), "concurrency": (1, 64), "rate_per_host": (0.01, 100.0),
            "cache_ttl_hours": (0.0, 24.0 * 365)}
_BOOLS = ("enabled", "cache")
KEYS = frozenset(_LISTS) | frozenset(_NUMBERS) | frozenset(_BOOLS)


@dataclass(frozen=True)
class VerifyConfig:
    """Validated ``[verify]`` values (see docs/verify.md)."""

    enabled: bool = False
    aws_accounts: tuple[str, ...] = ()
    github_orgs: tuple[str, ...] = ()
    allow_providers: tuple[str, ...] = ()
    shopify_shops: tuple[str, ...] = ()
    timeout: float = 10.0
    concurrency: int = 4
    rate_per_host: float = 5.0
    cache: bool = True
    cache_ttl_hours: float = 24.0


def parse_verify(data: Any, where: str) -> VerifyConfig:
    """Validate the ``[verify]`` table; raise :class:`ConfigError` naming the key."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"{where}: key 'verify' must be a table ([verify])")
    unknown = set(data) - KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key 'verify.{sorted(unknown)[0]}'")
    values: dict[str, Any] = {}
    for key in _LISTS:
        if key in data:
            val = data[key]
            if not isinstance(val, list) or not all(isinstance(x, str) and x for x in val):
                raise ConfigError(f"{where}: key 'verify.{key}' must be a list of strings")
            values[key] = tuple(x.strip() for x in val)
    for acct in values.get("aws_accounts", ()):
        if not (len(acct) == 12 and acct.isdigit()):
            raise ConfigError(f"{where}: key 'verify.aws_accounts': {acct!r} is not a "
                              "12-digit AWS account ID")
    for shop in values.get("shopify_shops", ()):
        if not shop.endswith(".myshopify.com") or "/" in shop or ":" in shop:
            raise ConfigError(f"{where}: key 'verify.shopify_shops': {shop!r} must be a "
                              "NAME.myshopify.com host name")
    if "allow_providers" in values:
        values["allow_providers"] = tuple(p.lower() for p in values["allow_providers"])
    if "github_orgs" in values:
        values["github_orgs"] = tuple(o.lower() for o in values["github_orgs"])
    for key, (lo, hi) in _NUMBERS.items():
        if key in data:
            val = data[key]
            if isinstance(val, bool) or not isinstance(val, (int, float)) or not lo <= val <= hi:
                raise ConfigError(f"{where}: key 'verify.{key}' must be a number between "
                                  f"{lo:g} and {hi:g}")
            values[key] = int(val) if key == "concurrency" else float(val)
    for key in _BOOLS:
        if key in data:
            if not isinstance(data[key], bool):
                raise ConfigError(f"{where}: key 'verify.{key}' must be true or false")
            values[key] = data[key]
    return VerifyConfig(**values)
