"""個人再生 (individual rehabilitation): the facts its rules compare — U, the minimum repayment, plan total P."""

from __future__ import annotations

from typing import Any

from .. import arithmetic as ar
from ..model.case import Case, RehabilitationType, Vote
from . import FactInfo, Procedure
from ._common import COMMON_FACTS, common_facts, enum_values, shares_of_u

ARITHMETIC_PARAMETERS = ("rounding_unit", "min_installments", "max_installments", "minimum_repayment_brackets",
                         "disposable_income_years", "vote_rejection", "vote_objecting_kinds")

FACTS: dict[str, FactInfo] = {
    **COMMON_FACTS,
    "rehabilitation_type": FactInfo("str", "再生の種類", "rehabilitation type", enum_values(RehabilitationType)),
    "liquidation_value": FactInfo("int", "清算価値", "liquidation value"),
    "annual_disposable_income": FactInfo("int", "可処分所得（年額）", "annual disposable income", nullable=True),
    "disposable_floor": FactInfo("int", "可処分所得要件 = 年額 × 2年（給与所得者等再生）", "disposable-income floor (salaried)"),
    "minimum_repayment": FactInfo("int", "最低弁済額", "minimum repayment", nullable=True),
    "plan_total": FactInfo("int", "計画弁済総額 P", "plan total P", nullable=True),
    "fewest_fitting": FactInfo("int", "36〜60回で余力に収まる最少回数", "fewest fitting n", nullable=True),
    "payment_fitting": FactInfo("int", "その回数での月額 ceil(P/n)", "ceil(P/n) at that n", nullable=True),
    "payment_min": FactInfo("int", "最短回数（36回）での月額", "payment at the fewest installments", nullable=True),
    "payment_max": FactInfo("int", "最長回数（60回）での月額", "payment at the most installments", nullable=True),
    "vote_creditors": FactInfo("int", "議決権者数（U に持分のある債権者、名前ごとに1人）", "voting creditors (distinct names with a share of U)"),
    "vote_amount_total": FactInfo("int", "議決権の総額（債権者ごとの U の持分の合計）", "total voting amount"),
    "vote_objecting": FactInfo("int", "不同意と回答した（見込みの）議決権者数", "creditors marked as objecting"),
    "vote_amount_objecting": FactInfo("int", "不同意の議決権者の議決権額", "voting amount of the objecting creditors"),
    "vote_count_rejecting": FactInfo("int", "否決となる不同意の議決権者数（議決権者総数の半数以上）", "objecting creditors that reject the plan (half or more by number)"),
    "vote_amount_rejecting": FactInfo("int", "否決となる不同意の議決権額（総額の2分の1を超える最小額）", "objecting amount that rejects the plan (more than half)"),
    "vote_largest_open_amount": FactInfo("int", "同意と確認できていない債権者のうち最大の議決権額", "largest voting amount of a creditor not marked as consenting"),
    "vote_largest_open_creditor": FactInfo("str", "その債権者", "that creditor", nullable=True),
    "vote_objecting_likely": FactInfo("int", "不同意＋不同意が通例の種類（信用保証協会・政府系金融機関）で回答未確認の債権者数", "objecting plus unknown creditors of kinds known to object"),
    "vote_amount_objecting_likely": FactInfo("int", "その議決権額", "their voting amount"),
}


def build(case: Case, params: dict[str, Any]) -> dict[str, Any]:
    f = common_facts(case)
    unit, lo, hi, table, years = (params[k] for k in ARITHMETIC_PARAMETERS[:5])
    u = f["unsecured_total"]
    salaried = case.rehabilitation_type is RehabilitationType.salaried
    disposable = case.household.annual_disposable_income
    floor = years * disposable if (salaried and disposable is not None) else 0
    minimum = ar.minimum_repayment(u, _brackets(table))
    total = ar.plan_total(minimum, case.assets.liquidation_value, floor)
    n = ar.fewest_fitting(total, lo, hi, f["capacity"], unit) if total is not None else None
    f.update(_vote_facts(case, params["vote_rejection"], params["vote_objecting_kinds"]))
    f.update(
        creditor_count=f["vote_creditors"],
        rehabilitation_type=case.rehabilitation_type.value,
        liquidation_value=case.assets.liquidation_value,
        annual_disposable_income=disposable,
        disposable_floor=floor,
        minimum_repayment=minimum,
        plan_total=total,
        fewest_fitting=n,
        payment_fitting=ar.payment(total, n, unit) if n else None,
        payment_min=ar.payment(total, lo, unit) if total is not None else None,
        payment_max=ar.payment(total, hi, unit) if total is not None else None,
    )
    return f


