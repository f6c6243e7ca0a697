"""Every reason reads as a sentence a lawyer would write, whatever the value: negative, zero, null, unknown."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tsumitate_cli.main import cli

CASE = """\
case_id: t
as_of: 2026-11-25
procedure: {procedure}
court: {court}
household: {{monthly_income: {income}, monthly_expenses: 200000, annual_irregular_expenses: 0, family_informed: false}}
debts:
  - {{creditor: A社, amount: {amount}}}
"""


def evaluate(tmp_path, fmt="json", **kw):
    values = {"procedure": "voluntary_arrangement", "court": "tokyo", "income": 190000, "amount": 300000, **kw}
    path = tmp_path / "c.yaml"
    path.write_text(CASE.format(**values), encoding="utf-8")
    res = CliRunner().invoke(cli, ["evaluate", "--format", fmt, str(path)])
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout) if fmt == "json" else res.stdout


def test_a_household_that_does_not_know_and_has_nothing_left_is_not_told_it_has_only_minus_yen(tmp_path):
    # capacity 190,000 - 200,000 = -10,000: nothing left after any payment
    text = evaluate(tmp_path, fmt="text")
    assert "余裕がまったく残らず" in text
    assert "しかなく" not in text and "月-" not in text.split("注意")[0].split("次の一手")[-1]


def test_a_thin_positive_margin_is_still_called_thin(tmp_path):
    # capacity 210,000 - 200,000 = 10,000; 300,000 / 36 -> 8,400: margin 1,600 (< the thin-margin parameter)
    result = evaluate(tmp_path, income=210000)
    texts = [a["ja"] for a in result["advice"]]
    assert any("返済後の余裕が月1,600円しかなく" in t for t in texts), texts


def test_osaka_deposits_go_to_the_debtors_own_account_even_with_a_commissioner(tmp_path):
    path = tmp_path / "o.yaml"
    path.write_text(CASE.format(procedure="individual_rehabilitation", court="osaka", income=300000, amount=3000000)
                    + "representation: self\n", encoding="utf-8")
    result = json.loads(CliRunner().invoke(cli, ["evaluate", "--format", "json", str(path)]).stdout)
    assert result["commissioner"]["appointed"] is True
    assert result["deposit"]["payee"] == "own_account"


def test_explain_never_says_none_of_twice(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(CASE.format(procedure="auto", court="tokyo", income=190000, amount=3000000), encoding="utf-8")
    for lang in ("ja", "en"):
        out = CliRunner().invoke(cli, ["explain", "--lang", lang, str(path)]).stdout
        assert "いずれも不成立: いずれも不成立" not in out and "none of: none of" not in out
        assert "—か月" not in out
