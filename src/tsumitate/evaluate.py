"""Case -> result: facts to durable_rules, wave by wave, and the fired rules' conclusions into the result.

Python decides nothing here. For each wave (``rulebook.compile.waves``: the rules whose inputs
are known by then) it sends durable_rules one flat message (the facts, the parameters in force
on ``as_of`` and the earlier conclusions); the rules that fire are applied in stage and
rule-file order, each writing the values its ``then`` names and a reason (rule, code, ja, en,
cite) where its ``record`` says.
"""

from __future__ import annotations

import datetime as dt
from operator import itemgetter
from typing import Any

import msgspec

from .engine import Engine, shared_engine
from .errors import M, RulesError
from .procedures import procedure_of, registry
from . import recalc_case as rc
from .model.case import Case, Procedure
from .results import READERS, reason, skeleton
from .rulebook import cache
from .rulebook import values as vl
from .rulebook.compile import CompiledStage, compile_waves
from .rulebook.durable_limits import TooLarge
from .rulebook.conditions import flat
from .procedures import SCREENING
from .rulebook.load import RuleBook, RuleSet, render_parts, template_parts


class CaseError(ValueError):
    """A case that is valid in shape but that the rules cannot evaluate (unknown court, no parameters)."""

    def __init__(self, field: tuple, message: "M | str"):
        self.field = field
        super().__init__(message)  # a Msg (both languages): pipeline keeps it for the problem line


class Trace(msgspec.Struct):
    """What one procedure's evaluation saw, for ``explain``: per stage, the message and the fired rules."""

    procedure: str
    ruleset: RuleSet
    parameters: dict[str, Any]
    provenance: dict[str, Any]
    stages: list[tuple[str, dict[str, Any], list[str]]]
    view: dict[str, Any]


class Prepared(msgspec.Struct, frozen=True):
    """A case ready for the procedures: recalculated amounts, the recalculations, their facts and result entries."""

    case: Case
    recalculations: tuple
    facts: dict[str, Any]
    entries: list[dict[str, Any]]


