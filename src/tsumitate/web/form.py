"""The intake form, generated from the case model's JSON Schema.

A field added to the case model (a creditor's ``collateral_value``, an asset) appears in the
form with an input of its type, without editing a template: integers become yen inputs, booleans
checkboxes, enumerations drop-down lists, dates date pickers. Names come from
``model.field_labels``. A list of plain rows inside a row (a creditor's 取引履歴,
``debts[].transactions``) becomes rows under that row (``SubRows``); what a form still cannot
hold (a list deeper than that) is listed as "edit in the YAML file" instead of silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model.case import Case
from ..model.field_labels import choice_label, field_label

# top-level fields the template places itself (court has its own search box)
SPECIAL = {"court"}
# order of the form's sections (anything new goes after them, in model order)
SECTION_ORDER = ("household", "assets", "debts", "fee_contract", "deposits", "milestones")


@dataclass
class Field:
    path: str          # dotted path relative to its container (``household.monthly_income`` or, in a row, ``amount``)
    label: str
    kind: str          # yen | int | bool | tristate | enum | date | month | text | decimal
    required: bool
    default: Any = None
    choices: list[tuple[str, str]] = field(default_factory=list)
    help: str | None = None

    @property
    def default_text(self) -> str:
        if self.default is None:
            return ""
        if isinstance(self.default, bool):
            return "true" if self.default else "false"
        return str(self.default)


@dataclass
class SubRows:
    """Rows under one row of a section (a creditor's transactions): ``key`` is the row's list field."""

    key: str
    label: str
    fields: list[Field]


@dataclass
class Section:
    key: str
    label: str
    kind: str                      # fields | rows
    fields: list[Field]
    unsupported: list[str] = field(default_factory=list)  # labels of nested lists left to the YAML file
    required: bool = False
    subrows: list[SubRows] = field(default_factory=list)  # rows sections only


@dataclass
class Form:
    basics: list[Field]
    sections: list[Section]
    court_required: bool = True
    court_label: str = "裁判所"


def _resolve(schema: dict, defs: dict) -> dict:
    """Follow a ``$ref``; keep the referring property's own default and description."""
    if "$ref" in schema:
        target = dict(defs[schema["$ref"].rsplit("/", 1)[-1]])
        for k in ("default", "description"):
            if k in schema:
                target[k] = schema[k]
        return target
    return schema


def _nullable(schema: dict, defs: dict) -> tuple[dict, bool]:
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        if len(options) == 1:
            inner = dict(_resolve(options[0], defs))
            for k in ("default", "description"):
                if k in schema:
                    inner[k] = schema[k]
            return inner, True
    return _resolve(schema, defs), False


def _kind(schema: dict) -> str:
    if "enum" in schema:
        return "enum"
    t = schema.get("type")
    if t == "boolean":
        return "bool"
    if t == "integer":
        return "yen" if schema.get("maximum") == 100_000_000_000 or "yen" in (schema.get("description") or "") else "int"
    if t == "number":
        return "decimal"
    if t == "string" and schema.get("format") == "date":
        return "date"
    if t == "string" and (schema.get("description") or "").startswith("YYYY-MM") and "DD" not in (schema.get("description") or ""):
        return "month"
    return "text"


def _fields(schema: dict, defs: dict, prefix: str, label_prefix: str, lang: str, out: list[Field], unsupported: list[str],
            subrows: list[SubRows] | None = None) -> None:
    """The inputs of an object's fields into ``out``; a list of plain rows into ``subrows`` when the
    caller can show rows under a row, else its name into ``unsupported``."""
    required = set(schema.get("required", ()))
    for name, prop in schema.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        label_path = f"{label_prefix}.{name}" if label_prefix else name
        inner, nullable = _nullable(prop, defs)
        if inner.get("type") == "object" and "properties" in inner:
            _fields(inner, defs, path, label_path, lang, out, unsupported, subrows)
            continue
        if inner.get("type") == "array":
            item = _resolve(inner.get("items", {}), defs)
            cols: list[Field] = []
            deeper: list[str] = []
            if subrows is not None and item.get("type") == "object" and "properties" in item:
                _fields(item, defs, "", f"{label_path}[]", lang, cols, deeper)
            if cols and not deeper:
                subrows.append(SubRows(path, field_label(label_path, lang), cols))
            else:
                unsupported.append(field_label(label_path, lang))
            continue
        kind = _kind(inner)
        if kind == "bool" and (nullable or inner.get("default", prop.get("default")) is None):
            kind = "tristate"  # true / false / not given (the model decides): a checkbox cannot say "not given"
        choices = [(v, choice_label(v, lang)) for v in inner.get("enum", ())]
        out.append(Field(path=path, label=field_label(label_path, lang), kind=kind,
                         required=name in required and not nullable, default=inner.get("default", prop.get("default")),
                         choices=choices, help=inner.get("description")))


@lru_cache(maxsize=4)
def build_form(lang: str = "ja") -> Form:
    schema = Case.model_json_schema()
    defs = schema.get("$defs", {})
    props = schema["properties"]
    required = set(schema.get("required", ()))
    basics: list[Field] = []
    sections: dict[str, Section] = {}
    for name, prop in props.items():
        if name in SPECIAL:
            continue
        inner, nullable = _nullable(prop, defs)
        if inner.get("type") == "array":
            item = _resolve(inner["items"], defs)
            cols: list[Field] = []
            unsupported: list[str] = []
            subrows: list[SubRows] = []
            _fields(item, defs, "", f"{name}[]", lang, cols, unsupported, subrows)
            sections[name] = Section(name, field_label(name, lang), "rows", cols, unsupported, required=name in required,
                                     subrows=subrows)
        elif inner.get("type") == "object":
            fs: list[Field] = []
            unsupported = []
            _fields(inner, defs, name, name, lang, fs, unsupported)
            sections[name] = Section(name, field_label(name, lang), "fields", fs, unsupported, required=name in required)
        else:
            wrapped = {"properties": {name: prop}, "required": [name] if name in required else []}
            _fields(wrapped, defs, "", "", lang, basics, [])
    ordered = [sections[k] for k in SECTION_ORDER if k in sections] + [s for k, s in sections.items() if k not in SECTION_ORDER]
    return Form(basics, ordered, court_required="court" in required, court_label=field_label("court", lang))
