"""Read a rules directory into a ``RuleBook``: courts, parameters and rule sets per procedure and region.

Layout (see ``rules/README.md``)::

    rules/courts.yaml                      court id -> region
    rules/common.yaml                      parameters every procedure shares (statutory limits)
    rules/screening.yaml                   procedure ``auto``: which procedure to recommend
    rules/<procedure>/base.yaml            stages, parameters and rules of the procedure
    rules/<procedure>/<region>.yaml        a region's overrides and additions (``extends:`` another region)

A region file replaces a base rule of the same id only when it says ``override: true``, and
adds new rules before ``before:`` (or at the end). Everything is checked when the directory is
loaded, so a broken rule set is reported (file, line, rule id) before any case is evaluated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from ..errors import InputError, M, Msg, Problem, RulesError
from ..procedures import SCREENING, procedure_names
from ..sources import Source, from_bytes as source_from_bytes, read_bytes
from ..model.validation import validate
from . import conditions as cd
from . import cache
from .texts import PLACEHOLDER, placeholders, render, render_parts, template_parts  # noqa: F401 (public here too)
from .recalc_parameters import load_recalc_parameters
from .schema import CourtsFile, Parameter, RuleFile, RuleSpec


def default_rules_dir() -> Path:
    """The rules shipped with the package (wheel) or, in a source checkout, the repo's ``rules/``."""
    here = Path(__file__).resolve().parent.parent
    shipped = here / "rules"
    if (shipped / "courts.yaml").exists():
        return shipped
    return here.parent.parent / "rules"


@dataclass(frozen=True)
class Rule:
    """A rule as loaded: its spec, where it was written, and its parsed condition."""

    spec: RuleSpec
    file: str
    line: int | None
    condition: cd.Cond
    procedure: str
    region: str | None  # None: the procedure's base set

    @property
    def id(self) -> str:
        return self.spec.id

    def __getstate__(self):
        """Pickled (the rule-book cache) without its condition tree, the same as ``spec.when`` parsed
        again: evaluation reads compiled waves, and explain or ``rules show`` parse it when first read."""
        state = dict(self.__dict__)
        state.pop("condition", None)
        return state

    def __setstate__(self, state):
        """Read back from the cache as pickled. Without it pickle looks up ``__setstate__`` on every
        rule, reaches ``__getattr__`` and gets an AttributeError to catch: 0.4 of the 1.1 ms that
        unpickling one procedure's rule sets (some 600 rules) takes at every start."""
        self.__dict__.update(state)

    def __getattr__(self, name):  # only for what the instance lacks: the condition of a rule read back
        if name != "condition":
            raise AttributeError(name)
        condition = cd.parse(self.spec.when)  # it was parsed without error when the book was built
        object.__setattr__(self, "condition", condition)
        return condition


class ParamSource(msgspec.Struct, frozen=True):
    """A parameter as a rule set sees it: its dated values, and the file and line that give them."""

    name: str
    parameter: Parameter
    file: str
    line: int | None


@dataclass
class RuleSet:
    """The effective rules of one procedure in one region, in evaluation order."""

    procedure: str
    region: str
    stages: tuple[str, ...]
    rules: tuple[Rule, ...]
    parameters: dict[str, ParamSource]
    digest: str
    # The files that give this set parameters, in the order they apply: (``base``, ``common`` or
    # the region file's region, file, line of its ``parameters:``, {parameter: line}); the linter
    # names a misspelt or missing parameter at the file and line where it is (not) written.
    declared: tuple = ()
    by_id: dict[str, Rule] = field(init=False)

    def __post_init__(self):
        self.by_id = {r.id: r for r in self.rules}
        # Interval lookup: the values in force change only on the dates some value starts
        # (``since``), so every day between two such dates sees the same parameters. A day is
        # mapped to its interval by bisection and each interval is worked out once: a year of
        # distinct as_of dates costs a handful of computations, and memory is bounded by the
        # number of dated values, not by the number of dates seen.
        self._starts = sorted({v.starts for ps in self.parameters.values() for v in ps.parameter.values})  # no known start: date.min
        self._by_interval: dict[int, tuple] = {}

    def parameters_at(self, day: dt.date) -> tuple[dict[str, Any], dict[str, tuple[ParamSource, Any]]]:
        """Values in force on ``day`` and, per name, where each came from (for explanations)."""
        interval = bisect_right(self._starts, day)  # how many value start dates are on or before ``day``
        found = self._by_interval.get(interval)
        if found is None:
            if interval == 0:  # before every value: nothing in force (the error names the parameters)
                return self._parameters_at(day)
            try:
                found = self._parameters_at(self._starts[interval - 1])
            except LookupError:  # some parameter not yet in force: the message names ``day``, not the interval
                return self._parameters_at(day)
            self._by_interval[interval] = found
        return found

    def _parameters_at(self, day: dt.date):
        values: dict[str, Any] = {}
        used: dict[str, tuple[ParamSource, Any]] = {}
        missing = []
        for name, ps in self.parameters.items():
            current = ps.parameter.in_force(day)
            if current is None:
                missing.append(name)
                continue
            values[name] = current.value
            used[name] = (ps, current)
        if missing:
            first = min(v.starts for n in missing for v in self.parameters[n].parameter.values)
            names = ", ".join(sorted(missing))
            raise LookupError(M(f"{day} の時点で有効なパラメータ {names} の値がありません（最も古い値は {first} から）",
                                f"no value in force on {day} for parameter(s) {names} (earliest value from {first})"))
        return values, used

    def group_members(self, rule: Rule) -> list[Rule]:
        if rule.spec.group is None:
            return [rule]
        return [r for r in self.rules if r.spec.stage == rule.spec.stage and r.spec.group == rule.spec.group]


