"""A case's transaction histories recalculated: the amounts every procedure uses, and the facts about 過払金.

Sits between the model and the facts: for each debt with ``transactions`` it runs the pure
``recalc.recalculate`` to ``as_of`` and gives back a case whose ``amount`` is the recalculated
debt (principal + unpaid interest; 0 when overpaid), so D, U and every procedure's arithmetic
read one figure without knowing where it came from. The creditor's stated amount stays beside
it in the result (``recalculation``). Whether to advise a claim or warn of the time bar is
decided by rules (rules/common.yaml) comparing the facts made here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import msgspec

from .errors import M, Msg
from .model.case import RecalculatedDebt
from .procedures import FactInfo
from .recalc_figures import RecalcError, RecalcParameters

if TYPE_CHECKING:
    from .recalc import Recalculation

# ``recalc`` itself (the calculation) is imported where a debt has a history to recalculate or a
# recalculation to show: a case without histories never needs it (tests/test_start_up.py).


class DebtRecalc(msgspec.Struct, frozen=True):
    """One debt's recalculation, with what the creditor stated (None when not given)."""

    index: int  # position in case.debts
    creditor: str
    stated: int | None
    recalculation: Recalculation

    @property
    def amount(self) -> int:
        return self.recalculation.summary.amount


class RecalcFailure(ValueError):
    """A history the rules cannot recalculate (a date after as_of, a 法定利率 not yet known); ``field`` names it."""

    def __init__(self, field: tuple, message: Msg):
        self.field = field
        self.msg = message
        super().__init__(message.en)


def has_transactions(case) -> bool:
    return any(d.transactions for d in case.debts)


def recalculate_debts(case, params: RecalcParameters | None, as_of: dt.date) -> tuple[DebtRecalc, ...]:
    out = []
    for k, debt in enumerate(case.debts):
        if not debt.transactions:
            continue
        if params is None:
            raise RecalcFailure(("debts", k, "transactions"),
                                M("このルールディレクトリには recalculation.yaml がないため、取引履歴を引き直し計算できません",
                                  "this rules directory has no recalculation.yaml: the history cannot be recalculated"))
        rows = debt.transactions
        if rows[-1].date > as_of:
            i = next(i for i, r in enumerate(rows) if r.date > as_of)
            raise RecalcFailure(("debts", k, "transactions", i, "date"),
                                M(f"{rows[i].date} は基準日 {as_of} より後です（引き直し計算は基準日まで）",
                                  f"{rows[i].date} is after as_of {as_of}: the recalculation runs to as_of"))
        from .recalc import Transaction, recalculate

        try:
            rec = recalculate([Transaction(r.date, r.borrow, r.repay) for r in rows], as_of, params)
        except RecalcError as e:
            raise RecalcFailure(("debts", k, "transactions"),
                                M(f"引き直し計算ができません: {e}", f"cannot recalculate: {e}")) from None
        out.append(DebtRecalc(k, debt.creditor, debt.amount, rec))
    return tuple(out)


def with_amounts(case, recalcs: tuple[DebtRecalc, ...]):
    """The case with each recalculated debt's ``amount`` replaced by the recalculated figure.

    Each such debt keeps its recalculation beside it (``recalculation_of``): the arithmetic reads
    the recalculated amount, but a question the law answers from the creditor's own claim (the
    司法書士's authority, judged on the amount the creditor states) still finds that claim.
    """
    if not recalcs:
        return case
    debts = list(case.debts)
    for r in recalcs:
        stated = debts[r.index]
        debt = RecalculatedDebt.model_construct(stated.model_fields_set | {"amount"}, **{**dict(stated), "amount": r.amount})
        debt._recalculation = r
        debts[r.index] = debt
    return case.model_copy(update={"debts": debts})


def recalculation_of(debt) -> DebtRecalc | None:
    """The recalculation a debt's amount came from (``with_amounts``), or None for a stated amount."""
    return debt._recalculation if isinstance(debt, RecalculatedDebt) else None


