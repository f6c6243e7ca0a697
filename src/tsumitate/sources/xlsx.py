"""An office workbook (.xlsx) -> a ``Source``: the same plain data a YAML case gives, located by ``SHEET!CELL``.

The layout (which sheet, row or column holds each field) is ``workbook/layout.py``; reading one
cell the way people fill in Excel is ``workbook/cells.py``. Before openpyxl sees a byte, the
container is checked: an encrypted (password-protected) or old .xls file, a corrupt zip, a zip
bomb (members' uncompressed sizes, compression methods, CRCs checked while streaming in 64 KB
chunks) or a sheet with too many rows or cells is refused with one line. Then openpyxl, in
read-only mode (only the case's sheets are parsed), gives the values Excel saved (``data_only``:
a formula's cached result); one streaming pass over each case sheet's XML (defusedxml) finds
what read-only mode does not give: merged ranges, hidden rows and formulas with no saved result
(a file written by a script and never opened in Excel). Extra sheets and columns are ignored
and named in a notice; hidden rows are read (and named); a cell merged down a table column
applies to each row it covers.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, M, Problem
from ..workbook.cells import CellError, is_empty, norm, read
from ..workbook.layout import (CHOICES_SHEET, DEBTS, FORMS, LEDGER, LINK_NAME_KEY, LINK_NAME_LABEL, LINK_NO_KEY, LINK_NO_LABEL,
                               NO_KEY, NO_LABEL, TABLES, TRANSACTIONS, Field, Kind, Table, present, table_present)
from .base import MappedSource, Notice
from .read import read_bytes

MAX_XLSX_BYTES = 10 * 1024 * 1024  # the file itself; a case workbook is 10-100 KB
MAX_MEMBER_BYTES = 32 * 1024 * 1024  # one part of the zip, uncompressed
MAX_TOTAL_BYTES = 64 * 1024 * 1024  # all parts, uncompressed (a zip bomb stops here, before openpyxl)
MAX_MEMBERS = 1000
MAX_SHEET_ROWS = 25_000  # the longest table (取引履歴) holds 20,000
MAX_CELLS = 300_000  # all sheets together

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx or an old .xls is an OLE compound file
_TOTALS = {"合計", "計", "総計", "小計", "合計額", "total", "sum"}


class XlsxSource(MappedSource):
    """A workbook's data; ``line_of`` answers ``SHEET!CELL`` (or the sheet) for a field path."""


def load(path: str | Path) -> XlsxSource:
    """Read and check one workbook; ``InputError`` lists every problem as ``FILE:SHEET!CELL: field: problem``."""
    name = str(path)
    return from_bytes(read_bytes(path, MAX_XLSX_BYTES, "a workbook"), name)


def from_bytes(raw: bytes, name: str) -> XlsxSource:
    """The same, for bytes already in memory (an upload)."""
    check_container(raw, name)
    import openpyxl  # imported here: reading YAML never pays for it

    known = {f.name for f in FORMS} | {t.name for t in TABLES}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops (slicers, conditional formats)
        try:
            # read-only: sheets are parsed only when read, so an ignored sheet costs nothing
            wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            try:
                titles = list(wb.sheetnames)
                sheets = {ws.title: _Sheet.read(ws, wb) for ws in wb.worksheets if ws.title in known}
            finally:
                wb.close()
        except InputError:
            raise
        except Exception as e:  # noqa: BLE001 - any failure inside openpyxl is a broken file to the user
            raise _refuse(name, f"Excel ファイルとして読めません（壊れています）: {type(e).__name__}",
                          f"cannot be read as an Excel workbook (damaged): {type(e).__name__}") from None
    reader = _Reader(name, titles, sheets)
    reader.read()
    if reader.problems:
        raise InputError(reader.problems)
    return XlsxSource(name, reader.data, reader.locations, tuple(reader.notices))


