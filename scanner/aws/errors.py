"""move-keys failures: subclasses of :mod:`scanner.errors`, so the CLI prints one line, exit 2."""

from __future__ import annotations

from scanner.errors import ConfigError, CredscanError, UsageError


class AwsFileError(ConfigError):
    """An existing AWS config/credentials file we must not touch (unparseable, ambiguous)."""


class ProfileConflict(UsageError):
    """A profile already holds different credentials; ``--force`` replaces them."""


class UnsafeWrite(CredscanError):
    """A file cannot be written safely (read-only, a directory, unwritable directory)."""


class NothingToMove(UsageError):
    """No complete key (ID + secret) was found; the message says why."""
