"""What every command shares: ``--rules``, ``--lang``, loading the rule book with clean errors, problem lines."""

from __future__ import annotations

import os
import sys

import click

from tsumitate.errors import LANGUAGES, InputError, set_language


def rules_option(f):
    return click.option(
        "--rules", "rules_dir", type=click.Path(file_okay=False, path_type=str), default=None,
        help="rules directory (default: the rule sets shipped with tsumitate)",
    )(f)


def _default_language() -> str:
    lang = os.environ.get("TSUMITATE_LANG", "ja")
    return lang if lang in LANGUAGES else "ja"


def _set_language(ctx, param, value):
    set_language(value)
    return value


def lang_option(help_text: str = "language of the output"):
    """``--lang ja|en`` (default ja, or $TSUMITATE_LANG): also the language of every problem line."""
    def decorate(f):
        return click.option(
            "--lang", type=click.Choice(list(LANGUAGES)), default=_default_language, show_default="ja",
            callback=_set_language, is_eager=True,
            help=f"{help_text}, and of problem messages (ja: 日本語, en: English; default $TSUMITATE_LANG or ja)",
        )(f)
    return decorate


def office_format_options(f):
    """``--dates iso|wareki`` and ``--amounts yen|man``: how a person's summary writes dates and
    amounts (evaluate, explain, report). Data outputs (JSON, files convert writes) stay exact."""
    f = click.option("--amounts", type=click.Choice(["yen", "man"]), default="yen", show_default=True,
                     help="text: amounts in yen, or from 10万円 up in 万円 with the exact yen after (約183万円（1,834,000円）)")(f)
    return click.option("--dates", type=click.Choice(["iso", "wareki"]), default="iso", show_default=True,
                        help="text: dates as 2025-07-15 or in 和暦 (令和7年7月15日)")(f)


def style_of(dates: str, amounts: str):
    from tsumitate.output.formats import Style

    return Style(dates=dates, amounts=amounts)


def say(ja: str, en: str, err: bool = True) -> None:
    """One line for a person from the command itself, in the language chosen with --lang."""
    from tsumitate.errors import language

    click.echo(en if language() == "en" else ja, err=err)


def load_book(rules_dir: str | None):
    """Load and check the rule book, or print every problem as FILE:LINE: rule: problem and exit 2."""
    from tsumitate.rulebook.load import load_rulebook

    from . import collector

    try:
        book = load_rulebook(rules_dir)
    except InputError as e:
        report_problems(e.problems)
        where = rules_dir or "(shipped)"
        say(f"tsumitate: ルールのフォルダ {rules_dir or '（同梱のルール）'} は使えません。事件は評価していません",
            f"tsumitate: the rules directory {where} cannot be used; no case was evaluated")
        sys.exit(2)
    collector.resume()  # start-up is over
    return book


def report_problems(problems, notices=(), lang: str | None = None) -> None:
    """Problems (and notices about a file, such as an ignored sheet) to stderr, one line each, in
    ``lang`` (default: the language chosen with --lang): ``FILE:LINE: field: message``."""
    from tsumitate.errors import language

    lang = lang or language()
    for n in notices:
        click.echo(n.text(lang), err=True)
    for p in problems:
        click.echo(p.render(lang), err=True)


def no_match(keyword, tags) -> str:
    """The line for a -k / --tag selection that matched no scenario (replay and diff exit 2 after it)."""
    asked = " ".join(([f"-k {keyword!r}"] if keyword is not None else []) + [f"--tag {t!r}" for t in tags])
    from tsumitate.errors import M

    return str(M(f"{asked}: 選択に合うシナリオがひとつもありません（何も確かめていません）",
                 f"{asked}: no scenario matches the selection (nothing was checked)"))


def write_or_exit(path: str, data: bytes, what_ja: str, what_en: str) -> None:
    """Write a command's file (``-o``) atomically, or say in one line why it cannot be written and exit 2.

    ``what_ja``/``what_en`` name the payload (報告書 / the report). A device or pipe such as
    /dev/stdout is written to directly; the command's own summary then goes to stderr.
    """
    from tsumitate.atomic_write import write_atomically
    from tsumitate.errors import M, Problem

    try:
        write_atomically(path, data)
    except OSError as e:
        why = e.strerror or str(e)
        if isinstance(e, FileNotFoundError):
            msg = M(f"{what_ja}を書き込めませんでした: 出力先のフォルダがありません", f"cannot write {what_en}: the folder does not exist")
        else:
            msg = M(f"{what_ja}を書き込めませんでした: {why}", f"cannot write {what_en}: {why}")
        click.echo(str(Problem(path, None, "-", msg)), err=True)
        sys.exit(2)


def is_stdout(path: str) -> bool:
    """Whether ``path`` is this process's standard output (``/dev/stdout``, ``/proc/self/fd/1``, the
    terminal or pipe it points to): a command writing its file there must keep its own lines off it."""
    try:
        a, b = os.stat(path), os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no such file, or stdout is not a real file (tests)
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
