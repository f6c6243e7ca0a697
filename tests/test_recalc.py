"""引き直し計算 (domain.md section 5), worked by hand: each test is one rule of the method.

Every expected figure is worked out in the comment above it from the formula
interest = floor(principal × rate × (days in common years / 365 + days in leap years / 366)),
with the parameters shipped in rules/recalculation.yaml (利息制限法1条: 20% / 18% / 15%;
法定利率 5% before 2020-04-01, 3% from then on; 10 years).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from tsumitate.recalc import RecalcError, Transaction as T, add_years, percent, recalculate, split_days

D = dt.date


@pytest.fixture(scope="module")
def params(book):
    return book.recalculation


def table(history, as_of, params):
    return recalculate([T(D(*d), b, r) for d, b, r in history], D(*as_of), params)


def test_a_published_nagoya_table_is_reproduced_row_by_row(params):
    # Source: a worked 名古屋式 example posted to the 借金生活板 thread, archived at
    # https://yomi.tokyo/agate/life9/debt/1199539288/85/dtn (read 2026-11-26): a 29.2% loan of
    # 200,000 yen on H13.1.10 recalculated at 18%. Its corrected table:
    #   H13.1.10  借入 200,000  利率 0.18                          残元金 200,000
    #   H13.1.27  弁済  10,000  利率 0.18  17日  利息 1,676  未払 0  残元金 191,676
    #   H13.2.26  弁済  10,000  利率 0.18  30日  利息 2,835  未払 0  残元金 184,511
    r = table([((2001, 1, 10), 200000, 0), ((2001, 1, 27), 0, 10000), ((2001, 2, 26), 0, 10000)], (2001, 2, 26), params)
    got = [(row.date, row.borrow, row.repay, percent(row.rate), row.days, row.interest, row.unpaid_interest, row.principal)
           for row in r.rows]
    assert got == [
        (D(2001, 1, 10), 200000, 0, 18, 0, 0, 0, 200000),
        (D(2001, 1, 27), 0, 10000, 18, 17, 1676, 0, 191676),
        (D(2001, 2, 26), 0, 10000, 18, 30, 2835, 0, 184511),
    ]


def test_a_borrowing_that_crosses_100000_yen_lowers_the_rate_and_repayments_never_raise_it_back(params):
    r = table([
        ((2005, 1, 10), 50000, 0),   # 50,000 < 100,000 → 20%
        ((2005, 2, 10), 60000, 0),   # 31 days at 20% on 50,000: 50,000×0.2×31/365 = 849.3 → 849 (unpaid);
                                     # principal 110,000 after the borrowing → 18%
        ((2005, 3, 12), 0, 10000),   # 30 days at 18% on 110,000 = 1,627.3 → 1,627; 849 + 1,627 = 2,476 of interest
                                     # first, 7,524 to principal → 102,476
        ((2005, 4, 11), 0, 10000),   # 102,476×0.18×30/365 = 1,516.0 → 1,516; 8,484 to principal → 93,992 (< 100,000)
        ((2005, 5, 11), 0, 10000),   # still 18%: 93,992×0.18×30/365 = 1,390.5 → 1,390 (20% would give 1,545);
                                     # 8,610 to principal → 85,382
        ((2005, 6, 10), 5000, 0),    # 85,382×0.18×30/365 = 1,263.1 → 1,263 unpaid; principal 90,382 < 100,000
                                     # after this borrowing, and still 18% (最判平成22年4月20日)
    ], (2005, 6, 10), params)
    rows = r.rows
    assert [percent(x.rate) for x in rows] == [20, 18, 18, 18, 18, 18]
    assert [x.interest for x in rows] == [0, 849, 1627, 1516, 1390, 1263]
    assert [x.unpaid_interest for x in rows] == [0, 849, 0, 0, 0, 1263]
    assert [x.principal for x in rows] == [50000, 110000, 102476, 93992, 85382, 90382]


def test_a_million_yen_borrowed_in_one_go_is_at_15_percent(params):
    # 1,000,000 is not below 1,000,000 → 15%. 30 days in 2005: 1,000,000×0.15×30/365 = 12,328.7 → 12,328
    r = table([((2005, 1, 1), 1000000, 0), ((2005, 1, 31), 0, 20000)], (2005, 1, 31), params)
    assert percent(r.rows[0].rate) == 15
    assert r.rows[1].interest == 12328
    assert r.rows[1].principal == 1000000 - (20000 - 12328)


def test_interest_not_covered_by_a_repayment_is_carried_and_never_earns_interest(params):
    r = table([
        ((2005, 1, 1), 100000, 0),   # 100,000 → 18%
        ((2005, 1, 31), 0, 1000),    # 100,000×0.18×30/365 = 1,479.4 → 1,479; 1,000 paid, 479 carried
        ((2005, 3, 2), 0, 5000),     # 30 days, again on 100,000 (not 100,479): 1,479; 479 + 1,479 = 1,958 of
                                     # interest, 3,042 to principal → 96,958
    ], (2005, 3, 2), params)
    assert [(x.interest, x.unpaid_interest, x.principal) for x in r.rows] == [
        (0, 0, 100000), (1479, 479, 100000), (1479, 0, 96958)]


def test_days_in_a_leap_year_count_over_366_across_29_february_2024(params):
    # 2023-12-01 → 2024-03-01 is 91 days: 30 in 2023 (12/2-12/31) over 365, 61 in 2024 (1/1-3/1) over 366.
    # 300,000×0.18 = 54,000 a year: 54,000×30/365 = 4,438.36 and 54,000×61/366 = 9,000 → 13,438.36 → 13,438
    # (all over 365 it would be 54,000×91/365 = 13,463.0: 25 yen too much).
    r = table([((2023, 12, 1), 300000, 0), ((2024, 3, 1), 0, 20000)], (2024, 3, 1), params)
    assert split_days(D(2023, 12, 1), D(2024, 3, 1)) == (30, 61)
    assert r.rows[1].days == 91
    assert r.rows[1].interest == 13438
    assert r.rows[1].principal == 300000 - (20000 - 13438)


def test_the_day_after_a_transaction_is_the_first_day_of_interest(params):
    # 2023-12-31 → 2024-01-01: one day, and it is in 2024 (a leap year): 366,000×0.18×1/366 = 180 exactly.
    assert split_days(D(2023, 12, 31), D(2024, 1, 1)) == (0, 1)
    r = table([((2023, 12, 31), 366000, 0), ((2024, 1, 1), 0, 180)], (2024, 1, 1), params)
    assert r.rows[1].interest == 180 and r.rows[1].principal == 366000


def test_an_overpayment_before_2020_04_01_earns_5_percent_kept_apart_from_the_principal(params):
    r = table([
        ((2019, 1, 10), 50000, 0),   # 20%
        ((2019, 3, 11), 0, 60000),   # 60 days: 50,000×0.2×60/365 = 1,643.8 → 1,643; 60,000 − 1,643 − 50,000
                                     # = 8,357 overpaid, arising 2019-03-11 → 5%
    ], (2020, 3, 11), params)
    # to as_of: 295 days of 2019 over 365 and 71 of 2020 over 366:
    # 8,357×0.05 = 417.85; 417.85×295/365 = 337.72, 417.85×71/366 = 81.06 → 418.77 → 418
    assert (r.rows[1].principal, r.rows[1].overpaid_principal) == (0, 8357)
    assert r.rows[1].overpaid_rates == (Fraction(5, 100),)
    s = r.summary
    assert (s.principal, s.unpaid_interest, s.overpaid_principal, s.overpaid_interest) == (0, 0, 8357, 418)
    assert s.amount == 0 and s.overpaid == 8357 + 418


def test_an_overpayment_from_2020_04_01_earns_3_percent(params):
    r = table([
        ((2020, 6, 1), 50000, 0),
        ((2020, 7, 31), 0, 60000),   # 60 days of 2020 (leap): 50,000×0.2×60/366 = 1,639.3 → 1,639;
                                     # 60,000 − 1,639 − 50,000 = 8,361 overpaid at 3%
    ], (2021, 7, 31), params)
    # to as_of: 153 days of 2020 over 366, 212 of 2021 over 365: 8,361×0.03 = 250.83;
    # 250.83×153/366 = 104.86, 250.83×212/365 = 145.69 → 250.54 → 250
    assert r.rows[1].overpaid_principal == 8361
    assert r.rows[1].overpaid_rates == (Fraction(3, 100),)
    assert (r.summary.overpaid_principal, r.summary.overpaid_interest) == (8361, 250)


def test_overpayments_either_side_of_2020_04_01_keep_their_own_rates(params):
    r = table([
        ((2019, 1, 10), 50000, 0),
        ((2019, 3, 11), 0, 60000),   # 8,357 overpaid at 5% (as above)
        ((2020, 3, 11), 0, 1000),    # 366 days: 418 of overpaid interest (as above); 1,000 more overpaid,
                                     # arising after... no: 2020-03-11 is before 2020-04-01 → also 5%: 9,357 at 5%
        ((2020, 4, 10), 0, 1000),    # 30 days of 2020: 9,357×0.05×30/366 = 38.3 → 38; 1,000 at 3%
        ((2020, 5, 10), 0, 0),       # 30 days: (9,357×0.05 + 1,000×0.03)×30/366 = (467.85 + 30)×30/366 = 40.8 → 40
    ], (2020, 5, 10), params)
    assert [x.overpaid_principal for x in r.rows] == [0, 8357, 9357, 10357, 10357]
    assert [x.overpaid_interest_added for x in r.rows] == [0, 0, 418, 38, 40]
    assert r.rows[-1].overpaid_interest == 418 + 38 + 40
    assert r.rows[-1].overpaid_rates == (Fraction(5, 100), Fraction(3, 100))


def test_a_borrowing_is_set_off_against_overpaid_interest_then_overpaid_principal(params):
    r = table([
        ((2019, 1, 10), 50000, 0),
        ((2019, 3, 11), 0, 60000),   # 8,357 overpaid at 5%
        ((2019, 9, 7), 10000, 0),    # 180 days: 8,357×0.05×180/365 = 206.06 → 206 of overpaid interest.
                                     # 10,000: 206 against the interest, 8,357 against the principal,
                                     # 1,437 new principal (最判平成25年4月11日) → 20%
        ((2019, 10, 7), 0, 2000),    # 30 days: 1,437×0.2×30/365 = 23.6 → 23; 2,000 − 23 − 1,437 = 540 overpaid
    ], (2019, 10, 7), params)
    x = r.rows[2]
    assert (x.overpaid_interest_added, x.set_off_interest, x.set_off_principal) == (206, 206, 8357)
    assert (x.principal, x.overpaid_principal, x.overpaid_interest) == (1437, 0, 0)
    assert (r.rows[3].interest, r.rows[3].principal, r.rows[3].overpaid_principal) == (23, 0, 540)
    assert r.summary.overpaid_interest_set_off == 206


def test_a_borrowing_smaller_than_the_overpaid_interest_only_reduces_that_interest(params):
    r = table([
        ((2019, 1, 10), 50000, 0),
        ((2019, 3, 11), 0, 60000),   # 8,357 overpaid
        ((2019, 9, 7), 100, 0),      # 206 of overpaid interest (as above): 100 set off against it, 106 left
    ], (2019, 9, 7), params)
    x = r.rows[2]
    assert (x.set_off_interest, x.set_off_principal, x.overpaid_interest, x.overpaid_principal, x.principal) == (
        100, 0, 106, 8357, 0)


def test_the_bracket_after_a_set_off_is_judged_on_what_remains(params):
    # 最判平成25年7月18日: borrowing 105,000 with 8,357 + 206 overpaid leaves 96,437 of new principal,
    # below 100,000 → 20% (the borrowing alone, 105,000, would have given 18%). The first borrowing
    # set 20% already, so the rate stays 20%.
    r = table([((2019, 1, 10), 50000, 0), ((2019, 3, 11), 0, 60000), ((2019, 9, 7), 105000, 0)], (2019, 9, 7), params)
    assert r.rows[2].principal == 105000 - 206 - 8357 == 96437
    assert percent(r.rows[2].rate) == 20
    # the same history whose second borrowing leaves 100,000 or more moves to 18%
    r = table([((2019, 1, 10), 50000, 0), ((2019, 3, 11), 0, 60000), ((2019, 9, 7), 108563, 0)], (2019, 9, 7), params)
    assert r.rows[2].principal == 100000 and percent(r.rows[2].rate) == 18


def test_a_set_off_consumes_the_5_percent_part_before_the_3_percent_part(params):
    r = table([
        ((2019, 1, 10), 50000, 0),
        ((2019, 3, 11), 0, 60000),    # 8,357 at 5%
        ((2020, 4, 10), 0, 1000),     # 396 days: 2019 295/365 + 2020 101/366 → 8,357×0.05 = 417.85;
                                      # 337.72 + 115.31 = 453.03 → 453 interest; 1,000 at 3%
        ((2020, 4, 10), 9000, 0),     # same day: 453 against interest, 8,357 (5%) first, then 190 of the 3% part
    ], (2020, 4, 10), params)
    x = r.rows[3]
    assert r.rows[2].overpaid_interest == 453
    assert (x.set_off_interest, x.set_off_principal, x.overpaid_principal) == (453, 8547, 810)
    assert x.overpaid_rates == (Fraction(3, 100),)


def test_a_repayment_on_a_zero_balance_is_overpaid_from_that_day(params):
    r = table([((2010, 1, 1), 0, 5000)], (2010, 1, 1), params)
    assert r.rows[0].rate is None
    assert (r.summary.principal, r.summary.overpaid_principal) == (0, 5000)


def test_same_day_rows_are_taken_in_the_order_written(params):
    # borrow then repay the same day: no days, no interest; 30,000 − 10,000 = 20,000
    r = table([((2010, 1, 1), 30000, 0), ((2010, 1, 1), 0, 10000)], (2010, 1, 1), params)
    assert [(x.days, x.interest, x.principal) for x in r.rows] == [(0, 0, 30000), (0, 0, 20000)]
    # repay first (on nothing: 10,000 overpaid), then the borrowing is set off against it: 20,000 new principal
    r = table([((2010, 1, 1), 0, 10000), ((2010, 1, 1), 30000, 0)], (2010, 1, 1), params)
    assert [(x.principal, x.overpaid_principal) for x in r.rows] == [(0, 10000), (20000, 0)]


def test_interest_runs_to_as_of_as_unpaid_interest(params):
    # 100,000 at 18% from 2005-01-01 to 2005-12-31: 364 days → 18,000×364/365 = 17,950.7 → 17,950
    r = table([((2005, 1, 1), 100000, 0)], (2005, 12, 31), params)
    assert (r.to_as_of.days, r.to_as_of.interest) == (364, 17950)
    assert (r.summary.principal, r.summary.unpaid_interest, r.summary.amount) == (100000, 17950, 117950)


def test_an_overpayment_is_time_barred_ten_years_after_the_last_transaction(params):
    history = [((2014, 5, 10), 0, 5000)]
    # the period starts the next day (初日不算入) and ends on 2024-05-10 (民法140条・143条)
    assert table(history, (2024, 5, 10), params).summary.time_barred is False
    assert table(history, (2024, 5, 11), params).summary.time_barred is True
    # a debt still owed is never reported as a time-barred claim
    assert table([((2000, 1, 1), 1000, 0)], (2024, 5, 11), params).summary.time_barred is False


def test_ten_years_from_29_february_end_on_the_last_day_of_february():
    assert add_years(D(2012, 2, 29), 10) == D(2022, 2, 28)


def test_as_of_before_the_last_transaction_is_refused(params):
    with pytest.raises(RecalcError, match="before the last transaction"):
        table([((2010, 1, 1), 1000, 0)], (2009, 12, 31), params)


def test_rates_print_as_percent_a_year():
    assert percent(Fraction(18, 100)) == 18
    assert percent(Fraction(146, 1000)) == "14.6"
    assert percent(None) is None
