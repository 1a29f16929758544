"""``credscan install`` / ``credscan uninstall``: git hooks, reversibly."""

from __future__ import annotations

import click


def _print(rep: object) -> None:
    for line in getattr(rep, "actions", []):
        click.echo(f"credscan: {line}", err=True)


@click.command("install")
@click.option("--pre-push", is_flag=True, help="Also install the pre-push hook.")
@click.option("--global", "global_", is_flag=True,
              help="Protect every repository of this user (global core.hooksPath).")
@click.option("--template", is_flag=True,
              help="With --global: use init.templateDir instead (new clones only).")
@click.option("--force", is_flag=True,
              help="Set an existing hook aside instead of chaining it (uninstall restores it).")
@click.option("-C", "--repo", "repo", default=".", type=click.Path(file_okay=False),
              help="Repository (default: current directory).")
def command(pre_push: bool, global_: bool, template: bool, force: bool, repo: str) -> int:
    """Install the pre-commit hook (and optionally pre-push) in this repository."""
    from scanner.errors import UsageError
    from scanner.hooks import install

    if template and not global_:
        raise UsageError("--template only goes with --global")
    if global_:
        rep = install.install_global(pre_push=pre_push, force=force, template=template)
    else:
        rep = install.install_repo(repo, pre_push=pre_push, force=force)
    _print(rep)
    return 0


@click.command("uninstall")
@click.option("--global", "global_", is_flag=True, help="Undo `credscan install --global`.")
@click.option("-C", "--repo", "repo", default=".", type=click.Path(file_okay=False),
              help="Repository (default: current directory).")
def uninstall_command(global_: bool, repo: str) -> int:
    """Remove credscan's hooks and restore whatever install replaced, byte for byte."""
    from scanner.hooks import install

    rep = install.uninstall_global() if global_ else install.uninstall_repo(repo)
    if not rep.actions:
        click.echo("credscan: nothing to uninstall", err=True)
    _print(rep)
    return 0
