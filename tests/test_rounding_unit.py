"""The article's table printed to the yen (8,334 / 5,000 / 13,889 ...) holds once the rounding unit is 1.

The shipped rules round the monthly payment up to 100 yen. These fixtures carry the article's
own figures, so they pass only on a copy of ``rules/`` whose ``rounding_unit`` is 1 — and fail
on the shipped rules, which proves the parameter is what the arithmetic uses.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tsumitate.scenarios.files import load_scenarios, scenario_files
from tsumitate.scenarios.run import FAILED, PASSED, run_scenario

from conftest import FIXTURES, ROOT

TABLE = FIXTURES / "rounding_unit_1"


def _replay(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tsumitate_cli.main", "replay", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def rules_rounding_to_the_yen(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(ROOT / "rules", copy)
    base = copy / "voluntary_arrangement" / "base.yaml"
    lines = base.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "rounding_unit:")
    at = next(i for i in range(start, len(lines)) if re.fullmatch(r"\s+(- )?value: 100\n", lines[i]))
    lines[at] = lines[at].replace("100", "1")
    base.write_text("".join(lines), encoding="utf-8")
    changed = [a for a, b in zip((ROOT / "rules/voluntary_arrangement/base.yaml").read_text(encoding="utf-8").splitlines(),
                                 base.read_text(encoding="utf-8").splitlines()) if a != b]
    assert len(changed) == 1, changed
    return copy


def test_the_fixtures_hold_the_whole_table_seven_debts_at_36_and_60():
    assert len(scenario_files([str(TABLE)])) == 14


def test_with_a_rounding_unit_of_1_the_articles_printed_table_replays_clean(rules_rounding_to_the_yen):
    done = _replay("--rules", str(rules_rounding_to_the_yen), str(TABLE))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_with_the_shipped_100_yen_rule_the_same_table_does_not_replay_clean():
    done = _replay(str(TABLE))
    assert done.returncode == 1, done.stdout + done.stderr


def test_with_the_shipped_rules_only_the_amounts_already_in_whole_hundreds_agree(evaluator):
    """5,000 / 25,000 / 50,000 are the same under both units; every other figure differs."""
    for path, _ in scenario_files([str(TABLE)]):
        for sc in load_scenarios(path):
            expected = PASSED if sc.expect["deposit.monthly"] % 100 == 0 else FAILED
            assert run_scenario(evaluator, sc).status == expected, sc.name
