"""A ``RuleSet`` -> durable_rules ruleset definitions (pure data, JSON conditions).

Rules are sent to durable in *waves*: a wave holds every rule whose inputs are known once the
earlier waves have fired (the rule authors' stages give the order; independent stages share a
wave, so a 任意整理 needs three messages, not five). Each wave of each (procedure, region)
becomes one durable ruleset (or a few, when durable's matching stack would overflow), named
after the rules directory's content digest so that two rule versions can live in one process. ``compile_stage`` builds one stage alone (rule linter,
``rules show``, tests).
"""

from __future__ import annotations

import msgspec

from . import conditions as cd
from . import disjoint
from . import durable_limits as limits
from . import values as vl
from .groups import effective_condition, exclusive_condition, nullable_names  # noqa: F401 (public here too)
from .load import RuleSet, placeholders


class CompiledStage(msgspec.Struct, frozen=True):
    """One durable ruleset (a wave, or a stage alone) of one procedure in one region, ready to register."""

    name: str  # durable ruleset name (unique per rules version, procedure, region, stage or wave)
    stage: str  # the stage name, or "waveN"
    definition: dict  # rule id -> {"all": [...], "run": rule id}
    reads: tuple[str, ...]  # dotted names the message must carry
    order: dict  # rule id -> (stage index, file position), to list fired rules deterministically


def _compile(rs: RuleSet, rules, label: str, split: bool = False) -> list[CompiledStage]:
    """One durable ruleset for ``rules`` or, with ``split``, as few as durable's matching stack allows.

    A part holds rules contiguous in stage and file order, so applying the parts' firings one
    after the other keeps the order in which a wave's conclusions are applied.
    """
    nullable = nullable_names(rs)
    order = rule_order(rs)
    compiled = []
    for rule in sorted(rules, key=lambda r: order[r.id]) if split else rules:
        cond = effective_condition(rs, rule)
        tree = _exclusive(cond, nullable)
        limits.check(rule.id, tree)
        compiled.append((rule, cond, tree))
    parts: list[list] = [compiled]
    if split and _too_high(tree for _, _, tree in compiled):
        # Rule by rule, a new part whenever the next rule would overflow the stack. Only
        # walked when the whole wave overflows: the height never falls as rules are added, so
        # a wave that fits as a whole is one part either way (the walk rebuilds the height
        # after each rule, which is quadratic in the wave's size).
        parts = [[]]
        network = limits.Network()
        for rule, cond, tree in compiled:
            network.add(tree)
            if parts[-1] and network.height() > limits.MAX_STACK:
                parts.append([])
                network = limits.Network()
                network.add(tree)
            parts[-1].append((rule, cond, tree))
    out = []
    for k, part in enumerate(parts):
        definition = {}
        reads: set[str] = set()
        for rule, cond, tree in part:
            reads |= cd.names(cond)
            definition[rule.id] = {"all": [{"m": disjoint.to_durable(tree, label)}], "run": rule.id}
        name = f"tsumitate.{rs.digest}.{rs.procedure}.{rs.region}.{label}" + (f".part{k}" if k else "")
        out.append(CompiledStage(name, label, definition, tuple(sorted(reads)), order))
    return out


# (condition, nullability of each name it reads) -> its exclusive tree. The same rule is in
# every region's rule set (and a region's override is often the base rule again): each
# distinct condition is rewritten once per process instead of once per rule set.
_EXCLUSIVE: dict = {}


def _exclusive(cond, nullable):
    """``disjoint.exclusive(cond, nullable)``, which depends on nothing but these: memoised."""
    try:
        key = (cond, tuple((name, bool(nullable(name))) for name in sorted(cd.names(cond))))
        tree = _EXCLUSIVE.get(key)
    except TypeError:  # an unhashable operand: just compute it
        return disjoint.exclusive(cond, nullable)
    if tree is None:
        if len(_EXCLUSIVE) >= 4096:  # many rule versions in one process: stay bounded
            _EXCLUSIVE.clear()
        tree = _EXCLUSIVE[key] = disjoint.exclusive(cond, nullable)
    return tree


def _too_high(trees) -> bool:
    return limits.stack_height(trees) > limits.MAX_STACK


def compile_stage(rs: RuleSet, stage: str) -> CompiledStage:
    """One stage as one durable ruleset (rule linter, ``rules show``, tests)."""
    return _compile(rs, [r for r in rs.rules if r.spec.stage == stage], stage)[0]


def rule_order(rs: RuleSet) -> dict[str, tuple[int, int]]:
    """(stage index, position in the files): the order fired rules and reasons are listed in."""
    stage_index = {s: i for i, s in enumerate(rs.stages)}
    return {r.id: (stage_index.get(r.spec.stage, len(stage_index)), pos) for pos, r in enumerate(rs.rules)}


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
            quoted = vl.refs(r.spec.then) | set(placeholders(r.spec.ja)) | set(placeholders(r.spec.en))
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
    """Each wave as one durable ruleset, or as several when its rules could overflow durable's
    matching stack together (error 303, see ``durable_limits``); each gets the wave's message."""
    return [part for k, rules in enumerate(waves(rs)) for part in _compile(rs, rules, f"wave{k}", split=True)]
