"""``tsumitate serve --workers 2`` (web/workers.py): a socket per worker on one port, so the
kernel spreads the office's connections over both workers; a worker that dies is replaced; the
server's SIGTERM stops every worker, and workers whose server is killed outright stop too.
Linux only (where SO_REUSEPORT spreads connections); the processes and their connections are
read from /proc."""

from __future__ import annotations

import http.client
import json
import os
import signal
import time

import pytest

from tsumitate.web.workers import spreads_connections
from web_support import Server, cli_json

pytestmark = pytest.mark.skipif(not spreads_connections() or not os.path.isdir("/proc"),
                                reason="a socket per worker needs Linux's SO_REUSEPORT and /proc")

CASE = {"case_id": "w-1", "as_of": "2026-11-25", "procedure": "voluntary_arrangement", "court": "tokyo",
        "household": {"monthly_income": 250000, "monthly_expenses": 200000},
        "debts": [{"creditor": "A社", "amount": 300000, "kind": "consumer_finance"}]}


def _children(pid: int) -> list[int]:
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            out += [int(x) for x in f.read().split()]
    return out


def _workers(pid: int) -> list[int]:
    """The server's worker processes (not multiprocessing's resource tracker)."""
    found = []
    for c in _children(pid):
        try:
            with open(f"/proc/{c}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if b"spawn_main" in cmd and _alive(c):
            found.append(c)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _connections(pid: int, port: int) -> int:
    """Established connections to ``port`` that process ``pid`` holds."""
    inodes = set()
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            cols = line.split()
            if int(cols[1].rsplit(":", 1)[1], 16) == port and cols[3] == "01":
                inodes.add(cols[9])
    n = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        n += link.startswith("socket:[") and link[8:-1] in inodes
    return n


def _until(check, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    return check()


@pytest.fixture
def server():
    s = Server("--workers", "2")
    yield s
    s.stop()


def test_two_workers_answer_as_the_cli_does_and_share_the_connections(server, tmp_path):
    f = tmp_path / "case.json"
    f.write_text(json.dumps(CASE, ensure_ascii=False), encoding="utf-8")
    expected = cli_json(f).encode()
    workers = _until(lambda: len(_workers(server.proc.pid)) == 2 and _workers(server.proc.pid))
    assert len(workers) == 2
    conns = [http.client.HTTPConnection("127.0.0.1", server.port, timeout=60) for _ in range(16)]
    try:
        for c in conns:  # each connection answered (keep-alive: they stay open)
            c.request("POST", "/api/evaluate", body=json.dumps(CASE, ensure_ascii=False).encode(),
                      headers={"Content-Type": "application/json"})
            r = c.getresponse()
            assert r.status == 200 and r.read() == expected
        held = [_connections(w, server.port) for w in workers]
        assert sum(held) == 16
        # spread by the kernel's hash: both workers hold some (all 16 on one happens 2 times in 65,536)
        assert min(held) > 0, held
    finally:
        for c in conns:
            c.close()


def test_a_worker_that_dies_is_replaced_and_the_server_keeps_answering(server):
    before = _until(lambda: len(_workers(server.proc.pid)) == 2 and _workers(server.proc.pid))
    os.kill(before[0], signal.SIGKILL)
    after = _until(lambda: (w := _workers(server.proc.pid)) and len(w) == 2 and before[0] not in w and w)
    assert after and before[0] not in after and before[1] in after
    assert _until(lambda: server.post_json("/api/evaluate", CASE).status == 200)
    assert any("exited" in line for line in server._stderr)  # said on the server's terminal


def test_sigterm_to_the_server_stops_every_worker(server):
    workers = _until(lambda: len(_workers(server.proc.pid)) == 2 and _workers(server.proc.pid))
    everyone = _children(server.proc.pid)
    server.stop()
    assert server.proc.returncode is not None
    assert _until(lambda: not any(_alive(p) for p in everyone), 15), [p for p in everyone if _alive(p)]
    assert workers


def test_workers_stop_by_themselves_when_the_server_process_is_killed_outright(server):
    workers = _until(lambda: len(_workers(server.proc.pid)) == 2 and _workers(server.proc.pid))
    os.kill(server.proc.pid, signal.SIGKILL)  # no chance to stop its workers
    server.proc.wait(timeout=10)
    assert _until(lambda: not any(_alive(w) for w in workers), 30), [w for w in workers if _alive(w)]
