"""tsumitate replay: what a lawyer sees when the library passes, when an expectation is wrong, when a file is broken."""

from __future__ import annotations

import re

from replay_support import SCENARIO_COUNT, SUITE, TOKYO_FILE, VA_FILE, copy_suite, last_line, run, run_process


def test_a_library_whose_expectations_hold_replays_green_and_exits_0():
    r = run("replay", str(SUITE))
    assert r.exit_code == 0, r.output
    assert last_line(r.stdout) == f"{SCENARIO_COUNT} passed, 0 failed"


def test_a_wrong_monthly_deposit_exits_1_and_shows_the_path_the_line_and_both_values(tmp_path):
    suite = copy_suite(tmp_path)
    f = suite / VA_FILE
    f.write_text(f.read_text(encoding="utf-8").replace("deposit.monthly: 8400", "deposit.monthly: 8500"), encoding="utf-8")
    r = run("replay", str(suite))
    assert r.exit_code == 1
    out = r.stdout
    assert "FAIL 任意整理 30万円を36回 — 余力1万円なら月8,400円" in out
    line = next(i for i, t in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("  deposit.monthly"))
    assert f"deposit.monthly ({f}:{line})" in out
    assert re.search(r"expected 期待値: 8500\n\s+actual   結果:   8400", out)  # 300,000 / 36 rounded up to 100 yen
    assert "rules fired 適用ルール: " in out and "va.feasibility" in out
    assert last_line(out) == f"{SCENARIO_COUNT - 1} passed, 1 failed"


def test_an_unreadable_file_is_named_without_a_traceback_and_the_other_files_still_run(tmp_path):
    suite = copy_suite(tmp_path)
    broken = suite / "broken.yaml"
    broken.write_text("name: [an unclosed list\ncase: {}\n", encoding="utf-8")
    r = run_process("replay", str(suite), "--workers", "1")
    assert r.returncode == 2
    assert "Traceback" not in r.stdout + r.stderr
    assert re.search(rf"{re.escape(str(broken))}:\d+: -: YAML syntax", r.stderr)
    assert last_line(r.stdout) == f"{SCENARIO_COUNT} passed, 0 failed, 1 errors"


def test_a_malformed_scenario_is_exit_2_naming_the_unknown_key(tmp_path):
    suite = copy_suite(tmp_path)
    (suite / "typo.yaml").write_text("name: x\ncase_fle: cases/osaka_case.yaml\nexpect: {refund.amount: 1}\n", encoding="utf-8")
    r = run("replay", str(suite))
    assert r.exit_code == 2
    assert f"{suite / 'typo.yaml'}:2: case_fle: unknown key in a scenario" in r.stderr
    assert last_line(r.stdout) == f"{SCENARIO_COUNT} passed, 0 failed, 1 errors"


def test_a_path_that_does_not_exist_is_reported_as_an_error(tmp_path):
    r = run("replay", str(SUITE), str(tmp_path / "nothing.yaml"))
    assert r.exit_code == 2
    assert "nothing.yaml: -: no such file" in r.stderr
    assert last_line(r.stdout) == f"{SCENARIO_COUNT} passed, 0 failed, 1 errors"


def test_a_case_the_rules_cannot_place_is_an_error_not_a_failure(tmp_path):
    (tmp_path / "s.yaml").write_text(
        "name: 存在しない裁判所\ncase:\n  case_id: x\n  procedure: voluntary_arrangement\n  court: atlantis\n"
        "  household: {monthly_income: 1}\n  debts: [{creditor: A, amount: 1}]\nexpect: {feasibility.status: feasible}\n",
        encoding="utf-8")
    r = run("replay", str(tmp_path))
    assert r.exit_code == 2
    assert f"{tmp_path / 's.yaml'}:5: court: unknown court or region 'atlantis'" in r.stderr
    assert last_line(r.stdout) == "0 passed, 0 failed, 1 errors"


def test_an_expected_error_that_does_not_happen_is_a_failure(tmp_path):
    (tmp_path / "s.yaml").write_text(
        "name: 受け付けられるはずのない案件\ncase:\n  case_id: x\n  procedure: voluntary_arrangement\n  court: tokyo\n"
        "  household: {monthly_income: 200000}\n  debts: [{creditor: A, amount: 300000}]\nexpect_error: debts\n",
        encoding="utf-8")
    r = run("replay", str(tmp_path))
    assert r.exit_code == 1
    assert "(no error: the case was accepted)" in r.stdout


def test_lists_are_compared_as_whole_lists_in_order(tmp_path):
    suite = copy_suite(tmp_path)
    f = suite / "osaka_own_funds.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("alternatives: []", "alternatives: [bankruptcy]"), encoding="utf-8")
    r = run("replay", str(f))
    assert r.exit_code == 1
    assert 'expected 期待値: ["bankruptcy"]' in r.stdout and "actual   結果:   []" in r.stdout


def test_true_is_not_the_number_1(tmp_path):
    (tmp_path / "s.yaml").write_text(
        "name: 真偽値は数ではない\ncase:\n  case_id: x\n  as_of: 2026-11-25\n  procedure: individual_rehabilitation\n"
        "  court: tokyo\n  household: {monthly_income: 250000, monthly_expenses: 220000}\n"
        "  debts: [{creditor: A, amount: 1000000}]\nexpect: {commissioner.appointed: 1}\n", encoding="utf-8")
    r = run("replay", str(tmp_path))
    assert r.exit_code == 1 and "expected 期待値: 1" in r.stdout and "actual   結果:   true" in r.stdout


def test_a_path_missing_from_the_result_says_so(tmp_path):
    suite = copy_suite(tmp_path)
    f = suite / VA_FILE
    f.write_text(f.read_text(encoding="utf-8").replace("deposit.payee:", "deposit.payer:"), encoding="utf-8")
    r = run("replay", str(f))
    assert r.exit_code == 1 and "(no such field in the result)" in r.stdout


def test_a_skipped_scenario_is_counted_as_skipped_and_not_run(tmp_path):
    suite = copy_suite(tmp_path)
    f = suite / VA_FILE
    f.write_text(f.read_text(encoding="utf-8").replace("deposit.monthly: 8400", "deposit.monthly: 1")
                 + "skip: 改正待ち\n", encoding="utf-8")
    r = run("replay", str(suite))
    assert r.exit_code == 0
    assert last_line(r.stdout) == f"{SCENARIO_COUNT - 1} passed, 0 failed, 1 skipped"


def test_a_case_file_beside_the_scenarios_is_not_taken_for_a_broken_scenario():
    r = run("replay", str(SUITE / "cases"))
    assert r.exit_code == 0 and last_line(r.stdout) == "0 passed, 0 failed"


def test_a_case_file_named_on_the_command_line_is_reported_as_not_a_scenario():
    r = run("replay", str(SUITE / "cases" / "osaka_case.yaml"))
    assert r.exit_code == 2 and "case_id: unknown key in a scenario" in r.stderr


def test_the_scenario_list_reports_each_failure_by_its_own_name_and_line(tmp_path):
    suite = copy_suite(tmp_path)
    f = suite / TOKYO_FILE
    text = f.read_text(encoding="utf-8").replace("refund.amount: 0 ", "refund.amount: 5 ")
    f.write_text(text, encoding="utf-8")
    r = run("replay", str(f))
    assert r.exit_code == 1
    name_line = next(i for i, t in enumerate(text.splitlines(), 1) if "東京・本人申立て" in t)
    assert f"FAIL 東京・本人申立て 3万円×6か月 — 25万円に届かず戻りは0円\n  {f}:{name_line}\n" in r.stdout
    assert last_line(r.stdout) == "2 passed, 1 failed"


def test_replay_without_paths_runs_the_scenarios_folder_of_the_working_directory(tmp_path):
    copy_suite(tmp_path, "scenarios")
    r = run("replay", cwd=tmp_path)
    assert r.exit_code == 0 and last_line(r.stdout) == f"{SCENARIO_COUNT} passed, 0 failed"
