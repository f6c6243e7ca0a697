"""Case file on disk -> validated ``Case``."""

from __future__ import annotations

from pathlib import Path

from ..sources import Source, load
from .case import Case
from .validation import validate


def case_from_source(source: Source, data=None, prefix: tuple = ()) -> Case:
    return validate(Case, source.data if data is None else data, source, prefix, what="case file")


def load_case(path: str | Path) -> Case:
    """Read, parse and validate one case file; ``InputError`` names file, line and field."""
    return case_from_source(load(path))
