"""The verifier table: for each provider, its own host, one read-only request, and how to
read live / invalid / unknown from the answer.

Each entry is data plus two small functions. A request that would need a host named by
the scanned content is never built: the host is a constant here (or, for Shopify, a shop
the user listed in ``[verify] shopify_shops``). Every request is side-effect free: an
identity or listing call, never a write.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from scanner.models import Verification
from scanner.verify.transport import Request, Response

LIVE, INVALID, UNKNOWN, SKIPPED = "live", "invalid", "unknown", "skipped"


@dataclass(frozen=True)
class Credential:
    """What is sent: the secret plus any companion value found beside it (e.g. a SID)."""

    provider: str
    rule_id: str
    secret: str = field(repr=False)
    companions: Mapping[str, str] = field(default_factory=dict, repr=False)

    def sensitive(self) -> list[str]:
        """Every value that must be redacted in logs."""
        return [self.secret, *self.companions.values()]


Build = Callable[[Credential, str], Request | str]  # a Request, or why none can be built
Read = Callable[[Response], Verification]


@dataclass(frozen=True)
class HttpVerifier:
    """One provider's check. ``hosts`` are tried in order until one says live."""

    name: str
    provider: str
    hosts: tuple[str, ...]
    build: Build
    read: Read
    rules: tuple[str, ...] = ()  # rule ids it applies to; empty: every rule of the provider
    docs: str = ""

    def applies(self, provider: str, rule_id: str) -> bool:
        return provider == self.provider and (not self.rules or rule_id in self.rules)


# -- helpers for the readers ------------------------------------------------------------

def _dig(data: object, *path: str) -> str | None:
    for key in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return None if data is None or isinstance(data, (dict, list)) else str(data)


def generic_read(resp: Response, *, live: tuple[int, ...] = (200,),
                 invalid: tuple[int, ...] = (401,),
                 identity: Callable[[object], str | None] | None = None,
                 live_no_identity: tuple[int, ...] = ()) -> Verification:
    """The common status mapping: 2xx live, 401 invalid, 429/5xx unknown."""
    if resp.status in live:
        who = identity(resp.json()) if identity else None
        return Verification(LIVE, who, f"HTTP {resp.status}")
    if resp.status in live_no_identity:
        return Verification(LIVE, None, f"HTTP {resp.status}: accepted, but not allowed to "
                                        "read its identity")
    if resp.status in invalid:
        return Verification(INVALID, None, f"HTTP {resp.status}: rejected")
    if resp.status == 429:
        after = resp.header("retry-after")
        return Verification(UNKNOWN, None, "rate limited (HTTP 429" +
                            (f", retry after {after}s)" if after else ")"))
    if resp.status >= 500:
        return Verification(UNKNOWN, None, f"provider error (HTTP {resp.status})")
    return Verification(UNKNOWN, None, f"unexpected answer (HTTP {resp.status})")


def reader(**kw: object) -> Read:
    def read(resp: Response) -> Verification:
        return generic_read(resp, **kw)  # type: ignore[arg-type]
    return read


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _get(host: str, path: str, **headers: str) -> Request:
    return Request("GET", host, path, headers)


def _bearer(path: str, **headers: str) -> Build:
    def build(c: Credential, host: str) -> Request:
        return _get(host, path, Authorization=f"Bearer {c.secret}", **headers)
    return build


# -- provider-specific pieces -----------------------------------------------------------

def _slack_read(resp: Response) -> Verification:
    """Slack answers 200 with ``ok`` true/false (docs: api.slack.com/methods/auth.test)."""
    if resp.status != 200:
        return generic_read(resp)
    data = resp.json()
    if isinstance(data, Mapping) and data.get("ok") is True:
        team, user = _dig(data, "team"), _dig(data, "user")
        who = "/".join(x for x in (team, user) if x) or None
        return Verification(LIVE, who, "auth.test ok")
    err = _dig(data, "error") or "unknown error"
    if err in ("ratelimited", "rate_limited"):
        return Verification(UNKNOWN, None, "rate limited")
    if err in ("invalid_auth", "not_authed", "account_inactive", "token_revoked",
               "token_expired", "no_permission", "ekm_access_denied"):
        return Verification(INVALID, None, f"auth.test: {err}")
    return Verification(UNKNOWN, None, f"auth.test: {err}")


def _telegram_build(c: Credential, host: str) -> Request:
    return _get(host, f"/bot{c.secret}/getMe")


