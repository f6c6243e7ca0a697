"""A case (plain data) -> the office workbook; no case -> the empty template (``tsumitate template``).

Japanese labels, yen formats, dates as Excel dates, drop-down lists (data validation) with the
Japanese labels of every choice and yes/no field, an instruction row per sheet. Text is always
stored as text (a creditor named ``=HYPERLINK(...)`` stays a name, never a formula). No macros:
openpyxl writes plain .xlsx.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .layout import (BOOL_LABELS, CHOICES_SHEET, DEBTS, FORMS, LINK_NAME_LABEL, LINK_NO_LABEL, NO_LABEL, TABLES, Form, Kind,
                     Table, choice_label, present, table_present)

YEN_FORMAT = '#,##0'
DATE_FORMAT = 'yyyy/m/d'
TEXT_FORMAT = '@'
BLANK_ROWS = 30  # formatted empty rows below a table's data, ready to type into

_TITLE = Font(bold=True, color="FFFFFF")
_TITLE_FILL = PatternFill("solid", fgColor="4F6D8F")
_INPUT_FILL = PatternFill("solid", fgColor="FFF9DB")
_NOTE = Font(color="666666", size=9)
_INSTRUCTION = Font(italic=True, color="444444")
_FORMATS = {"yen": YEN_FORMAT, "int": "0", "number": "General", "date": DATE_FORMAT, "month": TEXT_FORMAT,
            "text": TEXT_FORMAT, "choice": "General", "bool": "General"}


class NotStorable(ValueError):
    """Text Excel cannot hold (control characters other than tab and line breaks): ``path`` says where."""

    def __init__(self, path: tuple, char: str):
        from ..errors import M

        self.path = path
        self.msg = M(f"制御文字 U+{ord(char):04X} は Excel のセルにそのまま保存できません（削除するか、改行は LF にしてください）",
                     f"the control character U+{ord(char):04X} cannot be stored as it is in an Excel cell (remove it; line breaks as LF)")
        super().__init__(self.msg.en)


# What XML 1.0 (and so .xlsx) cannot hold, and a carriage return (XML reads it back as a line feed).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\r\x0e-\x1f]")


def check_storable(data: Any, path: tuple = ()) -> None:
    """Raise ``NotStorable`` at the first text in ``data`` that a workbook cannot hold."""
    todo = [(path, data)]
    while todo:
        where, value = todo.pop()
        if isinstance(value, str):
            m = _ILLEGAL.search(value)
            if m:
                raise NotStorable(where, m.group())
        elif isinstance(value, dict):
            todo.extend((where + (k,), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            todo.extend((where + (i,), v) for i, v in reversed(list(enumerate(value))))


def workbook_bytes(data: dict[str, Any] | None = None, courts: list[str] | None = None) -> bytes:
    """The workbook as .xlsx bytes: ``data`` filled in, or the empty template when None.
    ``NotStorable`` when a text holds a character Excel cannot store."""
    check_storable(data or {})
    out = io.BytesIO()
    build(data, courts).save(out)
    return out.getvalue()


def build(data: dict[str, Any] | None = None, courts: list[str] | None = None) -> Workbook:
    data = data or {}
    wb = Workbook()
    wb.remove(wb.active)
    lists = _Lists(wb.create_sheet(CHOICES_SHEET))
    for form in FORMS:
        _form(wb, form, data, lists, courts or [])
    for table in TABLES:
        if table_present(table):
            _table(wb, table, data, lists)
    lists.sheet.sheet_state = "hidden"
    wb.move_sheet(CHOICES_SHEET, offset=len(wb.sheetnames) - 1)
    wb.active = 0
    return wb


class _Lists:
    """The hidden sheet holding each drop-down's labels, one column per list."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.ranges: dict[tuple[str, ...], str] = {}

    def range_for(self, name: str, labels: tuple[str, ...]) -> str:
        if labels not in self.ranges:
            col = get_column_letter(len(self.ranges) + 1)
            self.sheet[f"{col}1"] = name
            for i, label in enumerate(labels, 2):
                _text_cell(self.sheet[f"{col}{i}"], label)
            self.ranges[labels] = f"{quote_sheetname(CHOICES_SHEET)}!${col}$2:${col}${len(labels) + 1}"
        return self.ranges[labels]


def _validation(lists: _Lists, name: str, kind: Kind, courts: list[str]) -> DataValidation | None:
    if kind.name == "choice":
        labels = tuple(choice_label(c) for c in kind.choices)
    elif kind.name == "bool":
        labels = (BOOL_LABELS[True], BOOL_LABELS[False])
    elif name == "court" and courts:
        dv = DataValidation(type="list", formula1=lists.range_for("court", tuple(courts)), allow_blank=True)
        dv.showErrorMessage = False  # an id (tokyo) or another spelling is fine too
        return dv
    else:
        return None
    dv = DataValidation(type="list", formula1=lists.range_for(name, labels), allow_blank=True)
    dv.error = "リストから選んでください"
    dv.errorTitle = "入力できない値です"
    dv.showErrorMessage = True
    return dv


