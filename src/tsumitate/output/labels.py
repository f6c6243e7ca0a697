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
        # representation
        "lawyer": "弁護士", "judicial_scrivener": "司法書士", "self": "本人（代理人なし）",
        # rehabilitation type
        "small_scale": "小規模個人再生", "salaried": "給与所得者等再生",
        # debt kinds
        "consumer_finance": "消費者金融", "credit_card": "クレジットカード", "bank_loan": "銀行ローン",
        "housing_loan": "住宅ローン", "tax": "税金・社会保険料", "guarantee_association": "信用保証協会",
        "government_finance": "政府系金融機関", "other": "その他",
        # refund clause of the fee contract
        "refund.full": "全額返金", "refund.minus_expenses": "実費控除後に返金", "refund.none": "返金なし",
        "refund.unknown": "契約書で要確認",
        # milestones
        "settlement_reached": "和解成立", "plan_approved": "再生計画認可", "test_ended_early": "履行テスト早期終了",
        "cancelled": "途中解約",
        "auto": "自動判定（手続の比較）",
    },
    "en": {
        "voluntary_arrangement": "voluntary arrangement", "individual_rehabilitation": "individual rehabilitation",
        "bankruptcy": "bankruptcy", "feasible": "feasible", "needs_second_opinion": "needs a second opinion (over 5 years)",
        "infeasible": "infeasible", "not_applicable": "not applicable", "not_started": "not started",
        "in_progress": "in progress", "passed": "passed", "at_risk": "at risk", "failed": "failed",
        "not_due": "nothing due (not cancelled)", "due": "due", "pending": "settled after the test",
        "own_funds": "the debtor's own funds", "ask_office": "ask the office", "office_account": "the office's account",
        "commissioner_account": "the commissioner's account", "own_account": "the debtor's own account",
        "lawyer": "lawyer", "judicial_scrivener": "judicial scrivener", "self": "self (no representative)",
        "small_scale": "small-scale rehabilitation", "salaried": "salaried-worker rehabilitation",
        "consumer_finance": "consumer finance", "credit_card": "credit card", "bank_loan": "bank loan",
        "housing_loan": "housing loan", "tax": "taxes and social insurance", "guarantee_association": "credit guarantee association",
        "government_finance": "government lender", "other": "other",
        "refund.full": "full refund", "refund.minus_expenses": "refund after expenses", "refund.none": "no refund",
        "refund.unknown": "check the contract",
        "settlement_reached": "settlement reached", "plan_approved": "plan approved", "test_ended_early": "test ended early",
        "cancelled": "cancelled", "auto": "automatic (procedures compared)",
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


def place(result: dict, lang: str) -> tuple[str | None, str]:
    """(court, region) as a person reads them: 東京地方裁判所 / 東京地裁の運用 (ids only when no name is known)."""
    court = (result.get("court_name") or {}).get(lang)
    if court is None and result.get("court") not in (None, result.get("region")):
        court = result.get("court")
    region = (result.get("region_name") or {}).get(lang) or result.get("region") or "—"
    return court, region
