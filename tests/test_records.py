"""The small records every command builds (problems, messages, conditions, compiled stages, one
file's output) are msgspec Structs since start-up became a goal (issue 16): Python 3.11 compiles
each dataclass method with ``exec`` as the class is made. What the code relies on must still hold:
a record cannot be changed once made, two records are equal only when they are of one kind with
equal fields, a frozen one can be a set member or a dict key, and workers can send them (pickle).
"""

from __future__ import annotations

import pickle

import msgspec
import pytest

from tsumitate.arithmetic import Bracket
from tsumitate.errors import M, Msg, Problem
from tsumitate.evaluate_files import Form, Printed
from tsumitate.procedures import FactInfo, registry
from tsumitate.recalc_figures import Dated, RateBracket
from tsumitate.rulebook.compile import CompiledStage
from tsumitate.rulebook.conditions import All, Any_, Cmp, Not, Ref, parse
from tsumitate.sources.base import Notice

FROZEN = [
    Msg("上限を超えています", "over the limit"),
    Problem("case.yaml", 12, "debts[0].amount", M("上限を超えています", "over the limit")),
    Notice("case.xlsx", "メモ!A1", "このシートは読みません", "sheet ignored"),
    FactInfo("int", "月収", "monthly income"),
    Bracket(below=1_000_000, whole=True),
    RateBracket(100_000, 0.2),
    Dated(__import__("datetime").date(2020, 4, 1), 3),
    CompiledStage("r1", "wave1", {"a": {"all": [], "run": "a"}}, ("x",), {"a": (0, 1)}),
    Cmp("monthly_surplus", "ge", Ref("required_monthly")),
    All((Cmp("a", "eq", 1),)),
    Any_((Cmp("a", "eq", 1),)),
    Not(Cmp("a", "eq", 1)),
    Form("json", "ja", "iso", "yen", utf8=True),
    Printed("case.yaml", True, b'{"case_id":"1"}\n', ()),
]


@pytest.mark.parametrize("record", FROZEN, ids=lambda r: type(r).__name__)
def test_a_record_cannot_be_changed_once_made(record):
    name = msgspec.structs.fields(record)[0].name
    with pytest.raises(AttributeError):
        setattr(record, name, None)


@pytest.mark.parametrize("record", FROZEN, ids=lambda r: type(r).__name__)
def test_a_record_sent_to_another_process_comes_back_equal_and_of_its_kind(record):
    back = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == record and type(back) is type(record)
    assert repr(back) == repr(record)


def test_records_are_equal_by_kind_and_fields_never_by_shape():
    assert Problem("a.yaml", 1, "f", "x") == Problem("a.yaml", 1, "f", "x")
    assert Problem("a.yaml", 1, "f", "x") != Problem("a.yaml", 2, "f", "x")
    # "all of (a = 1)" and "any of (a = 1)" hold the same items but are not the same condition
    assert All((Cmp("a", "eq", 1),)) != Any_((Cmp("a", "eq", 1),))
    assert Msg("a", "b") != ("a", "b")


def test_the_same_problem_found_twice_is_one_set_member_and_one_key():
    one = Problem("a.yaml", 3, "court", M("不明な裁判所です", "unknown court"))
    again = Problem("a.yaml", 3, "court", M("不明な裁判所です", "unknown court"))
    assert len({one, again}) == 1 and {one: 1}[again] == 1
    assert parse({"all": [{"a": 1}, {"b": {"ge": 2}}]}) == parse({"all": [{"a": 1}, {"b": {"ge": 2}}]})
    assert hash(parse({"not": {"a": 1}})) == hash(parse({"not": {"a": 1}}))


def test_a_record_shows_its_fields_by_name_for_whoever_debugs_it():
    assert repr(Cmp("a", "eq", 1)) == "Cmp(name='a', op='eq', operand=1)"
    assert repr(Msg("あ", "a")) == "Msg(ja='あ', en='a')"


def test_every_procedure_is_a_frozen_record_with_its_own_tables():
    procedures = list(registry().values())
    assert procedures and all(isinstance(p, msgspec.Struct) for p in procedures)
    with pytest.raises(AttributeError):
        procedures[0].order = 0
    # each gets its own dictionaries (default_factory), never one shared between procedures
    assert len({id(p.labels) for p in procedures}) == len(procedures)
