"""Find the region a key was used with, from the lines around it.

``region_name="ap-northeast-2"``, ``AWS_DEFAULT_REGION=eu-west-1``, ``region: us-east-1``,
``"region": "sa-east-1"``: a line that mentions "region" and carries a region-shaped token.
The nearest such line to the key wins (a file may hold several keys).
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner.engine.regex import compile_bytes

#: How far from the key a region line may be.
WINDOW = 15

_REGION = (r"(?:us|eu|ap|sa|ca|me|af|il|mx|cn)(?:-gov|-isob?)?-"
           r"(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2}")
_LINE = r"(?i)region[^\n]{0,80}?\b(" + _REGION + r")\b"
_VALID = "^" + _REGION + "$"


@dataclass(frozen=True)
class RegionHit:
    region: str
    line: int  # 1-based


def is_region(value: str) -> bool:
    """A syntactically valid AWS region name (``--region`` is checked with this)."""
    return compile_bytes(_VALID).search(value.encode()) is not None


def regions_in(data: bytes) -> list[RegionHit]:
    """Every region mention in ``data`` (one per line at most)."""
    rx = compile_bytes(_LINE)
    hits: list[RegionHit] = []
    for lineno, line in enumerate(data.split(b"\n"), 1):
        if b"egion" not in line and b"EGION" not in line:
            continue
        m = rx.search(line)
        if m is not None:
            hits.append(RegionHit(m.group(1).decode("ascii"), lineno))
    return hits


def nearest_region(hits: list[RegionHit], line: int, window: int = WINDOW) -> RegionHit | None:
    """The closest hit within ``window`` lines; on a tie, the one after the key."""
    best: tuple[int, int, RegionHit] | None = None
    for h in hits:
        dist = abs(h.line - line)
        if dist > window:
            continue
        cand = (dist, 0 if h.line >= line else 1, h)
        if best is None or cand[:2] < best[:2]:
            best = cand
    return best[2] if best else None