class _PackedSets(Mapping):
    """The rule sets of a book read back from the cache, unpickled one procedure at a time, when first read.

    Why: the cache holds every procedure in every region (some 50 rule sets, about 8 ms to
    unpickle together) while a case of one procedure reads that procedure's sets only. Each
    procedure's sets are pickled apart, inside the book's own cache file (so under its checks);
    reading any of them unpacks that procedure's. The keys, and their order, are the loader's.
    """

    def __init__(self, keys: tuple, packed: dict[str, bytes]):
        self._keys = keys
        self._known = frozenset(keys)
        self._packed = packed  # procedure -> its sets, pickled
        self._sets: dict[tuple[str, str], RuleSet] = {}

    @classmethod
    def pack(cls, sets: Mapping) -> "_PackedSets":
        if isinstance(sets, cls):
            return sets
        groups: dict[str, dict] = {}
        for key, rs in sets.items():
            groups.setdefault(key[0], {})[key] = rs
        return cls(tuple(sets), {p: pickle.dumps(g, protocol=pickle.HIGHEST_PROTOCOL) for p, g in groups.items()})

    def __getitem__(self, key):
        found = self._sets.get(key)
        if found is None:
            if key not in self._known:
                raise KeyError(key)
            self._sets.update(pickle.loads(self._packed[key[0]]))
            found = self._sets[key]
        return found

    def __contains__(self, key) -> bool:
        return key in self._known

    def __iter__(self):
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __reduce__(self):
        return _PackedSets, (self._keys, self._packed)


