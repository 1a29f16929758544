"""Verify a scan result: gate by ownership, de-duplicate, send each credential once to its
provider (bounded concurrency, per-host rate limit), cache, log, annotate.

Every finding comes back with a :class:`~scanner.models.Verification`; nothing is sent for
a finding that is skipped (not owned), has no verifier, or is answered from the cache.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from scanner.models import Finding, ScanResult, Verification
from scanner.verify.providers import (
    INVALID,
    SKIPPED,
    UNKNOWN,
    Credential,
    HttpVerifier,
    verifier_for,
)
from scanner.verify.settings import VerifySettings
from scanner.verify.store import (
    Cache,
    VerifyLog,
    default_cache_file,
    redact,
    redact_all,
    redact_path,
)
from scanner.verify.transport import Request, Transport, TransportError

AWS_KEY_RULE = "aws-access-key-id"
AWS_SECRET_PREFIX = "aws-secret-access-key"
AWS_TOKEN_RULE = "aws-session-token"


@dataclass
class Job:
    """One credential to send once, on behalf of every finding that holds it."""

    key: str
    credential: Credential
    verifier: HttpVerifier | None  # None: AWS (botocore)
    indexes: list[int] = field(default_factory=list)
    result: Verification | None = None


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _digest(*parts: str) -> str:
    h = hashlib.sha256(b"credscan-verify\0")
    for p in parts:
        h.update(p.encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


def _twilio_sid(text: str) -> str | None:
    """An Account SID (``AC`` + 32 hex) on the finding's line, by plain scanning."""
    hexd = set("0123456789abcdefABCDEF")
    i = text.find("AC")
    while i >= 0:
        cand = text[i + 2:i + 34]
        before = text[i - 1:i]
        after = text[i + 34:i + 35]
        if len(cand) == 32 and set(cand) <= hexd and not before.isalnum() and \
                not after.isalnum():
            return "AC" + cand
        i = text.find("AC", i + 1)
    return None


