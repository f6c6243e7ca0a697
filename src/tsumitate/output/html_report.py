"""One self-contained HTML page for a set of evaluated cases: no network, no external assets.

Per case: the summary, the deposit schedule (table), accumulated deposits against the
commissioner's fee or the deposit target (inline SVG), the ledger with late and missed months
marked, and the explanation. Each case can be saved from the page as an Excel workbook or YAML
(data: links: the page works offline, from a file or an e-mail attachment).
"""

from __future__ import annotations

import datetime as dt
from .visible import html_text as e
from typing import Any

from . import plan_table
from .plan_status import reference_mark, reference_reason
from .. import arithmetic as ar
from ..explain.render import render_html
from .formats import PLAIN, Style
from .labels import label, yen
from .svg_chart import cumulative_chart
from .text import render as summary_text

CSS = """
body{font-family:"Noto Sans CJK JP","Hiragino Sans","Yu Gothic",sans-serif;margin:2rem auto;max-width:960px;color:#222;line-height:1.5;padding:0 1rem}
h1{font-size:1.5rem;border-bottom:3px solid #2c3e50;padding-bottom:.3rem}
section.case{border:1px solid #ccc;border-radius:8px;padding:1rem 1.5rem;margin:2rem 0;background:#fff}
h2{font-size:1.25rem;margin-top:0}h3{font-size:1.05rem;border-left:4px solid #2c3e50;padding-left:.5rem}
pre.summary{background:#f6f8fa;padding:.8rem;border-radius:6px;white-space:pre-wrap}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}
th{background:#eef2f5}td.l,th.l{text-align:left}
tr.late td{background:#fff4d6}tr.missed td{background:#fde2e1}tr.withdrawn td{background:#f5d0f0}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.8rem;color:#fff}
.b-ok{background:#27ae60}.b-late{background:#e67e22}.b-missed{background:#c0392b}.b-withdrawn{background:#8e44ad}.b-notified{background:#7f8c8d}
table.plan caption{font-weight:bold;text-align:left;padding:.3rem 0}
.reference{background:#fdf2e9;border-left:4px solid #e67e22;padding:.3em .6em}
ol.steps>li{margin-bottom:.8rem}p.reason{margin:.2rem 0;font-weight:bold}p.meta{margin:0;color:#666;font-size:.85rem}
.derivation{color:#555;font-family:monospace;font-size:.85rem}blockquote{border-left:3px solid #aaa;margin:.3rem 0 .3rem 1rem;padding-left:.6rem;color:#333;font-size:.9rem}
.unverified{color:#c0392b;font-size:.8rem}details{font-size:.9rem;color:#444}
p.downloads{font-size:.9rem}p.downloads .meta{color:#666}
"""

_T = {
    "ja": {"title": "積立金・履行テスト レポート", "summary": "概要", "schedule": "積立の予定", "chart": "積立額の累計",
           "ledger": "積立記録（履行テスト）", "why": "判定の根拠", "month": "月", "n": "回", "planned": "予定額",
           "planned_cum": "予定累計", "paid": "入金", "actual_cum": "実績累計", "due": "予定", "due_date": "期日",
           "paid_date": "入金日", "withdrawn": "引出し", "status": "状態", "ok": "OK", "late": "遅れ", "missed": "不足",
           "wd": "引出し", "notified": "事前連絡", "fee": "再生委員の報酬", "target": "積立目標", "none": "記録なし",
           "generated": "作成", "files": "件"},
    "en": {"title": "Deposits and performance test report", "summary": "Summary", "schedule": "Deposit schedule",
           "chart": "Accumulated deposits", "ledger": "Ledger (performance test)", "why": "Why", "month": "month", "n": "#",
           "planned": "planned", "planned_cum": "planned total", "paid": "paid", "actual_cum": "deposited total",
           "due": "due", "due_date": "due date", "paid_date": "paid on", "withdrawn": "withdrawn", "status": "status",
           "ok": "OK", "late": "late", "missed": "short", "wd": "withdrawal", "notified": "notified", "fee": "commissioner's fee",
           "target": "deposit target", "none": "no rows", "generated": "generated", "files": "case(s)"},
}


