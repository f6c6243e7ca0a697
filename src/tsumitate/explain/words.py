"""Conditions in words (ja/en), and the comparisons that failed for a given set of values.

Evaluation uses ``conditions.holds`` (durable's semantics in Python); it explains why a rule
did not fire and never decides anything: the decision was durable_rules'.
"""

from __future__ import annotations

from typing import Any

from ..rulebook import conditions as cd

_SYMBOL = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
_AND = {"ja": " かつ ", "en": " and "}
_OR = {"ja": " または ", "en": " or "}


def fmt(value: Any) -> str:
    """A value as people read it: 8,400 / null / true / text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {fmt(v)}" for k, v in value.items()) + "}"
    return str(value)


def _operand(c: cd.Cmp) -> str:
    return c.operand.name if isinstance(c.operand, cd.Ref) else fmt(c.operand)


def describe(cond: cd.Cond, lang: str = "ja") -> str:
    """``capacity ≥ payment_min かつ test.status = failed``; an empty condition is 'always'."""
    if isinstance(cond, cd.All):
        if not cond.items:
            return "常に（条件なし）" if lang == "ja" else "always (no condition)"
        return _AND[lang].join(_paren(describe(c, lang), lang) for c in cond.items)
    if isinstance(cond, cd.Any_):
        if not cond.items:
            return "決して成り立たない" if lang == "ja" else "never"
        if len(cond.items) > 1 and all(isinstance(c, cd.Cmp) and c.op == "eq" and c.name == cond.items[0].name
                                       and not isinstance(c.operand, cd.Ref) for c in cond.items):
            return f"{cond.items[0].name} ∈ {{{', '.join(fmt(c.operand) for c in cond.items)}}}"
        return _OR[lang].join(_paren(describe(c, lang), lang) for c in cond.items)
    if isinstance(cond, cd.Not):
        return ("次が成り立たない: " if lang == "ja" else "not: ") + _paren(describe(cond.item, lang), lang)
    return f"{cond.name} {_SYMBOL[cond.op]} {_operand(cond)}"


def _paren(text: str, lang: str) -> str:
    return f"({text})" if (_AND[lang] in text or _OR[lang] in text) else text


def _alternatives(cond: "cd.Any_") -> list:
    """(a or (b or c)) as a, b, c: one 'none of' for the whole choice, never 'none of: none of:'."""
    out = []
    for c in cond.items:
        out.extend(_alternatives(c) if isinstance(c, cd.Any_) else [c])
    return out


def failed(cond: cd.Cond, values: dict[str, Any], lang: str = "ja") -> list[str]:
    """The comparisons that made ``cond`` false, each with the value seen (empty if it holds)."""
    if cd.holds(cond, values):
        return []
    if isinstance(cond, cd.All):
        return [line for c in cond.items for line in failed(c, values, lang)]
    if isinstance(cond, cd.Any_):
        if not cond.items:
            return ["決して成り立たない" if lang == "ja" else "never true"]
        lines = [line for c in _alternatives(cond) for line in failed(c, values, lang)]
        return [("いずれも不成立: " if lang == "ja" else "none of: ") + "; ".join(lines)] if len(lines) > 1 else lines
    if isinstance(cond, cd.Not):
        inner = describe(cond.item, lang)
        return [f"「{inner}」が成り立つ" if lang == "ja" else f"'{inner}' holds"]
    seen = fmt(values.get(cond.name))
    right = _operand(cond)
    if isinstance(cond.operand, cd.Ref):
        right += f" (= {fmt(values.get(cond.operand.name))})"
    want = f"{cond.name} {_SYMBOL[cond.op]} {right}"
    return [f"{cond.name} = {seen} のため「{want}」を満たさない" if lang == "ja" else f"{cond.name} is {seen}, so not {want}"]
