"""Rule conclusions (``then``): a fixed vocabulary of values, resolved against the facts.

Vocabulary (see ``schema``): a literal, ``{ref: name}``, ``{append: value}``,
``{minus_floor0: [a, b]}`` (max(0, a - b), null if either is null), ``{times: [a, b]}``,
``{sum: [a, b, ...]}``, ``{min: [a, b, ...]}``, ``{ceil_div: [a, b]}`` (whole yen or months,
rounded up) and ``{object: {key: value}}``. Every arithmetic operator gives null when any
operand is null: an unknown court figure never becomes a number. Anything else is rejected
when the rule file is loaded.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from ..errors import M
from ..procedures import procedure_names
from .conditions import ConditionError

OPERATORS = {"ref", "append", "minus_floor0", "times", "sum", "min", "ceil_div", "object"}
_PAIRS = ("minus_floor0", "times", "ceil_div")  # exactly two operands
_LISTS = ("sum", "min")  # one or more operands

# Result paths a rule may set, with the kind of value each takes (checked at load time).
RESULT_PATHS: dict[str, str] = {
    "feasibility.status": "feasibility_status",
    "feasibility.installments": "int?",
    "deposit.monthly": "int?",
    "deposit.installments": "int?",
    "deposit.payee": "payee",
    "deposit.period_months": "object?",
    "deposit.at_filing": "int?",
    "test.status": "test_status",
    "test.months_required": "int?",
    "refund.status": "refund_status",
    "refund.amount": "int?",
    "refund.deductions": "list",
    "commissioner.appointed": "bool",
    "commissioner.fee": "int?",
    "minimum_repayment": "int?",
    "plan_total": "int?",
    "plan": "object?",  # 任意整理: {basis, creditors: [{creditor, settled, installments, monthly}]}
    "alternatives": "list",
    "recommendation": "procedure",
    "bankruptcy.track": "track",
    "bankruptcy.court_deposit": "int?",
    "bankruptcy.gazette_fee": "int?",
    "bankruptcy.filing_fee": "int?",
    "bankruptcy.office_fee": "int?",
    "bankruptcy.target": "int?",
    "bankruptcy.months_needed": "int?",
    "bankruptcy.remaining": "int?",
    # 個人再生's small-scale vote (the procedure's result_fields hold the object)
    "vote.status": "vote_status",
    "vote.creditors": "int?",
    "vote.objecting": "int?",
    "vote.amount_total": "int?",
    "vote.amount_objecting": "int?",
}

ENUMS: dict[str, tuple[str, ...]] = {
    "feasibility_status": ("feasible", "needs_second_opinion", "infeasible", "not_applicable"),
    "test_status": ("not_started", "in_progress", "passed", "at_risk", "failed", "not_applicable"),
    "refund_status": ("not_due", "due", "pending", "own_funds", "ask_office"),
    "payee": ("office_account", "commissioner_account", "own_account"),
    "track": ("summary", "administration"),
    "vote_status": ("presumed_accepted", "at_risk", "rejected", "not_applicable"),
    "procedure": procedure_names(),  # what screening may recommend
}

# Conclusions that later stages may read in their conditions (flat scalars only). The plan
# figures are facts already (computed before any stage), so they are read as facts.
READABLE_CONCLUSIONS = tuple(p for p, kind in RESULT_PATHS.items()
                             if kind not in ("list", "object?") and p not in ("minimum_repayment", "plan_total"))


def check(spec: Any, known: Callable[[str], bool], path: tuple = ()) -> list[tuple[tuple, M]]:
    """Problems in a value spec: unknown operators or names. Returns (path, message) pairs."""
    problems: list[tuple[tuple, M]] = []
    if isinstance(spec, dict):
        if len(spec) != 1 or next(iter(spec)) not in OPERATORS:
            ops, keys = ", ".join(sorted(OPERATORS)), sorted(map(str, spec))
            return [(path, M(f"値はそのままの値か {{{ops}}} のどれかです（キー {keys} が書かれています）",
                             f"a value is a literal or one of {{{ops}}}: got keys {keys}"))]
        op, arg = next(iter(spec.items()))
        if op == "ref":
            if not isinstance(arg, str) or not known(arg):
                problems.append((path + (op,), M(f"不明な事実・パラメータ・結論 '{arg}' です", f"unknown fact, parameter or conclusion '{arg}'")))
        elif op in _PAIRS or op in _LISTS:
            if op in _PAIRS and (not isinstance(arg, list) or len(arg) != 2):
                problems.append((path + (op,), M(f"'{op}' には値2つのリストを書きます", f"'{op}' takes a list of two values")))
            elif op in _LISTS and (not isinstance(arg, list) or not arg):
                problems.append((path + (op,), M(f"'{op}' には値を1つ以上並べたリストを書きます", f"'{op}' takes a non-empty list of values")))
            else:
                for i, a in enumerate(arg):
                    problems += check(a, known, path + (op, i))
        elif op == "append":
            problems += check(arg, known, path + (op,))
        elif op == "object":
            if not isinstance(arg, dict):
                problems.append((path + (op,), M("'object' にはキーと値の対応表を書きます", "'object' takes a mapping")))
            else:
                for k, v in arg.items():
                    problems += check(v, known, path + (op, k))
    elif isinstance(spec, list):
        for i, v in enumerate(spec):
            problems += check(v, known, path + (i,))
    elif isinstance(spec, float):
        problems.append((path, M("金額は円単位の整数です（小数は使えません）", "amounts are whole yen: no decimals")))
    return problems


def refs(spec: Any) -> set[str]:
    """Every name a value spec reads through ``{ref: name}``."""
    if isinstance(spec, dict):
        out: set[str] = set()
        for op, arg in spec.items():
            if op == "ref" and isinstance(arg, str):
                out.add(arg)
            else:
                out |= refs(arg)
        return out
    if isinstance(spec, list):
        return set().union(*(refs(v) for v in spec)) if spec else set()
    return set()


def resolve(spec: Any, view: dict[str, Any]) -> Any:
    """Value spec -> value, reading ``{ref: name}`` from ``view`` (dotted names)."""
    if isinstance(spec, dict):
        op, arg = next(iter(spec.items()))
        if op == "ref":
            return view.get(arg)
        if op == "minus_floor0":
            a, b = resolve(arg[0], view), resolve(arg[1], view)
            return None if a is None or b is None else max(0, a - b)
        if op == "times":
            a, b = resolve(arg[0], view), resolve(arg[1], view)
            return None if a is None or b is None else a * b
        if op in ("sum", "min", "ceil_div"):
            return _ARITH[op]([resolve(a, view) for a in arg])
        if op == "append":
            return _Append(resolve(arg, view))
        if op == "object":
            out = {k: resolve(v, view) for k, v in arg.items()}
            return out
        raise ConditionError(f"unknown value operator {op}")
    if isinstance(spec, list):
        return [resolve(v, view) for v in spec]
    return spec


def compile_value(spec: Any) -> Callable[[dict[str, Any]], Any]:
    """``spec`` decided once: a function of the view giving what ``resolve(spec, view)`` gives.

    The evaluator compiles each rule's ``then`` once instead of walking the spec per case.
    """
    if isinstance(spec, dict):
        op, arg = next(iter(spec.items()))
        if op == "ref":
            return lambda view: view.get(arg)
        if op in ("minus_floor0", "times"):
            first, second = compile_value(arg[0]), compile_value(arg[1])
            if op == "minus_floor0":
                def minus_floor0(view):
                    a, b = first(view), second(view)
                    return None if a is None or b is None else max(0, a - b)
                return minus_floor0

            def times(view):
                a, b = first(view), second(view)
                return None if a is None or b is None else a * b
            return times
        if op in ("sum", "min", "ceil_div"):
            parts, fn = tuple(compile_value(a) for a in arg), _ARITH[op]
            return lambda view: fn([f(view) for f in parts])
        if op == "append":
            inner = compile_value(arg)
            return lambda view: _Append(inner(view))
        if op == "object":
            fields = tuple((k, compile_value(v)) for k, v in arg.items())
            return lambda view: {k: f(view) for k, f in fields}
        raise ConditionError(f"unknown value operator {op}")
    if isinstance(spec, list):
        items = tuple(compile_value(v) for v in spec)
        return lambda view: [f(view) for f in items]  # a new list per case, as resolve gives
    return lambda view: spec


def _ceil_div(values):
    a, b = values
    return None if b == 0 else -(-a // b)  # no divisor: no figure (the rules say why)


def _null_or(fn):
    """Null in, null out: an unknown figure never turns into a number."""
    return lambda values: None if any(v is None for v in values) else fn(values)


_ARITH = {"sum": _null_or(sum), "min": _null_or(min), "ceil_div": _null_or(_ceil_div)}


class _Append:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


APPEND = _Append  # the marker's class, for the evaluator's in-place ``assign_at`` (explain knows it by name)


def assign(result: dict[str, Any], path: str, value: Any) -> None:
    """Set ``path`` (dotted) in the nested result; ``_Append`` adds to a list once."""
    *parents, leaf = path.split(".")
    assign_at(result, parents, leaf, value)


def assign_at(result: dict[str, Any], parents: Sequence[str], leaf: str, value: Any) -> None:
    """``assign`` with the path split beforehand (the evaluator splits each rule's paths once)."""
    node = result
    for p in parents:
        node = node[p]
    if value.__class__ is _Append:
        items = node[leaf]
        if value.value not in items:
            items.append(value.value)
    else:
        node[leaf] = value
