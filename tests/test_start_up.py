"""What a command does before its first case, so that ``tsumitate evaluate one.yaml`` starts quickly
(issue 16: start-up <= 0.15 s; times are in benchmarks/bench.py, never here).

Each check runs a fresh Python, as a user's command does: what one process has imported says
nothing about what another needs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from conftest import ROOT


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def test_the_collector_is_held_back_during_start_up_and_runs_as_usual_once_the_rule_book_is_loaded():
    seen = _run("""
        import gc, json
        usual = gc.get_threshold()
        import tsumitate_cli.main
        during = gc.get_threshold()
        from tsumitate_cli.common import load_book
        load_book(None)
        print(json.dumps({"usual": usual, "during": during, "after": gc.get_threshold(), "enabled": gc.isenabled(),
                          "set_aside": gc.get_freeze_count()}))
    """)
    assert seen["enabled"]  # never switched off: garbage is still collected during start-up, only less often
    assert seen["usual"][0] < seen["during"][0] <= 100_000
    assert seen["after"] == seen["usual"]
    assert seen["set_aside"] > 10_000  # modules, models and the rule book: never walked again
