"""Read a YAML or JSON file from disk into plain data, safely, keeping line numbers for errors.

Why not ``yaml.safe_load``: a legal file must not silently drop a duplicated key, must not
expand alias bombs, and every error must name the line. Line numbers are looked up only
when an error is reported (by composing the text again), so the happy path stays as fast
as PyYAML's C loader allows.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 5 * 1024 * 1024  # a case file is a few KB; anything this large is not one
MAX_NESTING = 40  # real case files nest 3-4 levels deep


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that rejects duplicate keys and aliases (no shared or exploding structures)."""

    def construct_object(self, node, deep=False):  # noqa: D102 - PyYAML hook
        if node in self.constructed_objects:
            raise _SourceProblem(node.start_mark, "", "YAML aliases (*name) are not allowed in case files")
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):  # noqa: D102 - PyYAML hook
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise _SourceProblem(key_node.start_mark, "", "a mapping key must be a plain value") from None
            if key in seen:
                raise _SourceProblem(
                    key_node.start_mark,
                    str(key),
                    f"duplicate key (first given on line {seen[key].line + 1}); a second value would silently replace the first",
                )
            seen[key] = key_node.start_mark
        # The keys were constructed above; PyYAML constructs them again, which hits our alias
        # check, so forget them first.
        for key_node, _ in node.value:
            self.constructed_objects.pop(key_node, None)
        return super().construct_mapping(node, deep=deep)


class _SourceProblem(Exception):
    def __init__(self, mark, field: str, message: str):
        self.line = mark.line + 1 if mark is not None else None
        self.column = mark.column + 1 if mark is not None else None
        self.field = field
        self.message = message


@dataclass
class Source:
    """A parsed file: its data and what is needed to point at a line in it."""

    path: str
    text: str
    data: Any
    _nodes: Any = field(default=None, init=False, repr=False, compare=False)  # composed once, on first use

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """Line (1-based) of the value at ``path`` (keys and list indexes); nearest existing parent."""
        if self._nodes is None:  # loading a rule book asks for hundreds of lines: compose the text once
            self._nodes = (_compose(self.text),)
        return _line_in(self._nodes[0], path)


def _compose(text: str):
    try:
        return yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return _UNREADABLE


_UNREADABLE = object()


def line_of(text: str, path: tuple[str | int, ...]) -> int | None:
    return _line_in(_compose(text), path)


def _line_in(node, path: tuple[str | int, ...]) -> int | None:
    if node is _UNREADABLE:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(part):
                    line = key_node.start_mark.line + 1
                    node = value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def read_text(path: str | Path) -> str:
    """Bytes from disk to text: UTF-8 (with or without BOM), UTF-16 with BOM, or Shift_JIS/CP932."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError.single(name, None, "-", "no such file")
    if p.is_dir():
        raise InputError.single(name, None, "-", "is a directory, not a file")
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError.single(name, None, "-", f"file is {size:,} bytes; a case file is at most {MAX_FILE_BYTES:,}")
        raw = p.read_bytes()
    except OSError as e:
        raise InputError.single(name, None, "-", f"cannot read: {e.strerror or e}") from None
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError.single(name, None, "-", "starts with a UTF-16 byte-order mark but is not valid UTF-16") from None
    if b"\x00" in raw:
        raise InputError.single(name, None, "-", "binary data (NUL bytes), not a YAML or JSON text file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        try:
            text = raw.decode("cp932")
        except UnicodeDecodeError:
            line = raw[: e.start].count(b"\n") + 1
            raise InputError.single(
                name, line, "-",
                "not UTF-8 and not Shift_JIS/CP932 text; save the file as UTF-8 "
                "(e.g. `iconv -f <encoding> -t UTF-8 FILE`)",
            ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _nesting_too_deep(text: str) -> int | None:
    """Cheap pre-check against absurd nesting (the YAML composer recurses per level)."""
    depth = 0
    for lineno, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" "))
        if indent > MAX_NESTING * 8:
            return lineno
        for ch in line:
            if ch in "[{":
                depth += 1
                if depth > MAX_NESTING:
                    return lineno
            elif ch in "]}":
                depth -= 1
    return None


def parse(text: str, name: str) -> Any:
    """Text to data, with every YAML problem turned into one ``InputError`` line."""
    deep = _nesting_too_deep(text)
    if deep:
        raise InputError.single(name, deep, "-", f"nested more than {MAX_NESTING} levels deep; not a case file")
    try:
        loader = _StrictLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except _SourceProblem as p:
        raise InputError.single(name, p.line, p.field or "-", p.message) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        col = f" (column {mark.column + 1})" if mark else ""
        problem = e.problem or e.context or "invalid YAML"
        if isinstance(e, yaml.constructor.ConstructorError) and "tag" in problem:
            problem = f"{problem.strip()}; YAML tags that build objects are not allowed"
        raise InputError.single(name, line, "-", f"YAML syntax: {problem}{col}") from None
    except yaml.YAMLError as e:
        raise InputError.single(name, None, "-", f"YAML: {e}") from None
    except RecursionError:
        raise InputError.single(name, None, "-", "nested too deeply; not a case file") from None


def load(path: str | Path) -> Source:
    """Read and parse one file. Raises ``InputError`` with file and line on any problem."""
    name = str(path)
    text = read_text(path)
    return Source(name, text, parse(text, name))
