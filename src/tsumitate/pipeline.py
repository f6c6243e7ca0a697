"""File in, result (or the problems that stop it) out: the whole data flow for one case file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from .errors import InputError, Msg, Problem
from .evaluate import CaseError, Evaluator, Trace
from .model.case import Case
from .model.case_file import case_from_source
from .model.validation import dotted
from .sources import Source, load


class Outcome(msgspec.Struct):
    """What one file gave: a result or its problems, with what explain and recalc show beside it."""

    path: str
    result: dict[str, Any] | None = None
    problems: list[Problem] = msgspec.field(default_factory=list)
    case: Case | None = None
    traces: list[Trace] | None = None
    recalculations: tuple = ()  # recalc_case.DebtRecalc per debt with a history (explain, recalc)
    notices: tuple = ()  # things to know about the file that did not stop it (an ignored sheet)

    @property
    def ok(self) -> bool:
        return self.result is not None


def evaluate_case(evaluator: Evaluator, case: Case, source: Source, prefix: tuple = (), trace: bool = False) -> Outcome:
    """Evaluate a validated case; a case the rules cannot place (court, date) becomes a problem line."""
    traces: list[Trace] | None = [] if trace else None
    try:
        prepared = evaluator.prepare(case)
        case = prepared.case  # amounts recalculated from transaction histories: what explain quotes
        result = evaluator.evaluate(case, traces, prepared)
    except CaseError as e:
        line = source.line_of(prefix + e.field)
        message = e.args[0] if e.args and isinstance(e.args[0], Msg) else str(e)
        return Outcome(source.path, problems=[Problem(source.path, line, dotted(e.field), message)], case=case)
    except InputError as e:  # a rule set durable_rules cannot build: name the rule file
        return Outcome(source.path, problems=e.problems, case=case)
    return Outcome(source.path, result=result, case=case, traces=traces, recalculations=prepared.recalculations)


def evaluate_file(evaluator: Evaluator, path: str | Path, trace: bool = False) -> Outcome:
    try:
        source = load(path)
    except InputError as e:
        return Outcome(str(path), problems=e.problems)
    return evaluate_source(evaluator, source, trace=trace)


def evaluate_source(evaluator: Evaluator, source: Source, trace: bool = False) -> Outcome:
    """A parsed case (a file, a web request's body, a workbook) validated and evaluated; problems in the ``Outcome``."""
    try:
        case = case_from_source(source)
    except InputError as e:
        return Outcome(source.path, problems=e.problems, notices=source.notices)
    outcome = evaluate_case(evaluator, case, source, trace=trace)
    outcome.notices = source.notices
    return outcome


class RecalcOutcome(msgspec.Struct):
    """``tsumitate recalc``: a case file's transaction histories recalculated (no rules fired)."""

    path: str
    case: Case | None = None
    recalculations: tuple = ()  # recalc_case.DebtRecalc per debt with a history
    as_of: Any = None
    problems: list[Problem] = msgspec.field(default_factory=list)
    notices: tuple = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def recalculate_file(book, path: str | Path) -> RecalcOutcome:
    """Read, validate and recalculate one case file's histories to its ``as_of`` (default: today)."""
    import datetime as dt

    from . import recalc_case as rc

    try:
        source = load(path)
        case = case_from_source(source)
    except InputError as e:
        return RecalcOutcome(str(path), problems=e.problems)
    as_of = case.as_of or dt.date.today()
    try:
        recalcs = rc.recalculate_debts(case, book.recalculation, as_of)
    except rc.RecalcFailure as e:
        return RecalcOutcome(source.path, case=case, problems=[Problem(source.path, source.line_of(e.field), dotted(e.field), e.msg)])
    return RecalcOutcome(source.path, case=case, recalculations=recalcs, as_of=as_of, notices=source.notices)
