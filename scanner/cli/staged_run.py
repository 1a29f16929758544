"""The body of ``credscan staged`` (the pre-commit hook), free of click.

:mod:`scanner.cli.cmd_staged` parses the options and calls :func:`run_staged`; the hook's
common form (``credscan staged FILE...``, no options) comes here straight from
:mod:`scanner.cli.entry` without importing click: a hook runs on every commit, and the
option parser alone costs about a tenth of its run. Fails closed: any error blocks the
commit with the one-off bypass spelled out.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import Any

from scanner.cli.hookout import emit_for_hook, fail_closed, say
from scanner.cli.requests import Output, VerifyRequest
from scanner.config.load import CONTROL_FILES

WAYS_OUT = """\
credscan: commit blocked: the staged changes add {n} secret{s}.
  Ways out:
  - remove it from the file (read it from the environment or a secret manager), `git add` again;
  - an AWS key: `credscan move-keys` moves it to ~/.aws/config and fixes the code;
  - a false positive: append `credscan:allow` to the line (or put `credscan:allow-next-line`
    on the line above), or add an allowlist entry to .credscan.toml;
  - bypass once (the secret will be committed): git commit --no-verify"""


def _known_keys() -> Any:
    """Keys the user is known to own (moved by move-keys, or in ~/.aws), or None."""
    from scanner.aws.paths import aws_paths

    p = aws_paths()
    if not any(f.is_file() for f in (p.config, p.credentials, p.tripwire)):
        return None  # nothing to protect: skip loading the tripwire machinery
    from scanner.aws.tripwire import load_known_keys

    known = load_known_keys()
    return known if len(known) else None


def _report_self_allowed(repo: str, amend: bool | None, files: tuple[str, ...]) -> None:
    """Say so when the commit adds a secret together with an allowlist or baseline entry
    for it: the commit is not blocked, but it is not silent either. Called only when the
    staged diff touches one of :data:`CONTROL_FILES` (the scan's diff already says so)."""
    try:
        from scanner import api
        from scanner.ci.protect import check_staged, self_allowed_message

        hidden = check_staged(repo, lambda cfg: api.scan_staged(
            repo, config=cfg, amend=amend, paths=files).result.findings)
    except Exception:  # noqa: BLE001 - a best-effort note; the scan above already decided
        return
    if hidden:
        say(f"credscan: warning: {self_allowed_message(hidden)}")


def run_staged(files: Sequence[str], amend: bool | None = None, repo: str = ".",
               config_file: str | None = None, out: Output | None = None,
               verify: VerifyRequest | None = None) -> int:
    """Scan the lines the next commit adds; 0 clean, 1 to block the commit, 2 on error."""
    from pathlib import Path

    from scanner import api
    from scanner.config.load import load_config
    from scanner.hooks.framework import STAGED, scan_for_hook

    out = out or Output()
    verify = verify or VerifyRequest()
    names = tuple(files)
    try:
        config = load_config(Path(repo), Path(config_file) if config_file else None)
        scanner = api.Scanner(api.effective_rules(config), config, known=_known_keys())
        gc.enable()  # off while the scanner was built (scanner.cli.entry); scanning frees
        scan = scan_for_hook(repo, names, config, scanner, amend=amend, explain=out.explain)
        result = api.apply_baseline(scan.result, api.load_baseline(
            api.baseline_path(repo, out.baseline, out.no_baseline)))
        result = verify.apply(result, config, repo=repo)
        # a file rewritten after `git add` (move-keys --apply) needs staging again
        ways_out = WAYS_OUT
        if scan.mode == STAGED and result.findings:
            from scanner.hooks.advice import blocked_message

            ways_out = blocked_message(api.repo_root(repo), result.findings, WAYS_OUT)
    except Exception as exc:  # noqa: BLE001 - fail closed with a message, never a traceback
        return fail_closed("staged changes", "commit", exc)
    if config_file is None and scan.mode == STAGED and scan.touched.intersection(CONTROL_FILES):
        _report_self_allowed(repo, amend, names)
    return emit_for_hook(result, out, "staged", config, scan.summary, ways_out, verify)
