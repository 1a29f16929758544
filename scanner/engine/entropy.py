"""Shannon entropy, the classic signal that a string is random rather than chosen."""

from __future__ import annotations

import functools
import math
from collections import Counter


@functools.lru_cache(maxsize=4096)
def shannon(value: str) -> float:
    """Bits per character of ``value``."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())
