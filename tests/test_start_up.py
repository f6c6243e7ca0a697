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


def test_the_collector_is_held_back_while_a_command_starts_and_runs_as_usual_once_its_rule_book_is_loaded():
    seen = _run("""
        import gc, json
        usual = gc.get_threshold()
        import tsumitate_cli.main  # a worker process re-importing the program: nothing changes
        imported = gc.get_threshold()
        from tsumitate_cli import collector
        from tsumitate_cli.common import load_book
        collector.hold()  # what the program does as it starts a command (main.LazyGroup.invoke)
        during = gc.get_threshold()
        load_book(None)
        print(json.dumps({"usual": usual, "imported": imported, "during": during, "after": gc.get_threshold(),
                          "enabled": gc.isenabled(), "set_aside": gc.get_freeze_count()}))
    """)
    assert seen["imported"] == seen["usual"]
    assert seen["enabled"]  # never switched off: garbage is still collected during start-up, only less often
    assert seen["usual"][0] < seen["during"][0] <= 100_000
    assert seen["after"] == seen["usual"]
    assert seen["set_aside"] > 10_000  # modules, models and the rule book: never walked again


def test_a_command_run_by_the_program_ends_its_start_up_with_the_usual_collector():
    seen = _run("""
        import contextlib, gc, io, json, sys
        usual = gc.get_threshold()
        from tsumitate_cli.main import cli
        sys.argv = ["tsumitate", "rules", "list"]
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                cli()
            except SystemExit:
                pass
        print(json.dumps({"usual": usual, "after": gc.get_threshold(), "set_aside": gc.get_freeze_count()}))
    """)
    assert seen["after"] == seen["usual"] and seen["set_aside"] > 10_000

def test_the_program_holds_the_collector_back_from_its_first_import_until_the_rule_book_is_loaded():
    """No collection between the program's start and its rule book (Click's import included), the usual
    collector afterwards; importing the program's module, as a worker re-importing it does, changes nothing."""
    seen = _run("""
        import contextlib, gc, io, json, sys
        usual = gc.get_threshold()
        collections = []
        gc.callbacks.append(lambda phase, info: phase == "stop" and collections.append(info["generation"]))
        import tsumitate_cli.program  # what a worker re-importing the console script does
        imported = gc.get_threshold()
        from tsumitate_cli import collector
        resume, at_resume = collector.resume, []
        collector.resume = lambda: (at_resume.append(len(collections)), resume())
        sys.argv = ["tsumitate", "rules", "list"]
        with contextlib.redirect_stdout(io.StringIO()):
            collections.clear()
            try:
                tsumitate_cli.program.main()
            except SystemExit:
                pass
        print(json.dumps({"usual": usual, "imported": imported, "before_resume": at_resume,
                          "after": gc.get_threshold(), "click_loaded": "click" in sys.modules}))
    """)
    assert seen["imported"] == seen["usual"] and seen["click_loaded"]
    assert seen["before_resume"] == [0]  # none from the start to the rule book, Click's import included
    assert seen["after"] == seen["usual"]


_PLAIN_CASE = """\
case_id: 2026-031 山田
as_of: 2026-04-01
procedure: voluntary_arrangement
household: {monthly_income: 240000, monthly_expenses: 180000}
debts:
  - {creditor: アコム株式会社, amount: 800000, kind: consumer_finance}
  - {creditor: 楽天カード株式会社, amount: 450000, kind: credit_card}
"""


def test_a_case_without_transaction_histories_is_evaluated_without_the_recalculation_the_rule_linter_or_other_procedures(tmp_path):
    # A plain case needs neither the 引き直し計算 (recalc: only for a debt with ``transactions``)
    # nor the rule-file checks (lint: only while the rule book is built, not when its checked
    # copy is read back from the cache, as at every start but the first).
    case = tmp_path / "case.yaml"
    case.write_text(_PLAIN_CASE, encoding="utf-8")
    code = f"""
        import contextlib, io, json, sys
        from tsumitate_cli.main import cli
        sys.argv = ["tsumitate", "evaluate", "--format", "json", {str(case)!r}]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                cli()
            except SystemExit as e:
                code = e.code
        print(json.dumps({{"code": code, "result": json.loads(out.getvalue()),
                          "loaded": sorted(m for m in sys.modules if m.startswith("tsumitate"))}}))
    """
    _run(code)  # the first start may build the rule book (and keep it in the cache)
    seen = _run(code)
    assert seen["code"] == 0 and seen["result"]["case_id"] == "2026-031 山田"
    assert seen["result"]["recalculation"] == []
    assert "tsumitate.recalc" not in seen["loaded"]
    assert "tsumitate.rulebook.lint" not in seen["loaded"]
    # a 任意整理 case needs no other procedure's code (auto, which screens them all, does)
    assert "tsumitate.procedures.voluntary_arrangement" in seen["loaded"]
    assert "tsumitate.procedures.bankruptcy" not in seen["loaded"]
    assert "tsumitate.procedures.individual_rehabilitation" not in seen["loaded"]
