"""How a hand-written expectation is compared with a result value."""

from __future__ import annotations

import datetime as dt
import pickle

from tsumitate.scenarios.compare import MISSING, compare, get_path, same

RESULT = {"as_of": "2026-11-25", "deposit": {"monthly": 8400}, "alternatives": ["individual_rehabilitation", "bankruptcy"],
          "evaluations": [{"feasibility": {"status": "infeasible"}}], "commissioner": {"appointed": True}}


def test_a_yaml_date_equals_the_same_day_written_in_the_result():
    assert same(dt.date(2026, 11, 25), "2026-11-25")
    assert not same(dt.date(2026, 11, 26), "2026-11-25")


def test_lists_must_match_in_order_and_length():
    assert compare({"alternatives": ["individual_rehabilitation", "bankruptcy"]}, RESULT) == []
    assert len(compare({"alternatives": ["bankruptcy", "individual_rehabilitation"]}, RESULT)) == 1
    assert len(compare({"alternatives": ["individual_rehabilitation"]}, RESULT)) == 1


def test_a_boolean_is_never_equal_to_a_number():
    assert not same(1, True) and not same(True, 1) and same(True, True)
    assert not same([1], [True])


def test_list_indices_reach_into_screening_evaluations():
    assert get_path(RESULT, "evaluations.0.feasibility.status") == "infeasible"
    assert get_path(RESULT, "evaluations.1.feasibility.status") is MISSING
    assert get_path(RESULT, "deposit.monthly.x") is MISSING


def test_the_missing_marker_survives_a_trip_to_a_worker_process():
    assert pickle.loads(pickle.dumps(MISSING)) is MISSING
