"""個人再生 (individual rehabilitation): the facts its rules compare — U, the minimum repayment, plan total P."""

from __future__ import annotations

from typing import Any

from .. import arithmetic as ar
from ..model.case import Case, DebtKind, RehabilitationType
from . import FactInfo, Procedure
from ._common import COMMON_FACTS, common_facts, enum_values

ARITHMETIC_PARAMETERS = ("rounding_unit", "min_installments", "max_installments", "minimum_repayment_brackets", "disposable_income_years")

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
}


def build(case: Case, params: dict[str, Any]) -> dict[str, Any]:
    f = common_facts(case)
    unit, lo, hi, table, years = (params[k] for k in ARITHMETIC_PARAMETERS)
    u = f["unsecured_total"]
    salaried = case.rehabilitation_type is RehabilitationType.salaried
    disposable = case.household.annual_disposable_income
    floor = years * disposable if (salaried and disposable is not None) else 0
    minimum = ar.minimum_repayment(u, _brackets(table))
    total = ar.plan_total(minimum, case.assets.liquidation_value, floor)
    n = ar.fewest_fitting(total, lo, hi, f["capacity"], unit) if total is not None else None
    f.update(
        creditor_count=sum(1 for d in case.debts if d.kind not in (DebtKind.tax, DebtKind.housing_loan) and not d.secured),
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
)
