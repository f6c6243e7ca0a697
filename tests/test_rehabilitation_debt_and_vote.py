"""個人再生 as courts run it: U with secured shortfalls, the small-scale vote, court figures with their sources.

Expected figures are worked out by hand from domain.md section 2 (arithmetic in each docstring);
the property test restates the statute's thresholds (民事再生法230条6項) independently of the code.
"""

from __future__ import annotations

import datetime as dt

import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tsumitate.model.case import Case
from tsumitate.rulebook.schema import Parameter
from tsumitate_cli.main import cli


def rehab_case(debts, **over) -> Case:
    data = {
        "case_id": "t", "as_of": "2026-11-25", "procedure": "individual_rehabilitation", "court": "default",
        "household": {"monthly_income": 400000, "monthly_expenses": 250000, "annual_irregular_expenses": 60000},
        "debts": debts,
    }
    data.update(over)
    return Case.model_validate(data)


def test_a_car_loan_counts_for_what_the_car_does_not_cover(evaluator):
    """1,800,000 − 600,000 = 1,200,000 joins A社's 4,000,000: U 5,200,000 → ceil(5,200,000 / 5) = 1,040,000."""
    r = evaluator.evaluate(rehab_case([
        {"creditor": "A社", "amount": 4000000},
        {"creditor": "Bオート", "amount": 1800000, "secured": True, "collateral_value": 600000},
    ]))
    assert r["minimum_repayment"] == 1040000


def test_a_car_worth_more_than_its_loan_adds_nothing(evaluator):
    """max(0, 500,000 − 700,000) = 0: U stays 3,000,000 → 1,000,000, and no warning asks for the value."""
    r = evaluator.evaluate(rehab_case([
        {"creditor": "A社", "amount": 3000000, "vote": "consents"},
        {"creditor": "Bオート", "amount": 500000, "secured": True, "collateral_value": 700000},
    ]))
    assert r["minimum_repayment"] == 1000000
    assert "collateral_value_missing" not in [w["code"] for w in r["warnings"]]
    assert r["vote"]["creditors"] == 1  # Bオート has no share of U, so it does not vote


def test_the_housing_lender_under_the_special_clause_has_no_vote(evaluator):
    """民事再生法201条1項: 25,000,000 of housing loan, no share of U → A社 alone votes (3,000,000)."""
    r = evaluator.evaluate(rehab_case([
        {"creditor": "A社", "amount": 3000000},
        {"creditor": "C銀行", "amount": 25000000, "kind": "housing_loan"},
    ]))
    assert r["vote"]["creditors"] == 1 and r["vote"]["amount_total"] == 3000000


def test_a_creditor_with_two_debts_votes_once_with_their_sum(evaluator):
    """A社 1,000,000 + 500,000 (one objects) = one objecting creditor of 1,500,000; B社 and C社 consent.

    Creditors 3: 1 < ceil(3/2) = 2; amount 1,500,000 of 3,500,000 is not more than half (1,750,001)."""
    r = evaluator.evaluate(rehab_case([
        {"creditor": "A社", "amount": 1000000},
        {"creditor": "A社", "amount": 500000, "vote": "objects"},
        {"creditor": "B社", "amount": 1000000, "vote": "consents"},
        {"creditor": "C社", "amount": 1000000, "vote": "consents"},
    ]))
    assert r["vote"] == {"status": "presumed_accepted", "creditors": 3, "objecting": 1,
                         "amount_total": 3500000, "amount_objecting": 1500000}


@given(st.lists(st.tuples(st.integers(1, 3_000_000), st.sampled_from(["objects", "consents"])), min_size=1, max_size=7))
def test_the_plan_is_rejected_exactly_when_objectors_are_half_by_number_or_more_than_half_by_amount(evaluator, rows):
    """230条6項: deemed accepted unless objecting creditors are half or more of the voters, or hold more than half the amount."""
    debts = [{"creditor": f"C{i}", "amount": amount, "vote": vote} for i, (amount, vote) in enumerate(rows)]
    r = evaluator.evaluate(rehab_case(debts))
    objecting = [a for a, v in rows if v == "objects"]
    total = sum(a for a, _ in rows)
    rejected = 2 * len(objecting) >= len(rows) or 2 * sum(objecting) > total
    assert (r["vote"]["status"] == "rejected") == rejected
    if rejected:
        assert r["feasibility"]["status"] == "infeasible"


def test_a_court_value_with_no_known_start_applies_to_any_date():
    p = Parameter.model_validate({"description": "x", "values": [
        {"value": 100, "source": "court page", "url": "https://example.invalid", "checked": "2026-11-26"},
        {"since": "2027-04-01", "value": 120, "source": "notice"},
    ]})
    assert p.in_force(dt.date(1990, 1, 1)).value == 100
    assert p.in_force(dt.date(2027, 3, 31)).value == 100
    assert p.in_force(dt.date(2027, 4, 1)).value == 120


def test_explain_names_the_source_url_and_check_date_of_sapporos_fee(tmp_path):
    """Sapporo, self-filed: the fee 300,000 comes from the court's own Q&A page, read 2026-11-26."""
    data = {"case_id": "札幌", "as_of": "2026-11-25", "procedure": "individual_rehabilitation", "court": "sapporo",
            "representation": "self",
            "household": {"monthly_income": 300000, "monthly_expenses": 250000},
            "debts": [{"creditor": "A社", "amount": 3000000}]}
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = CliRunner().invoke(cli, ["explain", str(path)]).output
    line = next(x for x in out.splitlines() if "commissioner_fee_without_lawyer = 300,000" in x)
    assert "始期の定めなし" in line
    assert "http://www.courts.go.jp/sapporo/saiban/tetuzuki_tisai/kozin_saisei_tetuzuki/index.html" in line
    assert "確認日 2026-11-26" in line


def test_rules_show_lists_each_regions_fee_with_its_source_and_check_date():
    out = CliRunner().invoke(cli, ["rules", "show", "ir.fee.without_lawyer", "--lang", "en"]).output
    assert "commissioner_fee_without_lawyer [sapporo]" in out
    sapporo = out[out.index("commissioner_fee_without_lawyer [sapporo]"):]
    first = sapporo.splitlines()[1]
    assert first.strip().startswith("= 300,000")
    assert "courts.go.jp/sapporo" in first and "checked 2026-11-26" in first
    yokohama = out[out.index("commissioner_fee_without_lawyer [yokohama]"):].splitlines()[1]
    assert "180,000" in yokohama and "[unverified]" in yokohama


def test_the_text_summary_shows_the_vote_with_its_counts(tmp_path):
    """A銀行 2,000,000 of 3,000,000 objects: one objector of three, more than half the amount → 否決."""
    data = {"case_id": "否決", "as_of": "2026-11-25", "procedure": "individual_rehabilitation", "court": "default",
            "household": {"monthly_income": 300000, "monthly_expenses": 250000},
            "debts": [{"creditor": "A銀行", "amount": 2000000, "vote": "objects"},
                      {"creditor": "B社", "amount": 1000000}]}
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    ja = CliRunner().invoke(cli, ["evaluate", str(path)]).output
    assert "書面決議: 否決（不同意 1/2人、2,000,000円/3,000,000円）" in ja
    en = CliRunner().invoke(cli, ["evaluate", "--lang", "en", str(path)]).output
    assert "Creditors' vote: rejected (objecting 1 of 2" in en
