"""``tsumitate report FILE... -o out.html``: one self-contained HTML page for the cases."""

from __future__ import annotations

import sys

import click

from .common import lang_option, load_book, office_format_options, report_problems, rules_option, say, style_of, write_or_exit


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="the HTML file to write (self-contained: inline CSS and SVG, no network)")
@lang_option("language of the page")
@office_format_options
@rules_option
def report(files, output, lang, dates, amounts, rules_dir):
    """Write one HTML page: per case the summary, the deposit schedule, a chart of accumulated
    deposits against the commissioner's fee or the target, the ledger with late and missed months
    marked, and the explanation. Bad files are reported (exit 2); the page holds the good ones."""
    from tsumitate.evaluate import Evaluator
    from tsumitate.output.html_report import render_report

    from .explain_cmd import explain_file, load_statutes_or_exit

    _refuse_an_input_as_output(output, files)
    evaluator = Evaluator(load_book(rules_dir))
    statutes = load_statutes_or_exit(rules_dir)
    items, bad = [], False
    for path in files:
        ex, outcome = explain_file(evaluator, statutes, path, lang)
        if ex is None:
            bad = True
            report_problems(outcome.problems, outcome.notices, lang)
        else:
            report_problems((), outcome.notices, lang)
            items.append((ex, outcome))
    if items:
        write_or_exit(output, render_report(items, lang, style=style_of(dates, amounts)).encode("utf-8"), "報告書", "the report")
        # to stderr: with -o /dev/stdout (or a pipe) the page itself is on stdout, and a line after
        # </html> would corrupt it; the summary is for the person, like every notice
        say(f"{output}: {len(items)}件の事件を書き出しました", f"{output}: {len(items)} case(s)")
    sys.exit(2 if bad else 0)


def _refuse_an_input_as_output(output: str, files) -> None:
    """``-o case.yaml`` would replace a lawyer's case file with HTML: refuse before anything runs."""
    import os

    for path in files:
        try:
            same = os.path.samefile(output, path)
        except OSError:  # one of them does not exist (yet): not the same file
            same = False
        if same:
            from tsumitate.errors import M, Problem

            click.echo(str(Problem(output, None, "-o", M(f"出力先が入力ファイル {path} と同じです。別の名前を指定してください",
                                                         f"the output is the input file {path}; choose another name"))),
                       err=True)
            sys.exit(2)
