"""Problem lines: Japanese by default, English with --lang en, ``FILE:LINE: field:`` the same in both."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsumitate.errors import InputError, M, Problem, set_language
from tsumitate.pipeline import evaluate_file
from tsumitate.rulebook.check import lint_directory
from tsumitate.rulebook.load import default_rules_dir
from tsumitate_cli.main import cli

HIRAGANA = re.compile(r"[\u3040-\u309f]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
LINE = re.compile(r"^(?P<where>[^:]+:\d+): (?P<field>[^:]+): (?P<text>.+)$")

CASE = """\
case_id: t
as_of: 2026-11-25
procedure: voluntary_arrangement
court: tokyo
household: {monthly_income: 250000, monthly_expenses: 200000}
debts:
  - {creditor: A, amount: 500000}
"""

# Bad case files, one mistake each: every kind of problem the loader, the model and the
# evaluator report. Values are ASCII so that any Japanese in the English text is a bug.
BAD_CASES = {
    "unknown_key": CASE.replace("monthly_income:", "monthly_incom:"),
    "missing": CASE.replace("case_id: t\n", ""),
    "enum": CASE.replace("voluntary_arrangement", "chapter7"),
    "fraction": CASE.replace("250000", "250000.5"),
    "negative": CASE.replace("amount: 500000", "amount: -1"),
    "too_large": CASE.replace("amount: 500000", "amount: 99999999999999"),
    "bool": CASE + "milestones: {cancelled: maybe}\n",
    "text": CASE.replace("case_id: t", "case_id: 12"),
    "no_debts": CASE.split("debts:")[0] + "debts: []\n",
    "date": CASE.replace("2026-11-25", "2026-02-30"),
    "datetime": CASE.replace("2026-11-25", "2026-11-25 10:00:00"),
    "mapping": CASE.replace("household: {monthly_income: 250000, monthly_expenses: 200000}", "household: 5"),
    "list": CASE.split("debts:")[0] + "debts: 5\n",
    "month": CASE + "deposits:\n  - {month: 2026-13, due: 1, paid: 1}\n",
    "month_as_day": CASE + "deposits:\n  - {month: 2026-06-01, due: 1, paid: 1}\n",
    "ledger_order": CASE + "deposits:\n  - {month: 2026-06, due: 1, paid: 1}\n  - {month: 2026-05, due: 1, paid: 1}\n",
    "withdrawn": CASE + "deposits:\n  - {month: 2026-06, due: 1, paid: 1, withdrawn: 5}\n",
    "yaml_syntax": CASE + "debts: [\n",
    "duplicate": CASE + "court: osaka\n",
    "tag": CASE + "x: !!python/object/apply:os.system ['true']\n",
    "alias": CASE.replace("court: tokyo", "court: &c tokyo") + "case_id2: *c\n",
    "top_list": "- 1\n- 2\n",
    "empty": "# nothing\n",
    "court": CASE.replace("court: tokyo", "court: atlantis"),
    "as_of": CASE.replace("2026-11-25", "1999-12-31"),
}


def written(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_every_problem_with_a_case_file_is_written_in_japanese_and_in_english(evaluator, tmp_path, name):
    path = written(tmp_path, name, BAD_CASES[name])
    problems = evaluate_file(evaluator, path).problems
    assert problems, f"{name}: the case was accepted"
    for p in problems:
        ja, en = p.text("ja"), p.text("en")
        assert JAPANESE.search(ja), f"{name}: no Japanese in {ja!r}"
        assert not HIRAGANA.search(en), f"{name}: Japanese in the English text {en!r}"
        assert p.render("ja").startswith(f"{p.file}:") and p.render("ja").split(": ")[:2] == p.render("en").split(": ")[:2]


def test_rule_file_problems_are_written_in_japanese_and_in_english(tmp_path):
    """A rules directory with an unknown fact, a missing source and a duplicate id: each named in both languages."""
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    base = rules / "voluntary_arrangement" / "base.yaml"
    text = base.read_text(encoding="utf-8")
    text = text.replace("settlement_reached", "settlement_reachd", 1)
    text = re.sub(r"(\n\s+source:) [^\n]+", r"\1 ''", text, count=1)
    base.write_text(text, encoding="utf-8")
    problems = lint_directory(rules)
    assert len(problems) >= 2
    for p in problems:
        assert JAPANESE.search(p.text("ja")) and not HIRAGANA.search(p.text("en")), p


def test_the_command_line_writes_problems_in_japanese_by_default(tmp_path):
    bad = written(tmp_path, "bad", BAD_CASES["negative"])
    res = CliRunner().invoke(cli, ["evaluate", str(bad)], env={"TSUMITATE_LANG": None})
    assert res.exit_code == 2
    line = res.stderr.strip()
    assert line == f"{bad}:7: debts[0].amount: 0 以上にしてください（-1 と書かれています）"


def test_lang_en_gives_the_same_line_in_english(tmp_path):
    bad = written(tmp_path, "bad", BAD_CASES["negative"])
    res = CliRunner().invoke(cli, ["evaluate", "--lang", "en", str(bad)])
    assert res.exit_code == 2
    assert res.stderr.strip() == f"{bad}:7: debts[0].amount: must be 0 or more, got -1"


def test_an_unknown_key_lists_the_allowed_keys_in_japanese(tmp_path):
    bad = written(tmp_path, "bad", BAD_CASES["unknown_key"])
    res = CliRunner().invoke(cli, ["evaluate", "--lang", "ja", str(bad)])
    lines = res.stderr.splitlines()
    assert f"{bad}:5: household.monthly_income: 必須の項目がありません" in lines
    assert any(x.startswith(f"{bad}:5: household.monthly_incom: 不明なキーです（ここで使えるキー: ") for x in lines)


def test_replay_and_rules_check_take_lang_too(tmp_path):
    bad_scenario = written(tmp_path, "s", "name: x\nexpect: {a: 1}\n")
    ja = CliRunner().invoke(cli, ["replay", str(bad_scenario)], env={"TSUMITATE_LANG": None})
    en = CliRunner().invoke(cli, ["replay", "--lang", "en", str(bad_scenario)])
    assert "'case'（その場に書く）か 'case_file'" in ja.stderr
    assert "give exactly one of 'case' (inline) or 'case_file' (a path)" in en.stderr
    missing = tmp_path / "no-rules"
    res = CliRunner().invoke(cli, ["rules", "check", str(missing)], env={"TSUMITATE_LANG": None})
    assert f"{missing}: -: ルールのフォルダがありません" in res.stderr


def test_tsumitate_lang_sets_the_default_for_a_whole_session(tmp_path):
    bad = written(tmp_path, "bad", BAD_CASES["negative"])
    exe = Path(sys.executable).with_name("tsumitate")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tsumitate_cli.main"]
    env = {k: v for k, v in os.environ.items() if k != "TSUMITATE_LANG"}
    ja = subprocess.run(cmd + ["evaluate", str(bad)], capture_output=True, text=True, env=env, timeout=60)
    en = subprocess.run(cmd + ["evaluate", str(bad)], capture_output=True, text=True, env={**env, "TSUMITATE_LANG": "en"}, timeout=60)
    assert "0 以上にしてください" in ja.stderr and "Traceback" not in ja.stderr
    assert "must be 0 or more" in en.stderr


def test_a_scenario_may_expect_an_error_quoted_in_either_language(evaluator, tmp_path):
    from tsumitate.scenarios.files import load_scenarios
    from tsumitate.scenarios.run import PASSED, run_scenario

    body = "\n".join("  " + line for line in BAD_CASES["negative"].splitlines())
    for quoted in ("debts[0].amount: 0 以上にしてください", "debts[0].amount: must be 0 or more"):
        path = written(tmp_path, "s", f"name: x\ncase:\n{body}\nexpect_error: \"{quoted}\"\n")
        (sc,) = load_scenarios(path)
        assert run_scenario(evaluator, sc).status == PASSED, quoted


def test_a_message_is_chosen_when_shown_not_when_made():
    p = Problem("f.yaml", 3, "debts", M("空です", "empty"))
    set_language("ja")
    assert str(p) == "f.yaml:3: debts: 空です"
    set_language("en")
    assert str(p) == "f.yaml:3: debts: empty"
    assert p.as_json("ja") == {"file": "f.yaml", "line": 3, "field": "debts", "message": "空です",
                               "message_ja": "空です", "message_en": "empty"}
    assert str(InputError([p])) == "f.yaml:3: debts: empty"
