"""A real ``tsumitate serve`` for the web tests: a free loopback port, started as a subprocess,
stopped by its PID; and a small HTTP client (the standard library's, so the test talks HTTP
exactly as any other client would)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Server:
    """``tsumitate serve --port 0``: the OS picks a free loopback port (no race), the server says which."""

    def __init__(self, *extra: str):
        import queue
        import re
        import threading

        cmd = [sys.executable, "-m", "tsumitate_cli.main", "serve", "--port", "0", *extra]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     env=dict(os.environ, PYTHONUNBUFFERED="1"))
        lines: queue.Queue = queue.Queue()
        self._stderr: list[str] = []

        def pump():  # keeps reading, so a chatty server never blocks on a full pipe
            for raw in self.proc.stderr:
                line = raw.decode("utf-8", "replace")
                self._stderr.append(line)
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + 60
        while True:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                self.stop()
                raise RuntimeError("tsumitate serve did not say where it listens within 60 s") from None
            if line is None:
                self.proc.wait()
                raise RuntimeError(f"tsumitate serve exited {self.proc.returncode}: {''.join(self._stderr)}")
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                break
        self.base = f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: bytes | str | None = None, headers: dict[str, str] | None = None) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            if isinstance(body, str):
                body = body.encode("utf-8")
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        finally:
            conn.close()

    def post_json(self, path: str, data, **kw) -> Reply:
        return self.request("POST", path, json.dumps(data, ensure_ascii=False), {"Content-Type": "application/json", **kw})

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def stop(self) -> None:
        """SIGTERM to this server's PID only; SIGKILL if it does not stop within 10 s."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self.proc.stderr:
            self.proc.stderr.close()


def cli_json(path: Path) -> str:
    """What ``tsumitate evaluate --format json FILE`` prints, as a subprocess."""
    out = subprocess.run([sys.executable, "-m", "tsumitate_cli.main", "evaluate", "--format", "json", str(path)],
                         cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    return out.stdout


def cli_problems(path: Path) -> str:
    out = subprocess.run([sys.executable, "-m", "tsumitate_cli.main", "evaluate", "--format", "json", str(path)],
                         cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 2, out.stdout
    return out.stderr
