"""Property tests over the case model and the ledger: invariants of domain.md hold for every valid case.

Profiles (tests/conftest.py): ``ci`` by default, ``HYPOTHESIS_PROFILE=long`` for a longer local run.
Expected quantities (eligible debt D, plan totals) are recomputed here from domain.md, not
taken from the code under test.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from hypothesis import assume, given
from hypothesis import strategies as st

from tsumitate.evaluate import Evaluator
from tsumitate.model.case import MAX_YEN, Case
from tsumitate.rulebook.load import load_rulebook

RANK = {"feasible": 3, "needs_second_opinion": 2, "infeasible": 1}
KINDS = ["consumer_finance", "credit_card", "bank_loan", "housing_loan", "tax", "other"]


@lru_cache(maxsize=1)
def evaluator() -> Evaluator:
    return Evaluator(load_rulebook())


@lru_cache(maxsize=1)
def courts() -> list[str]:
    return evaluator().book.known_courts()


yen_small = st.integers(0, 2_000_000)
yen_debt = st.one_of(st.integers(0, 10_000_000), st.integers(0, 80_000_000), st.sampled_from([0, 1, 99, 100, 300_000, 5_000_000, 50_000_000]))


@st.composite
def ledgers(draw):
    n = draw(st.integers(0, 12))
    start = draw(st.integers(2024 * 12, 2026 * 12))
    rows, balance = [], 0
    for i in range(n):
        m = start + i  # one row per month, oldest first
        due = draw(st.integers(0, 200_000))
        paid = draw(st.one_of(st.just(due), st.integers(0, 250_000)))
        balance += paid
        withdrawn = draw(st.one_of(st.just(0), st.just(0), st.integers(0, balance)))
        balance -= withdrawn
        row = {"month": f"{m // 12:04d}-{m % 12 + 1:02d}", "due": due, "paid": paid}
        if withdrawn:
            row["withdrawn"] = withdrawn
        if draw(st.booleans()):
            row["notified_in_advance"] = True
        if draw(st.booleans()):
            due_date = dt.date(m // 12, m % 12 + 1, 27)
            row["due_date"] = due_date.isoformat()
            row["paid_date"] = (due_date + dt.timedelta(days=draw(st.integers(-10, 5)))).isoformat()
        rows.append(row)
    return rows


@st.composite
def case_data(draw, procedure=None):
    debts = draw(st.lists(st.fixed_dictionaries(
        {"creditor": st.sampled_from(["アコム", "A社", "楽天カード", "三井住友銀行", "市税"]), "amount": yen_debt},
        optional={"kind": st.sampled_from(KINDS), "secured": st.booleans(), "include": st.booleans()}),
        min_size=1, max_size=6))
    data = {
        "case_id": "fuzz",
        "as_of": draw(st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31))).isoformat(),
        "procedure": procedure or draw(st.sampled_from(["voluntary_arrangement", "individual_rehabilitation", "auto"])),
        "court": draw(st.sampled_from(courts())),
        "representation": draw(st.sampled_from(["lawyer", "judicial_scrivener", "self"])),
        "rehabilitation_type": draw(st.sampled_from(["small_scale", "salaried"])),
        "household": {
            "monthly_income": draw(st.integers(0, 800_000)),
            "monthly_expenses": draw(st.integers(0, 600_000)),
            "annual_irregular_expenses": draw(st.integers(0, 600_000)),
            "uncertain_income": draw(yen_small),
            "family_informed": draw(st.booleans()),
            "annual_disposable_income": draw(st.one_of(st.none(), st.integers(0, 5_000_000))),
        },
        "assets": {"liquidation_value": draw(st.one_of(st.just(0), st.integers(0, 10_000_000)))},
        "debts": debts,
        "fee_contract": {"refund_policy": draw(st.sampled_from(["full", "minus_expenses", "none", "unknown"])),
                         "expenses": draw(st.integers(0, 100_000)), "retainer": draw(st.integers(0, 100_000))},
        "deposits": draw(ledgers()),
        "milestones": {k: draw(st.booleans()) for k in ("settlement_reached", "plan_approved", "test_ended_early", "cancelled")},
    }
    return data


def evaluations(result: dict) -> list[dict]:
    return result.get("evaluations") or [result]


def eligible_debt(data: dict) -> int:
    """domain.md: D = amounts of debts neither tax nor housing_loan, include not false."""
    return sum(d["amount"] for d in data["debts"]
               if d.get("kind", "other") not in ("tax", "housing_loan") and d.get("include", True))


def run(data: dict) -> dict:
    return evaluator().evaluate(Case.model_validate(data))


@given(case_data())
def test_no_valid_case_raises_and_every_status_is_a_contract_value(data):
    result = run(data)
    for r in evaluations(result):
        assert r["feasibility"]["status"] in ("feasible", "needs_second_opinion", "infeasible", "not_applicable")
        assert r["test"]["status"] in ("not_started", "in_progress", "passed", "at_risk", "failed", "not_applicable")
        assert r["refund"]["status"] in ("not_due", "due", "pending", "own_funds", "ask_office")
        assert r["fired_rules"], "every evaluation is concluded by rules"


@given(case_data())
def test_a_refund_never_exceeds_what_was_deposited(data):
    deposited = sum(r["paid"] for r in data["deposits"]) - sum(r.get("withdrawn", 0) for r in data["deposits"])
    for r in evaluations(run(data)):
        assert r["refund"]["deposited"] == deposited
        if r["refund"]["amount"] is not None:
            assert 0 <= r["refund"]["amount"] <= deposited


@given(case_data(procedure="voluntary_arrangement"))
def test_the_voluntary_arrangement_deposit_times_installments_covers_the_eligible_debt(data):
    r = run(data)
    if r["deposit"]["installments"] is not None:
        assert r["deposit"]["monthly"] * r["deposit"]["installments"] >= eligible_debt(data)
    if r["feasibility"]["status"] in ("feasible", "needs_second_opinion"):
        assert r["deposit"]["installments"] == r["feasibility"]["installments"]


@given(case_data(procedure="individual_rehabilitation"))
def test_the_rehabilitation_deposit_times_installments_covers_the_plan_total(data):
    r = run(data)
    if r["deposit"]["installments"] is not None and r["plan_total"] is not None:
        assert r["deposit"]["monthly"] * r["deposit"]["installments"] >= r["plan_total"]
    if r["plan_total"] is not None:
        assert r["plan_total"] >= r["minimum_repayment"]
        assert r["plan_total"] >= data["assets"]["liquidation_value"]


@given(case_data(), st.integers(1, 400_000), st.sampled_from(["monthly_expenses", "annual_irregular_expenses", "monthly_income"]))
def test_feasibility_never_improves_when_capacity_drops(data, drop, how):
    before = evaluations(run(data))
    worse = {**data, "household": dict(data["household"])}
    h = worse["household"]
    if how == "monthly_income":
        assume(h["monthly_income"] >= drop)
        h["monthly_income"] -= drop
    else:
        h[how] = min(h[how] + drop * (12 if how == "annual_irregular_expenses" else 1), MAX_YEN)
    after = evaluations(run(worse))
    for b, a in zip(before, after):
        assert a["procedure"] == b["procedure"]
        if b["feasibility"]["status"] == "not_applicable":
            continue
        assert RANK[a["feasibility"]["status"]] <= RANK[b["feasibility"]["status"]], (b["feasibility"], a["feasibility"])


@given(case_data(procedure="individual_rehabilitation"), st.integers(1, 100_000))
def test_a_withdrawal_never_yields_a_passed_rehabilitation_test(data, amount):
    assume(data["deposits"])
    rows = [dict(r) for r in data["deposits"]]
    rows[-1]["paid"] = max(rows[-1]["paid"], amount)
    rows[-1]["withdrawn"] = max(rows[-1].get("withdrawn", 0), 1)
    balance = 0
    for r in rows:
        balance += r["paid"] - r.get("withdrawn", 0)
        assume(balance >= 0)
    data = {**data, "deposits": rows}
    r = run(data)
    assert r["test"]["status"] != "passed"
    assert r["test"]["status"] in ("failed", "not_applicable")
