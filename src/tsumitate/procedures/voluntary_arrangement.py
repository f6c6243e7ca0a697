"""任意整理 (voluntary arrangement): the facts its rules compare — eligible debt D and total(n).

total(n) is what the household pays a month at plan length n: under ``payment_basis:
per_creditor`` the sum of each creditor's own rounded installment on its own terms (see
``settlement``), under ``aggregate`` the article's one-line payment(n) = ceil_to(D / n); either
way plus the 送金代行 fees. The fewest fitting counts, the payments the rules quote and the
per-creditor plans (``plan_*``, which the deposit rules copy into the result) all come from it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable

from .. import arithmetic as ar
from .. import recalc_case as rc
from .. import settlement as st
from ..model.case import Case, DebtKind, RefundPolicy
from . import FactInfo, Procedure
from ._common import COMMON_FACTS, common_facts, enum_values

ARITHMETIC_PARAMETERS = ("rounding_unit", "min_installments", "max_installments", "extended_max_installments",
                         "payment_basis", "scrivener_claim_limit")

FACTS: dict[str, FactInfo] = {
    **COMMON_FACTS,
    "debt_total": FactInfo("int", "任意整理の対象債務 D（税・住宅ローン・対象外を除く）", "eligible debt D"),
    "excluded_total": FactInfo("int", "任意整理の対象外とした債務（include: false）", "debt left out (include: false)"),
    "payment_min": FactInfo("int", "最短回数（36回）での月額合計 total(36)", "total(n) at the fewest standard installments"),
    "payment_max": FactInfo("int", "最長回数（60回）での月額合計 total(60)", "total(n) at the most standard installments"),
    "payment_extended_max": FactInfo("int", "延長上限（84回）での月額合計 total(84)", "total(n) at the extended maximum"),
    "fewest_standard": FactInfo("int", "36〜60回で月額合計が余力に収まる最少回数", "fewest n in the standard range whose total fits", nullable=True),
    "payment_standard": FactInfo("int", "その回数での月額合計", "total(n) at that n", nullable=True),
    "fewest_extended": FactInfo("int", "61〜84回で月額合計が余力に収まる最少回数", "fewest n in the extended range whose total fits", nullable=True),
    "payment_extended": FactInfo("int", "その回数での月額合計", "total(n) at that n", nullable=True),
    "margin": FactInfo("int", "余力 − 予定月額（収まる回数がないときは60回の月額）", "capacity minus the planned payment"),
    "payment_basis": FactInfo("str", "月額の計算方法（各社ごと／一括試算）", "how the monthly total is reckoned", st.BASES),
    "settled_total": FactInfo("int", "和解額の合計 ΣS_i（元金＋経過利息）", "settled amounts, Σ(amount + accrued interest)"),
    "creditor_terms": FactInfo("int", "独自の条件（経過利息・回数上限・最低月額・将来利息）を付けた債権者の数", "creditors with terms of their own"),
    "creditor_terms_names": FactInfo("str", "独自の条件を付けた債権者の名前", "creditors with terms of their own, by name"),
    "plan_over_estimate": FactInfo("int", "予定回数での各社の月額合計 − 一括試算 ceil_to(D/n)（送金代行手数料を除く）", "creditors' payments at the planned n minus the one-line estimate"),
    "estimate_planned": FactInfo("int", "予定回数での一括試算 ceil_to(D/n)", "the one-line estimate at the planned n"),
    "remittance_fee": FactInfo("int", "送金代行手数料（1社1回あたり）", "remittance fee per creditor per month"),
    "remittances": FactInfo("int", "毎月の送金先の債権者数", "creditors paid each month"),
    "remittance_total": FactInfo("int", "毎月の送金代行手数料の合計", "remittance fees a month"),
    "scrivener_over_limit": FactInfo("int", "司法書士の代理権の上限（1社あたり）を超える債権の数", "claims above the scrivener's per-claim limit", nullable=True),
    "scrivener_over_limit_names": FactInfo("str", "上限を超える債権者の名前", "creditors whose claim is above the limit"),
    "scrivener_within_limit": FactInfo("int", "司法書士の代理権の上限内の債権の数", "claims within the scrivener's per-claim limit", nullable=True),
    "scrivener_within_limit_names": FactInfo("str", "上限内の債権者の名前", "creditors whose claim is within the limit"),
    "scrivener_unstated": FactInfo("int", "取引履歴だけで債権者の主張額がなく、引き直し後の額で上限を判断した債権の数", "claims with a history but no stated amount, judged on the recalculated amount"),
    "scrivener_unstated_names": FactInfo("str", "主張額のない債権者の名前", "creditors with no stated amount"),
    "scrivener_overpayment_over_limit": FactInfo("int", "過払金元金が司法書士の代理権の上限（1社あたり）を超える過払金返還請求の数", "overpayment claims whose principal is above the scrivener's per-claim limit", nullable=True),
    "scrivener_overpayment_over_limit_names": FactInfo("str", "その債権者の名前", "creditors owing those overpayments"),
    "plan_standard": FactInfo("object", "36〜60回で収まる回数での各社の和解案", "per-creditor plan at the fitting standard n", nullable=True),
    "plan_extended": FactInfo("object", "61〜84回で収まる回数での各社の和解案", "per-creditor plan at the fitting extended n", nullable=True),
    "plan_max": FactInfo("object", "最長回数（60回）での各社の和解案（参考）", "per-creditor plan at the most standard installments"),
    "refund_policy": FactInfo("str", "途中解約時の返金条項", "refund clause", enum_values(RefundPolicy)),
    "expenses": FactInfo("int", "実費", "expenses incurred"),
    "retainer": FactInfo("int", "着手金", "retainer"),
}


_NO_RATE = Fraction(0)
_NEGOTIABLE_NOT = (DebtKind.tax, DebtKind.housing_loan)  # 任意整理 negotiates neither


def _terms(d) -> st.Terms:
    rate = d.future_interest_rate  # a Decimal; most debts carry none (one shared zero, no Fraction made)
    # (creditor, settled, max_installments, min_monthly, rate), given in order: a named tuple's
    # keyword arguments cost a second pass for every debt
    return st.Terms(d.creditor, d.amount + d.accrued_interest, d.max_installments, d.min_monthly,
                    Fraction(rate) if rate else _NO_RATE)


def _has_terms(d) -> bool:
    return bool(d.accrued_interest or d.max_installments is not None or d.min_monthly or d.future_interest_rate)


def _claimed(d) -> int:
    """The claim the scrivener's authority is judged on: what the creditor states (最判平成28年6月27日,
    債権者の主張額), not the recalculated amount the settlement uses; the recalculated amount only
    when no stated amount was given (a warning says so). Accrued interest is not added
    (民事訴訟法9条2項: interest claimed beside the principal is not counted in the value)."""
    return _claimed_given(d, rc.recalculation_of(d))


def _claimed_given(d, r) -> int:
    """``_claimed(d)`` with the debt's recalculation ``r`` already looked up."""
    return d.amount if r is None or r.stated is None else r.stated


