"""The rule book as a reader browses it: rules in firing order with their conditions in words,
parameters with every dated value and its source, the courts and their regions.

Written once for ``tsumitate rules`` and the web's ``/api/rules``, ``/api/parameters`` and
``/rules`` pages, so the terminal and the browser describe the same rules the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..explain.words import describe
from .compile import effective_condition
from .texts import PLACEHOLDER
from ..procedures import SCREENING, registry
from .load import Rule, RuleBook, RuleSet


def procedures(book: RuleBook) -> list[str]:
    """Procedure keys with rules in this book, in screening order (screening itself last)."""
    seen = {procedure for procedure, _ in book.sets}
    return [p for p in registry() if p in seen] + ([SCREENING] if SCREENING in seen else [])


def variants(book: RuleBook) -> list[tuple[Rule, RuleSet]]:
    """Every distinct rule as written (a base rule and a region's override are two variants)."""
    seen, out = set(), []
    for rs in book.sets.values():
        for r in rs.rules:
            key = (r.id, r.file, r.line)
            if key not in seen:
                seen.add(key)
                out.append((r, rs))
    return out


def summary(rule: Rule, lang: str) -> str:
    """The rule's one-line summary: its own ``summary`` or the first sentence of its text."""
    if rule.spec.summary:
        return rule.spec.summary
    text = PLACEHOLDER.sub("…", getattr(rule.spec, lang))
    for stop in ("。", ". "):
        if stop in text:
            return text.split(stop)[0] + stop.strip()
    return text


def applies_in(book: RuleBook, rule: Rule, procedure: str) -> list[str]:
    """The regions whose effective rule set uses this very variant of the rule."""
    return sorted({reg for (p, reg), other in book.sets.items() if p == procedure and rule.id in other.by_id
                   and (other.by_id[rule.id].file, other.by_id[rule.id].line) == (rule.file, rule.line)})


def rule_record(book: RuleBook, rule: Rule, rs: RuleSet, statutes, lang: str, relative=lambda p: p) -> dict[str, Any]:
    """One rule as plain data: where it is written, its stage and group, condition in words, what it
    concludes, its texts, its citation with the statute sentences cited, and where it applies."""
    s = rule.spec
    eff = effective_condition(rs, rule)
    return {
        "id": rule.id,
        "procedure": rs.procedure,
        "defined_in": rule.region or "base",
        "applies_in": applies_in(book, rule, rs.procedure),
        "file": relative(rule.file),
        "line": rule.line,
        "stage": s.stage,
        "group": s.group,
        "record": s.record,
        "code": s.code,
        "summary": summary(rule, lang),
        "when": describe(rule.condition, lang),
        "fires_when": describe(eff, lang) if eff != rule.condition else None,
        "then": s.then,
        "ja": s.ja,
        "en": s.en,
        "unmet": {"ja": s.unmet.ja, "en": s.unmet.en} if s.unmet else None,
        "cite": s.cite,
        "statutes": [p.record() for p in statutes.cited(s.cite)],
    }


def parameter_records(rs: RuleSet, day: dt.date | None, relative=lambda p: p) -> list[dict[str, Any]]:
    """Every parameter of one rule set: its description and unit, each dated value with its source
    (and whatever else the rule file records: URL, check date, note), and the value in force on ``day``."""
    out = []
    for name, ps in rs.parameters.items():
        values = [v.model_dump(mode="json") for v in ps.parameter.values]
        current = ps.parameter.in_force(day) if day is not None else None
        out.append({
            "name": name,
            "description": ps.parameter.description,
            "unit": ps.parameter.unit,
            "file": relative(ps.file),
            "line": ps.line,
            "in_force": current.model_dump(mode="json") if current is not None else None,
            "values": values,
        })
    return out
