"""tsumitate diff: an office changes a court's fee and sees which known cases change, and why."""

from __future__ import annotations

import json
import shutil
import subprocess

from replay_support import RULES, SUITE, run, run_process

TOKYO_RULES = "individual_rehabilitation/tokyo.yaml"


def _rules_with_tokyo_fee(tmp_path, fee: int):
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    f = copy / TOKYO_RULES
    text = f.read_text(encoding="utf-8")
    assert "value: 150000\n" in text  # Tokyo's fee with a lawyer (domain.md)
    f.write_text(text.replace("value: 150000\n", f"value: {fee}\n"), encoding="utf-8")
    return copy


def test_tokyos_fee_raised_to_160000_changes_the_lawyer_case_refund_and_exits_1(tmp_path):
    new = _rules_with_tokyo_fee(tmp_path, 160000)
    r = run_process("diff", "--base", str(RULES), "--rules", str(new), str(SUITE))
    assert r.returncode == 1, r.stderr
    out = r.stdout
    # 6 x 30,000 = 180,000 deposited: 180,000 - 150,000 = 30,000 before, 180,000 - 160,000 = 20,000 after
    assert "refund.amount: 30000 → 20000" in out
    assert "commissioner_fee" in out and "150000 → 160000" in out
    assert "東京・弁護士あり" in out
    assert "東京・本人申立て" not in out  # the self-filer's fee (250,000) did not change: refund stays 0
    assert "大阪" not in out and "任意整理" not in out
    assert out.rstrip().splitlines()[-1] == "1 of 5 cases change under the new rules (1 group)"


def test_the_same_rules_on_both_sides_change_nothing_and_exit_0():
    r = run("diff", "--base", str(RULES), "--rules", str(RULES), str(SUITE))
    assert r.exit_code == 0
    assert r.stdout.strip().splitlines()[-1] == "0 of 5 cases change under the new rules"


def test_a_rule_that_stops_firing_heads_its_group(tmp_path):
    new = tmp_path / "rules"
    shutil.copytree(RULES, new)
    f = new / "voluntary_arrangement" / "base.yaml"
    text = f.read_text(encoding="utf-8")
    # the office now asks for at least 48 installments: 300,000 / 48 → 6,300 a month
    assert "value: 36" in text
    f.write_text(text.replace("value: 36", "value: 48", 1), encoding="utf-8")
    r = run("diff", "--base", str(RULES), "--rules", str(new), str(SUITE), "--format", "json")
    objs = [json.loads(line) for line in r.stdout.splitlines()]
    va = next(o for o in objs if o["type"] == "change" and "任意整理" in o["name"])
    paths = {c["path"]: (c["old"], c["new"]) for c in va["changes"]}
    assert paths["feasibility.installments"] == (36, 48)
    assert paths["deposit.monthly"] == (8400, 6300)
    assert objs[-1]["type"] == "summary" and objs[-1]["changed"] >= 1
    assert r.exit_code == 1


def test_base_may_be_a_git_revision_of_the_rules_directory(tmp_path):
    repo = tmp_path / "office"
    repo.mkdir()
    shutil.copytree(RULES, repo / "rules")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(repo)]
    subprocess.run(git[:-2] + ["init", "-q", str(repo)], check=True)
    subprocess.run(git + ["add", "rules"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "rules as shipped"], check=True)
    f = repo / "rules" / TOKYO_RULES
    f.write_text(f.read_text(encoding="utf-8").replace("value: 150000\n", "value: 160000\n"), encoding="utf-8")
    subprocess.run(git + ["commit", "-q", "-am", "Tokyo fee 160,000"], check=True)
    r = run_process("diff", "--base", "HEAD~1", "--rules", "rules", str(SUITE), cwd=repo)
    assert r.returncode == 1, r.stderr
    assert "refund.amount: 30000 → 20000" in r.stdout
    same = run_process("diff", "--base", "HEAD", "--rules", "rules", str(SUITE), cwd=repo)
    assert same.returncode == 0, same.stderr


def test_a_base_that_is_neither_a_directory_nor_a_revision_is_exit_2_without_a_traceback(tmp_path):
    r = run_process("diff", "--base", "no-such-revision-xyz", str(SUITE))
    assert r.returncode == 2
    assert "no-such-revision-xyz: --base: not a directory" in r.stderr
    assert "Traceback" not in r.stderr


def test_an_unreadable_scenario_file_is_exit_2_while_the_others_are_compared(tmp_path):
    suite = tmp_path / "s"
    shutil.copytree(SUITE, suite)
    (suite / "bad.yaml").write_text("name: [\n", encoding="utf-8")
    new = _rules_with_tokyo_fee(tmp_path, 160000)
    r = run("diff", "--base", str(RULES), "--rules", str(new), str(suite))
    assert r.exit_code == 2
    assert "bad.yaml:2" in r.stderr
    assert "refund.amount: 30000 → 20000" in r.stdout
