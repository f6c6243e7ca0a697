"""The per-creditor plan where a lawyer reads it: text summary, explain (text, Markdown), HTML report, schema.

Figures from scenarios/voluntary_arrangement/per_creditor/creditor_max_36.yaml, worked there by hand:
A社 600,000 over 36 (its limit) → 16,700; B社 600,000 over 59 → 10,200; together 26,900.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from tsumitate_cli.main import cli

CASE = """\
case_id: A社36回まで
as_of: 2026-11-25
procedure: voluntary_arrangement
court: osaka
household: {monthly_income: 227000, monthly_expenses: 200000, annual_irregular_expenses: 0}
debts:
  - {creditor: A社, amount: 600000, kind: consumer_finance, max_installments: 36}
  - {creditor: B社, amount: 600000, kind: credit_card}
"""


def _case(tmp_path, text=CASE):
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args) -> str:
    res = CliRunner().invoke(cli, list(map(str, args)))
    assert res.exit_code == 0, res.output
    return res.stdout


def _squash(line: str) -> list[str]:
    return line.split()


def test_the_text_summary_shows_each_creditors_settlement_in_japanese(tmp_path):
    text = _run("evaluate", _case(tmp_path))
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("和解案（債権者ごとに月額を切上げ）"))
    assert _squash(lines[at + 1]) == ["債権者", "和解額", "回数", "月額"]
    assert _squash(lines[at + 2]) == ["A社", "600,000円", "36回", "16,700円"]
    assert _squash(lines[at + 3]) == ["B社", "600,000円", "59回", "10,200円"]
    assert _squash(lines[at + 4]) == ["各社の合計", "1,200,000円", "26,900円"]
    assert "積立金: 月26,900円" in text


def test_the_english_summary_has_the_same_table(tmp_path):
    text = _run("evaluate", "--lang", "en", _case(tmp_path))
    assert "Settlement plan (each creditor rounded on its own):" in text
    assert any(_squash(line) == ["A社", "600,000", "yen", "36", "16,700", "yen"] for line in text.splitlines())


def test_explain_shows_the_table_and_how_each_creditors_payment_was_computed(tmp_path):
    text = _run("explain", _case(tmp_path))
    assert "和解案（債権者ごとに月額を切上げ）:" in text
    # the fact the deposit rule read, written out creditor by creditor
    assert "59回の月額合計 26,900 = A社 ceil_to(600,000円 / 36回（上限36回）, 100円) → 16,700円 ＋ B社 ceil_to(600,000円 / 59回, 100円) → 10,200円" in text
    # the fewest fitting count, with the counts that did not fit
    assert "58回でも月27,100円で不可" in text  # 16,700 + ceil_to(600,000/58 = 10,344.8…) = 16,700 + 10,400
    md = _run("explain", "--format", "markdown", _case(tmp_path))
    assert "| 債権者 | 和解額 | 回数 | 月額 |" in md
    assert "| B社 | 600,000円 | 59回 | 10,200円 |" in md


def test_the_html_report_has_the_plan_table_marked_reference_when_no_count_fits(tmp_path):
    out = tmp_path / "r.html"
    _run("report", _case(tmp_path), "-o", out)
    html = out.read_text(encoding="utf-8")
    assert '<table class="plan"><caption>和解案（債権者ごとに月額を切上げ）</caption>' in html
    assert "<td class=l>A社</td><td>600,000円</td><td>36回</td><td>16,700円</td>" in html
    poor = _case(tmp_path, CASE.replace("monthly_income: 227000", "monthly_income: 201000"))
    _run("report", poor, "-o", out)
    assert "和解案（債権者ごとに月額を切上げ）（参考）</caption>" in out.read_text(encoding="utf-8")


def test_the_schema_documents_the_creditor_terms_and_the_remittance_fee_in_japanese():
    schema = json.loads(_run("schema"))
    text = json.dumps(schema, ensure_ascii=False)
    for phrase in ("経過利息", "分割回数の上限", "最低支払額", "将来利息", "送金代行手数料"):
        assert phrase in text, phrase
    debt = next(v for k, v in schema.get("$defs", {}).items() if k == "Debt")
    assert {"accrued_interest", "max_installments", "min_monthly", "future_interest_rate"} <= set(debt["properties"])
