#!/usr/bin/env python3
"""Benchmark of ``evaluate``: each measurement printed beside its floor, with the ratio and the goal.

    python benchmarks/bench.py                 # CLI over 10,000 generated files, loops over 2,000
    python benchmarks/bench.py -n 100000 --dir /tmp/b100k   # CLI over 100,000 (files kept for the next run)
    python benchmarks/bench.py -n 2000 --cli-runs 2 --runs 5  # quicker
    python benchmarks/bench.py --sizes 1000,5000,20000        # also peak RSS as N grows
    python benchmarks/bench.py --profile       # also a cProfile of the in-process loop (top 25)

Measures (goals from issues 5 and 16), each as min / median of several runs:
- in-process (library) throughput: our loader + pydantic validation + evaluation, per case,
  against the floor PyYAML's C loader on the same files.  Goal: ratio <= 1.5;
- the CLI on all N files in one call (``tsumitate evaluate --format json FILE...``, start-up
  included; by default on every core, and again with ``--workers 1``), wall and CPU time
  (parent and workers), against the floor run as a program of its own over the same files.
  Goal: ratio <= 1.5;
- CLI start-up for one case against ``python -c "import yaml, pydantic, click"``.
  Goal: 0.15 s. ``import pydantic`` alone loads almost nothing (pydantic imports its parts
  when first used), so a second reference is printed: the libraries tsumitate cannot start
  without, as little as each can do (PyYAML and click imported, one one-field pydantic model
  made and used, durable_rules' engine imported). What is above it is tsumitate's own;
- peak RSS of that CLI call as N grows. Goal: flat;
- calls into durable_rules per case (``Engine.calls``).

In-process times are CPU seconds; the CLI is timed both ways (CPU: user + system of the child
and its workers, which other work on a shared machine distorts less than wall time). The load
average at the start and the end is printed: quote it with the numbers.

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


def compile_bytecode() -> None:
    """The package's modules compiled to bytecode, as ``pip install`` leaves them: start-up is then
    measured as a user meets it (an editable install under ``PYTHONDONTWRITEBYTECODE=1`` compiles
    some 45 modules again at every start, about 50 ms)."""
    import compileall

    import tsumitate
    import tsumitate_cli

    for package in (tsumitate, tsumitate_cli):
        compileall.compile_dir(str(Path(package.__file__).parent), quiet=1)


def _room_for_names() -> None:
    """100,000 file names (1.7 MB) do not fit Linux's default argument space (a quarter of the
    stack limit, 2 MB with the usual 8 MB, environment included): raise the stack limit for the
    commands this script starts, as ``ulimit -s 65536`` would in a shell. The CLI is unchanged."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
        want = 64 * 1024 * 1024
        if soft != resource.RLIM_INFINITY and soft < want and (hard == resource.RLIM_INFINITY or hard >= want):
            resource.setrlimit(resource.RLIMIT_STACK, (want, hard))
    except (ImportError, ValueError, OSError):
        pass


def tsumitate_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("tsumitate")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tsumitate_cli.main"]


# A small Python runs the command and reports its child's rusage: measured from this (large)
# process, a child's ru_maxrss would include the pages it had before exec.
_RUSAGE = ("import resource, subprocess, sys, time\n"
           "t = time.perf_counter()\n"
           "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
           "wall = time.perf_counter() - t\n"
           "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
           "print('RUSAGE', code, r.ru_utime + r.ru_stime, r.ru_maxrss, wall, file=sys.stderr)\n")


