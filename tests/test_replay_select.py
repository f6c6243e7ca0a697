"""replay -k and --tag: an office runs the part of its library a change concerns."""

from __future__ import annotations

import json

import pytest

from replay_support import SUITE, last_line, run
from tsumitate.scenarios.select import ExpressionError, parse_keyword


def _names(*args: str) -> list[str]:
    r = run("replay", str(SUITE), "--format", "json", "--workers", "1", *args)
    assert r.exit_code == 0, r.output
    return [o["name"] for o in map(json.loads, r.stdout.splitlines()) if o["type"] == "scenario"]


def test_k_keeps_the_scenarios_whose_name_contains_the_word():
    assert _names("-k", "東京") == ["東京・弁護士あり 3万円×6か月 — 18万円から15万円を引いて3万円が戻る",
                                   "東京・本人申立て 3万円×6か月 — 25万円に届かず戻りは0円"]


def test_k_with_not_and_or_combines_words_like_pytest():
    assert _names("-k", "東京 and not 本人") == ["東京・弁護士あり 3万円×6か月 — 18万円から15万円を引いて3万円が戻る"]
    assert len(_names("-k", "大阪 or 任意整理")) == 2
    assert len(_names("-k", "not (大阪 or 東京)")) == 2  # 債務のない案件, 任意整理


def test_k_is_case_insensitive_and_takes_quoted_phrases():
    assert parse_keyword("OSAKA")("大阪 osaka 事務所") and not parse_keyword("OSAKA")("大阪")
    assert len(_names("-k", '"3万円×6か月 — 18万円"')) == 1


def test_a_k_expression_that_cannot_be_read_is_a_usage_error():
    r = run("replay", str(SUITE), "-k", "東京 and")
    assert r.exit_code == 2 and "expected a word" in r.output


def test_a_k_expression_that_cannot_be_read_is_said_in_japanese_by_default():
    r = run("replay", str(SUITE), "-k", "東京 and", "--lang", "ja")
    assert r.exit_code == 2 and r.output == "-k: -k '東京 and': 語が要るところに式の終わりがあります\n"


def test_tag_keeps_scenarios_carrying_any_of_the_tags():
    assert len(_names("--tag", "refund")) == 2
    assert len(_names("--tag", "osaka", "--tag", "worked_example")) == 2
    # (a tag nobody carries: exit 2 with a message, tests/test_walk_and_select_limits.py)


def test_tag_and_k_together_must_both_hold():
    assert _names("--tag", "refund", "-k", "本人") == ["東京・本人申立て 3万円×6か月 — 25万円に届かず戻りは0円"]


def test_filtered_out_scenarios_are_not_counted():
    r = run("replay", str(SUITE), "--tag", "osaka")
    assert last_line(r.stdout) == "1 passed, 0 failed"


@pytest.mark.parametrize("expr,name,expected", [
    ("a", "xAy", True), ("a and b", "ab", True), ("a and b", "a", False), ("not a", "b", True),
    ("a or b and c", "a", True), ("(a or b) and c", "a", False), ("not not a", "a", True),
])
def test_keyword_expressions_follow_boolean_precedence(expr, name, expected):
    assert parse_keyword(expr)(name.casefold()) is expected


@pytest.mark.parametrize("expr", ["", "and", "a or", "(a", "a)", "not"])
def test_incomplete_keyword_expressions_are_refused(expr):
    with pytest.raises(ExpressionError):
        parse_keyword(expr)
