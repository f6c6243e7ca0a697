"""Read a YAML or JSON file from disk into plain data, safely, keeping line numbers for errors.

One loader for case, scenario and rule files (JSON is read as YAML: a JSON document is a YAML
flow mapping). Why not ``yaml.safe_load``: files come from many hands, so

- a duplicated key is an error naming both lines (a silently dropped value is lost data);
- before anything is constructed, the composed node tree is walked once (iteratively, so no
  recursion) and rejected if it uses an alias (billion laughs), is nested absurdly deep, is
  absurdly large, or carries a tag other than the plain-data ones (``!!python/...`` and every
  other object-building tag: rejected, never constructed);
- an impossible date (``2026-02-30``) or an over-long integer stays text, so the model
  reports it at its field and line instead of PyYAML raising a bare ``ValueError``;
- bytes are read bounded (``read.py``) and decoded (``decode.py``: UTF-8, UTF-16/32 with a BOM,
  or Shift_JIS/CP932) before this module sees text.

Line numbers are looked up in a node tree. A case file needs them only for its problems, so its
data is built in one pass over libyaml's parser events (``_data_from_events``) and the tree is
composed only when a line is asked for; anything unusual, and every error, goes the node path:
libyaml's composer, one walk of the nodes (the checks) and one building the data (``_build``:
PyYAML's generic constructor would cost more than composing). Scenario and rule files, whose
lines are named even when they are fine, go the node path and keep the tree (``many_lines``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
                         SequenceStartEvent, StreamEndEvent)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import InputError, M
from .base import Source
from .decode import decode, read_text
from .read import MAX_FILE_BYTES

_FAST = True  # the event path below (``_data_from_events``) pays only with libyaml's parser
try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _BaseLoader

    # libyaml before 0.2.5 has no nesting limit and its composer recurses in C: a file of
    # 100,000 '[' could overflow the C stack. The pure-Python composer raises RecursionError.
    if yaml._yaml.get_version() < (0, 2, 5):  # pragma: no cover - depends on the system libyaml
        raise ImportError
except (ImportError, AttributeError):  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

    _FAST = False

MAX_NESTING = 32  # real case files nest 4 levels, scenario files 6, rule conditions about 10
MAX_NODES = 100_000  # a case with 1,000 debts and 600 ledger rows has about 25,000
_PRESCAN_BYTES = 128 * 1024  # above this, values are counted from parser events before composing

_T = "tag:yaml.org,2002:"
# The tags of plain data: what the resolver gives untagged scalars, lists and mappings.
_PLAIN_TAGS = frozenset(_T + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map"))


class _SourceProblem(Exception):
    def __init__(self, mark, field: str, message: M):
        self.line = mark.line + 1 if mark is not None else None
        self.column = mark.column + 1 if mark is not None else None
        self.field = field
        self.message = message


def _check_shape(root) -> None:
    """Walk the composed nodes once, level by level, without recursion: aliases, depth, size, tags, bad text.

    Costs about 15% of the YAML load itself (``benchmarks/bench.py``); the crude line scan it
    replaces missed indented nesting and counted brackets inside strings.
    """
    seen: set[int] = set()
    level = [root]
    depth = 0
    while level:
        depth += 1
        if depth > MAX_NESTING:
            raise _SourceProblem(level[0].start_mark, "", _too_deep())
        ids = set(map(id, level))
        if len(ids) != len(level) or not seen.isdisjoint(ids):  # the composer shares one node for an anchor and its aliases
            raise _alias_problem(level, seen)
        seen |= ids
        if len(seen) > MAX_NODES:
            raise _SourceProblem(level[0].start_mark, "", _too_many())
        below: list = []
        for node in level:
            if node.tag not in _PLAIN_TAGS:
                raise _tag_problem(node)
            kind = node.__class__
            if kind is MappingNode:
                for pair in node.value:
                    below.extend(pair)
            elif kind is SequenceNode:
                below.extend(node.value)
            elif node.style == '"':  # only double quotes can spell a lone surrogate (\ud800)
                try:
                    node.value.encode("utf-8")
                except UnicodeEncodeError:
                    raise _SourceProblem(node.start_mark, "", M("文字列に不正な \\u エスケープ（対になっていないサロゲート）があります",
                                                                   "text with an invalid \\u escape (a lone surrogate)")) from None
        level = below


def _count_values(text: str) -> None:
    """Stop a large file with too many values before composing it (composing 1,000,000 tiny values
    takes seconds and hundreds of MB; counting parser events up to the limit takes 0.1 s)."""
    loader = _BaseLoader(text)
    try:
        count = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _VALUE_EVENTS):
                count += 1
                if count > MAX_NODES:
                    raise _SourceProblem(event.start_mark, "", _too_many())
    finally:
        loader.dispose()


_VALUE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


def _alias_problem(level: list, seen: set[int]) -> "_SourceProblem":
    here: set[int] = set()
    for node in level:
        if id(node) in seen or id(node) in here:
            break
        here.add(id(node))
    anchor = node.start_mark.line + 1
    return _SourceProblem(node.start_mark, "", M(f"YAML の別名（*name）は使えません。値をそのまま書いてください（アンカーは{anchor}行目）",
                                                 f"YAML aliases (*name) are not allowed: write the value out (the anchor is on line {anchor})"))


def _tag_problem(node) -> "_SourceProblem":
    if node.tag == _T + "merge":
        return _SourceProblem(node.start_mark, "<<", M("YAML のマージキー（<<）は使えません。キーをそのまま書いてください",
                                                       "YAML merge keys (<<) are not allowed: write the keys out"))
    tag = _short_tag(node.tag)
    return _SourceProblem(node.start_mark, "", M(f"YAML のタグ {tag} は使えません。ファイルに書けるのは文字列・数・true/false・日付・リスト・対応表だけです",
                                                 f"the YAML tag {tag} is not allowed: files hold plain data "
                                                 "(text, numbers, true/false, dates, lists, mappings), never objects"))


def _short_tag(tag: str) -> str:
    tag = "!!" + tag[len(_T):] if tag.startswith(_T) else tag
    return tag if len(tag) <= 80 else tag[:77] + "..."


_RESOLVED: dict[tuple, str] = {}  # (node kind, text, implicit flags) -> tag; see _StrictLoader.resolve


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, checked before construction (see ``_check_shape``) and with duplicate keys rejected."""

    def resolve(self, kind, value, implicit):  # noqa: D102 - PyYAML hook, called by the composer for every node
        # The tag of an untagged value depends only on (kind, text, implicit) when, as here, no
        # path resolvers are registered; files repeat the same keys, enums, numbers and dates,
        # so the regex scan is done once per distinct short text (about 30 µs of a case file).
        key = (kind, value, implicit)
        tag = _RESOLVED.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if (value is None or len(value) <= 40) and len(_RESOLVED) < 20_000 and not self.yaml_path_resolvers:
                _RESOLVED[key] = tag
        return tag

    def get_single_node(self):  # noqa: D102 - PyYAML hook (composes in C, then one Python walk)
        node = super().get_single_node()
        if node is not None:
            _check_shape(node)
        return node

    def construct_mapping(self, node, deep=False):  # noqa: D102 - PyYAML hook
        if not isinstance(node, MappingNode):  # pragma: no cover - the composer guarantees it
            return super().construct_mapping(node, deep=deep)
        mapping: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                earlier = first_line.get(key)
            except TypeError:
                raise _SourceProblem(key_node.start_mark, "", M("キーは文字列か数にしてください", "a mapping key must be a plain value (text or a number)")) from None
            if earlier is not None:
                again = key_node.start_mark.line + 1
                raise _SourceProblem(
                    key_node.start_mark, _short(str(key)),
                    M(f"キーが重複しています（{earlier}行目と{again}行目）。後の値が前の値を黙って上書きしてしまいます",
                      f"duplicate key: given on line {earlier} and again on line {again}; "
                      "a second value would silently replace the first"))
            first_line[key] = key_node.start_mark.line + 1
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_timestamp(self, node):  # noqa: D102
        # 2026-02-30 matches YAML's date pattern but is no date: keep the text, the model says why.
        if not isinstance(node.value, str) or self.timestamp_regexp.match(node.value) is None:
            # only an explicit tag (!!timestamp soon) gets here; PyYAML would raise AttributeError
            raise _SourceProblem(node.start_mark, "", M(f"!!timestamp と指定された {_short(repr(node.value))} は日付でも日時でもありません",
                                                         f"{_short(repr(node.value))} tagged !!timestamp is not a date or time"))
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)

    def construct_yaml_bool(self, node):  # noqa: D102
        try:
            return super().construct_yaml_bool(node)
        except (KeyError, AttributeError):  # !!bool maybe: PyYAML would raise KeyError
            raise _SourceProblem(node.start_mark, "", M(f"!!bool と指定された {_short(repr(node.value))} は true でも false でもありません",
                                                         f"{_short(repr(node.value))} tagged !!bool is not true or false")) from None

    def construct_yaml_int(self, node):  # noqa: D102
        # More than 4,300 digits makes int() raise; keep the text, the model rejects it with its field.
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)


