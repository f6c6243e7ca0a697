"""Load on ``tsumitate serve`` over loopback: 1, 8 and 32 closed-loop clients, with 1 and 2 workers.

Not a test: the figures depend on the machine. Prints the README's table (Markdown) and the
arithmetic under it:

- "in process": what a request does inside the server without HTTP (read the JSON body,
  validate, evaluate, write the JSON line: ``Service.evaluate_json``), per case;
- "in process, ASGI": the same requests through the whole application (middleware, routing,
  headers) without sockets, so the difference is what the web stack adds in Python;
- one row per (workers, clients): requests/s, p50/p99 latency, the server's CPU per request
  (user + system of every server process, from ``/proc``) and the clients' CPU per request.

Nothing may be lost: every response must be ``200`` with a body equal byte for byte to the line
``tsumitate evaluate --format json`` printed for the same case file; mismatches and errors are
counted in the table (the script exits 1 if there is any).

    python benchmarks/web_bench.py                         # 300 cases; 2,000 requests or 30 s per row
    python benchmarks/web_bench.py --workers 2 --clients 32 --requests 5000

The clients cost as little CPU as a Python client can: one process drives every connection with
non-blocking keep-alive sockets and ``selectors`` (epoll), each request prebuilt as bytes, each
response framed by its ``content-length`` and compared as bytes. On a 2-core machine the
clients still share the cores with the server (their CPU per request is in the table).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import multiprocessing as mp
import os
import random
import resource
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
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
    """Seconds per case of ``Service.evaluate_json`` (each call timed), and the best CPU seconds per case of a round."""
    from tsumitate.web.service import Service

    svc = Service()
    for b in bodies:  # warm the caches as the server's first requests do
        svc.evaluate_json(b, "ja")
    times, cpu = [], []
    for _ in range(rounds):
        c0 = time.process_time()
        for b in bodies:
            t = time.perf_counter()
            svc.evaluate_json(b, "ja")
            times.append(time.perf_counter() - t)
        cpu.append((time.process_time() - c0) / len(bodies))
    return times, min(cpu)


def in_process_asgi(bodies: list[bytes], expected: list[bytes], rounds: int) -> float:
    """Best CPU seconds per request of the whole application driven through ASGI (no sockets), checked."""
    from tsumitate.web.app import create_app

    app = create_app()
    scope0 = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
              "path": "/api/evaluate", "raw_path": b"/api/evaluate", "query_string": b"", "root_path": "",
              "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}

    async def one(body: bytes) -> bytes:
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        out: list[bytes] = []

        async def receive():
            return messages.pop() if messages else {"type": "http.disconnect"}

        async def send(m):
            if m["type"] == "http.response.body":
                out.append(m.get("body", b""))

        scope = dict(scope0, headers=[(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())])
        await app(scope, receive, send)
        return b"".join(out)

    async def run_all() -> None:
        for b, e in zip(bodies, expected):
            if await one(b) != e:
                sys.exit("in-process ASGI answer differs from the CLI's")

    try:
        import uvloop

        loop = uvloop.new_event_loop()
    except ImportError:  # pragma: no cover - Windows
        loop = asyncio.new_event_loop()
    loop.run_until_complete(run_all())  # warm
    best = float("inf")
    for _ in range(rounds):
        c0 = time.process_time()
        loop.run_until_complete(run_all())
        best = min(best, (time.process_time() - c0) / len(bodies))
    loop.close()
    return best


def _pids(pid: int) -> list[int]:
    """A process and its children (uvicorn's worker processes)."""
    pids = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                pids += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return pids


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (worker processes), from /proc (Linux only)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in _pids(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


def connections_per_worker(server_pid: int, port: int, workers: int) -> list[int]:
    """How many of the benchmark's connections each server process holds (from /proc, Linux only):
    the kernel, not the server, decides which worker accepts a connection."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                for line in f.readlines()[1:]:
                    cols = line.split()
                    if int(cols[1].rsplit(":", 1)[1], 16) == port and cols[3] == "01":  # local port, ESTABLISHED
                        inodes.add(cols[9])
        except OSError:
            pass
    counts = []
    for pid in _pids(server_pid):
        n = 0
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    link = os.readlink(f"/proc/{pid}/fd/{fd}")
                except OSError:
                    continue
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    n += 1
        except OSError:
            continue
        if n:
            counts.append(n)
    counts.sort(reverse=True)
    return counts + [0] * max(0, workers - len(counts))


def cases(count: int, seed: int) -> tuple[list[bytes], list[bytes]]:
    """``count`` generated cases as JSON bodies, and the line the CLI prints for each."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        files, bodies = [], []
        for i in range(count):
            body = json.dumps(make_case(rng, i), ensure_ascii=False).encode("utf-8")
            f = Path(tmp) / f"case-{i:05d}.json"
            f.write_bytes(body)
            files.append(f)
            bodies.append(body)
        return bodies, expected_lines(files)


def request_bytes(body: bytes) -> bytes:
    return (b"POST /api/evaluate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def _drive(port: int, clients: int, quota: int, seconds: float, requests: list[bytes], expected: list[bytes], q,
           marks: bool = False) -> None:
    """One process, ``clients`` keep-alive connections, closed loop: each sends its next request
    the moment its response is complete. Puts (latencies, mismatches, errors, sample errors, CPU,
    and with ``marks`` each response's (local port, number on its connection, sent, complete))."""
    sel = selectors.DefaultSelector()
    n = len(requests)
    lat: list[float] = []
    bad = nerr = 0
    errs: list[str] = []
    issued = 0
    conns: dict[socket.socket, list] = {}  # sock -> [case index, sent at, buffer, client number, local port, responses]
    marked: list[tuple[int, int, float, float]] = []
    deadline = time.monotonic() + seconds
    ru0 = resource.getrusage(resource.RUSAGE_SELF)

    def send_next(s: socket.socket, k: int) -> bool:
        nonlocal issued
        if issued >= quota or time.monotonic() > deadline:
            return False
        j = (k * 1000 + issued * 7919) % n
        issued += 1
        req = requests[j]
        state = conns[s]
        state[0], state[2] = j, b""
        state[1] = time.perf_counter()
        sent = s.send(req)
        if sent < len(req):  # rare: a full socket buffer; finish the write blocking
            s.setblocking(True)
            s.sendall(req[sent:])
            s.setblocking(False)
        return True

    for k in range(clients):
        s = socket.create_connection(("127.0.0.1", port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.setblocking(False)
        conns[s] = [0, 0.0, b"", k, s.getsockname()[1], 0]
        sel.register(s, selectors.EVENT_READ)
    active = sum(send_next(s, st[3]) for s, st in list(conns.items()))
    while active:
        for key, _ in sel.select(timeout=30):
            s = key.fileobj
            st = conns[s]
            try:
                chunk = s.recv(262144)
            except BlockingIOError:
                continue
            except OSError as e:
                chunk, err = b"", e
            else:
                err = None
            if not chunk:
                nerr += 1
                errs.append(repr(err) if err else "connection closed by the server")
                sel.unregister(s)
                s.close()
                active -= 1
                continue
            buf = st[2] + chunk
            st[2] = buf
            head_end = buf.find(b"\r\n\r\n")
            if head_end < 0:
                continue
            length = -1
            for line in buf[:head_end].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length < 0:
                nerr += 1
                errs.append("a response without content-length")
                length = 0
            if len(buf) < head_end + 4 + length:
                continue
            done = time.perf_counter()
            lat.append(done - st[1])
            if marks:
                marked.append((st[4], st[5], st[1], done))
                st[5] += 1
            if not buf.startswith(b"HTTP/1.1 200 ") or buf[head_end + 4:head_end + 4 + length] != expected[st[0]] \
                    or len(buf) != head_end + 4 + length:
                bad += 1
            if not send_next(s, st[3]):
                sel.unregister(s)
                s.close()
                active -= 1
        if time.monotonic() > deadline + 30:
            nerr += active
            errs.append(f"{active} connection(s) still waiting 30 s after the time limit")
            break
    ru = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (ru.ru_utime - ru0.ru_utime) + (ru.ru_stime - ru0.ru_stime)
    q.put((lat, bad, nerr, errs[:5], cpu, marked))


def load(port: int, clients: int, requests: int, seconds: float, reqs: list[bytes], expected: list[bytes],
         server: tuple[int, int] | None = None, marks: list | None = None):
    """One row: the clients' latencies, wall time, wrong answers, errors, the clients' CPU, and
    (``server`` = (pid, workers)) the connections each worker held a moment into the run; a
    ``marks`` list receives each response's marks (``_drive``)."""
    q = mp.Queue()
    t0 = time.perf_counter()
    p = mp.Process(target=_drive, args=(port, clients, requests, seconds, reqs, expected, q, marks is not None))
    p.start()
    split: list[int] = []
    while server is not None and p.is_alive() and q.empty():  # the fullest count seen (all accepted)
        time.sleep(0.2)
        now = connections_per_worker(server[0], port, server[1])
        if sum(now) > sum(split):
            split = now
    lat, bad, nerr, errs, cpu, marked = q.get()
    if marks is not None:
        marks.extend(marked)
    p.join()
    wall = time.perf_counter() - t0
    return sorted(lat), wall, bad, nerr, errs, cpu, split


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    k = min(len(values) - 1, max(0, int(round(p / 100 * len(values) + 0.5)) - 1))
    return values[k]


def pin_workers(server_pid: int) -> None:
    """Each of ``serve --workers N``'s worker processes (the spawned ones) on a CPU of its own,
    round robin: whether the kernel's placement of two busy workers and the client on 2 cores
    makes the tail (``--pin``; Linux only)."""
    workers = []
    for pid in _pids(server_pid)[1:]:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"spawn_main" in f.read():
                    workers.append(pid)
        except OSError:
            pass
    cpus = sorted(os.sched_getaffinity(0))
    for k, pid in enumerate(sorted(workers)):
        os.sched_setaffinity(pid, {cpus[k % len(cpus)]})


def start_server(workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    cmd = [sys.executable, "-m", "tsumitate_cli.main", "serve", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                stop_server(server)
                sys.exit("the server did not start: " + (server.stderr.read().decode()[:500] if server.stderr else ""))
            time.sleep(0.1)


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.kill(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.kill(server.pid, signal.SIGKILL)
        server.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=300, help="distinct generated cases (default 300)")
    ap.add_argument("--requests", type=int, default=2000, help="requests per row (default 2,000)")
    ap.add_argument("--seconds", type=float, default=30, help="time limit per row (default 30 s)")
    ap.add_argument("--clients", default="1,8,32", help="concurrent closed-loop clients per row (default 1,8,32)")
    ap.add_argument("--workers", default="1,2", help="server worker processes, tsumitate serve --workers (default 1,2)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the in-process measurements (best CPU kept)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--pin", action="store_true",
                    help="an experiment, not what serve does: each worker process pinned to one CPU (round robin), the clients free")
    args = ap.parse_args()
    clients = [int(x) for x in args.clients.split(",")]
    workers = [int(x) for x in args.workers.split(",")]

    bodies, expected = cases(args.cases, args.seed)
    reqs = [request_bytes(b) for b in bodies]

    load_before = os.getloadavg()
    inproc, inproc_cpu = in_process(bodies, args.rounds)
    inproc.sort()
    asgi_cpu = in_process_asgi(bodies, expected, args.rounds)

    rows = []
    total_bad = 0
    for w in workers:
        server, port = start_server(w)
        try:
            if args.pin:
                pin_workers(server.pid)
            load(port, 4 * w, min(len(reqs) * 2, 1000), 30, reqs, expected)  # warm-up: every worker's caches
            for c in clients:
                cpu0 = cpu_seconds(server.pid)
                lat, wall, bad, nerr, errs, ccpu, split = load(port, c, args.requests, args.seconds, reqs, expected, (server.pid, w))
                scpu = cpu_seconds(server.pid) - cpu0
                done = max(1, len(lat))
                rows.append((w, c, len(lat), len(lat) / wall, pct(lat, 50), pct(lat, 99), statistics.mean(lat) if lat else float("nan"),
                             scpu / done, ccpu / done, bad, nerr, split))
                total_bad += bad + nerr
                for e in errs:
                    print("   error:", e, file=sys.stderr)
        finally:
            stop_server(server)
    load_after = os.getloadavg()

    ms = 1000
    print(f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC with `python benchmarks/web_bench.py"
          f"{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}`: {args.cases} generated cases, "
          f"up to {args.requests:,} requests or {args.seconds:.0f} s per row; {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
          + ("; each worker pinned to one CPU (--pin), the clients free." if args.pin else "."))
    print()
    print("| workers | clients | connections per worker | requests | req/s | p50 ms | p99 ms | mean ms | server CPU/req | client CPU/req | lost |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| in process | — | — | {len(bodies) * args.rounds:,} | {1 / statistics.mean(inproc):,.0f} | {pct(inproc, 50) * ms:.2f} | "
          f"{pct(inproc, 99) * ms:.2f} | {statistics.mean(inproc) * ms:.2f} | {inproc_cpu * ms:.2f} ms | — | — |")
    print(f"| in process, ASGI | — | — | {len(bodies) * args.rounds:,} | — | — | — | — | {asgi_cpu * ms:.2f} ms | — | — |")
    for w, c, n, rps, p50, p99, mean, scpu, ccpu, bad, nerr, split in rows:
        lost = f"{bad} wrong, {nerr} errors" if bad or nerr else "0"
        print(f"| {w} | {c} | {' / '.join(map(str, split)) or '?'} | {n:,} | {rps:,.0f} | {p50 * ms:.2f} | {p99 * ms:.2f} | {mean * ms:.2f} | {scpu * ms:.2f} ms | "
              f"{ccpu * ms:.2f} ms | {lost} |")
    print()
    one = next((r for r in rows if r[1] == 1), None)
    print(f"- The web stack in Python (ASGI, no sockets) adds {(asgi_cpu - inproc_cpu) * ms:.2f} ms of CPU per request "
          f"to the evaluation's {inproc_cpu * ms:.2f} ms.")
    if one:
        print(f"- HTTP at one client ({one[0]} worker(s)): p50 {one[4] * ms:.2f} ms against {pct(inproc, 50) * ms:.2f} ms in process, "
              f"{(one[4] - pct(inproc, 50)) * ms:.2f} ms more; server CPU {one[7] * ms:.2f} ms per request, "
              f"{(one[7] - inproc_cpu) * ms:.2f} ms beyond the evaluation.")
    for w, c, n, rps, p50, p99, mean, scpu, ccpu, bad, nerr, split in rows:
        if c >= 8:
            cores = os.cpu_count() or 1
            shared = cores / (scpu + ccpu)  # every core busy with the server or the clients
            own = min(w, cores) / scpu      # each worker is one process: at most one core each
            ceiling = min(shared, own)
            why = (f"{(scpu + ccpu) * ms:.2f} ms of CPU per request (server + clients) on {cores} cores" if shared <= own
                   else f"{scpu * ms:.2f} ms of server CPU per request on {min(w, cores)} core(s), one per worker,")
            print(f"- {w} worker(s), {c} clients: Little's law, mean latency = clients / throughput = {c} / {rps:,.0f} "
                  f"= {c / rps * ms:.1f} ms (measured {mean * ms:.1f}); {why} allow at most {ceiling:,.0f} req/s, "
                  f"so the mean cannot fall below {c / ceiling * ms:.1f} ms"
                  + (f"; connections per worker {' / '.join(map(str, split))}" if w > 1 and split else "") + ".")
    if total_bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
