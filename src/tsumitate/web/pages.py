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


def other_language_href(request: Request, lang: str) -> str:
    """The same page and query (the explorer's filters too) in the other language."""
    from urllib.parse import urlencode

    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    if lang != "en":
        query.append(("lang", "en"))
    return request.url.path + ("?" + urlencode(query) if query else "")


templates.env.globals["other_language_href"] = other_language_href


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
               as_of: dt.date | None = Query(None), q: str | None = Query(None, max_length=200),
               lang: str | None = Query(None, description="ja (default) or en")) -> Response:
    """The rule explorer: the same data as /api/rules and /api/parameters, for reading.

    In English (``?lang=en``) the page's words, procedure names, rule summaries and conditions are
    English; what the rule files hold only in Japanese (descriptions, sources, statute texts) is
    quoted as it is, and the page says so.
    """
    from ..procedures import registry
    from .api import parameters_data, rules_data

    lang = lang_of(lang)
    svc = request.app.state.service
    procedure = procedure or None
    region = region or None
    q = (q or "").strip() or None
    rules = rules_data(svc, procedure, region, q, lang)
    params = parameters_data(svc, region or "default", as_of, procedure, lang, q)
    provisions = [p for p in svc.statutes.provisions
                  if not q or q.lower() in (p.ref + p.title + p.text + p.en + (p.note or "")).lower()]
    stages = {}
    for (p, _), rs in svc.book.sets.items():
        stages.setdefault(p, rs.stages)
    names = {k: (v.ja if lang == "ja" else v.en) for k, v in registry().items()}
    names["screening"] = "手続の選択（自動判定）" if lang == "ja" else "choice of procedure (procedure: auto)"
    courts_by_region: dict[str, list[str]] = {}
    for cid, c in svc.book.courts.items():
        courts_by_region.setdefault(c.region, []).append(c.name_ja)
    return _page(request, "rules.html", lang, translated=True, rules=rules, params=params, provisions=provisions,
                 stages=stages, names=names, courts_by_region=courts_by_region,
                 sel={"procedure": procedure, "region": region, "as_of": as_of, "q": q})


@router.get("/quiz")
def quiz_page(request: Request, lang: str | None = Query(None, description="ja (default) or en")) -> Response:
    return _page(request, "quiz.html", lang_of(lang), translated=True)


@router.get("/docs")
def docs(request: Request, lang: str | None = Query(None, description="ja (default) or en")) -> Response:
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
    return _page(request, "docs.html", lang_of(lang), translated=True, doc=doc, ops=ops)
