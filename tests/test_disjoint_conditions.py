"""Any condition the rule grammar allows fires its rule at most once per message in durable_rules.

durable_rules fires a rule once per alternative of an OR that matches (the bug of issue 8:
``ir.fee.unknown`` listed twice). Conditions are therefore rewritten into alternatives that
exclude each other (``rulebook/disjoint.py``). Here random condition trees — ``all``, ``any``,
``not``, nesting, ``in`` lists, parameters, ``{ref}`` operands and comparisons with null — are
grouped "first match wins", compiled, built in a real durable_rules engine and fired on random
messages (nulls included); the firings, counted, must equal a Python reading of the group.
"""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tsumitate.engine import Engine
from tsumitate.rulebook import conditions as cd
from tsumitate.rulebook import disjoint
from tsumitate.rulebook import durable_limits as limits

INT_NAMES = ["capacity", "params.fee", "test.months"]
VALUES = ["a", "b", "c"]
ENGINE = Engine()
_names = itertools.count()


def _cmp():
    ints = st.builds(lambda n, op, v: {n: {op: v}}, st.sampled_from(INT_NAMES), st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]), st.integers(-1, 3))
    refs = st.builds(lambda n, op, m: {n: {op: {"ref": m}}}, st.sampled_from(INT_NAMES), st.sampled_from(["eq", "ne", "lt", "ge"]), st.sampled_from(INT_NAMES))
    nulls = st.builds(lambda n, op: {n: {op: None}}, st.sampled_from(INT_NAMES + ["kind", "lawyer"]), st.sampled_from(["eq", "ne"]))
    enums = st.builds(lambda v: {"kind": v}, st.sampled_from(VALUES))
    ins = st.builds(lambda vs: {"kind": {"in": vs}}, st.lists(st.sampled_from(VALUES), min_size=1, max_size=3))
    bools = st.builds(lambda v: {"lawyer": v}, st.booleans())
    return st.one_of(ints, refs, nulls, enums, ins, bools)


def _merge(parts: list[dict]) -> dict:
    """Several comparisons in one mapping: an implicit ``all`` (keys must differ)."""
    out: dict = {}
    for p in parts:
        for k, v in p.items():
            if k in out:
                return {"all": parts}
            out[k] = v
    return out


conditions_yaml = st.recursive(
    _cmp(),
    lambda inner: st.one_of(
        st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda x: {"not": x}, inner),
        st.builds(_merge, st.lists(inner, min_size=2, max_size=3)),
    ),
    max_leaves=6,
)

messages = st.fixed_dictionaries({
    "capacity": st.one_of(st.none(), st.integers(-1, 3)),
    "params.fee": st.one_of(st.none(), st.integers(-1, 3)),
    "test.months": st.one_of(st.none(), st.integers(-1, 3)),
    "kind": st.one_of(st.none(), st.sampled_from(VALUES + ["d"])),
    "lawyer": st.one_of(st.none(), st.booleans()),
})


@settings(max_examples=150, deadline=None)
@given(group=st.lists(conditions_yaml, min_size=1, max_size=3), views=st.lists(messages, min_size=1, max_size=8))
def test_a_first_match_group_fires_each_rule_as_often_as_python_says(group, views):
    conds = [cd.parse(w) for w in group]
    definition = {}
    for k, c in enumerate(conds):
        tree = disjoint.exclusive(cd.All((c,) + tuple(cd.Not(o) for o in conds[:k])))
        assume(limits.expressions(tree) <= limits.MAX_EXPRESSIONS)  # larger ones are refused at load
        definition[f"r{k}"] = {"all": [{"m": disjoint.to_durable(tree, "s")}], "run": f"r{k}"}
    name = f"test.disjoint.{next(_names)}"
    ENGINE.ensure(name, definition)
    for view in views:
        message = {cd.flat(n): v for n, v in view.items()}
        message["stage"] = "s"
        fired = Counter(ENGINE.fire(name, message))
        expected = Counter()
        for k, c in enumerate(conds):
            if cd.holds(c, view) and not any(cd.holds(o, view) for o in conds[:k]):
                expected[f"r{k}"] += 1
        assert fired == expected, (group, view)


@settings(max_examples=300, deadline=None)
@given(cond=conditions_yaml, view=messages)
def test_the_alternatives_exclude_each_other_and_say_the_same_as_the_condition(cond, view):
    tree = cd.parse(cond)
    for c in (tree, cd.Not(tree)):
        alts = disjoint.terms(c)
        matching = [t for t in alts if cd.holds(cd.All(t), view)]
        assert len(matching) <= 1, matching
        assert bool(matching) == cd.holds(c, view)


def test_an_or_whose_both_sides_hold_fires_once():
    """The reproducer of issue 8 in one line: durable alone would fire this rule twice."""
    cond = cd.parse({"any": [{"lawyer": False}, {"params.fee": None}]})
    name = f"test.disjoint.{next(_names)}"
    ENGINE.ensure(name, {"r": {"all": [{"m": disjoint.to_durable(disjoint.exclusive(cond), "s")}], "run": "r"}})
    assert ENGINE.fire(name, {"stage": "s", "lawyer": False, "params__fee": None}) == ["r"]
    naive = f"test.disjoint.{next(_names)}"
    ENGINE.ensure(naive, {"r": {"all": [{"m": {"$and": [{"stage": "s"}, cd.to_durable(cond)]}}], "run": "r"}})
    assert ENGINE.fire(naive, {"stage": "s", "lawyer": False, "params__fee": None}) == ["r", "r"]  # why disjoint.py exists
