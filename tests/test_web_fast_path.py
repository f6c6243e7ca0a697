"""``POST /api/evaluate`` is answered by a lean ASGI layer before FastAPI's routing (web/fast_evaluate.py).

A client must not be able to tell: for every kind of request — a good case, a case with
problems, YAML, the wrong content type, an empty body, a body over the limit, nesting deeper than
a file may have, Japanese and English — the fast path's status, headers and body are those of the
documented FastAPI route (reached here with an extra query parameter, which the fast path passes
on). Driven in-process through ASGI.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from tsumitate.sources import MAX_FILE_BYTES
from tsumitate.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def app():
    return create_app()


def _call(app, path: str, query: bytes, body: bytes, content_type: str | None, chunks: int = 1):
    """One request through the ASGI app; ``chunks`` > 1 sends the body in pieces, as a socket does."""
    size = max(1, -(-len(body) // chunks))
    pieces = [body[i:i + size] for i in range(0, len(body), size)] or [b""]
    messages = [{"type": "http.request", "body": p, "more_body": i < len(pieces) - 1} for i, p in enumerate(pieces)]
    sent: list[dict] = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    headers = [(b"content-length", str(len(body)).encode())]
    if content_type is not None:
        headers.append((b"content-type", content_type.encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": query, "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], start["headers"], b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def _deep(n: int) -> bytes:
    return ("[" * n + "]" * n).encode()


REQUESTS = {
    "a case with a negative amount": (json.dumps({"case_id": "x", "as_of": "2026-01-01", "procedure": "voluntary_arrangement",
                                                  "court": "tokyo", "household": {"monthly_income": 1},
                                                  "debts": [{"creditor": "A", "amount": -1}]}).encode(), "application/json"),
    "an empty body": (b"  ", "application/json"),
    "a body that is not JSON": (b"{not json", "application/json"),
    "the wrong content type": (b"{}", "text/plain"),
    "no content type": (b"{}", None),
    "a body over the file limit": (b"[" + b" " * MAX_FILE_BYTES + b"]", "application/json"),
    "nesting deeper than a file may have": (_deep(200), "application/json"),
    "a YAML case": (b"case_id: y\nas_of: 2026-01-01\nprocedure: auto\ncourt: tokyo\nhousehold: {monthly_income: 300000}\n"
                    b"debts:\n  - {creditor: A, amount: 1000000}\n", "application/yaml"),
}


def _scenario_cases() -> dict[str, tuple[bytes, str]]:
    """A few real cases from the scenario library, posted as JSON."""
    import yaml

    out = {}
    for f in sorted((ROOT / "scenarios").rglob("*.yaml"))[:12]:
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("case"), dict):
            out[f"scenario {f.relative_to(ROOT / 'scenarios')}"] = (json.dumps(data["case"], ensure_ascii=False, default=str).encode(),
                                                                 "application/json")
    return out


@pytest.mark.parametrize("lang", ["", "ja", "en"])
@pytest.mark.parametrize("what", list(REQUESTS) + list(_scenario_cases()))
def test_the_fast_path_answers_exactly_what_the_documented_route_answers(app, what, lang):
    body, ctype = {**REQUESTS, **_scenario_cases()}[what]
    query = f"lang={lang}".encode() if lang else b""
    fast = _call(app, "/api/evaluate", query, body, ctype, chunks=3)
    route = _call(app, "/api/evaluate", (query + b"&" if query else b"") + b"via=route", body, ctype)
    assert fast == route
    if what.startswith("scenario"):
        assert fast[0] == 200


def test_the_fast_path_adds_the_security_headers_and_says_json(app):
    body, ctype = REQUESTS["a YAML case"]
    status, headers, _ = _call(app, "/api/evaluate", b"", body, ctype)
    h = dict(headers)
    assert status == 200
    assert h[b"content-type"] == b"application/json"
    assert b"default-src 'self'" in h[b"content-security-policy"] and h[b"x-frame-options"] == b"DENY"


def test_an_unknown_language_still_gets_the_routes_422(app):
    status, _, body = _call(app, "/api/evaluate", b"lang=fr", b"{}", "application/json")
    assert status == 422 and json.loads(body)[0]["field"] == "lang"
