"""The pages: ``/`` the intake form, ``/rules`` the rule explorer, ``/quiz`` the trainer, ``/docs`` the API.

Templates (Jinja2, autoescaped) and scripts ship inside the package; the scripts are files
served from ``/static`` (the Content-Security-Policy allows no inline script), and they talk to
the JSON API only, so a page and a script calling the API see the same answers.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from ..model.field_labels import CHOICES, FIELDS, choice_label
from ..output.labels import LABELS
from .app import HERE
from .form import build_form

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals["choice_label"] = choice_label


def labels(lang: str = "ja") -> dict:
    """The names the scripts show (result values, case fields, choices), from the one table each."""
    k = 0 if lang == "ja" else 1
    return {"values": LABELS[lang], "fields": {p: v[k] for p, v in FIELDS.items()}, "choices": {c: v[k] for c, v in CHOICES.items()}}


def _page(request: Request, name: str, **context) -> Response:
    svc = request.app.state.service
    texts = dict(labels("ja"), regions=svc.book.regions)
    return templates.TemplateResponse(request, name, {"book": svc.book, "labels": texts, **context})


@router.get("/")
def intake(request: Request) -> Response:
    return _page(request, "index.html", form=build_form("ja"))


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


@router.get("/rules")
def rules_page(request: Request) -> Response:
    return _page(request, "rules.html")


@router.get("/quiz")
def quiz_page(request: Request) -> Response:
    return _page(request, "quiz.html")


@router.get("/docs")
def docs(request: Request, lang: str = Query("ja")) -> Response:
    doc = request.app.openapi()
    ops = []
    for path, methods in doc.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "description": p.get("description") or (p.get("schema") or {}).get("description", "")}
                      for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {})
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "params": params, "body": list(body),
                        "responses": {code: r.get("description", "") for code, r in op.get("responses", {}).items()}})
    return _page(request, "docs.html", doc=doc, ops=ops)
