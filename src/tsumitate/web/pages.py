"""The pages: ``/`` the intake form, ``/rules`` the rule explorer, ``/quiz`` the trainer, ``/docs`` the API.

Templates (Jinja2, autoescaped) and scripts ship inside the package; the scripts are files
served from ``/static`` (the Content-Security-Policy allows no inline script), and they talk to
the JSON API only, so a page and a script calling the API see the same answers.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query, Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from ..explain.words import fmt
from ..model.field_labels import CHOICES, FIELDS, choice_label
from ..output.labels import LABELS
from .app import HERE
from .form import build_form
from .ui_text import lang_of
from .ui_text import texts as ui_texts

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals["choice_label"] = choice_label
templates.env.filters["fmt"] = fmt


def labels(lang: str = "ja") -> dict:
    """The names the scripts show (result values, case fields, choices), from the one table each,
    and the language the page is in (the scripts ask the API in it)."""
    k = 0 if lang == "ja" else 1
    return {"lang": lang, "values": LABELS[lang], "fields": {p: v[k] for p, v in FIELDS.items()},
            "choices": {c: v[k] for c, v in CHOICES.items()}}


def _page(request: Request, name: str, lang: str = "ja", translated: bool = False, **context) -> Response:
    """A page in ``lang``; ``translated`` pages offer the other language in the header."""
    svc = request.app.state.service
    texts = dict(labels(lang), regions=svc.book.regions)
    return templates.TemplateResponse(request, name, {"book": svc.book, "labels": texts, "lang": lang, "t": ui_texts(lang),
                                                      "translated": translated, **context})


@router.get("/")
def intake(request: Request, lang: str | None = Query(None, description="ja (default) or en")) -> Response:
    lang = lang_of(lang)
    return _page(request, "index.html", lang, translated=True, form=build_form(lang))


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


@router.get("/rules")
def rules_page(request: Request, procedure: str | None = Query(None), region: str | None = Query(None),
               as_of: dt.date | None = Query(None), q: str | None = Query(None, max_length=200)) -> Response:
    """The rule explorer: the same data as /api/rules and /api/parameters, for reading."""
    from ..procedures import registry
    from .api import parameters_data, rules_data

    svc = request.app.state.service
    procedure = procedure or None
    region = region or None
    q = (q or "").strip() or None
    rules = rules_data(svc, procedure, region, q, "ja")
    params = parameters_data(svc, region or "default", as_of, procedure, "ja", q)
    provisions = [p for p in svc.statutes.provisions
                  if not q or q.lower() in (p.ref + p.title + p.text + p.en + (p.note or "")).lower()]
    stages = {}
    for (p, _), rs in svc.book.sets.items():
        stages.setdefault(p, rs.stages)
    names = {k: v.ja for k, v in registry().items()}
    names["screening"] = "手続の選択（自動判定）"
    courts_by_region: dict[str, list[str]] = {}
    for cid, c in svc.book.courts.items():
        courts_by_region.setdefault(c.region, []).append(c.name_ja)
    return _page(request, "rules.html", rules=rules, params=params, provisions=provisions, stages=stages, names=names,
                 courts_by_region=courts_by_region, sel={"procedure": procedure, "region": region, "as_of": as_of, "q": q})


@router.get("/quiz")
def quiz_page(request: Request, lang: str | None = Query(None, description="ja (default) or en")) -> Response:
    return _page(request, "quiz.html", lang_of(lang), translated=True)


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
