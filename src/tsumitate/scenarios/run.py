"""Run one scenario: evaluate its case and compare the expected paths, or check the expected error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError, Problem
from ..evaluate import Evaluator
from ..model.case_file import case_from_source
from ..pipeline import evaluate_case
from ..sources import load
from .compare import Mismatch, compare
from .files import Scenario

PASSED, FAILED, ERROR = "passed", "failed", "error"


@dataclass
class ScenarioResult:
    scenario: Scenario
    status: str
    mismatches: list[Mismatch] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # why the case could not be evaluated
    result: dict[str, Any] | None = None

    @property
    def fired_rules(self) -> list[str]:
        return list(self.result.get("fired_rules", [])) if self.result else []


def _evaluate(evaluator: Evaluator, sc: Scenario):
    if sc.case_file is not None:
        source = load(sc.case_file)
        case = case_from_source(source)
        return evaluate_case(evaluator, case, source)
    case = case_from_source(sc.source, sc.case_data, sc.prefix + ("case",))
    return evaluate_case(evaluator, case, sc.source, prefix=sc.prefix + ("case",))


def run_scenario(evaluator: Evaluator, sc: Scenario) -> ScenarioResult:
    try:
        outcome = _evaluate(evaluator, sc)
        problems = outcome.problems
        result = outcome.result
    except InputError as e:
        problems, result = e.problems, None
    if sc.expect_error is not None:
        text = "\n".join(str(p) for p in problems)
        if problems and sc.expect_error in text:
            return ScenarioResult(sc, PASSED, problems=problems)
        actual = text if problems else "(no error: the case was accepted)"
        return ScenarioResult(sc, FAILED, [Mismatch("error", sc.expect_error, actual)], problems, result)
    if problems:
        return ScenarioResult(sc, ERROR, problems=problems)
    mismatches = compare(sc.expect, result)
    return ScenarioResult(sc, FAILED if mismatches else PASSED, mismatches, result=result)


def evaluate_scenario(evaluator: Evaluator, sc: Scenario, trace: bool = False):
    """A scenario's case evaluated on its own (no comparison), optionally traced: for quiz and report."""
    if sc.case_file is not None:
        source = load(sc.case_file)
        case = case_from_source(source)
        return evaluate_case(evaluator, case, source, trace=trace)
    case = case_from_source(sc.source, sc.case_data, sc.prefix + ("case",))
    return evaluate_case(evaluator, case, sc.source, prefix=sc.prefix + ("case",), trace=trace)
