"""replay --workers: several processes, and the same report in the same order as one."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from replay_support import SCENARIO_COUNT, copy_suite, run_process


def _exe() -> list[str]:
    exe = Path(sys.executable).parent / "tsumitate"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tsumitate_cli.main"]


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


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def _big_suite(tmp_path, copies: int):
    suite = copy_suite(tmp_path)
    text = (suite / "voluntary_300k.yaml").read_text(encoding="utf-8")
    for i in range(copies):
        (suite / f"copy_{i:04d}.yaml").write_text(text.replace("name: 任意整理", f"name: 写し{i:04d} 任意整理"), encoding="utf-8")
    return suite


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="finds the workers through /proc (Linux)")
def test_a_killed_worker_is_noticed_its_scenarios_are_errors_and_the_run_ends(tmp_path):
    # enough scenarios that the workers are still busy when one is killed, on a fast idle machine too
    # (1,500 finished within 0.3 s on a clean CI machine, and the kill then found a worker with nothing left)
    suite = _big_suite(tmp_path, 6000)
    total = SCENARIO_COUNT + 6000
    p = subprocess.Popen(_exe() + ["replay", str(suite), "--workers", "2"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(_children(p.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.1)  # into the run, long before its end
    victim = _children(p.pid)[0]
    os.kill(victim, signal.SIGKILL)
    out, err = p.communicate(timeout=120)  # used to wait forever
    assert p.returncode == 2 and "Traceback" not in err
    assert "作業プロセスが終了しました（シグナル 9）" in err
    m = re.fullmatch(r"(\d+) passed, 0 failed, (\d+) errors", out.splitlines()[-1])
    assert m and int(m.group(2)) >= 1 and int(m.group(1)) + int(m.group(2)) == total  # every scenario accounted for


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="finds the workers through /proc (Linux)")
def test_sigterm_ends_replay_and_its_workers_quietly(tmp_path):
    suite = _big_suite(tmp_path, 6000)  # still running 0.1 s in on a fast idle machine (see the test above)
    p = subprocess.Popen(_exe() + ["replay", str(suite), "--workers", "2"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(_children(p.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _children(p.pid)
    time.sleep(0.1)
    p.send_signal(signal.SIGTERM)
    out, err = p.communicate(timeout=30)
    assert p.returncode == 128 + signal.SIGTERM and err == ""
    time.sleep(0.5)
    assert not [w for w in workers if os.path.exists(f"/proc/{w}") and "zombie" not in open(f"/proc/{w}/status").read()]
