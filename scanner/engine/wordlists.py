"""The word lists behind the false-positive filters, loaded once from packaged TOML.

Tuning a filter is editing ``scanner/rules/filters.toml``; this module only reads it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from scanner.config.toml import loads_toml

_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class Lists:
    """The filter word lists, loaded once from the packaged TOML."""

    ph_contains: tuple[str, ...]
    ph_exact: frozenset[str]
    ph_defaults: frozenset[str]
    self_naming: tuple[str, ...]
    template_markers: tuple[str, ...]
    wrappers: tuple[str, ...]
    ref_prefixes: tuple[str, ...]
    ref_sigils: tuple[str, ...]
    ref_line_markers: tuple[str, ...]
    hash_line_markers: frozenset[str]
    hash_line_phrases: tuple[str, ...]
    pw_hash_prefixes: tuple[str, ...]
    encoded_markers: tuple[str, ...]
    public_prefixes: tuple[str, ...]
    test_paths: tuple[str, ...]
    provider_prefixes: tuple[str, ...]
    name_deny_suffixes: tuple[str, ...]
    name_deny_prefixes: tuple[str, ...]
    name_deny_exact: frozenset[str]
    name_secret_words: tuple[str, ...]
    name_false_words: frozenset[str]
    slug_infra_words: frozenset[str] = frozenset()
    table_secret_columns: tuple[str, ...] = ()
    table_not_secret: tuple[str, ...] = ()
    table_user_columns: tuple[str, ...] = ()
    published: frozenset[str] = frozenset()
    demo_hmac_keys: tuple[str, ...] = ()


@functools.lru_cache(maxsize=1)
def lists() -> Lists:
    raw = loads_toml((_RULES_DIR / "filters.toml").read_text("utf-8"))
    hash_markers = [m.lower() for m in raw["hash"]["line_markers"]]
    return Lists(
        ph_contains=tuple(raw["placeholder"]["contains"]),
        ph_exact=frozenset(raw["placeholder"]["exact"]),
        ph_defaults=frozenset(raw["placeholder"].get("defaults", [])),
        self_naming=tuple(raw["placeholder"]["self_naming"]),
        template_markers=tuple(raw["placeholder"]["template_markers"]),
        wrappers=tuple(raw["placeholder"]["wrappers"]),
        ref_prefixes=tuple(raw["reference"]["prefixes"]),
        ref_sigils=tuple(raw["reference"]["sigils"]),
        ref_line_markers=tuple(raw["reference"]["line_markers"]),
        hash_line_markers=frozenset(m for m in hash_markers if m.isalnum()),
        hash_line_phrases=tuple(m for m in hash_markers if not m.isalnum()),
        pw_hash_prefixes=tuple(raw["password_hash"]["prefixes"]),
        encoded_markers=tuple(raw["encoded"]["markers"]),
        public_prefixes=tuple(raw["public"]["prefixes"]),
        test_paths=tuple(raw["paths"]["tests"]),
        provider_prefixes=tuple(raw["public"]["provider_prefixes"]),
        name_deny_suffixes=tuple(raw["names"]["deny_suffixes"]),
        name_deny_prefixes=tuple(raw["names"]["deny_prefixes"]),
        name_deny_exact=frozenset(raw["names"]["deny_exact"]),
        name_secret_words=tuple(raw["names"]["secret_words"]),
        name_false_words=frozenset(raw["names"]["false_words"]),
        slug_infra_words=frozenset(raw.get("slugs", {}).get("infra_words", [])),
        table_secret_columns=tuple(raw.get("tables", {}).get("secret_columns", [])),
        table_not_secret=tuple(raw.get("tables", {}).get("not_secret", [])),
        table_user_columns=tuple(raw.get("tables", {}).get("user_columns", [])),
        published=frozenset(raw.get("published", {}).get("sha256_prefixes", [])),
        demo_hmac_keys=tuple(raw.get("published", {}).get("jwt_hmac_keys", [])),
    )
