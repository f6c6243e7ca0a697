"""The dated figures of the 引き直し計算 (rules/recalculation.yaml), apart from the calculation itself.

Why a module of their own: every rule book carries them (the time-bar years are a fact of every
case), so they are read back from the rule-book cache at every start, while the calculation in
``recalc`` is needed only by a case with a transaction history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Sequence

import msgspec


class RateBracket(msgspec.Struct, frozen=True):
    """利息制限法1条: principal below ``below`` (None: any principal) → ``rate`` a year."""

    below: int | None
    rate: Fraction


class Dated(msgspec.Struct, frozen=True):
    """A value in force from ``since`` (the rule files' dated ``values``)."""

    since: dt.date
    value: object


@dataclass(frozen=True)
class RecalcParameters:
    """The dated figures the recalculation needs, each list oldest first."""

    brackets: tuple[Dated, ...]  # value: tuple[RateBracket, ...], narrowest first
    legal_rates: tuple[Dated, ...]  # value: Fraction a year (民法404条)
    prescription_years: tuple[Dated, ...]  # value: int years (消滅時効)
    sources: dict = field(default_factory=dict, compare=False)  # name -> ((since, source, url), ...)

    def brackets_on(self, day: dt.date) -> tuple[RateBracket, ...]:
        return _in_force(self.brackets, day, "interest_rate_brackets")

    def legal_rate_on(self, day: dt.date) -> Fraction:
        rate = _in_force(self.legal_rates, day, "overpayment_interest_rate")
        if rate is None:
            raise RecalcError(f"the 法定利率 in force on {day} is not known yet (rules/recalculation.yaml: overpayment_interest_rate)")
        return rate

    def prescription_on(self, day: dt.date) -> int:
        return _in_force(self.prescription_years, day, "overpayment_prescription_years")


class RecalcError(ValueError):
    """A history the recalculation cannot use (validation should have caught it: a bug, or a date before the parameters)."""


def _in_force(values: Sequence[Dated], day: dt.date, name: str):
    current = None
    for v in values:
        if v.since <= day:
            current = v
    if current is None:
        first = values[0].since if values else None
        raise RecalcError(f"no value of {name} in force on {day} (earliest from {first})")
    return current.value
