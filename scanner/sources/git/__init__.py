"""Git as a source: the staged diff (pre-commit), the whole history, the commits of a push.

Everything talks to git through :mod:`.plumbing` (subprocess, ``-z``/quoted-path aware, hardened
against user configuration that changes diff output), never through a porcelain parser of
our own guesses. Modules are small and import nothing heavy at import time, so the
pre-commit path stays fast.
"""
