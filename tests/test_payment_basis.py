"""``payment_basis: aggregate`` gives back the results the product gave before the per-creditor plan.

An office that switches its copy of rules/ to ``aggregate`` must see exactly the old figures, so
that it can replay its library under both bases and see which cases the per-creditor plan
changes. ``tests/fixtures/aggregate_basis/golden.json`` holds the decisions of the code before
issue 10 (commit 856660d) for the whole scenario library of the time and 200 seeded
multi-creditor cases; see ``aggregate_golden.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tsumitate.evaluate import Evaluator
from tsumitate.model.case import Case
from tsumitate.rulebook.load import load_rulebook

from aggregate_golden import decisions
from conftest import FIXTURES, ROOT, SCENARIOS

GOLDEN = json.loads((FIXTURES / "aggregate_basis" / "golden.json").read_text(encoding="utf-8"))["results"]
BASE = ROOT / "rules" / "voluntary_arrangement" / "base.yaml"


def _without_rule_ids(d: dict) -> dict:
    """Reasons compared by code and figures: which rule id says it is the rule book's own business."""
    out = json.loads(json.dumps(d))
    for key in ("advice", "warnings"):
        out[key] = [r[1:] for r in out[key]]
    for key, at in (("feasibility", 3), ("deposit", 5), ("test", 1), ("refund", 2)):
        out[key][at] = [r[1:] for r in out[key][at]]
    return out


