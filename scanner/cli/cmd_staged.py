"""``credscan staged``: the pre-commit hook. Scans exactly what the next commit adds.

This module parses the options; :mod:`scanner.cli.staged_run` does the work (and runs
without this module, and without click, for the hook's plain form).
"""

from __future__ import annotations

import click

from scanner.cli.options import Output, config_option, output_options, repo_option
from scanner.cli.verify_options import VerifyRequest, verify_options


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
    from scanner.cli.staged_run import run_staged

    return run_staged(files, amend, repo, config_file, out, verify)