def run_measured(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds (user + system, the child and all its workers), exit code and
    peak RSS (KB, the largest single process) of one command."""
    proc = subprocess.run([sys.executable, "-c", _RUSAGE, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    lines = proc.stderr.decode("utf-8", "replace").splitlines()
    _, code, cpu, rss, wall = lines[-1].split()
    if code != "0":
        print(f"  ! {' '.join(cmd[:4])}... exited {code}: {' '.join(lines[:-1])[:300]}")
    return float(wall), float(cpu), int(code), int(rss)


def run_timed(cmd: list[str]) -> tuple[float, int, int]:
    """CPU time (user + system), exit code and peak RSS (KB) of one child process."""
    wall, cpu, code, rss = run_measured(cmd)
    return cpu, code, rss


def median_run(cmd: list[str], runs: int) -> Runs:
    run_timed(cmd)  # warm the page cache and .pyc files
    return Runs(run_timed(cmd)[0] for _ in range(runs))


def both_runs(cmd: list[str], runs: int, cwd: Path | None = None) -> tuple[Runs, Runs]:
    """(wall, CPU) of ``runs`` runs of ``cmd``, after one unmeasured run (page cache, .pyc files, rule-book cache)."""
    run_measured(cmd, cwd)
    walls, cpus = Runs(), Runs()
    for _ in range(runs):
        wall, cpu, _, _ = run_measured(cmd, cwd)
        walls.append(wall)
        cpus.append(cpu)
    return walls, cpus


def interleaved(cmds: list[list[str]], runs: int) -> list[tuple[Runs, Runs]]:
    """(wall, CPU) of each command, run in turn ``runs`` times after one unmeasured run of each:
    a machine that slows down or speeds up during the runs moves every command alike."""
    for cmd in cmds:
        run_measured(cmd)
    out = [(Runs(), Runs()) for _ in cmds]
    for _ in range(runs):
        for cmd, (walls, cpus) in zip(cmds, out):
            wall, cpu, _, _ = run_measured(cmd)
            walls.append(wall)
            cpus.append(cpu)
    return out


# What tsumitate cannot start without, each doing as little as it can: ``import pydantic`` loads
# almost nothing until a model is made (its schema builder, its types, its plugin loader and
# importlib.metadata come then), and durable_rules' engine is imported to fire anything.
LIBRARIES = ("import yaml, click\n"
             "from pydantic import BaseModel\n"
             "class One(BaseModel):\n"
             "    n: int\n"
             "One(n=1)\n"
             "import durable.engine\n")


# The floor as a program of its own: open, read and yaml.load(CSafeLoader) every file named on
# the command line, timed from the first file to the last (the interpreter's start is not in it).
_FLOOR = ("import sys, time, resource, yaml\n"
          "t, c = time.perf_counter(), time.process_time()\n"
          "for p in sys.argv[1:]:\n"
          "    with open(p, 'rb') as f:\n"
          "        yaml.load(f.read().decode('utf-8'), Loader=yaml.CSafeLoader)\n"
          "print(time.perf_counter() - t, time.process_time() - c)\n")


def floor_runs(names: list[str], cwd: Path, runs: int) -> tuple[Runs, Runs]:
    """(wall, CPU) of the YAML floor over the same files, ``runs`` runs after one unmeasured run."""
    walls, cpus = Runs(), Runs()
    for k in range(runs + 1):
        out = subprocess.run([sys.executable, "-c", _FLOOR, *names], cwd=cwd, capture_output=True, text=True, check=True)
        wall, cpu = map(float, out.stdout.split())
        if k:
            walls.append(wall)
            cpus.append(cpu)
    return walls, cpus


def ratio_line(label: str, wall: Runs, cpu: Runs, floor_wall: Runs, floor_cpu: Runs, note: str = "") -> str:
    return (f"  {label:<48}{wall.min:8.2f} / {wall.median:<8.2f}{wall / floor_wall:>13}x"
            f"{cpu.min:9.2f} / {cpu.median:<8.2f}{cpu / floor_cpu:>13}x  {note}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=10_000, help="files for the CLI runs (default 10,000)")
    ap.add_argument("--in-process-n", type=int, default=2000, help="cases for the in-process loops (default 2,000)")
    ap.add_argument("--sizes", default="", help="N values for a memory run, e.g. 1000,5000,20000 (default: none)")
    ap.add_argument("--runs", type=int, default=7, help="runs for the start-up min / median")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each in-process loop (min and median printed)")
    ap.add_argument("--cli-runs", type=int, default=3, help="runs of the CLI over all N files (min and median printed)")
    ap.add_argument("--workers", type=int, default=None, help="evaluate --workers for the CLI runs (default: its own choice)")
    ap.add_argument("--dir", type=Path, default=None, help="where to generate cases (default: a temporary folder); reused")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of the in-process loop")
    args = ap.parse_args()

    tmp = None
    folder = args.dir
    if folder is None:
        tmp = tempfile.mkdtemp(prefix="tsumitate-bench-")
        folder = Path(tmp)
    try:
        compile_bytecode()
        _room_for_names()
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        cases_dir = folder / "cases"
        paths = generate(cases_dir, max([args.n, args.in_process_n, *sizes]))
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"tsumitate benchmark: generated cases in {folder}, Python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {load:.2f} at the start")

        work = paths[: args.in_process_n]
        r = in_process(work, args.repeat, args.profile)
        n = len(work)
        floor = r["floor"]
        print(f"\n== in-process (library), {n:,} cases, per case: min / median of {args.repeat} runs (CPU)")
        print(f"  floor: PyYAML C loader        {per_case(floor, n)}")
        print(f"  our loader (sources.load)     {per_case(r['load'], n)}   ratio {r['load'] / floor}")
        print(f"  validate (pydantic Case)      {per_case(r['validate'], n)}")
        print(f"  evaluate (durable_rules)      {per_case(r['evaluate'], n)}   calls into durable per case: {r['calls']:.1f}")
        print(f"  load + validate + evaluate    {per_case(r['whole'], n)}   ratio to floor {r['whole'] / floor}")
        both = Runs(a + b for a, b in zip(r["validate"], r["evaluate"]))
        print(f"  engine + model alone          {per_case(both, n)}   ratio to floor {both / floor}")

        cmd = tsumitate_cmd()
        names = [p.name for p in paths[: args.n]]  # run in the folder: short names keep 100,000 under the argument limit
        workers = [] if args.workers is None else ["--workers", str(args.workers)]
        print(f"\n== CLI over {len(names):,} files against the floor (the same files read and loaded with CSafeLoader in a process "
              f"of its own): seconds, min / median of {args.cli_runs} runs; ratio min to min, median to median")
        print(f"  {'':<48}{'wall s':^19}{'ratio':>13} {'CPU s':^19}{'ratio':>13}")
        fw, fc = floor_runs(names, cases_dir, args.cli_runs)
        print(ratio_line("floor: CSafeLoader load", fw, fc, fw, fc))
        from tsumitate.evaluate_files import default_workers

        auto = args.workers or default_workers(len(names))
        w, c = both_runs(cmd + ["evaluate", "--format", "json", *workers, *names], args.cli_runs, cases_dir)
        print(ratio_line(f"tsumitate evaluate --format json ({auto} workers)", w, c, fw, fc, "(goal: 1.5x)"))
        if auto != 1:
            w, c = both_runs(cmd + ["evaluate", "--format", "json", "--workers", "1", *names], args.cli_runs, cases_dir)
            print(ratio_line("tsumitate evaluate --format json --workers 1", w, c, fw, fc))
        print("  (start-up included; CPU of the CLI is the parent's and its workers' together)")

        print(f"\n== start-up: min / median of {args.runs} runs, seconds")
        import_floor, libraries, one = interleaved([
            [sys.executable, "-c", "import yaml, pydantic, click"],
            [sys.executable, "-c", LIBRARIES],
            cmd + ["evaluate", "--format", "json", str(paths[0])]], args.runs)
        print(f"  {'':<48}{'wall s':^19}  {'CPU s':^19}")
        for label, (w, c), note in (("floor: python -c 'import yaml, pydantic, click'", import_floor, ""),
                                    ("the libraries alone (LIBRARIES in bench.py)", libraries, ""),
                                    ("tsumitate evaluate --format json one.yaml", one, "(goal: 0.15 s)")):
            print(f"  {label:<48}{w.min:8.3f} / {w.median:<8.3f}  {c.min:8.3f} / {c.median:<8.3f}  {note}")

        if sizes:
            print("\n== peak RSS of one CLI call as N grows (goal: flat; the largest single process)")
            for size in sizes:
                wall, cpu, code, rss = run_measured(cmd + ["evaluate", "--format", "json", *[p.name for p in paths[:size]]], cases_dir)
                print(f"  N = {size:6,}  {rss / 1024:7.1f} MB   wall {wall:6.2f} s   CPU {cpu:6.2f} s")
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"\nload average at the end: {load:.2f}")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
