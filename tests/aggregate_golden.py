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


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    from tsumitate.evaluate import Evaluator
    from tsumitate.rulebook.load import load_rulebook

    rules = sys.argv[sys.argv.index("--rules") + 1] if "--rules" in sys.argv else None
    data = library(Evaluator(load_rulebook(rules)))
    lines = [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}" for k, v in sorted(data.items())]
    sys.stdout.write('{"_generated_by": "python tests/aggregate_golden.py [--rules DIR]", "results": {\n'
                     + ",\n".join(lines) + "\n}}\n")