def _names(debts) -> str:
    """Creditor names for a message, each once, in the order of the case file."""
    return "、".join(dict.fromkeys(d.creditor for d in debts)) if debts else ""


def settlement_of(case: Case, params: dict[str, Any]) -> st.Settlement:
    """The case's plan: every eligible debt (not tax, not the housing loan, not left out) on its creditor's terms."""
    included = [d for d in case.debts if d.kind not in _NEGOTIABLE_NOT and d.include]
    return _settlement(case, included, sum(d.amount for d in included), params)


def _settlement(case: Case, included: list, debt: int, params: dict[str, Any]) -> st.Settlement:
    """``settlement_of`` with the eligible debts and their sum D already worked out (``build`` has them)."""
    return st.Settlement(terms=[_terms(d) for d in included], unit=params["rounding_unit"], basis=params["payment_basis"],
                         remittance_fee=case.fee_contract.remittance_fee, debt=debt)


def build(case: Case, params: dict[str, Any]) -> dict[str, Any]:
    f = common_facts(case)
    unit, lo, hi, ext = (params[k] for k in ARITHMETIC_PARAMETERS[:4])
    limit = params["scrivener_claim_limit"]
    # One pass over the debts, in the order of the case file: what is negotiated and the claims
    # measured against the scrivener's limit (each debt's recalculation looked up once).
    included: list = []
    excluded = 0
    over: list = []
    within: list = []
    unstated: list = []
    overpaid_over: list = []
    for d, r in zip(case.debts, rc.recalculations_of(case)):
        # a 過払金 claim is a claim of its own, valued by its principal (interest left out as above)
        if limit is not None and r is not None and r.recalculation.summary.overpaid_principal > limit:
            overpaid_over.append(d)
        if d.kind in _NEGOTIABLE_NOT:
            continue
        if not d.include:
            excluded += d.amount
            continue
        included.append(d)
        if limit is not None:
            (over if _claimed_given(d, r) > limit else within).append(d)
        if r is not None and r.stated is None:
            unstated.append(d)
    debt = sum(d.amount for d in included)
    with_terms = [d for d in included if _has_terms(d)]
    cap = f["capacity"]
    plan = _settlement(case, included, debt, params)
    total = plan.total
    n_std = st.fewest_fitting(total, lo, hi, cap)
    n_ext = st.fewest_fitting(total, hi + 1, ext, cap)
    n_planned = n_std or n_ext or hi
    estimate = ar.payment(debt, n_planned, unit)
    f.update(
        creditor_count=len(included),
        debt_total=debt,
        excluded_total=excluded,
        payment_min=total(lo),
        payment_max=total(hi),
        payment_extended_max=total(ext),
        fewest_standard=n_std,
        payment_standard=total(n_std) if n_std else None,
        fewest_extended=n_ext,
        payment_extended=total(n_ext) if n_ext else None,
        margin=cap - total(n_planned),
        payment_basis=plan.basis,
        settled_total=sum(t.settled for t in plan.terms),
        creditor_terms=len(with_terms),
        creditor_terms_names=_names(with_terms),
        plan_over_estimate=plan.payments(n_planned) - estimate,
        estimate_planned=estimate,
        remittance_fee=plan.remittance_fee,
        remittances=plan.remittances,
        remittance_total=plan.fees(),
        scrivener_over_limit=None if limit is None else len(over),
        scrivener_over_limit_names=_names(over),
        scrivener_within_limit=None if limit is None else len(within),
        scrivener_within_limit_names=_names(within),
        scrivener_unstated=len(unstated),
        scrivener_unstated_names=_names(unstated),
        scrivener_overpayment_over_limit=None if limit is None else len(overpaid_over),
        scrivener_overpayment_over_limit_names=_names(overpaid_over),
        plan_standard=plan.plan(n_std) if n_std else None,
        plan_extended=plan.plan(n_ext) if n_ext else None,
        plan_max=plan.plan(hi),
        refund_policy=case.fee_contract.refund_policy.value,
        expenses=case.fee_contract.expenses,
        retainer=case.fee_contract.retainer,
    )
    return f


