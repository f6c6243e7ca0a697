"""Replay many scenario files, in this process or in worker processes, in a stable order.

Each worker holds one ``Evaluator`` (the rule book is loaded and compiled once per
process) and returns one small ``FileReport`` per file; the parent yields them in the order
the files were listed, whatever the number of workers, and keeps nothing after yielding.
Where ``fork`` exists the parent loads the rule book once and the workers inherit it.

The workers are ``tsumitate.parallel``'s: a worker that dies (killed, out of memory) is noticed
at once, the scenarios of the chunk it held are reported as errors, a new worker takes the
rest, and the run ends with its summary and a non-zero exit; it never waits forever.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .. import parallel
from ..errors import InputError, M, Problem, language, set_language
from ..evaluate import Evaluator
from ..rulebook.load import RuleBook, load_rulebook
from .files import NotAScenario, load_scenarios, scenario_files
from .record import FileReport, Record, to_record
from .run import ERROR, run_scenario
from .select import Selection


@dataclass
class _Worker:
    evaluator: Evaluator
    keep: Callable[[str, tuple[str, ...]], bool]
    keep_fired: bool


_WORKER: _Worker | None = None


def _set_worker(evaluator: Evaluator, selection: Selection, keep_fired: bool) -> None:
    global _WORKER
    _WORKER = _Worker(evaluator, selection.matcher(), keep_fired)


def _init_spawned(rules_dir: str | None, selection: Selection, keep_fired: bool, lang: str = "ja") -> None:
    """Start of a worker that did not inherit the parent's memory (no ``fork``): load the rules."""
    set_language(lang)  # problem lines are rendered in the worker
    if _WORKER is None:
        _set_worker(Evaluator(load_rulebook(rules_dir)), selection, keep_fired)


def run_file(path: str, found_in_folder: bool = False) -> FileReport:
    """Every selected scenario of one file, as records; the file's problems if it cannot be used."""
    w = _WORKER
    assert w is not None, "call _set_worker first"
    try:
        scenarios = load_scenarios(path, found_in_folder)
    except NotAScenario:
        return FileReport(path, not_a_scenario=True)
    except InputError as e:
        return FileReport(path, problems=[str(p) for p in e.problems])
    records: list[Record] = []
    for sc in scenarios:
        if not w.keep(sc.name, sc.tags):
            continue
        try:
            records.append(to_record(run_scenario(w.evaluator, sc), w.keep_fired))
        except Exception as e:  # a bug must not end the whole run without a word: report it on this scenario
            records.append(Record(sc.file, sc.index, sc.name, sc.tags, ERROR, line=sc.line,
                                  problems=[str(Problem(sc.file, sc.line, "-", M(
                                      f"評価中の内部エラー（不具合です。報告してください）: {type(e).__name__}: {e}",
                                      f"internal error while evaluating: {type(e).__name__}: {e}")))]))
    return FileReport(path, records)


def default_workers() -> int:
    return os.cpu_count() or 1


def replay(paths: Iterable[str], book: RuleBook, *, workers: int | None = None, selection: Selection = Selection(),
           keep_fired: bool = False, rules_dir: str | None = None) -> Iterator[FileReport]:
    """Yield one ``FileReport`` per scenario file under ``paths``, in listing order.

    ``keep_fired``: keep every scenario's fired rules (for coverage), not only the failures'.
    ``rules_dir`` is only used by workers started without ``fork``, which load the book anew.
    """
    walk_problems: list = []
    items = scenario_files(list(paths), walk_problems)
    for problem in walk_problems:  # a link loop, a folder that cannot be listed: reported first, counted as errors
        yield FileReport(problem.file, problems=[str(problem)])
    n = max(1, min(workers or default_workers(), len(items)))
    _set_worker(Evaluator(book), selection, keep_fired)
    if n == 1:
        for item in items:
            yield run_file(*item)
        return
    rules_arg = rules_dir if rules_dir is not None else str(Path(book.root))
    yield from parallel.in_order(items, n, _run_item, _lost_item, _init_spawned, (rules_arg, selection, keep_fired, language()))


def _run_item(item: tuple[str, bool]) -> FileReport:
    return run_file(*item)


def _lost_item(item: tuple[str, bool], exitcode: int | None) -> FileReport:
    return _lost(*item, exitcode)


def _lost(path: str, in_folder: bool, exitcode: int | None) -> FileReport:
    """What a file whose worker died reports: each selected scenario an error, or the file if it cannot be read here."""
    how, how_en = parallel.ended(exitcode)
    message = M(f"このファイルを実行中の作業プロセスが終了しました（{how}）。シナリオは確かめられていません",
                f"the worker process running this file ended ({how_en}); its scenarios were not checked")
    keep = _WORKER.keep if _WORKER is not None else (lambda name, tags: True)
    try:
        scenarios = load_scenarios(path, in_folder)
    except NotAScenario:
        return FileReport(path, not_a_scenario=True)
    except InputError:
        return FileReport(path, problems=[str(Problem(path, None, "-", message))])
    return FileReport(path, [Record(sc.file, sc.index, sc.name, sc.tags, ERROR, line=sc.line,
                                    problems=[str(Problem(sc.file, sc.line, "-", message))])
                             for sc in scenarios if keep(sc.name, sc.tags)])
