"""What a rule's condition means once its exclusive group is taken into account, and in which form
durable_rules gets it.

A member of a "first match wins" group fires when its own condition holds and no earlier
member's does (``effective_condition``); ``exclusive_condition`` is that condition rewritten by
``disjoint.exclusive`` so that durable_rules fires the rule at most once per message. Knowing
which names can never be null (``nullable_names``) keeps the rewritten conditions small.
Used by the compiler, the linter (durable's size limits) and the rule catalog; it reads a loaded
``RuleSet`` and imports nothing that loads one.
"""

from __future__ import annotations

from ..procedures import facts_of
from . import conditions as cd
from . import disjoint


def nullable_names(rs):
    """A predicate: can this fact, parameter or conclusion be null? (Smaller negations when not.)"""
    facts = facts_of(rs.procedure)
    never_null: set[str] = set()
    setters: dict[str, list] = {}
    for r in rs.rules:
        for path, value in r.spec.then.items():
            setters.setdefault(path, []).append((r, value))
    for path, rules in setters.items():
        literal = all(v is not None and not isinstance(v, dict) for _, v in rules)
        closed = any(r.condition == cd.ALWAYS and r.spec.group is not None for r, _ in rules)
        if literal and closed:
            never_null.add(path)

    def nullable(name: str) -> bool:
        if name.startswith("params."):
            ps = rs.parameters.get(name[7:])
            return ps is None or any(v.value is None for v in ps.parameter.values)
        if name in facts:
            return facts[name].nullable
        return name not in never_null

    return nullable


def effective_condition(rs, rule) -> cd.Cond:
    """The rule's own condition, and for an exclusive group: no earlier member matched."""
    parts = [rule.condition]
    for other in rs.group_members(rule):
        if other.id == rule.id:
            break
        parts.append(cd.Not(other.condition))
    parts = [p for p in parts if p != cd.ALWAYS]
    if not parts:
        return cd.ALWAYS
    return parts[0] if len(parts) == 1 else cd.All(tuple(parts))


def exclusive_condition(rs, rule, nullable=None) -> cd.Cond:
    """The effective condition with exclusive branches: durable fires the rule at most once per message."""
    return disjoint.exclusive(effective_condition(rs, rule), nullable or nullable_names(rs))
