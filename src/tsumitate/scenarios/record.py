"""What a replay keeps of one scenario once it has run: small, picklable, no result dict.

Workers send these back to the parent process; the parent prints them and forgets them, so
memory stays flat however many scenarios run. Lines are looked up here, for failures only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .run import ERROR, FAILED, ScenarioResult


@dataclass
class Difference:
    path: str
    expected: Any
    actual: Any  # compare.MISSING when the result has no such path
    line: int | None  # line of this path under ``expect:`` (or of ``expect_error:``)


@dataclass
class Record:
    file: str
    index: int  # 1-based position under ``scenarios:``; 0 for a single-scenario file
    name: str
    tags: tuple[str, ...]
    status: str  # passed | failed | error | skipped
    line: int | None = None  # where the scenario starts; set for failures and errors
    differences: list[Difference] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # FILE:LINE: field: problem
    fired_rules: tuple[str, ...] = ()  # for failures, and for every scenario under --coverage
    skip_reason: str | None = None


@dataclass
class FileReport:
    """One scenario file's records, or the problems that kept it from being read."""

    file: str
    records: list[Record] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the file itself is unreadable or malformed
    not_a_scenario: bool = False  # a case file found in a scenarios folder: quietly passed over

    @property
    def unreadable(self) -> bool:
        return bool(self.problems)


def to_record(r: ScenarioResult, keep_fired: bool = False) -> Record:
    sc = r.scenario
    rec = Record(sc.file, sc.index, sc.name, sc.tags, r.status, skip_reason=sc.skip)
    if r.status in (FAILED, ERROR):
        rec.line = sc.line
        rec.problems = [str(p) for p in r.problems]
        for m in r.mismatches:
            line = sc.line_of("expect_error") if m.path == "error" else sc.expect_line(m.path)
            rec.differences.append(Difference(m.path, m.expected, m.actual, line))
    if r.status == FAILED or keep_fired:
        rec.fired_rules = tuple(r.fired_rules)
    return rec
