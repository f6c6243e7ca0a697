#!/usr/bin/env python3
"""Instructions per case of one evaluation, counted by callgrind (repeatable on a shared machine).

    valgrind --tool=callgrind --toggle-collect=functools_reduce --callgrind-out-file=/dev/null \\
        python benchmarks/evaluate_instructions.py -n 300             # with durable_rules
    ... python benchmarks/evaluate_instructions.py -n 300 --replay    # durable's firings replayed: Python only

Generated cases (bench.py's generator; ``--dir`` keeps them) are read, validated and evaluated
twice to warm every cache, then evaluated once more inside ``functools.reduce``: callgrind
counts only that call (``--toggle-collect``), so "Collected" divided by N is the evaluation's
instructions per case, start-up and loading left out. ``--replay`` answers each durable message
with the rules durable fired for it in the warm run, so what is left is our own Python.
CPU time is far noisier while other work runs; instruction counts do not move with the load.
A script, not a test: the commit messages of session 4 quote it (as /tmp/evalpy/cg.sh).
"""

from __future__ import annotations

import argparse
import functools
import gc
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import generate  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--replay", action="store_true", help="answer durable's messages from the warm run (Python only)")
    ap.add_argument("--dir", help="folder of generated cases (made if missing, kept)")
    args = ap.parse_args()

    from tsumitate import engine as engine_module
    from tsumitate.evaluate import Evaluator
    from tsumitate.model.case_file import case_from_source
    from tsumitate.pipeline import evaluate_case
    from tsumitate.rulebook.load import load_rulebook
    from tsumitate.sources import load

    with tempfile.TemporaryDirectory(prefix="tsumitate-instructions-") as tmp:
        paths = generate(Path(args.dir) if args.dir else Path(tmp) / "cases", args.n)
        evaluator = Evaluator(load_rulebook())
        sources = [load(p) for p in paths]
        pairs = [(case_from_source(s), s) for s in sources]
        for case, source in pairs:
            evaluate_case(evaluator, case, source)
        if args.replay:
            fired_in_order: list[tuple[str, ...]] = []
            real_fire = engine_module.Engine.fire

            def record(self, name, message):
                fired = real_fire(self, name, message)
                fired_in_order.append(tuple(fired))
                return fired

            engine_module.Engine.fire = record
        for case, source in pairs:
            evaluate_case(evaluator, case, source)
        if args.replay:
            answers = iter(fired_in_order)

            def replay(self, name, message):
                message["sid"], message["id"] = engine_module._SID, 0  # what fire adds
                return list(next(answers))

            engine_module.Engine.fire = replay
        gc.freeze()
        functools.reduce(lambda _, pair: evaluate_case(evaluator, *pair), pairs, None)  # the one call counted
    print(f"{len(pairs)} cases evaluated; divide callgrind's 'Collected' by {len(pairs)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