class _Cell:
    __slots__ = ("value", "data_type", "coordinate")

    def __init__(self, value, data_type, coordinate):
        self.value = value
        self.data_type = data_type
        self.coordinate = coordinate


class _Sheet:
    """One sheet's cells, read once (values as Excel saved them), with what openpyxl's read-only
    mode does not give: merged ranges, hidden rows, and formulas that have no saved result."""

    def __init__(self, title: str):
        self.title = title
        self.cells: dict[tuple[int, int], tuple[Any, str]] = {}
        self.max_row = self.max_column = 0
        self.merged: list = []
        self.hidden_rows: set[int] = set()
        self.uncached: dict[str, str] = {}  # coordinate -> formula, for formulas without a saved result

    @classmethod
    def read(cls, ws, wb) -> "_Sheet":
        sheet = cls(ws.title)
        ws.reset_dimensions()  # do not trust the file's <dimension>: read the rows that are there
        for row in ws.iter_rows():
            for cell in row:
                if getattr(cell, "row", None) is None or (cell.value is None and cell.data_type != "e"):
                    continue
                sheet.cells[(cell.row, cell.column)] = (cell.value, cell.data_type)
                sheet.max_row = max(sheet.max_row, cell.row)
                sheet.max_column = max(sheet.max_column, cell.column)
        sheet._structure(wb._archive, ws._worksheet_path)
        return sheet

    def _structure(self, archive: zipfile.ZipFile, member: str) -> None:
        from defusedxml.ElementTree import iterparse
        from openpyxl.worksheet.cell_range import CellRange

        with archive.open(member) as f:
            in_cell: str | None = None
            formula: str | None = None
            cached = False
            for event, elem in iterparse(f, events=("start", "end")):
                tag = elem.tag.rsplit("}", 1)[-1]
                if event == "start":
                    if tag == "row" and elem.get("hidden") in ("1", "true") and (elem.get("r") or "").isdigit():
                        self.hidden_rows.add(int(elem.get("r")))
                    elif tag == "c":
                        in_cell, formula, cached = elem.get("r"), None, False
                    continue
                if tag == "f" and in_cell:
                    formula = "=" + (elem.text or "")
                elif tag == "v" and in_cell:
                    cached = bool(elem.text)
                elif tag == "c":
                    if formula is not None and not cached and in_cell:
                        self.uncached[in_cell] = formula
                    in_cell = None
                    elem.clear()
                elif tag == "row":
                    elem.clear()
                elif tag == "mergeCell" and elem.get("ref"):
                    try:
                        self.merged.append(CellRange(elem.get("ref")))
                    except (ValueError, TypeError):
                        pass

    def cell(self, row: int, column: int) -> _Cell:
        value, data_type = self.cells.get((row, column), (None, "n"))
        return _Cell(value, data_type, f"{_letter(column)}{row}")

    def has_values(self) -> bool:
        return any(not is_empty(v) for v, _ in self.cells.values())


# ---------------------------------------------------------------------------------------------- container

def _refuse(name: str, ja: str, en: str) -> InputError:
    return InputError.single(name, None, "-", M(ja, en))


