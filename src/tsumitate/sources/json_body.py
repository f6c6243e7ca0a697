"""A JSON body read straight to data, with exactly the data the YAML loader gives for the same text.

Why: the web API's bodies are JSON, and JSON is read as YAML (``yaml.from_bytes``) so that a
body answers what the same case file answers. A JSON document is YAML's flow subset, yet
libyaml's events cost about three times the standard library's JSON scanner for a case.

Where YAML 1.1 reads a JSON text differently, this reader says nothing and the YAML loader
reads the body (its data, or its error with line and column):

- numbers: ``1e5`` is text in YAML 1.1, ``1.5e+3`` a number; so every number's text goes
  through the YAML loader's own resolution (``yaml.plain_value``) and means what it means there,
  as ``NaN`` and ``Infinity`` (text in YAML) do;
- a duplicated key (YAML names both lines), a top level that is not a mapping, nesting near
  ``MAX_NESTING``, more than ``MAX_NODES`` values: the YAML loader decides;
- characters libyaml refuses or reads as line breaks (controls, DEL, C1 and NEL, U+2028/2029,
  U+FEFF, U+FFFE/FFFF), a tab (not allowed at a line's start), a ``\\ud800``-style escape
  (libyaml refuses even a valid surrogate pair), a key over 150 characters or split from its
  ``:`` by a line break (YAML's implicit keys end at 1,024 characters and at the line's end).

Strings, ``true``, ``false`` and ``null`` read the same in both. A test compares this reader
with the YAML loader on generated JSON (``tests/test_json_body.py``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import InputError
from .decode import decode
from .read import MAX_FILE_BYTES
from .yaml import MAX_NESTING, MAX_NODES, YamlSource, plain_value
from .yaml import from_bytes as yaml_from_bytes

# What makes YAML read the text otherwise, or refuse it (see the module's docstring): searched
# apart, since one pattern with alternatives costs several times their sum.
_CHARACTERS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_KEY_LINE = re.compile(r"\n[ \n]*:")  # a line that starts with ':' (JSON writes one after a key only)
_MAX_KEY = 150


class _Otherwise(Exception):
    """The YAML loader reads this body (or refuses it) in its own way."""


def _mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):  # a duplicated key: the YAML loader names both lines
        raise _Otherwise
    if mapping and max(map(len, mapping)) > _MAX_KEY:
        raise _Otherwise
    return mapping


def _number(text: str) -> Any:
    try:
        return plain_value(text)
    except Exception:  # never for a JSON number; the YAML loader would say why
        raise _Otherwise from None


_DECODER = json.JSONDecoder(object_pairs_hook=_mapping, parse_int=_number, parse_float=_number, parse_constant=_number)


def data(text: str) -> Any:
    """The data the YAML loader gives for ``text``, or raises ``_Otherwise`` (the YAML loader must read it)."""
    if (text.lstrip(" \n")[:1] != "{" or _CHARACTERS.search(text) or _KEY_LINE.search(text)
            or ("\\u" in text and _SURROGATE_ESCAPE.search(text))):
        raise _Otherwise
    try:
        value = _DECODER.decode(text)
    except (ValueError, RecursionError):  # not JSON (YAML, a typo): the YAML loader reads it or says where
        raise _Otherwise from None
    # Nesting and size can only come near the limits with that many brackets or characters
    # (a value takes at least two, with its comma or colon): only then are they counted.
    if text.count("{") + text.count("[") >= MAX_NESTING - 2 or len(text) >= 2 * (MAX_NODES - 2):
        _check_shape(value)
    return value


def _check_shape(value: dict) -> None:
    """Nesting and size within what the YAML loader reads without looking at its node tree."""
    level: list = [value]
    depth = count = 0
    while level:
        depth += 1
        count += len(level)
        if depth >= MAX_NESTING - 1 or count > MAX_NODES - 1:
            raise _Otherwise
        below = []
        for item in level:
            kind = item.__class__
            if kind is dict:
                count += len(item)  # the keys
                below.extend(item.values())
            elif kind is list:
                below.extend(item)
        level = below


def from_bytes(raw: bytes, name: str) -> YamlSource:
    """``yaml.from_bytes(raw, name)``, the same ``Source`` (data, text, lines), faster for a JSON body."""
    if len(raw) <= MAX_FILE_BYTES:
        try:
            text = decode(raw, name)
            return YamlSource(name, text, data(text))
        except (_Otherwise, InputError):  # InputError: undecodable bytes, which the YAML loader reports
            pass
    return yaml_from_bytes(raw, name)
