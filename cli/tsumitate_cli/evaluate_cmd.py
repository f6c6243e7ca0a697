"""``tsumitate evaluate FILE...``: case files in, a summary (text) or one JSON object per line out."""

from __future__ import annotations

import sys

import click

from .common import lang_option, load_book, office_format_options, rules_option


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: a summary for a lawyer; json: one result object per line")
@lang_option("language of the text summary")
@office_format_options
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="worker processes (default: one per CPU core from 250 files a worker up, else 1); "
                   "output and exit code do not depend on it")
@rules_option
def evaluate(files, fmt, lang, dates, amounts, workers, rules_dir):
    """Evaluate case files (YAML, JSON or an .xlsx workbook). Exit 0, or 2 if any file is bad (the others are still evaluated)."""
    from tsumitate.evaluate_files import Form, evaluate_files

    book = load_book(rules_dir)
    bad = False
    for printed in evaluate_files(files, book, Form(fmt, lang, dates, amounts), workers):
        for line in printed.err:
            click.echo(line, err=True)
        if printed.ok:
            click.echo(printed.out)
        else:
            bad = True
    sys.exit(2 if bad else 0)
