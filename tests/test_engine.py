"""The durable_rules wrapper survives the engine's sharp edges (engineering.md)."""

from __future__ import annotations

import copy
import subprocess
import sys
import textwrap

from tsumitate.engine import Engine


def test_a_first_message_that_matches_no_rule_returns_no_rules_instead_of_crashing_the_process():
    # durable_rules segfaults when the state of a sid is deleted after an unmatched first message;
    # run in a child process so that a regression shows as a failed test, not a dead test run.
    code = textwrap.dedent("""
        from tsumitate.engine import Engine
        e = Engine()
        e.ensure("unmatched_first", {"r1": {"all": [{"m": {"$and": [{"stage": "s"}, {"a": 1}]}}], "run": "r1"}})
        assert e.fire("unmatched_first", {"stage": "s", "a": 2}) == []
        assert e.fire("unmatched_first", {"stage": "s", "a": 1}) == ["r1"]
        assert e.fire("unmatched_first", {"stage": "s", "a": None}) == []
        assert e.fire("unmatched_first", {"stage": "s", "a": 1}) == ["r1"]
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", (done.returncode, done.stderr[-500:])


def test_the_same_message_can_be_fired_again_and_again_with_one_reused_session():
    e = Engine()
    e.ensure("repeat_same_message", {"r1": {"all": [{"m": {"$and": [{"stage": "s"}, {"a": 1}]}}], "run": "r1"}})
    for _ in range(2_000):  # beyond the ~1,024 sessions durable keeps
        assert e.fire("repeat_same_message", {"stage": "s", "a": 1}) == ["r1"]


def test_two_names_with_the_same_rules_share_one_durable_ruleset_and_each_fires_what_its_own_would():
    rules = {"r1": {"all": [{"m": {"$and": [{"stage": "s"}, {"a": 1}]}}], "run": "r1"},
             "r2": {"all": [{"m": {"$and": [{"stage": "s"}, {"$gt": {"b": 2}}]}}], "run": "r2"}}
    e = Engine()
    e.ensure("shared.tokyo", copy.deepcopy(rules))
    e.ensure("shared.osaka", copy.deepcopy(rules))
    e.ensure("shared.other", {"r1": rules["r1"] | {"run": "r1"}})  # another definition: its own ruleset
    assert e._rulesets["shared.osaka"]._handle == e._host.get_ruleset("shared.tokyo")._handle
    assert e._host.get_ruleset("shared.other")._handle != e._rulesets["shared.osaka"]._handle
    for name in ("shared.tokyo", "shared.osaka") * 40:  # past a session clearing, alternating names
        assert e.fire(name, {"stage": "s", "a": 1, "b": 3}) == ["r1", "r2"]
        assert e.fire(name, {"stage": "s", "a": 2, "b": 0}) == []
    assert e.fire("shared.other", {"stage": "s", "a": 1, "b": 3}) == ["r1"]


def test_every_scenario_gives_the_same_result_whether_regions_share_rulesets_or_not(monkeypatch):
    from replay_support import REPO
    from tsumitate import engine
    from tsumitate.evaluate import Evaluator
    from tsumitate.rulebook.load import load_rulebook
    from tsumitate.scenarios.files import load_scenarios, scenario_files
    from tsumitate.scenarios.run import evaluate_scenario

    book = load_rulebook(None)
    scenarios = []
    for path, in_folder in scenario_files([str(REPO / "scenarios")]):
        try:
            scenarios += [sc for sc in load_scenarios(path, in_folder) if sc.expect_error is None]
        except Exception:  # case files and error scenarios are not results
            continue
    shared = Evaluator(book, Engine())
    results = [evaluate_scenario(shared, sc).result for sc in scenarios]
    assert len(shared.engine._registered) > len(shared.engine._by_definition)  # some were shared
    monkeypatch.setattr(engine, "_definition_key", lambda definition: None)  # each name its own ruleset
    alone = Evaluator(book, Engine())
    assert [evaluate_scenario(alone, sc).result for sc in scenarios] == results and len(results) >= 40
