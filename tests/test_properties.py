"""Properties that must hold for every valid case (hypothesis): the evaluator never crashes, a refund
never exceeds what was deposited, and more debt never lowers the monthly deposit at the same
number of installments."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tsumitate.model.case import Case, DebtKind, RefundPolicy, RehabilitationType, Representation
from tsumitate.rulebook import values as vl
from tsumitate.rulebook.load import load_rulebook

COURTS = load_rulebook().known_courts()
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

yen = st.integers(0, 60_000_000)
small_yen = st.integers(0, 600_000)


def _values(enum) -> st.SearchStrategy:
    return st.sampled_from([m.value for m in enum])


debts = st.lists(st.fixed_dictionaries(
    {"creditor": st.sampled_from(["A社", "Bカード", "C銀行", "市役所"]), "amount": yen},
    optional={"kind": _values(DebtKind), "secured": st.booleans(), "include": st.booleans()},
), min_size=1, max_size=5)


@st.composite
def ledgers(draw) -> list[dict]:
    """Oldest first, one row a month, never withdrawing more than has been deposited."""
    rows, balance = [], 0
    start = draw(st.integers(0, 30))
    for i in range(draw(st.integers(0, 9))):
        year, month = divmod(start + i, 12)
        due = draw(st.sampled_from([0, 8_400, 27_778, 30_000, 50_000]))
        paid = draw(st.one_of(st.just(due), st.integers(0, 60_000)))
        balance += paid
        withdrawn = draw(st.one_of(st.just(0), st.integers(0, balance)))
        balance -= withdrawn
        row = {"month": f"{2025 + year}-{month + 1:02d}", "due": due, "paid": paid, "withdrawn": withdrawn,
               "notified_in_advance": draw(st.booleans())}
        if draw(st.booleans()):
            due_date = dt.date(2025 + year, month + 1, 27)
            row["due_date"] = due_date
            row["paid_date"] = draw(st.one_of(st.none(), st.just(due_date + dt.timedelta(days=draw(st.integers(-5, 5))))))
        rows.append(row)
    return rows


def cases(procedures=("voluntary_arrangement", "individual_rehabilitation", "auto")) -> st.SearchStrategy:
    return st.builds(
        lambda data: Case.model_validate(data),
        st.fixed_dictionaries({
            "case_id": st.just("p"),
            "as_of": st.dates(dt.date(2006, 1, 1), dt.date(2035, 12, 31)),
            "procedure": st.sampled_from(procedures),
            "court": st.sampled_from(COURTS),
            "representation": _values(Representation),
            "rehabilitation_type": _values(RehabilitationType),
            "household": st.fixed_dictionaries({
                "monthly_income": small_yen, "monthly_expenses": small_yen,
                "annual_irregular_expenses": st.integers(0, 1_200_000), "uncertain_income": st.integers(0, 100_000),
                "family_informed": st.booleans(), "annual_disposable_income": st.one_of(st.none(), st.integers(0, 3_000_000)),
            }),
            "assets": st.fixed_dictionaries({"liquidation_value": st.integers(0, 5_000_000)}),
            "debts": debts,
            "fee_contract": st.fixed_dictionaries({"refund_policy": _values(RefundPolicy),
                                                   "expenses": st.integers(0, 100_000), "retainer": st.integers(0, 300_000)}),
            "deposits": ledgers(),
            "milestones": st.fixed_dictionaries({k: st.booleans() for k in
                                                 ("settlement_reached", "plan_approved", "test_ended_early", "cancelled")}),
        }),
    )


def _each_procedure(result: dict) -> list[dict]:
    return result.get("evaluations") or [result]


@PROPERTY
@given(case=cases())
def test_no_valid_case_crashes_the_evaluator_and_every_decision_is_taken(evaluator, case):
    result = evaluator.evaluate(case)
    for r in _each_procedure(result):
        assert r["feasibility"]["status"] in vl.ENUMS["feasibility_status"]
        assert r["test"]["status"] in vl.ENUMS["test_status"]
        assert r["refund"]["status"] in vl.ENUMS["refund_status"]
        assert r["deposit"]["payee"] in vl.ENUMS["payee"]
        assert r["fired_rules"], "no rule fired"
        assert set(r["alternatives"]) <= {"individual_rehabilitation", "bankruptcy"}
    if case.procedure.value == "auto":
        assert result["recommendation"] in vl.ENUMS["procedure"]


@PROPERTY
@given(case=cases())
def test_a_refund_never_exceeds_what_was_deposited_and_is_never_negative(evaluator, case):
    for r in _each_procedure(evaluator.evaluate(case)):
        amount, deposited = r["refund"]["amount"], r["refund"]["deposited"]
        assert deposited >= 0
        if amount is not None:
            assert 0 <= amount <= deposited


@PROPERTY
@given(case=cases(("voluntary_arrangement", "individual_rehabilitation")), extra=st.integers(1, 20_000_000))
def test_more_debt_never_lowers_the_monthly_deposit_at_the_same_installments(evaluator, case, extra):
    more = case.model_copy(update={"debts": [*case.debts, case.debts[0].model_copy(
        update={"creditor": "追加の債権者", "amount": extra, "kind": DebtKind.consumer_finance, "secured": False, "include": True})]})
    before, after = evaluator.evaluate(case)["deposit"], evaluator.evaluate(more)["deposit"]
    if before["installments"] == after["installments"] and None not in (before["monthly"], after["monthly"]):
        assert after["monthly"] >= before["monthly"]
