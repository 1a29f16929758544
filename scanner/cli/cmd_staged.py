"""``credscan staged``: the pre-commit hook. Scans exactly what the next commit adds.

Kept light: no rich on the clean path; one short summary line on stderr. It fails closed:
any error blocks the commit with the one-off bypass spelled out.
"""

from __future__ import annotations

from typing import Any

import click

from scanner.cli.hookout import emit_for_hook, fail_closed
from scanner.cli.options import Output, config_option, load, output_options, repo_option
from scanner.cli.verify_options import VerifyRequest, verify_options

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
    for it (issue 14 item 4): the commit is not blocked, but it is not silent either."""
    try:
        from scanner import api
        from scanner.ci.protect import check_staged, self_allowed_message, staged_config_edits

        if not staged_config_edits(repo):
            return
        hidden = check_staged(repo, lambda cfg: api.scan_staged(
            repo, config=cfg, amend=amend, paths=files).result.findings)
    except Exception:  # noqa: BLE001 - a best-effort note; the scan above already decided
        return
    if hidden:
        click.echo(f"credscan: warning: {self_allowed_message(hidden)}", err=True)


@click.command("staged")
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--amend/--no-amend", default=None,
              help="Compare with HEAD's parents, as `git commit --amend` will "
                   "[default: detected from the calling git command].")
@repo_option
@config_option
@verify_options
@output_options
def command(files: tuple[str, ...], amend: bool | None, repo: str, config_file: str | None,
            out: Output, verify: VerifyRequest) -> int:
    """Scan the lines the next commit adds (index vs HEAD); exit 1 to block the commit.

    FILES, as the pre-commit framework passes them: on a commit (every name a staged
    change) the commit's added lines in those files; otherwise (`pre-commit run
    --all-files`, `--files`) those files, scanned whole.
    """
    from scanner import api
    from scanner.cli.options import with_baseline
    from scanner.hooks.advice import blocked_message
    from scanner.hooks.framework import STAGED, scan_for_hook

    try:
        config = load(repo, config_file)
        scanner = api.Scanner(api.effective_rules(config), config, known=_known_keys())
        scan = scan_for_hook(repo, files, config, scanner, amend=amend, explain=out.explain)
        result = with_baseline(scan.result, repo, out)
        result = verify.apply(result, config, repo=repo)
        # a file rewritten after `git add` (move-keys --apply) needs staging again
        ways_out = (blocked_message(api.repo_root(repo), result.findings, WAYS_OUT)
                    if scan.mode == STAGED and result.findings else WAYS_OUT)
    except Exception as exc:  # noqa: BLE001 - fail closed with a message, never a traceback
        return fail_closed("staged changes", "commit", exc)
    if config_file is None and scan.mode == STAGED:
        _report_self_allowed(repo, amend, files)
    return emit_for_hook(result, out, "staged", config, scan.summary, ways_out, verify)