def _form(wb: Workbook, form: Form, data: dict, lists: _Lists, courts: list[str]) -> None:
    ws = wb.create_sheet(form.name)
    _instruction(ws, form.instruction, 4)
    for col, title in enumerate(("項目", "値", "キー", "説明"), 1):
        _header(ws.cell(2, col), title)
    row = 3
    for field, kind in present((), form.fields):
        label = field.label + ("（必須）" if kind.required and "必須" not in field.note else "")
        ws.cell(row, 1, label)
        value_cell = ws.cell(row, 2)
        _put(value_cell, kind, _get(data, field.path))
        value_cell.fill = _INPUT_FILL
        _text_cell(ws.cell(row, 3), ".".join(field.path)).font = _NOTE
        ws.cell(row, 4, field.note or None).font = _NOTE
        dv = _validation(lists, ".".join(field.path), kind, courts)
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(value_cell.coordinate)
        row += 1
    for col, width in zip("ABCD", (36, 28, 34, 48)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A3"


def _table(wb: Workbook, table: Table, data: dict, lists: _Lists) -> None:
    ws = wb.create_sheet(table.name)
    fields = present(table.path, table.columns)
    lead = [NO_LABEL] if table is DEBTS else [LINK_NO_LABEL, LINK_NAME_LABEL] if len(table.path) > 1 else []
    _instruction(ws, table.instruction, len(lead) + len(fields))
    for col, title in enumerate(lead + [f.label for f, _ in fields], 1):
        _header(ws.cell(2, col), title)
    records = list(_records(table, data))
    last = 2 + max(len(records) + BLANK_ROWS, BLANK_ROWS)
    for i, (lead_values, record) in enumerate(records):
        row = 3 + i
        for col, value in enumerate(lead_values, 1):
            cell = ws.cell(row, col)
            if isinstance(value, str):
                _text_cell(cell, value)
            else:
                cell.value = value
        for col, (field, kind) in enumerate(fields, len(lead) + 1):
            _put(ws.cell(row, col), kind, _get(record, field.path))
    for col, (field, kind) in enumerate(fields, len(lead) + 1):
        letter = get_column_letter(col)
        for row in range(3 + len(records), last + 1):
            ws.cell(row, col).number_format = _FORMATS[kind.name]
        dv = _validation(lists, field.path[-1], kind, [])
        if dv is not None:
            ws.add_data_validation(dv)
            dv.add(f"{letter}3:{letter}{2 + table.max_rows}")
        ws.column_dimensions[letter].width = max(12, min(30, 2 * len(field.label) + 2))
    for col in range(1, len(lead) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 8 if lead[col - 1] == NO_LABEL else 22 if col == 2 else 10
    ws.freeze_panes = "A3"


def _records(table: Table, data: dict):
    """(lead cells, record) per row: debts with their No., each debt's transactions with the debt's No. and name."""
    if len(table.path) == 1:
        items = data.get(table.path[0]) or []
        for i, item in enumerate(items, 1):
            yield ([i] if table is DEBTS else []), item
        return
    outer, inner = table.path
    for i, parent in enumerate(data.get(outer) or [], 1):
        for item in parent.get(inner) or []:
            yield [i, parent.get("creditor", "")], item


def _get(data: dict, path: tuple[str, ...]):
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _put(cell, kind: Kind, value) -> None:
    cell.number_format = _FORMATS[kind.name]
    if value is None:
        return
    if hasattr(value, "value") and not isinstance(value, (str, int)):  # an Enum
        value = value.value
    if kind.name == "choice":
        _text_cell(cell, choice_label(str(getattr(value, "value", value))))
    elif kind.name == "bool":
        cell.value = BOOL_LABELS[bool(value)]
    elif kind.name in ("text", "month"):
        _text_cell(cell, str(value))
    elif kind.name == "date":
        cell.value = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    elif isinstance(value, Decimal):
        cell.value = int(value) if value == value.to_integral_value() else float(value)
    else:
        cell.value = value


def _text_cell(cell, text: str):
    """Store text as text: openpyxl would make ``=...`` a formula. (Control characters a cell
    cannot hold never get here: ``check_storable`` refuses them at their field first, rather
    than writing a different text than the case's.)"""
    cell.value = text
    cell.data_type = "s"
    return cell


def _instruction(ws, text: str, width: int) -> None:
    ws.cell(1, 1, text).font = _INSTRUCTION
    ws.cell(1, 1).alignment = Alignment(wrap_text=False)
    if width > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)


def _header(cell, title: str) -> None:
    cell.value = title
    cell.font = _TITLE
    cell.fill = _TITLE_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
