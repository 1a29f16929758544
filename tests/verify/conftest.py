"""Fixtures of the verification tests: a local provider server and isolated settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.verify import VerifySettings
from scanner.verify.transport import REDIRECT_ENV
from tests.verify.provider_server import ProviderServer


@pytest.fixture
def providers(monkeypatch: pytest.MonkeyPatch) -> Iterator[ProviderServer]:
    """A provider emulator on 127.0.0.1; verifier requests are redirected to it."""
    server = ProviderServer().start()
    monkeypatch.setenv(REDIRECT_ENV, server.url)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def settings(tmp_path: Path) -> VerifySettings:
    return VerifySettings(cache_file=tmp_path / "cache.json", timeout=5.0, rate_per_host=1000.0)


from tests.moto_support import emulator, moto_server  # noqa: E402,F401 - fixtures
