"""The command line as a user runs it: a real subprocess, real exit codes, nothing but one line per problem."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT

GOOD = """\
case_id: good-{n}
as_of: 2026-11-25
procedure: voluntary_arrangement
court: tokyo
household: {{monthly_income: 211000, monthly_expenses: 200000, annual_irregular_expenses: 12000}}
debts:
  - {{creditor: A社, amount: 300000}}
"""

# line 5 is wrong: a negative income
BAD = """\
case_id: bad
procedure: voluntary_arrangement
court: tokyo
household:
  monthly_income: -5
debts:
  - {creditor: A社, amount: 300000}
"""

PROBLEM_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<field>[^:]+): (?P<problem>.+)$")


def tsumitate(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tsumitate_cli.main", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.fixture
def cases(tmp_path):
    for n in (1, 2):
        (tmp_path / f"good{n}.yaml").write_text(GOOD.format(n=n), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    return tmp_path


def test_evaluate_prints_a_japanese_summary_a_lawyer_can_read(cases):
    done = tsumitate("evaluate", str(cases / "good1.yaml"))
    assert done.returncode == 0, done.stderr
    assert "任意整理" in done.stdout
    assert "8,400" in done.stdout  # 300,000 over 36 installments, rounded up to 100 yen
    assert done.stderr == ""


def test_evaluate_in_english_on_request(cases):
    done = tsumitate("evaluate", "--lang", "en", str(cases / "good1.yaml"))
    assert done.returncode == 0, done.stderr
    assert "voluntary arrangement" in done.stdout
    assert "任意整理" not in done.stdout


def test_evaluate_json_prints_one_result_object_per_line(cases):
    done = tsumitate("evaluate", "--format", "json", str(cases / "good1.yaml"), str(cases / "good2.yaml"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    results = [json.loads(line) for line in lines]
    assert [r["case_id"] for r in results] == ["good-1", "good-2"]
    assert results[0]["feasibility"]["status"] == "feasible"
    assert results[0]["deposit"]["monthly"] == 8_400
    assert results[0]["fired_rules"][0].startswith("va.")


def test_a_bad_file_among_good_ones_exits_2_with_one_problem_line_and_the_good_results_still_printed(cases):
    done = tsumitate("evaluate", "--format", "json", str(cases / "good1.yaml"), str(cases / "bad.yaml"), str(cases / "good2.yaml"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    problems = done.stderr.splitlines()
    assert len(problems) == 1, done.stderr
    m = PROBLEM_LINE.match(problems[0])
    assert m, problems[0]
    assert Path(m["file"]).name == "bad.yaml"
    assert m["line"] == "5"
    assert m["field"] == "household.monthly_income"
    assert [json.loads(line)["case_id"] for line in done.stdout.splitlines()] == ["good-1", "good-2"]


def test_a_missing_file_is_a_problem_line_not_a_traceback(cases):
    done = tsumitate("evaluate", str(cases / "nowhere.yaml"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "nowhere.yaml" in done.stderr


def test_an_unknown_court_is_reported_on_its_line_with_the_known_courts(cases):
    (cases / "court.yaml").write_text(GOOD.format(n=3).replace("court: tokyo", "court: atlantis"), encoding="utf-8")
    done = tsumitate("evaluate", str(cases / "court.yaml"))
    assert done.returncode == 2
    m = PROBLEM_LINE.match(done.stderr.strip())
    assert m and (m["line"], m["field"]) == ("4", "court"), done.stderr
    assert "tokyo" in m["problem"] and "osaka" in m["problem"]


def test_schema_prints_the_json_schema_of_the_case_file():
    done = tsumitate("schema")
    assert done.returncode == 0, done.stderr
    schema = json.loads(done.stdout)
    # court is required except for 任意整理 (out of court): the model checks that, not the schema
    assert set(schema["required"]) >= {"case_id", "procedure", "household", "debts"}
    assert "court" in schema["properties"]
    assert "deposits" in schema["properties"]


SCENARIO = """\
name: 30万円を36回
case:
  case_id: s
  as_of: 2026-11-25
  procedure: voluntary_arrangement
  court: default
  household: {{monthly_income: 210000, monthly_expenses: 200000}}
  debts:
    - {{creditor: A社, amount: 300000}}
expect:
  deposit.monthly: {monthly}
"""


def test_replay_exits_0_when_every_scenario_matches(tmp_path):
    (tmp_path / "ok.yaml").write_text(SCENARIO.format(monthly=8400), encoding="utf-8")
    done = tsumitate("replay", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr


def test_replay_exits_1_and_shows_expected_against_actual_on_a_mismatch(tmp_path):
    (tmp_path / "ok.yaml").write_text(SCENARIO.format(monthly=8400), encoding="utf-8")
    (tmp_path / "wrong.yaml").write_text(SCENARIO.format(monthly=8334), encoding="utf-8")
    done = tsumitate("replay", str(tmp_path))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "8334" in done.stdout and "8400" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_replay_exits_2_on_a_scenario_file_that_cannot_be_read(tmp_path):
    (tmp_path / "ok.yaml").write_text(SCENARIO.format(monthly=8400), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    done = tsumitate("replay", str(tmp_path))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "broken.yaml" in done.stderr


def test_replay_of_the_shipped_library_passes():
    done = tsumitate("replay", "scenarios")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
