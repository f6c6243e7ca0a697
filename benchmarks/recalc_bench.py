#!/usr/bin/env python3
"""Benchmark of the 引き直し計算: time per 1,000 transaction rows, in-process and through the CLI.

    python benchmarks/recalc_bench.py                  # 10,000 rows, 5 runs
    python benchmarks/recalc_bench.py --rows 50000 --runs 3

Measures, each as the best and the median of --runs (CPU seconds: user + system, of the child
for the CLI, which other work on a shared machine distorts less than wall time):
- ``recalc.recalculate`` alone on a generated history (borrowings, repayments, overpayment
  and set-off, leap years), per 1,000 rows;
- the case model's validation of the same rows (pydantic), per 1,000 rows;
- ``tsumitate recalc --format json`` and ``--format csv`` on a YAML case file with that history
  (start-up, YAML, validation, recalculation and output), per 1,000 rows;
- ``tsumitate evaluate`` on the same file (the recalculated amount feeding 任意整理).

Goal (issue 12): 10,000 rows handled quickly — well under a second end to end.
This is a script, not a test: the numbers depend on the machine (write them in the README).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml


def history(rows: int, seed: int = 12) -> list[dict]:
    """A long 消費者金融 history: a borrowing every so often, repayments between, a few big ones."""
    rng = random.Random(seed)
    day = dt.date(1990, 1, 5)  # ~1.2 days a row on average: 10,000 rows end around 2022
    out = []
    for i in range(rows):
        day += dt.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3]))
        if i % 12 == 0:
            out.append({"date": day, "borrow": rng.choice([10000, 50000, 100000, 300000]), "repay": 0})
        else:
            out.append({"date": day, "borrow": 0, "repay": rng.choice([3000, 5000, 10000, 15000, 30000])})
    return out


class _NoAliases(yaml.SafeDumper):
    """Case files may not use YAML aliases: write a same-day date twice rather than *id001."""

    def ignore_aliases(self, data):
        return True


def dump(data) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


def cpu() -> float:
    t = os.times()
    return t.user + t.system


def child_cpu() -> float:
    t = os.times()
    return t.children_user + t.children_system


def best_median(values: list[float]) -> str:
    return f"best {min(values):.3f} s, median {statistics.median(values):.3f} s"


def per_k(seconds: float, rows: int) -> str:
    return f"{seconds / rows * 1000 * 1000:.1f} ms per 1,000 rows"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from tsumitate.model.case import Case
    from tsumitate.recalc import Transaction, recalculate
    from tsumitate.rulebook.load import load_rulebook

    params = load_rulebook().recalculation
    rows = history(args.rows)
    as_of = rows[-1]["date"] + dt.timedelta(days=30)
    txs = [Transaction(r["date"], r["borrow"], r["repay"]) for r in rows]
    case_data = {"case_id": "bench", "as_of": as_of, "procedure": "voluntary_arrangement", "court": "tokyo",
                 "household": {"monthly_income": 300000, "monthly_expenses": 200000},
                 "debts": [{"creditor": "A社", "transactions": rows}]}

    times = []
    for _ in range(args.runs):
        t0 = cpu()
        result = recalculate(txs, as_of, params)
        times.append(cpu() - t0)
    s = result.summary
    print(f"history: {args.rows:,} rows {rows[0]['date']}..{rows[-1]['date']}; principal {s.principal:,}, "
          f"unpaid {s.unpaid_interest:,}, overpaid {s.overpaid_principal:,} + {s.overpaid_interest:,}")
    print(f"recalculate (in-process):     {best_median(times)}  → {per_k(min(times), args.rows)}")

    times = []
    for _ in range(args.runs):
        t0 = cpu()
        Case.model_validate(case_data)
        times.append(cpu() - t0)
    print(f"validation (pydantic):        {best_median(times)}  → {per_k(min(times), args.rows)}")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "history.yaml"
        path.write_text(dump(case_data), encoding="utf-8")
        exe = [sys.executable, "-m", "tsumitate_cli.main"]
        for label, argv in (("tsumitate recalc --format json", ["recalc", "--format", "json"]),
                            ("tsumitate recalc --format csv ", ["recalc", "--format", "csv"]),
                            ("tsumitate evaluate            ", ["evaluate", "--format", "json"])):
            times = []
            for _ in range(args.runs):
                t0 = child_cpu()
                subprocess.run(exe + argv + [str(path)], check=True, stdout=subprocess.DEVNULL)
                times.append(child_cpu() - t0)
            print(f"{label}: {best_median(times)}  → {per_k(min(times), args.rows)} (start-up included)")
        times = []
        for _ in range(args.runs):
            t0 = child_cpu()
            subprocess.run([sys.executable, "-c", "import yaml, pydantic, click"], check=True)
            times.append(child_cpu() - t0)
        print(f"floor: python -c 'import yaml, pydantic, click': {best_median(times)}")


if __name__ == "__main__":
    main()
