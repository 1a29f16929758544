"""Safe by construction: only the verifier's own host, ownership gating, TLS checks, the
test redirect's warning, cache, log, concurrency and rate limits; and no network at all
without ``--verify``."""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import ssl
import stat
from pathlib import Path

import pytest

from scanner import api
from scanner.cli.main import main
from scanner.errors import UsageError
from scanner.models import ScanResult
from scanner.verify import VerifySettings, github_owner_from_remote, verify_result
from scanner.verify.providers import ALL_HOSTS
from scanner.verify.transport import REDIRECT_ENV, RateLimiter, Request, Response, Transport
from tests import fakes
from tests.verify.cases import cases, finding
from tests.verify.provider_server import ProviderServer

CASES = {c.verifier: c for c in cases()}


def _status(result: ScanResult) -> list[str]:
    return [f.verification.status for f in result.findings if f.verification]


def test_no_request_goes_to_a_host_named_by_the_scanned_content(
        providers: ProviderServer, settings: VerifySettings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    gh = fakes.github_classic(7)
    wid, wtok = str(fakes.rng("wid").randint(10**17, 10**18)), fakes.rand("wtok", fakes.ALNUM, 68)
    src = tmp_path / "deploy.py"
    src.write_text(
        'API = "https://api.github.com.evil.example.net/user"\n'
        'MIRROR = "https://collector.example.org/verify"\n'
        f'GITHUB_TOKEN = "{gh}"  # send to https://collector.example.org\n'
        f'HOOK = "https://ptb.discord.com/api/webhooks/{wid}/{wtok}"\n', encoding="utf-8")
    result = api.scan_paths([str(src)], jobs=1)
    assert {f.provider for f in result.findings} >= {"github", "discord"}
    connects: list[object] = []
    real_connect = socket.socket.connect

    def spy(self: socket.socket, address: object) -> None:
        connects.append(address)
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", spy)
    providers.live.add(gh)
    out = verify_result(result, dataclasses.replace(settings, cache=False), warn=lambda m: None)
    assert providers.hosts() <= ALL_HOSTS
    assert providers.hosts() == {"api.github.com", "discord.com"}
    assert all(isinstance(a, tuple) and a[:2] == ("127.0.0.1", providers.port) for a in connects)
    by_rule = {f.rule_id: f.verification for f in out.findings}
    assert by_rule["github-classic-token"] is not None
    assert by_rule["github-classic-token"].status == "live"
    hook_seen = [s for s in providers.seen if s.host == "discord.com"]
    assert hook_seen and hook_seen[0].path == f"/api/webhooks/{wid}/{wtok}"


def test_without_verify_no_connection_is_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    attempts: list[object] = []

    def blocked(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket.socket, "connect", blocked)
    monkeypatch.setattr(socket.socket, "connect_ex", blocked)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: blocked(None, a))  # type: ignore[arg-type]
    src = tmp_path / "app.py"
    src.write_text(f'TOKEN = "{fakes.github_classic(3)}"\nKEY = "{fakes.aws_key_id(3)}"\n'
                   f'SECRET = "{fakes.aws_secret(3)}"\n', encoding="utf-8")
    for fmt in ("text", "json", "sarif"):
        assert main(["scan", "--format", fmt, str(src)]) == 1
    capsys.readouterr()
    assert attempts == []


@pytest.mark.parametrize("name", ["github", "slack", "stripe"])
def test_allow_providers_skips_and_sends_nothing(name: str, providers: ProviderServer,
                                                 settings: VerifySettings) -> None:
    s = dataclasses.replace(settings, allow_providers=("telegram",))
    out = verify_result(ScanResult(findings=[CASES[name].finding]), s)
    assert _status(out) == ["skipped"]
    assert providers.seen == []


def test_github_orgs_gate_on_the_repository_owner(providers: ProviderServer,
                                                  settings: VerifySettings) -> None:
    case = CASES["github"]
    providers.live.add(case.live_key)
    s = dataclasses.replace(settings, github_orgs=("acme",), cache=False)
    res = ScanResult(findings=[case.finding])
    assert _status(verify_result(res, dataclasses.replace(s, github_owner="other"))) == [
        "skipped"]
    assert _status(verify_result(res, s)) == ["skipped"]  # no GitHub remote: not owned
    assert providers.seen == []
    assert _status(verify_result(res, dataclasses.replace(s, github_owner="acme"),
                                 warn=lambda m: None)) == ["live"]


def test_github_owner_from_remote() -> None:
    assert github_owner_from_remote("git@github.com:Acme/app.git") == "acme"
    assert github_owner_from_remote("https://github.com/acme/app") == "acme"
    assert github_owner_from_remote("https://gitlab.com/acme/app") is None
    assert github_owner_from_remote("https://github.com.evil.example/acme/app") is None


