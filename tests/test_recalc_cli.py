"""``tsumitate recalc``: the table a lawyer reads, the CSV Excel opens, the JSON scripts compare."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from tsumitate_cli.main import cli

CASE = """\
case_id: 引き直し-CLI
as_of: 2019-10-07
procedure: voluntary_arrangement
court: tokyo
household: {monthly_income: 200000}
debts:
  - creditor: A社
    amount: 12000
    transactions:
      - {date: 2019-01-10, borrow: 50000}
      - {date: 2019-03-11, repay: 60000}
      - {date: 2019-09-07, borrow: 10000}
      - {date: 2019-10-07, repay: 2000}
  - {creditor: B社, amount: 300000}
"""


def run(tmp_path, *args, text=CASE):
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["recalc", *args, str(path)])


def test_the_text_table_has_japanese_headers_and_yen_with_commas(tmp_path):
    res = run(tmp_path)
    assert res.exit_code == 0, res.output
    out = res.output
    assert "年月日" in out and "残元金" in out and "過払利息" in out
    # the set-off row of tests/test_recalc.py: 206 interest and 8,357 principal, 1,437 new principal
    assert "過払金に充当 利息206・元金8,357" in out
    assert "50,000" in out and "1,437" in out
    assert "B社" not in out  # no history: nothing to recalculate


def test_json_gives_every_row_with_integers_and_rates_in_percent(tmp_path):
    res = run(tmp_path, "--format", "json")
    data = json.loads(res.output)
    a = data["creditors"][0]
    assert [r["principal"] for r in a["rows"]] == [50000, 0, 1437, 0]
    assert [r["overpaid_principal"] for r in a["rows"]] == [0, 8357, 0, 540]
    assert [r["rate"] for r in a["rows"]] == [20, 20, 20, 20]
    assert a["rows"][2]["set_off_interest"] == 206
    assert (a["overpaid_principal"], a["stated"], a["amount"]) == (540, 12000, 0)


def test_csv_opens_in_excel_utf8_with_bom_and_plain_numbers(tmp_path):
    res = run(tmp_path, "--format", "csv")
    raw = res.stdout_bytes
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["債権者", "年月日", "借入金額"]
    assert rows[1][:3] == ["A社", "2019-01-10", "50000"]
    assert rows[-1][-1].startswith("基準日")


def test_an_unknown_creditor_is_named_and_exits_2(tmp_path):
    res = run(tmp_path, "--creditor", "C社")
    assert res.exit_code == 2
    assert "C社" in res.output


def test_a_history_out_of_order_is_one_line_with_file_line_and_field(tmp_path):
    bad = CASE.replace("2019-09-07", "2019-01-01")
    res = run(tmp_path, text=bad)
    assert res.exit_code == 2
    assert "case.yaml:12: debts[0].transactions[2].date: 取引履歴は古い順に書いてください" in res.output
    assert "Traceback" not in res.output


def test_explain_shows_how_the_debt_amount_came_out_of_the_history(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    res = CliRunner().invoke(cli, ["explain", str(path)])
    assert res.exit_code == 0, res.output
    # borrowed 60,000 + interest 1,643 + 23 − repaid 62,000 − 206 set off = 0 + 0 − 540
    assert "借入 60,000 ＋ 利息 1,666 − 返済 62,000 − 過払利息の充当 206 ＝ 残元金 0 ＋ 未払利息 0 − 過払金元金 540" in res.output
    assert "債務額（D・U に算入）＝ 残元金 0 ＋ 未払利息 0 ＝ 0円（債権者の主張 12,000円に代えて）" in res.output


def test_evaluate_counts_the_recalculated_amount_not_the_stated_one(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    res = CliRunner().invoke(cli, ["evaluate", "--format", "json", str(path)])
    result = json.loads(res.output)
    # D = A社 0 (overpaid) + B社 300,000: 36 installments of ceil_to(300,000/36, 100) = 8,400
    assert result["deposit"]["monthly"] == 8400
    assert result["recalculation"][0]["overpaid_principal"] == 540
    assert [a["code"] for a in result["advice"]].count("overpayment_claim") == 1
