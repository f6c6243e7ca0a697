#!/usr/bin/env python3
"""Benchmark of ``tsumitate replay`` against its floor: merely loading the same YAML files.

    python benchmarks/replay_bench.py                 # 10,000 generated scenario files
    python benchmarks/replay_bench.py --n 100000      # the memory check (flat in N)
    python benchmarks/replay_bench.py --workers 2 --keep /tmp/suite

It generates N scenario files in a temporary folder (varied cases: both procedures and
screening, ten courts, lawyers / scriveners / self-filers, small-scale and salaried,
ledgers with late, missed, notified and withdrawn months, cancellations and milestones),
then measures, each phase in a fresh process so that its peak RSS is its own:

  (a) yaml     open + read + yaml.load(CSafeLoader) of every file (the floor)
  (b) replay   ``scenarios.replay.replay`` in-process with one worker (rule book loaded first, not timed)
  (c) cli      ``tsumitate replay DIR --workers N`` as a subprocess (start-up included)

and prints scenarios/s, peak RSS and the ratio of each to (a). The expectations are taken
from one evaluation of a pool of distinct cases (at most 2,000), cycled under new ids: this
is a benchmark of the replay machinery, not a test of the rules, so golden values are fine
here. Speed goals live here, never in timed tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COURTS = ["tokyo", "osaka", "default", "sapporo", "yokohama", "saitama", "chiba", "fukuoka", "nagoya", "kyoto"]
KINDS = ["consumer_finance", "credit_card", "bank_loan", "other", "tax", "housing_loan"]
EXPECT_PATHS = ["feasibility.status", "feasibility.installments", "deposit.monthly", "deposit.payee", "test.status",
                "refund.status", "refund.amount", "alternatives", "recommendation", "minimum_repayment", "plan_total"]


def make_case(rng: random.Random, i: int) -> dict:
    procedure = rng.choices(["voluntary_arrangement", "individual_rehabilitation", "auto"], [5, 4, 1])[0]
    income = rng.choice([0, 150000, 180000, 220000, 250000, 300000, 400000])
    case: dict = {
        "case_id": f"bench-{i:06d}",
        "as_of": dt.date(2026, 11, 25),
        "procedure": procedure,
        "court": rng.choice(COURTS),
        "representation": rng.choices(["lawyer", "judicial_scrivener", "self"], [6, 2, 2])[0],
        "household": {
            "monthly_income": income,
            "monthly_expenses": max(0, income - rng.choice([-5000, 3000, 8000, 12000, 20000, 35000, 60000])),
            "annual_irregular_expenses": rng.choice([0, 0, 36000, 120000]),
        },
        "debts": [
            {"creditor": f"{c}社", "amount": rng.choice([80000, 300000, 500000, 1200000, 2500000, 6000000]),
             "kind": rng.choices(KINDS, [5, 5, 3, 1, 1, 1])[0]}
            for c in "ABCDE"[: rng.randint(1, 5)]
        ],
    }
    if rng.random() < 0.2:
        case["household"]["family_informed"] = False
    if procedure != "voluntary_arrangement" and rng.random() < 0.3:
        case["rehabilitation_type"] = "salaried"
        case["household"]["annual_disposable_income"] = rng.choice([1200000, 2400000])
    if rng.random() < 0.3:
        case["assets"] = {"liquidation_value": rng.choice([0, 500000, 2000000])}
    if procedure != "individual_rehabilitation":
        case["fee_contract"] = {"refund_policy": rng.choice(["full", "minus_expenses", "none", "unknown"]),
                                "expenses": rng.choice([0, 5000, 20000]), "retainer": rng.choice([0, 22000])}
    months = rng.randint(0, 8)
    if months:
        due = rng.choice([8400, 13900, 27778, 30000])
        rows = []
        for m in range(months):
            row: dict = {"month": f"2026-{m + 3:02d}", "due": due, "paid": due}
            r = rng.random()
            if r < 0.06:
                row["paid"] = 0
                row["notified_in_advance"] = rng.random() < 0.5
            elif r < 0.12:
                row["due_date"] = dt.date(2026, m + 3, 27)
                row["paid_date"] = dt.date(2026, m + 3, 28)
            elif r < 0.15 and m:
                row["withdrawn"] = due // 2
            rows.append(row)
        case["deposits"] = rows
    ms = {k: True for k in ("settlement_reached", "plan_approved", "test_ended_early", "cancelled") if rng.random() < 0.07}
    if ms:
        case["milestones"] = ms
    return case


def generate(n: int, folder: Path, seed: int = 7) -> None:
    import yaml

    from tsumitate.evaluate import Evaluator
    from tsumitate.model.case import Case
    from tsumitate.rulebook.load import load_rulebook
    from tsumitate.scenarios.compare import MISSING, get_path

    rng = random.Random(seed)
    ev = Evaluator(load_rulebook())
    pool = []
    while len(pool) < min(n, 2000):
        case = make_case(rng, len(pool))
        try:
            result = ev.evaluate(Case.model_validate(case))
        except Exception:  # a generated case the model rejects (e.g. a withdrawal on an empty account)
            continue
        expect = {p: v for p in EXPECT_PATHS if (v := get_path(result, p)) is not MISSING}
        tags = [case["procedure"], case["court"]]
        pool.append((case, expect, tags))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        case, expect, tags = pool[i % len(pool)]
        case = dict(case, case_id=f"bench-{i:06d}")
        doc = {"name": f"生成シナリオ {i:06d} — {case['court']} {case['procedure']}", "tags": tags,
               "case": case, "expect": expect}
        sub = folder / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        with open(sub / f"s{i:06d}.yaml", "w", encoding="utf-8") as f:
            f.write("# generated by benchmarks/replay_bench.py\n")
            yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)


def _rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def phase_yaml(folder: str) -> dict:
    import yaml

    from tsumitate.scenarios.files import scenario_files

    files = [p for p, _ in scenario_files([folder])]
    t, c = time.perf_counter(), time.process_time()
    for p in files:
        with open(p, "rb") as f:
            yaml.load(f.read(), Loader=yaml.CSafeLoader)
    return {"seconds": time.perf_counter() - t, "cpu": time.process_time() - c, "scenarios": len(files), "rss_mb": _rss_mb()}


def phase_replay(folder: str) -> dict:
    from tsumitate.rulebook.load import load_rulebook
    from tsumitate.scenarios.replay import replay

    t0 = time.perf_counter()
    book = load_rulebook()
    load_s = time.perf_counter() - t0
    counts: dict[str, int] = {}
    t, c = time.perf_counter(), time.process_time()
    for report in replay([folder], book, workers=1):
        for r in report.records:
            counts[r.status] = counts.get(r.status, 0) + 1
    return {"seconds": time.perf_counter() - t, "cpu": time.process_time() - c, "scenarios": sum(counts.values()), "counts": counts,
            "rss_mb": _rss_mb(), "rulebook_load_s": load_s}


def phase_cli(folder: str, workers: int) -> dict:
    exe = shutil.which("tsumitate") or str(Path(sys.executable).parent / "tsumitate")
    t = time.perf_counter()
    proc = subprocess.run([exe, "replay", folder, "--workers", str(workers)], capture_output=True, text=True)
    seconds = time.perf_counter() - t
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-300:]
    n = sum(int(w) for w, k in zip(last.split()[::2], last.split()[1::2]) if w.isdigit())
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": seconds, "cpu": ru.ru_utime + ru.ru_stime, "scenarios": n, "summary": last, "exit": proc.returncode,
            "rss_mb": _rss_mb(resource.RUSAGE_CHILDREN)}


def phase_split(folder: str) -> dict:
    """Where one worker's time goes, per scenario (CPU µs, best of 3 passes over up to 2,000 files)."""
    from tsumitate.evaluate import Evaluator
    from tsumitate.model.case_file import case_from_source
    from tsumitate.rulebook.load import load_rulebook
    from tsumitate.scenarios.compare import compare
    from tsumitate.scenarios.files import load_scenarios, scenario_files

    files = [p for p, _ in scenario_files([folder])][:2000]
    ev = Evaluator(load_rulebook())
    best: dict[str, float] = {}
    clock = time.process_time
    for _ in range(3):
        spent = {"read + strict YAML parse + scenario shape": 0.0, "case validation (pydantic)": 0.0,
                 "evaluation (engine + evaluator)": 0.0, "comparison": 0.0}
        keys = list(spent)
        for p in files:
            t0 = clock()
            sc = load_scenarios(p)[0]
            t1 = clock()
            case = case_from_source(sc.source, sc.case_data, ("case",))
            t2 = clock()
            result = ev.evaluate(case)
            t3 = clock()
            compare(sc.expect, result)
            t4 = clock()
            for k, a, b in zip(keys, (t0, t1, t2, t3), (t1, t2, t3, t4)):
                spent[k] += b - a
        for k, v in spent.items():
            best[k] = min(best.get(k, v), v)
    return {"us_per_scenario": {k: v / len(files) * 1e6 for k, v in best.items()}, "files": len(files)}


