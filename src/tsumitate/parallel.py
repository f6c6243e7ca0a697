"""Work on many files in worker processes and get the results back in the files' order.

Shared by ``replay`` and ``evaluate`` (``--workers``). The parent hands each worker one chunk of
items at a time over its own pipe and watches the worker's process as well as the pipe, so a
worker that dies (killed, out of memory) is noticed at once: each item of the chunk it held gets
``lost(item, exitcode)``, a new worker takes the rest, and the caller decides what that means
for the exit code; it never waits forever, as ``multiprocessing.Pool`` does for a task whose
worker vanished. Results are yielded in the order of ``items`` whatever the number of workers,
and at most ``4 × workers`` chunks are held ahead of the next one to yield (bounded memory).
Workers ignore Ctrl-C (the parent stops them) and end quietly on SIGTERM or when the parent is
gone. Where ``fork`` exists the workers inherit the parent's memory (a loaded rule book);
elsewhere ``init(*init_args)`` prepares each one, so both must be picklable.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
from collections import deque
from multiprocessing.connection import wait
from typing import Any, Callable, Iterator, Sequence


def context():
    """``fork`` where it exists (workers inherit what the parent loaded), else ``spawn``."""
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def chunked(items: Sequence, workers: int) -> list[list]:
    """Chunks of at most 64 items, about eight per worker: few messages, yet even sharing.

    The last chunk's worth per worker is cut in eighths, so that the workers finish together:
    with whole chunks one worker sat idle while another ended its last 64 files (evaluate over
    4,000 files on 2 workers: 17-63 ms of one core, against 0.4-4 ms so cut).
    """
    size = max(1, min(64, len(items) // (workers * 8)))
    small = max(1, size // 8)
    tail = max(0, len(items) - size * workers)  # where the small chunks begin
    return ([list(items[k:min(k + size, tail)]) for k in range(0, tail, size)]
            + [list(items[k:k + small]) for k in range(tail, len(items), small)])


def in_order(items: Sequence, workers: int, work: Callable[[Any], Any], lost: Callable[[Any, int | None], Any],
             init: Callable[..., None], init_args: tuple = ()) -> Iterator[Any]:
    """``work(item)`` for every item in ``workers`` processes, yielded in the order of ``items``."""
    yield from _in_workers(chunked(items, workers), workers, context(), (init, init_args, work), lost)


def _worker_main(conn, setup) -> None:
    """A worker: run the chunks the parent sends, send back their results, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # end at once, without a traceback
    init, init_args, work = setup
    try:
        init(*init_args)
        # What the worker holds now (the rule book, every module) lives as long as it does: out of
        # the garbage collector's sight, a collection no longer walks it, nor writes to the pages
        # a fork shares with the parent (callgrind: about 13 million instructions a worker).
        gc.freeze()
        while True:
            task = conn.recv()
            if task is None:
                return
            index, items = task
            conn.send((index, [work(item) for item in items]))
    except (EOFError, BrokenPipeError, ConnectionResetError, KeyboardInterrupt):  # the parent is gone
        return


class _Handle:
    def __init__(self, ctx, setup):
        self.conn, child = ctx.Pipe()
        _roomy(child)
        self.process = ctx.Process(target=_worker_main, args=(child, setup), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[int, list] | None = None


# Room for a whole chunk's results in the worker's end of the pipe: 64 results of evaluate are
# about 500 KB, and the default buffer (about 200 KB) made the worker wait for the parent to
# read three or four times a chunk, both sides waking the other each time.
_SEND_BUFFER = 1 << 20


def _roomy(conn) -> None:
    """Enlarge the send buffer of ``conn`` where it is a socket (``Pipe()`` on POSIX); else leave it.

    Fewer waits and wake-ups: about half the context switches of an ``evaluate`` over 10,000 files.
    The kernel caps the size (net.core.wmem_max); nothing changes but how often a writer waits.
    """
    import socket

    try:
        fd = os.dup(conn.fileno())
    except (OSError, AttributeError, ValueError):  # no file number
        return
    try:
        sock = socket.socket(fileno=fd)
    except OSError:  # not a socket (a pipe)
        os.close(fd)
        return
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _SEND_BUFFER)
    except OSError:
        pass
    finally:
        sock.close()


def _in_workers(chunks: list, n: int, ctx, setup, lost) -> Iterator[Any]:
    todo = deque(enumerate(chunks))
    done: dict[int, list] = {}
    next_out = 0
    window = n * 4  # chunks done ahead of the one to print next: bounds the memory a slow file can cost
    handles = [_Handle(ctx, setup) for _ in range(n)]
    try:
        while next_out < len(chunks):
            for h in handles:
                if h.task is None and todo and todo[0][0] < next_out + window:
                    h.task = todo.popleft()
                    try:
                        h.conn.send(h.task)
                    except (BrokenPipeError, ConnectionResetError, EOFError):
                        pass  # it died before its task arrived: its sentinel says so below
            busy = [h for h in handles if h.task is not None]
            ready = set(wait([h.conn for h in busy] + [h.process.sentinel for h in busy]))
            for h in busy:
                if h.conn in ready:
                    try:
                        index, results = h.conn.recv()
                        done[index] = results
                        h.task = None
                        continue
                    except (EOFError, ConnectionResetError, OSError):
                        pass  # died mid-send: handled as lost below
                if h.process.sentinel in ready or h.conn in ready:
                    h.process.join(5)
                    if h.task is not None:
                        index, items = h.task
                        done[index] = [lost(item, h.process.exitcode) for item in items]
                        h.task = None
                    if todo:  # a new worker takes the rest
                        handles[handles.index(h)] = _Handle(ctx, setup)
                    else:
                        handles.remove(h)
            while next_out in done:
                yield from done.pop(next_out)
                next_out += 1
    finally:
        for h in handles:
            try:
                h.conn.send(None)
            except (BrokenPipeError, ConnectionResetError, EOFError, OSError):
                pass
        for h in handles:
            h.process.join(2)
            if h.process.is_alive():
                h.process.terminate()
                h.process.join(2)


def ended(exitcode: int | None) -> tuple[str, str]:
    """How a worker ended, for a problem line: (Japanese, English)."""
    if exitcode is not None and exitcode < 0:
        return f"シグナル {-exitcode}", f"signal {-exitcode}"
    return f"終了コード {exitcode}", f"exit code {exitcode}"
