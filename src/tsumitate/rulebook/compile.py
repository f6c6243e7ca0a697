"""A ``RuleSet`` stage -> a durable_rules ruleset definition (pure data, JSON conditions).

Each stage of each (procedure, region) becomes one durable ruleset, named after the rules
directory's content digest so that two rule versions can live in one process.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import conditions as cd
from .load import RuleSet


@dataclass(frozen=True)
class CompiledStage:
    name: str  # durable ruleset name (unique per rules version, procedure, region, stage)
    stage: str
    definition: dict  # rule id -> {"all": [...], "run": rule id}
    reads: tuple[str, ...]  # dotted names the message must carry
    order: dict  # rule id -> position (file order), to list fired rules deterministically


def effective_condition(rs: RuleSet, rule) -> cd.Cond:
    """The rule's own condition, and for an exclusive group: no earlier member matched."""
    parts = [rule.condition]
    for other in rs.group_members(rule):
        if other.id == rule.id:
            break
        parts.append(cd.negate(other.condition))
    parts = [p for p in parts if p != cd.ALWAYS]
    if not parts:
        return cd.ALWAYS
    return parts[0] if len(parts) == 1 else cd.All(tuple(parts))


def compile_stage(rs: RuleSet, stage: str) -> CompiledStage:
    definition = {}
    reads: set[str] = set()
    order = {}
    for pos, rule in enumerate(rs.rules):
        if rule.spec.stage != stage:
            continue
        cond = effective_condition(rs, rule)
        reads |= cd.names(cond)
        expr = {"stage": stage} if cond == cd.ALWAYS else {"$and": [{"stage": stage}, cd.to_durable(cond)]}
        definition[rule.id] = {"all": [{"m": expr}], "run": rule.id}
        order[rule.id] = pos
    name = f"tsumitate.{rs.digest}.{rs.procedure}.{rs.region}.{stage}"
    return CompiledStage(name, stage, definition, tuple(sorted(reads)), order)
