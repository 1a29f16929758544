"""Run settings of a verification: the ``[verify]`` table plus what the command line and
the caller add (log file, the scanned repository's owner for ``github_orgs``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from scanner.config.verify import VerifyConfig


@dataclass(frozen=True)
class VerifySettings:
    """Everything :func:`scanner.verify.verify_result` needs besides the findings."""

    aws_accounts: tuple[str, ...] = ()
    github_orgs: tuple[str, ...] = ()
    allow_providers: tuple[str, ...] = ()
    shopify_shops: tuple[str, ...] = ()
    timeout: float = 10.0
    concurrency: int = 4
    rate_per_host: float = 5.0
    cache: bool = True
    cache_ttl_hours: float = 24.0
    cache_file: Path | None = None  # None: the default under $XDG_CACHE_HOME
    log_file: Path | None = None
    #: owner (org or user) of the scanned repository's GitHub remote, for ``github_orgs``
    github_owner: str | None = None
    aws_region: str | None = None

    @classmethod
    def from_config(cls, vc: VerifyConfig | None = None, **overrides: object) -> VerifySettings:
        vc = vc or VerifyConfig()
        base = cls(aws_accounts=vc.aws_accounts, github_orgs=vc.github_orgs,
                   allow_providers=vc.allow_providers, shopify_shops=vc.shopify_shops,
                   timeout=vc.timeout, concurrency=vc.concurrency,
                   rate_per_host=vc.rate_per_host, cache=vc.cache,
                   cache_ttl_hours=vc.cache_ttl_hours)
        return dataclasses.replace(base, **overrides)  # type: ignore[arg-type]


def github_owner_from_remote(url: str) -> str | None:
    """``git@github.com:ORG/x.git`` / ``https://github.com/ORG/x`` -> ``org`` (lower case)."""
    u = url.strip()
    for prefix in ("git@github.com:", "ssh://git@github.com/", "https://github.com/",
                   "http://github.com/", "git://github.com/"):
        if u.lower().startswith(prefix):
            rest = u[len(prefix):]
            owner = rest.split("/", 1)[0]
            if owner and "/" in rest:
                return owner.lower()
    if u.lower().startswith("https://") and "@github.com/" in u.lower():
        rest = u[u.lower().index("@github.com/") + len("@github.com/"):]
        owner = rest.split("/", 1)[0]
        return owner.lower() if owner and "/" in rest else None
    return None
