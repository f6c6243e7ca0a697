"""durable_rules' two fixed-size arrays, measured, and the model the loader and compiler use for them.

error 113: a rule's and/or markers (two per and/or node) fill an array of 32 — 31 is the most.
error 303: matching walks the alpha network with a stack of 64 — 64 matching siblings pass, 65 fail.
The model (``rulebook/durable_limits.py``) must never say "fits" for a ruleset durable refuses.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from tsumitate.engine import Engine
from tsumitate.rulebook import conditions as cd
from tsumitate.rulebook import disjoint
from tsumitate.rulebook import durable_limits as limits

_names = itertools.count()


def _build(trees) -> tuple[Engine, str, str | None]:
    engine, name = Engine(), f"limits.{next(_names)}"
    definition = {f"r{k}": {"all": [{"m": disjoint.to_durable(t, "s")}], "run": f"r{k}"} for k, t in enumerate(trees)}
    return engine, name, engine.try_register(name, definition)


def _fire(engine: Engine, name: str, message: dict):
    try:
        return engine.fire(name, dict(message, stage="s"))
    except Exception as e:  # durable raises a plain Exception carrying its error code
        return str(e)


def test_a_rule_may_use_31_and_or_markers_and_no_more():
    def alternatives(k):  # an "or" of k two-test branches: 2 (stage and) + 2 (or) + 2k
        return cd.Any_(tuple(cd.All((cd.Cmp("a", "eq", i), cd.Cmp("b", "eq", i))) for i in range(k)))

    fits, too_big = alternatives(13), alternatives(14)
    assert (limits.expressions(fits), limits.expressions(too_big)) == (30, 32)
    assert _build([fits])[2] is None
    assert "113" in _build([too_big])[2]


def test_64_matching_rules_in_one_ruleset_pass_and_65_overflow_the_matching_stack():
    for n, overflow in ((64, False), (65, True)):
        trees = [cd.Cmp("capacity", "ge", k) for k in range(n)]
        assert (limits.stack_height(trees) > limits.MAX_STACK) is overflow
        engine, name, error = _build(trees)
        assert error is None  # building never shows it: only a message does
        fired = _fire(engine, name, {"capacity": 100})
        assert ("303" in fired) if overflow else (len(fired) == n), fired


def test_rules_testing_one_name_for_different_values_never_overflow():
    """Of 200 rules 'kind = vK' at most one matches a message: the stack stays small."""
    trees = [cd.Cmp("kind", "eq", f"v{k}") for k in range(200)]
    assert limits.stack_height(trees) <= limits.MAX_STACK
    engine, name, _ = _build(trees)
    assert _fire(engine, name, {"kind": "v7"}) == ["r7"]


NAMES = ["a", "b", "c"]
comparison = st.builds(cd.Cmp, st.sampled_from(NAMES), st.sampled_from(["eq", "ne", "ge", "lt"]), st.integers(0, 3))
trees = st.recursive(comparison, lambda inner: st.one_of(
    st.builds(lambda xs: cd.All(tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
    st.builds(lambda xs: cd.Any_(tuple(xs)), st.lists(inner, min_size=1, max_size=3))), max_leaves=5)
messages = st.fixed_dictionaries({n: st.one_of(st.none(), st.integers(0, 3)) for n in NAMES})


@settings(max_examples=60, deadline=None)
@given(rules=st.lists(trees.map(disjoint.exclusive), min_size=20, max_size=90), views=st.lists(messages, min_size=1, max_size=5))
def test_the_model_never_says_a_ruleset_fits_when_durable_overflows(rules, views):
    rules = [t for t in rules if t not in (disjoint.TRUE, disjoint.FALSE) and limits.expressions(t) <= limits.MAX_EXPRESSIONS]
    engine, name, error = _build(rules)
    assert error is None
    height = limits.stack_height(rules)
    for view in views:
        fired = _fire(engine, name, view)
        if isinstance(fired, str):
            assert "303" in fired, fired
            assert height > limits.MAX_STACK, (height, fired)
