"""``replay --accept``: write the actual results into the ``expect:`` of failing scenarios.

The file's text is edited, not re-dumped: each changed value is replaced where it stands
(found through the YAML node marks, counted in the file's own text), so comments, key order,
quoting, indentation, line endings (LF, CRLF, CR or a mix), BOM and encoding (UTF-8,
UTF-16/32 with their BOM, CP932) stay as they were. A JSON file gets JSON values (a list
stays a JSON list; a value that spanned several lines is written pretty-printed at its
indentation). A YAML value that spans several lines, or a YAML ``expect:`` in flow style
(``{a: 1}``), is rewritten with ruamel.yaml's round-trip mode instead, which keeps comments and
key order; a JSON file that cannot be edited in place is dumped again with its own indent.
Either way the edited text is parsed again and checked before it is written.

Nothing is written that cannot be written faithfully: a value the file's encoding cannot hold
(CP932 has no 🙂), a round trip over mixed line endings, a file that would pass the size
limit every later replay enforces: each is refused with a message, the file left as it was.
The write itself is atomic (``atomic_write``), under an exclusive lock on the file, after
reading it again: a second ``--accept`` on the same folder waits, then edits what the first
one wrote; a scenario list that changed since it was replayed is refused, not guessed at.
"""

from __future__ import annotations

import codecs
import fcntl
import io
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..atomic_write import write_atomically
from ..errors import InputError, M, Problem, language
from ..sources import MAX_FILE_BYTES, decode, parse, read_bytes
from ..sources.base import Notice
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
    note: str | None = None  # rewritten, but something a person must know (other hard links keep the old text)


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


