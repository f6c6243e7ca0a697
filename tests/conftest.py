"""Shared test set-up: the shipped rule book and one evaluator for the session; hypothesis profiles.

durable_rules registers a ruleset name once per process, so one evaluator per rule book is
both the fast and the safe choice.

Hypothesis: ``ci`` (the default) keeps the property tests bounded so the whole suite stays
within a few minutes on 2 cores; ``long`` is for local runs:
``HYPOTHESIS_PROFILE=long pytest tests/test_fuzz_*.py``.
"""

from __future__ import annotations

import os
from pathlib import Path


import pytest
from hypothesis import HealthCheck, settings

# The rule-book cache (src/tsumitate/rulebook/cache.py) of this test session, and of every
# command it starts, goes to a folder of its own, never to the user's ~/.cache.
if "TSUMITATE_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["TSUMITATE_CACHE_DIR"] = tempfile.mkdtemp(prefix="tsumitate-test-cache-")
    atexit.register(shutil.rmtree, os.environ["TSUMITATE_CACHE_DIR"], True)

from tsumitate.errors import set_language  # noqa: E402
from tsumitate.evaluate import Evaluator  # noqa: E402
from tsumitate.rulebook.load import load_rulebook  # noqa: E402

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def book():
    return load_rulebook()


@pytest.fixture(scope="session")
def evaluator(book):
    return Evaluator(book)


@pytest.fixture(autouse=True)
def problems_in_english():
    """In-process ``str(problem)`` is English in tests that do not choose (they quote English texts).

    The CLI's default, Japanese, is what the CLI tests see (a command sets the language from
    ``--lang`` each time it runs); tests/test_problem_language.py covers both languages.
    """
    set_language("en")
    yield
    set_language("en")
