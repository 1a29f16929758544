"""``python -m scanner`` runs the CLI."""

from scanner.cli.main import entry

entry()