class Evaluator:
    """Holds a rule book and its compiled stages; evaluates any number of cases."""

    def __init__(self, book: RuleBook, engine: Engine | None = None):
        self.book = book
        self.engine = engine or shared_engine()
        self._compiled: dict[tuple[str, str], list[CompiledStage]] = {}
        self._keys: dict[str, tuple[tuple[str, str], ...]] = {}
        self._messages: dict[str, tuple[tuple[str, ...], Any]] = {}
        self._readers_at_start: dict[tuple[str, str], dict[str, Any]] = {}
        self._names: dict[tuple[str | None, str], dict[str, dict[str, str | None]]] = {}
        self._conclusions: dict[tuple[str, str], dict[str, _Conclusion]] = {}
        self._param_views: dict[int, tuple[dict, dict[str, Any]]] = {}
        self._ranks: dict[tuple[str, str], tuple[dict[str, int], int]] = {}

    def _waves(self, rs: RuleSet) -> list[CompiledStage]:
        key = (rs.procedure, rs.region)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._cached_waves(rs)  # compiled by an earlier process from the same rules and code
            if compiled is None:
                try:
                    compiled = compile_waves(rs)
                except TooLarge as e:  # a rule beyond durable's limits: refused before any case runs
                    rule = rs.by_id[e.rule_id]
                    raise RulesError.single(rule.file, rule.line, rule.id, e.msg) from None
                if self.book.cacheable:
                    cache.store(self.book.root, self.book.digest, compiled, _waves_part(rs))
            for wave in compiled:
                try:
                    self.engine.ensure(wave.name, wave.definition)
                except Exception as e:  # durable's own limits (e.g. error 113: condition too large)
                    first = rs.by_id[next(iter(wave.definition))]
                    raise RulesError.single(first.file, first.line, wave.stage,
                                            M(f"durable_rules が {rs.procedure}/{rs.region} のルールを組み立てられません: {e}",
                                              f"durable_rules cannot build the {rs.procedure}/{rs.region} rules: {e}")) from None
            self._conclusions[key] = {rule_id: _Conclusion(rule) for rule_id, rule in rs.by_id.items()}
            ranks = self._ranks[key] = _ranks(compiled[0].order if compiled else {})
            for rule_id, conclusion in self._conclusions[key].items():
                conclusion.ranks, conclusion.rank = ranks, ranks[0].get(rule_id, ranks[1])
            self._compiled[key] = compiled
        return compiled

    def _cached_waves(self, rs: RuleSet) -> list[CompiledStage] | None:
        """The rule set's compiled waves as an earlier process kept them (same rules, same code), or None."""
        if not self.book.cacheable:
            return None
        compiled = cache.load(self.book.root, self.book.digest, _waves_part(rs))
        prefix = f"tsumitate.{rs.digest}.{rs.procedure}.{rs.region}."
        if not isinstance(compiled, list) or not all(isinstance(w, CompiledStage) and w.name.startswith(prefix) for w in compiled):
            return None
        return compiled

    def region(self, case: Case) -> str:
        if case.court is None:  # 任意整理 only (the model requires a court otherwise): out of court, no court practice
            return "default"
        region = self.book.region_of(case.court)
        if region is None:
            known = ", ".join(self.book.known_courts())
            raise CaseError(("court",), M(f"不明な裁判所・地域 {case.court!r} です（使えるもの: {known}。東京地裁のような裁判所の日本語名も使えます）",
                                          f"unknown court or region {case.court!r}; known: {known} (or a court's Japanese name, e.g. 東京地裁)"))
        return region

    def prepare(self, case: Case) -> Prepared:
        """The case as the procedures see it: each transaction history recalculated to ``as_of``
        (its amount replaced by principal + unpaid interest), with the facts about 過払金."""
        recalcs: tuple = ()
        if rc.has_transactions(case):
            try:
                recalcs = rc.recalculate_debts(case, self.book.recalculation, case.as_of or dt.date.today())
            except rc.RecalcFailure as e:
                raise CaseError(e.field, e.msg) from None
        facts = rc.facts(recalcs, self.book.recalculation, case.as_of or dt.date.today())
        return Prepared(rc.with_amounts(case, recalcs), recalcs, facts,
                        [rc.result_entry(r) for r in recalcs])

    def evaluate(self, case: Case, traces: list[Trace] | None = None, prepared: Prepared | None = None) -> dict[str, Any]:
        """``prepared``: what ``prepare(case)`` gave, when the caller already has it (the pipeline keeps it)."""
        region = self.region(case)
        as_of = case.as_of or dt.date.today()
        prepared = prepared or self.prepare(case)
        case = prepared.case
        if case.procedure is not Procedure.auto:
            return self._run(case, case.procedure.value, region, as_of, traces, prepared)
        evaluations = [self._run(case, p, region, as_of, traces, prepared) for p in registry()]
        return self._screen(case, region, as_of, evaluations, traces)

    def _parameters(self, rs: RuleSet, as_of: dt.date):
        try:
            return rs.parameters_at(as_of)
        except LookupError as e:
            raise CaseError(("as_of",), e.args[0]) from None

    def _fire_waves(self, rs: RuleSet, view: dict[str, Any], result: dict[str, Any], trace: list | None) -> list[str]:
        """Send each wave's message to durable and apply the rules that fired, in stage and file order."""
        fired_all: list[str] = []
        key = (rs.procedure, rs.region)
        # Conclusions later waves may read (_apply keeps them current). They start as the
        # skeleton's decided fields, which are the same for every case (null, or false for
        # commissioner.appointed): read from the first result, then copied.
        start = self._readers_at_start.get(key)
        if start is None:
            start = self._readers_at_start[key] = readers_of(result)
        view.update(start)
        waves = self._waves(rs)
        conclusions = self._conclusions[key]
        rank = self._ranks[key][0]
        sent: list[tuple[CompiledStage, dict]] = []
        for wave in waves:
            message = self._message(wave, view)
            fired = self.engine.fire(wave.name, message)
            if len(fired) > 1:
                fired.sort(key=rank.__getitem__)
            for rule_id in fired:
                _apply(conclusions[rule_id], result, view)
            fired_all.extend(fired)
            if trace is not None:
                sent.append((wave, message))
        if len(waves) > 1:  # list rules stage by stage, in file order (_apply keeps each reason list so)
            fired_all.sort(key=rank.__getitem__)
        if trace is not None:  # per stage, as the rule authors wrote them (explain reads this)
            for stage in rs.stages:
                merged: dict[str, Any] = {}
                for wave, message in sent:
                    if any(rs.by_id[r].spec.stage == stage for r in wave.definition):
                        merged.update(message)
                if merged:
                    merged["stage"] = stage
                    trace.append((stage, merged, [r for r in fired_all if rs.by_id[r].spec.stage == stage]))
        return fired_all

    def _params_view(self, params: dict[str, Any]) -> dict[str, Any]:
        """The scalar parameters as the rules name them (``params.<name>``), built once per parameter set.

        ``RuleSet.parameters_at`` returns the same dict for the same rule set and date, so the
        dict itself (kept alive here, so its id is not reused) is the key.
        """
        cached = self._param_views.get(id(params))
        if cached is None or cached[0] is not params:
            if len(self._param_views) >= 256:  # many as_of dates: stay bounded
                self._param_views.clear()
            cached = self._param_views[id(params)] = (
                params, {"params." + k: v for k, v in params.items() if not isinstance(v, (list, dict))})
        return cached[1]

    def _place_names(self, court: str | None, region: str) -> dict[str, dict[str, str | None]]:
        """``RuleBook.place_names``, worked out once per court and region; each result gets its own copies."""
        names = self._names.get((court, region))
        if names is None:
            if len(self._names) >= 256:  # court names come from case files: stay bounded
                self._names.clear()
            names = self._names[(court, region)] = self.book.place_names(court, region)
        return {key: dict(value) for key, value in names.items()}

    def _message(self, wave: CompiledStage, view: dict[str, Any]) -> dict[str, Any]:
        """The wave's message: each name it reads (flattened, as the rules say it) with its value in ``view``, then the stage.

        Every name a rule reads is a fact, a scalar parameter or a readable conclusion, all in
        the view, so one ``itemgetter`` takes the values; a name not there (none is expected)
        falls back to ``message_plain``, which sends null for it.
        """
        prepared = self._messages.get(wave.name)
        if prepared is None:
            pairs = self._message_keys(wave)
            names = [name for _, name in pairs]
            getter = (lambda view: ()) if not names else itemgetter(*names) if len(names) > 1 else (lambda view, n=names[0]: (view[n],))
            prepared = self._messages[wave.name] = (tuple(key for key, _ in pairs), getter)
        keys, getter = prepared
        try:
            message = dict(zip(keys, getter(view)))
        except KeyError:
            return self.message_plain(wave, view)
        message["stage"] = wave.stage
        return message

    def message_plain(self, wave: CompiledStage, view: dict[str, Any]) -> dict[str, Any]:
        """The plain way to build a wave's message (``_message`` gives the same dict)."""
        message = {key: view.get(name) for key, name in self._message_keys(wave)}
        message["stage"] = wave.stage
        return message

    def _message_keys(self, compiled: CompiledStage) -> tuple[tuple[str, str], ...]:
        keys = self._keys.get(compiled.name)
        if keys is None:
            keys = self._keys[compiled.name] = tuple((flat(n), n) for n in compiled.reads)
        return keys

    def _run(self, case: Case, procedure: str, region: str, as_of: dt.date, traces, prepared: Prepared) -> dict[str, Any]:
        rs = self.book.ruleset(procedure, region)
        params, provenance = self._parameters(rs, as_of)
        spec = procedure_of(procedure)
        facts = spec.build(case, params)
        facts.update(prepared.facts)
        view = facts  # build made it for this run; the parameters and conclusions join under their own names
        view.update(self._params_view(params))
        result = skeleton(case, procedure, region, as_of, facts, spec.result_fields, self._place_names(case.court, region))
        if prepared.entries:  # most cases have no history: the skeleton's empty list stays
            result["recalculation"] = [dict(entry) for entry in prepared.entries]
        stage_trace: list | None = [] if traces is not None else None
        result["fired_rules"] = self._fire_waves(rs, view, result, stage_trace)
        if traces is not None:
            traces.append(Trace(procedure, rs, params, provenance, stage_trace, view))
        return result

    def _screen(self, case, region, as_of, evaluations, traces) -> dict[str, Any]:
        """Procedure ``auto``: the screening rules choose the recommendation from every procedure's result."""
        rs = self.book.ruleset(SCREENING, region)
        params, provenance = self._parameters(rs, as_of)
        procedures = registry()
        view: dict[str, Any] = {f"{procedures[e['procedure']].short}_status": e["feasibility"]["status"] for e in evaluations}
        view.update(self._params_view(params))
        screening: dict[str, Any] = {"recommendation": None, "recommendation_reasons": []}
        stage_trace: list | None = [] if traces is not None else None
        fired = self._fire_waves(rs, view, screening, stage_trace)
        if traces is not None:
            traces.append(Trace(SCREENING, rs, params, provenance, stage_trace, view))
        shown = next((e for e in evaluations if e["procedure"] == screening["recommendation"]), evaluations[-1])
        out = dict(shown)
        out["recommendation"] = screening["recommendation"]
        out["recommendation_reasons"] = screening["recommendation_reasons"]
        out["evaluations"] = evaluations
        # Like every top-level field, the recommended procedure's rules, then the screening's; the
        # other procedure's are in its own evaluation (a common rule fires in both: listing both
        # here would name it twice in one list).
        out["fired_rules"] = list(shown["fired_rules"]) + fired
        return out


