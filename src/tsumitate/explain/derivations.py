"""How each computed fact was computed, as data: one template per fact (ja/en), for ``explain``.

These lines restate the arithmetic of ``facts`` / ``arithmetic`` with the case's own numbers
(``capacity 27,000 = income 250,000 − expenses 220,000 − ceil(36,000/12)``). They decide
nothing: the values are the ones the rules saw. Three kinds need more than a template and are
named by ``kind``: the fewest fitting installment count (shows the counts that did not fit),
the minimum-repayment bracket, and ledger counts (shows the months counted); a procedure may
give a function of its own (``kind: function``), as 任意整理 does for total(n) creditor by creditor.
"""

from __future__ import annotations

from typing import Any

from .. import arithmetic as ar
from ..procedures import registry
from ..rulebook.texts import PLACEHOLDER
from ..rulebook.load import render

_ANY = "*"

# Facts every procedure shares; each procedure's own are in its module (``Procedure.derivations``).
# ("*", fact) -> template or {kind: ...}
DERIVATIONS: dict[tuple[str, str], dict[str, Any]] = {
    (_ANY, "capacity"): {
        "ja": "返済余力 {capacity:,} = 収入 {monthly_income:,} − 生活費 {monthly_expenses:,} − ceil({annual_irregular_expenses:,}/12)",
        "en": "capacity {capacity:,} = income {monthly_income:,} − expenses {monthly_expenses:,} − ceil({annual_irregular_expenses:,}/12)",
    },
    (_ANY, "irregular_monthly"): {
        "ja": "臨時支出の月割り {irregular_monthly:,} = ceil({annual_irregular_expenses:,}/12)",
        "en": "irregular costs per month {irregular_monthly:,} = ceil({annual_irregular_expenses:,}/12)",
    },
    (_ANY, "deposited"): {
        "ja": "積立残高 {deposited:,} = 入金 {paid_total:,} − 引出し {withdrawn:,}",
        "en": "deposited {deposited:,} = paid {paid_total:,} − withdrawn {withdrawn:,}",
    },
    (_ANY, "unsecured_total"): {"kind": "shares"},  # each debt's share of U
}

# Ledger counts: which rows each one counts, from arithmetic.row_flags (missed, late, notified).
LEDGER_COUNTS: dict[str, Any] = {
    "months_paid": lambda m, l, n, w: not m,
    "missed": lambda m, l, n, w: m,
    "missed_unnotified": lambda m, l, n, w: m and not n,
    "missed_notified": lambda m, l, n, w: m and n,
    "late": lambda m, l, n, w: l,
    "late_unnotified": lambda m, l, n, w: l and not n,
    "late_notified": lambda m, l, n, w: l and n,
    "trouble_unnotified": lambda m, l, n, w: (m or l) and not n,
    "trouble_notified": lambda m, l, n, w: (m or l) and n,
    "withdrawn_months": lambda m, l, n, w: w > 0,
    "withdrawn": lambda m, l, n, w: w > 0,
}
for _name in LEDGER_COUNTS:
    DERIVATIONS[(_ANY, _name)] = {"kind": "ledger"}


def _spec(procedure: str, name: str) -> dict[str, Any] | None:
    own = registry().get(procedure)
    return (own.derivations.get(name) if own else None) or DERIVATIONS.get((_ANY, name))


def derivation_params(procedure: str, name: str) -> list[str]:
    """Parameter names a fact's derivation quotes (listed with the rule that read the fact)."""
    spec = _spec(procedure, name) or {}
    kind = spec.get("kind")
    if kind == "fewest":
        return [spec["lo"][7:], spec["hi"][7:], "rounding_unit"]
    if kind == "function":
        return ["rounding_unit"]
    if kind == "bracket":
        return [spec["table"]]
    if kind:
        return []
    return [m.group(1)[7:] for m in PLACEHOLDER.finditer(spec["ja"] + spec["en"]) if m.group(1).startswith("params.")]


def case_context(case) -> dict[str, Any]:
    """Numbers of the case that derivation lines quote but that are not facts (sums for display)."""
    if case is None:
        return {}
    return {"debts_sum": sum(d.amount for d in case.debts)}


def derive(procedure: str, name: str, view: dict[str, Any], params: dict[str, Any], case, lang: str) -> str | None:
    """The derivation line of a computed fact, or None for a fact read as given."""
    spec = _spec(procedure, name)
    if spec is None:
        return None
    kind = spec.get("kind")
    if kind == "fewest":
        pay = None
        if spec.get("settlement") is not None:
            if case is None:
                return None
            pay = spec["settlement"](case, params).total  # the same total(n) the facts used
        return _fewest(spec, name, view, lang, pay)
    if kind == "function":  # a procedure's own derivation (e.g. 任意整理's total(n), creditor by creditor)
        return spec["fn"](view, params, case, lang)
    if kind == "bracket":
        return _bracket(view.get("unsecured_total"), params.get(spec["table"]), view.get(name), lang)
    if kind == "ledger":
        return _ledger(name, view.get(name), case, lang)
    if kind == "shares":
        return _shares(view.get(name), case, lang)
    extra = dict(view)
    extra.update(case_context(case))
    if "margin" in view and "capacity" in view and view["margin"] is not None:
        extra["planned_payment"] = view["capacity"] - view["margin"]
    return render(spec[lang], extra)


