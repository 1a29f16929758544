"""Revocation: for providers whose API lets the *holder* of a token revoke it.

Each revoker is data plus small functions, like the verifiers: the provider's own host, one
request, how to read "revoked" from the answer. After a revocation the verifier (when the
provider has one) asks again, so the outcome says whether the token is proven dead.

Documented endpoints used:

- GitHub: ``POST /credentials/revoke`` (the credential revocation API; any token type, no
  authentication needed, answers 202);
- GitLab: ``DELETE /api/v4/personal_access_tokens/self`` (gitlab.com; answers 204);
- Slack: ``POST /api/auth.revoke`` (answers ``{"ok": true, "revoked": true}``);
- Discord webhooks: ``DELETE /api/webhooks/{id}/{token}`` (answers 204);
- SendGrid: ``DELETE /v3/api_keys/{id}``, the ID being the key's middle part (needs the
  key to hold the ``api_keys`` scope; answers 204).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from scanner.models import Finding, ScanResult, Verification
from scanner.verify.providers import (
    Credential,
    _discord_webhook_build,
    generic_read,
    verifier_for,
)
from scanner.verify.run import Job, Runner, _Planner
from scanner.verify.settings import VerifySettings
from scanner.verify.store import VerifyLog, redact, redact_path
from scanner.verify.transport import Request, Response, Transport, TransportError


@dataclass(frozen=True)
class Revoker:
    name: str
    provider: str
    host: str
    build: Callable[[Credential, str], Request | str]
    ok: Callable[[Response], bool]
    rules: tuple[str, ...] = ()
    docs: str = ""

    def applies(self, provider: str, rule_id: str) -> bool:
        return provider == self.provider and (not self.rules or rule_id in self.rules)


def _github(c: Credential, host: str) -> Request:
    body = json.dumps({"credentials": [c.secret]}).encode()
    return Request("POST", host, "/credentials/revoke",
                   {"Content-Type": "application/json",
                    "X-GitHub-Api-Version": "2022-11-28"}, body)


def _gitlab(c: Credential, host: str) -> Request:
    return Request("DELETE", host, "/api/v4/personal_access_tokens/self",
                   {"PRIVATE-TOKEN": c.secret})


def _slack(c: Credential, host: str) -> Request:
    return Request("POST", host, "/api/auth.revoke", {"Authorization": f"Bearer {c.secret}"})


def _slack_ok(resp: Response) -> bool:
    data = resp.json()
    return resp.status == 200 and isinstance(data, dict) and data.get("ok") is True


def _discord(c: Credential, host: str) -> Request | str:
    built = _discord_webhook_build(c, host)
    if isinstance(built, str):
        return built
    return Request("DELETE", host, built.path)


def _sendgrid(c: Credential, host: str) -> Request | str:
    parts = c.secret.split(".")
    if len(parts) != 3 or not parts[1]:
        return "not a SendGrid API key (SG.<id>.<secret>)"
    return Request("DELETE", host, f"/v3/api_keys/{parts[1]}",
                   {"Authorization": f"Bearer {c.secret}"})


REVOKERS: tuple[Revoker, ...] = (
    Revoker("github", "github", "api.github.com", _github, lambda r: r.status == 202,
            docs="POST /credentials/revoke"),
    Revoker("gitlab", "gitlab", "gitlab.com", _gitlab, lambda r: r.status in (200, 204),
            rules=("gitlab-token",), docs="DELETE /api/v4/personal_access_tokens/self"),
    Revoker("slack", "slack", "slack.com", _slack, _slack_ok, rules=("slack-token",),
            docs="POST /api/auth.revoke"),
    Revoker("discord-webhook", "discord", "discord.com", _discord,
            lambda r: r.status == 204, rules=("discord-webhook",),
            docs="DELETE /api/webhooks/{id}/{token}"),
    Revoker("sendgrid", "sendgrid", "api.sendgrid.com", _sendgrid,
            lambda r: r.status == 204, docs="DELETE /v3/api_keys/{id}"),
)


def revoker_for(provider: str, rule_id: str) -> Revoker | None:
    return next((r for r in REVOKERS if r.applies(provider, rule_id)), None)


@dataclass
class Revocation:
    """One token to revoke, on behalf of every finding that holds it."""

    revoker: Revoker
    credential: Credential
    findings: list[Finding] = field(default_factory=list)
    status: str = "planned"  # planned | revoked | failed | skipped
    detail: str = ""
    after: Verification | None = None
    when: str = ""

    @property
    def label(self) -> str:
        return f"{self.revoker.provider} {redact(self.credential.secret)}"

    def evidence(self) -> dict[str, str]:
        ev = {"action": "revoked", "when": self.when, "provider": self.revoker.provider,
              "endpoint": f"{self.revoker.host} {self.revoker.docs}", "result": self.detail}
        if self.after is not None:
            ev["verified_after"] = self.after.status
        return ev


def plan_revocations(result: ScanResult, settings: VerifySettings | None = None,
                     providers: tuple[str, ...] = ()) -> tuple[list[Revocation], list[str]]:
    """Revocable findings, one item per distinct token; and why others are left alone."""
    settings = settings or VerifySettings()
    gate = _Planner(result, settings)
    items: dict[tuple[str, str], Revocation] = {}
    notes: list[str] = []
    for f in result.findings:
        if providers and f.provider not in providers:
            continue
        r = revoker_for(f.provider, f.rule_id)
        if r is None:
            continue
        skipped = gate.gate(f)
        if skipped is not None:
            notes.append(f"{f.file}:{f.line}: {f.provider} token not revoked: {skipped.detail}")
            continue
        key = (r.name, f.secret)
        if key not in items:
            items[key] = Revocation(r, Credential(f.provider, f.rule_id, f.secret))
        items[key].findings.append(f)
    return list(items.values()), notes


def revoke(items: list[Revocation], settings: VerifySettings | None = None, *,
           transport: Transport | None = None,
           warn: Callable[[str], None] | None = None) -> list[Revocation]:
    """Send each revocation, then verify again where a verifier exists."""
    settings = settings or VerifySettings()
    log = VerifyLog(settings.log_file)
    runner = Runner(settings, log, transport, warn=warn)
    try:
        for item in items:
            c = item.credential
            built = item.revoker.build(c, item.revoker.host)
            item.when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            if isinstance(built, str):
                item.status, item.detail = "skipped", built
                continue
            try:
                resp = runner.transport.send(built)
            except TransportError as exc:
                item.status, item.detail = "failed", str(exc)
            else:
                if item.revoker.ok(resp):
                    item.status, item.detail = "revoked", f"HTTP {resp.status}"
                else:
                    v = generic_read(resp)
                    item.status = "failed"
                    item.detail = ("the provider rejected the token (already revoked or "
                                   "invalid)" if v.status == "invalid" else v.detail)
            log.add({"time": item.when, "provider": c.provider, "revoker": item.revoker.name,
                     "host": built.host, "endpoint": runner.transport.endpoint(built.host),
                     "method": built.method, "path": redact_path(built.path, c.sensitive()),
                     "secret": redact(c.secret), "status": item.status})
            verifier = verifier_for(c.provider, c.rule_id)
            if verifier is not None and item.status == "revoked":
                fps = sorted({f.fingerprint for f in item.findings if f.fingerprint})
                item.after = runner.run(Job("after", c, verifier), fps)
    finally:
        log.save()
    return items
