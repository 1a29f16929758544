"""A labelled corpus of realistic git repositories for ``credscan history`` and ``staged``."""
