"""Training mode through stdin, the HTML report (in a real headless Chromium), statute quotes, rules list/show."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tsumitate_cli.main import cli

ROOT = Path(__file__).resolve().parent.parent


def scenario(tmp_path: Path, name: str, case: dict, expect: dict) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"name": name, "case": case, "expect": expect}, allow_unicode=True), encoding="utf-8")
    return path


def va_case(case_id: str, income: int, expenses: int, debt: int) -> dict:
    return {"case_id": case_id, "as_of": "2026-11-25", "procedure": "voluntary_arrangement", "court": "tokyo",
            "household": {"monthly_income": income, "monthly_expenses": expenses, "annual_irregular_expenses": 0},
            "debts": [{"creditor": "A社", "amount": debt}]}


@pytest.fixture
def two_scenarios(tmp_path):
    # 300,000 over 36 = 8,400 ≤ capacity 10,000: feasible, 8,400, no ledger yet
    scenario(tmp_path, "a", va_case("a", 200000, 190000, 300000), {"feasibility.status": "feasible"})
    # 600,000: 36 → 16,700 ≤ 20,000: feasible, 16,700
    scenario(tmp_path, "b", va_case("b", 220000, 200000, 600000), {"feasibility.status": "feasible"})
    return tmp_path


def _asked(output: str) -> str:
    """Which scenario was asked: named only after the answers (出題したシナリオ: a)."""
    return re.findall(r"(?:出題したシナリオ|scenario asked): (\w)$", output, re.M)


def test_a_quiz_driven_through_stdin_scores_right_answers_and_shows_the_explanation(two_scenarios):
    runner = CliRunner()
    answers = {"a": "可能\n8,400円\n1\n\n", "b": "1\n16700\n未開始\n\n"}
    first = runner.invoke(cli, ["quiz", str(two_scenarios), "--seed", "7", "--count", "1"], input="1\n1\n1\n\n")
    (asked,) = _asked(first.output)
    result = runner.invoke(cli, ["quiz", str(two_scenarios), "--seed", "7", "--count", "1"], input=answers[asked])
    assert result.exit_code == 0, result.output
    assert "得点: 3/3 (100%)" in result.output and "全問正解です" in result.output
    assert "判定の根拠" in result.output and "va.feasibility.standard" in result.output


def test_wrong_answers_are_scored_with_the_right_answer_and_the_topics_missed(two_scenarios):
    result = CliRunner().invoke(cli, ["quiz", str(two_scenarios), "--seed", "3", "--count", "2", "--lang", "en"],
                                input="infeasible\n1\nfailed\ns\n" * 2)
    assert result.exit_code == 0, result.output
    assert "score: 0/6 (0%)" in result.output
    assert "wrong  feasibility: your answer infeasible / the answer feasible" in result.output
    assert "topics missed:" in result.output
    assert re.search(r"^  - monthly deposit \(yen\): Q1 \(\w\), Q2 \(\w\)$", result.output, re.M)
    assert "Why" not in result.output  # 's' skipped the explanations


def test_the_same_seed_asks_the_same_cases_in_the_same_order(two_scenarios):
    def order(seed):
        out = CliRunner().invoke(cli, ["quiz", str(two_scenarios), "--seed", str(seed), "--count", "2"],
                                 input="1\n0\n1\ns\n" * 2).output
        return _asked(out)

    assert order(11) == order(11)
    assert sorted(order(11)) == ["a", "b"]


def test_a_quiz_works_as_a_real_process_reading_stdin(two_scenarios):
    proc = subprocess.run([sys.executable, "-m", "tsumitate_cli.main", "quiz", str(two_scenarios), "--seed", "1", "--count", "2"],
                          input="可能\n8400\n未開始\n\n" * 2, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"得点: [1-6]/6", proc.stdout)


def report_case(tmp_path: Path) -> Path:
    """Tokyo, lawyer, U 3,000,000: minimum 1,000,000, 36 × 27,778 (ceil(1,000,000/36)); fee 150,000.
    Ledger: June late (notified), July short 20,000 of 27,778 (notified)."""
    data = {"case_id": "report-tokyo", "as_of": "2026-11-25", "procedure": "individual_rehabilitation", "court": "tokyo",
            "representation": "lawyer",
            "household": {"monthly_income": 300000, "monthly_expenses": 240000, "annual_irregular_expenses": 120000},
            "debts": [{"creditor": "A社", "amount": 3000000}],
            "deposits": [
                {"month": "2026-05", "due": 27778, "paid": 27778},
                {"month": "2026-06", "due": 27778, "paid": 27778, "due_date": "2026-06-27", "paid_date": "2026-06-30",
                 "notified_in_advance": True},
                {"month": "2026-07", "due": 27778, "paid": 20000, "notified_in_advance": True},
            ]}
    path = tmp_path / "tokyo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_report_is_one_self_contained_page_with_schedule_chart_ledger_and_explanation(tmp_path):
    out = tmp_path / "out.html"
    result = CliRunner().invoke(cli, ["report", str(report_case(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<svg" in page and "<style>" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "no external assets"
    assert "27,778" in page and "83,334" in page  # planned total after 3 months: 3 × 27,778
    assert "再生委員の報酬 150,000" in page
    assert '<tr class="late">' in page and '<tr class="missed">' in page
    assert "ir.fee.with_lawyer" in page and "民事再生法223条1項" in page


def test_the_report_renders_in_headless_chromium(tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium); .ci/run installs it when it can")
    out = tmp_path / "out.html"
    assert CliRunner().invoke(cli, ["report", str(report_case(tmp_path)), "-o", str(out)]).exit_code == 0
    proc = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", out.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    assert "report-tokyo" in dom
    assert dom.count("<polyline") == 2 and "<table class=\"ledger\">" in dom
    assert "貸金業法" not in dom or "21条" in dom


def test_a_cite_naming_several_items_quotes_each_provision():
    from tsumitate.statutes import load_statutes

    s = load_statutes(ROOT / "rules")
    refs = [p.ref for p in s.cited("民事再生法229条2項2号・231条2項3号・4号")]
    assert refs == ["民事再生法229条2項2号", "民事再生法231条2項3号", "民事再生法231条2項4号"]
    assert [p.ref for p in s.cited("実務（積立金の解説記事）")] == []
    assert "五千万円を超えない" in s.cited("民事再生法221条1項")[0].text


def test_every_statute_the_rules_cite_by_article_has_its_text():
    from tsumitate.rulebook.load import load_rulebook
    from tsumitate.statutes import load_statutes, parse_cite

    book = load_rulebook(ROOT / "rules")
    statutes = load_statutes(ROOT / "rules")
    for rule in book.all_rules().values():
        refs = parse_cite(rule.spec.cite, tuple(statutes.laws))
        assert len(statutes.cited(rule.spec.cite)) >= len(refs) > 0 or not refs, rule.id


def test_rules_list_shows_region_rules_and_show_gives_the_compiled_condition():
    code_out = CliRunner().invoke(cli, ["rules", "list", "--procedure", "individual_rehabilitation", "--region", "fukuoka"])
    assert code_out.exit_code == 0
    line = next(l for l in code_out.output.splitlines() if l.startswith("ir.test.fukuoka.without_commissioner\t"))
    assert line.split("\t")[1:3] == ["individual_rehabilitation", "fukuoka"]
    show = CliRunner().invoke(cli, ["rules", "show", "ir.feasibility.over_limit"])
    assert show.exit_code == 0
    assert "rules/individual_rehabilitation/base.yaml:" in show.output
    assert "unsecured_total > params.max_unsecured_debt" in show.output
    assert '"$gt": {"unsecured_total": {"$m": "params__max_unsecured_debt"}}' in show.output
    assert "五千万円を超えない" in show.output
    missing = CliRunner().invoke(cli, ["rules", "show", "no.such.rule"])
    assert missing.exit_code == 2
