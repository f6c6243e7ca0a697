"""Hostile and messy case files: each gives a correct result or one clear line, exit 2, no traceback.

Case files come from office systems, Windows editors and e-mails. Expected results are worked
out by hand from domain.md: the good case has D = 500,000 yen and capacity
250,000 - 200,000 = 50,000, so payment(36) = ceil_to(500,000 / 36, 100) = 13,900 fits:
feasible in 36 installments, 13,900 yen a month.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from tsumitate.errors import InputError
from tsumitate.model.case import MAX_YEN
from tsumitate.model.case_file import load_case
from tsumitate.sources import MAX_FILE_BYTES, MAX_NESTING, MAX_NODES, parse

GOOD = """\
case_id: "山田太郎-001"
as_of: 2026-11-25
procedure: voluntary_arrangement
court: tokyo
household:
  monthly_income: 250000
  monthly_expenses: 200000
debts:
  - creditor: "アコム株式会社"
    amount: 500000
    kind: consumer_finance
deposits:
  - month: 2026-06
    due: 13900
    paid: 13900
"""

LINE = re.compile(r"^(?P<file>.+?)(:(?P<line>\d+))?: (?P<field>[^:]+): (?P<msg>.+)$")


def evaluate(*paths: Path | str):
    """Run ``tsumitate evaluate --format json`` in-process: (exit code, results, problem lines)."""
    from tsumitate_cli.main import cli

    res = CliRunner().invoke(cli, ["evaluate", "--format", "json", "--lang", "en", *map(str, paths)])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert "Traceback" not in res.output
    results = [json.loads(x) for x in res.stdout.splitlines() if x.strip()]
    problems = [x for x in res.stderr.splitlines() if x.strip()]
    return res.exit_code, results, problems


def rejected(path: Path, field: str | None = None, *words: str, line: int | None | bool = True, max_len: int = 400) -> str:
    """Assert ``path`` alone is rejected with one clear line; return the message."""
    code, results, problems = evaluate(path)
    assert code == 2 and results == []
    assert len(problems) >= 1
    m = LINE.match(problems[0])
    assert m, problems[0]
    assert m["file"] == str(path)
    if line is True:
        assert m["line"] is not None, problems[0]
    elif isinstance(line, int) and line is not False:
        assert m["line"] == str(line), problems[0]
    if field is not None:
        assert m["field"] == field, problems[0]
    for w in words:
        assert w.lower() in problems[0].lower(), problems[0]
    assert len(problems[0]) < max_len
    return problems[0]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(content, str):
        p.write_text(content, encoding="utf-8")
    else:
        p.write_bytes(content)
    return p


def expect_good(result: dict) -> None:
    assert result["case_id"] == "山田太郎-001"
    assert result["feasibility"]["status"] == "feasible"
    assert result["feasibility"]["installments"] == 36
    assert result["deposit"]["monthly"] == 13900
    assert result["refund"]["deposited"] == 13900


def test_the_plain_good_case_gives_the_hand_computed_result(tmp_path):
    code, results, problems = evaluate(write(tmp_path, "good.yaml", GOOD))
    assert (code, problems) == (0, [])
    expect_good(results[0])


# --- empty and wrongly shaped files ---------------------------------------------------------

def test_an_empty_file_is_reported_as_empty(tmp_path):
    rejected(write(tmp_path, "empty.yaml", ""), "-", "empty")


def test_a_file_of_only_comments_and_blank_lines_is_reported_as_empty(tmp_path):
    rejected(write(tmp_path, "c.yaml", "# 山田さんの件\n\n   \n# todo\n"), "-", "empty")


def test_a_top_level_list_is_rejected_as_not_a_mapping(tmp_path):
    rejected(write(tmp_path, "l.yaml", "- case_id: a\n- case_id: b\n"), "-", "mapping", "list")


def test_a_bare_scalar_is_rejected_as_not_a_mapping(tmp_path):
    rejected(write(tmp_path, "s.yaml", "just some words\n"), "-", "mapping")


def test_a_yaml_syntax_error_names_its_line_and_column(tmp_path):
    msg = rejected(write(tmp_path, "x.yaml", "case_id: a\ndebts: [1, 2\ncourt: tokyo\n"), "-", "YAML syntax", "column", line=3)
    assert "column" in msg


def test_a_tab_indented_block_is_a_syntax_error_with_its_line(tmp_path):
    rejected(write(tmp_path, "t.yaml", "case_id: a\nhousehold:\n\tmonthly_income: 1\n"), "-", "YAML", line=3)


def test_two_yaml_documents_in_one_case_file_are_rejected(tmp_path):
    rejected(write(tmp_path, "two.yaml", GOOD + "---\n" + GOOD), "-", "single document")


# --- tags that would build objects: rejected, never executed --------------------------------

@pytest.mark.parametrize("tag", [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.call [["touch", "{marker}"]]',
    '!!python/object/new:builtins.open ["{marker}", "w"]',
    '!!python/object/apply:builtins.exec ["open(\'{marker}\', \'w\')"]',
    '!!python/name:os.system',
    '!!python/module:os',
    '!!python/object:tsumitate.model.case.Case {{}}',
    "!!binary aGVsbG8=",
    "!!set {{a, b}}",
    "!Custom {{x: 1}}",
])
def test_a_yaml_tag_that_would_build_an_object_is_rejected_and_never_executed(tmp_path, tag):
    marker = tmp_path / "PWNED"
    value = tag.format(marker=marker)
    msg = rejected(write(tmp_path, "evil.yaml", GOOD.replace('"山田太郎-001"', value)), "-", "tag", line=1)
    assert "not allowed" in msg
    assert not marker.exists()


def test_an_object_tag_deep_inside_the_ledger_is_rejected_too(tmp_path):
    marker = tmp_path / "PWNED"
    text = GOOD.replace("paid: 13900", f'paid: !!python/object/apply:os.system ["touch {marker}"]')
    rejected(write(tmp_path, "evil.yaml", text), "-", "tag", line=15)
    assert not marker.exists()



@pytest.mark.parametrize("tagged, words", [
    ("!!bool maybe", ("!!bool", "true or false")),
    ("!!timestamp soon", ("!!timestamp", "not a date")),
    ("!!int [1]", ("syntax",)),
    ("!!str {a: 1}", ("syntax",)),
])
def test_a_plain_data_tag_on_a_value_it_cannot_describe_is_rejected_at_its_line(tmp_path, tagged, words):
    text = GOOD.replace("kind: consumer_finance", f"kind: {tagged}")
    rejected(write(tmp_path, "mistagged.yaml", text), "-", *words, line=11)

# --- alias bombs and absurd nesting: rejected quickly, memory bounded -----------------------

def _billion_laughs(levels: int = 10) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_alias_bomb_is_rejected_with_bounded_memory(tmp_path):
    path = write(tmp_path, "bomb.yaml", _billion_laughs())
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as e:
            load_case(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "alias" in str(e.value)
    assert peak < 20 * 1024 * 1024  # expanded, 10 levels would be 9**10 = 3.5 billion strings
    rejected(path, "-", "alias")


def test_a_self_referencing_anchor_is_rejected(tmp_path):
    rejected(write(tmp_path, "loop.yaml", "case_id: &x [a, *x]\n"), "-", "alias")


def test_a_single_harmless_alias_is_still_rejected_so_no_value_is_shared(tmp_path):
    text = GOOD + "fee_contract: &f {refund_policy: full}\nmilestones: *f\n"
    rejected(write(tmp_path, "alias.yaml", text), "-", "alias")


def test_merge_keys_are_rejected(tmp_path):
    rejected(write(tmp_path, "merge.yaml", GOOD + "milestones:\n  <<: {cancelled: true}\n"), "<<", "merge")


@pytest.mark.parametrize("text", [
    "[" * 10_000 + "]" * 10_000,
    "{" * 10_000 + "}" * 10_000,
    "a: " + "[" * 10_000,
    "- " * 10_000 + "x",
    "".join(" " * i + "k:\n" for i in range(10_000)) + " " * 10_000 + "v\n",
    "".join(" " * i + "-\n" for i in range(10_000)) + " " * 10_000 + "v\n",
], ids=["flow lists", "flow mappings", "unclosed", "block lists on one line", "indented mappings", "indented lists"])
def test_ten_thousand_levels_of_nesting_are_rejected_without_recursion_error(text):
    with pytest.raises(InputError) as e:
        parse(text, "deep.yaml")
    assert f"nested more than {MAX_NESTING} levels" in str(e.value) or "YAML syntax" in str(e.value)


def test_nesting_just_past_the_limit_is_rejected_at_its_line(tmp_path):
    text = "".join(" " * i + "k:\n" for i in range(MAX_NESTING)) + " " * MAX_NESTING + "v\n"
    rejected(write(tmp_path, "deep.yaml", text), "-", "nested")


def test_indented_nesting_in_a_file_is_rejected(tmp_path):
    text = "".join(" " * i + "k:\n" for i in range(1500)) + " " * 1500 + "v\n"
    assert len(text) < MAX_FILE_BYTES
    rejected(write(tmp_path, "deep.yaml", text), "-", "nested")


def test_a_file_of_a_million_tiny_values_is_rejected_with_bounded_memory(tmp_path):
    path = write(tmp_path, "wide.yaml", "[" + ",".join(["1"] * 1_000_000) + "]")
    assert path.stat().st_size < MAX_FILE_BYTES
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as e:
            load_case(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert f"more than {MAX_NODES:,} values" in str(e.value)
    assert peak < 50 * 1024 * 1024  # composed, a million nodes with their marks take several hundred MB


# --- duplicate keys ---------------------------------------------------------------------------

def test_a_duplicate_key_is_an_error_naming_both_lines(tmp_path):
    msg = rejected(write(tmp_path, "dup.yaml", GOOD + "court: osaka\n"), "court", line=16)
    assert "line 4" in msg and "line 16" in msg


def test_a_duplicate_key_inside_a_debt_is_an_error_naming_both_lines(tmp_path):
    text = GOOD.replace("    kind: consumer_finance\n", "    kind: consumer_finance\n    amount: 5000000\n")
    msg = rejected(write(tmp_path, "dup.yaml", text), "amount", line=12)
    assert "line 10" in msg and "line 12" in msg


def test_a_json_case_file_gives_the_same_result_as_its_yaml_twin(tmp_path):
    data = {"case_id": "山田太郎-001", "as_of": "2026-11-25", "procedure": "voluntary_arrangement", "court": "tokyo",
            "household": {"monthly_income": 250000, "monthly_expenses": 200000},
            "debts": [{"creditor": "アコム株式会社", "amount": 500000, "kind": "consumer_finance"}],
            "deposits": [{"month": "2026-06", "due": 13900, "paid": 13900}]}
    j = write(tmp_path, "case.json", json.dumps(data, ensure_ascii=False, indent="\t"))
    y = write(tmp_path, "case.yaml", GOOD)
    code, results, problems = evaluate(j, y)
    assert (code, problems) == (0, [])
    expect_good(results[0])
    assert results[0] == results[1]


def test_a_json_file_with_a_duplicate_key_is_an_error_naming_both_lines(tmp_path):
    text = '{\n  "case_id": "a",\n  "court": "tokyo",\n  "court": "osaka"\n}\n'
    msg = rejected(write(tmp_path, "dup.json", text), "court", line=4)
    assert "line 3" in msg


# --- money ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["1.5", '"100"', "true", "1e6", "1.0e+6", "500000.0", ".inf", ".nan", "null", "[1]", "0x10"])
def test_money_that_is_not_whole_yen_is_rejected_at_its_field(tmp_path, value):
    if value == "0x10":  # YAML 1.1 reads 0x10 as the integer 16: a whole number, accepted
        code, results, _ = evaluate(write(tmp_path, "hex.yaml", GOOD.replace("amount: 500000", "amount: 0x10")))
        assert code == 0
        return
    rejected(write(tmp_path, "m.yaml", GOOD.replace("amount: 500000", f"amount: {value}")), "debts[0].amount", line=10)


def test_negative_money_is_rejected_at_its_field(tmp_path):
    rejected(write(tmp_path, "neg.yaml", GOOD.replace("monthly_expenses: 200000", "monthly_expenses: -5")),
             "household.monthly_expenses", "0 or more", line=7)


def test_money_beyond_the_documented_upper_bound_is_rejected(tmp_path):
    msg = rejected(write(tmp_path, "big.yaml", GOOD.replace("amount: 500000", f"amount: {MAX_YEN + 1}")),
                   "debts[0].amount", "upper bound", line=10)
    assert f"{MAX_YEN:,}" in msg


def test_a_number_of_five_thousand_digits_is_rejected_without_a_traceback(tmp_path):
    rejected(write(tmp_path, "digits.yaml", GOOD.replace("amount: 500000", "amount: 1" + "0" * 5000)), "debts[0].amount", line=10)


def test_money_at_the_upper_bound_is_evaluated(tmp_path):
    code, results, problems = evaluate(write(tmp_path, "max.yaml", GOOD.replace("amount: 500000", f"amount: {MAX_YEN}")))
    assert (code, problems) == (0, [])
    # D = 100,000,000,000 cannot fit a 50,000 yen capacity even over 84 months.
    assert results[0]["feasibility"]["status"] == "infeasible"


# --- dates, months, enums -----------------------------------------------------------------------

@pytest.mark.parametrize("value", ["2026-02-30", '"2026-02-30"', "2026-13-01", "2026-11-25 10:00:00", '"25.11.2026"', "20261125"])
def test_an_impossible_or_malformed_date_is_rejected_at_its_field(tmp_path, value):
    rejected(write(tmp_path, "d.yaml", GOOD.replace("as_of: 2026-11-25", f"as_of: {value}")), "as_of", "date", line=2)


def test_an_impossible_paid_date_in_the_ledger_is_rejected_at_its_row(tmp_path):
    text = GOOD + "    paid_date: 2026-06-31\n"
    rejected(write(tmp_path, "d.yaml", text), "deposits[0].paid_date", "no such date", line=16)


@pytest.mark.parametrize("value", ["2026-13", "2026-6", "2026-00", "26-06", "2026-06-01", "2026/06", "202606"])
def test_an_impossible_or_malformed_month_is_rejected_at_its_row(tmp_path, value):
    rejected(write(tmp_path, "m.yaml", GOOD.replace("month: 2026-06", f"month: {value}")), "deposits[0].month", "YYYY-MM", line=13)


@pytest.mark.parametrize("field,old,new,valid", [
    ("procedure", "procedure: voluntary_arrangement", "procedure: bankruptcy", "voluntary_arrangement"),
    ("debts[0].kind", "kind: consumer_finance", "kind: loan_shark", "credit_card"),
    ("representation", "court: tokyo", "court: tokyo\nrepresentation: friend", "judicial_scrivener"),
    ("fee_contract.refund_policy", "court: tokyo", "court: tokyo\nfee_contract: {refund_policy: half}", "minus_expenses"),
])
def test_an_unknown_enum_value_is_rejected_with_the_valid_values(tmp_path, field, old, new, valid):
    rejected(write(tmp_path, "e.yaml", GOOD.replace(old, new)), field, valid)


def test_an_unknown_court_is_rejected_with_the_known_courts(tmp_path):
    rejected(write(tmp_path, "c.yaml", GOOD.replace("court: tokyo", "court: atlantis")), "court", "tokyo", "osaka", line=4, max_len=2000)


def test_an_unknown_key_is_rejected_with_the_allowed_keys(tmp_path):
    rejected(write(tmp_path, "k.yaml", GOOD.replace("  monthly_expenses:", "  monthly_expense:")),
             "household.monthly_expense", "unknown key", "monthly_expenses", line=7)


# --- paths that are not case files ----------------------------------------------------------------

def test_a_directory_is_reported_as_a_directory(tmp_path):
    (tmp_path / "cases").mkdir()
    rejected(tmp_path / "cases", "-", "directory", line=False)


def test_a_missing_path_is_reported_as_missing(tmp_path):
    rejected(tmp_path / "nope.yaml", "-", "no such file", line=False)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_rejected_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    rejected(fifo, "-", "not a regular file", line=False)


def test_a_device_is_rejected_without_reading_it(tmp_path):
    rejected(Path("/dev/zero"), "-", "not a regular file", line=False)


@pytest.mark.parametrize("name,content", [
    ("random.yaml", random.Random(5).randbytes(4096)),
    ("image.png.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
    ("nul.yaml", GOOD.encode() + b"\x00\x00\x00"),
    ("latin1.yaml", "creditor: café Müller\n".encode("latin-1") + b"\x80\x81\xff\n"),
    ("utf16_no_bom.yaml", GOOD.encode("utf-16-le")),
    ("controls.yaml", b"case_id: a\x07b\n"),
], ids=["random bytes", "a PNG header", "NUL bytes", "undecodable", "UTF-16 without BOM", "control characters"])
def test_binary_junk_is_rejected_with_one_line(tmp_path, name, content):
    rejected(write(tmp_path, name, content), "-", line=None)


def test_random_bytes_without_nul_are_rejected_with_one_line(tmp_path):
    rng = random.Random(7)
    for i in range(20):
        data = bytes(b for b in rng.randbytes(512) if b)
        rejected(write(tmp_path, f"junk{i}.yaml", data), None, line=None)


def test_a_file_over_the_size_limit_is_rejected_without_reading_it(tmp_path):
    p = tmp_path / "huge.yaml"
    with open(p, "wb") as f:
        f.write(GOOD.encode())
        f.write(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    rejected(p, "-", "bytes", f"{MAX_FILE_BYTES:,}", line=False)


@pytest.mark.parametrize("old,new,field", [
    ('"山田太郎-001"', '"' + "x" * 1_000_000 + '"', "case_id"),
    ('"アコム株式会社"', "山" * 300_000, "debts[0].creditor"),
    ("court: tokyo", "court: " + "t" * 500_000, "court"),
    ("month: 2026-06", "month: " + "6" * 500_000, "deposits[0].month"),
    ("amount: 500000", "amount: " + "z" * 500_000, "debts[0].amount"),
])
def test_very_long_strings_are_rejected_with_a_short_message(tmp_path, old, new, field):
    rejected(write(tmp_path, "long.yaml", GOOD.replace(old, new)), field)


# --- encodings -----------------------------------------------------------------------------

@pytest.mark.parametrize("encode", [
    lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    lambda t: t.replace("\n", "\r").encode("utf-8"),
    lambda t: t.encode("utf-16"),
    lambda t: t.encode("utf-16-be") and b"\xfe\xff" + t.encode("utf-16-be"),
    lambda t: b"\xff\xfe" + t.replace("\n", "\r\n").encode("utf-16-le"),
    lambda t: t.encode("utf-32"),
    lambda t: t.encode("cp932"),
    lambda t: t.replace("\n", "\r\n").encode("shift_jis"),
], ids=["UTF-8 BOM CRLF", "UTF-8 CRLF", "UTF-8 BOM", "old Mac CR", "UTF-16 BOM", "UTF-16 BE BOM", "UTF-16 LE BOM CRLF",
        "UTF-32 BOM", "CP932", "Shift_JIS CRLF"])
def test_a_case_file_in_a_windows_or_japanese_encoding_gives_the_same_result_as_plain_utf8(tmp_path, encode):
    plain = write(tmp_path, "plain.yaml", GOOD)
    other = write(tmp_path, "other.yaml", encode(GOOD))
    code, results, problems = evaluate(plain, other)
    assert (code, problems) == (0, [])
    expect_good(results[1])
    assert results[0] == results[1]
    assert load_case(other).debts[0].creditor == "アコム株式会社"


def test_a_cp932_file_with_kanji_creditor_names_is_decoded_correctly(tmp_path):
    text = GOOD.replace("アコム株式会社", "株式会社ジャックス（髙橋）").replace("山田太郎-001", "①髙﨑-001")
    case = load_case(write(tmp_path, "sjis.yaml", text.encode("cp932")))
    assert case.debts[0].creditor == "株式会社ジャックス（髙橋）"
    assert case.case_id == "①髙﨑-001"


def test_an_error_in_a_cp932_file_points_at_the_right_line(tmp_path):
    text = GOOD.replace("amount: 500000", "amount: 五十万円")
    rejected(write(tmp_path, "sjis.yaml", text.encode("cp932")), "debts[0].amount", line=10)


def test_a_file_that_reads_differently_as_shift_jis_and_as_euc_jp_says_which_and_how_to_convert(tmp_path):
    text = "case_id: ｱｺﾑｶ\n"  # half-width katakana: valid CP932 bytes that are also valid EUC-JP
    msg = rejected(write(tmp_path, "amb.yaml", text.encode("cp932")), "-", "EUC-JP", "CP932", "iconv")
    assert "UTF-8" in msg


def test_an_euc_jp_file_is_not_silently_misread_as_shift_jis(tmp_path):
    rejected(write(tmp_path, "euc.yaml", GOOD.encode("euc_jp")), "-", "EUC-JP", "iconv")


def test_a_file_with_a_bom_but_broken_utf16_is_rejected(tmp_path):
    rejected(write(tmp_path, "b.yaml", b"\xff\xfe" + b"a\x00" * 3 + b"\x00\xd8"), "-", "UTF-16", line=None)


# --- several files in one call -----------------------------------------------------------------

def test_every_bad_file_is_reported_and_every_good_files_result_is_still_printed(tmp_path):
    good = write(tmp_path, "good.yaml", GOOD)
    sjis = write(tmp_path, "sjis.yaml", GOOD.encode("cp932"))
    bad = [
        write(tmp_path, "empty.yaml", ""),
        write(tmp_path, "bomb.yaml", _billion_laughs()),
        write(tmp_path, "evil.yaml", "case_id: !!python/object/apply:os.system [echo]\n"),
        write(tmp_path, "junk.yaml", random.Random(1).randbytes(300)),
        tmp_path / "missing.yaml",
        write(tmp_path, "money.yaml", GOOD.replace("amount: 500000", "amount: 1.5")),
    ]
    code, results, problems = evaluate(good, *bad[:3], sjis, *bad[3:], good)
    assert code == 2
    assert len(results) == 3
    for r in results:
        expect_good(r)
    named = {LINE.match(p)["file"] for p in problems}
    assert named == {str(b) for b in bad}


def test_a_mixed_run_in_a_real_process_prints_no_traceback(tmp_path):
    good = write(tmp_path, "good.yaml", GOOD)
    bad = write(tmp_path, "deep.yaml", "[" * 100_000)
    junk = write(tmp_path, "junk.yaml", random.Random(2).randbytes(1000))
    exe = Path(sys.executable).with_name("tsumitate")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "tsumitate_cli.main"]
    proc = subprocess.run(cmd + ["evaluate", "--format", "json", str(bad), str(good), str(junk)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    expect_good(json.loads(proc.stdout))
    assert [LINE.match(x)["file"] for x in proc.stderr.splitlines()] == [str(bad), str(junk)]


# --- the same loader for scenario and rule files -------------------------------------------------

def test_a_scenario_file_with_an_object_tag_is_reported_by_replay(tmp_path):
    from tsumitate_cli.main import cli

    marker = tmp_path / "PWNED"
    write(tmp_path, "s.yaml", f'name: x\ncase: !!python/object/apply:os.system ["touch {marker}"]\nexpect: {{a: 1}}\n')
    res = CliRunner().invoke(cli, ["replay", "--lang", "en", str(tmp_path)])
    assert res.exit_code == 2
    assert "tag" in res.stderr and str(tmp_path / "s.yaml") in res.stderr
    assert not marker.exists()


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc")
def test_a_file_whose_size_the_system_reports_as_zero_is_still_read_whole():
    # /proc files say 0 bytes; the reader asks for the reported size first, then reads on to the limit
    from tsumitate.sources import read_bytes

    raw = read_bytes("/proc/self/status")
    assert raw.startswith(b"Name:") and raw.endswith(b"\n") and len(raw) > 100
