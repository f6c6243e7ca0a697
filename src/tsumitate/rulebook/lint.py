"""The rule-set checks: the one place that says what makes a rules directory unusable.

``load_rulebook`` runs the file-level and set-level checks on every load, so a broken rule set
is refused before any case is evaluated; ``tsumitate rules check`` runs the same load and then
``check_engine``, which builds every stage in a scratch durable_rules engine so that the
engine's own limits (its error codes) are reported with the rule's file and line too.

Every problem is a ``Problem(file, line, rule id or parameter name, message)``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from typing import Any

from ..errors import M, Msg, Problem, as_msg
from ..procedures import FactInfo, arithmetic_parameters, facts_of
from . import conditions as cd
from . import durable_limits as limits
from .groups import exclusive_condition, nullable_names
from .texts import PLACEHOLDER
from . import values as vl

_KIND_OF = {bool: "bool", int: "int", str: "str"}


# What the arithmetic needs of the parameters it reads: it divides by ``rounding_unit`` and by
# installment counts, so 0, a negative number, 1.5 or text there would be a ZeroDivisionError or
# float yen at evaluation; the loader refuses them instead.
AT_LEAST = {"rounding_unit": 1, "min_installments": 1, "max_installments": 1,
            "extended_max_installments": 1, "disposable_income_years": 0}
NOT_BELOW = (("max_installments", "min_installments"), ("extended_max_installments", "max_installments"))
WHOLE_UNITS = ("yen", "months", "payments", "years")  # a parameter in these units is a whole number ≥ 0 or null


def _value_problem(name: str, unit: str | None, value: Any) -> Msg | None:
    if name not in AT_LEAST and unit not in WHOLE_UNITS:
        return None
    if value is None:
        return M(f"'{name}' は計算に使うため null にできません", f"'{name}' is needed by the arithmetic: null is not allowed") if name in AT_LEAST else None
    if type(value) is not int:
        return M(f"'{name}' は整数です（{unit or 'count'}）: {value!r} は使えません", f"'{name}' is a whole number ({unit or 'count'}): got {value!r}")
    least = AT_LEAST.get(name, 0)
    if value < least:
        return M(f"'{name}' は {least} 以上です: {value} は使えません", f"'{name}' must be at least {least}: got {value}")
    return None


# ── one rule file: parameters and their dated values ─────────────────────────────────────
def check_parameters(src, rf, col) -> None:
    """Dated values: a source note for each, no two in force from the same day, in date order, and
    each value of the right kind and range (whole yen and months; what the arithmetic divides by).

    A region file holds court practice: each of its values also says when its source was read
    (``checked``), and a figure (an amount) marked verified says where (``url``), so nobody
    mistakes a remembered fee for a published one.
    """
    court = rf.region is not None
    for name, param in rf.parameters.items():
        seen: dict[Any, int] = {}
        for k, v in enumerate(param.values):
            where = ("parameters", name, "values", k)
            wrong = _value_problem(name, param.unit, v.value)
            if wrong:
                col.add(src, where + ("value",), name, wrong)
            if not v.source.strip():
                col.add(src, where + ("source",), name, M("値には出典（条文・裁判所の告知・事務所の方針）が必要です",
                                                             "a value needs a source note (statute, court notice or office policy)"))
            if court and v.checked is None:
                col.add(src, where, name, M("裁判所の運用の値には出典を確認した日 'checked: YYYY-MM-DD' が必要です",
                                            "a court-practice value needs 'checked: YYYY-MM-DD', the date its source was read"))
            figure = isinstance(v.value, int) and not isinstance(v.value, bool)
            if court and figure and v.verified and not (v.url or "").strip():
                col.add(src, where, name, M("確認済みの裁判所の金額には公開の出典の 'url' が必要です（または 'verified: false'）",
                                            "a verified court-practice figure needs the 'url' of its public source (or 'verified: false')"))
            if v.since in seen:
                when_ja = f"{v.since} から" if v.since else "始期の定めなしで"
                when_en = f"from {v.since}" if v.since else "with no start date"
                col.add(src, where + (("since",) if v.since else ()), name,
                        M(f"日付が重なっています: {seen[v.since] + 1}番目と{k + 1}番目の値がどちらも{when_ja}有効です",
                          f"overlapping dates: values #{seen[v.since] + 1} and #{k + 1} are both in force {when_en}"))
            else:
                seen[v.since] = k
            if k and v.starts < param.values[k - 1].starts:
                col.add(src, where + ("since",), name,
                        M(f"値が日付順ではありません: {param.values[k - 1].since or '始期の定めなし'} の後に {v.since or '始期の定めなし'}（古い順に書くと、どれが有効か読み手に分かります）",
                          f"values out of date order: {v.since or 'no start date'} after {param.values[k - 1].since} (oldest first, so a reader sees which is in force)"))


# ── parameters a region file gives or lacks ───────────────────────────────────────────────
def parameters_read(rule) -> set[str]:
    """Parameter names a rule reads: in its condition, its ``then`` values and its texts."""
    names = cd.names(rule.condition) | vl.refs(rule.spec.then)
    texts = [rule.spec.ja, rule.spec.en] + ([rule.spec.unmet.ja, rule.spec.unmet.en] if rule.spec.unmet else [])
    names |= {m.group(1) for t in texts for m in PLACEHOLDER.finditer(t)}
    return {n[7:] for n in names if n.startswith("params.")}


def closest(name: str, known) -> str | None:
    """The known name a misspelt one most likely meant (difflib's ratio, as Python's own hints)."""
    found = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return found[0] if found else None


def check_region_parameters(sets: dict, col) -> dict[tuple[str, str], frozenset]:
    """A region file's parameter that nothing reads, or a parameter a region lacks: one problem each,
    at the region file's line, with the name and the closest known name.

    Returns, per rule set, the parameter names already reported here, so that the rules reading
    them (usually in base.yaml, where nothing is wrong) are not reported again.
    """
    reported: dict[tuple[str, str], set] = {}
    by_procedure: dict[str, list] = {}
    for key, rs in sets.items():
        by_procedure.setdefault(rs.procedure, []).append((key, rs))
    seen: set = set()
    for procedure, group in by_procedure.items():
        readers: dict[str, Any] = {}  # parameter -> first rule reading it
        for _key, rs in group:
            for r in rs.rules:
                for n in sorted(parameters_read(r)):
                    readers.setdefault(n, r)
        arithmetic = set(arithmetic_parameters(procedure))
        general = {n for _key, rs in group for label, _f, _t, names in rs.declared if label in ("base", "common") for n in names}
        candidates = set(readers) | arithmetic | general
        misspelt: dict[tuple[str, str], str] = {}  # (file, declared name) -> the known name it is close to
        for _key, rs in group:
            for label, file, _top, names in rs.declared:
                if label in ("base", "common"):
                    continue
                for n, line in names.items():
                    if n in candidates or (file, n) in misspelt:
                        continue
                    near = closest(n, candidates)
                    misspelt[(file, n)] = near
                    col.problems.append(Problem(file, line, n, M(
                        f"不明なパラメータ '{n}' です: どのルールも {procedure} の計算も読まず、base.yaml にも定義がありません"
                        + (f"（'{near}' の誤りではありませんか）" if near else ""),
                        f"unknown parameter '{n}': no rule and no {procedure} arithmetic reads it, and base.yaml does not define it"
                        + (f"; did you mean '{near}'?" if near else ""))))
        for key, rs in group:
            regional = [d for d in rs.declared if d[0] not in ("base", "common")]
            if not regional:
                continue  # no region file: a missing parameter is the rule's mistake (reported at the rule)
            needed = {n: readers.get(n) for r in rs.rules for n in parameters_read(r)}
            needed.update({n: None for n in arithmetic})
            declared_anywhere = {m for _k, other in group for _l, _f, _t, names in other.declared for m in names}
            for n, rule in sorted(needed.items()):
                if n in rs.parameters or (n not in declared_anywhere and rule is not None):
                    continue  # defined nowhere: the rule's own mistake, reported at the rule
                reported.setdefault(key, set()).add(n)
                if any(misspelt.get((file, m)) == n for _l, file, _t, names in regional for m in names):
                    continue  # the misspelling in this region's file is the one problem
                label, file, top, _names = regional[-1]
                elsewhere = sorted({os.path.basename(f) for _k, other in group for lb, f, _t, names in other.declared
                                    if lb not in ("base", "common") and n in names})
                at = f"{os.path.basename(rule.file)}:{rule.line}" if rule is not None else ""
                problem = Problem(file, top, n, M(
                    f"地域 '{rs.region}' にはパラメータ '{n}' の値がありません。"
                    + (f"ルール {rule.id}（{at}）が読みます" if rule is not None else f"{procedure} の計算が読みます")
                    + (f"。他の地域は {', '.join(elsewhere)} で定義しています" if elsewhere else ""),
                    f"region '{rs.region}' has no value for parameter '{n}', which "
                    + (f"rule {rule.id} ({at})" if rule is not None else f"the {procedure} arithmetic") + " reads"
                    + (f"; other regions define it in {', '.join(elsewhere)}" if elsewhere else "")))
                if problem not in seen:
                    seen.add(problem)
                    col.problems.append(problem)
    return {k: frozenset(v) for k, v in reported.items()}


# ── one effective rule set (procedure, region) ───────────────────────────────────────────
def check_ruleset(rs, col, reported: frozenset = frozenset()) -> None:
    """Names, stage order, groups, value vocabulary, enums, types and text placeholders.

    ``reported``: parameters this set lacks that ``check_region_parameters`` already named at
    the region file; the rules reading them are not reported again.
    """
    facts: dict[str, FactInfo] = facts_of(rs.procedure)
    for name in arithmetic_parameters(rs.procedure):
        if name not in rs.parameters and name not in reported:
            col.add(rs.rules[0].file if rs.rules else "rules", (), "parameters",
                    M(f"パラメータ '{name}' は {rs.procedure} の計算に必要ですが、定義されていません",
                      f"parameter '{name}' is needed by the {rs.procedure} arithmetic but is not defined"))
    _check_order(rs, col)
    concluded_in: dict[str, str] = {}
    for r in rs.rules:
        for path in r.spec.then:
            concluded_in.setdefault(path, r.spec.stage)
    stage_index = {s: i for i, s in enumerate(rs.stages)}
    for r in rs.rules:
        spec = r.spec

        def problem(msg: Msg, fieldname: str = "-"):
            msg = as_msg(msg)
            col.problems.append(Problem(r.file, r.line, spec.id, msg if fieldname == "-" else msg.prefixed(f"{fieldname}: ")))

        if spec.stage not in stage_index:
            problem(M(f"不明な段階 '{spec.stage}' です（段階: {', '.join(rs.stages)}）", f"unknown stage '{spec.stage}' (stages: {', '.join(rs.stages)})"), "stage")
            continue
        here = stage_index[spec.stage]

        def known(name: str, reading: bool = True) -> bool:
            if name.startswith("params."):
                return name[7:] in rs.parameters or name[7:] in reported
            if name in facts:
                return True
            if name in vl.READABLE_CONCLUSIONS:
                if not reading:
                    return True
                st = concluded_in.get(name)
                return st is not None and stage_index.get(st, 99) < here
            return False

        for name in sorted(cd.names(r.condition)):
            if not known(name):
                if name in vl.READABLE_CONCLUSIONS:
                    problem(M(f"'{name}' を読んでいますが、それより前の段階で結論を出すルールがありません", f"reads '{name}', which no earlier stage concludes"), "when")
                elif name.startswith("params."):
                    near = closest(name[7:], rs.parameters)
                    problem(M(f"不明なパラメータ '{name[7:]}' です" + (f"（'{near}' の誤りではありませんか）" if near else ""),
                              f"unknown parameter '{name[7:]}'" + (f"; did you mean '{near}'?" if near else "")), "when")
                else:
                    problem(M(f"不明な事実 '{name}' です", f"unknown fact '{name}'"), "when")
        for name in sorted(cd.names(r.condition)):
            if name in facts and facts[name].kind == "object":
                problem(M(f"'{name}' は数値の表（{{ref: {name}}} で結果に写すもの）で、条件で比べる値ではありません",
                          f"'{name}' is a table of figures (a result to copy with {{ref: {name}}}), not a value a condition can compare"), "when")
        compared = cd.comparisons(r.condition)
        if len(compared) > limits.MAX_COMPARISONS:
            problem(M(f"比較が{len(compared)}個あります（in のリストは値ごとに数えます）。1つのルールは{limits.MAX_COMPARISONS}個までです。"
                      "パラメータか事実を使ってください",
                      f"{len(compared)} comparisons (each value of an 'in' list counts); a rule may make at most "
                      f"{limits.MAX_COMPARISONS}: use a parameter or a fact instead"), "when")
        for c in compared:
            for msg in _never_true(c, facts):
                problem(msg, "when")
        for path, value in spec.then.items():
            kind = vl.RESULT_PATHS.get(path)
            if kind is None:
                problem(M(f"'{path}' はルールが設定できる結果の項目ではありません（項目: {', '.join(vl.RESULT_PATHS)}）",
                          f"'{path}' is not a result field a rule may set (fields: {', '.join(vl.RESULT_PATHS)})"), "then")
                continue
            for ppath, msg in vl.check(value, known):
                problem(msg, "then")
            if kind in vl.ENUMS and isinstance(value, str) and value not in vl.ENUMS[kind]:
                problem(M(f"{path}: {value!r} は使えません（使える値: {', '.join(vl.ENUMS[kind])}）",
                          f"{path}: {value!r} is not one of {', '.join(vl.ENUMS[kind])}"), "then")
            if kind == "list" and not (isinstance(value, list) or (isinstance(value, dict) and "append" in value)):
                problem(M(f"{path} はリストです。リストか {{append: 値}} を書きます", f"{path} is a list: give a list or {{append: value}}"), "then")
            if kind == "procedure" or (kind == "list" and path == "alternatives"):
                lit = value.get("append") if isinstance(value, dict) else value
                for item in (lit if isinstance(lit, list) else [lit]):
                    if isinstance(item, str) and item not in vl.ENUMS["procedure"]:
                        problem(M(f"{path}: 不明な手続 {item!r} です", f"{path}: unknown procedure {item!r}"), "then")
        texts = [("ja", spec.ja), ("en", spec.en)]
        if spec.unmet is not None:
            texts += [("unmet.ja", spec.unmet.ja), ("unmet.en", spec.unmet.en)]
        for label, text in texts:
            if not text.strip():
                problem(M("説明文がないか空です（どのルールも ja と en で自分を説明します）", "missing or empty text (every rule explains itself in ja and en)"), label)
            for m in PLACEHOLDER.finditer(text):
                if not known(m.group(1), reading=False):
                    problem(M(f"差し込み '{{{m.group(1)}}}' に当たる事実・パラメータ・結論がありません",
                              f"text placeholder '{{{m.group(1)}}}' names no fact, parameter or conclusion"), label)
        if (spec.cite is None or not spec.cite.strip()) and spec.record not in ("none",):
            problem(M("理由を示すルールには条文か出典（cite）が必要です", "a rule that gives a reason must cite its statute or source (cite)"), "cite")
    groups: dict[tuple[str, str], list] = {}
    for r in rs.rules:
        if r.spec.group:
            groups.setdefault((r.spec.stage, r.spec.group), []).append(r)
    for (stage, group), members in groups.items():
        for k, r in enumerate(members[:-1]):
            if r.condition == cd.ALWAYS:
                col.problems.append(Problem(members[k + 1].file, members[k + 1].line, members[k + 1].id,
                                            M(f"到達しません: グループ '{group}' で前にある '{r.id}' が常に当てはまります",
                                              f"unreachable: '{r.id}' before it in group '{group}' always matches")))


def _check_order(rs, col) -> None:
    """Installment bounds in order on every date any of them changes (a region may override one)."""
    for upper, lower in NOT_BELOW:
        hi, lo = rs.parameters.get(upper), rs.parameters.get(lower)
        if hi is None or lo is None:
            continue
        for day in sorted({v.starts for v in hi.parameter.values} | {v.starts for v in lo.parameter.values}):
            a, b = _in_force(hi, day), _in_force(lo, day)
            if type(a) is int and type(b) is int and a < b:
                where = hi if _since(hi, day) >= _since(lo, day) else lo
                ja, en = ("始期の定めなしで", "with no start date") if day == dt.date.min else (f"{day} から", f"from {day}")
                col.problems.append(Problem(where.file, where.line, where.name,
                                            M(f"{ja} {upper} {a} が {lower} {b} より小さくなっています",
                                              f"{en}: {upper} {a} is below {lower} {b}")))
                break


def _in_force(ps, day):
    current = max((v for v in ps.parameter.values if v.starts <= day), key=lambda v: v.starts, default=None)
    return None if current is None else current.value


def _since(ps, day):
    return max((v.starts for v in ps.parameter.values if v.starts <= day), default=day)


def _never_true(c: cd.Cmp, facts: dict[str, FactInfo]) -> list[M]:
    """A comparison that no value of the name can satisfy, given the schema's enums and types."""
    if isinstance(c.operand, cd.Ref) or c.operand is None:
        return []
    out = []
    info = facts.get(c.name)
    if info is not None:
        if info.values and isinstance(c.operand, str) and c.operand not in info.values and c.op == "eq":
            out.append(M(f"'{c.name}' が {c.operand!r} になることはありません（値: {', '.join(info.values)}）。この条件は成り立ちません",
                         f"'{c.name}' is never {c.operand!r} (values: {', '.join(info.values)}); the condition can never be true"))
        elif _KIND_OF.get(type(c.operand)) not in (info.kind, None) and c.op != "ne":
            out.append(M(f"'{c.name}' は{_ARTICLE_JA.get(info.kind, info.kind)}で、{c.operand!r} にはなりません。この条件は成り立ちません",
                         f"'{c.name}' is {_article(info.kind)}, never {c.operand!r}; the condition can never be true"))
    kind = vl.RESULT_PATHS.get(c.name)
    if kind in vl.ENUMS and isinstance(c.operand, str) and c.operand not in vl.ENUMS[kind] and c.op == "eq":
        out.append(M(f"'{c.name}' が {c.operand!r} になることはありません（値: {', '.join(vl.ENUMS[kind])}）。この条件は成り立ちません",
                     f"'{c.name}' is never {c.operand!r} (values: {', '.join(vl.ENUMS[kind])}); the condition can never be true"))
    return out


