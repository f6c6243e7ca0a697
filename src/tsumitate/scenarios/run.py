"""Run one scenario: evaluate its case and compare the expected paths, or check the expected error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, Problem
from ..evaluate import Evaluator
from ..model.case_file import case_from_source
from ..pipeline import Outcome, evaluate_case
from ..sources import load
from .compare import Mismatch, compare
from .files import Scenario

PASSED, FAILED, ERROR, SKIPPED = "passed", "failed", "error", "skipped"


@dataclass
class ScenarioResult:
    scenario: Scenario
    status: str
    mismatches: list[Mismatch] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # why the case could not be evaluated
    result: dict[str, Any] | None = None

    @property
    def fired_rules(self) -> list[str]:
        """Every rule that fired anywhere in the case: the result's list, then (``procedure: auto``)
        the rules only the other procedure's evaluation fired (for coverage and failure reports)."""
        if not self.result:
            return []
        out = list(self.result.get("fired_rules", []))
        listed = set(out)
        for e in self.result.get("evaluations") or ():
            for rule in e.get("fired_rules", ()):
                if rule not in listed:
                    listed.add(rule)
                    out.append(rule)
        return out


def evaluate_scenario(evaluator: Evaluator, sc: Scenario, trace: bool = False) -> Outcome:
    """A scenario's case evaluated on its own (no comparison), optionally traced: for quiz and report.

    Raises ``InputError`` when the case cannot be read or validated.
    """
    if sc.case_file is not None:
        source = load(sc.case_file)
        return evaluate_case(evaluator, case_from_source(source), source, trace=trace)
    prefix = sc.prefix + ("case",)
    case = case_from_source(sc.source, sc.case_data, prefix)
    return evaluate_case(evaluator, case, sc.source, prefix=prefix, trace=trace)


def evaluate_scenario_case(evaluator: Evaluator, sc: Scenario, trace: bool = False) -> Outcome:
    """The same, with input problems in the ``Outcome`` instead of raised (replay and diff)."""
    try:
        return evaluate_scenario(evaluator, sc, trace)
    except InputError as e:
        return Outcome(sc.case_file or sc.file, problems=e.problems)


def run_scenario(evaluator: Evaluator, sc: Scenario) -> ScenarioResult:
    if sc.skip is not None:
        return ScenarioResult(sc, SKIPPED)
    outcome = evaluate_scenario_case(evaluator, sc)
    problems, result = outcome.problems, outcome.result
    if sc.expect_error is not None:
        text = "\n".join(str(p) for p in problems)
        either = "\n".join(p.render(lang) for p in problems for lang in ("ja", "en"))  # a scenario may quote either language
        if problems and sc.expect_error in either:
            return ScenarioResult(sc, PASSED, problems=problems)
        actual = text if problems else "(no error: the case was accepted)"
        return ScenarioResult(sc, FAILED, [Mismatch("error", sc.expect_error, actual)], problems, result)
    if problems:
        return ScenarioResult(sc, ERROR, problems=problems)
    mismatches = compare(sc.expect, result)
    return ScenarioResult(sc, FAILED if mismatches else PASSED, mismatches, result=result)
