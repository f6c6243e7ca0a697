"""Rule conditions: parse the YAML form, negate it, compile it to durable_rules JSON.

"First match wins" in an exclusive group is compiled into the conditions themselves: rule k
fires only when its condition holds and no earlier rule's does. durable_rules then fires
exactly one rule per group, and nothing in Python picks a winner.

Null semantics follow durable_rules (measured): a comparison with a null value is false, except
``eq null`` / ``ne null``; a ``{ref}`` operand that is null compares like a literal null, so
``x = {ref: y}`` holds when both are null and ``x ≠ {ref: y}`` when only y is. Negation keeps that exact: not (x > 5) is (x <= 5 or x is null).
``holds`` evaluates the same tree in Python; it is used to explain why a rule did *not*
fire, never to decide.
"""

from __future__ import annotations

from typing import Any, Callable, Union

import msgspec

from ..errors import M, Msg, as_msg

OPS = {"eq", "ne", "lt", "le", "gt", "ge", "in"}
_NEGATE = {"eq": "ne", "ne": "eq", "lt": "ge", "ge": "lt", "le": "gt", "gt": "le"}
_DURABLE = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
_SYMBOL = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


class ConditionError(ValueError):
    """A malformed condition; ``path`` points inside the rule's ``when``."""

    def __init__(self, message: "Msg | str", path: tuple = ()):
        self.path = path
        self.msg = as_msg(message)
        super().__init__(self.msg.en)


class Ref(msgspec.Struct, frozen=True):
    """``{ref: name}``: the value of another name of the message, as an operand."""

    name: str


class Cmp(msgspec.Struct, frozen=True):
    """``name op operand`` (op: eq ne lt le gt ge in)."""

    name: str
    op: str
    operand: Any  # literal scalar or Ref


class All(msgspec.Struct, frozen=True):
    """Every item holds (``all:``, or several keys of one mapping); ``All(())`` always holds."""

    items: tuple


class Any_(msgspec.Struct, frozen=True):
    """At least one item holds (``any:``)."""

    items: tuple


class Not(msgspec.Struct, frozen=True):
    """The item does not hold (``not:``)."""

    item: Any


Cond = Union[Cmp, All, Any_, Not]
ALWAYS = All(())


def flat(name: str) -> str:
    """Dotted names (``test.status``, ``params.fee``) become flat message keys for durable."""
    return name.replace(".", "__")


def _operand(value: Any, path: tuple) -> Any:
    if isinstance(value, dict):
        if set(value) == {"ref"} and isinstance(value["ref"], str):
            return Ref(value["ref"])
        raise ConditionError(M("比較する値は、そのままの値か {ref: 名前} です", "an operand is a plain value or {ref: name}"), path)
    if isinstance(value, float):
        raise ConditionError(M("条件の数は整数です（円・月数）", "numbers in conditions are whole numbers (yen, months)"), path)
    if not isinstance(value, (str, int, bool, type(None), list)):
        raise ConditionError(M(f"使えない値です: {value!r}", f"unsupported value {value!r}"), path)
    return value


def parse(when: Any, path: tuple = ()) -> Cond:
    """YAML ``when`` -> condition tree (raises ``ConditionError`` with the path inside ``when``)."""
    if when is None or when == {}:
        return ALWAYS
    if not isinstance(when, dict):
        raise ConditionError(M("条件はキーと値の対応表（mapping）で書きます", "a condition is a mapping"), path)
    items = []
    for key, value in when.items():
        here = path + (key,)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ConditionError(M(f"'{key}' には条件のリスト（1件以上）を書きます", f"'{key}' takes a non-empty list of conditions"), here)
            parts = tuple(parse(v, here + (i,)) for i, v in enumerate(value))
            items.append(All(parts) if key == "all" else Any_(parts))
        elif key == "not":
            items.append(Not(parse(value, here)))
        elif not isinstance(key, str):
            raise ConditionError(M("条件のキーは事実・パラメータ・結論の名前です", "a condition key is a fact, parameter or conclusion name"), here)
        elif isinstance(value, dict) and not (set(value) == {"ref"}):
            if not value:
                raise ConditionError(M("比較が空です", "empty comparison"), here)
            for op, operand in value.items():
                if op not in OPS:
                    raise ConditionError(M(f"不明な比較 '{op}' です（使えるもの: {', '.join(sorted(OPS))}）",
                                           f"unknown comparison '{op}' (use one of: {', '.join(sorted(OPS))})"), here + (op,))
                operand = _operand(operand, here + (op,))
                if op == "in":
                    if not isinstance(operand, list) or not operand:
                        raise ConditionError(M("'in' には値のリスト（1件以上）を書きます", "'in' takes a non-empty list"), here + (op,))
                    items.append(Any_(tuple(Cmp(key, "eq", _operand(v, here + (op,))) for v in operand)))
                elif isinstance(operand, list):
                    raise ConditionError(M(f"'{op}' には値を1つ書きます（リストではなく）", f"'{op}' takes one value, not a list"), here + (op,))
                elif operand is None and op not in ("eq", "ne"):
                    raise ConditionError(M(f"'{op}: null' は成り立ちません。null と比べるときは eq か ne を使います",
                                           f"'{op}: null' is never true; compare with null by eq or ne"), here + (op,))
                else:
                    items.append(Cmp(key, op, operand))
        else:
            operand = _operand(value, here)
            if isinstance(operand, list):
                raise ConditionError(M("複数の値と比べるときは {in: [...]} を使います", "use {in: [...]} to compare with several values"), here)
            items.append(Cmp(key, "eq", operand))
    return items[0] if len(items) == 1 else All(tuple(items))


