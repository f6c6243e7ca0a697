"""Where the slow requests of ``tsumitate serve --workers 2`` at 32 clients spend their time.

Not a test: the figures depend on the machine and on what else runs on it. ``web_bench.py`` gives
p99; this script says what makes it. It runs the workers as ``serve --workers N`` does (one
``SO_REUSEPORT`` socket each, the app built once, ``gc.freeze``, uvicorn with uvloop and
httptools), with one addition: each worker notes, per response, when it read the request's first
bytes and when it wrote the response's last. The bench client (``web_bench._drive``, the same
closed loop) notes when it sent each request and when it had the whole response. Both clocks are
the system's monotonic clock, so every request's latency splits into three parts:

- before the server reads: the request waits in the socket until the worker's event loop polls
  again, i.e. until the requests it is already running are done;
- inside the server: from the first bytes read to the last written (waiting behind the requests
  read in the same poll, then its own evaluation);
- the client's own delay: from the server's last write to the client having the whole response
  (the client is a Python process on the same cores). The worker notes the time just after its
  last write, so a client running on the other core can have the response a few microseconds
  "before": the median is about 0.

    python benchmarks/web_tail.py                      # 2 workers, 32 clients, 12,000 requests after 1,000 of warm-up
    python benchmarks/web_tail.py --workers 2 --clients 32 --requests 20000

It also prints each worker's connections, its p99 from its own notes, and the garbage collector's
pauses during the run.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from web_bench import cases, free_port, load, pct, request_bytes  # noqa: E402


def _traced_worker(sock, conn, cpu: int | None) -> None:
    """A worker as ``web/workers.py`` runs it, noting (client port, response number, first read,
    last write) per response; "reset" clears the notes, "stop" sends them and stops. ``cpu``:
    pinned to that CPU (``--pin``, an experiment)."""
    import gc
    import threading

    import uvicorn
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    from tsumitate.web.app import create_app
    from tsumitate_cli.serve_cmd import stack_options

    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    app = create_app()
    gc.freeze()
    notes: list[tuple[int, int, float, float]] = []
    pauses: list[float] = []
    clock = time.perf_counter

    class Traced(HttpToolsProtocol):
        first_read: float | None = None
        answered = 0

        def data_received(self, data: bytes) -> None:
            if self.first_read is None:
                self.first_read = clock()
            super().data_received(data)

        def on_response_complete(self) -> None:
            notes.append((self.client[1], self.answered, self.first_read, clock()))
            self.first_read = None
            self.answered += 1
            super().on_response_complete()

    started = [0.0]

    def on_gc(phase, info):
        if phase == "start":
            started[0] = clock()
        else:
            pauses.append(clock() - started[0])

    gc.callbacks.append(on_gc)
    options = dict(stack_options(), http=Traced)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, **options))

    def control():
        while True:
            what = conn.recv()
            if what == "reset":
                notes.clear()
                pauses.clear()
                conn.send("ok")
            else:
                conn.send((os.getpid(), notes[:], pauses[:]))
                server.should_exit = True
                return

    threading.Thread(target=control, daemon=True).start()
    server.run(sockets=[sock])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--requests", type=int, default=12000, help="requests traced (default 12,000)")
    ap.add_argument("--warmup", type=int, default=1000, help="requests before the traced ones (default 1,000)")
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--pin", action="store_true", help="each worker pinned to one CPU (round robin), the client free: an experiment")
    args = ap.parse_args()

    from tsumitate.web.workers import bind_sockets

    bodies, expected = cases(args.cases, args.seed)
    reqs = [request_bytes(b) for b in bodies]
    port = free_port()
    socks = bind_sockets("127.0.0.1", port, args.workers)
    ctx = mp.get_context("spawn")
    pipes, procs = [], []
    cpus = sorted(os.sched_getaffinity(0))
    for k, sock in enumerate(socks):
        mine, theirs = ctx.Pipe()
        p = ctx.Process(target=_traced_worker, args=(sock, theirs, cpus[k % len(cpus)] if args.pin else None), daemon=True)
        p.start()
        pipes.append(mine)
        procs.append(p)
    try:
        load(port, 4 * args.workers, args.warmup, 300, reqs, expected)  # the workers answer once they are up
        for c in pipes:
            c.send("reset")
            c.recv()
        load_before = os.getloadavg()[0]
        marks: list = []
        lat, wall, bad, nerr, errs, ccpu, _ = load(port, args.clients, args.requests, 600, reqs, expected, marks=marks)
        workers = []
        for c in pipes:
            c.send("stop")
            workers.append(c.recv())
    finally:
        for p in procs:
            p.join(15)
            if p.exitcode is None:
                p.kill()
        for s in socks:
            s.close()
    if bad or nerr:
        sys.exit(f"{bad} wrong answers, {nerr} errors: {errs}")

    served = {}
    for pid, notes, _ in workers:
        for port_, k, first, last in notes:
            served[(port_, k)] = (pid, first, last)
    rows = []  # (latency, before the server reads, inside, client's own delay, worker)
    for port_, k, sent, done in marks:
        hit = served.get((port_, k))
        if hit:
            pid, first, last = hit
            rows.append((done - sent, first - sent, last - first, done - last, pid))
    ms = 1000
    print(f"{len(rows):,} of {len(marks):,} responses matched; {args.workers} workers, {args.clients} clients, "
          f"{len(lat) / wall:,.0f} req/s; client CPU {ccpu / max(1, len(lat)) * ms:.3f} ms a request; "
          f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
          + ("; each worker pinned to one CPU (--pin)." if args.pin else "."))
    print()
    print("| part of the latency | p50 ms | p90 ms | p99 ms | p99.9 ms | mean ms |")
    print("|---|---|---|---|---|---|")
    names = ["latency (client)", "before the server reads", "inside the server", "the client's own delay"]
    for i, name in enumerate(names):
        v = sorted(r[i] for r in rows)
        print(f"| {name} | {pct(v, 50) * ms:.2f} | {pct(v, 90) * ms:.2f} | {pct(v, 99) * ms:.2f} | {pct(v, 99.9) * ms:.2f} | "
              f"{statistics.mean(v) * ms:.2f} |")
    no_client = sorted(r[0] - r[3] for r in rows)
    print(f"| latency without the client's own delay | {pct(no_client, 50) * ms:.2f} | {pct(no_client, 90) * ms:.2f} | "
          f"{pct(no_client, 99) * ms:.2f} | {pct(no_client, 99.9) * ms:.2f} | {statistics.mean(no_client) * ms:.2f} |")
    print()
    slow = sorted(rows, reverse=True)[:max(1, len(rows) // 100)]
    print(f"- The slowest 1% ({len(slow)} requests, from {slow[-1][0] * ms:.1f} ms): on average {statistics.mean(r[0] for r in slow) * ms:.1f} ms "
          f"= {statistics.mean(r[1] for r in slow) * ms:.1f} before the server reads + {statistics.mean(r[2] for r in slow) * ms:.1f} inside "
          f"+ {statistics.mean(r[3] for r in slow) * ms:.1f} the client's own delay.")
    for pid, notes, pauses in workers:
        mine = sorted(r[0] for r in rows if r[4] == pid)
        conns = len({p_ for p_, *_ in notes})
        if mine:
            print(f"- Worker {pid}: {conns} connections, {len(mine):,} requests, latency p50 {pct(mine, 50) * ms:.2f} / p99 "
                  f"{pct(mine, 99) * ms:.2f} ms; {len(pauses)} collections, {sum(pauses) * ms:.1f} ms in all, the longest "
                  f"{max(pauses, default=0) * ms:.2f} ms.")


if __name__ == "__main__":
    main()
