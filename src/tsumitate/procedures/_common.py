"""Facts every procedure shares: the household budget, the debts by kind, the deposit ledger, milestones."""

from __future__ import annotations

from typing import Any

from .. import arithmetic as ar
from ..model.case import Case, DebtKind, Representation
from . import FactInfo


def enum_values(e) -> tuple[str, ...]:
    return tuple(m.value for m in e)


COMMON_FACTS: dict[str, FactInfo] = {
    "monthly_income": FactInfo("int", "月収（手取り・安定収入）", "stable monthly income"),
    "uncertain_income": FactInfo("int", "不確実な収入（残業・副業、算入しない）", "uncertain income (never counted)"),
    "monthly_expenses": FactInfo("int", "月の生活費", "monthly living costs"),
    "annual_irregular_expenses": FactInfo("int", "年間の臨時支出（更新費・税金・車検）", "yearly irregular costs"),
    "irregular_monthly": FactInfo("int", "臨時支出の月割り ceil(年額/12)", "irregular costs per month, ceil(year/12)"),
    "capacity": FactInfo("int", "返済余力 = 収入 − 生活費 − 臨時支出の月割り", "monthly capacity"),
    "family_informed": FactInfo("bool", "家族が債務整理を知っている", "the household knows"),
    "representation": FactInfo("str", "代理", "representation", enum_values(Representation)),
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


def common_facts(case: Case) -> dict[str, Any]:
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
