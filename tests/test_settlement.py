"""The per-creditor plan (domain.md section 1, "Per creditor"): each 和解 rounded on its own terms.

Every expected figure below is worked by hand in the comment beside it.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsumitate import arithmetic as ar
from tsumitate.settlement import (AGGREGATE, BASES, PER_CREDITOR, Settlement, Terms, fewest_fitting, fewest_fitting_by_scan,
                                  installments, level_payment)


def test_one_creditor_with_no_terms_pays_exactly_the_articles_payment():
    # 300,000 over 36: 8,333.3… → 8,400; over 60: 5,000 → 5,000 (domain.md's worked example)
    plan = Settlement([Terms("A社", 300_000)], unit=100)
    assert plan.total(36) == 8_400
    assert plan.total(60) == 5_000


def test_three_creditors_rounded_each_pay_200_yen_more_than_the_one_line_estimate():
    # 108,036/36 = 3,001 → 3,100; 72,036/36 = 2,001 → 2,100; 36,036/36 = 1,001 → 1,100: 6,300
    # one line: 216,108/36 = 6,003 → 6,100
    terms = [Terms("A社", 108_036), Terms("B社", 72_036), Terms("C社", 36_036)]
    assert Settlement(terms, unit=100).total(36) == 6_300
    assert Settlement(terms, unit=100, basis=AGGREGATE, debt=216_108).total(36) == 6_100


def test_a_creditor_that_refuses_more_than_36_installments_stays_at_36():
    t = Terms("A社", 600_000, max_installments=36)
    assert [installments(t, n) for n in (30, 36, 37, 60, 84)] == [30, 36, 36, 36, 36]


def test_a_minimum_monthly_payment_shortens_that_creditors_installments():
    # floor(100,000 / 5,000) = 20; floor(123,456 / 5,000) = 24; a claim below the minimum is paid at once
    assert installments(Terms("A社", 100_000, min_monthly=5_000), 60) == 20
    assert installments(Terms("A社", 123_456, min_monthly=5_000), 60) == 24
    assert installments(Terms("A社", 3_000, min_monthly=5_000), 60) == 1
    # 123,456 / 24 = 5,144 → 5,200
    assert level_payment(123_456, 24, Fraction(0), 100) == 5_200
    # both terms: the smaller count wins
    assert installments(Terms("A社", 100_000, max_installments=12, min_monthly=5_000), 60) == 12


def test_future_interest_at_15_percent_over_60_months_is_the_level_annuity():
    # q = 15/1200 = 0.0125; 1.0125^60 = 2.10718134695…
    # 600,000 × 0.0125 × 2.10718134695 / 1.10718134695 = 14,273.958… → 14,300
    assert level_payment(600_000, 60, Fraction(15), 100) == 14_300
    # 59 months: 1.0125^59 = 2.08116676242… → 7,500 × 2.08116676242 / 1.08116676242 = 14,436.95… → 14,500
    assert level_payment(600_000, 59, Fraction(15), 100) == 14_500
    # to the yen: 14,273.958… → 14,274
    assert level_payment(600_000, 60, Fraction(15), 1) == 14_274


def test_a_rate_with_two_decimals_is_exact_and_one_month_repays_principal_and_one_months_interest():
    # n = 1: S·q / (1 − 1/(1+q)) = S·(1+q); 14.6% → q = 14.6/1200; 100,000 × (1 + 0.0121666…) = 101,216.66… → 101,217
    assert level_payment(100_000, 1, Fraction("14.6"), 1) == 101_217
    # 0.01% a year over 12 months: 120,000 × q(1+q)^12/((1+q)^12 − 1) with q = 1/120,000: just above 10,000 → 10,001 to the yen
    assert level_payment(120_000, 12, Fraction("0.01"), 1) == 10_001


def test_remittance_fees_are_added_once_per_creditor_owed_something():
    # 8,400 + 8,400 + 1,000 × 2 = 18,800; a creditor owed 0 receives no remittance
    plan = Settlement([Terms("A社", 300_000), Terms("B社", 300_000), Terms("C社", 0)], unit=100, remittance_fee=1_000)
    assert plan.remittances == 2
    assert plan.total(36) == 18_800
    assert plan.payments(36) == 16_800


def test_two_debts_with_one_creditor_are_one_remittance_but_two_rows():
    plan = Settlement([Terms("A社", 300_000), Terms("A社", 100_000)], unit=100, remittance_fee=500)
    assert plan.remittances == 1
    assert [r.monthly for r in plan.rows(36)] == [8_400, 2_800]  # 100,000/36 = 2,777.7… → 2,800
    assert plan.total(36) == 8_400 + 2_800 + 500


def test_the_plan_lists_each_creditor_with_its_own_installments_and_payment():
    plan = Settlement([Terms("A社", 600_000, max_installments=36), Terms("B社", 600_000)], unit=100)
    assert plan.plan(59) == {"basis": PER_CREDITOR, "creditors": [
        {"creditor": "A社", "settled": 600_000, "installments": 36, "monthly": 16_700},  # 16,666.6… → 16,700
        {"creditor": "B社", "settled": 600_000, "installments": 59, "monthly": 10_200},  # 10,169.4… → 10,200
    ]}


def test_the_aggregate_plan_names_the_creditors_without_per_creditor_payments():
    plan = Settlement([Terms("A社", 100_000), Terms("B社", 200_000)], unit=100, basis=AGGREGATE, debt=300_000)
    assert plan.plan(36)["creditors"] == [
        {"creditor": "A社", "settled": 100_000, "installments": 36, "monthly": None},
        {"creditor": "B社", "settled": 200_000, "installments": 36, "monthly": None}]


def test_an_unknown_basis_is_refused():
    with pytest.raises(ValueError, match="payment_basis"):
        Settlement([], unit=100, basis="mixed")


def test_the_fewest_fitting_count_is_the_first_n_whose_total_fits():
    # A社 36回まで 16,700 + B社 600,000/n: n = 58 → 10,400 (27,100 > 27,000); n = 59 → 10,200 (26,900)
    plan = Settlement([Terms("A社", 600_000, max_installments=36), Terms("B社", 600_000)], unit=100)
    assert fewest_fitting(plan.total, 36, 60, 27_000) == 59
    assert fewest_fitting(plan.total, 36, 60, 26_699) is None  # even 60: 16,700 + 10,000 = 26,700


# ── properties ─────────────────────────────────────────────────────────────────────────
AMOUNTS = st.integers(min_value=0, max_value=5_000_000)
RATES = st.sampled_from([Fraction(0), Fraction(0), Fraction(15), Fraction("14.6"), Fraction("0.01"), Fraction(18), Fraction("9.99")])
TERMS = st.builds(Terms, creditor=st.sampled_from(["A社", "B社", "C社", "D社"]), settled=AMOUNTS,
                  max_installments=st.one_of(st.none(), st.integers(1, 120)),
                  min_monthly=st.sampled_from([0, 0, 1, 1_000, 5_000, 30_000]), rate=RATES)
UNITS = st.sampled_from([1, 10, 100, 1_000])


@given(st.lists(st.tuples(AMOUNTS), min_size=1, max_size=8), st.integers(1, 120), UNITS)
def test_without_terms_the_per_creditor_total_is_never_below_the_one_line_estimate(amounts, n, unit):
    terms = [Terms(f"債権者{k}", a) for k, (a,) in enumerate(amounts)]
    debt = sum(a for (a,) in amounts)
    per = Settlement(terms, unit=unit).total(n)
    assert per >= ar.payment(debt, n, unit)
    # and it exceeds it by less than one unit per creditor
    assert per - ar.payment(debt, n, unit) < unit * len(terms)


@given(AMOUNTS, st.integers(1, 120), UNITS)
def test_one_creditor_with_no_terms_gives_exactly_payment_n(amount, n, unit):
    assert Settlement([Terms("A社", amount)], unit=unit).total(n) == ar.payment(amount, n, unit)


@given(st.lists(TERMS, min_size=1, max_size=6), UNITS, st.sampled_from([0, 500, 1_000, 1_500]))
def test_the_total_never_rises_when_the_plan_gets_longer(terms, unit, fee):
    plan = Settlement(terms, unit=unit, remittance_fee=fee)
    totals = [plan.total(n) for n in range(1, 100)]
    assert all(a >= b for a, b in zip(totals, totals[1:]))


@given(st.lists(TERMS, min_size=1, max_size=6), st.integers(-1_000, 400_000), st.integers(1, 84), st.integers(1, 84))
def test_the_fewest_fitting_count_fits_and_no_smaller_count_does(terms, capacity, lo, hi):
    plan = Settlement(terms, unit=100)
    n = fewest_fitting(plan.total, lo, hi, capacity)
    if n is None:
        assert all(plan.total(k) > capacity for k in range(lo, hi + 1))
    else:
        assert lo <= n <= hi and plan.total(n) <= capacity
        assert all(plan.total(k) > capacity for k in range(lo, n))


@given(st.lists(TERMS, min_size=1, max_size=6), UNITS, st.sampled_from([0, 500, 1_000]),
       st.integers(-1_000, 400_000), st.integers(1, 90), st.integers(1, 90), st.sampled_from(BASES))
def test_the_fewest_fitting_count_is_the_one_a_scan_of_every_count_in_order_finds(terms, unit, fee, capacity, lo, hi, basis):
    """domain.md's definition is the scan; the search that stops early must give the same count (or none)."""
    debt = sum(t.settled for t in terms)
    plan = Settlement(terms, unit=unit, remittance_fee=fee, basis=basis, debt=debt)
    scan = Settlement(terms, unit=unit, remittance_fee=fee, basis=basis, debt=debt)
    assert fewest_fitting(plan.total, lo, hi, capacity) == fewest_fitting_by_scan(scan.total, lo, hi, capacity)