def _row_text(t: st.Terms, n: int, unit: int, lang: str) -> str:
    """One creditor's line of the arithmetic: S_i, n_i and why, payment_i."""
    k = st.installments(t, n)
    pay = st.level_payment(t.settled, k, t.rate, unit)
    ja = lang == "ja"
    why = []
    if t.max_installments is not None and k == t.max_installments and k < n:
        why.append(f"上限{t.max_installments}回" if ja else f"its limit of {t.max_installments}")
    if t.min_monthly and k < min(n, t.max_installments or n):
        why.append(f"最低月額{t.min_monthly:,}円" if ja else f"minimum {t.min_monthly:,} a month")
    note = (f"（{'・'.join(why)}）" if ja else f" ({', '.join(why)})") if why else ""
    if t.rate:
        how = (f"ceil_to(S·q/(1−(1+q)^−{k}), {unit}), q = 年{t.rate}%/12" if ja
               else f"ceil_to(S·q/(1−(1+q)^−{k}), {unit}), q = {t.rate}%/12")
        return (f"{t.creditor} {t.settled:,}円を{k}回{note}、元利均等 {how} → {pay:,}円" if ja
                else f"{t.creditor} {t.settled:,} over {k}{note}, level payment {how} → {pay:,}")
    return (f"{t.creditor} ceil_to({t.settled:,}円 / {k}回{note}, {unit}円) → {pay:,}円" if ja
            else f"{t.creditor} ceil_to({t.settled:,} / {k}{note}, {unit}) → {pay:,}")


