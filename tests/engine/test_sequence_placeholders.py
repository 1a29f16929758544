"""A counting run (``12345678``, ``abcdef``) marks a placeholder only when nothing random is
left: a generated value that happens to hold one, or has one appended, is still a secret."""

from __future__ import annotations

import random
import string

import pytest

from scanner.api import scan_text
from scanner.engine.filters import placeholder, random_remainder, sequence_mask

_ALNUM = string.ascii_letters + string.digits


def _rand(seed: str, n: int) -> str:
    r = random.Random(seed)
    while True:  # mixed classes, as generated tokens are
        s = "".join(r.choice(_ALNUM) for _ in range(n))
        if any(c.isupper() for c in s) and any(c.islower() for c in s) and any(
                c.isdigit() for c in s):
            return s


def test_sequence_mask_marks_counting_and_interleaved_runs() -> None:
    assert all(sequence_mask("abcdef1234567890"))
    assert all(sequence_mask("a1b2c3d4e5"))
    assert all(sequence_mask("zyxw9876"))
    assert not any(sequence_mask("kq7zvx"))


@pytest.mark.parametrize("seed", range(5))
def test_random_value_with_a_counting_tail_is_not_a_placeholder(seed: int) -> None:
    value = _rand(f"tail{seed}", 24) + "12345678"
    assert random_remainder(value)
    assert placeholder(value, f'api_key = "{value}"', "api_key") is None


@pytest.mark.parametrize("seed", range(5))
def test_random_body_around_an_alphabet_run_is_not_a_placeholder(seed: int) -> None:
    value = _rand(f"mid{seed}", 20) + "abcdefgh" + _rand(f"end{seed}", 20)
    assert placeholder(value, f"token: {value}", "token") is None


@pytest.mark.parametrize("value", [
    "abcdef1234567890abcdef1234567890",
    "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6",
    "ABCD1234EFGH5678IJKL9012MNOP3456",
    "1234567890abcdefghij1234567890",
])
def test_typed_sequences_stay_placeholders(value: str) -> None:
    assert placeholder(value, f'api_key = "{value}"', "api_key") is not None


def test_word_markers_still_apply_to_random_values() -> None:
    value = "example" + _rand("ex", 24)
    assert placeholder(value, f"secret = {value}", "secret") is not None


def test_reported_end_to_end() -> None:
    value = _rand("e2e", 26) + "12345678"
    assert any(f.secret == value for f in scan_text(f'API_TOKEN = "{value}"\n', "app/config.py"))


def test_anonymous_ftp_password_is_not_a_secret() -> None:
    text = 'server->user = "anonymous";\nserver->password = "busy' + 'box@";\n'
    assert scan_text(text, "src/ftp.c") == []


def test_leetspeak_short_marker_must_be_a_word() -> None:
    """Translated digits of a random hex body can spell a short marker ('7bd' -> 'tbd');
    only a whole leetspeak word (t0d0, f4k3) marks a placeholder."""
    value = "da" + "pi" + "cd295a7be286969133e18a58e4afe7bd"
    assert placeholder(value, f"DATABRICKS_TOKEN: '{value}'", None) is None
    for typed in ("t0d0-t0d0-t0d0-t0d0", "f4k3-k3y-f0r-t3st5"):
        assert placeholder(typed, f"token: {typed}", "token") is not None


def test_slack_webhook_with_mixed_case_ids() -> None:
    r = random.Random("slk")
    url = ("https://hooks." + "slack.com/services/T" + "".join(r.choice(_ALNUM) for _ in range(8))
           + "/B" + "".join(r.choice(_ALNUM) for _ in range(8)) + "/" + _rand("slk", 24))
    assert [f.rule_id for f in scan_text(f"url: {url}\n", "app/config.py")] == ["slack-webhook"]


def test_short_value_made_of_typed_sequences_is_a_placeholder() -> None:
    value = "abcdefg" + "12346+FJQCK"
    assert placeholder(value, f"secret_access_key = '{value}'", "secret_access_key") is not None
    assert placeholder(_rand("short", 16), "k = x", "k") is None


def test_hash_sign_password_in_a_connection_string_is_not_a_css_selector() -> None:
    text = ('<add key="Db" value="Server=db01,1433;Database=B2B;User ID=b2b;Password=#'
            + "gets0m3" + ';Trusted_Connection=False" />\n')
    assert scan_text(text, "web.config")
    assert not scan_text('$("#gets0m3").hide();\n', "app.js")
