"""Japanese and English labels for the result's enum values (display only)."""

from functools import lru_cache

from ..procedures import registry

LABELS = {
    "ja": {
        "voluntary_arrangement": "任意整理", "individual_rehabilitation": "個人再生", "bankruptcy": "自己破産",
        "feasible": "可能", "needs_second_opinion": "要セカンドオピニオン（5年超の分割）", "infeasible": "困難",
        "not_applicable": "対象外", "not_started": "未開始", "in_progress": "積立中", "passed": "合格",
        "at_risk": "要注意", "failed": "不合格", "not_due": "返金なし（途中解約ではない）", "due": "返金あり",
        "pending": "テスト終了後に精算", "own_funds": "本人の資金のまま", "ask_office": "事務所に確認",
        "office_account": "事務所の口座", "commissioner_account": "再生委員の口座",
        "own_account": "本人名義の口座",
    },
    "en": {
        "voluntary_arrangement": "voluntary arrangement", "individual_rehabilitation": "individual rehabilitation",
        "bankruptcy": "bankruptcy", "feasible": "feasible", "needs_second_opinion": "needs a second opinion (over 5 years)",
        "infeasible": "infeasible", "not_applicable": "not applicable", "not_started": "not started",
        "in_progress": "in progress", "passed": "passed", "at_risk": "at risk", "failed": "failed",
        "not_due": "nothing due (not cancelled)", "due": "due", "pending": "settled after the test",
        "own_funds": "the debtor's own funds", "ask_office": "ask the office", "office_account": "the office's account",
        "commissioner_account": "the commissioner's account", "own_account": "the debtor's own account",
    },
}


def label(value, lang: str) -> str:
    if value is None:
        return "—"
    text = str(value)
    return LABELS[lang].get(text) or _procedure_labels(lang).get(text, text)


@lru_cache(maxsize=2)
def _procedure_labels(lang: str) -> dict[str, str]:
    """Each registered procedure's name and its own values' labels (``Procedure.labels``)."""
    out: dict[str, str] = {}
    for p in registry().values():
        out[p.key] = p.ja if lang == "ja" else p.en
        out.update(p.labels.get(lang, {}))
    return out


def yen(value, lang: str) -> str:
    if value is None:
        return "不明" if lang == "ja" else "unknown"
    return f"{value:,}円" if lang == "ja" else f"{value:,} yen"
