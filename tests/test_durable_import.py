"""A broken durable_rules install (Python 3.13's plain pip install) ends in the command to run, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tsumitate.durable_import import REPAIR, advice_for

ROOT = Path(__file__).resolve().parents[1]

UNDEFINED = ImportError("/venv/lib/python3.13/site-packages/durable_rules_engine.cpython-313-x86_64-linux-gnu.so: "
                        "undefined symbol: PyEval_CallObject")


def test_on_python_3_13_the_advice_is_the_reinstall_that_bypasses_pips_cached_broken_wheel():
    advice = advice_for(UNDEFINED, (3, 13))
    assert REPAIR == ("CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject "
                      "pip install --no-cache-dir --force-reinstall durable-rules")
    assert f"\n  {REPAIR}" in advice.ja and f"\n  {REPAIR}" in advice.en
    assert "PyEval_CallObject" in advice.en.splitlines()[0]


def test_a_missing_module_on_an_older_python_gets_a_plain_reinstall():
    advice = advice_for(ModuleNotFoundError("No module named 'durable_rules_engine'"), (3, 12))
    assert "CPPFLAGS" not in advice.en and "durable-rules==2.0.28" in advice.en


def test_the_command_line_prints_what_to_run_and_exits_2_without_a_traceback(tmp_path):
    # A stand-in for the broken C module, found before the real one.
    (tmp_path / "durable_rules_engine.py").write_text(f"raise ImportError({str(UNDEFINED)!r})\n", encoding="utf-8")
    case = next((ROOT / "scenarios").rglob("*.yaml"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    env.pop("TSUMITATE_LANG", None)
    done = subprocess.run([sys.executable, "-m", "tsumitate_cli.main", "replay", str(case)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == f"  {REPAIR}"
    assert "durable_rules（ルールエンジン）を読み込めません" in done.stderr
