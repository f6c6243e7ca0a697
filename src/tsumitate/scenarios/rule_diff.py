"""``tsumitate diff``: the same scenario cases under two rule books, and what changes between them.

Both books live in one process: their durable ruleset names carry each directory's content
digest, so they do not collide. A change is listed path by path (old → new) and grouped by
what explains it: the rules that fired under one book and not the other and, when the same
rules fired, the parameters whose values differ for that case (a court's fee, say).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..evaluate import Evaluator
from ..output.visible import one_line
from .compare import MISSING, same
from .files import Scenario
from .run import evaluate_scenario_case

_REASON_KEYS = {"rule", "code"}


def _is_reason_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and _REASON_KEYS <= v.keys() for v in value)


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """A result as dotted path -> value. Mappings and lists of results (``evaluations``) are
    entered; a list of reasons, advice or warnings stays one value, shown by its codes."""
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for k, v in value.items():
            if k == "fired_rules":
                continue
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value) and not _is_reason_list(value):
        out = {}
        for i, v in enumerate(value):
            out.update(flatten(v, f"{prefix}.{i}"))
        return out
    return {prefix: value}


def show(value: Any) -> str:
    if value is MISSING:
        return "(absent)"
    return json.dumps(value, ensure_ascii=False, default=str)


def show_pair(old: Any, new: Any) -> tuple[str, str]:
    """Old and new as short text; reason lists by their codes, or by the first text that differs."""
    if (_is_reason_list(old) or old == []) and (_is_reason_list(new) or new == []):
        oc, nc = [r["code"] for r in old], [r["code"] for r in new]
        if oc != nc:
            return show(oc), show(nc)
        for a, b in zip(old, new):
            if a != b:  # the first field that differs: the text, else the citation or the English
                key = next(k for k in ("ja", "cite", "en", "rule") if a.get(k) != b.get(k))
                return show(a.get(key)), show(b.get(key))
    return show(old), show(new)


@dataclass
class Change:
    scenario: Scenario
    paths: list[tuple[str, Any, Any]]  # (path, old, new)
    rules_gone: tuple[str, ...]  # fired under the base rules only
    rules_new: tuple[str, ...]  # fired under the new rules only
    parameters: tuple[tuple[str, Any, Any], ...]  # ("procedure/region name", old, new)

    @property
    def group(self) -> tuple:
        return (self.rules_gone, self.rules_new, self.parameters if not (self.rules_gone or self.rules_new) else ())

    @property
    def group_key(self) -> tuple:  # parameter values may be lists: compare them as text
        gone, new, params = self.group
        return gone, new, tuple((n, show(a), show(b)) for n, a, b in params)


def _parameter_changes(old_traces, new_traces, region: str | None) -> tuple[tuple[str, Any, Any], ...]:
    old = {t.procedure: t.parameters for t in old_traces or ()}
    new = {t.procedure: t.parameters for t in new_traces or ()}
    out = []
    for proc in [p for p in old if p in new]:
        a, b = old[proc], new[proc]
        for name in sorted(set(a) | set(b)):
            va, vb = a.get(name, MISSING), b.get(name, MISSING)
            if va is MISSING or vb is MISSING or not same(va, vb):
                out.append((f"{proc}/{region} {name}", va, vb))
    return tuple(out)


def compare_case(base: Evaluator, new: Evaluator, sc: Scenario) -> Change | None:
    """The scenario's case under both books; None when nothing differs."""
    a = evaluate_scenario_case(base, sc, trace=True)
    b = evaluate_scenario_case(new, sc, trace=True)
    if not a.ok or not b.ok:
        ea = "\n".join(str(p) for p in a.problems) if not a.ok else "(evaluated)"
        eb = "\n".join(str(p) for p in b.problems) if not b.ok else "(evaluated)"
        if ea == eb:
            return None
        return Change(sc, [("error", ea, eb)], (), (), ())
    ra, rb = a.result, b.result
    fa, fb = ra.get("fired_rules", []), rb.get("fired_rules", [])
    la, lb = flatten(ra), flatten(rb)
    paths = []
    for path in list(la) + [p for p in lb if p not in la]:
        va, vb = la.get(path, MISSING), lb.get(path, MISSING)
        if va is MISSING or vb is MISSING or not same(va, vb):
            paths.append((path, va, vb))
    gone = tuple(r for r in fa if r not in set(fb))
    added = tuple(r for r in fb if r not in set(fa))
    if not paths and not gone and not added:
        return None
    params = _parameter_changes(a.traces, b.traces, rb.get("region"))
    return Change(sc, paths, gone, added, params)


@dataclass
class Group:
    rules_gone: tuple[str, ...]
    rules_new: tuple[str, ...]
    parameters: tuple[tuple[str, Any, Any], ...]
    changes: list[Change] = field(default_factory=list)

    def heading(self) -> list[str]:
        lines = []
        if self.rules_gone or self.rules_new:
            lines.append("Rules that fired differently:")
            lines += [f"  - {r}   (fired under --base only)" for r in self.rules_gone]
            lines += [f"  + {r}   (fired under the new rules only)" for r in self.rules_new]
        elif self.parameters:
            lines.append("Same rules fired; parameter values differ:")
            lines += [f"  {name}: {show(a)} → {show(b)}" for name, a, b in self.parameters]
        else:
            lines.append("Same rules and parameters; the rules' texts or computed values differ:")
        return lines


def group_changes(changes: list[Change]) -> list[Group]:
    groups: dict[tuple, Group] = {}
    for c in changes:
        g = groups.get(c.group_key)
        if g is None:
            g = groups[c.group_key] = Group(*c.group)
        g.changes.append(c)
    return list(groups.values())


def render_change(c: Change) -> list[str]:
    sc = c.scenario
    lines = [f"  {one_line(sc.name)}  ({one_line(sc.file)}:{sc.line})"]
    for path, old, new in c.paths:
        if path == "error":
            lines.append(f"    input problems: {old} → {new}")
            continue
        o, n = show_pair(old, new)
        lines.append(f"    {path}: {o} → {n}")
    if not c.paths:
        lines.append("    (the same values; only the rules that fired differ)")
    return lines


def change_object(c: Change) -> dict[str, Any]:
    sc = c.scenario
    return {"type": "change", "file": sc.file, "index": sc.index, "name": sc.name, "line": sc.line,
            "changes": [{"path": p, "old": None if o is MISSING else o, "new": None if n is MISSING else n,
                         **({"old_absent": True} if o is MISSING else {}), **({"new_absent": True} if n is MISSING else {})}
                        for p, o, n in c.paths],
            "rules_only_in_base": list(c.rules_gone), "rules_only_in_new": list(c.rules_new),
            "parameters": [{"name": name, "old": None if a is MISSING else a, "new": None if b is MISSING else b}
                           for name, a, b in c.parameters]}


def iter_changes(base: Evaluator, new: Evaluator, scenarios: Iterator[Scenario]) -> Iterator[Change]:
    for sc in scenarios:
        if sc.skip is not None:
            continue
        change = compare_case(base, new, sc)
        if change is not None:
            yield change