def _add_months(month: str, k: int) -> str:
    y, m = map(int, month.split("-"))
    m0 = y * 12 + (m - 1) + k
    return f"{m0 // 12:04d}-{m0 % 12 + 1:02d}"


def schedule(result: dict[str, Any], case) -> dict[str, Any]:
    """Months, planned and actual accumulated deposits, and the level to compare them with."""
    d = result["deposit"]
    start = case.deposits[0].month if case.deposits else result["as_of"][:7]
    # the test's or the deposit period's length; without one (no test, Osaka), the ledger's own,
    # and then no target: "ledger months x monthly" is only what was due so far, not a goal
    rule_span = result["test"].get("months_required") or (d.get("period_months") or {}).get("max")
    span = rule_span or len(case.deposits) or 1
    n = max(span, len(case.deposits))
    months = [_add_months(start, k) for k in range(n)]
    monthly = d["monthly"]
    planned = [monthly * (k + 1) if monthly is not None else None for k in range(n)]
    actual: list[int | None] = []
    total = 0
    by_month = {row.month: row for row in case.deposits}
    last = case.deposits[-1].month if case.deposits else None
    for mo in months:
        row = by_month.get(mo)
        if row is not None:
            total += row.paid - row.withdrawn
        actual.append(total if last is not None and mo <= last else None)
    c = result.get("commissioner") or {}
    if c.get("appointed") and c.get("fee") is not None:
        level = ("fee", c["fee"])
    elif monthly is not None and rule_span and reference_reason(result, "en") is None:
        level = ("target", monthly * span)  # a target only for a plan that will happen, over a period the rules give
    else:
        level = None
    return {"months": months, "monthly": monthly, "planned": planned, "actual": actual, "level": level}


def _case_section(ex: dict[str, Any], outcome, lang: str, style: Style = PLAIN) -> str:
    t = _T[lang]
    result, case = outcome.result, outcome.case
    sch = schedule(result, case)
    reference = reference_reason(result, lang)
    note = f'<p class="reference">{e(reference_mark(lang))}: {e(reference)}</p>' if reference else ""
    mark = (f"（{reference_mark(lang)}）" if lang == "ja" else f" ({reference_mark(lang)})") if reference else ""
    rows = []
    for k, mo in enumerate(sch["months"]):
        rows.append(f"<tr><td>{k + 1}</td><td class=l>{mo}</td><td>{_num(sch['monthly'])}</td><td>{_num(sch['planned'][k])}</td>"
                    f"<td>{_num(sch['actual'][k])}</td></tr>")
    level = None
    if sch["level"]:
        kind, v = sch["level"]
        level = (t[kind], v)
    chart = cumulative_chart(sch["months"], [(t["planned_cum"], "#2980b9", sch["planned"]), (t["actual_cum"], "#27ae60", sch["actual"])], level)
    ledger_rows = []
    for row in case.deposits:
        missed, late, notified = ar.row_flags(row)
        cls = "withdrawn" if row.withdrawn else "missed" if missed else "late" if late else ""
        badges = []
        if missed:
            badges.append(f'<span class="badge b-missed">{t["missed"]}</span>')
        if late:
            badges.append(f'<span class="badge b-late">{t["late"]}</span>')
        if row.withdrawn:
            badges.append(f'<span class="badge b-withdrawn">{t["wd"]}</span>')
        if notified:
            badges.append(f'<span class="badge b-notified">{t["notified"]}</span>')
        if not badges:
            badges.append(f'<span class="badge b-ok">{t["ok"]}</span>')
        ledger_rows.append(f'<tr class="{cls}"><td class=l>{row.month}</td><td>{row.due:,}</td><td>{row.paid:,}</td>'
                           f"<td>{style.date(row.due_date, lang)}</td><td>{style.date(row.paid_date, lang)}</td><td>{row.withdrawn:,}</td>"
                           f"<td class=l>{' '.join(badges)}</td></tr>")
    ledger = (f"<table class=ledger><tr><th class=l>{t['month']}</th><th>{t['due']}</th><th>{t['paid']}</th><th>{t['due_date']}</th>"
              f"<th>{t['paid_date']}</th><th>{t['withdrawn']}</th><th class=l>{t['status']}</th></tr>{''.join(ledger_rows)}</table>"
              if ledger_rows else f"<p>{t['none']}</p>")
    return (f'<section class="case" id="case-{e(str(result["case_id"]))}"><h2>{e(str(result["case_id"]))} — '
            f'{e(label(result["procedure"], lang))}</h2>{case_downloads(outcome, lang)}'
            f'<h3>{t["summary"]}</h3><pre class="summary">{e(summary_text(result, lang, style))}</pre>'
            f'{plan_table.html(ex["summary"].get("plan"), lang, style, reference=bool(reference))}'
            f'<h3>{t["schedule"]}{mark}</h3>{note}<table class=schedule><tr><th>{t["n"]}</th><th class=l>{t["month"]}</th><th>{t["planned"]}</th>'
            f'<th>{t["planned_cum"]}</th><th>{t["actual_cum"]}</th></tr>{"".join(rows)}</table>'
            f'<h3>{t["chart"]}{mark}</h3>{chart}'
            f'<h3>{t["ledger"]}</h3>{ledger}'
            f'<h3>{t["why"]}</h3>{render_html(ex)}</section>')