def _telegram_read(resp: Response) -> Verification:
    if resp.status == 404:  # Telegram answers 404 for a malformed or deleted bot token
        return Verification(INVALID, None, "HTTP 404: rejected")
    return generic_read(resp, identity=lambda j: _dig(j, "result", "username"))


def _discord_webhook_build(c: Credential, host: str) -> Request | str:
    """Take only the id and token from the found URL; the host is always discord.com."""
    marker = "/api/webhooks/"
    at = c.secret.find(marker)
    if at < 0:
        return "not a Discord webhook URL"
    parts = c.secret[at + len(marker):].split("/")
    if len(parts) < 2 or not parts[0].isdigit() or not parts[1]:
        return "not a Discord webhook URL"
    token = parts[1].split("?")[0]
    if not all(ch.isalnum() or ch in "-_" for ch in token):
        return "not a Discord webhook URL"
    return _get(host, f"/api/webhooks/{parts[0]}/{token}")


def _twilio_build(c: Credential, host: str) -> Request | str:
    sid = c.companions.get("account_sid")
    if c.rule_id == "twilio-api-key":
        secret = c.companions.get("api_secret")
        if not (sid and secret):
            return "a Twilio API key needs its secret and Account SID beside it"
        return _get(host, f"/2010-04-01/Accounts/{sid}.json",
                    Authorization=_basic(c.secret, secret))
    if not sid:
        return "a Twilio auth token needs its Account SID (AC...) on the same line"
    return _get(host, f"/2010-04-01/Accounts/{sid}.json", Authorization=_basic(sid, c.secret))


def _shopify_build(c: Credential, host: str) -> Request:
    return _get(host, "/admin/api/2024-01/shop.json", **{"X-Shopify-Access-Token": c.secret})


def _datadog_build(c: Credential, host: str) -> Request:
    return _get(host, "/api/v1/validate", **{"DD-API-KEY": c.secret})


def _datadog_read(resp: Response) -> Verification:
    if resp.status == 403:
        return Verification(INVALID, None, "HTTP 403: rejected")
    return generic_read(resp, identity=lambda j: None)


def _gitlab_build(c: Credential, host: str) -> Request:
    return _get(host, "/api/v4/user", **{"PRIVATE-TOKEN": c.secret})


def _mailgun_build(c: Credential, host: str) -> Request:
    return _get(host, "/v3/domains?limit=1", Authorization=_basic("api", c.secret))


def _stripe_build(c: Credential, host: str) -> Request:
    return _get(host, "/v1/account", Authorization=f"Bearer {c.secret}")


def _discord_bot_build(c: Credential, host: str) -> Request:
    return _get(host, "/api/v10/users/@me", Authorization=f"Bot {c.secret}")


def _anthropic_build(c: Credential, host: str) -> Request:
    return _get(host, "/v1/models?limit=1", **{"x-api-key": c.secret,
                                                "anthropic-version": "2023-06-01"})


def _crates_build(c: Credential, host: str) -> Request:
    return _get(host, "/api/v1/me", Authorization=c.secret)


