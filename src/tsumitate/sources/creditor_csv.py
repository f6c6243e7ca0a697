"""A 債権者一覧 CSV (one creditor per line) -> a ``Source`` whose data is ``{"debts": [...]}``.

Offices export the creditor list from Excel or from another tool: Japanese headings (債権者名,
残高, 種別 ...; the same headings and aliases as the workbook's 債権者一覧 sheet) or the case
file's English keys (creditor, amount, kind, ...), UTF-8 with or without a BOM, or CP932 as
Excel writes it (``decode.py``). Values are read like workbook cells (``1,500,000円``, はい).
Problems are ``FILE:LINE: debts[i].field: problem``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ..errors import InputError, M, Problem
from ..workbook.cells import CellError, is_empty, read
from ..workbook.layout import DEBTS, NO_KEY, NO_LABEL, present
from .base import MappedSource, Notice
from .decode import decode
from .read import read_bytes
from .xlsx import ALIASES, _TOTALS, _label_key

MAX_CSV_ROWS = 1000  # the model's limit on debts


class CsvSource(MappedSource):
    """A CSV read into case data; ``line_of`` answers the line."""


def load(path: str | Path) -> CsvSource:
    name = str(path)
    return parse(decode(read_bytes(path), name), name)


def parse(text: str, name: str) -> CsvSource:
    """CSV text -> debts; every unreadable value is reported, not just the first."""
    from ..model.validation import dotted

    fields = present(DEBTS.path, DEBTS.columns)
    heads: dict[str, Any] = {_label_key(NO_LABEL): None, NO_KEY: None, "番号": None}
    for f, kind in fields:
        heads[_label_key(f.label)] = (f, kind)
        heads[f.path[-1].lower()] = (f, kind)
        for alias in ALIASES.get((DEBTS.name, f.path[-1]), ()):
            heads.setdefault(_label_key(alias), (f, kind))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    problems: list[Problem] = []
    notices: list[Notice] = []
    locations: dict[tuple, int] = {}
    debts: list[dict] = []
    columns: dict[int, Any] | None = None
    try:
        for row in reader:
            line = reader.line_num
            if all(is_empty(v) for v in row):
                continue
            if columns is None:
                columns = {}
                ignored = []
                for c, text_ in enumerate(row):
                    key = _label_key(text_)
                    if key in heads:
                        if heads[key] is not None:
                            columns[c] = heads[key]
                    elif not is_empty(text_):
                        ignored.append(f"「{text_[:30]}」")
                names = {f.path[-1] for f, _ in columns.values()}
                if not {"creditor", "amount"} <= names:
                    raise InputError.single(name, line, "-", M("見出しの行に 債権者名 と 残高（または creditor と amount）が必要です"
                                                               f"（見出し: {'、'.join(row)[:120]}）",
                                                               f"the header row needs creditor and amount (or the Japanese headers 債権者名 and 残高); it has: {', '.join(row)[:120]}"))
                if ignored:
                    notices.append(Notice(name, str(line), f"列 {'、'.join(ignored)} は債権者の項目ではないため読み込みません",
                                          f"columns {', '.join(ignored)} are not creditor fields; they were not read"))
                locations[("debts",)] = line
                continue
            first = min(columns)
            if first < len(row) and _label_key(row[first]) in _TOTALS:
                notices.append(Notice(name, str(line), "合計の行として読み飛ばしました", "read as a totals row and skipped"))
                continue
            i = len(debts)
            if i >= MAX_CSV_ROWS:
                raise InputError.single(name, line, "debts", M(f"債権者は {MAX_CSV_ROWS:,} 社までです", f"at most {MAX_CSV_ROWS:,} creditors"))
            record: dict[str, Any] = {}
            locations[("debts", i)] = line
            for c, (f, kind) in columns.items():
                locations[("debts", i) + f.path] = line
                value = row[c] if c < len(row) else None
                try:
                    parsed = read(kind, value)
                except CellError as e:
                    problems.append(Problem(name, line, dotted(("debts", i) + f.path), M(e.ja, e.en)))
                    continue
                if parsed is not None:
                    record[f.path[-1]] = parsed
            debts.append(record)
    except csv.Error as e:
        raise InputError.single(name, reader.line_num, "-", M(f"CSV として読めません: {e}", f"not a readable CSV: {e}")) from None
    if columns is None:
        raise InputError.single(name, None, "-", M("空のファイルです（見出しの行と債権者の行が必要です）", "an empty file (a header row and creditor rows are needed)"))
    if problems:
        raise InputError(problems)
    return CsvSource(name, {"debts": debts}, locations, tuple(notices))