@given(st.lists(TERMS, min_size=1, max_size=6), UNITS, st.sampled_from([0, 500, 1_000]), st.lists(st.integers(1, 130), min_size=1, max_size=12))
def test_the_total_is_each_creditors_payment_at_its_own_installment_count_plus_the_fees(terms, unit, fee, counts):
    """domain.md's total(n), written out creditor by creditor, whatever order the counts are asked in."""
    plan = Settlement(terms, unit=unit, remittance_fee=fee)
    owed = len({t.creditor for t in terms if t.settled > 0})
    for n in counts:
        by_definition = sum(level_payment(t.settled, installments(t, n), t.rate, unit) for t in terms) + fee * owed
        assert plan.total(n) == by_definition
        assert [r.monthly for r in plan.rows(n)] == [level_payment(t.settled, installments(t, n), t.rate, unit) for t in terms]


@given(st.lists(TERMS, min_size=1, max_size=6), UNITS, st.sampled_from(BASES), st.lists(st.integers(1, 130), min_size=1, max_size=6))
def test_the_plan_in_the_result_lists_each_creditors_row_at_the_plan_length(terms, unit, basis, counts):
    plan = Settlement(terms, unit=unit, basis=basis, debt=sum(t.settled for t in terms))
    for n in counts:
        assert plan.plan(n) == {"basis": basis, "creditors": [r.as_dict() for r in plan.rows(n)]}


@given(st.integers(1, 5_000_000), st.integers(1, 120), RATES, UNITS)
def test_the_level_payment_repays_the_claim_and_is_the_smallest_multiple_of_the_unit_that_does(settled, n, rate, unit):
    pay = level_payment(settled, n, rate, unit)
    assert pay % unit == 0
    q = rate / 1200

    def balance_after(p: int) -> Fraction:  # the claim carried month by month at q, exactly
        b = Fraction(settled)
        for _ in range(n):
            b = b * (1 + q) - p
        return b

    assert balance_after(pay) <= 0  # it repays the claim within n months
    assert balance_after(pay - unit) > 0  # one unit less would not
