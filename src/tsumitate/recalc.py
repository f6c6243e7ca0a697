"""引き直し計算: a transaction history recalculated under 利息制限法, exactly (domain.md section 5).

Pure and exact: integers of yen, ``datetime.date`` and ``fractions.Fraction``; never a float,
never a file, never durable_rules. Every statutory figure (the rate brackets, the 法定利率 of
the overpayment and its 2020-04-01 change, the 10-year time bar) is a dated parameter from
``rules/recalculation.yaml`` handed in as ``RecalcParameters``.

The method, row by row (one row = one transaction, oldest first, same-day rows as written):

1. Interest since the previous row: ``floor(principal × rate × (days in common years / 365
   + days in leap years / 366))``; the days counted are those after the previous date up to and
   including this one (初日不算入), each in its own calendar year (各年計算). Overpaid principal
   earns the debtor interest the same way (民法704条), at the 法定利率 in force on the day each
   part of it arose, kept apart from the principal (not compounded).
2. A borrowing is first set off against the overpaid interest, then the overpaid principal
   (最判平成25年4月11日); what is left is new principal. The bracket is judged on the principal
   after the borrowing (最判平成25年7月18日, 最判平成22年4月20日) and the rate never goes back up.
3. A repayment pays the unpaid and new interest first, then principal; what exceeds them is
   overpaid principal arising that day. Interest a repayment does not cover is carried as unpaid
   interest (never added to principal).

A row holding both a borrowing and a repayment is read in that order (the borrowing first),
like a 名古屋式 sheet whose 残元金 formula adds 借入 before subtracting 弁済.

Where domain.md is silent, one reading is chosen and said here: overpaid principal arisen on
different sides of 2020-04-01 carries two rates; a borrowing set off against it consumes the
part at the higher rate first, then the older (法定充当, 民法488条4項2号・3号: the lender, as
obligor of the return, pays first the debt whose interest burdens it most).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterable

from .recalc_figures import Dated, RateBracket, RecalcError, RecalcParameters  # noqa: F401 (public here too)

_COMMON_LEAP = 365 * 366  # common denominator of days/365 and days/366


@dataclass(frozen=True)
class Transaction:
    """One row of a 取引履歴: a borrowing, a repayment (either may be 0), on one day."""

    date: dt.date
    borrow: int = 0
    repay: int = 0


def limit_rate(principal: int, brackets: Iterable[RateBracket]) -> Fraction:
    """The 利息制限法 rate for a principal: the first bracket whose bound it is below."""
    for b in brackets:
        if b.below is None or principal < b.below:
            return b.rate
    raise RecalcError(f"no rate bracket covers a principal of {principal:,} yen")


def split_days(start: dt.date, end: dt.date) -> tuple[int, int]:
    """(days in common years, days in leap years) after ``start`` up to and including ``end``."""
    common = leap = 0
    day = start
    while day < end:
        year = day.year if (day.month, day.day) != (12, 31) else day.year + 1
        year_end = dt.date(year, 12, 31)  # the days after ``day`` up to here all fall in ``year``
        stop = end if end <= year_end else year_end
        n = (stop - day).days
        if _is_leap(stop.year):
            leap += n
        else:
            common += n
        day = stop
    return common, leap


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def accrue(principal: int | Fraction, rate: Fraction, common: int, leap: int) -> Fraction:
    """principal × rate × (common / 365 + leap / 366), exactly (the caller truncates)."""
    return principal * rate * Fraction(common * 366 + leap * 365, _COMMON_LEAP)


def truncate(x: Fraction) -> int:
    """To the yen, towards zero (amounts here are never negative)."""
    return x.numerator // x.denominator


@dataclass(frozen=True)
class Row:
    """One line of the table, after its transaction (the columns offices read in 名古屋式)."""

    date: dt.date
    borrow: int
    repay: int
    rate: Fraction | None  # 利率 in force after this row (None before the first borrowing)
    days: int  # days since the previous row
    interest: int  # 利息 accrued since the previous row at the previous rate, truncated
    unpaid_interest: int  # 未払利息 carried after this row
    principal: int  # 残元金
    overpaid_principal: int  # 過払金元金
    overpaid_interest: int  # 過払利息 accrued and not yet set off
    overpaid_interest_added: int = 0  # 過払利息 accrued since the previous row, truncated
    set_off_interest: int = 0  # this borrowing set off against overpaid interest
    set_off_principal: int = 0  # ... then against overpaid principal
    overpaid_rates: tuple[Fraction, ...] = ()  # 法定利率 of the overpaid principal's parts


@dataclass(frozen=True)
class Summary:
    """The debt to ``as_of``: what replaces the stated amount, or the claim for 過払金."""

    as_of: dt.date
    principal: int
    unpaid_interest: int
    overpaid_principal: int
    overpaid_interest: int
    last_transaction: dt.date | None
    time_barred: bool  # overpaid, and the prescription period has run since the last transaction
    total_borrowed: int
    total_repaid: int
    interest_charged: int
    overpaid_interest_set_off: int
    final_rate: Fraction | None

    @property
    def amount(self) -> int:
        """The recalculated debt (principal + unpaid interest) that D and U use."""
        return self.principal + self.unpaid_interest

    @property
    def overpaid(self) -> int:
        """過払金: principal and interest the debtor can claim back (0 if none)."""
        return self.overpaid_principal + self.overpaid_interest


@dataclass(frozen=True)
class Recalculation:
    rows: tuple[Row, ...]
    to_as_of: Row  # the accrual from the last transaction to as_of (no transaction)
    summary: Summary


@dataclass
class _Part:
    """A part of the overpaid principal: the yen, its 法定利率, and the day it arose."""

    amount: int
    rate: Fraction
    since: dt.date


@dataclass
class _State:
    principal: int = 0
    unpaid: int = 0
    rate: Fraction | None = None
    parts: list[_Part] = field(default_factory=list)
    overpaid_interest: int = 0
    last: dt.date | None = None
    borrowed: int = 0
    repaid: int = 0
    charged: int = 0
    set_off_interest: int = 0

    @property
    def overpaid_principal(self) -> int:
        return sum(p.amount for p in self.parts)


def _step(s: _State, date: dt.date, borrow: int, repay: int, params: RecalcParameters) -> Row:
    if borrow < 0 or repay < 0:
        raise RecalcError(f"{date}: negative amount")
    if s.last is not None and date < s.last:
        raise RecalcError(f"{date} comes before {s.last}: transactions must be oldest first")
    days = (date - s.last).days if s.last is not None else 0
    interest = op_added = 0
    if days:
        common, leap = split_days(s.last, date)
        if s.principal and s.rate is not None:
            interest = truncate(accrue(s.principal, s.rate, common, leap))
        if s.parts:
            owed = sum((Fraction(p.amount) * p.rate for p in s.parts), Fraction(0))
            op_added = truncate(accrue(owed, Fraction(1), common, leap))
    s.charged += interest
    s.unpaid += interest
    s.overpaid_interest += op_added
    off_interest = off_principal = 0
    if borrow:
        s.borrowed += borrow
        left = borrow
        off_interest = min(left, s.overpaid_interest)
        s.overpaid_interest -= off_interest
        left -= off_interest
        if left and s.parts:
            # the part with the higher rate first, then the older (see the module docstring)
            for part in sorted(s.parts, key=lambda p: (-p.rate, p.since)):
                take = min(left, part.amount)
                part.amount -= take
                off_principal += take
                left -= take
                if not left:
                    break
            s.parts = [p for p in s.parts if p.amount]
        s.set_off_interest += off_interest
        s.principal += left
        bracket_rate = limit_rate(s.principal, params.brackets_on(date))
        s.rate = bracket_rate if s.rate is None else min(s.rate, bracket_rate)
    if repay:
        s.repaid += repay
        left = repay
        paid_interest = min(left, s.unpaid)
        s.unpaid -= paid_interest
        left -= paid_interest
        paid_principal = min(left, s.principal)
        s.principal -= paid_principal
        left -= paid_principal
        if left:
            rate = params.legal_rate_on(date)
            same = next((p for p in s.parts if p.rate == rate), None)
            if same is not None:
                same.amount += left
            else:
                s.parts.append(_Part(left, rate, date))
    s.last = date
    return Row(date=date, borrow=borrow, repay=repay, rate=s.rate, days=days, interest=interest,
               unpaid_interest=s.unpaid, principal=s.principal, overpaid_principal=s.overpaid_principal,
               overpaid_interest=s.overpaid_interest, overpaid_interest_added=op_added,
               set_off_interest=off_interest, set_off_principal=off_principal,
               overpaid_rates=tuple(sorted({p.rate for p in s.parts}, reverse=True)))


def recalculate(transactions: Iterable[Transaction], as_of: dt.date, params: RecalcParameters) -> Recalculation:
    """The 引き直し table of a history and the debt (or 過払金) it leaves on ``as_of``.

    ``as_of`` must not come before the last transaction (the caller validates that).
    """
    s = _State()
    rows = tuple(_step(s, t.date, t.borrow, t.repay, params) for t in transactions)
    last = s.last
    if last is not None and as_of < last:
        raise RecalcError(f"as_of {as_of} comes before the last transaction {last}")
    if last is None:
        s.last = as_of
    final = _step(s, as_of, 0, 0, params)
    time_barred = False
    if last is not None and s.overpaid_principal + s.overpaid_interest > 0:
        time_barred = as_of > add_years(last, params.prescription_on(as_of))
    summary = Summary(as_of=as_of, principal=s.principal, unpaid_interest=s.unpaid,
                      overpaid_principal=s.overpaid_principal, overpaid_interest=s.overpaid_interest,
                      last_transaction=last, time_barred=time_barred, total_borrowed=s.borrowed,
                      total_repaid=s.repaid, interest_charged=s.charged,
                      overpaid_interest_set_off=s.set_off_interest, final_rate=s.rate)
    return Recalculation(rows=rows, to_as_of=final, summary=summary)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year (民法143条)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def percent(rate: Fraction | None) -> int | str | None:
    """A rate as % a year for people and JSON: 18, or '14.6' when not whole."""
    if rate is None:
        return None
    p = rate * 100
    if p.denominator == 1:
        return p.numerator
    whole, rest = divmod(p.numerator, p.denominator)
    digits = ""
    for _ in range(6):
        rest *= 10
        d, rest = divmod(rest, p.denominator)
        digits += str(d)
        if not rest:
            break
    return f"{whole}.{digits.rstrip('0') or '0'}"
