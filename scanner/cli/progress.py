"""A progress bar on stderr for long runs: it redraws on its own several times a second."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

ProgressFn = Callable[[int, int, int], None]


@contextmanager
def progress_bar(label: str, unit: str, enabled: bool) -> Iterator[ProgressFn | None]:
    """Yield ``update(done, total, bytes)`` (or None when disabled, e.g. not a terminal)."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(),
                   TextColumn(unit + "  {task.fields[rate]}"), TimeElapsedColumn(),
                   TextColumn("eta"), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True, refresh_per_second=8)
    task = bar.add_task(label, total=None, rate="")
    t0 = time.perf_counter()

    def update(done: int, total: int, nbytes: int) -> None:
        dt = max(time.perf_counter() - t0, 1e-6)
        bar.update(task, completed=done, total=total or None,
                   rate=f"{nbytes / dt / 1e6:.1f} MB/s")

    with bar:
        yield update