def _vote_facts(case: Case, rejection: dict[str, Any], objecting_kinds: list[str]) -> dict[str, Any]:
    """The numbers the vote rules compare (民事再生法230条6項): counts and amounts, no decision.

    Voting creditors are distinct ``creditor`` names with a positive share of U; a creditor's
    voting amount is the sum of its debts' shares. A creditor objects if any of its debts is
    marked ``objects``, consents only if all of them are marked ``consents``. The thresholds come
    from the parameter ``vote_rejection`` ({number: {at_least: [1, 2]}, amount: {more_than: [1, 2]}}):
    the least count, and the least amount, of objections that reject the plan.
    """
    amount: dict[str, int] = {}
    objects: set[str] = set()  # a debt marked objects
    open_names: set[str] = set()  # a debt not marked consents: the creditor is not known to consent
    usual_kind: set[str] = set()  # a debt of a kind that usually objects
    usually_objecting = _kind_set(objecting_kinds)
    for s in shares_of_u(case):
        d = s.debt
        name = d.creditor
        amount[name] = amount.get(name, 0) + s.amount
        if d.vote != Vote.consents:
            open_names.add(name)
            if d.vote == Vote.objects:
                objects.add(name)
        if d.kind.value in usually_objecting:
            usual_kind.add(name)
    voting = [n for n, a in amount.items() if a > 0]
    total = sum(amount[n] for n in voting)
    objecting = [n for n in voting if n in objects]
    known_to_object = set(objecting) | {n for n in voting if n in open_names and n in usual_kind}
    largest, largest_amount = None, 0
    for n in voting:  # the largest not known to consent; the first in the file among equals
        if n in open_names and (largest is None or amount[n] > largest_amount):
            largest, largest_amount = n, amount[n]
    (p, q), (r, t) = rejection["number"]["at_least"], rejection["amount"]["more_than"]
    return {
        "vote_creditors": len(voting),
        "vote_amount_total": total,
        "vote_objecting": len(objecting),
        "vote_amount_objecting": sum(amount[n] for n in objecting),
        "vote_count_rejecting": ar.ceil_div(len(voting) * p, q),  # at least p/q of the number
        "vote_amount_rejecting": total * r // t + 1,  # more than r/t of the amount
        "vote_largest_open_amount": largest_amount,
        "vote_largest_open_creditor": largest,
        "vote_objecting_likely": len(known_to_object),
        "vote_amount_objecting_likely": sum(amount[n] for n in known_to_object),
    }


_kinds_cache: tuple = (None, frozenset())  # (the parameter's list, as a set): one list per rule set and date


def _kind_set(kinds: list[str]) -> frozenset[str]:
    global _kinds_cache
    cached = _kinds_cache  # one tuple, swapped whole: safe across threads
    if cached[0] is not kinds:
        cached = _kinds_cache = (kinds, frozenset(kinds))
    return cached[1]


_brackets_cache: tuple = (None, ())  # (table, its brackets): the table in force is one object per rule set and date


def _brackets(table) -> tuple[ar.Bracket, ...]:
    global _brackets_cache
    cached = _brackets_cache  # one tuple, swapped whole: safe across threads
    if cached[0] is not table:
        cached = _brackets_cache = (table, ar.brackets_from(table))
    return cached[1]


DERIVATIONS: dict[str, dict[str, Any]] = {
    "minimum_repayment": {"kind": "bracket", "table": "minimum_repayment_brackets"},
    "disposable_floor": {
        "ja": "可処分所得要件 {disposable_floor:,} = {params.disposable_income_years}年 × 可処分所得 {annual_disposable_income:,}（給与所得者等再生のみ、他は0）",
        "en": "disposable-income floor {disposable_floor:,} = {params.disposable_income_years} × {annual_disposable_income:,} a year (salaried only, else 0)",
    },
    "plan_total": {
        "ja": "計画弁済総額 P {plan_total:,} = max(最低弁済額 {minimum_repayment:,}, 清算価値 {liquidation_value:,}, 可処分所得要件 {disposable_floor:,})",
        "en": "plan total P {plan_total:,} = max(minimum {minimum_repayment:,}, liquidation value {liquidation_value:,}, disposable floor {disposable_floor:,})",
    },
    "payment_min": {
        "ja": "月額 {payment_min:,} = ceil_to({plan_total:,} / {params.min_installments}回, {params.rounding_unit}円)",
        "en": "payment {payment_min:,} = ceil_to({plan_total:,} / {params.min_installments}, {params.rounding_unit})",
    },
    "payment_max": {
        "ja": "月額 {payment_max:,} = ceil_to({plan_total:,} / {params.max_installments}回, {params.rounding_unit}円)",
        "en": "payment {payment_max:,} = ceil_to({plan_total:,} / {params.max_installments}, {params.rounding_unit})",
    },
    "payment_fitting": {
        "ja": "月額 {payment_fitting:,} = ceil_to({plan_total:,} / {fewest_fitting}回, {params.rounding_unit}円)",
        "en": "payment {payment_fitting:,} = ceil_to({plan_total:,} / {fewest_fitting}, {params.rounding_unit})",
    },
    "fewest_fitting": {"kind": "fewest", "total": "plan_total", "lo": "params.min_installments", "hi": "params.max_installments"},
}

PROCEDURE = Procedure(
    key="individual_rehabilitation", short="ir", ja="個人再生", en="individual rehabilitation", order=20,
    facts=FACTS, arithmetic_parameters=ARITHMETIC_PARAMETERS, build=build, derivations=DERIVATIONS,
    result_fields={"vote": {"status": None, "creditors": None, "objecting": None, "amount_total": None, "amount_objecting": None}},
    labels={"ja": {"presumed_accepted": "可決見込み", "rejected": "否決"},
            "en": {"presumed_accepted": "deemed accepted", "rejected": "rejected"}},
)
