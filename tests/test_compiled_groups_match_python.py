"""What durable_rules fires equals what the rule files say, for any facts, counted.

"First match wins" groups are compiled into mutually exclusive conditions (each member also
carries the negation of every earlier member), rewritten into alternatives of which at most one
can match (``rulebook/disjoint.py``). This property checks, for every stage of every RuleSet of
the shipped book and random messages (with nulls wherever a name can be null):

1. durable_rules fires each rule as many times as a Python reading of the rule files says:
   once if its own condition holds and no earlier member of its group matched, else never.
   The two are compared as multisets (``Counter``), so a rule that fires twice fails the test;
2. the compiled alternatives are pairwise exclusive and together hold exactly when the
   effective condition holds, null semantics included.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tsumitate.procedures import facts_of
from tsumitate.rulebook import conditions as cd
from tsumitate.rulebook import disjoint
from tsumitate.rulebook import values as vl
from tsumitate.rulebook.compile import compile_stage, effective_condition, exclusive_condition, nullable_names
from tsumitate.rulebook.load import load_rulebook

BOOK = load_rulebook()
STAGES = [(key, stage) for key, rs in sorted(BOOK.sets.items()) for stage in rs.stages]


def _interesting_ints() -> list[int]:
    """Every whole number a condition or parameter mentions, and its neighbours: where the edges are."""
    seen = {0, 1, 2}
    for rs in BOOK.sets.values():
        for r in rs.rules:
            seen |= {c.operand for c in cd.comparisons(r.condition) if type(c.operand) is int}
        for ps in rs.parameters.values():
            seen |= {v.value for v in ps.parameter.values if type(v.value) is int}
    return sorted({n + d for n in seen for d in (-1, 0, 1)})


INTS = st.one_of(st.sampled_from(_interesting_ints()), st.integers(-3, 100))


def _param_values(name: str) -> list:
    out = []
    for rs in BOOK.sets.values():
        ps = rs.parameters.get(name)
        if ps is not None:
            out += [v.value for v in ps.parameter.values if v.value not in out]
    return out


def _strategy(name: str, procedure: str, nullable) -> st.SearchStrategy:
    if name.startswith("params."):
        known = [v for v in _param_values(name[7:]) if v is not None]
        if all(type(v) is bool for v in known):
            base = st.booleans()
        elif all(type(v) is int for v in known):
            base = st.one_of(INTS, st.sampled_from(known)) if known else INTS
        else:
            base = st.sampled_from(known)
    elif name in facts_of(procedure):
        info = facts_of(procedure)[name]
        base = INTS if info.kind == "int" else st.booleans() if info.kind == "bool" else st.sampled_from(info.values)
    else:
        kind = vl.RESULT_PATHS[name]
        base = st.sampled_from(vl.ENUMS[kind]) if kind in vl.ENUMS else st.booleans() if kind == "bool" else INTS
    return st.one_of(st.none(), base) if nullable(name) else base


@pytest.fixture(scope="module")
def engine(evaluator):
    return evaluator.engine


@lru_cache(maxsize=None)
def _compiled(key, stage):
    rs = BOOK.sets[key]
    nullable = nullable_names(rs)
    rules = [r for r in rs.rules if r.spec.stage == stage]
    effective = {r.id: effective_condition(rs, r) for r in rules}
    alts = {r.id: disjoint.terms(exclusive_condition(rs, r, nullable)) for r in rules}
    compiled = compile_stage(rs, stage)
    views = st.fixed_dictionaries({n: _strategy(n, rs.procedure, nullable) for n in compiled.reads})
    return compiled, views, rules, effective, alts


@pytest.mark.parametrize("key, stage", STAGES, ids=[f"{p}-{r}-{s}" for (p, r), s in STAGES])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_durable_fires_each_first_matching_rule_exactly_once(engine, key, stage, data):
    rs = BOOK.sets[key]
    compiled, views, rules, conditions, alts = _compiled(key, stage)
    if not compiled.definition:
        return
    engine.ensure(compiled.name, compiled.definition)
    view = data.draw(views, label="facts")
    message = {cd.flat(n): v for n, v in view.items()}
    message["stage"] = stage

    fired = Counter(engine.fire(compiled.name, dict(message)))

    first_match = Counter()
    for r in rules:
        members = [o.id for o in rs.group_members(r)]
        earlier = [rs.by_id[o] for o in members[: members.index(r.id)]]
        if cd.holds(r.condition, view) and not any(cd.holds(o.condition, view) for o in earlier):
            first_match[r.id] += 1
    assert fired == first_match

    for r in rules:
        matching = [t for t in alts[r.id] if cd.holds(cd.All(t), view)]
        assert len(matching) <= 1, f"{r.id}: alternatives {matching} match together"
        assert bool(matching) == cd.holds(conditions[r.id], view)
