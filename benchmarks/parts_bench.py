#!/usr/bin/env python3
"""What each speed measure of issue 16 saves, measured against the plain way it replaced, side by side.

    python benchmarks/parts_bench.py              # 2,000 generated cases (bench.py's generator)
    python benchmarks/parts_bench.py -n 500 --runs 3

Each pair runs interleaved (plain, fast, plain, fast, ...) so that other work on the machine
hits both alike; CPU time, min / median of --runs:

- JSON output of a result: ``json.dumps`` against orjson (``output/json_lines.render``);
- a durable message's JSON: ``json.dumps`` against orjson (``engine._message_json``);
- our loader's node path with PyYAML's tag resolution against the memoised one (``sources/yaml.py``);
- our loader building a case file's data from the node tree against building it from the parser's events;
- parameters in force for a case's date: the old scan of every value against interval lookup;
- a web request's JSON body: the YAML loader (``sources.from_bytes``) against ``sources/json_body.py``;
- the copy of every compiled wave a process registers with durable: ``copy.deepcopy`` against
  ``engine._for_durable`` (the rule dicts only, which durable changes);
- registering every wave of the rule book with durable: a ruleset per name against one per distinct
  definition (``Engine.ensure`` shares a definition already built);
- start-up of ``tsumitate evaluate one.yaml``: ``TSUMITATE_NO_CACHE=1`` against the rule-book cache.

A script, not a test: the numbers depend on the machine (the README quotes them).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import generate, run_timed, tsumitate_cmd  # noqa: E402


def pair(plain, fast, runs: int) -> tuple[list[float], list[float]]:
    a, b = [], []
    for _ in range(runs):
        for fn, out in ((plain, a), (fast, b)):
            t = time.process_time()
            fn()
            out.append(time.process_time() - t)
    return a, b


def show(what: str, a: list[float], b: list[float], n: int, unit: str = "µs/case") -> None:
    scale = 1e6 / n if unit.startswith("µs") else 1.0
    fmt = "{:8.1f}" if unit.startswith("µs") else "{:8.3f}"
    am, bm = min(a) * scale, min(b) * scale
    amed, bmed = statistics.median(a) * scale, statistics.median(b) * scale
    print(f"  {what:<46} plain {fmt.format(am)} / {fmt.format(amed)}   fast {fmt.format(bm)} / {fmt.format(bmed)} {unit}"
          f"   saves {fmt.format(amed - bmed)} (median)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    import yaml

    from tsumitate.engine import _message_json
    from tsumitate.evaluate import Evaluator
    from tsumitate.model.case_file import case_from_source
    from tsumitate.output.json_lines import render
    from tsumitate.rulebook.load import load_rulebook
    from tsumitate.sources import load
    from tsumitate.sources import yaml as tyaml

    with tempfile.TemporaryDirectory(prefix="tsumitate-parts-") as tmp:
        paths = generate(Path(tmp) / "cases", args.n)
        n = len(paths)
        book = load_rulebook()
        evaluator = Evaluator(book)
        cases = [case_from_source(load(p)) for p in paths]
        results = [evaluator.evaluate(c) for c in cases]
        print(f"{n:,} cases, {args.runs} interleaved runs each; CPU, min / median")

        a, b = pair(lambda: [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in results],
                    lambda: [render(r) for r in results], args.runs)
        show("JSON line of a result (json -> orjson)", a, b, n)

        messages = []
        from tsumitate import engine as engine_module

        real_fire = engine_module.Engine.fire

        def spy(self, name, message):
            messages.append(dict(message))
            return real_fire(self, name, message)

        engine_module.Engine.fire = spy
        try:
            for c in cases:
                evaluator.evaluate(c)
        finally:
            engine_module.Engine.fire = real_fire
        a, b = pair(lambda: [json.dumps(m, ensure_ascii=False) for m in messages],
                    lambda: [_message_json(m) for m in messages], args.runs)
        show(f"durable messages ({len(messages) / n:.1f} per case; json -> orjson)", a, b, n)

        plain_resolve = yaml.resolver.BaseResolver.resolve

        def loader_plain():  # the node path (scenario and rule files, and anything unusual) with PyYAML's resolve
            saved = tyaml._StrictLoader.resolve
            tyaml._StrictLoader.resolve = plain_resolve
            try:
                for p in paths:
                    load(p, many_lines=True)
            finally:
                tyaml._StrictLoader.resolve = saved

        def loader_nodes():  # compose, check the node tree, build the data from it
            for p in paths:
                load(p, many_lines=True)

        def loader_events():  # a case file: one pass over the parser's events
            for p in paths:
                load(p)

        loader_nodes()  # the memos filled, as in any run past its first files
        loader_events()
        a, b = pair(loader_plain, loader_nodes, args.runs)
        show("our loader, node path (PyYAML resolve -> memoised)", a, b, n)
        a, b = pair(loader_nodes, loader_events, args.runs)
        show("our loader (node tree -> parser events)", a, b, n)

        days = [c.as_of for c in cases]
        sets = list(book.sets.values())

        def scan_all():  # what every date outside the old 32-date cache cost
            for i, day in enumerate(days):
                sets[i % len(sets)]._parameters_at(day)

        def interval_all():
            for i, day in enumerate(days):
                sets[i % len(sets)].parameters_at(day)

        a, b = pair(scan_all, interval_all, args.runs)
        show("parameters in force (scan -> interval lookup)", a, b, n)

        from tsumitate.sources import from_bytes, json_body

        bodies = [json.dumps(load(p).data, ensure_ascii=False, default=str).encode("utf-8") for p in paths]
        a, b = pair(lambda: [from_bytes(x, "request") for x in bodies], lambda: [json_body.from_bytes(x, "request") for x in bodies],
                    args.runs)
        show("web request's JSON body (YAML loader -> json_body)", a, b, n)

        import copy

        from tsumitate.engine import _for_durable
        from tsumitate.rulebook.compile import compile_waves

        definitions = [w.definition for rs in sets for w in compile_waves(rs)]
        a, b = pair(lambda: [copy.deepcopy(d) for d in definitions], lambda: [_for_durable(d) for d in definitions], args.runs)
        show(f"copy of {len(definitions)} waves for durable (deepcopy -> rule dicts)", a, b, 1, unit="s per process")

        from tsumitate import engine as engine_module

        waves = [w for rs in sets for w in compile_waves(rs)]
        runs = iter(range(10 ** 6))

        def register(share: bool):  # durable keeps a name for the life of the process: new names each run
            saved = engine_module._definition_key
            if not share:
                engine_module._definition_key = lambda definition: None
            try:
                engine, k = engine_module.Engine(), next(runs)
                for w in waves:
                    engine.ensure(f"bench{k}.{w.name}", w.definition)
            finally:
                engine_module._definition_key = saved

        a, b = pair(lambda: register(False), lambda: register(True), args.runs)
        show(f"registering {len(waves)} waves (one per name -> per definition)", a, b, 1, unit="s per process")

        cmd = tsumitate_cmd() + ["evaluate", "--format", "json", str(paths[0])]
        env_plain = dict(os.environ, TSUMITATE_NO_CACHE="1")
        run_timed(cmd)  # the cache filled
        a, b = [], []
        for _ in range(args.runs):
            a.append(_timed_env(cmd, env_plain))
            b.append(_timed_env(cmd, dict(os.environ)))
        show("start-up, one case (no cache -> rule-book cache)", a, b, 1, unit="s")
    return 0


def _timed_env(cmd: list[str], env: dict) -> float:
    from bench import _RUSAGE

    proc = subprocess.run([sys.executable, "-c", _RUSAGE, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    return float(proc.stderr.decode().splitlines()[-1].split()[2])


if __name__ == "__main__":
    sys.exit(main())
