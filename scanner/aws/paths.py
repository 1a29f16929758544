"""Where the AWS files live: the same lookup botocore does, so we write what it reads."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: Name of the tripwire file kept beside the AWS config (see :mod:`scanner.aws.tripwire`).
TRIPWIRE_NAME = "credscan-tripwire.json"


def _expand(value: str, env: Mapping[str, str]) -> Path:
    """``~`` and ``$VAR`` expansion against ``env`` (botocore expands both)."""
    if value.startswith("~"):
        home = env.get("HOME") or str(Path.home())
        rest = value[1:].lstrip("/")
        value = os.path.join(home, rest) if rest else home
    if "$" in value:
        for name, val in sorted(env.items(), key=lambda kv: -len(kv[0])):
            value = value.replace("${" + name + "}", val).replace("$" + name, val)
    return Path(value)


@dataclass(frozen=True)
class AwsPaths:
    """The shared config and credentials files, as botocore would resolve them."""

    config: Path
    credentials: Path
    home_aws_dir: Path

    @property
    def tripwire(self) -> Path:
        """The tripwire sits beside the config (the link's directory, not its target's)."""
        return self.config.parent / TRIPWIRE_NAME

    def is_aws_file(self, path: Path) -> bool:
        """True for the files move-keys writes, so a scan never 'moves' them into themselves."""
        mine = {self.config, self.credentials, self.tripwire}
        names = {p.name for p in mine}
        if path.name not in names and ".credscan-backup-" not in path.name:
            return False  # the cheap test first: this runs for every project file
        try:
            real = path.resolve()
        except OSError:
            return False
        for p in mine:
            try:
                if real == p.resolve():
                    return True
            except OSError:
                continue
        return any(real.name.startswith(p.name + ".credscan-backup-") and
                   real.parent == p.parent.resolve() for p in mine)


def aws_paths(env: Mapping[str, str] | None = None) -> AwsPaths:
    """Honour ``AWS_CONFIG_FILE`` and ``AWS_SHARED_CREDENTIALS_FILE`` like the SDKs do."""
    env = os.environ if env is None else env
    config = _expand(env.get("AWS_CONFIG_FILE") or "~/.aws/config", env)
    creds = _expand(env.get("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials", env)
    return AwsPaths(config=config, credentials=creds, home_aws_dir=_expand("~/.aws", env))


def display(path: Path, env: Mapping[str, str] | None = None) -> str:
    """Show paths under HOME as ``~/...`` (shorter, and what the user typed)."""
    env = os.environ if env is None else env
    home = env.get("HOME")
    if home:
        try:
            return "~/" + str(path.relative_to(home))
        except ValueError:
            pass
    return str(path)
