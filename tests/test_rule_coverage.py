"""The scenario library makes every rule of the shipped rule book fire at least once.

A rule that no scenario fires is a rule nobody has checked against a case a lawyer can read:
the test lists each one with the file and line where it is written.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from tsumitate.scenarios.files import load_scenarios, scenario_files
from tsumitate.scenarios.run import PASSED, run_scenario

from conftest import SCENARIOS


@pytest.fixture(scope="module")
def replayed(evaluator):
    """(procedure, region) -> rule ids fired there, over every scenario in scenarios/."""
    fired: dict[tuple[str, str], set[str]] = defaultdict(set)
    statuses = {}
    for path, exists in scenario_files([str(SCENARIOS)]):
        assert exists, path
        for sc in load_scenarios(path):
            r = run_scenario(evaluator, sc)
            statuses[sc.id] = r.status
            if r.result is None:
                continue
            evaluations = r.result.get("evaluations") or [r.result]
            for e in evaluations:
                fired[(e["procedure"], e["region"])].update(e["fired_rules"])
            if "evaluations" in r.result:
                own = set().union(*(e["fired_rules"] for e in evaluations))
                fired[("screening", r.result["region"])].update(set(r.result["fired_rules"]) - own)
    return fired, statuses


def test_every_scenario_in_the_library_passes(replayed):
    _, statuses = replayed
    failing = sorted(sid for sid, status in statuses.items() if status != PASSED)
    assert not failing, "scenarios that do not pass:\n" + "\n".join(failing)


def test_the_library_holds_at_least_45_scenario_files():
    assert len(scenario_files([str(SCENARIOS)])) >= 45


# Rules that only a parameter value the shipped rules do not use can make fire (a scenario file
# cannot carry its own rules directory): each is fired, by id, in the test named here, which
# evaluates under a copy of rules/ with that parameter switched.
FIRED_UNDER_SWITCHED_PARAMETERS = {
    "va.deposit.creditor_terms_not_applied": "test_payment_basis.py",  # payment_basis: aggregate
}


def test_rules_fired_only_under_switched_parameters_are_fired_by_their_test():
    from pathlib import Path

    here = Path(__file__).parent
    for rule_id, test_file in FIRED_UNDER_SWITCHED_PARAMETERS.items():
        assert f'"{rule_id}"' in (here / test_file).read_text(encoding="utf-8"), (rule_id, test_file)


def test_every_rule_of_every_rule_set_fires_in_some_scenario(book, replayed):
    fired, _ = replayed
    fired_anywhere = set().union(*fired.values())
    missing = {}
    for rs in book.sets.values():
        for rule in rs.rules:
            if rule.id not in fired_anywhere and rule.id not in FIRED_UNDER_SWITCHED_PARAMETERS:
                missing[rule.id] = f"{rule.file}:{rule.line}"
    assert not missing, "rules no scenario fires:\n" + "\n".join(f"  {rid}  ({where})" for rid, where in sorted(missing.items()))


def test_every_rehabilitation_region_and_the_screening_are_exercised(book, replayed):
    fired, _ = replayed
    unused = sorted(f"{p}/{r}" for (p, r) in book.sets if p != "voluntary_arrangement" and (p, r) not in fired)
    # screening runs in the region of the case: one region is enough, its rules do not vary
    unused = [u for u in unused if not u.startswith("screening/")]
    assert not unused, "rule sets no scenario evaluates: " + ", ".join(unused)
    assert any(p == "screening" for p, _ in fired), "no scenario uses procedure auto"


def test_every_region_rule_fires_in_its_own_region(book, replayed):
    """A rule written in a region file (tokyo's six months, fukuoka's no-test-without-a-commissioner) fires there."""
    fired, _ = replayed
    missing = sorted(f"{rs.procedure}/{rs.region}: {r.id}" for rs in book.sets.values() for r in rs.rules
                     if r.region == rs.region and r.id not in fired.get((rs.procedure, rs.region), set()))
    assert not missing, "region rules not fired in their region:\n" + "\n".join(missing)