def recalculations_of(case) -> list[DebtRecalc | None]:
    """``recalculation_of`` for every debt, in order; without any history no debt can have one
    (``with_amounts`` sets it only from a history), so none is looked up (a private attribute
    of a pydantic model is read through its ``__getattr__``, slow beside a field)."""
    if not has_transactions(case):
        return [None] * len(case.debts)
    return [recalculation_of(d) for d in case.debts]


FACTS: dict[str, FactInfo] = {
    "recalculated_debts": FactInfo("int", "取引履歴から引き直し計算した債務の数", "debts recalculated from their history"),
    "recalculated_total": FactInfo("int", "引き直し後の債務額の合計（残元金＋未払利息）", "recalculated debt (principal + unpaid interest)"),
    "stated_total": FactInfo("int", "引き直した債務について債権者が主張する額の合計（主張のあるもの）", "what the creditors state for those debts (where stated)"),
    "recalculation_reduction": FactInfo("int", "債権者の主張額 − 引き直し後の額（主張のある債務の合計、減った分）", "stated minus recalculated (debts with a stated amount)"),
    "recalculation_increase": FactInfo("int", "引き直し後の額 − 債権者の主張額（上回った分の合計）", "recalculated minus stated, where higher"),
    "overpaid_count": FactInfo("int", "過払いになっている債務の数", "debts overpaid"),
    "overpaid_principal_total": FactInfo("int", "過払金元金の合計", "overpaid principal"),
    "overpaid_interest_total": FactInfo("int", "過払利息の合計（基準日まで）", "interest on the overpayments to as_of"),
    "overpaid_total": FactInfo("int", "過払金の合計（元金＋利息）", "overpayment claims, principal and interest"),
    "overpaid_creditors": FactInfo("str", "過払いになっている債権者", "creditors overpaid"),
    "time_barred_count": FactInfo("int", "最終取引から時効期間を過ぎた過払金の数", "overpayment claims past the time bar"),
    "time_barred_total": FactInfo("int", "時効期間を過ぎた過払金の額（元金＋利息）", "overpayment claims past the time bar, yen"),
    "time_barred_creditors": FactInfo("str", "時効期間を過ぎた過払金の債権者", "creditors whose overpayment claim is past the time bar"),
    "overpayment_prescription_years": FactInfo("int", "過払金の消滅時効の年数（rules/recalculation.yaml、基準日の値）", "years of the time bar (rules/recalculation.yaml, on as_of)", nullable=True),
}


def facts(recalcs: tuple[DebtRecalc, ...], params: RecalcParameters | None, as_of: dt.date) -> dict[str, Any]:
    """The numbers the recalculation rules compare (all zero for a case without histories)."""
    if not recalcs:  # most cases: the zeros worked out once, and the time bar in force
        return {**_NONE, "overpayment_prescription_years": _years(params, as_of)}
    return facts_of(recalcs, params, as_of)


def facts_of(recalcs: tuple[DebtRecalc, ...], params: RecalcParameters | None, as_of: dt.date) -> dict[str, Any]:
    """``facts`` computed from the recalculations, whatever their number."""
    overpaid = [r for r in recalcs if r.recalculation.summary.overpaid > 0]
    barred = [r for r in overpaid if r.recalculation.summary.time_barred]
    stated = [r for r in recalcs if r.stated is not None]
    return {
        "recalculated_debts": len(recalcs),
        "recalculated_total": sum(r.amount for r in recalcs),
        "stated_total": sum(r.stated for r in stated),
        "recalculation_reduction": sum(max(0, r.stated - r.amount) for r in stated),
        "recalculation_increase": sum(max(0, r.amount - r.stated) for r in stated),
        "overpaid_count": len(overpaid),
        "overpaid_principal_total": sum(r.recalculation.summary.overpaid_principal for r in overpaid),
        "overpaid_interest_total": sum(r.recalculation.summary.overpaid_interest for r in overpaid),
        "overpaid_total": sum(r.recalculation.summary.overpaid for r in overpaid),
        "overpaid_creditors": "、".join(r.creditor for r in overpaid),
        "time_barred_count": len(barred),
        "time_barred_total": sum(r.recalculation.summary.overpaid for r in barred),
        "time_barred_creditors": "、".join(r.creditor for r in barred),
        "overpayment_prescription_years": _years(params, as_of),
    }


