"""A JSON body posted to the web reads to exactly what the same text reads to as a case file.

``sources.json_body`` reads JSON with the standard library's scanner instead of libyaml's
events; these properties hold it to the YAML loader on generated JSON: the same data (types
and order included), or the same problem lines where the text is not what YAML reads alike.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tsumitate.errors import InputError
from tsumitate.sources import from_bytes as yaml_from_bytes
from tsumitate.sources import json_body

ROOT = Path(__file__).resolve().parent.parent


def typed(value):
    """The value with every type spelled out: ``1``, ``1.0`` and ``True`` are equal in Python, not here."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else repr(value))
    return (type(value).__name__, value)


def read(reader, raw: bytes):
    try:
        source = reader(raw, "request")
    except InputError as e:
        return ("problems", [p.render("en") for p in e.problems])
    return ("data", typed(source.data), source.text, source.line_of(("debts", 0, "amount")))


def same_as_yaml(raw: bytes) -> None:
    assert read(json_body.from_bytes, raw) == read(yaml_from_bytes, raw)


printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=16)  # mostly read by the JSON reader
keys = st.one_of(st.sampled_from(["case_id", "as_of", "debts", "amount", "creditor", "<<", "1", "true", "null", "", "a b", "2026-01-01"]),
                 st.text(max_size=12), printable)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**25, 10**25), st.floats(allow_nan=False, allow_infinity=False),
                    st.text(max_size=16), printable, st.sampled_from(["2026-02-30", "2026-01-05", "1e5", "0x1F", "yes", "~", "12:30"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
                      max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, values, max_size=6), st.booleans(), st.sampled_from([None, 0, 2]),
       st.sampled_from([(", ", ": "), (",", ":"), (" , ", " : ")]))
def test_a_json_body_reads_to_exactly_the_data_of_the_same_text_read_as_yaml(document, ascii_only, indent, separators):
    raw = json.dumps(document, ensure_ascii=ascii_only, indent=indent, separators=separators).encode("utf-8")
    same_as_yaml(raw)


# JSON texts written by hand, token by token: numbers as people write them (1e5 is text in
# YAML 1.1, 1.5e+3 a number), duplicated keys, escapes libyaml refuses, characters YAML reads
# as line breaks, a key on its own line, long keys, deep nesting.
numbers = st.sampled_from(["0", "-0", "1", "-1", "12", "1e5", "1E5", "1e+5", "1.5", "-0.0", "1.5e3", "1.5e+3", "1.5E-3", "0.1",
                           "14.6", "123456789012345678901234567890", "NaN", "Infinity", "-Infinity", "1" * 5000])
strings = st.one_of(st.text(max_size=8).map(lambda s: json.dumps(s, ensure_ascii=False)),
                    st.sampled_from(['"\\ud83d\\ude00"', '"\\ud800"', '"\\u0000"', '"\\/"', '"a\\"b"', '"\\\\ud800"', '"\x85"',
                                     '"\u2028"', '"\x7f"', '"\ufeff"', '"\x9b"', '"\t"', '"\\t"', '"é\\u00e9"', '"' + "k" * 200 + '"']))
gaps = st.sampled_from(["", " ", "\n", "  \n  ", "\t", "\r\n"])


def json_like(depth: int = 0):
    scalar = st.one_of(numbers, strings, st.sampled_from(["true", "false", "null"]))
    if depth >= 3:
        return scalar

    inner = json_like(depth + 1)
    pair = st.tuples(strings, gaps, gaps, inner).map(lambda t: f"{t[0]}{t[1]}:{t[2]}{t[3]}")
    mapping = st.lists(pair, max_size=4).map(lambda ps: "{" + ",".join(ps) + "}")
    sequence = st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")
    return st.one_of(scalar, mapping, sequence)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(strings, gaps, gaps, json_like()), max_size=5), gaps, gaps)
@example([('"a"', "", " ", "1"), ('"a"', "", " ", "2")], "", "\n")  # a duplicated key
@example([('"a"', "\n", " ", "1")], "", "")  # a key and its ':' on two lines
@example([('"a"', "", " ", "[" * 40 + "]" * 40)], "", "")  # nested beyond MAX_NESTING
def test_hand_written_json_reads_as_yaml_reads_it_or_the_yaml_loader_decides(pairs, before, after):
    text = before + "{" + ",".join(f"{k}{g1}:{g2}{v}" for k, g1, g2, v in pairs) + "}" + after
    same_as_yaml(text.encode("utf-8", "surrogatepass"))


def test_a_duplicated_key_is_refused_with_both_lines_as_in_a_file():
    raw = b'{\n  "case_id": "a",\n  "case_id": "b"\n}\n'
    with pytest.raises(InputError) as err:
        json_body.from_bytes(raw, "request")
    assert "line 2 and again on line 3" in err.value.problems[0].render("en")


def test_the_scenario_cases_posted_as_json_take_the_json_reader():
    """Not a reader that always hands over: every scenario's case, as the API's JSON, is read by it."""
    from tsumitate.sources import load

    read_here = 0
    for path in sorted((ROOT / "scenarios").rglob("*.yaml"))[:60]:
        try:
            case = load(path).data.get("case")
        except (InputError, AttributeError):
            continue
        if not isinstance(case, dict):
            continue
        raw = json.dumps(case, ensure_ascii=False, default=str).encode("utf-8")
        json_body.data(raw.decode("utf-8"))  # raises if it hands the body to the YAML loader
        same_as_yaml(raw)
        read_here += 1
    assert read_here >= 20
