"""A local HTTP server on 127.0.0.1 that answers as each provider's documentation says.

It reads the credential where the provider expects it (Authorization, PRIVATE-TOKEN,
x-api-key, DD-API-KEY, X-Shopify-Access-Token, the URL path), answers "live" for the
secrets a test registered and "invalid" for any other, and can be told to rate-limit,
fail (5xx) or hang (timeout) per host. Every request is recorded with its Host header.
Not a test module.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Seen:
    method: str
    host: str
    path: str
    headers: dict[str, str]
    body: bytes


def _basic_password(value: str) -> tuple[str, str]:
    if not value.startswith("Basic "):
        return "", ""
    user, _, pw = base64.b64decode(value[6:]).decode().partition(":")
    return user, pw


#: host -> (header, value prefix, live answer) for the breadth providers, as documented.
BREADTH: dict[str, tuple[str, str, object]] = {
    "api.cloudflare.com": ("authorization", "Bearer ", {"result": {"status": "active"},
                                                        "success": True}),
    "sentry.io": ("authorization", "Bearer ", [{"slug": "acme"}]),
    "api.postmarkapp.com": ("x-postmark-server-token", "", {"Name": "Acme mail"}),
    "api.netlify.com": ("authorization", "Bearer ", {"email": "n@example.com"}),
    "api.vercel.com": ("authorization", "Bearer ", {"user": {"username": "v-dev"}}),
    "api.linode.com": ("authorization", "Bearer ", {"username": "lin-dev"}),
    "api.pagerduty.com": ("authorization", "Token token=", {"abilities": ["teams"]}),
    "api.mistral.ai": ("authorization", "Bearer ", {"data": []}),
    "api.cohere.com": ("authorization", "Bearer ", {"models": []}),
    "api.groq.com": ("authorization", "Bearer ", {"data": []}),
    "openrouter.ai": ("authorization", "Bearer ", {"data": {"label": "or-key"}}),
    "api.deepseek.com": ("authorization", "Bearer ", {"data": []}),
    "api.x.ai": ("authorization", "Bearer ", {"name": "xai-key"}),
    "api.replicate.com": ("authorization", "Bearer ", {"username": "rep-dev"}),
    "api.elevenlabs.io": ("xi-api-key", "", {"user_id": "u1"}),
    "api.pinecone.io": ("api-key", "", {"indexes": []}),
    "circleci.com": ("circle-token", "", {"login": "cci-dev"}),
    "api.snyk.io": ("authorization", "token ", {"data": {"attributes": {"username": "snyk-dev"}}}),
    "api.doppler.com": ("authorization", "Bearer ", {"workplace": {"name": "Acme"}}),
    "api.render.com": ("authorization", "Bearer ", []),
    "connect.squareup.com": ("authorization", "Bearer ", {"merchant": {"business_name": "Acme"}}),
    "connect.squareupsandbox.com": ("authorization", "Bearer ",
                                    {"merchant": {"business_name": "Acme"}}),
    "api.brevo.com": ("api-key", "", {"email": "b@example.com"}),
    "api.sparkpost.com": ("authorization", "", {"results": {}}),
    "api.intercom.io": ("authorization", "Bearer ", {"email": "i@example.com"}),
    "app.launchdarkly.com": ("authorization", "", {"tokenName": "ci"}),
    "api.buildkite.com": ("authorization", "Bearer ", {"uuid": "x", "scopes": []}),
    "api.honeycomb.io": ("x-honeycomb-team", "", {"team": {"name": "Acme"}}),
    "api.contentful.com": ("authorization", "Bearer ", {"email": "c@example.com"}),
    "api.getpostman.com": ("x-api-key", "", {"user": {"username": "pm-dev"}}),
    "api.line.me": ("authorization", "Bearer ", {"displayName": "Acme bot"}),
    "api.pulumi.com": ("authorization", "token ", {"githubLogin": "pu-dev"}),
    "api.fastly.com": ("fastly-key", "", {"name": "deploy"}),
    "api.hetzner.cloud": ("authorization", "Bearer ", {"servers": []}),
    "api.vultr.com": ("authorization", "Bearer ", {"account": {"email": "vu@example.com"}}),
    "api.lemonsqueezy.com": ("authorization", "Bearer ",
                             {"data": {"attributes": {"email": "l@example.com"}}}),
    "api.together.xyz": ("authorization", "Bearer ", []),
    "api.assemblyai.com": ("authorization", "", {"transcripts": []}),
}


def presented(host: str, method: str, path: str, headers: dict[str, str],
              body: bytes) -> str:
    """The credential a request carries, read as the provider would."""
    auth = headers.get("authorization", "")
    if host in BREADTH:
        header, prefix, _ = BREADTH[host]
        value = headers.get(header, "")
        return value[len(prefix):] if value.startswith(prefix) else ""
    if host == "api.telegram.org":
        return path.split("/")[1][3:] if path.startswith("/bot") else ""
    if host == "discord.com" and path.startswith("/api/webhooks/"):
        return "/".join(path.split("/")[3:5])
    if host == "discord.com":
        return auth[4:] if auth.startswith("Bot ") else ""
    if host == "gitlab.com":
        return headers.get("private-token", "")
    if host == "api.anthropic.com":
        return headers.get("x-api-key", "")
    if host == "api.datadoghq.com":
        return headers.get("dd-api-key", "")
    if host.endswith(".myshopify.com"):
        return headers.get("x-shopify-access-token", "")
    if host in ("api.mailgun.net", "api.eu.mailgun.net"):
        return _basic_password(auth)[1]
    if host == "api.twilio.com":
        user, pw = _basic_password(auth)
        return f"{user}:{pw}"
    if host == "crates.io":
        return auth
    if host == "api.github.com" and path == "/credentials/revoke":
        try:
            return ",".join(json.loads(body)["credentials"])
        except (ValueError, KeyError, TypeError):
            return ""
    if host == "slack.com" and not auth and body:
        from urllib.parse import parse_qs

        return parse_qs(body.decode()).get("token", [""])[0]
    return auth[7:] if auth.startswith("Bearer ") else ""


#: (status, body) for a live credential, from each provider's documented answer.
LIVE: dict[str, tuple[int, object]] = {
    "api.github.com": (200, {"login": "octo-dev", "id": 1}),
    "gitlab.com": (200, {"id": 7, "username": "gl-dev"}),
    "slack.com": (200, {"ok": True, "team": "Acme", "user": "deploybot", "team_id": "T1"}),
    "api.stripe.com": (200, {"id": "acct_fake1", "object": "account"}),
    "api.openai.com": (200, {"object": "list", "data": []}),
    "api.anthropic.com": (200, {"data": [], "has_more": False}),
    "api.sendgrid.com": (200, {"scopes": ["mail.send"]}),
    "api.twilio.com": (200, {"friendly_name": "Acme main", "status": "active"}),
    "api.mailgun.net": (200, {"total_count": 1, "items": []}),
    "api.eu.mailgun.net": (200, {"total_count": 1, "items": []}),
    "registry.npmjs.org": (200, {"username": "npm-dev"}),
    "huggingface.co": (200, {"name": "hf-dev", "type": "user"}),
    "api.digitalocean.com": (200, {"account": {"email": "ops@example.com"}}),
    "api.datadoghq.com": (200, {"valid": True}),
    "api.heroku.com": (200, {"email": "heroku@example.com"}),
    "discord.com": (200, {"username": "acme-bot", "name": "deploys"}),
    "api.telegram.org": (200, {"ok": True, "result": {"username": "acme_bot"}}),
    "app.terraform.io": (200, {"data": {"attributes": {"username": "tf-dev"}}}),
    "crates.io": (200, {"user": {"login": "crate-dev"}}),
    **{h: (200, body) for h, (_, _, body) in BREADTH.items()},
}
#: (status, body) for any other credential.
INVALID: dict[str, tuple[int, object]] = {
    "slack.com": (200, {"ok": False, "error": "invalid_auth"}),
    "api.telegram.org": (401, {"ok": False, "error_code": 401, "description": "Unauthorized"}),
    "api.datadoghq.com": (403, {"errors": ["Forbidden"]}),
    "discord.com": (401, {"message": "401: Unauthorized", "code": 0}),
    "crates.io": (403, {"errors": [{"detail": "must be logged in"}]}),
    "api.vercel.com": (403, {"error": {"code": "forbidden", "invalidToken": True}}),
    "api.x.ai": (400, {"error": "Incorrect API key provided"}),
}


@dataclass
class ProviderServer:
    """State shared with the handler threads."""

    live: set[str] = field(default_factory=set)
    modes: dict[str, str] = field(default_factory=dict)  # host -> ratelimit|error|hang
    seen: list[Seen] = field(default_factory=list)
    revoked: set[str] = field(default_factory=set)
    hang_seconds: float = 3.0
    slow_seconds: float = 0.2
    inflight: int = 0
    max_inflight: int = 0
    port: int = 0
    _server: ThreadingHTTPServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def hosts(self) -> set[str]:
        return {s.host for s in self.seen}

    def start(self) -> ProviderServer:
        state = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                host = headers.get("host", "")
                with state.lock:
                    state.seen.append(Seen(self.command, host, self.path, headers, body))
                    state.inflight += 1
                    state.max_inflight = max(state.max_inflight, state.inflight)
                try:
                    self._dispatch(host, headers, body)
                finally:
                    with state.lock:
                        state.inflight -= 1

            def _dispatch(self, host: str, headers: dict[str, str], body: bytes) -> None:
                mode = state.modes.get(host, "")
                if mode == "slow":
                    time.sleep(state.slow_seconds)
                if mode == "hang":
                    time.sleep(state.hang_seconds)
                    return self._send(200, {})
                if mode == "ratelimit":
                    return self._send(429, {"message": "slow down"}, {"Retry-After": "30"})
                if mode == "error":
                    return self._send(503, {"message": "unavailable"})
                cred = presented(host, self.command, self.path, headers, body)
                if mode == "reject":
                    cred = ""
                if self.command in ("DELETE", "POST") and self._revoke(host, cred):
                    return None
                if cred and cred in state.live:
                    status, payload = LIVE.get(host, (200, {}))
                else:
                    status, payload = INVALID.get(host, (401, {"message": "Bad credentials"}))
                return self._send(status, payload)

            def _revoke(self, host: str, cred: str) -> bool:
                """Documented revocation endpoints: the credential stops working."""
                path = self.path
                ok: tuple[int, object] | None = None
                if host == "api.github.com" and path == "/credentials/revoke":
                    ok = (202, {})
                elif host == "slack.com" and path == "/api/auth.revoke":
                    ok = (200, {"ok": True, "revoked": True})
                elif (host, path.split("?")[0]) == ("gitlab.com",
                                                    "/api/v4/personal_access_tokens/self") \
                        or any(host == h and path.startswith(p) for h, p in (
                            ("discord.com", "/api/webhooks/"),
                            ("api.sendgrid.com", "/v3/api_keys/"))):
                    ok = (204, None)
                if ok is None:
                    return False
                creds = cred.split(",") if host == "api.github.com" else [cred]
                known = [c for c in creds if c in state.live]
                if not known and host != "api.github.com":
                    self._send(*INVALID.get(host, (401, {"message": "Bad credentials"})))
                    return True
                with state.lock:
                    for c in known:
                        state.live.discard(c)
                        state.revoked.add(c)
                self._send(*ok)
                return True

            def _send(self, status: int, payload: object,
                      extra: dict[str, str] | None = None) -> None:
                data = b"" if payload is None else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in (extra or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_DELETE = _answer  # noqa: N815

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
