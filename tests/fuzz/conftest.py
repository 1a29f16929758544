"""Hypothesis profiles for the property tests (issue 14 item 18).

``ci`` (the default in the suite): few examples, no deadline, derandomized (the same
examples every run, so a green suite stays green) and no example database written into the
work tree. ``long`` is what ``benchmarks/fuzz.py`` runs by hand: many random examples.
Choose with ``CREDSCAN_FUZZ_PROFILE``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                          database=None, suppress_health_check=_SLOW_OK)
settings.register_profile("long", max_examples=int(os.environ.get("CREDSCAN_FUZZ_EXAMPLES",
                                                                   "20000")),
                          deadline=None, database=None,
                          suppress_health_check=_SLOW_OK)
settings.load_profile(os.environ.get("CREDSCAN_FUZZ_PROFILE", "ci"))
