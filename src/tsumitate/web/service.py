"""What the routes call: the rule book, one evaluator and the pipeline, behind one lock.

Loaded once when the server starts (the rules are configuration, not state): nothing a user
sends is kept after its response. durable_rules is not thread-safe and the evaluator fills its
caches lazily, so evaluations run one at a time (the work is CPU-bound under the GIL anyway).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from ..convert import XLSX_MIME
from ..errors import InputError
from ..evaluate import Evaluator
from ..explain.build import explain_outcome
from ..output.json_lines import render as render_json_line
from ..model.case import Case
from ..model.case_file import case_from_source
from ..pipeline import Outcome, evaluate_case, evaluate_source
from ..rulebook.load import default_rules_dir, load_rulebook
from ..sources import json_body
from ..statutes import load_statutes
from . import problems as pr
from .body import SOURCE_NAME


class Service:
    def __init__(self, rules_dir: str | Path | None = None, scenarios_dir: str | Path | None = None):
        self.rules_dir = Path(rules_dir) if rules_dir is not None else default_rules_dir()
        self.book = load_rulebook(self.rules_dir)  # RulesError: reported by the serve command
        self.statutes = load_statutes(self.rules_dir)
        self.evaluator = Evaluator(self.book)
        self.scenarios_dir = Path(scenarios_dir) if scenarios_dir is not None else None
        self._lock = threading.Lock()
        self._quiz: list | None = None

    def _source(self, raw: bytes, lang: str, media: str):
        """A workbook body is read by the workbook Source (problems at ``SHEET!CELL``), anything
        else as YAML/JSON: the same readers as files with those extensions (a JSON body through
        ``json_body``, which gives the YAML loader's very data, about 60 µs sooner)."""
        try:
            if media == XLSX_MIME:
                from ..sources.xlsx import from_bytes as xlsx_from_bytes

                return xlsx_from_bytes(raw, SOURCE_NAME)
            return json_body.from_bytes(raw, SOURCE_NAME)
        except InputError as e:
            raise pr.from_problems(e.problems, lang) from None

    def outcome(self, raw: bytes, lang: str, trace: bool = False, media: str = "application/json") -> Outcome:
        """A request body through the pipeline; input problems raise a 422 ``WebError``."""
        source = self._source(raw, lang, media)
        with self._lock:
            outcome = evaluate_source(self.evaluator, source, trace=trace)
        if not outcome.ok:
            raise pr.from_problems(outcome.problems, lang)
        return outcome

    def checked_case(self, raw: bytes, lang: str, media: str = "application/json") -> Case:
        """The case as the body gives it, once it has been evaluated without a problem: what a
        download saves. Not the outcome's case, whose amounts are already recalculated from the
        取引履歴 (saving that would put the result in place of the creditor's stated amount)."""
        source = self._source(raw, lang, media)
        try:
            case = case_from_source(source)
        except InputError as e:
            raise pr.from_problems(e.problems, lang) from None
        with self._lock:
            outcome = evaluate_case(self.evaluator, case, source)
        if not outcome.ok:
            raise pr.from_problems(outcome.problems, lang)
        return case

    def evaluate_json(self, raw: bytes, lang: str, media: str = "application/json") -> str:
        """Exactly the line ``tsumitate evaluate --format json`` prints for the same case."""
        return render_json_line(self.outcome(raw, lang, media=media).result) + "\n"

    def explain(self, raw: bytes, lang: str, media: str = "application/json") -> tuple[dict[str, Any], Outcome]:
        outcome = self.outcome(raw, lang, trace=True, media=media)
        return explain_outcome(outcome, self.statutes, lang), outcome

    def explain_json(self, raw: bytes, lang: str, media: str = "application/json") -> str:
        """Exactly what ``tsumitate explain --format json`` prints (its ``file`` is ``request``)."""
        return json.dumps(self.explain(raw, lang, media)[0], ensure_ascii=False) + "\n"

    def quiz_pool(self) -> list:
        """The trainer's scenarios, evaluated once on first use (the library is configuration, like the rules)."""
        from ..scenarios.quiz import pool

        with self._lock:
            if self._quiz is None:
                d = self.scenarios_dir
                self._quiz = pool([d], self.evaluator, root=str(d)) if d is not None and d.is_dir() else []
            return self._quiz
