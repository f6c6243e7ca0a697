"""What every way in gives the rest of the program: plain data and where each value came from.

A YAML file answers a line number, a workbook ``SHEET!CELL``; validation, problem lines and
messages are written once against this interface (design.md, "A way in is a Source").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec


class Notice(msgspec.Struct, frozen=True):
    """Something a person should know about a file that still could be used (an ignored sheet)."""

    file: str
    where: str | None  # 'SHEET!CELL', a line, or None for the whole file
    ja: str
    en: str

    def text(self, lang: str = "ja") -> str:
        place = f"{self.file}:{self.where}" if self.where else self.file
        return f"{place}: {'注意' if lang == 'ja' else 'note'}: {self.ja if lang == 'ja' else self.en}"


class Source:
    """A parsed input file: ``path``, ``data`` (plain dicts, lists, text, numbers, dates) and locations.

    ``notices`` are things a person should know that do not stop the file from being used
    (an extra sheet that was ignored, for instance), each one line of text.
    """

    path: str
    data: Any
    notices: tuple[Notice, ...] = ()

    def line_of(self, path: tuple[str | int, ...]) -> int | str | None:
        """Where the value at ``path`` (keys and list indexes) is written; nearest existing parent."""
        raise NotImplementedError


@dataclass
class MappedSource(Source):
    """A source whose locations were recorded per field path while reading (a workbook, a CSV).

    ``line_of`` answers the nearest recorded parent, so a problem inside a value that has no
    cell of its own (a list's item) still points at the row or sheet it came from.
    """

    path: str
    data: Any
    locations: dict[tuple, int | str] = field(default_factory=dict, repr=False)
    notices: tuple[Notice, ...] = ()

    def line_of(self, path: tuple[str | int, ...]) -> int | str | None:
        path = tuple(path)
        while True:
            where = self.locations.get(path)
            if where is not None or not path:
                return where
            path = path[:-1]