@dataclass
class RuleBook:
    """A checked rules directory: courts, regions, a rule set per procedure and region, the recalculation's figures."""

    root: Path
    digest: str
    regions: dict[str, str]
    courts: dict[str, Any]
    sets: Mapping[tuple[str, str], RuleSet]  # a dict; read back from the cache, a _PackedSets
    recalculation: Any = None  # RecalcParameters from recalculation.yaml (None: the directory has none)
    # Kept in the on-disk cache under its digest (every file it was built from is in the digest):
    # what is derived from it (the compiled rule sets) may be kept there too.
    cacheable: bool = False
    _ja: dict[str, str] | None = field(default=None, init=False, repr=False)  # Japanese court names -> id

    def region_of(self, court: str) -> str | None:
        """Region of a court id (``sapporo``), a region id (``default``) or a court's Japanese name.

        Lawyers write 東京地方裁判所, 東京地裁 or 東京 as often as ``tokyo``: those come from
        ``name_ja`` in courts.yaml, so they are data too.
        """
        if court in self.courts:
            return self.courts[court].region
        if court in self.regions:
            return court
        cid = self._japanese_names().get(court.strip()) or self._branch_court(court)
        return self.courts[cid].region if cid else None

    def _branch_court(self, court: str) -> str | None:
        """The district court of a branch as lawyers write it: 東京地方裁判所立川支部, 大阪地裁堺支部, 堺支部.

        Only branches listed under ``branches`` in courts.yaml are known (a misspelt branch is an
        unknown court, not silently its district court).
        """
        name = re.sub(r"\s+", "", court)
        if not name.endswith("支部"):
            return None
        stem = name[: -len("支部")]
        found = None
        for cid, c in self.courts.items():
            for branch in c.branches:
                if not stem.endswith(branch):
                    continue
                prefix = stem[: -len(branch)]
                if prefix in ("", c.name_ja, c.name_ja.replace("地方裁判所", "地裁"), c.name_ja.replace("地方裁判所", "")):
                    if prefix == "" and found not in (None, cid):
                        return None  # the same branch name under two courts: ambiguous without the court
                    found = cid
        return found

    def _japanese_names(self) -> dict[str, str]:
        names = self._ja
        if names is None:
            names = {}
            for cid, c in self.courts.items():
                full = c.name_ja
                for alias in (full, full.replace("地方裁判所", "地裁"), full.replace("地方裁判所", "")):
                    names.setdefault(alias, cid)
            self._ja = names
        return names

    def place_names(self, court: str | None, region: str) -> dict[str, dict[str, str | None]]:
        """``court_name`` and ``region_name`` in Japanese and English, from courts.yaml (what a person reads).

        The court as the case names it when it is a court (its id or Japanese name); a region id
        used as the court (``default``) has no court name (null). The region's name is the first
        phrase of its description in courts.yaml (東京地裁の運用).
        """
        if court is None:  # 任意整理 written without a court: settled out of court
            return {"court_name": {"ja": None, "en": None},
                    "region_name": {"ja": "裁判外（任意整理）", "en": "out of court (voluntary arrangement)"}}
        cid = court if court in self.courts else self._japanese_names().get(court.strip())
        if cid is None:
            cid = self._branch_court(court)
        c = self.courts.get(cid) if cid else None
        branch = c is not None and court.strip().endswith("支部")
        ja = (court.strip() if branch else c.name_ja) if c is not None else None
        en = (f"{c.name_en} ({court.strip()})" if branch else c.name_en) if c is not None else None
        described = self.regions.get(region, region)
        short = re.split(r"[（(—]", described, maxsplit=1)[0].strip() or region
        home = self.courts.get(region)
        en_region = f"{home.name_en} practice" if home is not None and home.name_en else (
            "most district courts (no test, no commissioner)" if region == "default" else region)
        return {"court_name": {"ja": ja, "en": en},
                "region_name": {"ja": short, "en": en_region}}

    def known_courts(self) -> list[str]:
        return sorted(set(self.courts) | set(self.regions))

    def ruleset(self, procedure: str, region: str) -> RuleSet:
        return self.sets[(procedure, region)]

    def __getstate__(self):
        """As the cache keeps it: each procedure's rule sets packed apart (``_PackedSets``)."""
        state = dict(self.__dict__)
        state["sets"] = _PackedSets.pack(self.sets)
        return state

    def all_rules(self) -> dict[str, Rule]:
        """Every distinct rule (base and region variants) by id, in file order."""
        out: dict[str, Rule] = {}
        for rs in self.sets.values():
            for r in rs.rules:
                out.setdefault(r.id, r)
        return out


class _Collector:
    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, source: Source | str, path: tuple, field: str, message: Msg):
        if isinstance(source, Source):
            self.problems.append(Problem(source.path, source.line_of(path), field, message))
        else:
            self.problems.append(Problem(source, None, field, message))


