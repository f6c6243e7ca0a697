"""What each case-file field and each of its choices is called in Japanese (and English).

Keys stay English in files; a person filling a form or reading a sheet sees these names. Looked
up by the field's path in the case (``debts[].amount``, ``assets.deposits``) first, then by its
last key, so a field added to the model later still gets a name (its own key) until one is
written here: nothing breaks, it only reads less well.
"""

from __future__ import annotations

FIELDS: dict[str, tuple[str, str]] = {
    # path or key: (ja, en)
    "case_id": ("整理番号", "case id"),
    "as_of": ("基準日", "as of"),
    "procedure": ("手続", "procedure"),
    "court": ("裁判所", "court"),
    "representation": ("代理", "representation"),
    "rehabilitation_type": ("再生の種類", "type of rehabilitation"),
    "housing_loan_special_clause": ("住宅資金特別条項", "housing-loan special clause"),
    "sole_proprietor": ("個人事業者", "sole proprietor"),
    "retired": ("退職済み", "retired"),
    "discharge_concerns": ("免責不許可事由の調査が必要", "discharge concerns to investigate"),
    "household": ("家計収支", "household"),
    "household.monthly_income": ("安定した月収（手取り）", "stable monthly take-home income"),
    "household.uncertain_income": ("残業代・副業など不安定な収入（月）", "overtime / side income (monthly, never counted)"),
    "household.monthly_expenses": ("生活費（月）", "living costs (monthly)"),
    "household.annual_irregular_expenses": ("臨時の支出（年額：更新料・税金・車検など）", "irregular expenses (yearly)"),
    "household.family_informed": ("家族は債務整理を知っている", "the family knows"),
    "household.annual_disposable_income": ("可処分所得（年額・給与所得者等再生）", "annual disposable income (salaried)"),
    "assets": ("資産", "assets"),
    "assets.liquidation_value": ("清算価値（一つの額で分かるとき）", "liquidation value (when known as one figure)"),
    "assets.cash": ("現金", "cash"),
    "assets.deposits": ("預貯金", "bank deposits"),
    "assets.insurance_surrender": ("保険の解約返戻金", "insurance surrender value"),
    "assets.vehicles": ("自動車", "vehicles"),
    "assets.retirement_allowance": ("退職金見込額（今日退職したとき）", "retirement allowance if retiring today"),
    "assets.real_estate": ("不動産", "real estate"),
    "assets.real_estate.value": ("評価額", "value"),
    "assets.real_estate.secured_balance": ("担保の残債務", "secured balance"),
    "assets.other": ("その他の資産", "other assets"),
    "debts": ("債権者一覧", "creditors"),
    "debts[].creditor": ("債権者名", "creditor"),
    "debts[].amount": ("残高（円）", "balance (yen)"),
    "debts[].kind": ("種類", "kind"),
    "debts[].secured": ("担保あり", "secured"),
    "debts[].include": ("和解の対象", "included"),
    "debts[].collateral_value": ("担保の回収見込額", "collateral value"),
    "debts[].vote": ("書面決議での意向", "vote"),
    "debts[].accrued_interest": ("経過利息", "accrued interest"),
    "debts[].max_installments": ("債権者の上限回数", "creditor's maximum installments"),
    "debts[].min_monthly": ("債権者の最低月額", "creditor's minimum monthly"),
    "debts[].future_interest_rate": ("将来利息（年%）", "future interest (% a year)"),
    "debts[].transactions": ("取引履歴", "transactions"),
    "debts[].transactions[].date": ("取引日", "date"),
    "debts[].transactions[].borrow": ("借入額（円）", "borrowed (yen)"),
    "debts[].transactions[].repay": ("返済額（円）", "repaid (yen)"),
    "fee_contract": ("事務所との契約", "fee contract"),
    "fee_contract.refund_policy": ("途中解約時の返金", "refund on cancellation"),
    "fee_contract.expenses": ("実費", "expenses incurred"),
    "fee_contract.retainer": ("着手金", "retainer"),
    "fee_contract.remittance_fee": ("送金代行手数料（1社・月）", "remittance fee (per creditor, monthly)"),
    "fee_contract.bankruptcy_fee": ("自己破産の事務所費用", "bankruptcy office fee"),
    "deposits": ("積立の記録", "deposit ledger"),
    "deposits[].month": ("月", "month"),
    "deposits[].due": ("予定額", "due"),
    "deposits[].paid": ("入金額", "paid"),
    "deposits[].due_date": ("期日", "due date"),
    "deposits[].paid_date": ("入金日", "paid on"),
    "deposits[].withdrawn": ("引出し", "withdrawn"),
    "deposits[].notified_in_advance": ("事前連絡あり", "notified in advance"),
    "milestones": ("進捗", "milestones"),
    "milestones.settlement_reached": ("和解成立", "settlement reached"),
    "milestones.plan_approved": ("再生計画認可", "plan approved"),
    "milestones.test_ended_early": ("履行テスト早期終了", "test ended early"),
    "milestones.cancelled": ("途中解約・取下げ", "cancelled / withdrawn"),
}

CHOICES: dict[str, tuple[str, str]] = {
    "voluntary_arrangement": ("任意整理", "voluntary arrangement"),
    "individual_rehabilitation": ("個人再生", "individual rehabilitation"),
    "bankruptcy": ("自己破産", "bankruptcy"),
    "auto": ("自動判定", "choose for me (auto)"),
    "lawyer": ("弁護士", "lawyer"),
    "judicial_scrivener": ("司法書士", "judicial scrivener"),
    "self": ("本人申立て", "self"),
    "small_scale": ("小規模個人再生", "small-scale"),
    "salaried": ("給与所得者等再生", "salaried"),
    "consumer_finance": ("消費者金融", "consumer finance"),
    "credit_card": ("クレジットカード", "credit card"),
    "bank_loan": ("銀行ローン", "bank loan"),
    "housing_loan": ("住宅ローン", "housing loan"),
    "tax": ("税金・社会保険料", "tax"),
    "other": ("その他", "other"),
    "guarantee_association": ("保証協会", "guarantee association"),
    "government_finance": ("公的融資", "government finance"),
    "full": ("全額返金", "full refund"),
    "minus_expenses": ("実費を引いて返金", "refund minus expenses"),
    "none": ("返金なし", "no refund"),
    "unknown": ("不明", "unknown"),
    "objects": ("反対", "objects"),
    "consents": ("同意", "consents"),
}


def field_label(path: str, lang: str = "ja") -> str:
    """``debts[0].amount`` or ``debts[].amount`` -> 残高（円）; an unknown field keeps its key."""
    generic = _generic(path)
    hit = FIELDS.get(generic) or FIELDS.get(generic.rsplit(".", 1)[-1])
    if hit is None:
        return generic.rsplit(".", 1)[-1]
    return hit[0] if lang == "ja" else hit[1]


def choice_label(value: str, lang: str = "ja") -> str:
    hit = CHOICES.get(value)
    if hit is None:
        return value
    return hit[0] if lang == "ja" else hit[1]


def _generic(path: str) -> str:
    out, depth = [], 0
    for ch in path:
        if ch == "[":
            depth += 1
            out.append("[]")
        elif ch == "]":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)
