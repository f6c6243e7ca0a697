"""The arithmetic of domain.md at its boundaries, each expectation worked out by hand."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as Row

import pytest

from tsumitate import arithmetic as ar

AS_OF = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def brackets(book):
    """The minimum-repayment table exactly as rules/ states it (not retyped here)."""
    params, _ = book.ruleset("individual_rehabilitation", "default").parameters_at(AS_OF)
    return ar.brackets_from(params["minimum_repayment_brackets"])


# ── ceil_div / ceil_to ─────────────────────────────────────────────────

@pytest.mark.parametrize("a, b, expected", [(0, 12, 0), (1, 12, 1), (12, 12, 1), (13, 12, 2), (19201, 12, 1601), (-1, 12, 0)])
def test_ceil_div_rounds_a_share_up_to_the_next_whole_yen(a, b, expected):
    assert ar.ceil_div(a, b) == expected


@pytest.mark.parametrize("x, unit, expected", [(0, 100, 0), (1, 100, 100), (8333, 100, 8400), (8400, 100, 8400),
                                               (8401, 100, 8500), (8334, 1, 8334)])
def test_ceil_to_rounds_up_to_the_next_multiple_of_the_unit_and_keeps_exact_multiples(x, unit, expected):
    assert ar.ceil_to(x, unit) == expected


# ── capacity ──────────────────────────────────────────────────────────

def test_capacity_subtracts_the_monthly_share_of_irregular_costs_rounded_up():
    assert ar.monthly_capacity(210_000, 200_000, 19_201) == 8_399  # 19,201 / 12 = 1,600.08 -> 1,601


def test_capacity_may_be_negative_when_the_household_runs_a_deficit():
    assert ar.monthly_capacity(150_000, 160_000, 0) == -10_000


# ── payment(n) ────────────────────────────────────────────────────────

@pytest.mark.parametrize("debt, n, unit, expected", [
    (300_000, 36, 100, 8_400), (300_000, 60, 100, 5_000),  # the article's worked example
    (300_000, 36, 1, 8_334), (300_000, 60, 1, 5_000),  # the article's table, printed to the yen
    (500_000, 36, 100, 13_900), (500_000, 36, 1, 13_889),
    (3_000_000, 36, 100, 83_400), (3_000_000, 36, 1, 83_334),
    (1_000_000, 37, 1, 27_028), (0, 60, 100, 0),
])
def test_payment_is_the_debt_over_n_rounded_up_to_the_unit(debt, n, unit, expected):
    assert ar.payment(debt, n, unit) == expected


def test_payment_equals_ceil_to_of_the_exact_share_for_every_installment_count():
    for n in range(36, 85):
        exact_share_up = -(-300_000 // n)
        assert ar.payment(300_000, n, 100) == ar.ceil_to(exact_share_up, 100)


# ── fewest_fitting ─────────────────────────────────────────────────────

def test_capacity_exactly_equal_to_the_36_installment_payment_fits_at_36():
    assert ar.fewest_fitting(300_000, 36, 60, 8_400, 100) == 36


def test_one_yen_less_than_the_36_installment_payment_needs_37_installments():
    assert ar.fewest_fitting(300_000, 36, 60, 8_399, 100) == 37  # 300,000 / 37 -> 8,200


def test_capacity_exactly_equal_to_the_60_installment_payment_fits_at_60_and_not_earlier():
    assert ar.fewest_fitting(300_000, 36, 60, 5_000, 100) == 60  # 59 -> 5,100


def test_one_yen_less_than_the_60_installment_payment_fits_nowhere_in_36_to_60():
    assert ar.fewest_fitting(300_000, 36, 60, 4_999, 100) is None


def test_the_extended_range_finds_62_installments_when_61_still_costs_5000():
    assert ar.fewest_fitting(300_000, 61, 84, 4_999, 100) == 62  # 61 -> 5,000; 62 -> 4,900


def test_negative_capacity_fits_no_installment_count():
    assert ar.fewest_fitting(300_000, 36, 84, -1, 100) is None


def test_an_empty_range_fits_nothing():
    assert ar.fewest_fitting(300_000, 61, 60, 10**9, 100) is None


def test_fewest_fitting_agrees_with_a_plain_search_for_many_capacities():
    for cap in range(3_500, 9_000, 37):
        plain = next((n for n in range(36, 85) if -(-300_000 // (n * 100)) * 100 <= cap), None)
        assert ar.fewest_fitting(300_000, 36, 84, cap, 100) == plain, cap


# ── minimum repayment (民事再生法231条2項3号・4号), the table from rules/ ──────────

@pytest.mark.parametrize("unsecured, expected", [
    (0, 0),
    (999_999, 999_999),  # under 1,000,000: the whole debt
    (1_000_000, 1_000_000),
    (5_000_000, 1_000_000),
    (5_000_001, 1_000_001),  # one fifth, rounded up: 1,000,000.2
    (14_999_999, 3_000_000),  # 2,999,999.8 rounded up
    (15_000_000, 3_000_000),
    (15_000_001, 3_000_000),
    (30_000_000, 3_000_000),
    (30_000_001, 3_000_001),  # one tenth, rounded up: 3,000,000.1
    (50_000_000, 5_000_000),
])
def test_minimum_repayment_at_each_threshold_of_the_statutory_table(brackets, unsecured, expected):
    assert ar.minimum_repayment(unsecured, brackets) == expected


def test_above_50_million_there_is_no_minimum_because_rehabilitation_is_unavailable(brackets):
    assert ar.minimum_repayment(50_000_001, brackets) is None


def test_a_bracket_without_whole_fixed_or_divisor_is_a_rule_error():
    with pytest.raises(ValueError):
        ar.Bracket(up_to=10).minimum(5)


def test_an_open_bracket_applies_to_every_amount():
    assert ar.Bracket(fixed=7).applies(10**12)


# ── plan total ────────────────────────────────────────────────────────

def test_plan_total_is_the_minimum_when_it_is_the_largest():
    assert ar.plan_total(1_000_000, 900_000, 800_000) == 1_000_000


def test_plan_total_rises_to_the_liquidation_value():
    assert ar.plan_total(1_000_000, 1_500_000, 0) == 1_500_000


def test_plan_total_rises_to_two_years_of_disposable_income():
    assert ar.plan_total(1_000_000, 0, 1_600_000) == 1_600_000


def test_plan_total_is_undefined_without_a_minimum():
    assert ar.plan_total(None, 1_500_000, 0) is None


# ── the ledger ─────────────────────────────────────────────────────────

def _row(due, paid, due_date=None, paid_date=None, withdrawn=0, notified=False):
    return Row(due=due, paid=paid, due_date=due_date, paid_date=paid_date, withdrawn=withdrawn, notified_in_advance=notified)


def test_an_empty_ledger_counts_nothing():
    s = ar.summarize_ledger([])
    assert (s.entries, s.months_paid, s.deposited) == (0, 0, 0)


def test_ledger_counts_late_missed_notified_and_withdrawn_months_separately():
    d = dt.date
    rows = [
        _row(8400, 8400, d(2026, 6, 27), d(2026, 6, 25)),  # on time
        _row(8400, 8400, d(2026, 7, 27), d(2026, 7, 28)),  # late, no notice
        _row(8400, 8400, d(2026, 8, 27), d(2026, 8, 30), notified=True),  # late, with notice
        _row(8400, 0),  # missed, no notice
        _row(8400, 4000, notified=True),  # short, with notice
        _row(8400, 8400, withdrawn=5000),  # paid, then 5,000 taken back out
        _row(8400, 8400, d(2026, 12, 27), None),  # no paid date: not late
    ]
    s = ar.summarize_ledger(rows)
    assert s.entries == 7
    assert s.months_paid == 5
    assert (s.missed, s.missed_unnotified, s.missed_notified) == (2, 1, 1)
    assert (s.late, s.late_unnotified, s.late_notified) == (2, 1, 1)
    assert (s.trouble_unnotified, s.trouble_notified) == (2, 2)
    assert (s.withdrawn, s.withdrawn_months) == (5000, 1)
    assert s.paid_total == 8400 * 5 + 4000
    assert s.deposited == 8400 * 5 + 4000 - 5000


def test_a_month_both_short_and_late_is_one_troubled_month():
    s = ar.summarize_ledger([_row(8400, 100, dt.date(2026, 6, 27), dt.date(2026, 6, 28))])
    assert (s.missed, s.late, s.trouble_unnotified) == (1, 1, 1)


def test_paying_more_than_due_is_a_month_paid_in_full():
    s = ar.summarize_ledger([_row(8400, 10000)])
    assert (s.months_paid, s.missed, s.deposited) == (1, 0, 10000)