def _ranks(order: dict[str, tuple[int, int]]) -> tuple[dict[str, int], int]:
    """Each rule's place in ``order`` (stage, file position) as one integer, and the place of a rule not in it.

    Fired rules and reasons are sorted by it for every case: integers compare faster than the
    (stage, position) pairs and give the same order (the pairs are distinct). A reason of an
    unknown rule sorted as (0, 0): beside the first rule if that one is (0, 0), else before it.
    """
    rank = {rule_id: i for i, rule_id in enumerate(sorted(order, key=order.__getitem__))}
    return rank, (0 if (0, 0) in order.values() else -1)


def _waves_part(rs: RuleSet) -> str:
    return f"waves/{rs.procedure}/{rs.region}"


def readers_of(result: dict[str, Any]) -> dict[str, Any]:
    """The readable conclusions (``READERS``) as they stand in ``result``, by dotted path (null where absent)."""
    return {path: _get_parts(result, parts) for path, parts in _READER_PARTS}


def _get_parts(result: dict[str, Any], parts) -> Any:
    node: Any = result
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


_RECORD_LIST = {
    "feasibility": ("feasibility", "reasons"),
    "test": ("test", "reasons"),
    "deposit": ("deposit", "reasons"),
    "refund": ("refund", "reasons"),
    "advice": ("advice",),
    "warning": ("warnings",),
    "recommendation": ("recommendation_reasons",),
}


