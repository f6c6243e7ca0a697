"""The JSON API (contract.md, "Web"): the CLI's answers over HTTP.

``POST /api/evaluate`` answers byte for byte what ``tsumitate evaluate --format json`` prints
for the same case; ``POST /api/explain`` what ``tsumitate explain --format json`` prints.
Bodies are read through ``body`` and evaluated by ``service`` in the thread pool (the event
loop never runs an evaluation), so a slow case does not stall the other requests' I/O.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..explain.build import relative
from ..model.case import Case
from ..convert import XLSX_MIME, case_data, json_text, xlsx_bytes, yaml_text
from ..output.html_report import render_report
from ..rulebook import catalog
from ..rulebook.compile import compile_stage
from . import problems as pr
from .body import read_body

router = APIRouter(prefix="/api")

Lang = Literal["ja", "en"]
LANG = Query("ja", description="language of problem messages and texts: ja (default) or en")


class ProblemItem(BaseModel):
    field: str
    problem: str


ERRORS = {
    413: {"model": list[ProblemItem], "description": "body over the case-file size limit (2 MB)"},
    415: {"model": list[ProblemItem], "description": "Content-Type other than application/json or application/yaml"},
    422: {"model": list[ProblemItem], "description": "the case has problems: one item per field, as the CLI reports them"},
}
CASE_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/Case"}},
    "application/yaml": {"schema": {"type": "string", "description": "a case file as YAML"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary", "description": "the office workbook (tsumitate template)"}},
}}}


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False) + "\n", status_code=status, media_type="application/json")


def _svc(request: Request):
    return request.app.state.service


@router.post("/evaluate", summary="Evaluate a case (the CLI's evaluate --format json)", responses=ERRORS, openapi_extra=CASE_BODY,
             response_description="the result object, exactly the line `tsumitate evaluate --format json` prints")
async def evaluate(request: Request, lang: Lang = LANG) -> Response:
    raw, media = await read_body(request, lang, with_type=True)
    body = await run_in_threadpool(_svc(request).evaluate_json, raw, lang, media)
    return Response(body, media_type="application/json")


@router.post("/explain", summary="Explain a case: every rule fired, what it read, its citation and statute text",
             responses=ERRORS, openapi_extra=CASE_BODY)
async def explain(request: Request, lang: Lang = LANG) -> Response:
    raw, media = await read_body(request, lang, with_type=True)
    body = await run_in_threadpool(_svc(request).explain_json, raw, lang, media)
    return Response(body, media_type="application/json")


def _report(svc, raw: bytes, lang: str, media: str) -> str:
    ex, outcome = svc.explain(raw, lang, media)
    return render_report([(ex, outcome)], lang)


@router.post("/report", summary="The HTML report of a case (what `tsumitate report` writes), as a download",
             responses=ERRORS, openapi_extra=CASE_BODY)
async def report(request: Request, lang: Lang = LANG) -> Response:
    raw, media = await read_body(request, lang, with_type=True)
    html = await run_in_threadpool(_report, _svc(request), raw, lang, media)
    return Response(html, media_type="text/html; charset=utf-8",
                     headers={"content-disposition": 'attachment; filename="tsumitate-report.html"'})


def _case_as(svc, raw: bytes, media: str, lang: str, fmt: str):
    data = case_data(svc.checked_case(raw, lang, media))
    if fmt == "yaml":
        return yaml_text(data)
    if fmt == "json":
        return json_text(data)
    from ..model.validation import dotted
    from ..workbook.write import NotStorable

    try:
        return xlsx_bytes(data)
    except NotStorable as e:  # a control character Excel cannot hold: 422 at the field, as any other problem
        raise pr.single(422, lang, e.msg.ja, e.msg.en, field=dotted(e.path)) from None


CASE_FORMATS = {"yaml": ("application/yaml; charset=utf-8", "case.yaml"), "json": ("application/json", "case.json"),
                "xlsx": (XLSX_MIME, "case.xlsx")}


async def _convert(request: Request, lang: str, fmt: str, download: bool = True) -> Response:
    raw, media = await read_body(request, lang, with_type=True)
    out = await run_in_threadpool(_case_as, _svc(request), raw, media, lang, fmt)
    mime, name = CASE_FORMATS[fmt]
    headers = {"content-disposition": f'attachment; filename="{name}"'} if download else {}
    return Response(out, media_type=mime, headers=headers)


@router.post("/case.yaml", summary="The case as a YAML case file (the file `tsumitate evaluate` reads), checked first",
             responses=ERRORS, openapi_extra=CASE_BODY)
async def case_yaml(request: Request, lang: Lang = LANG) -> Response:
    return await _convert(request, lang, "yaml")


@router.post("/case.xlsx", summary="The case as the office workbook (what `tsumitate convert a.yaml -o a.xlsx` writes)",
             responses=ERRORS, openapi_extra=CASE_BODY)
async def case_xlsx(request: Request, lang: Lang = LANG) -> Response:
    return await _convert(request, lang, "xlsx")


@router.post("/case.json", summary="A case file (JSON, YAML or .xlsx body) read and checked, as JSON: what the page loads into its form",
             responses=ERRORS, openapi_extra=CASE_BODY)
async def case_json(request: Request, lang: Lang = LANG) -> Response:
    return await _convert(request, lang, "json", download=False)


@router.get("/courts", summary="Courts and regions; ?q= finds a court by Japanese or English name or id")
def courts(request: Request, q: str | None = Query(None, max_length=100, description="a court's name as written (東京地裁, 立川, osaka)")) -> Response:
    book = _svc(request).book
    rows = [{"id": cid, "name_ja": c.name_ja, "name_en": c.name_en, "region": c.region,
             "region_description": book.regions.get(c.region),
             "branches": [f"{c.name_ja}{b}支部" for b in getattr(c, "branches", None) or ()]} for cid, c in book.courts.items()]
    out: dict[str, Any] = {"regions": book.regions, "courts": rows}
    if q is not None:
        needle = q.strip()
        low = needle.lower()
        out["matches"] = [r for r in rows if needle and (needle in r["name_ja"] or low in r["id"] or low in (r["name_en"] or "").lower()
                                                          or r["name_ja"].replace("地方裁判所", "") in needle
                                                          or any(needle.removesuffix("支部") in b for b in r["branches"]))]
        region = book.region_of(needle) if needle else None
        out["resolved"] = {"query": needle, "region": region,
                           "region_description": book.regions.get(region) if region else None}
    return _json(out)


def _stage_order(rs) -> list:
    index = {s: i for i, s in enumerate(rs.stages)}
    return sorted(rs.rules, key=lambda r: index.get(r.spec.stage, len(index)))


def _matches(record: dict[str, Any], q: str) -> bool:
    hay = " ".join(str(record.get(k) or "") for k in ("id", "summary", "ja", "en", "cite", "when", "code", "stage"))
    hay += " ".join(s["text"] + s["ref"] + s["title"] for s in record["statutes"])
    return q.lower() in hay.lower()


def rules_data(svc, procedure: str | None, region: str | None, q: str | None, lang: str) -> dict[str, Any]:
    """Rules in firing order (one region's effective set) or every variant; filtered by ``q``."""
    book = svc.book
    procs = catalog.procedures(book)
    if procedure is not None and procedure not in procs:
        raise pr.single(422, lang, f"手続 '{procedure}' はありません（{', '.join(procs)}）",
                        f"unknown procedure '{procedure}' (one of: {', '.join(procs)})", field="procedure")
    reg = None
    if region is not None:
        reg = book.region_of(region)
        if reg is None:
            raise pr.single(422, lang, f"裁判所・地域 '{region}' が見つかりません（/api/courts を参照）",
                            f"unknown court or region '{region}' (see /api/courts)", field="region")
    if reg is not None:
        pairs = [(r, book.sets[(p, reg)]) for p in procs if procedure in (None, p) and (p, reg) in book.sets
                 for r in _stage_order(book.sets[(p, reg)])]
    else:
        pairs = [(r, rs) for r, rs in catalog.variants(book) if procedure in (None, rs.procedure)]
    records = [catalog.rule_record(book, r, rs, svc.statutes, lang, relative) for r, rs in pairs]
    if q:
        records = [rec for rec in records if _matches(rec, q)]
    return {"procedures": procs, "regions": book.regions, "region": reg, "rules": records}


@router.get("/rules", summary="Rules in firing order with conditions in words; per region, or every variant")
def rules(request: Request, procedure: str | None = Query(None, description="voluntary_arrangement, individual_rehabilitation, screening ..."),
          region: str | None = Query(None, description="a region, court id or court name: that region's effective rule set"),
          q: str | None = Query(None, max_length=200, description="search ids, texts, citations, conditions and statute texts"),
          lang: Lang = LANG) -> Response:
    return _json(rules_data(_svc(request), procedure, region, q, lang))


@router.get("/rules/{rule_id}", summary="One rule: every variant, its statute texts and its compiled durable_rules condition",
            responses={404: {"model": list[ProblemItem]}})
def rule(request: Request, rule_id: str, lang: Lang = LANG) -> Response:
    svc = _svc(request)
    found = [(r, rs) for r, rs in catalog.variants(svc.book) if r.id == rule_id]
    if not found:
        raise pr.single(404, lang, f"ルール '{rule_id}' はありません（/api/rules を参照）", f"no rule '{rule_id}' (see /api/rules)", field="rule_id")
    variants = []
    for r, rs in found:
        rec = catalog.rule_record(svc.book, r, rs, svc.statutes, lang, relative)
        rec["durable"] = compile_stage(rs, r.spec.stage).definition[r.id]
        variants.append(rec)
    return _json({"id": rule_id, "variants": variants})


def parameters_data(svc, region: str, as_of: dt.date | None, procedure: str | None, lang: str, q: str | None = None) -> dict[str, Any]:
    book = svc.book
    reg = book.region_of(region)
    if reg is None:
        raise pr.single(422, lang, f"裁判所・地域 '{region}' が見つかりません（/api/courts を参照）",
                        f"unknown court or region '{region}' (see /api/courts)", field="region")
    day = as_of or dt.date.today()
    procs = [p for p in catalog.procedures(book) if procedure in (None, p) and (p, reg) in book.sets]
    if procedure is not None and not procs:
        raise pr.single(422, lang, f"手続 '{procedure}' はありません", f"unknown procedure '{procedure}'", field="procedure")
    out = {p: catalog.parameter_records(book.sets[(p, reg)], day, relative) for p in procs}
    if q:
        low = q.lower()
        out = {p: [r for r in rows if low in json.dumps(r, ensure_ascii=False).lower()] for p, rows in out.items()}
    return {"region": reg, "region_description": book.regions.get(reg), "as_of": day.isoformat(), "procedures": out}


@router.get("/parameters", summary="Parameters with every dated value, source and check date; the value in force on as_of")
def parameters(request: Request, region: str = Query("default", description="a region, court id or court name"),
               as_of: dt.date | None = Query(None, description="the day whose values are in force (default: today)"),
               procedure: str | None = Query(None), lang: Lang = LANG) -> Response:
    return _json(parameters_data(_svc(request), region, as_of, procedure, lang))


@router.get("/statutes", summary="Statute texts the rules cite, with whether each was compared word for word")
def statutes(request: Request) -> Response:
    st = _svc(request).statutes
    return _json({"laws": {k: v.model_dump(mode="json") for k, v in st.laws.items()},
                  "provisions": [dict(p.model_dump(mode="json"), ref=p.ref) for p in st.provisions]})


@router.get("/schema", summary="JSON Schema of the case file (what `tsumitate schema` prints)")
def schema() -> Response:
    return _json(Case.model_json_schema())


@router.get("/quiz", summary="Trainer: cases from the scenario library without their results (no answer leaks)",
            responses={404: {"model": list[ProblemItem]}})
def quiz(request: Request, seed: int | None = Query(None, ge=0, le=2**31, description="the same seed gives the same questions"),
         count: int = Query(5, ge=1, le=50), lang: Lang = LANG) -> Response:
    import random

    from ..scenarios import quiz as qz

    items = _svc(request).quiz_pool()
    if not items:
        raise pr.single(404, lang, "出題できるシナリオがありません（tsumitate serve --scenarios DIR で指定してください）",
                        "no scenario to ask about (start tsumitate serve with --scenarios DIR)")
    if seed is None:
        seed = random.SystemRandom().randrange(10**6)
    chosen = qz.choose(items, seed, count)
    return _json({"seed": seed, "total": len(items), "ask": qz.questions(lang),
                  "questions": [{"id": it.id, "number": k, "case": qz.case_view(it.outcome.case)} for k, it in enumerate(chosen, 1)]})


def _quiz_answer(svc, raw: bytes, lang: str) -> dict[str, Any]:
    from ..errors import InputError
    from ..explain.build import explain_outcome
    from ..scenarios import quiz as qz
    from ..sources import from_bytes

    try:
        data = from_bytes(raw, "request").data
    except InputError as e:
        raise pr.from_problems(e.problems, lang) from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not isinstance(data.get("answers"), dict):
        raise pr.single(422, lang, '{"id": 問題のid, "answers": {"feasibility.status": ..., ...}} の形で送ってください',
                        'send {"id": question id, "answers": {"feasibility.status": ..., ...}}')
    item = next((it for it in svc.quiz_pool() if it.id == data["id"]), None)
    if item is None:
        raise pr.single(422, lang, f"問題 '{data['id'][:80]}' はありません", f"no question '{data['id'][:80]}'", field="id")
    verdicts = qz.score(item.outcome.result, data["answers"], lang)
    return {"id": item.id, "name": item.scenario.name, "tags": list(item.scenario.tags), "verdicts": verdicts,
            "right": sum(v["right"] for v in verdicts), "asked": len(verdicts),
            "explanation": explain_outcome(item.outcome, svc.statutes, lang)}


@router.post("/quiz/answer", summary="Trainer: score answers (codes, Japanese labels or yen as typed) and explain the case",
             responses=ERRORS)
async def quiz_answer(request: Request, lang: Lang = LANG) -> Response:
    raw = await read_body(request, lang)
    return _json(await run_in_threadpool(_quiz_answer, _svc(request), raw, lang))
