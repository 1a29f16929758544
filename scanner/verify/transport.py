"""One HTTPS request to a provider's own host: TLS with certificate checks, a timeout,
no redirects, a per-host rate limit, and a record of what was sent (secret redacted).

The host always comes from the verifier table, never from scanned content. The only way to
send a request elsewhere is the test redirect :data:`REDIRECT_ENV`, which must name a
loopback address and prints a warning on stderr each time it is used.
"""

from __future__ import annotations

import http.client
import ssl
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from scanner.errors import UsageError

#: Test-only: send every non-AWS verifier request to this loopback base URL instead.
REDIRECT_ENV = "CREDSCAN_VERIFY_TEST_URL"
#: Hosts a redirect may point at.
LOOPBACK = ("127.0.0.1", "::1", "localhost")
#: Bodies are read up to this size; providers answer identity calls in far less.
MAX_BODY = 256 * 1024
USER_AGENT = "credscan-verify/1"


@dataclass(frozen=True)
class Request:
    """A request to ``host`` (HTTPS, port 443). ``path`` may embed the secret (Telegram)."""

    method: str
    host: str
    path: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> object:
        import json

        try:
            return json.loads(self.body.decode("utf-8", "replace"))
        except ValueError:
            return None

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


class TransportError(Exception):
    """No usable answer: connection refused, timeout, TLS failure. Message says which."""


def redirect_target(env: Mapping[str, str]) -> tuple[str, str, int] | None:
    """Parse :data:`REDIRECT_ENV` into (scheme, host, port); refuse non-loopback hosts."""
    raw = env.get(REDIRECT_ENV, "").strip()
    if not raw:
        return None
    u = urllib.parse.urlsplit(raw)
    if u.scheme not in ("http", "https") or not u.hostname:
        raise UsageError(f"{REDIRECT_ENV}={raw!r}: expected http://127.0.0.1:PORT")
    if u.hostname not in LOOPBACK:
        raise UsageError(f"{REDIRECT_ENV} may only point at a loopback address (tests), "
                         f"not {u.hostname!r}")
    return u.scheme, u.hostname, u.port or (443 if u.scheme == "https" else 80)


class RateLimiter:
    """At most ``rate`` requests per second to each host (threads wait their turn)."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def wait(self, host: str) -> None:
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.interval
        if slot > now:
            self._sleep(slot - now)


class Transport:
    """Sends :class:`Request` values; shared by every verifier and revoker of a run."""

    def __init__(self, timeout: float = 10.0, rate_per_host: float = 5.0,
                 env: Mapping[str, str] | None = None,
                 warn: Callable[[str], None] | None = None) -> None:
        import os

        self.timeout = timeout
        self.limiter = RateLimiter(rate_per_host)
        self.env = os.environ if env is None else env
        self.redirect = redirect_target(self.env)
        self._warn = warn or (lambda msg: print(msg, file=sys.stderr, flush=True))
        self._context = ssl.create_default_context()  # CERT_REQUIRED + hostname check

    def endpoint(self, host: str) -> str:
        """Where a request for ``host`` actually goes (for the verify log)."""
        if self.redirect is None:
            return f"https://{host}"
        scheme, rhost, port = self.redirect
        return f"{scheme}://{rhost}:{port}"

    def send(self, req: Request) -> Response:
        self.limiter.wait(req.host)
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **req.headers,
                   "Host": req.host}
        if req.body is not None:
            headers.setdefault("Content-Length", str(len(req.body)))
        conn: http.client.HTTPConnection
        if self.redirect is None:
            conn = http.client.HTTPSConnection(req.host, 443, timeout=self.timeout,
                                               context=self._context)
        else:
            scheme, rhost, port = self.redirect
            self._warn(f"credscan: warning: {REDIRECT_ENV} is set: the request meant for "
                       f"{req.host} goes to {scheme}://{rhost}:{port} (for tests only)")
            conn = (http.client.HTTPSConnection(rhost, port, timeout=self.timeout,
                                                context=self._context)
                    if scheme == "https" else
                    http.client.HTTPConnection(rhost, port, timeout=self.timeout))
        try:
            conn.request(req.method, req.path, body=req.body, headers=headers)
            resp = conn.getresponse()
            body = resp.read(MAX_BODY)
            return Response(resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)
        except ssl.SSLCertVerificationError as exc:
            raise TransportError(f"TLS certificate check failed for {req.host}: "
                                 f"{exc.verify_message or exc}") from None
        except TimeoutError:
            raise TransportError(f"timed out after {self.timeout:g}s") from None
        except (OSError, http.client.HTTPException) as exc:
            raise TransportError(f"network error: {type(exc).__name__}: "
                                 f"{getattr(exc, 'strerror', None) or exc}") from None
        finally:
            conn.close()
