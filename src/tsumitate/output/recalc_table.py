"""The 引き直し table per creditor, as offices read 名古屋式 output: text, CSV (Excel) and JSON.

Text: Japanese headers, amounts with thousands separators, columns aligned by display width
(full-width characters count two). CSV: UTF-8 with a BOM so Excel opens it without mojibake,
one row per transaction with the creditor in the first column, plain integers (Excel sums
them). JSON: one object per case file, every figure an integer, rates in % a year.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from typing import Any

from ..recalc import Row, percent

COLUMNS = ("date", "borrow", "repay", "rate", "days", "interest", "unpaid_interest", "principal",
           "overpaid_principal", "overpaid_interest")

HEADERS = {
    "ja": {"date": "年月日", "borrow": "借入金額", "repay": "弁済額", "rate": "利率(%)", "days": "日数", "interest": "利息",
           "unpaid_interest": "未払利息", "principal": "残元金", "overpaid_principal": "過払金",
           "overpaid_interest": "過払利息", "creditor": "債権者", "note": "備考"},
    "en": {"date": "date", "borrow": "borrow", "repay": "repay", "rate": "rate (%)", "days": "days", "interest": "interest",
           "unpaid_interest": "unpaid interest", "principal": "principal", "overpaid_principal": "overpaid principal",
           "overpaid_interest": "overpaid interest", "creditor": "creditor", "note": "note"},
}


def row_json(row: Row) -> dict[str, Any]:
    return {
        "date": row.date.isoformat(), "borrow": row.borrow, "repay": row.repay, "rate": percent(row.rate),
        "days": row.days, "interest": row.interest, "unpaid_interest": row.unpaid_interest,
        "principal": row.principal, "overpaid_principal": row.overpaid_principal,
        "overpaid_interest": row.overpaid_interest, "overpaid_interest_added": row.overpaid_interest_added,
        "set_off_interest": row.set_off_interest, "set_off_principal": row.set_off_principal,
        "overpaid_rates": [percent(r) for r in row.overpaid_rates],
    }


def creditor_json(r) -> dict[str, Any]:
    from ..recalc_case import result_entry

    return {**result_entry(r), "rows": [row_json(x) for x in r.recalculation.rows],
            "to_as_of": row_json(r.recalculation.to_as_of)}


def as_json(outcome, recalcs) -> dict[str, Any]:
    return {"file": outcome.path, "case_id": outcome.case.case_id, "as_of": outcome.as_of.isoformat(),
            "creditors": [creditor_json(r) for r in recalcs]}


def _note(row: Row, lang: str) -> str:
    parts = []
    ja = lang == "ja"
    if row.set_off_interest or row.set_off_principal:
        parts.append(f"過払金に充当 利息{row.set_off_interest:,}・元金{row.set_off_principal:,}" if ja
                     else f"set off: interest {row.set_off_interest:,}, principal {row.set_off_principal:,}")
    if row.overpaid_interest_added:
        parts.append(f"過払利息+{row.overpaid_interest_added:,}" if ja else f"overpaid interest +{row.overpaid_interest_added:,}")
    if row.overpaid_rates:
        rates = "・".join(f"{percent(r)}%" for r in row.overpaid_rates)
        parts.append(f"過払金の利率 {rates}" if ja else f"overpayment at {rates}")
    return "; ".join(parts) if not ja else "、".join(parts)


def _cells(row: Row, lang: str, as_of_row: bool) -> list[str]:
    rate = percent(row.rate)
    date = row.date.isoformat() + ("（基準日）" if lang == "ja" else " (as of)") if as_of_row else row.date.isoformat()
    return [date, f"{row.borrow:,}" if row.borrow else "", f"{row.repay:,}" if row.repay else "",
            "" if rate is None else str(rate), str(row.days), f"{row.interest:,}", f"{row.unpaid_interest:,}",
            f"{row.principal:,}", f"{row.overpaid_principal:,}", f"{row.overpaid_interest:,}", _note(row, lang)]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, left: bool) -> str:
    space = " " * (width - _width(text))
    return text + space if left else space + text


def text_table(r, lang: str = "ja") -> str:
    """One creditor's table with a heading and the summary lines under it."""
    h = HEADERS[lang]
    ja = lang == "ja"
    s = r.recalculation.summary
    header = [h[c] for c in COLUMNS] + [h["note"]]
    body = [_cells(x, lang, False) for x in r.recalculation.rows] + [_cells(r.recalculation.to_as_of, lang, True)]
    widths = [max(_width(line[i]) for line in [header] + body) for i in range(len(header))]
    lines = []
    rate = percent(s.final_rate)
    if ja:
        lines.append(f"■ {r.creditor}　引き直し計算（利息制限法、{len(r.recalculation.rows):,}行、基準日 {s.as_of}）")
    else:
        lines.append(f"■ {r.creditor}: recalculation under the Interest Rate Restriction Act ({len(r.recalculation.rows):,} rows, as of {s.as_of})")
    for line in [header] + body:
        cells = [_pad(c, widths[i], left=i in (0, len(header) - 1)) for i, c in enumerate(line)]
        lines.append("  ".join(cells).rstrip())
    lines.extend(summary_lines(r, lang, rate))
    return "\n".join(lines)