#: Every HTTP verifier. AWS is separate (:mod:`scanner.verify.aws`, through botocore).
VERIFIERS: tuple[HttpVerifier, ...] = (
    HttpVerifier("github", "github", ("api.github.com",),
                 _bearer("/user", **{"X-GitHub-Api-Version": "2022-11-28"}),
                 reader(identity=lambda j: _dig(j, "login"), live_no_identity=(403,)),
                 docs="GET /user"),
    HttpVerifier("gitlab", "gitlab", ("gitlab.com",), _gitlab_build,
                 reader(identity=lambda j: _dig(j, "username"), live_no_identity=(403,)),
                 docs="GET /api/v4/user (gitlab.com only)"),
    HttpVerifier("slack", "slack", ("slack.com",),
                 _bearer("/api/auth.test"), _slack_read, rules=("slack-token",),
                 docs="GET /api/auth.test"),
    HttpVerifier("stripe", "stripe", ("api.stripe.com",), _stripe_build,
                 reader(identity=lambda j: _dig(j, "id"), live_no_identity=(403,)),
                 rules=("stripe-live-key", "stripe-test-key"), docs="GET /v1/account"),
    HttpVerifier("openai", "openai", ("api.openai.com",), _bearer("/v1/models"),
                 reader(), docs="GET /v1/models"),
    HttpVerifier("anthropic", "anthropic", ("api.anthropic.com",), _anthropic_build,
                 reader(live_no_identity=(403,)), docs="GET /v1/models"),
    HttpVerifier("sendgrid", "sendgrid", ("api.sendgrid.com",), _bearer("/v3/scopes"),
                 reader(live_no_identity=(403,)), docs="GET /v3/scopes"),
    HttpVerifier("twilio", "twilio", ("api.twilio.com",), _twilio_build,
                 reader(identity=lambda j: _dig(j, "friendly_name")),
                 rules=("twilio-api-key", "twilio-auth-token", "twilio-positional-auth-token"),
                 docs="GET /2010-04-01/Accounts/{SID}.json"),
    HttpVerifier("mailgun", "mailgun", ("api.mailgun.net", "api.eu.mailgun.net"),
                 _mailgun_build, reader(identity=lambda j: None), rules=("mailgun-api-key",),
                 docs="GET /v3/domains (US, then EU region)"),
    HttpVerifier("npm", "npm", ("registry.npmjs.org",), _bearer("/-/whoami"),
                 reader(identity=lambda j: _dig(j, "username")), rules=("npm-token",),
                 docs="GET /-/whoami"),
    HttpVerifier("huggingface", "huggingface", ("huggingface.co",),
                 _bearer("/api/whoami-v2"), reader(identity=lambda j: _dig(j, "name")),
                 docs="GET /api/whoami-v2"),
    HttpVerifier("digitalocean", "digitalocean", ("api.digitalocean.com",),
                 _bearer("/v2/account"),
                 reader(identity=lambda j: _dig(j, "account", "email")),
                 docs="GET /v2/account"),
    HttpVerifier("datadog", "datadog", ("api.datadoghq.com",), _datadog_build,
                 _datadog_read, docs="GET /api/v1/validate"),
    HttpVerifier("heroku", "heroku", ("api.heroku.com",),
                 _bearer("/account", Accept="application/vnd.heroku+json; version=3"),
                 reader(identity=lambda j: _dig(j, "email")), docs="GET /account"),
    HttpVerifier("shopify", "shopify", (), _shopify_build,
                 reader(identity=lambda j: _dig(j, "shop", "myshopify_domain")),
                 docs="GET /admin/api/2024-01/shop.json on the shops in [verify] "
                      "shopify_shops"),
    HttpVerifier("discord-bot", "discord", ("discord.com",), _discord_bot_build,
                 reader(identity=lambda j: _dig(j, "username")), rules=("discord-bot-token",),
                 docs="GET /api/v10/users/@me"),
    HttpVerifier("discord-webhook", "discord", ("discord.com",), _discord_webhook_build,
                 reader(identity=lambda j: _dig(j, "name"), invalid=(401, 404)),
                 rules=("discord-webhook",), docs="GET /api/webhooks/{id}/{token}"),
    HttpVerifier("telegram", "telegram", ("api.telegram.org",), _telegram_build,
                 _telegram_read, docs="GET /bot{token}/getMe"),
    HttpVerifier("terraform-cloud", "hashicorp", ("app.terraform.io",),
                 _bearer("/api/v2/account/details"),
                 reader(identity=lambda j: _dig(j, "data", "attributes", "username")),
                 rules=("terraform-cloud-token",), docs="GET /api/v2/account/details"),
    HttpVerifier("crates-io", "crates", ("crates.io",), _crates_build,
                 reader(identity=lambda j: _dig(j, "user", "login"), invalid=(401, 403)),
                 rules=("crates-io-token",), docs="GET /api/v1/me"),
)

def _simple(name: str, host: str | tuple[str, ...], path: str, header: str = "Authorization",
            fmt: str = "Bearer {}", identity: tuple[str, ...] = (),
            invalid: tuple[int, ...] = (401,), no_identity: tuple[int, ...] = (403,),
            accepts: Callable[[str], bool] | None = None) -> HttpVerifier:
    """A verifier whose request is one GET with the secret in one header."""
    hosts = (host,) if isinstance(host, str) else host

    def build(c: Credential, h: str) -> Request | str:
        if accepts is not None and not accepts(c.secret):
            return f"this kind of {name} credential cannot be checked at {path}"
        return _get(h, path, **{header: fmt.format(c.secret)})

    ident = (lambda j: _dig(j, *identity)) if identity else (lambda j: None)
    return HttpVerifier(name, name, hosts, build,
                        reader(identity=ident, invalid=invalid, live_no_identity=no_identity),
                        docs=f"GET {path}")


