"""The pytest plugin: `pytest scenarios/` runs each scenario as a test named after it."""

from __future__ import annotations

import shutil
import os
import subprocess
import sys

from replay_support import SUITE, VA_FILE


def _pytest(cwd, *args):
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300, env={**os.environ, "TSUMITATE_LANG": "en"})


def _project(tmp_path):
    shutil.copytree(SUITE, tmp_path / "scenarios")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "config.yaml").write_text("not: a scenario\n", encoding="utf-8")
    return tmp_path


def test_each_scenario_is_a_test_whose_id_is_its_name(tmp_path):
    proj = _project(tmp_path)
    r = _pytest(proj, "--collect-only", "-q")
    ids = [line for line in r.stdout.splitlines() if "::" in line]
    assert "scenarios/voluntary_300k.yaml::任意整理 30万円を36回 — 余力1万円なら月8,400円" in ids
    assert "scenarios/tokyo/refunds.yaml::債務のない案件は受け付けない" in ids
    assert len(ids) == 5  # the case file under scenarios/cases and other/config.yaml are not collected


def test_a_wrong_expectation_fails_with_the_same_diff_as_replay(tmp_path):
    proj = _project(tmp_path)
    f = proj / "scenarios" / VA_FILE
    f.write_text(f.read_text(encoding="utf-8").replace("deposit.monthly: 8400", "deposit.monthly: 8500"), encoding="utf-8")
    r = _pytest(proj, "scenarios")
    assert r.returncode == 1
    assert "expected 期待値: 8500" in r.stdout and "actual   結果:   8400" in r.stdout
    assert "deposit.monthly (" in r.stdout
    assert "1 failed, 4 passed" in r.stdout


def test_an_unreadable_scenario_file_fails_as_one_test_and_the_others_run(tmp_path):
    proj = _project(tmp_path)
    (proj / "scenarios" / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    r = _pytest(proj, "scenarios")
    assert "broken.yaml:2: -: YAML syntax" in r.stdout
    assert "Traceback" not in r.stdout
    assert "1 failed, 5 passed" in r.stdout


def test_tags_are_markers_and_k_selects_by_name(tmp_path):
    proj = _project(tmp_path)
    assert "1 passed" in _pytest(proj, "scenarios", "-m", "osaka").stdout
    assert "2 passed" in _pytest(proj, "scenarios", "-k", "東京").stdout


def test_the_directories_collected_are_configurable(tmp_path):
    shutil.copytree(SUITE, tmp_path / "cases_library")
    (tmp_path / "pytest.ini").write_text("[pytest]\ntsumitate_scenario_dirs = cases_library\n", encoding="utf-8")
    r = _pytest(tmp_path, "--collect-only", "-q")
    assert sum("::" in line for line in r.stdout.splitlines()) == 5