class _Planner:
    def __init__(self, result: ScanResult, settings: VerifySettings) -> None:
        self.findings = result.findings
        self.settings = settings
        self.out: list[Verification | None] = [None] * len(self.findings)
        self.jobs: dict[str, Job] = {}

    def decide(self, i: int, v: Verification) -> None:
        self.out[i] = v

    def job(self, key: str, cred: Credential, verifier: HttpVerifier | None, i: int) -> None:
        j = self.jobs.get(key)
        if j is None:
            j = self.jobs[key] = Job(key, cred, verifier)
        j.indexes.append(i)

    def gate(self, f: Finding) -> Verification | None:
        """Ownership: a finding outside the configured lists is skipped, never sent. A token
        whose embedded checksum fails offline cannot be live: it is not sent either."""
        if f.extras.get("checksum", "").startswith("does not verify"):
            return Verification(INVALID, None, "its checksum does not verify offline (never "
                                               "issued by the provider); nothing sent")
        s = self.settings
        if s.allow_providers and f.provider.lower() not in s.allow_providers:
            return Verification(SKIPPED, None, f"provider {f.provider!r} is not in [verify] "
                                               "allow_providers")
        if f.provider == "github" and s.github_orgs:
            owner = (s.github_owner or "").lower()
            if owner not in s.github_orgs:
                why = (f"this repository's GitHub owner {owner!r}" if owner else
                       "this repository has no GitHub remote, so its owner")
                return Verification(SKIPPED, None, f"{why} is not in [verify] github_orgs")
        return None

    def plan(self) -> None:
        aws: list[int] = []
        for i, f in enumerate(self.findings):
            gated = self.gate(f)
            if gated is not None:
                self.decide(i, gated)
            elif f.provider == "aws" and (f.rule_id == AWS_KEY_RULE or f.rule_id.startswith(
                    AWS_SECRET_PREFIX) or f.rule_id == AWS_TOKEN_RULE):
                aws.append(i)
            else:
                self.plan_http(i, f)
        self.plan_aws(aws)

    def plan_http(self, i: int, f: Finding) -> None:
        v = verifier_for(f.provider, f.rule_id)
        if v is None:
            self.decide(i, Verification(UNKNOWN, None, f"no verifier for {f.provider} "
                                                       f"({f.rule_id})"))
            return
        companions: dict[str, str] = {}
        if f.provider == "twilio":
            sid = f.extras.get("account_sid") or _twilio_sid(f.line_text)
            if sid:
                companions["account_sid"] = sid
        if v.name == "shopify" and not self.settings.shopify_shops:
            self.decide(i, Verification(UNKNOWN, None, "a Shopify token is checked only "
                                        "against shops listed in [verify] shopify_shops"))
            return
        cred = Credential(f.provider, f.rule_id, f.secret, companions)
        self.job(_digest(v.name, f.secret, *sorted(companions.values())), cred, v, i)

    def plan_aws(self, idx: list[int]) -> None:
        groups: dict[str, list[int]] = {}
        for i in idx:
            f = self.findings[i]
            groups.setdefault(f.group or f"#loose{i}", []).append(i)
        for members in groups.values():
            fs = [self.findings[i] for i in members]
            ids = sorted({f.secret for f in fs if f.rule_id == AWS_KEY_RULE})
            secrets = sorted({f.secret for f in fs if f.rule_id.startswith(AWS_SECRET_PREFIX)})
            tokens = sorted({f.secret for f in fs if f.rule_id == AWS_TOKEN_RULE})
            account = next((f.extras["account_id"] for f in fs if "account_id" in f.extras),
                           None)
            why = None
            if len(ids) != 1:
                why = ("no access key ID beside it" if not ids else
                       "several access key IDs in one place; cannot tell which secret is whose")
            elif len(secrets) != 1:
                why = ("no secret access key beside it (a key ID alone cannot sign a request)"
                       if not secrets else "several secret access keys beside one key ID")
            if why is not None:
                for i in members:
                    self.decide(i, Verification(UNKNOWN, None, why))
                continue
            if self.settings.aws_accounts and account not in self.settings.aws_accounts:
                what = f"account {account}" if account else "an account that cannot be decoded"
                for i in members:
                    self.decide(i, Verification(SKIPPED, None, f"key of {what}, not in [verify] "
                                                               "aws_accounts"))
                continue
            comp = {"secret_access_key": secrets[0]}
            if len(tokens) == 1:
                comp["session_token"] = tokens[0]
            cred = Credential("aws", AWS_KEY_RULE, ids[0], comp)
            key = _digest("aws", ids[0], secrets[0], *tokens[:1])
            for i in members:
                self.job(key, cred, None, i)


