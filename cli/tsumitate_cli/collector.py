"""The garbage collector during start-up: held back while modules and the rule book load, then
resumed with everything loaded so far set aside (``gc.freeze``).

Why: a command's start-up (pydantic's models, durable_rules, the rule book) allocates some
80,000 objects that live as long as the process and leaves almost no garbage, yet with
Python's default threshold the collector walks them again every 700 allocations, and once
more at exit: together about a tenth of a one-case ``evaluate``. Set aside once loaded, they
are never walked again, neither by the collections of a long run (``evaluate`` over 100,000
files, ``serve``) nor at exit, and forked workers do not touch their pages (Python's
documentation recommends ``gc.freeze`` before ``fork`` for this).

Only the interval changes, never whether garbage is collected: ``hold()`` raises the
threshold of the youngest generation, so a command that never reaches ``resume()`` (``template``,
``schema``) is still collected, every 100,000 allocations instead of every 700. ``hold()`` runs
when the ``tsumitate`` program starts (program.main, before Click is imported) and again, to no
effect, as it runs a command (main.LazyGroup.invoke: ``python -m tsumitate_cli.main`` and
Click's test runner come in there), never on import; ``resume()`` once its rule book is loaded
(common.load_book; ``serve`` once its app is built). Both are process-wide and affect nothing
outside this process.
"""

from __future__ import annotations

import gc

_START_UP_THRESHOLD = 100_000  # above what any command allocates before its rule book is loaded
_held: tuple[int, ...] | None = None


def hold() -> None:
    """Collect rarely until ``resume()`` (called as the ``tsumitate`` program starts a command)."""
    global _held
    if _held is None:
        _held = gc.get_threshold()
        gc.set_threshold(max(_START_UP_THRESHOLD, _held[0]), *_held[1:])


def resume() -> None:
    """Start-up is over (the rule book is loaded): set aside what it built and collect as usual."""
    global _held
    if _held is not None:
        gc.freeze()
        gc.set_threshold(*_held)
        _held = None