_StrictLoader.add_constructor(_T + "timestamp", _StrictLoader.construct_yaml_timestamp)
_StrictLoader.add_constructor(_T + "int", _StrictLoader.construct_yaml_int)
_StrictLoader.add_constructor(_T + "bool", _StrictLoader.construct_yaml_bool)


class _Unusual(Exception):
    """A node ``_build`` leaves to ``_StrictLoader``'s constructor: a duplicate key, a list as a key, a mistagged node."""


_SAFE = _StrictLoader("")  # only its scalar constructors are used: they read nothing but the node given
_STR, _SEQ, _MAP, _FLOAT = _T + "str", _T + "seq", _T + "map", _T + "float"


def _int(node) -> Any:
    value = node.value
    if value.isdigit() and value.isascii() and (value[0] != "0" or len(value) == 1):  # plain decimal: what PyYAML computes
        try:
            return int(value)
        except ValueError:  # over 4,300 digits: kept as text, as construct_yaml_int does
            return value
    return _SAFE.construct_yaml_int(node)  # signs, 0x, 0o, octal 012, 1_000, 1:30 (YAML 1.1)


def _timestamp(node) -> Any:
    value = node.value
    if len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
        year, month, day = value[:4], value[5:7], value[8:]
        if year.isdigit() and month.isdigit() and day.isdigit():  # YYYY-MM-DD: what PyYAML computes
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:  # 2026-02-30: kept as text, as construct_yaml_timestamp does
                return value
    return _SAFE.construct_yaml_timestamp(node)  # times, zones, 2026-1-5


