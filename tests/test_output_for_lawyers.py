"""Output a lawyer can hand over: no instruction for a plan that will not happen, names not codes, office formats."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from tsumitate.output.formats import Style, wareki
from tsumitate_cli.main import cli

BASE = """\
case_id: {case_id}
as_of: 2026-11-25
procedure: {procedure}
court: {court}
household: {{monthly_income: {income}, monthly_expenses: 200000, annual_irregular_expenses: 0}}
debts:
  - {{creditor: A社, amount: {amount}, kind: consumer_finance}}
"""


def case(tmp_path, name="c", procedure="voluntary_arrangement", court="tokyo", income=190000, amount=300000, extra=""):
    path = tmp_path / f"{name}.yaml"
    path.write_text(BASE.format(case_id=name, procedure=procedure, court=court, income=income, amount=amount) + extra,
                    encoding="utf-8")
    return path


def run(*args):
    res = CliRunner().invoke(cli, list(map(str, args)))
    return res


def test_an_infeasible_voluntary_arrangement_marks_its_deposit_as_a_reference_figure_in_text_markdown_and_html(tmp_path):
    # capacity 190,000 - 200,000 = -10,000 a month: no installment count fits, 困難
    path = case(tmp_path)
    text = run("evaluate", path).stdout
    assert "見通し: 困難" in text
    assert "積立金（参考）: 月" in text and "※ 見通しが「困難」のため、この積立は行いません" in text
    assert "\n積立金: " not in text
    md = run("explain", "--format", "markdown", path).stdout
    assert "積立金（月額）（参考）" in md
    out = tmp_path / "r.html"
    run("report", path, "-o", out)
    html = out.read_text(encoding="utf-8")
    assert "積立の予定（参考）" in html or "（参考）</h3>" in html
    assert "積立目標" not in html


def test_auto_shows_the_warnings_of_every_procedure_it_weighed_once_each(tmp_path):
    # A 1,000,000-yen tax debt and a family that does not know: warnings raised while weighing 任意整理
    path = case(tmp_path, procedure="auto", income=210000, amount=3000000,
                extra="  - {creditor: 税務署, amount: 1000000, kind: tax}\n").read_text(encoding="utf-8")
    path = path.replace("annual_irregular_expenses: 0}", "annual_irregular_expenses: 0, family_informed: false}")
    p = tmp_path / "auto.yaml"
    p.write_text(path, encoding="utf-8")
    result = json.loads(run("evaluate", "--format", "json", p).stdout)
    text = run("evaluate", p).stdout
    every = [w["ja"] for ev in result["evaluations"] for w in ev["warnings"]] + [w["ja"] for w in result["warnings"]]
    assert every, "the case raises warnings"
    for w in set(every):
        assert text.count(w) == 1, w


@pytest.mark.parametrize("court, region, name", [
    ("東京地方裁判所立川支部", "tokyo", "東京地方裁判所立川支部"),
    ("東京地裁立川支部", "tokyo", "東京地裁立川支部"),
    ("大阪地裁堺支部", "osaka", "大阪地裁堺支部"),
    ("大阪地方裁判所岸和田支部", "osaka", "大阪地方裁判所岸和田支部"),
])
def test_a_branch_court_as_lawyers_write_it_follows_its_district_courts_practice(tmp_path, court, region, name):
    path = case(tmp_path, procedure="individual_rehabilitation", court=court, income=300000, amount=3000000)
    res = run("evaluate", "--format", "json", path)
    assert res.exit_code == 0, res.stderr
    result = json.loads(res.stdout)
    assert (result["region"], result["court_name"]["ja"]) == (region, name)


def test_a_branch_not_listed_in_courts_yaml_is_an_unknown_court_not_guessed(tmp_path):
    path = case(tmp_path, court="東京地裁八王子支部")
    res = run("evaluate", path)
    assert res.exit_code == 2 and "court: 不明な裁判所・地域 '東京地裁八王子支部'" in res.stderr


def test_the_summary_names_the_court_and_its_practice_not_their_ids(tmp_path):
    text = run("evaluate", case(tmp_path)).stdout
    assert "裁判所: 東京地方裁判所 / 運用: 東京地裁の運用" in text
    assert "tokyo" not in text


def test_a_voluntary_arrangement_reports_its_deposits_not_a_performance_test(tmp_path):
    text = run("evaluate", case(tmp_path, income=260000)).stdout
    assert "積立の状況: " in text and "履行テスト:" not in text.split("積立の状況")[1].splitlines()[0]


def test_explain_names_rule_files_from_the_rules_directory_not_site_packages(tmp_path):
    text = run("explain", case(tmp_path, income=260000)).stdout
    assert "(rules/voluntary_arrangement/base.yaml:" in text
    assert "site-packages" not in text and "/rules/" not in text


def test_wareki_dates_as_offices_write_them():
    assert wareki(dt.date(2025, 7, 15)) == "令和7年7月15日"
    assert wareki(dt.date(2019, 5, 1)) == "令和元年5月1日"
    assert wareki(dt.date(2019, 4, 30)) == "平成31年4月30日"
    assert wareki(dt.date(1989, 1, 8)) == "平成元年1月8日"


def test_man_yen_keeps_the_exact_yen_beside_the_rounded_figure():
    man = Style(amounts="man")
    assert man.yen(1_834_000, "ja") == "約183万円（1,834,000円）"
    assert man.yen(1_000_000, "ja") == "100万円（1,000,000円）"
    assert man.yen(27_778, "ja") == "27,778円"  # a monthly figure stays exact


def test_evaluate_takes_the_office_formats_as_options(tmp_path):
    text = run("evaluate", "--dates", "wareki", "--amounts", "man", case(tmp_path, income=260000, amount=1834000)).stdout
    assert "基準日: 令和8年11月25日" in text


def test_explain_writes_its_summary_and_plan_in_the_office_formats_and_keeps_the_steps_exact(tmp_path):
    path = case(tmp_path, income=260000, amount=1834000)
    text = run("explain", "--amounts", "man", path).stdout
    # the creditor's settled amount in the plan table, and the capacity in the summary line (under 10万円: exact)
    assert "約183万円（1,834,000円）" in text and "返済余力 60,000円" in text
    # the steps are the arithmetic: exact yen (the feasibility reason quotes D as it is)
    assert "債務1,834,000円を" in text and "債務約183万円" not in text
    memo = run("explain", "--format", "markdown", "--dates", "wareki", path).stdout
    assert "基準日 令和8年11月25日" in memo
    plain = run("explain", path).stdout
    assert "万円（" not in plain and "基準日 2026-11-25" in run("explain", "--format", "markdown", path).stdout


def test_explain_json_is_data_and_takes_no_office_format(tmp_path):
    path = case(tmp_path, amount=1834000)
    assert run("explain", "--format", "json", "--amounts", "man", path).stdout == run("explain", "--format", "json", path).stdout


def test_the_report_writes_its_summary_and_plan_in_the_office_formats(tmp_path):
    path = case(tmp_path, income=260000, amount=1834000,
                extra="deposits:\n  - {month: 2026-10, due: 51000, paid: 51000, due_date: 2026-10-27, paid_date: 2026-10-25}\n")
    out = tmp_path / "r.html"
    assert run("report", path, "-o", out, "--dates", "wareki", "--amounts", "man").exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "基準日: 令和8年11月25日" in page and "約183万円（1,834,000円）" in page
    assert "<td>令和8年10月27日</td><td>令和8年10月25日</td>" in page  # the ledger's due and paid dates
    assert run("report", path, "-o", out).exit_code == 0
    assert "令和" not in out.read_text(encoding="utf-8").split("<h3>")[1]  # the default stays ISO
