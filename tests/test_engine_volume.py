"""The engine at volume: reading durable's agenda directly must lose no fired rule and leak no state."""

from __future__ import annotations

import subprocess
import sys

from tsumitate.engine import Engine
from tsumitate.evaluate import Evaluator
from tsumitate.model.case import Case
from tsumitate.rulebook.load import load_rulebook

CASE = {
    "case_id": "vol", "as_of": "2026-11-25", "procedure": "auto", "court": "tokyo",
    "household": {"monthly_income": 250000, "monthly_expenses": 200000},
    "debts": [{"creditor": "A", "amount": 500000}],
    "deposits": [{"month": "2026-06", "due": 13900, "paid": 13900}],
}


def test_five_thousand_evaluations_of_one_case_fire_the_same_rules_every_time():
    engine = Engine()
    evaluator = Evaluator(load_rulebook(), engine)
    case = Case.model_validate(CASE)
    first = evaluator.evaluate(case)
    before = engine.calls
    assert evaluator.evaluate(case) == first
    per_case = engine.calls - before
    # 任意整理: D = 500,000, capacity 50,000: 36 installments of ceil_to(500,000 / 36, 100) = 13,900
    assert first["feasibility"]["status"] == "feasible" and first["deposit"]["monthly"] == 13900
    calls = engine.calls
    for _ in range(5000):
        assert evaluator.evaluate(case) == first
    # each message asserted once; a session cleared once every few dozen messages, not after each
    assert per_case > 0 and 5000 * per_case <= engine.calls - calls <= 5000 * per_case * 1.1


NO_MATCH = """
from tsumitate.engine import Engine
e = Engine()
e.ensure("t.nomatch", {"r1": {"all": [{"m": {"$and": [{"stage": "s"}, {"x": 1}]}}], "run": "r1"}})
print([e.fire("t.nomatch", {"stage": "s", "x": x}) for x in (2, 2, 1, 2, 1)])
"""


def test_a_ruleset_whose_first_message_matches_nothing_fires_nothing_and_does_not_crash():
    # durable's delete_state on a sid it never saw kills the process: run it in a child
    proc = subprocess.run([sys.executable, "-c", NO_MATCH], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-500:]
    assert proc.stdout.strip() == "[[], [], ['r1'], [], ['r1']]"
