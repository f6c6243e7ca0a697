"""Facts every procedure shares: the household budget, the debts by kind, the deposit ledger, milestones."""

from __future__ import annotations

from typing import Any, NamedTuple

from .. import arithmetic as ar
from ..model.case import Case, Debt, DebtKind, Representation
from ..recalc_case import FACTS as RECALCULATION_FACTS
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
    "unsecured_total": FactInfo("int", "基準債権 U（無担保債務＋担保付債務の不足見込額。税・特別条項の住宅ローンを除く）", "unsecured debt U (unsecured debts plus secured shortfalls; no tax, no housing loan under the special clause)"),
    "secured_shortfall_total": FactInfo("int", "担保付債務の不足見込額の合計 max(0, 残高 − 担保評価額)", "secured shortfalls counted in U"),
    "collateral_unknown_count": FactInfo("int", "担保評価額（collateral_value）が未入力の担保付債務の数", "secured debts without collateral_value"),
    "collateral_unknown_total": FactInfo("int", "担保評価額が未入力の担保付債務の残高合計（全額が担保で回収されるものとして U に含めていない）", "balance of secured debts without collateral_value (counted as covered)"),
    "collateral_on_unsecured_count": FactInfo("int", "担保付でない債務に担保評価額が入力されている数（評価額は使わない）", "unsecured debts with a collateral_value (ignored)"),
    "housing_loan_special_clause": FactInfo("bool", "住宅資金特別条項を使う（住宅ローンがあるときの既定）", "housing-loan special clause used"),
    "special_clause_declared_without_loan": FactInfo("bool", "住宅ローンがないのに住宅資金特別条項が指定されている", "special clause declared without a housing loan"),
    "debt_total_all": FactInfo("int", "負債総額（全債務の残高の合計）", "all debts together"),
    "sole_proprietor": FactInfo("bool", "個人事業者", "sole proprietor"),
    "tax_debt_total": FactInfo("int", "税金等の滞納額", "tax debt"),
    "housing_loan_total": FactInfo("int", "住宅ローン残高", "housing loan balance"),
    "has_housing_loan": FactInfo("bool", "住宅ローンがある", "there is a housing loan"),
    "ledger_entries": FactInfo("int", "積立記録の月数", "ledger rows"),
    "ledger_due_min": FactInfo("int", "積立記録の予定額（due）の最小（記録がなければ null）", "smallest ledger due (null without rows)"),
    "ledger_due_max": FactInfo("int", "積立記録の予定額（due）の最大（記録がなければ null）", "largest ledger due (null without rows)"),
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
    **RECALCULATION_FACTS,  # computed once per case by recalc_case (the evaluator adds them)
}


class Share(NamedTuple):
    """One debt's share of U (基準債権) and why: domain.md section 2, 'Unsecured debt U'.

    A named tuple: made for every debt of every case, in one step (a frozen dataclass sets each field apart).
    """

    debt: Debt
    amount: int
    basis: str  # unsecured | tax | housing_loan_clause | shortfall | collateral_unknown


def share_of_u(debt: Debt, special_clause: bool) -> Share:
    """What one debt adds to U (民事再生法221条1項, 231条2項).

    Tax (公租公課) is not a rehabilitation claim; a housing loan under the special clause is paid
    in full outside the plan; a secured debt (and a housing loan whose home is given up) counts
    for what the security is not expected to recover, max(0, amount − collateral_value), and as
    fully covered while that value is unknown (a rule warns and asks for it).
    """
    if debt.kind is DebtKind.tax:
        return Share(debt, 0, "tax")
    if debt.kind is DebtKind.housing_loan and special_clause:
        return Share(debt, 0, "housing_loan_clause")
    if debt.secured or debt.kind is DebtKind.housing_loan:
        if debt.collateral_value is None:
            return Share(debt, 0, "collateral_unknown")
        return Share(debt, max(0, debt.amount - debt.collateral_value), "shortfall")
    return Share(debt, debt.amount, "unsecured")


_last_shares: tuple = (None, ())  # (case, its shares): swapped whole, so safe across threads


def shares_of_u(case: Case) -> tuple[Share, ...]:
    """Every debt's share of U, in the order of the case file.

    Kept for the last case: its common facts and 個人再生's vote both ask (the case is frozen).
    """
    global _last_shares
    last = _last_shares
    if last[0] is not case:
        # share_of_u reads the special clause only for a housing loan, and a case with one has the
        # clause as written or, unwritten, in effect (Case.special_clause): no search of the debts
        clause = case.housing_loan_special_clause is not False
        last = _last_shares = (case, tuple(share_of_u(d, clause) for d in case.debts))
    return last[1]


_last: tuple = (None, {})  # (case, its common facts): swapped whole, so safe across threads


def common_facts(case: Case) -> dict[str, Any]:
    """The facts every procedure shares, as a new dict the caller may extend.

    Worked out once per case: procedure ``auto`` builds every procedure's facts for the same
    case in turn, and a case cannot change (its models are frozen), so the last case's facts
    are copied instead of computed again (``common_facts_of`` computes them).
    """
    global _last
    last = _last
    if last[0] is not case:
        last = _last = (case, common_facts_of(case))
    return dict(last[1])


def common_facts_of(case: Case) -> dict[str, Any]:
    """The common facts computed from the case (``common_facts`` keeps the last case's)."""
    h = case.household
    irregular = ar.ceil_div(h.annual_irregular_expenses, 12)
    ledger = ar.summarize_ledger(case.deposits)
    unsecured = tax = housing = shortfall = unknown_count = unknown_total = stray_collateral = all_debts = 0
    for s in shares_of_u(case):
        d = s.debt
        all_debts += d.amount
        unsecured += s.amount
        if d.kind is DebtKind.tax:
            tax += d.amount
        elif d.kind is DebtKind.housing_loan:
            housing += d.amount
        if s.basis == "shortfall":
            shortfall += s.amount
        elif s.basis == "collateral_unknown":
            unknown_count += 1
            unknown_total += d.amount
        elif s.basis == "unsecured" and d.collateral_value:
            stray_collateral += 1
    m = case.milestones
    dues = [row.due for row in case.deposits]
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
        "secured_shortfall_total": shortfall,
        "collateral_unknown_count": unknown_count,
        "collateral_unknown_total": unknown_total,
        "collateral_on_unsecured_count": stray_collateral,
        "housing_loan_special_clause": housing > 0 and case.special_clause(),
        "special_clause_declared_without_loan": case.housing_loan_special_clause is True and housing == 0,
        "debt_total_all": all_debts,
        "sole_proprietor": case.sole_proprietor,
        "tax_debt_total": tax,
        "housing_loan_total": housing,
        "has_housing_loan": housing > 0,
        "ledger_entries": ledger.entries,
        "ledger_due_min": min(dues, default=None),
        "ledger_due_max": max(dues, default=None),
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
