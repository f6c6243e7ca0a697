"""Traces of one evaluation -> the explanation (plain data; renderers turn it into text).

For each procedure evaluated, in firing order: each rule that fired with the facts and numbers
it read (and how the computed ones were computed), the parameters it used (value, in force
since, source), its conclusion, its reason, its citation and the statute sentence cited. For
each exclusive group, the members before the winner, with the comparison that failed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..output.plan_status import reference_reason
from ..procedures import facts_of
from ..rulebook import conditions as cd
from ..rulebook import values as vl
from ..rulebook.texts import PLACEHOLDER
from ..rulebook.load import render
from ..statutes import EMPTY, Statutes
from .derivations import derivation_params, derive
from .words import describe, failed

_CONCLUSION = {"ja": "前のステージの結論", "en": "an earlier stage's conclusion"}


def explain_outcome(outcome, statutes: Statutes = EMPTY, lang: str = "ja") -> dict[str, Any]:
    """An ``Outcome`` evaluated with ``trace=True`` -> the explanation dict (JSON-ready)."""
    result = outcome.result
    return {
        "file": outcome.path,
        "case_id": result["case_id"],
        "lang": lang,
        "summary": summary(result),
        "procedures": [_procedure(t, outcome.case, statutes, lang) for t in outcome.traces],
        "recalculation": _recalculation(outcome, lang),
    }


def _recalculation(outcome, lang: str) -> list[dict[str, Any]]:
    """Each debt whose amount came from its transaction history: how, line by line."""
    from ..recalc_case import derivation

    return [{"creditor": r.creditor, "lines": derivation(r, lang)} for r in getattr(outcome, "recalculations", ())]


def relative(path: str) -> str:
    """A rule file's path from its rules directory: ``rules/voluntary_arrangement/base.yaml``.

    The same wherever tsumitate is installed (no site-packages paths); the rules directory is
    the nearest folder above the file holding ``courts.yaml``, named as it is on disk (a
    ``--rules my-rules`` directory reads ``my-rules/...``). Other files: relative to the
    working directory when below it.
    """
    p = Path(path)
    for parent in p.parents:
        if (parent / "courts.yaml").is_file():
            return f"{parent.name}/{p.relative_to(parent).as_posix()}"
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def summary(result: dict[str, Any]) -> dict[str, Any]:
    out = {
        "procedure": result["procedure"],
        "court": result["court"],
        "region": result["region"],
        "court_name": result.get("court_name"),
        "region_name": result.get("region_name"),
        "reference": {lang: reference_reason(result, lang) for lang in ("ja", "en")},
        "as_of": result["as_of"],
        "feasibility": result["feasibility"]["status"],
        "installments": result["feasibility"]["installments"],
        "monthly_capacity": result["feasibility"]["monthly_capacity"],
        "deposit_monthly": result["deposit"]["monthly"],
        "payee": result["deposit"]["payee"],
        "test": result["test"]["status"],
        "refund": result["refund"]["status"],
        "refund_amount": result["refund"]["amount"],
        "alternatives": result["alternatives"],
    }
    if "recommendation" in result:
        out["recommendation"] = result["recommendation"]
    # 任意整理's per-creditor plan: the shown result's, or (procedure auto) the one its evaluation made
    plan = result.get("plan") or next((e["plan"] for e in result.get("evaluations", []) if e.get("plan")), None)
    if plan is not None:
        out["plan"] = plan
    return out


def _values(message: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    """What a stage saw: its message (dotted names again), then the final view for the rest."""
    seen = dict(view)
    for key, value in message.items():
        if key not in ("sid", "stage"):
            seen[key.replace("__", ".")] = value
    return seen


def _procedure(trace, case, statutes: Statutes, lang: str) -> dict[str, Any]:
    rs = trace.ruleset
    facts = facts_of(rs.procedure)
    steps = []
    for stage, message, fired in trace.stages:
        seen = _values(message, trace.view)
        for rule_id in fired:
            rule = rs.by_id[rule_id]
            steps.append(_step(rule, rs, seen, trace, case, facts, statutes, lang))
        fired_set = set(fired)
        groups = []
        for r in rs.rules:
            if r.spec.stage == stage and r.spec.group and r.spec.group not in groups:
                groups.append(r.spec.group)
        for group in groups:
            members = [r for r in rs.rules if r.spec.stage == stage and r.spec.group == group]
            winner = next((r for r in members if r.id in fired_set), None)
            passed = members[:members.index(winner)] if winner else members
            entries = [_not_fired(r, seen, lang) for r in passed]
            if winner is not None:
                step = next(s for s in steps if s["rule"] == winner.id)
                step["considered_first"] = entries
            elif entries:
                steps.append({"stage": stage, "rule": None, "group": group, "considered_first": entries,
                              "note": "どのルールも当てはまらなかった" if lang == "ja" else "no rule of the group matched"})
    return {
        "procedure": rs.procedure,
        "region": rs.region,
        "rules_digest": rs.digest,
        "steps": steps,
    }


def names_read(rule) -> tuple[list[str], list[str]]:
    """Facts/conclusions and parameters the rule reads: condition, then-values, text placeholders."""
    names: list[str] = []

    def add(name: str):
        if name not in names:
            names.append(name)

    for n in sorted(cd.names(rule.condition)):
        add(n)
    for value in rule.spec.then.values():
        for n in _refs(value):
            add(n)
    for text in (rule.spec.ja, rule.spec.en):
        for m in PLACEHOLDER.finditer(text):
            add(m.group(1))
    params = [n[7:] for n in names if n.startswith("params.")]
    return [n for n in names if not n.startswith("params.")], params


def _refs(value) -> list[str]:
    if isinstance(value, dict):
        op, arg = next(iter(value.items()))
        if op == "ref":
            return [arg]
        if op == "object":
            return [n for v in arg.values() for n in _refs(v)]
        return _refs(arg)
    if isinstance(value, list):
        return [n for v in value for n in _refs(v)]
    return []


def _step(rule, rs, seen, trace, case, facts, statutes: Statutes, lang: str) -> dict[str, Any]:
    fact_names, param_names = names_read(rule)
    fact_rows = []
    for name in fact_names:
        info = facts.get(name)
        derivation = derive(rs.procedure, name, seen, trace.parameters, case, lang) if info else None
        fact_rows.append({
            "name": name,
            "meaning": getattr(info, lang) if info else _CONCLUSION[lang],
            "value": seen.get(name),
            "derivation": derivation,
        })
        if derivation:  # parameters a derivation quotes were used too
            for p in derivation_params(rs.procedure, name):
                if p not in param_names:
                    param_names.append(p)
    params = []
    for name in param_names:
        ps, dated = trace.provenance.get(name, (None, None))
        if ps is None:
            continue
        params.append({
            "name": name,
            "description": ps.parameter.description,
            "value": dated.value,
            "since": dated.since.isoformat() if dated.since else None,
            "source": dated.source,
            "url": dated.url,
            "checked": dated.checked.isoformat() if dated.checked else None,
            "verified": dated.verified,
            "file": relative(ps.file),
            "line": ps.line,
        })
    conclusion = {path: _plain(vl.resolve(value, trace.view)) for path, value in rule.spec.then.items()}
    return {
        "stage": rule.spec.stage,
        "rule": rule.id,
        "group": rule.spec.group,
        "file": relative(rule.file),
        "line": rule.line,
        "condition": describe(rule.condition, lang),
        "facts": fact_rows,
        "parameters": params,
        "conclusion": conclusion,
        "reason": render(getattr(rule.spec, lang), trace.view),
        "record": rule.spec.record,
        "cite": rule.spec.cite,
        "statutes": [p.record() for p in statutes.cited(rule.spec.cite)],
        "considered_first": [],
    }


def _plain(value):
    """Resolved conclusion values as JSON data (``{append: x}`` shows as ``+x``)."""
    if type(value).__name__ == "_Append":
        return {"append": value.value}
    return value


def _not_fired(rule, seen: dict[str, Any], lang: str) -> dict[str, Any]:
    unmet = render(getattr(rule.spec.unmet, lang), seen) if rule.spec.unmet else None
    return {
        "rule": rule.id,
        "file": relative(rule.file),
        "line": rule.line,
        "condition": describe(rule.condition, lang),
        "why": failed(rule.condition, seen, lang),
        "unmet": unmet,
        "cite": rule.spec.cite,
    }

