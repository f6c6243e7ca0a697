"""The exact arithmetic of domain.md, in whole yen. Pure functions; every figure is an argument.

No statutory or court figure lives here: the rounding unit, installment ranges and the
minimum-repayment table come from ``rules/`` through the caller.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple, Sequence

import msgspec


def ceil_div(a: int, b: int) -> int:
    """ceil(a / b) for integers, without floats (b > 0)."""
    return -(-a // b)


def ceil_to(x: int, unit: int) -> int:
    """Round x up to the next multiple of ``unit``."""
    return ceil_div(x, unit) * unit


def monthly_capacity(income: int, expenses: int, annual_irregular: int) -> int:
    """返済余力 = income - expenses - ceil(irregular / 12). May be negative."""
    return income - expenses - ceil_div(annual_irregular, 12)


def payment(total: int, installments: int, unit: int) -> int:
    """ceil_to(total / n, unit), exactly: the smallest multiple of ``unit`` that is >= total / n."""
    return ceil_div(total, installments * unit) * unit


def fewest_fitting(total: int, lo: int, hi: int, capacity: int, unit: int) -> int | None:
    """The fewest n in [lo, hi] with payment(n) <= capacity, or None.

    payment(n) never increases with n, so the first fitting n is found by bisection.
    """
    if lo > hi or payment(total, hi, unit) > capacity:
        return None
    while lo < hi:
        mid = (lo + hi) // 2
        if payment(total, mid, unit) <= capacity:
            hi = mid
        else:
            lo = mid + 1
    return lo


class Bracket(msgspec.Struct, frozen=True):
    """One row of the minimum-repayment table (民事再生法231条2項3号・4号)."""

    below: int | None = None  # applies when U < below
    up_to: int | None = None  # applies when U <= up_to
    whole: bool = False  # minimum is U itself
    fixed: int | None = None  # minimum is this amount
    divisor: int | None = None  # minimum is ceil(U / divisor)

    def applies(self, u: int) -> bool:
        if self.below is not None:
            return u < self.below
        if self.up_to is not None:
            return u <= self.up_to
        return True

    def minimum(self, u: int) -> int:
        if self.whole:
            return u
        if self.fixed is not None:
            return self.fixed
        if self.divisor:
            return ceil_div(u, self.divisor)
        raise ValueError("a bracket needs whole, fixed or divisor")


def brackets_from(table: Sequence[dict]) -> tuple[Bracket, ...]:
    return tuple(Bracket(**row) for row in table)


def minimum_repayment(unsecured: int, brackets: Iterable[Bracket]) -> int | None:
    """最低弁済額 from the first bracket that applies; None above the table (ineligible)."""
    for b in brackets:
        if b.applies(unsecured):
            return b.minimum(unsecured)
    return None


def plan_total(minimum: int | None, liquidation_value: int, disposable_two_years: int) -> int | None:
    """P = max(minimum, liquidation value, disposable-income floor); None without a minimum."""
    if minimum is None:
        return None
    return max(minimum, liquidation_value, disposable_two_years)


class LedgerSummary(NamedTuple):
    """Counts and sums of the deposit ledger (oldest first) that the test rules compare.

    A named tuple (immutable like a frozen dataclass, made in one step: it is built for every case).
    """

    entries: int = 0
    months_paid: int = 0  # paid >= due
    missed: int = 0  # paid < due
    missed_unnotified: int = 0
    missed_notified: int = 0
    late: int = 0  # paid_date > due_date
    late_unnotified: int = 0
    late_notified: int = 0
    trouble_unnotified: int = 0  # missed or late, not reported in advance
    trouble_notified: int = 0  # missed or late, reported in advance
    withdrawn: int = 0  # yen
    withdrawn_months: int = 0
    paid_total: int = 0
    deposited: int = 0  # paid - withdrawn


def row_flags(row) -> tuple[bool, bool, bool]:
    """(missed, late, notified) of one ledger row: paid < due; paid_date > due_date; told in advance."""
    missed = row.paid < row.due
    late = row.paid_date is not None and row.due_date is not None and row.paid_date > row.due_date
    return missed, late, row.notified_in_advance


def summarize_ledger(rows) -> LedgerSummary:
    # plain local counters: this runs for every case (a dict of counters cost twice as much)
    months_paid = missed_n = missed_unnotified = missed_notified = late_n = late_unnotified = late_notified = 0
    trouble_unnotified = trouble_notified = withdrawn = withdrawn_months = paid_total = 0
    for row in rows:
        missed, late, notified = row_flags(row)
        if missed:
            missed_n += 1
            if notified:
                missed_notified += 1
            else:
                missed_unnotified += 1
        else:
            months_paid += 1
        if late:
            late_n += 1
            if notified:
                late_notified += 1
            else:
                late_unnotified += 1
        if missed or late:
            if notified:
                trouble_notified += 1
            else:
                trouble_unnotified += 1
        withdrawn += row.withdrawn
        if row.withdrawn > 0:
            withdrawn_months += 1
        paid_total += row.paid
    return LedgerSummary(entries=len(rows), months_paid=months_paid, missed=missed_n, missed_unnotified=missed_unnotified,
                         missed_notified=missed_notified, late=late_n, late_unnotified=late_unnotified,
                         late_notified=late_notified, trouble_unnotified=trouble_unnotified,
                         trouble_notified=trouble_notified, withdrawn=withdrawn, withdrawn_months=withdrawn_months,
                         paid_total=paid_total, deposited=paid_total - withdrawn)
