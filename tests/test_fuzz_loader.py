"""Property tests over the loader: whatever bytes or text arrive, the only failure is ``InputError``."""

from __future__ import annotations

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from tsumitate.errors import InputError
from tsumitate.model.case_file import case_from_source
from tsumitate.sources import YamlSource, decode, parse

CASE_KEYS = ["case_id", "as_of", "procedure", "court", "household", "debts", "deposits", "milestones", "fee_contract",
             "monthly_income", "amount", "creditor", "month", "due", "paid", "withdrawn", "kind", "<<", "!!python/object"]


def load_text(text: str):
    """Text through the whole loading path: parse, then validate as a case."""
    try:
        data = parse(text, "fuzz.yaml")
        case_from_source(YamlSource("fuzz.yaml", text, data))
    except InputError as e:
        assert e.problems and all(str(p).startswith("fuzz.yaml") for p in e.problems)


def load_bytes(raw: bytes):
    try:
        text = decode(raw, "fuzz.yaml")
    except InputError as e:
        assert e.problems
        return
    load_text(text)


@given(st.binary(max_size=2000))
def test_random_bytes_never_raise_anything_but_input_error(raw):
    load_bytes(raw)


@given(st.text(max_size=2000))
def test_random_text_never_raises_anything_but_input_error(text):
    load_text(text)


yaml_chars = st.sampled_from(list("[]{}:,-?&*!|>'\"%@`#\n \t") + ["  ", "- ", ": ", "!!python/object:os.system ", "&a ", "*a ",
                                                                      "2026-02-30", "1e6", "0x", "<<: ", "---\n", "\\u", "\ud800"])


@given(st.lists(st.one_of(yaml_chars, st.sampled_from(CASE_KEYS), st.text(max_size=5)), max_size=200).map("".join))
def test_yaml_like_noise_never_raises_anything_but_input_error(text):
    load_text(text)


json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                         st.text(max_size=20), st.sampled_from(["2026-02-30", "2026-13", "voluntary_arrangement", "tokyo"]))
shapes = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(CASE_KEYS), st.text(max_size=8)), inner, max_size=5)), max_leaves=30)


@given(st.dictionaries(st.sampled_from(CASE_KEYS), shapes, max_size=8), st.booleans())
def test_case_shaped_data_of_any_types_never_raises_anything_but_input_error(data, as_json):
    import json

    text = json.dumps(data, ensure_ascii=False) if as_json else yaml.safe_dump(data, allow_unicode=True)
    load_text(text)


@given(st.dictionaries(st.sampled_from(CASE_KEYS), shapes, max_size=8), st.integers(0, 400), st.binary(min_size=1, max_size=4))
def test_corrupted_bytes_in_a_plausible_file_never_raise_anything_but_input_error(data, at, junk):
    raw = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    at = min(at, len(raw))
    load_bytes(raw[:at] + junk + raw[at:])


def _typed(x):
    """Data with every value's type spelled out (True == 1 and 1 == 1.0 in Python; NaN != NaN)."""
    if isinstance(x, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in x.items()])
    if isinstance(x, list):
        return ("list", [_typed(v) for v in x])
    if isinstance(x, float) and x != x:
        return ("float", "nan")
    return (type(x).__name__, x)


# Pieces of YAML 1.1 plain scalars: ints in every base, sexagesimals, floats, bools, nulls, dates.
scalar_pieces = st.sampled_from(list("0123456789-+:._eExobEYyNnoOfFtT~") + [
    "yes", "no", "on", "off", "true", "False", "NULL", "null", ".inf", "-.Inf", ".nan", "0x", "0o", "0b",
    "2026-", "02-", "28", "T10:00:00", "Z", " +09:00", "1_000"])
plain_scalars = st.one_of(st.lists(scalar_pieces, min_size=1, max_size=8).map("".join),
                          st.from_regex(r"\A[-+]?[0-9_]{1,6}\Z"), st.from_regex(r"\A[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\Z"))


@given(st.lists(plain_scalars, min_size=1, max_size=30))
@example(["0", "012", "-0", "+12", "0x1F", "0o17", "0b101", "1_000", "1:30", "08", "1" * 4301, "2026-02-28",
          "2026-02-30", "2026-1-5", "0000-01-01", "2026-02-28T10:00:00Z", "yes", "Off", "~", "1e3", "1.5", ".nan", "１２"])
def test_the_loader_reads_every_plain_value_as_yaml_1_1_does(values):
    # Our loader builds data from the node tree itself (for speed): it must read every plain
    # scalar exactly as PyYAML's SafeLoader does (ints, floats, bools, nulls, dates, text).
    readable = []
    for v in values:
        try:
            yaml.load(f"- {v}\n", Loader=yaml.SafeLoader)
        except (yaml.YAMLError, ValueError, OverflowError):
            continue  # impossible dates, 4,301 digits: the loader keeps them as text on purpose
        readable.append(v)
    for text in ("".join(f"key{i}: {v}\n" for i, v in enumerate(readable)),
                 "".join(f"- {v}\n" for v in readable),
                 "[" + ", ".join(readable) + "]\n"):
        try:
            expected = yaml.load(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            continue  # a flow list of odd plain scalars may not parse: nothing to compare
        assert _typed(parse(text, "fuzz.yaml")) == _typed(expected)
