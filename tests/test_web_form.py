"""The intake form is generated from the case model: every field a case file may hold has an
input (a list of rows inside a row — a creditor's 取引履歴 — has rows under that row; anything
deeper, a note to use the YAML file), so a field added to the model appears on the page without
editing it. The English page names every input in English."""

from tsumitate.model.case import Case
from tsumitate.model.field_labels import field_label
from tsumitate.web.form import build_form


def _leaves(schema, defs, prefix=""):
    out = []
    for name, prop in schema.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        if "anyOf" in prop:
            options = [o for o in prop["anyOf"] if o.get("type") != "null"]
            prop = options[0] if len(options) == 1 else prop
        if "$ref" in prop:
            prop = defs[prop["$ref"].rsplit("/", 1)[-1]]
        if prop.get("type") == "object" and "properties" in prop:
            out += _leaves(prop, defs, path)
        elif prop.get("type") == "array":
            item = prop.get("items", {})
            item = defs[item["$ref"].rsplit("/", 1)[-1]] if "$ref" in item else item
            out.append((path, item if item.get("type") == "object" else None))
        else:
            out.append((path, None))
    return out


def test_every_field_of_the_case_model_has_a_place_in_the_form():
    schema = Case.model_json_schema()
    defs = schema["$defs"]
    form = build_form("ja")
    inputs = {f.path for f in form.basics} | {"court"}
    rows = {}
    for s in form.sections:
        if s.kind == "rows":
            rows[s.key] = ({f.path for f in s.fields}, set(s.unsupported), {r.key: {f.path for f in r.fields} for r in s.subrows})
        else:
            inputs |= {f.path for f in s.fields}
    for path, item in _leaves(schema, defs):
        if item is None:
            assert path in inputs, f"{path} has no input on the page"
            continue
        cols, notes, subrows = rows[path]
        for col, nested in _leaves(item, defs):
            if nested is not None and col in subrows:
                for sub_col, deeper in _leaves(nested, defs):
                    assert deeper is None and sub_col in subrows[col], f"{path}[].{col}[].{sub_col} has no column on the page"
                continue
            assert col in cols or field_label(f"{path}[].{col}") in notes, f"{path}[].{col} has no column on the page"


def test_a_creditors_transaction_history_is_rows_under_the_creditor_not_left_to_the_yaml_file():
    debts = next(s for s in build_form("ja").sections if s.key == "debts")
    assert [r.key for r in debts.subrows] == ["transactions"] and "取引履歴" not in debts.unsupported
    assert [(f.path, f.kind) for f in debts.subrows[0].fields] == [("date", "date"), ("borrow", "yen"), ("repay", "yen")]


def test_every_input_of_the_english_form_has_an_english_name():
    form = build_form("en")
    sections = form.sections
    for f in form.basics + [f for s in sections for f in s.fields] + [f for s in sections for r in s.subrows for f in r.fields]:
        assert not any("\u3040" <= ch <= "\u9fff" for ch in f.label), f"{f.path} is labelled {f.label!r} on the English page"
        for value, label in f.choices:
            assert not any("\u3040" <= ch <= "\u9fff" for ch in label), f"{f.path}: choice {value} reads {label!r} in English"


def test_every_input_of_the_form_has_a_japanese_name():
    form = build_form("ja")
    for f in form.basics + [f for s in form.sections for f in s.fields] + [f for s in form.sections for r in s.subrows for f in r.fields]:
        assert any("\u3040" <= ch <= "\u9fff" for ch in f.label), \
            f"{f.path} is labelled {f.label!r}: add its Japanese name to FIELDS in src/tsumitate/model/field_labels.py"
