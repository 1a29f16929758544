"""What a scanning command was asked for, as plain values the library-facing code reads.

Kept free of click so that the pre-commit hook's common form (``credscan staged FILE...``,
no options) runs without importing it (see :mod:`scanner.cli.entry`); the click options
in :mod:`scanner.cli.options` and :mod:`scanner.cli.verify_options` build these.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scanner.models import ScanResult

LIVE = "live"


@dataclass(frozen=True)
class Output:
    """The parsed output options of a scanning command."""

    fmt: str = "text"
    output: str | None = None
    show_secrets: bool = False
    threshold: str | None = None
    baseline: str | None = None
    no_baseline: bool = False
    quiet: bool = False
    explain: bool = False
    strict: bool | None = None

    def is_strict(self, default: bool) -> bool:
        return default if self.strict is None else self.strict


@dataclass(frozen=True)
class VerifyRequest:
    """What the command line asked for; ``None`` means "as the configuration says"."""

    enabled: bool | None = None
    log_file: str | None = None
    fail_on_live: bool = False

    def wanted(self, config: object | None) -> bool:
        if self.fail_on_live or self.log_file:
            return self.enabled is not False
        if self.enabled is not None:
            return self.enabled
        vc = getattr(config, "verify", None)
        return bool(getattr(vc, "enabled", False))

    def apply(self, result: ScanResult, config: object | None = None,
              repo: str | Path | None = None) -> ScanResult:
        """Verify ``result`` if asked; otherwise return it untouched (no network)."""
        if not self.wanted(config):
            return result
        from scanner.verify import VerifySettings, github_owner_from_remote, verify_result

        owner = None
        if repo is not None:
            from scanner.gitexec import try_git

            try:
                rc, out = try_git(["remote", "get-url", "origin"], cwd=str(repo), timeout=10)
            except Exception:  # noqa: BLE001 - no git, no owner: github_orgs then skips
                rc, out = 1, b""
            if rc == 0:
                owner = github_owner_from_remote(out.decode("utf-8", "replace"))
        settings = VerifySettings.from_config(
            getattr(config, "verify", None), github_owner=owner,
            log_file=Path(self.log_file) if self.log_file else None)
        return verify_result(result, settings)

    def exit_code(self, code: int, result: ScanResult) -> int:
        """With ``--fail-on live``: 1 only if a live credential is reported, else 0.
        ``result`` is what the report shows (the baseline already applied)."""
        if not self.fail_on_live or code == 2:
            return code
        return 1 if self.live(result) else 0

    @staticmethod
    def live(result: ScanResult) -> int:
        return sum(1 for f in result.findings
                   if f.verification is not None and f.verification.live)