_ARTICLE_JA = {"int": "整数", "bool": "true/false", "str": "文字列"}


def _article(kind: str) -> str:
    return {"int": "a whole number", "bool": "true or false", "str": "text"}.get(kind, kind)


# ── across regions: a parameter compared with a value it never takes ──────────────────────
def check_parameter_values(sets: dict, col) -> None:
    """``params.x: value`` where no region's rules give x that value can never be true.

    Checked over every region of the procedure together: a base rule for Tokyo's practice
    is rightly never true in ``default``, but a value no region uses is a typo.
    """
    taken: dict[tuple[str, str], set] = {}
    for (procedure, _region), rs in sets.items():
        for name, ps in rs.parameters.items():
            vals = taken.setdefault((procedure, name), set())
            for v in ps.parameter.values:
                if isinstance(v.value, (str, bool)) or v.value is None:
                    vals.add(v.value)
                else:
                    vals.add(object())  # a number or table: not enum-like, nothing to compare
    reported = set()
    for (procedure, _region), rs in sets.items():
        for r in rs.rules:
            for c in cd.comparisons(r.condition):
                if not c.name.startswith("params.") or c.op != "eq" or isinstance(c.operand, cd.Ref):
                    continue
                vals = taken.get((procedure, c.name[7:]))
                if not vals or any(type(v) is object for v in vals) or c.operand in vals:
                    continue
                key = (r.file, r.line, r.id, c.name, repr(c.operand))
                if key in reported:
                    continue
                reported.add(key)
                shown = ", ".join(sorted("null" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in vals))
                col.problems.append(Problem(r.file, r.line, r.id,
                                            M(f"when: '{c.name}' はどの地域でも {c.operand!r} になりません（値: {shown}）。この条件は成り立ちません",
                                              f"when: '{c.name}' is never {c.operand!r} in any region (values: {shown}); the condition can never be true")))