def test_aws_accounts_gate_uses_the_decoded_account(settings: VerifySettings,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    kid, sec = fakes.aws_key_id(5), fakes.aws_secret(5)
    fs = [finding("aws", "aws-access-key-id", kid, group="g", extra=(("account_id",
                                                                       "111122223333"),)),
          finding("aws", "aws-secret-access-key", sec, group="g")]
    monkeypatch.setattr(socket.socket, "connect", lambda *a: pytest.fail("sent"))
    out = verify_result(ScanResult(findings=fs),
                        dataclasses.replace(settings, aws_accounts=("999988887777",)))
    assert _status(out) == ["skipped", "skipped"]
    assert "111122223333" in (out.findings[0].verification.detail or "")  # type: ignore[union-attr]


def test_aws_key_id_alone_is_unknown_and_not_sent(settings: VerifySettings,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", lambda *a: pytest.fail("sent"))
    out = verify_result(ScanResult(findings=[finding("aws", "aws-access-key-id",
                                                     fakes.aws_key_id(6))]), settings)
    assert _status(out) == ["unknown"]


def test_findings_without_a_verifier_are_unknown(settings: VerifySettings) -> None:
    out = verify_result(ScanResult(findings=[finding("generic", "generic-password", "hunter22x")]),
                        settings)
    v = out.findings[0].verification
    assert v is not None and v.status == "unknown" and "no verifier" in v.detail


def test_redirect_warns_on_every_use(providers: ProviderServer,
                                     settings: VerifySettings) -> None:
    warnings: list[str] = []
    fs = [CASES["github"].finding, CASES["npm"].finding, CASES["slack"].finding]
    verify_result(ScanResult(findings=fs), dataclasses.replace(settings, cache=False),
                  warn=warnings.append)
    assert len(warnings) == 3 and all(REDIRECT_ENV in w for w in warnings)


def test_redirect_warning_goes_to_stderr(providers: ProviderServer, settings: VerifySettings,
                                         capfd: pytest.CaptureFixture[str]) -> None:
    verify_result(ScanResult(findings=[CASES["github"].finding]),
                  dataclasses.replace(settings, cache=False))
    out, err = capfd.readouterr()
    assert REDIRECT_ENV in err and "api.github.com" in err and out == ""


@pytest.mark.parametrize("url", ["http://collector.example.org:8080", "ftp://127.0.0.1:1",
                                 "http://10.0.0.1:80"])
def test_redirect_only_to_loopback(url: str) -> None:
    with pytest.raises(UsageError):
        Transport(env={REDIRECT_ENV: url})


def test_real_hosts_use_tls_with_certificate_checks() -> None:
    t = Transport(env={})
    assert t.redirect is None and t.endpoint("api.github.com") == "https://api.github.com"
    assert t._context.verify_mode == ssl.CERT_REQUIRED and t._context.check_hostname


def test_a_bad_certificate_is_unknown_not_sent_in_clear(tmp_path: Path) -> None:
    """A TLS server whose certificate is not trusted: the request fails the handshake."""
    cert, key = _self_signed(tmp_path)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    import threading

    got: list[bytes] = []

    def serve() -> None:
        conn, _ = srv.accept()
        try:
            with ctx.wrap_socket(conn, server_side=True) as tls:
                got.append(tls.recv(100))
        except (ssl.SSLError, OSError):
            pass

    th = threading.Thread(target=serve, daemon=True)
    th.start()
    t = Transport(env={REDIRECT_ENV: f"https://127.0.0.1:{port}"}, warn=lambda m: None)
    from scanner.verify.transport import TransportError

    with pytest.raises(TransportError, match="certificate"):
        t.send(Request("GET", "api.github.com", "/user", {"Authorization": "Bearer x"}))
    th.join(5)
    srv.close()
    assert got == []


def _self_signed(tmp_path: Path) -> tuple[str, str]:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    k = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    c = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
         .public_key(k.public_key()).serial_number(1)
         .not_valid_before(now - datetime.timedelta(days=1))
         .not_valid_after(now + datetime.timedelta(days=1)).sign(k, hashes.SHA256()))
    cp, kp = tmp_path / "c.pem", tmp_path / "k.pem"
    cp.write_bytes(c.public_bytes(serialization.Encoding.PEM))
    kp.write_bytes(k.private_bytes(serialization.Encoding.PEM,
                                   serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption()))
    return str(cp), str(kp)


def test_cache_by_fingerprint_means_a_rerun_does_not_resend(
        providers: ProviderServer, settings: VerifySettings) -> None:
    case = CASES["github"]
    providers.live.add(case.live_key)
    res = ScanResult(findings=[case.finding])
    first = verify_result(res, settings, warn=lambda m: None)
    assert _status(first) == ["live"] and len(providers.seen) == 1
    second = verify_result(res, settings, warn=lambda m: None)
    v = second.findings[0].verification
    assert v is not None and v.status == "live" and v.identity == "octo-dev"
    assert "cached" in v.detail and len(providers.seen) == 1
    cache_text = settings.cache_file.read_text()  # type: ignore[union-attr]
    assert case.finding.secret not in cache_text
    assert stat.S_IMODE(os.stat(settings.cache_file).st_mode) == 0o600  # type: ignore[arg-type]


def test_unknown_answers_are_not_cached(providers: ProviderServer,
                                        settings: VerifySettings) -> None:
    providers.modes["api.github.com"] = "error"
    res = ScanResult(findings=[CASES["github"].finding])
    verify_result(res, settings, warn=lambda m: None)
    verify_result(res, settings, warn=lambda m: None)
    assert len(providers.seen) == 2


def test_same_secret_in_many_places_is_sent_once(providers: ProviderServer,
                                                 settings: VerifySettings) -> None:
    secret = fakes.npm_token(9)
    fs = [finding("npm", "npm-token", secret, file=f"f{i}.js") for i in range(5)]
    out = verify_result(ScanResult(findings=fs), dataclasses.replace(settings, cache=False),
                        warn=lambda m: None)
    assert len(providers.seen) == 1 and _status(out) == ["invalid"] * 5


def test_verify_log_records_every_request_secret_redacted(
        providers: ProviderServer, settings: VerifySettings, tmp_path: Path) -> None:
    log = tmp_path / "verify.log"
    fs = [CASES["telegram"].finding, CASES["github"].finding, CASES["discord-webhook"].finding]
    providers.live.add(CASES["github"].live_key)
    verify_result(ScanResult(findings=fs), dataclasses.replace(settings, log_file=log,
                                                               cache=False),
                  warn=lambda m: None)
    text = log.read_text()
    for c in ("telegram", "github", "discord-webhook"):
        assert CASES[c].finding.secret not in text
        assert CASES[c].live_key not in text
    records = [json.loads(line) for line in text.splitlines()]
    assert len(records) == 3
    assert {r["host"] for r in records} == {"api.telegram.org", "api.github.com", "discord.com"}
    for r in records:
        assert {"provider", "host", "time", "status", "endpoint", "secret"} <= set(r)
        assert r["endpoint"] == providers.url
    assert {r["status"] for r in records} == {"live", "invalid"}
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_verify_log_refuses_a_planted_symlink(settings: VerifySettings, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("keep")
    log = tmp_path / "verify.log"
    log.symlink_to(target)
    with pytest.raises(UsageError):
        verify_result(ScanResult(findings=[finding("generic", "generic-password", "x" * 12)]),
                      dataclasses.replace(settings, log_file=log))
    assert target.read_text() == "keep"


def test_concurrency_limit(providers: ProviderServer, settings: VerifySettings) -> None:
    import threading

    class Counting(Transport):
        inflight = peak = 0
        lock = threading.Lock()

        def send(self, req: Request) -> Response:
            with self.lock:
                Counting.inflight += 1
                Counting.peak = max(Counting.peak, Counting.inflight)
            try:
                return super().send(req)
            finally:
                with self.lock:
                    Counting.inflight -= 1

    providers.modes["api.github.com"] = "slow"
    fs = [finding("github", "github-classic-token", fakes.github_classic(100 + i))
          for i in range(8)]
    verify_result(ScanResult(findings=fs), dataclasses.replace(settings, concurrency=2,
                                                               cache=False),
                  transport=Counting(warn=lambda m: None))
    assert len(providers.seen) == 8 and 1 <= Counting.peak <= 2


def test_rate_limiter_spaces_requests_per_host() -> None:
    clock = [100.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(round(s, 6))

    rl = RateLimiter(2.0, clock=lambda: clock[0], sleep=sleep)
    for _ in range(3):
        rl.wait("api.github.com")
    rl.wait("slack.com")  # another host has its own budget
    assert slept == [0.5, 1.0]


def test_scanning_commands_do_not_import_the_verifier() -> None:
    import subprocess
    import sys

    code = ("import sys; import scanner.cli.cmd_scan, scanner.cli.main; "
            "print('scanner.verify' in sys.modules, 'botocore' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.split()
    assert out == ["False", "False"]


def test_a_token_whose_checksum_fails_is_invalid_and_not_sent(
        settings: VerifySettings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", lambda *a: pytest.fail("sent"))
    found = api.scan_text(f"t = '{fakes.github_classic_bad_checksum(7)}'")
    out = verify_result(ScanResult(findings=found), settings)
    assert _status(out) == ["invalid"]
    assert "checksum" in (out.findings[0].verification.detail or "")  # type: ignore[union-attr]
