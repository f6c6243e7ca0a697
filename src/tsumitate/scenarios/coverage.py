"""``replay --coverage``: which rules the scenario library exercises.

Counted over every rule id of the loaded rule book (all procedures and regions; a region's
override shares its base rule's id). A scenario counts once per rule however often the rule
fired in it (``auto`` fires a procedure's rules once per evaluation).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..rulebook.load import RuleBook
from .record import Record


@dataclass
class Coverage:
    rules: dict[str, Any]  # rule id -> Rule (for file and line)
    fired: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, book: RuleBook) -> "Coverage":
        return cls(book.all_rules())

    def add(self, rec: Record) -> None:
        self.fired.update(set(rec.fired_rules))

    @property
    def unfired(self) -> list[str]:
        return [rid for rid in self.rules if not self.fired.get(rid)]

    @property
    def percent(self) -> float:
        if not self.rules:
            return 100.0
        return 100.0 * (len(self.rules) - len(self.unfired)) / len(self.rules)

    def text(self) -> str:
        width = max((len(r) for r in self.rules), default=10)
        lines = ["Rule coverage (scenarios that fired each rule):"]
        for rid, rule in self.rules.items():
            lines.append(f"  {rid:<{width}}  {self.fired.get(rid, 0):>6}")
        unfired = self.unfired
        fired_n = len(self.rules) - len(unfired)
        lines.append(f"Rules fired by no scenario: {len(unfired)}")
        for rid in unfired:
            r = self.rules[rid]
            where = _short(r.file)
            lines.append(f"  {rid}  ({where}:{r.line})" if r.line else f"  {rid}  ({where})")
        lines.append(f"Coverage: {fired_n}/{len(self.rules)} rules = {self.percent:.1f}%")
        return "\n".join(lines)

    def json(self) -> dict[str, Any]:
        return {"type": "coverage", "rules": {rid: self.fired.get(rid, 0) for rid in self.rules},
                "unfired": self.unfired, "percent": round(self.percent, 2),
                "fired": len(self.rules) - len(self.unfired), "total": len(self.rules)}


def _short(path: str) -> str:
    """A rule file's path relative to the working directory when it lies below it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel
