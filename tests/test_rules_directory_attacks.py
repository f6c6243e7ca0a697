"""A hostile rules directory is refused with one line per problem: nothing hangs, nothing eats memory.

Every file of a rules directory is read once through the same checked reader as a case file
(regular files only, at most 2 MB, a FIFO never blocks), and parameter values are checked by
kind and range before the arithmetic divides by them (issue 16, item 7).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsumitate.rulebook.load import default_rules_dir
from tsumitate_cli.main import cli

CASE = """\
case_id: r1
as_of: 2026-11-25
procedure: individual_rehabilitation
court: tokyo
household: {monthly_income: 300000, monthly_expenses: 200000}
debts: [{creditor: A, amount: 3000000}]
"""


@pytest.fixture
def rules(tmp_path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), dst)
    return dst


def check(root: Path | str):
    res = CliRunner().invoke(cli, ["rules", "check", "--lang", "en", str(root)])
    assert "Traceback" not in res.output
    return res.exit_code, res.output


def evaluate_with(root: Path | str, tmp_path: Path):
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    res = CliRunner().invoke(cli, ["evaluate", "--format", "json", "--lang", "en", "--rules", str(root), str(case)])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res


def set_value(path: Path, parameter: str, value: str) -> int:
    """Replace the first ``value:`` after ``parameter:`` in a rule file; returns that line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{parameter}:"))
    k = next(i for i in range(start, len(lines)) if "value:" in lines[i])
    head, _, _ = lines[k].partition("value:")
    lines[k] = f"{head}value: {value}\n" if not lines[k].lstrip().startswith("- {") else lines[k]
    path.write_text("".join(lines), encoding="utf-8")
    return k + 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_like_a_rule_file_is_refused_without_hanging(rules, tmp_path):
    fifo = rules / "individual_rehabilitation" / "kobe.yaml"
    os.mkfifo(fifo)
    exe = Path(sys.executable).parent / "tsumitate"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tsumitate_cli.main"]
    done = subprocess.run(cmd + ["rules", "check", "--lang", "en", str(rules)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"{fifo}: -: not a regular file (a device, pipe or socket)" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_a_symlink_to_dev_zero_is_refused_not_read(rules):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    link = rules / "voluntary_arrangement" / "zero.yaml"
    link.symlink_to("/dev/zero")
    code, out = check(rules)
    assert code == 2
    assert f"{link}: -: not a regular file (a device, pipe or socket)" in out


def test_a_folder_named_like_a_rule_file_is_one_line(rules):
    folder = rules / "individual_rehabilitation" / "x.yaml"
    folder.mkdir()
    code, out = check(rules)
    assert code == 2
    assert f"{folder}: -: is a directory, not a file" in out


def test_an_oversized_rule_file_is_refused_by_its_size(rules):
    big = rules / "voluntary_arrangement" / "base.yaml"
    big.write_text(big.read_text(encoding="utf-8") + "#" * (3 * 1024 * 1024) + "\n", encoding="utf-8")
    code, out = check(rules)
    assert code == 2
    assert f"{big}: -: file is " in out and "a rule file is at most 2,097,152" in out


def test_the_root_folder_as_rules_directory_is_one_clean_line(tmp_path):
    res = evaluate_with("/", tmp_path)
    assert res.exit_code == 2
    assert res.stdout == ""
    assert "/courts.yaml: -: no such file" in res.stderr
    code, out = check("/")
    assert code == 2 and "/courts.yaml: -: no such file" in out


def test_files_deeper_than_the_layout_are_not_read(rules):
    """Only rules/*.yaml and rules/<procedure>/*.yaml belong to a rule book: a FIFO in a notes folder is never opened."""
    notes = rules / "notes" / "old"
    notes.mkdir(parents=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(notes / "draft.yaml")
    code, out = check(rules)
    assert code == 0, out


# ── parameter values the arithmetic divides by ─────────────────────────────────────────────
@pytest.mark.parametrize("value, message", [
    ("0", "'rounding_unit' must be at least 1: got 0"),
    ("-100", "'rounding_unit' must be at least 1: got -100"),
    ("1.5", "'rounding_unit' is a whole number (yen): got 1.5"),
    ("百円", "'rounding_unit' is a whole number (yen): got '百円'"),
    ("null", "'rounding_unit' is needed by the arithmetic: null is not allowed"),
])
def test_a_rounding_unit_that_is_not_a_positive_whole_number_is_a_rules_problem(rules, tmp_path, value, message):
    path = rules / "voluntary_arrangement" / "base.yaml"
    line = set_value(path, "rounding_unit", value)
    code, out = check(rules)
    assert code == 2
    assert f"{path}:{line}: rounding_unit: {message}" in out
    res = evaluate_with(rules, tmp_path)
    assert res.exit_code == 2 and "Traceback" not in res.output and "ZeroDivisionError" not in res.output


def test_zero_installments_are_refused(rules):
    path = rules / "individual_rehabilitation" / "base.yaml"
    line = set_value(path, "min_installments", "0")
    code, out = check(rules)
    assert code == 2
    assert f"{path}:{line}: min_installments: 'min_installments' must be at least 1: got 0" in out


def test_inverted_installment_bounds_are_one_problem_naming_both(rules):
    path = rules / "individual_rehabilitation" / "base.yaml"
    set_value(path, "max_installments", "30")
    code, out = check(rules)
    assert code == 2
    hits = [x for x in out.splitlines() if "is below" in x]
    assert len(hits) == 1, out
    assert hits[0].startswith(f"{path}:") and "max_installments 30 is below min_installments 36" in hits[0]


def test_a_region_override_that_inverts_the_bounds_is_named_at_the_region_file(rules):
    tokyo = rules / "individual_rehabilitation" / "tokyo.yaml"
    text = tokyo.read_text(encoding="utf-8")
    tokyo.write_text(text.replace("parameters:\n", "parameters:\n  max_installments:\n    description: 誤り\n    unit: months\n"
                                  "    values:\n      - {since: 2020-01-01, value: 24, source: test, checked: 2026-11-26, verified: false}\n", 1),
                     encoding="utf-8")
    code, out = check(rules)
    assert code == 2
    line = 1 + tokyo.read_text(encoding="utf-8").splitlines().index("  max_installments:")
    assert f"{tokyo}:{line}: max_installments: from 2020-01-01: max_installments 24 is below min_installments 36" in out, out


def test_a_fee_in_yen_with_decimals_is_refused(rules):
    path = rules / "individual_rehabilitation" / "osaka.yaml"
    line = set_value(path, "sole_proprietor_commissioner_debt", "30000000.5")
    code, out = check(rules)
    assert code == 2
    assert f"{path}:{line}: sole_proprietor_commissioner_debt: 'sole_proprietor_commissioner_debt' is a whole number (yen): got 30000000.5" in out


# ── conditions durable_rules cannot build or match ──────────────────────────────────────────
def add_rules(path: Path, rules_yaml: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + rules_yaml, encoding="utf-8")


def advice_rule(rule_id: str, when: str) -> str:
    return (f"  - id: {rule_id}\n    stage: outcome\n    when: {when}\n    record: advice\n    code: extra\n"
            f"    ja: 追加の助言です。\n    en: An extra piece of advice.\n    cite: 実務（テスト）\n")


def test_an_in_list_longer_than_the_limit_is_refused_at_load_with_the_limit(rules, tmp_path):
    path = rules / "voluntary_arrangement" / "base.yaml"
    values = ", ".join(str(k) for k in range(500))
    add_rules(path, advice_rule("va.advice.many_values", f"{{capacity: {{in: [{values}]}}}}"))
    code, out = check(rules)
    assert code == 2
    assert "va.advice.many_values: when: 500 comparisons (each value of an 'in' list counts); a rule may make at most 100" in out
    res = evaluate_with(rules, tmp_path)
    assert res.exit_code == 2 and "500 comparisons" in res.stderr


def test_a_condition_with_too_many_and_or_markers_is_refused_with_durables_limit(rules, tmp_path):
    path = rules / "voluntary_arrangement" / "base.yaml"
    # 14 branches "capacity = k and debt_total = k": 2 (stage) + 2 (or) + 2 x 14 = 32 markers
    branches = ", ".join(f"{{all: [{{capacity: {k}}}, {{debt_total: {k}}}]}}" for k in range(14))
    add_rules(path, advice_rule("va.advice.too_many_branches", f"{{any: [{branches}]}}"))
    code, out = check(rules)
    assert code == 2
    line = [x for x in out.splitlines() if "va.advice.too_many_branches" in x]
    assert len(line) == 1 and "and/or markers, durable allows 31 per rule (error 113)" in line[0], out
    case = tmp_path / "va.yaml"
    case.write_text(CASE.replace("individual_rehabilitation", "voluntary_arrangement"), encoding="utf-8")
    res = CliRunner().invoke(cli, ["evaluate", "--format", "json", "--lang", "en", "--rules", str(rules), str(case)])
    assert res.exit_code == 2 and res.stdout == ""
    assert "va.advice.too_many_branches: condition too large for durable_rules: it needs 32 and/or markers" in res.stderr


def test_seventy_rules_matching_one_message_all_fire_without_error_303(rules, tmp_path):
    """durable's matching stack holds 64: the compiler splits such a wave so every rule still fires once."""
    path = rules / "voluntary_arrangement" / "base.yaml"
    add_rules(path, "".join(advice_rule(f"va.advice.extra{k:02d}", f"{{capacity: {{ge: {-k}}}}}") for k in range(70)))
    code, out = check(rules)
    assert code == 0, out
    case = tmp_path / "va.yaml"
    case.write_text(CASE.replace("individual_rehabilitation", "voluntary_arrangement"), encoding="utf-8")
    res = CliRunner().invoke(cli, ["evaluate", "--format", "json", "--lang", "en", "--rules", str(rules), str(case)])
    assert res.exit_code == 0, res.output
    import json
    result = json.loads(res.stdout)
    extra = [r for r in result["fired_rules"] if r.startswith("va.advice.extra")]
    assert extra == [f"va.advice.extra{k:02d}" for k in range(70)]
    assert len([a for a in result["advice"] if a["rule"].startswith("va.advice.extra")]) == 70
