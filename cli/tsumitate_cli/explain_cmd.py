"""``tsumitate explain FILE``: the derivation of every decision, in firing order."""

from __future__ import annotations

import json
import sys

import click

from .common import lang_option, load_book, office_format_options, report_problems, rules_option, style_of


def load_statutes_or_exit(rules_dir: str | None):
    """The rules directory's statutes.yaml (quoted by explain), or one line per problem and exit 2."""
    from tsumitate.errors import InputError
    from tsumitate.rulebook.load import default_rules_dir
    from tsumitate.statutes import load_statutes

    try:
        return load_statutes(rules_dir or default_rules_dir())
    except InputError as e:
        report_problems(e.problems)
        sys.exit(2)


def explain_file(evaluator, statutes, path: str, lang: str):
    """(explanation dict, None) or (None, problems): the one place CLI commands build explanations."""
    from tsumitate.explain.build import explain_outcome
    from tsumitate.pipeline import evaluate_file

    outcome = evaluate_file(evaluator, path, trace=True)
    if not outcome.ok:
        return None, outcome
    return explain_outcome(outcome, statutes, lang), outcome


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@lang_option("language of the explanation")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="text: for the terminal; markdown: for a memo to a client; json: one object per line, for scripts")
@office_format_options
@rules_option
def explain(files, lang, fmt, dates, amounts, rules_dir):
    """Explain case files: each rule fired (in order), the facts, numbers and parameters it read,
    its conclusion and citation (with the statute's text), and the rules passed over.
    Exit 0, or 2 if any file is bad (the others are still explained)."""
    from tsumitate.evaluate import Evaluator
    from tsumitate.explain.render import render_markdown, render_text

    style = style_of(dates, amounts)  # the summary and plan at the top; json and the steps stay exact
    evaluator = Evaluator(load_book(rules_dir))
    statutes = load_statutes_or_exit(rules_dir)
    bad = False
    for path in files:
        ex, outcome = explain_file(evaluator, statutes, path, lang)
        if ex is None:
            bad = True
            report_problems(outcome.problems, outcome.notices, lang)
            continue
        report_problems((), outcome.notices, lang)
        if fmt == "json":
            click.echo(json.dumps(ex, ensure_ascii=False))
        elif fmt == "markdown":
            click.echo(render_markdown(ex, style))
        else:
            click.echo(render_text(ex, style) + "\n")
    sys.exit(2 if bad else 0)