def summary_lines(r, lang: str, rate=None) -> list[str]:
    s = r.recalculation.summary
    ja = lang == "ja"
    out = []
    if ja:
        out.append(f"  残元金 {s.principal:,}円 ＋ 未払利息 {s.unpaid_interest:,}円 ＝ 債務額 {s.amount:,}円"
                   + (f"（債権者の主張 {r.stated:,}円、差 {s.amount - r.stated:+,}円）" if r.stated is not None else ""))
        if s.overpaid:
            out.append(f"  過払金 {s.overpaid_principal:,}円 ＋ 過払利息 {s.overpaid_interest:,}円 ＝ {s.overpaid:,}円（返還請求できる額、基準日まで）")
            if s.time_barred:
                out.append(f"  ※ 最終取引 {s.last_transaction} から時効期間を過ぎています（消滅時効の可能性）")
    else:
        out.append(f"  principal {s.principal:,} + unpaid interest {s.unpaid_interest:,} = debt {s.amount:,} yen"
                   + (f" (the creditor states {r.stated:,} yen, difference {s.amount - r.stated:+,})" if r.stated is not None else ""))
        if s.overpaid:
            out.append(f"  overpaid principal {s.overpaid_principal:,} + interest {s.overpaid_interest:,} = {s.overpaid:,} yen to claim back (to as of)")
            if s.time_barred:
                out.append(f"  ! the last transaction ({s.last_transaction}) is past the time bar: the claim is probably extinguished")
    return out


def text(outcome, recalcs, lang: str = "ja") -> str:
    if not recalcs:
        return (f"{outcome.path}: 取引履歴（transactions）のある債務がありません" if lang == "ja"
                else f"{outcome.path}: no debt has transactions")
    return "\n\n".join(text_table(r, lang) for r in recalcs)


def csv_text(recalcs, lang: str = "ja", header: bool = True) -> str:
    """The rows of every creditor (the first column names it); the caller writes the BOM once."""
    h = HEADERS[lang]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if header:
        w.writerow([h["creditor"]] + [h[c] for c in COLUMNS] + [h["note"]])
    for r in recalcs:
        for x, last in [(x, False) for x in r.recalculation.rows] + [(r.recalculation.to_as_of, True)]:
            rate = percent(x.rate)
            date = x.date.isoformat()
            note = ("基準日" if lang == "ja" else "as of") if last else ""
            extra = _note(x, lang)
            w.writerow([r.creditor, date, x.borrow, x.repay, "" if rate is None else rate, x.days, x.interest,
                        x.unpaid_interest, x.principal, x.overpaid_principal, x.overpaid_interest,
                        "、".join(p for p in (note, extra) if p) if lang == "ja" else "; ".join(p for p in (note, extra) if p)])
    return buf.getvalue()
