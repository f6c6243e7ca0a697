"""Workbook and creditor-CSV problems read in Japanese by default and in English with --lang en.

The office's spreadsheet is Japanese (sheet names, headers, はい/いいえ), so an English line may
name a sheet or a column as the person sees it, and quotes the value it could not read; every
other word is English. The place (``FILE:SHEET!CELL: field:``) is the same in both languages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_workbook import CASE, debts_sheet, edit, workbook
from tsumitate.errors import InputError
from tsumitate.model.case_file import case_from_source
from tsumitate.sources import load

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# what the person sees in the workbook, named as it is there
WORKBOOK_WORDS = ("債権者一覧", "基本情報", "家計収支", "取引履歴", "債権者No.", "債権者名", "残高", "はい", "いいえ")
QUOTED = re.compile(r"'[^']*'")


def _with_transactions(wb, rows):
    ws = wb["取引履歴"]
    for r, values in enumerate(rows, start=3):
        for c, v in enumerate(values, start=1):
            ws.cell(r, c).value = v


BAD_WORKBOOKS = {
    "amount_text": lambda wb: debts_sheet(wb).__setitem__("C3", "abc"),
    "kind_unknown": lambda wb: debts_sheet(wb).__setitem__("D3", "謎"),
    "secured_maybe": lambda wb: debts_sheet(wb).__setitem__("E3", "たぶん"),
    "number_twice": lambda wb: debts_sheet(wb).__setitem__("A4", 1),
    "unknown_creditor_no": lambda wb: _with_transactions(wb, [(9, None, "2020/1/10", 1000, None)]),
    "unknown_creditor_name": lambda wb: _with_transactions(wb, [(None, "Z社", "2020/1/10", 1000, None)]),
    "which_creditor": lambda wb: _with_transactions(wb, [(None, None, "2020/1/10", 1000, None)]),
    "bad_date": lambda wb: _with_transactions(wb, [(1, None, "2026/13/1", 1000, None)]),
    "fraction": lambda wb: _with_transactions(wb, [(1, None, "2020/1/10", 1000.5, None)]),
    "no_case_sheet": lambda wb: [wb.create_sheet("メモ")] + [wb.remove(wb[t]) for t in list(wb.sheetnames) if t != "メモ"],
}


def _problems(path: Path) -> list:
    with pytest.raises(InputError) as e:
        case_from_source(load(path))
    return e.value.problems


def _english_words_only(text: str) -> str:
    text = QUOTED.sub("", text)
    for word in WORKBOOK_WORDS:
        text = text.replace(word, "")
    return text


def _check(problems) -> None:
    assert problems
    for p in problems:
        ja, en = p.render("ja"), p.render("en")
        place = ja.split(": ")[0]
        assert en.startswith(place + ": "), (ja, en)  # the same FILE:SHEET!CELL (or FILE:LINE) in both
        assert JAPANESE.search(ja.removeprefix(place)), ja
        assert not JAPANESE.search(_english_words_only(en.removeprefix(place))), en


@pytest.mark.parametrize("name", sorted(BAD_WORKBOOKS))
def test_a_workbook_problem_reads_in_japanese_and_in_english(tmp_path, name):
    path = edit(workbook(tmp_path), BAD_WORKBOOKS[name])
    _check(_problems(path))


def test_transactions_on_an_unknown_creditor_are_named_in_english_with_the_sheet_as_the_person_sees_it(tmp_path):
    path = edit(workbook(tmp_path), BAD_WORKBOOKS["unknown_creditor_no"])
    [p] = _problems(path)
    assert p.render("en").endswith("debts: creditor No. 9 is not on the 債権者一覧 (creditors) sheet")
    assert p.render("ja").endswith("debts: 債権者No. 9 は債権者一覧にありません")


@pytest.mark.parametrize("text", [
    "名前,金額\nA社,1\n",                       # no recognisable header
    "債権者名,残高\nA社,abc\n",                   # an amount that is not one
    "creditor,amount\nA,-5\n",                  # a negative amount
    "債権者名,残高\n" + "A社,1\n" * 0,            # a header and no creditor
])
def test_a_creditor_csv_problem_reads_in_japanese_and_in_english(tmp_path, text):
    path = tmp_path / "債権者一覧.csv"
    path.write_text(text, encoding="utf-8")
    _check(_problems(path))


def test_a_workbook_notice_reads_in_both_languages(tmp_path):
    path = edit(workbook(tmp_path, CASE), lambda wb: wb.create_sheet("メモ"))
    [n] = load(path).notices
    assert n.text("ja").endswith("注意: シート「メモ」は事件の項目ではないため読み込みません")
    assert not JAPANESE.search(_english_words_only(n.text("en").removeprefix(str(path))))