def names(cond: Cond) -> set[str]:
    """Every fact, parameter or conclusion name the condition reads."""
    if isinstance(cond, Cmp):
        out = {cond.name}
        if isinstance(cond.operand, Ref):
            out.add(cond.operand.name)
        return out
    if isinstance(cond, Not):
        return names(cond.item)
    return set().union(*(names(c) for c in cond.items)) if cond.items else set()


def comparisons(cond: Cond) -> list[Cmp]:
    if isinstance(cond, Cmp):
        return [cond]
    if isinstance(cond, Not):
        return comparisons(cond.item)
    return [c for item in cond.items for c in comparisons(item)]


def negate(cond: Cond, nullable: Callable[[str], bool] = lambda name: True) -> Cond:
    """not(cond), pushed down to comparisons, exact under durable's null semantics.

    ``nullable(name)`` says whether a name can be null; only those get the ``or name = null``
    guard, which keeps compiled conditions small (durable_rules rejects very large ones).
    """
    if isinstance(cond, Not):
        return cond.item
    if isinstance(cond, All):
        if not cond.items:
            return Any_(())  # never
        return simplify(Any_(tuple(negate(c, nullable) for c in cond.items)))
    if isinstance(cond, Any_):
        return simplify(All(tuple(negate(c, nullable) for c in cond.items)))
    if cond.operand is None and cond.op in ("eq", "ne"):
        return Cmp(cond.name, _NEGATE[cond.op], None)
    flipped: list[Cond] = [Cmp(cond.name, _NEGATE[cond.op], cond.operand)]
    if nullable(cond.name):
        flipped.append(Cmp(cond.name, "eq", None))
    if isinstance(cond.operand, Ref) and nullable(cond.operand.name):
        flipped.append(Cmp(cond.operand.name, "eq", None))
    return flipped[0] if len(flipped) == 1 else Any_(tuple(flipped))


def simplify(cond: Cond) -> Cond:
    """Flatten nested and/or, drop duplicates, and absorb: a and (a or b) = a; a or (a and b) = a."""
    if isinstance(cond, Not):
        return Not(simplify(cond.item))
    if not isinstance(cond, (All, Any_)):
        return cond
    kind = type(cond)
    items: list = []
    for c in (simplify(c) for c in cond.items):
        for part in (c.items if isinstance(c, kind) else (c,)):
            if part not in items:
                items.append(part)
    dual = Any_ if kind is All else All
    kept = [c for c in items if not (isinstance(c, dual) and any(o in c.items for o in items if o is not c))]
    if len(kept) == 1:
        return kept[0]
    return kind(tuple(kept))


def holds(cond: Cond, fact: dict[str, Any]) -> bool:
    """Python evaluation with durable's semantics (for explanations and tests only)."""
    if isinstance(cond, All):
        return all(holds(c, fact) for c in cond.items)
    if isinstance(cond, Any_):
        return any(holds(c, fact) for c in cond.items)
    if isinstance(cond, Not):
        return not holds(cond.item, fact)
    left = fact.get(cond.name)
    right = fact.get(cond.operand.name) if isinstance(cond.operand, Ref) else cond.operand
    if right is None:  # durable: a {ref} that is null compares like a literal null (measured)
        return (left is None) == (cond.op == "eq") if cond.op in ("eq", "ne") else False
    if left is None:
        return False
    try:
        return {
            "eq": left == right, "ne": left != right, "lt": left < right,
            "le": left <= right, "gt": left > right, "ge": left >= right,
        }[cond.op]
    except TypeError:
        return False


def to_durable(cond: Cond) -> dict:
    """Condition tree -> durable_rules JSON expression on one message."""
    if isinstance(cond, All):
        if not cond.items:
            raise ConditionError("internal: empty conjunction must be dropped before compiling")
        return _and([to_durable(c) for c in cond.items])
    if isinstance(cond, Any_):
        if not cond.items:
            return {"$lt": {"__never": 0}}
        parts = [to_durable(c) for c in cond.items]
        return parts[0] if len(parts) == 1 else {"$or": parts}
    if isinstance(cond, Not):
        return to_durable(negate(cond.item))
    key = flat(cond.name)
    operand = {"$m": flat(cond.operand.name)} if isinstance(cond.operand, Ref) else cond.operand
    if cond.op == "eq":
        return {key: operand}
    return {_DURABLE[cond.op]: {key: operand}}


def _and(parts: list[dict]) -> dict:
    return parts[0] if len(parts) == 1 else {"$and": parts}


def describe(cond: Cond) -> str:
    """Readable form for explanations: ``capacity ≥ payment_min and test.status = failed``."""
    if isinstance(cond, All):
        return " かつ ".join(_paren(describe(c)) for c in cond.items) if cond.items else "常に"
    if isinstance(cond, Any_):
        return " または ".join(_paren(describe(c)) for c in cond.items) if cond.items else "決してない"
    if isinstance(cond, Not):
        return f"not ({describe(cond.item)})"
    operand = cond.operand.name if isinstance(cond.operand, Ref) else ("null" if cond.operand is None else repr(cond.operand) if isinstance(cond.operand, str) else str(cond.operand).lower() if isinstance(cond.operand, bool) else f"{cond.operand:,}")
    return f"{cond.name} {_SYMBOL[cond.op]} {operand}"


def _paren(text: str) -> str:
    return f"({text})" if (" かつ " in text or " または " in text) else text
