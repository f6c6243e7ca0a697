#!/usr/bin/env python3
"""Benchmark of ``evaluate``: each measurement printed beside its floor, with the ratio and the goal.

    python benchmarks/bench.py                 # 2,000 generated cases, memory at 1k / 5k / 20k
    python benchmarks/bench.py -n 500 --sizes 500,2000 --runs 5    # quicker
    python benchmarks/bench.py --profile       # also a cProfile of the in-process loop (top 25)

Measures (goals from issues 5 and 16), each as min / median of several runs:
- in-process (library) throughput: our loader + pydantic validation + evaluation, per case,
  against the floor PyYAML's C loader on the same files.  Goal: ratio <= 1.5;
- the CLI on all files in one call (``tsumitate evaluate --format json FILE...``, start-up
  included), against the same floor.  Goal: ratio <= 1.5;
- CLI start-up for one case against ``python -c "import yaml, pydantic, click"``.
  Goal: 0.15 s;
- peak RSS of that CLI call as N grows. Goal: flat;
- calls into durable_rules per case (``Engine.calls``).

Times are CPU seconds (user + system; of the child for the CLI), which other work on a shared
machine distorts less than wall time; in-process loops keep the best of --repeat runs.

This is a script, not a test: the numbers depend on the machine (write them in the README).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

COURTS = ["tokyo", "osaka", "default", "sapporo", "yokohama", "saitama", "chiba", "fukuoka", "nagoya", "sendai", "kobe"]
KINDS = ["consumer_finance", "credit_card", "bank_loan", "housing_loan", "tax", "other"]
CREDITORS = ["アコム株式会社", "プロミス", "楽天カード株式会社", "三井住友カード", "株式会社ジャックス", "〇〇銀行", "市税"]


def make_case(rng: random.Random, i: int) -> dict:
    procedure = rng.choice(["voluntary_arrangement", "voluntary_arrangement", "individual_rehabilitation", "auto"])
    debts = []
    for _ in range(rng.randint(1, 6)):
        d = {"creditor": rng.choice(CREDITORS), "amount": rng.choice([rng.randint(1, 300) * 10_000, rng.randint(1, 3000) * 1000])}
        if rng.random() < 0.6:
            d["kind"] = rng.choice(KINDS)
        if rng.random() < 0.1:
            d["include"] = False
        debts.append(d)
    case = {
        "case_id": f"bench-{i:06d}",
        "as_of": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "procedure": procedure,
        "court": rng.choice(COURTS),
        "representation": rng.choice(["lawyer", "lawyer", "judicial_scrivener", "self"]),
        "household": {
            "monthly_income": rng.randint(0, 60) * 10_000,
            "monthly_expenses": rng.randint(5, 40) * 10_000,
            "annual_irregular_expenses": rng.choice([0, 60_000, 120_000, 240_000]),
            "family_informed": rng.random() < 0.8,
        },
        "debts": debts,
    }
    if rng.random() < 0.3:
        case["rehabilitation_type"] = "salaried"
        case["household"]["annual_disposable_income"] = rng.randint(50, 300) * 10_000
    if rng.random() < 0.3:
        case["assets"] = {"liquidation_value": rng.randint(0, 300) * 10_000}
    if rng.random() < 0.5:
        case["fee_contract"] = {"refund_policy": rng.choice(["full", "minus_expenses", "none", "unknown"]),
                                "expenses": rng.randint(0, 30) * 1000}
    rows = []
    start = rng.randint(0, 6)
    for m in range(rng.choice([0, 0, 2, 4, 6, 8])):
        due = rng.randint(1, 10) * 10_000
        year, month = divmod(2025 * 12 + start + m, 12)
        row = {"month": f"{year}-{month + 1:02d}", "due": due, "paid": due if rng.random() < 0.9 else due // 2,
               "due_date": f"{year}-{month + 1:02d}-27"}
        if rng.random() < 0.1:
            row["paid_date"] = f"{year}-{month + 1:02d}-28"
        if rng.random() < 0.05:
            row["notified_in_advance"] = True
        rows.append(row)
    if rows:
        case["deposits"] = rows
        if rng.random() < 0.05:
            rows[-1]["withdrawn"] = min(rows[-1]["paid"], 10_000)
    if rng.random() < 0.3:
        case["milestones"] = {rng.choice(["settlement_reached", "plan_approved", "test_ended_early", "cancelled"]): True}
    return case


def generate(folder: Path, n: int, seed: int = 42) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(folder.glob("case-*.yaml"))
    if len(existing) >= n:
        return existing[:n]
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        p = folder / f"case-{i:06d}.yaml"
        case = make_case(rng, i)
        if not p.exists():
            p.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(p)
    return paths


class Runs(list):
    """CPU seconds of several runs of one measurement; ``min`` and ``median`` are what the README quotes."""

    @property
    def min(self) -> float:
        return min(self)

    @property
    def median(self) -> float:
        return statistics.median(self)

    def __truediv__(self, other: "Runs") -> str:
        return f"{self.min / other.min:.2f} / {self.median / other.median:.2f}"


def per_case(runs: "Runs | float", n: int) -> str:
    if not isinstance(runs, Runs):
        runs = Runs([runs])
    return f"{runs.min / n * 1e6:6.0f} / {runs.median / n * 1e6:<6.0f} µs/case"


def best_of(fn, repeat: int) -> Runs:
    """CPU seconds of ``repeat`` runs (CPU time: other work on the machine distorts it less)."""
    times = Runs()
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return times


def in_process(paths: list[Path], repeat: int, profile: bool) -> dict:
    from tsumitate.engine import shared_engine
    from tsumitate.evaluate import Evaluator
    from tsumitate.model.case_file import case_from_source
    from tsumitate.rulebook.load import load_rulebook
    from tsumitate.sources import load

    try:
        loader = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover
        loader = yaml.SafeLoader

    def floor():
        for p in paths:
            with open(p, "rb") as f:
                yaml.load(f.read().decode("utf-8"), Loader=loader)

    sources = [load(p) for p in paths]
    evaluator = Evaluator(load_rulebook())
    cases = [case_from_source(s) for s in sources]
    for c in cases[:50]:  # warm-up: compile and register every stage once
        evaluator.evaluate(c)

    def our_load():
        for p in paths:
            load(p)

    def validate():
        for s in sources:
            case_from_source(s)

    def evaluate():
        for c in cases:
            evaluator.evaluate(c)

    def whole():
        for p in paths:
            evaluator.evaluate(case_from_source(load(p)))

    engine = shared_engine()
    before = engine.calls
    evaluate()
    calls = (engine.calls - before) / len(cases)
    out = {"floor": best_of(floor, repeat), "load": best_of(our_load, repeat), "validate": best_of(validate, repeat),
           "evaluate": best_of(evaluate, repeat), "whole": best_of(whole, repeat), "calls": calls}
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        whole()
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    return out


def tsumitate_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("tsumitate")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tsumitate_cli.main"]


# A small Python runs the command and reports its child's rusage: measured from this (large)
# process, a child's ru_maxrss would include the pages it had before exec.
_RUSAGE = ("import resource, subprocess, sys\n"
           "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
           "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
           "print('RUSAGE', code, r.ru_utime + r.ru_stime, r.ru_maxrss, file=sys.stderr)\n")


def run_timed(cmd: list[str]) -> tuple[float, int, int]:
    """CPU time (user + system), exit code and peak RSS (KB) of one child process."""
    proc = subprocess.run([sys.executable, "-c", _RUSAGE, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    lines = proc.stderr.decode("utf-8", "replace").splitlines()
    _, code, cpu, rss = lines[-1].split()
    if code != "0":
        print(f"  ! {' '.join(cmd[:4])}... exited {code}: {' '.join(lines[:-1])[:300]}")
    return float(cpu), int(code), int(rss)


def median_run(cmd: list[str], runs: int) -> Runs:
    run_timed(cmd)  # warm the page cache and .pyc files
    return Runs(run_timed(cmd)[0] for _ in range(runs))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="cases for the throughput runs (default 2000)")
    ap.add_argument("--sizes", default="1000,5000,20000", help="N values for the memory run ('' to skip)")
    ap.add_argument("--runs", type=int, default=7, help="runs for the start-up medians")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each in-process loop (min and median printed)")
    ap.add_argument("--cli-runs", type=int, default=3, help="runs of the CLI over all N files (min and median printed)")
    ap.add_argument("--dir", type=Path, default=None, help="where to generate cases (default: a temporary folder)")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of the in-process loop")
    args = ap.parse_args()

    tmp = None
    folder = args.dir
    if folder is None:
        tmp = tempfile.mkdtemp(prefix="tsumitate-bench-")
        folder = Path(tmp)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        paths = generate(folder / "cases", max([args.n, *sizes]))
        work = paths[: args.n]
        print(f"tsumitate benchmark: {args.n:,} generated cases in {folder}, Python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs")

        r = in_process(work, args.repeat, args.profile)
        n = len(work)
        floor = r["floor"]
        print(f"\n== in-process (library), per case: min / median of {args.repeat} runs (CPU)")
        print(f"  floor: PyYAML C loader        {per_case(floor, n)}")
        print(f"  our loader (sources.load)     {per_case(r['load'], n)}   ratio {r['load'] / floor}")
        print(f"  validate (pydantic Case)      {per_case(r['validate'], n)}")
        print(f"  evaluate (durable_rules)      {per_case(r['evaluate'], n)}   calls into durable per case: {r['calls']:.1f}")
        print(f"  load + validate + evaluate    {per_case(r['whole'], n)}   ratio to floor {r['whole'] / floor}  (goal <= 1.5)")
        both = Runs(a + b for a, b in zip(r["validate"], r["evaluate"]))
        print(f"  engine + model alone          {per_case(both, n)}   ratio to floor {both / floor}  (goal <= 1)")

        cmd = tsumitate_cmd()
        print(f"\n== CLI: min / median of {args.runs} runs (CPU of the child)")
        import_floor = median_run([sys.executable, "-c", "import yaml, pydantic, click"], args.runs)
        one = median_run(cmd + ["evaluate", "--format", "json", str(work[0])], args.runs)
        print(f"  floor: python -c 'import yaml, pydantic, click'   {import_floor.min:6.3f} / {import_floor.median:.3f} s")
        print(f"  tsumitate evaluate one.yaml                      {one.min:6.3f} / {one.median:.3f} s   (goal <= 0.15 s)")
        many = Runs()
        for _ in range(args.cli_runs):
            cpu, code, rss = run_timed(cmd + ["evaluate", "--format", "json", *map(str, work)])
            many.append(cpu)
        print(f"  tsumitate evaluate --format json ({n:,} files, {args.cli_runs} runs)  {many.min:6.2f} / {many.median:.2f} s  "
              f"{per_case(many, n)}  ratio to floor {many / floor}  (goal <= 1.5; start-up included)")

        if sizes:
            print("\n== peak RSS of one CLI call as N grows (goal: flat)")
            for size in sizes:
                wall, code, rss = run_timed(cmd + ["evaluate", "--format", "json", *map(str, paths[:size])])
                print(f"  N = {size:6,}  {rss / 1024:7.1f} MB   {wall:6.2f} s   {per_case(wall, size)}")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