class _Files:
    """Every file of a rules directory the loader uses, each read once through the checked reader.

    Only ``*.yaml`` at the top and in the folders directly under it are listed (procedures,
    ``shared/``; nothing deeper unless an ``include`` names it), and each is read with ``sources.read_bytes``: regular files only,
    at most ``MAX_FILE_BYTES``, a FIFO never blocks. A FIFO, a device (a symlink to /dev/zero),
    a folder named ``x.yaml`` or an oversized file is one problem line; the digest that names
    the compiled rulesets is computed from the same bytes the rules are parsed from.
    """

    def __init__(self, root: Path, col: _Collector):
        self.root = root
        self.raw: dict[Path, bytes] = {}
        self.refused: set[Path] = set()
        self.unlisted = False  # a file outside the listing was read (an include deeper down): not cached
        for path in self._listed(root):
            self._read(path, col)

    def _read(self, path: Path, col: _Collector) -> None:
        try:
            self.raw[path] = read_bytes(path, what="a rule file")
        except InputError as e:
            self.refused.add(path)
            col.problems.extend(e.problems)

    @staticmethod
    def _listed(root: Path) -> list[Path]:
        """``*.yaml`` at the top and in each folder directly under it (procedures, ``shared/``)."""
        folders = [root]
        try:
            with os.scandir(root) as it:
                folders += sorted(root / e.name for e in it if e.is_dir() and not e.name.startswith("."))
        except OSError:
            pass
        out = []
        for where in folders:
            try:
                with os.scandir(where) as it:
                    names = sorted(e.name for e in it if e.name.endswith(".yaml"))
            except OSError:
                continue  # an unreadable folder: its files are reported missing where they are needed
            out += [where / n for n in names]
        return out

    def exists(self, path: Path) -> bool:
        return path in self.raw or path in self.refused

    def in_folder(self, folder: Path) -> list[Path]:
        return [p for p in list(self.raw) + sorted(self.refused) if p.parent == folder]

    def digest(self) -> str:
        h = hashlib.sha256()
        for path in sorted(self.raw, key=lambda p: p.relative_to(self.root).as_posix()):
            h.update(path.relative_to(self.root).as_posix().encode() + b"\0" + self.raw[path])
        return h.hexdigest()[:12]

    def load(self, path: Path, model, col: _Collector):
        if path not in self.raw and path not in self.refused and path.parent != self.root and path.parent.parent != self.root:
            self.unlisted = True  # an include deeper than the listing: read now, through the same reader
            self._read(path, col)
        if path in self.refused:
            return None, None  # already reported by the reader
        raw = self.raw.get(path)
        if raw is None:
            col.add(str(path), (), "-", M("ファイルがありません", "no such file"))
            return None, None
        try:
            src = source_from_bytes(raw, str(path), many_lines=True)  # every rule and parameter keeps its line
            data = validate(model, src.data, src, what="rule file")
        except InputError as e:
            col.problems.extend(e.problems)
            return None, None
        if isinstance(data, RuleFile):
            from . import lint

            lint.check_parameters(src, data, col)
        return src, data


