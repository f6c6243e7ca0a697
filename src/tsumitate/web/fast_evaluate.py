"""``POST /api/evaluate`` answered before FastAPI's routing: the API's hot path, same answers.

FastAPI's per-request machinery (route matching over every route, dependency solving for the
``lang`` query, the exit-stack and exception middlewares) and the thread-pool hop cost about
0.3 ms of CPU per request, half of what the evaluation itself costs (measured in process
through ASGI, ``benchmarks/web_bench.py``). This layer takes the common request — ``POST
/api/evaluate`` with no query or exactly ``?lang=ja`` / ``?lang=en`` — and answers it with the
same body reader (``body.read_asgi_body``: content types, size limits, empty body), the same
``Service.evaluate_json`` and the same error JSON (``problems.body_of``); anything else (another
path, another query) goes on to the FastAPI route untouched, which stays the documented one in
``/openapi.json``. It sits inside Starlette's error middleware, so a crash is the same JSON 500.

It writes the two ASGI messages itself rather than through Starlette's ``Request`` and
``Response`` objects, and sits outside ``SecurityHeaders``, appending the very same headers
(``security.with_security_headers``) in the same order as the route's response has them:
together about 0.03 ms less CPU per request than the objects and the per-request wrapper
(callgrind, ``benchmarks/web_bench.py``'s ASGI row).

Small bodies are evaluated on the event loop: the evaluation holds the GIL either way, and a
thread hop costs more CPU than it saves (the durable engine runs one evaluation at a time behind
the service's lock). A body over ``INLINE_MAX_BYTES`` (a long 取引履歴, a workbook) goes to a
worker thread, so one large case cannot hold the other connections' I/O for long.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool

from . import problems as pr
from .body import read_asgi_body
from .security import with_security_headers

PATH = "/api/evaluate"
LANG_QUERIES = {b"": "ja", b"lang=ja": "ja", b"lang=en": "en"}
INLINE_MAX_BYTES = 16 * 1024
JSON_TYPE = (b"content-type", b"application/json")


class FastEvaluate:
    """Pure ASGI middleware: answers the hot ``POST /api/evaluate`` itself, passes on the rest."""

    def __init__(self, app, service_of):
        self.app = app
        self.service_of = service_of  # looked up per request: the service can be replaced (tests inject faults)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        lang = LANG_QUERIES.get(scope.get("query_string", b""))
        if lang is None:  # any other query: FastAPI validates it (422 for lang=fr, as documented)
            return await self.app(scope, receive, send)
        extra: list = []
        try:
            raw, media = await read_asgi_body(scope, receive, lang)
            svc = self.service_of()
            if len(raw) <= INLINE_MAX_BYTES:
                text = svc.evaluate_json(raw, lang, media)
            else:
                text = await run_in_threadpool(svc.evaluate_json, raw, lang, media)
            status = 200
        except pr.WebError as err:
            status, text = err.status, pr.body_of(err)
            extra = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in err.headers.items()]
        body = text.encode("utf-8")
        # the headers in the order Starlette's Response gives them, then the security headers
        headers = with_security_headers([*extra, (b"content-length", str(len(body)).encode()), JSON_TYPE])
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
