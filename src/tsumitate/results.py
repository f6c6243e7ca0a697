"""The result of one evaluation (contract.md, 'Result'): its skeleton and its reason records.

The skeleton holds what is measured rather than decided (capacity, ledger counts, the amount
deposited); every decided field starts as null and is written by the rule that decides it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .model.case import Case
from .rulebook.values import READABLE_CONCLUSIONS

READERS = READABLE_CONCLUSIONS


def reason(rule: str, code: str, ja: str, en: str, cite: str | None) -> dict[str, Any]:
    return {"rule": rule, "code": code, "ja": ja, "en": en, "cite": cite}


def skeleton(case: Case, procedure: str, region: str, as_of: dt.date, facts: dict[str, Any],
             extra: dict[str, Any] | None = None, names: dict[str, Any] | None = None) -> dict[str, Any]:
    """``extra``: the procedure's own result keys (``Procedure.result_fields``), copied so rules can fill them.
    ``names``: ``court_name`` and ``region_name`` ({ja, en}) from courts.yaml, for people to read."""
    out = {
        "case_id": case.case_id,
        "procedure": procedure,
        "court": case.court,
        "region": region,
        **(names or {}),
        "as_of": as_of.isoformat(),
        "feasibility": {"status": None, "installments": None, "monthly_capacity": facts["capacity"], "reasons": []},
        "deposit": {"monthly": None, "installments": None, "payee": None, "period_months": None,
                    "at_filing": None, "reasons": []},
        "test": {"status": None, "months_paid": facts["months_paid"], "months_required": None,
                 "missed": facts["missed"], "late": facts["late"], "withdrawn": facts["withdrawn"], "reasons": []},
        "refund": {"status": None, "amount": None, "deposited": facts["deposited"], "deductions": [], "reasons": []},
        "commissioner": {"appointed": False, "fee": None},
        "minimum_repayment": None,
        "plan_total": None,
        "alternatives": [],
        "advice": [],
        "warnings": [],
        "recalculation": [],  # debts with a transaction history (引き直し計算), filled by the evaluator
    }
    if extra:
        out.update(fresh(extra))
    out["fired_rules"] = []  # last, after the procedure's own keys
    return out


def fresh(value: Any) -> Any:
    """A copy of plain skeleton data (mappings and lists of text, numbers, true/false, null), new at every level.

    What ``copy.deepcopy`` gives for such data, without its memo and dispatch (it ran for every
    procedure of every case).
    """
    if isinstance(value, dict):
        return {k: fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        return [fresh(v) for v in value]
    return value
