"""Property tests over the loader: whatever bytes or text arrive, the only failure is ``InputError``."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from tsumitate.errors import InputError
from tsumitate.model.case_file import case_from_source
from tsumitate.sources import Source, decode, parse

CASE_KEYS = ["case_id", "as_of", "procedure", "court", "household", "debts", "deposits", "milestones", "fee_contract",
             "monthly_income", "amount", "creditor", "month", "due", "paid", "withdrawn", "kind", "<<", "!!python/object"]


def load_text(text: str):
    """Text through the whole loading path: parse, then validate as a case."""
    try:
        data = parse(text, "fuzz.yaml")
        case_from_source(Source("fuzz.yaml", text, data))
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
