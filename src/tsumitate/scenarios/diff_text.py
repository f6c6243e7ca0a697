"""A failure as a lawyer reads it: scenario, file and line, path, expected against actual, rules fired."""

from __future__ import annotations

import json
from typing import Any

from ..output.visible import one_line
from .compare import MISSING
from .record import FileReport, Record
from .run import ERROR, FAILED


def show(value: Any) -> str:
    if value is MISSING:
        return "(no such field in the result)"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def render(rec: Record) -> str:
    """``FAIL name``, where it is, then per path: expected (期待値) against actual (結果)."""
    name, file = one_line(rec.name), one_line(rec.file)  # names and file names stay on their line
    if rec.status == ERROR:
        lines = [f"ERROR {name}", f"  {file}:{rec.line or 1}"]
        lines += [f"  {p}" for p in rec.problems]
        return "\n".join(lines)
    lines = [f"FAIL {name}", f"  {file}:{rec.line or 1}"]
    for d in rec.differences:
        where = f"{file}:{d.line}" if d.line else file
        if d.path == "error":
            lines.append(f"  expect_error ({where})")
            lines.append(f"    expected 期待値: an error containing {show(d.expected)}")
            lines.append(f"    actual   結果:   {d.actual}")  # problems: one FILE:LINE: line each
            continue
        lines.append(f"  {one_line(d.path)} ({where})")
        lines.append(f"    expected 期待値: {show(d.expected)}")
        lines.append(f"    actual   結果:   {show(d.actual)}")
    if rec.fired_rules:
        lines.append(f"  rules fired 適用ルール: {', '.join(rec.fired_rules)}")
    return "\n".join(lines)


def render_unreadable(report: FileReport) -> str:
    return "\n".join(report.problems)


def is_shown(rec: Record) -> bool:
    return rec.status in (FAILED, ERROR)
