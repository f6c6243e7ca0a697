"""自己破産 (bankruptcy): the facts its rules compare — assets by category, the real estate's loan
ratio, the debt a discharge can reach, and the office's fee paid from the deposits.

The track (同時廃止 or 管財), the court costs and the deposit plan are decided by the rules in
``rules/bankruptcy/`` from these numbers and the court's parameters.
"""

from __future__ import annotations

from typing import Any

from ..model.case import Case, DebtKind, RefundPolicy
from . import FactInfo, Procedure
from ._common import COMMON_FACTS, common_facts, enum_values

ARITHMETIC_PARAMETERS = ("retirement_divisor_employed", "retirement_divisor_retired")

FACTS: dict[str, FactInfo] = {
    **COMMON_FACTS,
    "dischargeable_total": FactInfo("int", "免責の対象となる債務（税金等を除く）", "debt a discharge can reach (all but taxes)"),
    "cash": FactInfo("int", "現金", "cash"),
    "bank_deposits": FactInfo("int", "預貯金", "bank deposits"),
    "insurance_surrender": FactInfo("int", "保険の解約返戻金", "insurance surrender value"),
    "vehicles": FactInfo("int", "自動車・バイクの時価", "vehicles' value"),
    "other_assets": FactInfo("int", "その他の財産", "other assets"),
    "retirement_allowance": FactInfo("int", "退職金見込額", "retirement allowance if retiring today"),
    "retirement_counted_employed": FactInfo("int", "在職中の退職金の評価額 floor(見込額 ÷ 8)", "allowance counted while employed, floor(a / 8)"),
    "retirement_counted_retired": FactInfo("int", "退職済みの退職金の評価額 floor(見込額 ÷ 4)", "allowance counted once retired, floor(a / 4)"),
    "retired": FactInfo("bool", "退職済み", "already retired"),
    "real_estate_value": FactInfo("int", "不動産の時価", "real estate value"),
    "real_estate_secured_balance": FactInfo("int", "不動産の被担保債権残高", "balance the real estate secures"),
    "real_estate_loan_percent": FactInfo("int", "被担保債権 ÷ 時価（%、切捨て）", "secured balance / value, percent (floor)", nullable=True),
    "sole_proprietor": FactInfo("bool", "個人事業者", "sole proprietor"),
    "discharge_concerns": FactInfo("bool", "免責不許可事由の調査が必要", "grounds to refuse a discharge to investigate"),
    "office_fee": FactInfo("int", "積立から支払う事務所の報酬", "office fee paid from the deposits"),
    "refund_policy": FactInfo("str", "途中解約時の返金条項", "refund clause", enum_values(RefundPolicy)),
    "expenses": FactInfo("int", "実費", "expenses incurred"),
}


def build(case: Case, params: dict[str, Any]) -> dict[str, Any]:
    f = common_facts(case)
    a = case.assets
    employed, retired = (params[k] for k in ARITHMETIC_PARAMETERS)
    home = a.real_estate
    value = home.value if home else 0
    secured = home.secured_balance if home else 0
    # floor(100·secured/value) < 150 exactly when secured < 1.5 × value: 150 is whole, so the floor
    # loses nothing the comparison can see. No real estate (value 0): no ratio.
    ratio = (100 * secured) // value if value > 0 else None
    f.update(
        creditor_count=sum(1 for d in case.debts if d.kind is not DebtKind.tax),
        dischargeable_total=sum(d.amount for d in case.debts if d.kind is not DebtKind.tax),
        cash=a.cash,
        bank_deposits=a.deposits,
        insurance_surrender=a.insurance_surrender,
        vehicles=a.vehicles,
        other_assets=a.other,
        retirement_allowance=a.retirement_allowance,
        # floor(a / 8) >= 200,000 exactly when a / 8 >= 200,000 (the threshold is whole yen)
        retirement_counted_employed=a.retirement_allowance // employed,
        retirement_counted_retired=a.retirement_allowance // retired,
        retired=case.retired,
        real_estate_value=value,
        real_estate_secured_balance=secured,
        real_estate_loan_percent=ratio,
        sole_proprietor=case.sole_proprietor,
        discharge_concerns=case.discharge_concerns,
        office_fee=case.fee_contract.bankruptcy_fee,
        refund_policy=case.fee_contract.refund_policy.value,
        expenses=case.fee_contract.expenses,
    )
    return f


DERIVATIONS: dict[str, dict[str, Any]] = {
    "dischargeable_total": {
        "ja": "免責の対象となる債務 {dischargeable_total:,} = 債務合計 {debts_sum:,} − 税 {tax_debt_total:,}",
        "en": "dischargeable debt {dischargeable_total:,} = all debts {debts_sum:,} − tax {tax_debt_total:,}",
    },
    "retirement_counted_employed": {
        "ja": "退職金の評価額 {retirement_counted_employed:,} = floor(見込額 {retirement_allowance:,} ÷ {params.retirement_divisor_employed})",
        "en": "allowance counted {retirement_counted_employed:,} = floor({retirement_allowance:,} / {params.retirement_divisor_employed})",
    },
    "retirement_counted_retired": {
        "ja": "退職金の評価額 {retirement_counted_retired:,} = floor(見込額 {retirement_allowance:,} ÷ {params.retirement_divisor_retired})",
        "en": "allowance counted {retirement_counted_retired:,} = floor({retirement_allowance:,} / {params.retirement_divisor_retired})",
    },
    "real_estate_loan_percent": {
        "ja": "被担保債権の割合 {real_estate_loan_percent}% = floor(100 × {real_estate_secured_balance:,} ÷ 時価 {real_estate_value:,})",
        "en": "loan ratio {real_estate_loan_percent}% = floor(100 × {real_estate_secured_balance:,} / value {real_estate_value:,})",
    },
}

PROCEDURE = Procedure(
    key="bankruptcy", short="bk", ja="自己破産", en="bankruptcy", order=30,
    facts=FACTS, arithmetic_parameters=ARITHMETIC_PARAMETERS, build=build, derivations=DERIVATIONS,
    result_fields={"bankruptcy": {"track": None, "court_deposit": None, "gazette_fee": None, "filing_fee": None,
                                  "office_fee": None, "target": None, "months_needed": None, "remaining": None}},
    labels={"ja": {"summary": "同時廃止", "administration": "管財事件"},
            "en": {"summary": "summary (no trustee)", "administration": "administration (trustee appointed)"}},
)
