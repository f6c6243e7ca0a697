"""An unexpected error inside a request: the client gets a JSON 500 in Japanese, never a traceback
(the traceback goes to the server's log). Driven in-process through ASGI with a fault injected."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from tsumitate.web.app import create_app


def _call(app, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None, query: bytes = b""):
    messages = []
    sent = [False]

    async def receive():
        if not sent[0]:
            sent[0] = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message):
        messages.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": query, "root_path": "",
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    try:
        asyncio.run(app(scope, receive, send))
    except RuntimeError:  # Starlette re-raises after answering, so the server logs it; the answer was sent
        pass
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


@pytest.mark.parametrize("query", [b"", b"lang=ja&via=route"], ids=["the hot path", "the documented route"])
def test_an_internal_error_answers_500_as_json_without_a_traceback(caplog, query):
    app = create_app()

    def boom(*args):
        raise RuntimeError("secret internal detail /etc/passwd")

    app.state.service.evaluate_json = boom
    with caplog.at_level(logging.ERROR, logger="tsumitate.web"):
        status, headers, body = _call(app, "POST", "/api/evaluate", b'{"case_id": "x"}', {"content-type": "application/json"}, query)
    assert status == 500
    items = json.loads(body)
    assert items[0]["field"] == "-" and "内部エラー" in items[0]["problem"]
    assert b"Traceback" not in body and b"secret internal detail" not in body
    assert "default-src 'self'" in headers["content-security-policy"]
    assert any("secret internal detail" in r.getMessage() or r.exc_info for r in caplog.records)  # the log keeps it
