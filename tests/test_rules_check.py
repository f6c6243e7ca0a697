"""`tsumitate rules check` on deliberately broken copies of rules/: each problem with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsumitate_cli.main import cli

RULES = Path(__file__).resolve().parent.parent / "rules"
VA = "voluntary_arrangement/base.yaml"
TOKYO = "individual_rehabilitation/tokyo.yaml"


@pytest.fixture
def broken(tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(RULES, root)
    return root


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> Path:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"fixture text not found in {rel}: {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing ``needle`` (found by text, not by the code under test)."""
    hits = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return hits[nth - 1]


def check(root: Path):
    result = CliRunner().invoke(cli, ["rules", "check", "--lang", "en", str(root)])
    return result.exit_code, result.output


def test_the_shipped_rules_pass_the_linter_and_the_scratch_engine():
    code, out = check(RULES)
    assert code == 0, out
    assert "ok" in out


def test_without_a_directory_the_shipped_rules_are_checked_as_every_other_command_uses_them():
    from tsumitate.rulebook.load import default_rules_dir

    result = CliRunner().invoke(cli, ["rules", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{default_rules_dir()}: ok"


def test_a_duplicate_rule_id_is_named_with_its_file_and_line(broken):
    path = edit(broken, VA, "- id: va.test.at_risk", "- id: va.test.not_started")
    code, out = check(broken)
    assert code == 2
    assert f"{path}:{line_of(path, '- id: va.test.not_started', 2)}: va.test.not_started: duplicate rule id" in out


def test_an_unknown_fact_in_a_condition_is_named_with_the_rules_line(broken):
    path = edit(broken, VA, "when: {settlement_reached: true}", "when: {settlement_reachd: true}")
    code, out = check(broken)
    assert code == 2
    assert f"{path}:{line_of(path, '- id: va.test.passed_settlement')}: va.test.passed_settlement: when: unknown fact 'settlement_reachd'" in out


def test_an_unknown_parameter_is_named(broken):
    path = edit(broken, VA, "{gt: {ref: params.missed_deposits_tolerated}}", "{gt: {ref: params.missed_deposit_tolerated}}")
    code, out = check(broken)
    assert code == 2
    assert f"{path}:{line_of(path, '- id: va.test.failed_missed')}: va.test.failed_missed: when: unknown parameter 'missed_deposit_tolerated'" in out


def test_a_dated_value_without_a_source_note_is_named_with_its_line(broken):
    path = edit(broken, TOKYO, "        source: 東京地裁の運用（振込み期間は原則6ヵ月）— shakkinmondai-soudan.info「個人再生の履行テストとは?」\n", "")
    code, out = check(broken)
    assert code == 2
    line = line_of(path, "- value: 6")
    assert f"{path}:{line}:" in out and "source" in out


def drop_after(root: Path, rel: str, anchor: str, line: str) -> Path:
    """Remove the first ``line`` that follows ``anchor`` (one field of one dated value)."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    i = text.index(anchor)
    assert line in text[i:], f"fixture text not found after {anchor!r}: {line!r}"
    path.write_text(text[:i] + text[i:].replace(line, "", 1), encoding="utf-8")
    return path


def test_a_court_value_without_the_date_its_source_was_read_is_refused(broken):
    path = drop_after(broken, "individual_rehabilitation/sapporo.yaml", "- value: 300000", "        checked: 2026-11-26\n")
    code, out = check(broken)
    assert code == 2
    assert f"{path}:{line_of(path, '- value: 300000')}: commissioner_fee_without_lawyer: a court-practice value needs 'checked: YYYY-MM-DD'" in out


def test_a_verified_court_fee_without_the_url_of_its_source_is_refused(broken):
    path = drop_after(broken, "individual_rehabilitation/sapporo.yaml", "- value: 300000", "        url: http://www.courts.go.jp/sapporo/saiban/tetuzuki_tisai/kozin_saisei_tetuzuki/index.html\n")
    code, out = check(broken)
    assert code == 2, out
    assert f"{path}:{line_of(path, '- value: 300000')}: commissioner_fee_without_lawyer: a verified court-practice figure needs the 'url'" in out


def test_a_statute_wording_marked_verified_must_name_the_copy_it_was_compared_with(broken):
    """A lawyer quotes explain's statute text to a court: 'verified' without the copy and the day is a claim nobody can check."""
    path = broken / "statutes.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    article: 223\n")
    url_line = text.index("    url: ", start)
    path.write_text(text[:url_line] + text[text.index("\n", url_line) + 1:], encoding="utf-8")
    code, out = check(broken)
    assert code == 2, out
    provision_line = text[:start].count("\n")  # the "  - law: 民事再生法" line just above "article: 223"
    assert f"{path}:{provision_line}: provisions[2]: a provision marked verified needs the 'url' of the public copy" in out


def test_an_unverified_court_fee_may_lack_a_url_but_not_a_check_date(broken):
    path = drop_after(broken, "individual_rehabilitation/yokohama.yaml", "- value: 180000", "        url: https://www.m-inquiry.com/193/\n")
    text = path.read_text(encoding="utf-8")
    assert "url:" not in text[text.index("- value: 180000"):text.index("verified: false")]
    code, out = check(broken)
    assert code == 0, out


def test_an_override_of_a_rule_that_does_not_exist_is_named(broken):
    path = broken / TOKYO
    path.write_text(path.read_text(encoding="utf-8") + """  - id: ir.test.no_such_rule
    stage: test
    override: true
    record: none
    code: x
    ja: x
    en: x
    cite: null
""", encoding="utf-8")
    code, out = check(broken)
    assert code == 2
    assert f"{path}:{line_of(path, 'override: true')}: ir.test.no_such_rule: overrides a rule that does not exist" in out


def test_two_values_in_force_from_the_same_day_are_overlapping_dates(broken):
    old = "        source: 東京地裁の個人再生委員の報酬は代理人弁護士がいる場合15万円 — saimu4.com「個人再生委員の職務や報酬、面談について詳しく解説!」\n        url: https://saimu4.com/kojinsaisei/1340\n        checked: 2026-11-26\n"
    added = ("      - {since: 2027-04-01, value: 160000, source: 東京地裁 仮の改定, url: https://example.invalid/a, checked: 2026-11-26}\n"
             "      - {since: 2027-04-01, value: 170000, source: 東京地裁 仮の改定, url: https://example.invalid/b, checked: 2026-11-26}\n")
    path = edit(broken, TOKYO, old, old + added)
    code, out = check(broken)
    assert code == 2
    assert f"{path}:{line_of(path, 'value: 170000')}: commissioner_fee_with_lawyer: overlapping dates: values #2 and #3 are both in force from 2027-04-01" in out


def test_two_court_values_with_no_start_date_overlap(broken):
    old = "        source: 東京地裁の個人再生委員の報酬は代理人弁護士がいる場合15万円 — saimu4.com「個人再生委員の職務や報酬、面談について詳しく解説!」\n        url: https://saimu4.com/kojinsaisei/1340\n        checked: 2026-11-26\n"
    path = edit(broken, TOKYO, old, old + "      - {value: 160000, source: 別の記事, url: https://example.invalid/c, checked: 2026-11-26}\n")
    code, out = check(broken)
    assert code == 2
    assert f"{path}:{line_of(path, 'value: 160000')}: commissioner_fee_with_lawyer: overlapping dates: values #1 and #2 are both in force with no start date" in out


def test_a_comparison_with_a_value_the_schema_never_allows_can_never_be_true(broken):
    # the refund rules are shared with 自己破産 (rules/shared/): the mistake is named at the
    # shared file's line, under the id the 任意整理 set gives the rule
    path = edit(broken, "shared/fee_contract_refund.yaml", "when: {refund_policy: full}", "when: {refund_policy: ful}")
    code, out = check(broken)
    assert code == 2
    assert f"{path}:{line_of(path, '- id: refund.full')}: va.refund.full: when: 'refund_policy' is never 'ful'" in out


def test_a_yes_no_fact_compared_with_text_can_never_be_true(broken):
    path = edit(broken, VA, "when: {cancelled: false}", "when: {cancelled: 'no'}")
    code, out = check(broken)
    assert code == 2
    assert f"{path}:{line_of(path, '- id: va.refund.not_cancelled')}: va.refund.not_cancelled: when: 'cancelled' is true or false" in out


def test_a_parameter_value_no_region_uses_can_never_be_true(broken):
    path = edit(broken, "individual_rehabilitation/base.yaml", "params.commissioner_appointment: always", "params.commissioner_appointment: alwayz")
    code, out = check(broken)
    assert code == 2
    assert f"{path}:{line_of(path, '- id: ir.commissioner.always')}: ir.commissioner.always: when: 'params.commissioner_appointment' is never 'alwayz' in any region" in out


def test_a_rule_that_gives_a_reason_without_a_citation_is_named(broken):
    path = edit(broken, VA, "    cite: 実務（セカンドオピニオン）\n", "    cite: null\n")
    code, out = check(broken)
    assert code == 2
    assert f"{path}:{line_of(path, '- id: va.advice.second_opinion')}: va.advice.second_opinion: cite:" in out


def test_a_rule_without_english_text_is_refused_with_its_line(broken):
    path = edit(broken, VA, "    en: Bankruptcy (discharge) is also an option.\n", "")
    code, out = check(broken)
    assert code == 2
    assert f"{path}:" in out and "en" in out


def test_evaluate_refuses_a_broken_rules_directory_before_any_case(broken, tmp_path):
    edit(broken, VA, "- id: va.test.at_risk", "- id: va.test.not_started")
    case = Path(__file__).resolve().parent.parent / "scenarios" / "voluntary_arrangement" / "30man_36kai.yaml"
    result = CliRunner().invoke(cli, ["evaluate", "--lang", "en", "--rules", str(broken), str(case)])
    assert result.exit_code == 2
    assert "duplicate rule id" in result.output
    assert "no case was evaluated" in result.output


def test_an_engine_error_is_reported_with_the_rules_file_and_line(monkeypatch):
    """durable_rules' own limits are hard to reach with a small rule set (error 303 needs ~480
    rules); the scratch engine is made to reject one rule, as durable would, to check the mapping."""
    from tsumitate import engine as engine_module
    from tsumitate.rulebook.lint import check_engine
    from tsumitate.rulebook.load import load_rulebook

    real = engine_module.Engine.try_register

    def reject_one(self, name, definition):
        if "va.advice.second_opinion" in definition:
            return "Could not create ruleset, error code: 303"
        return real(self, name, definition)

    monkeypatch.setattr(engine_module.Engine, "try_register", reject_one)
    from tsumitate.rulebook.compile import compile_stage

    problems = check_engine(load_rulebook(RULES), compile_stage, engine_module.Engine())
    path = RULES / VA
    assert [(p.file, p.line, p.field) for p in problems] == [(str(path), line_of(path, "- id: va.advice.second_opinion"), "va.advice.second_opinion")]
    assert "error code: 303" in problems[0].message


def test_one_check_names_a_missing_source_a_duplicate_id_and_an_unknown_fact_together(tmp_path):
    """A colleague's rule directory with three mistakes gets all three in one run, each at its line."""
    import shutil
    import subprocess
    import sys

    from tsumitate.rulebook.load import default_rules_dir

    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    base = rules / "voluntary_arrangement" / "base.yaml"
    text = base.read_text(encoding="utf-8")
    text = text.replace("        source: 実務（和解成立まで3〜8か月程度）\n", "", 1)
    text = text.replace("  - id: va.test.passed_settlement", "  - id: va.test.failed_missed", 1)
    text = text.replace("when: {ledger_entries: 0}", "when: {ledger_entrys: 0}", 1)
    base.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    run = subprocess.run([sys.executable, "-m", "tsumitate_cli.main", "rules", "check", "--lang", "en", str(rules)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    out = run.stdout + run.stderr

    def line_of(needle: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if needle in line)

    value_line = next(i for i, line in enumerate(lines, 1) if i > line_of("deposit_period_min:") and line.lstrip().startswith("- "))
    assert f"base.yaml:{value_line}: deposit_period_min: a value needs a source note" in out
    dup_line = [i for i, line in enumerate(lines, 1) if "id: va.test.failed_missed" in line][1]
    assert f"base.yaml:{dup_line}: va.test.failed_missed: duplicate rule id" in out
    assert f"base.yaml:{line_of('id: va.test.not_started')}: va.test.not_started: when: unknown fact 'ledger_entrys'" in out


# ── a region file's parameters: the mistake is named where it is written ──────────────────
def test_a_misspelt_parameter_in_a_region_file_is_one_problem_at_that_files_line(broken):
    """issue 8: tokyo.yaml's commissioner fee misspelt used to give four errors at base.yaml:207."""
    path = edit(broken, TOKYO, "  commissioner_fee_with_lawyer:", "  comissioner_fee_with_lawyer:")
    code, out = check(broken)
    assert code == 2
    problems = [line for line in out.splitlines() if ": " in line]
    assert problems == [f"{path}:{line_of(path, 'comissioner_fee_with_lawyer:')}: comissioner_fee_with_lawyer: "
                        "unknown parameter 'comissioner_fee_with_lawyer': no rule and no individual_rehabilitation "
                        "arithmetic reads it, and base.yaml does not define it; did you mean 'commissioner_fee_with_lawyer'?"], out
    assert "base.yaml:" not in out
    assert out.strip().endswith(f"1 problem(s) in {broken}")


def test_an_override_of_a_parameter_base_yaml_defines_under_a_misspelt_name_is_named(broken):
    """Tokyo's six-month test written as test_monhts would silently fall back to the base value."""
    path = edit(broken, TOKYO, "  test_months:", "  test_monhts:")
    code, out = check(broken)
    assert code == 2
    assert f"{path}:{line_of(path, 'test_monhts:')}: test_monhts: unknown parameter 'test_monhts'" in out
    assert "did you mean 'test_months'?" in out


def test_a_parameter_a_region_lacks_is_named_at_the_region_file_with_the_rule_that_reads_it(broken):
    path = broken / TOKYO
    text = path.read_text(encoding="utf-8")
    start = text.index("  commissioner_fee_with_lawyer:")
    end = text.index("  commissioner_fee_without_lawyer:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    code, out = check(broken)
    assert code == 2
    base = broken / "individual_rehabilitation" / "base.yaml"
    assert (f"{path}:{line_of(path, 'parameters:')}: commissioner_fee_with_lawyer: region 'tokyo' has no value for "
            f"parameter 'commissioner_fee_with_lawyer', which rule ir.fee.with_lawyer (base.yaml:{line_of(base, '- id: ir.fee.with_lawyer')}) reads") in out
    assert f"{base}:" not in out


def test_a_misspelt_parameter_in_a_region_rule_is_named_at_the_rule_with_the_closest_name(broken):
    path = edit(broken, TOKYO, "{months_paid: {ge: {ref: params.test_months}}}", "{months_paid: {ge: {ref: params.test_mnths}}}")
    code, out = check(broken)
    assert code == 2
    assert (f"{path}:{line_of(path, '- id: ir.test.tokyo.six_months_paid')}: ir.test.tokyo.six_months_paid: when: "
            "unknown parameter 'test_mnths'; did you mean 'test_months'?") in out
