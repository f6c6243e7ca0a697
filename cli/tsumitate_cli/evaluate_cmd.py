"""``tsumitate evaluate FILE...``: case files in, a summary (text) or one JSON object per line out."""

from __future__ import annotations

import os
import sys

import click

from .common import lang_option, load_book, office_format_options, rules_option


class _CaseFiles(click.Path):
    """``click.Path(path_type=str)``, answered with one system call for a file that can be read.

    Why: click asks the system twice a file (``stat``, then ``access``), about 2 µs each of the
    10,000 files named, before anything starts. A path ``os.access`` finds readable is one click
    accepts as it is (it checks nothing else here); any other path gets click's own checks and
    messages (a missing file passes, to be reported as the file's own problem line).
    """

    def convert(self, value, param, ctx):
        if type(value) is str and os.access(value, os.R_OK):
            return value
        return super().convert(value, param, ctx)


@click.command()
@click.argument("files", nargs=-1, required=True, type=_CaseFiles(path_type=str))
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
    # Into a file or a pipe, results are written a run of up to 64 at a time (one write and flush,
    # not one per file: about 5 µs of the parent's CPU a file, 50 ms over 10,000); a terminal
    # gets each as it comes. A file's problem lines flush the results before them first, so
    # stdout and stderr interleave as one file at a time would.
    run: list[str] = []
    most = 1 if sys.stdout.isatty() else 64
    try:
        form = Form(fmt, lang, dates, amounts, utf8=_writes_utf8(sys.stdout))
        for printed in evaluate_files(files, book, form, workers):
            if printed.err:
                _write(run)
                for line in printed.err:
                    click.echo(line, err=True)
            if printed.ok:
                run.append(printed.out)
                if len(run) >= most:
                    _write(run)
            else:
                bad = True
    finally:  # Ctrl-C: what was evaluated is still shown
        _write(run)
    sys.exit(2 if bad else 0)


def _write(run: list) -> None:
    """The results in ``run``, each on its line(s) as ``click.echo`` writes one: the same bytes.

    Bytes (``Form.utf8``) were made visible where they were rendered; ``click.echo`` writes them
    to stdout's binary buffer, after flushing its text.
    """
    if run:
        text = (b"\n" if isinstance(run[0], bytes) else "\n").join(run)
        run.clear()
        click.echo(text)


def _writes_utf8(stream) -> bool:
    """Whether ``stream`` encodes text as UTF-8 into a binary buffer: results may then be written as bytes.

    Made visible first, a result's text has no lone surrogate, so UTF-8 encodes it whatever the
    stream's error handler; another encoding keeps the text path (and its errors) as it was.
    """
    import codecs

    try:
        return codecs.lookup(stream.encoding).name == "utf-8" and stream.buffer is not None
    except (AttributeError, LookupError, TypeError):
        return False
