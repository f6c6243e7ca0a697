"""A short summary a lawyer reads: procedure, feasibility, deposit and payee, test, refund, next steps."""

from __future__ import annotations

from typing import Any

from .labels import label, yen

_T = {
    "ja": {"feas": "見通し", "dep": "積立金", "test": "履行テスト", "refund": "返金", "alt": "代替手続",
           "rec": "推奨", "advice": "次の一手", "warn": "注意", "cap": "返済余力", "inst": "回",
           "month": "月", "months": "か月", "paid": "納付", "missed": "不足", "late": "遅れ", "withdrawn": "引出し",
           "deposited": "積立残高", "min": "最低弁済額", "plan": "計画弁済総額", "filing": "申立て時に用意",
           "basis": "基準日", "region": "地域", "court": "裁判所", "commissioner": "再生委員",
           "fee": "報酬", "none": "なし"},
    "en": {"feas": "Feasibility", "dep": "Deposit", "test": "Test", "refund": "Refund", "alt": "Alternatives",
           "rec": "Recommendation", "advice": "Next steps", "warn": "Warnings", "cap": "capacity", "inst": " installments",
           "month": "/month", "months": " months", "paid": "paid", "missed": "short", "late": "late", "withdrawn": "withdrawn",
           "deposited": "deposited", "min": "minimum repayment", "plan": "plan total", "filing": "bring at filing",
           "basis": "as of", "region": "region", "court": "court", "commissioner": "commissioner",
           "fee": "fee", "none": "none"},
}


def render(result: dict[str, Any], lang: str = "ja") -> str:
    t = _T[lang]
    lines: list[str] = []
    head = f"■ {result['case_id']}  {label(result['procedure'], lang)}"
    head += f"（{t['court']}: {result['court']} / {t['region']}: {result['region']} / {t['basis']}: {result['as_of']}）" if lang == "ja" \
        else f" ({t['court']}: {result['court']}, {t['region']}: {result['region']}, {t['basis']} {result['as_of']})"
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
    if result.get("plan_total") is not None:
        lines.append(f"  {t['min']} {yen(result['minimum_repayment'], lang)} / {t['plan']} {yen(result['plan_total'], lang)}")
    d = result["deposit"]
    period = d.get("period_months")
    span = ""
    if period:
        length = f"{period['min']}" if period["min"] == period["max"] else \
            f"{period['min']}{'〜' if lang == 'ja' else '-'}{period['max']}"
        span = f"（{length}{t['months']}）" if lang == "ja" else f" ({length}{t['months']})"
    lines.append(f"{t['dep']}: {t['month']}{yen(d['monthly'], lang)} → {label(d['payee'], lang)}{span}" if lang == "ja"
                 else f"{t['dep']}: {yen(d['monthly'], lang)}{t['month']} → {label(d['payee'], lang)}{span}")
    if d.get("at_filing") is not None:
        lines.append(f"  {t['filing']}: {yen(d['at_filing'], lang)}")
    c = result.get("commissioner") or {}
    if c.get("appointed"):
        lines.append(f"  {t['commissioner']}: {t['fee']} {yen(c.get('fee'), lang)}")
    tt = result["test"]
    req = f"/{tt['months_required']}" if tt.get("months_required") else ""
    lines.append(f"{t['test']}: {label(tt['status'], lang)}（{t['paid']} {tt['months_paid']}{req}{t['months']}、{t['missed']} {tt['missed']}・{t['late']} {tt['late']}・{t['withdrawn']} {yen(tt['withdrawn'], lang)}）" if lang == "ja"
                 else f"{t['test']}: {label(tt['status'], lang)} ({t['paid']} {tt['months_paid']}{req}{t['months']}, {t['missed']} {tt['missed']}, {t['late']} {tt['late']}, {t['withdrawn']} {yen(tt['withdrawn'], lang)})")
    for r in tt["reasons"]:
        lines.append(f"  - {r[lang]}")
    rf = result["refund"]
    lines.append(f"{t['refund']}: {label(rf['status'], lang)} {yen(rf['amount'], lang)}（{t['deposited']} {yen(rf['deposited'], lang)}）" if lang == "ja"
                 else f"{t['refund']}: {label(rf['status'], lang)} {yen(rf['amount'], lang)} ({t['deposited']} {yen(rf['deposited'], lang)})")
    for r in rf.get("reasons", []):
        lines.append(f"  - {r[lang]}")
    if result["alternatives"]:
        sep = "、" if lang == "ja" else ", "
        lines.append(f"{t['alt']}: {sep.join(label(a, lang) for a in result['alternatives'])}")
    if result["advice"]:
        lines.append(f"{t['advice']}:")
        lines.extend(f"  - {a[lang]}" for a in result["advice"])
    if result["warnings"]:
        lines.append(f"{t['warn']}:")
        lines.extend(f"  ! {w[lang]}" for w in result["warnings"])
    return "\n".join(lines)
