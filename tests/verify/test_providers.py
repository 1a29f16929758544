"""Every HTTP verifier against the local provider emulator: live, invalid, rate limited,
5xx and timeout, each as the provider's documentation says it answers."""

from __future__ import annotations

import dataclasses

import pytest

from scanner.models import ScanResult
from scanner.verify import VerifySettings, verify_result
from scanner.verify.providers import VERIFIERS
from tests.verify.cases import Case, cases
from tests.verify.provider_server import ProviderServer

CASES = {c.verifier: c for c in cases()}


def test_every_verifier_has_a_case() -> None:
    assert {v.name for v in VERIFIERS} == set(CASES)


def _run(case: Case, settings: VerifySettings) -> tuple[str, str | None, str]:
    s = dataclasses.replace(settings, shopify_shops=("acme.myshopify.com",), cache=False)
    out = verify_result(ScanResult(findings=[case.finding]), s, warn=lambda m: None)
    v = out.findings[0].verification
    assert v is not None
    return v.status, v.identity, v.detail


@pytest.mark.parametrize("name", sorted(CASES))
def test_live(name: str, providers: ProviderServer, settings: VerifySettings) -> None:
    case = CASES[name]
    providers.live.add(case.live_key)
    status, identity, _ = _run(case, settings)
    assert (status, identity) == ("live", case.identity)
    assert providers.hosts() == {case.host}
    for seen in providers.seen:  # read-only: identity or listing calls only
        assert seen.method == "GET"


@pytest.mark.parametrize("name", sorted(CASES))
def test_invalid(name: str, providers: ProviderServer, settings: VerifySettings) -> None:
    case = CASES[name]
    status, identity, _ = _run(case, settings)
    assert (status, identity) == ("invalid", None)


@pytest.mark.parametrize("name", sorted(CASES))
def test_rate_limited(name: str, providers: ProviderServer, settings: VerifySettings) -> None:
    case = CASES[name]
    providers.live.add(case.live_key)
    providers.modes[case.host] = "ratelimit"
    status, _, detail = _run(case, settings)
    assert status == "unknown" and "rate limited" in detail


@pytest.mark.parametrize("name", sorted(CASES))
def test_server_error(name: str, providers: ProviderServer, settings: VerifySettings) -> None:
    case = CASES[name]
    providers.live.add(case.live_key)
    providers.modes[case.host] = "error"
    status, _, detail = _run(case, settings)
    assert status == "unknown" and "503" in detail


@pytest.mark.parametrize("name", sorted(CASES))
def test_timeout(name: str, providers: ProviderServer, settings: VerifySettings) -> None:
    case = CASES[name]
    providers.live.add(case.live_key)
    providers.modes[case.host] = "hang"
    providers.hang_seconds = 1.0
    status, _, detail = _run(case, dataclasses.replace(settings, timeout=0.2))
    assert status == "unknown" and "timed out" in detail


def test_mailgun_tries_the_eu_region_after_the_us_one(providers: ProviderServer,
                                                      settings: VerifySettings) -> None:
    case = CASES["mailgun"]
    providers.live.add(case.live_key)
    providers.modes["api.mailgun.net"] = "reject"  # an EU account's key is unknown in the US
    status, _, _ = _run(case, settings)
    assert status == "live"
    assert [s.host for s in providers.seen] == ["api.mailgun.net", "api.eu.mailgun.net"]


def test_twilio_without_account_sid_is_unknown_and_not_sent(providers: ProviderServer,
                                                            settings: VerifySettings) -> None:
    case = CASES["twilio"]
    lone = dataclasses.replace(case.finding, line_text="token only")
    status, _, detail = _run(Case("twilio", lone, "", None, ""), settings)
    assert status == "unknown" and "Account SID" in detail
    assert providers.seen == []


def test_shopify_without_configured_shops_is_not_sent(providers: ProviderServer,
                                                      settings: VerifySettings) -> None:
    out = verify_result(ScanResult(findings=[CASES["shopify"].finding]),
                        dataclasses.replace(settings, cache=False))
    v = out.findings[0].verification
    assert v is not None and v.status == "unknown" and "shopify_shops" in v.detail
    assert providers.seen == []
