"""Rule directories from colleagues: a broken ``--rules DIR`` is reported (file and line) before any case runs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsumitate.rulebook.load import default_rules_dir

CASE = """\
case_id: r1
as_of: 2026-11-25
procedure: individual_rehabilitation
court: tokyo
household: {monthly_income: 300000, monthly_expenses: 200000}
debts: [{creditor: A, amount: 3000000}]
"""

LINE = re.compile(r"^(?P<file>.+?)(:(?P<line>\d+))?: (?P<field>[^:]+): (?P<msg>.+)$")


@pytest.fixture
def rules(tmp_path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), dst)
    return dst


def run_with(rules_dir: Path, tmp_path: Path):
    from tsumitate_cli.main import cli

    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    res = CliRunner().invoke(cli, ["evaluate", "--format", "json", "--lang", "en", "--rules", str(rules_dir), str(case)])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert "Traceback" not in res.output
    return res


def refused(res, file: Path, *words: str, line: int | None | bool = True) -> str:
    """The run stopped before any case: exit 2, nothing on stdout, a line naming ``file``."""
    assert res.exit_code == 2
    assert res.stdout == ""
    lines = res.stderr.splitlines()
    assert "no case was evaluated" in lines[-1]
    hits = [x for x in lines[:-1] if LINE.match(x) and LINE.match(x)["file"] == str(file)]
    assert hits, res.stderr
    hit = next((h for h in hits if all(w.lower() in h.lower() for w in words)), None)
    assert hit is not None, (words, res.stderr)
    if line is True:
        assert LINE.match(hit)["line"] is not None, hit
    elif isinstance(line, int) and line is not False:
        assert LINE.match(hit)["line"] == str(line), hit
    return hit


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_copied_rules_directory_evaluates_the_case(rules, tmp_path):
    res = run_with(rules, tmp_path)
    assert res.exit_code == 0, res.stderr
    assert '"region":"tokyo"' in res.stdout


def test_a_yaml_syntax_error_in_a_region_file_names_the_file_and_line(rules, tmp_path):
    f = rules / "individual_rehabilitation" / "osaka.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "rules: [\n", encoding="utf-8")
    refused(run_with(rules, tmp_path), f, "YAML")


def test_an_unknown_key_in_a_rule_names_the_file_and_line(rules, tmp_path):
    f = rules / "individual_rehabilitation" / "tokyo.yaml"
    text = f.read_text(encoding="utf-8")
    line = text[:text.index("  - id: ir.test.tokyo.six_months_paid")].count("\n") + 2  # the line after the id
    edit(f, "  - id: ir.test.tokyo.six_months_paid\n", "  - id: ir.test.tokyo.six_months_paid\n    wen: {}\n")
    refused(run_with(rules, tmp_path), f, "unknown key", line=line)


def test_a_rule_reading_an_unknown_parameter_names_the_file_and_line(rules, tmp_path):
    f = rules / "individual_rehabilitation" / "tokyo.yaml"
    text = f.read_text(encoding="utf-8")
    start = text.index("  - id: ir.test.tokyo.six_months_paid")
    line = text[:start].count("\n") + 1
    edit(f, "  - id: ir.test.tokyo.six_months_paid\n",
         "  - id: ir.test.tokyo.six_months_paid\n    when: {capacity: {ge: {ref: params.no_such_fee}}}\n")
    # the rule may already have a 'when': a duplicate key is then the first problem; either names the rule's file
    hit = refused(run_with(rules, tmp_path), f)
    assert "no_such_fee" in hit or "duplicate key" in hit
    assert int(LINE.match(hit)["line"]) >= line


def test_a_new_rule_reading_an_unknown_parameter_names_its_line(rules, tmp_path):
    f = rules / "individual_rehabilitation" / "tokyo.yaml"
    text = f.read_text(encoding="utf-8")
    new_rule = ("  - id: ir.advice.colleague_typo\n    stage: outcome\n    when: {capacity: {lt: {ref: params.comissioner_fee}}}\n"
                "    record: advice\n    code: typo\n    ja: テスト\n    en: test\n    cite: なし\n")
    f.write_text(text.rstrip("\n") + "\n" + new_rule, encoding="utf-8")
    line = text.rstrip("\n").count("\n") + 2
    refused(run_with(rules, tmp_path), f, "comissioner_fee", line=line)


def test_a_region_named_in_courts_yaml_without_its_rule_file_is_reported(rules, tmp_path):
    (rules / "individual_rehabilitation" / "fukuoka.yaml").unlink()
    courts = rules / "courts.yaml"
    line = next(i for i, x in enumerate(courts.read_text(encoding="utf-8").splitlines(), 1) if x.startswith("  fukuoka:"))
    refused(run_with(rules, tmp_path), courts, "fukuoka", "individual_rehabilitation", line=line)


def test_a_missing_courts_file_is_reported(rules, tmp_path):
    (rules / "courts.yaml").unlink()
    refused(run_with(rules, tmp_path), rules / "courts.yaml", "no such file", line=False)


def test_a_missing_procedure_base_file_is_reported(rules, tmp_path):
    (rules / "voluntary_arrangement" / "base.yaml").unlink()
    refused(run_with(rules, tmp_path), rules / "voluntary_arrangement" / "base.yaml", "missing", line=False)


def test_an_object_tag_in_a_rule_file_is_rejected_and_never_executed(rules, tmp_path):
    marker = tmp_path / "PWNED"
    f = rules / "common.yaml"
    f.write_text(f.read_text(encoding="utf-8") + f'evil: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    refused(run_with(rules, tmp_path), f, "tag")
    assert not marker.exists()


def test_a_duplicate_key_in_a_rule_file_names_both_lines(rules, tmp_path):
    f = rules / "individual_rehabilitation" / "osaka.yaml"
    text = f.read_text(encoding="utf-8")
    first = text[:text.index("\nregion: osaka\n") + 1].count("\n") + 1
    f.write_text(text + "region: osaka\n", encoding="utf-8")
    hit = refused(run_with(rules, tmp_path), f, "duplicate key")
    assert f"line {first}" in hit


def test_a_rules_path_that_does_not_exist_is_reported(tmp_path):
    refused(run_with(tmp_path / "nowhere", tmp_path), tmp_path / "nowhere", "not found", line=False)


def test_a_rules_directory_in_cp932_with_crlf_is_read_like_utf8(rules, tmp_path):
    for f in rules.rglob("*.yaml"):
        text = "".join(c if _cp932(c) else "-" for c in f.read_text(encoding="utf-8"))
        f.write_bytes(text.replace("\n", "\r\n").encode("cp932"))
    res = run_with(rules, tmp_path)
    assert res.exit_code == 0, res.stderr


def _cp932(c: str) -> bool:
    try:
        c.encode("cp932")
        return True
    except UnicodeEncodeError:
        return False
