"""``replay --format json``: one JSON object per scenario per line, then a summary object.

Scenario objects: ``{"type": "scenario", "file", "index", "name", "tags", "status"}`` and,
for failures and errors, ``line``, ``mismatches`` ([{path, expected, actual, line}]; actual
is absent when the result has no such path), ``problems`` and ``fired_rules``. An unreadable
file: ``{"type": "file_error", "file", "problems"}``. Last: ``{"type": "summary", "passed",
"failed", "errors", "skipped"}``; with ``--coverage`` a ``{"type": "coverage", ...}`` object
comes just before it.
"""

from __future__ import annotations

import json
from typing import Any

from .compare import MISSING
from .record import FileReport, Record
from .run import ERROR, FAILED, SKIPPED


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, default=_plain)


def scenario_object(rec: Record) -> dict[str, Any]:
    obj: dict[str, Any] = {"type": "scenario", "file": rec.file, "index": rec.index, "name": rec.name,
                           "tags": list(rec.tags), "status": rec.status}
    if rec.status == SKIPPED:
        obj["reason"] = rec.skip_reason
    if rec.status in (FAILED, ERROR):
        obj["line"] = rec.line
        mismatches = []
        for d in rec.differences:
            m = {"path": d.path, "expected": d.expected, "line": d.line}
            if d.actual is not MISSING:
                m["actual"] = d.actual
            mismatches.append(m)
        obj["mismatches"] = mismatches
        obj["problems"] = rec.problems
    if rec.fired_rules:
        obj["fired_rules"] = list(rec.fired_rules)
    return obj


def file_error_object(report: FileReport) -> dict[str, Any]:
    return {"type": "file_error", "file": report.file, "problems": report.problems}
