"""What every command shares: the ``--rules`` option and loading the rule book with clean errors."""

from __future__ import annotations

import sys

import click

from tsumitate.errors import InputError


def rules_option(f):
    return click.option(
        "--rules", "rules_dir", type=click.Path(file_okay=False, path_type=str), default=None,
        help="rules directory (default: the rule sets shipped with tsumitate)",
    )(f)


def load_book(rules_dir: str | None):
    """Load and check the rule book, or print every problem as FILE:LINE: rule: problem and exit 2."""
    from tsumitate.rulebook.load import load_rulebook

    try:
        return load_rulebook(rules_dir)
    except InputError as e:
        for p in e.problems:
            click.echo(str(p), err=True)
        click.echo(f"tsumitate: the rules directory {rules_dir or '(shipped)'} cannot be used; no case was evaluated", err=True)
        sys.exit(2)


def report_problems(problems, notices=(), lang: str = "ja") -> None:
    """Problems (and notices about a file, such as an ignored sheet) to stderr, one line each."""
    for n in notices:
        click.echo(n.text(lang), err=True)
    for p in problems:
        click.echo(str(p), err=True)


def no_match(keyword, tags) -> str:
    """The line for a -k / --tag selection that matched no scenario (replay and diff exit 2 after it)."""
    asked = " ".join(([f"-k {keyword!r}"] if keyword is not None else []) + [f"--tag {t!r}" for t in tags])
    return (f"{asked}: 選択に合うシナリオがひとつもありません（何も確かめていません） "
            f"/ no scenario matches the selection (nothing was checked)")
