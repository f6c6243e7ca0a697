"""自己破産's own lines in a summary: the track, what the court needs, and the deposit target."""

from __future__ import annotations

from typing import Any

from .labels import label

_T = {
    "ja": {"track": "振り分け", "unknown": "裁判所に確認", "deposit": "予納金", "gazette": "官報公告費", "filing": "申立手数料",
           "office": "積立から払う報酬", "target": "積立目標", "left": "残り", "months": "か月で到達"},
    "en": {"track": "Track", "unknown": "ask the court", "deposit": "court deposit", "gazette": "gazette fee", "filing": "filing fee",
           "office": "office fee from the deposits", "target": "Deposit target", "left": "still to put aside", "months": "months to reach it"},
}


def bankruptcy_lines(result: dict[str, Any], lang: str, yen) -> list[str]:
    """Nothing for other procedures; for 自己破産 the track and the costs, unknown ones said so."""
    b = result.get("bankruptcy")
    if not b or result.get("feasibility", {}).get("status") == "not_applicable":
        return []
    t = _T[lang]
    sep = "、" if lang == "ja" else ", "
    track = label(b["track"], lang) if b["track"] else t["unknown"]
    costs = [f"{t['deposit']} {yen(b['court_deposit'], lang)}", f"{t['gazette']} {yen(b['gazette_fee'], lang)}",
             f"{t['filing']} {yen(b['filing_fee'], lang)}"]
    if b.get("office_fee"):
        costs.append(f"{t['office']} {yen(b['office_fee'], lang)}")
    lines = [f"{t['track']}: {track}", f"  {sep.join(costs)}"]
    target = f"{t['target']}: {yen(b['target'], lang)}"
    if b["target"] is not None:
        target += f"（{t['left']} {yen(b['remaining'], lang)}" if lang == "ja" else f" ({yen(b['remaining'], lang)} {t['left']}"
        if b["months_needed"] is not None:
            target += f"、{b['months_needed']}{t['months']}）" if lang == "ja" else f", {b['months_needed']} {t['months']})"
        else:
            target += "）" if lang == "ja" else ")"
    lines.append(target)
    return lines
