"""Each important rule, through durable_rules: the decision it concludes AND that it is the rule that fired.

Cases are small and built in place; every expected figure is worked out by hand from domain.md
(the comment next to it shows how).
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from tsumitate.model.case import Case

VA, IR = "voluntary_arrangement", "individual_rehabilitation"


def _merge(base: dict, extra: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in extra.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _case(procedure: str, court: str, **extra) -> Case:
    base = {
        "case_id": "t", "as_of": dt.date(2026, 11, 25), "procedure": procedure, "court": court,
        # capacity 10,000 = 211,000 - 200,000 - 12,000 / 12
        "household": {"monthly_income": 211_000, "monthly_expenses": 200_000, "annual_irregular_expenses": 12_000},
        "debts": [{"creditor": "A社", "amount": 300_000, "kind": "consumer_finance"}],
    }
    return Case.model_validate(_merge(base, extra))


def _rows(n: int, amount: int, **extra) -> list[dict]:
    return [{"month": f"2026-{m:02d}", "due": amount, "paid": amount, **extra} for m in range(1, n + 1)]


@pytest.fixture
def run(evaluator):
    def run(procedure: str, court: str = "default", **extra) -> dict:
        return evaluator.evaluate(_case(procedure, court, **extra))
    return run


def _household(capacity: int) -> dict:
    return {"household": {"monthly_income": 200_000 + capacity, "monthly_expenses": 200_000, "annual_irregular_expenses": 0}}


# ── 任意整理: feasibility ─────────────────────────────────────────────────

class TestVoluntaryArrangementFeasibility:
    def test_a_debtor_who_owes_only_taxes_has_nothing_to_settle(self, run):
        r = run(VA, debts=[{"creditor": "税務署", "amount": 500_000, "kind": "tax"}])
        assert r["feasibility"]["status"] == "not_applicable"
        assert "va.feasibility.no_debt" in r["fired_rules"]
        assert "va.warning.tax_excluded" in r["fired_rules"]

    def test_300000_yen_fits_36_installments_of_8400_when_the_capacity_is_exactly_8400(self, run):
        r = run(VA, **_household(8_400))
        assert (r["feasibility"]["status"], r["feasibility"]["installments"], r["deposit"]["monthly"]) == ("feasible", 36, 8_400)
        assert {"va.feasibility.standard", "va.deposit.standard", "va.deposit.office_account"} <= set(r["fired_rules"])
        assert "va.advice.longer_installments" not in r["fired_rules"]

    def test_one_yen_less_than_8400_means_negotiating_37_installments(self, run):
        r = run(VA, **_household(8_399))
        assert (r["feasibility"]["installments"], r["deposit"]["monthly"]) == (37, 8_200)
        assert "va.advice.longer_installments" in r["fired_rules"]

    def test_more_than_five_years_needs_a_second_opinion_and_its_payment_is_the_deposit(self, run):
        r = run(VA, **_household(4_999))  # 61 -> 5,000; 62 -> 4,900
        assert (r["feasibility"]["status"], r["feasibility"]["installments"]) == ("needs_second_opinion", 62)
        assert (r["deposit"]["monthly"], r["deposit"]["installments"]) == (4_900, 62)
        assert {"va.feasibility.extended", "va.deposit.extended", "va.advice.second_opinion",
                "va.advice.fixed_cost_review"} <= set(r["fired_rules"])
        assert r["alternatives"] == []

    def test_beyond_84_installments_the_arrangement_is_infeasible_and_rehabilitation_and_bankruptcy_are_offered(self, run):
        r = run(VA, **_household(3_599))  # 84 -> 3,600
        assert (r["feasibility"]["status"], r["feasibility"]["installments"]) == ("infeasible", None)
        assert (r["deposit"]["monthly"], r["deposit"]["installments"]) == (5_000, None)  # payment(60)
        assert r["alternatives"] == ["individual_rehabilitation", "bankruptcy"]
        assert {"va.feasibility.infeasible", "va.deposit.no_plan", "va.alternatives.rehabilitation",
                "va.alternatives.bankruptcy"} <= set(r["fired_rules"])

    def test_without_income_rehabilitation_is_not_offered_as_an_alternative(self, run):
        r = run(VA, household={"monthly_income": 0, "monthly_expenses": 0, "annual_irregular_expenses": 0})
        assert r["alternatives"] == ["bankruptcy"]
        assert "va.alternatives.rehabilitation" not in r["fired_rules"]

    def test_a_failed_deposit_test_makes_the_arrangement_infeasible_whatever_the_budget(self, run):
        r = run(VA, household={"monthly_income": 500_000}, deposits=[{"month": "2026-06", "due": 8_400, "paid": 0}])
        assert (r["test"]["status"], r["feasibility"]["status"]) == ("failed", "infeasible")
        assert "va.feasibility.test_failed" in r["fired_rules"]

    def test_taxes_and_the_housing_loan_are_left_out_of_the_settled_debt(self, run):
        r = run(VA, debts=[{"creditor": "A社", "amount": 300_000},
                           {"creditor": "市役所", "amount": 400_000, "kind": "tax"},
                           {"creditor": "B銀行", "amount": 20_000_000, "kind": "housing_loan", "secured": True}])
        assert (r["feasibility"]["installments"], r["deposit"]["monthly"]) == (36, 8_400)
        assert {"va.warning.tax_excluded", "va.warning.housing_loan_excluded"} <= set(r["fired_rules"])


# ── 任意整理: the deposit period as the test ─────────────────────────────────

class TestVoluntaryArrangementTest:
    def test_no_ledger_means_the_deposits_have_not_started(self, run):
        r = run(VA)
        assert r["test"]["status"] == "not_started"
        assert "va.test.not_started" in r["fired_rules"]

    def test_deposits_on_schedule_are_in_progress(self, run):
        r = run(VA, deposits=_rows(3, 8_400))
        assert (r["test"]["status"], r["test"]["months_paid"]) == ("in_progress", 3)
        assert "va.test.in_progress" in r["fired_rules"]

    def test_a_short_month_without_notice_fails_the_deposits(self, run):
        r = run(VA, deposits=_rows(2, 8_400) + [{"month": "2026-03", "due": 8_400, "paid": 8_000}])
        assert r["test"]["status"] == "failed"
        assert "va.test.failed_missed" in r["fired_rules"]

    def test_a_short_month_reported_in_advance_puts_the_deposits_at_risk(self, run):
        r = run(VA, deposits=_rows(2, 8_400) + [{"month": "2026-03", "due": 8_400, "paid": 0, "notified_in_advance": True}])
        assert r["test"]["status"] == "at_risk"
        assert {"va.test.at_risk", "va.advice.at_risk"} <= set(r["fired_rules"])

    def test_a_late_month_puts_the_deposits_at_risk(self, run):
        late = {"month": "2026-03", "due": 8_400, "paid": 8_400, "due_date": "2026-03-27", "paid_date": "2026-03-28"}
        r = run(VA, deposits=_rows(2, 8_400) + [late])
        assert (r["test"]["status"], r["test"]["late"]) == ("at_risk", 1)
        assert "va.test.at_risk" in r["fired_rules"]

    def test_a_settlement_ends_the_deposit_period_as_passed(self, run):
        r = run(VA, deposits=_rows(5, 8_400), milestones={"settlement_reached": True})
        assert r["test"]["status"] == "passed"
        assert "va.test.passed_settlement" in r["fired_rules"]


# ── 任意整理: refund on cancellation ────────────────────────────────────────

class TestVoluntaryArrangementRefund:
    def test_without_cancellation_nothing_is_refunded(self, run):
        r = run(VA, deposits=_rows(3, 8_400), fee_contract={"refund_policy": "full"})
        assert (r["refund"]["status"], r["refund"]["amount"], r["refund"]["deposited"]) == ("not_due", 0, 25_200)
        assert "va.refund.not_cancelled" in r["fired_rules"]

    @pytest.mark.parametrize("policy, expenses, amount, rule", [
        ("full", 0, 25_200, "va.refund.full"),
        ("minus_expenses", 5_000, 20_200, "va.refund.minus_expenses"),
        ("minus_expenses", 30_000, 0, "va.refund.minus_expenses"),
        ("none", 0, 0, "va.refund.none"),
        ("unknown", 0, None, "va.refund.unknown"),
    ])
    def test_a_cancellation_refunds_what_the_contract_says(self, run, policy, expenses, amount, rule):
        r = run(VA, deposits=_rows(3, 8_400), milestones={"cancelled": True},
                fee_contract={"refund_policy": policy, "expenses": expenses})
        assert (r["refund"]["status"], r["refund"]["amount"]) == ("due", amount)
        assert rule in r["fired_rules"]

    def test_an_unknown_refund_clause_sends_the_client_to_ask_the_office(self, run):
        r = run(VA, deposits=_rows(1, 8_400), milestones={"cancelled": True})
        assert [a["code"] for a in r["advice"]][:1] == ["ask_office_about_refund"]
        assert "va.advice.ask_refund_terms" in r["fired_rules"]

    def test_the_retainer_is_never_refunded(self, run):
        r = run(VA, milestones={"cancelled": True}, fee_contract={"refund_policy": "full", "retainer": 50_000})
        assert "retainer_not_refunded" in [w["code"] for w in r["warnings"]]
        assert "va.warning.retainer_not_refunded" in r["fired_rules"]

    def test_withdrawn_money_is_not_refunded_twice(self, run):
        r = run(VA, deposits=_rows(3, 8_400)[:2] + [{"month": "2026-03", "due": 8_400, "paid": 8_400, "withdrawn": 8_400}],
                milestones={"cancelled": True}, fee_contract={"refund_policy": "full"})
        assert r["refund"]["amount"] == 16_800


# ── 任意整理: advice ──────────────────────────────────────────────────────

class TestVoluntaryArrangementAdvice:
    def test_a_secret_household_with_a_thin_margin_is_warned(self, run):
        r = run(VA, household={"monthly_income": 212_000, "monthly_expenses": 200_000, "annual_irregular_expenses": 0, "family_informed": False})
        assert "secret_household_thin_margin" in [a["code"] for a in r["advice"]]  # 12,000 - 8,400 = 3,600 < 5,000
        assert "va.advice.family_thin_margin" in r["fired_rules"]

    def test_a_secret_household_with_a_5000_yen_margin_is_not_warned(self, run):
        r = run(VA, household={"monthly_income": 213_400, "monthly_expenses": 200_000, "annual_irregular_expenses": 0, "family_informed": False})
        assert "va.advice.family_thin_margin" not in r["fired_rules"]

    @pytest.mark.parametrize("representation, stops", [("lawyer", True), ("judicial_scrivener", True), ("self", False)])
    def test_collection_stops_only_when_an_agent_sends_the_notice(self, run, representation, stops):
        r = run(VA, representation=representation)
        assert ("collection_stops" in [a["code"] for a in r["advice"]]) is stops

    def test_uncertain_income_is_not_counted_and_the_client_is_told(self, run):
        r = run(VA, household={"monthly_income": 205_000, "uncertain_income": 50_000, "monthly_expenses": 200_000,
                           "annual_irregular_expenses": 0})
        assert r["feasibility"]["monthly_capacity"] == 5_000
        assert {"common.warning.uncertain_income_ignored", "common.warning.no_irregular_expenses"} <= set(r["fired_rules"])


# ── 個人再生: the test, per region ──────────────────────────────────────────

# Tokyo, lawyer: 5,400,000 of unsecured debt -> minimum 1,080,000 -> 30,000 over 36 months.
TOKYO = {"debts": [{"creditor": "A社", "amount": 5_400_000}],
         "household": {"monthly_income": 280_000, "monthly_expenses": 250_000, "annual_irregular_expenses": 12_000}}


class TestRehabilitationTest:
    @pytest.mark.parametrize("region", ["default", "sapporo", "yokohama", "saitama", "chiba", "nagoya", "mito", "niigata", "nagasaki", "kumamoto"])
    def test_most_courts_run_no_performance_test(self, run, region):
        r = run(IR, region, deposits=_rows(3, 30_000))
        assert (r["test"]["status"], r["test"]["months_required"]) == ("not_applicable", None)
        assert "ir.test.none_in_region" in r["fired_rules"]

    def test_fukuoka_tests_monthly_through_its_commissioner_until_approval(self, run):
        r = run(IR, "fukuoka", representation="self", deposits=_rows(3, 30_000), **TOKYO)
        assert (r["test"]["status"], r["test"]["months_required"]) == ("in_progress", None)
        assert r["deposit"]["payee"] == "commissioner_account"

    def test_fukuoka_without_a_commissioner_runs_no_test(self, run):
        r = run(IR, "fukuoka", deposits=_rows(3, 30_000), **TOKYO)
        assert r["test"]["status"] == "not_applicable"
        assert "ir.test.fukuoka.without_commissioner" in r["fired_rules"]

    def test_tokyo_has_not_started_before_the_first_payment(self, run):
        r = run(IR, "tokyo", **TOKYO)
        assert (r["test"]["status"], r["test"]["months_required"]) == ("not_started", 6)
        assert {"ir.test.not_started", "ir.test.months_required"} <= set(r["fired_rules"])

    def test_tokyo_passes_after_six_months_paid_in_full(self, run):
        r = run(IR, "tokyo", deposits=_rows(6, 30_000), **TOKYO)
        assert r["test"]["status"] == "passed"
        assert "ir.test.tokyo.six_months_paid" in r["fired_rules"]

    def test_tokyo_five_months_are_still_in_progress(self, run):
        r = run(IR, "tokyo", deposits=_rows(5, 30_000), **TOKYO)
        assert r["test"]["status"] == "in_progress"
        assert "ir.test.in_progress" in r["fired_rules"]

    def test_tokyo_passes_when_the_test_is_ended_early(self, run):
        r = run(IR, "tokyo", deposits=_rows(3, 30_000), milestones={"test_ended_early": True}, **TOKYO)
        assert r["test"]["status"] == "passed"
        assert "ir.test.tokyo.ended_early" in r["fired_rules"]

    def test_an_approved_plan_passes_the_test(self, run):
        r = run(IR, "osaka", deposits=_rows(2, 30_000), milestones={"plan_approved": True}, **TOKYO)
        assert r["test"]["status"] == "passed"
        assert "ir.test.plan_approved" in r["fired_rules"]

    def test_any_withdrawal_fails_the_test_even_after_six_months(self, run):
        rows = _rows(6, 30_000)
        rows[2]["withdrawn"] = 1
        r = run(IR, "tokyo", deposits=rows, **TOKYO)
        assert r["test"]["status"] == "failed"
        assert "ir.test.withdrawn" in r["fired_rules"]

    @pytest.mark.parametrize("row", [
        {"month": "2026-03", "due": 30_000, "paid": 29_999},
        {"month": "2026-03", "due": 30_000, "paid": 30_000, "due_date": "2026-03-10", "paid_date": "2026-03-11"},
    ], ids=["one_yen_short", "one_day_late"])
    def test_not_a_single_payment_may_be_short_or_late_without_notice(self, run, row):
        r = run(IR, "osaka", deposits=_rows(2, 30_000) + [row], **TOKYO)
        assert r["test"]["status"] == "failed"
        assert {"ir.test.missed_or_late", "ir.feasibility.test_failed", "ir.advice.revise_plan"} <= set(r["fired_rules"])

    def test_trouble_reported_in_advance_puts_the_test_at_risk(self, run):
        row = {"month": "2026-03", "due": 30_000, "paid": 0, "notified_in_advance": True}
        r = run(IR, "tokyo", deposits=_rows(2, 30_000) + [row], **TOKYO)
        assert r["test"]["status"] == "at_risk"
        assert {"ir.test.at_risk", "ir.advice.at_risk"} <= set(r["fired_rules"])

    def test_osaka_runs_the_test_until_approval_with_no_fixed_length(self, run):
        r = run(IR, "osaka", deposits=_rows(8, 30_000), **TOKYO)
        assert (r["test"]["status"], r["test"]["months_required"]) == ("in_progress", None)
        assert "ir.deposit.period_open" in r["fired_rules"]


# ── 個人再生: commissioner, fee and refund, per region ────────────────────────

@pytest.mark.parametrize("court, representation, housing, appointed, fee, fee_rule", [
    ("tokyo", "lawyer", False, True, 150_000, "ir.fee.with_lawyer"),
    ("tokyo", "self", False, True, 250_000, "ir.fee.without_lawyer"),
    ("tokyo", "judicial_scrivener", False, True, 250_000, "ir.fee.without_lawyer"),
    ("osaka", "lawyer", False, False, None, "ir.fee.none"),
    ("osaka", "self", False, True, None, "ir.fee.unknown"),
    ("default", "self", False, True, None, "ir.fee.unknown"),
    ("default", "lawyer", False, False, None, "ir.fee.none"),
    ("nagoya", "judicial_scrivener", False, True, None, "ir.fee.unknown"),
    ("mito", "lawyer", False, True, None, "ir.fee.unknown"),
    ("niigata", "lawyer", False, True, None, "ir.fee.unknown"),
    ("nagasaki", "lawyer", False, True, None, "ir.fee.unknown"),
    ("kumamoto", "self", False, True, None, "ir.fee.unknown"),
    ("sapporo", "self", False, True, 300_000, "ir.fee.without_lawyer"),
    ("sapporo", "lawyer", False, False, None, "ir.fee.none"),
    ("yokohama", "self", False, True, 180_000, "ir.fee.without_lawyer"),
    # Saitama and Chiba: no public source for a fee (the earlier 200,000 / 150,000 / 200,000 had none): unknown, ask the court
    ("saitama", "judicial_scrivener", False, True, None, "ir.fee.unknown"),
    ("saitama", "lawyer", False, False, None, "ir.fee.none"),
    # Chiba is not among the courts that appoint in every case (kojin-saisei.jp): a lawyer's case has no commissioner
    ("chiba", "lawyer", False, False, None, "ir.fee.none"),
    ("chiba", "lawyer", True, False, None, "ir.fee.none"),
    ("chiba", "self", True, True, None, "ir.fee.unknown"),
    ("fukuoka", "self", False, True, 160_000, "ir.fee.without_lawyer"),
    ("fukuoka", "lawyer", False, False, None, "ir.fee.none"),
])
def test_the_commissioner_and_the_fee_follow_the_court_and_the_representation(run, court, representation, housing, appointed, fee, fee_rule):
    debts = [{"creditor": "A社", "amount": 3_000_000}]
    if housing:
        debts.append({"creditor": "B銀行", "amount": 20_000_000, "kind": "housing_loan", "secured": True})
    r = run(IR, court, representation=representation, debts=debts)
    assert (r["commissioner"]["appointed"], r["commissioner"]["fee"]) == (appointed, fee)
    # Osaka: deposits go to the debtor's own savings account even with a commissioner (osaka.yaml, its source)
    to_commissioner = appointed and court != "osaka"
    assert r["deposit"]["payee"] == ("commissioner_account" if to_commissioner else "own_account")
    assert fee_rule in r["fired_rules"]
    assert ("ir.commissioner.none" in r["fired_rules"]) is (not appointed)
    assert ("ir.deposit.commissioner_account" if appointed else "ir.deposit.own_account") in r["fired_rules"]


class TestRehabilitationRefund:
    def test_tokyo_with_a_lawyer_refunds_the_deposits_minus_the_commissioners_fee(self, run):
        r = run(IR, "tokyo", deposits=_rows(6, 30_000), **TOKYO)
        assert (r["refund"]["status"], r["refund"]["amount"]) == ("due", 30_000)  # 180,000 - 150,000
        assert "ir.refund.due" in r["fired_rules"]

    def test_tokyo_self_filed_refunds_nothing_when_the_deposits_do_not_cover_the_fee(self, run):
        r = run(IR, "tokyo", representation="self", deposits=_rows(6, 30_000), **TOKYO)
        assert (r["refund"]["status"], r["refund"]["amount"]) == ("due", 0)  # 180,000 < 250,000

    def test_while_the_test_runs_the_refund_is_pending(self, run):
        r = run(IR, "tokyo", deposits=_rows(4, 50_000), **TOKYO)
        assert (r["refund"]["status"], r["refund"]["amount"]) == ("pending", 50_000)  # 200,000 - 150,000
        assert "ir.refund.pending" in r["fired_rules"]

    def test_a_cancelled_case_is_refunded_now(self, run):
        r = run(IR, "fukuoka", representation="self", deposits=_rows(4, 50_000), milestones={"cancelled": True})
        assert (r["refund"]["status"], r["refund"]["amount"]) == ("due", 40_000)  # 200,000 - 160,000

    def test_osaka_with_a_lawyer_keeps_every_yen_as_the_debtors_own_money(self, run):
        r = run(IR, "osaka", deposits=_rows(4, 30_000), **TOKYO)
        assert (r["refund"]["status"], r["refund"]["amount"]) == ("own_funds", 120_000)
        assert {"ir.refund.own_funds", "ir.advice.never_withdraw"} <= set(r["fired_rules"])

    def test_osaka_self_filed_refund_is_unknown_while_pending(self, run):
        r = run(IR, "osaka", representation="self", deposits=_rows(2, 30_000), **TOKYO)
        assert (r["refund"]["status"], r["refund"]["amount"]) == ("pending", None)
        assert {"ir.refund.fee_unknown_pending", "ir.advice.ask_fee"} <= set(r["fired_rules"])

    def test_osaka_self_filed_refund_is_unknown_once_due(self, run):
        r = run(IR, "osaka", representation="self", deposits=_rows(2, 30_000), milestones={"plan_approved": True}, **TOKYO)
        assert (r["refund"]["status"], r["refund"]["amount"]) == ("due", None)
        assert "ir.refund.fee_unknown_due" in r["fired_rules"]


# ── 個人再生: eligibility, plan total and feasibility ──────────────────────────

def _ir_budget(capacity: int, **extra) -> dict:
    return {"household": {"monthly_income": 250_000 + capacity, "monthly_expenses": 250_000,
                          "annual_irregular_expenses": 0, **extra}}


class TestRehabilitationFeasibility:
    def test_no_unsecured_debt_means_nothing_to_reduce(self, run):
        r = run(IR, debts=[{"creditor": "B銀行", "amount": 20_000_000, "kind": "housing_loan", "secured": True}])
        assert r["feasibility"]["status"] == "not_applicable"
        assert {"ir.feasibility.no_debt", "ir.warning.housing_loan"} <= set(r["fired_rules"])

    def test_over_50_million_unsecured_rehabilitation_is_unavailable(self, run):
        r = run(IR, debts=[{"creditor": "A社", "amount": 50_000_001}], **_ir_budget(10**6))
        assert (r["feasibility"]["status"], r["alternatives"]) == ("infeasible", ["bankruptcy"])
        assert {"ir.feasibility.over_limit", "ir.alternatives.bankruptcy"} <= set(r["fired_rules"])

    def test_without_income_rehabilitation_is_unavailable(self, run):
        r = run(IR, debts=[{"creditor": "A社", "amount": 3_000_000}], household={"monthly_income": 0})
        assert r["feasibility"]["status"] == "infeasible"
        assert "ir.feasibility.no_income" in r["fired_rules"]

    def test_a_plan_that_fits_36_months_sets_the_deposit_and_the_cash_for_filing(self, run):
        r = run(IR, debts=[{"creditor": "A社", "amount": 3_000_000}], **_ir_budget(27_778))
        assert (r["minimum_repayment"], r["plan_total"]) == (1_000_000, 1_000_000)
        assert (r["feasibility"]["installments"], r["deposit"]["monthly"], r["deposit"]["at_filing"]) == (36, 27_778, 55_556)
        assert {"ir.plan.totals", "ir.feasibility.fits", "ir.deposit.planned", "ir.advice.bring_at_filing"} <= set(r["fired_rules"])
        assert "ir.warning.special_circumstances" not in r["fired_rules"]

    def test_a_plan_longer_than_36_months_needs_special_reasons(self, run):
        r = run(IR, debts=[{"creditor": "A社", "amount": 3_000_000}], **_ir_budget(16_667))
        assert r["feasibility"]["installments"] == 60  # 59 -> 16,950
        assert "ir.warning.special_circumstances" in r["fired_rules"]

    def test_one_yen_short_of_the_60_month_payment_the_plan_is_infeasible(self, run):
        r = run(IR, debts=[{"creditor": "A社", "amount": 3_000_000}], **_ir_budget(16_666))
        assert (r["feasibility"]["status"], r["deposit"]["monthly"], r["deposit"]["at_filing"]) == ("infeasible", 16_667, 33_334)
        assert {"ir.feasibility.exceeds_capacity", "ir.deposit.no_plan"} <= set(r["fired_rules"])

    def test_the_liquidation_value_raises_the_plan_total(self, run):
        r = run(IR, debts=[{"creditor": "A社", "amount": 3_000_000}], assets={"liquidation_value": 1_500_000}, **_ir_budget(50_000))
        assert (r["plan_total"], r["deposit"]["monthly"]) == (1_500_000, 41_667)
        assert "ir.warning.liquidation_value_decides" in r["fired_rules"]

    def test_salaried_rehabilitation_pays_at_least_two_years_of_disposable_income(self, run):
        r = run(IR, rehabilitation_type="salaried", debts=[{"creditor": "A社", "amount": 3_000_000}],
                **_ir_budget(50_000, annual_disposable_income=800_000))
        assert (r["plan_total"], r["deposit"]["monthly"]) == (1_600_000, 44_445)

    def test_salaried_rehabilitation_without_disposable_income_is_flagged(self, run):
        r = run(IR, rehabilitation_type="salaried", debts=[{"creditor": "A社", "amount": 3_000_000}], **_ir_budget(50_000))
        assert r["plan_total"] == 1_000_000
        assert "ir.warning.salaried_without_disposable_income" in r["fired_rules"]

    def test_tokyo_six_fixed_months_are_the_deposit_period(self, run):
        r = run(IR, "tokyo", **TOKYO)
        assert r["deposit"]["period_months"] == {"min": 6, "max": 6}
        assert {"ir.commissioner.always", "ir.deposit.period_fixed"} <= set(r["fired_rules"])


# ── 手続の選択 (procedure auto) ───────────────────────────────────────────────

class TestScreening:
    def test_a_feasible_voluntary_arrangement_is_recommended_first(self, run):
        r = run("auto")
        assert r["recommendation"] == "voluntary_arrangement"
        assert "screen.voluntary_arrangement" in r["fired_rules"]

    def test_rehabilitation_is_recommended_when_the_arrangement_does_not_fit(self, run):
        r = run("auto", debts=[{"creditor": "A社", "amount": 3_000_000}], **_ir_budget(30_000))
        assert (r["recommendation"], r["procedure"]) == ("individual_rehabilitation", IR)
        assert "screen.individual_rehabilitation" in r["fired_rules"]

    def test_bankruptcy_is_recommended_when_neither_fits(self, run):
        r = run("auto", debts=[{"creditor": "A社", "amount": 3_000_000}], **_ir_budget(10_000))
        assert r["recommendation"] == "bankruptcy"
        assert "screen.bankruptcy" in r["fired_rules"]