def check_container(raw: bytes, name: str) -> None:
    """Refuse what is not a sane .xlsx before openpyxl parses it."""
    if raw.startswith(_OLE):
        raise _refuse(name, "パスワードで保護（暗号化）されたブック、または古い .xls 形式です。Excel でパスワードを外し、.xlsx 形式で保存し直してください",
                      "a password-protected (encrypted) workbook or an old .xls file: remove the password in Excel and save as .xlsx")
    if not raw.startswith(b"PK"):
        raise _refuse(name, "Excel ブック（.xlsx）ではありません", "not an Excel workbook (.xlsx is a zip file; this is not)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise _refuse(name, "壊れた Excel ファイルです（zip として読めません）", "a damaged Excel file (not a readable zip)") from None
    if len(infos) > MAX_MEMBERS:
        raise _refuse(name, f"ブックの部品が多すぎます（{len(infos):,} 個、上限 {MAX_MEMBERS:,}）", f"{len(infos):,} parts in the zip; at most {MAX_MEMBERS:,}")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise _refuse(name, "Excel ブックではありません（xl/workbook.xml がありません）", "not an Excel workbook (no xl/workbook.xml)")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _refuse(name, "暗号化された部品があります。パスワードを外して保存し直してください", "an encrypted part: remove the password and save again")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(name, "Excel が使わない圧縮方式の部品があります（.xlsx ではありません）", "a part uses a compression Excel does not (not an .xlsx)")
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise _refuse(name, f"展開後のサイズが大きすぎます（zip 爆弾の可能性。部品 {info.filename} は {info.file_size:,} バイト、上限 {MAX_MEMBER_BYTES:,}、合計上限 {MAX_TOTAL_BYTES:,}）",
                          f"too large once unpacked (a zip bomb?): {info.filename} is {info.file_size:,} bytes; at most {MAX_MEMBER_BYTES:,} per part, {MAX_TOTAL_BYTES:,} in all")
    cells = 0
    try:
        for info in infos:
            if info.is_dir():
                continue
            counting = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
            rows, n = _stream(zf, info, counting)
            cells += n
            if rows > MAX_SHEET_ROWS:
                raise _refuse(name, f"シートの行が多すぎます（{info.filename}: {rows:,} 行、上限 {MAX_SHEET_ROWS:,}）",
                              f"a sheet has too many rows ({info.filename}: {rows:,}; at most {MAX_SHEET_ROWS:,})")
            if cells > MAX_CELLS:
                raise _refuse(name, f"セルが多すぎます（上限 {MAX_CELLS:,}）", f"too many cells (at most {MAX_CELLS:,})")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as e:  # zlib: a broken deflate stream
        raise _refuse(name, f"壊れた Excel ファイルです（{_short(str(e))}）", f"a damaged Excel file ({_short(str(e))})") from None


_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, counting: bool) -> tuple[int, int]:
    """Decompress one part in 64 KB chunks (CRC checked at the end): its rows and cells."""
    rows = cells = 0
    tail = b""
    with zf.open(info) as f:
        while chunk := f.read(65536):
            if counting:
                window = tail + chunk
                rows += len(_ROW.findall(window)) - len(_ROW.findall(tail))
                cells += len(_CELL.findall(window)) - len(_CELL.findall(tail))
                tail = window[-16:]
                if rows > MAX_SHEET_ROWS or cells > MAX_CELLS:
                    break
    return rows, cells


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ---------------------------------------------------------------------------------------------- sheets

def _label_key(text) -> str:
    """A header or label as matched: NFKC, no spaces, no '（必須）' or '*' markers."""
    if not isinstance(text, str):
        return ""
    out = norm(text).replace(" ", "").replace("(必須)", "").rstrip("*")
    return out.lower()


