"""Properties of the 引き直し計算 over generated histories (hypothesis).

The ledger identity: at every row, principal + unpaid interest − overpaid principal equals
everything borrowed plus the interest charged minus everything repaid minus the overpaid
interest a borrowing consumed, to the yen. Overpaid interest never enters it: it is the
debtor's separate claim.

More repayment and the principal: a larger repayment never leaves more principal as long as
the brackets stay the same. It can when a smaller principal at a later borrowing stays below a
bracket bound: the rate judged at that borrowing is then higher (最判平成22年4月20日 judges it
on the sum at each borrowing), and the extra interest can outweigh the extra repayment. The
last test shows such a history.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from tsumitate.recalc import Transaction, recalculate
from tsumitate.rulebook.load import load_rulebook

PARAMS = load_rulebook().recalculation
START = dt.date(1995, 1, 1)

amount = st.one_of(st.just(0), st.integers(1, 2_000_000), st.sampled_from([99_999, 100_000, 999_999, 1_000_000]))
row = st.tuples(st.integers(0, 400), amount, amount)  # (days after the previous row, borrow, repay)
histories = st.lists(row, min_size=1, max_size=40)


def build(rows) -> list[Transaction]:
    day, out = START, []
    for gap, borrow, repay in rows:
        day += dt.timedelta(days=gap)
        out.append(Transaction(day, borrow, repay))
    return out


def as_of_after(txs, extra=30) -> dt.date:
    return txs[-1].date + dt.timedelta(days=extra)


@given(histories, st.integers(0, 4000))
def test_every_row_balances_to_the_yen(rows, extra):
    txs = build(rows)
    r = recalculate(txs, as_of_after(txs, extra), PARAMS)
    borrowed = repaid = charged = set_off = 0
    for x in (*r.rows, r.to_as_of):
        borrowed += x.borrow
        repaid += x.repay
        charged += x.interest
        set_off += x.set_off_interest
        assert x.principal + x.unpaid_interest - x.overpaid_principal == borrowed + charged - repaid - set_off
        # a debt and an overpayment never stand side by side
        assert x.principal == 0 or x.overpaid_principal == 0
        assert min(x.principal, x.unpaid_interest, x.overpaid_principal, x.overpaid_interest, x.interest) >= 0


@given(histories)
def test_the_rate_never_goes_back_up(rows):
    r = recalculate(build(rows), as_of_after(build(rows)), PARAMS)
    rates = [x.rate for x in r.rows if x.rate is not None]
    assert all(b <= a for a, b in zip(rates, rates[1:]))


@given(histories, st.data())
def test_more_repayment_after_the_last_borrowing_never_raises_the_principal(rows, data):
    txs = build(rows)
    last_borrow = max((i for i, t in enumerate(txs) if t.borrow), default=-1)
    k = data.draw(st.integers(last_borrow + 1, len(txs)), label="row") if last_borrow + 1 <= len(txs) else len(txs)
    extra = data.draw(st.integers(1, 500_000), label="extra")
    more = list(txs)
    if k == len(txs):
        more.append(Transaction(txs[-1].date, 0, extra))
        txs = txs + [Transaction(txs[-1].date, 0, 0)]
    else:
        more[k] = Transaction(txs[k].date, txs[k].borrow, txs[k].repay + extra)
    as_of = as_of_after(txs)
    before, after = recalculate(txs, as_of, PARAMS), recalculate(more, as_of, PARAMS)
    for a, b in zip((*before.rows, before.to_as_of), (*after.rows, after.to_as_of)):
        assert b.principal <= a.principal
        assert b.principal + b.unpaid_interest <= a.principal + a.unpaid_interest
        assert b.overpaid_principal >= a.overpaid_principal


@given(histories, st.data())
def test_more_repayment_never_raises_the_principal_while_the_brackets_stay_the_same(rows, data):
    txs = build(rows)
    k = data.draw(st.integers(0, len(txs) - 1), label="row")
    more = list(txs)
    more[k] = Transaction(txs[k].date, txs[k].borrow, txs[k].repay + data.draw(st.integers(1, 500_000), label="extra"))
    as_of = as_of_after(txs)
    before, after = recalculate(txs, as_of, PARAMS), recalculate(more, as_of, PARAMS)
    if [x.rate for x in before.rows] != [x.rate for x in after.rows]:
        return  # a bracket changed: see the next test
    for a, b in zip((*before.rows, before.to_as_of), (*after.rows, after.to_as_of)):
        assert b.principal <= a.principal
        assert b.overpaid_principal >= a.overpaid_principal


def test_one_more_yen_repaid_can_keep_a_later_borrowing_in_the_higher_bracket():
    # 50,000 at 20% on 2005-01-01; 10,000 repaid on 2005-01-31 (30 days: 50,000×0.2×30/365 = 821.9 → 821;
    # principal 40,821). A borrowing of 59,179 on 2005-03-02 (30 days: 40,821×0.2×30/365 = 671.0 → 671
    # unpaid) makes 100,000 → 18% from then on. Repay one yen more on 2005-01-31 and the sum is 99,999:
    # the rate stays 20%, and a year later the extra 2% has cost far more than the yen saved.
    day = dt.date
    base = [Transaction(day(2005, 1, 1), 50000, 0), Transaction(day(2005, 1, 31), 0, 10000),
            Transaction(day(2005, 3, 2), 59179, 0), Transaction(day(2006, 3, 2), 0, 30000)]
    more = list(base)
    more[1] = Transaction(day(2005, 1, 31), 0, 10001)
    a, b = recalculate(base, day(2006, 3, 2), PARAMS), recalculate(more, day(2006, 3, 2), PARAMS)
    assert a.rows[2].principal == 100000 and b.rows[2].principal == 99999
    assert a.rows[2].rate < b.rows[2].rate
    # a: 100,000×0.18 = 18,000 for the year (2005-03-02 → 2006-03-02, 365 days); 18,000 + 671 = 18,671 of
    #    interest, 30,000 − 18,671 = 11,329 to principal → 88,671.
    # b: 99,999×0.2 = 19,999.8 → 19,999; 40,820×0.2×30/365 = 671.0 → 671; 30,000 − 20,670 = 9,330 → 90,669.
    assert a.rows[3].principal == 88671
    assert b.rows[3].principal == 90669
