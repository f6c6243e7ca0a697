"""A ``RuleSet`` stage -> a durable_rules ruleset definition (pure data, JSON conditions).

Each stage of each (procedure, region) becomes one durable ruleset, named after the rules
directory's content digest so that two rule versions can live in one process.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import REGISTRY
from . import conditions as cd
from .load import RuleSet


@dataclass(frozen=True)
class CompiledStage:
    name: str  # durable ruleset name (unique per rules version, procedure, region, stage)
    stage: str
    definition: dict  # rule id -> {"all": [...], "run": rule id}
    reads: tuple[str, ...]  # dotted names the message must carry
    order: dict  # rule id -> position (file order), to list fired rules deterministically


def nullable_names(rs: RuleSet):
    """A predicate: can this fact, parameter or conclusion be null? (Smaller negations when not.)"""
    facts = REGISTRY[rs.procedure]
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


def effective_condition(rs: RuleSet, rule, nullable=None) -> cd.Cond:
    """The rule's own condition, and for an exclusive group: no earlier member matched."""
    nullable = nullable or nullable_names(rs)
    parts = [rule.condition]
    for other in rs.group_members(rule):
        if other.id == rule.id:
            break
        parts.append(cd.negate(other.condition, nullable))
    parts = [p for p in parts if p != cd.ALWAYS]
    if not parts:
        return cd.ALWAYS
    return cd.simplify(parts[0] if len(parts) == 1 else cd.All(tuple(parts)))


def compile_stage(rs: RuleSet, stage: str) -> CompiledStage:
    definition = {}
    reads: set[str] = set()
    order = {}
    nullable = nullable_names(rs)
    for pos, rule in enumerate(rs.rules):
        if rule.spec.stage != stage:
            continue
        cond = effective_condition(rs, rule, nullable)
        reads |= cd.names(cond)
        expr = {"stage": stage} if cond == cd.ALWAYS else {"$and": [{"stage": stage}, cd.to_durable(cond)]}
        definition[rule.id] = {"all": [{"m": expr}], "run": rule.id}
        order[rule.id] = pos
    name = f"tsumitate.{rs.digest}.{rs.procedure}.{rs.region}.{stage}"
    return CompiledStage(name, stage, definition, tuple(sorted(reads)), order)
