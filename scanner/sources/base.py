"""The source contract: a source yields fragments and counts what it read. Nothing else.

A source never imports the engine or the API, never makes a finding and never computes a
fingerprint. It can be split into independent units (a file set, a commit range), each a
source of its own, so that the API can run the units in parallel processes (or on Dask)
and merge their results.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from scanner.models import Fragment, ScanStats


@runtime_checkable
class Source(Protocol):
    """Anything that yields fragments; ``stats`` and ``errors`` fill in as it is read."""

    stats: ScanStats
    errors: list[str]

    def fragments(self) -> Iterator[Fragment]:
        """The fragments to scan, in a stable order."""
        ...

    def split(self, parts: int) -> Sequence[Source]:
        """Independent units whose fragments together are this source's (at most ``parts``)."""
        ...
