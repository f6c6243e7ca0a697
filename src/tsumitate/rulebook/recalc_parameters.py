"""``rules/recalculation.yaml`` → ``RecalcParameters``: the dated figures of the 引き直し計算.

The file is an ordinary rule file holding parameters only (dated ``values``, each with its
source), checked by the same linter as every other file. Unlike a procedure's parameters, the
recalculation needs each parameter's whole history, not the value on ``as_of``: a 2005
repayment is judged by the figures of 2005. The shapes of the values are checked here, so a
typo in a bracket is reported at its line before any case runs.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

from ..recalc_figures import Dated, RateBracket, RecalcParameters

FILE_NAME = "recalculation.yaml"
NAMES = ("interest_rate_brackets", "overpayment_interest_rate", "overpayment_prescription_years")


def _percent(value, where, col, src, name) -> Fraction | None:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        col.add(src, where, name, f"a rate is a whole percent (18) or a decimal written as text ('14.6'), got {value!r}")
        return None
    try:
        rate = Fraction(str(value)) / 100
    except (ValueError, ZeroDivisionError):
        col.add(src, where, name, f"not a percentage: {value!r}")
        return None
    if not 0 <= rate <= 1:
        col.add(src, where, name, f"a yearly rate between 0 and 100 percent, got {value!r}")
        return None
    return rate


def _brackets(table, where, col, src, name) -> tuple[RateBracket, ...] | None:
    if not isinstance(table, list) or not table:
        col.add(src, where, name, "a list of brackets: [{below: 100000, percent: 20}, ..., {percent: 15}]")
        return None
    out, last_bound = [], -1
    for i, row in enumerate(table):
        at = where + (i,)
        if not isinstance(row, dict) or not set(row) <= {"below", "percent"} or "percent" not in row:
            col.add(src, at, name, "a bracket is {below: yen, percent: rate} (the last one without below)")
            return None
        below = row.get("below")
        if below is not None and (isinstance(below, bool) or not isinstance(below, int) or below <= last_bound):
            col.add(src, at + ("below",), name, "bounds are whole yen, increasing")
            return None
        if below is None and i != len(table) - 1:
            col.add(src, at, name, "only the last bracket has no upper bound")
            return None
        rate = _percent(row["percent"], at + ("percent",), col, src, name)
        if rate is None:
            return None
        out.append(RateBracket(below, rate))
        last_bound = below if below is not None else last_bound
    if out[-1].below is not None:
        col.add(src, where + (len(table) - 1,), name, "the last bracket must cover every larger principal (no below)")
        return None
    return tuple(out)


def load_recalc_parameters(root: Path, col, load_file) -> RecalcParameters | None:
    """The parameters, or None when the directory has no such file (``col`` collects problems).

    ``load_file`` is the rule book's own file loader (validation and the parameter linter).
    """
    from .schema import RuleFile

    path = root / FILE_NAME
    if not path.exists():
        return None
    src, rf = load_file(path, RuleFile, col)
    if rf is None:
        return None
    if rf.rules:
        col.add(src, ("rules",), "rules", "recalculation.yaml holds parameters only; its rules belong in common.yaml")
    values: dict[str, tuple[Dated, ...]] = {}
    for name in NAMES:
        param = rf.parameters.get(name)
        if param is None:
            col.add(src, ("parameters",), name, f"parameter '{name}' is needed by the recalculation but is not defined")
            continue
        dated = []
        for k, v in enumerate(param.values):
            where = ("parameters", name, "values", k, "value")
            if name == "interest_rate_brackets":
                value = _brackets(v.value, where, col, src, name)
            elif name == "overpayment_interest_rate":
                # null: announced as unknown (a later 法定利率 not yet published)
                value = None if v.value is None else _percent(v.value, where, col, src, name)
                if value is None and v.value is not None:
                    continue
            else:
                value = v.value
                if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                    col.add(src, where, name, f"a whole number of years, got {value!r}")
                    continue
            if value is None and name != "overpayment_interest_rate":
                continue
            dated.append(Dated(v.since or dt.date.min, value))  # no known start: in force on any date
        values[name] = tuple(dated)
    for name in rf.parameters:
        if name not in NAMES:
            col.add(src, ("parameters", name), name, f"unknown recalculation parameter (known: {', '.join(NAMES)})")
    if any(not values.get(n) for n in NAMES):
        return None
    return RecalcParameters(brackets=values["interest_rate_brackets"], legal_rates=values["overpayment_interest_rate"],
                            prescription_years=values["overpayment_prescription_years"],
                            sources=_sources(rf))


def _sources(rf) -> dict[str, tuple]:
    """name → ((since, source, url), ...) for explanations and the recalc table's footer."""
    return {name: tuple((v.since, v.source, v.url) for v in p.values) for name, p in rf.parameters.items()}
