"""Hypothesis profiles: ``ci`` is derandomized and bounded; ``dev`` (local) digs deeper.

Choose with HYPOTHESIS_PROFILE=ci|dev|deep; CI (CI=true) defaults to ``ci``.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", derandomize=True, max_examples=150, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=300, deadline=None)
settings.register_profile("deep", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE",
                                     "ci" if os.environ.get("CI") else "dev"))
