"""A case as a trainee reads it (quiz): court, household, debts, ledger, milestones; no result."""

from __future__ import annotations

from .labels import label, yen

_T = {
    "ja": {"court": "裁判所", "proc": "手続", "rep": "代理", "type": "再生の種類", "as_of": "基準日", "house": "家計",
           "income": "月収", "uncertain": "不確実な収入", "expenses": "生活費", "irregular": "年間の臨時支出",
           "family": "家族は知っている", "disposable": "可処分所得（年）", "liq": "清算価値", "debts": "債務",
           "ledger": "積立記録", "none": "なし", "due": "予定", "due_date": "期日", "paid": "入金", "late_on": "入金日", "withdrawn": "引出し",
           "notified": "事前連絡あり", "milestones": "経過", "fee": "契約", "policy": "返金条項", "excluded": "対象外",
           "secured": "担保付", "yes": "はい", "no": "いいえ"},
    "en": {"court": "court", "proc": "procedure", "rep": "representation", "type": "rehabilitation type", "as_of": "as of",
           "house": "household", "income": "monthly income", "uncertain": "uncertain income", "expenses": "living costs",
           "irregular": "irregular costs a year", "family": "family informed", "disposable": "disposable income a year",
           "liq": "liquidation value", "debts": "debts", "ledger": "ledger", "none": "none", "due": "due", "due_date": "due on", "paid": "paid",
           "late_on": "paid on", "withdrawn": "withdrawn", "notified": "notified in advance", "milestones": "milestones",
           "fee": "contract", "policy": "refund clause", "excluded": "left out", "secured": "secured", "yes": "yes", "no": "no"},
}


def render_case(case, lang: str = "ja", quiz: bool = False) -> str:
    """The case in labels a person reads. ``quiz``: without what gives an answer away (the case
    id, which often names the result, and the ledger's planned amounts, which are the monthly
    deposit asked for; see ``scenarios/quiz.py``)."""
    t = _T[lang]
    h = case.household
    court = getattr(case, "court", None) or "—"
    lines = [] if quiz else [f"■ {case.case_id}"]
    lines.append(f"{t['proc']}: {label(case.procedure.value, lang)}   "
                 f"{t['court']}: {court}   {t['rep']}: {label(case.representation.value, lang)}   {t['as_of']}: {case.as_of or '—'}")
    if case.procedure.value != "voluntary_arrangement":
        lines.append(f"{t['type']}: {label(case.rehabilitation_type.value, lang)}")
    lines.append(f"{t['house']}: {t['income']} {yen(h.monthly_income, lang)} / {t['expenses']} {yen(h.monthly_expenses, lang)}"
                 f" / {t['irregular']} {yen(h.annual_irregular_expenses, lang)} / {t['uncertain']} {yen(h.uncertain_income, lang)}"
                 f" / {t['family']}: {t['yes'] if h.family_informed else t['no']}")
    if h.annual_disposable_income is not None:
        lines.append(f"  {t['disposable']}: {yen(h.annual_disposable_income, lang)}")
    if case.assets.liquidation_value:
        lines.append(f"{t['liq']}: {yen(case.assets.liquidation_value, lang)}")
    lines.append(f"{t['debts']}:")
    for d in case.debts:
        marks = [m for m, on in ((t["secured"], d.secured), (t["excluded"], not d.include)) if on]
        lines.append(f"  - {d.creditor}: {yen(d.amount, lang)}（{label(d.kind.value, lang)}{'、' + '、'.join(marks) if marks else ''}）" if lang == "ja"
                     else f"  - {d.creditor}: {yen(d.amount, lang)} ({label(d.kind.value, lang)}{', ' + ', '.join(marks) if marks else ''})")
    fc = case.fee_contract
    if case.procedure.value != "individual_rehabilitation":
        lines.append(f"{t['fee']}: {t['policy']} {label('refund.' + fc.refund_policy.value, lang)}")
    lines.append(f"{t['ledger']}:" + ("" if case.deposits else f" {t['none']}"))
    for row in case.deposits:
        extra = []
        if row.due_date or row.paid_date:
            extra.append(f"{t['due_date']} {row.due_date or '—'} / {t['late_on']} {row.paid_date or '—'}")
        if row.withdrawn:
            extra.append(f"{t['withdrawn']} {yen(row.withdrawn, lang)}")
        if row.notified_in_advance:
            extra.append(t["notified"])
        due = "" if quiz else f"{t['due']} {yen(row.due, lang)} / "
        lines.append(f"  {row.month}: {due}{t['paid']} {yen(row.paid, lang)}"
                     + (f"  ({'; '.join(extra)})" if extra else ""))
    done = [k for k, v in case.milestones.model_dump().items() if v]
    sep = "、" if lang == "ja" else ", "
    lines.append(f"{t['milestones']}: {sep.join(label(k, lang) for k in done) if done else t['none']}")
    return "\n".join(lines)
