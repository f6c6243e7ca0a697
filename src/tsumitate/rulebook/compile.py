"""A ``RuleSet`` -> durable_rules ruleset definitions (pure data, JSON conditions).

Rules are sent to durable in *waves*: a wave holds every rule whose inputs are known once the
earlier waves have fired (the rule authors' stages give the order; independent stages share a
wave, so a 任意整理 needs three messages, not five). Each wave of each (procedure, region)
becomes one durable ruleset, named after the rules directory's content digest so that two rule
versions can live in one process. ``compile_stage`` builds one stage alone (rule linter,
``rules show``, tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..procedures import facts_of
from . import conditions as cd
from . import disjoint
from .load import RuleSet, placeholders


@dataclass(frozen=True)
class CompiledStage:
    name: str  # durable ruleset name (unique per rules version, procedure, region, stage or wave)
    stage: str  # the stage name, or "waveN"
    definition: dict  # rule id -> {"all": [...], "run": rule id}
    reads: tuple[str, ...]  # dotted names the message must carry
    order: dict  # rule id -> (stage index, file position), to list fired rules deterministically


def nullable_names(rs: RuleSet):
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


def effective_condition(rs: RuleSet, rule) -> cd.Cond:
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


def exclusive_condition(rs: RuleSet, rule, nullable=None) -> cd.Cond:
    """The effective condition with exclusive branches: durable fires the rule at most once per message."""
    return disjoint.exclusive(effective_condition(rs, rule), nullable or nullable_names(rs))


def _compile(rs: RuleSet, rules, label: str) -> CompiledStage:
    definition = {}
    reads: set[str] = set()
    nullable = nullable_names(rs)
    for rule in rules:
        cond = effective_condition(rs, rule)
        reads |= cd.names(cond)
        expr = disjoint.to_durable(disjoint.exclusive(cond, nullable), label)
        definition[rule.id] = {"all": [{"m": expr}], "run": rule.id}
    name = f"tsumitate.{rs.digest}.{rs.procedure}.{rs.region}.{label}"
    return CompiledStage(name, label, definition, tuple(sorted(reads)), rule_order(rs))


def compile_stage(rs: RuleSet, stage: str) -> CompiledStage:
    return _compile(rs, [r for r in rs.rules if r.spec.stage == stage], stage)


def rule_order(rs: RuleSet) -> dict[str, tuple[int, int]]:
    """(stage index, position in the files): the order fired rules and reasons are listed in."""
    stage_index = {s: i for i, s in enumerate(rs.stages)}
    return {r.id: (stage_index.get(r.spec.stage, len(stage_index)), pos) for pos, r in enumerate(rs.rules)}


def _value_refs(spec) -> set[str]:
    if isinstance(spec, dict):
        out: set[str] = set()
        for op, arg in spec.items():
            if op == "ref" and isinstance(arg, str):
                out.add(arg)
            else:
                out |= _value_refs(arg)
        return out
    if isinstance(spec, list):
        return set().union(*(_value_refs(v) for v in spec)) if spec else set()
    return set()


def waves(rs: RuleSet) -> list[list]:
    """Rules grouped into the fewest successive messages that respect every dependency.

    A rule goes after the wave that concludes anything its condition reads; into the same wave
    or later than whatever writes a value its conclusions or texts use (rules of one wave are
    applied in stage and file order, so such a value is in place in time). An exclusive group
    stays together.
    """
    order = rule_order(rs)
    written: dict[str, int] = {}  # conclusion path -> latest wave writing it
    wave_of: dict[str, int] = {}
    units: list[list] = []
    for r in sorted(rs.rules, key=lambda r: order[r.id]):
        if r.spec.group and units and units[-1][0].spec.group == r.spec.group and units[-1][0].spec.stage == r.spec.stage:
            units[-1].append(r)
        else:
            units.append([r])
    for unit in units:
        w = 0
        for r in unit:
            for name in cd.names(r.condition):
                if name in written:
                    w = max(w, written[name] + 1)
            quoted = _value_refs(r.spec.then) | set(placeholders(r.spec.ja)) | set(placeholders(r.spec.en))
            for name in quoted | set(r.spec.then):
                for path, at in written.items():
                    if path == name or path.startswith(name + ".") or name.startswith(path + "."):
                        w = max(w, at)
        for r in unit:
            wave_of[r.id] = w
            for path in r.spec.then:
                written[path] = max(written.get(path, 0), w)
    count = max(wave_of.values(), default=-1) + 1
    return [[r for r in rs.rules if wave_of[r.id] == k] for k in range(count)]


def compile_waves(rs: RuleSet) -> list[CompiledStage]:
    return [_compile(rs, rules, f"wave{k}") for k, rules in enumerate(waves(rs))]