# ── durable_rules' own limits ──────────────────────────────────────────────────────────
def check_engine(book, compile_stage, engine) -> list[Problem]:
    """Build every stage of every rule set in a scratch engine; engine errors name the rule.

    ``compile_stage(rule set, stage)`` and ``engine`` (an object with ``try_register``) are
    passed in: the linter reads loaded rule sets and imports neither the compiler nor durable.
    A stage that fails is rebuilt one rule at a time to find the rule durable rejects; when no
    single rule fails (too many rules in one stage), the stage's first rule is named.
    """
    problems: list[Problem] = []
    seen = set()
    for (procedure, region), rs in book.sets.items():
        nullable = nullable_names(rs)
        for stage in rs.stages:
            too_large = False
            for rule in (r for r in rs.rules if r.spec.stage == stage):
                try:  # each rule alone within durable's limits (a wave is split to fit, a rule cannot be)
                    limits.check(rule.id, exclusive_condition(rs, rule, nullable))
                except limits.TooLarge as e:
                    too_large = True
                    if (rule.file, rule.line, rule.id) not in seen:
                        seen.add((rule.file, rule.line, rule.id))
                        problems.append(Problem(rule.file, rule.line, rule.id, e.msg.prefixed("when: ")))
            if too_large:
                continue
            compiled = compile_stage(rs, stage)
            if not compiled.definition:
                continue
            error = engine.try_register(f"lint.{compiled.name}", compiled.definition)
            if error is None:
                continue
            culprits = []
            for rule_id, definition in compiled.definition.items():
                err = engine.try_register(f"lint.{compiled.name}.{rule_id}", {rule_id: definition})
                if err is not None:
                    culprits.append((rs.by_id[rule_id], err))
            if not culprits:
                first = next(r for r in rs.rules if r.spec.stage == stage)
                culprits = [(first, error)]
            for rule, err in culprits:
                key = (rule.file, rule.line, rule.id)
                if key in seen:
                    continue
                seen.add(key)
                problems.append(Problem(rule.file, rule.line, rule.id,
                                        M(f"durable_rules が段階 '{stage}'（{procedure}/{region}）を組み立てられません: {err}",
                                          f"durable_rules cannot build stage '{stage}' ({procedure}/{region}): {err}")))
    return problems
