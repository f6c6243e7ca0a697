"""``tsumitate convert IN -o OUT`` and ``tsumitate template -o case.xlsx``: the case between YAML, JSON and Excel."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import lang_option, report_problems, say, write_or_exit

_FORMATS = ".yaml, .yml, .json, .xlsx"


def _fail(ja: str, en: str) -> None:
    say(f"tsumitate: {ja}", f"tsumitate: {en}")
    sys.exit(2)


@click.command()
@click.argument("source", type=click.Path(path_type=str))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=str),
              help=f"the file to write; its extension says the format ({_FORMATS})")
@click.option("--case", "base", type=click.Path(path_type=str), default=None,
              help="with a 債権者一覧 CSV: the case (any format) whose debts the CSV replaces")
@lang_option("language of notices")
def convert(source, output, base, lang):
    """Convert a case between YAML, JSON and an Excel workbook (by the files' extensions), or take
    a 債権者一覧 CSV (Japanese or English headings; UTF-8 or CP932) into a case's debts.
    The case is checked first: a bad file is reported (exit 2) and nothing is written."""
    from tsumitate.convert import case_data, format_of, render
    from tsumitate.errors import InputError, M
    from tsumitate.model.case import Debt
    from tsumitate.model.case_file import case_from_source
    from tsumitate.model.validation import validate
    from tsumitate.sources import load

    fmt = format_of(output)
    if fmt is None:
        _fail(f"{output}: 出力の形式が分かりません（拡張子は {_FORMATS} のどれか）", f"{output}: unknown output format (use {_FORMATS})")
    if Path(output).exists() and Path(source).exists() and Path(output).resolve() == Path(source).resolve():
        _fail(f"{output}: 入力と同じファイルには書き込みません", f"{output}: will not overwrite the input file")
    notices: list = []
    located = None  # the source whose lines or cells name a field of the output
    try:
        if Path(source).suffix.lower() == ".csv":
            from tsumitate.sources.creditor_csv import load as load_csv

            creditors = located = load_csv(source)
            notices += creditors.notices
            problems = []
            debts = []
            for i, record in enumerate(creditors.data["debts"]):
                try:
                    debts.append(validate(Debt, record, creditors, ("debts", i), what="debt"))
                except InputError as e:
                    problems += e.problems
            if problems:
                raise InputError(problems)
            if not debts:
                raise InputError.single(source, None, "debts", M("債権者の行がありません", "no creditor rows"))
            if base is None:
                data = {"debts": [case_data(d) for d in debts]}
                say(f"{output}: 注意: 事件の他の項目（case_id・procedure・court・household.monthly_income など）はまだ空です。入力してから判定してください",
                    f"{output}: note: the case's other fields (case_id, procedure, court, household.monthly_income ...) are still empty: fill them in before evaluating")
            else:
                base_source = load(base)
                notices += base_source.notices
                merged = dict(base_source.data) if isinstance(base_source.data, dict) else base_source.data
                if isinstance(merged, dict):
                    merged["debts"] = creditors.data["debts"]
                data = case_data(case_from_source(base_source, merged))
        else:
            if base is not None:
                _fail("--case は債権者一覧 CSV を取り込むときだけ使います", "--case is for a creditor CSV only")
            src = located = load(source)
            notices += src.notices
            data = case_data(case_from_source(src))
    except InputError as e:
        report_problems(e.problems, notices, lang)
        sys.exit(2)
    from tsumitate.errors import Problem
    from tsumitate.model.validation import dotted
    from tsumitate.workbook.write import NotStorable

    try:
        payload = render(data, fmt)
    except NotStorable as e:
        # a debt's text came from the CSV (or the one input file); anything else from the --case file
        where = source if e.path[:1] == ("debts",) or base is None else base
        line = located.line_of(e.path) if located is not None and where == source else None
        report_problems([Problem(where, line, dotted(e.path), e.msg)], notices, lang)
        sys.exit(2)
    report_problems((), notices, lang)
    write_or_exit(output, payload, "事件ファイル", "the case file")
    say(f"{output}: 書き出しました（{fmt}）", f"{output}: written ({fmt})")  # stderr: stdout may be the file


@click.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="the workbook to write (.xlsx)")
@lang_option("language of messages (the workbook itself is in Japanese)")
def template(output, lang):
    """Write an empty case workbook in Japanese (基本情報, 家計収支, 財産, 債権者一覧, 積立, 取引履歴)
    with drop-down lists for every choice and yes/no field; fill it in and run
    `tsumitate evaluate FILE.xlsx`."""
    from tsumitate.convert import xlsx_bytes

    if Path(output).suffix.lower() != ".xlsx":
        _fail(f"{output}: ひな形は .xlsx で書き出します", f"{output}: the template is an .xlsx file")
    write_or_exit(output, xlsx_bytes(None), "ひな形", "the template")
    say(f"{output}: ひな形を書き出しました", f"{output}: template written")  # stderr, as above
