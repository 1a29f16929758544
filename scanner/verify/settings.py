"""Run settings of a verification: the ``[verify]`` table plus what the command line and
the caller add (log file, the scanned repository's owner for ``github_orgs``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from scanner.config.verify import VerifyConfig


@dataclass(frozen=True)
class VerifySettings(VerifyConfig):
    """Everything :func:`scanner.verify.verify_result` needs besides the findings: the
    ``[verify]`` values (inherited, one definition) plus what only a run knows."""

    cache_file: Path | None = None  # None: the default under $XDG_CACHE_HOME
    log_file: Path | None = None
    #: owner (org or user) of the scanned repository's GitHub remote, for ``github_orgs``
    github_owner: str | None = None
    aws_region: str | None = None

    @classmethod
    def from_config(cls, vc: VerifyConfig | None = None, **overrides: object) -> VerifySettings:
        values = {f.name: getattr(vc or VerifyConfig(), f.name)
                  for f in dataclasses.fields(VerifyConfig)}
        return cls(**{**values, **overrides})


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
