"""``replay --accept``: write the actual results into the ``expect:`` of failing scenarios.

The file is edited in place, not re-dumped: each changed value is replaced where it stands
(found through the YAML node marks), so comments, key order, quoting, indentation, line
endings, BOM and encoding stay as they were. A value that spans several lines, or an
``expect:`` written in flow style (``{a: 1}``), is rewritten with ruamel.yaml's round-trip
mode instead, which also keeps comments and key order. Either way the edited text is parsed
again and checked before it is written.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..sources import decode, parse
from .compare import MISSING, get_path, same
from .record import FileReport
from .run import FAILED

_PLAIN_OK = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\n]*$")


@dataclass
class Acceptance:
    file: str
    changed: list[str] = field(default_factory=list)  # "name: path"
    refused: list[str] = field(default_factory=list)  # why a failure could not be accepted
    problem: str | None = None  # the file could not be rewritten


def plan(report: FileReport) -> tuple[dict[tuple, Any], list[str]]:
    """Edits for one file: (scenario prefix, path) -> new value; and what cannot be accepted."""
    edits: dict[tuple, Any] = {}
    refused: list[str] = []
    for rec in report.records:
        if rec.status != FAILED:
            continue
        prefix = () if rec.index == 0 else ("scenarios", rec.index - 1)
        for d in rec.differences:
            if d.path == "error":
                refused.append(f"{rec.name}: expect_error (an expected error cannot be replaced by a result; edit it by hand)")
            elif d.actual is MISSING:
                refused.append(f"{rec.name}: {d.path} (the result has no such field; remove or correct the path by hand)")
            else:
                edits[(prefix, d.path)] = d.actual
    return edits, refused


def render_value(value: Any, old: yaml.Node | None = None) -> str:
    """One-line YAML text for a JSON-like value, in the old value's quoting style where it had one."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        style = getattr(old, "style", None)
        if style == "'":
            return "'" + value.replace("'", "''") + "'"
        if style != '"' and _PLAIN_OK.match(value) and value == value.strip():
            try:
                if yaml.safe_load(value) == value:
                    return value
            except yaml.YAMLError:
                pass
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(render_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{render_value(str(k))}: {render_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False, default=str)


def _find(node: yaml.Node, path: tuple) -> yaml.Node | None:
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
        if node is None:
            return None
    return node


def _splice(text: str, edits: dict[tuple, Any]) -> str | None:
    """Replace each value where it stands; None when some value cannot be replaced in place."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # the pure-Python composer: marks count characters
    spans = []
    for (prefix, path), value in edits.items():
        expect = _find(root, prefix + ("expect",))
        if not isinstance(expect, yaml.MappingNode) or expect.flow_style:
            return None
        old = next((v for k, v in expect.value if k.value == path), None)
        if old is None or old.start_mark.line != old.end_mark.line or getattr(old, "style", None) in ("|", ">"):
            return None
        spans.append((old.start_mark.index, old.end_mark.index, render_value(value, old)))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _guess_indent(text: str) -> tuple[int, int, int]:
    """The file's own mapping indent and list-dash offset, so that a round trip does not re-indent it."""
    mapping, offset = None, None
    prev_indent = None
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if stripped.startswith("- ") or stripped == "-":
            if offset is None and prev_indent is not None and indent >= prev_indent:
                offset = indent - prev_indent
        elif indent > 0 and mapping is None and prev_indent is not None and indent > prev_indent:
            mapping = indent - prev_indent
        prev_indent = indent if not stripped.startswith("- ") else indent + 2
    mapping = mapping or 2
    offset = offset or 0
    return mapping, offset + 2, offset


def _round_trip(text: str, edits: dict[tuple, Any]) -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    mapping, sequence, offset = _guess_indent(text)
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=mapping, sequence=sequence, offset=offset)
    data = rt.load(text)

    def flow(v: Any) -> Any:  # new lists and mappings are written inline, like hand-written expectations
        if isinstance(v, list):
            s = CommentedSeq(flow(x) for x in v)
            s.fa.set_flow_style()
            return s
        if isinstance(v, dict):
            m = CommentedMap((k, flow(x)) for k, x in v.items())
            m.fa.set_flow_style()
            return m
        return v

    for (prefix, path), value in edits.items():
        node = data
        for part in prefix:
            node = node[part]
        node["expect"][path] = flow(value)
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def _check(text: str, edits: dict[tuple, Any], name: str) -> bool:
    data = parse(text, name)
    for (prefix, path), value in edits.items():
        node = get_path(data, ".".join(str(p) for p in prefix + ("expect",))) if prefix else data.get("expect")
        if not isinstance(node, dict) or path not in node or not same(node[path], value):
            return False
    return True


def accept(report: FileReport) -> Acceptance:
    """Rewrite one file's failing expectations. Files without failures are never opened for writing."""
    acc = Acceptance(report.file)
    edits, acc.refused = plan(report)
    if not edits:
        return acc
    path = Path(report.file)
    raw = path.read_bytes()
    bom = raw.startswith(codecs.BOM_UTF8)
    crlf = b"\r\n" in raw
    text = decode(raw, report.file)
    try:
        raw.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "cp932"
    new = _splice(text, edits)
    if new is None or not _check(new, edits, report.file):
        new = _round_trip(text, edits)
        if not _check(new, edits, report.file):
            acc.problem = f"{report.file}: -: could not rewrite the expectations safely; edit them by hand"
            return acc
    if crlf:
        new = new.replace("\n", "\r\n")
    data = new.encode(encoding)
    if bom:
        data = codecs.BOM_UTF8 + data
    path.write_bytes(data)
    for (prefix, p) in edits:
        name = next(r.name for r in report.records if (() if r.index == 0 else ("scenarios", r.index - 1)) == prefix)
        acc.changed.append(f"{name}: {p}")
    return acc
