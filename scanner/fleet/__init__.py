"""Auditing the history of many repositories on Dask: incremental, resumable, with coverage.

The pieces, bottom up: :mod:`.targets` parses what to audit, :mod:`.cache` keeps bare
clones, :mod:`.units` is the only door into credscan's history code (list commits, scan a
commit range, merge results exactly as ``credscan history`` does), :mod:`.work` holds the
functions that run on Dask workers, :mod:`.state` is the SQLite store that makes runs
incremental and resumable, :mod:`.run` drives the engine (futures, ``as_completed``,
retries; no scheduling code of ours) and :mod:`.report` renders the fleet.
"""

from __future__ import annotations

from scanner.fleet.run import FleetOptions, FleetResult, RepoOutcome, run_fleet
from scanner.fleet.targets import RepoSpec, parse_targets

__all__ = ["FleetOptions", "FleetResult", "RepoOutcome", "RepoSpec", "parse_targets",
           "run_fleet"]
