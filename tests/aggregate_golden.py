"""What a 任意整理 evaluation decided, in a form that survives rewording: for the aggregate-basis check.

``payment_basis: aggregate`` must reproduce the results the product gave before the
per-creditor plan existed. ``tests/fixtures/aggregate_basis/golden.json`` holds those results
for every case of the scenario library as it stood then (each case stored with its result) (commit 856660d, before issue 10),
reduced by ``decisions`` to the figures and rule codes (the numbers quoted in each reason's
Japanese text, not its wording, so a reworded message does not break the comparison).

Regenerate (only when a deliberate change of the 任意整理 rules moves these results; say so in
the commit) with a copy of rules/ switched to aggregate:
    python tests/aggregate_golden.py --rules /tmp/rules-aggregate > tests/fixtures/aggregate_basis/golden.json
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"\d[\d,]*")
VA = "voluntary_arrangement"


def _reasons(items) -> list[list]:
    return [[r["rule"], r["code"], NUMBER.findall(r["ja"])] for r in items]


def decisions(result: dict[str, Any]) -> dict[str, Any] | None:
    """The 任意整理 evaluation of a result (its own, or the one inside ``evaluations``), reduced."""
    va = result if result["procedure"] == VA and "evaluations" not in result else \
        next((e for e in result.get("evaluations", []) if e["procedure"] == VA), None)
    if va is None:
        return None
    d, f = va["deposit"], va["feasibility"]
    out = {
        "feasibility": [f["status"], f["installments"], f["monthly_capacity"], _reasons(f["reasons"])],
        "deposit": [d["monthly"], d["installments"], d["payee"], d["period_months"], d["at_filing"], _reasons(d["reasons"])],
        "test": [va["test"]["status"], _reasons(va["test"]["reasons"])],
        "refund": [va["refund"]["status"], va["refund"]["amount"], _reasons(va["refund"]["reasons"])],
        "alternatives": va["alternatives"],
        "advice": _reasons(va["advice"]),
        "warnings": _reasons(va["warnings"]),
    }
    if "recommendation" in result:
        out["recommendation"] = result["recommendation"]
    return out


def library(evaluator) -> dict[str, Any]:
    """Every scenario of ``scenarios/`` that evaluates to a 任意整理 result: scenario id -> its case and decisions.

    The case is stored with its result, so the check does not depend on the scenario files
    staying as they were.
    """
    from tsumitate.scenarios.files import load_scenarios, scenario_files
    from tsumitate.scenarios.run import evaluate_scenario_case

    out: dict[str, Any] = {}
    for path, in_folder in scenario_files([str(ROOT / "scenarios")]):
        try:
            scenarios = load_scenarios(path, in_folder)
        except Exception:  # noqa: BLE001 - error scenarios and case files are not part of the library's results
            continue
        for sc in scenarios:
            outcome = evaluate_scenario_case(evaluator, sc)
            if outcome.result is None:
                continue
            reduced = decisions(outcome.result)
            if reduced is not None:
                key = Path(sc.file).resolve().relative_to(ROOT).as_posix() + f"::{sc.index}::{sc.name}"
                out[key] = {"case": outcome.case.model_dump(mode="json", exclude_unset=True), "decisions": reduced}
    return out


def generated_cases(count: int = 200) -> list[dict[str, Any]]:
    """Multi-creditor 任意整理 cases from a fixed seed: several creditors each, capacities around the payments.

    The scenario library has mostly one creditor, where both bases agree anyway; these cases
    are where per-creditor rounding would differ, so the aggregate check means something.
    """
    import random

    rnd = random.Random(10)
    kinds = ["consumer_finance", "credit_card", "bank_loan", "other", "tax", "housing_loan"]
    out = []
    for k in range(count):
        debts = []
        for j in range(rnd.randint(1, 7)):
            debt = {"creditor": f"債権者{j + 1}", "amount": rnd.choice([rnd.randint(1, 3_000_000), rnd.randint(1, 400) * 1000]),
                    "kind": rnd.choice(kinds[:4] * 4 + kinds[4:])}
            if rnd.random() < 0.1:
                debt["include"] = False
            debts.append(debt)
        representation = rnd.choice(["lawyer", "judicial_scrivener", "self"])
        if representation == "judicial_scrivener":  # within the scrivener's 1,400,000 yen per claim: a basis check only
            for d in debts:
                d["amount"] = min(d["amount"], 1_400_000)
        eligible = sum(d["amount"] for d in debts if d["kind"] not in ("tax", "housing_loan") and d.get("include", True))
        n = rnd.choice([30, 36, 45, 59, 60, 61, 70, 84, 90])
        capacity = -(-eligible // n) + rnd.randint(-300, 300)
        case = {"case_id": f"generated-{k}", "as_of": "2026-11-25", "procedure": rnd.choice(["voluntary_arrangement"] * 3 + ["auto"]),
                "court": rnd.choice(["tokyo", "osaka", "default"]),
                "representation": representation,
                "household": {"monthly_income": max(0, capacity) + 200_000, "monthly_expenses": 200_000,
                              "family_informed": rnd.random() < 0.7},
                "debts": debts}
        if rnd.random() < 0.3:
            case["deposits"] = [{"month": f"2026-0{m + 1}", "due": 10000, "paid": rnd.choice([10000, 10000, 9000])}
                                for m in range(rnd.randint(1, 5))]
        out.append(case)
    return out


def generated(evaluator) -> dict[str, Any]:
    from tsumitate.model.case import Case

    out = {}
    for case in generated_cases():
        result = evaluator.evaluate(Case.model_validate(case))
        out["generated::" + case["case_id"]] = {"case": case, "decisions": decisions(result)}
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    from tsumitate.evaluate import Evaluator
    from tsumitate.rulebook.load import load_rulebook

    rules = sys.argv[sys.argv.index("--rules") + 1] if "--rules" in sys.argv else None
    evaluator = Evaluator(load_rulebook(rules))
    data = {**library(evaluator), **generated(evaluator)}
    lines = [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}" for k, v in sorted(data.items())]
    sys.stdout.write('{"_generated_by": "python tests/aggregate_golden.py [--rules DIR]", "results": {\n'
                     + ",\n".join(lines) + "\n}}\n")
