"""``tsumitate evaluate FILE...``: case files in, a summary (text) or one JSON object per line out."""

from __future__ import annotations

import sys

import click

from .common import lang_option, load_book, office_format_options, report_problems, rules_option, style_of


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: a summary for a lawyer; json: one result object per line")
@lang_option("language of the text summary")
@office_format_options
@rules_option
def evaluate(files, fmt, lang, dates, amounts, rules_dir):
    """Evaluate case files (YAML, JSON or an .xlsx workbook). Exit 0, or 2 if any file is bad (the others are still evaluated)."""
    from tsumitate.evaluate import Evaluator
    from tsumitate.pipeline import evaluate_file

    if fmt == "json":
        from tsumitate.output.json_lines import render as show
    else:
        from tsumitate.output.text import render as text_render

        style = style_of(dates, amounts)

        def show(result):
            return text_render(result, lang, style) + "\n"

    evaluator = Evaluator(load_book(rules_dir))
    bad = False
    for path in files:
        outcome = evaluate_file(evaluator, path)
        if outcome.ok:
            report_problems((), outcome.notices, lang)
            click.echo(show(outcome.result))
        else:
            bad = True
            report_problems(outcome.problems, outcome.notices, lang)
    sys.exit(2 if bad else 0)
