"""replay --coverage: which rules the library exercises, and a floor CI can hold it to."""

from __future__ import annotations

import json
import re

import yaml

from replay_support import RULES, SUITE, last_line, run


def _rule_ids_in_rules_dir() -> set[str]:
    """Every rule id written in rules/, read straight from the files (not through the loader).

    A shared rule file (``include:``) counts once per base set that takes it in, under that
    set's id prefix.
    """
    ids = set()
    shared = RULES / "shared"
    read = lambda f: yaml.safe_load(f.read_text(encoding="utf-8")) or {}  # noqa: E731
    for f in RULES.rglob("*.yaml"):
        if f.parent == shared:
            continue
        data = read(f)
        ids.update(r["id"] for r in data.get("rules", []) or [])
        for inc in data.get("include", []) or []:
            ids.update(inc["id_prefix"] + r["id"] for r in read(RULES / inc["file"]).get("rules", []))
    return ids


def test_coverage_counts_every_rule_of_every_procedure_and_region():
    r = run("replay", str(SUITE), "--coverage", "--format", "json")
    cov = next(o for o in map(json.loads, r.stdout.splitlines()) if o["type"] == "coverage")
    assert set(cov["rules"]) == _rule_ids_in_rules_dir()
    assert cov["total"] == len(_rule_ids_in_rules_dir())
    assert set(cov["unfired"]) == {rid for rid, n in cov["rules"].items() if n == 0}


def test_a_rule_fired_by_one_scenario_counts_one_and_screening_rules_fired_by_none_are_listed():
    r = run("replay", str(SUITE), "--coverage")
    assert r.exit_code == 0
    out = r.stdout
    # only the 任意整理 scenario is voluntary_arrangement and feasible within 36-60 installments
    assert re.search(r"^  va\.feasibility\.standard\s+1$", out, re.M)
    # no scenario uses procedure auto
    unfired = out.split("Rules fired by no scenario:")[1]
    assert "screen.bankruptcy" in unfired and "screening.yaml" in unfired
    assert re.search(r"^Coverage: \d+/\d+ rules = \d+\.\d%$", out, re.M)
    assert last_line(out) == "5 passed, 0 failed"


def test_min_coverage_above_what_the_library_reaches_exits_1():
    r = run("replay", str(SUITE), "--min-coverage", "100")
    assert r.exit_code == 1
    assert "below --min-coverage 100%" in r.stdout
    assert last_line(r.stdout) == "5 passed, 0 failed"


def test_min_coverage_that_the_library_reaches_exits_0():
    assert run("replay", str(SUITE), "--min-coverage", "5").exit_code == 0


def test_coverage_with_workers_counts_the_same_as_without():
    one = run("replay", str(SUITE), "--coverage", "--workers", "1").stdout
    two = run("replay", str(SUITE), "--coverage", "--workers", "2").stdout
    assert one == two