def _years(params: RecalcParameters | None, as_of: dt.date) -> int | None:
    try:
        return params.prescription_on(as_of) if params is not None else None
    except RecalcError:
        return None


_NONE = facts_of((), None, dt.date.min)  # no recalculations (the time bar is looked up per case)


def result_entry(r: DebtRecalc) -> dict[str, Any]:
    """One debt in the result's ``recalculation`` list (contract.md, 'Additions')."""
    from .recalc import percent

    s = r.recalculation.summary
    return {
        "creditor": r.creditor,
        "stated": r.stated,
        "principal": s.principal,
        "unpaid_interest": s.unpaid_interest,
        "amount": s.amount,
        "difference": None if r.stated is None else s.amount - r.stated,
        "overpaid_principal": s.overpaid_principal,
        "overpaid_interest": s.overpaid_interest,
        "last_transaction": s.last_transaction.isoformat() if s.last_transaction else None,
        "time_barred": s.time_barred,
        "rate": percent(s.final_rate),
        "transactions": len(r.recalculation.rows),
    }


def derivation(r: DebtRecalc, lang: str = "ja") -> list[str]:
    """How one debt's amount came out of its history (``explain``): the ledger identity, to the yen."""
    from .recalc import percent

    rec = r.recalculation
    s = rec.summary
    rows = rec.rows
    first, last = rows[0].date, rows[-1].date
    rate = percent(s.final_rate)
    ja = lang == "ja"
    charged = s.interest_charged
    lines = [
        (f"{r.creditor}: 取引履歴 {len(rows):,}行（{first}〜{last}）を利息制限法の上限利率で引き直し、基準日 {s.as_of} まで計算"
         f"（利率は各借入れ時の残元本で判定し下がるのみ: 最終 {rate}%、うるう年の日は366日で割る、利息は取引ごとに円未満切捨て）")
        if ja else
        (f"{r.creditor}: {len(rows):,} transactions ({first} to {last}) recalculated at the legal maximum rates to {s.as_of} "
         f"(bracket judged at each borrowing, never going back up: finally {rate}%; leap-year days over 366; interest truncated to the yen)"),
        (f"借入 {s.total_borrowed:,} ＋ 利息 {charged:,} − 返済 {s.total_repaid:,} − 過払利息の充当 {s.overpaid_interest_set_off:,}"
         f" ＝ 残元金 {s.principal:,} ＋ 未払利息 {s.unpaid_interest:,} − 過払金元金 {s.overpaid_principal:,}")
        if ja else
        (f"borrowed {s.total_borrowed:,} + interest {charged:,} − repaid {s.total_repaid:,} − overpaid interest set off {s.overpaid_interest_set_off:,}"
         f" = principal {s.principal:,} + unpaid interest {s.unpaid_interest:,} − overpaid principal {s.overpaid_principal:,}"),
    ]
    stated_ja = f"（債権者の主張 {r.stated:,}円に代えて）" if r.stated is not None else ""
    stated_en = f" (in place of the {r.stated:,} yen the creditor states)" if r.stated is not None else ""
    lines.append(f"債務額（D・U に算入）＝ 残元金 {s.principal:,} ＋ 未払利息 {s.unpaid_interest:,} ＝ {s.amount:,}円{stated_ja}"
                 if ja else f"debt counted in D and U = principal {s.principal:,} + unpaid interest {s.unpaid_interest:,} = {s.amount:,} yen{stated_en}")
    if s.overpaid:
        lines.append(f"過払金 {s.overpaid_principal:,} ＋ 過払利息 {s.overpaid_interest:,}（民法704条、法定利率は発生日で5%/3%）＝ {s.overpaid:,}円"
                     if ja else f"overpayment {s.overpaid_principal:,} + interest {s.overpaid_interest:,} (Civil Code 704; 5%/3% by the day it arose) = {s.overpaid:,} yen")
    return lines
