"""The case as the office's Excel workbook: template, convert, and workbooks edited the way people edit them.

Workbooks are written with ``tsumitate convert``/``template`` and then changed with openpyxl the
way a person changes them in Excel (a float in an amount cell, ``1,500,000円`` typed as text, a
和暦 date, a formula, a merged cell, a hidden row, an extra sheet); formulas with a cached result
are given one the way Excel saves it (``<v>`` beside ``<f>`` in the sheet's XML).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import ROOT, SCENARIOS
from tsumitate.convert import case_data, xlsx_bytes
from tsumitate.errors import InputError
from tsumitate.model.case import Case
from tsumitate.model.case_file import case_from_source
from tsumitate.pipeline import evaluate_case, evaluate_file
from tsumitate.sources import load
from tsumitate.sources.xlsx import MAX_SHEET_ROWS, MAX_XLSX_BYTES, from_bytes
from tsumitate.workbook.write import NotStorable
from tsumitate.workbook.layout import DEBTS, FORMS, LEDGER, TRANSACTIONS, present, table_present, unmapped_fields, unplaced_fields

CASE = {
    "case_id": "2026-0042",
    "as_of": dt.date(2026, 11, 25),
    "procedure": "voluntary_arrangement",
    "court": "tokyo",
    "household": {"monthly_income": 250000, "monthly_expenses": 200000, "family_informed": False},
    "debts": [
        {"creditor": "A社", "amount": 500000, "kind": "consumer_finance"},
        {"creditor": "Bカード", "amount": 300000, "kind": "credit_card", "secured": False},
    ],
    "fee_contract": {"refund_policy": "minus_expenses", "expenses": 12000},
    "deposits": [
        {"month": "2026-06", "due": 13900, "paid": 13900, "due_date": dt.date(2026, 6, 27), "paid_date": dt.date(2026, 6, 25)},
        {"month": "2026-07", "due": 13900, "paid": 0},
    ],
}
PROBLEM = re.compile(r"^(?P<file>[^:]+):(?P<where>[^:!]+![A-Z]+\d+): (?P<field>[^:]+): (?P<problem>.+)$")


def tsumitate(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tsumitate_cli.main", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def workbook(tmp_path: Path, data=CASE, name="case.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(data))
    return path


def edit(path: Path, change) -> Path:
    """Open, change and save the workbook as a person would in Excel (formulas are kept as formulas)."""
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def cache_formula_results(path: Path, results: dict[str, str], error: bool = False) -> None:
    """Give formulas the cached results Excel would save (openpyxl writes formulas without them)."""
    raw = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8")
                for formula, value in results.items():
                    cell_type = ' t="e"' if error else ""
                    text = re.sub(rf'(<c r="[A-Z]+\d+")([^>]*)><f>{re.escape(formula)}</f><v\s*/>',
                                  rf'\1{cell_type}\2><f>{formula}</f><v>{value}</v>', text)
                data = text.encode("utf-8")
            zout.writestr(info, data)
    path.write_bytes(out.getvalue())


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as e:
        case_from_source(load(path))
    return [p.render("ja") for p in e.value.problems]


def read_case(path: Path) -> Case:
    return case_from_source(load(path))


def debts_sheet(wb):
    return wb["債権者一覧"]


def amount_cell(row: int = 3) -> str:
    col = 2 + [f.path[-1] for f, _ in present(DEBTS.path, DEBTS.columns)].index("amount")
    return f"{openpyxl.utils.get_column_letter(col)}{row}"


def column_of(table, key: str) -> str:
    lead = 1 if table is DEBTS else 2 if table is TRANSACTIONS else 0
    col = lead + 1 + [f.path[-1] for f, _ in present(table.path, table.columns)].index(key)
    return openpyxl.utils.get_column_letter(col)


# ---------------------------------------------------------------------------------------------- layout

def test_every_case_field_has_a_labelled_place_in_the_workbook():
    assert unplaced_fields() == []
    # a field the layout forgets is still placed (named from model/field_labels.py); a row gives it its place and note
    assert unmapped_fields() == [], "add one row per new model field to src/tsumitate/workbook/layout.py"


def test_the_template_is_in_japanese_with_dropdowns_for_every_choice_and_yen_formats(tmp_path):
    done = tsumitate("template", "-o", str(tmp_path / "case.xlsx"))
    assert done.returncode == 0, done.stderr
    raw = (tmp_path / "case.xlsx").read_bytes()
    assert not any("vba" in n.lower() for n in zipfile.ZipFile(io.BytesIO(raw)).namelist())  # no macros
    wb = openpyxl.load_workbook(tmp_path / "case.xlsx")
    for sheet in ("基本情報", "家計収支", "債権者一覧", "積立"):
        assert sheet in wb.sheetnames
    assert ("取引履歴" in wb.sheetnames) == table_present(TRANSACTIONS)
    basic = wb["基本情報"]
    assert "入力" in basic["A1"].value  # the instruction row
    rows = {basic.cell(r, 3).value: r for r in range(3, basic.max_row + 1)}
    lists = wb["選択肢"]
    choices = {lists.cell(1, c).value: [lists.cell(r, c).value for r in range(2, lists.max_row + 1) if lists.cell(r, c).value]
               for c in range(1, lists.max_column + 1)}
    assert "任意整理" in choices["procedure"] and "個人再生" in choices["procedure"]
    assert choices["representation"] == ["弁護士", "司法書士", "本人申立て"]
    assert "東京地方裁判所" in choices["court"]
    # every choice and yes/no cell of a form has a drop-down
    validated = {str(cell) for dv in basic.data_validations.dataValidation for cell in dv.sqref.ranges}
    for key in ("procedure", "representation", "rehabilitation_type", "fee_contract.refund_policy", "milestones.cancelled"):
        assert f"B{rows[key]}" in validated, key
    debts = wb["債権者一覧"]
    assert [c.value for c in debts[2]][:4] == ["No.", "債権者名", "残高（円）", "種類"]
    dv_ranges = {str(r) for dv in debts.data_validations.dataValidation for r in dv.sqref.ranges}
    assert f"{column_of(DEBTS, 'kind')}3:{column_of(DEBTS, 'kind')}1002" in dv_ranges
    assert debts[amount_cell()].number_format == "#,##0"
    assert wb["選択肢"].sheet_state == "hidden"


# ---------------------------------------------------------------------------------------------- round trip

def _scenario_cases():
    for path in sorted(SCENARIOS.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for doc in data.get("scenarios", [data]) if isinstance(data, dict) else []:
            if isinstance(doc, dict) and isinstance(doc.get("case"), dict):
                try:
                    yield path, Case.model_validate(doc["case"])
                except ValueError:
                    continue  # a scenario of a bad case file


def test_every_scenario_case_goes_yaml_to_xlsx_to_yaml_unchanged_and_evaluates_identically(evaluator):
    count = 0
    for path, case in _scenario_cases():
        data = case_data(case)
        source = from_bytes(xlsx_bytes(data), f"{path.name}.xlsx")
        back = case_from_source(source)
        assert case_data(back) == data, path
        assert back == case, path
        yaml_result = evaluate_case(evaluator, case, source).result
        xlsx_result = evaluate_case(evaluator, back, source).result
        assert xlsx_result == yaml_result, path
        count += 1
    assert count >= 50


def test_convert_goes_yaml_to_xlsx_to_yaml_and_json_with_the_same_data_and_result(tmp_path):
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(CASE, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for args in (("a.yaml", "-o", "a.xlsx"), ("a.xlsx", "-o", "b.yaml"), ("a.xlsx", "-o", "c.json")):
        done = tsumitate("convert", *args, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    assert yaml.safe_load((tmp_path / "b.yaml").read_text(encoding="utf-8")) == CASE
    assert case_data(read_case(tmp_path / "c.json")) == case_data(read_case(tmp_path / "a.yaml"))
    results = [tsumitate("evaluate", "--format", "json", name, cwd=tmp_path) for name in ("a.yaml", "a.xlsx")]
    assert results[0].returncode == results[1].returncode == 0
    assert results[0].stdout == results[1].stdout


def test_a_creditor_named_like_a_formula_stays_a_name(tmp_path):
    data = dict(CASE, debts=[{"creditor": '=HYPERLINK("http://example.com","A社")', "amount": 1000}])
    path = workbook(tmp_path, data)
    assert debts_sheet(openpyxl.load_workbook(path))["B3"].data_type == "s"
    assert read_case(path).debts[0].creditor == data["debts"][0]["creditor"]


# ---------------------------------------------------------------------------------------------- spreadsheet reality

def test_an_amount_stored_as_a_float_is_read_when_it_is_whole_yen(tmp_path):
    path = edit(workbook(tmp_path), lambda wb: debts_sheet(wb).__setitem__(amount_cell(), 1500000.0))
    assert read_case(path).debts[0].amount == 1500000


def test_an_amount_with_a_fraction_of_a_yen_is_an_error_at_its_cell(tmp_path):
    path = edit(workbook(tmp_path), lambda wb: debts_sheet(wb).__setitem__(amount_cell(), 1500000.5))
    [line] = problems_of(path)
    m = PROBLEM.match(line)
    assert m and m["where"] == f"債権者一覧!{amount_cell()}" and m["field"] == "debts[0].amount"
    assert "端数" in m["problem"]


@pytest.mark.parametrize("typed", ["1,500,000円", "1500000", "¥1,500,000", "１，５００，０００円", "150万円", " 1,500,000 "])
def test_amounts_typed_as_text_with_commas_or_yen_are_read(tmp_path, typed):
    path = edit(workbook(tmp_path), lambda wb: debts_sheet(wb).__setitem__(amount_cell(), typed))
    assert read_case(path).debts[0].amount == 1500000


def test_an_amount_that_is_not_a_number_is_an_error_in_japanese(tmp_path):
    path = edit(workbook(tmp_path), lambda wb: debts_sheet(wb).__setitem__(amount_cell(), "約150万"))
    [line] = problems_of(path)
    assert line.startswith(f"{path}:債権者一覧!{amount_cell()}: debts[0].amount: 金額として読めません")


@pytest.mark.parametrize("typed, expected", [
    (dt.datetime(2026, 6, 27), dt.date(2026, 6, 27)),
    ("2026/6/27", dt.date(2026, 6, 27)),
    ("2026-06-27", dt.date(2026, 6, 27)),
    ("2026年6月27日", dt.date(2026, 6, 27)),
    ("R8.6.27", dt.date(2026, 6, 27)),
    ("令和8年6月27日", dt.date(2026, 6, 27)),
    ("令和元年5月1日", dt.date(2019, 5, 1)),
    ("H31.4.30", dt.date(2019, 4, 30)),
])
def test_dates_are_read_as_excel_dates_or_as_text_including_japanese_era_dates(tmp_path, typed, expected):
    col = column_of(LEDGER, "due_date")
    path = edit(workbook(tmp_path), lambda wb: wb["積立"].__setitem__(f"{col}3", typed))
    assert read_case(path).deposits[0].due_date == expected


@pytest.mark.parametrize("typed, says", [("H31.5.1", "平成にない日付"), ("2026/2/30", "存在しない日付"), ("来月末", "日付として読めません")])
def test_a_date_that_does_not_exist_is_an_error_at_its_cell(tmp_path, typed, says):
    col = column_of(LEDGER, "paid_date")
    path = edit(workbook(tmp_path), lambda wb: wb["積立"].__setitem__(f"{col}3", typed))
    [line] = problems_of(path)
    assert line.startswith(f"{path}:積立!{col}3: deposits[0].paid_date: {says}")


def test_a_month_excel_turned_into_the_first_of_the_month_is_read_as_that_month(tmp_path):
    col = column_of(LEDGER, "month")
    path = edit(workbook(tmp_path), lambda wb: wb["積立"].__setitem__(f"{col}3", dt.datetime(2026, 6, 1)))
    assert read_case(path).deposits[0].month == "2026-06"
    path = edit(path, lambda wb: wb["積立"].__setitem__(f"{col}3", dt.datetime(2026, 6, 15)))
    [line] = problems_of(path)
    assert f":積立!{col}3: deposits[0].month: " in line


def test_a_formula_is_read_by_the_result_excel_saved(tmp_path):
    path = edit(workbook(tmp_path), lambda wb: debts_sheet(wb).__setitem__(amount_cell(), "=1000*500"))
    cache_formula_results(path, {"1000*500": "500000"})
    assert read_case(path).debts[0].amount == 500000


def test_a_formula_without_a_saved_result_is_a_clear_error(tmp_path):
    path = edit(workbook(tmp_path), lambda wb: debts_sheet(wb).__setitem__(amount_cell(), "=1000*500"))
    [line] = problems_of(path)
    assert line.startswith(f"{path}:債権者一覧!{amount_cell()}: debts[0].amount: 数式 =1000*500 の計算結果が保存されていません")


def test_a_formula_whose_result_is_an_excel_error_is_named(tmp_path):
    path = edit(workbook(tmp_path), lambda wb: debts_sheet(wb).__setitem__(amount_cell(), "=1/0"))
    cache_formula_results(path, {"1/0": "#DIV/0!"}, error=True)
    [line] = problems_of(path)
    assert "#DIV/0!" in line and f"債権者一覧!{amount_cell()}" in line


def test_empty_trailing_rows_and_a_totals_row_are_not_creditors(tmp_path):
    def change(wb):
        ws = debts_sheet(wb)
        ws["B10"] = "   "  # a cell with only spaces, far below
        ws["B12"] = "合計"
        ws[amount_cell(12)] = 800000
    source = load(edit(workbook(tmp_path), change))
    assert [d["creditor"] for d in source.data["debts"]] == ["A社", "Bカード"]
    assert any("合計" in n.ja for n in source.notices)


def test_a_hidden_row_is_still_read_and_named_in_a_notice(tmp_path):
    path = edit(workbook(tmp_path), lambda wb: setattr(debts_sheet(wb).row_dimensions[4], "hidden", True))
    source = load(path)
    assert len(source.data["debts"]) == 2
    assert any("非表示の行 4" in n.ja for n in source.notices)


def test_a_kind_merged_down_two_rows_applies_to_both_creditors(tmp_path):
    col = column_of(DEBTS, "kind")

    def change(wb):
        ws = debts_sheet(wb)
        ws[f"{col}3"] = "銀行ローン"
        ws.merge_cells(f"{col}3:{col}4")
    case = read_case(edit(workbook(tmp_path), change))
    assert [d.kind.value for d in case.debts] == ["bank_loan", "bank_loan"]


def test_extra_sheets_and_columns_are_ignored_and_named_in_a_notice(tmp_path):
    def change(wb):
        wb.create_sheet("メモ")["A1"] = "依頼者との打合せ"
        ws = debts_sheet(wb)
        ws["P2"] = "担当者"
        ws["P3"] = "山田"
    path = edit(workbook(tmp_path), change)
    done = tsumitate("evaluate", str(path))
    assert done.returncode == 0, done.stderr
    assert "シート「メモ」は事件の項目ではないため読み込みません" in done.stderr
    assert "「担当者」（P列）" in done.stderr


def test_choices_are_read_by_japanese_label_or_english_key_and_anything_else_is_named(tmp_path):
    col = column_of(DEBTS, "kind")
    path = edit(workbook(tmp_path), lambda wb: debts_sheet(wb).__setitem__(f"{col}3", "credit_card"))
    assert read_case(path).debts[0].kind.value == "credit_card"
    path = edit(path, lambda wb: debts_sheet(wb).__setitem__(f"{col}3", "サラ金"))
    [line] = problems_of(path)
    assert f"債権者一覧!{col}3: debts[0].kind: 選択肢にありません: 'サラ金'（消費者金融、" in line


def test_a_required_field_left_empty_is_named_at_its_cell(tmp_path):
    path = tmp_path / "empty.xlsx"
    assert tsumitate("template", "-o", str(path)).returncode == 0
    done = tsumitate("evaluate", str(path))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert any(re.match(rf"^{re.escape(str(path))}:基本情報!B\d+: case_id: ", line) for line in lines), lines
    assert "Traceback" not in done.stderr


def test_a_bad_workbook_does_not_stop_the_good_files_in_the_same_run(tmp_path):
    good = workbook(tmp_path, name="good.xlsx")
    bad = edit(workbook(tmp_path, name="bad.xlsx"), lambda wb: debts_sheet(wb).__setitem__(amount_cell(), 1.5))
    done = tsumitate("evaluate", str(bad), str(good))
    assert done.returncode == 2
    assert "2026-0042" in done.stdout
    assert [line for line in done.stderr.splitlines() if PROBLEM.match(line)] == done.stderr.splitlines()


# ---------------------------------------------------------------------------------------------- hostile files

def _refused(raw: bytes, says: str) -> None:
    with pytest.raises(InputError) as e:
        from_bytes(raw, "x.xlsx")
    text = "\n".join(p.render("ja") for p in e.value.problems)
    assert says in text, text


def test_a_password_protected_workbook_is_refused_with_what_to_do():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"EncryptedPackage"
    _refused(ole, "パスワード")


def test_a_corrupt_or_truncated_workbook_is_refused_cleanly(tmp_path):
    raw = xlsx_bytes(CASE)
    _refused(raw[: len(raw) // 2], "壊れた")
    _refused(b"not a workbook at all", "Excel ブック（.xlsx）ではありません")
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    _refused(docx.getvalue(), "xl/workbook.xml")
    flipped = bytearray(raw)
    start = raw.index(b"xl/worksheets/sheet1.xml") + 200  # inside a compressed member: a bad CRC or deflate stream
    flipped[start:start + 8] = b"\xff" * 8
    with pytest.raises(InputError):
        from_bytes(bytes(flipped), "x.xlsx")


def _with_member(raw: bytes, name: str, payload: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, payload if info.filename == name else zin.read(info))
    return out.getvalue()


def test_a_zip_bomb_disguised_as_a_workbook_is_refused_before_it_is_unpacked():
    import tracemalloc

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            zeros = b"\0" * (1 << 20)
            for _ in range(200):  # 200 MB of zeros, about 200 KB compressed
                member.write(zeros)
    raw = bomb.getvalue()
    assert len(raw) < 1_000_000
    tracemalloc.start()
    try:
        _refused(raw, "zip 爆弾")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # refused from the zip directory, never inflated


def test_a_sheet_with_too_many_rows_is_refused_before_openpyxl_builds_it():
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>' for r in range(1, MAX_SHEET_ROWS + 2))
    sheet = f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    raw = _with_member(xlsx_bytes(CASE), "xl/worksheets/sheet1.xml", sheet.encode())
    _refused(raw, "行が多すぎます")


def test_a_workbook_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.xlsx"
    with open(path, "wb") as f:
        f.truncate(MAX_XLSX_BYTES + 1)
    with pytest.raises(InputError) as e:
        load(path)
    assert f"{MAX_XLSX_BYTES:,}" in e.value.problems[0].render("ja")


def test_an_old_xls_file_is_told_to_be_saved_as_xlsx(tmp_path):
    (tmp_path / "case.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    done = tsumitate("evaluate", str(tmp_path / "case.xls"))
    assert done.returncode == 2 and ".xlsx" in done.stderr and "Traceback" not in done.stderr


# ---------------------------------------------------------------------------------------------- creditor CSV

CSV_JA = "No.,債権者名,残高,種別,備考\n1,アコム,\"1,200,000円\",消費者金融,\n2,楽天カード,350000,クレジットカード,リボ\n,合計,1550000,,\n"
CSV_EN = "creditor,amount,kind,secured\nA Finance,500000,consumer_finance,false\nB Bank,2000000,bank_loan,はい\n"


@pytest.mark.parametrize("text, encoding", [(CSV_JA, "cp932"), (CSV_JA, "utf-8-sig"), (CSV_EN, "utf-8")])
def test_a_creditor_csv_replaces_the_debts_of_a_case(tmp_path, text, encoding):
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(CASE, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (tmp_path / "creditors.csv").write_bytes(text.encode(encoding))
    done = tsumitate("convert", "creditors.csv", "--case", "a.yaml", "-o", "b.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    case = read_case(tmp_path / "b.xlsx")
    expected = {CSV_JA: [("アコム", 1200000, "consumer_finance"), ("楽天カード", 350000, "credit_card")],
                CSV_EN: [("A Finance", 500000, "consumer_finance"), ("B Bank", 2000000, "bank_loan")]}[text]
    assert [(d.creditor, d.amount, d.kind.value) for d in case.debts] == expected
    assert case.household.monthly_income == 250000  # the rest of the case is kept
    if text is CSV_JA:
        assert "備考" in done.stderr and "合計" in done.stderr  # ignored column and totals row are named


def test_a_bad_amount_in_a_creditor_csv_is_named_by_line_and_field(tmp_path):
    (tmp_path / "creditors.csv").write_text("債権者名,残高\nアコム,100000\n楽天カード,12.5万\n", encoding="utf-8")
    done = tsumitate("convert", "creditors.csv", "-o", "debts.xlsx", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "creditors.csv:3: debts[1].amount: 金額として読めません: '12.5万'"
    assert not (tmp_path / "debts.xlsx").exists()


def test_a_creditor_csv_alone_becomes_a_workbook_to_finish(tmp_path):
    (tmp_path / "creditors.csv").write_text(CSV_EN, encoding="utf-8")
    done = tsumitate("convert", "creditors.csv", "-o", "new.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "case_id" in done.stderr  # says what is still missing
    assert [d["creditor"] for d in load(tmp_path / "new.xlsx").data["debts"]] == ["A Finance", "B Bank"]


def test_transactions_sheet_rows_go_to_their_creditor_by_number(tmp_path):
    if not table_present(TRANSACTIONS):
        pytest.skip("debts[].transactions arrives with the recalculation (issue 12)")
    data = dict(CASE, debts=[dict(CASE["debts"][0], transactions=[{"date": dt.date(2001, 1, 15), "borrow": 50000, "repay": 0}]),
                             CASE["debts"][1]])
    path = workbook(tmp_path, data)
    assert case_data(read_case(path))["debts"] == data["debts"]


def test_the_html_report_offers_each_case_as_a_workbook_that_opens_offline(tmp_path):
    import base64

    path = workbook(tmp_path)
    done = tsumitate("report", str(path), "-o", str(tmp_path / "r.html"))
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    m = re.search(r'<a download="2026-0042\.xlsx" href="data:application/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet;base64,([^"]+)">', page)
    assert m, "no .xlsx download link"
    back = case_from_source(from_bytes(base64.b64decode(m.group(1)), "downloaded.xlsx"))
    assert case_data(back) == case_data(read_case(path))
    assert f"tsumitate convert {path} -o 2026-0042.xlsx" in page


def test_workbook_problems_and_notices_are_in_english_with_lang_en(tmp_path):
    bad = edit(workbook(tmp_path, name="bad.xlsx"), lambda wb: debts_sheet(wb).__setitem__(amount_cell(), 1500000.5))
    done = tsumitate("evaluate", "--lang", "en", str(bad))
    assert done.returncode == 2
    assert done.stderr.strip() == f"{bad}:債権者一覧!{amount_cell()}: debts[0].amount: must be a whole number of yen, got 1500000.5"
    good = edit(workbook(tmp_path, name="good.xlsx"), lambda wb: wb.create_sheet("メモ"))
    done = tsumitate("evaluate", "--lang", "en", str(good))
    assert done.returncode == 0
    assert done.stderr.strip() == f"{good}: note: sheet 'メモ' is not part of a case; it was not read"


# ---------------------------------------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from test_properties import cases  # noqa: E402

_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=25)
@given(case=cases(), names=st.lists(_names, min_size=1, max_size=5), case_id=_names)
def test_any_valid_case_comes_back_from_its_workbook_unchanged_or_is_refused_at_the_field(case, names, case_id):
    data = case_data(case)
    data["case_id"] = case_id
    for debt, name in zip(data["debts"], names):
        debt["creditor"] = name
    case = Case.model_validate(data)
    try:
        raw = xlsx_bytes(data)
    except NotStorable as e:  # a control character: named at its field, nothing written
        assert e.path[0] in ("case_id", "debts")
        return
    back = case_from_source(from_bytes(raw, "p.xlsx"))
    assert back == case
    # an explicit null or [] is an empty cell, which reads back as the default: the same case, one key fewer
    assert case_data(back) == _without_empty(data)


def _without_empty(value):
    if isinstance(value, dict):
        return {k: _without_empty(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_without_empty(v) for v in value]
    return value


def test_a_control_character_excel_cannot_store_is_named_at_its_line_and_nothing_is_written(tmp_path):
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(dict(CASE, debts=[{"creditor": "A\x01社", "amount": 1000}]),
                                                    allow_unicode=True, sort_keys=False), encoding="utf-8")
    line = next(i for i, text in enumerate((tmp_path / "a.yaml").read_text(encoding="utf-8").splitlines(), 1) if "creditor" in text)
    done = tsumitate("convert", "a.yaml", "-o", "a.xlsx", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"a.yaml:{line}: debts[0].creditor: 制御文字 U+0001 は Excel のセルにそのまま保存できません")
    assert not (tmp_path / "a.xlsx").exists()
