"""``python -m scanner`` runs the CLI."""

from scanner.cli.entry import entry

entry()
