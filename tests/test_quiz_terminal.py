"""The trainer in a real terminal (a pseudo-terminal): files named directly, no answer leaks,
Japanese answers, the verdict first and the explanation only after Enter."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

CASE = {"case_id": "余力1万円なら8400円で可能", "as_of": "2026-11-25", "procedure": "voluntary_arrangement", "court": "tokyo",
        "household": {"monthly_income": 200000, "monthly_expenses": 190000, "annual_irregular_expenses": 0},
        "debts": [{"creditor": "A社", "amount": 300000}],
        "deposits": [{"month": "2026-10", "due": 8400, "paid": 9000}]}
# 300,000 / 36 = 8,333.3 -> 8,400 (100-yen units) <= capacity 10,000: 可能, 月8,400円; one month paid: 積立中
NAME = "任意整理: 余力1万円なら36回・月8,400円"


class Terminal:
    """A child process on a pseudo-terminal: read what it prints, type answers."""

    def __init__(self, args, cwd):
        self.master, slave = pty.openpty()
        env = {**os.environ, "TSUMITATE_LANG": "ja", "COLUMNS": "200"}
        self.proc = subprocess.Popen([sys.executable, "-m", "tsumitate_cli.main", *args], stdin=slave, stdout=slave,
                                     stderr=slave, cwd=cwd, env=env, close_fds=True)
        os.close(slave)
        self.seen = ""

    def read_until(self, text: str, timeout: float = 60) -> str:
        end = time.monotonic() + timeout
        while text not in self.seen:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"waited for {text!r}; the terminal shows:\n{self.seen[-3000:]}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                if not chunk and self.proc.poll() is not None:
                    raise AssertionError(f"the process ended waiting for {text!r}:\n{self.seen[-3000:]}")
                self.seen += chunk.decode("utf-8", "replace")
        return self.seen

    def quiet_for(self, seconds: float) -> str:
        """What arrives in ``seconds`` (to check that nothing more is printed while it waits)."""
        end = time.monotonic() + seconds
        got = ""
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                got += os.read(self.master, 65536).decode("utf-8", "replace")
        self.seen += got
        return got

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\r").encode("utf-8"))

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        os.close(self.master)


@pytest.fixture
def folder(tmp_path):
    """A scenario folder with a case file kept beside the scenario that uses it."""
    (tmp_path / "case.yaml").write_text(yaml.safe_dump(CASE, allow_unicode=True), encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(
        {"name": NAME, "case_file": "case.yaml", "expect": {"feasibility.status": "feasible"}}, allow_unicode=True),
        encoding="utf-8")
    return tmp_path


def test_a_trainee_answers_in_japanese_sees_the_verdict_and_the_explanation_only_after_enter(folder):
    term = Terminal(["quiz", "scenario.yaml", "--seed", "1", "--count", "1"], cwd=folder)
    try:
        before = term.read_until("見通し: ")
        assert "1) 可能" in before and "3) 困難" in before
        assert "予定" not in before and "8,400" not in before and NAME not in before and CASE["case_id"] not in before
        term.type("たぶん")
        term.read_until("読み取れませんでした")
        term.type("可能")
        term.read_until("積立金の月額（円）: ")
        term.type("8,400円")
        term.read_until("積立の状況: ")
        term.type("2")
        verdict = term.read_until("Enter で解説を表示します")
        assert "○ 正解  見通し: 可能" in verdict and "○ 正解  積立金の月額（円）: 8,400円" in verdict
        assert f"出題したシナリオ: {NAME}" in verdict
        assert "判定の根拠" not in term.quiet_for(1.5)  # waits for Enter
        term.type("")
        done = term.read_until("全問正解です")  # the line after the score: reading only to the score raced it under load
        assert "判定の根拠" in done and "得点: 3/3 (100%)" in done
        assert term.proc.wait(timeout=30) == 0
    finally:
        term.close()


def test_a_case_file_named_directly_is_asked_and_a_folder_with_a_case_file_beside_its_scenario_is_not_an_error(folder):
    term = Terminal(["quiz", "case.yaml", "--seed", "1", "--count", "1"], cwd=folder)
    try:
        term.read_until("見通し: ")
        assert "no such file" not in term.seen and "ファイルがありません" not in term.seen
    finally:
        term.close()
    done = subprocess.run([sys.executable, "-m", "tsumitate_cli.main", "quiz", ".", "--seed", "1", "--count", "5"],
                          input="1\n8400\n2\ns\n", capture_output=True, text=True, cwd=folder, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # the case file beside the scenario is not reported as unknown keys
    assert "問題 1/1" in done.stdout