_READER_SET = frozenset(READERS)
_READER_PARTS = tuple((path, tuple(path.split("."))) for path in READERS)
_UNDER: dict[str, tuple[str, ...]] = {}


def _readers_under(path: str) -> tuple[str, ...]:
    """Readable conclusions inside an object a rule sets whole (``commissioner`` -> ``commissioner.appointed``)."""
    found = _UNDER.get(path)
    if found is None:
        found = _UNDER[path] = tuple(r for r in READERS if r.startswith(path + "."))
    return found


class _Conclusion:
    """One rule's ``then``, ``record`` and texts, prepared once per rule (paths split, values compiled, texts split).

    What ``_apply`` does for every fired rule of every case is decided here once: a literal
    value (most ``then`` values) is kept as it is rather than behind a function, a text without
    placeholders is kept as its one string, and a reason's list is reached through the keys above it.
    """

    __slots__ = ("sets", "record", "ja", "en", "ja_fixed", "en_fixed", "rule", "code", "cite", "rank", "ranks")

    def __init__(self, rule):
        spec = rule.spec
        sets = []
        for path, value in spec.then.items():
            *parents, leaf = path.split(".")
            # keep the view of readable conclusions current: later stages read them, and later
            # rules' texts of the same stage may quote them (None: the path itself is one)
            readers = None if path in _READER_SET else tuple((r, tuple(r.split("."))) for r in _readers_under(path))
            # a literal scalar is the same value for every case: no function to call (None marks it)
            literal = not isinstance(value, (dict, list))
            sets.append((tuple(parents), leaf, None if literal else vl.compile_value(value), value if literal else None,
                         path, readers))
        self.sets = tuple(sets)
        target = _RECORD_LIST.get(spec.record)
        self.record = None if target is None else (target[:-1], target[-1])  # (the objects above the list, the list's key)
        self.ja, self.en = template_parts(spec.ja), template_parts(spec.en)
        # a text without placeholders is its one literal (what render_parts gives for it)
        self.ja_fixed = self.ja[0][0] if len(self.ja) == 1 else None
        self.en_fixed = self.en[0][0] if len(self.en) == 1 else None
        self.rule, self.code, self.cite = spec.id, spec.code, spec.cite
        # its place among the rule set's rules, and every rule's (``Evaluator._ranks``): set with the waves
        self.rank: int = 0
        self.ranks: tuple[dict[str, int], int] = ({}, 0)


