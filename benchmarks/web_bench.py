"""Load on ``tsumitate serve`` over loopback: 1, 8 and 32 concurrent clients, bounded in count and time.

Not a test: the figures depend on the machine. Prints, per level, requests/s and p50/p99
latency beside the in-process evaluation of the same cases (read the JSON body, validate,
evaluate, write the JSON line: what the server does inside a request), so the difference is
what HTTP and the web stack add. Nothing may be lost: every response is compared byte for byte
with what ``tsumitate evaluate --format json`` printed for the same case file.

    python benchmarks/web_bench.py                      # 300 generated cases, 3,000 requests per level
    python benchmarks/web_bench.py --requests 600 --clients 1,8 --workers 2

The clients run in their own processes (a few threads each, one keep-alive connection per
thread), so the client's own Python does not share the server's GIL; on a 2-core machine they
still share the CPU with the server, as a browser on the same desk would.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench import make_case  # noqa: E402  (the same generated cases as the evaluation benchmark)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def expected_lines(files: list[Path]) -> list[bytes]:
    out = subprocess.run([sys.executable, "-m", "tsumitate_cli.main", "evaluate", "--format", "json", *map(str, files)],
                         capture_output=True)
    if out.returncode != 0:
        sys.exit(f"the CLI refused a generated case: {out.stderr.decode()[:500]}")
    lines = out.stdout.splitlines(keepends=True)
    assert len(lines) == len(files)
    return lines


def in_process(bodies: list[bytes], rounds: int) -> tuple[list[float], float]:
    """Seconds per case of what a request does inside the server, without HTTP; and CPU seconds per case."""
    from tsumitate.web.service import Service

    svc = Service()
    for b in bodies:  # warm the caches as the server's first requests do
        svc.evaluate_json(b, "ja")
    times = []
    cpu0 = time.process_time()
    for _ in range(rounds):
        for b in bodies:
            t = time.perf_counter()
            svc.evaluate_json(b, "ja")
            times.append(time.perf_counter() - t)
    return times, (time.process_time() - cpu0) / (rounds * len(bodies))


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (worker processes), from /proc (Linux only)."""
    tick = os.sysconf("SC_CLK_TCK")
    pids, total = [pid], 0.0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                pids += [int(x) for x in f.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


def _client_proc(port: int, threads: int, bodies: list[bytes], expected: list[bytes], start: int, quota: int,
                 deadline: float, q) -> None:
    lat: list[float] = []
    bad = [0]
    errors: list[str] = []
    lock = threading.Lock()
    counter = [0]

    def worker(k: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        n = len(bodies)
        while time.monotonic() < deadline:
            with lock:
                i = counter[0]
                if i >= quota:
                    break
                counter[0] += 1
            j = (start + i * 7919) % n
            t = time.perf_counter()
            try:
                conn.request("POST", "/api/evaluate", body=bodies[j], headers={"Content-Type": "application/json"})
                r = conn.getresponse()
                body = r.read()
            except (OSError, http.client.HTTPException) as e:
                errors.append(repr(e))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            lat.append(time.perf_counter() - t)
            if r.status != 200 or body != expected[j]:
                bad[0] += 1
        conn.close()

    ts = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    q.put((lat, bad[0], errors[:5], len(errors)))


def load(port: int, clients: int, requests: int, seconds: float, bodies, expected):
    procs_n = min(clients, 4)
    per = [clients // procs_n + (1 if k < clients % procs_n else 0) for k in range(procs_n)]
    quota = [requests * p // clients for p in per]
    quota[0] += requests - sum(quota)
    q = mp.Queue()
    t0 = time.perf_counter()
    deadline = time.monotonic() + seconds
    procs = [mp.Process(target=_client_proc, args=(port, per[k], bodies, expected, k * 1000, quota[k], deadline, q))
             for k in range(procs_n)]
    for p in procs:
        p.start()
    results = [q.get() for _ in procs]
    for p in procs:
        p.join()
    wall = time.perf_counter() - t0
    lat = sorted(x for r in results for x in r[0])
    bad = sum(r[1] for r in results)
    nerr = sum(r[3] for r in results)
    errs = [e for r in results for e in r[2]]
    return lat, wall, bad, nerr, errs


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    k = min(len(values) - 1, max(0, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=300, help="distinct generated cases (default 300)")
    ap.add_argument("--requests", type=int, default=3000, help="requests per concurrency level (default 3,000)")
    ap.add_argument("--seconds", type=float, default=60, help="time limit per level (default 60 s)")
    ap.add_argument("--clients", default="1,8,32", help="concurrency levels (default 1,8,32)")
    ap.add_argument("--workers", type=int, default=1, help="server worker processes (tsumitate serve --workers)")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()

    import random

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        bodies = []
        for i in range(args.cases):
            case = make_case(rng, i)
            body = json.dumps(case, ensure_ascii=False).encode("utf-8")
            f = Path(tmp) / f"case-{i:05d}.json"
            f.write_bytes(body)
            files.append(f)
            bodies.append(body)
        expected = expected_lines(files)

    inproc, inproc_cpu = in_process(bodies, rounds=3)
    inproc = sorted(inproc)
    ip50 = pct(inproc, 50)
    print(f"tsumitate serve load benchmark: {args.cases} cases, up to {args.requests} requests or {args.seconds:.0f} s per level, "
          f"{args.workers} worker(s), {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"load average before {os.getloadavg()[0]:.1f}")
    print(f"in process (read body + validate + evaluate + JSON line): {1 / statistics.mean(inproc):,.0f} cases/s, "
          f"p50 {ip50 * 1000:.2f} ms, p99 {pct(inproc, 99) * 1000:.2f} ms, CPU {inproc_cpu * 1000:.2f} ms per case")

    port = free_port()
    cmd = [sys.executable, "-m", "tsumitate_cli.main", "serve", "--port", str(port)]
    if args.workers > 1:
        cmd += ["--workers", str(args.workers)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("the server did not start: " + (server.stderr.read().decode()[:500] if server.stderr else ""))
                time.sleep(0.1)
        load(port, 4, min(len(bodies) * 2, 1000), 30, bodies, expected)  # warm-up: every worker's caches
        print(f"{'clients':>7} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'p50 - in-process':>17} "
              f"{'server CPU/req':>15} {'mismatches':>10} {'errors':>6}")
        for c in [int(x) for x in args.clients.split(",")]:
            cpu0 = cpu_seconds(server.pid)
            lat, wall, bad, nerr, errs = load(port, c, args.requests, args.seconds, bodies, expected)
            cpu = (cpu_seconds(server.pid) - cpu0) / max(1, len(lat))
            p50, p99 = pct(lat, 50), pct(lat, 99)
            print(f"{c:>7} {len(lat):>9,} {len(lat) / wall:>8,.0f} {p50 * 1000:>8.2f} {p99 * 1000:>8.2f} "
                  f"{(p50 - ip50) * 1000:>14.2f} ms {cpu * 1000:>12.2f} ms {bad:>10} {nerr:>6}")
            for e in errs:
                print("   error:", e)
    finally:
        os.kill(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(server.pid, signal.SIGKILL)
            server.wait()


if __name__ == "__main__":
    main()
