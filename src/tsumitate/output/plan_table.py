"""任意整理's ``plan`` as a table a lawyer reads: one row per creditor (債権者・和解額・回数・月額).

Shared by the text summary, ``explain`` (text, Markdown) and the HTML report, so every output
shows the same table. Amounts are exact yen (the summary's ``Style`` may add 万円); a monthly
figure the aggregate basis does not compute per creditor reads "—".
"""

from __future__ import annotations

import unicodedata
from typing import Any

from .formats import PLAIN, Style
from .labels import label
from .visible import html_text as e

HEAD = {"ja": ("債権者", "和解額", "回数", "月額"), "en": ("creditor", "settled", "installments", "monthly")}
TOTAL = {"ja": "各社の合計", "en": "creditors' total"}


def title(plan: dict[str, Any], lang: str, reference: bool = False) -> str:
    """The table's heading; ``reference``: the plan will not happen (参考, see ``plan_status``)."""
    basis = label(plan.get("basis"), lang)
    head = f"和解案（{basis}）" if lang == "ja" else f"Settlement plan ({basis})"
    return head + (("（参考）" if lang == "ja" else " (reference only)") if reference else "")


def cells(plan: dict[str, Any], lang: str, style: Style = PLAIN) -> list[tuple[str, str, str, str]]:
    """The rows as text: creditor, settled, installments, monthly; then the creditors' total."""
    n = "回" if lang == "ja" else ""
    rows = [(r["creditor"], style.yen(r["settled"], lang), f"{r['installments']}{n}",
             "—" if r["monthly"] is None else style.yen(r["monthly"], lang)) for r in plan["creditors"]]
    monthly = [r["monthly"] for r in plan["creditors"]]
    if len(rows) > 1 and None not in monthly:
        rows.append((TOTAL[lang], style.yen(sum(r["settled"] for r in plan["creditors"]), lang), "",
                     style.yen(sum(monthly), lang)))
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def text_lines(plan: dict[str, Any] | None, lang: str, style: Style = PLAIN, indent: str = "  ",
               reference: bool = False) -> list[str]:
    """Aligned columns for a terminal (full-width characters count double)."""
    if not plan or not plan.get("creditors"):
        return []
    table = [HEAD[lang]] + cells(plan, lang, style)
    widths = [max(_width(row[k]) for row in table) for k in range(4)]
    out = [f"{title(plan, lang, reference)}:"]
    for row in table:
        out.append(indent + "  ".join(_pad(c, widths[k], right=k > 0) for k, c in enumerate(row)).rstrip())
    return out


def markdown_lines(plan: dict[str, Any] | None, lang: str, style: Style = PLAIN, reference: bool = False) -> list[str]:
    if not plan or not plan.get("creditors"):
        return []
    out = [f"**{title(plan, lang, reference)}**", "", "| " + " | ".join(HEAD[lang]) + " |", "|---|---:|---:|---:|"]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells(plan, lang, style)]
    return out


def html(plan: dict[str, Any] | None, lang: str, style: Style = PLAIN, reference: bool = False) -> str:
    if not plan or not plan.get("creditors"):
        return ""
    head = "".join(f"<th{' class=l' if k == 0 else ''}>{e(h)}</th>" for k, h in enumerate(HEAD[lang]))
    body = "".join("<tr>" + "".join(f"<td{' class=l' if k == 0 else ''}>{e(c)}</td>" for k, c in enumerate(row)) + "</tr>"
                   for row in cells(plan, lang, style))
    return f'<table class="plan"><caption>{e(title(plan, lang, reference))}</caption><tr>{head}</tr>{body}</table>'
