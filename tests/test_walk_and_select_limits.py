"""A scenario folder with link loops, a selection that matches nothing, absurd nesting and absurd -k
expressions: each gives one clear line and exit 2, and never hides a failing scenario."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from replay_support import SCENARIO_COUNT, SUITE, copy_suite, last_line, run, run_process

FAILING = (SUITE / "voluntary_300k.yaml").read_text(encoding="utf-8").replace("deposit.monthly: 8400", "deposit.monthly: 1")


def test_a_link_loop_is_a_problem_and_the_failing_scenario_beside_it_still_fails(tmp_path):
    suite = copy_suite(tmp_path)
    (suite / "tokyo" / "broken.yaml").write_text(FAILING, encoding="utf-8")
    (suite / "tokyo" / "up").symlink_to("..")
    r = run("replay", str(suite), "--workers", "1", "--lang", "ja")
    assert f"{suite / 'tokyo' / 'up'}: -: シンボリックリンクの循環です" in r.stderr
    assert last_line(r.stdout) == f"{SCENARIO_COUNT} passed, 1 failed, 1 errors"
    assert r.exit_code == 2


def test_self_link_does_not_multiply_the_scenarios(tmp_path):
    suite = copy_suite(tmp_path)
    (suite / "self").symlink_to(".")
    (suite / "tokyo" / "again").symlink_to(".")
    started = time.monotonic()
    r = run("replay", str(suite), "--workers", "1", "--lang", "ja")
    assert time.monotonic() - started < 60  # two such links used to never finish listing
    assert last_line(r.stdout) == f"{SCENARIO_COUNT} passed, 0 failed, 2 errors"
    assert r.stderr.count("シンボリックリンクの循環です") == 2


def test_a_second_way_into_the_same_folder_is_reported_not_counted_twice(tmp_path):
    suite = copy_suite(tmp_path)
    (suite / "z_shared").symlink_to(suite / "tokyo")  # listed after tokyo/, so tokyo/ is the first way in
    r = run("replay", str(suite), "--workers", "1", "--lang", "ja")
    assert last_line(r.stdout) == f"{SCENARIO_COUNT} passed, 0 failed, 1 errors"
    assert f"{suite / 'z_shared'}: -: {suite / 'tokyo'} と同じフォルダです" in r.stderr


def test_a_thousand_nested_folders_are_walked_without_recursion(tmp_path):
    deep = tmp_path / "lib"
    folder = str(deep)
    os.mkdir(folder)
    for _ in range(1000):  # one at a time: os.makedirs itself recurses
        folder = os.path.join(folder, "d")
        os.mkdir(folder)
    Path(folder, "va.yaml").write_text(FAILING, encoding="utf-8")
    try:
        r = run_process("replay", str(deep))
        assert "Traceback" not in r.stderr and last_line(r.stdout) == "0 passed, 1 failed"
        assert r.returncode == 1
    finally:  # bottom up, one at a time: pytest's own clean-up (shutil.rmtree) recurses and fails here
        os.unlink(os.path.join(folder, "va.yaml"))
        while folder != str(deep):
            os.rmdir(folder)
            folder = os.path.dirname(folder)


def test_k_or_tag_matching_nothing_exits_2_and_says_so():
    r = run("replay", str(SUITE), "-k", "大阪高裁", "--lang", "ja")
    assert r.exit_code == 2 and "選択に合うシナリオがひとつもありません" in r.stderr
    assert last_line(r.stdout) == "0 passed, 0 failed"
    r = run("replay", str(SUITE), "--tag", "no-such-tag")
    assert r.exit_code == 2 and "--tag 'no-such-tag'" in r.stderr
    r = run("diff", str(SUITE), "--base", str(Path(__file__).parent.parent / "rules"), "-k", "大阪高裁", "--lang", "ja")
    assert r.exit_code == 2 and "選択に合うシナリオがひとつもありません" in r.stderr


def test_k_with_a_thousand_or_terms_runs(tmp_path):
    expr = " or ".join(f"word{i}" for i in range(1000)) + " or 東京"
    r = run_process("replay", str(SUITE), "-k", expr, "--workers", "2")
    assert "Traceback" not in r.stderr and last_line(r.stdout) == "2 passed, 0 failed" and r.returncode == 0


def test_k_with_400_parentheses_is_one_line_and_exit_2():
    r = run_process("replay", str(SUITE), "-k", "(" * 400 + "東京" + ")" * 400)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and "nested more than 50 deep" in r.stderr


def test_a_nul_byte_in_case_file_is_one_line_and_exit_2(tmp_path):
    f = tmp_path / "nul.yaml"
    f.write_text('name: NUL\ncase_file: "case\\0.yaml"\nexpect: {feasibility.status: feasible}\n', encoding="utf-8")
    r = run_process("replay", str(f))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and f"{f}:2: case_file:" in r.stderr
