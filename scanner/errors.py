"""Errors the CLI turns into one line on stderr and exit code 2 (never a traceback)."""

from __future__ import annotations


class CredscanError(Exception):
    """Base for every expected failure: bad input, bad config, git trouble."""


class UsageError(CredscanError):
    """The user asked for something that cannot be done as asked."""


class ConfigError(CredscanError):
    """A configuration file or user rule is invalid; the message names file and key."""


class SourceError(CredscanError):
    """A source (file, stdin, git) could not be read."""
