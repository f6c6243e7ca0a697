"""The application: routers, the headers every response carries, and errors as JSON only.

FastAPI gives the OpenAPI document from the routes and the case model; its default ``/docs``
pages load their scripts from a CDN, so they are switched off and ``/docs`` is a page of our
own, rendered from ``/openapi.json`` on the server (nothing comes from the network).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.staticfiles import StaticFiles

from ..model.case import Case
from . import problems as pr
from .fast_evaluate import FastEvaluate
from .security import HEADERS, SecurityHeaders
from .service import Service

HERE = Path(__file__).resolve().parent
log = logging.getLogger("tsumitate.web")


def _lang(request: Request) -> str:
    return pr.lang_of(request.query_params.get("lang"))


def _query_problem(err: dict, lang: str) -> dict[str, str]:
    loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
    field = ".".join(loc) or "-"
    kind = err.get("type", "")
    if kind == "missing":
        return {"field": field, "problem": "必須です" if lang == "ja" else "required but missing"}
    if kind.startswith("date"):
        return {"field": field, "problem": "日付（YYYY-MM-DD）で指定してください" if lang == "ja" else "must be a date YYYY-MM-DD"}
    if kind in ("literal_error", "enum"):
        allowed = (err.get("ctx") or {}).get("expected", "")
        return {"field": field, "problem": (f"次のいずれかです: {allowed}" if lang == "ja" else f"must be one of: {allowed}")}
    if kind == "string_too_long":
        return {"field": field, "problem": "長すぎます" if lang == "ja" else "too long"}
    return {"field": field, "problem": "値が正しくありません" if lang == "ja" else "invalid value"}


class App(FastAPI):
    """FastAPI, with the hot ``POST /api/evaluate`` answered before its middleware stack
    (web/fast_evaluate.py: same answers, same headers, same JSON 500)."""

    fast: FastEvaluate | None = None

    async def __call__(self, scope, receive, send) -> None:
        lang = self.fast.takes(scope) if self.fast is not None else None
        if lang is None:
            return await super().__call__(scope, receive, send)
        await self.fast(scope, receive, send, lang)


def create_app(rules_dir: str | Path | None = None, scenarios_dir: str | Path | None = None) -> FastAPI:
    """The app for one rules directory (``RulesError`` if it cannot be loaded: the caller reports it)."""
    from . import api, pages

    service = Service(rules_dir, scenarios_dir)
    app = App(
        title="tsumitate",
        summary="任意整理・個人再生の積立金と履行テストの判定 — the JSON API of tsumitate serve",
        description=("Every answer is what the CLI gives for the same case: `POST /api/evaluate` returns byte for byte "
                     "the line `tsumitate evaluate --format json` prints. Problems are `422` with "
                     '`[{"field": "debts[0].amount", "problem": "..."}]` (Japanese by default, `?lang=en` for English). '
                     "Nothing is stored on the server."),
        version=_version(),
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
        **_no_telemetry(),
    )
    app.state.service = service
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(pr.WebError)
    async def _web_error(request: Request, exc: pr.WebError):
        return pr.response(exc)

    @app.exception_handler(RequestValidationError)
    async def _query_error(request: Request, exc: RequestValidationError):
        lang = _lang(request)
        return pr.response(pr.WebError(422, [_query_problem(e, lang) for e in exc.errors()]))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        return pr.response(pr.for_status(exc.status_code, _lang(request), headers=getattr(exc, "headers", None)))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        # The traceback goes to the server's log for the office's administrator, never to the client.
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        # (this handler answers outside the middleware stack: it adds the security headers itself)
        return pr.response(pr.for_status(500, _lang(request), headers={k.decode(): v.decode() for k, v in HEADERS}))

    original_openapi = app.openapi

    def openapi():
        if app.openapi_schema is None:
            doc = original_openapi()
            case_schema = Case.model_json_schema(ref_template="#/components/schemas/{model}")
            components = doc.setdefault("components", {}).setdefault("schemas", {})
            components.update(case_schema.pop("$defs", {}))
            components["Case"] = case_schema
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(SecurityHeaders)
    app.fast = FastEvaluate(service_of=lambda: app.state.service, on_crash=_crash)
    return app


def app_from_environment() -> FastAPI:
    """The app for ``uvicorn --factory`` in each worker process (``tsumitate serve --workers N``
    where the kernel does not spread connections, web/workers.py): the rules and scenario folders
    come from the environment the serve command set. What the app built is set aside from the
    collector (``gc.freeze``), as in the other workers: it lives as long as the worker."""
    import gc

    app = create_app(os.environ.get("TSUMITATE_SERVE_RULES") or None, os.environ.get("TSUMITATE_SERVE_SCENARIOS") or None)
    gc.freeze()
    return app


def _no_telemetry() -> dict:
    """FastAPI's own OpenTelemetry switched off, where FastAPI has it (0.165 and later): nothing
    about a request leaves the server, and FastAPI no longer asks OpenTelemetry's global providers
    on every request whether one is configured (lookups in ``os.environ`` among them: 2.9 µs a
    request, timeit, against 0.08 µs switched off). Older FastAPI has no such option and sends nothing."""
    import inspect

    if "telemetry" in inspect.signature(FastAPI.__init__).parameters:
        return {"telemetry": {"tracing": False, "metrics": False, "logs": False}}
    return {}


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("tsumitate")
    except Exception:  # pragma: no cover - running from a source tree without metadata
        return "0"


def warn(message: str) -> None:
    print(message, file=sys.stderr)
