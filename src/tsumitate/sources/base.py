"""What every way in gives the rest of the program: plain data and where each value came from.

A YAML file answers a line number, a workbook ``SHEET!CELL``; validation, problem lines and
messages are written once against this interface (design.md, "A way in is a Source").
"""

from __future__ import annotations

from typing import Any


class Source:
    """A parsed input file: ``path``, ``data`` (plain dicts, lists, text, numbers, dates) and locations.

    ``notices`` are things a person should know that do not stop the file from being used
    (an extra sheet that was ignored, for instance), each one line of text.
    """

    path: str
    data: Any
    notices: tuple[str, ...] = ()

    def line_of(self, path: tuple[str | int, ...]) -> int | str | None:
        """Where the value at ``path`` (keys and list indexes) is written; nearest existing parent."""
        raise NotImplementedError
