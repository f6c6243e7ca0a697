"""任意整理 per creditor (domain.md section 1, "Per creditor"): what each 和解 asks a month, and the total.

A 和解 is made with each creditor and each installment is rounded on its own, so the household
pays Σ payment_i, never less than the one-line estimate ceil_to(D / n). For a common plan length
n and each eligible debt i:

- settled amount S_i = amount + accrued_interest (経過利息・遅延損害金 the creditor insists on);
- n_i = min(n, the creditor's max_installments); with a minimum monthly payment m_i > 0 also
  n_i <= max(1, floor(S_i / m_i));
- payment_i = ceil_to(S_i / n_i, unit), or with future interest at r % a year the level payment
  ceil_to(S_i·q / (1 − (1+q)^−n_i), unit), q = r / 1200;
- total(n) = Σ payment_i + remittance_fee × remittances (送金代行: one remittance per creditor).

Pure integers and fractions: the rate is an exact ``Fraction`` (never a float), and the level
payment is evaluated as one integer division, so no figure depends on binary rounding.
Nothing here is a statutory or office figure: the unit, the fee and the basis are arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable, NamedTuple, Sequence

from .arithmetic import ceil_div, payment

PER_CREDITOR = "per_creditor"
AGGREGATE = "aggregate"
BASES = (PER_CREDITOR, AGGREGATE)


class Terms(NamedTuple):
    """One eligible debt as its creditor settles it (a named tuple: made for every debt of every 任意整理 case)."""

    creditor: str
    settled: int  # S_i = amount + accrued_interest, yen
    max_installments: int | None = None  # the creditor's own limit
    min_monthly: int = 0  # the creditor's minimum monthly payment, yen
    rate: Fraction = Fraction(0)  # 将来利息, % a year (exact)


def installments(t: Terms, n: int) -> int:
    """n_i: the plan length n, cut by the creditor's maximum and by its minimum monthly payment."""
    k = n if t.max_installments is None else min(n, t.max_installments)
    if t.min_monthly > 0:
        k = min(k, max(1, t.settled // t.min_monthly))
    return k


def installment_cap(t: Terms) -> int | None:
    """The most installments the creditor's terms allow whatever n is (None: no cap), so that
    ``installments(t, n) == n if cap is None else min(n, cap)`` (min is associative)."""
    caps = ([] if t.max_installments is None else [t.max_installments]) + \
        ([max(1, t.settled // t.min_monthly)] if t.min_monthly > 0 else [])
    return min(caps) if caps else None


def _monthly_rate(rate: Fraction) -> tuple[int, int]:
    """q = rate / 1200 as (numerator, denominator) in lowest terms."""
    q = Fraction(rate) / 1200
    return q.numerator, q.denominator


def level_payment(settled: int, n: int, rate: Fraction, unit: int, q: tuple[int, int] | None = None) -> int:
    """ceil_to(S·q / (1 − (1+q)^−n), unit) with q = rate / 1200, exactly; without a rate ceil_to(S / n, unit).

    With q = a / b in lowest terms, (1+q)^n = (b+a)^n / b^n, so
    S·q / (1 − (1+q)^−n) = S·q·(1+q)^n / ((1+q)^n − 1) = S·a·(b+a)^n / (b·((b+a)^n − b^n)):
    one integer fraction, rounded up to the unit by one integer division.
    """
    if n < 1:
        raise ValueError("a plan needs at least one installment")
    if rate == 0:
        return payment(settled, n, unit)
    a, b = q or _monthly_rate(rate)
    grown, base = (b + a) ** n, b ** n
    return ceil_div(settled * a * grown, b * (grown - base) * unit) * unit


class Row(NamedTuple):
    """One line of the plan: what the 和解 with this creditor looks like at plan length n."""

    creditor: str
    settled: int
    installments: int
    monthly: int | None  # None under the aggregate basis: not computed per creditor

    def as_dict(self) -> dict:
        return {"creditor": self.creditor, "settled": self.settled, "installments": self.installments,
                "monthly": self.monthly}


@dataclass
class Settlement:
    """The plan of one case: its creditors' terms and how the monthly total is reckoned.

    ``basis`` per_creditor sums each creditor's rounded payment; aggregate keeps the article's
    one-line estimate ceil_to(D / n, unit) over the eligible debt D (creditor terms are not
    applied). Either way the 送金代行 fee is added once per creditor paid through the office.
    Totals are cached per n: the fewest-fitting search and the facts ask for the same n again.
    """

    terms: Sequence[Terms]
    unit: int
    basis: str = PER_CREDITOR
    remittance_fee: int = 0
    debt: int = 0  # D, for the aggregate basis
    _totals: dict[int, int] = field(default_factory=dict, repr=False)
    _paid: dict[tuple[int, int], int] = field(default_factory=dict, repr=False)  # (creditor index, n_i) -> payment_i

    def __post_init__(self):
        if self.basis not in BASES:
            raise ValueError(f"payment_basis must be one of {', '.join(BASES)}, not {self.basis!r}")
        # Worked out once per plan, not once per total(n): the monthly rates, each creditor's
        # installment cap, and the remittances (the terms do not change).
        self._rates = [_monthly_rate(t.rate) if t.rate else None for t in self.terms]
        self._caps = [installment_cap(t) for t in self.terms]
        self._remittances = len({t.creditor for t in self.terms if t.settled > 0})
        self._each = tuple(zip((t.settled for t in self.terms), self._caps, self._rates))

    def payment_of(self, i: int, k: int) -> int:
        """payment_i at n_i = k, computed once per (creditor, k): a capped creditor repeats its k."""
        key = (i, k)
        paid = self._paid.get(key)
        if paid is None:
            t = self.terms[i]
            if self._rates[i] is None and k >= 1:  # no future interest: ceil_to(S / n_i), as level_payment gives
                paid = self._paid[key] = payment(t.settled, k, self.unit)
            else:
                paid = self._paid[key] = level_payment(t.settled, k, t.rate, self.unit, self._rates[i])
        return paid

    @property
    def remittances(self) -> int:
        """Remittances a month under 送金代行: one per creditor that is owed something."""
        return self._remittances

    def fees(self) -> int:
        return self.remittance_fee * self.remittances

    def payments(self, n: int) -> int:
        """What goes to the creditors in month one at plan length n (without the remittance fees)."""
        if self.basis == AGGREGATE:
            return payment(self.debt, n, self.unit)
        unit, total = self.unit, 0
        for i, (settled, cap, q) in enumerate(self._each):
            k = n if cap is None or n < cap else cap  # installments(terms[i], n)
            if q is None and k >= 1:  # no future interest: payment(S, n_i, unit), worked out in place
                total += -(-settled // (k * unit)) * unit
            else:
                total += self.payment_of(i, k)
        return total

    def total(self, n: int) -> int:
        """total(n): the creditors' payments plus the remittance fees, the household's monthly figure."""
        cached = self._totals.get(n)
        if cached is None:
            cached = self._totals[n] = self.payments(n) + self.fees()
        return cached

    def rows(self, n: int) -> list[Row]:
        if self.basis == AGGREGATE:
            return [Row(t.creditor, t.settled, n, None) for t in self.terms]
        return [Row(t.creditor, t.settled, k, self.payment_of(i, k))
                for i, t in enumerate(self.terms) for k in (installments(t, n),)]

    def plan(self, n: int) -> dict:
        """The result's ``plan``: the basis and one row per creditor at plan length n (``rows``, as mappings).

        Built here row by row (two or three plans for every 任意整理 case) rather than through
        ``Row`` objects; ``tests/test_settlement.py`` checks it against ``rows``.
        """
        if self.basis == AGGREGATE:
            creditors = [{"creditor": t.creditor, "settled": t.settled, "installments": n, "monthly": None} for t in self.terms]
        else:
            creditors = []
            for i, (t, cap) in enumerate(zip(self.terms, self._caps)):
                k = n if cap is None or n < cap else cap  # installments(t, n)
                creditors.append({"creditor": t.creditor, "settled": t.settled, "installments": k, "monthly": self.payment_of(i, k)})
        return {"basis": self.basis, "creditors": creditors}


def fewest_fitting(total: Callable[[int], int], lo: int, hi: int, capacity: int) -> int | None:
    """The fewest n in [lo, hi] with total(n) <= capacity, or None.

    domain.md asks for the fewest n whose total fits: ``fewest_fitting_by_scan``, every n tried
    in order. Each payment_i is non-increasing in n (n_i never decreases with n, and S/n_i and
    the level payment both fall as n_i grows; the fees do not depend on n), so total(n) is
    non-increasing too: if total(hi) does not fit no n does, if total(lo) fits it is the answer,
    and otherwise the first fitting n is found by bisection — the same n as the scan (``tests/test_settlement.py`` checks both,
    and that the total never rises), in at most 7 totals instead of up to 49. Most plans that
    do not fit at all now cost one total per range instead of a whole scan.
    """
    if lo > hi or total(hi) > capacity:
        return None
    if total(lo) <= capacity:  # the shortest plan fits (often so, and total(lo) is a fact anyway): no search
        return lo
    while lo < hi:
        mid = (lo + hi) // 2
        if total(mid) <= capacity:
            hi = mid
        else:
            lo = mid + 1
    return lo


def fewest_fitting_by_scan(total: Callable[[int], int], lo: int, hi: int, capacity: int) -> int | None:
    """The definition in domain.md: the first n in lo, lo+1, ..., hi whose total fits, or None."""
    for n in range(lo, hi + 1):
        if total(n) <= capacity:
            return n
    return None
