"""The faster paths give exactly what the plain ones gave: orjson writes the same bytes as json.dumps,
parameters found by interval are the parameters in force on that day, a memoised YAML tag is
the tag PyYAML resolves, and the evaluator's kept or prepared pieces (durable messages, the
conclusions rules read, common facts, the skeleton's copies) are what the plain code makes."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
import yaml
from hypothesis import given, settings, strategies as st
from test_fuzz_loader import CASE_KEYS, _typed, yaml_chars

from tsumitate import recalc_case as rc
from tsumitate.errors import InputError
from tsumitate.evaluate import Evaluator, readers_of
from tsumitate.procedures import registry
from tsumitate.procedures._common import common_facts, common_facts_of
from tsumitate.results import fresh, skeleton
from tsumitate.output.json_lines import render
from tsumitate.rulebook.load import load_rulebook
from tsumitate.scenarios.files import load_scenarios, scenario_files
from tsumitate.scenarios.run import evaluate_scenario
from tsumitate.sources import parse
from tsumitate.sources import yaml as loader

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


def test_a_case_without_histories_has_the_recalculation_facts_of_no_recalculations_on_any_day():
    for day in (dt.date(2000, 1, 1), dt.date(2010, 6, 1), dt.date(2020, 4, 1), dt.date(2026, 11, 26)):
        for params in (BOOK.recalculation, None):
            kept, computed = rc.facts((), params, day), rc.facts_of((), params, day)
            assert kept == computed and list(kept) == list(computed)


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


# -- the loader: data built from libyaml's events is the data the node path builds --------------


def _node_path(text: str):
    try:
        return ("data", _typed(loader._parse(text, "t.yaml", many_lines=True)[0]))
    except InputError as e:
        return ("error", [str(p) for p in e.problems])


def _same_as_the_node_path(text: str) -> bool:
    """True when the event path read ``text`` itself (and then gave the node path's data exactly);
    False when it left ``text`` to the node path, which it must for every text the node path refuses."""
    fast = loader._data_from_events(text)
    plain = _node_path(text)
    if fast is loader._UNUSUAL:
        return False
    assert plain == ("data", _typed(fast)), text
    assert _typed(loader.parse(text, "t.yaml")) == _typed(fast)  # and the public path gives it
    return True


_keys = st.sampled_from(["a", "b", "amount", "1", "01", "1.0", "true", "yes", "~", "null", "2026-01-01", "'a'", '"b"',
                         '"\\u00e9"', "<<", "=", "&k a", "*k", "!!str a", "[x]", "? c", "日本", "a b", "-1", "0x1"])
_leaves = st.one_of(
    st.sampled_from(["", "1", "0", "-0", "012", "08", "0o17", "0x1F", "0b101", "1_000", "1:30", "190:20:30", "1.5", "1e3",
                     "6.8523015e+5", ".inf", "-.Inf", ".nan", "yes", "No", "ON", "off", "y", "n", "True", "~", "null", "Null",
                     "2026-02-28", "2026-02-30", "2026-1-5", "2026-02-28T10:00:00Z", "2026-02-28 10:00:00 +09:00", "0000-01-01",
                     "'1'", '"2026-11-25"', '"\\ud800"', '"\\u00e9\\t"', "'it''s'", "text with spaces", "アコム株式会社",
                     "1" * 41, "9" * 4301, "<<", "=", "&a 1", "*a", "!!str 1", "!!int '7'", "!!python/object:os.system",
                     "!!timestamp soon", "!!bool maybe", "! 3", "[1, yes, ~]", "{a: 1, b: [2]}", "[]", "{}", "{a: 1, a: 2}",
                     "[[[]]]", "[a, [b, {c: d}]]", "{? [1]: 2}", "|\n  block", ">-\n  folded"]),
    st.from_regex(r"\A[-+]?[0-9_]{1,6}\Z"), st.from_regex(r"\A[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z"))
_trees = st.recursive(_leaves, lambda inner: st.one_of(
    st.lists(inner, max_size=4).map(lambda items: ("seq", items)),
    st.lists(st.tuples(_keys, inner), max_size=5).map(lambda pairs: ("map", pairs))), max_leaves=25)


def _render(tree, indent: int = 0) -> str:
    """A tree of leaves as block YAML, each level two spaces in (a multi-line leaf indented with it)."""
    pad = " " * indent
    if isinstance(tree, str):
        return tree.replace("\n", "\n" + pad)
    kind, items = tree
    if not items:
        return "[]" if kind == "seq" else "{}"
    lines = []
    for item in items:
        key, child = item if kind == "map" else ("-", item)
        lead = f"{pad}{key}:" if kind == "map" else f"{pad}-"
        if isinstance(child, str) or not child[1]:
            lines.append(f"{lead} {_render(child, indent + 2)}")
        else:
            lines.append(f"{lead}\n{_render(child, indent + 2)}")
    return "\n".join(lines)


@settings(max_examples=600, deadline=None)
@given(_trees, st.sampled_from(["", "---\n", "%YAML 1.1\n---\n", "\ufeff"]), st.sampled_from(["\n", "", "\n...\n", "\n---\nb: 2\n"]))
def test_a_file_read_from_parser_events_gives_exactly_the_data_the_node_path_gives(tree, head, tail):
    text = head + _render(tree) + tail
    _same_as_the_node_path(text)


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(), st.text(max_size=12),
                              st.dates()),
                    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                    max_leaves=30), st.booleans(), st.booleans())
def test_any_data_written_as_yaml_or_json_reads_back_the_same_by_both_paths(data, as_json, flow):
    text = json.dumps(data, ensure_ascii=False, default=str) if as_json else yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    assert _same_as_the_node_path(text) or _node_path(text)[0] == "error"  # text YAML refuses (control characters)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(yaml_chars, st.sampled_from(CASE_KEYS), st.text(max_size=5)), max_size=200).map("".join))
def test_yaml_like_noise_is_read_as_the_node_path_reads_it_or_left_to_it(text):
    _same_as_the_node_path(text)  # a lone surrogate, a bad indent, a stray tag: whatever arrives


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: *x\n", "a: !!python/object:os.system x\n", "<<: {a: 1}\n", "a: =\n",
    "a: 1\na: 2\n", "1: a\ntrue: b\n", "1: a\n1.0: b\n", "2026-01-01: a\n2026-01-01: b\n", "? [1]\n: 2\n", "? {a: 1}\n: 2\n",
    'a: "\\ud800"\n', '"\\udc00": 1\n', "a: \ud800\n", "a: 1\n---\nb: 2\n", "a: [1\n", "- a\nb: 1\n", "a:\n\tb: 1\n",
])
def test_whatever_the_node_path_refuses_is_left_to_it_to_say_why_and_where(text):
    assert loader._data_from_events(text) is loader._UNUSUAL
    assert _node_path(text)[0] == "error"


@pytest.mark.parametrize("text", ["a: &x 1\n", "a: !!str 1\n", "a: !!int '7'\n", "!!map {a: 1}\n", "a: ! 3\n"])
def test_anchors_and_plain_data_tags_are_left_to_the_node_path_which_reads_them(text):
    assert loader._data_from_events(text) is loader._UNUSUAL
    assert _node_path(text)[0] == "data"


@pytest.mark.parametrize("depth", [1, 30, 31, 32, 33, 40])
@pytest.mark.parametrize("inner", ["[]", "[1]", "{a: 1}", "x"])
def test_nesting_near_the_limit_is_read_the_same_or_left_to_the_node_path(depth, inner):
    for text in ("[" * depth + inner + "]" * depth, "- " * depth + inner + "\n"):
        levels = depth + (inner != "x")  # collections, one inside the other
        assert _same_as_the_node_path(text) == (levels < loader.MAX_NESTING), text  # the last level only for the node path


def test_values_past_the_limit_are_left_to_the_node_path(monkeypatch):
    text = "[" + ", ".join(["1"] * 20) + "]"
    assert _same_as_the_node_path(text)
    monkeypatch.setattr(loader, "MAX_NODES", 20)  # 21 values: the list and its twenty items
    assert not _same_as_the_node_path(text)
    assert "20" in _node_path(text)[1][0]


def test_the_event_path_reads_plain_data_itself_and_keeps_no_node_tree():
    text = "case_id: a\nas_of: 2026-11-26\ndebts:\n- creditor: x\n  amount: 1_000\n  include: yes\n"
    assert _same_as_the_node_path(text)
    src = loader.from_bytes(text.encode(), "c.yaml")
    assert src.data["debts"][0] == {"creditor": "x", "amount": 1000, "include": True}
    assert src.line_of(("debts", 0, "include")) == 6  # composed when asked, for a problem's line


def _vote_facts_as_first_written(case, rejection, objecting_kinds):
    """The small-scale vote's numbers as first written: a set of votes and of kinds per creditor."""
    from tsumitate import arithmetic as ar
    from tsumitate.model.case import Vote
    from tsumitate.procedures._common import shares_of_u

    amount, votes, kinds = {}, {}, {}
    for s in shares_of_u(case):
        name = s.debt.creditor
        amount[name] = amount.get(name, 0) + s.amount
        votes.setdefault(name, set()).add(s.debt.vote)
        kinds.setdefault(name, set()).add(s.debt.kind.value)
    voting = [n for n, a in amount.items() if a > 0]
    total = sum(amount[n] for n in voting)
    objecting = [n for n in voting if Vote.objects in votes[n]]
    consenting = {n for n in voting if votes[n] == {Vote.consents}}
    known_to_object = set(objecting) | {n for n in voting if n not in consenting and kinds[n] & set(objecting_kinds)}
    open_ = [n for n in voting if n not in consenting]
    largest = max(open_, key=lambda n: (amount[n], -voting.index(n)), default=None)
    (p, q), (r, t) = rejection["number"]["at_least"], rejection["amount"]["more_than"]
    return {
        "vote_creditors": len(voting), "vote_amount_total": total, "vote_objecting": len(objecting),
        "vote_amount_objecting": sum(amount[n] for n in objecting),
        "vote_count_rejecting": ar.ceil_div(len(voting) * p, q), "vote_amount_rejecting": total * r // t + 1,
        "vote_largest_open_amount": amount[largest] if largest is not None else 0,
        "vote_largest_open_creditor": largest,
        "vote_objecting_likely": len(known_to_object),
        "vote_amount_objecting_likely": sum(amount[n] for n in known_to_object),
    }


_VOTE_DEBT = st.fixed_dictionaries(
    {"creditor": st.sampled_from(["A社", "B信用保証協会", "C公庫", "D銀行"]), "amount": st.integers(0, 3_000_000)},
    optional={"kind": st.sampled_from(["consumer_finance", "guarantee_association", "government_finance", "tax", "housing_loan"]),
              "vote": st.sampled_from(["objects", "consents", "unknown"]), "secured": st.booleans(),
              "collateral_value": st.integers(0, 3_000_000)})


@settings(max_examples=300, deadline=None)
@given(st.lists(_VOTE_DEBT, min_size=1, max_size=8), st.lists(st.sampled_from(["guarantee_association", "government_finance", "tax"]), max_size=2))
def test_the_vote_counts_are_those_of_the_vote_as_first_written_for_any_creditors(debts, objecting_kinds):
    from tsumitate.model.case import Case
    from tsumitate.procedures.individual_rehabilitation import _vote_facts

    case = Case.model_validate({"case_id": "t", "as_of": "2026-11-25", "procedure": "individual_rehabilitation",
                                "court": "default", "household": {"monthly_income": 1, "monthly_expenses": 1},
                                "debts": debts})
    rejection = {"number": {"at_least": [1, 2]}, "amount": {"more_than": [1, 2]}}
    fast = _vote_facts(case, rejection, objecting_kinds)
    assert fast == _vote_facts_as_first_written(case, rejection, objecting_kinds)
    assert list(fast) == list(_vote_facts_as_first_written(case, rejection, objecting_kinds))


def test_each_fired_rule_is_applied_as_values_assign_and_results_reason_apply_it():
    from tsumitate import evaluate as ev_module

    evaluator = Evaluator(BOOK)
    real, applied = ev_module._apply, set()

    def both(rule, result, view):
        plain_result, plain_view = copy.deepcopy(result), dict(view)
        ev_module._apply_plain(rule, plain_result, plain_view)
        real(rule, result, view)
        assert result == plain_result and view == plain_view
        assert json.dumps(result, ensure_ascii=False) == json.dumps(plain_result, ensure_ascii=False)  # same order too
        applied.add(rule.rule)

    ev_module._apply = both
    try:
        for sc in _library_scenarios():
            evaluate_scenario(evaluator, sc)
    finally:
        ev_module._apply = real
    assert len(applied) >= 150


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.integers(-10**15, 10**15), st.sampled_from([0, 300000, 1400000, -40000])), min_size=1, max_size=6))
def test_an_amount_quoted_again_is_written_as_it_was_the_first_time(amounts):
    from tsumitate.rulebook.texts import render

    for value in amounts + amounts:  # the second time, the kept text
        assert render("月{x:,}円（{x}）", {"x": value}) == f"月{value:,}円（{value}）"
    assert render("{x:,}", {"x": True}) == "True"  # true/false are not amounts


@settings(max_examples=300, deadline=None)
@given(st.lists(_VOTE_DEBT, min_size=1, max_size=8), st.sampled_from([None, True, False]))
def test_each_debts_share_of_u_reads_the_special_clause_as_the_case_states_it(debts, clause):
    from tsumitate.model.case import Case
    from tsumitate.procedures._common import share_of_u, shares_of_u

    data = {"case_id": "t", "as_of": "2026-11-25", "procedure": "individual_rehabilitation", "court": "default",
            "household": {"monthly_income": 1, "monthly_expenses": 1}, "debts": debts}
    if clause is not None:
        data["housing_loan_special_clause"] = clause
    case = Case.model_validate(data)
    assert shares_of_u(case) == tuple(share_of_u(d, case.special_clause()) for d in case.debts)