def _splice(text: str, edits: dict[tuple, Any], as_json: bool) -> str | None:
    """Replace each value where it stands; None when some value cannot be replaced in place.

    ``text`` is the file's text with its own line endings: YAML marks count ``\r\n`` and a
    lone ``\r`` as line breaks, so the spans are right whatever the file uses.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)  # the pure-Python composer: marks count characters
    ascii_json = as_json and text.isascii()
    newline = _dominant_newline(text)
    spans = []
    for (prefix, path), value in edits.items():
        expect = _find(root, prefix + ("expect",))
        if not isinstance(expect, yaml.MappingNode) or (expect.flow_style and not as_json):
            return None
        old = next((v for k, v in expect.value if k.value == path), None)
        if old is None:
            return None
        if as_json:
            new = json.dumps(value, ensure_ascii=ascii_json, default=str)
            if old.start_mark.line != old.end_mark.line and isinstance(value, (list, dict)) and value:
                line_start = text.rfind("\n", 0, old.start_mark.index) + 1
                line_start = max(line_start, text.rfind("\r", 0, old.start_mark.index) + 1)
                line = text[line_start:old.start_mark.index]
                indent = line[: len(line) - len(line.lstrip(" \t"))]
                new = json.dumps(value, ensure_ascii=ascii_json, default=str, indent=_json_indent(text))
                new = new.replace("\n", newline + indent)
        else:
            if old.start_mark.line != old.end_mark.line or getattr(old, "style", None) in ("|", ">"):
                return None
            new = render_value(value, old)
        spans.append((old.start_mark.index, old.end_mark.index, new))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _json_indent(text: str) -> int:
    """The indent step of a pretty-printed JSON file (the first indented line's spaces), 2 if none."""
    for line in text.splitlines()[1:]:
        stripped = line.lstrip(" ")
        if stripped and len(line) > len(stripped):
            return len(line) - len(stripped)
    return 2


def _newline_styles(text: str) -> set[str]:
    crlf = text.count("\r\n")
    styles = set()
    if crlf:
        styles.add("\r\n")
    if text.count("\r") > crlf:
        styles.add("\r")
    if text.count("\n") > crlf:
        styles.add("\n")
    return styles


def _dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\r": text.count("\r") - crlf, "\n": text.count("\n") - crlf}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "\n"


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


def _json_redump(text: str, edits: dict[tuple, Any]) -> str | None:
    """A JSON file that cannot be edited in place, dumped again with its own indent (JSON has no comments to lose)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    for (prefix, path), value in edits.items():
        node = data
        for part in prefix:
            node = node[part]
        node["expect"][path] = value
    one_line = text.strip().count("\n") == 0
    out = json.dumps(data, ensure_ascii=text.isascii(), default=str, indent=None if one_line else _json_indent(text))
    return out + ("\n" if text.endswith(("\n", "\r")) else "")


def _check(text: str, edits: dict[tuple, Any], name: str) -> bool:
    data = parse(text.replace("\r\n", "\n").replace("\r", "\n"), name)
    for (prefix, path), value in edits.items():
        node = get_path(data, ".".join(str(p) for p in prefix + ("expect",))) if prefix else data.get("expect")
        if not isinstance(node, dict) or path not in node or not same(node[path], value):
            return False
    return True


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _encoding(raw: bytes) -> tuple[bytes, str]:
    """(BOM, codec) the file is written in: what ``sources.decode`` read it as."""
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return bom, enc
    try:
        raw.decode("utf-8")
        return b"", "utf-8"
    except UnicodeDecodeError:
        return b"", "cp932"


class _Refused(Exception):
    """The change cannot be written faithfully; the message says why (the file is left as it was)."""


def rewrite(raw: bytes, edits: dict[tuple, Any], name: str) -> bytes:
    """The file's new bytes with ``edits`` applied, in its own encoding, BOM and line endings; ``_Refused`` if not possible."""
    decode(raw, name)  # the same checks (and messages) as when the file was replayed
    bom, enc = _encoding(raw)
    text = raw[len(bom):].decode(enc)
    as_json = name.lower().endswith(".json") or text.lstrip().startswith(("{", "["))
    new = _splice(text, edits, as_json)
    if new is None or not _check(new, edits, name):
        new = _json_redump(text, edits) if as_json else None
        if new is None or not _check(new, edits, name):
            styles = _newline_styles(text)
            if len(styles) > 1:
                raise _Refused(_t("行末（改行コード）が混在しているため、書式を保って書き換えられません。手で直してください",
                                  "its line endings are mixed (LF/CRLF/CR), so it cannot be rewritten keeping them; edit it by hand"))
            plain = text.replace("\r\n", "\n").replace("\r", "\n")
            new = _round_trip(plain, edits)
            if styles and styles != {"\n"}:
                new = new.replace("\n", styles.pop())
            if not _check(new, edits, name):
                raise _Refused(_t("期待値を安全に書き換えられませんでした。手で直してください",
                                  "could not rewrite the expectations safely; edit them by hand"))
    try:
        data = bom + new.encode(enc)
    except UnicodeEncodeError as e:
        ch = e.object[e.start:e.end]
        raise _Refused(_t(f"新しい値の文字 {ascii(ch)} はこのファイルの文字コード {enc.upper()} で表せません。"
                          "UTF-8 で保存し直すか、手で直してください",
                          f"the new value's character {ascii(ch)} cannot be written in this file's encoding "
                          f"{enc.upper()}; save the file as UTF-8 or edit it by hand")) from None
    if len(data) > MAX_FILE_BYTES:
        raise _Refused(_t(f"書き換えると {len(data):,} バイトになり、上限 {MAX_FILE_BYTES:,} バイトを超えます（以後読めなくなります）",
                          f"the rewritten file would be {len(data):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit "
                          "every later replay enforces"))
    return data


def _hard_links_note(path: str, others: int) -> str:
    """The file had other names (hard links): the atomic rename gave this name a new file, the
    others still show the old one. Said, not fixed: writing in place would lose atomicity."""
    return Notice(path, None,
                  f"このファイルには他に{others}個の名前（ハードリンク）があります。--accept は新しいファイルに置き換えたため、"
                  "他の名前は古い内容のままです（必要ならリンクを作り直してください）",
                  f"this file has {others} other name{'s' if others != 1 else ''} (hard link{'s' if others != 1 else ''}); "
                  "--accept replaced it with a new file, so the other names still hold the old content "
                  "(link them again if they should follow)").text(language())


def _t(ja: str, en: str) -> M:
    return M(ja, en)


@contextmanager
def _locked(path: str):
    """Hold an exclusive lock on the file that is at ``path`` now (another --accept waits for it).

    The lock is on the file itself, so no lock file is left in a lawyer's folder. Whoever held it
    before may have replaced the file (by renaming a new one over it): then the new file is locked.
    """
    target = os.path.realpath(path)
    for _ in range(100):
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_ino == os.stat(target).st_ino:
                yield
                return
        finally:
            os.close(fd)  # closing releases the lock
    raise OSError("the file keeps being replaced by another program")


def _names_still_match(raw: bytes, report: FileReport, edits: dict[tuple, Any]) -> bool:
    """The scenarios being edited still have the names they had when they were replayed."""
    data = parse(decode(raw, report.file), report.file)
    for rec in report.records:
        prefix = () if rec.index == 0 else ("scenarios", rec.index - 1)
        if not any(p == prefix for p, _ in edits):
            continue
        node = data
        for part in prefix:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return False
        if not isinstance(node, dict) or not isinstance(node.get("name"), str) or node["name"].strip() != rec.name:
            return False
    return True


def accept(report: FileReport) -> Acceptance:
    """Rewrite one file's failing expectations. Files without failures are never opened for writing.

    Never raises for a file: what goes wrong is in ``Acceptance.problem``, and the run goes on.
    """
    acc = Acceptance(report.file)
    edits, acc.refused = plan(report)
    if not edits:
        return acc
    try:
        with _locked(report.file):
            raw = read_bytes(report.file)
            if not _names_still_match(raw, report, edits):
                raise _Refused(_t("再生の後にシナリオが書き換えられています。もう一度 replay してください",
                                  "its scenarios changed after they were replayed; run replay again"))
            links = os.stat(report.file).st_nlink  # through a symbolic link: the file that is replaced
            write_atomically(report.file, rewrite(raw, edits, report.file))
    except _Refused as e:
        acc.problem = str(Problem(report.file, None, "-", e.args[0]))
        return acc
    except InputError as e:
        acc.problem = str(e.problems[0])
        return acc
    except OSError as e:
        acc.problem = str(Problem(report.file, None, "-", _t(
            f"書き込めませんでした（元のファイルはそのままです）: {e.strerror or e}",
            f"could not be written (the file is unchanged): {e.strerror or e}")))
        return acc
    if links > 1:
        acc.note = _hard_links_note(report.file, links - 1)
    for (prefix, p) in edits:
        name = next(r.name for r in report.records if (() if r.index == 0 else ("scenarios", r.index - 1)) == prefix)
        acc.changed.append(f"{name}: {p}")
    return acc