def total_text(plan: st.Settlement, n: int | None, lang: str) -> str | None:
    """total(n) written out: each creditor's payment (or the one-line estimate), then the remittance fees."""
    if n is None:
        return None
    ja = lang == "ja"
    value = plan.total(n)
    if plan.basis == st.AGGREGATE:
        parts = [f"ceil_to({plan.debt:,}円 / {n}回, {plan.unit}円) = {plan.payments(n):,}円（一括試算）" if ja
                 else f"ceil_to({plan.debt:,} / {n}, {plan.unit}) = {plan.payments(n):,} (one-line estimate)"]
    else:
        parts = [_row_text(t, n, plan.unit, lang) for t in plan.terms]
    if plan.remittance_fee:
        parts.append(f"送金代行 {plan.remittance_fee:,}円 × {plan.remittances}社 = {plan.fees():,}円" if ja
                     else f"remittance {plan.remittance_fee:,} × {plan.remittances} = {plan.fees():,}")
    head = f"{n}回の月額合計 {value:,} = " if ja else f"total at {n} installments {value:,} = "
    return head + (" ＋ " if ja else " + ").join(parts)


def _total_at(n_of: Callable[[dict[str, Any], dict[str, Any]], int | None]):
    def derivation(view, params, case, lang):
        if case is None:
            return None
        return total_text(settlement_of(case, params), n_of(view, params), lang)
    return {"kind": "function", "fn": derivation}


def _scrivener_claims(view, params, case, lang):
    """Each claim against the scrivener's limit, as the creditor states it (the recalculated amount beside)."""
    limit = params.get("scrivener_claim_limit")
    if case is None or limit is None:
        return None
    ja = lang == "ja"
    parts = []
    for d in case.debts:
        if d.kind in (DebtKind.tax, DebtKind.housing_loan) or not d.include:
            continue
        r = rc.recalculation_of(d)
        claimed = _claimed(d)
        mark = ">" if claimed > limit else "≤"
        if r is None:
            parts.append(f"{d.creditor} {claimed:,} {mark} {limit:,}")
        elif r.stated is None:
            parts.append(f"{d.creditor} {claimed:,}（主張額なし・引き直し後の額）{mark} {limit:,}" if ja
                         else f"{d.creditor} {claimed:,} (no stated amount: the recalculated one) {mark} {limit:,}")
        else:
            parts.append(f"{d.creditor} 主張額 {claimed:,}（引き直し後 {d.amount:,} ではなく）{mark} {limit:,}" if ja
                         else f"{d.creditor} stated {claimed:,} (not the recalculated {d.amount:,}) {mark} {limit:,}")
    head = "債権者の主張額と上限を債権ごとに比べる: " if ja else "each claim as the creditor states it against the limit: "
    return head + ("、".join(parts) if ja else "; ".join(parts))


