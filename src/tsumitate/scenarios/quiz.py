"""The trainer's questions and how answers are read and scored, for any front end (web, terminal).

A question is a scenario's case shown without anything that gives the answer away: no scenario
name or tags (they often state the result), and no ledger ``due`` column (it is the monthly
deposit asked for). Answers are accepted as a trainee writes them: the result's code
(``feasible``), its Japanese or English label (``可能``, ``feasible``), or a number of yen with
commas, 円, full-width digits or 万 (``8,400円``, ``８４００``, ``0.84万``). Scoring compares
with the case evaluated now, not with the scenario's ``expect``.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..output.labels import LABELS
from .files import NotAScenario, Scenario, load_scenarios, scenario_files
from .run import evaluate_scenario

FEASIBILITY = ("feasible", "needs_second_opinion", "infeasible", "not_applicable")
TEST = ("not_started", "in_progress", "passed", "at_risk", "failed", "not_applicable")

# (result path, Japanese, English, choices or None for an amount of yen)
QUESTIONS = (
    ("feasibility.status", "見通し", "feasibility", FEASIBILITY),
    ("deposit.monthly", "積立金の月額（円）", "monthly deposit (yen)", None),
    ("test.status", "履行テスト・積立の状況", "test status", TEST),
)
HIDDEN_LEDGER_KEYS = ("due",)


@dataclass
class Item:
    """One scenario that can be asked: its id (stable across restarts), the scenario and its evaluation."""

    id: str
    scenario: Scenario
    outcome: Any


def pool(paths, evaluator, root: str | None = None, problems: list | None = None) -> list[Item]:
    """Scenarios that evaluate (``expect_error`` and skipped ones are left out), in file order.

    A path may name a scenario file, a folder of them (case files kept beside the scenarios
    are passed over), or a case file itself (asked as it is). ``problems``: where files that
    cannot be used are reported (a path that does not exist, a malformed scenario file); without
    it they are passed over.
    """
    import os

    from ..sources import load

    found = problems if problems is not None else []
    items = []
    for path, in_folder in scenario_files([str(p) for p in paths], found):
        try:
            scenarios = load_scenarios(path, in_folder)
        except NotAScenario:  # a case file kept beside the scenarios that use it
            continue
        except InputError as e:
            scenarios = _case_file_named(path, load) if not in_folder else None
            if scenarios is None:
                found.extend(e.problems)
                continue
        for k, sc in enumerate(scenarios):
            if sc.expect_error is not None or sc.skip is not None:
                continue
            try:
                outcome = evaluate_scenario(evaluator, sc, trace=True)
            except InputError as e:
                found.extend(e.problems)
                continue
            if outcome.ok:
                rel = os.path.relpath(path, root) if root else str(path)
                items.append(Item(f"{rel}#{k}", sc, outcome))
            else:
                found.extend(outcome.problems)
    return items


def _case_file_named(path: str, load) -> list[Scenario] | None:
    """A case file named on the command line, as a question of its own (None when it is not one)."""
    from .files import _looks_like_case

    try:
        src = load(path)
    except InputError:
        return None
    if not _looks_like_case(src.data):
        return None
    return [Scenario(name=str(src.data.get("case_id")), file=src.path, source=src, prefix=(), case_file=src.path)]


def choose(items: list[Item], seed: int, count: int) -> list[Item]:
    return random.Random(seed).sample(items, min(count, len(items)))


def case_view(case) -> dict[str, Any]:
    """The case as the trainee sees it: what was given, without its id (ids often name the result)
    and without the ledger's planned amounts."""
    data = case.model_dump(mode="json", exclude_unset=True)
    data.pop("case_id", None)
    for row in data.get("deposits", []):
        for key in HIDDEN_LEDGER_KEYS:
            row.pop(key, None)
    return data


def questions(lang: str = "ja") -> list[dict[str, Any]]:
    out = []
    for path, ja, en, choices in QUESTIONS:
        q: dict[str, Any] = {"field": path, "label": ja if lang == "ja" else en, "kind": "choice" if choices else "yen"}
        if choices:
            q["choices"] = [[c, LABELS[lang].get(c, c)] for c in choices]
        out.append(q)
    return out


_DIGITS = str.maketrans("０１２３４５６７８９，．", "0123456789,.")


def read_amount(text: Any) -> int | None:
    """``8,400円``, ``８４００``, ``8400``, ``0.84万`` -> 8400; anything else None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text
    if not isinstance(text, str):
        return None
    s = unicodedata.normalize("NFKC", text).translate(_DIGITS)
    s = re.sub(r"[\s,円¥]|yen", "", s, flags=re.IGNORECASE)
    if re.fullmatch(r"\d+", s):
        return int(s)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)万", s)
    if m:
        whole, _, frac = m.group(1).partition(".")
        if len(frac) <= 4:
            return int(whole) * 10000 + int((frac + "0000")[:4])
    return None


def read_choice(text: Any, choices: tuple[str, ...]) -> str | None:
    """A code, or its label in Japanese or English (spaces and case ignored), or the choice's number (1-based)."""
    if not isinstance(text, str):
        return None
    s = unicodedata.normalize("NFKC", text).strip()
    if s.isdigit() and 1 <= int(s) <= len(choices):
        return choices[int(s) - 1]
    low = s.lower().replace(" ", "_")
    for c in choices:
        names = {c, LABELS["ja"].get(c, c), LABELS["en"].get(c, c).lower().replace(" ", "_")}
        short = LABELS["ja"].get(c, c).split("（")[0]
        if low in names or s in names or s == short:
            return c
    return None


def score(result: dict[str, Any], answers: dict[str, Any], lang: str = "ja") -> list[dict[str, Any]]:
    """Per question: what was given, what it was read as, whether it is right, and the answer."""
    out = []
    for path, ja, en, choices in QUESTIONS:
        right = result
        for part in path.split("."):
            right = right.get(part) if isinstance(right, dict) else None
        given = answers.get(path)
        read = read_choice(given, choices) if choices else read_amount(given)
        shown = LABELS[lang].get(right, right) if choices and right is not None else right
        out.append({"field": path, "label": ja if lang == "ja" else en, "given": given, "read_as": read,
                    "right": read is not None and read == right, "answer": right, "answer_label": shown})
    return out