@pytest.fixture(scope="module")
def aggregate_rules(tmp_path_factory) -> Path:
    """A copy of the shipped rules/ with one line changed: payment_basis per_creditor -> aggregate."""
    copy = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(ROOT / "rules", copy)
    lines = BASE.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "payment_basis:")
    at = next(i for i in range(start, len(lines)) if re.fullmatch(r"\s+(- )?value: per_creditor\n", lines[i]))
    lines[at] = lines[at].replace("per_creditor", "aggregate")
    (copy / "voluntary_arrangement" / "base.yaml").write_text("".join(lines), encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def aggregate(aggregate_rules) -> Evaluator:
    return Evaluator(load_rulebook(aggregate_rules))


def test_the_golden_file_covers_the_library_and_many_multi_creditor_cases():
    assert sum(1 for k in GOLDEN if k.startswith("scenarios/")) >= 45
    multi = [v for k, v in GOLDEN.items() if k.startswith("generated::") and len(v["case"]["debts"]) >= 3]
    assert len(multi) >= 100


def test_under_the_aggregate_basis_every_case_decides_exactly_as_before_the_per_creditor_plan(aggregate):
    changed = []
    for key, entry in GOLDEN.items():
        now = decisions(aggregate.evaluate(Case.model_validate(entry["case"])))
        if _without_rule_ids(now) != _without_rule_ids(entry["decisions"]):
            changed.append(f"{key}\n  before: {entry['decisions']}\n  now:    {now}")
    assert not changed, f"{len(changed)} case(s) changed under payment_basis: aggregate:\n" + "\n".join(changed[:5])


def test_the_per_creditor_basis_changes_some_of_the_multi_creditor_cases(evaluator):
    """Otherwise the comparison above would prove nothing: the seeded cases do tell the bases apart."""
    changed = sum(1 for key, entry in GOLDEN.items() if key.startswith("generated::")
                  and _without_rule_ids(decisions(evaluator.evaluate(Case.model_validate(entry["case"]))))
                  != _without_rule_ids(entry["decisions"]))
    assert changed >= 20


def test_one_creditor_without_terms_decides_the_same_under_both_bases(evaluator, aggregate):
    single = [e["case"] for e in GOLDEN.values() if len(e["case"]["debts"]) == 1]
    assert len(single) >= 40
    for case in single:
        a = decisions(aggregate.evaluate(Case.model_validate(case)))
        b = decisions(evaluator.evaluate(Case.model_validate(case)))
        assert _without_rule_ids(a) == _without_rule_ids(b), case["case_id"]


def _replay(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tsumitate_cli.main", "replay", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_the_articles_table_replays_exactly_under_the_aggregate_basis(aggregate_rules):
    done = _replay("--rules", str(aggregate_rules), str(SCENARIOS / "voluntary_arrangement" / "article_table"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "14 passed, 0 failed" in done.stdout


def test_the_articles_table_replays_exactly_per_creditor_with_its_one_creditor():
    done = _replay(str(SCENARIOS / "voluntary_arrangement" / "article_table"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_under_the_aggregate_basis_three_creditors_pay_the_one_line_estimate(aggregate):
    # 216,108 / 36 = 6,003 → 6,100 (per creditor it is 6,300: scenarios/voluntary_arrangement/per_creditor/rounding_adds_200.yaml)
    case = Case.model_validate({
        "case_id": "x", "as_of": "2026-11-25", "procedure": "voluntary_arrangement", "court": "tokyo",
        "household": {"monthly_income": 230000, "monthly_expenses": 220000, "annual_irregular_expenses": 12000},
        "debts": [{"creditor": "A社", "amount": 108036}, {"creditor": "B社", "amount": 72036}, {"creditor": "C社", "amount": 36036}]})
    result = aggregate.evaluate(case)
    assert result["deposit"]["monthly"] == 6100
    assert result["plan"] == {"basis": "aggregate", "creditors": [
        {"creditor": "A社", "settled": 108036, "installments": 36, "monthly": None},
        {"creditor": "B社", "settled": 72036, "installments": 36, "monthly": None},
        {"creditor": "C社", "settled": 36036, "installments": 36, "monthly": None}]}
    assert "per_creditor_above_estimate" not in [r["code"] for r in result["deposit"]["reasons"]]


TERMS_CASE = {
    "case_id": "各社の条件", "as_of": "2026-11-25", "procedure": "voluntary_arrangement",
    "household": {"monthly_income": 300000, "monthly_expenses": 200000, "annual_irregular_expenses": 0},
    "debts": [
        {"creditor": "A社", "amount": 600000, "kind": "consumer_finance", "max_installments": 24},
        {"creditor": "B社", "amount": 300000, "kind": "credit_card", "accrued_interest": 12000},
        {"creditor": "C社", "amount": 200000, "kind": "credit_card"},
        {"creditor": "D社", "amount": 100000, "kind": "bank_loan", "include": False, "min_monthly": 10000},
    ],
}


def _terms_warnings(result: dict) -> list[dict]:
    return [w for w in result["warnings"] if w["code"] == "creditor_terms_not_applied"]


def test_under_the_aggregate_basis_the_creditors_whose_terms_are_not_applied_are_named(aggregate):
    # A社 has its own installment limit and B社 wants accrued interest; C社 has no terms, and D社
    # is left out of the settlement, so its minimum does not matter either way
    warnings = _terms_warnings(aggregate.evaluate(Case.model_validate(TERMS_CASE)))
    assert [w["ja"] for w in warnings] == [
        "月額は債務総額を回数で割る一括試算（payment_basis: aggregate）のため、A社、B社の条件（経過利息・回数上限・最低月額・将来利息）"
        "は反映していません。実際の和解案はこれらの条件で月額が増えることがあります。"]
    assert "A社、B社" in warnings[0]["en"] and "not applied" in warnings[0]["en"]
    assert warnings[0]["rule"] == "va.deposit.creditor_terms_not_applied"  # test_rule_coverage counts on this


@pytest.mark.parametrize("terms", [{"max_installments": 24}, {"min_monthly": 5000}, {"accrued_interest": 1},
                                   {"future_interest_rate": "0.01"}])
def test_each_kind_of_creditor_term_is_warned_about_under_the_aggregate_basis(aggregate, terms):
    case = dict(TERMS_CASE, debts=[dict({"creditor": "E社", "amount": 500000}, **terms)])
    assert len(_terms_warnings(aggregate.evaluate(Case.model_validate(case)))) == 1


def test_the_per_creditor_basis_applies_the_terms_and_does_not_warn(evaluator):
    assert _terms_warnings(evaluator.evaluate(Case.model_validate(TERMS_CASE))) == []


def test_without_creditor_terms_the_aggregate_basis_does_not_warn(aggregate):
    case = dict(TERMS_CASE, debts=[{"creditor": "C社", "amount": 200000}])
    assert _terms_warnings(aggregate.evaluate(Case.model_validate(case))) == []
