"""Shared test set-up: hypothesis profiles.

``ci`` (the default) keeps the property tests bounded so the whole suite stays within a few
minutes on 2 cores; ``long`` is for local runs: ``HYPOTHESIS_PROFILE=long pytest tests/test_fuzz_*.py``.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
