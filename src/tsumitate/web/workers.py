"""``tsumitate serve --workers N`` on Linux: N worker processes, each with a listening socket of its own.

With one socket shared by every worker (uvicorn's own ``--workers``), a new connection goes to
whichever worker calls ``accept`` first: measured on the project's 2-core machine, 32 keep-alive
connections split 21/11 and even 32/0 between two workers, and the busier worker's clients wait
longest. With ``SO_REUSEPORT`` each worker listens on a socket of its own bound to the same port,
and the kernel spreads new connections over the sockets by a hash of the addresses (16/16 on
average; 15/17 and 12/20 measured). Where the option does not spread connections (macOS,
Windows) ``serve`` uses uvicorn's supervisor instead.

This supervisor binds every socket before any worker starts (the port is taken at once, and
``--port 0`` gets one port for all), restarts a worker that dies (and gives up, exit 1, if
workers keep dying within seconds of starting), and stops every worker on Ctrl+C or SIGTERM; a
worker whose supervisor is killed outright stops by itself.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import socket
import sys
import time
from multiprocessing.connection import wait

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
QUICK_DEATH_S = 5.0
QUICK_DEATHS_TO_GIVE_UP = 5


def spreads_connections() -> bool:
    """Whether ``SO_REUSEPORT`` balances connections between sockets here (Linux does; macOS does not)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def bind_sockets(host: str, port: int, n: int) -> list[socket.socket]:
    """``n`` listening sockets on one address; with port 0 the first picks the port the others share."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    socks: list[socket.socket] = []
    try:
        for _ in range(n):
            s = socket.socket(family, socket.SOCK_STREAM)
            socks.append(s)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            s.bind((host, port))
            port = s.getsockname()[1]
            s.listen(2048)
    except OSError:
        for s in socks:
            s.close()
        raise
    return socks


def _worker(sock: socket.socket, options: dict, rules_dir: str | None, scenarios_dir: str | None) -> None:  # pragma: no cover - in the child
    import gc
    import threading

    import uvicorn

    from .app import create_app

    app = create_app(rules_dir, scenarios_dir)
    # What the app built (the rule book, pydantic's models, durable_rules: some 100,000 objects)
    # lives as long as the worker: set aside from the collector, as serve's own process does
    # (tsumitate_cli/collector.py). Else each full collection walks it all again: measured under
    # load, 36-80 ms pauses in which none of the worker's connections is answered.
    gc.freeze()

    def orphaned():  # the supervisor was killed (SIGKILL, a crash): stop too, rather than serve on alone
        wait([mp.parent_process().sentinel])
        os.kill(os.getpid(), signal.SIGTERM)  # uvicorn's graceful shutdown

    threading.Thread(target=orphaned, daemon=True).start()
    uvicorn.Server(uvicorn.Config(app, **options)).run(sockets=[sock])


def run(socks: list[socket.socket], options: dict, rules_dir: str | None, scenarios_dir: str | None, say=print) -> int:
    """Run one worker per socket until a stop signal; the exit status for ``serve``."""
    ctx = mp.get_context("spawn")
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)

    previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS}

    def start(sock):
        p = ctx.Process(target=_worker, args=(sock, options, rules_dir, scenarios_dir), daemon=False)
        p.start()
        return p, time.monotonic()

    procs = [start(s) for s in socks]
    quick_deaths = 0
    status = 0
    try:
        while not stopping:
            wait([p.sentinel for p, _ in procs], timeout=0.5)
            for k, (p, started) in enumerate(procs):
                if p.exitcode is None or stopping:
                    continue
                quick_deaths = quick_deaths + 1 if time.monotonic() - started < QUICK_DEATH_S else 0
                if quick_deaths >= QUICK_DEATHS_TO_GIVE_UP:
                    say(f"tsumitate serve: ワーカーが起動直後に終了を繰り返すため停止します（終了コード {p.exitcode}） / "
                        f"workers keep exiting right after they start (exit code {p.exitcode}): stopping")
                    status = 1
                    stopping.append(None)
                    break
                say(f"tsumitate serve: ワーカー {p.pid} が終了しました（終了コード {p.exitcode}）。起動し直します / "
                    f"worker {p.pid} exited (exit code {p.exitcode}); starting another")
                procs[k] = start(socks[k])
    finally:
        for p, _ in procs:
            if p.exitcode is None:
                try:
                    os.kill(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 10
        for p, _ in procs:
            p.join(max(0.1, deadline - time.monotonic()))
            if p.exitcode is None:
                p.kill()
                p.join()
        for s in socks:
            s.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return status
