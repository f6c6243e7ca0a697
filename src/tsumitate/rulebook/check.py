"""``tsumitate rules check``: a rules directory's every problem, the loader's then the engine's.

Above the loader, the compiler and the linter, so that none of them imports another upwards:
the linter gets loaded rule sets and the compiling function from here.
"""

from __future__ import annotations

from pathlib import Path

from ..engine import Engine
from ..errors import InputError, Problem
from .compile import compile_stage
from .lint import check_engine
from .load import load_rulebook


def lint_directory(root: str | Path) -> list[Problem]:
    """Every problem of a rules directory: the loader's checks, then durable_rules' own (a scratch engine)."""
    try:
        book = load_rulebook(root)
    except InputError as e:
        return list(e.problems)
    return check_engine(book, compile_stage, Engine())