def _scrivener_overpayments(view, params, case, lang):
    """Each 過払金 claim's principal against the limit (its interest not counted)."""
    limit = params.get("scrivener_claim_limit")
    if case is None or limit is None:
        return None
    ja = lang == "ja"
    parts = []
    for d in case.debts:
        r = rc.recalculation_of(d)
        if r is None or not r.recalculation.summary.overpaid_principal:
            continue
        s = r.recalculation.summary
        mark = ">" if s.overpaid_principal > limit else "≤"
        parts.append(f"{d.creditor} 過払金元金 {s.overpaid_principal:,} {mark} {limit:,}（過払利息 {s.overpaid_interest:,} は含めない）" if ja
                     else f"{d.creditor} overpaid principal {s.overpaid_principal:,} {mark} {limit:,} (interest {s.overpaid_interest:,} not counted)")
    return ("、".join(parts) if ja else "; ".join(parts)) or None


DERIVATIONS: dict[str, dict[str, Any]] = {
    "scrivener_over_limit": {"kind": "function", "fn": _scrivener_claims},
    "scrivener_within_limit": {"kind": "function", "fn": _scrivener_claims},
    "scrivener_overpayment_over_limit": {"kind": "function", "fn": _scrivener_overpayments},
    "debt_total": {
        "ja": "対象債務 D {debt_total:,} = 債務合計 {debts_sum:,} − 税 {tax_debt_total:,} − 住宅ローン {housing_loan_total:,} − 対象外 {excluded_total:,}",
        "en": "eligible debt D {debt_total:,} = all debts {debts_sum:,} − tax {tax_debt_total:,} − housing loan {housing_loan_total:,} − left out {excluded_total:,}",
    },
    "payment_min": _total_at(lambda v, p: p["min_installments"]),
    "payment_max": _total_at(lambda v, p: p["max_installments"]),
    "payment_extended_max": _total_at(lambda v, p: p["extended_max_installments"]),
    "payment_standard": _total_at(lambda v, p: v.get("fewest_standard")),
    "payment_extended": _total_at(lambda v, p: v.get("fewest_extended")),
    "fewest_standard": {"kind": "fewest", "total": "debt_total", "lo": "params.min_installments", "hi": "params.max_installments",
                        "settlement": settlement_of},
    "fewest_extended": {"kind": "fewest", "total": "debt_total", "lo": "params.max_installments", "lo_offset": 1,
                        "hi": "params.extended_max_installments", "settlement": settlement_of},
    "margin": {
        "ja": "余裕 {margin:,} = 返済余力 {capacity:,} − 予定月額 {planned_payment:,}（収まる回数の月額、なければ{params.max_installments}回の月額）",
        "en": "margin {margin:,} = capacity {capacity:,} − planned payment {planned_payment:,} (at the fitting count, else {params.max_installments})",
    },
    "settled_total": {
        "ja": "和解額の合計 {settled_total:,} = 対象債務 {debt_total:,} ＋ 経過利息",
        "en": "settled total {settled_total:,} = eligible debt {debt_total:,} + accrued interest",
    },
    "plan_over_estimate": {
        "ja": "各社の月額合計 − 一括試算 = {plan_over_estimate:,}（一括試算 {estimate_planned:,}円）",
        "en": "creditors' payments − one-line estimate = {plan_over_estimate:,} (estimate {estimate_planned:,})",
    },
    "remittance_total": {
        "ja": "送金代行手数料 {remittance_total:,} = {remittance_fee:,}円 × {remittances}社",
        "en": "remittance fees {remittance_total:,} = {remittance_fee:,} × {remittances}",
    },
}

PROCEDURE = Procedure(
    key="voluntary_arrangement", short="va", ja="任意整理", en="voluntary arrangement", order=10,
    facts=FACTS, arithmetic_parameters=ARITHMETIC_PARAMETERS, build=build, derivations=DERIVATIONS,
    result_fields={"plan": None},
    labels={"ja": {"per_creditor": "債権者ごとに月額を切上げ", "aggregate": "一括試算・各社の月額は計算しない"},
            "en": {"per_creditor": "each creditor rounded on its own", "aggregate": "one-line estimate, no per-creditor payments"}},
)
