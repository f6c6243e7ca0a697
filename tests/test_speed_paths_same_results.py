"""The faster paths give exactly what the plain ones gave: orjson writes the same bytes as json.dumps,
parameters found by interval are the parameters in force on that day, a memoised YAML tag is
the tag PyYAML resolves, and the evaluator's kept or prepared pieces (durable messages, the
conclusions rules read, common facts, the skeleton's copies) are what the plain code makes."""

from __future__ import annotations

import copy
import datetime as dt
import json

import yaml
from hypothesis import given, settings, strategies as st

from tsumitate import recalc_case as rc
from tsumitate.evaluate import Evaluator, readers_of
from tsumitate.procedures import registry
from tsumitate.procedures._common import common_facts, common_facts_of
from tsumitate.results import fresh, skeleton
from tsumitate.output.json_lines import render
from tsumitate.rulebook.load import load_rulebook
from tsumitate.scenarios.files import load_scenarios, scenario_files
from tsumitate.scenarios.run import evaluate_scenario
from tsumitate.sources import parse

from replay_support import REPO

BOOK = load_rulebook(None)


def test_every_library_result_is_written_byte_for_byte_as_json_dumps_wrote_it():
    evaluator = Evaluator(BOOK)
    seen = 0
    for path, in_folder in scenario_files([str(REPO / "scenarios")]):
        try:
            scenarios = load_scenarios(path, in_folder)
        except Exception:  # case files and error scenarios are not results
            continue
        for sc in scenarios:
            if sc.expect_error is not None:
                continue
            outcome = evaluate_scenario(evaluator, sc)
            assert render(outcome.result) == json.dumps(outcome.result, ensure_ascii=False, separators=(",", ":"))
            seen += 1
    assert seen >= 40


def _library_scenarios():
    for path, in_folder in scenario_files([str(REPO / "scenarios")]):
        try:
            scenarios = load_scenarios(path, in_folder)
        except Exception:  # case files and error scenarios are not results
            continue
        yield from (sc for sc in scenarios if sc.expect_error is None)


def test_durable_gets_for_each_wave_exactly_the_plain_message_of_the_names_it_reads():
    evaluator = Evaluator(BOOK)
    fast, waves = evaluator._message, set()

    def checked(wave, view):
        message, plain = fast(wave, view), evaluator.message_plain(wave, view)
        assert message == plain and list(message) == list(plain)  # same values, same order
        waves.add(wave.name)
        return message

    evaluator._message = checked
    for sc in _library_scenarios():
        evaluate_scenario(evaluator, sc)
    assert len(waves) >= 20


def test_the_conclusions_rules_read_start_the_same_in_every_cases_result_so_they_are_kept_per_rule_set():
    evaluator = Evaluator(BOOK)
    starts: dict[str, list] = {}
    for sc in _library_scenarios():
        case = evaluate_scenario(evaluator, sc).case
        for key, spec in registry().items():
            facts = {"capacity": 1, "months_paid": 2, "missed": 3, "late": 4, "withdrawn": 5, "deposited": 6}
            result = skeleton(case, key, "tokyo", dt.date(2026, 1, 1), facts, spec.result_fields)
            starts.setdefault(key, []).append(readers_of(result))
    assert starts and all(len(found) >= 20 and all(r == found[0] for r in found) for found in starts.values())
    for (procedure, _), kept in evaluator._readers_at_start.items():
        if procedure in starts:
            assert kept == starts[procedure][0]


def test_the_common_facts_kept_for_a_case_are_those_computed_from_it_and_each_caller_gets_its_own_dict():
    seen = recalculated = 0
    evaluator = Evaluator(BOOK)
    for sc in _library_scenarios():
        case = evaluate_scenario(evaluator, sc).case  # amounts recalculated from any history
        first, again = common_facts(case), common_facts(case)
        assert first == again == common_facts_of(case) and first is not again
        assert rc.recalculations_of(case) == [rc.recalculation_of(d) for d in case.debts]
        recalculated += any(r is not None for r in rc.recalculations_of(case))
        seen += 1
    assert seen >= 40 and recalculated >= 3


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=3),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                    max_leaves=12))
def test_a_skeleton_field_is_copied_as_deepcopy_copies_plain_data(value):
    copied = fresh(value)
    assert copied == copy.deepcopy(value)

    def containers(v):
        if isinstance(v, dict):
            return [v] + [c for x in v.values() for c in containers(x)]
        if isinstance(v, list):
            return [v] + [c for x in v for c in containers(x)]
        return []
    assert not {id(c) for c in containers(value)} & {id(c) for c in containers(copied)}


def test_what_orjson_refuses_still_comes_out_as_json_dumps_writes_it():
    odd = {"big": 2**70, "lone": "\udc80", "text": "日本\x1b"}
    assert render(odd) == json.dumps(odd, ensure_ascii=False, separators=(",", ":"))


def _brute_force(rs, day):
    values = {}
    for name, ps in rs.parameters.items():
        current = None
        for v in ps.parameter.values:
            start = v.since or dt.date.min  # no known start: in force from the beginning
            if start <= day and (current is None or start >= (current.since or dt.date.min)):
                current = v
        if current is not None:
            values[name] = current.value
    return values


def test_parameters_found_by_interval_are_those_in_force_on_the_day_itself():
    days = {dt.date(2019, 1, 1), dt.date(2040, 12, 31)}
    for rs in BOOK.sets.values():  # every date a value starts, the day before it and the day after
        for ps in rs.parameters.values():
            for v in ps.parameter.values:
                if v.since is not None:  # court practice with no known start is in force on every day
                    days |= {v.since - dt.timedelta(days=1), v.since, v.since + dt.timedelta(days=1)}
    checked = 0
    for rs in BOOK.sets.values():
        for day in sorted(days):
            want = _brute_force(rs, day)
            try:
                got, used = rs.parameters_at(day)
            except LookupError as e:
                assert set(want) != set(rs.parameters) and str(day) in str(e)
                continue
            assert got == want and set(used) == set(want)
            checked += 1
    assert checked >= 3 * len(BOOK.sets)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["1", "0x1F", "1_000", "yes", "No", "~", "null", "2026-11-25", "1.5e3", "-1",
                                 ".inf", "amount", "'1'", '"2026-11-25"', "0o17", "12:30", "true"]),
                min_size=1, max_size=8))
def test_a_memoised_tag_is_the_tag_pyyaml_resolves(words):
    text = "\n".join(f"k{i}: {w}" for i, w in enumerate(words)) + "\nlist: [" + ", ".join(words) + "]\n"
    for _ in range(2):  # the second time every tag comes from the memo
        assert parse(text, "t.yaml") == yaml.load(text, Loader=yaml.SafeLoader)
