"""`tsumitate explain`: every fired rule in order, the numbers it saw, its parameters and statutes.

Expected numbers are worked out by hand from domain.md in each test's docstring.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from tsumitate_cli.main import cli


def case_file(tmp_path: Path, name: str = "case.yaml", **over) -> str:
    data = {
        "case_id": "t", "as_of": "2026-11-25", "procedure": "voluntary_arrangement", "court": "tokyo",
        "household": {"monthly_income": 250000, "monthly_expenses": 220000, "annual_irregular_expenses": 36000},
        "debts": [{"creditor": "A社", "amount": 300000, "kind": "consumer_finance"}],
    }
    for key, value in over.items():
        data[key] = value
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_capacity_is_shown_with_its_derivation_from_income_expenses_and_irregular_costs(tmp_path):
    """250,000 − 220,000 − ceil(36,000 / 12) = 27,000."""
    path = case_file(tmp_path)
    code, out = run("explain", path)
    assert code == 0, out
    assert "返済余力 27,000 = 収入 250,000 − 生活費 220,000 − ceil(36,000/12)" in out
    code, out = run("explain", "--lang", "en", path)
    assert "capacity 27,000 = income 250,000 − expenses 220,000 − ceil(36,000/12)" in out


def test_the_installment_count_explains_why_fewer_installments_did_not_fit(tmp_path):
    """D 300,000, capacity 200,000 − 192,000 = 8,000: 36 → 8,400 and 37 → 8,200 exceed it; 38 → 7,900 fits."""
    path = case_file(tmp_path, household={"monthly_income": 200000, "monthly_expenses": 192000, "annual_irregular_expenses": 12})
    # ceil(12/12) = 1: capacity 7,999 — still between 7,900 and 8,200
    code, out = run("explain", path)
    assert code == 0, out
    assert "36回では月8,400円、余力7,999円のため不可" in out
    assert "37回でも月8,200円で不可" in out
    assert "38回で月7,900円 ≤ 7,999" in out
    assert "va.advice.longer_installments" in out


def test_a_rule_passed_over_in_its_group_says_which_comparison_failed(tmp_path):
    """D 300,000, capacity 4,000: 60 installments cost 5,000 > 4,000, so the standard rule fails;
    the fewest n in 61-84 with ceil_to(300,000/n, 100) ≤ 4,000 is 75 (300,000 / 75 = 4,000)."""
    path = case_file(tmp_path, household={"monthly_income": 200000, "monthly_expenses": 196000})
    code, out = run("explain", path)
    assert code == 0, out
    assert "× va.feasibility.standard" in out
    assert "60回でも月5,000円、余力4,000円のため不可" in out
    assert "fewest_standard = null のため「fewest_standard ≠ null」を満たさない" in out
    assert "feasibility.status = needs_second_opinion, feasibility.installments = 75" in out


def test_every_fired_rule_is_shown_in_firing_order_with_its_source_line(tmp_path):
    path = case_file(tmp_path, procedure="auto", representation="lawyer")
    code, out = run("evaluate", "--format", "json", path)
    result = json.loads(out)
    # auto: the top-level list is the recommended procedure's rules, then the screening's
    evaluations = result["evaluations"]
    recommended = next((e for e in evaluations if e["procedure"] == result["recommendation"]), evaluations[-1])
    own = recommended["fired_rules"]
    assert result["fired_rules"][: len(own)] == own
    fired = [r for e in evaluations for r in e["fired_rules"]] + result["fired_rules"][len(own):]
    code, out = run("explain", "--format", "json", path)
    assert code == 0
    ex = json.loads(out)
    shown = [s["rule"] for p in ex["procedures"] for s in p["steps"] if s["rule"]]
    assert shown == fired
    assert all(s["file"].endswith(".yaml") and s["line"] for p in ex["procedures"] for s in p["steps"] if s["rule"])


def test_the_collection_stop_advice_quotes_the_money_lending_business_act(tmp_path):
    path = case_file(tmp_path, representation="lawyer")
    code, out = run("explain", "--format", "json", path)
    step = next(s for p in json.loads(out)["procedures"] for s in p["steps"] if s["rule"] == "va.advice.collection_stops")
    assert step["cite"] == "貸金業法21条1項9号"
    assert [st["ref"] for st in step["statutes"]] == ["貸金業法21条1項9号"]
    assert "書面によりその旨の通知" in step["statutes"][0]["text"]


def test_a_quoted_statute_names_the_copy_its_wording_was_compared_with(tmp_path):
    """A lawyer who quotes 貸金業法21条1項9号 from the memo can open the copy it was checked against, and sees the day."""
    path = case_file(tmp_path, representation="lawyer")
    code, out = run("explain", "--format", "json", path)
    step = next(s for p in json.loads(out)["procedures"] for s in p["steps"] if s["rule"] == "va.advice.collection_stops")
    quoted = step["statutes"][0]
    assert quoted["verified"] is True and quoted["url"].startswith("https://") and quoted["checked"] == "2026-11-26"
    assert "弁護士・外国法事務弁護士共同法人" in quoted["text"]  # the current wording, not the one remembered
    code, text = run("explain", path)
    assert f"文言を照合した写し: {quoted['url']}（確認日 2026-11-26）" in text


def test_tokyo_rehabilitation_shows_the_commissioners_fee_with_its_date_and_source(tmp_path):
    """Tokyo with a lawyer: fee 150,000 (court practice: no known start, its source read 2026-11-26); the commissioner cites 223条."""
    path = case_file(tmp_path, procedure="individual_rehabilitation", representation="lawyer",
                     debts=[{"creditor": "A社", "amount": 3000000}])
    code, out = run("explain", "--format", "json", path)
    steps = {s["rule"]: s for p in json.loads(out)["procedures"] for s in p["steps"] if s["rule"]}
    fee = steps["ir.fee.with_lawyer"]
    assert fee["parameters"][0]["name"] == "commissioner_fee_with_lawyer"
    assert fee["parameters"][0]["value"] == 150000 and fee["parameters"][0]["since"] is None
    assert fee["parameters"][0]["checked"] == "2026-11-26" and fee["parameters"][0]["url"].startswith("https://")
    assert "東京地裁" in fee["parameters"][0]["source"]
    appointed = steps["ir.commissioner.always"]
    assert appointed["statutes"][0]["ref"] == "民事再生法223条1項"
    totals = steps["ir.plan.totals"]
    derivations = {f["name"]: f["derivation"] for f in totals["facts"]}
    # U 3,000,000 is in the 1,000,000 – 5,000,000 bracket: minimum 1,000,000 (民事再生法231条2項4号)
    assert "U 3,000,000 ≤ 5,000,000" in derivations["minimum_repayment"] and "1,000,000" in derivations["minimum_repayment"]
    assert [st["ref"] for st in totals["statutes"]][:2] == ["民事再生法231条2項3号", "民事再生法231条2項4号"]


def test_markdown_output_is_a_memo_with_quoted_statutes(tmp_path):
    path = case_file(tmp_path, representation="lawyer")
    code, out = run("explain", "--format", "markdown", path)
    assert code == 0
    assert out.startswith("## 判定の根拠: t")
    assert "     > **貸金業法21条1項9号**" in out


def test_a_bad_case_file_is_one_line_and_exit_2_while_good_files_are_still_explained(tmp_path):
    good = case_file(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("case_id: x\nprocedure: voluntary_arrangement\ncourt: tokyo\nhousehold: {monthly_income: 1}\n"
                   "debts: [{creditor: A, amount: 1}]\nsurprise: 1\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tsumitate_cli.main", "explain", str(bad), good],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[0].startswith(f"{bad}:6: surprise:")
    assert "Traceback" not in proc.stderr
    assert "返済余力 27,000" in proc.stdout


SCRIVENER = Path(__file__).resolve().parent.parent / "scenarios" / "voluntary_arrangement" / "per_creditor"


def _scenario_case(tmp_path: Path, index: int) -> str:
    """The case of one scenario of scrivener_limit_on_stated_amount.yaml, as its own case file."""
    doc = yaml.safe_load((SCRIVENER / "scrivener_limit_on_stated_amount.yaml").read_text(encoding="utf-8"))
    path = tmp_path / f"case{index}.yaml"
    path.write_text(yaml.safe_dump(doc["scenarios"][index]["case"], allow_unicode=True), encoding="utf-8")
    return str(path)


def test_the_scrivener_limit_is_explained_on_the_stated_amount_with_the_recalculated_one_beside(tmp_path):
    _, out = run("explain", _scenario_case(tmp_path, 0))
    assert "債権者の主張額と上限を債権ごとに比べる: A社 主張額 1,410,000（引き直し後 1,318,493 ではなく）> 1,400,000" in out


def test_an_overpayment_claim_is_explained_by_its_principal_without_the_interest(tmp_path):
    _, out = run("explain", "--lang", "en", _scenario_case(tmp_path, 3))
    assert "A社 overpaid principal 1,448,357 > 1,400,000 (interest 72,577 not counted)" in out
