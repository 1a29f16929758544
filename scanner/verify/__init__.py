"""Verification: ask each provider, once, whether a found credential is live.

Only on request (``--verify`` or ``[verify] enabled``); see docs/verify.md for what is sent
where. Sits below the api layer: it imports only models, errors and config (and botocore
for AWS)::

    from scanner.verify import VerifySettings, verify_result
    checked = verify_result(result, VerifySettings.from_config(config.verify))
"""

from __future__ import annotations

from scanner.verify.run import forget, live_findings, verify_result
from scanner.verify.settings import VerifySettings, github_owner_from_remote

__all__ = ["VerifySettings", "forget", "github_owner_from_remote", "live_findings",
           "verify_result"]
