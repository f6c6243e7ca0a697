"""replay --workers: several processes, and the same report in the same order as one."""

from __future__ import annotations

from replay_support import copy_suite, run_process


def _suite_with_failures(tmp_path):
    suite = copy_suite(tmp_path)
    for i in range(12):  # more files than workers, some failing, one unreadable
        text = (suite / "voluntary_300k.yaml").read_text(encoding="utf-8")
        if i % 3 == 0:
            text = text.replace("deposit.monthly: 8400", f"deposit.monthly: {8400 + i}")
        (suite / f"copy_{i:02d}.yaml").write_text(text.replace("name: 任意整理", f"name: 写し{i:02d} 任意整理"), encoding="utf-8")
    (suite / "copy_05_broken.yaml").write_text("name: [\n", encoding="utf-8")
    return suite


def test_two_workers_print_exactly_what_one_worker_prints(tmp_path):
    suite = _suite_with_failures(tmp_path)
    for fmt in ("text", "json"):
        one = run_process("replay", str(suite), "--workers", "1", "--format", fmt)
        two = run_process("replay", str(suite), "--workers", "2", "--format", fmt)
        assert one.returncode == two.returncode == 2
        assert one.stdout == two.stdout
        assert one.stderr == two.stderr
        assert "Traceback" not in two.stderr


def test_more_workers_than_files_is_fine(tmp_path):
    suite = copy_suite(tmp_path)
    r = run_process("replay", str(suite / "voluntary_300k.yaml"), "--workers", "8")
    assert r.returncode == 0 and r.stdout.splitlines()[-1] == "1 passed, 0 failed"
