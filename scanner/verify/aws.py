"""AWS verification: STS ``GetCallerIdentity`` through botocore.

GetCallerIdentity needs no IAM permission and changes nothing, so it tells whether a key
pair is live and, if so, its ARN and account. botocore resolves the endpoint exactly as the
user's own tools do (``AWS_ENDPOINT_URL_STS``, ``AWS_ENDPOINT_URL``, ``endpoint_url`` in the
profile or its ``services`` section), which is how tests point it at a local emulator; the
endpoint actually used is named in the verify log. Only the found key is used to sign: the
user's own credentials are never loaded for this call.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scanner.models import Verification

LIVE, INVALID, UNKNOWN = "live", "invalid", "unknown"

#: Error codes meaning "this key (pair) is not accepted".
REJECTED = {
    "InvalidClientTokenId": "AWS does not know this access key ID (deleted, deactivated or "
                            "never valid)",
    "SignatureDoesNotMatch": "the access key ID exists but the secret does not match it",
    "ExpiredToken": "the session token has expired",
    "ExpiredTokenException": "the session token has expired",
    "InvalidToken": "the session token is invalid",
    "UnrecognizedClientException": "AWS does not know this access key ID",
    "AuthFailure": "AWS rejected the key",
}
THROTTLED = {"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequests"}
DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True)
class StsAnswer:
    verification: Verification
    endpoint: str          # the URL botocore used
    endpoint_source: str   # which setting chose it
    account: str | None = None
    arn: str | None = None
    user_id: str | None = None


def endpoint_source(env: Mapping[str, str], service: str = "sts",
                    scoped: Mapping[str, Any] | None = None) -> str:
    """Name the botocore setting that decides the endpoint (for the verify log)."""
    var = f"AWS_ENDPOINT_URL_{service.upper()}"
    if env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").lower() == "true":
        return "botocore default (configured endpoints ignored)"
    if env.get(var):
        return var
    if env.get("AWS_ENDPOINT_URL"):
        return "AWS_ENDPOINT_URL"
    if scoped:
        services = scoped.get(service) if isinstance(scoped.get(service), Mapping) else None
        if services and services.get("endpoint_url"):
            return f"services.{service}.endpoint_url in the profile"
        if scoped.get("endpoint_url"):
            return "endpoint_url in the profile"
    return "botocore default"


def client(service: str, key_id: str | None = None, secret: str | None = None,
           token: str | None = None, *, profile: str | None = None,
           region: str | None = None, timeout: float = 10.0) -> Any:
    """A botocore client; with ``key_id`` it signs with that key only, else with ``profile``
    (or the default chain). One attempt: a retry would only resend the secret."""
    import botocore.session
    from botocore.config import Config as BotoConfig

    session = botocore.session.Session(profile=profile)
    cfg = BotoConfig(connect_timeout=timeout, read_timeout=timeout,
                     retries={"max_attempts": 1, "mode": "standard"})
    kwargs: dict[str, Any] = {}
    if key_id is not None:
        kwargs = {"aws_access_key_id": key_id, "aws_secret_access_key": secret or "",
                  "aws_session_token": token}
    rgn = region or session.get_config_variable("region") or DEFAULT_REGION
    return session.create_client(service, region_name=rgn, config=cfg, **kwargs)


def describe_endpoint(cl: Any, service: str, env: Mapping[str, str] | None = None,
                      profile: str | None = None) -> tuple[str, str]:
    """The endpoint a client uses and the setting that chose it."""
    import botocore.session

    env = os.environ if env is None else env
    try:
        scoped: Mapping[str, Any] | None = botocore.session.Session(
            profile=profile).get_scoped_config()
    except Exception:  # noqa: BLE001 - a broken profile only makes the source less precise
        scoped = None
    return str(cl.meta.endpoint_url), endpoint_source(env, service, scoped)


def get_caller_identity(key_id: str, secret: str, token: str | None = None, *,
                        region: str | None = None, timeout: float = 10.0,
                        env: Mapping[str, str] | None = None) -> StsAnswer:
    """Ask STS who this key is. Never raises for network or AWS errors: they are statuses."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        sts = client("sts", key_id, secret, token, region=region, timeout=timeout)
    except BotoCoreError as exc:
        return StsAnswer(Verification(UNKNOWN, None, f"botocore: {exc}"), "", "")
    endpoint, source = describe_endpoint(sts, "sts", env)
    try:
        out = sts.get_caller_identity()
    except ClientError as exc:
        code = str(exc.response.get("Error", {}).get("Code", ""))
        if code in REJECTED:
            return StsAnswer(Verification(INVALID, None, f"STS {code}: {REJECTED[code]}"),
                             endpoint, source)
        if code in THROTTLED:
            return StsAnswer(Verification(UNKNOWN, None, f"STS {code}: rate limited"),
                             endpoint, source)
        return StsAnswer(Verification(UNKNOWN, None, f"STS {code or 'error'}"), endpoint,
                         source)
    except BotoCoreError as exc:
        return StsAnswer(Verification(UNKNOWN, None, f"network error: {exc}"), endpoint,
                         source)
    arn, account = str(out.get("Arn", "")), str(out.get("Account", ""))
    return StsAnswer(Verification(LIVE, f"{arn} (account {account})", "STS GetCallerIdentity"),
                     endpoint, source, account=account or None, arn=arn or None,
                     user_id=str(out.get("UserId", "")) or None)