def _apply(rule: _Conclusion, result: dict[str, Any], view: dict[str, Any]) -> None:
    """Write one fired rule's conclusions into the result (and the view), then its reason.

    ``values.assign_at`` and ``results.reason`` written out in place: this runs for every fired
    rule of every case (about 17 a case). The reason goes into its list in stage and file order
    (a later wave's rule may come earlier in the files), so no list is sorted after the waves.
    ``_apply_plain`` is the same through them, appending then sorting (a test compares both on
    every scenario).
    """
    for parents, leaf, value_of, literal, path, readers in rule.sets:
        value = literal if value_of is None else value_of(view)
        node = result
        for part in parents:
            node = node[part]
        if value.__class__ is _Append:
            items = node[leaf]
            if value.value not in items:
                items.append(value.value)
        else:
            node[leaf] = value
        if readers is None:
            view[path] = value
        else:
            for reader, parts in readers:
                view[reader] = _get_parts(result, parts)
    target = rule.record
    if target is not None:
        parents, key = target
        node = result
        for part in parents:
            node = node[part]
        ja, en = rule.ja_fixed, rule.en_fixed
        entry = {"rule": rule.rule, "code": rule.code,
                 "ja": render_parts(rule.ja, view) if ja is None else ja,
                 "en": render_parts(rule.en, view) if en is None else en,
                 "cite": rule.cite}
        items = node.get(key)
        if items is None:
            node[key] = [entry]
        else:  # in stage and file order: after every reason of a rule not later than this one
            rank, (ranks, unknown) = rule.rank, rule.ranks
            at = len(items)
            while at and ranks.get(items[at - 1]["rule"], unknown) > rank:
                at -= 1
            items.insert(at, entry)


def _apply_plain(rule: _Conclusion, result: dict[str, Any], view: dict[str, Any]) -> None:
    """``_apply`` through ``values.assign_at``, ``values.resolve`` and ``results.reason``, each text rendered."""
    for parents, leaf, value_of, literal, path, readers in rule.sets:
        value = vl.resolve(literal, view) if value_of is None else value_of(view)
        vl.assign_at(result, parents, leaf, value)
        if readers is None:
            view[path] = value
        else:
            for reader, parts in readers:
                view[reader] = _get_parts(result, parts)
    target = rule.record
    if target is not None:
        parents, key = target
        node = result
        for part in parents:
            node = node[part]
        items = node.setdefault(key, [])
        items.append(reason(rule.rule, rule.code, render_parts(rule.ja, view), render_parts(rule.en, view), rule.cite))
        ranks, unknown = rule.ranks
        items.sort(key=lambda r: ranks.get(r["rule"], unknown))  # stage and file order


_Append = vl.APPEND