class _Reader:
    def __init__(self, name: str, titles: list[str], sheets: dict[str, _Sheet]):
        self.name = name
        self.titles = titles
        self.sheets = sheets
        self.data: dict[str, Any] = {}
        self.locations: dict[tuple, str] = {}
        self.problems: list[Problem] = []
        self.notices: list[Notice] = []

    # -- reporting
    def problem(self, where: str | None, path: tuple, ja: str, en: str = "") -> None:
        from ..model.validation import dotted

        self.problems.append(Problem(self.name, where, dotted(path) if path else "-", M(ja, en)))

    def notice(self, where: str | None, ja: str, en: str) -> None:
        self.notices.append(Notice(self.name, where, ja, en))

    # -- the workbook
    def read(self) -> None:
        known = {f.name for f in FORMS} | {t.name for t in TABLES} | {CHOICES_SHEET}
        sheets = self.sheets
        for title in self.titles:
            if title not in known:
                self.notice(None, f"シート「{title}」は事件の項目ではないため読み込みません",
                            f"sheet '{title}' is not part of a case; it was not read")
        if not any(t in sheets for t in known - {CHOICES_SHEET}):
            self.problem(None, (), "事件のシート（基本情報・家計収支・債権者一覧 など）が一つもありません。`tsumitate template -o case.xlsx` のひな形を使ってください",
                         "no case sheet (基本情報 basics, 家計収支 household, 債権者一覧 creditors ...): start from `tsumitate template -o case.xlsx`")
            return
        self.forms(sheets)
        debts = self.table(sheets.get(DEBTS.name), DEBTS) or []
        if debts:
            self.data["debts"] = self.place(DEBTS.path, debts)
        elif DEBTS.name in sheets:
            self.locations.setdefault(DEBTS.path, DEBTS.name)
        ledger = self.table(sheets.get(LEDGER.name), LEDGER)
        if ledger:
            self.data["deposits"] = self.place(LEDGER.path, ledger)
        if table_present(TRANSACTIONS):
            transactions = self.table(sheets.get(TRANSACTIONS.name), TRANSACTIONS)
            numbers = self.number_debts(debts)
            if transactions:
                self.link(transactions, debts, numbers)

    def cell_value(self, ws, row: int, col: int, path: tuple, kind: Kind, value=None, cell=None):
        """The case value of one cell, or None; a problem (and None) when it cannot be read."""
        from openpyxl.utils import get_column_letter

        coord = f"{get_column_letter(col)}{row}"
        where = f"{ws.title}!{coord}"
        if cell is not None and getattr(cell, "data_type", None) == "e":
            self.problem(where, path, f"数式の結果がエラーです（{value}）", f"the formula's result is an error ({value})")
            return None
        if value is None and coord in ws.uncached:
            formula = _short(ws.uncached[coord], 60)
            self.problem(where, path, f"数式 {formula} の計算結果が保存されていません。Excel で開いて保存し直すか、値を入力してください",
                         f"the formula {formula} has no saved result: open and save the file in Excel, or type the value")
            return None
        try:
            return read(kind, value)
        except CellError as e:
            self.problem(where, path, e.ja, e.en)
            return None

    # -- form sheets: A label, B value, C key
    def forms(self, sheets: dict) -> None:
        by_key: dict[str, tuple[Field, Kind]] = {}
        by_label: dict[str, tuple[Field, Kind]] = {}
        home: dict[tuple, str] = {}
        for form in FORMS:
            for f, kind in present((), form.fields):
                by_key[".".join(f.path).lower()] = (f, kind)
                by_label[_label_key(f.label)] = (f, kind)
                where = form.name if form.name in sheets else None
                if where:
                    self.locations.setdefault(f.path, where)
                    for i in range(1, len(f.path)):
                        self.locations.setdefault(f.path[:i], where)
        seen: dict[tuple, str] = {}
        for form in FORMS:
            ws = sheets.get(form.name)
            if ws is None:
                continue
            label_col, value_col, key_col, first = self.form_columns(ws)
            for r in range(first, ws.max_row + 1):
                label = ws.cell(r, label_col).value
                key = ws.cell(r, key_col).value
                cell = ws.cell(r, value_col)
                value = cell.value
                match = by_key.get(norm(key).lower()) if isinstance(key, str) and key.strip() else None
                if match is None:
                    match = by_label.get(_label_key(label))
                if match is None:
                    if not is_empty(value) or cell.coordinate in ws.uncached:
                        shown = label if isinstance(label, str) and label.strip() else key
                        self.notice(f"{ws.title}!{cell.coordinate}", f"項目「{_short(str(shown), 40)}」は事件の項目として分からないため読み込みません",
                                    f"row '{_short(str(shown), 40)}' is not a case field; it was not read")
                    continue
                f, kind = match
                where = f"{ws.title}!{cell.coordinate}"
                if f.path in seen:
                    self.problem(where, f.path, f"同じ項目が {seen[f.path]} にもあります（どちらの値か分かりません）",
                                 f"the same field is also at {seen[f.path]}: which value is meant?")
                    continue
                seen[f.path] = where
                self.locations[f.path] = where
                parsed = self.cell_value(ws, r, value_col, f.path, kind, value, cell)
                if parsed is not None:
                    _set(self.data, f.path, parsed)

    @staticmethod
    def form_columns(ws) -> tuple[int, int, int, int]:
        """(label, value, key, first data row): from a header row 項目/値/キー if there is one, else A/B/C from row 1."""
        for r in range(1, min(ws.max_row, 6) + 1):
            heads = {_label_key(ws.cell(r, c).value): c for c in range(1, min(ws.max_column, 12) + 1)}
            if "値" in heads and ("項目" in heads or "キー" in heads):
                return heads.get("項目", 1), heads["値"], heads.get("キー", 3), r + 1
        return 1, 2, 3, 1

    # -- table sheets
    def table(self, ws, table: Table) -> list[_Row] | None:
        """The rows of a table sheet (located, not yet placed in the case), or None when missing or empty."""
        if ws is None:
            return None
        fields = present(table.path, table.columns)
        heads: dict[str, tuple] = {}
        for f, kind in fields:
            heads[_label_key(f.label)] = ("field", f, kind)
            heads[f.path[-1].lower()] = ("field", f, kind)
            for alias in ALIASES.get((table.name, f.path[-1]), ()):
                heads.setdefault(_label_key(alias), ("field", f, kind))
        if table is DEBTS:
            heads[_label_key(NO_LABEL)] = heads[NO_KEY] = heads["番号"] = ("no",)
        if table is TRANSACTIONS:
            heads[_label_key(LINK_NO_LABEL)] = heads[LINK_NO_KEY] = heads["no."] = heads["no"] = ("link_no",)
            heads[_label_key(LINK_NAME_LABEL)] = heads[LINK_NAME_KEY] = heads["債権者"] = ("link_name",)
        header_row, columns = self.header(ws, heads)
        if len(table.path) == 1:
            self.locations[table.path] = f"{ws.title}!A{header_row or 1}"
        if header_row is None:
            if ws.has_values():
                self.problem(f"{ws.title}!A1", table.path[:1], f"見出しの行（{'、'.join(f.label for f, _ in fields[:3])} …）が見つかりません",
                             f"no header row ({', '.join(f.path[-1] for f, _ in fields[:3])} ...) found")
            return None
        fill = self.merged_fill(ws, header_row, columns)
        hidden: list[int] = []
        rows: list[_Row] = []
        first_col = next((c for c, h in sorted(columns.items()) if h[0] == "field"), None)
        for r in range(header_row + 1, ws.max_row + 1):
            values = {c: fill.get((r, c), ws.cell(r, c).value) for c in columns}
            formulas_here = any(f"{_letter(c)}{r}" in ws.uncached for c in columns)
            if all(is_empty(v) for v in values.values()) and not formulas_here:
                continue
            if first_col is not None and _label_key(values.get(first_col)) in _TOTALS:
                self.notice(f"{ws.title}!{_letter(first_col)}{r}", "合計の行として読み飛ばしました", "read as a totals row and skipped")
                continue
            if r in ws.hidden_rows:
                hidden.append(r)
            row = _Row(r, f"{ws.title}!A{r}")
            # the field path as problems name it, before the row has its place in the case
            base = table.path + (len(rows),) if len(table.path) == 1 else ()
            for c, head in columns.items():
                cell = ws.cell(r, c)
                where = f"{ws.title}!{cell.coordinate}"
                if head[0] == "field":
                    f, kind = head[1], head[2]
                    row.cells[f.path] = where
                    parsed = self.cell_value(ws, r, c, base + f.path, kind, values[c], cell if (r, c) not in fill else None)
                    if parsed is not None:
                        _set(row.record, f.path, parsed)
                else:
                    row.lead[head[0]] = (values[c], where)
            for f, _ in fields:  # a column the sheet lacks: point at the row
                row.cells.setdefault(f.path, row.where)
            rows.append(row)
        if hidden:
            shown = ", ".join(map(str, hidden[:10])) + (" …" if len(hidden) > 10 else "")
            self.notice(ws.title, f"非表示の行 {shown} も読み込みました（数えない行は削除してください）",
                        f"hidden rows {shown} were read too (delete rows that should not count)")
        return rows or None

    def place(self, path: tuple, rows: list[_Row]) -> list[dict]:
        """Put a top-level table's rows at ``path`` (debts, deposits) with their locations."""
        for i, row in enumerate(rows):
            self.locations[path + (i,)] = row.where
            for fpath, where in row.cells.items():
                self.locations[path + (i,) + fpath] = where
        return [row.record for row in rows]

    def header(self, ws, heads: dict) -> tuple[int | None, dict[int, tuple]]:
        for r in range(1, min(ws.max_row, 10) + 1):
            found: dict[int, tuple] = {}
            for c in range(1, min(ws.max_column, 200) + 1):
                h = heads.get(_label_key(ws.cell(r, c).value))
                if h is not None:
                    found[c] = h
            if len([h for h in found.values() if h[0] == "field"]) >= 2:
                columns: dict[int, tuple] = {}
                seen: dict[Any, int] = {}
                ignored = []
                for c in range(1, ws.max_column + 1):
                    text = ws.cell(r, c).value
                    h = found.get(c)
                    if h is None:
                        if not is_empty(text):
                            ignored.append(f"「{_short(str(text), 30)}」（{_letter(c)}列）")
                        continue
                    ident = h[1].path if h[0] == "field" else h[0]
                    if ident in seen:
                        self.problem(f"{ws.title}!{_letter(c)}{r}", (), f"同じ見出しの列が {_letter(seen[ident])}列 にもあります",
                                     f"the same column heading is also in column {_letter(seen[ident])}")
                        continue
                    seen[ident] = c
                    columns[c] = h
                if ignored:
                    self.notice(f"{ws.title}!A{r}", f"列 {'、'.join(ignored)} は事件の項目ではないため読み込みません",
                                f"columns {', '.join(ignored)} are not case fields; they were not read")
                return r, columns
        return None, {}

    def merged_fill(self, ws, header_row: int, columns: dict[int, tuple]) -> dict[tuple[int, int], Any]:
        """A value merged down a table column applies to each row it covers (the cells below the first are empty in the file)."""
        fill: dict[tuple[int, int], Any] = {}
        for rng in ws.merged:
            if rng.max_row <= header_row or rng.min_row == rng.max_row or rng.min_col not in columns:
                continue
            top = ws.cell(rng.min_row, rng.min_col).value
            for r in range(max(rng.min_row, header_row + 1), rng.max_row + 1):
                fill[(r, rng.min_col)] = top
            self.notice(f"{ws.title}!{rng.coord}", f"結合セルの値を {rng.max_row - rng.min_row + 1} 行それぞれに使いました",
                        f"the merged cell's value was used for each of its {rng.max_row - rng.min_row + 1} rows")
        return fill

    def number_debts(self, rows: list[_Row]) -> dict[int, int]:
        """No. -> index of each debt (for 取引履歴): the No. column when filled in, else its position."""
        numbers: dict[int, int] = {}
        for i, row in enumerate(rows):
            value, where = row.lead.get("no", (None, None))
            no = i + 1
            if not is_empty(value):
                try:
                    no = read(Kind("int"), value)
                except CellError as e:
                    self.problem(where, ("debts", i), e.ja, e.en)
                    continue
                if no in numbers:
                    self.problem(where, ("debts", i), f"No. {no} が2回あります（{rows[numbers[no]].where} にも）",
                                 f"No. {no} is given twice (also at {rows[numbers[no]].where})")
                    continue
            numbers[no] = i
        return numbers

    def link(self, transactions: list[_Row], debts: list[_Row], numbers: dict[int, int]) -> None:
        """Attach each transaction row to its debt, by 債権者No. or (when unique) by name."""
        names: dict[str, list[int]] = {}
        for i, row in enumerate(debts):
            if isinstance(row.record.get("creditor"), str):
                names.setdefault(norm(row.record["creditor"]), []).append(i)
        counts: dict[int, int] = {}
        for row in transactions:
            no_value, no_where = row.lead.get("link_no", (None, None))
            name_value, name_where = row.lead.get("link_name", (None, None))
            if not is_empty(no_value):
                try:
                    no = read(Kind("int"), no_value)
                except CellError as e:
                    self.problem(no_where, ("debts",), e.ja, e.en)
                    continue
                index = numbers.get(no)
                if index is None:
                    self.problem(no_where, ("debts",), f"債権者No. {no} は債権者一覧にありません", f"creditor No. {no} is not on the 債権者一覧 (creditors) sheet")
                    continue
                listed = debts[index].record.get("creditor")
                if not is_empty(name_value) and isinstance(listed, str) and norm(str(name_value)) != norm(listed):
                    self.problem(name_where, ("debts", index, "creditor"),
                                 f"債権者名「{_short(str(name_value), 40)}」が債権者一覧の No. {no}「{_short(listed, 40)}」と違います",
                                 f"creditor '{_short(str(name_value), 40)}' differs from No. {no} on the 債権者一覧 (creditors) sheet ('{_short(listed, 40)}')")
                    continue
            elif not is_empty(name_value):
                found = names.get(norm(str(name_value)), [])
                if len(found) != 1:
                    self.problem(name_where, ("debts",),
                                 f"債権者「{_short(str(name_value), 40)}」は債権者一覧に" + ("ありません" if not found else "複数あります（債権者No. を入力してください）"),
                                 f"creditor '{_short(str(name_value), 40)}' is " + ("not on the 債権者一覧 (creditors) sheet" if not found else "on the 債権者一覧 (creditors) sheet more than once (fill in the 債権者No. column)"))
                    continue
                index = found[0]
            elif len(debts) == 1:
                index = 0
            else:
                self.problem(row.where, ("debts",), "どの債権者の取引か分かりません（債権者No. を入力してください）",
                             "which creditor is this transaction with? (fill in the 債権者No. (creditor No.) column)")
                continue
            k = counts.get(index, 0)
            counts[index] = k + 1
            self.data["debts"][index].setdefault("transactions", []).append(row.record)
            prefix = ("debts", index, "transactions")
            self.locations.setdefault(prefix, row.where)
            self.locations[prefix + (k,)] = row.where
            for fpath, where in row.cells.items():
                self.locations[prefix + (k,) + fpath] = where


@dataclass
class _Row:
    """One table row: its record, where each field's cell is, and the link columns' (value, cell)."""

    row: int
    where: str
    record: dict = field(default_factory=dict)
    cells: dict = field(default_factory=dict)
    lead: dict = field(default_factory=dict)


# Headings other offices and the CSV export of other tools use for the same column.
ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("債権者一覧", "creditor"): ("債権者", "債権者名称", "会社名", "貸金業者", "業者名"),
    ("債権者一覧", "amount"): ("残高", "金額", "債務額", "残債務額", "債権額", "借入残高", "残債務", "負債額", "請求額"),
    ("債権者一覧", "kind"): ("種別", "債権の種類"),
    ("債権者一覧", "secured"): ("担保", "別除権", "担保の有無"),
    ("積立", "month"): ("年月",),
    ("積立", "paid"): ("入金", "積立額"),
    ("積立", "due"): ("予定",),
    ("取引履歴", "date"): ("年月日", "取引日"),
    ("取引履歴", "borrow"): ("借入", "借入金額", "貸付額"),
    ("取引履歴", "repay"): ("返済", "弁済額", "返済金額"),
}


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _set(data: dict, path: tuple[str, ...], value) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value
