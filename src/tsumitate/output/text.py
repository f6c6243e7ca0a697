"""A short summary a lawyer reads: procedure, feasibility, deposit and payee, test, refund, next steps.

Figures of a plan that will not happen (困難, 対象外, or not the procedure ``auto`` recommends)
are marked 参考 with the reason (``plan_status``); with ``auto`` the advice and warnings of
every evaluated procedure are shown, each once.
"""

from __future__ import annotations

from typing import Any

from .bankruptcy_text import bankruptcy_lines
from .formats import PLAIN, Style
from .labels import label, place
from .plan_status import merged_notes, reference_mark, reference_reason, test_heading
from .plan_table import text_lines as plan_lines

_T = {
    "ja": {"feas": "見通し", "dep": "積立金", "refund": "返金", "alt": "代替手続",
           "rec": "推奨", "advice": "次の一手", "warn": "注意", "cap": "返済余力", "inst": "回",
           "month": "月", "months": "か月", "paid": "納付", "missed": "不足", "late": "遅れ", "withdrawn": "引出し",
           "deposited": "積立残高", "min": "最低弁済額", "plan": "計画弁済総額", "filing": "申立て時に用意",
           "basis": "基準日", "region": "運用", "court": "裁判所", "commissioner": "再生委員",
           "fee": "報酬", "none": "なし", "vote": "書面決議", "objecting": "不同意", "from": "の検討から", "out_of_court": "裁判外（任意整理）"},
    "en": {"feas": "Feasibility", "dep": "Deposit", "refund": "Refund", "alt": "Alternatives",
           "rec": "Recommendation", "advice": "Next steps", "warn": "Warnings", "cap": "capacity", "inst": " installments",
           "month": "/month", "months": " months", "paid": "paid", "missed": "short", "late": "late", "withdrawn": "withdrawn",
           "deposited": "deposited", "min": "minimum repayment", "plan": "plan total", "filing": "bring at filing",
           "basis": "as of", "region": "practice", "court": "court", "commissioner": "commissioner",
           "fee": "fee", "none": "none", "vote": "Creditors' vote", "objecting": "objecting", "from": "from the {} evaluation", "out_of_court": "out of court (voluntary arrangement)"},
}


def _from(proc: str | None, lang: str) -> str:
    if proc is None:
        return ""
    return f"（{label(proc, 'ja')}の検討から）" if lang == "ja" else f" (from the {label(proc, 'en')} evaluation)"


