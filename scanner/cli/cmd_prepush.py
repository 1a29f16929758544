"""``credscan pre-push``: the pre-push hook. Scans exactly the commits being pushed."""

from __future__ import annotations

import os
import sys

import click

from scanner.cli.hookout import emit_for_hook, fail_closed
from scanner.cli.options import Output, config_option, load, output_options, repo_option
from scanner.cli.verify_options import VerifyRequest, verify_options

WAYS_OUT = """\
credscan: push blocked: the pushed commits add {n} secret{s}.
  Ways out:
  - rewrite the commits that add it (`git rebase -i`, `git commit --amend`), then push again;
    if it was ever pushed anywhere, rotate the key: history is public once pushed;
  - an AWS key: `credscan move-keys` moves it to ~/.aws/config and fixes the code;
  - a false positive: `credscan:allow` on the line, or an allowlist entry in .credscan.toml;
  - bypass once: git push --no-verify"""


@click.command("pre-push")
@click.argument("remote", required=False)
@click.argument("url", required=False)
@repo_option
@config_option
@verify_options
@output_options
def command(remote: str | None, url: str | None, repo: str, config_file: str | None,
            out: Output, verify: VerifyRequest) -> int:
    """Read git's pre-push input on stdin and scan the commits it sends."""
    from scanner import api
    from scanner.cli.options import with_baseline
    from scanner.sources.git.prepush import commits_to_scan, framework_update, parse_updates

    try:
        config = load(repo, config_file)
        lines = [] if sys.stdin is None or sys.stdin.isatty() else sys.stdin.read().splitlines()
        updates = parse_updates(lines)
        if not updates:
            fw = framework_update(dict(os.environ))
            updates = [fw] if fw is not None else []
        shas = commits_to_scan(repo, updates)
        result = api.scan_history(repo, config=config, shas=shas, head_check=False,
                                  explain=out.explain)
        result = with_baseline(result, repo, out)
        result = verify.apply(result, config, repo=repo)
    except Exception as exc:  # noqa: BLE001 - fail closed with a message, never a traceback
        return fail_closed("pushed commits", "push", exc)
    s = result.stats
    summary = f"credscan: scanned {s.commits} pushed commit{'s' if s.commits != 1 else ''}"
    return emit_for_hook(result, out, "pre-push", config, summary, WAYS_OUT, verify)
