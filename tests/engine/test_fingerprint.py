"""Published fingerprints do not reveal weak passwords (issue 14 item 17)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from scanner.engine import fingerprint as fpmod
from scanner.engine.fingerprint import fingerprint, guessable, legacy_fingerprint
from tests import fakes

RULE, FILE = "generic-password", "config/settings.py"
#: what an attacker tries: a short list of common choices, the real one among them
WEAK = "Summer" + "2024!"
GUESSES = [f"{w}{y}{s}" for w in ("Summer", "Winter", "Spring", "Autumn", "Password")
           for y in ("2023", "2024") for s in ("", "!")]


def _clear() -> None:
    fpmod._kdf.cache_clear()
    fpmod._read_key.cache_clear()


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(fpmod.KEY_ENV, raising=False)
    monkeypatch.delenv(fpmod.KEY_FILE_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    _clear()


def _v1_attack(target: str) -> str | None:
    """The attack of the issue: PBKDF2, 2,000 rounds, fixed salt, over a guess list."""
    for g in GUESSES:
        if legacy_fingerprint(RULE, FILE, g) == target:
            return g
    return None


def test_v1_attack_worked_on_v1_and_fails_on_v2() -> None:
    assert _v1_attack(legacy_fingerprint(RULE, FILE, WEAK)) == WEAK  # the reported weakness
    assert _v1_attack(fingerprint(RULE, FILE, WEAK)) is None


def test_guessable_values_use_memory_hard_scrypt() -> None:
    assert guessable(WEAK) and guessable(fakes.human_password(3))
    want = hashlib.scrypt(WEAK.encode(), salt=fpmod._DOMAIN, n=fpmod.SCRYPT_N,
                          r=fpmod.SCRYPT_R, p=fpmod.SCRYPT_P, maxmem=64 << 20, dklen=32)
    assert fpmod.secret_digest(WEAK) == want.hex()
    assert fpmod.SCRYPT_N * fpmod.SCRYPT_R * 128 >= 8 << 20  # 8 MiB per guess


def test_random_tokens_take_the_fast_path() -> None:
    for seed in range(200):
        for value in (fakes.aws_secret(seed), fakes.github_classic(seed),
                      fakes.aws_key_id(seed)):
            assert not guessable(value), value
    for phrase in ("correcthorsebatterystaple", "hunter" + "2hunter2", "1234567890123456"):
        assert guessable(phrase)


def test_with_a_key_no_guess_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fpmod.KEY_ENV, "team-key-" + fakes.rand(1, fakes.ALNUM, 24))
    _clear()
    published = fingerprint(RULE, FILE, WEAK)
    assert fpmod.scheme().startswith("v2+key:")
    monkeypatch.delenv(fpmod.KEY_ENV)
    _clear()
    # the attacker has the repository and the baseline, not the key
    assert all(fingerprint(RULE, FILE, g) != published for g in GUESSES)
    assert _v1_attack(published) is None


def test_key_file_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    keyfile = tmp_path / "cfg" / "credscan" / "fingerprint.key"
    keyfile.parent.mkdir(parents=True)
    keyfile.write_text(fakes.rand(2, fakes.ALNUM, 32) + "\n")
    _clear()
    kid = fpmod.key_id()
    assert kid and fpmod.scheme() == f"v2+key:{kid}"
    assert kid not in keyfile.read_text()


def test_fingerprint_is_stable_and_separates_inputs() -> None:
    a = fingerprint(RULE, FILE, WEAK)
    assert a == fingerprint(RULE, FILE, WEAK) and len(a) == 32
    assert a != fingerprint(RULE, "other.py", WEAK)
    assert a != fingerprint("other-rule", FILE, WEAK)
    assert a != fingerprint(RULE, FILE, WEAK + "x")
    assert fingerprint(RULE, "odd\udcffname", "\udcff") != a  # never raises on odd text
