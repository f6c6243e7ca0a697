"""A condition as alternatives that can never match together, so durable_rules fires a rule once.

Why this module exists: durable_rules turns a condition with an OR into one path per
alternative and fires the rule once per alternative that matches the message (measured:
``{"$or": [{"a": 1}, {"b": 1}]}`` fires twice for ``{"a": 1, "b": 1}``). "First match wins"
groups are compiled as "my condition holds and no earlier member's does", and the negation of a
member with several conditions is an OR: before this module, a self-filed case in a region
with no known fee fired ``ir.fee.unknown`` twice.

So every rule's condition is rewritten, before it reaches durable, into a *disjoint*
disjunctive normal form: a list of conjunctions of comparisons of which at most one can hold
for any message. Then durable itself can fire the rule at most once per message; Python picks
no winner and removes no duplicate afterwards. The rewrite is exact under durable's semantics
(a comparison with null is false, except ``= null`` / ``≠ null``):

- ``a or b``         → ``a``, then ``b and not a`` (each alternative excludes the earlier ones);
- ``not (a and b)``  → ``not a``, then ``a and not b`` (Shannon's expansion, disjoint by design);
- ``not (x > 5)``    → ``x ≤ 5``, then ``x = null`` (a null x fails ``x ≤ 5``: already disjoint);
- ``not (x > y)``    → ``x ≤ y``, ``x = null``, ``x ≠ null and y = null`` (and for ``=``/``≠``
  with a ``{ref}``, durable's own reading of a null operand: see ``_Builder.neg_cmp``);
- ``x in [1, 2]``    → ``x = 1``, ``x = 2`` (distinct values: disjoint as they are).

Conjunctions that contradict themselves (``x = null and x > 5``, ``x = 1 and x = 2``,
``x < 3 and x ≥ 7``) are dropped and comparisons implied by another (``x ≠ null`` beside
``x = 1``) are left out, which keeps the alternatives few: durable_rules refuses a condition
with too many (see ``MAX_ALTERNATIVES`` and the README's engine notes, where the sizes are
measured). Pruning only ever removes what can never match, so it cannot change a decision.
"""

from __future__ import annotations

from itertools import product
from typing import Callable, Iterable

from . import conditions as cd

Term = tuple  # a conjunction: tuple of cd.Cmp, no duplicates, in first-seen order

