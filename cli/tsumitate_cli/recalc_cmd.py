"""``tsumitate recalc FILE...``: the 引き直し table of every debt with a transaction history."""

from __future__ import annotations

import sys

import click

from .common import lang_option, load_book, report_problems, rules_option, say


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--creditor", "creditors", multiple=True,
              help="only this creditor (as written in the case file; repeat for several)")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True,
              help="text: the table per creditor; csv: for Excel (UTF-8 with BOM); json: one object per file per line")
@lang_option("language of the table")
@rules_option
def recalc(files, creditors, fmt, lang, rules_dir):
    """Recalculate transaction histories under 利息制限法 (引き直し計算) to the case's as_of:
    rate, days, interest, unpaid interest, principal, overpaid principal and interest, per row.
    Exit 0, or 2 if any file is bad or a --creditor names no debt with a history (the other files are still shown)."""
    from tsumitate.output import recalc_table as rt
    from tsumitate.output.json_lines import render as json_line
    from tsumitate.pipeline import recalculate_file

    book = load_book(rules_dir)
    bad = False
    csv_parts: list[str] = []
    for path in files:
        outcome = recalculate_file(book, path)
        if not outcome.ok:
            bad = True
            report_problems(outcome.problems, outcome.notices)
            continue
        recalcs = outcome.recalculations
        if creditors:
            known = [r.creditor for r in recalcs]
            for name in creditors:
                if name not in known:
                    bad = True
                    say(f"{outcome.path}: 債権者 {name!r} の取引履歴はありません（取引履歴のある債権者: {'、'.join(known) or 'なし'}）",
                        f"{outcome.path}: no transaction history for creditor {name!r} (creditors with one: {', '.join(known) or 'none'})")
            recalcs = tuple(r for r in recalcs if r.creditor in creditors)
        if fmt == "json":
            click.echo(json_line(rt.as_json(outcome, recalcs)))
        elif fmt == "csv":
            csv_parts.append(rt.csv_text(recalcs, lang, header=not csv_parts))
        else:
            click.echo(rt.text(outcome, recalcs, lang) + "\n")
    if fmt == "csv" and csv_parts:
        out = sys.stdout.buffer  # bytes: the BOM and CRLF line ends exactly as Excel expects them
        sys.stdout.flush()
        out.write(("\ufeff" + "".join(csv_parts)).encode("utf-8"))
        out.flush()
    sys.exit(2 if bad else 0)
