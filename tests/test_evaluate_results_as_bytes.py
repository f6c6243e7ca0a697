"""evaluate hands each result over as the bytes stdout gets (``Form.utf8``): they are exactly the plain
path's text, control characters written out by the terminal guard, in UTF-8, whatever the case holds."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from tsumitate.evaluate_files import Form
from tsumitate.output.visible import visible

# What a result holds, made hostile: any text (controls, bidi overrides, lone surrogates), integers past 64 bits.
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
results = st.dictionaries(st.text(max_size=8), values, max_size=6)


@settings(max_examples=300, deadline=None)
@given(results)
def test_a_json_result_as_bytes_is_the_plain_line_written_out_and_encoded(result):
    plain = Form("json").renderer()(result)
    assert Form("json", utf8=True).renderer()(result) == visible(plain).encode("utf-8")


def test_a_name_with_an_escape_sequence_comes_written_out_in_json_and_in_text():
    result = {"case_id": "x\x1b]0;pwned\x07", "creditor": "A\u202e社", "big": 2 ** 70, "odd": "\ud800"}
    data = Form("json", utf8=True).renderer()(result)
    assert data == visible(Form("json").renderer()(result)).encode("utf-8")
    assert b"\x1b" not in data and "\u202e".encode() not in data and b"\\ud800" in data
