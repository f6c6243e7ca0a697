"""Case + parameters -> the flat facts that rule conditions compare.

Every name a rule may read is declared here with its type and meaning (the rule linter and
``explain`` use the same table). Numbers are computed by the pure functions of
``arithmetic``; the figures they need (rounding unit, installment ranges, the minimum
repayment table) are parameters from ``rules/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import arithmetic as ar
from .model.case import Case, DebtKind, RefundPolicy, RehabilitationType, Representation

VA = "voluntary_arrangement"
IR = "individual_rehabilitation"


@dataclass(frozen=True)
class FactInfo:
    kind: str  # int | bool | str
    ja: str
    en: str
    values: tuple[str, ...] = ()  # allowed values of an enum-like string
    nullable: bool = False


def _enum(e) -> tuple[str, ...]:
    return tuple(m.value for m in e)


_COMMON: dict[str, FactInfo] = {
    "monthly_income": FactInfo("int", "月収（手取り・安定収入）", "stable monthly income"),
    "uncertain_income": FactInfo("int", "不確実な収入（残業・副業、算入しない）", "uncertain income (never counted)"),
    "monthly_expenses": FactInfo("int", "月の生活費", "monthly living costs"),
    "annual_irregular_expenses": FactInfo("int", "年間の臨時支出（更新費・税金・車検）", "yearly irregular costs"),
    "irregular_monthly": FactInfo("int", "臨時支出の月割り ceil(年額/12)", "irregular costs per month, ceil(year/12)"),
    "capacity": FactInfo("int", "返済余力 = 収入 − 生活費 − 臨時支出の月割り", "monthly capacity"),
    "family_informed": FactInfo("bool", "家族が債務整理を知っている", "the household knows"),
    "representation": FactInfo("str", "代理", "representation", _enum(Representation)),
    "creditor_count": FactInfo("int", "対象債権者数", "creditors in the procedure"),
    "unsecured_total": FactInfo("int", "無担保の基準債権額（住宅ローン・税・担保付を除く）", "unsecured debt U"),
    "tax_debt_total": FactInfo("int", "税金等の滞納額", "tax debt"),
    "housing_loan_total": FactInfo("int", "住宅ローン残高", "housing loan balance"),
    "has_housing_loan": FactInfo("bool", "住宅ローンがある", "there is a housing loan"),
    "ledger_entries": FactInfo("int", "積立記録の月数", "ledger rows"),
    "months_paid": FactInfo("int", "全額を積み立てた月数", "months paid in full"),
    "missed": FactInfo("int", "不足のあった月数", "months paid short"),
    "missed_unnotified": FactInfo("int", "事前連絡なしの不足月数", "short months without notice"),
    "missed_notified": FactInfo("int", "事前連絡ありの不足月数", "short months with notice"),
    "late": FactInfo("int", "遅れた月数", "late months"),
    "late_unnotified": FactInfo("int", "事前連絡なしの遅延月数", "late months without notice"),
    "late_notified": FactInfo("int", "事前連絡ありの遅延月数", "late months with notice"),
    "trouble_unnotified": FactInfo("int", "事前連絡なしの不足・遅延月数", "short or late months without notice"),
    "trouble_notified": FactInfo("int", "事前連絡ありの不足・遅延月数", "short or late months with notice"),
    "withdrawn": FactInfo("int", "引き出した額", "yen withdrawn"),
    "withdrawn_months": FactInfo("int", "引き出しのあった月数", "months with a withdrawal"),
    "paid_total": FactInfo("int", "積み立てた総額", "total paid in"),
    "deposited": FactInfo("int", "積立残高 = 入金 − 引き出し", "deposited = paid - withdrawn"),
    "settlement_reached": FactInfo("bool", "和解成立", "settlement reached"),
    "plan_approved": FactInfo("bool", "再生計画認可", "plan approved"),
    "test_ended_early": FactInfo("bool", "履行テスト早期終了", "test ended early"),
    "cancelled": FactInfo("bool", "途中解約・取下げ", "cancelled"),
}

_VA: dict[str, FactInfo] = {
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
    "refund_policy": FactInfo("str", "途中解約時の返金条項", "refund clause", _enum(RefundPolicy)),
    "expenses": FactInfo("int", "実費", "expenses incurred"),
    "retainer": FactInfo("int", "着手金", "retainer"),
}

_IR: dict[str, FactInfo] = {
    "rehabilitation_type": FactInfo("str", "再生の種類", "rehabilitation type", _enum(RehabilitationType)),
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

REGISTRY: dict[str, dict[str, FactInfo]] = {
    VA: {**_COMMON, **_VA},
    IR: {**_COMMON, **_IR},
    "screening": {
        "va_status": FactInfo("str", "任意整理の見通し", "voluntary arrangement feasibility",
                              ("feasible", "needs_second_opinion", "infeasible", "not_applicable")),
        "ir_status": FactInfo("str", "個人再生の見通し", "individual rehabilitation feasibility",
                              ("feasible", "needs_second_opinion", "infeasible", "not_applicable")),
    },
}

# Parameters the arithmetic below needs, per procedure (the linter checks they exist).
ARITHMETIC_PARAMETERS: dict[str, tuple[str, ...]] = {
    VA: ("rounding_unit", "min_installments", "max_installments", "extended_max_installments"),
    IR: ("rounding_unit", "min_installments", "max_installments", "minimum_repayment_brackets", "disposable_income_years"),
    "screening": (),
}


def _common(case: Case) -> dict[str, Any]:
    h = case.household
    irregular = ar.ceil_div(h.annual_irregular_expenses, 12)
    ledger = ar.summarize_ledger(case.deposits)
    unsecured = tax = housing = 0
    for d in case.debts:
        if d.kind is DebtKind.tax:
            tax += d.amount
        elif d.kind is DebtKind.housing_loan:
            housing += d.amount
        elif not d.secured:
            unsecured += d.amount
    m = case.milestones
    return {
        "monthly_income": h.monthly_income,
        "uncertain_income": h.uncertain_income,
        "monthly_expenses": h.monthly_expenses,
        "annual_irregular_expenses": h.annual_irregular_expenses,
        "irregular_monthly": irregular,
        "capacity": ar.monthly_capacity(h.monthly_income, h.monthly_expenses, h.annual_irregular_expenses),
        "family_informed": h.family_informed,
        "representation": case.representation.value,
        "unsecured_total": unsecured,
        "tax_debt_total": tax,
        "housing_loan_total": housing,
        "has_housing_loan": housing > 0,
        "ledger_entries": ledger.entries,
        "months_paid": ledger.months_paid,
        "missed": ledger.missed,
        "missed_unnotified": ledger.missed_unnotified,
        "missed_notified": ledger.missed_notified,
        "late": ledger.late,
        "late_unnotified": ledger.late_unnotified,
        "late_notified": ledger.late_notified,
        "trouble_unnotified": ledger.trouble_unnotified,
        "trouble_notified": ledger.trouble_notified,
        "withdrawn": ledger.withdrawn,
        "withdrawn_months": ledger.withdrawn_months,
        "paid_total": ledger.paid_total,
        "deposited": ledger.deposited,
        "settlement_reached": m.settlement_reached,
        "plan_approved": m.plan_approved,
        "test_ended_early": m.test_ended_early,
        "cancelled": m.cancelled,
    }


def voluntary_arrangement(case: Case, params: dict[str, Any]) -> dict[str, Any]:
    f = _common(case)
    unit, lo, hi, ext = (params[k] for k in ARITHMETIC_PARAMETERS[VA])
    included = [d for d in case.debts if d.kind not in (DebtKind.tax, DebtKind.housing_loan) and d.include]
    debt = sum(d.amount for d in included)
    excluded = sum(d.amount for d in case.debts if d.kind not in (DebtKind.tax, DebtKind.housing_loan) and not d.include)
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


def individual_rehabilitation(case: Case, params: dict[str, Any]) -> dict[str, Any]:
    f = _common(case)
    unit, lo, hi, table, years = (params[k] for k in ARITHMETIC_PARAMETERS[IR])
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


BUILDERS = {VA: voluntary_arrangement, IR: individual_rehabilitation}
