"""replay --accept: a rule change is agreed, and the failing expectations are rewritten to the new results."""

from __future__ import annotations

import shutil

from replay_support import RULES, TOKYO_FILE, VA_FILE, copy_suite, last_line, run
from tsumitate.sources import parse

COMMENTED = """\
# 任意整理の例（記事）: 30万円を36回
name: 任意整理 30万円 — 期待値が古い
tags: [voluntary_arrangement]   # 分類
case:
  case_id: accept-1
  as_of: 2026-11-25
  procedure: voluntary_arrangement
  court: tokyo
  household:
    monthly_income: 200000
    monthly_expenses: 190000
  debts:
    - {creditor: A社, amount: 300000, kind: consumer_finance}

expect:
  # 月額は100円単位で切り上げ
  feasibility.status: "feasible"   # 36回で可能
  deposit.monthly: 9000            # 古い値（手で書いた）
  feasibility.installments: 40     # これも古い
  deposit.payee: office_account
"""


def test_accept_rewrites_only_the_wrong_values_and_keeps_comments_and_layout(tmp_path):
    f = tmp_path / "va.yaml"
    f.write_text(COMMENTED, encoding="utf-8")
    r = run("replay", str(f), "--accept")
    assert r.exit_code == 1  # this run still had the mismatches
    assert f"accepted: {f} (2 values:" in r.stdout
    new = f.read_text(encoding="utf-8")
    expected = (COMMENTED.replace("deposit.monthly: 9000   ", "deposit.monthly: 8400   ")
                .replace("feasibility.installments: 40", "feasibility.installments: 36"))
    assert new == expected  # every comment, blank line, quote and column where it was
    again = run("replay", str(f))
    assert again.exit_code == 0 and last_line(again.stdout) == "1 passed, 0 failed"


def test_accept_never_touches_a_passing_file(tmp_path):
    suite = copy_suite(tmp_path)
    f = suite / VA_FILE
    f.write_text(f.read_text(encoding="utf-8").replace("deposit.monthly: 8400", "deposit.monthly: 1"), encoding="utf-8")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in suite.rglob("*.yaml") if p != f}
    r = run("replay", str(suite), "--accept")
    assert "--accept rewrote 1 file" in r.stdout
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in before} == before
    assert "deposit.monthly: 8400" in f.read_text(encoding="utf-8")


def test_accept_in_a_scenario_list_rewrites_the_failing_scenario_only(tmp_path):
    suite = copy_suite(tmp_path)
    new_rules = tmp_path / "rules"
    shutil.copytree(RULES, new_rules)
    t = new_rules / "individual_rehabilitation" / "tokyo.yaml"
    t.write_text(t.read_text(encoding="utf-8").replace("value: 150000\n", "value: 160000\n"), encoding="utf-8")
    f = suite / TOKYO_FILE
    original = f.read_text(encoding="utf-8")
    r = run("replay", str(f), "--accept", "--rules", str(new_rules))
    assert r.exit_code == 1 and "refund.amount" in r.stdout
    text = f.read_text(encoding="utf-8")
    # 180,000 - 160,000 = 20,000 for the lawyer; the self-filer's 0 and the comments stay
    assert text == original.replace("refund.amount: 30000       # 180,000 - 150,000",
                                    "refund.amount: 20000       # 180,000 - 150,000")
    assert run("replay", str(f), "--rules", str(new_rules)).exit_code == 0


def test_accept_writes_lists_inline_and_the_file_still_parses(tmp_path):
    suite = copy_suite(tmp_path)
    f = suite / "osaka_own_funds.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("alternatives: []", "alternatives: [bankruptcy, voluntary_arrangement]"),
                 encoding="utf-8")
    run("replay", str(f), "--accept")
    text = f.read_text(encoding="utf-8")
    assert "alternatives: []" in text
    assert parse(text, str(f))["expect"]["alternatives"] == []


def test_accept_of_a_block_list_falls_back_to_a_round_trip_that_keeps_comments(tmp_path):
    text = COMMENTED.replace("  deposit.payee: office_account\n",
                             "  deposit.payee: office_account\n  alternatives:   # 代替手続\n    - bankruptcy\n")
    f = tmp_path / "va.yaml"
    f.write_text(text, encoding="utf-8")
    run("replay", str(f), "--accept")
    new = f.read_text(encoding="utf-8")
    assert "# 任意整理の例（記事）: 30万円を36回" in new and "# 月額は100円単位で切り上げ" in new and "# 代替手続" in new
    data = parse(new, str(f))
    assert data["expect"]["alternatives"] == [] and data["expect"]["deposit.monthly"] == 8400
    assert list(data["expect"]) == ["feasibility.status", "deposit.monthly", "feasibility.installments", "deposit.payee",
                                    "alternatives"]


def test_accept_keeps_crlf_line_endings_and_a_bom(tmp_path):
    f = tmp_path / "va.yaml"
    f.write_bytes(b"\xef\xbb\xbf" + COMMENTED.replace("\n", "\r\n").encode("utf-8"))
    run("replay", str(f), "--accept")
    raw = f.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == COMMENTED.count("\n")
    assert b"deposit.monthly: 8400" in raw


def test_an_expected_error_or_a_missing_path_is_not_accepted_but_reported(tmp_path):
    f = tmp_path / "va.yaml"
    f.write_text(COMMENTED.replace("deposit.payee: office_account", "deposit.payer: office_account"), encoding="utf-8")
    r = run("replay", str(f), "--accept")
    assert "not accepted:" in r.stdout and "deposit.payer" in r.stdout
    assert "deposit.payer: office_account" in f.read_text(encoding="utf-8")
