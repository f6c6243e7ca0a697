"""The intake form is generated from the case model: every field a case file may hold has an
input (or, for a list inside a list, a note to use the YAML file), so a field added to the model
appears on the page without editing it."""

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
            rows[s.key] = ({f.path for f in s.fields}, set(s.unsupported))
        else:
            inputs |= {f.path for f in s.fields}
    for path, item in _leaves(schema, defs):
        if item is None:
            assert path in inputs, f"{path} has no input on the page"
            continue
        cols, notes = rows[path]
        for col, nested in _leaves(item, defs):
            assert col in cols or (nested is not None and field_label(f"{path}[].{col}") in notes) or \
                (nested is None and field_label(f"{path}[].{col}") in notes), f"{path}[].{col} has no column on the page"


def test_every_input_of_the_form_has_a_japanese_name():
    form = build_form("ja")
    for f in form.basics + [f for s in form.sections for f in s.fields]:
        assert any("\u3040" <= ch <= "\u9fff" for ch in f.label), \
            f"{f.path} is labelled {f.label!r}: add its Japanese name to FIELDS in src/tsumitate/model/field_labels.py"