_SCALARS = {
    _T + "int": _int,
    _T + "timestamp": _timestamp,
    _T + "bool": _SAFE.construct_yaml_bool,
    _T + "null": _SAFE.construct_yaml_null,
    _T + "float": _SAFE.construct_yaml_float,
}


def _scalar(node) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value
    construct = _SCALARS.get(tag)
    if construct is None:  # an explicit !!map or !!seq on a scalar
        raise _Unusual
    return construct(node)


def _build(root) -> Any:
    """Checked node tree -> plain data, the same data ``_StrictLoader.construct_document`` builds, faster.

    PyYAML's generic constructor (generators, per-node dispatch, deep/non-deep bookkeeping) is
    most of a load's time; the nodes of our files are text, numbers, dates, mappings and lists,
    built here directly, level by level like PyYAML (no recursion). Scalars go through the
    same YAML 1.1 constructors (plain decimals and YYYY-MM-DD dates are computed inline, with
    the same results). Anything else raises, and the caller lets PyYAML's constructor decide,
    so errors (duplicate keys with both lines, bad keys, mistagged nodes) stay exactly its own.
    """
    out = _value(root, todo := [])
    for node, target in todo:  # grows while it is read: breadth first
        if target.__class__ is dict:
            for key_node, value_node in node.value:
                if key_node.__class__ is not ScalarNode:
                    raise _Unusual
                key = _scalar(key_node)
                if key in target:  # a duplicate: _StrictLoader names both lines
                    raise _Unusual
                target[key] = _value(value_node, todo)
        else:
            for item in node.value:
                target.append(_value(item, todo))
    return out


def _value(node, todo: list) -> Any:
    kind = node.__class__
    if kind is ScalarNode:
        return _scalar(node)
    if kind is MappingNode and node.tag == _MAP:
        mapping: dict[Any, Any] = {}
        todo.append((node, mapping))
        return mapping
    if kind is SequenceNode and node.tag == _SEQ:
        items: list[Any] = []
        todo.append((node, items))
        return items
    raise _Unusual


_UNUSUAL: Any = object()  # _data_from_events: "let the node path decide"
_NO_KEY: Any = object()
_MISS: Any = object()
_PLAIN_VALUES: dict[str, Any] = {}  # short plain text -> its value (text, int, bool, None, date: immutable)