#: Providers of the breadth rules (issue 9) with a documented read-only identity or
#: listing endpoint that takes the secret alone. Matched by provider name.
BREADTH: tuple[HttpVerifier, ...] = (
    _simple("cloudflare", "api.cloudflare.com", "/client/v4/user/tokens/verify",
            identity=("result", "status"),
            accepts=lambda s: len(s) == 40),  # API tokens; global keys need the e-mail too
    _simple("sentry", "sentry.io", "/api/0/organizations/"),
    _simple("postmark", "api.postmarkapp.com", "/server", "X-Postmark-Server-Token", "{}",
            ("Name",)),
    _simple("netlify", "api.netlify.com", "/api/v1/user", identity=("email",)),
    _simple("vercel", "api.vercel.com", "/v2/user", identity=("user", "username"),
            invalid=(401, 403), no_identity=()),
    _simple("linode", "api.linode.com", "/v4/profile", identity=("username",)),
    _simple("pagerduty", "api.pagerduty.com", "/abilities", fmt="Token token={}"),
    _simple("mistral", "api.mistral.ai", "/v1/models"),
    _simple("cohere", "api.cohere.com", "/v1/models"),
    _simple("groq", "api.groq.com", "/openai/v1/models"),
    _simple("openrouter", "openrouter.ai", "/api/v1/key", identity=("data", "label")),
    _simple("deepseek", "api.deepseek.com", "/models"),
    _simple("xai", "api.x.ai", "/v1/api-key", identity=("name",), invalid=(400, 401)),
    _simple("replicate", "api.replicate.com", "/v1/account", identity=("username",)),
    _simple("elevenlabs", "api.elevenlabs.io", "/v1/user", "xi-api-key", "{}"),
    _simple("pinecone", "api.pinecone.io", "/indexes", "Api-Key", "{}"),
    _simple("circleci", "circleci.com", "/api/v2/me", "Circle-Token", "{}", ("login",)),
    _simple("snyk", "api.snyk.io", "/rest/self?version=2024-06-10", fmt="token {}",
            identity=("data", "attributes", "username")),
    _simple("doppler", "api.doppler.com", "/v3/me", identity=("workplace", "name")),
    _simple("render", "api.render.com", "/v1/owners?limit=1"),
    _simple("square", ("connect.squareup.com", "connect.squareupsandbox.com"),
            "/v2/merchants/me", identity=("merchant", "business_name")),
    _simple("brevo", "api.brevo.com", "/v3/account", "api-key", "{}", ("email",)),
    _simple("sparkpost", "api.sparkpost.com", "/api/v1/account", fmt="{}",
            invalid=(401, 403), no_identity=()),
    _simple("intercom", "api.intercom.io", "/me", identity=("email",)),
    _simple("launchdarkly", "app.launchdarkly.com", "/api/v2/caller-identity", fmt="{}",
            identity=("tokenName",)),
    _simple("buildkite", "api.buildkite.com", "/v2/access-token"),
    _simple("honeycomb", "api.honeycomb.io", "/1/auth", "X-Honeycomb-Team", "{}",
            ("team", "name")),
    _simple("contentful", "api.contentful.com", "/users/me", identity=("email",)),
    _simple("postman", "api.getpostman.com", "/me", "X-API-Key", "{}", ("user", "username")),
    _simple("line", "api.line.me", "/v2/bot/info", identity=("displayName",)),
    _simple("pulumi", "api.pulumi.com", "/api/user", fmt="token {}",
            identity=("githubLogin",)),
    _simple("fastly", "api.fastly.com", "/tokens/self", "Fastly-Key", "{}", ("name",)),
    _simple("hetzner", "api.hetzner.cloud", "/v1/servers?per_page=1"),
    _simple("vultr", "api.vultr.com", "/v2/account", identity=("account", "email")),
    _simple("lemonsqueezy", "api.lemonsqueezy.com", "/v1/users/me",
            identity=("data", "attributes", "email")),
    _simple("together", "api.together.xyz", "/v1/models"),
    _simple("assemblyai", "api.assemblyai.com", "/v2/transcript?limit=1", fmt="{}"),
)
VERIFIERS = VERIFIERS + BREADTH

#: Hosts the HTTP verifiers may talk to (Shopify shops come from the user's settings).
ALL_HOSTS = frozenset(h for v in VERIFIERS for h in v.hosts)


def verifier_for(provider: str, rule_id: str) -> HttpVerifier | None:
    for v in VERIFIERS:
        if v.applies(provider, rule_id):
            return v
    return None
