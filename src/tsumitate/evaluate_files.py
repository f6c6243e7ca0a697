"""``tsumitate evaluate FILE...`` as a library: what each file prints, in the files' order, in this
process or in worker processes.

Why workers: evaluating a case costs about three times reading its YAML (durable_rules alone
about half of that), so over thousands of files the one way to get near the time of merely
reading them is to use every core. Each worker loads (or, with ``fork``, inherits) the rule
book, evaluates whole files and renders their output; the parent prints each file's lines in
the order the files were named, so stdout and stderr are byte for byte what one process
prints, and the exit code is the same (2 when any file is bad). A file whose worker died is a
problem line of its own (exit 2); the other files still get their results.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterator, Sequence

import msgspec

from .errors import M, Problem, language, set_language
from .evaluate import Evaluator
from .pipeline import evaluate_file

# Files per worker below which another worker costs more than it saves: a worker registers its
# rule sets with durable and builds their conclusions (some 50 ms), about 100 cases' worth.
FILES_PER_WORKER = 250


class Form(msgspec.Struct, frozen=True):
    """How results are shown: ``json`` (one object per line) or ``text`` in ``lang``, with its date and amount style.

    ``utf8``: stdout writes UTF-8, and each result comes as the bytes stdout gets, control
    characters already written out (``output.visible``), rather than as text. Why: text from a
    worker is encoded to be sent, decoded by the parent, checked by the terminal guard as one
    copied run and encoded again to be written; bytes are checked once, where they are made, and
    written as they come (about 20 µs of CPU a file less, most of the parent's share).
    """

    fmt: str = "json"
    lang: str = "ja"
    dates: str = "iso"
    amounts: str = "yen"
    utf8: bool = False

    def renderer(self) -> Callable[[dict[str, Any]], str | bytes]:
        if self.fmt == "json":
            from .output.json_lines import render as show
        else:
            from .output.formats import Style
            from .output.text import render as text_render

            style, lang = Style(dates=self.dates, amounts=self.amounts), self.lang

            def show(result):
                return text_render(result, lang, style) + "\n"

        if not self.utf8:
            return show
        from .output.visible import visible

        def show_bytes(result):
            return visible(show(result)).encode("utf-8")

        if self.fmt != "json":
            return show_bytes
        from .output.json_lines import render_utf8

        def show_json_bytes(result):
            """orjson's bytes as they are when the guard leaves their text unchanged (one encoding less)."""
            data = render_utf8(result)
            if data is None:
                return show_bytes(result)
            text = data.decode("utf-8")
            shown = visible(text)
            return data if shown is text else shown.encode("utf-8")

        return show_json_bytes


class Printed(msgspec.Struct, frozen=True):
    """One file's output: its result for stdout (None for a bad file; bytes with ``Form.utf8``) and its lines for stderr, in order.

    Workers send one a file: a Struct pickles as its class and its four fields, in C (1.3 µs).
    """

    path: str
    ok: bool
    out: str | bytes | None
    err: tuple[str, ...] = ()


_STATE: tuple[Evaluator, Callable, str] | None = None  # this process's evaluator, renderer and language


def _prepare(evaluator: Evaluator, form: Form) -> None:
    global _STATE
    _STATE = (evaluator, form.renderer(), form.lang)


def _init_spawned(rules_dir: str, form: Form, lang: str) -> None:
    """A worker that did not inherit the parent's memory (no ``fork``): load the rules itself."""
    from .rulebook.load import load_rulebook

    set_language(lang)  # problem lines are rendered in the worker
    if _STATE is None:
        _prepare(Evaluator(load_rulebook(rules_dir)), form)


def print_file(path: str) -> Printed:
    """Evaluate one file and render what the CLI prints for it."""
    assert _STATE is not None, "call _prepare first"
    evaluator, show, lang = _STATE
    outcome = evaluate_file(evaluator, path)
    notices = tuple(n.text(lang) for n in outcome.notices)
    if outcome.ok:
        return Printed(outcome.path, True, show(outcome.result), notices)
    return Printed(outcome.path, False, None, notices + tuple(p.render(lang) for p in outcome.problems))


def _lost(path: str, exitcode: int | None) -> Printed:
    from . import parallel

    how, how_en = parallel.ended(exitcode)
    problem = Problem(path, None, "-", M(f"このファイルを評価中の作業プロセスが終了しました（{how}）。評価されていません",
                                         f"the worker process evaluating this file ended ({how_en}); it was not evaluated"))
    return Printed(path, False, None, (problem.render(_STATE[2] if _STATE else language()),))


def default_workers(files: int) -> int:
    """One process for a few files; for many, a worker per core (at least ``FILES_PER_WORKER`` files each)."""
    return max(1, min(os.cpu_count() or 1, files // FILES_PER_WORKER))


def evaluate_files(paths: Sequence[str], book, form: Form, workers: int | None = None) -> Iterator[Printed]:
    """Yield each file's ``Printed`` in the order of ``paths`` (``workers`` None: ``default_workers``)."""
    n = max(1, min(workers or default_workers(len(paths)), len(paths)))
    _prepare(Evaluator(book), form)  # a forked worker inherits it
    if n == 1:
        for path in paths:
            yield print_file(path)
        return
    from . import parallel  # multiprocessing: imported only when there is more than one process

    yield from parallel.in_order(list(paths), n, print_file, _lost, _init_spawned, (str(book.root), form, language()))