def _data_from_events(text: str) -> Any:
    """The data of ``text`` straight from libyaml's parser events, or ``_UNUSUAL``: the node path decides.

    The node path composes a node (and two marks) per value, calls three Python hooks per node
    and walks the tree twice (checks, then data). For a file of plain data one pass over the
    events builds the same dicts and lists at about two thirds of the cost. Plain scalars go
    through the same YAML 1.1 resolution and constructors (the value memoised per short text).
    Whatever the checks or the errors need nodes for (an anchor, alias or tag, a duplicate or
    non-text key, nesting near the limit, too many values, a ``\\u`` escape in double quotes,
    a YAML error, a second document) returns ``_UNUSUAL``, and the node path reads the text
    again and decides: every error and line number is its own.
    """
    try:
        loader = _BaseLoader(text)  # (text libyaml cannot take raises here: a lone surrogate)
        try:
            return _from_events(loader.get_event, "\\" in text)
        finally:
            loader.dispose()
    except Exception:  # a YAML error or a value PyYAML refuses: the node path says which, and where
        return _UNUSUAL


def _from_events(next_event, escapes: bool) -> Any:
    next_event()  # StreamStartEvent
    event = next_event()
    if event.__class__ is not DocumentStartEvent:
        return None if event.__class__ is StreamEndEvent else _UNUSUAL  # an empty file: no data
    parents: list = []  # (collection, its key waiting for a value) of each open collection's parent
    top: Any = None  # the innermost open collection; None: the document itself
    key = _NO_KEY  # top's key waiting for its value, when top is a mapping
    count = 0
    while True:
        event = next_event()
        kind = event.__class__
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                return _UNUSUAL
            count += 1
            value = event.value
            if event.implicit[0]:  # plain, so resolved: 1, yes, ~, 2026-11-26 ...
                found = _PLAIN_VALUES.get(value, _MISS)
                value = _plain_value(value) if found is _MISS else found
            elif escapes and event.style == '"' and not _encodable(value):
                return _UNUSUAL
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None or len(parents) >= MAX_NESTING - 1:
                return _UNUSUAL
            count += 1
            parents.append((top, key))
            top = {} if kind is MappingStartEvent else []
            key = _NO_KEY
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = top
            top, key = parents.pop()
            if key is _NO_KEY and top.__class__ is dict:  # a list or mapping as a key
                return _UNUSUAL
        else:  # an alias
            return _UNUSUAL
        if top.__class__ is dict:
            if key is _NO_KEY:
                key = value
            elif key in top:  # a duplicate: the node path names both lines
                return _UNUSUAL
            else:
                top[key] = value
                key = _NO_KEY
        elif top is None:
            break
        else:
            top.append(value)
    if count > MAX_NODES or next_event().__class__ is not DocumentEndEvent or next_event().__class__ is not StreamEndEvent:
        return _UNUSUAL
    return value


def _plain_value(text: str) -> Any:
    """A plain scalar's value: the tag PyYAML resolves, read by the constructors ``_build`` uses."""
    tag = _SAFE.resolve(ScalarNode, text, (True, False))
    if tag == _STR:
        value: Any = text
    else:
        construct = _SCALARS.get(tag)
        if construct is None:  # << (merge) and = (value): refused by the node path's checks
            raise _Unusual
        value = construct(ScalarNode(tag, text))
    if len(text) <= 40 and tag != _FLOAT and len(_PLAIN_VALUES) < 20_000:  # a float stays a new object, as PyYAML gives (NaN)
        _PLAIN_VALUES[text] = value
    return value


def plain_value(text: str) -> Any:
    """The value of ``text`` written as a plain (unquoted) scalar, as this loader reads it (``json_body`` reads numbers so)."""
    found = _PLAIN_VALUES.get(text, _MISS)
    return _plain_value(text) if found is _MISS else found


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (\ud800): the node path refuses it
        return False
    return True


def _too_deep() -> M:
    return M(f"入れ子が{MAX_NESTING}段を超えています。事件・シナリオ・ルールのファイルではありません",
             f"nested more than {MAX_NESTING} levels deep; not a case, scenario or rule file")


def _too_many() -> M:
    return M(f"値が{MAX_NODES:,}個を超えています。事件・シナリオ・ルールのファイルではありません",
             f"more than {MAX_NODES:,} values; not a case, scenario or rule file")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


_UNSET: Any = object()


@dataclass
class YamlSource(Source):
    """A parsed YAML or JSON file: its data, its text and the node tree that points at lines in it."""

    path: str
    text: str
    data: Any
    _root: Any = field(default=_UNSET, repr=False, compare=False)

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """Line (1-based) of the value at ``path`` (keys and list indexes); nearest existing parent."""
        if self._root is _UNSET:
            self._root = _compose(self.text)
        return _line_in(self._root, path)