def render(result: dict[str, Any], lang: str = "ja", style: Style = PLAIN) -> str:
    t = _T[lang]
    yen = style.yen
    lines: list[str] = []
    court, region = place(result, lang)
    if result.get("court") is None and result["procedure"] == "voluntary_arrangement":
        where = [t["out_of_court"]]  # no court, so no court practice either
    else:
        where = ([f"{t['court']}: {court}"] if court else []) + [f"{t['region']}: {region}"]
    where += [f"{t['basis']}: {style.date(result['as_of'], lang)}"]
    head = f"■ {result['case_id']}  {label(result['procedure'], lang)}"
    head += f"（{' / '.join(where)}）" if lang == "ja" else f" ({', '.join(where)})"
    lines.append(head)
    if "recommendation" in result:
        lines.append(f"{t['rec']}: {label(result['recommendation'], lang)}")
        for r in result.get("recommendation_reasons", []):
            lines.append(f"  - {r[lang]}")
        for ev in result.get("evaluations", []):
            f = ev["feasibility"]
            n = f" {f['installments']}{t['inst']}" if f["installments"] else ""
            lines.append(f"  · {label(ev['procedure'], lang)}: {label(f['status'], lang)}{n}")
    f = result["feasibility"]
    n = f"、{f['installments']}{t['inst']}" if lang == "ja" and f["installments"] else (f", {f['installments']}{t['inst']}" if f["installments"] else "")
    lines.append(f"{t['feas']}: {label(f['status'], lang)}{n}（{t['cap']} {t['month']}{yen(f['monthly_capacity'], lang)}）" if lang == "ja"
                 else f"{t['feas']}: {label(f['status'], lang)}{n} ({t['cap']} {yen(f['monthly_capacity'], lang)}{t['month']})")
    for r in f["reasons"]:
        lines.append(f"  - {r[lang]}")
    reference = reference_reason(result, lang)
    mark = f"（{reference_mark(lang)}）" if lang == "ja" else f" ({reference_mark(lang)})"
    mark = mark if reference else ""
    if result.get("plan_total") is not None:
        lines.append(f"  {t['min']} {yen(result['minimum_repayment'], lang)} / {t['plan']} {yen(result['plan_total'], lang)}{mark}")
    lines.extend(bankruptcy_lines(result, lang, yen))
    d = result["deposit"]
    period = d.get("period_months")
    span = ""
    if period:
        length = f"{period['min']}" if period["min"] == period["max"] else \
            f"{period['min']}{'〜' if lang == 'ja' else '-'}{period['max']}"
        span = f"（{length}{t['months']}）" if lang == "ja" else f" ({length}{t['months']})"
    monthly = f"{t['month']}{yen(d['monthly'], lang)}" if lang == "ja" else f"{yen(d['monthly'], lang)}{t['month']}"
    lines.append(f"{t['dep']}{mark}: {monthly} → {label(d['payee'], lang)}{span}")
    if reference:
        lines.append(f"  ※ {reference}")
    for r in d.get("reasons", []) if result.get("plan") else []:  # 任意整理: why the monthly figure is what it is
        lines.append(f"  - {r[lang]}")
    lines.extend("  " + line for line in plan_lines(result.get("plan"), lang, style, indent="  ", reference=bool(reference)))
    if d.get("at_filing") is not None:
        lines.append(f"  {t['filing']}{mark}: {yen(d['at_filing'], lang)}")
    c = result.get("commissioner") or {}
    if c.get("appointed"):
        lines.append(f"  {t['commissioner']}: {t['fee']} {yen(c.get('fee'), lang)}")
    v = result.get("vote") or {}
    if v.get("status") is not None:
        counts = ""
        if v.get("creditors") is not None:
            counts = (f"（{t['objecting']} {v['objecting']}/{v['creditors']}人、{yen(v['amount_objecting'], lang)}/{yen(v['amount_total'], lang)}）" if lang == "ja"
                      else f" ({t['objecting']} {v['objecting']} of {v['creditors']}, {yen(v['amount_objecting'], lang)} of {yen(v['amount_total'], lang)})")
        lines.append(f"{t['vote']}: {label(v['status'], lang)}{counts}")
    tt = result["test"]
    heading = test_heading(result["procedure"], lang)
    req = f"/{tt['months_required']}" if tt.get("months_required") else ""
    # no test to pass (自己破産): how the deposits are going, without a test status
    status = "" if tt["status"] == "not_applicable" and heading != test_heading("individual_rehabilitation", lang) else label(tt["status"], lang)
    detail = (f"{t['paid']} {tt['months_paid']}{req}{t['months']}、{t['missed']} {tt['missed']}・{t['late']} {tt['late']}・{t['withdrawn']} {yen(tt['withdrawn'], lang)}" if lang == "ja"
              else f"{t['paid']} {tt['months_paid']}{req}{t['months']}, {t['missed']} {tt['missed']}, {t['late']} {tt['late']}, {t['withdrawn']} {yen(tt['withdrawn'], lang)}")
    if not status:
        lines.append(f"{heading}: {detail}")
    else:
        lines.append(f"{heading}: {status}（{detail}）" if lang == "ja" else f"{heading}: {status} ({detail})")
    for r in tt["reasons"]:
        lines.append(f"  - {r[lang]}")
    rf = result["refund"]
    amount = f" {yen(rf['amount'], lang)}" if rf["amount"] is not None else (
        "（金額は未確定）" if lang == "ja" else " (amount not settled)") if rf["status"] == "due" else ""
    lines.append(f"{t['refund']}: {label(rf['status'], lang)}{amount}（{t['deposited']} {yen(rf['deposited'], lang)}）" if lang == "ja"
                 else f"{t['refund']}: {label(rf['status'], lang)}{amount} ({t['deposited']} {yen(rf['deposited'], lang)})")
    for r in rf.get("reasons", []):
        lines.append(f"  - {r[lang]}")
    if result["alternatives"]:
        sep = "、" if lang == "ja" else ", "
        lines.append(f"{t['alt']}: {sep.join(label(a, lang) for a in result['alternatives'])}")
    advice = merged_notes(result, "advice")
    if advice:
        lines.append(f"{t['advice']}:")
        lines.extend(f"  - {a[lang]}{_from(p, lang)}" for a, p in advice)
    warnings = merged_notes(result, "warnings")
    if warnings:
        lines.append(f"{t['warn']}:")
        lines.extend(f"  ! {w[lang]}{_from(p, lang)}" for w, p in warnings)
    return "\n".join(lines)
