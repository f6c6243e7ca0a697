"""Shared fixtures: the shipped rule book and one evaluator for the whole test session.

durable_rules registers a ruleset name once per process, so one evaluator per rule book is
both the fast and the safe choice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tsumitate.evaluate import Evaluator
from tsumitate.rulebook.load import load_rulebook

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def book():
    return load_rulebook()


@pytest.fixture(scope="session")
def evaluator(book):
    return Evaluator(book)