def _compose(text: str):
    """The node tree, for line numbers only (no construction, so aliases and tags are harmless here)."""
    try:
        return yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


def _line_in(node, path: tuple[str | int, ...]) -> int | None:
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in path:
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and key_node.value == str(part):
                    line = key_node.start_mark.line + 1
                    node = value_node
                    break
            else:
                return line
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def line_of(text: str, path: tuple[str | int, ...]) -> int | None:
    """Line of ``path`` in ``text`` (composes the text; use ``Source.line_of`` to compose once)."""
    return _line_in(_compose(text), path)


def parse(text: str, name: str) -> Any:
    """Text to data, with every YAML problem turned into one ``InputError`` line."""
    return _parse(text, name)[0]


def _parse(text: str, name: str, many_lines: bool = False) -> tuple[Any, Any]:
    """(data, root node or ``_UNSET``).

    ``many_lines``: the caller asks for lines even when the file is fine (scenario and rule files
    name where each scenario or rule is written), so the node tree is composed and kept. Otherwise
    (a case file: lines only for its problems) the data comes from the parser's events and the
    tree is composed again only if a line is asked for.
    """
    try:
        if len(text) > _PRESCAN_BYTES:
            _count_values(text)
        if _FAST and not many_lines:
            data = _data_from_events(text)
            if data is not _UNUSUAL:
                return data, _UNSET
        loader = _StrictLoader(text)
        try:
            root = loader.get_single_node()
            if root is None:
                return None, None
            try:
                return _build(root), root
            except Exception:  # anything unusual or wrong: PyYAML's constructor decides and says why
                return loader.construct_document(root), root
        finally:
            loader.dispose()
    except _SourceProblem as p:
        message = p.message
        if p.column and not p.field:
            message = message + M(f"（{p.column}桁目）", f" (column {p.column})")
        raise InputError.single(name, p.line, p.field or "-", message) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        col = M(f"（{mark.column + 1}桁目）", f" (column {mark.column + 1})") if mark else M("", "")
        problem = ", ".join(x.strip() for x in (e.context, e.problem) if x) or "invalid YAML"
        if "maximum nesting depth" in problem:
            raise InputError.single(name, line, "-", _too_deep()) from None
        tags = isinstance(e, yaml.constructor.ConstructorError) and "tag" in problem
        shown = _short(problem, 200)
        message = M(f"YAML の書き方に誤りがあります: {shown}" + ("。オブジェクトを作る YAML タグは使えません" if tags else ""),
                    f"YAML syntax: {shown}" + ("; YAML tags that build objects are not allowed" if tags else ""))
        raise InputError.single(name, line, "-", message + col) from None
    except yaml.YAMLError as e:
        shown = _short(str(e), 200)
        raise InputError.single(name, None, "-", M(f"YAML として読めません: {shown}", f"YAML: {shown}")) from None
    except RecursionError:  # only the pure-Python composer recurses (no libyaml)
        raise InputError.single(name, None, "-", _too_deep()) from None
    except (ValueError, TypeError, OverflowError) as e:  # a value PyYAML cannot construct
        shown = _short(str(e), 200)
        raise InputError.single(name, None, "-", M(f"値を読み込めません: {shown}", f"cannot read a value: {shown}")) from None


def load(path: str | Path, many_lines: bool = False) -> YamlSource:
    """Read and parse one YAML or JSON file. Raises ``InputError`` with file and line on any problem.

    ``many_lines``: keep the node tree for a caller that asks lines of a good file (see ``_parse``)."""
    name = str(path)
    text = read_text(path)
    data, root = _parse(text, name, many_lines)
    return YamlSource(name, text, data, root)


def from_bytes(raw: bytes, name: str, many_lines: bool = False) -> YamlSource:
    """Bytes that did not come from a file (a web request's body) read exactly as a file's would be:
    the same size limit, decoding, nesting and tag checks, so the web answers what the CLI answers."""
    if len(raw) > MAX_FILE_BYTES:
        raise InputError.single(name, None, "-", M(f"{len(raw):,}バイトあります。事件・シナリオ・ルールのファイルは{MAX_FILE_BYTES:,}バイトまでです",
                                                   f"{len(raw):,} bytes; a case, scenario or rule file is at most {MAX_FILE_BYTES:,}"))
    text = decode(raw, name)
    data, root = _parse(text, name, many_lines)
    return YamlSource(name, text, data, root)
