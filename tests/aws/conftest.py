"""Fixtures of the AWS tests: the local AWS emulator (moto server mode)."""

from tests.moto_support import emulator, moto_server  # noqa: F401 - fixtures
