"""任意整理 (voluntary arrangement): the facts its rules compare — eligible debt D and payment(n)."""

from __future__ import annotations

from typing import Any

from .. import arithmetic as ar
from ..model.case import Case, DebtKind, RefundPolicy
from . import FactInfo, Procedure
from ._common import COMMON_FACTS, common_facts, enum_values

ARITHMETIC_PARAMETERS = ("rounding_unit", "min_installments", "max_installments", "extended_max_installments")

FACTS: dict[str, FactInfo] = {
    **COMMON_FACTS,
    "debt_total": FactInfo("int", "任意整理の対象債務 D（税・住宅ローン・対象外を除く）", "eligible debt D"),
    "excluded_total": FactInfo("int", "任意整理の対象外とした債務（include: false）", "debt left out (include: false)"),
    "payment_min": FactInfo("int", "最短回数での月額 payment(最短回数)", "payment at the fewest standard installments"),
    "payment_max": FactInfo("int", "最長回数（60回）での月額", "payment at the most standard installments"),
    "payment_extended_max": FactInfo("int", "延長上限（84回）での月額", "payment at the extended maximum"),
    "fewest_standard": FactInfo("int", "36〜60回で余力に収まる最少回数", "fewest fitting n in the standard range", nullable=True),
    "payment_standard": FactInfo("int", "その回数での月額", "payment at that n", nullable=True),
    "fewest_extended": FactInfo("int", "61〜84回で余力に収まる最少回数", "fewest fitting n in the extended range", nullable=True),
    "payment_extended": FactInfo("int", "その回数での月額", "payment at that n", nullable=True),
    "margin": FactInfo("int", "余力 − 予定月額（収まる回数がないときは60回の月額）", "capacity minus the planned payment"),
    "refund_policy": FactInfo("str", "途中解約時の返金条項", "refund clause", enum_values(RefundPolicy)),
    "expenses": FactInfo("int", "実費", "expenses incurred"),
    "retainer": FactInfo("int", "着手金", "retainer"),
}


def build(case: Case, params: dict[str, Any]) -> dict[str, Any]:
    f = common_facts(case)
    unit, lo, hi, ext = (params[k] for k in ARITHMETIC_PARAMETERS)
    negotiable = [d for d in case.debts if d.kind not in (DebtKind.tax, DebtKind.housing_loan)]
    included = [d for d in negotiable if d.include]
    debt = sum(d.amount for d in included)
    excluded = sum(d.amount for d in negotiable if not d.include)
    cap = f["capacity"]
    n_std = ar.fewest_fitting(debt, lo, hi, cap, unit)
    n_ext = ar.fewest_fitting(debt, hi + 1, ext, cap, unit)
    planned = ar.payment(debt, n_std or n_ext or hi, unit)
    f.update(
        creditor_count=len(included),
        debt_total=debt,
        excluded_total=excluded,
        payment_min=ar.payment(debt, lo, unit),
        payment_max=ar.payment(debt, hi, unit),
        payment_extended_max=ar.payment(debt, ext, unit),
        fewest_standard=n_std,
        payment_standard=ar.payment(debt, n_std, unit) if n_std else None,
        fewest_extended=n_ext,
        payment_extended=ar.payment(debt, n_ext, unit) if n_ext else None,
        margin=cap - planned,
        refund_policy=case.fee_contract.refund_policy.value,
        expenses=case.fee_contract.expenses,
        retainer=case.fee_contract.retainer,
    )
    return f


DERIVATIONS: dict[str, dict[str, Any]] = {
    "debt_total": {
        "ja": "対象債務 D {debt_total:,} = 債務合計 {debts_sum:,} − 税 {tax_debt_total:,} − 住宅ローン {housing_loan_total:,} − 対象外 {excluded_total:,}",
        "en": "eligible debt D {debt_total:,} = all debts {debts_sum:,} − tax {tax_debt_total:,} − housing loan {housing_loan_total:,} − left out {excluded_total:,}",
    },
    "payment_min": {
        "ja": "月額 {payment_min:,} = ceil_to({debt_total:,} / {params.min_installments}回, {params.rounding_unit}円)",
        "en": "payment {payment_min:,} = ceil_to({debt_total:,} / {params.min_installments}, {params.rounding_unit})",
    },
    "payment_max": {
        "ja": "月額 {payment_max:,} = ceil_to({debt_total:,} / {params.max_installments}回, {params.rounding_unit}円)",
        "en": "payment {payment_max:,} = ceil_to({debt_total:,} / {params.max_installments}, {params.rounding_unit})",
    },
    "payment_extended_max": {
        "ja": "月額 {payment_extended_max:,} = ceil_to({debt_total:,} / {params.extended_max_installments}回, {params.rounding_unit}円)",
        "en": "payment {payment_extended_max:,} = ceil_to({debt_total:,} / {params.extended_max_installments}, {params.rounding_unit})",
    },
    "payment_standard": {
        "ja": "月額 {payment_standard:,} = ceil_to({debt_total:,} / {fewest_standard}回, {params.rounding_unit}円)",
        "en": "payment {payment_standard:,} = ceil_to({debt_total:,} / {fewest_standard}, {params.rounding_unit})",
    },
    "payment_extended": {
        "ja": "月額 {payment_extended:,} = ceil_to({debt_total:,} / {fewest_extended}回, {params.rounding_unit}円)",
        "en": "payment {payment_extended:,} = ceil_to({debt_total:,} / {fewest_extended}, {params.rounding_unit})",
    },
    "fewest_standard": {"kind": "fewest", "total": "debt_total", "lo": "params.min_installments", "hi": "params.max_installments"},
    "fewest_extended": {"kind": "fewest", "total": "debt_total", "lo": "params.max_installments", "lo_offset": 1,
                        "hi": "params.extended_max_installments"},
    "margin": {
        "ja": "余裕 {margin:,} = 返済余力 {capacity:,} − 予定月額 {planned_payment:,}（収まる回数の月額、なければ{params.max_installments}回の月額）",
        "en": "margin {margin:,} = capacity {capacity:,} − planned payment {planned_payment:,} (at the fitting count, else {params.max_installments})",
    },
}

PROCEDURE = Procedure(
    key="voluntary_arrangement", short="va", ja="任意整理", en="voluntary arrangement", order=10,
    facts=FACTS, arithmetic_parameters=ARITHMETIC_PARAMETERS, build=build, derivations=DERIVATIONS,
)