def run_phase(name: str, folder: str, workers: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", name, "--workers", str(workers), folder],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000, help="scenario files to generate (default 10,000)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="workers for the CLI phase (default: cores)")
    ap.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it (reused if it already holds files)")
    ap.add_argument("--skip", action="append", default=[], choices=["yaml", "replay", "cli"], help="leave a phase out")
    ap.add_argument("--split", action="store_true", help="also show where one worker's time goes, per scenario")
    ap.add_argument("--runs", type=int, default=3, help="runs of each phase; min and median are printed (default 3)")
    ap.add_argument("--phase", choices=["yaml", "replay", "cli", "split"], help=argparse.SUPPRESS)
    ap.add_argument("folder", nargs="?", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        fn = {"yaml": lambda: phase_yaml(args.folder), "replay": lambda: phase_replay(args.folder),
              "cli": lambda: phase_cli(args.folder, args.workers), "split": lambda: phase_split(args.folder)}[args.phase]
        print(json.dumps(fn()))
        return

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tsumitate-bench-"))
    try:
        if not any(folder.rglob("*.yaml")):
            t = time.perf_counter()
            generate(args.n, folder)
            print(f"generated {args.n:,} scenario files in {folder} ({time.perf_counter() - t:.1f} s)")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"replay benchmark: {args.n:,} scenario files, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
              f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {load:.2f} at the start")
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from bench import compile_bytecode

        compile_bytecode()
        runs: dict[str, list[dict]] = {}
        for k in range(args.runs):  # phases interleaved, so that a busy minute on the machine hits all alike
            for name in ("yaml", "replay", "cli"):
                if name not in args.skip:
                    runs.setdefault(name, []).append(run_phase(name, str(folder), args.workers))
        results = {name: rs[0] for name, rs in runs.items()}
        base = runs.get("yaml")
        print(f"\n{args.runs} run(s) of each phase; min / median")
        print(f"{'phase':<34}{'wall s':>15}{'ratio':>13}{'CPU s':>15}{'ratio':>13}{'scen/s (min)':>14}{'peak RSS':>10}")
        labels = {"yaml": "(a) YAML load (CSafeLoader)", "replay": "(b) replay in-process, 1 worker",
                  "cli": f"(c) CLI replay --workers {args.workers}"}

        def mm(values):
            return min(values), statistics.median(values)

        for name, rs in runs.items():
            wall, cpu = mm([r["seconds"] for r in rs]), mm([r["cpu"] for r in rs])
            if base:
                bw, bc = mm([r["seconds"] for r in base]), mm([r["cpu"] for r in base])
                ratio = f"{wall[0] / bw[0]:.2f}/{wall[1] / bw[1]:.2f}x"
                cratio = f"{cpu[0] / bc[0]:.2f}/{cpu[1] / bc[1]:.2f}x"
            else:
                ratio = cratio = "-"
            rate = rs[0]["scenarios"] / wall[0] if wall[0] else 0
            rss = max(r["rss_mb"] for r in rs)
            print(f"{labels[name]:<34}{wall[0]:>7.2f}/{wall[1]:<7.2f}{ratio:>13}{cpu[0]:>7.2f}/{cpu[1]:<7.2f}{cratio:>13}"
                  f"{rate:>14,.0f}{rss:>7.0f} MB")
        print("(ratio: to (a), min to min and median to median; CPU s of (c) sums the parent and its workers; "
              "the machine's other load shows in wall time more than in CPU time)")
        if "replay" in results:
            print(f"\nrule book load (not in (b)): {results['replay']['rulebook_load_s']:.2f} s; "
                  f"statuses: {results['replay']['counts']}")
        if args.split:
            split = run_phase("split", str(folder), args.workers)
            print(f"\nper scenario, one worker (CPU µs, best of 3 over {split['files']:,} files):")
            for k, v in split["us_per_scenario"].items():
                print(f"  {k:<44}{v:>8.0f}")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"load average at the end: {load:.2f}")
        if "cli" in results:
            print(f"CLI summary line: {results['cli']['summary']!r} (exit {results['cli']['exit']}); "
                  "its peak RSS is the largest single process (parent or one worker)")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
