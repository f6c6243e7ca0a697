"""自己破産 where only part of a court's 振り分け基準 is published (横浜, 千葉: the cash line).

The track is decided only on lines the court has published: one line a case crosses is enough
for 管財, but 同時廃止 needs every line the case could cross, real estate's overloan line
included. The shipped rules have no court with both asset lines and no overloan line, so a copy
of the rules gives Yokohama a (made-up) assets line to show what would happen then.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from tsumitate.evaluate import Evaluator
from tsumitate.model.case import Case
from tsumitate.rulebook.load import load_rulebook


def _case(**assets) -> Case:
    return Case.model_validate({
        "case_id": "横浜-一部の基準", "as_of": "2026-11-26", "procedure": "bankruptcy", "court": "yokohama",
        "representation": "lawyer",
        "household": {"monthly_income": 200000, "monthly_expenses": 170000, "annual_irregular_expenses": 120000},
        "assets": assets, "debts": [{"creditor": "A社", "amount": 2000000, "kind": "consumer_finance"}]})


@pytest.fixture(scope="module")
def yokohama_with_an_assets_line(tmp_path_factory) -> Evaluator:
    """The shipped rules, with Yokohama given an assets line of 200,000 yen and still no overloan line."""
    copy = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(ROOT / "rules", copy)
    region = copy / "bankruptcy" / "yokohama.yaml"
    text = region.read_text(encoding="utf-8")
    assert "asset_threshold:" not in text and "overloan_percent:" not in text
    text = text.replace("parameters:\n", "parameters:\n"
                        "  asset_threshold:\n"
                        "    description: 試験用の仮の値（公開資料ではない）\n"
                        "    unit: yen\n"
                        "    values:\n"
                        "      - {value: 200000, source: テストのための仮の値, verified: false, checked: 2026-11-26}\n", 1)
    Path(region).write_text(text, encoding="utf-8")
    return Evaluator(load_rulebook(copy))


def test_cash_over_yokohamas_published_line_is_an_administration_case_though_its_other_lines_are_unknown(evaluator):
    result = evaluator.evaluate(_case(cash=330000))
    assert result["bankruptcy"]["track"] == "administration"
    assert result["feasibility"]["reasons"][0]["rule"] == "bk.track.cash"


def test_cash_under_yokohamas_line_does_not_make_a_summary_case_while_the_other_lines_are_unknown(evaluator):
    result = evaluator.evaluate(_case(cash=329999))
    assert result["bankruptcy"]["track"] is None
    assert result["feasibility"]["reasons"][0]["rule"] == "bk.track.practice_unknown"


def test_a_house_with_equity_is_never_called_a_summary_case_where_the_court_publishes_no_overloan_line(yokohama_with_an_assets_line):
    house = _case(cash=10000, real_estate={"value": 10000000, "secured_balance": 1000000})
    result = yokohama_with_an_assets_line.evaluate(house)
    assert result["bankruptcy"]["track"] is None  # not "summary": the house may well need a trustee
    assert result["feasibility"]["reasons"][0]["rule"] == "bk.track.practice_unknown"


def test_without_real_estate_both_published_lines_are_enough_for_a_summary_case(yokohama_with_an_assets_line):
    result = yokohama_with_an_assets_line.evaluate(_case(cash=10000, deposits=199999))
    assert result["bankruptcy"]["track"] == "summary"
