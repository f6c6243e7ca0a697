"""The ``tsumitate`` program (the console script): the collector held back from its first import on.

Why here: ``collector.hold()`` in ``LazyGroup.invoke`` comes after Click is imported, and Click's
import alone runs some twenty collections of the young generations (about 1 ms of a one-case
``evaluate``; 6 M of its 857 M instructions). Holding back when the program starts, not when a
module is imported, keeps what collector.py promises: a worker process that re-imports the
program imports this module without calling ``main`` and keeps Python's usual collector.
"""

from __future__ import annotations


def main():
    from . import collector

    collector.hold()
    from .main import cli

    return cli()