_COMPLEMENT = {"eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "le": "gt", "gt": "le"}
TRUE, FALSE = cd.All(()), cd.Any_(())


def exclusive(cond: cd.Cond, nullable: Callable[[str], bool] = lambda name: True) -> cd.Cond:
    """``cond`` as a tree of and/or/comparisons in which the branches of every "or" exclude each other.

    durable_rules builds an "or" as branches that meet again, and counts a match once per path
    through the tree: with exclusive branches at most one path can match, so the rule fires at
    most once per message. The tree stays factored (not flattened into one "or" of "and"s),
    because durable allows only a few and/or nodes per rule (``durable_limits.expressions``).
    """
    b = _Builder(nullable)
    return b.simplify(b.pos(cd.simplify(cond)), ())


def terms(cond: cd.Cond, nullable: Callable[[str], bool] = lambda name: True) -> list[Term]:
    """The exclusive tree flattened into disjoint conjunctions (tests; small conditions only)."""
    return _flatten(exclusive(cond, nullable))


def _flatten(tree: cd.Cond) -> list[Term]:
    if isinstance(tree, cd.Cmp):
        return [(tree,)]
    if isinstance(tree, cd.Any_):
        return [t for item in tree.items for t in _flatten(item)]
    out: list[Term] = [()]
    for item in tree.items:
        out = [a + b for a in out for b in _flatten(item)]
    return out


def _one(parts: list) -> cd.Cond:
    return parts[0] if len(parts) == 1 else cd.All(tuple(parts))


def _either(parts: list) -> cd.Cond:
    return parts[0] if len(parts) == 1 else cd.Any_(tuple(parts))


class _Builder:
    def __init__(self, nullable):
        self.nullable = nullable

    # cond holds
    def pos(self, cond) -> cd.Cond:
        if isinstance(cond, cd.Cmp):
            return cond
        if isinstance(cond, cd.Not):
            return self.neg(cond.item)
        if isinstance(cond, cd.All):
            return cd.All(tuple(self.pos(c) for c in cond.items))
        # any: each alternative and none of the earlier ones it could overlap with
        branches = []
        for k, item in enumerate(cond.items):
            earlier = [self.neg(o) for o in cond.items[:k] if not _disjoint(o, item, self.nullable)]
            branches.append(_one(earlier + [self.pos(item)]))
        return cd.Any_(tuple(branches))

    # cond does not hold
    def neg(self, cond) -> cd.Cond:
        if isinstance(cond, cd.Cmp):
            return _either([_one(list(t)) for t in self.neg_cmp(cond)])
        if isinstance(cond, cd.Not):
            return self.pos(cond.item)
        if isinstance(cond, cd.Any_):
            return cd.All(self._neg_values(cond.items))
        # not (a and b and c) = not a, or a and not b, or a and b and not c
        return cd.Any_(tuple(_one([self.pos(c) for c in cond.items[:k]] + [self.neg(item)])
                             for k, item in enumerate(cond.items)))

    def _neg_values(self, items) -> tuple:
        """not a, not b, ... — with the null case of one name said once: ``not (x in [1, 2, 3])`` is
        ``x = null``, or ``x ≠ 1 and x ≠ 2 and x ≠ 3`` (not three separate "or x = null"), which
        keeps an ``in`` list of hundreds of values within durable's and/or limit."""
        plain: dict[str, list] = {}
        for c in items:
            if isinstance(c, cd.Cmp) and c.operand is not None and not isinstance(c.operand, cd.Ref):
                plain.setdefault(c.name, []).append(c)
        out = []
        for c in items:
            group = plain.get(c.name) if isinstance(c, cd.Cmp) else None
            if group is None or len(group) < 2 or not self.nullable(c.name):
                out.append(self.neg(c))
            elif c is group[0]:
                flipped = cd.All(tuple(cd.Cmp(g.name, _COMPLEMENT[g.op], g.operand) for g in group))
                out.append(cd.Any_((cd.Cmp(c.name, "eq", None), flipped)))
        return tuple(out)

    def neg_cmp(self, c: cd.Cmp) -> list[Term]:
        """not (comparison), as disjoint conjunctions, exact under durable's null semantics."""
        if c.operand is None:
            return [(cd.Cmp(c.name, _COMPLEMENT[c.op], None),)]
        flipped = cd.Cmp(c.name, _COMPLEMENT[c.op], c.operand)
        x_null, x_set = cd.Cmp(c.name, "eq", None), cd.Cmp(c.name, "ne", None)
        if not isinstance(c.operand, cd.Ref):
            return [(flipped,), (x_null,)] if self.nullable(c.name) else [(flipped,)]
        # x ⋄ {ref: y}: durable compares a null y like a literal null (x = y holds when both are
        # null, x ≠ y when only y is), and any other comparison with a null side is false.
        y = c.operand.name
        y_null, y_set = cd.Cmp(y, "eq", None), cd.Cmp(y, "ne", None)
        xn, yn = self.nullable(c.name), self.nullable(y)
        if c.op == "eq":  # not (x = y): x ≠ y (x set), or x null and y set
            return [(flipped,)] + ([(x_null, y_set)] if xn else [])
        if c.op == "ne":  # not (x ≠ y): x null, or x = y with x set
            return [(x_null,), (flipped, x_set)] if xn else [(flipped,)]
        out = [(flipped,)]  # order: both sides set and the other order, or a side null
        if xn:
            out.append((x_null,))
        if yn:
            out.append(((x_set,) if xn else ()) + (y_null,))
        return out

    def implied(self, ctx: Term, c: cd.Cmp) -> bool:
        return all(not _satisfiable(ctx + t, self.nullable) for t in self.neg_cmp(c))

    def simplify(self, tree: cd.Cond, ctx: Term) -> cd.Cond:
        """Drop what the comparisons already known (``ctx``) make impossible or certain.

        Only removes branches that can never match and tests that always pass, so the tree
        means the same; it just gets small enough for durable.
        """
        if isinstance(tree, cd.Cmp):
            if tree in ctx or self.implied(ctx, tree):
                return TRUE
            return tree if _satisfiable(ctx + (tree,), self.nullable) else FALSE
        if isinstance(tree, cd.All):
            items = list(_flat_items(tree, cd.All))
            kept: list = []
            known = ctx
            for leaf in (c for c in items if isinstance(c, cd.Cmp)):
                r = self.simplify(leaf, known)
                if r == FALSE:
                    return FALSE
                if r != TRUE:
                    kept.append(r)
                    known = known + (r,)
            for item in (c for c in items if not isinstance(c, cd.Cmp)):
                r = self.simplify(item, known)
                if r == FALSE:
                    return FALSE
                for part in (r.items if isinstance(r, cd.All) else (r,)) if r != TRUE else ():
                    if part not in kept:  # x and x = x
                        kept.append(part)
            return _one(kept) if kept else TRUE
        branches: list = []
        for item in _flat_items(tree, cd.Any_):
            r = self.simplify(item, ctx)
            if r == TRUE:
                return TRUE  # this branch always holds here (the others, exclusive of it, never do)
            if r != FALSE:
                branches.extend(r.items if isinstance(r, cd.Any_) else (r,))
        return _either(branches) if branches else FALSE


def _flat_items(tree, kind):
    for c in tree.items:
        if isinstance(c, kind) and c not in (TRUE, FALSE):
            yield from _flat_items(c, kind)
        else:
            yield c


def _term(lits: Iterable[cd.Cmp]) -> Term | None:
    seen: list[cd.Cmp] = []
    for lit in lits:
        if lit not in seen:
            seen.append(lit)
    return tuple(seen)


def _kind(v) -> str | None:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, str):
        return "str"
    return None


