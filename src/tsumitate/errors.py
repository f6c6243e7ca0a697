"""Input problems reported to the user as one line each: ``FILE:LINE: field: problem`` (``FILE:SHEET!CELL: ...`` in a workbook)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file."""

    file: str
    line: int | str | None  # a 1-based line, or SHEET!CELL in a workbook
    field: str
    message: str

    def __str__(self) -> str:
        from .output.visible import one_line  # a newline in a file name must not forge a FILE:LINE: line

        where = f"{one_line(self.file)}:{self.line}" if self.line else one_line(self.file)
        field = one_line(self.field) if self.field else "-"
        return f"{where}: {field}: {self.message}"


class InputError(Exception):
    """A file (case, scenario or rule set) that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def single(cls, file: str, line: int | None, field: str, message: str) -> "InputError":
        return cls([Problem(file, line, field, message)])


class RulesError(InputError):
    """A rule directory that cannot be loaded or compiled (reported before any case runs)."""
