"""What was proven about the findings (``--verify``), in words every format shares.

Reporters call these on a result that went through :func:`scanner.reporting.prepare`, so
identities and details are already masked and escaped.
"""

from __future__ import annotations

from collections import Counter

from scanner.models import VERIFY_STATUSES, Finding, ScanResult

#: what to do, per verification status (shown only for statuses that occur)
ADVICE = {
    "live": "{n} LIVE: the provider accepted {them} just now. Rotate or revoke {them} first: "
            "AWS keys with `credscan move-keys --rotate --apply` (or `credscan rotate`); "
            "GitHub, GitLab, Slack, Discord webhooks and SendGrid with "
            "`credscan revoke --apply`; others in the provider's console.",
    "invalid": "{n} rejected by the provider (already revoked, deleted or never valid): "
               "remove {them} from the code, and record the verdict `rotated` with "
               "`credscan audit`.",
    "unknown": "{n} could not be checked (no verifier, network error or rate limit): treat "
               "{them} as live.",
    "skipped": "{n} not sent for checking (outside your [verify] ownership settings).",
}


def verified(result: ScanResult) -> bool:
    return any(f.verification is not None for f in result.findings)


def counts(result: ScanResult) -> Counter[str]:
    return Counter(f.verification.status for f in result.findings if f.verification)


def label(f: Finding) -> str:
    """``LIVE as arn:...``, ``invalid``, ``unknown (timed out)``: one short phrase."""
    v = f.verification
    if v is None:
        return ""
    if v.status == "live":
        return "LIVE" + (f" as {v.identity}" if v.identity else "")
    return v.status + (f" ({v.detail})" if v.detail and v.status != "invalid" else "")


def summary(result: ScanResult) -> str:
    c = counts(result)
    return ", ".join(f"{c[s]} {s}" for s in VERIFY_STATUSES if c[s])


def advice(result: ScanResult) -> list[str]:
    c = counts(result)
    out = []
    for status in VERIFY_STATUSES:
        n = c[status]
        if n:
            out.append(ADVICE[status].format(n=f"{n} finding{'s' if n != 1 else ''}",
                                             them="it" if n == 1 else "them"))
    return out