def load_rulebook(root: str | Path | None = None) -> RuleBook:
    """Load and check a rules directory; ``RulesError`` lists every problem found."""
    root = Path(root) if root is not None else default_rules_dir()
    col = _Collector()
    if not root.is_dir():
        raise RulesError.single(str(root), None, "-", M("ルールのフォルダがありません", "rules directory not found") if not root.exists()
                               else M("フォルダではありません", "not a directory"))
    if not (root / "courts.yaml").is_file():  # not a rules directory (--rules /): one line, nothing listed
        raise RulesError.single(str(root / "courts.yaml"), None, "-", M("ファイルがありません", "no such file"))
    files = _Files(root, col)
    digest = files.digest()
    _load_file = files.load
    book = cache.load(root, digest) if not col.problems else None  # built before from these exact bytes by this exact code
    if book is not None:
        return book
    from . import lint  # only here: a book read back from the cache was checked when it was built

    courts_src, courts = _load_file(root / "courts.yaml", CourtsFile, col)
    common_src, common = _load_file(root / "common.yaml", RuleFile, col) if files.exists(root / "common.yaml") else (None, RuleFile())
    if col.problems:
        raise RulesError(col.problems)
    for cid, court in courts.courts.items():
        if court.region not in courts.regions:
            col.add(courts_src, ("courts", cid, "region"), cid, M(f"不明な地域 '{court.region}' です（地域: {', '.join(courts.regions)}）",
                                                                   f"unknown region '{court.region}' (regions: {', '.join(courts.regions)})"))

    common_params = {n: ParamSource(n, p, common_src.path if common_src else "", common_src.line_of(("parameters", n)) if common_src else None)
                     for n, p in common.parameters.items()}
    common_decl = _declared("common", common_src, common)
    sets: dict[tuple[str, str], RuleSet] = {}
    layouts = [(p, root / p) for p in procedure_names()] + [(SCREENING, root)]
    for procedure, folder in layouts:
        if procedure == SCREENING:
            base_path = root / "screening.yaml"
        else:
            base_path = folder / "base.yaml"
        if not files.exists(base_path):
            col.add(str(base_path), (), "-", M(f"{procedure} のルールセットがありません", f"missing: the {procedure} rule set"))
            continue
        base_src, base = _load_file(base_path, RuleFile, col)
        if base is None:
            continue
        if procedure != SCREENING and base.procedure != procedure:
            col.add(base_src, ("procedure",), "procedure", M(f"'{procedure}' のはずですが {base.procedure!r} と書かれています", f"expected '{procedure}', got {base.procedure!r}"))
        includes = _load_includes(root, base_src, base, col, _load_file)
        region_files: dict[str, tuple[Source, RuleFile]] = {}
        if procedure != SCREENING:
            for p in files.in_folder(folder):
                if p.name == "base.yaml":
                    continue
                src, rf = _load_file(p, RuleFile, col)
                if rf is None:
                    continue
                name = p.stem
                if rf.region != name:
                    col.add(src, ("region",), "region", M(f"地域ファイルには地域名を書きます（'region: {name}' のはずです）", f"a region file names its region; expected 'region: {name}'"))
                if name not in courts.regions:
                    col.add(src, ("region",), "region", M(f"不明な地域 '{name}' です（courts.yaml の地域: {', '.join(courts.regions)}）",
                                                         f"unknown region '{name}' (regions in courts.yaml: {', '.join(courts.regions)})"))
                region_files[name] = (src, rf)
            # A folder with region files must have one for every region courts.yaml names: a
            # missing file would silently apply another region's practice to that court.
            for region in courts.regions if region_files else ():
                if region not in region_files:
                    col.add(courts_src, ("regions", region), region,
                            M(f"地域 '{region}' のルールファイル {procedure}/{region}.yaml がありません"
                              f"（'region: {region}' と 'extends: default' だけのファイルで足ります）",
                              f"region '{region}' has no rule file {procedure}/{region}.yaml "
                              f"(a file with 'region: {region}' and 'extends: default' is enough)"))
        for region in courts.regions:
            chain = _region_chain(region, region_files, col) if procedure != SCREENING else []
            common_rules = (common_src, common) if procedure != SCREENING and common_src is not None else None
            rs = _build(procedure, region, base_src, base, chain, common_params, common_rules, common_decl, digest, col, includes)
            if rs is not None:
                sets[(procedure, region)] = rs
    # A misspelt or missing region parameter is one problem at the region file's line; the rules
    # that read it are then not reported again (base.yaml is not where the mistake is).
    reported = lint.check_region_parameters(sets, col)
    for key, rs in sets.items():
        lint.check_ruleset(rs, col, reported.get(key, frozenset()))
    lint.check_parameter_values(sets, col)
    recalculation = load_recalc_parameters(root, col, _load_file)
    if col.problems:
        raise RulesError(_dedupe(col.problems))
    book = RuleBook(root=root, digest=digest, regions=dict(courts.regions), courts=dict(courts.courts), sets=sets,
                    recalculation=recalculation, cacheable=not files.unlisted)
    if book.cacheable:
        cache.store(root, digest, book)
    return book


def _load_includes(root: Path, base_src: Source, base: RuleFile, col: _Collector, load_file) -> list[tuple[Source, RuleFile, str]]:
    """A base set's shared rule files: inside the rules directory, holding rules and nothing else."""
    out = []
    for k, inc in enumerate(base.include):
        where = ("include", k, "file")
        path = (root / inc.file).resolve()
        if not path.is_relative_to(root.resolve()) or path.suffix != ".yaml":
            col.add(base_src, where, "include", M(f"'{inc.file}' はルールディレクトリ内の .yaml ファイルではありません", f"'{inc.file}' is not a .yaml file inside the rules directory"))
            continue
        path = root / inc.file  # as listed (the resolved path only checks that it stays inside)
        if not path.is_file():
            col.add(base_src, where, "include", M(f"'{inc.file}' がルールディレクトリにありません", f"'{inc.file}' not found in the rules directory"))
            continue
        src, rf = load_file(path, RuleFile, col)
        if rf is None:
            continue
        extra = [key for key in ("procedure", "region", "extends", "stages") if getattr(rf, key)] + \
                (["parameters"] if rf.parameters else []) + (["include"] if rf.include else [])
        if extra:
            col.add(src, (extra[0],), extra[0], M("共有ルールファイルにはルールだけを書きます（段階とパラメータは基本ルールセットに書きます）",
                                                  "a shared rule file holds rules only (stages and parameters belong to the base set)"))
            continue
        out.append((src, rf, inc.id_prefix))
    return out


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def _region_chain(region: str, files: dict[str, tuple[Source, RuleFile]], col: _Collector) -> list[tuple[str, Source, RuleFile]]:
    """The region files that apply, most general first: ``default`` unless the region has its own."""
    name = region if region in files else ("default" if "default" in files else None)
    chain = []
    seen = set()
    while name is not None:
        if name in seen:
            src = files[name][0]
            col.add(src, ("extends",), "extends", M(f"'extends' が '{name}' に戻って循環しています", f"'extends' loops back to '{name}'"))
            break
        seen.add(name)
        if name not in files:
            break
        src, rf = files[name]
        chain.insert(0, (name, src, rf))
        if rf.extends is not None and rf.extends not in files:
            col.add(src, ("extends",), "extends", M(f"extends の地域ファイル '{rf.extends}' がありません", f"extends unknown region file '{rf.extends}'"))
            break
        name = rf.extends
    return chain