def case_downloads(outcome, lang: str) -> str:
    """Links that save the case itself as an Excel workbook or YAML, inside the page (data: URIs, no server)."""
    import base64
    import re

    from ..convert import XLSX_MIME, case_data, xlsx_bytes, yaml_text
    from ..workbook.write import NotStorable

    data = case_data(outcome.case)
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", str(outcome.case.case_id))[:80] or "case"
    text = base64.b64encode(yaml_text(data).encode("utf-8")).decode("ascii")
    xlsx_label, yaml_label = ("Excel（.xlsx）で保存", "YAML で保存") if lang == "ja" else ("Save as Excel (.xlsx)", "Save as YAML")
    try:
        workbook = base64.b64encode(xlsx_bytes(data)).decode("ascii")
        xlsx_link = f'<a download="{e(stem)}.xlsx" href="data:{XLSX_MIME};base64,{workbook}">{xlsx_label}</a> · '
    except NotStorable as err:  # a control character in a name: the YAML link still works
        xlsx_link = f'<span class="meta">{e(err.msg.text(lang))}</span> · '
    command = f"tsumitate convert {outcome.path} -o {stem}.xlsx"
    hint = "コマンドでは" if lang == "ja" else "or run"
    return (f'<p class="downloads">{xlsx_link}'
            f'<a download="{e(stem)}.yaml" href="data:text/yaml;charset=utf-8;base64,{text}">{yaml_label}</a> '
            f'<span class="meta">（{hint} <code>{e(command)}</code>）</span></p>')


def _num(v) -> str:
    return "—" if v is None else f"{v:,}"


def render_report(items: list[tuple[dict[str, Any], Any]], lang: str = "ja", today: dt.date | None = None,
                  style: Style = PLAIN) -> str:
    """``items``: (explanation, outcome) per case, in order. Returns the whole page. ``style``: the
    summary, the plan and the ledger's dates as the office writes them (the schedule, chart and
    explanation keep exact figures)."""
    t = _T[lang]
    today = today or dt.date.today()
    body = "".join(_case_section(ex, outcome, lang, style) for ex, outcome in items)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(t['title'])}</title><style>{CSS}</style></head><body>"
            f"<h1>{e(t['title'])}</h1><p>{t['generated']}: {today.isoformat()} · {len(items)} {t['files']}</p>"
            f"{body}</body></html>\n")


__all__ = ["render_report", "schedule", "yen"]