def _satisfiable(t: Term, nullable) -> bool:
    """False only when no message can satisfy every comparison (sound: unsure means True)."""
    by_name: dict[str, list[cd.Cmp]] = {}
    null_names, not_null = set(), set()
    present = set(t)
    for lit in t:
        if lit.operand is None:
            (null_names if lit.op == "eq" else not_null).add(lit.name)
        by_name.setdefault(lit.name, []).append(lit)
        if cd.Cmp(lit.name, _COMPLEMENT[lit.op], lit.operand) in present:
            return False
    if null_names & not_null:
        return False
    for lit in t:
        if lit.operand is None:
            continue
        if not isinstance(lit.operand, cd.Ref):
            if lit.name in null_names:  # a comparison with a literal value is false for a null name
                return False
            continue
        y = lit.operand.name
        if lit.op in ("lt", "le", "gt", "ge") and (lit.name in null_names or y in null_names):
            return False  # an order with a null side is false
        if lit.op == "ne" and lit.name in null_names:
            return False
        if lit.op == "eq" and ((lit.name in null_names and y in not_null) or (lit.name in not_null and y in null_names)):
            return False
    for name, lits in by_name.items():
        plain = [c for c in lits if c.operand is not None and not isinstance(c.operand, cd.Ref)]
        kinds = {_kind(c.operand) for c in plain}
        if len(kinds) != 1 or None in kinds:
            continue  # mixed kinds: say nothing
        fixed = [c.operand for c in plain if c.op == "eq"]
        if fixed:
            v = fixed[0]
            if not all(cd.holds(c, {name: v}) for c in plain):
                return False
        elif kinds == {"int"}:
            lo, hi = _bounds(plain)
            if lo is not None and hi is not None and lo > hi:
                return False
    return True


def _bounds(plain: list[cd.Cmp]) -> tuple[int | None, int | None]:
    lo = hi = None
    for c in plain:
        v = c.operand
        if c.op in ("gt", "ge"):
            v = v + 1 if c.op == "gt" else v
            lo = v if lo is None else max(lo, v)
        elif c.op in ("lt", "le"):
            v = v - 1 if c.op == "lt" else v
            hi = v if hi is None else min(hi, v)
    return lo, hi


def _literals(cond) -> Term | None:
    if isinstance(cond, cd.Cmp):
        return (cond,)
    if isinstance(cond, cd.All) and all(isinstance(c, cd.Cmp) for c in cond.items):
        return tuple(cond.items)
    return None


def _disjoint(a: cd.Cond, b: cd.Cond, nullable) -> bool:
    """True when ``a`` and ``b`` can be shown never to hold together (then b needs no "and not a")."""
    if (isinstance(a, cd.Cmp) and isinstance(b, cd.Cmp) and a.name == b.name and a.op == b.op == "eq"
            and not isinstance(a.operand, cd.Ref) and not isinstance(b.operand, cd.Ref)
            and _kind(a.operand) == _kind(b.operand) and a.operand != b.operand):
        return True  # x = 1, x = 2 (an ``in`` list): the common case, decided without the general check
    la, lb = _literals(a), _literals(b)
    return la is not None and lb is not None and not _satisfiable(_term(la + lb), nullable)


def to_durable(tree: cd.Cond, stage: str) -> dict:
    """An exclusive tree -> durable's JSON expression on one message of ``stage``."""
    if tree == TRUE:
        return {"stage": stage}
    return {"$and": [{"stage": stage}, cd.to_durable(tree)]}