def _fewest(spec, name, view, lang, pay=None) -> str | None:
    total, cap = view.get(spec["total"]), view.get("capacity")
    lo, hi = view.get(spec["lo"]), view.get(spec["hi"])
    unit = view.get("params.rounding_unit")
    if None in (total, cap, lo, hi, unit):
        return None
    lo += spec.get("lo_offset", 0)
    n = view.get(name)
    if pay is None:
        pay = lambda k: ar.payment(total, k, unit)  # noqa: E731 - the same payment(n) the facts used
    ja = lang == "ja"
    head = (f"{lo}〜{hi}回で月額 ≤ 返済余力 {cap:,} となる最少回数: " if ja
            else f"fewest n in {lo}-{hi} with total(n) ≤ capacity {cap:,}: ")
    if n is None:
        return head + (f"なし（{hi}回でも月{pay(hi):,}円、余力{cap:,}円のため不可）" if ja
                       else f"none ({hi} installments still cost {pay(hi):,} a month, above {cap:,})")
    if n == lo:
        return head + (f"{n}回（月{pay(n):,}円 ≤ {cap:,}）" if ja else f"{n} ({pay(n):,} ≤ {cap:,})")
    parts = [f"{lo}回では月{pay(lo):,}円、余力{cap:,}円のため不可" if ja else f"{lo} installments cost {pay(lo):,}, above {cap:,}"]
    if n - 1 > lo:
        parts.append(f"{n - 1}回でも月{pay(n - 1):,}円で不可" if ja else f"{n - 1} still cost {pay(n - 1):,}")
    parts.append(f"{n}回で月{pay(n):,}円 ≤ {cap:,}" if ja else f"{n} cost {pay(n):,} ≤ {cap:,}")
    return head + ("、".join(parts) if ja else "; ".join(parts))


def _bracket(u, table, value, lang) -> str | None:
    if u is None or not table:
        return None
    ja = lang == "ja"
    for b in ar.brackets_from(table):
        if not b.applies(u):
            continue
        cond = f"< {b.below:,}" if b.below is not None else (f"≤ {b.up_to:,}" if b.up_to is not None else "")
        how = ("U の全額" if ja else "all of U") if b.whole else (f"{b.fixed:,}" if b.fixed is not None else f"ceil(U / {b.divisor})")
        return (f"最低弁済額 {value:,} : U {u:,} {cond} の区分 → {how}" if ja
                else f"minimum repayment {value:,}: U {u:,} {cond} → {how}")
    return ("U {0:,} は最低弁済額の表の上限を超える（個人再生の対象外）" if ja else "U {0:,} is above the table (not eligible)").format(u)


_SHARE_WHY = {
    "unsecured": ("無担保", "unsecured"),
    "tax": ("税等は再生債権でない", "tax: not a rehabilitation claim"),
    "housing_loan_clause": ("住宅資金特別条項で計画外", "housing loan under the special clause"),
    "collateral_unknown": ("担保付・評価額未入力のため全額回収とみなす", "secured, no collateral_value: counted as covered"),
}


def _shares(value, case, lang) -> str | None:
    """U as the sum of each debt's share: ``A社 500,000（無担保）+ Bオート 1,200,000（1,800,000 − 担保 600,000）...``."""
    if case is None or value is None:
        return None
    from ..procedures._common import shares_of_u  # the same shares the fact was built from

    ja = lang == "ja"
    parts = []
    for s in shares_of_u(case):
        d = s.debt
        if s.basis == "shortfall":
            why = (f"{d.amount:,} − 担保評価 {d.collateral_value:,}" if ja
                   else f"{d.amount:,} − collateral {d.collateral_value:,}")
            if d.kind.value == "housing_loan":
                why += "、特別条項なし" if ja else ", no special clause"
        else:
            why = _SHARE_WHY[s.basis][0 if ja else 1]
            if s.basis != "unsecured":
                why = (f"残高 {d.amount:,}、" if ja else f"balance {d.amount:,}, ") + why
        parts.append(f"{d.creditor} {s.amount:,}（{why}）" if ja else f"{d.creditor} {s.amount:,} ({why})")
    head = f"基準債権 U {value:,} = " if ja else f"unsecured debt U {value:,} = "
    return head + " + ".join(parts)


def _ledger(name, value, case, lang) -> str | None:
    if case is None:
        return None
    test = LEDGER_COUNTS[name]
    months = [row.month for row in case.deposits if test(*ar.row_flags(row), row.withdrawn)]
    if not case.deposits:
        return "積立記録なし" if lang == "ja" else "no ledger rows"
    shown = ", ".join(months) if months else ("該当なし" if lang == "ja" else "none")
    return (f"{name} {value:,} : 積立記録 {len(case.deposits)}か月のうち {shown}" if lang == "ja"
            else f"{name} {value:,}: of {len(case.deposits)} ledger rows, {shown}")
