"""A mismatch as a lawyer reads it: scenario, file and line, path, expected against actual, rules fired."""

from __future__ import annotations

import json
from typing import Any

from .compare import MISSING
from .run import ScenarioResult


def show(value: Any) -> str:
    if value is MISSING:
        return "(no such field in the result)"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def render(r: ScenarioResult) -> str:
    sc = r.scenario
    lines = [f"FAIL {sc.name}", f"  {sc.file}:{sc.line or 1}"]
    for m in r.mismatches:
        line = sc.expect_line(m.path) if m.path != "error" else sc.line_of("expect_error")
        where = f"{sc.file}:{line}" if line else sc.file
        lines.append(f"  {m.path}:  expected {show(m.expected)}  actual {show(m.actual)}   ({where})")
    if r.fired_rules:
        lines.append(f"  fired: {', '.join(r.fired_rules)}")
    return "\n".join(lines)
