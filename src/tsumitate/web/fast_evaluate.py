"""``POST /api/evaluate`` answered before FastAPI's routing: the API's hot path, same answers.

FastAPI's per-request machinery (route matching over every route, dependency solving for the
``lang`` query, the exit-stack and exception middlewares) and the thread-pool hop cost about
0.3 ms of CPU per request, half of what the evaluation itself costs (measured in process
through ASGI, ``benchmarks/web_bench.py``). This layer takes the common request — ``POST
/api/evaluate`` with no query or exactly ``?lang=ja`` / ``?lang=en`` — and answers it with the
same body reader (``body.read_asgi_body``: content types, size limits, empty body), the same
``Service.evaluate_json`` and the same error JSON (``problems.body_of``); anything else (another
path, another query) goes on to the FastAPI route untouched, which stays the documented one in
``/openapi.json``. An unexpected exception gets the app's own JSON 500 (its handler for
``Exception``) and is raised on to the server's log, as Starlette's error middleware does.

It is asked first, before FastAPI's middleware stack (``app.App``), writes the two ASGI messages
itself rather than through Starlette's ``Request`` and ``Response`` objects, and appends the very
same security headers (``security.with_security_headers``) in the same order as the route's
response has them. Measured with callgrind (a worker serving 600 requests): the objects and the
per-request wrappers cost 85,000 instructions a request and the middleware stack in front (error,
telemetry and body-limit layers) 28,000 more, of 2.54 million. The whole app now costs some
20,000 more than a bare ASGI function that reads the body, evaluates and sends the same two
messages under the same uvicorn.

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
    """Answers the hot ``POST /api/evaluate`` itself; ``takes`` says which requests (``app.App`` asks it first)."""

    def __init__(self, service_of, on_crash):
        self.service_of = service_of  # looked up per request: the service can be replaced (tests inject faults)
        self.on_crash = on_crash  # the app's handler for an unexpected exception (its JSON 500)

    @staticmethod
    def takes(scope) -> str | None:
        """The language of a request this layer answers, or None: another path or method, or any
        other query (FastAPI validates it: 422 for lang=fr, as documented)."""
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            return None
        return LANG_QUERIES.get(scope.get("query_string", b""))

    async def __call__(self, scope, receive, send, lang: str) -> None:
        started = False

        async def send_start(message):
            nonlocal started
            started = True
            await send(message)

        try:
            await self._answer(scope, receive, send_start, send, lang)
        except Exception as exc:  # what Starlette's ServerErrorMiddleware does for the rest of the app
            if not started:
                from starlette.requests import Request

                await (await self.on_crash(Request(scope), exc))(scope, receive, send)
            raise

    async def _answer(self, scope, receive, send_start, send, lang: str) -> None:
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
        await send_start({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