class Runner:
    """Sends the jobs of one run; the transport is built only if an HTTP job exists."""

    def __init__(self, settings: VerifySettings, log: VerifyLog,
                 transport: Transport | None = None, env: Mapping[str, str] | None = None,
                 warn: Callable[[str], None] | None = None) -> None:
        self.settings = settings
        self.log = log
        self._transport = transport
        self.env = env
        self.warn = warn

    @property
    def transport(self) -> Transport:
        if self._transport is None:
            self._transport = Transport(self.settings.timeout, self.settings.rate_per_host,
                                        env=self.env, warn=self.warn)
        return self._transport

    def run(self, job: Job, fingerprints: list[str]) -> Verification:
        try:
            if job.verifier is None:
                return self._aws(job, fingerprints)
            return self._http(job, job.verifier, fingerprints)
        except Exception as exc:  # noqa: BLE001 - a verifier bug must not lose the report
            return Verification(UNKNOWN, None, f"verifier error: {type(exc).__name__}")

    def _record(self, job: Job, host: str, endpoint: str, method: str, path: str,
                v: Verification, http_status: int | None, fingerprints: list[str],
                **more: str) -> None:
        c = job.credential
        rec: dict[str, object] = {
            "time": _now(), "provider": c.provider, "verifier": job.verifier.name
            if job.verifier else "aws-sts", "host": host, "endpoint": endpoint,
            "method": method, "path": redact_path(path, c.sensitive()),
            "secret": redact(c.secret), "status": v.status, "detail": redact_all(
                v.detail, c.sensitive()), "fingerprints": sorted(fingerprints),
        }
        if http_status is not None:
            rec["http_status"] = http_status
        rec.update(more)
        self.log.add(rec)

    def _http(self, job: Job, verifier: HttpVerifier, fps: list[str]) -> Verification:
        hosts = verifier.hosts or self.settings.shopify_shops
        last: Verification | None = None
        for host in hosts:
            built = verifier.build(job.credential, host)
            if not isinstance(built, Request):
                return Verification(UNKNOWN, None, built)
            if built.host != host:  # a verifier may only talk to its own host
                return Verification(UNKNOWN, None, "verifier built a request for another host")
            endpoint = self.transport.endpoint(host)
            try:
                resp = self.transport.send(built)
                v = verifier.read(resp)
                status: int | None = resp.status
            except TransportError as exc:
                v, status = Verification(UNKNOWN, None, str(exc)), None
            self._record(job, host, endpoint, built.method, built.path, v, status, fps)
            if v.status != INVALID:  # live, or no answer: asking another region won't help
                return v
            last = v
        return last or Verification(UNKNOWN, None, "no host to ask")

    def _aws(self, job: Job, fps: list[str]) -> Verification:
        from urllib.parse import urlsplit

        from scanner.verify.aws import get_caller_identity

        c = job.credential
        ans = get_caller_identity(c.secret, c.companions["secret_access_key"],
                                  c.companions.get("session_token"),
                                  region=self.settings.aws_region,
                                  timeout=self.settings.timeout, env=self.env)
        host = urlsplit(ans.endpoint).hostname or ""
        self._record(job, host, ans.endpoint, "POST", "/ (GetCallerIdentity)",
                     ans.verification, None, fps, endpoint_source=ans.endpoint_source)
        return ans.verification


def verify_result(result: ScanResult, settings: VerifySettings | None = None, *,
                  transport: Transport | None = None, env: Mapping[str, str] | None = None,
                  warn: Callable[[str], None] | None = None) -> ScanResult:
    """Return ``result`` with every finding carrying its verification status."""
    settings = settings or VerifySettings()
    planner = _Planner(result, settings)
    planner.plan()
    cache = Cache((settings.cache_file or default_cache_file(env)) if settings.cache else None,
                  settings.cache_ttl_hours * 3600.0)
    log = VerifyLog(settings.log_file)
    runner = Runner(settings, log, transport, env, warn)
    todo: list[tuple[Job, list[str]]] = []
    for job in planner.jobs.values():
        fps = sorted({planner.findings[i].fingerprint for i in job.indexes
                      if planner.findings[i].fingerprint})
        cached = [cache.get(fp) for fp in fps]
        if fps and all(c is not None for c in cached):
            job.result = cached[0]
        else:
            todo.append((job, fps))
    try:
        if todo:
            workers = max(1, min(settings.concurrency, len(todo)))
            with ThreadPoolExecutor(max_workers=workers) as pool:
                answers = list(pool.map(lambda t: runner.run(*t), todo))
            for (job, fps), v in zip(todo, answers, strict=True):
                job.result = v
                for fp in fps:
                    cache.put(fp, v)
    finally:
        log.save()
    for job in planner.jobs.values():
        for i in job.indexes:
            planner.out[i] = job.result
    try:
        cache.save()
    except OSError as exc:
        result.errors.append(f"verify cache not saved: {exc.strerror or exc}")
    findings = [f.with_(verification=v or Verification(UNKNOWN, None, "not checked"))
                for f, v in zip(result.findings, planner.out, strict=True)]
    return ScanResult(findings=findings, stats=result.stats, errors=list(result.errors))


def forget(fingerprints: list[str], settings: VerifySettings | None = None,
           env: Mapping[str, str] | None = None) -> None:
    """Drop cached answers (after a rotation or revocation the old answer is stale)."""
    settings = settings or VerifySettings()
    if not settings.cache:
        return
    cache = Cache(settings.cache_file or default_cache_file(env), settings.cache_ttl_hours * 3600)
    cache.forget(fingerprints)
    cache.save()


def live_findings(result: ScanResult) -> list[Finding]:
    return [f for f in result.findings if f.verification is not None and f.verification.live]