def _declared(label: str, src: Source | None, rf: RuleFile) -> tuple:
    if src is None:
        return (label, "", None, {})
    top = src.line_of(("parameters",)) or src.line_of(("region",)) or 1
    return (label, src.path, top, {n: src.line_of(("parameters", n)) for n in rf.parameters})


def _build(procedure, region, base_src, base, chain, common_params, common_rules, common_decl, digest, col, includes=()) -> RuleSet | None:
    stages = tuple(base.stages or ())
    if not stages:
        col.add(base_src, ("stages",), "stages", M("基本ルールセットには段階（stages）を評価順に書きます", "the base rule set must list its stages in evaluation order"))
        return None
    params = dict(common_params)
    params.update({n: ParamSource(n, p, base_src.path, base_src.line_of(("parameters", n))) for n, p in base.parameters.items()})
    declared = [common_decl, _declared("base", base_src, base)]
    rules: list[Rule] = []
    _add_rules(rules, base_src, base, procedure, None, col)
    for shared_src, shared, prefix in includes:
        _add_rules(rules, shared_src, shared, procedure, None, col, id_prefix=prefix)
    if common_rules is not None:
        _add_rules(rules, common_rules[0], common_rules[1], procedure, None, col)
    for name, src, rf in chain:
        params.update({n: ParamSource(n, p, src.path, src.line_of(("parameters", n))) for n, p in rf.parameters.items()})
        declared.append(_declared(name, src, rf))
        if rf.stages:
            col.add(src, ("stages",), "stages", M("段階（stages）を書けるのは基本ルールセットだけです", "only the base rule set lists stages"))
        _add_rules(rules, src, rf, procedure, name, col)
    return RuleSet(procedure=procedure, region=region, stages=stages, rules=tuple(rules), parameters=params,
                   digest=digest, declared=tuple(declared))


def _add_rules(rules: list[Rule], src: Source, rf: RuleFile, procedure: str, region: str | None, col: _Collector,
               id_prefix: str = ""):
    ids_here: set[str] = set()
    for i, spec in enumerate(rf.rules):
        where = ("rules", i)
        if id_prefix:
            spec = spec.model_copy(update={"id": id_prefix + spec.id})
        if spec.id in ids_here:
            col.add(src, where + ("id",), spec.id, M("このファイルでルール id が重複しています", "duplicate rule id in this file"))
            continue
        ids_here.add(spec.id)
        try:
            cond = cd.parse(spec.when)
        except cd.ConditionError as e:
            col.add(src, where + ("when",) + e.path, spec.id, e.msg)
            cond = cd.ALWAYS
        rule = Rule(spec, src.path, src.line_of(where), cond, procedure, region)
        existing = next((k for k, r in enumerate(rules) if r.id == spec.id), None)
        if existing is not None:
            if not spec.override:
                first = f"{rules[existing].file}:{rules[existing].line}"
                col.add(src, where + ("id",), spec.id, M(f"ルール id はすでに {first} で定義されています。置き換えるなら 'override: true' を書きます",
                                                         f"rule id already defined in {first}; write 'override: true' to replace it"))
                continue
            if spec.before is None:
                rules[existing] = rule
                continue
            del rules[existing]
        elif spec.override:
            col.add(src, where + ("override",), spec.id, M("上書きしようとしているルールが、継承元のルールセットにありません",
                                                           "overrides a rule that does not exist in the sets it extends"))
            continue
        if spec.before is not None:
            at = next((k for k, r in enumerate(rules) if r.id == spec.before), None)
            if at is None:
                col.add(src, where + ("before",), spec.id, M(f"'before: {spec.before}' に当たるルールが継承元のルールセットにありません",
                                                             f"'before: {spec.before}' names no rule of the sets it extends"))
                rules.append(rule)
            else:
                rules.insert(at, rule)
        else:
            rules.append(rule)
