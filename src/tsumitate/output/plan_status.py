"""Whether a result's deposit figures describe a plan that will happen, and the notes every output shares.

A procedure judged 困難 (infeasible) or 対象外, or one that ``auto`` does not recommend, still
carries the figures its rules computed (a lawyer compares them). Printed as an instruction
(積立金: 月133,400円 → 事務所の口座) they would mislead, so text, Markdown and HTML all mark
them 参考 with the reason, from here.
"""

from __future__ import annotations

from typing import Any

from .labels import label

NOT_GOING_AHEAD = ("infeasible", "not_applicable")


def reference_reason(result: dict[str, Any], lang: str) -> str | None:
    """Why the deposit figures are only for reference, or None when they are the plan."""
    status = (result.get("feasibility") or {}).get("status")
    rec = result.get("recommendation")
    if rec is not None and rec != result.get("procedure"):
        return (f"推奨は{label(rec, 'ja')}のため、{label(result['procedure'], 'ja')}の積立は行いません" if lang == "ja"
                else f"{label(rec, 'en')} is recommended, so this {label(result['procedure'], 'en')} deposit is not to be made")
    if status in NOT_GOING_AHEAD:
        return (f"見通しが「{label(status, 'ja')}」のため、この積立は行いません" if lang == "ja"
                else f"feasibility is '{label(status, 'en')}', so this deposit is not to be made")
    return None


def reference_mark(lang: str) -> str:
    return "参考" if lang == "ja" else "reference only"


def test_heading(procedure: str, lang: str) -> str:
    """個人再生's 履行テスト is a court's test; 任意整理 has no test, only how the deposits are going."""
    if procedure == "voluntary_arrangement":
        return "積立の状況" if lang == "ja" else "Deposits so far"
    return "履行テスト" if lang == "ja" else "Test"


def merged_notes(result: dict[str, Any], key: str) -> list[tuple[dict[str, Any], str | None]]:
    """``advice`` or ``warnings`` of the result and of every evaluated procedure (``auto``), each text once.

    Returns (note, procedure it came from or None for the shown result). The same sentence from
    two procedures is shown once (the first), since it says the same thing about the same case.
    """
    out: list[tuple[dict[str, Any], str | None]] = []
    seen: set[tuple[str, str]] = set()
    sources = [(result, None)] + [(ev, ev.get("procedure")) for ev in result.get("evaluations", [])]
    for res, proc in sources:
        for note in res.get(key, []):
            k = (note.get("ja", ""), note.get("en", ""))
            if k in seen:
                continue
            seen.add(k)
            out.append((note, proc if proc != result.get("procedure") else None))
    return out
