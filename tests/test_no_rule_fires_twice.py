"""Every rule set, run on every case of the scenario library, fires each rule at most once.

A reason printed twice ("この裁判所での再生委員の報酬額は…不明です" on two lines, issue 8) tells a
lawyer the tool is careless; a rule id listed twice in ``fired_rules`` means durable_rules fired
one rule twice for one message. Each case of the library is re-run under every rule set —
each procedure (``auto`` for the screening) in each region — so every region's rules meet the
library's whole variety of households, ledgers and representations, not only the court the
scenario was written for.
"""

from __future__ import annotations

import copy
from collections import Counter

import pytest

from tsumitate.errors import InputError
from tsumitate.model.case import Case
from tsumitate.rulebook.load import SCREENING, load_rulebook
from tsumitate.scenarios.files import load_scenarios, scenario_files
from tsumitate.sources import load

from conftest import SCENARIOS

BOOK = load_rulebook()
SETS = sorted(BOOK.sets)


def _library_cases() -> list[tuple[str, dict]]:
    out = []
    for path, exists in scenario_files([str(SCENARIOS)]):
        for sc in load_scenarios(path):
            if sc.expect_error is not None or sc.skip is not None:
                continue
            if sc.case_file is not None:
                data = load(sc.case_file).data  # YAML, JSON or an .xlsx workbook
            else:
                data = sc.case_data
            if isinstance(data, dict):
                out.append((sc.id, data))
    return out


CASES = _library_cases()


def _reason_lists(value, where="result"):
    """Every list of reasons (dicts naming their rule) anywhere in a result, with its path."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _reason_lists(v, f"{where}.{k}")
    elif isinstance(value, list):
        if value and all(isinstance(v, dict) and "rule" in v for v in value):
            yield where, value
        for i, v in enumerate(value):
            yield from _reason_lists(v, f"{where}[{i}]")


def _repeats(items) -> list:
    return [item for item, n in Counter(items).items() if n > 1]


@pytest.mark.parametrize("procedure, region", SETS, ids=[f"{p}-{r}" for p, r in SETS])
def test_no_rule_fires_twice_and_no_reason_is_listed_twice(evaluator, procedure, region):
    evaluated, problems = 0, []
    for sid, data in CASES:
        data = copy.deepcopy(data)
        data["procedure"] = "auto" if procedure == SCREENING else procedure
        data["court"] = region
        try:
            result = evaluator.evaluate(Case.model_validate(data))
        except (InputError, ValueError):
            continue  # a case this procedure refuses (validated elsewhere); nothing fired
        evaluated += 1
        for e in [result] + list(result.get("evaluations") or []):
            if _repeats(e["fired_rules"]):
                problems.append(f"{sid}: fired twice: {_repeats(e['fired_rules'])}")
        for where, reasons in _reason_lists(result):
            for rule in _repeats(r["rule"] for r in reasons):
                problems.append(f"{sid}: {where} lists {rule} twice")
            for text in _repeats(r.get("ja") for r in reasons):
                problems.append(f"{sid}: {where} repeats the text {text!r}")
    assert evaluated >= len(CASES) // 2, f"only {evaluated} of {len(CASES)} library cases ran under {procedure}/{region}"
    assert not problems, "\n".join(problems)
