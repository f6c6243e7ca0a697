"""Headers every response carries: nothing but the page's own origin may be loaded or framed.

A pure ASGI middleware (not Starlette's ``BaseHTTPMiddleware``, which costs a task and a queue
per request): it only appends headers to ``http.response.start``. The hot ``POST /api/evaluate``
layer (web/fast_evaluate.py) sits outside it and appends the same headers itself, through
``with_security_headers``.
"""

from __future__ import annotations

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
NAMES = frozenset(k for k, _ in HEADERS)


def with_security_headers(headers: list) -> list:
    """A response's headers followed by each of ``HEADERS`` the response does not set itself."""
    present = {k.lower() for k, _ in headers}
    if present.isdisjoint(NAMES):
        return [*headers, *HEADERS]
    return [*headers, *((k, v) for k, v in HEADERS if k not in present)]


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": with_security_headers(list(message.get("headers", [])))}
            await send(message)

        await self.app(scope, receive, send_with_headers)
