"""Installing credscan as a git hook: hook scripts, install/uninstall, and the advice a
blocked commit gets. Hook installation is not a source of content to scan, so it lives
here, above the sources and the API it calls."""
